//! Retrieval across the open project in the window: running the query, opening an article at
//! a passage found, and exporting what was found to a file the analyst picks.

use super::CloseReadApp;
use super::jobs::{BackgroundJob, JobKind, Pick};
use crate::command::{AppCommand, Passage};
use crate::export::ExportFormat;
use crate::project::status::load_progress;
use crate::ui;
use std::path::Path;

impl CloseReadApp {
    /// Runs the Retrieval window's query over the project (as the analyst: with "blind until
    /// done", teammates' readings of articles they have not marked done stay out).
    pub(super) fn run_retrieval(&mut self) {
        let Some(open) = &mut self.project.open else {
            return;
        };
        let viewer = self.article.analyst.as_deref();
        let outcome = self
            .project
            .retrieval
            .to_query(viewer)
            .and_then(|query| open.search(&query))
            .map_err(|error| error.to_string());
        self.project.results = Some(outcome);
    }

    /// Searches the articles' own text for the Retrieval window's text query.
    pub(super) fn run_text_search(&mut self) {
        let Some(open) = &mut self.project.open else {
            return;
        };
        let results = crate::project::text_search::search_texts_in(
            open.fresh_index().1,
            &self.project.retrieval.text_query,
        );
        self.project.retrieval.chosen.clear();
        self.project.text_results = Some(results);
    }

    /// Tags the ticked text matches (all when none is) with `tag` in the analyst's readings:
    /// the open article's through its session (one undo step), the others saved at once (one
    /// batch each).
    pub(super) fn tag_text_matches(&mut self, tag: crate::model::TagId) {
        let (Some(open), Some(results), Some(analyst)) = (
            &self.project.open,
            &self.project.text_results,
            self.article.analyst.clone(),
        ) else {
            return;
        };
        let chosen = &self.project.retrieval.chosen;
        let matches: Vec<&crate::project::text_search::TextMatch> = results
            .matches
            .iter()
            .enumerate()
            .filter(|(index, _)| chosen.is_empty() || chosen.contains(index))
            .map(|(_, found)| found)
            .collect();
        let current = self.project.current_key.clone();
        let own_spans: Vec<crate::model::Span> = matches
            .iter()
            .filter(|found| Some(&found.article) == current.as_ref())
            .map(|found| crate::model::Span::new(found.start, found.end))
            .collect();
        let tagged = crate::project::text_search::tag_matches(
            &open.project,
            &matches,
            &tag,
            &analyst,
            current.as_deref(),
        );
        let mut added: usize = tagged.articles.iter().map(|(_, count)| count).sum();
        let mut articles = tagged.articles.len();
        if !own_spans.is_empty() {
            match self.with_session(|session| session.add_annotations(&own_spans, tag.clone())) {
                Ok(Some(count)) if count > 0 => {
                    added += count;
                    articles += 1;
                }
                Ok(_) => {}
                Err(error) => self.notify_error(error.to_string()),
            }
        }
        for problem in &tagged.problems {
            self.notify_error(problem.clone());
        }
        self.notify_info(format!(
            "Tagged {added} match(es) in {articles} article(s) as {tag}; each article's batch is one undo step there."
        ));
        if let Some(open) = &mut self.project.open {
            open.refresh();
        }
    }

    /// Opens the passage's article (unless open) and shows the passage: the analyst's own
    /// annotation selected, a teammate's selected as text.
    pub(super) fn open_passage(&mut self, passage: Passage) {
        let Some(open) = &self.project.open else {
            return;
        };
        let path = open.project.article_path(&passage.article);
        let already_open = self
            .session
            .as_ref()
            .is_some_and(|session| same_file(&session.article_path, &path));
        self.project.pending_passage = Some((path.clone(), passage.clone()));
        if already_open {
            self.show_pending_passage();
        } else {
            self.open_project_article(&passage.article);
        }
    }

    /// Shows the passage waiting for the article just opened, if it is that article's.
    pub(super) fn show_pending_passage(&mut self) {
        let Some((path, passage)) = self.project.pending_passage.take() else {
            return;
        };
        let Some(session) = &self.session else {
            return;
        };
        if !same_file(&session.article_path, &path) {
            return;
        }
        let own = (passage.analyst == session.analyst())
            .then(|| {
                session
                    .layer()
                    .annotations()
                    .iter()
                    .find(|annotation| annotation.id.to_string() == passage.id)
                    .map(|annotation| annotation.id)
            })
            .flatten();
        match (own, passage.span) {
            (Some(id), _) => self.select_annotation(Some(id), true),
            (None, Some((start, end))) => {
                self.view.article.set_selection(start..end);
                self.view.article.scroll_to(start);
            }
            (None, None) => self.notify_info(
                "That annotation is no longer found in the article's text (orphaned).",
            ),
        }
    }

    /// Asks where to write the results (a save dialog off the UI thread).
    pub(super) fn ask_where_to_export_results(&mut self, format: ExportFormat) {
        if self.jobs.is_running(JobKind::FileDialog) {
            return;
        }
        if format == ExportFormat::Brat {
            self.notify_info("brat keeps one folder per article: export the articles one by one.");
            return;
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = self.ctx.clone();
        let name = format!("retrieval.{}", format.extension());
        let spawned = std::thread::Builder::new()
            .name("export-dialog".to_owned())
            .spawn(move || {
                let picked = rfd::FileDialog::new()
                    .set_title("Export the retrieved excerpts")
                    .set_file_name(name)
                    .save_file();
                let _ = sender.send(picked);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.jobs.start(BackgroundJob::FileDialog(
                Pick::RetrievalExport(format),
                receiver,
            )),
            Err(error) => self.notify_error(format!("Cannot show the file dialog: {error}")),
        }
    }

    /// Writes the last search's selection in `format` to `target`, grouped as the window shows
    /// it, written whole or not at all.
    pub(super) fn export_results(&mut self, format: ExportFormat, target: &Path) {
        let Some(open) = &mut self.project.open else {
            return;
        };
        let outcome = (|| -> Result<usize, String> {
            let query = self
                .project
                .retrieval
                .to_query(self.article.analyst.as_deref())
                .map_err(|error| error.to_string())?;
            let (progress, _) = load_progress(&open.project);
            crate::project::search::check_query(&open.project, &query)
                .map_err(|error| error.to_string())?;
            let appendix = self
                .project
                .retrieval
                .with_codebook
                .then(|| open.codebook.as_ref().map(|codebook| codebook.appendix()))
                .flatten();
            let (project, index) = open.fresh_index();
            let selection = crate::project::export::select(project, index, &query, &progress)
                .map_err(|error| error.to_string())?;
            let mut buffer = Vec::new();
            selection
                .write(
                    format,
                    &crate::project::export::SelectionExport {
                        name: &project.manifest.name,
                        selection: "retrieved in the window",
                        group_by: self.project.retrieval.group_by,
                        codebook: appendix.as_ref(),
                    },
                    &mut buffer,
                    &crate::export::ExportOptions::default(),
                    &mut |_, _| {},
                )
                .map_err(|error| error.to_string())?;
            crate::store::write_atomically(target, &buffer)
                .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
            Ok(selection.articles.len())
        })();
        match outcome {
            Ok(articles) => self.notify_info(format!(
                "Exported the excerpts of {articles} article(s) to {}.",
                target.display()
            )),
            Err(error) => self.notify_error(format!("The export failed: {error}")),
        }
    }

    /// The Retrieval window, when shown.
    pub(super) fn retrieval_window(&mut self, ctx: &egui::Context) -> Vec<AppCommand> {
        let Some(open) = &self.project.open else {
            return Vec::new();
        };
        if !self.project.show_retrieval {
            return Vec::new();
        }
        // The project's (read with it), else the open article's.
        let fallback = crate::model::TagSet::default();
        let tag_set = match (&open.tag_set, &self.session) {
            (Ok(Some(set)), _) => set,
            (_, Some(session)) => session.tag_set(),
            _ => &fallback,
        };
        let analysts: Vec<String> = open.project.manifest.analysts.keys().cloned().collect();
        let input = ui::retrieval_window::RetrievalInput {
            project_name: &open.project.manifest.name,
            tag_set,
            analysts: &analysts,
            results: self.project.results.as_ref(),
            text_results: self.project.text_results.as_ref(),
            indexing: open.index_reading(),
            has_codebook: open.codebook.is_some(),
        };
        ui::retrieval_window::retrieval_window_ui(ctx, &mut self.project.retrieval, &input)
    }
}

/// Whether two paths name the same file (as written, when either cannot be resolved).
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
