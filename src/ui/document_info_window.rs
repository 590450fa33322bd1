//! File › Document info…: the article's title, authors, date, publication, address and
//! reading direction, shared by every analyst of the article (kept in `<stem>.meta.ron` beside it, see
//! [`crate::store::document_info`]). Found in the article when there is no file yet; saved
//! only when the analyst says so.

use crate::command::{AppCommand, ViewCommand};
use crate::model::direction::TextDirection;
use crate::store::document_info::DocumentInfo;
use egui::{RichText, Ui};

/// The fields as the analyst edits them (authors as one line, separated by `;`).
#[derive(Clone, Debug, Default)]
pub(crate) struct DocumentInfoDraft {
    pub title: String,
    pub authors: String,
    pub date: String,
    pub publication: String,
    pub url: String,
    pub direction: TextDirection,
    /// Where the values came from: the file, or found in the article.
    pub from_file: bool,
    /// The file could not be read (it is not overwritten).
    pub error: Option<String>,
}

impl DocumentInfoDraft {
    pub fn of(info: &DocumentInfo, from_file: bool) -> Self {
        Self {
            title: info.title.clone(),
            authors: info.authors.join("; "),
            date: info.date.clone().unwrap_or_default(),
            publication: info.publication.clone(),
            url: info.url.clone(),
            direction: info.direction,
            from_file,
            error: None,
        }
    }

    /// The information the fields say (the date made ISO where it can be).
    pub(crate) fn to_info(&self) -> DocumentInfo {
        let mut info = DocumentInfo::default();
        for (key, value) in [
            ("title", &self.title),
            ("authors", &self.authors),
            ("date", &self.date),
            ("publication", &self.publication),
            ("url", &self.url),
        ] {
            // The keys are the module's own: setting them cannot fail.
            let _ = info.set(key, value);
        }
        info.direction = self.direction;
        info
    }
}

fn field(ui: &mut Ui, label: &str, value: &mut String, hint: &str) {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.end_row();
}

/// The reading direction: auto (each paragraph by its first letter), or one for all.
fn direction_field(ui: &mut Ui, direction: &mut TextDirection) {
    let label = ui.label("Direction:");
    let name = |direction: TextDirection| match direction {
        TextDirection::Auto => "Auto (each paragraph by its first letter)",
        TextDirection::LeftToRight => "Left to right",
        TextDirection::RightToLeft => "Right to left",
    };
    egui::ComboBox::from_id_salt("document-direction")
        .selected_text(name(*direction))
        .show_ui(ui, |ui| {
            for choice in [
                TextDirection::Auto,
                TextDirection::LeftToRight,
                TextDirection::RightToLeft,
            ] {
                ui.selectable_value(direction, choice, name(choice));
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
}

pub(crate) fn document_info_window_ui(
    ctx: &egui::Context,
    draft: &mut DocumentInfoDraft,
    meta_file: &str,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let mut open = true;
    egui::Window::new("Document info")
        .open(&mut open)
        .default_width(560.0)
        .collapsible(false)
        .show(ctx, |ui| {
            if let Some(error) = &draft.error {
                ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
            }
            ui.weak(if draft.from_file {
                format!("Shared by every analyst of this article, in {meta_file}.")
            } else {
                format!(
                    "Found in the article; nothing is written until you save (to {meta_file}, shared by every analyst)."
                )
            });
            egui::Grid::new("document-info")
                .num_columns(2)
                .striped(false)
                .show(ui, |ui| {
                    field(ui, "Title:", &mut draft.title, "the article's own title");
                    field(ui, "Authors:", &mut draft.authors, "Jane Doe; John Roe");
                    field(ui, "Date:", &mut draft.date, "2019-05-02");
                    field(
                        ui,
                        "Publication:",
                        &mut draft.publication,
                        "site, journal or series",
                    );
                    field(ui, "Address (URL):", &mut draft.url, "https://…");
                    direction_field(ui, &mut draft.direction);
                });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(draft.error.is_none(), egui::Button::new("Save"))
                    .on_hover_text("Write the document information beside the article")
                    .clicked()
                {
                    commands.push(AppCommand::SaveDocumentInfo(draft.to_info()));
                }
                if ui.button("Close").clicked() {
                    commands.push(AppCommand::View(ViewCommand::ShowDocumentInfo(false)));
                }
            });
        });
    if !open {
        commands.push(AppCommand::View(ViewCommand::ShowDocumentInfo(false)));
    }
    commands
}
