//! Compare two analysts' readings: how many spans agree and how the others differ, and a
//! navigator that steps through the disagreements in the article.

use crate::command::{AppCommand, TeamCommand};
use crate::model::{Annotation, Layer, one_line_excerpt};
use crate::session::ReadingSession;
use crate::team::compare::{count_by_difference, disagreements};
use crate::team::{Comparison, Difference};
use crate::ui::theme;
use egui::{RichText, Ui};

pub(crate) struct CompareInput<'a> {
    pub session: &'a ReadingSession,
    pub analysts: &'a [String],
    pub pair: Option<(String, String)>,
    pub first: Option<&'a Layer>,
    pub second: Option<&'a Layer>,
    pub comparisons: &'a [Comparison],
    pub cursor: Option<usize>,
}

/// The comparison, drawn in the team dock below the article (so that it never covers the
/// passage it points at).
pub(crate) fn compare_ui(ui: &mut Ui, input: &CompareInput<'_>) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    egui::ScrollArea::vertical()
        .id_salt("compare-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let Some((first, second)) = &input.pair else {
                ui.label("Comparing needs two analysts' layers: add a teammate's sidecar beside the article.");
                return;
            };
            ui.horizontal(|ui| {
                if let Some(choice) = analyst_combo(ui, "first", first, input.analysts) {
                    commands.push(AppCommand::Team(TeamCommand::SetComparePair {
                        first: choice,
                        second: second.clone(),
                    }));
                }
                if let Some(choice) = analyst_combo(ui, "second", second, input.analysts) {
                    commands.push(AppCommand::Team(TeamCommand::SetComparePair {
                        first: first.clone(),
                        second: choice,
                    }));
                }
            });
            egui::Grid::new("compare-counts").striped(true).show(ui, |ui| {
                for (difference, count) in count_by_difference(input.comparisons) {
                    let label = match difference {
                        Difference::OnlyFirst => format!("only {first}"),
                        Difference::OnlySecond => format!("only {second}"),
                        other => other.label().to_owned(),
                    };
                    ui.label(label);
                    ui.label(count.to_string());
                    ui.end_row();
                }
            });
            ui.separator();
            let disagreements = disagreements(input.comparisons);
            ui.horizontal(|ui| {
                if ui.button("◀ Previous disagreement").clicked() {
                    commands.push(AppCommand::Team(TeamCommand::StepDisagreement(-1)));
                }
                if ui.button("Next disagreement ▶").clicked() {
                    commands.push(AppCommand::Team(TeamCommand::StepDisagreement(1)));
                }
                let position = input
                    .cursor
                    .map_or_else(|| "–".to_owned(), |index| (index + 1).to_string());
                ui.label(format!("{position} of {}", disagreements.len()));
            });
            let Some(current) = input.cursor.and_then(|index| disagreements.get(index)) else {
                return;
            };
            ui.label(RichText::new(current.difference.label()).strong());
            side_ui(ui, input, first, input.first, current.first);
            side_ui(ui, input, second, input.second, current.second);
        });
    commands
}

/// A choice of analyst, labelled (for people and screen readers) `label`.
fn analyst_combo(ui: &mut Ui, label: &str, current: &str, analysts: &[String]) -> Option<String> {
    let mut chosen = None;
    egui::ComboBox::new(format!("compare-{label}"), label)
        .selected_text(current)
        .show_ui(ui, |ui| {
            for name in analysts {
                if ui.selectable_label(name == current, name).clicked() && name != current {
                    chosen = Some(name.clone());
                }
            }
        });
    chosen
}

fn side_ui(
    ui: &mut Ui,
    input: &CompareInput<'_>,
    analyst: &str,
    layer: Option<&Layer>,
    id: Option<crate::model::AnnotationId>,
) {
    let annotation: Option<&Annotation> = id.and_then(|id| layer?.get(id));
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match (annotation, layer) {
            (Some(annotation), Some(layer)) => {
                let tag = theme::tag_label(&layer.tag_set, &annotation.tag);
                let colour = theme::tag_colour(&layer.tag_set, &annotation.tag);
                ui.label(
                    RichText::new(format!("{analyst}: {tag}"))
                        .strong()
                        .color(theme::tag_text_colour(ui.visuals(), colour)),
                );
                let quote = input.session.document.slice(annotation.span.range());
                ui.label(format!("“{}”", one_line_excerpt(quote, 160)));
                if annotation.note.is_empty() {
                    ui.weak("(no note)");
                } else {
                    ui.label(&annotation.note);
                }
            }
            _ => {
                ui.weak(format!("{analyst}: nothing tagged here"));
            }
        }
    });
}
