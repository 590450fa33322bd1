//! The status bar: messages for the analyst (at most two lines of them, the rest in View ›
//! Messages), and where the annotations are saved.

use crate::command::{AppCommand, ViewCommand};
use crate::session::ReadingSession;
use crate::state::Notice;
use egui::{RichText, Ui};

/// The messages to draw: the log, which of its entries are in view, and how many more are.
pub(crate) struct NoticesInView<'a> {
    pub log: &'a [Notice],
    pub in_view: Vec<usize>,
    pub more: usize,
}

pub(crate) fn status_bar_ui(
    ui: &mut Ui,
    session: Option<&ReadingSession>,
    notices: &NoticesInView<'_>,
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
        for &index in &notices.in_view {
            let notice = &notices.log[index];
            ui.horizontal(|ui| {
                if ui.small_button("✕").on_hover_text("Dismiss").clicked() {
                    commands.push(AppCommand::View(ViewCommand::DismissNotice(index)));
                }
                let colour = if notice.is_error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                // One line each; the whole text shows on hover and in View › Messages.
                ui.add(egui::Label::new(RichText::new(&notice.text).color(colour)).truncate())
                    .on_hover_text(&notice.text);
            });
        }
        if notices.more > 0
            && ui
                .link(format!("{} more message(s): View › Messages", notices.more))
                .clicked()
        {
            commands.push(AppCommand::View(ViewCommand::ShowMessages(true)));
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
                let name = session.layer().display_name();
                if name == session.analyst() {
                    ui.label(format!("Analyst: {name}"));
                } else {
                    ui.label(format!("Analyst: {name} ({})", session.analyst()));
                }
                ui.separator();
                let format = session.article_format;
                let last_page = session
                    .document
                    .blocks()
                    .iter()
                    .filter_map(|block| block.page)
                    .max();
                // A package (Word, PDF) has no text encoding to speak of; a PDF has pages.
                let detail = if let Some(last_page) = last_page {
                    format!("pages 1–{last_page}")
                } else if format.is_package() {
                    String::new()
                } else if session.article_encoding_detected {
                    format!("{} (detected)", session.article_encoding)
                } else {
                    session.article_encoding.to_owned()
                };
                let label = if detail.is_empty() {
                    format.name().to_owned()
                } else {
                    format!("{} · {detail}", format.name())
                };
                ui.label(label)
                    .on_hover_text("The article's format, and its text encoding or pages");
                ui.separator();
                ui.label(state);
                ui.separator();
                ui.weak(session.sidecar_path.display().to_string());
            });
        }
    });
    commands
}

/// View › Messages: every message of the session, newest first.
pub(crate) fn messages_window_ui(ctx: &egui::Context, log: &[Notice]) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let mut open = true;
    egui::Window::new("Messages")
        .open(&mut open)
        .default_width(560.0)
        .default_height(320.0)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.weak(format!(
                    "{} message(s) this session, newest first.",
                    log.len()
                ));
                if ui.button("Clear").clicked() {
                    commands.push(AppCommand::View(ViewCommand::ClearMessages));
                }
                if ui.button("Close").clicked() {
                    commands.push(AppCommand::View(ViewCommand::ShowMessages(false)));
                }
            });
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                for notice in log.iter().rev() {
                    let colour = if notice.is_error {
                        ui.visuals().error_fg_color
                    } else {
                        ui.visuals().text_color()
                    };
                    let kind = if notice.is_error { "Error" } else { "Info" };
                    ui.label(RichText::new(format!("{kind}: {}", notice.text)).color(colour));
                    ui.add_space(4.0);
                }
            });
        });
    if !open {
        commands.push(AppCommand::View(ViewCommand::ShowMessages(false)));
    }
    commands
}
