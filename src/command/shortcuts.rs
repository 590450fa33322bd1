//! Reading the shortcuts: this frame's key presses, matched against the command table, as
//! commands.

use super::AppCommand;
use super::action::Action;
use super::table::{COMMANDS, Keys, Scope};
use crate::session::ReadingSession;
use egui::Key;

/// Where the keyboard is this frame, as far as the shortcuts care.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyboardPlace {
    /// A text field has the keyboard.
    pub typing: bool,
    /// Some widget (a button, a list row, a field) has the keyboard.
    pub widget_focused: bool,
    /// A modal dialog is open: only its own keys count.
    pub modal_open: bool,
    /// A menu or other popup is open: Esc is egui's, to close it.
    pub popup_open: bool,
}

impl KeyboardPlace {
    pub fn of(ctx: &egui::Context) -> Self {
        Self {
            typing: ctx.text_edit_focused(),
            widget_focused: ctx.memory(|memory| memory.focused().is_some()),
            modal_open: ctx.memory(|memory| memory.top_modal_layer().is_some()),
            // From memory: at the start of a frame no popup has been drawn yet this pass.
            popup_open: egui::Popup::is_any_open(ctx),
        }
    }
}

/// Reads this frame's key presses and returns what they ask for. Keys with
/// [`Scope::Reading`] are skipped while a text field has the keyboard, [`Scope::Article`] ones
/// while any widget has it, and both while a modal dialog is open; matched presses are
/// consumed, so no widget also acts on them.
pub fn read_shortcuts(
    ctx: &egui::Context,
    place: KeyboardPlace,
    session: Option<&ReadingSession>,
) -> Vec<AppCommand> {
    let typing = place.typing || place.modal_open;
    let mut commands = Vec::new();
    let mut close_menus = false;
    ctx.input_mut(|input| {
        for entry in COMMANDS {
            let applies = match entry.scope {
                Scope::Always => !place.modal_open,
                Scope::Reading => !typing,
                Scope::Article => !typing && !place.widget_focused,
                Scope::Elsewhere => false,
            };
            if !applies {
                continue;
            }
            // Esc closes an open menu first, and does nothing else.
            if entry.action == Action::CancelOrClear && place.popup_open {
                if consume_exact(input, &Keys::plain(Key::Escape)) > 0 {
                    close_menus = true;
                }
                continue;
            }
            for keys in entry.keys {
                // Space presses the focused button: it pages only while none has the keyboard.
                if keys.key == Key::Space && place.widget_focused {
                    continue;
                }
                // Several presses can arrive in one frame (key repeat, fast typing).
                for _ in 0..consume_exact(input, keys) {
                    commands.push(AppCommand::Run(entry.action));
                }
            }
        }
        if !typing {
            // `?` arrives with Shift on most layouts, without on some.
            if consume_exact(input, &Keys::shift(Key::Questionmark))
                + consume_exact(input, &Keys::plain(Key::Questionmark))
                > 0
            {
                commands.push(AppCommand::Run(Action::ShowCheatSheet));
            }
            commands.extend(tag_keys(input, session));
        }
        // F3 is for stepping through matches wherever the keyboard is.
        for _ in 0..consume_exact(input, &Keys::plain(Key::F3)) {
            commands.push(AppCommand::Run(Action::FindNext));
        }
        for _ in 0..consume_exact(input, &Keys::shift(Key::F3)) {
            commands.push(AppCommand::Run(Action::FindPrevious));
        }
    });
    if close_menus {
        egui::Popup::close_all(ctx);
    }
    commands
}

/// The tag set's keys (1–9 by default), pressed with no modifier: Shift+1 is "!" on many
/// layouts.
fn tag_keys(input: &mut egui::InputState, session: Option<&ReadingSession>) -> Vec<AppCommand> {
    let Some(session) = session else {
        return Vec::new();
    };
    let mut commands = Vec::new();
    for tag in &session.tag_set().tags {
        if let Some(key) = Key::from_name(&tag.key.to_string())
            && consume_exact(input, &Keys::plain(key)) > 0
        {
            commands.push(AppCommand::TagSelection(tag.id.clone()));
        }
    }
    commands
}

/// Consumes the presses of exactly this key and these modifiers (Ctrl+Z must not answer
/// Ctrl+Shift+Z, and J must not answer Shift+J); returns how many there were.
fn consume_exact(input: &mut egui::InputState, keys: &Keys) -> usize {
    let mut count = 0;
    input.events.retain(|event| {
        let matches = matches!(
            event,
            egui::Event::Key { key, pressed: true, modifiers, .. }
                if *key == keys.key && modifiers.matches_exact(keys.modifiers)
        );
        count += usize::from(matches);
        !matches
    });
    count
}
