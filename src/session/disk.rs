//! Merging with what is on disk: taking in a sidecar changed elsewhere (merged by id with
//! the version last read or written as the base), noticing such changes, setting an unreadable
//! sidecar aside, and following edits of the article file itself.

use super::merge_base::{BaseParts, MergeBase};
use super::{ReadingSession, SessionError, SidecarState, save};
use crate::model::anchoring::AnchorReport;
use crate::model::edit::edits_between;
use crate::model::merge::merge_by_id;
use crate::model::relation::{Relation, merge_relations};
use crate::model::{Annotation, AnnotationId, Edit, Layer, TagId};
use crate::store::{self, SidecarError};
use std::path::PathBuf;

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
    /// The sidecar's fingerprint as last read or written: when it is the same before and after
    /// some work, nothing was saved or reloaded in between.
    pub fn disk_fingerprint(&self) -> Option<&str> {
        self.disk_fingerprint.as_deref()
    }

    pub(super) fn take_from_disk(
        &mut self,
        mut disk_layer: Layer,
        fingerprint: String,
    ) -> MergeReport {
        // The file name decides whose layer this is.
        disk_layer.analyst = self.layer.analyst.clone();
        let disk_annotations = disk_layer.annotations().to_vec();
        let disk_layer_relations = disk_layer.relations().to_vec();
        let disk_reading_note = disk_layer.reading_note().to_owned();
        let mut report = MergeReport::default();
        // Taken out while the merge reads it, and replaced below.
        let old_base = std::mem::take(&mut self.merge_base);
        if self.has_unsaved_changes() {
            let base = old_base.parts(&self.sidecar_path);
            let outcome = merge_by_id(
                &base.annotations,
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
                &base.relations,
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
            let note_edit = self.reading_note_merge(&base.reading_note, &disk_reading_note);
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
                self.changed(None);
            }
        } else {
            self.layer = disk_layer;
            self.history.clear();
            self.changed(None);
            self.saved_revision = self.revision;
        }
        self.merge_base = old_base;
        self.merge_base.replace(MergeBase::Read(BaseParts {
            annotations: disk_annotations,
            relations: disk_layer_relations,
            reading_note: disk_reading_note,
        }));
        self.disk_fingerprint = Some(fingerprint);
        // A tag set chosen for the article applies to what was read too.
        self.apply_configured_tag_set();
        report
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
        self.merge_base.replace(MergeBase::default());
        if !self.layer.is_empty() {
            // The layer is not in any file now.
            self.changed(None);
        }
        Ok(Some(moved))
    }

    /// Counts the layer as changed, so that the next save writes the re-anchored offsets and the
    /// article's current hash even if no annotation was edited.
    pub fn mark_reanchored(&mut self) {
        self.changed(None);
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
        self.changed(None);
        report
    }
}
