//! The relations of the exported layers, indexed by annotation, for the writers that show
//! them: CSV columns, the briefing's nesting, brat `R` lines, W3C linking annotations.

use crate::model::{Annotation, AnnotationId, Layer, Relation, RelationKind};
use std::collections::HashMap;

/// A relation kind as the exports name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindInfo {
    pub kind: RelationKind,
    pub label: String,
    /// How it reads from the target's side, never empty ("supported by", "supports (from)").
    pub inverse_label: String,
}

pub struct RelationIndex<'a> {
    by_id: HashMap<AnnotationId, &'a Annotation>,
    outgoing: HashMap<AnnotationId, Vec<&'a Relation>>,
    incoming: HashMap<AnnotationId, Vec<&'a Relation>>,
    kinds: Vec<KindInfo>,
    all: Vec<&'a Relation>,
}

impl<'a> RelationIndex<'a> {
    pub fn new(layers: &[&'a Layer]) -> Self {
        let mut index = Self {
            by_id: HashMap::new(),
            outgoing: HashMap::new(),
            incoming: HashMap::new(),
            kinds: Vec::new(),
            all: Vec::new(),
        };
        for layer in layers {
            for annotation in layer.annotations() {
                index.by_id.insert(annotation.id, annotation);
            }
            for definition in &layer.tag_set.relations {
                if !index.kinds.iter().any(|info| info.kind == definition.id) {
                    index.kinds.push(KindInfo {
                        kind: definition.id.clone(),
                        label: definition.label.clone(),
                        inverse_label: definition.target_side_label(),
                    });
                }
            }
            for relation in layer.relations() {
                index
                    .outgoing
                    .entry(relation.source)
                    .or_default()
                    .push(relation);
                index
                    .incoming
                    .entry(relation.target)
                    .or_default()
                    .push(relation);
                index.all.push(relation);
                if !index.kinds.iter().any(|info| info.kind == relation.kind) {
                    let label = relation.kind.as_str().replace('_', " ");
                    index.kinds.push(KindInfo {
                        kind: relation.kind.clone(),
                        inverse_label: crate::model::tags::target_side_label(&label, ""),
                        label,
                    });
                }
            }
        }
        index
    }

    /// Every relation kind of the exported tag sets (then any other found), in order.
    pub fn kinds(&self) -> &[KindInfo] {
        &self.kinds
    }

    /// All relations of the exported layers.
    pub fn all(&self) -> &[&'a Relation] {
        &self.all
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    pub fn annotation(&self, id: AnnotationId) -> Option<&'a Annotation> {
        self.by_id.get(&id).copied()
    }

    /// The annotations `id` points to with `kind`, in document order.
    pub fn targets(&self, id: AnnotationId, kind: &RelationKind) -> Vec<&'a Annotation> {
        self.linked(self.outgoing.get(&id), kind, |relation| relation.target)
    }

    /// The annotations that point to `id` with `kind`, in document order.
    pub fn sources(&self, id: AnnotationId, kind: &RelationKind) -> Vec<&'a Annotation> {
        self.linked(self.incoming.get(&id), kind, |relation| relation.source)
    }

    /// The note of the relation `source` —kind→ `target` ("" when none).
    pub fn note(&self, source: AnnotationId, kind: &RelationKind, target: AnnotationId) -> &'a str {
        self.outgoing
            .get(&source)
            .into_iter()
            .flatten()
            .find(|relation| &relation.kind == kind && relation.target == target)
            .map_or("", |relation| relation.note.as_str())
    }

    fn linked(
        &self,
        relations: Option<&Vec<&'a Relation>>,
        kind: &RelationKind,
        other_end: impl Fn(&Relation) -> AnnotationId,
    ) -> Vec<&'a Annotation> {
        let mut linked: Vec<&'a Annotation> = relations
            .into_iter()
            .flatten()
            .filter(|relation| &relation.kind == kind)
            .filter_map(|relation| self.annotation(other_end(relation)))
            .collect();
        linked.sort_by_key(|annotation| annotation.sort_key());
        linked
    }
}
