//! What the Export dialog asks for: the format, the layers, the tags and the file.

use crate::export::ExportFormat;
use crate::model::TagId;
use std::collections::HashSet;
use std::path::PathBuf;

/// What the analyst asked to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRequest {
    pub format: ExportFormat,
    /// Other analysts whose layers go into the export beside the analyst's own.
    pub other_analysts: Vec<String>,
    pub tags: HashSet<TagId>,
    /// A file, or a folder for brat.
    pub path: PathBuf,
    pub excel: bool,
    /// HTML: the highlighted article after the briefing.
    pub with_article: bool,
}
