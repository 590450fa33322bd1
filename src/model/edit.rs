//! Edits to a layer as values. Every edit carries what it needs to be undone, so its inverse is
//! another edit and undo is "apply the inverse" (see [`crate::model::history`]).

use crate::model::annotation::{Annotation, AnnotationId};
use crate::model::layer::{Layer, LayerError};
use crate::model::relation::Relation;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Add(Annotation),
    Delete(Annotation),
    /// The three changes to an existing annotation keep both versions whole, so that the
    /// inverse also restores the `modified` timestamp.
    Retag {
        before: Annotation,
        after: Annotation,
    },
    EditNote {
        before: Annotation,
        after: Annotation,
    },
    ChangeBounds {
        before: Annotation,
        after: Annotation,
    },
    /// Any other change of an existing annotation (e.g. taken from a merge).
    Replace {
        before: Annotation,
        after: Annotation,
    },
    /// Adjudication: marks versions of analysts' annotations as dealt with in the consensus
    /// layer (`None`: not). `before` holds the previous state, so the inverse restores it.
    Settle {
        before: Vec<crate::model::layer::SettledEntry>,
        after: Vec<crate::model::layer::SettledEntry>,
    },
    AddRelation(Relation),
    DeleteRelation(Relation),
    /// A relation's note; `before` and `after` are the same link.
    EditRelationNote {
        before: Relation,
        after: Relation,
    },
    /// The analyst's reading note (their bottom line on the article), both versions whole.
    SetReadingNote {
        before: String,
        after: String,
    },
    /// Several edits that undo and redo as one (applied in order, undone in reverse).
    Batch(Vec<Edit>),
}

impl Edit {
    /// The edit that undoes this one.
    pub(crate) fn inverse(&self) -> Edit {
        let swap = |before: &Annotation, after: &Annotation| (after.clone(), before.clone());
        match self {
            Edit::Add(annotation) => Edit::Delete(annotation.clone()),
            Edit::Delete(annotation) => Edit::Add(annotation.clone()),
            Edit::Retag { before, after } => {
                let (before, after) = swap(before, after);
                Edit::Retag { before, after }
            }
            Edit::EditNote { before, after } => {
                let (before, after) = swap(before, after);
                Edit::EditNote { before, after }
            }
            Edit::ChangeBounds { before, after } => {
                let (before, after) = swap(before, after);
                Edit::ChangeBounds { before, after }
            }
            Edit::Replace { before, after } => {
                let (before, after) = swap(before, after);
                Edit::Replace { before, after }
            }
            Edit::Settle { before, after } => Edit::Settle {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::AddRelation(relation) => Edit::DeleteRelation(relation.clone()),
            Edit::DeleteRelation(relation) => Edit::AddRelation(relation.clone()),
            Edit::EditRelationNote { before, after } => Edit::EditRelationNote {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::SetReadingNote { before, after } => Edit::SetReadingNote {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
        }
    }

    /// A short description for menus and status lines ("Undo retag").
    pub fn label(&self) -> &'static str {
        match self {
            Edit::Add(_) => "add annotation",
            Edit::Delete(_) => "delete annotation",
            Edit::Retag { .. } => "retag",
            Edit::EditNote { .. } => "edit note",
            Edit::ChangeBounds { .. } => "change bounds",
            Edit::Replace { .. } => "merge changes",
            Edit::Settle { .. } => "adjudication",
            Edit::AddRelation(_) => "add relation",
            Edit::DeleteRelation(_) => "delete relation",
            Edit::EditRelationNote { .. } => "edit relation note",
            Edit::SetReadingNote { .. } => "edit reading note",
            Edit::Batch(_) => "several edits",
        }
    }

    /// The annotation this edit is about, if it is about one.
    pub fn annotation_id(&self) -> Option<AnnotationId> {
        match self {
            Edit::Add(annotation) | Edit::Delete(annotation) => Some(annotation.id),
            Edit::Retag { after, .. }
            | Edit::EditNote { after, .. }
            | Edit::ChangeBounds { after, .. }
            | Edit::Replace { after, .. } => Some(after.id),
            Edit::AddRelation(relation)
            | Edit::DeleteRelation(relation)
            | Edit::EditRelationNote {
                after: relation, ..
            } => Some(relation.source),
            Edit::Settle { .. } | Edit::SetReadingNote { .. } => None,
            // The annotation a batch is about (deleting one with its relations is about the
            // annotation), else the first relation's source.
            Edit::Batch(edits) => edits
                .iter()
                .filter(|edit| !matches!(edit, Edit::AddRelation(_) | Edit::DeleteRelation(_)))
                .find_map(Edit::annotation_id)
                .or_else(|| edits.iter().find_map(Edit::annotation_id)),
        }
    }

    /// Applies the edit to the layer. On error the layer is unchanged.
    pub(crate) fn apply_to(&self, layer: &mut Layer) -> Result<(), LayerError> {
        self.apply_recording(layer, &mut Vec::new())
    }

    /// [`Edit::apply_to`], appending to `changes` what happened to the layer's annotations,
    /// in order (nothing is appended on error).
    pub(crate) fn apply_recording(
        &self,
        layer: &mut Layer,
        changes: &mut Vec<LayerChange>,
    ) -> Result<(), LayerError> {
        match self {
            Edit::Add(annotation) => {
                check_tag(layer, annotation)?;
                let index = layer.insert_indexed(annotation.clone())?;
                changes.push(LayerChange::Inserted {
                    index,
                    annotation: annotation.clone(),
                });
                Ok(())
            }
            Edit::Delete(annotation) => {
                if layer.get(annotation.id) != Some(annotation) {
                    return Err(LayerError::UnknownAnnotation(annotation.id));
                }
                let related = layer.relations_of(annotation.id).count();
                if related > 0 {
                    return Err(LayerError::HasRelations(annotation.id, related));
                }
                let (index, annotation) = layer.remove_indexed(annotation.id)?;
                changes.push(LayerChange::Removed { index, annotation });
                Ok(())
            }
            Edit::Retag { before, after }
            | Edit::EditNote { before, after }
            | Edit::ChangeBounds { before, after }
            | Edit::Replace { before, after } => {
                if layer.get(before.id) != Some(before) || before.id != after.id {
                    return Err(LayerError::UnknownAnnotation(before.id));
                }
                // Annotations with a tag the set does not know (from another tag set) stay
                // editable; only a change of tag must name a known one.
                if before.tag != after.tag {
                    check_tag(layer, after)?;
                    check_relations_after_retag(layer, after)?;
                }
                let replaced = layer.replace_indexed(after.clone())?;
                changes.push(LayerChange::Removed {
                    index: replaced.old_index,
                    annotation: replaced.old_annotation,
                });
                changes.push(LayerChange::Inserted {
                    index: replaced.new_index,
                    annotation: after.clone(),
                });
                Ok(())
            }
            Edit::Settle { after, .. } => {
                layer.set_settled(after);
                Ok(())
            }
            Edit::AddRelation(relation) => {
                layer.check_relation(relation)?;
                layer.insert_relation(relation.clone())
            }
            Edit::DeleteRelation(relation) => layer.remove_relation(relation),
            // Only the note changes, so the tag set is not asked again (a relation of a kind
            // it does not know keeps an editable note).
            Edit::EditRelationNote { before, after } => {
                if !before.same_link(after) {
                    return Err(LayerError::UnknownRelation(format!(
                        "{} {} {}",
                        after.source, after.kind, after.target
                    )));
                }
                layer.remove_relation(before)?;
                layer.insert_relation(after.clone()).inspect_err(|_| {
                    // Put the layer back as it was (the link was just removed, so it fits).
                    let _ = layer.insert_relation(before.clone());
                })
            }
            Edit::SetReadingNote { before, after } => {
                // Like an annotation's note: applied only over the version it was made from.
                if layer.reading_note() != before {
                    return Err(LayerError::ReadingNoteChanged);
                }
                layer.set_reading_note(after.clone());
                Ok(())
            }
            Edit::Batch(edits) => {
                let mut scratch = layer.clone();
                let mut batch_changes = Vec::new();
                for edit in edits {
                    edit.apply_recording(&mut scratch, &mut batch_changes)?;
                }
                *layer = scratch;
                changes.append(&mut batch_changes);
                Ok(())
            }
        }
    }
}

/// What applying an edit did to a layer's annotations, step by step: views derived from the
/// annotations (counts, the list, lanes) follow these instead of going over every annotation
/// again. Indices are into [`Layer::annotations`] as it was at that step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayerChange {
    /// `annotation` was at `index` and is gone (those after it moved up by one).
    Removed {
        index: usize,
        annotation: Annotation,
    },
    /// `annotation` is now at `index` (those from there on moved down by one).
    Inserted {
        index: usize,
        annotation: Annotation,
    },
}

impl LayerChange {
    pub fn annotation(&self) -> &Annotation {
        match self {
            LayerChange::Removed { annotation, .. } | LayerChange::Inserted { annotation, .. } => {
                annotation
            }
        }
    }
}

/// A new tag must still allow every relation the annotation has.
fn check_relations_after_retag(layer: &Layer, after: &Annotation) -> Result<(), LayerError> {
    let tag_of = |id: AnnotationId| {
        if id == after.id {
            Some(after.tag.clone())
        } else {
            layer.get(id).map(|annotation| annotation.tag.clone())
        }
    };
    for relation in layer.relations_of(after.id) {
        let (Some(source), Some(target)) = (tag_of(relation.source), tag_of(relation.target))
        else {
            continue;
        };
        layer.check_relation_tags(relation, &source, &target)?;
    }
    Ok(())
}

fn check_tag(layer: &Layer, annotation: &Annotation) -> Result<(), LayerError> {
    if layer.tag_set.get(&annotation.tag).is_none() {
        return Err(LayerError::UnknownTag(annotation.tag.clone()));
    }
    Ok(())
}

/// The batch of edits that turns `current` into the `target` annotations and relations
/// (annotations matched by id), or `None` when they hold the same. Relations that go are
/// deleted first and relations that come are added last, so that no step leaves a relation
/// without its annotations.
pub(crate) fn edits_between(
    current: &Layer,
    target: &[Annotation],
    target_relations: &[Relation],
) -> Option<Edit> {
    let mut edits: Vec<Edit> = current
        .relations()
        .iter()
        .filter(|relation| !target_relations.contains(relation))
        .cloned()
        .map(Edit::DeleteRelation)
        .collect();
    if let Some(Edit::Batch(annotation_edits)) =
        annotation_edits_between(current.annotations(), target)
    {
        edits.extend(annotation_edits);
    }
    edits.extend(
        target_relations
            .iter()
            .filter(|relation| !current.relations().contains(relation))
            .cloned()
            .map(Edit::AddRelation),
    );
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// The batch of edits that turns `current` into `target` (matched by id), or `None` when they
/// hold the same annotations.
pub(crate) fn annotation_edits_between(
    current: &[Annotation],
    target: &[Annotation],
) -> Option<Edit> {
    let target_by_id: std::collections::HashMap<AnnotationId, &Annotation> = target
        .iter()
        .map(|annotation| (annotation.id, annotation))
        .collect();
    let current_ids: std::collections::HashSet<AnnotationId> =
        current.iter().map(|annotation| annotation.id).collect();
    let mut edits = Vec::new();
    for annotation in current {
        match target_by_id.get(&annotation.id).copied() {
            None => edits.push(Edit::Delete(annotation.clone())),
            Some(wanted) if wanted != annotation => edits.push(Edit::Replace {
                before: annotation.clone(),
                after: wanted.clone(),
            }),
            Some(_) => {}
        }
    }
    for annotation in target {
        if !current_ids.contains(&annotation.id) {
            edits.push(Edit::Add(annotation.clone()));
        }
    }
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}
