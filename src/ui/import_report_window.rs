//! The report of the last import (File › Import…): what was imported and how it anchored,
//! then every line of the file that was not taken as it stood, grouped by what happened to
//! it. It only reads the report; it returns whether it stays open.

/// The report shown.
pub struct ImportReport {
    /// The file imported.
    pub file: String,
    /// The one-paragraph summary ([`crate::import::ImportSummary::describe`]).
    pub summary: String,
    /// The grouped lines ([`crate::import::ImportSummary::report_lines`]).
    pub lines: Vec<String>,
}

/// Draws the report; `false` once the analyst closes it.
pub fn import_report_ui(ctx: &egui::Context, report: &ImportReport) -> bool {
    let mut open = true;
    egui::Window::new("Import report")
        .id(egui::Id::unique("import-report-window"))
        .open(&mut open)
        .default_size([720.0, 420.0])
        .vscroll(false)
        .show(ctx, |ui| {
            ui.strong(&report.file);
            ui.label(&report.summary);
            ui.label("Ctrl+Z takes the whole import back.");
            ui.separator();
            if report.lines.is_empty() {
                ui.label("Every line of the file was taken as it stood.");
                return;
            }
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 2.0;
            egui::ScrollArea::vertical()
                .id_salt("import-report-lines")
                .auto_shrink([false, true])
                .show_rows(ui, row_height, report.lines.len(), |ui, range| {
                    for line in &report.lines[range] {
                        if line.starts_with("  ") {
                            ui.monospace(line.trim_start());
                        } else {
                            ui.strong(line);
                        }
                    }
                });
        });
    open
}
