//! A reading session: one article, one analyst's layer, its sidecar and its undo history.
//!
//! This is where a layer changes: the CLI and the window both go through
//! [`ReadingSession::apply`] (and the helpers that build edits), so every change is recorded
//! for undo and marks the session unsaved. No egui here.
//!
//! This file holds the session, its accessors and the one writer (`apply`, undo, redo); the
//! rest by topic: `open` (opening, reading sidecars), `editing` (the edits offered over
//! `apply`), `disk` (merging with the file on disk, the article changing), `tag_sets`,
//! `reading_note` and `save`.

use crate::model::anchoring::AnchorReport;
use crate::model::{AnnotationId, Document, Edit, History, Layer, TagSet};
use crate::store::{self, ArticleError, SidecarError};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

mod changes;
mod disk;
mod editing;
mod merge_base;
mod open;
mod reading_note;
mod save;
mod tag_sets;
#[cfg(test)]
pub(crate) mod test_support;

pub use disk::{MergeReport, follow_edits};
pub use tag_sets::TagSetSource;

/// A revision number no session of this process has had: caches in the window key on it.
fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("cancelled")]
    Cancelled,
    #[error(transparent)]
    Article(#[from] ArticleError),
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
    #[error(transparent)]
    Layer(#[from] crate::model::layer::LayerError),
    #[error(transparent)]
    Span(#[from] crate::model::SpanError),
    #[error(transparent)]
    AnalystName(#[from] store::AnalystNameError),
    #[error("the tag {0:?} is not in the tag set (known: {1})")]
    UnknownTag(String, String),
    #[error(
        "sidecar {0} could not be read, so nothing is written to it until it is fixed and reloaded or set aside"
    )]
    SidecarBlocked(PathBuf),
    #[error(
        "{0} was changed elsewhere and the changes could not be merged ({1}); nothing was written, so that they are not lost: reload the sidecar to see them"
    )]
    MergeFailed(PathBuf, String),
    #[error("{0} is open for editing elsewhere ({1}); this window is read-only")]
    ReadOnly(PathBuf, String),
    #[error(
        "annotation {0} is orphaned (its text is no longer in the article): select its new text and choose Re-attach"
    )]
    Orphaned(AnnotationId),
    #[error(
        "the note is {0} characters long; notes hold up to {MAX_NOTE_CHARS}: shorten it, or keep the long text in a document of its own and refer to it"
    )]
    NoteTooLong(usize),
}

/// The longest note an edit may write, in chars (Unicode scalar values): a long page of
/// text. Notes longer than this in a sidecar written elsewhere are kept as they are.
pub(crate) const MAX_NOTE_CHARS: usize = 100_000;

fn check_note_length(note: &str) -> Result<(), SessionError> {
    let length = note.chars().count();
    if length > MAX_NOTE_CHARS {
        return Err(SessionError::NoteTooLong(length));
    }
    Ok(())
}

/// The state of the sidecar file behind a session.
#[derive(Debug)]
pub enum SidecarState {
    /// No file yet: it is created on the first save.
    New,
    /// Read successfully (or written by this session).
    Loaded,
    /// The file exists but could not be used; the session must not write to it.
    Blocked(SidecarError),
}

#[derive(Debug)]
pub struct ReadingSession {
    pub article_path: PathBuf,
    pub sidecar_path: PathBuf,
    pub document: Document,
    /// How the article file was written: format and text encoding.
    pub article_format: store::ArticleFormat,
    pub article_encoding: &'static str,
    pub article_encoding_detected: bool,
    layer: Layer,
    history: History,
    sidecar_state: SidecarState,
    /// Renewed on every change of the layer; compared with `saved_revision` for unsaved state.
    /// Unique in the process (see `next_revision`), so a cache keyed by it never mistakes
    /// one session's layer for another's.
    revision: u64,
    /// What each recent revision changed, for views derived from the annotations.
    changes: changes::ChangeLog,
    saved_revision: u64,
    /// What re-anchoring did when the sidecar was loaded.
    pub anchor_report: AnchorReport,
    /// The article's text differs from the one the sidecar was saved against.
    pub article_changed: bool,
    /// Fingerprint of the sidecar as last read or written, to notice changes by others.
    disk_fingerprint: Option<String>,
    /// The sidecar as last read or written: the base when merging changes made elsewhere.
    merge_base: merge_base::MergeBase,
    /// Set while another window holds the sidecar: who holds it. Edits and saves are refused.
    read_only: Option<String>,
    /// A tag set chosen for the article (a tag set file beside the sidecars): it replaces the
    /// sidecar's own whenever the sidecar is read.
    configured_tag_set: Option<TagSet>,
    /// Where the tag set comes from, for the window and messages.
    pub tag_set_source: TagSetSource,
    /// Relations in the sidecar last read that named annotations it does not hold.
    pub dangling_relations: usize,
    /// Annotations of the sidecar last read whose offsets did not hold their quote in the
    /// unchanged article (edited by hand): placed where their quote is.
    pub repaired_spans: usize,
    /// A save running on a worker thread (see [`save`]).
    background_save: Option<save::BackgroundSave>,
}

impl ReadingSession {
    pub fn article_name(&self) -> String {
        self.article_path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    pub fn layer(&self) -> &Layer {
        &self.layer
    }

    pub fn analyst(&self) -> &str {
        &self.layer.analyst
    }

    pub fn tag_set(&self) -> &TagSet {
        &self.layer.tag_set
    }

    pub fn sidecar_state(&self) -> &SidecarState {
        &self.sidecar_state
    }

    pub(crate) fn is_blocked(&self) -> bool {
        matches!(self.sidecar_state, SidecarState::Blocked(_))
    }

    /// Changes whenever the layer changes (edits, undo, reload) and differs between sessions;
    /// for caches and autosave.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn has_unsaved_changes(&self) -> bool {
        self.revision != self.saved_revision
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// See [`crate::model::history::History::undo_depth`].
    pub fn undo_depth(&self) -> usize {
        self.history.undo_depth()
    }

    /// Applies an edit: the one place the layer changes. Refused while the sidecar is blocked.
    pub fn apply(&mut self, edit: Edit) -> Result<(), SessionError> {
        self.check_writable()?;
        let mut changes = Vec::new();
        self.history
            .apply_merging_notes(&mut self.layer, edit, false, &mut changes)?;
        self.changed(Some(changes));
        Ok(())
    }

    pub fn undo(&mut self) -> Result<Option<Edit>, SessionError> {
        self.check_writable()?;
        let mut changes = Vec::new();
        let edit = self.history.undo_recording(&mut self.layer, &mut changes)?;
        if edit.is_some() {
            self.changed(Some(changes));
        }
        Ok(edit)
    }

    pub fn redo(&mut self) -> Result<Option<Edit>, SessionError> {
        self.check_writable()?;
        let mut changes = Vec::new();
        let edit = self.history.redo_recording(&mut self.layer, &mut changes)?;
        if edit.is_some() {
            self.changed(Some(changes));
        }
        Ok(edit)
    }

    /// Makes the session read-only because `holder` has the sidecar open (or writable again).
    pub fn set_read_only(&mut self, holder: Option<String>) {
        self.read_only = holder;
    }

    /// Who holds the sidecar, while this session is read-only.
    pub fn read_only_holder(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    fn check_writable(&self) -> Result<(), SessionError> {
        if let Some(holder) = &self.read_only {
            return Err(SessionError::ReadOnly(
                self.sidecar_path.clone(),
                holder.clone(),
            ));
        }
        if self.is_blocked() {
            return Err(SessionError::SidecarBlocked(self.sidecar_path.clone()));
        }
        Ok(())
    }

    /// The folder this session's sidecar lives in (where teammates' sidecars are too).
    pub(crate) fn annotations_folder(&self) -> PathBuf {
        match self.sidecar_path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, TagId};
    use std::path::Path;

    pub(super) fn article(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("piece.txt");
        std::fs::write(&path, text).expect("write article");
        path
    }

    #[test]
    fn edits_mark_unsaved_and_saving_writes_the_sidecar_beside_the_article() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = article(dir.path(), "Taxes rose 5% in 2024. Wages fell.");
        let mut session = ReadingSession::open(&path, None, "ana").expect("open");
        assert!(matches!(session.sidecar_state(), SidecarState::New));
        let id = session
            .add_annotation(5, 14, TagId::new("claim"), String::new())
            .expect("add");
        assert_eq!(
            session.layer().get(id).map(|a| a.quote.exact.as_str()),
            Some("rose 5%")
        );
        assert!(session.has_unsaved_changes());
        session.save().expect("save");
        assert!(!session.has_unsaved_changes());
        assert_eq!(session.sidecar_path, dir.path().join("piece.ana.ron"));
        let reopened = ReadingSession::open(&path, None, "ana").expect("reopen");
        assert_eq!(reopened.layer(), session.layer());
    }

    #[test]
    fn an_edited_article_keeps_every_annotation() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = article(
            dir.path(),
            "Taxes rose 5% in 2024. Wages fell. Prices rose.",
        );
        let mut session = ReadingSession::open(&path, None, "ana").expect("open");
        session
            .add_annotation(6, 13, TagId::new("claim"), "n1".into())
            .expect("add");
        session
            .add_annotation(23, 34, TagId::new("evidence"), "n2".into())
            .expect("add");
        session.save().expect("save");

        std::fs::write(&path, "Intro. Taxes rose 5% in 2024. Prices rose.").expect("edit article");
        let reopened = ReadingSession::open(&path, None, "ana").expect("reopen");
        assert!(reopened.article_changed);
        let layer = reopened.layer();
        assert_eq!(layer.len(), 2, "nothing dropped");
        let moved = &layer.annotations()[0];
        assert_eq!(reopened.document.slice(moved.span.range()), "rose 5%");
        assert_eq!(
            reopened
                .anchor_report
                .count(crate::model::AnchorStatus::Orphaned),
            1
        );
        let orphan = layer
            .annotations()
            .iter()
            .find(|a| !a.is_placed())
            .expect("orphan");
        assert_eq!(orphan.quote.exact, "Wages fell.");
        assert_eq!(orphan.note, "n2");
    }

    #[test]
    fn a_blocked_sidecar_refuses_edits_and_saves_until_set_aside() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = article(dir.path(), "Some text here.");
        let sidecar = dir.path().join("piece.ana.ron");
        std::fs::write(&sidecar, "(format: \"closeread-sidecar\", version: 7)").expect("write");
        let mut session = ReadingSession::open(&path, None, "ana").expect("open");
        assert!(session.is_blocked());
        assert!(
            session
                .add_annotation(0, 4, TagId::new("claim"), String::new())
                .is_err()
        );
        assert!(session.save().is_err());
        let moved = session
            .set_aside_blocked_sidecar()
            .expect("set aside")
            .expect("moved");
        assert!(moved.exists() && !sidecar.exists());
        session
            .add_annotation(0, 4, TagId::new("claim"), String::new())
            .expect("now allowed");
        session.save().expect("save");
        assert!(sidecar.exists());
    }

    #[test]
    fn bounds_changes_move_the_quote_and_undo_restores_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = article(dir.path(), "Taxes rose 5% in 2024.");
        let mut session = ReadingSession::open(&path, None, "ana").expect("open");
        let id = session
            .add_annotation(6, 10, TagId::new("claim"), String::new())
            .expect("add");
        let before = session.layer().clone();
        session.set_bounds(id, Span::new(6, 13)).expect("bounds");
        assert_eq!(
            session.layer().get(id).map(|a| a.quote.exact.as_str()),
            Some("rose 5%")
        );
        assert!(
            session.set_bounds(id, Span::new(6, 6)).is_err(),
            "empty refused"
        );
        session.undo().expect("undo");
        assert_eq!(session.layer(), &before);
    }
}

#[cfg(test)]
mod merge_tests {
    use super::tests::article;
    use super::*;
    use crate::model::TagId;
    use crate::model::relation::RelationKind;
    use std::path::Path;

    fn open_pair(dir: &Path) -> (ReadingSession, ReadingSession) {
        let article = dir.join("piece.txt");
        std::fs::write(&article, "Taxes rose 5% in 2024. Wages fell. Prices rose.").expect("write");
        let first = ReadingSession::open(&article, None, "ana").expect("open");
        let second = ReadingSession::open(&article, None, "ana").expect("open");
        (first, second)
    }

    #[test]
    fn a_save_merges_annotations_written_by_someone_else_meanwhile() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut window, mut other) = open_pair(dir.path());
        let ours = window
            .add_annotation(0, 5, TagId::new("claim"), "ours".into())
            .expect("add");
        let theirs = other
            .add_annotation(23, 34, TagId::new("evidence"), "theirs".into())
            .expect("add");
        other.save().expect("the other writer saves first");

        let report = window.save().expect("save");
        assert!(report.merged);
        let reopened = ReadingSession::open(&window.article_path, None, "ana").expect("reopen");
        assert!(reopened.layer().get(ours).is_some(), "our annotation kept");
        assert!(
            reopened.layer().get(theirs).is_some(),
            "theirs not overwritten"
        );
        // The merge is one undoable step.
        window.undo().expect("undo");
        assert!(window.layer().get(theirs).is_none());
    }

    #[test]
    fn a_sidecar_broken_by_someone_else_blocks_the_save_instead_of_being_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut window, _) = open_pair(dir.path());
        window
            .add_annotation(0, 5, TagId::new("claim"), String::new())
            .expect("add");
        window.save().expect("first save");
        window
            .add_annotation(6, 10, TagId::new("claim"), String::new())
            .expect("add");
        std::fs::write(&window.sidecar_path, "(format: \"closeread-sidecar\", vers")
            .expect("break it");
        assert!(window.save().is_err());
        assert!(window.is_blocked());
        assert_eq!(
            std::fs::read_to_string(&window.sidecar_path).expect("read"),
            "(format: \"closeread-sidecar\", vers"
        );
        assert_eq!(window.layer().len(), 2, "nothing in the window is lost");
        window.set_aside_blocked_sidecar().expect("set aside");
        window.save().expect("saves afresh");
        let reopened = ReadingSession::open(&window.article_path, None, "ana").expect("reopen");
        assert_eq!(reopened.layer().len(), 2);
    }

    #[test]
    fn reloading_with_unsaved_changes_merges_instead_of_discarding() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut window, mut other) = open_pair(dir.path());
        let unsaved = window
            .add_annotation(0, 5, TagId::new("claim"), String::new())
            .expect("add");
        other
            .add_annotation(23, 34, TagId::new("evidence"), String::new())
            .expect("add");
        other.save().expect("save");
        let report = window.load_sidecar();
        assert!(report.merged);
        assert_eq!(window.layer().len(), 2);
        assert!(window.layer().get(unsaved).is_some());
        assert!(window.has_unsaved_changes());
    }

    #[test]
    fn relations_follow_the_schema_go_with_their_annotation_and_come_back_with_undo() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = article(
            dir.path(),
            "Taxes rose 5% in 2024. Wages fell. Prices rose. Cut taxes now.",
        );
        let mut session = ReadingSession::open(&path, None, "ana").expect("open");
        let claim = session
            .add_annotation(0, 21, TagId::new("claim"), String::new())
            .expect("claim");
        let evidence = session
            .add_annotation(23, 34, TagId::new("evidence"), String::new())
            .expect("evidence");
        let recommendation = session
            .add_annotation(48, 62, TagId::new("recommendation"), String::new())
            .expect("recommendation");
        session
            .add_relation(evidence, RelationKind::new("supports"), claim)
            .expect("evidence supports a claim");
        session
            .add_relation(recommendation, RelationKind::new("follows_from"), claim)
            .expect("a recommendation follows from a claim");
        let refused = session
            .add_relation(recommendation, RelationKind::new("supports"), claim)
            .expect_err("a recommendation does not support");
        assert!(
            refused
                .to_string()
                .contains("cannot link Recommendation to Claim")
        );
        // A retag that would break a relation is refused too.
        let retag = session
            .retag_annotation(claim, TagId::new("evidence"))
            .expect_err("the claim has relations that need a claim");
        assert!(retag.to_string().contains("cannot link"), "{retag}");

        session.delete_annotation(claim).expect("deletes");
        assert!(session.layer().relations().is_empty());
        session.undo().expect("undo");
        assert!(session.layer().get(claim).is_some());
        assert_eq!(
            session.layer().relations().len(),
            2,
            "both relations are back"
        );

        session.save().expect("saves");
        let reopened = ReadingSession::open(&path, None, "ana").expect("reopen");
        assert_eq!(reopened.layer().relations(), session.layer().relations());
    }

    #[test]
    fn relations_added_in_two_windows_are_merged_on_save() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut first, mut second) = open_pair(dir.path());
        let claim = first
            .add_annotation(0, 21, TagId::new("claim"), String::new())
            .expect("claim");
        let evidence = first
            .add_annotation(23, 34, TagId::new("evidence"), String::new())
            .expect("evidence");
        first.save().expect("saves");
        second.load_sidecar();
        let other = second
            .add_annotation(35, 47, TagId::new("evidence"), String::new())
            .expect("evidence");
        second
            .add_relation(other, RelationKind::new("undermines"), claim)
            .expect("relates");
        first
            .add_relation(evidence, RelationKind::new("supports"), claim)
            .expect("relates");
        first.save().expect("saves");
        second.save().expect("merges and saves");
        first.load_sidecar();
        assert_eq!(first.layer().relations().len(), 2);
        assert_eq!(second.layer().relations(), first.layer().relations());
    }

    #[test]
    fn a_tag_set_file_beside_the_article_is_used_and_unknown_tags_are_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = article(dir.path(), "Taxes rose 5% in 2024. Wages fell.");
        let mut session = ReadingSession::open(&path, None, "ana").expect("open");
        session
            .add_annotation(0, 21, TagId::new("evidence"), String::new())
            .expect("evidence");
        session.save().expect("saves");
        let mut custom = TagSet {
            name: "claims only".into(),
            ..TagSet::default()
        };
        custom.tags.retain(|tag| tag.id.as_str() == "claim");
        custom.relations.clear();
        store::tag_sets::write_tag_set(&dir.path().join("piece.tags.ron"), &custom)
            .expect("writes");
        let reopened = ReadingSession::open(&path, None, "ana").expect("reopen");
        assert_eq!(reopened.tag_set().name, "claims only");
        assert_eq!(reopened.layer().len(), 1, "the evidence is kept");
        assert_eq!(reopened.unknown_tags(), vec![(TagId::new("evidence"), 1)]);
        assert!(matches!(reopened.tag_set_source, TagSetSource::File(_)));
    }

    #[test]
    fn a_relation_that_a_retag_elsewhere_breaks_goes_with_a_report_and_nothing_else_is_lost() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut first, mut second) = open_pair(dir.path());
        let claim = first
            .add_annotation(0, 21, TagId::new("claim"), String::new())
            .expect("claim");
        let evidence = first
            .add_annotation(23, 34, TagId::new("evidence"), String::new())
            .expect("evidence");
        first.save().expect("saves");
        second.load_sidecar();
        // Here: the evidence supports the claim. Elsewhere: the claim becomes a recommendation.
        first
            .add_relation(evidence, RelationKind::new("supports"), claim)
            .expect("relates");
        second
            .retag_annotation(claim, TagId::new("recommendation"))
            .expect("retags");
        let extra = second
            .add_annotation(35, 47, TagId::new("claim"), String::new())
            .expect("adds");
        second.save().expect("saves");
        let report = first.save().expect("merges and saves");
        assert_eq!(report.relations_removed, 1);
        assert!(report.error.is_none());
        let layer = first.layer();
        assert_eq!(
            layer.get(claim).map(|a| a.tag.as_str()),
            Some("recommendation")
        );
        assert!(
            layer.get(extra).is_some(),
            "the other window's annotation is kept"
        );
        assert!(layer.relations().is_empty());
    }

    #[test]
    fn changing_the_tag_set_starts_the_undo_history_afresh() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = article(dir.path(), "Taxes rose 5% in 2024. Wages fell.");
        let mut session = ReadingSession::open(&path, None, "ana").expect("open");
        session
            .add_annotation(0, 21, TagId::new("evidence"), String::new())
            .expect("adds");
        assert!(session.can_undo());
        let mut custom = TagSet::default();
        custom.tags.retain(|tag| tag.id.as_str() == "claim");
        session.use_tag_set(custom, TagSetSource::Sidecar);
        assert!(!session.can_undo(), "old steps may not fit the new tag set");
        assert_eq!(session.layer().len(), 1);
    }
}
