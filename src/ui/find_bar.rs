//! The find bar above the article (Ctrl+F): the query, case sensitivity, the match count,
//! stepping with Enter/Shift+Enter, and "Tag all matches" with a confirmation.

use crate::command::{Action, AppCommand};
use crate::model::TagSet;
use crate::state::FindState;
use crate::ui::theme;
use egui::{Key, Modifiers, RichText, Ui};

pub(crate) fn find_bar_ui(ui: &mut Ui, find: &mut FindState, tag_set: &TagSet) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    if !find.open {
        return commands;
    }
    egui::Panel::top("find-bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            let label = ui.label("Find:");
            let field_id = ui.make_persistent_id("find-field");
            // Focused before the field is drawn, so that keys typed right after Ctrl+F are
            // already its own this frame; its state is stored at once, so that the shortcuts
            // know from the next frame on that a field has the keyboard.
            if find.focus_requested {
                ui.memory_mut(|memory| memory.request_focus(field_id));
                if egui::text_edit::TextEditState::load(ui.ctx(), field_id).is_none() {
                    egui::text_edit::TextEditState::default().store(ui.ctx(), field_id);
                }
                find.focus_requested = false;
            }
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut find.query)
                        .id(field_id)
                        .hint_text("words in the article")
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
            // Enter leaves a single-line field; keep the keyboard there to step on.
            if response.lost_focus() {
                let (enter, shift, escape) = ui.input(|input| {
                    (
                        input.key_pressed(Key::Enter),
                        input.modifiers.shift,
                        input.key_pressed(Key::Escape),
                    )
                });
                if escape {
                    commands.push(AppCommand::CloseFind);
                } else if enter {
                    commands.push(AppCommand::Run(if shift {
                        Action::FindPrevious
                    } else {
                        Action::FindNext
                    }));
                    response.request_focus();
                }
            }
            ui.toggle_value(&mut find.case_sensitive, "Aa match case")
                .on_hover_text("Match case (off: case-insensitive)");
            ui.toggle_value(&mut find.whole_word, "Whole words")
                .on_hover_text(
                    "Only whole words: “Iran” but not “Iranian” (tagging all matches too)",
                );
            if ui
                .button("▲ Previous")
                .on_hover_text("Previous match (Shift+Enter)")
                .clicked()
            {
                commands.push(AppCommand::Run(Action::FindPrevious));
            }
            if ui
                .button("▼ Next")
                .on_hover_text("Next match (Enter)")
                .clicked()
            {
                commands.push(AppCommand::Run(Action::FindNext));
            }
            ui.label(find.count_text());
            let has_matches = !find.matches().is_empty();
            ui.add_enabled_ui(has_matches, |ui| {
                ui.menu_button("Tag all matches…", |ui| {
                    for tag in &tag_set.tags {
                        if ui
                            .button(RichText::new(&tag.label).color(theme::tag_text_colour(
                                ui.visuals(),
                                theme::colour(tag.colour),
                            )))
                            .clicked()
                        {
                            find.confirming_tag = Some(tag.id.clone());
                            ui.close();
                        }
                    }
                });
            });
            if ui
                .button("✕ Close")
                .on_hover_text("Close the find bar (Esc)")
                .clicked()
            {
                commands.push(AppCommand::CloseFind);
            }
        });
    });
    confirm_tag_all_ui(ui.ctx(), find, tag_set, &mut commands);
    commands
}

/// "Tag all 17 matches as Claim?": one undo step, or nothing.
fn confirm_tag_all_ui(
    ctx: &egui::Context,
    find: &mut FindState,
    tag_set: &TagSet,
    commands: &mut Vec<AppCommand>,
) {
    let Some(tag) = find.confirming_tag.clone() else {
        return;
    };
    let count = find.matches().len();
    let label = theme::tag_label(tag_set, &tag);
    let mut answered = false;
    egui::Modal::new(egui::Id::unique("confirm-tag-all")).show(ctx, |ui| {
        ui.heading("Tag all matches?");
        ui.label(format!(
            "Tag all {count} matches of “{}” as {label}? Matches already tagged {label} are skipped. One undo (Ctrl+Z) takes them all back.",
            find.query
        ));
        ui.horizontal(|ui| {
            let confirm = ui.button(format!("Tag {count} as {label}"));
            if confirm.clicked() || ui.input(|input| input.key_pressed(Key::Enter)) {
                commands.push(AppCommand::TagAllMatches(tag.clone()));
                answered = true;
            }
            if ui.button("Cancel").clicked()
                || ui.input_mut(|input| input.consume_key(Modifiers::NONE, Key::Escape))
            {
                answered = true;
            }
        });
    });
    if answered {
        find.confirming_tag = None;
    }
}
