//! Saving a session's layer to its sidecar: at once ([`ReadingSession::save`]), or in the
//! background ([`ReadingSession::start_background_save`]) so that a window's autosave of a
//! large layer (20,000 annotations serialise in ~60 ms) never holds up a frame.
//!
//! A background save copies the layer (a few ms), then a worker thread takes the write lock,
//! checks that the file on disk is still the one last read or written here, serialises, writes
//! atomically and hands back what it wrote. If the file changed meanwhile, the worker writes
//! nothing and the session falls back to the merging save, so changes made elsewhere are never
//! overwritten. Every other operation on the sidecar (a save, a reload, a check for changes)
//! first waits for a background save to finish and takes in its result: the base for merges
//! is then always the file as it really is.

use super::merge_base::MergeBase;
use super::{MergeReport, ReadingSession, SessionError, SidecarState};
use crate::model::Layer;
use crate::store::{self, SidecarError};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// A background save in flight: where its outcome will arrive.
#[derive(Debug)]
pub(super) struct BackgroundSave {
    outcome: mpsc::Receiver<BackgroundOutcome>,
}

/// What a background save's worker did.
#[derive(Debug)]
enum BackgroundOutcome {
    /// The snapshot taken at `revision` is on disk; its annotations and relations are the new
    /// base for merges.
    Written {
        revision: u64,
        fingerprint: String,
        text: String,
    },
    /// The file had been changed elsewhere since it was last read or written here: nothing was
    /// written, and the changes are to be merged by a full save.
    ChangedOnDisk,
    Failed(SessionError),
}

/// What the worker needs: an owned copy of everything written.
struct Snapshot {
    sidecar_path: PathBuf,
    article_name: String,
    article_sha256: String,
    layer: Layer,
    revision: u64,
    /// The fingerprint the file on disk must still have for the snapshot to be written.
    expected_fingerprint: Option<String>,
}

impl ReadingSession {
    /// The sidecar text for the current layer.
    pub fn sidecar_text(&self) -> Result<String, SessionError> {
        serialise(
            &self.layer,
            &self.article_name(),
            self.document.sha256_hex(),
            &self.sidecar_path,
        )
    }

    /// Saves atomically. Refused while the sidecar is blocked, so an unreadable file is never
    /// overwritten. If the file changed on disk since it was last read or written (another
    /// window, the CLI, a `git pull`), those changes are merged in first, never overwritten.
    /// A background save still running is waited for first.
    pub fn save(&mut self) -> Result<MergeReport, SessionError> {
        // Its failure needs no report of its own: this save tries again and reports.
        let _ = self.wait_for_background_save();
        self.check_writable()?;
        // Another writer (a second window, `closeread add`) waits while we read, merge and
        // write, and then merges what we wrote: no update is lost between the two.
        let _write_lock = lock_for_writing(&self.sidecar_path)?;
        let report = self.merge_changes_on_disk()?;
        if let Some(error) = &report.error {
            // The changes made elsewhere could not be taken in: writing now would lose them.
            return Err(SessionError::MergeFailed(
                self.sidecar_path.clone(),
                error.clone(),
            ));
        }
        let text = self.sidecar_text()?;
        store::write_atomically(&self.sidecar_path, text.as_bytes())
            .map_err(|source| write_error(&self.sidecar_path, source))?;
        self.take_written(self.revision, store::fingerprint(text.as_bytes()), text);
        Ok(report)
    }

    /// Starts saving a copy of the layer on a worker thread and returns at once; `on_done` is
    /// called from the worker when it has finished (a window asks for a repaint there). The
    /// outcome is taken in by [`Self::poll_background_save`], or by any later operation on
    /// the sidecar. Refused, like [`Self::save`], while the session is read-only or blocked.
    /// Does nothing while another background save is running.
    pub fn start_background_save(
        &mut self,
        on_done: impl FnOnce() + Send + 'static,
    ) -> Result<(), SessionError> {
        if self.background_save.is_some() {
            return Ok(());
        }
        self.check_writable()?;
        let snapshot = Snapshot {
            sidecar_path: self.sidecar_path.clone(),
            article_name: self.article_name(),
            article_sha256: self.document.sha256_hex().to_owned(),
            layer: self.layer.clone(),
            revision: self.revision,
            expected_fingerprint: self.disk_fingerprint.clone(),
        };
        let (sender, outcome) = mpsc::channel();
        std::thread::Builder::new()
            .name("save".to_owned())
            .spawn(move || {
                // The session may be gone meanwhile (the window closed); the file is written
                // all the same, and nobody needs the outcome.
                let _ = sender.send(write_snapshot(snapshot));
                on_done();
            })
            .map_err(|source| write_error(&self.sidecar_path, source))?;
        self.background_save = Some(BackgroundSave { outcome });
        Ok(())
    }

    /// Whether a background save is running.
    pub fn is_saving_in_background(&self) -> bool {
        self.background_save.is_some()
    }

    /// Takes in a background save that has finished, without waiting. `None` while it runs or
    /// if there is none. When the file had changed elsewhere meanwhile, this is where those
    /// changes are merged and saved (at once, as [`Self::save`] does).
    pub fn poll_background_save(&mut self) -> Option<Result<MergeReport, SessionError>> {
        let outcome = match self.background_save.as_ref()?.outcome.try_recv() {
            Ok(outcome) => outcome,
            Err(mpsc::TryRecvError::Empty) => return None,
            Err(mpsc::TryRecvError::Disconnected) => thread_lost(&self.sidecar_path),
        };
        self.background_save = None;
        Some(self.take_background_outcome(outcome))
    }

    /// Waits for a background save, if one is running, and takes in its outcome.
    pub(crate) fn wait_for_background_save(&mut self) -> Option<Result<MergeReport, SessionError>> {
        let pending = self.background_save.take()?;
        let outcome = pending
            .outcome
            .recv()
            .unwrap_or_else(|_| thread_lost(&self.sidecar_path));
        Some(self.take_background_outcome(outcome))
    }

    fn take_background_outcome(
        &mut self,
        outcome: BackgroundOutcome,
    ) -> Result<MergeReport, SessionError> {
        match outcome {
            BackgroundOutcome::Written {
                revision,
                fingerprint,
                text,
            } => {
                self.take_written(revision, fingerprint, text);
                Ok(MergeReport::default())
            }
            BackgroundOutcome::ChangedOnDisk => self.save(),
            BackgroundOutcome::Failed(error) => Err(error),
        }
    }

    /// Records that the layer as it was at `revision` is on disk as `text`, with `fingerprint`
    /// (the new base for merges). Changes made since then stay unsaved.
    fn take_written(&mut self, revision: u64, fingerprint: String, text: String) {
        self.saved_revision = revision;
        self.sidecar_state = SidecarState::Loaded;
        self.disk_fingerprint = Some(fingerprint);
        self.merge_base.replace(MergeBase::Written(text));
    }

    fn merge_changes_on_disk(&mut self) -> Result<MergeReport, SessionError> {
        let Some(on_disk) = fingerprint_on_disk(&self.sidecar_path)? else {
            return Ok(MergeReport::default());
        };
        if self.disk_fingerprint.as_deref() == Some(on_disk.as_str()) {
            return Ok(MergeReport::default());
        }
        let report = self.load_sidecar();
        self.check_writable()?;
        Ok(report)
    }
}

/// The worker's part of a background save: lock, check, serialise, write.
fn write_snapshot(snapshot: Snapshot) -> BackgroundOutcome {
    let path = &snapshot.sidecar_path;
    let attempt = || -> Result<BackgroundOutcome, SessionError> {
        let _write_lock = lock_for_writing(path)?;
        // Missing (deleted meanwhile, or never written): the snapshot makes it anew, as a
        // save does.
        if let Some(on_disk) = fingerprint_on_disk(path)?
            && snapshot.expected_fingerprint.as_deref() != Some(on_disk.as_str())
        {
            return Ok(BackgroundOutcome::ChangedOnDisk);
        }
        let text = serialise(
            &snapshot.layer,
            &snapshot.article_name,
            &snapshot.article_sha256,
            path,
        )?;
        store::write_atomically(path, text.as_bytes())
            .map_err(|source| write_error(path, source))?;
        Ok(BackgroundOutcome::Written {
            revision: snapshot.revision,
            fingerprint: store::fingerprint(text.as_bytes()),
            text,
        })
    };
    attempt().unwrap_or_else(BackgroundOutcome::Failed)
}

fn serialise(
    layer: &Layer,
    article_name: &str,
    article_sha256: &str,
    sidecar_path: &Path,
) -> Result<String, SessionError> {
    store::layer_to_ron_string(layer, article_name, article_sha256).map_err(|error| {
        SessionError::Sidecar(SidecarError::Invalid {
            path: sidecar_path.to_owned(),
            message: format!("cannot serialise: {error}"),
        })
    })
}

/// Takes the sidecar's write lock (making its folder first), then removes the temporary
/// files a writer killed between writing and renaming left behind: with the lock held, no
/// other writer can be halfway.
fn lock_for_writing(sidecar_path: &Path) -> Result<store::lock::WriteLock, SessionError> {
    if let Some(folder) = sidecar_path.parent()
        && !folder.as_os_str().is_empty()
    {
        std::fs::create_dir_all(folder).map_err(|source| write_error(sidecar_path, source))?;
    }
    let lock = store::lock::lock_for_writing(sidecar_path)
        .map_err(|source| write_error(sidecar_path, source))?;
    store::remove_leftover_temporaries(sidecar_path);
    Ok(lock)
}

/// The [`store::fingerprint`] of the sidecar as it is on disk; `None` if there is none.
pub(super) fn fingerprint_on_disk(sidecar_path: &Path) -> Result<Option<String>, SessionError> {
    match std::fs::read(sidecar_path) {
        Ok(bytes) => Ok(Some(store::fingerprint(&bytes))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SidecarError::Io {
            path: sidecar_path.to_owned(),
            source,
        }
        .into()),
    }
}

/// The outcome when the worker went away without sending one (it panicked).
fn thread_lost(sidecar_path: &Path) -> BackgroundOutcome {
    BackgroundOutcome::Failed(
        write_error(
            sidecar_path,
            std::io::Error::other("the saving thread stopped without a result"),
        )
        .into(),
    )
}

fn write_error(sidecar_path: &Path, source: std::io::Error) -> SidecarError {
    SidecarError::Write {
        path: sidecar_path.to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotationId, TagId};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    const TEXT: &str = "Taxes rose 5% in 2024. Wages fell. Prices rose. Cut taxes now.";

    fn open(dir: &Path) -> ReadingSession {
        let article = dir.join("piece.txt");
        if !article.exists() {
            std::fs::write(&article, TEXT).expect("write article");
        }
        ReadingSession::open(&article, None, "ana").expect("open")
    }

    fn add(session: &mut ReadingSession, start: usize, end: usize) -> AnnotationId {
        session
            .add_annotation(start, end, TagId::new("evidence"), String::new())
            .expect("adds")
    }

    fn ids_on_disk(dir: &Path) -> Vec<AnnotationId> {
        let reopened = open(dir);
        reopened
            .layer()
            .annotations()
            .iter()
            .map(|a| a.id)
            .collect()
    }

    #[test]
    fn a_background_save_writes_the_layer_as_it_was_and_later_edits_stay_unsaved() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut session = open(dir.path());
        let first = add(&mut session, 0, 21);
        let called = Arc::new(AtomicBool::new(false));
        let flag = called.clone();
        session
            .start_background_save(move || flag.store(true, Ordering::SeqCst))
            .expect("starts");
        assert!(session.is_saving_in_background());
        let second = add(&mut session, 23, 34);
        let outcome = session.wait_for_background_save().expect("a save ran");
        assert_eq!(outcome.expect("saved"), MergeReport::default());
        // The worker sends its outcome and then says it is done (so that a window polling on
        // that signal finds the outcome there): the signal may come a moment after.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !called.load(Ordering::SeqCst) {
            assert!(
                std::time::Instant::now() < deadline,
                "the worker never said"
            );
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert!(!session.is_saving_in_background());
        assert_eq!(ids_on_disk(dir.path()), vec![first]);
        assert!(session.has_unsaved_changes(), "the second tag came later");

        session.start_background_save(|| {}).expect("starts");
        let polled = loop {
            if let Some(outcome) = session.poll_background_save() {
                break outcome;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        };
        polled.expect("saved");
        assert!(!session.has_unsaved_changes());
        let mut expected = vec![first, second];
        expected.sort_by_key(|id| session.layer().position(*id));
        assert_eq!(ids_on_disk(dir.path()), expected);
        // What was written is the base: reading it back merges nothing and reloads nothing.
        assert!(!session.sidecar_changed_on_disk());
    }

    #[test]
    fn an_undo_made_while_the_worker_writes_is_not_undone_by_the_next_save() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut session = open(dir.path());
        let kept = add(&mut session, 0, 21);
        session.save().expect("saves");
        let undone = add(&mut session, 23, 34);
        let saved_once = std::fs::read(&session.sidecar_path).expect("saved");
        session.start_background_save(|| {}).expect("starts");
        // The worker has written the tag; it is undone before the save is taken in, and the
        // save that follows must not take the file's copy of it for an addition made elsewhere.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::fs::read(&session.sidecar_path).expect("readable") == saved_once {
            assert!(
                std::time::Instant::now() < deadline,
                "the worker never wrote"
            );
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        session.undo().expect("undo");
        assert!(session.layer().get(undone).is_none());
        session.save().expect("saves");
        assert_eq!(ids_on_disk(dir.path()), vec![kept]);
        assert!(session.layer().get(undone).is_none());
        assert!(!session.has_unsaved_changes());
    }

    #[test]
    fn a_background_save_merges_changes_made_elsewhere_instead_of_overwriting_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut window = open(dir.path());
        let mut other = open(dir.path());
        let theirs = add(&mut other, 35, 47);
        other.save().expect("the other writer saves");
        let ours = add(&mut window, 0, 21);
        window.start_background_save(|| {}).expect("starts");
        let report = window
            .wait_for_background_save()
            .expect("a save ran")
            .expect("merged and saved");
        assert!(report.merged, "the other writer's tag was merged in");
        assert!(!window.has_unsaved_changes());
        let on_disk = ids_on_disk(dir.path());
        assert!(
            on_disk.contains(&ours) && on_disk.contains(&theirs),
            "{on_disk:?}"
        );
        assert!(window.layer().get(theirs).is_some());
    }

    #[test]
    fn notes_past_the_limit_are_refused_and_the_layer_is_unchanged() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut session = open(dir.path());
        let long = "x".repeat(crate::session::MAX_NOTE_CHARS + 1);
        let refused = session
            .add_annotation(0, 21, TagId::new("claim"), long.clone())
            .expect_err("too long");
        assert!(refused.to_string().contains("100000"), "{refused}");
        assert!(session.layer().is_empty());
        let id = add(&mut session, 0, 21);
        let at_limit = "y".repeat(crate::session::MAX_NOTE_CHARS);
        session
            .set_note(id, at_limit.clone(), false)
            .expect("a note at the limit is fine");
        assert!(matches!(
            session.set_note(id, long, false),
            Err(SessionError::NoteTooLong(_))
        ));
        assert_eq!(session.layer().get(id).expect("kept").note, at_limit);
    }

    #[test]
    fn a_read_only_or_blocked_session_starts_no_background_save() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut session = open(dir.path());
        add(&mut session, 0, 21);
        session.set_read_only(Some("another window".to_owned()));
        let refused = session.start_background_save(|| {}).expect_err("read-only");
        assert!(matches!(refused, SessionError::ReadOnly(..)), "{refused}");
        assert!(!session.is_saving_in_background());
        assert!(!session.sidecar_path.exists());

        let broken = "(format: \"closeread-sidecar\", version: 1, article: ";
        std::fs::write(&session.sidecar_path, broken).expect("break the sidecar");
        let mut blocked = open(dir.path());
        assert!(blocked.is_blocked());
        assert!(blocked.start_background_save(|| {}).is_err());
        assert_eq!(
            std::fs::read_to_string(&blocked.sidecar_path).expect("kept"),
            broken
        );
    }
}
