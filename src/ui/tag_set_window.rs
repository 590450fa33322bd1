//! The tag set window: the tags (key, colour, label, description) and the relations allowed
//! between them; where the set comes from; and choosing a tag set file for this article or for
//! every article in its folder.

use crate::command::{AppCommand, RelationCommand};
use crate::session::{ReadingSession, TagSetSource};
use crate::ui::theme;
use egui::RichText;
use std::path::PathBuf;

#[derive(Default)]
pub(crate) struct TagSetDialog {
    pub path: String,
    pub whole_folder: bool,
}

pub(crate) fn tag_set_window_ui(
    ctx: &egui::Context,
    dialog: &mut TagSetDialog,
    session: &ReadingSession,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let mut open = true;
    egui::Window::new("Tag set")
        .open(&mut open)
        .default_width(520.0)
        .show(ctx, |ui| {
            let set = session.tag_set();
            ui.label(RichText::new(format!("“{}”", set.name)).strong());
            match &session.tag_set_source {
                TagSetSource::Sidecar => {
                    ui.weak("From the sidecar (or the default): no tag set file applies to this article.");
                }
                TagSetSource::File(path) => {
                    ui.weak(format!("From {}", path.display()));
                }
                TagSetSource::Broken(error) => {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
            }
            egui::Grid::new("tag-set-tags").striped(true).show(ui, |ui| {
                ui.label("key");
                ui.label("tag");
                ui.label("description");
                ui.end_row();
                for tag in &set.tags {
                    ui.label(tag.key.to_string());
                    ui.label(RichText::new(&tag.label).color(theme::tag_text_colour(ui.visuals(), theme::colour(tag.colour))).strong());
                    ui.label(&tag.description);
                    ui.end_row();
                }
            });
            ui.add_space(4.0);
            ui.label(RichText::new("Relations allowed").strong());
            for relation in &set.relations {
                let names = |tags: &[crate::model::TagId]| {
                    tags.iter()
                        .map(|tag| theme::tag_label(set, tag))
                        .collect::<Vec<_>>()
                        .join(" or ")
                };
                ui.label(
                    RichText::new(format!(
                        "{} {} {}",
                        names(&relation.from),
                        relation.label,
                        names(&relation.to)
                    ))
                    .color(theme::tag_text_colour(ui.visuals(), theme::colour(relation.colour))),
                );
            }
            if let Some(listed) = session.unknown_tags_listed() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("Tags this set does not know, kept and shown in grey: {listed}"),
                );
            }
            ui.separator();
            let label = ui.label("Tag set file:");
            ui.add(
                egui::TextEdit::singleline(&mut dialog.path)
                    .desired_width(440.0)
                    .hint_text("/path/to/tags.ron"),
            )
            .labelled_by(label.id);
            ui.horizontal(|ui| {
                ui.radio_value(&mut dialog.whole_folder, false, "for this article");
                ui.radio_value(&mut dialog.whole_folder, true, "for every article in its folder");
            });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!dialog.path.trim().is_empty(), egui::Button::new("Use this tag set"))
                    .on_hover_text("Copied beside the sidecars, so that teammates use it too")
                    .clicked()
                {
                    commands.push(AppCommand::Relations(RelationCommand::UseTagSetFile {
                        path: PathBuf::from(dialog.path.trim()),
                        whole_folder: dialog.whole_folder,
                    }));
                }
                if ui
                    .button("Write the current set to a file to edit")
                    .on_hover_text("As this article's tag set file: add tags (keys 1–9) and relations there")
                    .clicked()
                {
                    commands.push(AppCommand::Relations(RelationCommand::WriteTagSetFile));
                }
            });
        });
    if !open {
        commands.push(AppCommand::Relations(RelationCommand::ShowTagSetWindow(
            false,
        )));
    }
    commands
}
