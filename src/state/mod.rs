//! Window state that the panels (`ui`) read and the app (`app`) owns: below both, so that `ui`
//! never imports `app`. Plain data and its rules, with no egui: the messages and how long they
//! stay ([`notices`]), find in the article ([`find`]), the teammates' layers and the
//! agreement's progress ([`TeammateLayer`], [`AgreementState`]), retrieval across a project
//! ([`retrieval`]).

pub mod find;
pub mod notices;
pub mod retrieval;
mod team;

pub use find::FindState;
pub use notices::{Notice, Notices, ValidWhile};
pub use team::{AgreementState, TeammateLayer};
