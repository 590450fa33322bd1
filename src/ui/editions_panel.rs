//! The other edition's column beside the article: which file it is, what to do with the pair
//! at the article's caret (pair by hand, link passages, note what differs), and the edition
//! itself, drawn by the article view with its own selection.

use crate::command::{AppCommand, EditionCommand, EditionsExport};
use crate::model::direction::TextDirection;
use crate::model::{Document, Layer, Span};
use crate::ui::article_view::{ArticleInput, ArticleView};
use egui::{RichText, Ui};
use std::collections::HashSet;

/// What the column shows of the other edition.
pub(crate) struct EditionsPanelInput<'a> {
    pub name: &'a str,
    pub document: &'a Document,
    pub layer: &'a Layer,
    pub direction: TextDirection,
    /// The pair at the article's caret, as "¶3 ↔ ¶2, ¶3", and whether it was set by hand.
    pub pair: Option<(String, bool)>,
    /// The edition's paragraphs paired with the article's at the caret: outlined.
    pub focus: Option<Span>,
    pub own_colour: egui::Color32,
    pub max_column_width: f32,
    pub font_family: egui::FontFamily,
}

/// The column asking which file is the other edition.
/// The field takes the keyboard on the column's first frame (`focus`).
pub(crate) fn ask_edition_ui(ui: &mut Ui, path: &mut String, focus: &mut bool) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    ui.heading("Other edition");
    ui.label("The same article in another language (or version), read beside this one: its paragraphs are paired with the article's and follow it as you scroll.");
    let label = ui.label("Its file:");
    let response = ui
        .add(
            egui::TextEdit::singleline(path)
                .hint_text("/path/to/article.fa.html")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if std::mem::take(focus) {
        response.request_focus();
    }
    let entered = response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
    ui.horizontal(|ui| {
        if (ui.button("Open").clicked() || entered) && !path.trim().is_empty() {
            commands.push(AppCommand::Edition(EditionCommand::Open(
                path.trim().into(),
            )));
        }
        if ui.button("Browse…").clicked() {
            commands.push(AppCommand::Edition(EditionCommand::Browse));
        }
        if ui.button("Cancel").clicked() {
            commands.push(AppCommand::Edition(EditionCommand::Close));
        }
    });
    commands
}

/// The open edition's column. The view's own commands (a click on one of the edition's
/// highlights) are for the article open for reading and are dropped: the edition's
/// annotations are shown, and edited after Switch editions.
pub(crate) fn editions_panel_ui(
    ui: &mut Ui,
    view: &mut ArticleView,
    note: &mut String,
    export: &mut Option<(EditionsExport, String)>,
    input: &EditionsPanelInput<'_>,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let command = |edition: EditionCommand| AppCommand::Edition(edition);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(input.name).strong());
        let buttons = [
            (
                "Pair",
                "Pair the article's selected paragraphs (or the caret's) with those selected here",
                EditionCommand::PairParagraphs,
            ),
            (
                "Link",
                "Link the passage selected in the article to the one selected here: it translates it",
                EditionCommand::LinkPassages,
            ),
            (
                "Switch",
                "Read this edition as the article (to annotate it), with the article here",
                EditionCommand::Switch,
            ),
            (
                "CSV…",
                "Export both editions side by side as a spreadsheet",
                EditionCommand::Export(EditionsExport::Csv),
            ),
            (
                "HTML…",
                "Export both editions side by side as a report",
                EditionCommand::Export(EditionsExport::Html),
            ),
        ];
        for (label, hover, edition) in buttons {
            if ui.button(label).on_hover_text(hover).clicked() {
                commands.push(command(edition));
            }
        }
        if ui.button("✕").on_hover_text("Close the other edition").clicked() {
            commands.push(command(EditionCommand::Close));
        }
    });
    if let Some((format, path)) = export {
        ui.horizontal(|ui| {
            let label = ui.label(match format {
                EditionsExport::Csv => "CSV to:",
                EditionsExport::Html => "HTML to:",
            });
            ui.add(egui::TextEdit::singleline(path).desired_width(ui.available_width() - 110.0))
                .labelled_by(label.id);
            if ui.button("Write").clicked() {
                commands.push(command(EditionCommand::ExportTo(
                    *format,
                    path.trim().into(),
                )));
            }
            if ui.button("Cancel").clicked() {
                commands.push(command(EditionCommand::CancelExport));
            }
        });
    }
    match &input.pair {
        Some((pair, by_hand)) => {
            ui.horizontal(|ui| {
                ui.weak(format!(
                    "At the caret: {pair}{}",
                    if *by_hand { " (by hand)" } else { "" }
                ));
            });
            ui.horizontal(|ui| {
                let label = ui.label("Differs:");
                let response = ui
                    .add(
                        egui::TextEdit::singleline(note)
                            .hint_text("e.g. the edition omits the last sentence")
                            .desired_width(ui.available_width() - 60.0),
                    )
                    .labelled_by(label.id);
                let entered =
                    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Save").clicked() || entered {
                    commands.push(command(EditionCommand::SetNote(note.clone())));
                }
            });
        }
        None => {
            ui.weak("The article's paragraph at the caret has no pair in this edition.");
        }
    }
    ui.separator();
    let hidden = HashSet::new();
    let no_changes = |_| None;
    let article_input = ArticleInput {
        document: input.document,
        layer: input.layer,
        revision: 0,
        own_changes: &no_changes,
        selected_annotation: None,
        hidden_tags: &hidden,
        others: &[],
        own_colour: input.own_colour,
        colour_by_analyst: false,
        others_revision: 0,
        focus: input.focus,
        show_relations: false,
        linking: false,
        find_matches: &[],
        current_match: None,
        max_column_width: input.max_column_width,
        font_family: input.font_family.clone(),
        direction: input.direction,
    };
    let _ = view.show_ui(ui, &article_input);
    commands
}
