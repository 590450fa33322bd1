//! The agreement panel: the pairwise matrix of one metric drawn as a heat map, and the
//! per-tag figures. Every figure carries its metric's name.

use crate::command::{AppCommand, TeamCommand};
use crate::state::AgreementState;
use crate::team::agreement::figure;
use crate::team::{AgreementReport, Metric, Scores};
use egui::{Color32, RichText, Ui};

pub(crate) fn agreement_window_ui(
    ctx: &egui::Context,
    state: &AgreementState<'_>,
    metric: Metric,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let mut open = true;
    egui::Window::new("Agreement")
        .open(&mut open)
        .default_width(520.0)
        .default_pos(egui::pos2(240.0, 300.0))
        .show(ctx, |ui| {
            let report = match state {
                AgreementState::Ready(report) => *report,
                AgreementState::TooFewLayers => {
                    ui.label("Agreement needs at least two analysts' layers shown.");
                    return;
                }
                AgreementState::Computing(progress) => {
                    if crate::ui::progress_window::progress_ui(ui, progress) {
                        commands.push(AppCommand::Team(TeamCommand::CancelAgreement));
                    }
                    return;
                }
                AgreementState::Cancelled => {
                    ui.label("Working out agreement was cancelled.");
                    if ui.button("Work it out again").clicked() {
                        commands.push(AppCommand::Team(TeamCommand::RestartAgreement));
                    }
                    return;
                }
            };
            ui.horizontal_wrapped(|ui| {
                for choice in Metric::ALL {
                    if ui.radio(choice == metric, choice.label()).clicked() {
                        commands.push(AppCommand::Team(TeamCommand::SetAgreementMetric(choice)));
                    }
                }
            });
            ui.label(RichText::new(format!("Pairwise {}", metric.label())).strong());
            heat_map_ui(ui, report, metric);
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "Per tag, mean over {} pair{}",
                    report.pairs.len(),
                    if report.pairs.len() == 1 { "" } else { "s" }
                ))
                .strong(),
            );
            egui::Grid::new("agreement-per-tag").striped(true).show(ui, |ui| {
                ui.label("tag");
                for choice in Metric::ALL {
                    ui.label(choice.label());
                }
                ui.end_row();
                let row = |ui: &mut Ui, name: &str, scores: &Scores| {
                    ui.label(name);
                    for choice in Metric::ALL {
                        ui.label(figure(scores.get(choice)));
                    }
                    ui.end_row();
                };
                row(ui, "all tags", &report.mean.overall);
                for tag in &report.tags {
                    if let Some(scores) = report.mean.per_tag.get(tag) {
                        row(ui, tag, scores);
                    }
                }
            });
            if let Some(pair) = report.pairs.first() {
                let figures: Vec<String> = report
                    .pairs
                    .iter()
                    .map(|pair| format!("{} × {}: {}", pair.a, pair.b, figure(pair.relation_f1)))
                    .collect();
                ui.label(format!(
                    "Relation F1 (over matched spans): {}",
                    if report.pairs.len() == 1 {
                        figure(pair.relation_f1)
                    } else {
                        figures.join(", ")
                    }
                ));
            }
            ui.weak("— : undefined (neither analyst used the tag). Span F1 matches spans one-to-one; α_u is computed over chars as DKPro Statistics does; κ is over word tokens, tagged vs not.");
        });
    if !open {
        commands.push(AppCommand::Team(TeamCommand::ShowAgreement(false)));
    }
    commands
}

/// Red (≤ 0) through yellow to green (1).
fn heat_colour(value: f64) -> Color32 {
    let t = value.clamp(0.0, 1.0) as f32;
    let (r, g) = if t < 0.5 {
        (220.0, 80.0 + 300.0 * t)
    } else {
        (220.0 - 340.0 * (t - 0.5), 230.0 - 40.0 * (t - 0.5))
    };
    Color32::from_rgb(r as u8, g as u8, 90)
}

fn heat_map_ui(ui: &mut Ui, report: &AgreementReport, metric: Metric) {
    const CELL: egui::Vec2 = egui::vec2(78.0, 30.0);
    egui::Grid::new("agreement-heat-map")
        .spacing(egui::vec2(2.0, 2.0))
        .show(ui, |ui| {
            ui.label("");
            for name in &report.analysts {
                ui.label(RichText::new(name));
            }
            ui.end_row();
            for row in &report.analysts {
                ui.label(RichText::new(row));
                for column in &report.analysts {
                    let value = if row == column {
                        None
                    } else {
                        report
                            .pair(row, column)
                            .and_then(|pair| pair.overall.get(metric))
                    };
                    let (rect, response) = ui.allocate_exact_size(CELL, egui::Sense::hover());
                    let (fill, text) = match value {
                        Some(value) => (heat_colour(value), figure(Some(value))),
                        None if row == column => (ui.visuals().faint_bg_color, String::new()),
                        None => (ui.visuals().faint_bg_color, "—".to_owned()),
                    };
                    ui.painter().rect_filled(rect, 3.0, fill);
                    ui.painter().text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        &text,
                        egui::FontId::proportional(14.0),
                        Color32::BLACK,
                    );
                    if row != column {
                        response.on_hover_text(format!(
                            "{} between {row} and {column}: {text}",
                            metric.label()
                        ));
                    }
                }
                ui.end_row();
            }
        });
}
