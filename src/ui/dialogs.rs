//! Small dialogs: the analyst's name (asked once), opening a file by typing its path or a
//! page by its web address, and the empty window's help text.

use crate::command::AppCommand;
use egui::{Id, Ui};

/// What File › Open address… asks: the page's address and the folder to keep it in.
pub(crate) struct AddressDraft {
    pub url: String,
    pub folder: String,
}

#[derive(Default)]
pub(crate) struct Dialogs {
    /// The name being typed, while the analyst prompt is open.
    pub analyst_draft: Option<String>,
    pub analyst_error: Option<String>,
    /// The path being typed, while the open-path prompt is open.
    pub open_path_draft: Option<String>,
    /// The address and folder being typed, while the open-address prompt is open.
    pub open_address_draft: Option<AddressDraft>,
    /// The prompt just opened takes the keyboard on its first frame.
    focus_requested: bool,
    /// The recent articles window (Ctrl+Shift+O) is open.
    recent_open: bool,
}

impl Dialogs {
    pub(crate) fn ask_analyst(&mut self, suggestion: String) {
        self.analyst_draft = Some(suggestion);
        self.focus_requested = true;
    }

    pub(crate) fn is_recent_open(&self) -> bool {
        self.recent_open
    }

    pub(crate) fn close_recent_articles(&mut self) {
        self.recent_open = false;
    }

    pub(crate) fn show_recent_articles(&mut self) {
        self.recent_open = true;
        self.focus_requested = true;
    }

    /// The recent articles as a window of buttons, the first with the keyboard: Tab and Enter
    /// open one, Esc closes.
    pub(crate) fn recent_articles_ui(
        &mut self,
        ctx: &egui::Context,
        recent: &[std::path::PathBuf],
    ) -> Vec<AppCommand> {
        let mut commands = Vec::new();
        if !self.recent_open {
            return commands;
        }
        let mut open = true;
        egui::Window::new("Recent articles")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                if recent.is_empty() {
                    ui.weak("None yet");
                }
                for (index, path) in recent.iter().enumerate() {
                    let response = ui.button(path.display().to_string());
                    if index == 0 && std::mem::take(&mut self.focus_requested) {
                        response.request_focus();
                    }
                    if response.clicked() {
                        commands.push(AppCommand::OpenArticle(path.clone()));
                    }
                }
            });
        let escape = ctx.input(|input| input.key_pressed(egui::Key::Escape));
        if !open || escape || !commands.is_empty() {
            self.recent_open = false;
        }
        commands
    }

    pub(crate) fn ask_open_address(&mut self, folder: std::path::PathBuf) {
        self.open_address_draft.get_or_insert_with(|| AddressDraft {
            url: String::new(),
            folder: folder.display().to_string(),
        });
        self.focus_requested = true;
    }

    pub(crate) fn ask_open_path(&mut self) {
        self.open_path_draft.get_or_insert_with(String::new);
        self.focus_requested = true;
    }

    pub fn show(&mut self, ctx: &egui::Context) -> Vec<AppCommand> {
        let mut commands = Vec::new();
        if let Some(draft) = &mut self.analyst_draft {
            egui::Modal::new(Id::unique("analyst-prompt")).show(ctx, |ui| {
                ui.heading("Who is reading?");
                ui.label("Your name as it should appear in briefings, e.g. Jane Doe or Mehdi Khalaji. Asked once; remembered.");
                let response =
                    ui.add(egui::TextEdit::singleline(draft).hint_text("e.g. Jane Doe"));
                // The file name takes a safe id made from the name.
                if let Ok(id) = crate::store::analyst_id(draft)
                    && id != draft.trim()
                {
                    ui.weak(format!("Your annotation files will be named …{id}.ron"));
                }
                if std::mem::take(&mut self.focus_requested) {
                    response.request_focus();
                }
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Analyst name")
                });
                if let Some(error) = &self.analyst_error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
                let entered =
                    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Continue").clicked() || entered {
                    commands.push(AppCommand::SetAnalyst(draft.clone()));
                }
            });
        }
        let mut close_path_prompt = false;
        if let Some(draft) = &mut self.open_path_draft {
            egui::Window::new("Open path")
                .collapsible(false)
                .resizable(false)
                .show(ctx, |ui| {
                    ui.label("Path of the article to open:");
                    let response = ui.add(
                        egui::TextEdit::singleline(draft)
                            .desired_width(420.0)
                            .hint_text("/path/to/article.txt"),
                    );
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::TextInput,
                            true,
                            "Path of the article to open",
                        )
                    });
                    if std::mem::take(&mut self.focus_requested) {
                        response.request_focus();
                    }
                    let escaped =
                        response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape));
                    let entered =
                        response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    ui.horizontal(|ui| {
                        if (ui.button("Open").clicked() || entered) && !draft.trim().is_empty() {
                            commands.push(AppCommand::OpenArticle(draft.trim().into()));
                            close_path_prompt = true;
                        }
                        if ui.button("Cancel").clicked() || escaped {
                            close_path_prompt = true;
                        }
                    });
                });
        }
        if close_path_prompt {
            self.open_path_draft = None;
        }
        commands.extend(self.open_address_ui(ctx));
        commands
    }

    /// File › Open address…: the address and the folder; Enter or the button downloads, Esc
    /// or Cancel closes. Nothing is fetched until the analyst asks.
    fn open_address_ui(&mut self, ctx: &egui::Context) -> Vec<AppCommand> {
        let mut commands = Vec::new();
        let Some(draft) = &mut self.open_address_draft else {
            return commands;
        };
        let mut close = false;
        egui::Window::new("Open address")
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label("Address of the page, PDF or Word file:");
                let address = ui.add(
                    egui::TextEdit::singleline(&mut draft.url)
                        .desired_width(420.0)
                        .hint_text("https://example.org/report"),
                );
                address.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Address to download")
                });
                if std::mem::take(&mut self.focus_requested) {
                    address.request_focus();
                }
                ui.label("Keep it in the folder:");
                let folder =
                    ui.add(egui::TextEdit::singleline(&mut draft.folder).desired_width(420.0));
                folder.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Folder to keep it in")
                });
                let left_with = |response: &egui::Response, key| {
                    response.lost_focus() && ui.input(|i| i.key_pressed(key))
                };
                let entered = left_with(&address, egui::Key::Enter)
                    || left_with(&folder, egui::Key::Enter);
                let escaped = left_with(&address, egui::Key::Escape)
                    || left_with(&folder, egui::Key::Escape);
                ui.horizontal(|ui| {
                    let ready = !draft.url.trim().is_empty() && !draft.folder.trim().is_empty();
                    if (ui.button("Download and open").clicked() || entered) && ready {
                        commands.push(AppCommand::FetchAddress {
                            url: draft.url.trim().to_owned(),
                            into: draft.folder.trim().into(),
                        });
                        close = true;
                    }
                    if ui.button("Cancel").clicked() || escaped {
                        close = true;
                    }
                });
                ui.weak(
                    "Kept as .html, .pdf, .docx or .txt as the server says, never over another file.",
                );
            });
        if close {
            self.open_address_draft = None;
        }
        commands
    }
}

/// Shown when no article is open.
pub(crate) fn no_article_ui(ui: &mut Ui) {
    ui.centered_and_justified(|ui| {
        ui.label("Open an article: File › Open… (Ctrl+O), File › Open path…, or drop a file here.");
    });
}
