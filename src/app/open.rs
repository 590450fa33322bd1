//! Opening articles: the file dialog, the analyst's name, opening small articles at once and
//! large ones on a worker with progress, and reading the sidecar again.

use super::CloseReadApp;
use super::jobs::{BackgroundJob, JobKind, Pick};
use crate::session::{ReadingSession, SidecarState};
use std::path::{Path, PathBuf};

impl CloseReadApp {
    pub(super) fn show_open_dialog(&mut self, ctx: &egui::Context) {
        if self.jobs.is_running(JobKind::FileDialog) {
            return;
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        // rfd blocks while the dialog is open: keep it off the UI thread.
        let spawned = std::thread::Builder::new()
            .name("file-dialog".to_owned())
            .spawn(move || {
                let picked = rfd::FileDialog::new()
                    .set_title("Open an article")
                    .add_filter("Articles", crate::store::article::ARTICLE_EXTENSIONS)
                    .add_filter("All files", &["*"])
                    .pick_file();
                // The receiver may be gone if the app closed; nothing to do then.
                let _ = sender.send(picked);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self
                .jobs
                .start(BackgroundJob::FileDialog(Pick::Article, receiver)),
            Err(error) => self.notify_error(format!("Cannot show the file dialog: {error}")),
        }
    }

    /// Where File › Open address… saves a page unless told otherwise: the open article's
    /// folder, else the Downloads folder, else the home folder.
    pub(super) fn fetch_folder(&self) -> PathBuf {
        self.session()
            .and_then(|session| session.article_path.parent().map(Path::to_path_buf))
            .filter(|folder| !folder.as_os_str().is_empty())
            .or_else(|| {
                let user = directories::UserDirs::new()?;
                Some(
                    user.download_dir()
                        .map_or_else(|| user.home_dir().to_path_buf(), Path::to_path_buf),
                )
            })
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Downloads `url` into `into` on a worker (the network must not hold up the window); the
    /// saved file is opened when it is in (`Finished::Fetch`).
    pub(super) fn fetch_address(&mut self, ctx: &egui::Context, url: String, into: PathBuf) {
        if self.jobs.is_running(JobKind::Fetch) {
            self.notify_info("A download is already running; wait for it to finish.");
            return;
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let address = url.clone();
        let spawned = std::thread::Builder::new()
            .name("fetch".to_owned())
            .spawn(move || {
                let outcome = crate::fetch::fetch(&address, &into)
                    .map(|fetched| fetched.path)
                    .map_err(|error| error.to_string());
                // The receiver may be gone if the app closed; nothing to do then.
                let _ = sender.send(outcome);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.notify_info(format!("Downloading {url}…"));
                self.jobs.start(BackgroundJob::Fetch(url, receiver));
            }
            Err(error) => self.notify_error(format!("Cannot start the download: {error}")),
        }
    }

    /// Takes the name the analyst typed ("Jane Doe"): the sidecars use a safe id made from
    /// it ("jane-doe"), and the name itself is recorded in them.
    pub(super) fn set_analyst(&mut self, name: String) {
        let display = name.trim().to_owned();
        let id = match crate::store::analyst_id(&display) {
            Ok(id) => id,
            Err(error) => {
                self.dialogs.prompts.analyst_error = Some(error.to_string());
                return;
            }
        };
        self.dialogs.prompts.analyst_draft = None;
        self.dialogs.prompts.analyst_error = None;
        self.settings.values.analyst = Some(id.clone());
        self.settings.values.analyst_name = (display != id).then_some(display);
        self.save_settings();
        self.article.analyst = Some(id);
        if let Some(article) = self.dialogs.pending_article.take() {
            self.open_article(article);
        }
    }

    /// The annotations folder for an article: the one given on the command line for every
    /// article; the open project's sidecar folder for its articles; the bundled sample's own
    /// folder for the sample; else beside the article.
    fn annotations_dir_for(&self, article: &Path) -> Option<PathBuf> {
        if let Some(folder) = &self.article.annotations_dir {
            return Some(folder.clone());
        }
        // An article of the open project: the project's sidecar folder, if it keeps one.
        if let Some(folder) = self.project_annotations_dir(article) {
            return Some(folder);
        }
        super::retrieval::same_file(article, &crate::store::bundled_article())
            .then(crate::store::bundled_annotations_dir)
    }

    /// Opens an article (asking for the analyst's name first if it is not known yet).
    pub fn open_article(&mut self, article: PathBuf) {
        let Some(analyst) = self.article.analyst.clone() else {
            self.dialogs.pending_article = Some(article);
            let suggestion = self.settings.suggested_analyst();
            self.dialogs.prompts.ask_analyst(suggestion);
            return;
        };
        if let Err(error) = self.save_now() {
            self.notify_error(format!(
                "Not opening {}: the current annotations could not be saved first: {error}",
                article.display()
            ));
            return;
        }
        // A newer open replaces one still reading in the background.
        self.jobs.cancel(JobKind::Open);
        let annotations_dir = self.annotations_dir_for(&article);
        if self.opens_in_background(&article, annotations_dir.as_deref(), &analyst) {
            self.start_background_open(article, annotations_dir, analyst);
            return;
        }
        match ReadingSession::open(&article, annotations_dir.as_deref(), &analyst) {
            Ok(session) => self.install_session(&article, session),
            Err(error) => self.notify_error(error.to_string()),
        }
    }

    /// Whether the article and its sidecar are large enough to open off the UI thread.
    fn opens_in_background(
        &self,
        article: &Path,
        annotations_dir: Option<&Path>,
        analyst: &str,
    ) -> bool {
        let sidecar = crate::store::sidecar_path(article, annotations_dir, analyst);
        // A PDF is laid out glyph by glyph: a byte of it costs about what eight of text do
        // (a 350-page book, 2.6 MB, takes a second or more).
        let weight = match crate::store::article::format_of(article) {
            Ok(crate::store::ArticleFormat::Pdf) => 8,
            _ => 1,
        };
        weight * file_size(article) + file_size(&sidecar) >= self.article.background_open_bytes
    }

    /// Opens on a worker thread; the window shows progress and can cancel. Opening only
    /// reads, so a cancelled open leaves nothing behind.
    fn start_background_open(
        &mut self,
        article: PathBuf,
        annotations_dir: Option<PathBuf>,
        analyst: String,
    ) {
        self.jobs.cancel(JobKind::Open);
        let worker_ctx = self.ctx.clone();
        let path = article.clone();
        let job = crate::progress::Job::spawn(
            format!(
                "Opening {}",
                article.file_name().map_or_else(
                    || article.display().to_string(),
                    |name| name.to_string_lossy().into_owned()
                )
            ),
            move |progress| {
                let session = ReadingSession::open_with_progress(
                    &path,
                    annotations_dir.as_deref(),
                    &analyst,
                    progress,
                )?;
                let teammates = super::team::read_teammates(
                    super::team::teammate_files(&session),
                    &session.document,
                    &session.article_name(),
                    progress,
                )
                .map_err(|_| crate::session::SessionError::Cancelled)?;
                Ok((session, teammates))
            },
            move || worker_ctx.request_repaint(),
        );
        match job {
            Ok(job) => self.jobs.start(BackgroundJob::Open(article, job)),
            Err(error) => self.notify_error(format!(
                "Cannot open {}: no thread to read it on ({error})",
                article.display()
            )),
        }
    }

    /// Takes in the article opened in the background, once it is read.
    pub(super) fn finish_polled_open(
        &mut self,
        article: PathBuf,
        outcome: Result<super::jobs::OpenOutcome, crate::progress::WorkerLost>,
    ) {
        match outcome {
            Ok(outcome) => self.finish_background_open(article, outcome),
            Err(lost) => {
                self.notify_error(format!("Opening {} failed: {lost}.", article.display()))
            }
        }
    }

    /// Blocks until an article being opened in the background is open (headless runs, which
    /// have no frames to wait in).
    pub fn wait_for_background_open(&mut self) {
        let Some(BackgroundJob::Open(article, job)) = self.jobs.take(JobKind::Open) else {
            return;
        };
        match job.wait() {
            Some(outcome) => self.finish_background_open(article, outcome),
            None => self.notify_error(format!(
                "Opening {} failed: {}.",
                article.display(),
                crate::progress::WorkerLost
            )),
        }
    }

    fn finish_background_open(
        &mut self,
        article: PathBuf,
        outcome: Result<super::OpenedInBackground, crate::session::SessionError>,
    ) {
        match outcome {
            // Changes made while it was read are saved before the session is replaced.
            Ok((session, teammates)) => match self.save_now() {
                Ok(()) => {
                    self.team.preloaded = teammates;
                    self.install_session(&article, session);
                }
                Err(error) => self.notify_error(format!(
                    "Not opening {}: the current annotations could not be saved first: {error}",
                    article.display()
                )),
            },
            Err(crate::session::SessionError::Cancelled) => {}
            Err(error) => self.notify_error(error.to_string()),
        }
    }

    /// Makes a freshly opened session the window's.
    fn install_session(&mut self, article: &Path, session: ReadingSession) {
        // An outside edit being followed belongs to the article being replaced.
        self.jobs.cancel_all();
        self.describe_opened(&session);
        self.session = Some(session);
        self.update_project_key();
        self.apply_project_tag_set();
        self.start_team_session();
        self.view.article.reset();
        self.view.direction = article_direction(article);
        // When teammates last synced belongs to the article replaced.
        self.refresh_sync_times();
        self.view.selected_annotation = None;
        self.view.pane = Default::default();
        self.settings.values.remember_article(article);
        self.save_settings();
        // A passage found by a retrieval, waiting for its article.
        self.show_pending_passage();
        // An article opened from the adjudication queue.
        self.start_pending_adjudication();
        // The other edition's column belongs to the article replaced, unless Switch editions
        // asked for the one replaced beside this one.
        self.open_pending_edition();
    }

    /// Tells the analyst about anything unusual in what was just opened.
    fn describe_opened(&mut self, session: &ReadingSession) {
        if let SidecarState::Blocked(error) = session.sidecar_state() {
            self.notify_error(format!(
                "{error}. Nothing will be written to it: fix the file and choose Reload, or set it aside to start afresh."
            ));
            return;
        }
        if let crate::session::TagSetSource::Broken(problem) = &session.tag_set_source {
            self.notify_error(format!(
                "{problem}. Using the sidecar's own tag set until the file is fixed."
            ));
        }
        if session.dangling_relations > 0 {
            self.notify_error(format!(
                "{} relation(s) in {} name annotations the file does not hold; they are left out (the file keeps them until the next save).",
                session.dangling_relations,
                session.sidecar_path.display()
            ));
        }
        if session.repaired_spans > 0 {
            self.notify_error(format!(
                "{} annotation(s) in {} did not stand where the file said, though the article is unchanged (was the file edited by hand?). They were placed where their quote is; check them, and the file is corrected at the next save.",
                session.repaired_spans,
                session.sidecar_path.display()
            ));
        }
        if let Some(listed) = session.unknown_tags_listed() {
            self.notify_info(format!(
                "The tag set “{}” does not know these tags of the sidecar: {listed}. Their annotations are kept and shown in grey.",
                session.tag_set().name,
            ));
        }
        if session.article_changed {
            let report = &session.anchor_report;
            use crate::model::AnchorStatus::*;
            self.notify_info(format!(
                "The article changed since these annotations were saved: {} anchored, {} relocated (to review), {} orphaned (kept, listed in the pane).",
                report.count(Anchored),
                report.count(Relocated),
                report.count(Orphaned)
            ));
        }
    }

    /// Reads the sidecar again; unsaved changes are merged with it, never thrown away.
    pub(super) fn reload_sidecar(&mut self) {
        let Some(mut session) = self.session.take() else {
            return;
        };
        let report = session.load_sidecar();
        if self
            .view
            .selected_annotation
            .is_some_and(|id| session.layer().get(id).is_none())
        {
            self.view.selected_annotation = None;
        }
        self.describe_opened(&session);
        if !session.is_blocked() {
            self.notify_info(format!("Reloaded {}", session.sidecar_path.display()));
        }
        self.session = Some(session);
        self.report_merge(&report);
    }

    pub(super) fn set_aside_sidecar(&mut self) {
        let result = self.with_session(|session| session.set_aside_blocked_sidecar());
        match result {
            Ok(Some(Some(moved))) => self.notify_info(format!(
                "The unreadable sidecar was kept as {}; a fresh one starts now.",
                moved.display()
            )),
            Ok(_) => {}
            Err(error) => self.notify_error(error.to_string()),
        }
    }
}

/// A file's size in bytes; 0 when it cannot be read (missing files count as small).
/// The reading direction the article's document information sets (auto when it has none or
/// cannot be read: the window says so when it is opened).
pub(super) fn article_direction(article: &Path) -> crate::model::direction::TextDirection {
    crate::store::document_info::load(article)
        .ok()
        .flatten()
        .map(|info| info.direction)
        .unwrap_or_default()
}

pub(super) fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |metadata| metadata.len())
}
