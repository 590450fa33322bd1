//! The eframe application: owns the state, draws the panels, applies their commands.
//!
//! Frame by frame: collect input (shortcuts, dropped files, the file dialog's answer), draw
//! the panels (which only read state and return [`AppCommand`]s), apply the commands in
//! [`CloseReadApp::apply_command`], then autosave and update the title.

mod apply;
mod article_reload;
mod dock;
mod drop;
mod export_job;
mod frame;
pub mod headless;
mod jobs;
mod open;
mod relations;
mod run_action;
mod sidecar_reload;
mod team;
mod team_commands;
mod transfer;
mod view;
mod watch;

pub use crate::command::{
    Action, AppCommand, BoundsAdjustment, CaretMove, CaretUnit, ExportRequest, TeamCommand,
};
pub use crate::state::{AgreementState, TeammateLayer, find, notices};

/// The command table under its former path (it lives in [`crate::command`]).
pub mod command_list {
    pub use crate::command::{
        Action, COMMANDS, CaretMove, CaretUnit, CommandEntry, Group, KeyboardPlace, Keys, Scope,
        entry_for, keys_for, markdown_table, read_shortcuts,
    };
}

use crate::model::{AnnotationId, TagId};
use crate::session::ReadingSession;
use crate::settings::{Settings, default_analyst};
use crate::store::bundled_article;
use crate::ui;
use crate::ui::annotation_pane::PaneState;
use crate::ui::article_view::ArticleView;
use crate::ui::dialogs::Dialogs;
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Unsaved changes are written this long after the last change.
pub(crate) const AUTOSAVE_DELAY: Duration = Duration::from_secs(1);

/// How the window starts.
#[derive(Clone, Debug, Default)]
pub struct StartOptions {
    /// Article to open first (`None`: none; the CLI passes the bundled one by default).
    pub article: Option<PathBuf>,
    /// Annotations folder for every article opened (`None`: beside each article, and
    /// `annotations/` for the bundled sample).
    pub annotations_dir: Option<PathBuf>,
    /// Analyst from the command line; else the remembered one; else the window asks.
    pub analyst: Option<String>,
    /// Settings file; `None` keeps settings in memory only (tests).
    pub settings_path: Option<PathBuf>,
}

pub use notices::{Notice, ValidWhile};

pub struct CloseReadApp {
    settings: Settings,
    settings_path: Option<PathBuf>,
    /// The annotations folder named on the command line, for every article opened.
    annotations_dir: Option<PathBuf>,
    analyst: Option<String>,
    session: Option<ReadingSession>,
    article_view: ArticleView,
    pane: PaneState,
    selected_annotation: Option<AnnotationId>,
    hidden_tags: HashSet<TagId>,
    notices: notices::Notices,
    /// View › Messages: every message of the session.
    show_messages: bool,
    /// A text field had the keyboard at the end of the last frame: an Esc now left it (egui
    /// drops the focus on Esc before the frame starts), so it clears no selection.
    typing_last_frame: bool,
    /// File › Document info…, with the fields being edited.
    document_info: Option<ui::document_info_window::DocumentInfoDraft>,
    /// The view shown in the team dock, when several are open.
    dock_active: Option<crate::command::DockView>,
    dialogs: Dialogs,
    /// An article waiting for the analyst's name before it can be opened.
    pending_article: Option<PathBuf>,
    /// Revision last seen, and when it changed: drives autosave.
    seen_revision: u64,
    changed_at: Instant,
    window_title: String,
    /// The analyst chose to quit although saving failed.
    quit_without_saving: bool,
    /// Watches the article's folder and the annotations folder for changes made elsewhere.
    watcher: Option<watch::FolderWatcher>,
    /// The article file as last read, to tell a real edit from a touch.
    article_stamp: Option<watch::FileStamp>,
    /// Teammates' layers, their visibility, and the team windows' state.
    team: team::TeamState,
    /// Held while this window edits the analyst's sidecar; tells a second window.
    sidecar_lock: Option<crate::store::lock::SidecarLock>,
    /// Linking, the relations in the margin, the argument map and the tag set window.
    relations: relations::RelationsState,
    transfer_dialogs: ui::transfer_dialogs::TransferDialogs,
    /// What was last put on the clipboard (the clipboard itself cannot be read back).
    last_copied_text: Option<String>,
    find: find::FindState,
    cheat_sheet: ui::cheat_sheet::CheatSheetState,
    show_statistics: bool,
    /// The statistics, and the layer and team revisions they were counted for.
    statistics: Option<((u64, u64), crate::team::statistics::Statistics)>,
    overview: ui::overview_strip::OverviewCache,
    /// Article and sidecar sizes (together) from which opening runs off the UI thread.
    background_open_bytes: u64,
    /// Work running off the UI thread: the file dialog, exports, opens, reloads.
    jobs: jobs::Jobs,
    ctx: egui::Context,
}

/// What a background open hands back: the session, and its teammates' layers already read.
type OpenedInBackground = (ReadingSession, Vec<team::PreloadedLayer>);

/// Article and sidecar bytes above which opening runs off the UI thread: the bundled sample
/// opens in milliseconds, a 5 MB book with 20,000 annotations in a quarter of a second.
pub(crate) const BACKGROUND_OPEN_BYTES: u64 = 2 * 1024 * 1024;

/// What the command line says about the window (`main` fills it from its arguments, so that the
/// window does not depend on the command line's definitions).
#[derive(Clone, Debug, Default)]
pub struct WindowArgs {
    /// The article to open; `None`: the one read last, else the bundled sample.
    pub article: Option<PathBuf>,
    /// `--annotations`.
    pub annotations: Option<PathBuf>,
    /// `--analyst` (a display name or an id).
    pub analyst: Option<String>,
}

/// Opens the window (blocking until it closes).
pub fn run(cli: &WindowArgs) -> anyhow::Result<()> {
    let settings_path = Settings::default_path();
    let settings = settings_path
        .as_deref()
        .map(Settings::load_from)
        .unwrap_or_default();
    // With no article named, the last one read opens again (the bundled sample the first time).
    let last_article = settings
        .recent_articles
        .first()
        .filter(|path| path.is_file())
        .cloned();
    let options = StartOptions {
        article: Some(
            cli.article
                .clone()
                .or(last_article)
                .unwrap_or_else(bundled_article),
        ),
        annotations_dir: cli.annotations.clone(),
        // The window asks for a name only when none is given, remembered or set in the
        // environment; the OS user name is its suggestion.
        analyst: cli
            .analyst
            .as_ref()
            .map(|name| crate::store::analyst_id(name).unwrap_or_else(|_| name.clone()))
            .or(settings.analyst.clone())
            .or_else(|| {
                std::env::var("CLOSEREAD_ANALYST")
                    .ok()
                    .filter(|name| !name.trim().is_empty())
            }),
        settings_path,
    };
    let view = &settings.view;
    let (width, height) = view.window_size.unwrap_or((1280.0, 860.0));
    let native_options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Closeread")
            .with_app_id("closeread")
            .with_inner_size([width.max(640.0), height.max(400.0)])
            .with_maximized(view.maximized)
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Closeread",
        native_options,
        Box::new(move |cc| Ok(Box::new(CloseReadApp::new(&cc.egui_ctx, options)))),
    )
    .map_err(|error| anyhow::anyhow!("cannot open the window: {error}"))
}

impl CloseReadApp {
    pub fn new(ctx: &egui::Context, options: StartOptions) -> Self {
        let settings = options
            .settings_path
            .as_deref()
            .map(Settings::load_from)
            .unwrap_or_default();
        let mut app = Self {
            settings,
            settings_path: options.settings_path,
            annotations_dir: options.annotations_dir.clone(),
            analyst: options.analyst,
            session: None,
            article_view: ArticleView::default(),
            pane: PaneState::default(),
            selected_annotation: None,
            hidden_tags: HashSet::new(),
            notices: notices::Notices::default(),
            show_messages: false,
            typing_last_frame: false,
            document_info: None,
            dock_active: None,
            dialogs: Dialogs::default(),
            pending_article: None,
            seen_revision: 0,
            changed_at: Instant::now(),
            window_title: String::new(),
            quit_without_saving: false,
            watcher: None,
            article_stamp: None,
            team: team::TeamState::new(),
            sidecar_lock: None,
            relations: relations::RelationsState::default(),
            transfer_dialogs: Default::default(),
            last_copied_text: None,
            find: find::FindState::default(),
            cheat_sheet: Default::default(),
            show_statistics: false,
            statistics: None,
            overview: Default::default(),
            background_open_bytes: BACKGROUND_OPEN_BYTES,
            jobs: jobs::Jobs::default(),
            ctx: ctx.clone(),
        };
        app.apply_view_settings(ctx);
        // The dictionary is parsed once, off the UI thread; notes are checked once it is in.
        if app.settings.check_spelling {
            let ctx = ctx.clone();
            std::thread::spawn(move || {
                if crate::spelling::english().is_ok() {
                    ctx.request_repaint();
                }
            });
        }
        if let Some(article) = options.article {
            app.open_article(article);
        }
        app
    }

    pub fn session(&self) -> Option<&ReadingSession> {
        self.session.as_ref()
    }

    pub fn selected_annotation(&self) -> Option<AnnotationId> {
        self.selected_annotation
    }

    pub fn article_view(&self) -> &ArticleView {
        &self.article_view
    }

    /// The annotation pane's width as last drawn (set only by dragging its edge).
    pub fn pane_width(&self) -> Option<f32> {
        self.pane.width()
    }

    pub fn article_view_mut(&mut self) -> &mut ArticleView {
        &mut self.article_view
    }

    /// Every message of the session still true, oldest first (also those faded from view).
    pub fn notices(&self) -> &[Notice] {
        self.notices.log()
    }

    /// Whether the next click on a highlight picks a relation's target.
    pub fn is_linking(&self) -> bool {
        self.relations.linking_from.is_some()
    }

    /// Teammates' layers found beside the article (loaded or not, shown or not).
    pub fn teammates(&self) -> &[TeammateLayer] {
        &self.team.teammates
    }

    /// The analysts whose layers the article view draws besides the own one.
    pub fn shown_teammates(&self) -> Vec<String> {
        self.session
            .as_ref()
            .map(|session| {
                self.team
                    .shown_layers(session)
                    .into_iter()
                    .map(|layer| layer.analyst.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn analyst(&self) -> Option<&str> {
        self.analyst.as_deref()
    }

    /// Find in the article: query, matches, current match.
    pub fn find(&self) -> &find::FindState {
        &self.find
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Whether an article is being opened in the background.
    pub fn is_opening(&self) -> bool {
        self.jobs.is_opening()
    }

    /// Sets how large an article (with its sidecar) must be to open in the background, and how
    /// many annotations agreement must compare to run there (tests use small ones).
    pub fn set_background_thresholds(&mut self, open_bytes: u64, agreement_annotations: usize) {
        self.background_open_bytes = open_bytes;
        self.team.background_threshold = agreement_annotations;
    }

    /// The text last copied to the clipboard by the app.
    pub fn last_copied_text(&self) -> Option<&str> {
        self.last_copied_text.as_deref()
    }

    /// Whether an export is running (for tests and the status bar).
    pub fn is_exporting(&self) -> bool {
        self.jobs.is_exporting()
    }

    /// Acts on files changed on disk once their folder is quiet: teammates' sidecars and our
    /// own are reloaded, and an edited article is read again with the annotations mapped
    /// through the edit.
    fn pick_up_changes_on_disk(&mut self) {
        let Some(changed) = self
            .watcher
            .as_ref()
            .map(|watcher| watcher.take_settled_changes(&self.ctx))
        else {
            return;
        };
        if changed.is_empty() {
            return;
        }
        self.reload_changed_sidecars(&changed);
        let Some(session) = &mut self.session else {
            return;
        };
        let article_named = session
            .article_path
            .file_name()
            .is_some_and(|name| changed.contains(name));
        let stamp = watch::stamp_of(&session.article_path);
        if !article_named || stamp.is_none() || stamp == self.article_stamp {
            return;
        }
        self.article_stamp = stamp;
        self.reload_article();
    }

    fn notify_error(&mut self, text: impl Into<String>) {
        self.push_notice(text.into(), true);
    }

    fn notify_info(&mut self, text: impl Into<String>) {
        self.push_notice(text.into(), false);
    }

    fn push_notice(&mut self, text: String, is_error: bool) {
        self.notices.push(text, is_error, ValidWhile::Always);
    }

    /// An information message that goes when `valid_while` stops holding.
    fn notify_info_while(&mut self, text: impl Into<String>, valid_while: ValidWhile) {
        self.notices.push(text.into(), false, valid_while);
    }

    /// A message tied to the edit just made: withdrawn if it is undone.
    fn edit_kept(&self) -> ValidWhile {
        ValidWhile::EditKept {
            undo_depth: self.session.as_ref().map_or(0, ReadingSession::undo_depth),
        }
    }

    /// Withdraws the messages that a later action made untrue.
    fn withdraw_stale_notices(&mut self) {
        let context = notices::NoticeContext {
            undo_depth: self.session.as_ref().map_or(0, ReadingSession::undo_depth),
            analyst: self.session.as_ref().map(ReadingSession::analyst),
        };
        self.notices.withdraw_stale(&context);
    }

    /// Saves within [`AUTOSAVE_DELAY`] of the last change, and wakes the UI up to do so. The
    /// save runs on a worker thread (serialising 20,000 annotations takes longer than a frame);
    /// its outcome is taken in here on a later frame, which the worker asks for.
    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(session) = &mut self.session else {
            return;
        };
        match session.poll_background_save() {
            Some(Ok(report)) => self.report_merge(&report),
            Some(Err(error)) => return self.autosave_failed(ctx, &error),
            None => {}
        }
        let Some(session) = &mut self.session else {
            return;
        };
        if session.revision() != self.seen_revision {
            self.seen_revision = session.revision();
            self.changed_at = Instant::now();
        }
        if !session.has_unsaved_changes()
            || session.is_blocked()
            || session.is_saving_in_background()
        {
            return;
        }
        let elapsed = self.changed_at.elapsed();
        if elapsed < AUTOSAVE_DELAY {
            ctx.request_repaint_after(AUTOSAVE_DELAY - elapsed);
            return;
        }
        record_analyst_name(session, &self.settings);
        let worker_ctx = ctx.clone();
        if let Err(error) = session.start_background_save(move || worker_ctx.request_repaint()) {
            self.autosave_failed(ctx, &error);
        }
    }

    fn autosave_failed(&mut self, ctx: &egui::Context, error: &crate::session::SessionError) {
        // Try again after another delay rather than every frame.
        self.changed_at = Instant::now();
        ctx.request_repaint_after(AUTOSAVE_DELAY);
        self.notify_error(format!("Autosave failed: {error}"));
    }

    /// Saves unsaved changes now (Ctrl+S, exit, before opening another article), telling the
    /// analyst about changes made elsewhere that were merged in.
    pub(crate) fn save_now(&mut self) -> Result<(), crate::session::SessionError> {
        let report = match &mut self.session {
            Some(session) if session.has_unsaved_changes() => {
                record_analyst_name(session, &self.settings);
                session.save()?
            }
            _ => return Ok(()),
        };
        self.report_merge(&report);
        Ok(())
    }

    fn report_merge(&mut self, report: &crate::session::MergeReport) {
        if let Some(error) = &report.error {
            self.notify_error(format!(
                "Changes made to the sidecar elsewhere could not be merged: {error}"
            ));
        } else if report.merged {
            let conflicts = match report.conflicts {
                0 => String::new(),
                count => format!(
                    " {count} annotation(s) had been changed on both sides: your tag and bounds were kept, and both notes."
                ),
            };
            let removed = match report.relations_removed {
                0 => String::new(),
                count => format!(
                    " {count} relation(s) no longer fitted the tags changed elsewhere and were removed (undo brings them back)."
                ),
            };
            self.notify_info(format!(
                "The sidecar had been changed elsewhere (another window, the command line or a sync); those changes were merged in.{conflicts}{removed}"
            ));
        }
    }

    /// Closing the window saves first; if that fails the window stays open with the error,
    /// and the analyst decides (File › Quit without saving).
    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|input| input.viewport().close_requested()) || self.quit_without_saving {
            return;
        }
        if let Err(error) = self.save_now() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.notify_error(format!(
                "Not closing: your annotations could not be saved ({error}). Fix the problem and close again, or choose File › Quit without saving."
            ));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.session {
            Some(session) => format!(
                "{}{} — {} — Closeread",
                session.article_name(),
                if session.has_unsaved_changes() {
                    " (unsaved)"
                } else {
                    ""
                },
                session.analyst()
            ),
            None => "Closeread".to_owned(),
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    fn save_settings(&mut self) {
        if let Some(path) = &self.settings_path
            && let Err(error) = self.settings.save_to(path)
        {
            self.notify_error(error.to_string());
        }
    }

    /// The analyst's name as they typed it, else as their sidecar has it, else their id.
    fn own_display_name(&self, session: &ReadingSession) -> String {
        match &self.settings.analyst_name {
            Some(name) if self.settings.analyst.as_deref() == Some(session.analyst()) => {
                name.clone()
            }
            _ => session.layer().display_name().to_owned(),
        }
    }

    /// The analyst name the prompt suggests.
    fn suggested_analyst(&self) -> String {
        default_analyst(&self.settings).unwrap_or_default()
    }
}

/// The analyst's name as typed ("Jane Doe") goes into their own sidecar with their changes
/// (never on its own: opening an article writes nothing).
fn record_analyst_name(session: &mut ReadingSession, settings: &Settings) {
    if let Some(name) = &settings.analyst_name
        && settings.analyst.as_deref() == Some(session.analyst())
    {
        session.set_analyst_name(name);
    }
}

impl eframe::App for CloseReadApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn on_exit(&mut self) {
        // An autosave still writing finishes first: the process must not end halfway.
        if let Some(session) = &mut self.session {
            let _ = session.wait_for_background_save();
        }
        self.save_settings();
        if self.quit_without_saving {
            return;
        }
        if let Err(error) = self.save_now() {
            eprintln!("closeread: could not save on exit: {error}");
        }
    }
}
