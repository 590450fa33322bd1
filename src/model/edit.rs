//! Edits to a layer as values. Every edit carries what it needs to be undone, so its inverse is
//! another edit and undo is "apply the inverse" (see [`crate::model::history`]).

use crate::model::annotation::{Annotation, AnnotationId};
use crate::model::layer::{Layer, LayerError};

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
    /// Several edits that undo and redo as one (applied in order, undone in reverse).
    Batch(Vec<Edit>),
}

impl Edit {
    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
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
            Edit::Settle { .. } | Edit::Batch(_) => None,
        }
    }

    /// Applies the edit to the layer. On error the layer is unchanged.
    pub fn apply_to(&self, layer: &mut Layer) -> Result<(), LayerError> {
        match self {
            Edit::Add(annotation) => {
                check_tag(layer, annotation)?;
                layer.insert(annotation.clone())
            }
            Edit::Delete(annotation) => {
                if layer.get(annotation.id) != Some(annotation) {
                    return Err(LayerError::UnknownAnnotation(annotation.id));
                }
                layer.remove(annotation.id).map(drop)
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
                }
                layer.replace(after.clone()).map(drop)
            }
            Edit::Settle { after, .. } => {
                layer.set_settled(after);
                Ok(())
            }
            Edit::Batch(edits) => {
                let mut scratch = layer.clone();
                for edit in edits {
                    edit.apply_to(&mut scratch)?;
                }
                *layer = scratch;
                Ok(())
            }
        }
    }
}

fn check_tag(layer: &Layer, annotation: &Annotation) -> Result<(), LayerError> {
    if layer.tag_set.get(&annotation.tag).is_none() {
        return Err(LayerError::UnknownTag(annotation.tag.clone()));
    }
    Ok(())
}

/// The batch of edits that turns `current` into `target` (matched by id), or `None` when they
/// hold the same annotations.
pub fn edits_between(current: &[Annotation], target: &[Annotation]) -> Option<Edit> {
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
