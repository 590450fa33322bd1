//! Long work off the UI thread: how far it has got, and a way to cancel it.
//!
//! A [`Job`] runs a closure on its own thread and hands it a [`Progress`], which the work
//! updates (a stage name, items done of a total) and checks for cancellation between items.
//! The window reads the progress every frame to draw a bar, and takes the result with
//! [`Job::poll`]. Cancelled work stops at its next check and its result is dropped; work that
//! is cancelled must not have written anything the analyst relies on.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

/// Shared between the worker and the window.
#[derive(Debug, Default)]
pub struct Progress {
    stage: Mutex<String>,
    done: AtomicUsize,
    total: AtomicUsize,
    cancelled: AtomicBool,
}

/// The work was cancelled before it finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

impl Progress {
    /// Starts a stage of `total` items (0: a stage whose length is not known).
    pub(crate) fn start_stage(&self, stage: &str, total: usize) {
        if let Ok(mut current) = self.stage.lock() {
            stage.clone_into(&mut current);
        }
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    pub(crate) fn advance(&self, items: usize) {
        self.done.fetch_add(items, Ordering::Relaxed);
    }

    pub fn stage(&self) -> String {
        self.stage
            .lock()
            .map(|stage| stage.clone())
            .unwrap_or_default()
    }

    /// Done over total in the current stage, when its total is known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total.load(Ordering::Relaxed);
        (total > 0)
            .then(|| (self.done.load(Ordering::Relaxed) as f32 / total as f32).clamp(0.0, 1.0))
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub(crate) fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once cancelled: for `?` between items.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

/// The worker thread ended without an answer (it panicked).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the worker thread stopped without finishing")]
pub struct WorkerLost;

/// Work running on its own thread.
pub struct Job<T> {
    progress: Arc<Progress>,
    result: mpsc::Receiver<T>,
    /// What the work is, for the window ("Opening book.md").
    pub label: String,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread; `finished` is called on that thread when it is done
    /// (the window uses it to wake up and take the result).
    pub fn spawn(
        label: impl Into<String>,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
        finished: impl FnOnce() + Send + 'static,
    ) -> std::io::Result<Self> {
        let label = label.into();
        let progress = Arc::new(Progress::default());
        let (sender, result) = mpsc::channel();
        let worker_progress = progress.clone();
        std::thread::Builder::new()
            .name(label.chars().take(15).collect())
            .spawn(move || {
                let outcome = work(&worker_progress);
                // Nobody may be waiting any more (cancelled, or the window closed).
                let _ = sender.send(outcome);
                finished();
            })?;
        Ok(Self {
            progress,
            result,
            label,
        })
    }
}

impl<T> Job<T> {
    /// The result once the work is done (`None` while it runs), or [`WorkerLost`] if the
    /// worker died without one.
    pub fn poll(&self) -> Option<Result<T, WorkerLost>> {
        match self.result.try_recv() {
            Ok(outcome) => Some(Ok(outcome)),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(WorkerLost)),
        }
    }

    /// Blocks until the work is done (`None` if the worker died).
    pub fn wait(self) -> Option<T> {
        self.result.recv().ok()
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Asks the work to stop at its next check.
    pub fn cancel(&self) {
        self.progress.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_reports_progress_and_its_result() {
        let (go_sender, go) = mpsc::channel::<()>();
        let job = Job::spawn(
            "count",
            move |progress| {
                progress.start_stage("Counting", 4);
                progress.advance(2);
                let _ = go.recv();
                progress.advance(2);
                42
            },
            || {},
        )
        .expect("a thread");
        while job.progress().fraction() != Some(0.5) {
            std::thread::yield_now();
        }
        assert_eq!(job.progress().stage(), "Counting");
        assert!(job.poll().is_none(), "not done yet");
        go_sender.send(()).expect("the worker waits");
        assert_eq!(job.wait(), Some(42));
    }

    #[test]
    fn cancelled_work_stops_at_its_next_check() {
        let job = Job::spawn(
            "loop",
            |progress| {
                let mut rounds = 0;
                while progress.check().is_ok() {
                    rounds += 1;
                    std::thread::yield_now();
                }
                rounds
            },
            || {},
        )
        .expect("a thread");
        job.cancel();
        assert!(job.wait().is_some(), "the loop ended once cancelled");
    }

    #[test]
    fn a_worker_that_panics_is_reported_lost() {
        let job = Job::spawn("panics", |_| -> u8 { panic!("the worker fails") }, || {})
            .expect("a thread");
        let outcome = loop {
            if let Some(outcome) = job.poll() {
                break outcome;
            }
            std::thread::yield_now();
        };
        assert_eq!(outcome, Err(WorkerLost));
    }
}
