//! The open article's ties to its files: the folders and analyst it was opened with, the lock
//! on the analyst's sidecar, the watcher on its folders, autosave, and closing (which saves).

use super::{AUTOSAVE_DELAY, CloseReadApp, watch};
use crate::session::ReadingSession;
use crate::store::lock::{self, LockOutcome, SidecarLock};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What ties the window's article to the files on disk.
pub(crate) struct ArticleLink {
    /// The annotations folder named on the command line, for every article opened.
    pub annotations_dir: Option<PathBuf>,
    /// The analyst whose layer the window edits (`None` until the prompt is answered).
    pub analyst: Option<String>,
    /// Held while this window edits the analyst's sidecar; tells a second window.
    pub sidecar_lock: Option<SidecarLock>,
    /// Watches the article's folder and the annotations folder for changes made elsewhere.
    pub watcher: Option<watch::FolderWatcher>,
    /// The article file as last read, to tell a real edit from a touch.
    pub stamp: Option<watch::FileStamp>,
    pub autosave: AutosaveClock,
    /// The analyst chose to quit although saving failed.
    pub quit_without_saving: bool,
    /// Article and sidecar sizes (together) from which opening runs off the UI thread.
    pub background_open_bytes: u64,
}

impl ArticleLink {
    pub fn new(annotations_dir: Option<PathBuf>, analyst: Option<String>) -> Self {
        Self {
            annotations_dir,
            analyst,
            sidecar_lock: None,
            watcher: None,
            stamp: None,
            autosave: AutosaveClock::default(),
            quit_without_saving: false,
            background_open_bytes: super::BACKGROUND_OPEN_BYTES,
        }
    }

    /// Locks the session's sidecar for this window; when another window holds it, the
    /// session becomes read-only (saying whose).
    pub fn lock_sidecar(&mut self, session: &mut ReadingSession) {
        self.sidecar_lock = None;
        match lock::try_lock(&session.sidecar_path) {
            Ok(LockOutcome::Acquired(lock)) => self.sidecar_lock = Some(lock),
            Ok(LockOutcome::HeldBy(holder)) => session.set_read_only(Some(holder.to_string())),
            // A folder we cannot write to: saving will say so.
            Err(_) => {}
        }
    }

    /// Watches the article's folder and the annotations folder for the article, its sidecars
    /// and tag set (`<stem>.…`) and the folder's tag set, changed elsewhere.
    pub fn watch_folders(&mut self, session: &ReadingSession, ctx: &egui::Context) {
        let folders = vec![
            session
                .article_path
                .parent()
                .map(PathBuf::from)
                .unwrap_or_default(),
            session.annotations_folder(),
        ];
        self.stamp = watch::stamp_of(&session.article_path);
        let prefix = format!(
            "{}.",
            session
                .article_path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        let wanted = move |name: &str| {
            name.starts_with(&prefix) || name == crate::store::tag_sets::PROJECT_TAG_SET_FILE
        };
        self.watcher = watch::FolderWatcher::new(&folders, wanted, ctx).ok();
    }
}

/// When the layer last changed, for saving [`AUTOSAVE_DELAY`] after the last change.
pub(crate) struct AutosaveClock {
    /// The session's revision last seen.
    pub seen_revision: u64,
    pub changed_at: Instant,
}

impl Default for AutosaveClock {
    fn default() -> Self {
        Self {
            seen_revision: 0,
            changed_at: Instant::now(),
        }
    }
}

impl AutosaveClock {
    /// Restarts the delay when the session has changed since the last frame.
    pub fn note_revision(&mut self, revision: u64) {
        if revision != self.seen_revision {
            self.seen_revision = revision;
            self.changed_at = Instant::now();
        }
    }

    /// How long until the save is due (`None`: it is due now).
    pub fn wait_left(&self) -> Option<Duration> {
        AUTOSAVE_DELAY
            .checked_sub(self.changed_at.elapsed())
            .filter(|wait| !wait.is_zero())
    }

    /// Tries again after another delay (a failed save is not retried every frame).
    pub fn postpone(&mut self) {
        self.changed_at = Instant::now();
    }
}

impl CloseReadApp {
    /// Acts on files changed on disk once their folder is quiet: teammates' sidecars and our
    /// own are reloaded, and an edited article is read again with the annotations mapped
    /// through the edit.
    pub(super) fn pick_up_changes_on_disk(&mut self) {
        let Some(changed) = self
            .article
            .watcher
            .as_ref()
            .map(|watcher| watcher.take_settled_changes(&self.ctx))
        else {
            return;
        };
        if changed.is_empty() {
            return;
        }
        self.reload_changed_sidecars(&changed);
        let Some(session) = &mut self.session else {
            return;
        };
        let article_named = session
            .article_path
            .file_name()
            .is_some_and(|name| changed.contains(name));
        let stamp = watch::stamp_of(&session.article_path);
        if !article_named || stamp.is_none() || stamp == self.article.stamp {
            return;
        }
        self.article.stamp = stamp;
        self.reload_article();
    }

    /// Saves within [`AUTOSAVE_DELAY`] of the last change, and wakes the UI up to do so. The
    /// save runs on a worker thread (serialising 20,000 annotations takes longer than a frame);
    /// its outcome is taken in here on a later frame, which the worker asks for.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let Some(session) = &mut self.session else {
            return;
        };
        match session.poll_background_save() {
            Some(Ok(report)) => self.report_merge(&report),
            Some(Err(error)) => return self.autosave_failed(ctx, &error),
            None => {}
        }
        let Some(session) = &mut self.session else {
            return;
        };
        self.article.autosave.note_revision(session.revision());
        if !session.has_unsaved_changes()
            || session.is_blocked()
            || session.is_saving_in_background()
        {
            return;
        }
        if let Some(wait) = self.article.autosave.wait_left() {
            ctx.request_repaint_after(wait);
            return;
        }
        self.settings.record_analyst_name(session);
        let worker_ctx = ctx.clone();
        if let Err(error) = session.start_background_save(move || worker_ctx.request_repaint()) {
            self.autosave_failed(ctx, &error);
        }
    }

    fn autosave_failed(&mut self, ctx: &egui::Context, error: &crate::session::SessionError) {
        // Try again after another delay rather than every frame.
        self.article.autosave.postpone();
        ctx.request_repaint_after(AUTOSAVE_DELAY);
        self.notify_error(format!("Autosave failed: {error}"));
    }

    /// Saves unsaved changes now (Ctrl+S, exit, before opening another article), telling the
    /// analyst about changes made elsewhere that were merged in.
    pub(crate) fn save_now(&mut self) -> Result<(), crate::session::SessionError> {
        let report = match &mut self.session {
            Some(session) if session.has_unsaved_changes() => {
                self.settings.record_analyst_name(session);
                session.save()?
            }
            _ => return Ok(()),
        };
        self.report_merge(&report);
        Ok(())
    }

    pub(super) fn report_merge(&mut self, report: &crate::session::MergeReport) {
        if let Some(error) = &report.error {
            self.notify_error(format!(
                "Changes made to the sidecar elsewhere could not be merged: {error}"
            ));
        } else if report.merged {
            let conflicts = match report.conflicts {
                0 => String::new(),
                count => format!(
                    " {count} annotation(s) had been changed on both sides: your tag and bounds were kept, and both notes."
                ),
            };
            let removed = match report.relations_removed {
                0 => String::new(),
                count => format!(
                    " {count} relation(s) no longer fitted the tags changed elsewhere and were removed (undo brings them back)."
                ),
            };
            self.notify_info(format!(
                "The sidecar had been changed elsewhere (another window, the command line or a sync); those changes were merged in.{conflicts}{removed}"
            ));
        }
    }

    /// Closing the window saves first; if that fails the window stays open with the error,
    /// and the analyst decides (File › Quit without saving).
    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|input| input.viewport().close_requested())
            || self.article.quit_without_saving
        {
            return;
        }
        if let Err(error) = self.save_now() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.notify_error(format!(
                "Not closing: your annotations could not be saved ({error}). Fix the problem and close again, or choose File › Quit without saving."
            ));
        }
    }
}
