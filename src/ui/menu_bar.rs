//! The menu bar: File, Edit, View and Help. Items come from the command list
//! ([`crate::command::COMMANDS`]), so each names the same keys the cheat sheet does.

use crate::command::{self, Action, AppCommand, ViewCommand};
use crate::session::ReadingSession;
use crate::settings::{ReadingFont, ThemeChoice, ViewSettings};
use egui::Ui;
use std::path::PathBuf;

pub struct MenuInput<'a> {
    pub session: Option<&'a ReadingSession>,
    pub recent_articles: &'a [PathBuf],
    pub show_relations: bool,
    pub has_selected_annotation: bool,
    pub view: &'a ViewSettings,
    pub check_spelling: bool,
}

/// A menu item for a command of the command list: its label, its keys, and the command.
fn command_item(ui: &mut Ui, action: Action, enabled: bool, commands: &mut Vec<AppCommand>) {
    let Some(entry) = command::entry_for(action) else {
        return;
    };
    let response = ui
        .add_enabled(
            enabled,
            egui::Button::new(entry.label).shortcut_text(entry.keys_text()),
        )
        .on_hover_text(entry.description);
    if response.clicked() {
        commands.push(AppCommand::Run(action));
    }
}

pub fn menu_bar_ui(ui: &mut Ui, input: &MenuInput<'_>) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    egui::Panel::top("menu-bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| file_menu_ui(ui, input, &mut commands));
            ui.menu_button("Edit", |ui| edit_menu_ui(ui, input, &mut commands));
            ui.menu_button("View", |ui| view_menu_ui(ui, input, &mut commands));
            ui.menu_button("Help", |ui| {
                command_item(ui, Action::ShowCheatSheet, true, &mut commands);
            });
        });
    });
    commands
}

fn file_menu_ui(ui: &mut Ui, input: &MenuInput<'_>, commands: &mut Vec<AppCommand>) {
    let has_session = input.session.is_some();
    command_item(ui, Action::Open, true, commands);
    command_item(ui, Action::OpenPath, true, commands);
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
    command_item(ui, Action::Export, has_session, commands);
    command_item(ui, Action::Import, has_session, commands);
    command_item(ui, Action::DocumentInfo, has_session, commands);
    command_item(ui, Action::TagSet, has_session, commands);
    ui.separator();
    command_item(ui, Action::Save, has_session, commands);
    command_item(ui, Action::ReloadSidecar, has_session, commands);
    ui.separator();
    command_item(ui, Action::Quit, true, commands);
    if input
        .session
        .is_some_and(ReadingSession::has_unsaved_changes)
    {
        command_item(ui, Action::QuitWithoutSaving, true, commands);
    }
}

fn edit_menu_ui(ui: &mut Ui, input: &MenuInput<'_>, commands: &mut Vec<AppCommand>) {
    let can_undo = input.session.is_some_and(ReadingSession::can_undo);
    let can_redo = input.session.is_some_and(ReadingSession::can_redo);
    let has_session = input.session.is_some();
    let selected = input.has_selected_annotation;
    command_item(ui, Action::Undo, can_undo, commands);
    command_item(ui, Action::Redo, can_redo, commands);
    ui.separator();
    command_item(ui, Action::Find, has_session, commands);
    command_item(ui, Action::FindNext, has_session, commands);
    command_item(ui, Action::FindPrevious, has_session, commands);
    command_item(ui, Action::FindInPane, has_session, commands);
    ui.separator();
    command_item(ui, Action::EditNote, selected, commands);
    command_item(ui, Action::Link, selected, commands);
    command_item(ui, Action::Delete, selected, commands);
    command_item(ui, Action::NextAnnotation, has_session, commands);
    command_item(ui, Action::PreviousAnnotation, has_session, commands);
    command_item(ui, Action::NextSameTag, selected, commands);
    command_item(ui, Action::PreviousSameTag, selected, commands);
    ui.separator();
    command_item(ui, Action::CopyAsMarkdown, has_session, commands);
}

fn view_menu_ui(ui: &mut Ui, input: &MenuInput<'_>, commands: &mut Vec<AppCommand>) {
    let has_session = input.session.is_some();
    command_item(ui, Action::ShowStatistics, has_session, commands);
    command_item(ui, Action::ArgumentMap, has_session, commands);
    command_item(ui, Action::CompareReadings, has_session, commands);
    command_item(ui, Action::Agreement, has_session, commands);
    command_item(ui, Action::Adjudicate, has_session, commands);
    command_item(ui, Action::ShowOthers, has_session, commands);
    command_item(ui, Action::ShowMessages, true, commands);
    ui.separator();
    for (action, shown) in [
        (Action::ToggleMinimap, input.view.show_overview),
        (Action::ToggleTeamPanel, input.view.show_team_panel),
        (Action::ToggleRelations, input.show_relations),
        (Action::ToggleListFollows, input.view.list_follows_article),
        (Action::ToggleSpelling, input.check_spelling),
    ] {
        let mut checked = shown;
        let label = command::entry_for(action).map_or("", |entry| entry.label);
        if ui.checkbox(&mut checked, label).changed() {
            commands.push(AppCommand::Run(action));
        }
    }
    ui.separator();
    command_item(ui, Action::ZoomIn, true, commands);
    command_item(ui, Action::ZoomOut, true, commands);
    command_item(ui, Action::ZoomReset, true, commands);
    command_item(ui, Action::NarrowerColumn, true, commands);
    command_item(ui, Action::WiderColumn, true, commands);
    let mut width = input.view.column_width;
    let range = crate::settings::COLUMN_WIDTH_RANGE;
    if ui
        .add(egui::Slider::new(&mut width, range).text("column width (pt)"))
        .changed()
    {
        commands.push(AppCommand::View(ViewCommand::SetColumnWidth(
            width.round() as u32
        )));
    }
    ui.separator();
    ui.label("Theme");
    for (choice, label) in [
        (ThemeChoice::System, "Follow the system"),
        (ThemeChoice::Light, "Light"),
        (ThemeChoice::Dark, "Dark"),
    ] {
        if ui.radio(input.view.theme == choice, label).clicked() {
            commands.push(AppCommand::View(ViewCommand::SetTheme(choice)));
        }
    }
    ui.separator();
    ui.label("Reading font");
    for font in ReadingFont::ALL {
        if ui
            .radio(input.view.reading_font == font, font.label())
            .clicked()
        {
            commands.push(AppCommand::View(ViewCommand::SetReadingFont(font)));
        }
    }
}
