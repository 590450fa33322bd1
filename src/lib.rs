//! Closeread: close reading of articles — tag claims, evidence and recommendations, add notes,
//! and keep every annotation in a human-readable RON sidecar beside the article.
//!
//! The crate is split so that the architecture is visible from the module list:
//!
//! - [`model`]: the article's canonical text, spans, annotations, tag sets, edits and undo, and
//!   re-anchoring. No egui, no file IO.
//! - [`store`]: the sidecar file format, atomic saving, loading with clear errors; the
//!   article's document information (`<stem>.meta.ron`).
//! - [`argument_map`]: the argument as a graph: layout (headless) and SVG.
//! - [`export`]: tagged excerpts as CSV, JSON, W3C Web Annotation and brat, and the briefing
//!   as Markdown, HTML and DOCX.
//! - [`import`]: annotations from brat and W3C Web Annotation (and Hypothesis) files.
//! - [`editions`]: an article beside its other-language edition: paragraph alignment, links
//!   across the two, `<stem>.editions.ron`.
//! - [`sync`]: a project shared through git: commit, fetch, merge with Closeread's driver,
//!   push, and what came in per teammate.
//! - [`team`]: several analysts' layers: agreement metrics, comparison, consensus, merging.
//! - [`project`]: a folder of many articles with a manifest: attributes, assignments,
//!   status per analyst, retrieval across the articles.
//! - [`settings`]: what the app remembers between runs (analyst name, recent files).
//! - [`spelling`]: misspelled words in notes and suggestions, from a bundled English dictionary.
//! - [`synthetic`]: seeded large articles and annotation layers for benchmarks.
//! - [`cli`]: the command line; headless subcommands run before any window opens.
//! - [`fuzz_entry`]: what the fuzz targets (`fuzz/`) feed arbitrary bytes to, replayed by tests.
//! - `command`, `state`, `ui` and `app` (feature `gui`): the eframe application, in layers.
//!   `command` holds the command vocabulary ([`command::AppCommand`], with nested commands per
//!   area) and the command table that drives the keys, the menus and the command list; `state`
//!   the app state that the panels read (no egui). The panels (`ui`) import both and never
//!   `app`: they only read state and return commands. `app` owns the state and applies every
//!   command in one place (`CloseReadApp::apply_command`), which also feeds undo.
//!
//! `cargo build --no-default-features` builds everything but the window, with no GUI crate in
//! the dependency tree.

pub mod argument_map;
pub mod cli;
pub mod editions;
pub mod export;
pub mod fetch;
pub mod fuzz_entry;
pub mod import;
pub mod model;
pub mod progress;
pub mod project;
pub mod session;
pub mod settings;
pub mod spelling;
pub mod store;
pub mod sync;
pub mod synthetic;
pub mod team;
pub(crate) mod xml_text;

#[cfg(feature = "gui")]
pub mod app;
#[cfg(feature = "gui")]
pub mod command;
#[cfg(feature = "gui")]
pub mod state;
#[cfg(feature = "gui")]
pub mod ui;
