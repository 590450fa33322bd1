//! The open project around the article: its home (the articles as a table), opening its
//! articles with the project's sidecar folder, moving between them, and marking done. The
//! statuses are read from the files when the project opens, when the home is shown, and after
//! the analyst marks an article done.

use super::CloseReadApp;
use super::jobs::{BackgroundJob, JobKind, Pick};
use crate::command::{AppCommand, ProjectCommand};
use crate::project::index::ProjectIndex;
use crate::project::status::{ArticleStatus, load_progress, project_status};
use crate::project::table::{TableView, neighbour, next_assigned};
use crate::project::{Progress, Project};
use crate::ui;
use std::path::{Path, PathBuf};

/// A project the window has open.
pub(crate) struct OpenProject {
    pub project: Project,
    /// Its codebook, if it has one (read when the project opens and on Refresh).
    pub codebook: Option<crate::project::codebook::Codebook>,
    /// Its tag set (the codebook's, or its tag set file's), read with the codebook; why not,
    /// when it cannot be read.
    pub tag_set: Result<Option<crate::model::TagSet>, String>,
    pub rows: Vec<ArticleStatus>,
    pub view: TableView,
    /// The rows shown, in order: worked out when the rows, the filter or the sort change,
    /// not every frame.
    order: Vec<usize>,
    /// What could not be read, one sentence each naming the file.
    pub problems: Vec<String>,
    /// The project journal's entries (read with the statuses).
    pub journal: Vec<crate::project::journal::JournalEntry>,
    /// The articles in memory for retrieval and text search (read on a worker when the
    /// project opens: `reading` until it is done).
    index: Option<ProjectIndex>,
    reading: Option<std::sync::mpsc::Receiver<ProjectIndex>>,
}

impl OpenProject {
    fn load(root: &Path) -> Result<Self, crate::project::ProjectError> {
        let project = Project::open(root)?;
        let mut open = Self {
            project,
            codebook: None,
            tag_set: Ok(None),
            rows: Vec::new(),
            view: TableView::default(),
            order: Vec::new(),
            problems: Vec::new(),
            journal: Vec::new(),
            index: None,
            reading: None,
        };
        open.refresh();
        open.start_reading_index();
        Ok(open)
    }

    /// Reads the articles into memory on a worker, so that the first search does not wait
    /// for a thousand files.
    fn start_reading_index(&mut self) {
        let (sender, receiver) = std::sync::mpsc::channel();
        let project = self.project.clone();
        let spawned = std::thread::Builder::new()
            .name("project-index".to_owned())
            .spawn(move || {
                let index = ProjectIndex::read(&project);
                index.prepare_search();
                // The receiver is gone if the project was closed meanwhile.
                let _ = sender.send(index);
            });
        if spawned.is_ok() {
            self.reading = Some(receiver);
        }
    }

    /// Takes the index from its worker if it has finished (called every frame; never waits).
    pub(super) fn poll_index(&mut self) {
        if let Some(receiver) = &self.reading {
            match receiver.try_recv() {
                Ok(index) => {
                    self.index = Some(index);
                    self.reading = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.reading = None,
            }
        }
    }

    /// Whether the index is still being read.
    pub(crate) fn index_reading(&self) -> bool {
        self.reading.is_some()
    }

    /// Runs `query` over the articles in memory, as the Retrieval window does: the query
    /// checked first, the done marks read for "blind until done", and the progress files that
    /// could not be read added to the results' problems.
    pub(crate) fn search(
        &mut self,
        query: &crate::project::search::SearchQuery,
    ) -> Result<crate::project::search::SearchResults, crate::project::ProjectError> {
        let (progress, problems) = load_progress(&self.project);
        crate::project::search::check_query(&self.project, query)?;
        let (project, index) = self.fresh_index();
        let mut results = crate::project::search::search_index(project, index, query, &progress)?;
        results.problems.extend(problems);
        Ok(results)
    }

    /// The index, up to date with the files: waits for the worker if it is still reading,
    /// then reads again what changed since.
    pub(super) fn fresh_index(&mut self) -> (&Project, &ProjectIndex) {
        if let Some(receiver) = self.reading.take()
            && let Ok(index) = receiver.recv()
        {
            self.index = Some(index);
        }
        let project = &self.project;
        let index = self
            .index
            .get_or_insert_with(|| ProjectIndex::read(project));
        index.refresh(project);
        (project, index)
    }

    /// Reads the statuses again.
    pub(super) fn refresh(&mut self) {
        self.problems = self.project.manifest.problems();
        match self.project.codebook() {
            Ok(codebook) => {
                self.tag_set = match &codebook {
                    Some(codebook) => Ok(Some(codebook.tag_set())),
                    None => self.project.tag_set().map_err(|error| error.to_string()),
                };
                self.codebook = codebook;
            }
            Err(error) => {
                self.tag_set = Err(error.to_string());
                self.problems.push(error.to_string());
            }
        }
        let (progress, problems) = load_progress(&self.project);
        self.problems.extend(problems);
        self.rows = project_status(&self.project, &progress);
        match crate::project::journal::read_journal(&self.project) {
            Ok(entries) => self.journal = entries,
            Err(error) => self.problems.push(error.to_string()),
        }
        for row in &self.rows {
            self.problems.extend(row.problems.iter().cloned());
        }
        self.reorder();
    }

    /// The manifest key of `article` if it is one of the project's.
    pub(crate) fn key_of(&self, article: &Path) -> Option<String> {
        self.project.key_of(article).ok()
    }

    /// Filters and sorts the rows again, after the view changed.
    fn reorder(&mut self) {
        self.order = self.view.visible(&self.project.manifest, &self.rows);
    }
}

/// The window's project part.
#[derive(Default)]
pub(crate) struct ProjectState {
    pub open: Option<OpenProject>,
    pub show_home: bool,
    pub show_retrieval: bool,
    pub show_codebook: bool,
    pub show_team: bool,
    pub team_tab: ui::project_team_window::ProjectTeamTab,
    /// The agreement across the project, once worked out in the Project team window.
    pub agreement: Option<crate::project::agree::ProjectAgreement>,
    /// An article waiting to open in its consensus layer (it may open on a worker).
    pub pending_adjudication: Option<PathBuf>,
    /// The home's "set a value on the articles shown" fields.
    pub home_draft: ui::project_home::HomeDraft,
    /// The Retrieval window's query and the last search's results (or why it could not run).
    pub retrieval: crate::state::retrieval::RetrievalDraft,
    pub results: Option<Result<crate::project::search::SearchResults, String>>,
    /// The last search of the articles' text.
    pub text_results: Option<crate::project::text_search::TextResults>,
    /// A passage to show once its article is open (it may open on a worker).
    pub pending_passage: Option<(PathBuf, crate::command::Passage)>,
    /// The open article's manifest key, when it is the open project's (found when either
    /// opens, not every frame: finding it reads the file system).
    pub current_key: Option<String>,
}

impl ProjectState {
    /// The project's codebook, when the open article is one of its articles.
    pub(crate) fn codebook_for_article(&self) -> Option<&crate::project::codebook::Codebook> {
        self.current_key.as_ref()?;
        self.open.as_ref()?.codebook.as_ref()
    }
}

impl CloseReadApp {
    pub(super) fn apply_project_command(&mut self, command: ProjectCommand) {
        match command {
            ProjectCommand::Open(folder) => self.open_project(&folder),
            ProjectCommand::ShowOpenDialog => self.show_project_dialog(),
            ProjectCommand::ShowHome(show) => {
                if show && self.project.open.is_none() {
                    self.notify_info("No project is open: File › Open project… opens one.");
                    return;
                }
                if show && let Some(open) = &mut self.project.open {
                    open.refresh();
                }
                self.project.show_home = show;
            }
            ProjectCommand::OpenArticle(key) => self.open_project_article(&key),
            ProjectCommand::SortBy(column) => {
                if let Some(open) = &mut self.project.open {
                    open.view.sort_by(column);
                    open.reorder();
                }
            }
            ProjectCommand::SetFilter(filter) => {
                if let Some(open) = &mut self.project.open {
                    open.view.filter = filter;
                    open.reorder();
                }
            }
            ProjectCommand::NextAssigned => self.open_next_assigned(),
            ProjectCommand::Step(step) => self.step_project_article(step),
            ProjectCommand::SetDone(done) => self.set_project_done(done),
            ProjectCommand::Refresh => {
                if let Some(open) = &mut self.project.open {
                    open.refresh();
                }
            }
            ProjectCommand::ShowRetrieval(show) => {
                if show && self.project.open.is_none() {
                    self.notify_info("No project is open: File › Open project… opens one.");
                    return;
                }
                self.project.show_retrieval = show;
            }
            ProjectCommand::ShowCodebook(show) => {
                let has_codebook = self
                    .project
                    .open
                    .as_ref()
                    .is_some_and(|open| open.codebook.is_some());
                if show && !has_codebook {
                    self.notify_info(
                        "The open project has no codebook (`closeread project codebook init DIR` makes one).",
                    );
                    return;
                }
                self.project.show_codebook = show;
            }
            ProjectCommand::Search => self.run_retrieval(),
            ProjectCommand::SearchText => self.run_text_search(),
            ProjectCommand::TagTextMatches(tag) => self.tag_text_matches(tag),
            ProjectCommand::OpenPassage(passage) => self.open_passage(passage),
            ProjectCommand::ExportResults(format) => self.ask_where_to_export_results(format),
            ProjectCommand::ShowNewDialog => {
                self.pick_in_dialog(Pick::NewProjectFolder, "Make a folder a project", true)
            }
            ProjectCommand::ShowAddDialog { folder } => {
                let title = if folder {
                    "Add a folder of articles to the project"
                } else {
                    "Add an article to the project"
                };
                self.pick_in_dialog(Pick::ArticlesToAdd, title, folder);
            }
            ProjectCommand::AddArticles(paths) => self.add_project_articles(&paths),
            ProjectCommand::SetValue { keys, value } => self.set_project_value(&keys, &value),
            ProjectCommand::ShowTeam(show) => {
                if show && self.project.open.is_none() {
                    self.notify_info("No project is open: File › Open project… opens one.");
                    return;
                }
                if show && let Some(open) = &mut self.project.open {
                    open.refresh();
                }
                self.project.show_team = show;
            }
            ProjectCommand::ComputeAgreement => self.compute_project_agreement(),
            ProjectCommand::Adjudicate(key) => self.adjudicate_project_article(&key),
            ProjectCommand::AddJournalEntry(text) => self.add_journal_entry(&text),
        }
    }

    /// Opens the project the window had open last, without showing its home (nothing is
    /// said when it has gone).
    pub fn reopen_last_project(&mut self) {
        let Some(folder) = self.settings.values.last_project.clone() else {
            return;
        };
        if let Ok(open) = OpenProject::load(&folder) {
            self.project.open = Some(open);
            self.update_project_key();
        }
    }

    /// Opens the project in `folder` and shows its home.
    pub fn open_project(&mut self, folder: &Path) {
        match OpenProject::load(folder) {
            Ok(open) => {
                self.notify_info(format!(
                    "Project “{}”: {} article(s).",
                    open.project.manifest.name,
                    open.rows.len()
                ));
                // As a full path: the window may start from another folder next time.
                self.settings.values.last_project =
                    Some(std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf()));
                self.save_settings();
                self.project.open = Some(open);
                self.project.show_home = true;
                self.project.results = None;
                self.update_project_key();
                self.reopen_with_project_folder();
            }
            Err(error) => self.notify_error(error.to_string()),
        }
    }

    /// An article of the project already open with its sidecar elsewhere (opened before the
    /// project was): opened again, with the project's sidecar folder.
    fn reopen_with_project_folder(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let Some(folder) = self.project_annotations_dir(&session.article_path) else {
            return;
        };
        let in_folder = session
            .sidecar_path
            .parent()
            .is_some_and(|parent| super::retrieval::same_file(parent, &folder));
        if !in_folder {
            let article = session.article_path.clone();
            self.open_article(article);
        }
    }

    fn show_project_dialog(&mut self) {
        self.pick_in_dialog(Pick::ProjectFolder, "Open a project folder", true);
    }

    /// Shows a dialog picking a folder (or a file) for `pick`, off the UI thread.
    pub(super) fn pick_in_dialog(&mut self, pick: Pick, title: &str, folder: bool) {
        if self.jobs.is_running(JobKind::FileDialog) {
            return;
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = self.ctx.clone();
        let title = title.to_owned();
        let spawned = std::thread::Builder::new()
            .name("project-dialog".to_owned())
            .spawn(move || {
                let dialog = rfd::FileDialog::new().set_title(title);
                let picked = if folder {
                    dialog.pick_folder()
                } else {
                    dialog
                        .add_filter("Articles", crate::project::add::ARTICLE_EXTENSIONS)
                        .pick_file()
                };
                // The receiver may be gone if the app closed; nothing to do then.
                let _ = sender.send(picked);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.jobs.start(BackgroundJob::FileDialog(pick, receiver)),
            Err(error) => self.notify_error(format!("Cannot show the file dialog: {error}")),
        }
    }

    /// The project's sidecar folder for `article`, if it is one of the open project's
    /// articles and the project keeps its sidecars apart.
    pub(super) fn project_annotations_dir(&self, article: &Path) -> Option<PathBuf> {
        let open = self.project.open.as_ref()?;
        open.key_of(article)?;
        open.project.annotations_dir()
    }

    /// The open article's manifest key in the open project.
    pub(super) fn current_project_key(&self) -> Option<String> {
        self.project.current_key.clone()
    }

    /// Finds the open article's key in the open project again (after either opened).
    pub(super) fn update_project_key(&mut self) {
        self.project.current_key = match (&self.project.open, &self.session) {
            (Some(open), Some(session)) => open.key_of(&session.article_path),
            _ => None,
        };
    }

    pub(super) fn open_project_article(&mut self, key: &str) {
        let Some(open) = &self.project.open else {
            return;
        };
        let path = open.project.article_path(key);
        if !path.is_file() {
            self.notify_error(format!(
                "{} is listed in the project but is gone.",
                path.display()
            ));
            return;
        }
        self.project.show_home = false;
        self.open_article(path);
    }

    fn open_next_assigned(&mut self) {
        let Some(open) = &self.project.open else {
            self.notify_info("No project is open: File › Open project… opens one.");
            return;
        };
        let Some(analyst) = self.article.analyst.clone() else {
            return;
        };
        let current = self.current_project_key();
        let order = &open.order;
        match next_assigned(&open.rows, order, &analyst, current.as_deref()) {
            Some(key) => {
                let key = key.to_owned();
                self.open_project_article(&key);
            }
            None => self.notify_info(format!(
                "No other article of the project is assigned to {analyst} and not done."
            )),
        }
    }

    fn step_project_article(&mut self, step: isize) {
        let (Some(open), Some(current)) = (&self.project.open, self.current_project_key()) else {
            self.notify_info("Open an article from the project home first (Ctrl+H).");
            return;
        };
        let order = &open.order;
        match neighbour(&open.rows, order, &current, step) {
            Some(key) => {
                let key = key.to_owned();
                self.open_project_article(&key);
            }
            None => self.notify_info(if step > 0 {
                "This is the last article of the project home's list."
            } else {
                "This is the first article of the project home's list."
            }),
        }
    }

    /// Records in the project that the analyst is done with the open article (or reopens it).
    pub(super) fn set_project_done(&mut self, done: bool) {
        let (Some(key), Some(analyst)) = (self.current_project_key(), self.article.analyst.clone())
        else {
            if !done {
                self.notify_info("Reopening is for an article of the open project.");
            }
            return;
        };
        let Some(open) = &mut self.project.open else {
            return;
        };
        let result = Progress::load(&open.project.root, &analyst).and_then(|mut progress| {
            progress.set_done(&key, done);
            progress.save(&open.project.root)
        });
        match result {
            Ok(()) => {
                open.refresh();
                if !done {
                    // Reopened: with "blind until done", the teammates are hidden again.
                    if open.project.manifest.settings.blind_until_done
                        && let Some(session) = &self.session
                    {
                        let reading = super::team_commands::reading_key(session);
                        self.settings.values.unmark_reading_done(&reading);
                        self.save_settings();
                        self.start_team_session();
                    }
                    self.notify_info(format!("{key} is in progress for you again."));
                }
            }
            Err(error) => self.notify_error(error.to_string()),
        }
    }

    /// Whether the open project hides teammates' layers on `article` from the analyst until
    /// they mark it done, and whether they have.
    pub(super) fn project_blindness(&self, article: &Path, analyst: &str) -> Option<(bool, bool)> {
        let open = self.project.open.as_ref()?;
        let key = open.key_of(article)?;
        let done = Progress::load(&open.project.root, analyst)
            .map(|progress| progress.is_done(&key))
            .unwrap_or(false);
        Some((open.project.manifest.settings.blind_until_done, done))
    }

    /// The Codebook window, when shown.
    pub(super) fn codebook_window(&mut self, ctx: &egui::Context) {
        if !self.project.show_codebook {
            return;
        }
        if let Some(codebook) = self
            .project
            .open
            .as_ref()
            .and_then(|open| open.codebook.as_ref())
        {
            self.project.show_codebook = ui::codebook_window::codebook_window_ui(ctx, codebook);
        }
    }

    /// The project home, when shown.
    pub(super) fn project_home_window(&mut self, ctx: &egui::Context) -> Vec<AppCommand> {
        let Some(open) = &self.project.open else {
            return Vec::new();
        };
        if !self.project.show_home {
            return Vec::new();
        }
        let current = self.project.current_key.clone();
        let input = ui::project_home::ProjectHomeInput {
            project: &open.project,
            rows: &open.rows,
            order: &open.order,
            view: &open.view,
            current: current.as_deref(),
            analyst: self.article.analyst.as_deref(),
            problems: &open.problems,
            journal: &open.journal,
        };
        ui::project_home::project_home_ui(ctx, &mut self.project.home_draft, &input)
    }
}
