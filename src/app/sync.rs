//! Sync from the window: the command (and its key), on a worker so the window stays live; the
//! set-up window (share this folder with a remote, or join a team's repository); syncing
//! every few minutes and on closing when the analyst turns it on; and when each teammate's
//! changes last came in, for the Team panel.

use super::CloseReadApp;
use super::jobs::{BackgroundJob, JobKind};
use crate::sync::{Identity, SyncError, SyncReport};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How often automatic sync runs.
pub(crate) const AUTOMATIC_EVERY: Duration = Duration::from_secs(5 * 60);

/// What a sync on the worker hands back.
pub(crate) enum SyncOutcome {
    Synced {
        report: SyncReport,
        /// When each analyst's sidecar of the open article last changed in the repository.
        synced: Vec<(String, i64)>,
        /// A timer's sync: said only when something happened.
        automatic: bool,
    },
    /// A timer's sync of a folder that is not shared: nothing to say.
    Quiet,
    /// A team's repository cloned into this folder: open it.
    Cloned(PathBuf),
    /// The folder is not in a repository: the set-up window asks for the remote.
    NotSetUp,
    Failed(String),
}

/// The set-up window's fields.
#[derive(Clone, Debug, Default)]
pub(crate) struct SyncSetupDraft {
    pub remote: String,
    pub clone_url: String,
    pub clone_folder: String,
    pub email: String,
    /// The address field takes the keyboard when the window is next drawn.
    pub focus: bool,
}

#[derive(Default)]
pub(crate) struct SyncState {
    /// When the last sync started (automatic sync counts from it).
    pub last_started: Option<Instant>,
    /// The set-up window, while it is open.
    pub setup: Option<SyncSetupDraft>,
    /// Per analyst: when their sidecar of the open article last changed in the repository
    /// (seconds since 1970).
    pub synced: Vec<(String, i64)>,
}

impl CloseReadApp {
    /// The folder a sync works on: the open project's, else the open article's.
    fn sync_folder(&self) -> Option<PathBuf> {
        if let Some(open) = &self.project.open {
            return Some(open.project.root.clone());
        }
        let session = self.session.as_ref()?;
        Some(
            session
                .article_path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
        )
    }

    /// The analyst as a committer.
    fn sync_identity(&self) -> Option<(Identity, String)> {
        let analyst = self
            .session
            .as_ref()
            .map(|session| session.analyst().to_owned())
            .or_else(|| self.article.analyst.clone())?;
        let values = &self.settings.values;
        let name = values
            .analyst_name
            .clone()
            .filter(|_| values.analyst.as_deref() == Some(analyst.as_str()))
            .unwrap_or_else(|| analyst.clone());
        let email = values
            .email
            .clone()
            .or_else(|| std::env::var("CLOSEREAD_EMAIL").ok())
            .filter(|email| !email.trim().is_empty())
            .unwrap_or_else(|| format!("{analyst}@closeread.invalid"));
        Some((Identity { name, email }, analyst))
    }

    /// Runs `work` on a worker as the sync job.
    fn start_sync_job(&mut self, work: impl FnOnce() -> SyncOutcome + Send + 'static) {
        let (sender, receiver) = mpsc::channel();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("sync".to_owned())
            .spawn(move || {
                let _ = sender.send(work());
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.sync.last_started = Some(Instant::now());
                self.jobs.start(BackgroundJob::Sync(receiver));
            }
            Err(error) => self.notify_error(format!("Cannot start the sync: {error}")),
        }
    }

    /// Saves, then syncs the project (or the article's folder) on a worker. `automatic`: a
    /// timer's sync, which says nothing when there is nothing to say.
    pub(super) fn start_sync(&mut self, automatic: bool) {
        if self.jobs.is_running(JobKind::Sync) {
            return;
        }
        if let Err(error) = self.save_now() {
            self.notify_error(format!(
                "Not synced: your annotations could not be saved first ({error})."
            ));
            return;
        }
        let (Some(folder), Some((identity, analyst))) = (self.sync_folder(), self.sync_identity())
        else {
            if !automatic {
                self.notify_info("Open an article or a project to sync it.");
            }
            return;
        };
        if !automatic {
            self.notify_info("Syncing…");
        }
        // Where the article's sidecars are, and its stem: for when each analyst last synced.
        let sidecars = self.session.as_ref().and_then(|session| {
            let folder = session.sidecar_path.parent()?.to_path_buf();
            let stem = session
                .article_path
                .file_stem()?
                .to_string_lossy()
                .into_owned();
            Some((folder, stem))
        });
        self.start_sync_job(
            move || match crate::sync::sync(&folder, &identity, &analyst) {
                Ok(report) => SyncOutcome::Synced {
                    synced: sidecars
                        .map(|(sidecars, stem)| {
                            crate::sync::last_changes(&folder, &identity, &sidecars, &stem)
                        })
                        .unwrap_or_default(),
                    report,
                    automatic,
                },
                Err(SyncError::NotARepository { .. } | SyncError::NoRemote { .. }) if automatic => {
                    SyncOutcome::Quiet
                }
                Err(SyncError::NotARepository { .. }) => SyncOutcome::NotSetUp,
                Err(error) => SyncOutcome::Failed(error.to_string()),
            },
        );
    }

    /// Makes the folder a repository with `remote`, on the worker, and syncs.
    pub(super) fn start_sync_init(&mut self, remote: String) {
        let (Some(folder), Some((identity, analyst))) = (self.sync_folder(), self.sync_identity())
        else {
            return;
        };
        self.sync.setup = None;
        self.notify_info(format!("Sharing {} with {remote}…", folder.display()));
        self.start_sync_job(move || {
            match crate::sync::init(&folder, remote.trim(), &identity, &analyst) {
                Ok(report) => SyncOutcome::Synced {
                    report,
                    synced: Vec::new(),
                    automatic: false,
                },
                Err(error) => SyncOutcome::Failed(error.to_string()),
            }
        });
    }

    /// Clones a team's repository into `folder`, on the worker, then opens it.
    pub(super) fn start_sync_clone(&mut self, url: String, folder: PathBuf) {
        let Some((identity, _)) = self.sync_identity() else {
            self.notify_info("Your name is needed first: open an article and give it.");
            return;
        };
        self.sync.setup = None;
        self.notify_info(format!("Cloning {url} into {}…", folder.display()));
        self.start_sync_job(
            move || match crate::sync::clone(url.trim(), &folder, &identity) {
                Ok(()) => SyncOutcome::Cloned(folder),
                Err(error) => SyncOutcome::Failed(error.to_string()),
            },
        );
    }

    pub(super) fn finish_sync(&mut self, outcome: Option<SyncOutcome>) {
        match outcome {
            Some(SyncOutcome::Synced {
                report,
                synced,
                automatic,
            }) => {
                if !synced.is_empty() {
                    self.sync.synced = synced;
                }
                let nothing_happened = report.commit.is_none()
                    && report.pulled.is_empty()
                    && report.conflicts.is_empty()
                    && !report.offline;
                if automatic && nothing_happened {
                    return;
                }
                let text = report.lines().join(" ");
                if report.conflicts.is_empty() {
                    self.notify_info(text);
                } else {
                    self.notify_error(text);
                }
            }
            Some(SyncOutcome::Cloned(folder)) => {
                self.notify_info(format!("Cloned into {}.", folder.display()));
                if crate::project::Project::manifest_path(&folder).exists() {
                    self.apply_command(
                        &self.ctx.clone(),
                        crate::command::AppCommand::Project(crate::command::ProjectCommand::Open(
                            folder,
                        )),
                    );
                }
            }
            Some(SyncOutcome::NotSetUp) => {
                self.notify_info(
                    "This folder is not shared yet: give the team's repository's address.",
                );
                self.sync.setup = Some(self.new_setup_draft());
            }
            Some(SyncOutcome::Failed(message)) => self.notify_error(format!("Sync: {message}")),
            Some(SyncOutcome::Quiet) => {}
            None => self.notify_error("Sync: the worker stopped unexpectedly."),
        }
    }

    pub(super) fn apply_sync_command(&mut self, command: crate::command::SyncCommand) {
        use crate::command::SyncCommand;
        match command {
            SyncCommand::Now => self.start_sync(false),
            SyncCommand::ShowSetup(show) => {
                self.sync.setup = show.then(|| self.new_setup_draft());
            }
            SyncCommand::SetEmail(email) => {
                let email = email.trim();
                if !email.is_empty() && self.settings.values.email.as_deref() != Some(email) {
                    self.settings.values.email = Some(email.to_owned());
                    self.save_settings();
                }
            }
            SyncCommand::Init(remote) => self.start_sync_init(remote),
            SyncCommand::Clone(url, folder) => self.start_sync_clone(url, folder),
            SyncCommand::SetAutomatic(on) => {
                self.settings.values.auto_sync = on;
                self.save_settings();
                self.notify_info(if on {
                    "Syncing automatically every five minutes and on closing."
                } else {
                    "Automatic sync is off: sync with Ctrl+Shift+Y."
                });
            }
        }
    }

    /// The set-up window's fields as it opens: the folder to clone into proposed beside the
    /// one open, the address field with the keyboard.
    fn new_setup_draft(&self) -> SyncSetupDraft {
        SyncSetupDraft {
            clone_folder: self
                .sync_folder()
                .and_then(|folder| folder.parent().map(Path::to_path_buf))
                .unwrap_or_default()
                .join("team-project")
                .display()
                .to_string(),
            focus: true,
            email: self.settings.values.email.clone().unwrap_or_default(),
            ..SyncSetupDraft::default()
        }
    }

    /// Automatic sync, when on: every [`AUTOMATIC_EVERY`] while an article or project is open.
    pub(super) fn automatic_sync_tick(&mut self, ctx: &egui::Context) {
        if !self.settings.values.auto_sync
            || (self.session.is_none() && self.project.open.is_none())
        {
            return;
        }
        let due = self.sync.last_started.map_or(Duration::ZERO, |started| {
            AUTOMATIC_EVERY.saturating_sub(started.elapsed())
        });
        if due.is_zero() {
            self.start_sync(true);
        } else {
            ctx.request_repaint_after(due);
        }
    }

    /// On closing, with automatic sync on: a `closeread sync` of its own, so that the window
    /// closes at once and the sync finishes after it (waiting for one the window was running).
    pub(super) fn sync_on_closing(&mut self) {
        if !self.settings.values.auto_sync {
            return;
        }
        let (Some(folder), Some((identity, analyst))) = (self.sync_folder(), self.sync_identity())
        else {
            return;
        };
        let Ok(closeread) = std::env::current_exe() else {
            return;
        };
        let _ = std::process::Command::new(closeread)
            .arg("sync")
            .arg(&folder)
            .args(["--analyst", &analyst, "--email", &identity.email, "--wait"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
}

impl CloseReadApp {
    /// The set-up window, while it is open.
    pub(super) fn sync_setup_window(
        &mut self,
        ctx: &egui::Context,
    ) -> Vec<crate::command::AppCommand> {
        let folder = self
            .sync_folder()
            .map(|folder| folder.display().to_string())
            .unwrap_or_else(|| "The project's folder".to_owned());
        let Some(draft) = &mut self.sync.setup else {
            return Vec::new();
        };
        crate::ui::sync_window::sync_setup_window_ui(
            ctx,
            crate::ui::sync_window::SyncSetupFields {
                remote: &mut draft.remote,
                clone_url: &mut draft.clone_url,
                clone_folder: &mut draft.clone_folder,
                email: &mut draft.email,
                focus: &mut draft.focus,
            },
            &folder,
        )
    }

    /// Reads, for the open article, when each analyst's work on it last came in (nothing when
    /// its folder is not in a repository); a few `git log`s.
    pub(super) fn refresh_sync_times(&mut self) {
        self.sync.synced = Vec::new();
        let (Some(session), Some(folder), Some((identity, _))) =
            (&self.session, self.sync_folder(), self.sync_identity())
        else {
            return;
        };
        let (Some(sidecars), Some(stem)) = (
            session.sidecar_path.parent().map(Path::to_path_buf),
            session
                .article_path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned()),
        ) else {
            return;
        };
        self.sync.synced = crate::sync::last_changes(&folder, &identity, &sidecars, &stem);
    }

    /// When `analyst`'s work on the open article last came through a sync, as "5 min ago".
    pub(super) fn last_synced(&self, analyst: &str) -> Option<String> {
        self.sync
            .synced
            .iter()
            .find(|(name, _)| name == analyst)
            .map(|(_, time)| ago(*time))
    }
}

/// "5 min ago", "3 h ago", "2 days ago" for a Unix time.
pub(crate) fn ago(seconds: i64) -> String {
    let now = chrono::Utc::now().timestamp();
    let elapsed = (now - seconds).max(0);
    match elapsed {
        0..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", elapsed / 60),
        3600..86_400 => format!("{} h ago", elapsed / 3600),
        _ => format!("{} days ago", elapsed / 86_400),
    }
}
