//! What the team panel and the Agreement view read of the team state: the teammates' layers
//! and the agreement's progress.

use crate::model::Layer;
use crate::team::AgreementReport;
use std::path::PathBuf;

/// A teammate's layer as the window knows it.
#[derive(Clone, Debug)]
pub struct TeammateLayer {
    pub analyst: String,
    pub path: PathBuf,
    /// `None` when the file could not be read (see `error`).
    pub layer: Option<Layer>,
    pub error: Option<String>,
    /// The file's fingerprint as last read, to tell a real change from a touch.
    pub(crate) fingerprint: Option<String>,
    pub visible: bool,
}

/// What the Agreement window can show.
pub enum AgreementState<'a> {
    Ready(&'a AgreementReport),
    Computing(&'a crate::progress::Progress),
    Cancelled,
    /// Fewer than two layers are shown.
    TooFewLayers,
}
