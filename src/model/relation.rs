//! Relations: typed, directed links between two annotations of the same layer, e.g. evidence
//! *supports* a claim, a recommendation *follows from* a claim.
//!
//! Relations refer to annotations by id, so they survive re-anchoring and edits of the text.
//! Which relations a tag may have is data in the tag set ([`crate::model::tags::RelationDef`]),
//! checked on every edit. A layer keeps its relations sorted by (source, target, kind), which is
//! also the order in the sidecar.

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
}

impl Relation {
    pub fn new(source: AnnotationId, kind: impl Into<String>, target: AnnotationId) -> Self {
        Self {
            source,
            target,
            kind: RelationKind::new(kind),
        }
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
    ours_set
        .union(&theirs_set)
        .filter(|relation| {
            let in_base = base.contains(*relation);
            let kept_by_both = ours_set.contains(*relation) && theirs_set.contains(*relation);
            kept_by_both || !in_base
        })
        .filter(|relation| exists(relation.source) && exists(relation.target))
        .map(|relation| (*relation).clone())
        .collect()
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
}
