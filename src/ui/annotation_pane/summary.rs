//! What the pane shows of the whole layer: counts per tag, how many annotations were relocated,
//! the orphans, and the list's rows (placed annotations of tags not hidden that match the
//! pane's search). Worked out over the whole layer once, then kept up to date from each edit's
//! [`LayerChange`]s: with 20,000 annotations a rebuild cost more than drawing the frame.

use crate::model::{AnchorStatus, Annotation, Layer, LayerChange, TagId};
use crate::session::ReadingSession;
use std::collections::HashSet;

/// The pane's view of the layer; see the module docs.
#[derive(Default)]
pub(super) struct LayerSummary {
    /// The layer revision this is up to date with.
    revision: Option<u64>,
    /// The hidden tags, tag set and search it was worked out for: a change of any rebuilds.
    filter: Option<(Vec<TagId>, Vec<TagId>, String)>,
    pub count_by_tag: Vec<(TagId, usize)>,
    pub relocated: usize,
    /// Indices into the layer's annotations (document order).
    pub orphans: Vec<usize>,
    /// Placed annotations of tags not hidden: the list's rows, as indices (ascending).
    pub listed: Vec<usize>,
    /// Times worked out over the whole layer (the tests check that edits are followed).
    #[cfg(test)]
    rebuilds: usize,
}

/// Which annotations the list shows.
struct Filter<'a> {
    hidden_tags: &'a HashSet<TagId>,
    /// The search's words, case-folded.
    words: Vec<String>,
}

impl Filter<'_> {
    fn lists(&self, annotation: &Annotation) -> bool {
        annotation.is_placed()
            && !self.hidden_tags.contains(&annotation.tag)
            && matches_words(annotation, &self.words)
    }
}

impl LayerSummary {
    /// Brings the summary up to date with the session's layer: from the changes since the
    /// revision it was last worked out for, or over the whole layer when those are not known
    /// or the filter changed.
    pub fn refresh(
        &mut self,
        session: &ReadingSession,
        hidden_tags: &HashSet<TagId>,
        search: &str,
    ) {
        let layer = session.layer();
        let mut hidden: Vec<TagId> = hidden_tags.iter().cloned().collect();
        hidden.sort();
        let tags: Vec<TagId> = layer
            .tag_set
            .tags
            .iter()
            .map(|tag| tag.id.clone())
            .collect();
        let filter_key = Some((hidden, tags, search.to_owned()));
        let filter = Filter {
            hidden_tags,
            words: crate::model::search::fold_case(search)
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        };
        let changes = match self.revision {
            Some(revision) if self.filter == filter_key => session.changes_since(revision),
            _ => None,
        };
        match changes {
            Some(changes) => {
                for change in changes {
                    self.follow(change, &filter);
                }
            }
            None => self.rebuild(layer, &filter),
        }
        self.revision = Some(session.revision());
        self.filter = filter_key;
    }

    fn rebuild(&mut self, layer: &Layer, filter: &Filter<'_>) {
        #[cfg(test)]
        {
            self.rebuilds += 1;
        }
        let annotations = layer.annotations();
        self.count_by_tag = layer.count_by_tag();
        self.relocated = annotations
            .iter()
            .filter(|annotation| annotation.status == AnchorStatus::Relocated)
            .count();
        self.orphans = (0..annotations.len())
            .filter(|&index| annotations[index].status == AnchorStatus::Orphaned)
            .collect();
        self.listed = (0..annotations.len())
            .filter(|&index| filter.lists(&annotations[index]))
            .collect();
    }

    /// Takes one change into account.
    fn follow(&mut self, change: &LayerChange, filter: &Filter<'_>) {
        let annotation = change.annotation();
        let (step, index) = match change {
            LayerChange::Removed { index, .. } => (-1, *index),
            LayerChange::Inserted { index, .. } => (1, *index),
        };
        if let Some((_, count)) = self
            .count_by_tag
            .iter_mut()
            .find(|(tag, _)| *tag == annotation.tag)
        {
            *count = count.saturating_add_signed(step);
        }
        if annotation.status == AnchorStatus::Relocated {
            self.relocated = self.relocated.saturating_add_signed(step);
        }
        let orphaned = annotation.status == AnchorStatus::Orphaned;
        let listed = filter.lists(annotation);
        for (indices, member) in [(&mut self.orphans, orphaned), (&mut self.listed, listed)] {
            match change {
                LayerChange::Removed { .. } => remove_index(indices, index, member),
                LayerChange::Inserted { .. } => insert_index(indices, index, member),
            }
        }
    }
}

/// The annotation at `index` left: drop it (if it was a `member`) and shift the later ones up.
fn remove_index(indices: &mut Vec<usize>, index: usize, member: bool) {
    let at = indices.partition_point(|&existing| existing < index);
    if member && indices.get(at) == Some(&index) {
        indices.remove(at);
    }
    for later in &mut indices[at..] {
        *later -= 1;
    }
}

/// An annotation came in at `index`: shift the later ones down and add it if a `member`.
fn insert_index(indices: &mut Vec<usize>, index: usize, member: bool) {
    let at = indices.partition_point(|&existing| existing < index);
    for later in &mut indices[at..] {
        *later += 1;
    }
    if member {
        indices.insert(at, index);
    }
}

/// Whether every word occurs in the annotation's note or excerpt (already case-folded).
fn matches_words(annotation: &Annotation, words: &[String]) -> bool {
    if words.is_empty() {
        return true;
    }
    let text =
        crate::model::search::fold_case(&format!("{} {}", annotation.note, annotation.quote.exact));
    words.iter().all(|word| text.contains(word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::test_support::{session_in, steps, take_step};
    use proptest::prelude::*;

    fn summary_of(session: &ReadingSession, hidden: &HashSet<TagId>, search: &str) -> LayerSummary {
        let mut fresh = LayerSummary::default();
        fresh.refresh(session, hidden, search);
        fresh
    }

    proptest! {
        /// A summary kept up to date edit by edit (tags, notes, bounds, deletions, undo and
        /// redo) equals one worked out afresh, whatever the filter.
        #[test]
        fn followed_changes_give_what_a_rebuild_gives(
            steps in steps(),
            hide_evidence in any::<bool>(),
            search in prop::sample::select(vec!["", "rose", "note 1", "taxes now"]),
        ) {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut session = session_in(dir.path());
            let mut hidden = HashSet::new();
            if hide_evidence {
                hidden.insert(TagId::new("evidence"));
            }
            let mut kept = LayerSummary::default();
            for step in steps {
                take_step(&mut session, step);
                kept.refresh(&session, &hidden, search);
                let fresh = summary_of(&session, &hidden, search);
                prop_assert_eq!(&kept.count_by_tag, &fresh.count_by_tag);
                prop_assert_eq!(kept.relocated, fresh.relocated);
                prop_assert_eq!(&kept.orphans, &fresh.orphans);
                prop_assert_eq!(&kept.listed, &fresh.listed);
            }
            prop_assert_eq!(kept.rebuilds, 1, "edits were followed, not rebuilt from");
        }
    }
}
