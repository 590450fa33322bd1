//! Sidecars changed on disk (a sync, a `git pull`, another window): large ones are read and
//! re-anchored on a worker and taken in when it is done; small ones are read at once. The own
//! sidecar is then merged with unsaved changes as [`crate::session::ReadingSession::load_sidecar`]
//! does, provided nothing was saved meanwhile (else it is read again at once); teammates' go
//! to the Team panel through [`super::team::TeamState::refresh`].

use super::CloseReadApp;
use super::jobs::{BackgroundJob, JobKind};
use super::team::PreloadedLayer;
use crate::progress::Job;
use std::collections::HashSet;
use std::ffi::OsString;

/// What reading teammates' sidecars hands back.
pub(crate) type TeammatesRead = Result<Vec<PreloadedLayer>, crate::progress::Cancelled>;

/// What reading the own sidecar hands back.
pub(crate) type OwnLoaded =
    Result<Option<crate::store::sidecar::LoadedSidecar>, crate::store::SidecarError>;

pub(crate) struct TeammateReload {
    pub job: Job<TeammatesRead>,
    /// The file names that changed, for the refresh that takes the layers in.
    changed: HashSet<OsString>,
    /// The article they were read against.
    article: std::path::PathBuf,
}

impl CloseReadApp {
    /// Reads the changed teammates' sidecars on a worker when together they are large;
    /// returns whether it did (else the caller reads them at once).
    pub(super) fn reload_teammates_in_background(&mut self, changed: &HashSet<OsString>) -> bool {
        let Some(session) = &self.session else {
            return false;
        };
        let files: Vec<crate::team::LayerFile> = super::team::teammate_files(session)
            .into_iter()
            .filter(|file| {
                file.path
                    .file_name()
                    .is_some_and(|name| changed.contains(name))
            })
            .collect();
        let bytes: u64 = files
            .iter()
            .map(|file| super::open::file_size(&file.path))
            .sum();
        if files.is_empty() || bytes < self.article.background_open_bytes {
            return false;
        }
        // Changes arriving while a reload runs are read with it: start again with all names.
        let mut names = changed.clone();
        if let Some(BackgroundJob::TeammateReload(previous)) =
            self.jobs.cancel(JobKind::TeammateReload)
        {
            names.extend(previous.changed);
        }
        let document = session.document.clone();
        let article_name = session.article_name();
        let worker_ctx = self.ctx.clone();
        let job = Job::spawn(
            "Reading teammates' layers",
            move |progress| super::team::read_teammates(files, &document, &article_name, progress),
            move || worker_ctx.request_repaint(),
        );
        match job {
            Ok(job) => {
                self.jobs
                    .start(BackgroundJob::TeammateReload(TeammateReload {
                        job,
                        changed: names,
                        article: session.article_path.clone(),
                    }));
                true
            }
            Err(_) => false,
        }
    }

    /// Takes in the teammates' layers read on the worker.
    pub(super) fn finish_teammate_reload(
        &mut self,
        reload: TeammateReload,
        outcome: Result<TeammatesRead, crate::progress::WorkerLost>,
    ) {
        let Some(session) = self
            .session
            .as_ref()
            .filter(|session| session.article_path == reload.article)
        else {
            return;
        };
        match outcome {
            Ok(Ok(layers)) => {
                self.team.preloaded = layers;
                let reloaded = self.team.refresh(session, Some(&reload.changed));
                if !reloaded.is_empty() {
                    self.notify_info(format!("Reloaded from disk: {}.", reloaded.join(", ")));
                }
            }
            Ok(Err(crate::progress::Cancelled)) => {}
            Err(lost) => {
                self.notify_error(format!("Reading the teammates' layers failed: {lost}."))
            }
        }
    }

    /// Whether teammates' layers are being read on a worker (tests wait for it).
    pub fn is_reloading_teammates(&self) -> bool {
        self.jobs.is_running(JobKind::TeammateReload)
    }
}

/// The own sidecar being read on a worker.
pub(crate) struct OwnReload {
    pub job: Job<OwnLoaded>,
    /// The session's fingerprint when the worker started: the merge base is right only if it
    /// is the same when the result is taken in.
    fingerprint: Option<String>,
    article: std::path::PathBuf,
}

impl CloseReadApp {
    /// Reads the own sidecar, changed on disk, on a worker when it is large; returns whether
    /// it did (else the caller reads it at once).
    pub(super) fn reload_own_sidecar_in_background(&mut self) -> bool {
        let Some(session) = &mut self.session else {
            return false;
        };
        if super::open::file_size(&session.sidecar_path) < self.article.background_open_bytes {
            return false;
        }
        // What a background save wrote must be the base before the file is read.
        let _ = session.wait_for_background_save();
        self.jobs.cancel(JobKind::OwnReload);
        let path = session.sidecar_path.clone();
        let document = session.document.clone();
        let article_name = session.article_name();
        let worker_ctx = self.ctx.clone();
        let job = Job::spawn(
            "Reading your sidecar",
            move |progress| {
                crate::store::sidecar::load_sidecar_with_progress(
                    &path,
                    &document,
                    &article_name,
                    progress,
                )
            },
            move || worker_ctx.request_repaint(),
        );
        match job {
            Ok(job) => {
                self.jobs.start(BackgroundJob::OwnReload(OwnReload {
                    job,
                    fingerprint: session.disk_fingerprint().map(str::to_owned),
                    article: session.article_path.clone(),
                }));
                true
            }
            Err(_) => false,
        }
    }

    /// Takes in the own sidecar read on the worker, merged with unsaved changes.
    pub(super) fn finish_own_reload(
        &mut self,
        reload: OwnReload,
        outcome: Result<OwnLoaded, crate::progress::WorkerLost>,
    ) {
        let Some(session) = self
            .session
            .as_mut()
            .filter(|session| session.article_path == reload.article)
        else {
            return;
        };
        let nothing_saved_since = session.disk_fingerprint() == reload.fingerprint.as_deref()
            && !session.is_saving_in_background();
        let report = match outcome {
            Ok(Err(crate::store::SidecarError::Cancelled { .. })) => return,
            Ok(loaded) if nothing_saved_since => session.apply_loaded_sidecar(loaded),
            // Saved or reloaded meanwhile, or the worker died: read it again now.
            _ => session.load_sidecar(),
        };
        self.notify_info(super::team::own_sidecar_reloaded_message(&report));
        if let Some(error) = &report.error {
            self.notify_error(format!(
                "Changes made to the sidecar elsewhere could not be merged: {error}"
            ));
        }
    }
}
