//! The annotation pane: the current selection with the tag buttons, the selected annotation's
//! editor, counts and filters per tag, and the list of annotations in document order.

mod list;
mod summary;

use crate::command::{AppCommand, BoundsAdjustment, ViewCommand};
use crate::model::{AnchorStatus, Annotation, AnnotationId, TagId, one_line_excerpt};
use crate::session::{ReadingSession, SidecarState};
use crate::ui::theme;
use egui::{RichText, Ui};
use std::collections::HashSet;
use std::ops::Range;

/// What the pane keeps between frames: the note being typed.
#[derive(Default)]
pub(crate) struct PaneState {
    note_draft: Option<(AnnotationId, String)>,
    note_has_focus: bool,
    note_spell: crate::ui::note_editor::SpellCache,
    reading_note: crate::ui::reading_note_box::ReadingNoteBox,
    /// The selection the list last showed, and its scroll geometry, to bring a newly
    /// selected annotation (J/K, a click in the article) into view.
    listed_selection: Option<AnnotationId>,
    list_scroll_offset: f32,
    list_viewport_height: f32,
    link_picker: crate::ui::relations_pane::LinkPicker,
    /// Frames left in which the list checks that the selected row is in view: the list's
    /// height changes when the editor above it appears, so one check is not enough.
    follow_frames: u8,
    summary: summary::LayerSummary,
    /// The pane's laid-out text, kept while the editor and rows come and go (see
    /// [`crate::ui::kept_galleys`]).
    galleys: crate::ui::kept_galleys::WarmGalleys,
    /// Find in notes and excerpts: the list shows only annotations with every word.
    search: String,
    focus_search_requested: bool,
    focus_note_requested: bool,
    /// The start of the article's view the list last followed.
    followed_view: Option<usize>,
    /// The pane's width in the last frame: only dragging its edge changes it.
    width: Option<f32>,
}

impl PaneState {
    /// Puts the keyboard in the selected annotation's note on the next frame (N).
    pub(crate) fn focus_note(&mut self) {
        self.focus_note_requested = true;
    }

    /// Puts the keyboard in the pane's search field on the next frame (Ctrl+Shift+F).
    pub(crate) fn focus_search(&mut self) {
        self.focus_search_requested = true;
    }

    pub fn width(&self) -> Option<f32> {
        self.width
    }
}

pub(crate) struct PaneInput<'a> {
    pub session: &'a ReadingSession,
    pub selection: Option<Range<usize>>,
    pub selected_annotation: Option<AnnotationId>,
    pub hidden_tags: &'a HashSet<TagId>,
    /// The analyst is picking a relation's target in the article.
    pub linking: bool,
    /// The pane's width when the window opens (remembered from the last run).
    pub default_width: f32,
    /// The article's chars in view, when the list follows the article as it scrolls.
    pub article_in_view: Option<Range<usize>>,
    /// The dictionary for notes, when spelling is checked (and loaded).
    pub spelling: Option<&'static crate::spelling::SpellChecker>,
    /// The project's codebook, for an article of the open project: its guidance is shown on
    /// hovering over a tag.
    pub codebook: Option<&'a crate::project::codebook::Codebook>,
}

/// Find in notes and excerpts: filters the list below.
fn search_ui(ui: &mut Ui, state: &mut PaneState, input: &PaneInput<'_>) {
    ui.horizontal(|ui| {
        let label = ui.label("Find in notes and excerpts:");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut state.search)
                    .hint_text("words")
                    .desired_width(ui.available_width() - 30.0),
            )
            .labelled_by(label.id);
        if state.focus_search_requested {
            response.request_focus();
            state.focus_search_requested = false;
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            state.search.clear();
        }
        if !state.search.is_empty()
            && ui
                .small_button("✕ Clear")
                .on_hover_text("Clear the search")
                .clicked()
        {
            state.search.clear();
        }
    });
    if !state.search.is_empty() {
        let shown = state.summary.listed.len();
        let all = input.session.layer().annotations().len();
        ui.weak(format!("{shown} of {all} annotations match"));
    }
}

pub(crate) fn annotation_pane_ui(
    ui: &mut Ui,
    state: &mut PaneState,
    input: &PaneInput<'_>,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    state
        .summary
        .refresh(input.session, input.hidden_tags, &state.search);
    // The width changes only when the analyst drags the pane's edge: what the pane shows (a
    // long excerpt, the relations) is drawn in a child of the pane's width that does not widen
    // the pane, so selecting never moves the article's text.
    let panel = egui::Panel::right("annotation-pane")
        .resizable(true)
        .default_size(input.default_width.max(PANE_MIN_WIDTH))
        .min_size(PANE_MIN_WIDTH);
    let panel = panel.show(ui, |ui| {
        let area = ui.available_rect_before_wrap();
        let mut content = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(area)
                .layout(egui::Layout::top_down(egui::Align::Min)),
        );
        content.set_clip_rect(area.intersect(ui.clip_rect()));
        let mut galleys = std::mem::take(&mut state.galleys);
        galleys.keep_warm(&mut content, |content| {
            pane_contents_ui(content, state, input, &mut commands);
        });
        state.galleys = galleys;
        // The pane takes the room it was given, whatever its contents asked for.
        ui.allocate_rect(area, egui::Sense::hover());
    });
    state.width = Some(panel.response.rect.width());
    commands
}

fn pane_contents_ui(
    ui: &mut Ui,
    state: &mut PaneState,
    input: &PaneInput<'_>,
    commands: &mut Vec<AppCommand>,
) {
    ui.add_space(6.0);
    blocked_sidecar_ui(ui, input.session, commands);
    selection_ui(ui, input, commands);
    ui.separator();
    if let Some(annotation) = input
        .selected_annotation
        .and_then(|id| input.session.layer().get(id))
    {
        annotation_editor_ui(ui, state, input, annotation, commands);
        ui.separator();
        crate::ui::relations_pane::relations_ui(
            ui,
            &mut state.link_picker,
            input.session.layer(),
            annotation,
            input.linking,
            commands,
        );
        ui.separator();
    } else {
        state.note_draft = None;
    }
    crate::ui::reading_note_box::reading_note_ui(
        ui,
        &mut state.reading_note,
        input.session,
        input.spelling,
        commands,
    );
    ui.separator();
    tag_counts_ui(ui, input, &state.summary, commands);
    ui.separator();
    list::orphans_ui(ui, input, &state.summary, commands);
    search_ui(ui, state, input);
    list::annotation_list_ui(ui, state, input, commands);
}

/// The narrowest the annotation pane can be dragged.
const PANE_MIN_WIDTH: f32 = 300.0;

fn blocked_sidecar_ui(ui: &mut Ui, session: &ReadingSession, commands: &mut Vec<AppCommand>) {
    let SidecarState::Blocked(error) = session.sidecar_state() else {
        return;
    };
    egui::Frame::group(ui.style())
        .fill(ui.visuals().extreme_bg_color)
        .stroke(egui::Stroke::new(1.5, ui.visuals().error_fg_color))
        .show(ui, |ui| {
            ui.label(
                RichText::new("The sidecar cannot be read")
                    .strong()
                    .color(ui.visuals().error_fg_color),
            );
            ui.label(error.to_string());
            ui.label("Nothing is written to it until you decide:");
            ui.horizontal(|ui| {
                if ui
                    .button("Reload sidecar")
                    .on_hover_text("After fixing the file by hand")
                    .clicked()
                {
                    commands.push(AppCommand::ReloadSidecar);
                }
                if ui
                    .button("Set aside and start fresh")
                    .on_hover_text("Renames the file (nothing is deleted) and starts an empty one")
                    .clicked()
                {
                    commands.push(AppCommand::SetAsideSidecar);
                }
            });
        });
    ui.add_space(6.0);
}

fn selection_ui(ui: &mut Ui, input: &PaneInput<'_>, commands: &mut Vec<AppCommand>) {
    ui.heading("Selection");
    let tag_set = input.session.tag_set();
    match &input.selection {
        Some(range) => {
            let text = input.session.document.slice(range.clone());
            ui.label(
                RichText::new(format!(
                    "chars {}–{} ({} chars)",
                    range.start,
                    range.end,
                    range.len()
                ))
                .weak(),
            );
            excerpt_label(ui, &format!("“{}”", one_line_excerpt(text, 280)));
        }
        None => {
            ui.weak("Drag across the article to select a passage; double-click selects a word, triple-click a paragraph.");
        }
    }
    ui.horizontal_wrapped(|ui| {
        for tag in &tag_set.tags {
            let button = egui::Button::new(
                RichText::new(format!("{} ({})", tag.label, tag.key))
                    .color(theme::tag_text_colour(
                        ui.visuals(),
                        theme::colour(tag.colour),
                    ))
                    .strong(),
            );
            let mut hint = if input.selection.is_some() {
                format!("Tag the selection as {} — key {}", tag.label, tag.key)
            } else {
                format!(
                    "Retag the selected annotation as {} — key {}",
                    tag.label, tag.key
                )
            };
            let guidance = input
                .codebook
                .and_then(|codebook| codebook.hover_text(tag.id.as_str()));
            if let Some(guidance) = &guidance {
                hint.push_str("\n\n");
                hint.push_str(guidance);
            }
            let enabled = input.selection.is_some() || input.selected_annotation.is_some();
            let mut response = ui.add_enabled(enabled, button).on_hover_text(hint);
            // The codebook's guidance also while nothing is selected to tag.
            if let Some(guidance) = guidance {
                response = response.on_disabled_hover_text(format!(
                    "{} — key {} (select a passage to tag it)\n\n{guidance}",
                    tag.label, tag.key
                ));
            }
            if response.clicked() {
                commands.push(AppCommand::TagSelection(tag.id.clone()));
            }
        }
    });
}

fn annotation_editor_ui(
    ui: &mut Ui,
    state: &mut PaneState,
    input: &PaneInput<'_>,
    annotation: &Annotation,
    commands: &mut Vec<AppCommand>,
) {
    let session = input.session;
    let tag_set = session.tag_set();
    ui.horizontal(|ui| {
        ui.heading("Annotation");
        ui.label(
            RichText::new(theme::tag_label(tag_set, &annotation.tag))
                .strong()
                .color(theme::tag_text_colour(
                    ui.visuals(),
                    theme::tag_colour(tag_set, &annotation.tag),
                )),
        );
    });
    match annotation.status {
        AnchorStatus::Anchored => {}
        AnchorStatus::Relocated => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Relocated after the article changed: check its place.",
            );
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button("Confirm place")
                    .on_hover_text("The highlight is on the right text")
                    .clicked()
                {
                    commands.push(AppCommand::ConfirmPlacement(annotation.id));
                }
                reattach_button_ui(ui, annotation.id, commands);
            });
        }
        AnchorStatus::Orphaned => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                "Orphaned: its text is no longer in the article. Kept with its quote and note.",
            );
            reattach_button_ui(ui, annotation.id, commands);
        }
    }
    excerpt_label(
        ui,
        &format!("“{}”", one_line_excerpt(&annotation.quote.exact, 400)),
    );
    ui.label(
        RichText::new(format!(
            "chars {}–{} · {} · modified {}",
            annotation.span.start,
            annotation.span.end,
            annotation.analyst,
            annotation.modified.format("%Y-%m-%d %H:%M UTC")
        ))
        .weak(),
    );
    ui.horizontal_wrapped(|ui| {
        ui.label("Tag:");
        for tag in &tag_set.tags {
            let selected = tag.id == annotation.tag;
            if ui
                .selectable_label(
                    selected,
                    RichText::new(&tag.label).color(theme::tag_text_colour(
                        ui.visuals(),
                        theme::colour(tag.colour),
                    )),
                )
                .on_hover_text(
                    match input
                        .codebook
                        .and_then(|codebook| codebook.hover_text(tag.id.as_str()))
                    {
                        Some(guidance) => format!("Retag as {}\n\n{guidance}", tag.label),
                        None => format!("Retag as {}", tag.label),
                    },
                )
                .clicked()
                && !selected
            {
                commands.push(AppCommand::Retag(annotation.id, tag.id.clone()));
            }
        }
    });

    // The draft follows the model unless the analyst is typing in it.
    let draft_is_current = state.note_draft.as_ref().is_some_and(|(id, text)| {
        *id == annotation.id && (state.note_has_focus || *text == annotation.note)
    });
    if !draft_is_current {
        state.note_draft = Some((annotation.id, annotation.note.clone()));
    }
    if let Some((_, draft)) = &mut state.note_draft {
        let label = ui.label("Note:");
        let response = crate::ui::note_editor::note_editor_ui(
            ui,
            draft,
            &mut state.note_spell,
            &crate::ui::note_editor::NoteEditor {
                id_salt: "note-editor",
                hint: "Why is this passage tagged so?",
                rows: 4,
                char_limit: crate::session::MAX_NOTE_CHARS,
                spelling: input.spelling,
            },
        );
        if state.focus_note_requested {
            response.request_focus();
            state.focus_note_requested = false;
        }
        let response = response
            .labelled_by(label.id)
            .on_hover_text("The note is saved as you type (N puts the keyboard here, Esc leaves)");
        let had_focus = state.note_has_focus;
        state.note_has_focus = response.has_focus();
        if response.changed() {
            commands.push(AppCommand::SetNote {
                annotation_id: annotation.id,
                note: draft.clone(),
                continues_typing: had_focus,
            });
        }
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Bounds:");
        for adjustment in BoundsAdjustment::ALL {
            if ui
                .small_button(adjustment.label())
                .on_hover_text("By one word")
                .clicked()
            {
                commands.push(AppCommand::AdjustBounds(annotation.id, adjustment));
            }
        }
    });
    ui.horizontal(|ui| {
        if ui
            .button("Delete annotation")
            .on_hover_text("Delete key; undo with Ctrl+Z")
            .clicked()
        {
            commands.push(AppCommand::Delete(annotation.id));
        }
        if ui.button("Show in article").clicked() {
            commands.push(AppCommand::SelectAnnotation {
                annotation_id: Some(annotation.id),
                scroll: true,
            });
        }
    });
}

fn reattach_button_ui(ui: &mut Ui, annotation_id: AnnotationId, commands: &mut Vec<AppCommand>) {
    if ui
        .button("Re-attach to selection")
        .on_hover_text(
            "Select the passage in the article that this annotation belongs to, then click",
        )
        .clicked()
    {
        commands.push(AppCommand::ReattachToSelection(annotation_id));
    }
}

fn tag_counts_ui(
    ui: &mut Ui,
    input: &PaneInput<'_>,
    summary: &summary::LayerSummary,
    commands: &mut Vec<AppCommand>,
) {
    let layer = input.session.layer();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{} annotations", layer.len())).strong());
        for (tag, count) in &summary.count_by_tag {
            let mut shown = !input.hidden_tags.contains(tag);
            let label =
                RichText::new(format!("{} {count}", theme::tag_label(&layer.tag_set, tag))).color(
                    theme::tag_text_colour(ui.visuals(), theme::tag_colour(&layer.tag_set, tag)),
                );
            if ui
                .checkbox(&mut shown, label)
                .on_hover_text("Show or hide this tag in the article and the list")
                .changed()
            {
                commands.push(AppCommand::View(ViewCommand::ToggleTagFilter(tag.clone())));
            }
        }
    });
    let relocated = summary.relocated;
    if relocated > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "{relocated} relocated after the article changed: marked ⚠ in the list, to confirm"
            ),
        );
    }
}

/// An excerpt in italics, wrapped; Persian and Arabic in bidi order, right-aligned when the
/// excerpt reads right to left.
fn excerpt_label(ui: &mut Ui, text: &str) {
    let format = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().text_color(),
        italics: true,
        ..Default::default()
    };
    crate::ui::bidi_text::label(ui, text, format);
}
