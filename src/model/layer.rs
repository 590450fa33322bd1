//! A layer: one analyst's annotations of one article, kept in document order.

use crate::model::annotation::{Annotation, AnnotationId};
use crate::model::relation::Relation;
use crate::model::span::Span;
use crate::model::span_index::ChunkEnds;
use crate::model::tags::{TagId, TagSet};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Adjudication decisions: annotation id → the `modified` time of the version decided on.
pub type Settled = BTreeMap<AnnotationId, DateTime<Utc>>;
/// One decision as an edit sees it: set to a time, or cleared.
pub(crate) type SettledEntry = (AnnotationId, Option<DateTime<Utc>>);

/// One analyst's annotations with the tag set they use. The annotations are always sorted by
/// [`Annotation::sort_key`] so that lists, navigation and saved files share one order.
///
/// Cloning a layer is cheap: the annotations are shared until one of the copies changes
/// (copy on write). A background save takes such a copy of 20,000 annotations within a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layer {
    /// The analyst's id: the `<analyst>` of the sidecar's file name.
    pub analyst: String,
    /// The analyst's display name ("Jane Doe"), when it differs from the id; else empty.
    pub analyst_name: String,
    pub tag_set: TagSet,
    /// The analyst's bottom line: a summary of their reading of the article. Changed only
    /// through [`crate::model::Edit::SetReadingNote`], like everything else in a layer.
    reading_note: String,
    annotations: Arc<Vec<Annotation>>,
    /// Adjudication only (the consensus layer): the analysts' annotations the adjudicator has
    /// dealt with, taken or not, each with its `modified` time when decided (a later edit by the
    /// analyst reopens it). Empty in an analyst's own layer.
    settled: Settled,
    /// Typed links between this layer's annotations, sorted by (source, target, kind); shared
    /// between copies of a layer until one changes, like the annotations.
    relations: Arc<Vec<Relation>>,
    /// Index for [`Layer::overlapping`]; follows every change of `annotations`.
    chunk_ends: ChunkEnds,
    /// Index for [`Layer::position`]; updated whenever `annotations` changes.
    span_by_id: SpanById,
}

/// The overlap index of annotations in document order.
fn ends_of(annotations: &[Annotation]) -> ChunkEnds {
    ChunkEnds::of(annotations.iter().map(|annotation| annotation.span.end))
}

/// Each annotation's (start, end) by id: with the id that is its sort key, so a binary search
/// finds it. Kept up to date on every change at O(1) each (an index by position would shift
/// on every insert), so finding an annotation by id costs O(log n), not a scan of the layer.
/// Shared between copies of a layer until one changes (a background save copies the layer).
#[derive(Clone, Default, PartialEq, Eq)]
struct SpanById(Arc<HashMap<AnnotationId, (usize, usize)>>);

impl SpanById {
    fn of(annotations: &[Annotation]) -> Self {
        Self(Arc::new(
            annotations
                .iter()
                .map(|annotation| (annotation.id, (annotation.span.start, annotation.span.end)))
                .collect(),
        ))
    }

    fn add(&mut self, annotation: &Annotation) {
        Arc::make_mut(&mut self.0)
            .insert(annotation.id, (annotation.span.start, annotation.span.end));
    }

    fn remove(&mut self, id: AnnotationId) {
        Arc::make_mut(&mut self.0).remove(&id);
    }
}

impl std::fmt::Debug for SpanById {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SpanById({} ids)", self.0.len())
    }
}

/// What [`Layer::replace_indexed`] did: the old version left `old_index`, the new one is at
/// `new_index` (counted after the old one left).
pub(crate) struct Replaced {
    pub old_index: usize,
    pub old_annotation: Annotation,
    pub new_index: usize,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LayerError {
    #[error("no annotation with id {0}")]
    UnknownAnnotation(AnnotationId),
    #[error("an annotation with id {0} already exists")]
    DuplicateId(AnnotationId),
    #[error("the tag {0:?} is not in the tag set")]
    UnknownTag(TagId),
    #[error("no such relation: {0}")]
    UnknownRelation(String),
    #[error("that relation already exists")]
    DuplicateRelation,
    #[error("{0}")]
    RelationNotAllowed(String),
    #[error(
        "annotation {0} still has {1} relation(s): delete them with it (one step), not on their own"
    )]
    HasRelations(AnnotationId, usize),
    #[error("the reading note is not the one this edit was made from")]
    ReadingNoteChanged,
}

impl Layer {
    pub fn new(analyst: impl Into<String>, tag_set: TagSet) -> Self {
        Self {
            analyst: analyst.into(),
            analyst_name: String::new(),
            tag_set,
            reading_note: String::new(),
            annotations: Arc::default(),
            settled: Settled::new(),
            relations: Arc::default(),
            chunk_ends: ChunkEnds::default(),
            span_by_id: SpanById::default(),
        }
    }

    /// Builds a layer from annotations in any order.
    pub fn with_annotations(
        analyst: impl Into<String>,
        tag_set: TagSet,
        mut annotations: Vec<Annotation>,
    ) -> Self {
        annotations.sort_by_key(Annotation::sort_key);
        Self {
            analyst: analyst.into(),
            analyst_name: String::new(),
            tag_set,
            reading_note: String::new(),
            span_by_id: SpanById::of(&annotations),
            chunk_ends: ends_of(&annotations),
            annotations: Arc::new(annotations),
            settled: Settled::new(),
            relations: Arc::default(),
        }
    }

    /// The name to show for the analyst: the display name if there is one, else the id.
    pub fn display_name(&self) -> &str {
        if self.analyst_name.trim().is_empty() {
            &self.analyst
        } else {
            &self.analyst_name
        }
    }

    /// Sets the display name (loading a file, or the analyst naming themselves); one equal to
    /// the id is not kept.
    pub fn with_analyst_name(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.analyst_name = if name.trim() == self.analyst {
            String::new()
        } else {
            name.trim().to_owned()
        };
        self
    }

    /// The analyst's bottom line (empty when none was written).
    pub fn reading_note(&self) -> &str {
        &self.reading_note
    }

    /// Sets the reading note wholesale (loading a file).
    pub fn with_reading_note(mut self, note: impl Into<String>) -> Self {
        self.reading_note = note.into();
        self
    }

    pub(crate) fn set_reading_note(&mut self, note: String) {
        self.reading_note = note;
    }

    /// Adjudication decisions: analysts' annotations already dealt with, by id, with the
    /// version (`modified`) decided on.
    pub fn settled(&self) -> &Settled {
        &self.settled
    }

    /// Whether this version of an analyst's annotation has been decided on.
    pub(crate) fn is_settled(&self, annotation: &Annotation) -> bool {
        self.settled
            .get(&annotation.id)
            .is_some_and(|decided| *decided >= annotation.modified)
    }

    /// Sets the adjudication decisions wholesale (loading a file).
    pub(crate) fn with_settled(mut self, settled: Settled) -> Self {
        self.settled = settled;
        self
    }

    /// Sets (`Some`) or clears (`None`) decisions.
    pub(crate) fn set_settled(&mut self, entries: &[SettledEntry]) {
        for (id, decided) in entries {
            match decided {
                Some(time) => self.settled.insert(*id, *time),
                None => self.settled.remove(id),
            };
        }
    }

    /// Takes in decisions made elsewhere (a merge): the newer of two for the same id.
    pub(crate) fn absorb_settled(&mut self, other: &Settled) {
        for (id, time) in other {
            let entry = self.settled.entry(*id).or_insert(*time);
            *entry = (*entry).max(*time);
        }
    }

    /// Keeps the relations whose two annotations are in the layer (sorted, each once); returns
    /// the layer and how many relations were left out.
    pub(crate) fn with_relations(mut self, relations: Vec<Relation>) -> (Self, usize) {
        let mut relations = crate::model::relation::one_per_link(relations);
        let before = relations.len();
        relations.retain(|relation| {
            relation.source != relation.target
                && self.position(relation.source).is_some()
                && self.position(relation.target).is_some()
        });
        let dropped = before - relations.len();
        self.relations = Arc::new(relations);
        (self, dropped)
    }

    /// Puts re-placed versions of the same annotations (same ids) in place, keeping relations
    /// and decisions: what following an edit of the article does.
    pub fn replace_annotations(&mut self, mut annotations: Vec<Annotation>) {
        annotations.sort_by_key(Annotation::sort_key);
        self.chunk_ends = ends_of(&annotations);
        self.annotations = Arc::new(annotations);
        self.span_by_id = SpanById::of(&self.annotations);
        let ids = &self.span_by_id.0;
        Arc::make_mut(&mut self.relations).retain(|relation| {
            ids.contains_key(&relation.source) && ids.contains_key(&relation.target)
        });
    }

    /// All relations, sorted by (source, target, kind).
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// The relations with `id` at either end.
    pub fn relations_of(&self, id: AnnotationId) -> impl Iterator<Item = &Relation> {
        self.relations
            .iter()
            .filter(move |relation| relation.involves(id))
    }

    /// Checks a relation against the layer: both annotations exist, differ, and the tag set
    /// allows the relation between their tags.
    pub fn check_relation(&self, relation: &Relation) -> Result<(), LayerError> {
        let source = self
            .get(relation.source)
            .ok_or(LayerError::UnknownAnnotation(relation.source))?;
        let target = self
            .get(relation.target)
            .ok_or(LayerError::UnknownAnnotation(relation.target))?;
        if relation.source == relation.target {
            return Err(LayerError::RelationNotAllowed(
                "an annotation cannot be related to itself".to_owned(),
            ));
        }
        self.check_relation_tags(relation, &source.tag, &target.tag)
    }

    /// Whether the tag set allows `relation` from a `source_tag` to a `target_tag`, with a
    /// message that says what is allowed when it does not.
    pub(crate) fn check_relation_tags(
        &self,
        relation: &Relation,
        source_tag: &TagId,
        target_tag: &TagId,
    ) -> Result<(), LayerError> {
        if self.tag_set.allows(&relation.kind, source_tag, target_tag) {
            return Ok(());
        }
        let label = |tag: &TagId| {
            self.tag_set
                .get(tag)
                .map_or_else(|| tag.to_string(), |definition| definition.label.clone())
        };
        let message = match self.tag_set.relation(&relation.kind) {
            None => format!(
                "the tag set {:?} has no relation {:?}",
                self.tag_set.name,
                relation.kind.as_str()
            ),
            Some(definition) => {
                let names =
                    |tags: &[TagId]| tags.iter().map(&label).collect::<Vec<_>>().join(" or ");
                format!(
                    "“{}” cannot link {} to {}: the tag set allows it only from {} to {}",
                    definition.label,
                    label(source_tag),
                    label(target_tag),
                    names(&definition.from),
                    names(&definition.to)
                )
            }
        };
        Err(LayerError::RelationNotAllowed(message))
    }

    /// The layer's relation with the same link as `link` (source, target, kind), whatever its
    /// note: found by binary search, as the relations are sorted by link first.
    pub fn relation_with_link(&self, link: &Relation) -> Option<&Relation> {
        fn key(relation: &Relation) -> (AnnotationId, AnnotationId, &crate::model::RelationKind) {
            (relation.source, relation.target, &relation.kind)
        }
        let index = self
            .relations
            .partition_point(|relation| key(relation) < key(link));
        self.relations
            .get(index)
            .filter(|relation| relation.same_link(link))
    }

    /// Adds a relation; one whose link the layer already has (whatever the notes) is refused.
    pub(crate) fn insert_relation(&mut self, relation: Relation) -> Result<(), LayerError> {
        if self.relation_with_link(&relation).is_some() {
            return Err(LayerError::DuplicateRelation);
        }
        let index = self.relations.partition_point(|other| other < &relation);
        Arc::make_mut(&mut self.relations).insert(index, relation);
        Ok(())
    }

    pub(crate) fn remove_relation(&mut self, relation: &Relation) -> Result<(), LayerError> {
        match self.relations.binary_search(relation) {
            Ok(index) => {
                Arc::make_mut(&mut self.relations).remove(index);
                Ok(())
            }
            Err(_) => Err(LayerError::UnknownRelation(format!(
                "{} {} {}",
                relation.source, relation.kind, relation.target
            ))),
        }
    }

    /// All annotations in document order.
    pub fn annotations(&self) -> &[Annotation] {
        &self.annotations
    }

    pub fn len(&self) -> usize {
        self.annotations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.annotations.is_empty()
    }

    /// Where annotation `id` starts: one lookup, without finding the annotation itself.
    pub fn start_of(&self, id: AnnotationId) -> Option<usize> {
        self.span_by_id.0.get(&id).map(|&(start, _)| start)
    }

    pub fn get(&self, id: AnnotationId) -> Option<&Annotation> {
        self.position(id).map(|index| &self.annotations[index])
    }

    /// Index of an annotation in document order.
    pub fn position(&self, id: AnnotationId) -> Option<usize> {
        let &(start, end) = self.span_by_id.0.get(&id)?;
        let key = (start, end, id);
        let index = self
            .annotations
            .partition_point(|annotation| annotation.sort_key() < key);
        self.annotations
            .get(index)
            .is_some_and(|annotation| annotation.id == id)
            .then_some(index)
    }

    /// Placed annotations that share at least one char with `span`, in document order.
    pub fn overlapping(&self, span: Span) -> impl Iterator<Item = &Annotation> {
        self.overlapping_indexed(span)
            .map(|(_, annotation)| annotation)
    }

    /// [`Layer::overlapping`] with each annotation's index in [`Layer::annotations`].
    pub(crate) fn overlapping_indexed(
        &self,
        span: Span,
    ) -> impl Iterator<Item = (usize, &Annotation)> {
        self.chunk_ends
            .overlapping(&self.annotations, |annotation| annotation.span, span)
            .map(|index| (index, &self.annotations[index]))
            .filter(|(_, annotation)| annotation.is_placed())
    }

    #[cfg(test)]
    pub(crate) fn insert(&mut self, annotation: Annotation) -> Result<(), LayerError> {
        self.insert_indexed(annotation).map(drop)
    }

    /// Inserts in document order; returns the index the annotation now has.
    pub(crate) fn insert_indexed(&mut self, annotation: Annotation) -> Result<usize, LayerError> {
        if self.span_by_id.0.contains_key(&annotation.id) {
            return Err(LayerError::DuplicateId(annotation.id));
        }
        let index = self
            .annotations
            .partition_point(|existing| existing.sort_key() < annotation.sort_key());
        self.span_by_id.add(&annotation);
        self.chunk_ends.insert(index, annotation.span.end);
        Arc::make_mut(&mut self.annotations).insert(index, annotation);
        Ok(index)
    }

    #[cfg(test)]
    pub(crate) fn remove(&mut self, id: AnnotationId) -> Result<Annotation, LayerError> {
        self.remove_indexed(id).map(|(_, annotation)| annotation)
    }

    /// Removes the annotation; returns the index it had, and it.
    pub(crate) fn remove_indexed(
        &mut self,
        id: AnnotationId,
    ) -> Result<(usize, Annotation), LayerError> {
        let index = self.position(id).ok_or(LayerError::UnknownAnnotation(id))?;
        self.chunk_ends.remove(index);
        self.span_by_id.remove(id);
        Ok((index, Arc::make_mut(&mut self.annotations).remove(index)))
    }

    /// Replaces the annotation with the same id, keeping the order.
    #[cfg(test)]
    pub(crate) fn replace(&mut self, annotation: Annotation) -> Result<Annotation, LayerError> {
        self.replace_indexed(annotation)
            .map(|replaced| replaced.old_annotation)
    }

    /// [`Layer::replace`], telling where the old version was and the new one is.
    pub(crate) fn replace_indexed(
        &mut self,
        annotation: Annotation,
    ) -> Result<Replaced, LayerError> {
        let (old_index, old) = self.remove_indexed(annotation.id)?;
        match self.insert_indexed(annotation) {
            Ok(new_index) => Ok(Replaced {
                old_index,
                old_annotation: old,
                new_index,
            }),
            Err(error) => {
                // Cannot happen (the id was just removed), but never lose the old annotation.
                self.span_by_id.add(&old);
                let annotations = Arc::make_mut(&mut self.annotations);
                annotations.push(old);
                annotations.sort_by_key(Annotation::sort_key);
                self.chunk_ends = ends_of(annotations);
                Err(error)
            }
        }
    }

    /// Count of annotations per tag, in tag-set order (unknown tags are not counted here).
    pub fn count_by_tag(&self) -> Vec<(TagId, usize)> {
        self.tag_set
            .tags
            .iter()
            .map(|tag| {
                let count = self
                    .annotations
                    .iter()
                    .filter(|annotation| annotation.tag == tag.id)
                    .count();
                (tag.id.clone(), count)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;
    use proptest::prelude::*;

    proptest! {
        /// The id index and the overlap index agree with plain scans after any sequence of
        /// inserts, removals and replacements.
        #[test]
        fn indexes_agree_with_scans(
            operations in proptest::collection::vec((0u8..3, 0usize..400, 1usize..60), 1..80)
        ) {
            let document = Document::from_raw_text(&"word ".repeat(100));
            let mut layer = Layer::new("a", TagSet::default());
            let mut ids: Vec<AnnotationId> = Vec::new();
            for (operation, start, length) in operations {
                let span = Span::new(start, (start + length).min(500));
                match operation {
                    0 => {
                        let annotation =
                            Annotation::new(&document, span, TagId::new("claim"), String::new(), "a");
                        ids.push(annotation.id);
                        prop_assert!(layer.insert(annotation).is_ok());
                    }
                    1 if !ids.is_empty() => {
                        let id = ids.remove(start % ids.len());
                        prop_assert!(layer.remove(id).is_ok());
                    }
                    _ if !ids.is_empty() => {
                        let id = ids[start % ids.len()];
                        let mut moved = layer.get(id).cloned().expect("present");
                        moved.span = span;
                        prop_assert!(layer.replace(moved).is_ok());
                    }
                    _ => {}
                }
                for id in &ids {
                    let scanned = layer.annotations().iter().position(|a| a.id == *id);
                    prop_assert_eq!(layer.position(*id), scanned);
                }
                let probe = Span::new(start, start + length);
                let overlapping: Vec<AnnotationId> = layer.overlapping(probe).map(|a| a.id).collect();
                let scanned: Vec<AnnotationId> = layer
                    .annotations()
                    .iter()
                    .filter(|a| a.is_placed() && a.span.overlaps(&probe))
                    .map(|a| a.id)
                    .collect();
                prop_assert_eq!(overlapping, scanned);
            }
        }
    }
}
