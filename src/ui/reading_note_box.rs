//! The analyst's bottom line: a summary of their reading of the article (the reading note,
//! saved in their sidecar and put first in their briefings), in the pane above the list.

use crate::command::AppCommand;
use crate::session::ReadingSession;
use crate::ui::note_editor::{NoteEditor, SpellCache, note_editor_ui};
use egui::Ui;

/// The text being typed, and whether the box had the keyboard last frame.
#[derive(Default)]
pub(crate) struct ReadingNoteBox {
    draft: Option<String>,
    has_focus: bool,
    spell: SpellCache,
}

pub(crate) fn reading_note_ui(
    ui: &mut Ui,
    state: &mut ReadingNoteBox,
    session: &ReadingSession,
    spelling: Option<&'static crate::spelling::SpellChecker>,
    commands: &mut Vec<AppCommand>,
) {
    let saved = session.layer().reading_note();
    let title = if saved.trim().is_empty() {
        "Bottom line (your reading): not written yet".to_owned()
    } else {
        format!("Bottom line: {}", crate::model::one_line_excerpt(saved, 48))
    };
    egui::CollapsingHeader::new(title)
        .id_salt("reading-note")
        .default_open(false)
        .show(ui, |ui| {
            // The draft follows the model unless the analyst is typing in it (undo, reload).
            if !state.has_focus || state.draft.is_none() {
                state.draft = Some(saved.to_owned());
            }
            let Some(draft) = &mut state.draft else {
                return;
            };
            let label = ui.label("Your summary of the article, first in your briefings:");
            let response = note_editor_ui(
                ui,
                draft,
                &mut state.spell,
                &NoteEditor {
                    id_salt: "reading-note-editor",
                    hint: "The bottom line: what the article argues, and what to make of it",
                    rows: 4,
                    char_limit: crate::session::MAX_NOTE_CHARS,
                    spelling,
                },
            )
            .labelled_by(label.id);
            let had_focus = state.has_focus;
            state.has_focus = response.has_focus();
            if response.changed() {
                commands.push(AppCommand::SetReadingNote {
                    note: draft.clone(),
                    continues_typing: had_focus,
                });
            }
        });
}
