//! The menu bar: File, Edit, View and Help. Every item names its shortcut.

use crate::app::AppCommand;
use crate::session::ReadingSession;
use egui::Ui;
use std::path::PathBuf;

pub struct MenuInput<'a> {
    pub session: Option<&'a ReadingSession>,
    pub recent_articles: &'a [PathBuf],
    pub show_relations: bool,
    pub has_selected_annotation: bool,
}

/// The shortcuts, for the Help menu and the README.
pub const SHORTCUTS: &[(&str, &str)] = &[
    (
        "1 / 2 / 3",
        "Tag the selection as claim / evidence / recommendation (or retag the selected annotation)",
    ),
    ("J / K", "Next / previous annotation"),
    (
        "Delete",
        "Delete the selected annotation (and its relations)",
    ),
    (
        "L, then click",
        "Link the selected annotation to another (supports, undermines, follows from)",
    ),
    ("Esc", "Cancel linking"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    (
        "Ctrl+S",
        "Save now (changes are also saved within 2 s, and on exit)",
    ),
    ("Ctrl+O", "Open an article"),
    (
        "Ctrl+Shift+C",
        "Copy the selected annotation (or all shown) as Markdown",
    ),
    ("Drag / Shift+click", "Select / extend the selection"),
    ("Double-click / triple-click", "Select a word / a paragraph"),
];

pub fn menu_bar_ui(ui: &mut Ui, input: &MenuInput<'_>) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    egui::Panel::top("menu-bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| file_menu_ui(ui, input, &mut commands));
            ui.menu_button("Edit", |ui| edit_menu_ui(ui, input, &mut commands));
            ui.menu_button("View", |ui| view_menu_ui(ui, input, &mut commands));
            ui.menu_button("Help", |ui| {
                ui.label(egui::RichText::new("Keyboard shortcuts").strong());
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for (keys, action) in SHORTCUTS {
                        ui.monospace(*keys);
                        ui.label(*action);
                        ui.end_row();
                    }
                });
            });
        });
    });
    commands
}

fn file_menu_ui(ui: &mut Ui, input: &MenuInput<'_>, commands: &mut Vec<AppCommand>) {
    if ui
        .add(egui::Button::new("Open…").shortcut_text("Ctrl+O"))
        .clicked()
    {
        commands.push(AppCommand::ShowOpenDialog);
    }
    if ui.button("Open path…").clicked() {
        commands.push(AppCommand::ShowOpenPathPrompt);
    }
    ui.menu_button("Recent articles", |ui| {
        if input.recent_articles.is_empty() {
            ui.weak("None yet");
        }
        for path in input.recent_articles {
            if ui.button(path.display().to_string()).clicked() {
                commands.push(AppCommand::OpenArticle(path.clone()));
            }
        }
    });
    ui.separator();
    let has_session = input.session.is_some();
    if ui
        .add_enabled(has_session, egui::Button::new("Export…"))
        .clicked()
    {
        commands.push(AppCommand::ShowExportDialog);
    }
    if ui
        .add_enabled(has_session, egui::Button::new("Import…"))
        .clicked()
    {
        commands.push(AppCommand::ShowImportDialog);
    }
    if ui
        .add_enabled(has_session, egui::Button::new("Tag set…"))
        .on_hover_text("The tags and relations in use; choose a tag set file")
        .clicked()
    {
        commands.push(AppCommand::ShowTagSetWindow(true));
    }
    ui.separator();
    if ui
        .add_enabled(
            has_session,
            egui::Button::new("Save").shortcut_text("Ctrl+S"),
        )
        .clicked()
    {
        commands.push(AppCommand::Save);
    }
    if ui
        .add_enabled(has_session, egui::Button::new("Reload sidecar"))
        .on_hover_text("Read the sidecar from disk again")
        .clicked()
    {
        commands.push(AppCommand::ReloadSidecar);
    }
    ui.separator();
    if ui.button("Quit").clicked() {
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
    }
    if input
        .session
        .is_some_and(ReadingSession::has_unsaved_changes)
        && ui
            .button("Quit without saving")
            .on_hover_text("Closes the window and loses the changes not yet saved")
            .clicked()
    {
        commands.push(AppCommand::QuitWithoutSaving);
    }
}

fn view_menu_ui(ui: &mut Ui, input: &MenuInput<'_>, commands: &mut Vec<AppCommand>) {
    let mut show_relations = input.show_relations;
    if ui
        .checkbox(&mut show_relations, "Relations in the margin")
        .changed()
    {
        commands.push(AppCommand::SetShowRelations(show_relations));
    }
    if ui
        .add_enabled(input.session.is_some(), egui::Button::new("Argument map…"))
        .clicked()
    {
        commands.push(AppCommand::ShowArgumentMap(true));
    }
}

fn edit_menu_ui(ui: &mut Ui, input: &MenuInput<'_>, commands: &mut Vec<AppCommand>) {
    let can_undo = input.session.is_some_and(ReadingSession::can_undo);
    let can_redo = input.session.is_some_and(ReadingSession::can_redo);
    if ui
        .add_enabled(can_undo, egui::Button::new("Undo").shortcut_text("Ctrl+Z"))
        .clicked()
    {
        commands.push(AppCommand::Undo);
    }
    if ui
        .add_enabled(
            can_redo,
            egui::Button::new("Redo").shortcut_text("Ctrl+Shift+Z"),
        )
        .clicked()
    {
        commands.push(AppCommand::Redo);
    }
    ui.separator();
    if ui
        .add_enabled(
            input.has_selected_annotation,
            egui::Button::new("Link selected annotation…").shortcut_text("L"),
        )
        .clicked()
    {
        commands.push(AppCommand::StartLinking);
    }
}
