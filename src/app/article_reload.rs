//! The article was edited outside Closeread while open: read it again and make the annotations
//! follow the edits, off the UI thread (for a book, reading and mapping take longer than a
//! frame), with progress and a Cancel.

use super::CloseReadApp;
use super::jobs::{BackgroundJob, JobKind};
use crate::model::{AnchorReport, Annotation};
use crate::progress::Job;
use crate::store::Article;

/// What the worker hands back: the new text and the annotations mapped onto it, or `None`
/// when the file's text turned out unchanged.
pub(crate) type Reloaded = Result<Option<(Article, Vec<Annotation>, AnchorReport)>, String>;

pub(crate) struct ArticleReload {
    pub job: Job<Reloaded>,
    /// The article being followed: a reload for another one is dropped.
    article: std::path::PathBuf,
    /// The session revision the annotations were taken at: if the analyst edited meanwhile,
    /// the mapping is done again from the current annotations.
    revision: u64,
}

impl CloseReadApp {
    /// Starts reading the changed article and mapping the annotations onto it.
    pub(super) fn reload_article(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        // A newer edit replaces a reload still running.
        self.jobs.cancel(JobKind::ArticleReload);
        let path = session.article_path.clone();
        let session_path = path.clone();
        let old_document = session.document.clone();
        let annotations = session.layer().annotations().to_vec();
        let revision = session.revision();
        let worker_ctx = self.ctx.clone();
        let job = Job::spawn(
            "Following the article's edits",
            move |progress| -> Reloaded {
                progress.start_stage("Reading the edited article", 0);
                let article =
                    crate::store::read_article(&path).map_err(|error| error.to_string())?;
                if article.document.sha256_hex() == old_document.sha256_hex() {
                    return Ok(None);
                }
                if progress.is_cancelled() {
                    return Err("cancelled".to_owned());
                }
                progress.start_stage("Moving the annotations with the edits", 0);
                let (annotations, report) =
                    crate::session::follow_edits(&old_document, &article.document, annotations);
                Ok(Some((article, annotations, report)))
            },
            move || worker_ctx.request_repaint(),
        );
        match job {
            Ok(job) => self.jobs.start(BackgroundJob::ArticleReload(ArticleReload {
                job,
                revision,
                article: session_path,
            })),
            Err(error) => self.notify_error(format!(
                "The article changed on disk but cannot be read again: {error}"
            )),
        }
    }

    /// Takes in the re-read article once the worker is done.
    pub(super) fn finish_article_reload(
        &mut self,
        reload: ArticleReload,
        outcome: Result<Reloaded, crate::progress::WorkerLost>,
    ) {
        let Some(session) = self
            .session
            .as_mut()
            .filter(|session| session.article_path == reload.article)
        else {
            return;
        };
        let report = match outcome {
            Err(lost) => {
                return self.notify_error(format!(
                    "Following the article's outside edit failed: {lost}."
                ));
            }
            Ok(outcome) => outcome,
        };
        let report = match report {
            Ok(None) => return,
            Ok(Some((article, annotations, report))) => {
                if session.revision() == reload.revision {
                    session.install_replaced_article(article, annotations, report)
                } else {
                    // Edited while the worker ran: map the annotations as they are now.
                    session.replace_article(article)
                }
            }
            Err(error) => {
                return self.notify_error(format!(
                    "The article changed on disk but cannot be read: {error}"
                ));
            }
        };
        use crate::model::AnchorStatus::*;
        self.notify_info(format!(
            "The article was edited outside Closeread; annotations followed the text: {} anchored, {} relocated (to review), {} orphaned.",
            report.count(Anchored),
            report.count(Relocated),
            report.count(Orphaned)
        ));
    }
}
