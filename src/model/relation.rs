//! Relations: typed, directed links between two annotations of the same layer, e.g. evidence
//! *supports* a claim, a recommendation *follows from* a claim.
//!
//! Relations refer to annotations by id, so they survive re-anchoring and edits of the text.
//! Which relations a tag may have is data in the tag set ([`crate::model::tags::RelationDef`]),
//! checked on every edit. A layer keeps its relations sorted by (source, target, kind), which is
//! also the order in the sidecar. A relation may carry a note ("only for the 2019 figures"); a
//! layer holds at most one relation per (source, target, kind), whatever its note.

use crate::model::annotation::AnnotationId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A relation type's stable identifier, e.g. `"supports"`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RelationKind(pub String);

impl RelationKind {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `source` —kind→ `target`: "this evidence supports that claim".
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Relation {
    pub source: AnnotationId,
    pub target: AnnotationId,
    pub kind: RelationKind,
    /// The analyst's note on the link; absent from the sidecar when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Relation {
    pub fn new(source: AnnotationId, kind: impl Into<String>, target: AnnotationId) -> Self {
        Self {
            source,
            target,
            kind: RelationKind::new(kind),
            note: String::new(),
        }
    }

    /// The same relation with `note`.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    /// Whether both link the same two annotations by the same kind (notes aside).
    pub fn same_link(&self, other: &Relation) -> bool {
        self.source == other.source && self.target == other.target && self.kind == other.kind
    }

    /// Whether the relation has `id` at either end.
    pub(crate) fn involves(&self, id: AnnotationId) -> bool {
        self.source == id || self.target == id
    }
}

/// Three-way merge of relation sets: a relation is kept if both sides have it, or one side
/// added it; one deleted on either side is gone. `exists` filters out relations whose
/// annotations did not survive the merge of the annotations.
pub(crate) fn merge_relations(
    base: &[Relation],
    ours: &[Relation],
    theirs: &[Relation],
    exists: impl Fn(AnnotationId) -> bool,
) -> Vec<Relation> {
    use std::collections::BTreeSet;
    let base: BTreeSet<&Relation> = base.iter().collect();
    let ours_set: BTreeSet<&Relation> = ours.iter().collect();
    let theirs_set: BTreeSet<&Relation> = theirs.iter().collect();
    let merged = ours_set
        .union(&theirs_set)
        .filter(|relation| {
            let in_base = base.contains(*relation);
            let kept_by_both = ours_set.contains(*relation) && theirs_set.contains(*relation);
            kept_by_both || !in_base
        })
        .filter(|relation| exists(relation.source) && exists(relation.target))
        .map(|relation| (*relation).clone())
        .collect();
    one_per_link(merged)
}

/// One relation per link, sorted: versions of a link that differ only in their note (each
/// side of a merge changed it) become one whose note holds each different note, in order, so
/// that neither side's words are lost.
pub(crate) fn one_per_link(mut relations: Vec<Relation>) -> Vec<Relation> {
    relations.sort();
    relations.dedup();
    let mut kept: Vec<Relation> = Vec::with_capacity(relations.len());
    for relation in relations {
        match kept.last_mut() {
            Some(last) if last.same_link(&relation) => {
                if last.note.is_empty() {
                    last.note = relation.note;
                } else if !relation.note.is_empty() {
                    last.note.push('\n');
                    last.note.push_str(&relation.note);
                }
            }
            _ => kept.push(relation),
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_keeps_additions_of_both_sides_and_deletions_of_either() {
        let ids: Vec<AnnotationId> = (0..5).map(|_| AnnotationId::new_random()).collect();
        let kept = Relation::new(ids[0], "supports", ids[1]);
        let deleted_by_us = Relation::new(ids[2], "supports", ids[1]);
        let deleted_by_them = Relation::new(ids[3], "undermines", ids[1]);
        let added_by_us = Relation::new(ids[4], "follows_from", ids[1]);
        let added_by_them = Relation::new(ids[4], "follows_from", ids[0]);
        let base = vec![kept.clone(), deleted_by_us.clone(), deleted_by_them.clone()];
        let ours = vec![kept.clone(), deleted_by_them.clone(), added_by_us.clone()];
        let theirs = vec![kept.clone(), deleted_by_us, added_by_them.clone()];
        let mut merged = merge_relations(&base, &ours, &theirs, |_| true);
        merged.sort();
        let mut wanted = vec![kept, added_by_us, added_by_them.clone()];
        wanted.sort();
        assert_eq!(merged, wanted);
        let without_first = merge_relations(&base, &ours, &theirs, |id| id != ids[0]);
        assert!(!without_first.contains(&added_by_them));
    }

    #[test]
    fn a_note_changed_on_both_sides_keeps_both_notes_on_one_relation() {
        let (a, b) = (AnnotationId::new_random(), AnnotationId::new_random());
        let base = vec![Relation::new(a, "supports", b).with_note("old")];
        let ours = vec![Relation::new(a, "supports", b).with_note("ours")];
        let theirs = vec![Relation::new(a, "supports", b).with_note("theirs")];
        let merged = merge_relations(&base, &ours, &theirs, |_| true);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].note, "ours\ntheirs");
        // One side changing the note and the other not: the change is taken.
        let merged = merge_relations(&base, &ours, &base, |_| true);
        assert_eq!(merged, ours);
    }
}
