//! Applying commands: the one place where the app's state changes in answer to the UI
//! ([`CloseReadApp::apply_command`]). Panels, keys and menus only emit [`AppCommand`]s; nested
//! commands go on to their area ([`crate::command::RelationCommand`] to `relations.rs`,
//! [`crate::command::TeamCommand`] to `team.rs`, [`ViewCommand`] below), actions of the
//! command table to `run_action.rs`. Model changes go through
//! [`crate::session::ReadingSession`], which records them for undo.

use super::{AppCommand, CloseReadApp};
use crate::command::ViewCommand;
use crate::model::{AnnotationId, Span};
use crate::session::ReadingSession;

impl CloseReadApp {
    /// Applies a command: the one place where the window's state changes.
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
                if result.is_ok() && self.view.selected_annotation == Some(id) {
                    self.view.selected_annotation = None;
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
            AppCommand::ShowOpenPathPrompt => self.dialogs.prompts.ask_open_path(),
            AppCommand::Edition(command) => self.apply_edition_command(command),
            AppCommand::Sync(command) => self.apply_sync_command(command),
            AppCommand::ShowOpenAddressPrompt => {
                let folder = self.fetch_folder();
                self.dialogs.prompts.ask_open_address(folder);
            }
            AppCommand::FetchAddress { url, into } => self.fetch_address(ctx, url, into),
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
                self.article.quit_without_saving = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            AppCommand::ShowExportDialog => {
                if let Some(session) = &self.session {
                    self.dialogs.transfer.open_export(session);
                }
            }
            AppCommand::ShowImportDialog => self.dialogs.transfer.open_import(),
            AppCommand::StartExport(request) => self.start_export(request),
            AppCommand::CancelExport => {
                if let Some(job) = self.jobs.export() {
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
                    self.view.dock_active = Some(view);
                }
                self.apply_team_command(command);
            }
            AppCommand::Relations(command) => self.apply_relation_command(command),
            AppCommand::Project(command) => self.apply_project_command(command),
            AppCommand::View(command) => self.apply_view_command(ctx, command),
            AppCommand::Run(action) => self.run_action(ctx, action),
            AppCommand::JumpTo(offset) => self.view.article.scroll_to(offset),
            AppCommand::TagAllMatches(tag) => self.tag_all_matches(tag),
            AppCommand::CloseFind => self.view.find.close(),
            AppCommand::CancelOpen => self.cancel_job(super::jobs::JobKind::Open),
            AppCommand::CancelArticleReload => self.cancel_job(super::jobs::JobKind::ArticleReload),
        }
    }

    /// What the window shows and how.
    fn apply_view_command(&mut self, ctx: &egui::Context, command: ViewCommand) {
        match command {
            ViewCommand::DismissNotice(index) => self.notices.dismiss(index),
            ViewCommand::ShowMessages(show) => self.notices.log_open = show,
            ViewCommand::ClearMessages => self.notices.clear(),
            ViewCommand::ShowDocumentInfo(show) => self.show_document_info(show),
            ViewCommand::ShowDockView(view) => self.show_dock_view(view),
            ViewCommand::CloseDockView(view) => self.close_dock_view(view),
            ViewCommand::ToggleTagFilter(tag) => {
                if !self.view.hidden_tags.remove(&tag) {
                    self.view.hidden_tags.insert(tag);
                }
            }
            ViewCommand::SetColumnWidth(width) => self.set_column_width(width),
            ViewCommand::SetTheme(choice) => {
                self.settings.values.view.theme = choice;
                ctx.set_theme(crate::ui::theme::theme_preference(choice));
                self.save_settings();
            }
            ViewCommand::SetReadingFont(font) => {
                self.settings.values.view.reading_font = font;
                self.save_settings();
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
        if let Some(range) = self.view.article.selection() {
            let result = self.with_session(|session| {
                session.add_annotation(range.start, range.end, tag, String::new())
            });
            match result {
                Ok(Some(id)) => {
                    self.view.selected_annotation = Some(id);
                    self.view.article.clear_selection();
                }
                Ok(None) => {}
                Err(error) => self.notify_error(error.to_string()),
            }
        } else if let Some(id) = self.view.selected_annotation {
            let result = self.with_session(|session| session.retag_annotation(id, tag));
            self.report(result);
        } else {
            self.notify_info(
                "Select a passage first (drag across it), then press a tag key or button.",
            );
        }
    }

    pub(super) fn select_annotation(&mut self, id: Option<AnnotationId>, scroll: bool) {
        self.view.selected_annotation = id;
        if scroll && let Some(annotation) = id.and_then(|id| self.session.as_ref()?.layer().get(id))
        {
            self.view.article.scroll_to(annotation.span.start);
        }
    }

    fn reattach(&mut self, id: AnnotationId) {
        let Some(range) = self.view.article.selection() else {
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
            self.view.article.clear_selection();
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
        let spans = self.view.find.matches().to_vec();
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
                annotation.is_placed() && !self.view.hidden_tags.contains(&annotation.tag)
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
            .view
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
                self.view.selected_annotation = if still_there { id } else { None };
            }
            Ok(_) => {}
            Err(error) => self.notify_error(error.to_string()),
        }
    }
}
