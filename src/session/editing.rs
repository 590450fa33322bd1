//! The edits a session offers over [`ReadingSession::apply`]: tagging, deleting, retagging,
//! notes, relations, bounds and confirming where re-anchoring placed an annotation. Each checks
//! its input against the tag set and the document, then applies one undoable edit.

use super::{ReadingSession, SessionError, check_note_length};
use crate::model::annotation::{QuoteSelector, now_utc};
use crate::model::relation::{Relation, RelationKind};
use crate::model::{Annotation, AnnotationId, Edit, Span, TagId};

impl ReadingSession {
    fn known_tag(&self, tag: &TagId) -> Result<(), SessionError> {
        if self.layer.tag_set.get(tag).is_none() {
            let known: Vec<&str> = self.layer.tag_set.ids().map(TagId::as_str).collect();
            return Err(SessionError::UnknownTag(tag.to_string(), known.join(", ")));
        }
        Ok(())
    }

    fn existing(&self, id: AnnotationId) -> Result<Annotation, SessionError> {
        self.layer.get(id).cloned().ok_or(SessionError::Layer(
            crate::model::layer::LayerError::UnknownAnnotation(id),
        ))
    }

    /// Tags a raw selection (any order, untrimmed); returns the new annotation's id.
    pub fn add_annotation(
        &mut self,
        selection_start: usize,
        selection_end: usize,
        tag: TagId,
        note: String,
    ) -> Result<AnnotationId, SessionError> {
        self.known_tag(&tag)?;
        check_note_length(&note)?;
        let span = Span::from_selection(&self.document, selection_start, selection_end)?;
        let annotation = Annotation::new(&self.document, span, tag, note, self.analyst());
        let id = annotation.id;
        self.apply(Edit::Add(annotation))?;
        Ok(id)
    }

    /// Tags several spans at once (find's "tag all matches"), as one undo step; spans already
    /// tagged so are skipped. Returns how many were added.
    pub fn add_annotations(&mut self, spans: &[Span], tag: TagId) -> Result<usize, SessionError> {
        self.known_tag(&tag)?;
        let already: std::collections::HashSet<Span> = self
            .layer
            .annotations()
            .iter()
            .filter(|annotation| annotation.tag == tag)
            .map(|annotation| annotation.span)
            .collect();
        let mut edits: Vec<Edit> = spans
            .iter()
            .filter(|span| !span.is_empty() && !already.contains(span))
            .map(|span| {
                Edit::Add(Annotation::new(
                    &self.document,
                    *span,
                    tag.clone(),
                    String::new(),
                    self.analyst(),
                ))
            })
            .collect();
        let added = edits.len();
        if added == 1
            && let Some(edit) = edits.pop()
        {
            self.apply(edit)?;
        } else if added > 1 {
            self.apply(Edit::Batch(edits))?;
        }
        Ok(added)
    }

    /// Deletes an annotation and its relations, as one undo step.
    pub fn delete_annotation(&mut self, id: AnnotationId) -> Result<(), SessionError> {
        let annotation = self.existing(id)?;
        let mut edits: Vec<Edit> = self
            .layer
            .relations_of(id)
            .cloned()
            .map(Edit::DeleteRelation)
            .collect();
        if edits.is_empty() {
            return self.apply(Edit::Delete(annotation));
        }
        edits.push(Edit::Delete(annotation));
        self.apply(Edit::Batch(edits))
    }

    /// Links two annotations: `source` —kind→ `target`. Refused, with a message saying what
    /// is allowed, when the tag set does not allow it.
    pub fn add_relation(
        &mut self,
        source: AnnotationId,
        kind: RelationKind,
        target: AnnotationId,
    ) -> Result<Relation, SessionError> {
        let relation = Relation {
            source,
            target,
            kind,
            note: String::new(),
        };
        self.layer.check_relation(&relation)?;
        self.apply(Edit::AddRelation(relation.clone()))?;
        Ok(relation)
    }

    pub fn delete_relation(&mut self, relation: &Relation) -> Result<(), SessionError> {
        self.apply(Edit::DeleteRelation(relation.clone()))
    }

    /// Sets the note of `relation` (as the layer has it now); nothing happens when it is the
    /// same note.
    pub fn set_relation_note(
        &mut self,
        relation: &Relation,
        note: String,
    ) -> Result<(), SessionError> {
        if relation.note == note {
            return Ok(());
        }
        let after = relation.clone().with_note(note);
        self.apply(Edit::EditRelationNote {
            before: relation.clone(),
            after,
        })
    }

    pub fn retag_annotation(&mut self, id: AnnotationId, tag: TagId) -> Result<(), SessionError> {
        self.known_tag(&tag)?;
        let before = self.existing(id)?;
        if before.tag == tag {
            return Ok(());
        }
        let mut after = before.clone();
        after.tag = tag;
        after.modified = now_utc();
        self.apply(Edit::Retag { before, after })
    }

    /// Sets a note. `continues_typing` merges this change with the previous note edit of the
    /// same annotation into one undo step (typing); otherwise it is a step of its own.
    pub fn set_note(
        &mut self,
        id: AnnotationId,
        note: String,
        continues_typing: bool,
    ) -> Result<(), SessionError> {
        let before = self.existing(id)?;
        if before.note == note {
            return Ok(());
        }
        check_note_length(&note)?;
        let mut after = before.clone();
        after.note = note;
        after.modified = now_utc();
        self.check_writable()?;
        let mut changes = Vec::new();
        self.history.apply_merging_notes(
            &mut self.layer,
            Edit::EditNote { before, after },
            continues_typing,
            &mut changes,
        )?;
        self.changed(Some(changes));
        Ok(())
    }

    /// Accepts where re-anchoring put a relocated annotation: its quote becomes the text there.
    pub fn confirm_placement(&mut self, id: AnnotationId) -> Result<(), SessionError> {
        let before = self.existing(id)?;
        match before.status {
            crate::model::AnchorStatus::Anchored => Ok(()),
            crate::model::AnchorStatus::Orphaned => Err(SessionError::Orphaned(id)),
            crate::model::AnchorStatus::Relocated => {
                let mut after = before.clone();
                after.status = crate::model::AnchorStatus::Anchored;
                after.quote = QuoteSelector::at(&self.document, after.span);
                after.modified = now_utc();
                self.apply(Edit::Replace { before, after })
            }
        }
    }

    /// Moves an annotation's bounds. The span is checked against the document, and the quote
    /// follows; a relocated or orphaned annotation placed by hand counts as confirmed.
    pub fn set_bounds(&mut self, id: AnnotationId, span: Span) -> Result<(), SessionError> {
        span.validate(&self.document)?;
        let before = self.existing(id)?;
        if before.span == span && before.is_placed() {
            return Ok(());
        }
        let mut after = before.clone();
        after.span = span;
        after.quote = QuoteSelector::at(&self.document, span);
        after.status = crate::model::AnchorStatus::Anchored;
        after.modified = now_utc();
        self.apply(Edit::ChangeBounds { before, after })
    }
}
