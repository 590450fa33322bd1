//! Undo and redo over [`Edit`]s. The history applies edits to a layer: it is the one place a
//! layer changes, so every change is undoable.

use crate::model::edit::{Edit, LayerChange};
use crate::model::layer::{Layer, LayerError};

/// How many edits undo remembers.
const UNDO_LIMIT: usize = 1000;

#[derive(Debug, Default)]
pub struct History {
    undo_stack: Vec<Edit>,
    redo_stack: Vec<Edit>,
}

impl History {
    /// Applies `edit` and records it as an undo step of its own.
    pub fn apply(&mut self, layer: &mut Layer, edit: Edit) -> Result<(), LayerError> {
        self.apply_merging_notes(layer, edit, false, &mut Vec::new())
    }

    /// Applies `edit`; when `merge_note_edit` is set and both it and the last step are note
    /// edits of the same annotation (or both edits of the reading note), they become one undo
    /// step (so that undo does not walk a note back a keystroke at a time while the analyst is
    /// typing it). What changed in the annotations is appended to `changes`.
    pub(crate) fn apply_merging_notes(
        &mut self,
        layer: &mut Layer,
        edit: Edit,
        merge_note_edit: bool,
        changes: &mut Vec<LayerChange>,
    ) -> Result<(), LayerError> {
        edit.apply_recording(layer, changes)?;
        self.redo_stack.clear();
        if !merge_note_edit {
            self.push_undo(edit);
            return Ok(());
        }
        if let (
            Some(Edit::EditNote {
                after: previous_after,
                ..
            }),
            Edit::EditNote { after, .. },
        ) = (self.undo_stack.last_mut(), &edit)
            && previous_after.id == after.id
        {
            *previous_after = after.clone();
            return Ok(());
        }
        if let (
            Some(Edit::SetReadingNote {
                after: previous_after,
                ..
            }),
            Edit::SetReadingNote { after, .. },
        ) = (self.undo_stack.last_mut(), &edit)
        {
            previous_after.clone_from(after);
            return Ok(());
        }
        self.push_undo(edit);
        Ok(())
    }

    fn push_undo(&mut self, edit: Edit) {
        self.undo_stack.push(edit);
        if self.undo_stack.len() > UNDO_LIMIT {
            self.undo_stack.remove(0);
        }
    }

    /// Undoes the last edit; returns it, or `None` when there is nothing to undo.
    pub fn undo(&mut self, layer: &mut Layer) -> Result<Option<Edit>, LayerError> {
        self.undo_recording(layer, &mut Vec::new())
    }

    /// [`History::undo`], appending what changed in the annotations to `changes`.
    pub(crate) fn undo_recording(
        &mut self,
        layer: &mut Layer,
        changes: &mut Vec<LayerChange>,
    ) -> Result<Option<Edit>, LayerError> {
        let Some(edit) = self.undo_stack.pop() else {
            return Ok(None);
        };
        if let Err(error) = edit.inverse().apply_recording(layer, changes) {
            self.undo_stack.push(edit);
            return Err(error);
        }
        self.redo_stack.push(edit.clone());
        Ok(Some(edit))
    }

    /// Redoes the last undone edit; returns it, or `None` when there is nothing to redo.
    pub fn redo(&mut self, layer: &mut Layer) -> Result<Option<Edit>, LayerError> {
        self.redo_recording(layer, &mut Vec::new())
    }

    /// [`History::redo`], appending what changed in the annotations to `changes`.
    pub(crate) fn redo_recording(
        &mut self,
        layer: &mut Layer,
        changes: &mut Vec<LayerChange>,
    ) -> Result<Option<Edit>, LayerError> {
        let Some(edit) = self.redo_stack.pop() else {
            return Ok(None);
        };
        if let Err(error) = edit.apply_recording(layer, changes) {
            self.redo_stack.push(edit);
            return Err(error);
        }
        self.undo_stack.push(edit.clone());
        Ok(Some(edit))
    }

    pub fn can_undo(&self) -> bool {
        !self.undo_stack.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo_stack.is_empty()
    }

    /// How many edits can be undone: it drops below a value taken after an edit exactly
    /// when that edit is undone (or the history forgotten).
    pub fn undo_depth(&self) -> usize {
        self.undo_stack.len()
    }

    /// Forgets all edits (after the layer was replaced wholesale, e.g. a reload).
    pub fn clear(&mut self) {
        self.undo_stack.clear();
        self.redo_stack.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, Document, Span, TagId, TagSet};
    use proptest::prelude::*;

    const TEXT: &str = "Khamenei’s “resistance” policy hinges on missiles. فارسی text here.\n\n\
                        Washington should be precise in its redlines and rhetoric.";

    fn tag(index: usize) -> TagId {
        TagId::new(["claim", "evidence", "recommendation"][index % 3])
    }

    /// A layer with a few annotations, built from arbitrary spans.
    fn layer_from(document: &Document, spans: &[(usize, usize, usize)]) -> Layer {
        let annotations = spans
            .iter()
            .filter_map(|&(a, b, t)| {
                let span = Span::from_selection(document, a, b).ok()?;
                Some(Annotation::new(
                    document,
                    span,
                    tag(t),
                    format!("note {t}"),
                    "p",
                ))
            })
            .collect();
        Layer::with_annotations("p", TagSet::default(), annotations)
    }

    /// An edit that is valid for `layer`, chosen by `choice`.
    fn edit_for(
        document: &Document,
        layer: &Layer,
        choice: (u8, usize, usize, usize),
    ) -> Option<Edit> {
        let (kind, pick, a, b) = choice;
        let existing = layer.annotations().get(pick % layer.len().max(1)).cloned();
        let mut changed = existing.clone()?;
        match kind % 5 {
            0 => {
                let span = Span::from_selection(document, a, b).ok()?;
                Some(Edit::Add(Annotation::new(
                    document,
                    span,
                    tag(a),
                    String::new(),
                    "p",
                )))
            }
            1 => Some(Edit::Delete(existing?)),
            2 => {
                changed.tag = tag(changed.tag.as_str().len() + 1);
                Some(Edit::Retag {
                    before: existing?,
                    after: changed,
                })
            }
            3 => {
                changed.note = format!("{}\nmore {a}", changed.note);
                Some(Edit::EditNote {
                    before: existing?,
                    after: changed,
                })
            }
            _ => {
                changed.span = Span::from_selection(document, a, b).ok()?;
                Some(Edit::ChangeBounds {
                    before: existing?,
                    after: changed,
                })
            }
        }
    }

    proptest! {
        #[test]
        fn applying_an_edit_then_its_inverse_restores_the_layer(
            spans in prop::collection::vec((0usize..130, 0usize..130, 0usize..3), 1..6),
            choice in (0u8..5, 0usize..10, 0usize..130, 0usize..130),
        ) {
            let document = Document::from_raw_text(TEXT);
            let original = layer_from(&document, &spans);
            prop_assume!(!original.is_empty());
            let Some(edit) = edit_for(&document, &original, choice) else {
                return Ok(());
            };
            let mut layer = original.clone();
            edit.apply_to(&mut layer).expect("valid edit applies");
            edit.inverse().apply_to(&mut layer).expect("inverse applies");
            prop_assert_eq!(layer, original);
        }

        /// The changes recorded by edits, undos and redos (batches included), replayed on a
        /// plain list, give the layer's annotations in order: views that follow them stay
        /// equal to the layer.
        #[test]
        fn recorded_changes_replayed_give_the_layer(
            spans in prop::collection::vec((0usize..130, 0usize..130, 0usize..3), 1..6),
            choices in prop::collection::vec((0u8..5, 0usize..10, 0usize..130, 0usize..130), 1..12),
            batch_size in 1usize..4,
            undos in 0usize..6,
        ) {
            let document = Document::from_raw_text(TEXT);
            let mut layer = layer_from(&document, &spans);
            prop_assume!(!layer.is_empty());
            let mut mirror: Vec<Annotation> = layer.annotations().to_vec();
            let mut history = History::default();
            let mut changes = Vec::new();
            for chunk in choices.chunks(batch_size) {
                // Each edit of a batch is made for the layer as the ones before it left it.
                let mut scratch = layer.clone();
                let mut edits = Vec::new();
                for &choice in chunk {
                    if let Some(edit) = edit_for(&document, &scratch, choice)
                        && edit.apply_to(&mut scratch).is_ok()
                    {
                        edits.push(edit);
                    }
                }
                let edit = match edits.len() {
                    0 => continue,
                    1 => edits.remove(0),
                    _ => Edit::Batch(edits),
                };
                history
                    .apply_merging_notes(&mut layer, edit, false, &mut changes)
                    .expect("valid edit applies");
            }
            for _ in 0..undos {
                history.undo_recording(&mut layer, &mut changes).expect("undo applies");
            }
            for _ in 0..undos / 2 {
                history.redo_recording(&mut layer, &mut changes).expect("redo applies");
            }
            for change in changes {
                match change {
                    LayerChange::Removed { index, annotation } => {
                        prop_assert_eq!(mirror.remove(index), annotation);
                    }
                    LayerChange::Inserted { index, annotation } => {
                        mirror.insert(index, annotation);
                    }
                }
            }
            prop_assert_eq!(mirror.as_slice(), layer.annotations());
        }

        #[test]
        fn undoing_everything_restores_and_redoing_everything_replays(
            spans in prop::collection::vec((0usize..130, 0usize..130, 0usize..3), 1..6),
            choices in prop::collection::vec((0u8..5, 0usize..10, 0usize..130, 0usize..130), 1..12),
        ) {
            let document = Document::from_raw_text(TEXT);
            let original = layer_from(&document, &spans);
            prop_assume!(!original.is_empty());
            let mut layer = original.clone();
            let mut history = History::default();
            for choice in choices {
                if let Some(edit) = edit_for(&document, &layer, choice) {
                    history.apply(&mut layer, edit).expect("valid edit applies");
                }
            }
            let edited = layer.clone();
            while history.undo(&mut layer).expect("undo applies").is_some() {}
            prop_assert_eq!(&layer, &original);
            while history.redo(&mut layer).expect("redo applies").is_some() {}
            prop_assert_eq!(&layer, &edited);
        }
    }

    #[test]
    fn note_edits_of_one_annotation_undo_as_one_step() {
        let document = Document::from_raw_text(TEXT);
        let mut layer = layer_from(&document, &[(0, 10, 0)]);
        let original = layer.clone();
        let mut history = History::default();
        let mut current = layer.annotations()[0].clone();
        for typed in ["W", "Wh", "Why"] {
            let mut after = current.clone();
            after.note = typed.to_owned();
            history
                .apply_merging_notes(
                    &mut layer,
                    Edit::EditNote {
                        before: current,
                        after: after.clone(),
                    },
                    true,
                    &mut Vec::new(),
                )
                .expect("applies");
            current = after;
        }
        assert_eq!(layer.annotations()[0].note, "Why");
        history.undo(&mut layer).expect("undo");
        assert_eq!(layer, original);
        assert!(!history.can_undo());

        // A note edit that does not continue typing is a step of its own.
        let mut first = layer.annotations()[0].clone();
        first.note = "One".into();
        let before = layer.annotations()[0].clone();
        history
            .apply(
                &mut layer,
                Edit::EditNote {
                    before,
                    after: first.clone(),
                },
            )
            .expect("applies");
        let mut second = first.clone();
        second.note = "Two".into();
        history
            .apply(
                &mut layer,
                Edit::EditNote {
                    before: first,
                    after: second,
                },
            )
            .expect("applies");
        history.undo(&mut layer).expect("undo");
        assert_eq!(layer.annotations()[0].note, "One");
    }

    #[test]
    fn a_stale_edit_is_refused_and_changes_nothing() {
        let document = Document::from_raw_text(TEXT);
        let mut layer = layer_from(&document, &[(0, 10, 0)]);
        let mut stale = layer.annotations()[0].clone();
        stale.note = "not what is stored".to_owned();
        let before = layer.clone();
        assert!(Edit::Delete(stale).apply_to(&mut layer).is_err());
        assert_eq!(layer, before);
    }
}
