//! The eframe application: owns the state, draws the panels, applies their commands.
//!
//! Frame by frame: collect input (shortcuts, dropped files, the file dialog's answer), draw
//! the panels (which only read state and return [`AppCommand`]s), apply the commands in
//! [`CloseReadApp::apply_command`], then autosave and update the title.

mod apply;
mod article_link;
mod article_reload;
mod dialogs;
mod dock;
mod drop;
mod editions;
mod editions_column;
mod export_job;
mod frame;
pub mod headless;
mod jobs;
mod open;
mod project;
mod project_team;
mod relations;
mod retrieval;
mod run_action;
mod settings_state;
mod sidecar_reload;
mod sync;
mod team;
mod team_commands;
mod transfer;
mod view;
mod watch;

pub use crate::command::{
    Action, AppCommand, BoundsAdjustment, CaretMove, CaretUnit, ExportRequest, SyncCommand,
    TeamCommand,
};
pub use crate::state::{AgreementState, TeammateLayer, find, notices};

/// The command table under its former path (it lives in [`crate::command`]).
pub mod command_list {
    pub use crate::command::{
        Action, COMMANDS, CaretMove, CaretUnit, CommandEntry, Group, KeyboardPlace, Keys, Scope,
        entry_for, keys_for, markdown_table, read_shortcuts,
    };
}

use crate::model::AnnotationId;
use crate::session::ReadingSession;
use crate::settings::Settings;
use crate::store::bundled_article;
use crate::ui::article_view::ArticleView;
use std::path::PathBuf;
use std::time::Duration;

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

/// The window. Each part owns its fields, and the code that changes them is in its file:
/// the session (the one writer of annotations), the settings, the article's ties to its
/// files, the view, the messages, the open dialogs, the team, relations and the background
/// jobs. Frames and commands go through [`CloseReadApp::apply_command`].
pub struct CloseReadApp {
    settings: settings_state::SettingsState,
    /// The article open for reading, with the analyst's layer and the undo history.
    session: Option<ReadingSession>,
    /// The open article's folders, lock, watcher and autosave.
    article: article_link::ArticleLink,
    view: view::ViewState,
    notices: notices::Notices,
    dialogs: dialogs::DialogsState,
    /// Teammates' layers, their visibility, and the team windows' state.
    team: team::TeamState,
    /// Linking, the relations in the margin, the argument map and the tag set window.
    relations: relations::RelationsState,
    /// Work running off the UI thread: the file dialog, exports, opens, reloads.
    jobs: jobs::Jobs,
    /// The project open around the article, and its home.
    project: project::ProjectState,
    /// The other edition's column beside the article.
    editions: editions::EditionsState,
    /// Switch editions: the article that is to open, and the one to open beside it then.
    pending_edition: Option<(PathBuf, PathBuf)>,
    /// Syncing with the team's repository.
    sync: sync::SyncState,
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
    /// `--project`: a project folder whose home opens with the window.
    pub project: Option<PathBuf>,
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
    let project = cli.project.clone();
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
        Box::new(move |cc| {
            // The project first, so that an article of it opens with the project's sidecar
            // folder: a project named on the command line opens with its home shown; else the
            // one open last comes back quietly around the article.
            let mut options = options;
            let article = options.article.take();
            let mut app = CloseReadApp::new(&cc.egui_ctx, options);
            match project {
                Some(folder) => app.open_project(&folder),
                None => app.reopen_last_project(),
            }
            if let Some(article) = article {
                app.open_article(article);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| anyhow::anyhow!("cannot open the window: {error}"))
}

impl CloseReadApp {
    pub fn new(ctx: &egui::Context, options: StartOptions) -> Self {
        let mut app = Self {
            settings: settings_state::SettingsState::load(options.settings_path),
            session: None,
            article: article_link::ArticleLink::new(options.annotations_dir, options.analyst),
            view: view::ViewState::default(),
            notices: notices::Notices::default(),
            dialogs: dialogs::DialogsState::default(),
            team: team::TeamState::new(),
            relations: relations::RelationsState::default(),
            jobs: jobs::Jobs::default(),
            project: project::ProjectState::default(),
            editions: editions::EditionsState::default(),
            pending_edition: None,
            sync: sync::SyncState::default(),
            ctx: ctx.clone(),
        };
        app.apply_view_settings(ctx);
        // The dictionary is parsed once, off the UI thread; notes are checked once it is in.
        if app.settings.values.check_spelling {
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
        self.view.selected_annotation
    }

    pub fn article_view(&self) -> &ArticleView {
        &self.view.article
    }

    /// The annotation pane's width as last drawn (set only by dragging its edge).
    pub fn pane_width(&self) -> Option<f32> {
        self.view.pane.width()
    }

    pub fn article_view_mut(&mut self) -> &mut ArticleView {
        &mut self.view.article
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
        self.article.analyst.as_deref()
    }

    /// Find in the article: query, matches, current match.
    pub fn find(&self) -> &find::FindState {
        &self.view.find
    }

    pub fn settings(&self) -> &Settings {
        &self.settings.values
    }

    /// Whether an article is being opened in the background.
    pub fn is_opening(&self) -> bool {
        self.jobs.is_opening()
    }

    /// Sets how large an article (with its sidecar) must be to open in the background, and how
    /// many annotations agreement must compare to run there (tests use small ones).
    pub fn set_background_thresholds(&mut self, open_bytes: u64, agreement_annotations: usize) {
        self.article.background_open_bytes = open_bytes;
        self.team.background_threshold = agreement_annotations;
    }

    /// The text last copied to the clipboard by the app.
    pub fn last_copied_text(&self) -> Option<&str> {
        self.view.last_copied_text.as_deref()
    }

    /// Whether an export is running (for tests and the status bar).
    pub fn is_exporting(&self) -> bool {
        self.jobs.is_exporting()
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
        if title != self.view.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.view.window_title = title;
        }
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
        if self.article.quit_without_saving {
            return;
        }
        if let Err(error) = self.save_now() {
            eprintln!("closeread: could not save on exit: {error}");
            return;
        }
        self.sync_on_closing();
    }
}
