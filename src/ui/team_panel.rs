//! The Team panel: the analysts with their colours, which layers are shown, colouring by tag or
//! analyst, blind mode, and the way into comparison, agreement and adjudication.

use crate::command::{AppCommand, TeamCommand};
use crate::session::ReadingSession;
use crate::state::TeammateLayer;
use crate::team::CONSENSUS;
use egui::{RichText, Ui};

pub(crate) struct TeamPanelInput<'a> {
    pub session: &'a ReadingSession,
    pub teammates: &'a [TeammateLayer],
    /// Each analyst's colour (the session's own included).
    pub colour_of: &'a dyn Fn(&str) -> egui::Color32,
    pub colour_by_analyst: bool,
    pub blind_mode: bool,
    /// Blind mode is hiding the teammates right now.
    pub blind: bool,
    /// The teammates are hidden because this analyst came to the article new.
    pub new_reader: bool,
    /// The analyst's own name as they typed it ("Jane Doe").
    pub own_name: &'a str,
    /// When an analyst's work on this article last came through a sync ("5 min ago").
    pub last_synced: &'a dyn Fn(&str) -> Option<String>,
}

pub(crate) fn team_panel_ui(ui: &mut Ui, input: &TeamPanelInput<'_>) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let team = |command| AppCommand::Team(command);
    egui::Panel::left("team-panel")
        .resizable(true)
        .default_size(220.0)
        .min_size(180.0)
        .show(ui, |ui| {
            ui.add_space(6.0);
            ui.heading("Team");
            let own = input.session.analyst();
            let adjudicating = own == CONSENSUS;
            ui.horizontal(|ui| {
                swatch(ui, (input.colour_of)(own));
                ui.label(RichText::new(format!("{} (you)", input.own_name)).strong())
                    .on_hover_text(format!("Files: …{own}.ron"));
                ui.weak(input.session.layer().len().to_string());
            });
            if let Some(holder) = input.session.read_only_holder() {
                ui.label(
                    RichText::new(format!("Read-only: open in another window ({holder})."))
                        .color(ui.visuals().warn_fg_color),
                );
                if ui.button("Edit anyway").clicked() {
                    commands.push(team(TeamCommand::EditAnyway));
                }
            }
            if input.teammates.is_empty() {
                ui.weak("No teammate's sidecar beside this article yet. Each analyst's <article>.<name>.ron in the annotations folder appears here, and reloads when it changes.");
            }
            for mate in input.teammates {
                ui.horizontal(|ui| {
                    let mut visible = mate.visible;
                    ui.add_enabled_ui(!input.blind, |ui| {
                        let label = format!("Show {}", mate.analyst);
                        let response = ui.checkbox(&mut visible, "");
                        response.widget_info(|| {
                            egui::WidgetInfo::selected(
                                egui::accesskit::Role::CheckBox,
                                true,
                                visible,
                                label.clone(),
                            )
                        });
                        if response.on_hover_text(&label).changed() {
                            commands.push(team(TeamCommand::SetLayerVisible {
                                analyst: mate.analyst.clone(),
                                visible,
                            }));
                        }
                    });
                    swatch(ui, (input.colour_of)(&mate.analyst));
                    let name = mate
                        .layer
                        .as_ref()
                        .map_or(mate.analyst.as_str(), |layer| layer.display_name());
                    ui.label(name);
                    match (&mate.layer, &mate.error) {
                        (_, Some(error)) => {
                            ui.label(RichText::new("⚠").color(ui.visuals().error_fg_color))
                                .on_hover_text(error);
                        }
                        (Some(layer), None) if !input.blind => {
                            ui.weak(layer.len().to_string());
                        }
                        _ => {}
                    }
                });
                if let Some(when) = (input.last_synced)(&mate.analyst) {
                    ui.weak(format!("    synced {when}"))
                        .on_hover_text("When their work on this article last came in through a sync");
                }
            }
            if input.blind && input.new_reader {
                ui.label("You had tagged nothing here while teammates had: their readings stay hidden so that they do not sway yours.");
                if ui
                    .button("Show the others' readings")
                    .on_hover_text("Remembered for this article")
                    .clicked()
                {
                    commands.push(team(TeamCommand::ShowOthers));
                }
            } else if input.blind {
                ui.label("Blind mode: teammates' layers stay hidden until you mark your reading done.");
                if ui.button("Mark my reading done").clicked() {
                    commands.push(team(TeamCommand::MarkReadingDone));
                }
            }
            if ui
                .button("⟳ Sync with the team")
                .on_hover_text("Save, commit your changes, bring in the team's and push yours, through the project's git repository (Ctrl+Shift+Y)")
                .clicked()
            {
                commands.push(AppCommand::Sync(crate::command::SyncCommand::Now));
            }
            ui.separator();
            ui.label("Colour highlights by");
            ui.horizontal(|ui| {
                if ui.radio(!input.colour_by_analyst, "tag").clicked() {
                    commands.push(team(TeamCommand::SetColourByAnalyst(false)));
                }
                if ui.radio(input.colour_by_analyst, "analyst").clicked() {
                    commands.push(team(TeamCommand::SetColourByAnalyst(true)));
                }
            });
            let mut blind_mode = input.blind_mode;
            if ui
                .checkbox(&mut blind_mode, "Blind mode")
                .on_hover_text("For agreement studies: hide teammates' layers until your own reading is done.")
                .changed()
            {
                commands.push(team(TeamCommand::SetBlindMode(blind_mode)));
            }
            ui.separator();
            ui.add_enabled_ui(!input.blind, |ui| {
                if ui.button("Compare readings…").clicked() {
                    commands.push(team(TeamCommand::ShowCompare(true)));
                }
                if ui.button("Agreement…").clicked() {
                    commands.push(team(TeamCommand::ShowAgreement(true)));
                }
                if adjudicating {
                    if ui.button("Back to my layer").clicked() {
                        commands.push(team(TeamCommand::StopAdjudication));
                    }
                } else if ui
                    .button("Adjudicate…")
                    .on_hover_text("Edit the consensus layer: accept what all shown analysts agree on, decide the rest.")
                    .clicked()
                {
                    commands.push(team(TeamCommand::StartAdjudication));
                }
            });
            if input.teammates.iter().any(|mate| mate.analyst != CONSENSUS) && !input.blind {
                ui.add_space(4.0);
                ui.weak("Teammates' highlights are drawn with dashed underlines; hover one to see whose it is.");
            }
        });
    commands
}

/// A small square of an analyst's colour.
pub(crate) fn swatch(ui: &mut Ui, colour: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, colour);
}
