//! One frame: collect input (shortcuts, dropped files, the file dialog's answer), draw the
//! panels, which only read state and return [`AppCommand`]s, then apply the commands
//! ([`CloseReadApp::apply_command`]), autosave and update the title.

use super::CloseReadApp;
use super::jobs::{BackgroundJob, Finished, JobKind, Pick};
use crate::command::{AppCommand, ProjectCommand};
use crate::ui;
use crate::ui::article_view::ArticleInput;
use std::time::Instant;

impl CloseReadApp {
    /// Draws one frame and applies what it asked for.
    pub(crate) fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let mut commands = Vec::new();
        self.take_in_finished_jobs(&mut commands);
        self.pick_up_changes_on_disk();
        commands.extend(self.dropped_files(&ctx));
        let mut place = crate::command::KeyboardPlace::of(&ctx);
        // The find field takes the keyboard this frame: keys typed since Ctrl+F are its text,
        // not commands (on a slow frame they arrive before the field is drawn).
        place.typing |= self.view.find.focus_requested;
        commands.extend(crate::command::read_shortcuts(
            &ctx,
            place,
            self.session.as_ref(),
        ));

        commands.extend(ui::menu_bar::menu_bar_ui(
            ui,
            &ui::menu_bar::MenuInput {
                session: self.session.as_ref(),
                recent_articles: &self.settings.values.recent_articles,
                show_relations: self.relations.show_relations,
                has_selected_annotation: self.view.selected_annotation.is_some(),
                view: &self.settings.values.view,
                check_spelling: self.settings.values.check_spelling,
            },
        ));
        if let Some(session) = &self.session {
            commands.extend(ui::find_bar::find_bar_ui(
                ui,
                &mut self.view.find,
                session.tag_set(),
            ));
        }
        let export_progress = self
            .jobs
            .export()
            .map(|job| (job.fraction(), job.request.path.display().to_string()));
        self.withdraw_stale_notices();
        let now = Instant::now();
        if let Some(fade) = self.notices.next_fade(now) {
            ctx.request_repaint_after(fade);
        }
        commands.extend(ui::status_bar::status_bar_ui(
            ui,
            self.session.as_ref(),
            &ui::status_bar::NoticesInView {
                log: self.notices.log(),
                in_view: self.notices.in_view(now),
                more: self.notices.hidden_count(now),
            },
            export_progress,
        ));
        if let Some(session) = &self.session {
            commands.extend(ui::annotation_pane::annotation_pane_ui(
                ui,
                &mut self.view.pane,
                &ui::annotation_pane::PaneInput {
                    session,
                    selection: self.view.article.selection(),
                    selected_annotation: self.view.selected_annotation,
                    hidden_tags: &self.view.hidden_tags,
                    linking: self.relations.linking_from.is_some(),
                    default_width: self.settings.values.view.pane_width,
                    article_in_view: self
                        .settings
                        .values
                        .view
                        .list_follows_article
                        .then(|| self.view.article.chars_in_view(&session.document)),
                    spelling: self
                        .settings
                        .values
                        .check_spelling
                        .then(crate::spelling::english_if_loaded)
                        .flatten(),
                    codebook: self.project.codebook_for_article(),
                },
            ));
        }
        if let Some(session) = &self.session
            && self.settings.values.view.show_team_panel
        {
            let colour_of = |name: &str| ui::theme::colour(self.team.analyst_colour(session, name));
            let own_name = self.settings.own_display_name(session);
            commands.extend(ui::team_panel::team_panel_ui(
                ui,
                &ui::team_panel::TeamPanelInput {
                    session,
                    teammates: &self.team.teammates,
                    colour_of: &colour_of,
                    colour_by_analyst: self.team.colour_by_analyst,
                    blind_mode: self.team.blind_mode,
                    blind: self.team.is_blind(session),
                    new_reader: self.team.new_reader,
                    own_name: &own_name,
                    last_synced: &|analyst| self.last_synced(analyst),
                },
            ));
        }
        commands.extend(self.overview_strip(ui));
        commands.extend(self.team_dock(ui));
        commands.extend(self.edition_column(ui));
        egui::CentralPanel::default().show(ui, |ui| match &self.session {
            Some(session) => {
                let others: Vec<ui::article_view::ShownLayer<'_>> = self
                    .team
                    .shown_layers(session)
                    .into_iter()
                    .map(|layer| ui::article_view::ShownLayer {
                        layer,
                        colour: ui::theme::colour(
                            self.team.analyst_colour(session, &layer.analyst),
                        ),
                    })
                    .collect();
                let own_changes = |revision| session.changes_since(revision);
                let input = ArticleInput {
                    document: &session.document,
                    layer: session.layer(),
                    revision: session.revision(),
                    own_changes: &own_changes,
                    selected_annotation: self.view.selected_annotation,
                    hidden_tags: &self.view.hidden_tags,
                    others: &others,
                    own_colour: ui::theme::colour(
                        self.team.analyst_colour(session, session.analyst()),
                    ),
                    colour_by_analyst: self.team.colour_by_analyst,
                    others_revision: self.team.revision,
                    focus: self.team.focus(session),
                    show_relations: self.relations.show_relations,
                    linking: self.relations.linking_from.is_some(),
                    find_matches: self.view.find.matches(),
                    current_match: self.view.find.current_match(),
                    max_column_width: self.settings.values.view.column_width,
                    font_family: ui::theme::reading_font_family(
                        self.settings.values.view.reading_font,
                    ),
                    direction: self.view.direction,
                };
                commands.extend(self.view.article.show_ui(ui, &input));
            }
            None => ui::dialogs::no_article_ui(ui),
        });
        commands.extend(self.dialogs.prompts.show(&ctx));
        commands.extend(
            self.dialogs
                .prompts
                .recent_articles_ui(&ctx, &self.settings.values.recent_articles),
        );
        commands.extend(ui::cheat_sheet::cheat_sheet_ui(
            &ctx,
            &mut self.view.cheat_sheet,
        ));
        for (label, progress, cancel) in self.jobs.progress_windows() {
            if ui::progress_window::progress_window_ui(&ctx, label, progress) {
                commands.push(cancel);
            }
        }
        self.statistics_window(&ctx);
        commands.extend(self.sync_setup_window(&ctx));
        if let Some(open) = &mut self.project.open {
            open.poll_index();
        }
        commands.extend(self.project_home_window(&ctx));
        commands.extend(self.retrieval_window(&ctx));
        commands.extend(self.project_team_window(&ctx));
        self.codebook_window(&ctx);
        if let Some(report) = &self.dialogs.import_report
            && !ui::import_report_window::import_report_ui(&ctx, report)
        {
            self.dialogs.import_report = None;
        }
        if let (Some(draft), Some(session)) = (&mut self.dialogs.document_info, &self.session) {
            let meta = crate::store::document_info::meta_path(&session.article_path);
            let name = meta
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            commands.extend(ui::document_info_window::document_info_window_ui(
                &ctx, draft, &name,
            ));
        }
        if self.notices.log_open {
            commands.extend(ui::status_bar::messages_window_ui(&ctx, self.notices.log()));
        }
        commands.extend(self.team_windows(&ctx));
        commands.extend(self.relation_windows(&ctx));
        commands.extend(self.dialogs.transfer.show(
            &ctx,
            self.session.as_ref(),
            self.jobs.is_exporting(),
        ));

        // What a command changed (a bar opened, a field to take the keyboard) is drawn at once,
        // not on the next input: keys typed right after Ctrl+F must reach the find field.
        if !commands.is_empty() {
            ctx.request_repaint();
        }
        for command in commands {
            self.apply_command(&ctx, command);
        }
        self.refresh_find();
        self.view.typing_last_frame = ctx.text_edit_focused();
        self.remember_view(&ctx);
        self.handle_close_request(&ctx);
        self.automatic_sync_tick(&ctx);
        self.autosave(&ctx);
        self.update_title(&ctx);
    }

    /// The tag set window and the "link as" question, when open.
    pub(super) fn relation_windows(&mut self, ctx: &egui::Context) -> Vec<AppCommand> {
        let mut commands = Vec::new();
        let Some(session) = &self.session else {
            return commands;
        };
        if self.relations.show_tag_set {
            commands.extend(ui::tag_set_window::tag_set_window_ui(
                ctx,
                &mut self.relations.tag_set_dialog,
                session,
            ));
        }
        if let Some((source, target)) = self.relations.choosing_kind {
            commands.extend(ui::relations_pane::link_kind_window_ui(
                ctx,
                session.layer(),
                source,
                target,
            ));
        }
        commands
    }

    /// The Agreement window, when open (Compare and Adjudicate are in the dock).
    pub(super) fn team_windows(&mut self, ctx: &egui::Context) -> Vec<AppCommand> {
        let mut commands = Vec::new();
        let Some(session) = &self.session else {
            return commands;
        };
        if self.team.is_blind(session) {
            return commands;
        }
        if self.team.show_agreement {
            let metric = self
                .team
                .agreement_metric
                .unwrap_or(crate::team::Metric::AlphaU);
            let state = self.team.agreement(session, ctx);
            commands.extend(ui::agreement_window::agreement_window_ui(
                ctx, &state, metric,
            ));
        }
        commands
    }

    /// Takes in the background work that finished since the last frame, in one `match`.
    fn take_in_finished_jobs(&mut self, commands: &mut Vec<AppCommand>) {
        while let Some(finished) = self.jobs.poll() {
            match finished {
                Finished::FileDialog(Pick::Article, Some(path)) => {
                    commands.push(AppCommand::OpenArticle(path))
                }
                Finished::FileDialog(Pick::ProjectFolder, Some(folder)) => {
                    commands.push(AppCommand::Project(ProjectCommand::Open(folder)))
                }
                Finished::FileDialog(Pick::ProjectFolder | Pick::NewProjectFolder, None) => {
                    self.notify_info("No project folder was chosen.")
                }
                Finished::FileDialog(Pick::NewProjectFolder, Some(folder)) => {
                    self.new_project(&folder)
                }
                Finished::FileDialog(Pick::ArticlesToAdd, Some(path)) => commands.push(
                    AppCommand::Project(ProjectCommand::AddArticles(vec![path])),
                ),
                Finished::FileDialog(Pick::ArticlesToAdd, None) => {
                    self.notify_info("Nothing was added: no file was chosen.")
                }
                Finished::FileDialog(Pick::RetrievalExport(format), Some(path)) => {
                    self.export_results(format, &path)
                }
                Finished::FileDialog(Pick::RetrievalExport(_), None) => {
                    self.notify_info("Nothing was exported: no file was chosen.")
                }
                Finished::FileDialog(pick @ Pick::Edition, path) => {
                    match Self::take_edition_pick(&pick, path) {
                        Some(command) => commands.push(command),
                        None => self.notify_info("No file was chosen."),
                    }
                }
                Finished::FileDialog(Pick::Article, None) => self.notify_info(
                    "No file was chosen. If no dialog appeared, use File › Open path… or drop the file on the window.",
                ),
                Finished::Fetch(url, Ok(path)) => {
                    self.notify_info(format!("Saved {url} as {}", path.display()));
                    commands.push(AppCommand::OpenArticle(path));
                }
                Finished::Fetch(_, Err(message)) => self.notify_error(message),
                Finished::Sync(outcome) => self.finish_sync(outcome),
                Finished::Export(Ok(message)) => self.notify_info(message),
                Finished::Export(Err(message)) => self.notify_error(message),
                Finished::Open(article, outcome) => self.finish_polled_open(article, *outcome),
                Finished::ArticleReload(reload, outcome) => {
                    self.finish_article_reload(reload, outcome)
                }
                Finished::TeammateReload(reload, outcome) => {
                    self.finish_teammate_reload(reload, outcome)
                }
                Finished::OwnReload(reload, outcome) => self.finish_own_reload(reload, outcome),
            }
        }
        if self.jobs.is_exporting() {
            // Keep the export's progress bar moving.
            self.ctx
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// Cancel in a progress window: stops that work and says so.
    pub(super) fn cancel_job(&mut self, kind: JobKind) {
        if let Some(job) = self.jobs.cancel(kind) {
            self.report_cancelled(job);
        }
    }

    /// Tells the analyst what a cancel stopped (Esc or a progress window's Cancel).
    pub(super) fn report_cancelled(&mut self, job: BackgroundJob) {
        match job {
            BackgroundJob::Open(article, _) => {
                self.notify_info(format!("Opening {} was cancelled.", article.display()))
            }
            BackgroundJob::ArticleReload(_) => self.notify_info(
                "Stopped following the article's outside edit: the annotations still refer to the text as it was. Open the article again to pick up the change.",
            ),
            BackgroundJob::FileDialog(..)
            | BackgroundJob::Fetch(..)
            | BackgroundJob::Export(_)
            | BackgroundJob::TeammateReload(_)
            | BackgroundJob::OwnReload(_)
            | BackgroundJob::Sync(_) => {}
        }
    }
}
