//! Running an action of the command table, however it was asked for: a key, a menu item or
//! the command list. Most actions become an [`AppCommand`] that
//! [`CloseReadApp::apply_command`] applies; the rest only move the view.

use super::{AppCommand, CloseReadApp};
use crate::command::Action;
use crate::command::{EditionCommand, ProjectCommand, RelationCommand, SyncCommand, ViewCommand};
use crate::settings::COLUMN_WIDTH_RANGE;

/// How much Ctrl+[ and Ctrl+] change the reading column's width, in points.
const COLUMN_WIDTH_STEP: f32 = 60.0;

impl CloseReadApp {
    pub(super) fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        let command = match action {
            Action::Open => Some(AppCommand::ShowOpenDialog),
            Action::OpenPath => Some(AppCommand::ShowOpenPathPrompt),
            Action::OpenAddress => Some(AppCommand::ShowOpenAddressPrompt),
            Action::OpenEdition => Some(AppCommand::Edition(EditionCommand::Ask)),
            Action::CloseEdition => Some(AppCommand::Edition(EditionCommand::Close)),
            Action::PairParagraphs => Some(AppCommand::Edition(EditionCommand::PairParagraphs)),
            Action::LinkAcrossEditions => Some(AppCommand::Edition(EditionCommand::LinkPassages)),
            Action::SwitchEditions => Some(AppCommand::Edition(EditionCommand::Switch)),
            Action::Sync => Some(AppCommand::Sync(SyncCommand::Now)),
            Action::SyncSetup => Some(AppCommand::Sync(SyncCommand::ShowSetup(true))),
            Action::ToggleAutoSync => Some(AppCommand::Sync(SyncCommand::SetAutomatic(
                !self.settings.values.auto_sync,
            ))),
            Action::Save => Some(AppCommand::Save),
            Action::Export => Some(AppCommand::ShowExportDialog),
            Action::Import => Some(AppCommand::ShowImportDialog),
            Action::TagSet => Some(AppCommand::Relations(RelationCommand::ShowTagSetWindow(
                true,
            ))),
            Action::Quit => {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                None
            }
            Action::Undo => Some(AppCommand::Undo),
            Action::Redo => Some(AppCommand::Redo),
            Action::CopyAsMarkdown => Some(AppCommand::CopyExcerptsAsMarkdown),
            Action::TagWithKey => {
                self.notify_info("Press the tag's key (1, 2, 3…) with a passage selected.");
                None
            }
            Action::EditNote => {
                match self.view.selected_annotation {
                    Some(_) => self.view.pane.focus_note(),
                    None => self.notify_info("Select an annotation first (J/K or a click)."),
                }
                None
            }
            Action::Link => self
                .view
                .selected_annotation
                .map(|_| AppCommand::Relations(RelationCommand::StartLinking)),
            // Esc stops or closes what is on top: long work, the command list, recent
            // articles, the messages, the team dock's view, linking, the find bar, and last
            // the selection and the selected annotation. (Menus are closed
            // before this is reached: see `command::read_shortcuts`.)
            Action::CancelOrClear => {
                if let Some(job) = self.jobs.cancel_topmost() {
                    self.report_cancelled(job);
                    None
                } else if self.view.cheat_sheet.open {
                    self.view.cheat_sheet.toggle();
                    None
                } else if self.dialogs.prompts.is_recent_open() {
                    self.dialogs.prompts.close_recent_articles();
                    None
                } else if self.notices.log_open {
                    self.notices.log_open = false;
                    None
                } else if self.close_active_dock_view() {
                    None
                } else if self.relations.linking_from.is_some() {
                    Some(AppCommand::Relations(RelationCommand::CancelLinking))
                } else if self.view.find.open {
                    Some(AppCommand::CloseFind)
                } else if self.view.typing_last_frame {
                    // That Esc took the keyboard out of a field (the note): nothing more.
                    None
                } else {
                    self.view.article.clear_selection();
                    self.view.selected_annotation = None;
                    None
                }
            }
            Action::Delete => self.view.selected_annotation.map(AppCommand::Delete),
            Action::NextAnnotation => Some(AppCommand::StepAnnotation(1)),
            Action::PreviousAnnotation => Some(AppCommand::StepAnnotation(-1)),
            Action::NextSameTag => {
                self.step_same_tag(true);
                None
            }
            Action::PreviousSameTag => {
                self.step_same_tag(false);
                None
            }
            Action::Caret(movement) => {
                if let Some(session) = &self.session {
                    if movement.unit == crate::command::CaretUnit::LineEdge
                        && !self.view.article.caret_shown()
                    {
                        // Home and End with no caret: the article's start or end, as a reader
                        // expects.
                        let target = if movement.forward {
                            session.document.char_count()
                        } else {
                            0
                        };
                        self.view.article.scroll_to(target);
                    } else {
                        self.view.article.move_caret(&session.document, movement);
                    }
                }
                None
            }
            Action::Page(forward) => {
                self.view.article.page(forward);
                None
            }
            Action::ScrollToEnd(end) => {
                if let Some(session) = &self.session {
                    let target = if end {
                        session.document.char_count()
                    } else {
                        0
                    };
                    self.view.article.scroll_to(target);
                }
                None
            }
            Action::Find => {
                self.view.find.open();
                None
            }
            Action::FindNext | Action::FindPrevious => {
                if !self.view.find.open {
                    self.view.find.open();
                }
                if let Some(span) = self.view.find.step(action == Action::FindNext) {
                    self.show_match(span);
                }
                None
            }
            Action::FindInPane => {
                self.view.pane.focus_search();
                None
            }
            Action::ShowCheatSheet => {
                self.view.cheat_sheet.toggle();
                None
            }
            Action::ShowStatistics => {
                self.view.show_statistics = !self.view.show_statistics;
                None
            }
            Action::ZoomIn => {
                egui::gui_zoom::zoom_in(ctx);
                None
            }
            Action::ZoomOut => {
                egui::gui_zoom::zoom_out(ctx);
                None
            }
            Action::ZoomReset => {
                ctx.set_zoom_factor(1.0);
                None
            }
            Action::NarrowerColumn | Action::WiderColumn => {
                let step = if action == Action::WiderColumn {
                    COLUMN_WIDTH_STEP
                } else {
                    -COLUMN_WIDTH_STEP
                };
                Some(AppCommand::View(ViewCommand::SetColumnWidth(
                    (self.settings.values.view.column_width + step).round() as u32,
                )))
            }
            Action::ToggleMinimap => {
                self.settings.values.view.show_overview = !self.settings.values.view.show_overview;
                None
            }
            Action::ToggleRelations => Some(AppCommand::Relations(
                RelationCommand::SetShowRelations(!self.relations.show_relations),
            )),
            Action::ToggleListFollows => {
                self.settings.values.view.list_follows_article =
                    !self.settings.values.view.list_follows_article;
                self.save_settings();
                None
            }
            Action::ToggleSpelling => {
                self.settings.values.check_spelling = !self.settings.values.check_spelling;
                self.save_settings();
                None
            }
            Action::DocumentInfo => Some(AppCommand::View(ViewCommand::ShowDocumentInfo(true))),
            Action::ArgumentMap => Some(AppCommand::Relations(RelationCommand::ShowArgumentMap(
                true,
            ))),
            Action::CompareReadings => {
                Some(AppCommand::Team(super::TeamCommand::ShowCompare(true)))
            }
            Action::Agreement => Some(AppCommand::Team(super::TeamCommand::ShowAgreement(true))),
            Action::Adjudicate => Some(AppCommand::Team(super::TeamCommand::StartAdjudication)),
            Action::ReloadSidecar => Some(AppCommand::ReloadSidecar),
            Action::QuitWithoutSaving => Some(AppCommand::QuitWithoutSaving),
            Action::RecentArticles => {
                self.dialogs.prompts.show_recent_articles();
                None
            }
            Action::Theme(choice) => Some(AppCommand::View(ViewCommand::SetTheme(choice))),
            Action::ReadingFont(font) => Some(AppCommand::View(ViewCommand::SetReadingFont(font))),
            Action::ColourByAnalyst => Some(AppCommand::Team(
                super::TeamCommand::SetColourByAnalyst(!self.team.colour_by_analyst),
            )),
            Action::BlindMode => Some(AppCommand::Team(super::TeamCommand::SetBlindMode(
                !self.team.blind_mode,
            ))),
            Action::MarkReadingDone => Some(AppCommand::Team(super::TeamCommand::MarkReadingDone)),
            Action::ReopenReading => Some(AppCommand::Project(ProjectCommand::SetDone(false))),
            Action::OpenProject => Some(AppCommand::Project(ProjectCommand::ShowOpenDialog)),
            Action::ProjectHome => Some(AppCommand::Project(ProjectCommand::ShowHome(
                !self.project.show_home,
            ))),
            Action::NextAssignedArticle => Some(AppCommand::Project(ProjectCommand::NextAssigned)),
            Action::Codebook => Some(AppCommand::Project(ProjectCommand::ShowCodebook(
                !self.project.show_codebook,
            ))),
            Action::NewProject => Some(AppCommand::Project(ProjectCommand::ShowNewDialog)),
            Action::ProjectTeam => Some(AppCommand::Project(ProjectCommand::ShowTeam(
                !self.project.show_team,
            ))),
            Action::Retrieval => Some(AppCommand::Project(ProjectCommand::ShowRetrieval(
                !self.project.show_retrieval,
            ))),
            Action::NextProjectArticle => Some(AppCommand::Project(ProjectCommand::Step(1))),
            Action::PreviousProjectArticle => Some(AppCommand::Project(ProjectCommand::Step(-1))),
            Action::ShowOthers => Some(AppCommand::Team(super::TeamCommand::ShowOthers)),
            Action::ShowMessages => Some(AppCommand::View(ViewCommand::ShowMessages(true))),
            Action::EditAnyway => Some(AppCommand::Team(super::TeamCommand::EditAnyway)),
            Action::Bounds(adjustment) => self
                .view
                .selected_annotation
                .map(|id| AppCommand::AdjustBounds(id, adjustment)),
            Action::ConfirmPlacement => self
                .view
                .selected_annotation
                .map(AppCommand::ConfirmPlacement),
            Action::ReattachToSelection => self
                .view
                .selected_annotation
                .map(AppCommand::ReattachToSelection),
            Action::ToggleTeamPanel => {
                self.settings.values.view.show_team_panel =
                    !self.settings.values.view.show_team_panel;
                None
            }
        };
        if let Some(command) = command {
            self.apply_command(ctx, command);
        }
    }

    /// Selects a find match in the article and scrolls to it, so that a tag key tags it.
    pub(super) fn show_match(&mut self, span: crate::model::Span) {
        self.view.article.set_selection(span.range());
        self.view.article.scroll_to(span.start);
    }

    /// Sets the reading column's widest, within [`COLUMN_WIDTH_RANGE`].
    pub(super) fn set_column_width(&mut self, width: u32) {
        self.settings.values.view.column_width =
            (width as f32).clamp(*COLUMN_WIDTH_RANGE.start(), *COLUMN_WIDTH_RANGE.end());
    }

    /// Selects the next (or previous) annotation with the selected one's tag (Shift+J/K).
    fn step_same_tag(&mut self, forward: bool) {
        let Some(session) = &self.session else {
            return;
        };
        let layer = session.layer();
        let Some(current) = self.view.selected_annotation.and_then(|id| layer.get(id)) else {
            self.notify_info(
                "Select an annotation first: Shift+J/K step through those of its tag.",
            );
            return;
        };
        let tag = current.tag.clone();
        let order = self.navigable_annotations();
        let Some(position) = order
            .iter()
            .position(|id| Some(*id) == self.view.selected_annotation)
        else {
            return;
        };
        let same_tag = |id: &&crate::model::AnnotationId| {
            layer
                .get(**id)
                .is_some_and(|annotation| annotation.tag == tag)
        };
        let next = if forward {
            order[position + 1..].iter().find(same_tag)
        } else {
            order[..position].iter().rev().find(same_tag)
        };
        if let Some(&next) = next {
            self.select_annotation(Some(next), true);
        }
    }
}
