//! The command list window (F1 or `?`): every command with its keys, grouped as the menus
//! are. Typing filters it; ↑/↓ pick a command and Enter runs it, so commands without keys of
//! their own are reachable from the keyboard too.

use crate::command::AppCommand;
use crate::command::{Action, COMMANDS, CommandEntry, Group};
use egui::{Key, RichText};

#[derive(Default)]
pub(crate) struct CheatSheetState {
    pub open: bool,
    filter: String,
    /// The highlighted row among the filtered commands.
    highlighted: usize,
    /// The filter the highlighted row was chosen for: a new filter highlights its best match.
    highlighted_for: String,
    focus_requested: bool,
}

impl CheatSheetState {
    pub(crate) fn toggle(&mut self) {
        self.open = !self.open;
        if self.open {
            self.filter.clear();
            self.highlighted = 0;
            self.focus_requested = true;
        }
    }
}

/// Whether an entry matches the filter (every word, in its label, keys or description).
fn matches(entry: &CommandEntry, filter: &str) -> bool {
    let haystack = format!(
        "{} {} {} {}",
        entry.group.title(),
        entry.label,
        entry.keys_text(),
        entry.description
    )
    .to_lowercase();
    filter
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// How well an entry matches the filter: a word in its label counts more than one only in its
/// keys or description, so "light theme" picks "Theme: light" over "Theme: follow the system"
/// (light or dark as the system is).
fn match_score(entry: &CommandEntry, filter: &str) -> usize {
    let label = entry.label.to_lowercase();
    filter
        .to_lowercase()
        .split_whitespace()
        .map(|word| if label.contains(word) { 3 } else { 1 })
        .sum()
}

pub(crate) fn cheat_sheet_ui(ctx: &egui::Context, state: &mut CheatSheetState) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    if !state.open {
        return commands;
    }
    // Read before the filter field sees it: a focused field swallows Esc.
    let escape = ctx.input(|input| input.key_pressed(Key::Escape));
    let mut open = true;
    let mut shown: Vec<&CommandEntry> = COMMANDS
        .iter()
        .filter(|entry| matches(entry, &state.filter))
        .collect();
    // In the order drawn, so that ↑/↓ move down the list as seen.
    shown.sort_by_key(|entry| Group::ALL.iter().position(|group| *group == entry.group));
    if state.highlighted_for != state.filter {
        // The best match first (the first of equals, as drawn); ↑/↓ move on from there.
        state.highlighted = shown
            .iter()
            .enumerate()
            .max_by(|(i, a), (j, b)| {
                match_score(a, &state.filter)
                    .cmp(&match_score(b, &state.filter))
                    .then(j.cmp(i))
            })
            .map_or(0, |(index, _)| index);
        state.highlighted_for = state.filter.clone();
    }
    state.highlighted = state.highlighted.min(shown.len().saturating_sub(1));
    let mut run: Option<Action> = None;
    egui::Window::new("Commands and keys")
        .open(&mut open)
        .default_size([620.0, 560.0])
        .collapsible(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Filter:");
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut state.filter)
                            .hint_text("type to find a command")
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                if state.focus_requested {
                    response.request_focus();
                    state.focus_requested = false;
                }
                if response.changed() {
                    state.highlighted = 0;
                }
                if response.has_focus() || response.lost_focus() {
                    ui.input_mut(|input| {
                        if input.consume_key(egui::Modifiers::NONE, Key::ArrowDown) {
                            state.highlighted =
                                (state.highlighted + 1).min(shown.len().saturating_sub(1));
                        }
                        if input.consume_key(egui::Modifiers::NONE, Key::ArrowUp) {
                            state.highlighted = state.highlighted.saturating_sub(1);
                        }
                        if input.key_pressed(Key::Enter) {
                            run = shown.get(state.highlighted).map(|entry| entry.action);
                        }
                    });
                }
                ui.weak("↑/↓ and Enter run a command; Esc closes");
            });
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                egui::Grid::new("cheat-sheet")
                    .num_columns(3)
                    .striped(true)
                    .show(ui, |ui| {
                        for group in Group::ALL {
                            let mut first = true;
                            for (index, entry) in shown.iter().enumerate() {
                                if entry.group != group {
                                    continue;
                                }
                                if first {
                                    ui.label(RichText::new(group.title()).strong());
                                    ui.end_row();
                                    first = false;
                                }
                                let response = ui
                                    .selectable_label(index == state.highlighted, entry.label)
                                    .on_hover_text("Run this command");
                                if index == state.highlighted && !state.filter.is_empty() {
                                    response.scroll_to_me(None);
                                }
                                if response.clicked() {
                                    run = Some(entry.action);
                                }
                                ui.monospace(entry.keys_text());
                                ui.label(entry.description);
                                ui.end_row();
                            }
                        }
                    });
                if shown.is_empty() {
                    ui.weak("No command matches.");
                }
            });
        });
    if let Some(action) = run {
        state.open = false;
        if action != Action::ShowCheatSheet {
            commands.push(AppCommand::Run(action));
        }
    } else if !open || escape {
        state.open = false;
    }
    commands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_needs_every_word() {
        let find = COMMANDS
            .iter()
            .find(|entry| entry.action == Action::Find)
            .cloned();
        let Some(find) = find else {
            panic!("Find is in the command list");
        };
        assert!(matches(&find, "find ARTICLE"));
        assert!(matches(&find, "ctrl+f"));
        assert!(!matches(&find, "find sidecar"));
    }

    #[test]
    fn a_word_in_the_label_counts_more_than_one_in_the_description() {
        let entry = |label: &str| {
            COMMANDS
                .iter()
                .find(|entry| entry.label == label)
                .unwrap_or_else(|| panic!("{label} is in the command list"))
        };
        let light = entry("Theme: light");
        let system = entry("Theme: follow the system");
        assert!(matches(light, "light theme") && matches(system, "light theme"));
        assert!(match_score(light, "light theme") > match_score(system, "light theme"));
    }
}
