//! The menu bar: File, Edit, View and Help. The items come from the command table
//! ([`crate::command::COMMANDS`]): each entry placed in a menu is drawn there, in its section
//! and in the table's order, with the same label and keys as the command list. Only the
//! widgets that are more than a command stay written out here: the recent articles, the View
//! toggles (checkboxes), the column slider and the theme and font choices (radio buttons).

use crate::command::{self, Action, AppCommand, CommandEntry, Menu, ViewCommand};
use crate::session::ReadingSession;
use crate::settings::{ReadingFont, ThemeChoice, ViewSettings};
use egui::Ui;
use std::path::PathBuf;

pub(crate) struct MenuInput<'a> {
    pub session: Option<&'a ReadingSession>,
    pub recent_articles: &'a [PathBuf],
    pub show_relations: bool,
    pub has_selected_annotation: bool,
    pub view: &'a ViewSettings,
    pub check_spelling: bool,
}

impl MenuInput<'_> {
    /// Whether an action's menu item is shown (`None`: not now) and can be clicked.
    fn availability(&self, action: Action) -> Option<bool> {
        let has_session = self.session.is_some();
        let selected = self.has_selected_annotation;
        Some(match action {
            Action::Undo => self.session.is_some_and(ReadingSession::can_undo),
            Action::Redo => self.session.is_some_and(ReadingSession::can_redo),
            Action::QuitWithoutSaving => {
                if !self
                    .session
                    .is_some_and(ReadingSession::has_unsaved_changes)
                {
                    return None;
                }
                true
            }
            Action::EditNote
            | Action::Link
            | Action::Delete
            | Action::NextSameTag
            | Action::PreviousSameTag => selected,
            Action::Export
            | Action::Import
            | Action::DocumentInfo
            | Action::TagSet
            | Action::Save
            | Action::ReloadSidecar
            | Action::Find
            | Action::FindNext
            | Action::FindPrevious
            | Action::FindInPane
            | Action::NextAnnotation
            | Action::PreviousAnnotation
            | Action::CopyAsMarkdown
            | Action::ShowStatistics
            | Action::ArgumentMap
            | Action::CompareReadings
            | Action::Agreement
            | Action::Adjudicate
            | Action::ShowOthers => has_session,
            _ => true,
        })
    }
}

/// A menu item for an entry of the command table: its label, its keys, and the command.
fn command_item(ui: &mut Ui, entry: &CommandEntry, enabled: bool, commands: &mut Vec<AppCommand>) {
    let response = ui
        .add_enabled(
            enabled,
            egui::Button::new(entry.label).shortcut_text(entry.keys_text()),
        )
        .on_hover_text(entry.description);
    if response.clicked() {
        commands.push(AppCommand::Run(entry.action));
    }
}

/// The items of one section of a menu, as the command table places them.
fn section_ui(
    ui: &mut Ui,
    input: &MenuInput<'_>,
    menu: Menu,
    section: u8,
    commands: &mut Vec<AppCommand>,
) {
    for entry in command::menu_section(menu, section) {
        if let Some(enabled) = input.availability(entry.action) {
            command_item(ui, entry, enabled, commands);
        }
    }
}

pub(crate) fn menu_bar_ui(ui: &mut Ui, input: &MenuInput<'_>) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    egui::Panel::top("menu-bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.title(), |ui| match menu {
                    Menu::File => file_menu_ui(ui, input, &mut commands),
                    Menu::View => view_menu_ui(ui, input, &mut commands),
                    Menu::Edit | Menu::Help => sections_ui(ui, input, menu, &mut commands),
                });
            }
        });
    });
    commands
}

/// A menu that holds only items of the table: its sections, parted by separators.
fn sections_ui(ui: &mut Ui, input: &MenuInput<'_>, menu: Menu, commands: &mut Vec<AppCommand>) {
    let mut sections: Vec<u8> = command::COMMANDS
        .iter()
        .filter_map(|entry| entry.menu.filter(|place| place.menu == menu))
        .map(|place| place.section)
        .collect();
    sections.sort_unstable();
    sections.dedup();
    for (index, section) in sections.into_iter().enumerate() {
        if index > 0 {
            ui.separator();
        }
        section_ui(ui, input, menu, section, commands);
    }
}

fn file_menu_ui(ui: &mut Ui, input: &MenuInput<'_>, commands: &mut Vec<AppCommand>) {
    section_ui(ui, input, Menu::File, 0, commands);
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
    for section in 1..=3 {
        ui.separator();
        section_ui(ui, input, Menu::File, section, commands);
    }
}

fn view_menu_ui(ui: &mut Ui, input: &MenuInput<'_>, commands: &mut Vec<AppCommand>) {
    section_ui(ui, input, Menu::View, 0, commands);
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
    section_ui(ui, input, Menu::View, 1, commands);
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
