//! The team dock: Compare, Adjudicate and the argument map, docked below the article rather
//! than floating over it, so that they never hide the passage they point at. One view shows
//! at a time, chosen by its tab; each closes with its button or with Esc. The dock is sized
//! to the window (at most two thirds of its height) and can be resized by its top edge.

use crate::command::{AppCommand, DockView, ViewCommand};
use egui::Ui;

/// Draws the dock with a tab per open view and the active view's contents (drawn by `body`).
pub(crate) fn team_dock_ui(
    ui: &mut Ui,
    open: &[DockView],
    active: DockView,
    body: impl FnOnce(&mut Ui) -> Vec<AppCommand>,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let height = ui.available_height();
    egui::Panel::bottom("team-dock")
        .resizable(true)
        .default_size((height * 0.42).max(180.0))
        .min_size(140.0)
        .max_size((height * 0.66).max(180.0))
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                for &view in open {
                    if ui
                        .selectable_label(view == active, view.title())
                        .on_hover_text(format!("Show {} here", view.title()))
                        .clicked()
                    {
                        commands.push(AppCommand::View(ViewCommand::ShowDockView(view)));
                    }
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .button(format!("✕ Close {}", active.title()))
                        .on_hover_text("Close this view (Esc)")
                        .clicked()
                    {
                        commands.push(AppCommand::View(ViewCommand::CloseDockView(active)));
                    }
                });
            });
            ui.separator();
            commands.extend(body(ui));
        });
    commands
}
