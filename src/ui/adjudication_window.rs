//! Adjudication: the open disagreements between the shown analysts, one at a time, each with
//! every analyst's reading and note, and the decisions: take one, take all, neither, or take
//! and edit. Every decision is one undo step on the consensus layer.

use crate::command::{AppCommand, TeamCommand};
use crate::model::{Layer, one_line_excerpt};
use crate::session::ReadingSession;
use crate::team::Cluster;
use crate::ui::theme;
use egui::RichText;

pub(crate) struct AdjudicationInput<'a> {
    pub session: &'a ReadingSession,
    /// The analysts' layers, in the order the clusters were built from.
    pub layers: &'a [&'a Layer],
    pub open: &'a [Cluster],
    pub focus: Option<usize>,
}

/// Adjudication, drawn in the team dock below the article.
pub(crate) fn adjudication_ui(ui: &mut egui::Ui, input: &AdjudicationInput<'_>) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let team = |command| AppCommand::Team(command);
    egui::ScrollArea::vertical()
        .id_salt("adjudication-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let names: Vec<&str> = input.layers.iter().map(|l| l.analyst.as_str()).collect();
            ui.label(format!(
                "Consensus of {}: {} annotation(s) accepted, {} disagreement(s) open.",
                names.join(", "),
                input.session.layer().len(),
                input.open.len()
            ));
            ui.horizontal(|ui| {
                if ui.button("Accept all unanimous").clicked() {
                    commands.push(team(TeamCommand::AcceptUnanimous));
                }
                if ui.button("◀ Previous open").clicked() {
                    commands.push(team(TeamCommand::StepOpenCluster(-1)));
                }
                if ui.button("Next open ▶").clicked() {
                    commands.push(team(TeamCommand::StepOpenCluster(1)));
                }
            });
            let current = input
                .focus
                .and_then(|start| input.open.iter().find(|c| c.extent.start == start))
                .or(input.open.first());
            let Some(cluster) = current else {
                ui.label("Nothing left to decide. Undo (Ctrl+Z) takes back the last decision.");
                return;
            };
            let location = input.session.document.location(cluster.extent.start);
            ui.label(
                RichText::new(format!(
                    "Chars {}–{}{}",
                    cluster.extent.start,
                    cluster.extent.end,
                    location
                        .paragraph
                        .map(|p| format!(", paragraph {p}"))
                        .unwrap_or_default()
                ))
                .strong(),
            );
            ui.vertical(|ui| {
                for (index, reading) in cluster.readings.iter().enumerate() {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        let tag_set = &input.session.layer().tag_set;
                        let who: Vec<&str> = reading
                            .analysts
                            .iter()
                            .filter_map(|&a| names.get(a).copied())
                            .collect();
                        ui.label(
                            RichText::new(format!(
                                "{} — {}",
                                theme::tag_label(tag_set, &reading.tag),
                                who.join(", ")
                            ))
                            .strong()
                            .color(theme::tag_text_colour(
                                ui.visuals(),
                                theme::tag_colour(tag_set, &reading.tag),
                            )),
                        );
                        let quote = input.session.document.slice(reading.span.range());
                        ui.label(format!("“{}”", one_line_excerpt(quote, 200)));
                        for &member in &reading.members {
                            let member = &cluster.members[member];
                            let name = names.get(member.analyst).copied().unwrap_or("?");
                            if member.annotation.note.trim().is_empty() {
                                ui.weak(format!("{name}: (no note)"));
                            } else {
                                ui.label(format!("{name}: {}", member.annotation.note));
                            }
                        }
                        ui.horizontal(|ui| {
                            let label = format!("Take {}", who.join(" + "));
                            if ui.button(label).clicked() {
                                commands.push(team(TeamCommand::Decide {
                                    cluster_start: cluster.extent.start,
                                    readings: vec![index],
                                    then_edit: false,
                                }));
                            }
                            if ui
                                .button(format!("Take {} and edit", who.join(" + ")))
                                .clicked()
                            {
                                commands.push(team(TeamCommand::Decide {
                                    cluster_start: cluster.extent.start,
                                    readings: vec![index],
                                    then_edit: true,
                                }));
                            }
                        });
                    });
                }
            });
            ui.horizontal(|ui| {
                if cluster.readings.len() > 1 && ui.button("Take all").clicked() {
                    commands.push(team(TeamCommand::Decide {
                        cluster_start: cluster.extent.start,
                        readings: (0..cluster.readings.len()).collect(),
                        then_edit: false,
                    }));
                }
                if ui.button("Neither").clicked() {
                    commands.push(team(TeamCommand::Decide {
                        cluster_start: cluster.extent.start,
                        readings: Vec::new(),
                        then_edit: false,
                    }));
                }
            });
        });
    commands
}
