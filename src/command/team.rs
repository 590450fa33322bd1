//! Team commands: what the Team panel and the Compare, Agreement and Adjudicate views ask
//! for. Nested in [`super::AppCommand::Team`].

use crate::team::Metric;

/// What the team panel and windows ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeamCommand {
    SetLayerVisible {
        analyst: String,
        visible: bool,
    },
    SetColourByAnalyst(bool),
    SetBlindMode(bool),
    /// The analyst has finished their own reading: teammates' layers may be shown.
    MarkReadingDone,
    ShowCompare(bool),
    ShowAgreement(bool),
    CancelAgreement,
    RestartAgreement,
    SetAgreementMetric(Metric),
    SetComparePair {
        first: String,
        second: String,
    },
    /// Move to the next (+1) or previous (−1) disagreement of the compared pair.
    StepDisagreement(isize),
    /// Switch the window to the consensus layer (or back to the analyst's own).
    StartAdjudication,
    /// Show the teammates' readings to an analyst who started blind on this article.
    ShowOthers,
    StopAdjudication,
    AcceptUnanimous,
    /// Settle the open cluster at `cluster_start` by taking `readings` (none: neither);
    /// `then_edit` selects the taken annotation for editing.
    Decide {
        cluster_start: usize,
        readings: Vec<usize>,
        then_edit: bool,
    },
    StepOpenCluster(isize),
    /// Edit although another window holds the sidecar (saves merge by annotation id).
    EditAnyway,
}
