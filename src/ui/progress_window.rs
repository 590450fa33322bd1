//! Progress of long work: a bar (or a spinner while the length is unknown), the stage, and a
//! Cancel button. Used by opening a large article and by agreement over large layers.

use crate::progress::Progress;
use egui::Ui;

/// Draws the progress; returns whether Cancel was pressed.
pub(crate) fn progress_ui(ui: &mut Ui, progress: &Progress) -> bool {
    let mut cancel = false;
    ui.label(progress.stage());
    ui.horizontal(|ui| {
        match progress.fraction() {
            Some(fraction) => {
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .show_percentage()
                        .desired_width(280.0),
                );
            }
            None => {
                ui.spinner();
            }
        }
        cancel = ui.button("Cancel").clicked();
    });
    // The worker wakes the window when it finishes; the bar moves in between.
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
    cancel
}

/// A window in the middle of the screen for work that holds up the article (opening one).
/// Returns whether Cancel was pressed (Esc is the command list's: it cancels this first).
pub(crate) fn progress_window_ui(ctx: &egui::Context, title: &str, progress: &Progress) -> bool {
    let mut cancel = false;
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            cancel = progress_ui(ui, progress);
        });
    cancel
}
