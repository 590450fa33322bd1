//! The selected annotation's relations in the pane: for a claim, the evidence for and against
//! it and the recommendations that follow from it; for any annotation, what it relates to. Each
//! is clickable (selects it and scrolls the article there), can be removed, and can carry a
//! note (shown under it; ✎ edits it). Below, a pick list links the annotation to another:
//! kind, then target, among what the tag set allows.

use crate::command::{AppCommand, RelationCommand};
use crate::model::{
    Annotation, AnnotationId, Layer, Relation, RelationKind, capitalised, one_line_excerpt,
};
use crate::ui::theme;
use egui::{RichText, Ui};
use std::collections::HashSet;

/// Relation targets listed in the pick list: the nearest in the article; others are picked by
/// clicking them after L.
const MAX_LISTED_TARGETS: usize = 200;

/// The pick list's choices while the analyst makes them.
#[derive(Default)]
pub(crate) struct LinkPicker {
    pub kind: Option<RelationKind>,
    pub target: Option<AnnotationId>,
    /// The relation whose note is being written.
    pub note_draft: Option<NoteDraft>,
}

/// A relation's note while the analyst writes it.
pub(crate) struct NoteDraft {
    relation: Relation,
    text: String,
    /// The field takes the keyboard in the first frame it is shown.
    focus: bool,
    /// Whether the field had the keyboard at the end of the last frame.
    had_focus: bool,
}

pub(crate) fn relations_ui(
    ui: &mut Ui,
    picker: &mut LinkPicker,
    layer: &Layer,
    annotation: &Annotation,
    linking: bool,
    commands: &mut Vec<AppCommand>,
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Relations").strong());
        if linking {
            ui.label(
                RichText::new("Click the annotation it relates to (Esc cancels)")
                    .color(ui.visuals().warn_fg_color),
            );
            if ui.small_button("Cancel").clicked() {
                commands.push(AppCommand::Relations(RelationCommand::CancelLinking));
            }
        } else if ui
            .small_button("Link… (L)")
            .on_hover_text("Then click the annotation this one relates to")
            .clicked()
        {
            commands.push(AppCommand::Relations(RelationCommand::StartLinking));
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("relations-of-selected")
        .max_height(120.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            relation_lists_ui(ui, &mut picker.note_draft, layer, annotation, commands)
        });
    pick_list_ui(ui, picker, layer, annotation, commands);
}

/// What relates to the annotation and what it relates to, by kind.
fn relation_lists_ui(
    ui: &mut Ui,
    note_draft: &mut Option<NoteDraft>,
    layer: &Layer,
    annotation: &Annotation,
    commands: &mut Vec<AppCommand>,
) {
    let tag_set = &layer.tag_set;
    // The tag set's kinds, then any kind it does not know (from another tag set): still listed,
    // in grey, so that such relations can be seen and removed.
    let mut definitions = tag_set.relations.clone();
    for relation in layer.relations_of(annotation.id) {
        if !definitions
            .iter()
            .any(|definition| definition.id == relation.kind)
        {
            definitions.push(crate::model::RelationDef {
                id: relation.kind.clone(),
                label: format!("{} (not in the tag set)", relation.kind),
                inverse_label: String::new(),
                colour: crate::model::Rgb([128, 128, 128]),
                from: Vec::new(),
                to: Vec::new(),
            });
        }
    }
    let mut any = false;
    for definition in &definitions {
        let incoming: Vec<&Relation> = layer
            .relations_of(annotation.id)
            .filter(|relation| relation.target == annotation.id && relation.kind == definition.id)
            .collect();
        let outgoing: Vec<&Relation> = layer
            .relations_of(annotation.id)
            .filter(|relation| relation.source == annotation.id && relation.kind == definition.id)
            .collect();
        let heading_in = definition.target_side_label();
        for (heading, relations, other_end) in [
            (heading_in, incoming, true),
            (definition.label.clone(), outgoing, false),
        ] {
            if relations.is_empty() {
                continue;
            }
            any = true;
            ui.label(
                RichText::new(format!("{} ({})", capitalised(&heading), relations.len())).color(
                    theme::tag_text_colour(ui.visuals(), theme::colour(definition.colour)),
                ),
            );
            for relation in relations {
                let other = if other_end {
                    relation.source
                } else {
                    relation.target
                };
                let Some(other_annotation) = layer.get(other) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    let text = format!(
                        "{}: “{}”",
                        theme::tag_label(tag_set, &other_annotation.tag),
                        one_line_excerpt(&other_annotation.quote.exact, 60)
                    );
                    if ui
                        .small_button("✕")
                        .on_hover_text("Remove this relation (undo with Ctrl+Z)")
                        .clicked()
                    {
                        commands.push(AppCommand::Relations(RelationCommand::DeleteRelation(
                            relation.clone(),
                        )));
                    }
                    let editing = note_draft
                        .as_ref()
                        .is_some_and(|draft| draft.relation.same_link(relation));
                    if !editing
                        && ui
                            .small_button("✎")
                            .on_hover_text("Write a note on this relation")
                            .clicked()
                    {
                        *note_draft = Some(NoteDraft {
                            relation: relation.clone(),
                            text: relation.note.clone(),
                            focus: true,
                            had_focus: false,
                        });
                    }
                    if ui
                        .link(text)
                        .on_hover_text("Select it and show it in the article")
                        .clicked()
                    {
                        commands.push(AppCommand::SelectAnnotation {
                            annotation_id: Some(other),
                            scroll: true,
                        });
                    }
                });
                relation_note_ui(ui, note_draft, relation, commands);
            }
        }
    }
    if !any {
        ui.weak("None yet.");
    }
}

/// The relation's note under it, or the field writing it: Enter, Tab, Keep or a click
/// elsewhere keeps the text, Esc drops it.
fn relation_note_ui(
    ui: &mut Ui,
    note_draft: &mut Option<NoteDraft>,
    relation: &Relation,
    commands: &mut Vec<AppCommand>,
) {
    let indent = ui.spacing().indent;
    match note_draft {
        Some(draft) if draft.relation.same_link(relation) => {
            let (mut keep, mut drop) = (false, false);
            ui.horizontal(|ui| {
                ui.add_space(indent);
                let label = ui.label("Link note:");
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut draft.text)
                            .hint_text("why it supports, how far…")
                            .desired_width(ui.available_width() - 60.0),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut draft.focus) {
                    response.request_focus();
                }
                // Enter, Tab or a click elsewhere keeps the note; losing the keyboard any other
                // way is Esc, which egui (and the Cancel command) take before any widget runs.
                let lost = draft.had_focus && !response.has_focus();
                let kept_by_input = ui.input(|input| {
                    input.key_pressed(egui::Key::Enter)
                        || input.key_pressed(egui::Key::Tab)
                        || input.pointer.any_pressed()
                });
                draft.had_focus = response.has_focus();
                keep = (lost && kept_by_input) || ui.small_button("Keep").clicked();
                drop = lost && !keep;
            });
            if drop {
                *note_draft = None;
            } else if keep && let Some(draft) = note_draft.take() {
                commands.push(AppCommand::Relations(RelationCommand::SetRelationNote {
                    relation: draft.relation,
                    note: draft.text.trim().to_owned(),
                }));
            }
        }
        _ if !relation.note.is_empty() => {
            // Indented in a vertical layout, so that a long note wraps.
            ui.indent(("relation-note", relation), |ui| {
                ui.add(egui::Label::new(RichText::new(&relation.note).italics().weak()).wrap());
            });
        }
        _ => {}
    }
}

/// Kind, then target among the annotations the tag set allows for that kind.
fn pick_list_ui(
    ui: &mut Ui,
    picker: &mut LinkPicker,
    layer: &Layer,
    annotation: &Annotation,
    commands: &mut Vec<AppCommand>,
) {
    let tag_set = &layer.tag_set;
    let kinds: Vec<_> = tag_set
        .relations
        .iter()
        .filter(|definition| definition.from.contains(&annotation.tag))
        .collect();
    if kinds.is_empty() {
        return;
    }
    if picker
        .kind
        .as_ref()
        .is_none_or(|kind| !kinds.iter().any(|definition| &definition.id == kind))
    {
        picker.kind = Some(kinds[0].id.clone());
        picker.target = None;
    }
    let Some(kind) = picker.kind.clone() else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::new("relation-kind", "relation")
            .selected_text(
                tag_set
                    .relation(&kind)
                    .map_or(kind.to_string(), |definition| definition.label.clone()),
            )
            .show_ui(ui, |ui| {
                for definition in &kinds {
                    if ui
                        .selectable_label(definition.id == kind, &definition.label)
                        .clicked()
                    {
                        picker.kind = Some(definition.id.clone());
                        picker.target = None;
                    }
                }
            });
        let linked: HashSet<AnnotationId> = layer
            .relations_of(annotation.id)
            .filter(|relation| relation.source == annotation.id && relation.kind == kind)
            .map(|relation| relation.target)
            .collect();
        let allowed = |candidate: &Annotation| {
            candidate.id != annotation.id
                && tag_set.allows(&kind, &annotation.tag, &candidate.tag)
                && !linked.contains(&candidate.id)
        };
        let chosen = picker
            .target
            .and_then(|id| layer.get(id))
            .filter(|candidate| allowed(candidate));
        egui::ComboBox::new("relation-target", "target")
            .width(220.0)
            .selected_text(chosen.map_or("choose…".to_owned(), |target| {
                one_line_excerpt(&target.quote.exact, 30)
            }))
            .show_ui(ui, |ui| {
                // Worked out only while the list is open, and only the nearest candidates
                // listed: a book has thousands of claims; any other is picked with L.
                let mut targets: Vec<&Annotation> = layer
                    .annotations()
                    .iter()
                    .filter(|candidate| allowed(candidate))
                    .collect();
                let total = targets.len();
                if total > MAX_LISTED_TARGETS {
                    targets.select_nth_unstable_by_key(MAX_LISTED_TARGETS, |candidate| {
                        candidate.span.start.abs_diff(annotation.span.start)
                    });
                    targets.truncate(MAX_LISTED_TARGETS);
                    targets.sort_by_key(|candidate| candidate.sort_key());
                }
                for candidate in &targets {
                    let text = format!(
                        "{}: {}",
                        theme::tag_label(tag_set, &candidate.tag),
                        one_line_excerpt(&candidate.quote.exact, 50)
                    );
                    if ui
                        .selectable_label(picker.target == Some(candidate.id), text)
                        .clicked()
                    {
                        picker.target = Some(candidate.id);
                    }
                }
                if total > targets.len() {
                    ui.weak(format!(
                        "The {} nearest of {total}. For another, press L and click it in the article.",
                        targets.len()
                    ));
                }
            });
        if ui
            .add_enabled(chosen.is_some(), egui::Button::new("Add relation"))
            .clicked()
            && let Some(target) = picker.target.take()
        {
            commands.push(AppCommand::Relations(RelationCommand::AddRelation {
                source: annotation.id,
                kind: kind.clone(),
                target,
            }));
        }
    });
}

/// The window that asks which relation a link is, when the tag set allows several.
pub(crate) fn link_kind_window_ui(
    ctx: &egui::Context,
    layer: &Layer,
    source: AnnotationId,
    target: AnnotationId,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let (Some(from), Some(to)) = (layer.get(source), layer.get(target)) else {
        commands.push(AppCommand::Relations(RelationCommand::CancelLinking));
        return commands;
    };
    egui::Window::new("Link as")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            ui.label(format!("“{}” …", one_line_excerpt(&from.quote.exact, 50)));
            for definition in layer.tag_set.relations_between(&from.tag, &to.tag) {
                if ui
                    .button(
                        RichText::new(&definition.label).color(theme::tag_text_colour(
                            ui.visuals(),
                            theme::colour(definition.colour),
                        )),
                    )
                    .clicked()
                {
                    commands.push(AppCommand::Relations(RelationCommand::AddRelation {
                        source,
                        kind: definition.id.clone(),
                        target,
                    }));
                }
            }
            ui.label(format!("… “{}”", one_line_excerpt(&to.quote.exact, 50)));
            if ui.button("Cancel").clicked() {
                commands.push(AppCommand::Relations(RelationCommand::CancelLinking));
            }
        });
    commands
}
