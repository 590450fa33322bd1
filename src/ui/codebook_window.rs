//! The Codebook window (View › Codebook…): the open project's tags and relation kinds with
//! their definitions, when to use each and when not, and the anchor examples pinned from the
//! articles. Reading only: the codebook is edited with `closeread project codebook`, which
//! records who changed what.

use crate::project::codebook::Codebook;

/// Draws the window; returns whether it stays open.
pub fn codebook_window_ui(ctx: &egui::Context, codebook: &Codebook) -> bool {
    let mut open = true;
    egui::Window::new(format!("Codebook: {}", codebook.name))
        .id(egui::Id::unique("codebook-window"))
        .open(&mut open)
        .default_size([620.0, 560.0])
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("codebook-scroll")
                .show(ui, |ui| {
                    for entry in codebook.entries() {
                        ui.heading(format!("{} ({})", entry.label, entry.id));
                        for (heading, text) in [
                            ("Definition", entry.definition),
                            ("Use when", entry.use_when),
                            ("Not when", entry.not_when),
                        ] {
                            if !text.trim().is_empty() {
                                ui.horizontal_wrapped(|ui| {
                                    ui.strong(format!("{heading}:"));
                                    ui.label(text.trim());
                                });
                            }
                        }
                        for example in entry.examples {
                            ui.indent(("codebook-example", &example.annotation), |ui| {
                                ui.label(
                                    egui::RichText::new(format!("“{}”", example.exact.trim()))
                                        .italics(),
                                );
                                ui.weak(format!("{}, {}", example.article, example.analyst));
                                if !example.note.trim().is_empty() {
                                    ui.label(example.note.trim());
                                }
                            });
                        }
                        ui.separator();
                    }
                    if let Some(change) = codebook.history.last() {
                        ui.weak(format!(
                            "{} change(s); the last by {} on {}: {}",
                            codebook.history.len(),
                            change.who,
                            change.when.format("%Y-%m-%d %H:%M"),
                            change.what
                        ));
                    }
                });
        });
    open
}
