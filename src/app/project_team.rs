//! The project's team and its articles changed from the window: making a project, adding
//! articles (dialog or drop), setting a value on many articles at once, the Project team
//! window (assignment, agreement, adjudication queue), opening an article to adjudicate, and
//! the project journal.

use super::CloseReadApp;
use crate::command::AppCommand;
use crate::project::Project;
use crate::ui;
use std::path::{Path, PathBuf};

impl CloseReadApp {
    /// Makes `folder` a project (named after the folder) and opens it; a folder that is one
    /// already is just opened.
    pub(super) fn new_project(&mut self, folder: &Path) {
        if !Project::is_project(folder) {
            let name = folder
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Project".to_owned());
            if let Err(error) = Project::init(folder, &name, None) {
                self.notify_error(error.to_string());
                return;
            }
        }
        self.open_project(folder);
    }

    /// Adds articles or folders of articles to the open project, copying in those outside
    /// it, and saves the manifest. Nothing is copied or written when one cannot be read.
    pub(super) fn add_project_articles(&mut self, paths: &[PathBuf]) {
        let Some(open) = &mut self.project.open else {
            return;
        };
        let outcome = crate::project::add::add_articles(&mut open.project, paths, &[])
            .and_then(|outcome| open.project.save().map(|()| outcome));
        match outcome {
            Ok(outcome) => {
                open.refresh();
                let mut message =
                    format!("Added {} article(s) to the project", outcome.added.len());
                if !outcome.already.is_empty() {
                    message.push_str(&format!("; {} were listed already", outcome.already.len()));
                }
                if !outcome.copied.is_empty() {
                    message.push_str(&format!(
                        "; {} file(s) copied into the project folder",
                        outcome.copied.len()
                    ));
                }
                self.notify_info(format!("{message}."));
            }
            Err(error) => {
                // The manifest in memory may hold part of the addition: read it again.
                if let Ok(project) = Project::open(&open.project.root) {
                    open.project = project;
                }
                self.notify_error(format!("Nothing was added: {error}"));
            }
        }
    }

    /// Sets `value` (`KEY=VALUE`) on the articles of `keys` and saves the manifest; a value
    /// the project refuses changes nothing.
    pub(super) fn set_project_value(&mut self, keys: &[String], value: &str) {
        let Some(open) = &mut self.project.open else {
            return;
        };
        let mut changed = open.project.clone();
        let outcome =
            crate::project::add::set_article_values(&mut changed, keys, &[value.to_owned()])
                .and_then(|()| changed.save());
        match outcome {
            Ok(()) => {
                open.project = changed;
                open.refresh();
                self.notify_info(format!("Set {value} on {} article(s).", keys.len()));
            }
            Err(error) => self.notify_error(format!("Nothing was changed: {error}")),
        }
    }

    /// Gives the open article the project's tag set (its tag set file or codebook), when the
    /// article is one of the open project's: the team reads with one set of tags. A tag set
    /// that cannot be read is said once, and the article keeps its own.
    pub(super) fn apply_project_tag_set(&mut self) {
        if self.project.current_key.is_none() {
            return;
        }
        let Some(open) = &mut self.project.open else {
            return;
        };
        let (Some(path), Some(session)) = (open.project.tag_set_path(), &mut self.session) else {
            return;
        };
        // Read again as each article opens (the codebook may have been edited meanwhile);
        // the Retrieval window uses what was read last.
        open.tag_set = open.project.tag_set().map_err(|error| error.to_string());
        match &open.tag_set {
            Ok(Some(set)) => {
                if session.tag_set() != set {
                    session.use_tag_set(set.clone(), crate::session::TagSetSource::File(path));
                }
            }
            Ok(None) => {}
            Err(error) => {
                let message = format!("The project's tag set was not used: {error}");
                self.notify_error(message);
            }
        }
    }

    /// Adds `text` to the project journal, dated today, as the analyst.
    pub(super) fn add_journal_entry(&mut self, text: &str) {
        let (Some(open), Some(analyst)) = (&mut self.project.open, self.article.analyst.clone())
        else {
            return;
        };
        let today = chrono::Local::now().date_naive();
        match crate::project::journal::add_entry(&open.project, &analyst, today, text) {
            Ok(_) => {
                open.refresh();
                self.notify_info("Added to the project journal.");
            }
            Err(error) => {
                // Nothing was written: the text goes back into the field.
                self.project.home_draft.journal = text.to_owned();
                self.notify_error(format!("The journal entry was not added: {error}"));
            }
        }
    }

    /// Works out the agreement across the project from the articles in memory.
    pub(super) fn compute_project_agreement(&mut self) {
        let Some(open) = &mut self.project.open else {
            return;
        };
        let (_, index) = open.fresh_index();
        self.project.agreement = Some(crate::project::agree::project_agreement_in(index));
    }

    /// Opens the article of `key` and, once it is open, its consensus layer.
    pub(super) fn adjudicate_project_article(&mut self, key: &str) {
        let Some(open) = &self.project.open else {
            return;
        };
        let path = open.project.article_path(key);
        let already_open = self
            .session
            .as_ref()
            .is_some_and(|session| super::retrieval::same_file(&session.article_path, &path));
        self.project.pending_adjudication = Some(path);
        if already_open {
            self.start_pending_adjudication();
        } else {
            self.open_project_article(key);
        }
    }

    /// Switches to the consensus layer if the article just opened is the one waiting for it.
    pub(super) fn start_pending_adjudication(&mut self) {
        let Some(path) = self.project.pending_adjudication.take() else {
            return;
        };
        let is_it = self
            .session
            .as_ref()
            .is_some_and(|session| super::retrieval::same_file(&session.article_path, &path));
        if is_it {
            self.project.show_team = false;
            self.apply_team_command(crate::command::TeamCommand::StartAdjudication);
        }
    }

    /// The Project team window, when shown.
    pub(super) fn project_team_window(&mut self, ctx: &egui::Context) -> Vec<AppCommand> {
        if !self.project.show_team {
            return Vec::new();
        }
        let Some(open) = &self.project.open else {
            return Vec::new();
        };
        let analysts: Vec<String> = open.project.manifest.analysts.keys().cloned().collect();
        let loads = crate::project::workload::workload(&analysts, &open.rows);
        let queue = crate::project::workload::adjudication_queue(&open.rows);
        let titles = |key: &str| {
            open.rows
                .iter()
                .find(|row| row.key == key)
                .map_or_else(|| key.to_owned(), |row| row.title.clone())
        };
        let input = ui::project_team_window::ProjectTeamInput {
            project_name: &open.project.manifest.name,
            loads: &loads,
            queue: &queue,
            agreement: self.project.agreement.as_ref(),
            titles: &titles,
        };
        ui::project_team_window::project_team_window_ui(ctx, &mut self.project.team_tab, &input)
    }
}
