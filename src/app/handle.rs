//! Applying commands: the one place where the app's state changes in answer to the UI.
//! Model changes go through [`ReadingSession`], which records them for undo.

use super::{AppCommand, CloseReadApp};
use crate::command::ViewCommand;
use crate::model::{AnnotationId, Span};
use crate::session::{ReadingSession, SidecarState};
use crate::ui;
use std::path::{Path, PathBuf};

impl CloseReadApp {
    pub fn apply_command(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::TagSelection(tag) => self.tag_selection(tag),
            AppCommand::SelectAnnotation {
                annotation_id,
                scroll,
            } => self.select_annotation(annotation_id, scroll),
            AppCommand::Retag(id, tag) => {
                let result = self.with_session(|session| session.retag_annotation(id, tag));
                self.report(result);
            }
            AppCommand::SetNote {
                annotation_id,
                note,
                continues_typing,
            } => {
                let result = self.with_session(|session| {
                    session.set_note(annotation_id, note, continues_typing)
                });
                self.report(result);
            }
            AppCommand::AdjustBounds(id, adjustment) => self.adjust_bounds(id, adjustment),
            AppCommand::Delete(id) => {
                let result = self.with_session(|session| session.delete_annotation(id));
                // Nothing is selected afterwards, so a second Delete never removes another
                // annotation than the one the analyst looked at.
                if result.is_ok() && self.selected_annotation == Some(id) {
                    self.selected_annotation = None;
                }
                self.report(result);
            }
            AppCommand::StepAnnotation(step) => self.step_annotation(step),
            AppCommand::Undo => self.undo_or_redo(true),
            AppCommand::Redo => self.undo_or_redo(false),
            AppCommand::Save => {
                let result = self.save_now();
                self.report(result);
            }
            AppCommand::OpenArticle(path) => self.open_article(path),
            AppCommand::ShowOpenDialog => self.show_open_dialog(ctx),
            AppCommand::ShowOpenPathPrompt => self.dialogs.ask_open_path(),
            AppCommand::SetAnalyst(name) => self.set_analyst(name),
            AppCommand::ReloadSidecar => self.reload_sidecar(),
            AppCommand::SetAsideSidecar => self.set_aside_sidecar(),
            AppCommand::SaveDocumentInfo(info) => self.save_document_info(&info),
            AppCommand::SetReadingNote {
                note,
                continues_typing,
            } => {
                let result =
                    self.with_session(|session| session.edit_reading_note(note, continues_typing));
                self.report(result);
            }
            AppCommand::ReattachToSelection(id) => self.reattach(id),
            AppCommand::ConfirmPlacement(id) => {
                let result = self.with_session(|session| session.confirm_placement(id));
                self.report(result);
            }
            AppCommand::QuitWithoutSaving => {
                self.quit_without_saving = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            AppCommand::ShowExportDialog => {
                if let Some(session) = &self.session {
                    self.transfer_dialogs.open_export(session);
                }
            }
            AppCommand::ShowImportDialog => self.transfer_dialogs.open_import(),
            AppCommand::StartExport(request) => self.start_export(request),
            AppCommand::CancelExport => {
                if let Some(job) = &self.export_job {
                    job.cancel();
                }
            }
            AppCommand::Import {
                format,
                path,
                tag_map,
                relation_map,
            } => self.import(format, &path, (&tag_map, &relation_map)),
            AppCommand::CopyExcerptsAsMarkdown => self.copy_excerpts_as_markdown(ctx),
            AppCommand::Team(command) => {
                if let Some(view) = super::dock::dock_view_opened_by(&command) {
                    self.dock_active = Some(view);
                }
                self.apply_team_command(command);
            }
            AppCommand::Relations(command) => self.apply_relation_command(command),
            AppCommand::View(command) => self.apply_view_command(ctx, command),
            AppCommand::Run(action) => self.run_action(ctx, action),
            AppCommand::JumpTo(offset) => self.article_view.scroll_to(offset),
            AppCommand::TagAllMatches(tag) => self.tag_all_matches(tag),
            AppCommand::CloseFind => self.find.close(),
            AppCommand::CancelOpen => self.cancel_background_open(),
            AppCommand::CancelArticleReload => self.cancel_article_reload(),
        }
    }

    /// What the window shows and how.
    fn apply_view_command(&mut self, ctx: &egui::Context, command: ViewCommand) {
        match command {
            ViewCommand::DismissNotice(index) => self.notices.dismiss(index),
            ViewCommand::ShowMessages(show) => self.show_messages = show,
            ViewCommand::ClearMessages => self.notices.clear(),
            ViewCommand::ShowDocumentInfo(show) => self.show_document_info(show),
            ViewCommand::ShowDockView(view) => self.show_dock_view(view),
            ViewCommand::CloseDockView(view) => self.close_dock_view(view),
            ViewCommand::ToggleTagFilter(tag) => {
                if !self.hidden_tags.remove(&tag) {
                    self.hidden_tags.insert(tag);
                }
            }
            ViewCommand::SetColumnWidth(width) => self.set_column_width(width),
            ViewCommand::SetTheme(choice) => {
                self.settings.view.theme = choice;
                ctx.set_theme(crate::ui::theme::theme_preference(choice));
                self.save_settings();
            }
            ViewCommand::SetReadingFont(font) => {
                self.settings.view.reading_font = font;
                self.save_settings();
            }
        }
    }

    fn show_document_info(&mut self, show: bool) {
        use crate::store::document_info;
        self.document_info = None;
        let (true, Some(session)) = (show, &self.session) else {
            return;
        };
        let article = &session.article_path;
        let draft = match document_info::load(article) {
            Ok(Some(info)) => ui::document_info_window::DocumentInfoDraft::of(&info, true),
            Ok(None) => match document_info::load_or_detect(article) {
                Ok(info) => ui::document_info_window::DocumentInfoDraft::of(&info, false),
                Err(error) => ui::document_info_window::DocumentInfoDraft {
                    error: Some(error.to_string()),
                    ..Default::default()
                },
            },
            Err(error) => ui::document_info_window::DocumentInfoDraft {
                error: Some(error.to_string()),
                ..Default::default()
            },
        };
        self.document_info = Some(draft);
    }

    fn save_document_info(&mut self, info: &crate::store::document_info::DocumentInfo) {
        let Some(session) = &self.session else {
            return;
        };
        let article = session.article_path.clone();
        match crate::store::document_info::save(&article, info) {
            Ok(()) => {
                self.document_info = None;
                self.notify_info(format!(
                    "Document information saved to {}.",
                    crate::store::document_info::meta_path(&article).display()
                ));
            }
            Err(error) => {
                if let Some(draft) = &mut self.document_info {
                    draft.error = Some(error.to_string());
                }
                self.notify_error(error.to_string());
            }
        }
    }

    pub(super) fn with_session<T>(
        &mut self,
        action: impl FnOnce(&mut ReadingSession) -> Result<T, crate::session::SessionError>,
    ) -> Result<Option<T>, crate::session::SessionError> {
        match &mut self.session {
            Some(session) => action(session).map(Some),
            None => Ok(None),
        }
    }

    pub(super) fn report<T>(&mut self, result: Result<T, crate::session::SessionError>) {
        if let Err(error) = result {
            self.notify_error(error.to_string());
        }
    }

    /// Tags the selection; with no selection, retags the selected annotation.
    fn tag_selection(&mut self, tag: crate::model::TagId) {
        if let Some(range) = self.article_view.selection() {
            let result = self.with_session(|session| {
                session.add_annotation(range.start, range.end, tag, String::new())
            });
            match result {
                Ok(Some(id)) => {
                    self.selected_annotation = Some(id);
                    self.article_view.clear_selection();
                }
                Ok(None) => {}
                Err(error) => self.notify_error(error.to_string()),
            }
        } else if let Some(id) = self.selected_annotation {
            let result = self.with_session(|session| session.retag_annotation(id, tag));
            self.report(result);
        } else {
            self.notify_info(
                "Select a passage first (drag across it), then press a tag key or button.",
            );
        }
    }

    pub(super) fn select_annotation(&mut self, id: Option<AnnotationId>, scroll: bool) {
        self.selected_annotation = id;
        if scroll && let Some(annotation) = id.and_then(|id| self.session.as_ref()?.layer().get(id))
        {
            self.article_view.scroll_to(annotation.span.start);
        }
    }

    fn reattach(&mut self, id: AnnotationId) {
        let Some(range) = self.article_view.selection() else {
            self.notify_info(
                "Select the passage the annotation belongs to, then choose Re-attach.",
            );
            return;
        };
        let result = self.with_session(|session| {
            let span = Span::from_selection(&session.document, range.start, range.end)?;
            session.set_bounds(id, span)
        });
        if matches!(result, Ok(Some(()))) {
            self.article_view.clear_selection();
        }
        self.report(result);
    }

    fn adjust_bounds(&mut self, id: AnnotationId, adjustment: super::BoundsAdjustment) {
        let result = self.with_session(|session| {
            let Some(annotation) = session.layer().get(id) else {
                return Ok(());
            };
            if !annotation.is_placed() {
                return Err(crate::session::SessionError::Orphaned(id));
            }
            let (start, end) = adjustment.apply(
                &session.document,
                annotation.span.start,
                annotation.span.end,
            );
            session.set_bounds(id, Span::new(start, end))
        });
        self.report(result);
    }

    /// Tags every find match (confirmed in the find bar) as one undo step.
    fn tag_all_matches(&mut self, tag: crate::model::TagId) {
        let spans = self.find.matches().to_vec();
        let label = self
            .session
            .as_ref()
            .map(|session| crate::ui::theme::tag_label(session.tag_set(), &tag))
            .unwrap_or_default();
        match self.with_session(|session| session.add_annotations(&spans, tag)) {
            Ok(Some(added)) => {
                let skipped = spans.len() - added;
                let skipped = match skipped {
                    0 => String::new(),
                    count => format!(" ({count} already were)"),
                };
                let kept = self.edit_kept();
                self.notify_info_while(
                    format!(
                        "Tagged {added} matches as {label}{skipped}. Ctrl+Z takes them all back."
                    ),
                    kept,
                );
            }
            Ok(None) => {}
            Err(error) => self.notify_error(error.to_string()),
        }
    }

    /// Annotations that J/K step through: placed, of a shown tag, in document order.
    pub(super) fn navigable_annotations(&self) -> Vec<AnnotationId> {
        let Some(session) = &self.session else {
            return Vec::new();
        };
        session
            .layer()
            .annotations()
            .iter()
            .filter(|annotation| {
                annotation.is_placed() && !self.hidden_tags.contains(&annotation.tag)
            })
            .map(|annotation| annotation.id)
            .collect()
    }

    fn step_annotation(&mut self, step: isize) {
        let order = self.navigable_annotations();
        if order.is_empty() {
            return;
        }
        let current = self
            .selected_annotation
            .and_then(|id| order.iter().position(|candidate| *candidate == id));
        let index = match current {
            Some(index) => index.saturating_add_signed(step).min(order.len() - 1),
            // From nothing selected, the first press lands on the first (or last) one.
            None if step > 0 => (step as usize - 1).min(order.len() - 1),
            None => order
                .len()
                .saturating_sub(step.unsigned_abs())
                .min(order.len() - 1),
        };
        self.select_annotation(Some(order[index]), true);
    }

    fn undo_or_redo(&mut self, undo: bool) {
        let result =
            self.with_session(|session| if undo { session.undo() } else { session.redo() });
        match result {
            Ok(Some(Some(edit))) => {
                let id = edit.annotation_id();
                let still_there = id.is_some_and(|id| {
                    self.session
                        .as_ref()
                        .is_some_and(|session| session.layer().get(id).is_some())
                });
                self.selected_annotation = if still_there { id } else { None };
            }
            Ok(_) => {}
            Err(error) => self.notify_error(error.to_string()),
        }
    }

    fn show_open_dialog(&mut self, ctx: &egui::Context) {
        if self.file_dialog.is_some() {
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
                    .add_filter("Articles", &["txt", "md", "markdown", "html", "htm"])
                    .add_filter("All files", &["*"])
                    .pick_file();
                // The receiver may be gone if the app closed; nothing to do then.
                let _ = sender.send(picked);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.file_dialog = Some(receiver),
            Err(error) => self.notify_error(format!("Cannot show the file dialog: {error}")),
        }
    }

    /// Takes the name the analyst typed ("Jane Doe"): the sidecars use a safe id made from
    /// it ("jane-doe"), and the name itself is recorded in them.
    fn set_analyst(&mut self, name: String) {
        let display = name.trim().to_owned();
        let id = match crate::store::analyst_id(&display) {
            Ok(id) => id,
            Err(error) => {
                self.dialogs.analyst_error = Some(error.to_string());
                return;
            }
        };
        self.dialogs.analyst_draft = None;
        self.dialogs.analyst_error = None;
        self.settings.analyst = Some(id.clone());
        self.settings.analyst_name = (display != id).then_some(display);
        self.save_settings();
        self.analyst = Some(id);
        if let Some(article) = self.pending_article.take() {
            self.open_article(article);
        }
    }

    /// The annotations folder for an article: the one given on the command line for every
    /// article; the bundled sample's own folder for the sample; else beside the article.
    fn annotations_dir_for(&self, article: &Path) -> Option<PathBuf> {
        if let Some(folder) = &self.annotations_dir {
            return Some(folder.clone());
        }
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        same(article, &crate::cli::bundled_article()).then(crate::cli::bundled_annotations_dir)
    }

    /// Opens an article (asking for the analyst's name first if it is not known yet).
    pub fn open_article(&mut self, article: PathBuf) {
        let Some(analyst) = self.analyst.clone() else {
            self.pending_article = Some(article);
            let suggestion = self.suggested_analyst();
            self.dialogs.ask_analyst(suggestion);
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
        if let Some((_, job)) = self.opening.take() {
            job.cancel();
        }
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
        file_size(article) + file_size(&sidecar) >= self.background_open_bytes
    }

    /// Opens on a worker thread; the window shows progress and can cancel. Opening only
    /// reads, so a cancelled open leaves nothing behind.
    fn start_background_open(
        &mut self,
        article: PathBuf,
        annotations_dir: Option<PathBuf>,
        analyst: String,
    ) {
        if let Some((_, job)) = self.opening.take() {
            job.cancel();
        }
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
            Ok(job) => self.opening = Some((article, job)),
            Err(error) => self.notify_error(format!(
                "Cannot open {}: no thread to read it on ({error})",
                article.display()
            )),
        }
    }

    /// Takes the article opened in the background, once it is read.
    pub(super) fn poll_background_open(&mut self) {
        let Some(((article, _), outcome)) =
            crate::progress::take_finished(&mut self.opening, |(_, job)| job)
        else {
            return;
        };
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
        let Some((article, job)) = self.opening.take() else {
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

    /// Stops opening an article in the background; the current one stays.
    pub(super) fn cancel_background_open(&mut self) {
        if let Some((article, job)) = self.opening.take() {
            job.cancel();
            self.notify_info(format!("Opening {} was cancelled.", article.display()));
        }
    }

    /// Makes a freshly opened session the window's.
    fn install_session(&mut self, article: &Path, session: ReadingSession) {
        // An outside edit being followed belongs to the article being replaced.
        if let Some(reload) = self.article_reload.take() {
            reload.job.cancel();
        }
        if let Some(reload) = self.teammate_reload.take() {
            reload.job.cancel();
        }
        self.describe_opened(&session);
        self.session = Some(session);
        self.start_team_session();
        self.article_view.reset();
        self.selected_annotation = None;
        self.pane = Default::default();
        self.settings.remember_article(article);
        self.save_settings();
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
    fn reload_sidecar(&mut self) {
        let Some(mut session) = self.session.take() else {
            return;
        };
        let report = session.load_sidecar();
        if self
            .selected_annotation
            .is_some_and(|id| session.layer().get(id).is_none())
        {
            self.selected_annotation = None;
        }
        self.describe_opened(&session);
        if !session.is_blocked() {
            self.notify_info(format!("Reloaded {}", session.sidecar_path.display()));
        }
        self.session = Some(session);
        self.report_merge(&report);
    }

    fn set_aside_sidecar(&mut self) {
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

impl CloseReadApp {
    fn start_export(&mut self, request: super::ExportRequest) {
        let Some(session) = &self.session else {
            return;
        };
        if self.export_job.is_some() {
            self.notify_info("An export is already running.");
            return;
        }
        let mut layers = vec![session.layer().clone()];
        for analyst in &request.other_analysts {
            match session.read_other_layer(analyst) {
                Ok(layer) => layers.push(layer),
                Err(error) => {
                    self.notify_error(format!("Not exported: {error}"));
                    return;
                }
            }
        }
        // The briefing's header: the article's document information (its meta file, else what
        // the article says), and for a consensus layer whose readings it was settled from.
        let settled_from = match layers
            .iter()
            .find(|layer| layer.analyst == crate::team::CONSENSUS)
        {
            Some(consensus) => {
                let others: Vec<crate::model::Layer> = session
                    .other_analysts()
                    .iter()
                    .filter_map(|analyst| session.read_other_layer(analyst).ok())
                    .collect();
                crate::team::settled_from(consensus, &others)
            }
            None => Vec::new(),
        };
        let context = super::export_job::ExportContext {
            info: crate::store::document_info::load_or_detect(&session.article_path).ok(),
            settled_from,
        };
        let started = super::export_job::ExportJob::start(
            request,
            session.article_name(),
            context,
            session.document.clone(),
            layers,
            self.ctx.clone(),
        );
        match started {
            Ok(job) => self.export_job = Some(job),
            Err(error) => self.notify_error(format!("Cannot start the export: {error}")),
        }
    }

    fn import(
        &mut self,
        format: crate::import::ImportFormat,
        path: &Path,
        (tag_map, relation_map): (&str, &str),
    ) {
        let result = match &mut self.session {
            Some(session) => {
                crate::import::import_into(session, format, path, tag_map, relation_map)
            }
            None => return,
        };
        match result {
            Ok(summary) => {
                let mut text = crate::cli::describe_import(&summary);
                if let Some(first) = summary.skipped_relations.first() {
                    text.push_str(&format!(" (first skipped: {first})"));
                }
                self.notify_info(format!(
                    "From {}: {text}. Undo with Ctrl+Z.",
                    path.display()
                ));
            }
            Err(error) => self.notify_error(format!("Import failed: {error}")),
        }
    }

    /// The selected annotation, or every annotation shown when none is selected, as a Markdown
    /// briefing on the clipboard.
    fn copy_excerpts_as_markdown(&mut self, ctx: &egui::Context) {
        let Some(session) = &self.session else {
            return;
        };
        let layer = session.layer();
        let chosen: Vec<crate::model::Annotation> =
            match self.selected_annotation.and_then(|id| layer.get(id)) {
                Some(annotation) => vec![annotation.clone()],
                None => layer
                    .annotations()
                    .iter()
                    .filter(|annotation| !self.hidden_tags.contains(&annotation.tag))
                    .cloned()
                    .collect(),
            };
        let count = chosen.len();
        let copied = crate::model::Layer::with_annotations(
            layer.analyst.clone(),
            layer.tag_set.clone(),
            chosen,
        )
        .with_analyst_name(layer.analyst_name.clone());
        let layers = [&copied];
        let tags = std::collections::HashSet::new();
        let info = crate::store::document_info::load_or_detect(&session.article_path).ok();
        let input = crate::export::ExportInput {
            article_name: &session.article_name(),
            document: &session.document,
            layers: &layers,
            tags: &tags,
            info: info.as_ref(),
            settled_from: &[],
        };
        let mut markdown = Vec::new();
        if let Err(error) = crate::export::markdown::write(&input, &mut markdown, &mut |_, _| {}) {
            self.notify_error(format!("Cannot copy: {error}"));
            return;
        }
        let text = String::from_utf8_lossy(&markdown).into_owned();
        ctx.copy_text(text.clone());
        self.last_copied_text = Some(text);
        self.notify_info(format!("Copied {count} excerpt(s) as Markdown."));
    }
}

/// A file's size in bytes; 0 when it cannot be read (missing files count as small).
pub(super) fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |metadata| metadata.len())
}
