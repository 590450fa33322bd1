//! What changed in the session's layer from one revision to the next, for the views derived
//! from its annotations (the pane's counts and list, the overview strip, the underline lanes):
//! with 20,000 annotations, following an edit's few changes costs microseconds where going
//! over every annotation again cost milliseconds a frame.
//!
//! Every revision the session moves to is recorded here: an edit, its undo or redo with the
//! [`LayerChange`]s it made, anything else (a reload, a merge, a new tag set, re-anchoring)
//! as "rebuild", after which views go over the whole layer once.

use super::{ReadingSession, next_revision};
use crate::model::LayerChange;
use std::collections::VecDeque;

/// Revisions remembered: a view more steps behind (it was not drawn meanwhile) rebuilds.
const REVISIONS_KEPT: usize = 64;
/// Above this many changes at once (a large batch), going over the whole layer is as cheap as
/// following them: they are not told.
const MAX_CHANGES_TOLD: usize = 2_000;

/// One step from revision `from` to revision `to`.
#[derive(Debug)]
struct Step {
    from: u64,
    to: u64,
    /// `None`: the layer changed in a way not told change by change.
    changes: Option<Vec<LayerChange>>,
}

/// The last [`REVISIONS_KEPT`] steps, oldest first.
#[derive(Debug, Default)]
pub(crate) struct ChangeLog {
    steps: VecDeque<Step>,
}

impl ChangeLog {
    fn record(&mut self, from: u64, to: u64, changes: Option<Vec<LayerChange>>) {
        if self.steps.len() == REVISIONS_KEPT {
            self.steps.pop_front();
        }
        self.steps.push_back(Step { from, to, changes });
    }

    /// The changes from `revision` to `now`, oldest first; `None` when they are not all known.
    fn since(&self, revision: u64, now: u64) -> Option<Vec<&LayerChange>> {
        if revision == now {
            return Some(Vec::new());
        }
        let first = self.steps.iter().position(|step| step.from == revision)?;
        let mut changes = Vec::new();
        let mut at = revision;
        for step in self.steps.range(first..) {
            if step.from != at {
                return None;
            }
            changes.extend(step.changes.as_ref()?);
            if changes.len() > MAX_CHANGES_TOLD {
                return None;
            }
            at = step.to;
            if at == now {
                return Some(changes);
            }
        }
        None
    }
}

impl ReadingSession {
    /// What changed in the layer's annotations since `revision` (one of this session's
    /// [`ReadingSession::revision`]s), oldest first; `None` when that is not known (too long
    /// ago, or the layer was replaced, merged or re-anchored since) or too much changed: go
    /// over the whole layer.
    pub fn changes_since(&self, revision: u64) -> Option<Vec<&LayerChange>> {
        self.changes.since(revision, self.revision)
    }

    /// Moves to a new revision after a change to the layer, recording what changed (`None`:
    /// not told change by change).
    pub(super) fn changed(&mut self, changes: Option<Vec<LayerChange>>) {
        let from = self.revision;
        self.revision = next_revision();
        self.changes.record(from, self.revision, changes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, Document, Span, TagId};

    fn change(index: usize) -> LayerChange {
        let document = Document::from_raw_text("one two three four five");
        LayerChange::Inserted {
            index,
            annotation: Annotation::new(
                &document,
                Span::new(0, 3),
                TagId::new("claim"),
                String::new(),
                "a",
            ),
        }
    }

    fn indices(changes: Option<Vec<&LayerChange>>) -> Option<Vec<usize>> {
        changes.map(|changes| {
            changes
                .into_iter()
                .map(|change| match change {
                    LayerChange::Inserted { index, .. } | LayerChange::Removed { index, .. } => {
                        *index
                    }
                })
                .collect()
        })
    }

    #[test]
    fn changes_are_told_from_any_kept_revision_and_not_across_a_rebuild() {
        let mut log = ChangeLog::default();
        log.record(1, 2, Some(vec![change(0)]));
        log.record(2, 5, Some(vec![change(1), change(2)]));
        assert_eq!(indices(log.since(1, 5)), Some(vec![0, 1, 2]));
        assert_eq!(indices(log.since(2, 5)), Some(vec![1, 2]));
        assert_eq!(indices(log.since(5, 5)), Some(vec![]));
        // A revision never seen, or one the log has moved past.
        assert_eq!(indices(log.since(3, 5)), None);
        log.record(5, 6, None);
        log.record(6, 7, Some(vec![change(3)]));
        assert_eq!(indices(log.since(1, 7)), None, "a rebuild step in between");
        assert_eq!(indices(log.since(6, 7)), Some(vec![3]));
        for revision in 7..7 + REVISIONS_KEPT as u64 {
            log.record(revision, revision + 1, Some(vec![]));
        }
        assert_eq!(indices(log.since(6, 7 + REVISIONS_KEPT as u64)), None);
        let at = 7 + REVISIONS_KEPT as u64;
        log.record(at, at + 1, Some(vec![change(0); MAX_CHANGES_TOLD + 1]));
        assert_eq!(
            indices(log.since(at, at + 1)),
            None,
            "a batch too large to follow"
        );
    }
}
