//! The one registry of background work: the file dialog, exports, opening a large article,
//! following an outside edit of the article, and reading changed sidecars.
//!
//! Each running piece of work is a [`BackgroundJob`] variant held by [`Jobs`]. The frame calls
//! [`Jobs::poll`] once per frame and handles each [`Finished`] variant in one `match`
//! (`CloseReadApp::take_in_finished_jobs` in `frame.rs`); Esc calls [`Jobs::cancel_topmost`];
//! a new article calls [`Jobs::cancel_all`]. A new kind of background work is a variant here
//! (with its [`JobKind`], its arm in [`BackgroundJob::finish`] and in the app's `match`), not a
//! field, a poll function and a cancel arm of its own. Agreement over large layers stays in the
//! team state (`team.rs`): it is computed on demand by the window that shows it, not taken in.

use super::article_reload::{ArticleReload, Reloaded};
use super::export_job::ExportJob;
use super::sidecar_reload::{OwnLoaded, OwnReload, TeammateReload, TeammatesRead};
use crate::command::AppCommand;
use crate::progress::{Job, Progress, WorkerLost};
use std::path::PathBuf;
use std::sync::mpsc;

/// What a background open hands back (see `OpenedInBackground` in `mod.rs`).
pub(crate) type OpenOutcome = Result<super::OpenedInBackground, crate::session::SessionError>;

/// The kinds of background work, in the order they are taken in within a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum JobKind {
    FileDialog,
    Fetch,
    Open,
    ArticleReload,
    TeammateReload,
    OwnReload,
    Export,
    Sync,
}

/// What Esc stops, topmost first: work that holds up the article and shows a progress window.
const ESC_ORDER: [JobKind; 2] = [JobKind::Open, JobKind::ArticleReload];

/// Work that belongs to the open article and is dropped with it. Exports and the file dialog
/// outlive it; an open is what replaces it; the own sidecar's reload is checked against the
/// article when it is taken in.
const OF_THE_ARTICLE: [JobKind; 2] = [JobKind::ArticleReload, JobKind::TeammateReload];

/// What a file dialog picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pick {
    /// An article to open.
    Article,
    /// A project folder to open.
    ProjectFolder,
    /// A folder to make a project of.
    NewProjectFolder,
    /// An article or a folder of articles to add to the open project.
    ArticlesToAdd,
    /// Where to export what the Retrieval window found, in this format.
    RetrievalExport(crate::export::ExportFormat),
    /// The article's other edition, to read beside it.
    Edition,
}

/// One piece of running background work.
pub(crate) enum BackgroundJob {
    /// A file dialog (it blocks, so it runs on its own thread): what it is for, the path chosen.
    FileDialog(Pick, mpsc::Receiver<Option<PathBuf>>),
    /// A page being downloaded (File › Open address…): its address, then where it was saved
    /// or why not.
    Fetch(String, mpsc::Receiver<Result<PathBuf, String>>),
    Export(ExportJob),
    /// A large article being opened, with its path.
    Open(PathBuf, Job<OpenOutcome>),
    ArticleReload(ArticleReload),
    TeammateReload(TeammateReload),
    OwnReload(OwnReload),
    /// A sync (or its set-up) with the team's repository.
    Sync(mpsc::Receiver<super::sync::SyncOutcome>),
}

/// Background work that is done, with what it handed back.
pub(crate) enum Finished {
    /// The dialog's answer: `None` when nothing was chosen.
    FileDialog(Pick, Option<PathBuf>),
    /// A download's address and where it was saved, or why not.
    Fetch(String, Result<PathBuf, String>),
    /// A message for the analyst: `Err` for a failed or cancelled export.
    Export(Result<String, String>),
    /// Boxed: a whole session, far larger than the other outcomes.
    Open(PathBuf, Box<Result<OpenOutcome, WorkerLost>>),
    ArticleReload(ArticleReload, Result<Reloaded, WorkerLost>),
    TeammateReload(TeammateReload, Result<TeammatesRead, WorkerLost>),
    OwnReload(OwnReload, Result<OwnLoaded, WorkerLost>),
    /// `None`: the worker stopped without an answer.
    Sync(Option<super::sync::SyncOutcome>),
}

impl BackgroundJob {
    pub(crate) fn kind(&self) -> JobKind {
        match self {
            Self::FileDialog(..) => JobKind::FileDialog,
            Self::Fetch(..) => JobKind::Fetch,
            Self::Export(_) => JobKind::Export,
            Self::Open(..) => JobKind::Open,
            Self::ArticleReload(_) => JobKind::ArticleReload,
            Self::TeammateReload(_) => JobKind::TeammateReload,
            Self::OwnReload(_) => JobKind::OwnReload,
            Self::Sync(_) => JobKind::Sync,
        }
    }

    /// Asks the work to stop at its next check (a file dialog cannot be closed from here: its
    /// answer is dropped with the job).
    pub(crate) fn cancel(&self) {
        match self {
            // Neither a dialog nor a download can be stopped from here: the answer is dropped
            // with the job (a download ends by its timeout).
            Self::FileDialog(..) | Self::Fetch(..) | Self::Sync(_) => {}
            Self::Export(job) => job.cancel(),
            Self::Open(_, job) => job.cancel(),
            Self::ArticleReload(reload) => reload.job.cancel(),
            Self::TeammateReload(reload) => reload.job.cancel(),
            Self::OwnReload(reload) => reload.job.cancel(),
        }
    }

    /// `Ok` with the outcome once done (`Ok(None)`: done with nothing to take in), else the
    /// job back, still running (boxed: it only goes back into the registry).
    fn finish(self) -> Result<Option<Finished>, Box<Self>> {
        match self {
            Self::FileDialog(pick, receiver) => match receiver.try_recv() {
                Ok(picked) => Ok(Some(Finished::FileDialog(pick, picked))),
                Err(mpsc::TryRecvError::Empty) => Err(Box::new(Self::FileDialog(pick, receiver))),
                Err(mpsc::TryRecvError::Disconnected) => Ok(None),
            },
            Self::Fetch(url, receiver) => match receiver.try_recv() {
                Ok(outcome) => Ok(Some(Finished::Fetch(url, outcome))),
                Err(mpsc::TryRecvError::Empty) => Err(Box::new(Self::Fetch(url, receiver))),
                Err(mpsc::TryRecvError::Disconnected) => Ok(Some(Finished::Fetch(
                    url,
                    Err("the download stopped unexpectedly".to_owned()),
                ))),
            },
            Self::Export(job) => match job.poll() {
                Some(outcome) => Ok(Some(Finished::Export(outcome))),
                None => Err(Box::new(Self::Export(job))),
            },
            Self::Open(article, job) => match job.poll() {
                Some(outcome) => Ok(Some(Finished::Open(article, Box::new(outcome)))),
                None => Err(Box::new(Self::Open(article, job))),
            },
            Self::ArticleReload(reload) => match reload.job.poll() {
                Some(outcome) => Ok(Some(Finished::ArticleReload(reload, outcome))),
                None => Err(Box::new(Self::ArticleReload(reload))),
            },
            Self::TeammateReload(reload) => match reload.job.poll() {
                Some(outcome) => Ok(Some(Finished::TeammateReload(reload, outcome))),
                None => Err(Box::new(Self::TeammateReload(reload))),
            },
            Self::OwnReload(reload) => match reload.job.poll() {
                Some(outcome) => Ok(Some(Finished::OwnReload(reload, outcome))),
                None => Err(Box::new(Self::OwnReload(reload))),
            },
            Self::Sync(receiver) => match receiver.try_recv() {
                Ok(outcome) => Ok(Some(Finished::Sync(Some(outcome)))),
                Err(mpsc::TryRecvError::Empty) => Err(Box::new(Self::Sync(receiver))),
                Err(mpsc::TryRecvError::Disconnected) => Ok(Some(Finished::Sync(None))),
            },
        }
    }
}

/// The running background work, at most one of each kind, kept in [`JobKind`] order.
#[derive(Default)]
pub(crate) struct Jobs {
    running: Vec<BackgroundJob>,
}

impl Jobs {
    /// Starts tracking `job`; one of the same kind still running is cancelled and replaced.
    pub(crate) fn start(&mut self, job: BackgroundJob) {
        if let Some(previous) = self.take(job.kind()) {
            previous.cancel();
        }
        let place = self
            .running
            .iter()
            .position(|running| running.kind() > job.kind())
            .unwrap_or(self.running.len());
        self.running.insert(place, job);
    }

    /// The first finished job, in [`JobKind`] order, taken out of the registry. The frame calls
    /// it until `None`: work a handler cancels (a new article drops the old one's reloads) is
    /// then never taken in.
    pub(crate) fn poll(&mut self) -> Option<Finished> {
        let mut index = 0;
        while index < self.running.len() {
            let job = self.running.remove(index);
            match job.finish() {
                Ok(Some(finished)) => return Some(finished),
                Ok(None) => {}
                Err(running) => {
                    self.running.insert(index, *running);
                    index += 1;
                }
            }
        }
        None
    }

    pub(crate) fn is_running(&self, kind: JobKind) -> bool {
        self.running.iter().any(|job| job.kind() == kind)
    }

    /// Takes a job out without cancelling it.
    pub(crate) fn take(&mut self, kind: JobKind) -> Option<BackgroundJob> {
        let index = self.running.iter().position(|job| job.kind() == kind)?;
        Some(self.running.remove(index))
    }

    /// Cancels and drops a job of `kind`, handing it back for the message.
    pub(crate) fn cancel(&mut self, kind: JobKind) -> Option<BackgroundJob> {
        let job = self.take(kind)?;
        job.cancel();
        Some(job)
    }

    /// Esc: cancels the topmost cancellable work (opening, then following an article's edit).
    pub(crate) fn cancel_topmost(&mut self) -> Option<BackgroundJob> {
        ESC_ORDER.into_iter().find_map(|kind| self.cancel(kind))
    }

    /// A new article: cancels the work that belongs to the one it replaces.
    pub(crate) fn cancel_all(&mut self) {
        for kind in OF_THE_ARTICLE {
            self.cancel(kind);
        }
    }

    pub(crate) fn is_opening(&self) -> bool {
        self.is_running(JobKind::Open)
    }

    pub(crate) fn is_exporting(&self) -> bool {
        self.is_running(JobKind::Export)
    }

    /// The export running, for the status bar's progress.
    pub(crate) fn export(&self) -> Option<&ExportJob> {
        self.running.iter().find_map(|job| match job {
            BackgroundJob::Export(export) => Some(export),
            _ => None,
        })
    }

    /// The progress windows to draw: each job's label, progress, and the command its Cancel
    /// button sends.
    pub(crate) fn progress_windows(&self) -> Vec<(&str, &Progress, AppCommand)> {
        self.running
            .iter()
            .filter_map(|job| match job {
                BackgroundJob::Open(_, job) => {
                    Some((job.label.as_str(), job.progress(), AppCommand::CancelOpen))
                }
                BackgroundJob::ArticleReload(reload) => Some((
                    reload.job.label.as_str(),
                    reload.job.progress(),
                    AppCommand::CancelArticleReload,
                )),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialog() -> (mpsc::Sender<Option<PathBuf>>, BackgroundJob) {
        let (sender, receiver) = mpsc::channel();
        (sender, BackgroundJob::FileDialog(Pick::Article, receiver))
    }

    #[test]
    fn a_finished_job_is_taken_once_and_a_running_one_stays() {
        let mut jobs = Jobs::default();
        let (sender, job) = dialog();
        jobs.start(job);
        assert!(jobs.poll().is_none());
        assert!(jobs.is_running(JobKind::FileDialog));
        sender.send(Some(PathBuf::from("a.md"))).expect("waiting");
        assert!(matches!(
            jobs.poll(),
            Some(Finished::FileDialog(_, Some(_)))
        ));
        assert!(!jobs.is_running(JobKind::FileDialog));
        assert!(jobs.poll().is_none());
    }

    #[test]
    fn a_job_whose_worker_is_gone_is_dropped() {
        let mut jobs = Jobs::default();
        let (sender, job) = dialog();
        jobs.start(job);
        drop(sender);
        assert!(jobs.poll().is_none());
        assert!(!jobs.is_running(JobKind::FileDialog));
    }

    #[test]
    fn esc_and_a_new_article_leave_the_file_dialog_alone() {
        let mut jobs = Jobs::default();
        let (_sender, job) = dialog();
        jobs.start(job);
        assert!(jobs.cancel_topmost().is_none());
        jobs.cancel_all();
        assert!(jobs.is_running(JobKind::FileDialog));
    }

    /// An open that runs until it is cancelled.
    fn open_until_cancelled() -> BackgroundJob {
        let job = Job::spawn(
            "Opening big.md",
            |progress| {
                while progress.check().is_ok() {
                    std::thread::yield_now();
                }
                Err(crate::session::SessionError::Cancelled)
            },
            || {},
        )
        .expect("a thread");
        BackgroundJob::Open(PathBuf::from("big.md"), job)
    }

    #[test]
    fn esc_stops_an_open_and_a_new_article_does_not() {
        let mut jobs = Jobs::default();
        let (_sender, job) = dialog();
        jobs.start(job);
        jobs.start(open_until_cancelled());
        jobs.cancel_all();
        assert!(jobs.is_opening(), "the open is what brings the new article");
        assert_eq!(jobs.progress_windows().len(), 1);
        let stopped = jobs.cancel_topmost().expect("the open");
        assert_eq!(stopped.kind(), JobKind::Open);
        assert!(!jobs.is_opening());
        assert!(
            jobs.cancel_topmost().is_none(),
            "the file dialog is not Esc's"
        );
    }
}
