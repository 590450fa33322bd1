//! The status bar: messages for the analyst, and where the annotations are saved.

use crate::app::{AppCommand, Notice};
use crate::session::ReadingSession;
use egui::{RichText, Ui};

pub fn status_bar_ui(
    ui: &mut Ui,
    session: Option<&ReadingSession>,
    notices: &[Notice],
    export_progress: Option<(f32, String)>,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    egui::Panel::bottom("status-bar").show(ui, |ui| {
        if let Some((fraction, path)) = export_progress {
            ui.horizontal(|ui| {
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(240.0)
                        .show_percentage()
                        .text(format!("Exporting to {path}")),
                );
                if ui.button("Cancel export").clicked() {
                    commands.push(AppCommand::CancelExport);
                }
            });
        }
        for (index, notice) in notices.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                if ui.small_button("✕").on_hover_text("Dismiss").clicked() {
                    commands.push(AppCommand::DismissNotice(index));
                }
                let colour = if notice.is_error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                ui.label(RichText::new(&notice.text).color(colour));
            });
        }
        if let Some(session) = session {
            let state = if session.is_blocked() {
                "not saving (sidecar unreadable)"
            } else if session.has_unsaved_changes() {
                "unsaved changes"
            } else {
                "all changes saved"
            };
            ui.horizontal(|ui| {
                ui.label(format!("Analyst: {}", session.analyst()));
                ui.separator();
                let encoding = if session.article_encoding_detected {
                    format!("{} (detected)", session.article_encoding)
                } else {
                    session.article_encoding.to_owned()
                };
                ui.label(format!("{} · {encoding}", session.article_format.name()))
                    .on_hover_text("The article's format and text encoding");
                ui.separator();
                ui.label(state);
                ui.separator();
                ui.weak(session.sidecar_path.display().to_string());
            });
        }
    });
    commands
}
