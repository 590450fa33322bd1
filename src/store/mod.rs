//! Files: reading articles, and the sidecar that holds one analyst's annotations of one article.
//!
//! - [`article`]: reading an article file into a [`crate::model::Document`], with limits.
//! - [`sidecar`]: the versioned RON format, parsing with precise errors, serialising stably.
//! - [`atomic`]: crash-safe writes (temporary file, fsync, rename).
//! - [`lock`]: the lock file that tells a second window who has a sidecar open.
//! - [`tag_sets`]: tag set files (a team's own tags and relations).
//! - [`document_info`]: an article's title, authors, date, publication and URL
//!   (`<stem>.meta.ron` beside it, shared by all its analysts), read or detected.
//! - [`paths`]: where a sidecar lives and which analyst names are allowed.

pub mod article;
pub mod atomic;
mod bundled;
pub mod document_info;
pub mod lock;
pub mod paths;
pub mod sidecar;
pub mod tag_sets;

pub use article::{Article, ArticleError, ArticleFormat, read_article};
pub use atomic::{remove_leftover_temporaries, write_atomically};
pub use bundled::{bundled_annotations_dir, bundled_article};
pub use document_info::{DocumentInfo, DocumentInfoError};
pub use paths::{AnalystNameError, analyst_id, sidecar_path, validate_analyst_name};
pub use sidecar::{
    FORMAT_NAME, FORMAT_VERSION, LoadedSidecar, SidecarError, SidecarFile, fingerprint,
    layer_to_ron_string, load_sidecar, set_aside_broken_sidecar,
};
