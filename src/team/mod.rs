//! Team work on one article: the analysts' layers side by side, how far they agree, and the
//! consensus an adjudicator settles on. No egui here.
//!
//! - [`layers`]: finding every `<stem>.<analyst>.ron` beside the article, and reading them.
//! - [`units`]: an analyst's placed annotations as plain `(start, end, tag)` units.
//! - [`f1`], [`alpha`], [`kappa`]: the agreement metrics, each for one pair of analysts.
//! - [`relation_agreement`]: relation F1 over matched spans.
//! - [`agreement`]: every pair, per tag and overall, and the mean (`closeread agree`).
//! - [`compare`]: two readings paired up: agreed, tags differ, bounds differ, only one.
//! - [`consensus`]: disagreements across the shown analysts and the consensus layer.
//! - [`statistics`]: counts per tag, per analyst and per section, for the statistics view.
//! - [`merge_file`]: two versions of one sidecar merged by annotation id (git merge driver).

pub mod agreement;
pub mod alpha;
pub mod compare;
pub mod consensus;
pub mod f1;
pub mod kappa;
pub mod layers;
pub mod merge_file;
pub mod relation_agreement;
pub mod statistics;
#[cfg(test)]
mod test_support;
pub mod units;

pub use agreement::{AgreementReport, Metric, Scores, agreement};
pub use compare::{Comparison, Difference, compare};
pub use consensus::{
    CONSENSUS, Cluster, Strategy, clusters, decide, decide_automatically, settled_from,
};
pub use layers::{LayerFile, discover_layers, discover_layers_of_many, read_layer};
