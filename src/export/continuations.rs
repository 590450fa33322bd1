//! The fragments of discontinuous spans in an export: annotations joined by the built-in
//! "continues" relation ([`crate::model::tags::CONTINUES`]) are written as one passage (one
//! brat `T` line, one W3C annotation with a target per fragment). Shared by the exporters so
//! that they agree on which annotation heads a chain and which are written with it.

use crate::model::tags::CONTINUES;
use crate::model::{AnnotationId, Relation};
use std::collections::{HashMap, HashSet};

/// The "continues" links between the annotations an export writes.
pub(crate) struct Continuations {
    /// Annotation → the fragment that continues it.
    next: HashMap<AnnotationId, AnnotationId>,
    /// Annotations written with the fragment they continue, not on their own.
    continuing: HashSet<AnnotationId>,
}

impl Continuations {
    /// The "continues" relations among `relations` whose two ends `written` takes.
    pub fn of<'r>(
        relations: impl IntoIterator<Item = &'r Relation>,
        written: impl Fn(&AnnotationId) -> bool,
    ) -> Self {
        let next: HashMap<AnnotationId, AnnotationId> = relations
            .into_iter()
            .filter(|relation| {
                relation.kind.as_str() == CONTINUES
                    && written(&relation.source)
                    && written(&relation.target)
            })
            .map(|relation| (relation.target, relation.source))
            .collect();
        let continuing = next.values().copied().collect();
        Self { next, continuing }
    }

    /// Whether `id` is written with the fragment it continues.
    pub fn is_continuation(&self, id: &AnnotationId) -> bool {
        self.continuing.contains(id)
    }

    /// The fragments that continue `head`, in chain order (a cycle is cut where it closes).
    pub fn chain(&self, head: AnnotationId) -> Vec<AnnotationId> {
        let mut chain = Vec::new();
        let mut seen = HashSet::from([head]);
        let mut current = head;
        while let Some(&next) = self.next.get(&current) {
            if !seen.insert(next) {
                break;
            }
            chain.push(next);
            current = next;
        }
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_is_followed_from_its_head_and_stops_at_what_is_not_written() {
        let [a, b, c, d] = [(); 4].map(|_| AnnotationId::new_random());
        let relations = [
            Relation::new(b, CONTINUES, a),
            Relation::new(c, CONTINUES, b),
            Relation::new(d, CONTINUES, c),
            Relation::new(c, "supports", a),
        ];
        let all = Continuations::of(&relations, |_| true);
        assert_eq!(all.chain(a), [b, c, d]);
        assert!(!all.is_continuation(&a));
        assert!(all.is_continuation(&c));
        let without_d = Continuations::of(&relations, |id| *id != d);
        assert_eq!(without_d.chain(a), [b, c]);
        assert!(!without_d.is_continuation(&d));
        let cycle = [
            Relation::new(a, CONTINUES, b),
            Relation::new(b, CONTINUES, a),
        ];
        assert_eq!(Continuations::of(&cycle, |_| true).chain(a), [b]);
    }
}
