//! The Export and Import dialogs (File › Export…, File › Import…).

use crate::command::{AppCommand, ExportRequest};
use crate::export::ExportFormat;
use crate::import::ImportFormat;
use crate::session::ReadingSession;
use egui::{Id, RichText};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub(crate) struct ExportDialog {
    format: ExportFormat,
    /// Other analysts' layers found beside this one, and whether to include each.
    other_analysts: Vec<(String, bool)>,
    /// Tags left out of the export.
    excluded_tags: HashSet<crate::model::TagId>,
    excel: bool,
    with_article: bool,
    path: String,
    /// The path follows the format until the analyst types one.
    path_edited: bool,
}

pub(crate) struct ImportDialog {
    format: ImportFormat,
    path: String,
    tag_map: String,
    relation_map: String,
}

#[derive(Default)]
pub(crate) struct TransferDialogs {
    pub export: Option<ExportDialog>,
    pub import: Option<ImportDialog>,
}

/// Where an export goes by default: beside the sidecar, named after article and analyst.
fn default_export_path(session: &ReadingSession, format: ExportFormat) -> PathBuf {
    let stem = session
        .article_path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".to_owned());
    let folder = session
        .sidecar_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    match format {
        ExportFormat::Brat => folder.join(format!("{stem}.{}.brat", session.analyst())),
        other => folder.join(format!(
            "{stem}.{}.{}",
            session.analyst(),
            other.extension()
        )),
    }
}

impl TransferDialogs {
    pub(crate) fn open_export(&mut self, session: &ReadingSession) {
        let format = ExportFormat::Csv;
        self.export = Some(ExportDialog {
            format,
            other_analysts: session
                .other_analysts()
                .into_iter()
                .map(|name| (name, false))
                .collect(),
            excluded_tags: HashSet::new(),
            excel: false,
            with_article: false,
            path: default_export_path(session, format).display().to_string(),
            path_edited: false,
        });
    }

    pub(crate) fn open_import(&mut self) {
        self.import = Some(ImportDialog {
            format: ImportFormat::W3c,
            path: String::new(),
            tag_map: String::new(),
            relation_map: String::new(),
        });
    }

    pub fn show(
        &mut self,
        ctx: &egui::Context,
        session: Option<&ReadingSession>,
        exporting: bool,
    ) -> Vec<AppCommand> {
        let mut commands = Vec::new();
        if let (Some(dialog), Some(session)) = (&mut self.export, session) {
            let mut open = true;
            egui::Window::new("Export annotations")
                .id(Id::unique("export-dialog"))
                .open(&mut open)
                .collapsible(false)
                .resizable(false)
                .show(ctx, |ui| {
                    if let Some(request) = export_ui(ui, dialog, session, exporting) {
                        commands.push(AppCommand::StartExport(request));
                    }
                });
            if !open
                || commands
                    .iter()
                    .any(|command| matches!(command, AppCommand::StartExport(_)))
            {
                self.export = None;
            }
        }
        if let Some(dialog) = &mut self.import {
            let mut open = true;
            let mut started = false;
            egui::Window::new("Import annotations")
                .id(Id::unique("import-dialog"))
                .open(&mut open)
                .collapsible(false)
                .resizable(false)
                .show(ctx, |ui| {
                    ui.label("Add annotations from another tool to your layer. Each is placed by its quote.");
                    ui.horizontal(|ui| {
                        for format in [
                            ImportFormat::W3c,
                            ImportFormat::Brat,
                            ImportFormat::Webanno,
                            ImportFormat::Qdpx,
                        ] {
                            ui.radio_value(&mut dialog.format, format, format.label());
                        }
                    });
                    let label = ui.label("File:");
                    ui.add(egui::TextEdit::singleline(&mut dialog.path).desired_width(420.0).hint_text("/path/to/annotations.json"))
                        .labelled_by(label.id);
                    let label = ui.label("Map types to tags (FROM=TO, comma-separated; optional):");
                    ui.add(egui::TextEdit::singleline(&mut dialog.tag_map).desired_width(420.0).hint_text("Premise=evidence,MajorClaim=claim"))
                        .labelled_by(label.id);
                    let label = ui.label("Map relation types (FROM=TO, comma-separated; optional):");
                    ui.add(egui::TextEdit::singleline(&mut dialog.relation_map).desired_width(420.0).hint_text("attacks=undermines"))
                        .labelled_by(label.id);
                    if ui.add_enabled(!dialog.path.trim().is_empty(), egui::Button::new("Import annotations")).clicked() {
                        commands.push(AppCommand::Import {
                            format: dialog.format,
                            path: PathBuf::from(dialog.path.trim()),
                            tag_map: dialog.tag_map.clone(),
                            relation_map: dialog.relation_map.clone(),
                        });
                        started = true;
                    }
                });
            if !open || started {
                self.import = None;
            }
        }
        commands
    }
}

fn export_ui(
    ui: &mut egui::Ui,
    dialog: &mut ExportDialog,
    session: &ReadingSession,
    exporting: bool,
) -> Option<ExportRequest> {
    ui.label(
        RichText::new(format!(
            "{} — {}",
            session.article_name(),
            session.analyst()
        ))
        .strong(),
    );
    ui.label("Format:");
    let before = dialog.format;
    for format in ExportFormat::ALL {
        ui.radio_value(&mut dialog.format, format, format.label());
    }
    if dialog.format != before && !dialog.path_edited {
        dialog.path = default_export_path(session, dialog.format)
            .display()
            .to_string();
    }
    if dialog.format == ExportFormat::Csv {
        ui.checkbox(&mut dialog.excel, "For Excel (UTF-8 byte order mark)");
    }
    if dialog.format == ExportFormat::Html {
        ui.checkbox(
            &mut dialog.with_article,
            "Add the article with its highlights after the briefing",
        );
    }
    if !dialog.other_analysts.is_empty() {
        ui.label("Also the layers of:");
        ui.horizontal_wrapped(|ui| {
            for (analyst, included) in &mut dialog.other_analysts {
                ui.checkbox(included, analyst.as_str());
            }
        });
    }
    ui.label("Tags:");
    ui.horizontal_wrapped(|ui| {
        for tag in &session.tag_set().tags {
            let mut included = !dialog.excluded_tags.contains(&tag.id);
            if ui.checkbox(&mut included, &tag.label).changed() {
                if included {
                    dialog.excluded_tags.remove(&tag.id);
                } else {
                    dialog.excluded_tags.insert(tag.id.clone());
                }
            }
        }
    });
    let what = if dialog.format == ExportFormat::Brat {
        "Folder:"
    } else {
        "File:"
    };
    let label = ui.label(what);
    if ui
        .add(egui::TextEdit::singleline(&mut dialog.path).desired_width(420.0))
        .labelled_by(label.id)
        .changed()
    {
        dialog.path_edited = true;
    }
    let ready = !dialog.path.trim().is_empty() && !exporting;
    let clicked = ui
        .add_enabled(ready, egui::Button::new("Export"))
        .on_disabled_hover_text("An export is already running")
        .clicked();
    clicked.then(|| ExportRequest {
        format: dialog.format,
        other_analysts: dialog
            .other_analysts
            .iter()
            .filter(|(_, included)| *included)
            .map(|(analyst, _)| analyst.clone())
            .collect(),
        tags: session
            .tag_set()
            .ids()
            .filter(|id| !dialog.excluded_tags.contains(*id))
            .cloned()
            .collect(),
        path: PathBuf::from(dialog.path.trim()),
        excel: dialog.excel,
        with_article: dialog.with_article,
    })
}
