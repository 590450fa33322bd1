//! A reading session: one article, one analyst's layer, its sidecar and its undo history.
//!
//! This is where a layer changes: the CLI and the window both go through
//! [`ReadingSession::apply`] (and the helpers that build edits), so every change is recorded
//! for undo and marks the session unsaved. No egui here.

use crate::model::anchoring::AnchorReport;
use crate::model::annotation::{QuoteSelector, now_utc};
use crate::model::edit::edits_between;
use crate::model::merge::merge_by_id;
use crate::model::relation::{Relation, RelationKind, merge_relations};
use crate::model::{Annotation, AnnotationId, Document, Edit, History, Layer, Span, TagId, TagSet};
use crate::store::{self, ArticleError, SidecarError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

mod reading_note;
mod save;

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
pub const MAX_NOTE_CHARS: usize = 100_000;

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
    saved_revision: u64,
    /// What re-anchoring did when the sidecar was loaded.
    pub anchor_report: AnchorReport,
    /// The article's text differs from the one the sidecar was saved against.
    pub article_changed: bool,
    /// Fingerprint of the sidecar as last read or written, to notice changes by others.
    disk_fingerprint: Option<String>,
    /// The annotations as last read or written: the base when merging changes made elsewhere.
    base_annotations: Vec<Annotation>,
    /// The relations as last read or written, likewise.
    base_relations: Vec<Relation>,
    /// The reading note as last read or written, likewise.
    base_reading_note: String,
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

/// Where a session's tag set comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TagSetSource {
    /// The sidecar's own, or the default for a new one.
    #[default]
    Sidecar,
    /// A tag set file.
    File(PathBuf),
    /// The tag set file could not be used (the sidecar's own set is used): why.
    Broken(String),
}

/// What [`ReadingSession::load_sidecar`] or a save merged from the file on disk.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Changes made elsewhere were merged into the layer.
    pub merged: bool,
    /// Annotations changed both here and elsewhere (ours kept, both notes kept).
    pub conflicts: usize,
    /// The merge could not be applied (the layer is unchanged).
    pub error: Option<String>,
    /// Relations that no longer fit the merged tags (a claim retagged elsewhere) and went.
    pub relations_removed: usize,
}

/// Maps annotations from the old text of an article onto its edited text (the work of
/// [`ReadingSession::replace_article`] that needs no session, so it can run on a worker).
pub fn follow_edits(
    old: &crate::model::Document,
    new: &crate::model::Document,
    mut annotations: Vec<Annotation>,
) -> (Vec<Annotation>, AnchorReport) {
    let report = crate::model::anchoring::edit_mapping::map_annotations(old, new, &mut annotations);
    (annotations, report)
}

impl ReadingSession {
    /// Opens an article and the analyst's sidecar for it. A sidecar that cannot be used does
    /// not fail the open: the session starts [`SidecarState::Blocked`] with an empty layer.
    pub fn open(
        article_path: &Path,
        annotations_dir: Option<&Path>,
        analyst: &str,
    ) -> Result<Self, SessionError> {
        Self::open_with_progress(
            article_path,
            annotations_dir,
            analyst,
            &crate::progress::Progress::default(),
        )
    }

    /// [`ReadingSession::open`], reporting progress (reading, re-anchoring) and stopping early
    /// with [`SessionError::Cancelled`] when cancelled. Reads only: nothing is written.
    pub fn open_with_progress(
        article_path: &Path,
        annotations_dir: Option<&Path>,
        analyst: &str,
        progress: &crate::progress::Progress,
    ) -> Result<Self, SessionError> {
        store::validate_analyst_name(analyst)?;
        Self::open_layer(article_path, annotations_dir, analyst, progress)
    }

    /// Opens the article's consensus layer (`<stem>.consensus.ron`), the one layer whose name
    /// is reserved, for adjudication.
    pub fn open_consensus(
        article_path: &Path,
        annotations_dir: Option<&Path>,
    ) -> Result<Self, SessionError> {
        Self::open_layer(
            article_path,
            annotations_dir,
            crate::team::CONSENSUS,
            &crate::progress::Progress::default(),
        )
    }

    fn open_layer(
        article_path: &Path,
        annotations_dir: Option<&Path>,
        analyst: &str,
        progress: &crate::progress::Progress,
    ) -> Result<Self, SessionError> {
        progress.start_stage("Reading the article", 0);
        let article = store::read_article(article_path)?;
        progress.check().map_err(|_| SessionError::Cancelled)?;
        let sidecar_path = store::sidecar_path(article_path, annotations_dir, analyst);
        let initial_revision = next_revision();
        let mut session = Self {
            article_path: article_path.to_owned(),
            sidecar_path,
            document: article.document,
            article_format: article.format,
            article_encoding: article.encoding,
            article_encoding_detected: article.encoding_detected,
            layer: Layer::new(analyst, TagSet::default()),
            history: History::default(),
            sidecar_state: SidecarState::New,
            revision: initial_revision,
            saved_revision: initial_revision,
            anchor_report: AnchorReport::default(),
            article_changed: false,
            disk_fingerprint: None,
            base_annotations: Vec::new(),
            base_relations: Vec::new(),
            base_reading_note: String::new(),
            read_only: None,
            configured_tag_set: None,
            tag_set_source: TagSetSource::Sidecar,
            dangling_relations: 0,
            repaired_spans: 0,
            background_save: None,
        };
        session.load_sidecar_with_progress(progress);
        if progress.is_cancelled() {
            return Err(SessionError::Cancelled);
        }
        match store::tag_sets::find_tag_set(article_path, &session.annotations_folder()) {
            Some((path, Ok(set))) => session.use_tag_set(set, TagSetSource::File(path)),
            Some((_, Err(error))) => {
                session.tag_set_source = TagSetSource::Broken(error.to_string())
            }
            None => {}
        }
        Ok(session)
    }

    /// (Re)reads the sidecar from disk. Without unsaved changes the file's annotations replace
    /// the layer (and undo history starts afresh); with unsaved changes they are merged by id
    /// with the version last read or written as the base, as one undoable edit. A file that
    /// cannot be used blocks writing and leaves the layer as it is. Returns the merge report.
    pub fn load_sidecar(&mut self) -> MergeReport {
        self.load_sidecar_with_progress(&crate::progress::Progress::default())
    }

    fn load_sidecar_with_progress(&mut self, progress: &crate::progress::Progress) -> MergeReport {
        // What a background save wrote must be the base before anything else is read.
        let _ = self.wait_for_background_save();
        let article_name = self.article_name();
        let loaded = store::sidecar::load_sidecar_with_progress(
            &self.sidecar_path,
            &self.document,
            &article_name,
            progress,
        );
        self.apply_loaded_sidecar(loaded)
    }

    /// The sidecar's fingerprint as last read or written: when it is the same before and after
    /// some work, nothing was saved or reloaded in between.
    pub fn disk_fingerprint(&self) -> Option<&str> {
        self.disk_fingerprint.as_deref()
    }

    /// Takes in the sidecar as [`store::load_sidecar`] read it against this session's
    /// document (on a worker, for a large one), exactly as [`ReadingSession::load_sidecar`]
    /// does. The caller makes sure nothing was saved or reloaded since it was read (the
    /// [`ReadingSession::disk_fingerprint`] is unchanged), or the merge base would be wrong.
    pub fn apply_loaded_sidecar(
        &mut self,
        loaded: Result<Option<store::sidecar::LoadedSidecar>, SidecarError>,
    ) -> MergeReport {
        match loaded {
            Ok(Some(loaded)) => {
                self.dangling_relations = loaded.dangling_relations;
                self.repaired_spans = loaded.repaired_spans;
                self.anchor_report = loaded.report;
                self.article_changed = loaded.article_changed;
                self.sidecar_state = SidecarState::Loaded;
                self.take_from_disk(loaded.layer, loaded.fingerprint)
            }
            Ok(None) => {
                self.sidecar_state = SidecarState::New;
                self.disk_fingerprint = None;
                MergeReport::default()
            }
            Err(error) => {
                self.sidecar_state = SidecarState::Blocked(error);
                MergeReport::default()
            }
        }
    }

    fn take_from_disk(&mut self, mut disk_layer: Layer, fingerprint: String) -> MergeReport {
        // The file name decides whose layer this is.
        disk_layer.analyst = self.layer.analyst.clone();
        let disk_annotations = disk_layer.annotations().to_vec();
        let disk_layer_relations = disk_layer.relations().to_vec();
        let disk_reading_note = disk_layer.reading_note().to_owned();
        let mut report = MergeReport::default();
        if self.has_unsaved_changes() {
            let outcome = merge_by_id(
                &self.base_annotations,
                self.layer.annotations(),
                &disk_annotations,
            );
            report.conflicts = outcome.conflicts.len();
            // Adjudication decisions made on either side are kept (a union: nothing decided is
            // forgotten; an "undecide" made elsewhere meanwhile is the one thing not carried).
            self.layer.absorb_settled(disk_layer.settled());
            let surviving: std::collections::HashSet<AnnotationId> = outcome
                .annotations
                .iter()
                .map(|annotation| annotation.id)
                .collect();
            let merged = merge_relations(
                &self.base_relations,
                self.layer.relations(),
                disk_layer.relations(),
                |id| surviving.contains(&id),
            );
            // A relation kept on one side may no longer fit a tag changed on the other (its
            // claim retagged): it cannot stay, and the report says so.
            let tag_of: std::collections::HashMap<AnnotationId, &TagId> = outcome
                .annotations
                .iter()
                .map(|annotation| (annotation.id, &annotation.tag))
                .collect();
            let (relations, unfit): (Vec<Relation>, Vec<Relation>) =
                merged.into_iter().partition(|relation| {
                    match (tag_of.get(&relation.source), tag_of.get(&relation.target)) {
                        (Some(source), Some(target)) => {
                            self.layer.tag_set.allows(&relation.kind, source, target)
                        }
                        _ => false,
                    }
                });
            report.relations_removed = unfit.len();
            if self.layer.analyst_name.is_empty() {
                self.layer.analyst_name = disk_layer.analyst_name.clone();
            }
            let note_edit = self.reading_note_merge(&disk_reading_note);
            let edit = match (
                edits_between(&self.layer, &outcome.annotations, &relations),
                note_edit,
            ) {
                (Some(Edit::Batch(mut edits)), Some(note_edit)) => {
                    edits.push(note_edit);
                    Some(Edit::Batch(edits))
                }
                (Some(edit), None) => Some(edit),
                (Some(edit), Some(note_edit)) => Some(Edit::Batch(vec![edit, note_edit])),
                (None, note_edit) => note_edit,
            };
            if let Some(edit) = edit {
                report.merged = true;
                if let Err(error) = self.history.apply(&mut self.layer, edit) {
                    // Keep what the analyst has; the file stays as it is until the next save.
                    report.error = Some(error.to_string());
                }
                self.revision = next_revision();
            }
        } else {
            self.layer = disk_layer;
            self.history.clear();
            self.revision = next_revision();
            self.saved_revision = self.revision;
        }
        self.base_annotations = disk_annotations;
        self.base_relations = disk_layer_relations;
        self.base_reading_note = disk_reading_note;
        self.disk_fingerprint = Some(fingerprint);
        // A tag set chosen for the article applies to what was read too.
        self.apply_configured_tag_set();
        report
    }

    /// Uses `set` as the layer's tag set from now on (also after the sidecar is read again);
    /// the sidecar records it at the next save. Annotations with tags the set does not know
    /// are kept (see [`Self::unknown_tags`]).
    pub fn use_tag_set(&mut self, set: TagSet, source: TagSetSource) {
        self.tag_set_source = source;
        self.configured_tag_set = Some(set);
        self.apply_configured_tag_set();
    }

    /// Reads the article's tag set file again (it changed on disk). Returns what happened, for
    /// the analyst.
    pub fn refresh_tag_set_file(&mut self) -> Option<String> {
        match store::tag_sets::find_tag_set(&self.article_path, &self.annotations_folder()) {
            Some((path, Ok(set))) => {
                if self.configured_tag_set.as_ref() == Some(&set) {
                    return None;
                }
                let name = set.name.clone();
                self.use_tag_set(set, TagSetSource::File(path.clone()));
                Some(format!(
                    "Tag set “{name}” reloaded from {}.",
                    path.display()
                ))
            }
            Some((_, Err(error))) => {
                let message = error.to_string();
                self.tag_set_source = TagSetSource::Broken(message.clone());
                Some(format!("{message}; the tag set in use stays as it was."))
            }
            None => None,
        }
    }

    fn apply_configured_tag_set(&mut self) {
        let Some(set) = &self.configured_tag_set else {
            return;
        };
        if &self.layer.tag_set == set {
            return;
        }
        self.layer.tag_set = set.clone();
        // Undo replays edits against the tag set: steps made under another set may not fit.
        self.history.clear();
        if !self.layer.is_empty() {
            // The sidecar should record the set its annotations are now read with.
            self.revision = next_revision();
        }
    }

    /// Tags of the layer's annotations that its tag set does not know, with how many
    /// annotations have each: they are kept and shown in grey.
    pub fn unknown_tags(&self) -> Vec<(TagId, usize)> {
        let mut unknown: std::collections::BTreeMap<TagId, usize> = Default::default();
        for annotation in self.layer.annotations() {
            if self.layer.tag_set.get(&annotation.tag).is_none() {
                *unknown.entry(annotation.tag.clone()).or_default() += 1;
            }
        }
        unknown.into_iter().collect()
    }

    /// The unknown tags as "tag (count), …", or `None` when the tag set knows every tag.
    pub fn unknown_tags_listed(&self) -> Option<String> {
        let listed: Vec<String> = self
            .unknown_tags()
            .iter()
            .map(|(tag, count)| format!("{tag} ({count})"))
            .collect();
        (!listed.is_empty()).then(|| listed.join(", "))
    }

    /// Moves an unreadable sidecar aside (renamed, never deleted) so that the next save starts a
    /// fresh file with the layer as it is now. Returns where the old file went.
    pub fn set_aside_blocked_sidecar(&mut self) -> Result<Option<PathBuf>, SessionError> {
        if !matches!(self.sidecar_state, SidecarState::Blocked(_)) {
            return Ok(None);
        }
        let moved = store::set_aside_broken_sidecar(&self.sidecar_path).map_err(|source| {
            SidecarError::Write {
                path: self.sidecar_path.clone(),
                source,
            }
        })?;
        self.sidecar_state = SidecarState::New;
        self.disk_fingerprint = None;
        self.base_annotations.clear();
        self.base_relations.clear();
        self.base_reading_note.clear();
        if !self.layer.is_empty() {
            // The layer is not in any file now.
            self.revision = next_revision();
        }
        Ok(Some(moved))
    }

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

    pub fn is_blocked(&self) -> bool {
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
        self.history.apply(&mut self.layer, edit)?;
        self.revision = next_revision();
        Ok(())
    }

    pub fn undo(&mut self) -> Result<Option<Edit>, SessionError> {
        self.check_writable()?;
        let edit = self.history.undo(&mut self.layer)?;
        if edit.is_some() {
            self.revision = next_revision();
        }
        Ok(edit)
    }

    pub fn redo(&mut self) -> Result<Option<Edit>, SessionError> {
        self.check_writable()?;
        let edit = self.history.redo(&mut self.layer)?;
        if edit.is_some() {
            self.revision = next_revision();
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

    /// Whether the sidecar on disk differs from the version last read or written here (a
    /// teammate's sync, another window, the CLI). Our own saves do not count.
    pub fn sidecar_changed_on_disk(&mut self) -> bool {
        let _ = self.wait_for_background_save();
        match save::fingerprint_on_disk(&self.sidecar_path) {
            Ok(Some(on_disk)) => self.disk_fingerprint.as_deref() != Some(on_disk.as_str()),
            Ok(None) | Err(_) => false,
        }
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
        };
        self.layer.check_relation(&relation)?;
        self.apply(Edit::AddRelation(relation.clone()))?;
        Ok(relation)
    }

    pub fn delete_relation(&mut self, relation: &Relation) -> Result<(), SessionError> {
        self.apply(Edit::DeleteRelation(relation.clone()))
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
        self.history.apply_merging_notes(
            &mut self.layer,
            Edit::EditNote { before, after },
            continues_typing,
        )?;
        self.revision = next_revision();
        Ok(())
    }

    /// The folder this session's sidecar lives in (where teammates' sidecars are too).
    pub fn annotations_folder(&self) -> PathBuf {
        match self.sidecar_path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// The analysts with a sidecar for this article in the same folder, other than this one and
    /// the consensus layer, sorted.
    pub fn other_analysts(&self) -> Vec<String> {
        crate::team::discover_layers(&self.article_path, Some(&self.annotations_folder()))
            .into_iter()
            .filter(|file| !file.is_consensus() && file.analyst != self.analyst())
            .map(|file| file.analyst)
            .collect()
    }

    /// Another analyst's layer of this article, read (and re-anchored) from their sidecar.
    pub fn read_other_layer(&self, analyst: &str) -> Result<Layer, SessionError> {
        store::validate_analyst_name(analyst)?;
        let folder = self.sidecar_path.parent().map(Path::to_path_buf);
        let path = store::sidecar_path(&self.article_path, folder.as_deref(), analyst);
        match store::load_sidecar(&path, &self.document, &self.article_name())? {
            Some(loaded) => {
                let mut layer = loaded.layer;
                layer.analyst = analyst.to_owned();
                Ok(layer)
            }
            None => Err(SessionError::Sidecar(SidecarError::Io {
                path,
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            })),
        }
    }

    /// Counts the layer as changed, so that the next save writes the re-anchored offsets and the
    /// article's current hash even if no annotation was edited.
    pub fn mark_reanchored(&mut self) {
        self.revision = next_revision();
    }

    /// The article file changed while open: maps every annotation through the edit (see
    /// [`crate::model::anchoring::edit_mapping`]) and switches to the new text. Undo history is
    /// cleared (its offsets belong to the old text); the layer counts as changed.
    pub fn replace_article(&mut self, article: store::Article) -> AnchorReport {
        let (annotations, report) = follow_edits(
            &self.document,
            &article.document,
            self.layer.annotations().to_vec(),
        );
        self.install_replaced_article(article, annotations, report)
    }

    /// The second half of [`ReadingSession::replace_article`], for annotations mapped onto
    /// the new text elsewhere (a worker thread, with [`follow_edits`]) from this session's
    /// annotations at the current revision.
    pub fn install_replaced_article(
        &mut self,
        article: store::Article,
        annotations: Vec<Annotation>,
        report: AnchorReport,
    ) -> AnchorReport {
        self.document = article.document;
        self.article_format = article.format;
        self.article_encoding = article.encoding;
        self.article_encoding_detected = article.encoding_detected;
        self.layer.replace_annotations(annotations);
        self.history.clear();
        self.anchor_report = report.clone();
        self.article_changed = true;
        self.revision = next_revision();
        report
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

#[cfg(test)]
mod tests {
    use super::*;

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
