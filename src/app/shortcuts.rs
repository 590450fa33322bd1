//! Keyboard shortcuts, read once per frame and turned into commands.
//!
//! Command shortcuts (Ctrl+S, Ctrl+Z, …) work everywhere except that undo/redo inside a text
//! field belong to the field. Single keys (tag keys, J/K, Delete) work only while no text
//! field has the keyboard, so typing a note never tags anything.

use super::AppCommand;
use crate::model::AnnotationId;
use crate::session::ReadingSession;
use egui::{Key, KeyboardShortcut, Modifiers};

pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
pub const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
pub const REDO_ALTERNATIVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
pub const COPY_AS_MARKDOWN: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::C);

pub fn read_shortcuts(
    ctx: &egui::Context,
    session: Option<&ReadingSession>,
    selected_annotation: Option<AnnotationId>,
    linking: bool,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let typing = ctx.text_edit_focused();
    ctx.input_mut(|input| {
        if input.consume_shortcut(&SAVE) {
            commands.push(AppCommand::Save);
        }
        if input.consume_shortcut(&OPEN) {
            commands.push(AppCommand::ShowOpenDialog);
        }
        if input.consume_shortcut(&COPY_AS_MARKDOWN) {
            commands.push(AppCommand::CopyExcerptsAsMarkdown);
        }
        if typing {
            return;
        }
        // Redo first: Ctrl+Z would also match Ctrl+Shift+Z.
        if input.consume_shortcut(&REDO) || input.consume_shortcut(&REDO_ALTERNATIVE) {
            commands.push(AppCommand::Redo);
        } else if input.consume_shortcut(&UNDO) {
            commands.push(AppCommand::Undo);
        }
        // Shift+1 is "!" on many layouts: single-key shortcuts take no modifier at all.
        if input.modifiers.command || input.modifiers.alt || input.modifiers.shift {
            return;
        }
        if let Some(session) = session {
            for tag in &session.tag_set().tags {
                if let Some(key) = Key::from_name(&tag.key.to_string())
                    && input.key_pressed(key)
                {
                    commands.push(AppCommand::TagSelection(tag.id.clone()));
                }
            }
        }
        // Several presses can arrive in one frame (key repeat, fast typing): count them all.
        let steps = input.num_presses(Key::J) as isize - input.num_presses(Key::K) as isize;
        if steps != 0 {
            commands.push(AppCommand::StepAnnotation(steps));
        }
        if let Some(id) = selected_annotation
            && input.key_pressed(Key::Delete)
        {
            commands.push(AppCommand::Delete(id));
        }
        if selected_annotation.is_some() && input.key_pressed(Key::L) {
            commands.push(AppCommand::StartLinking);
        }
        if linking && input.key_pressed(Key::Escape) {
            commands.push(AppCommand::CancelLinking);
        }
    });
    commands
}
