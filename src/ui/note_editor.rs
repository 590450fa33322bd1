//! A text box for the analyst's own words (an annotation's note, the reading's bottom line)
//! with spelling: misspelled words are underlined in red, and a right click on one offers the
//! dictionary's suggestions. The checking itself is headless ([`crate::spelling`]); this file
//! only draws it and answers the click.

use crate::spelling::SpellChecker;
use egui::{Color32, Stroke, Ui};
use std::ops::Range;

/// The misspelled words of the text last checked, so that a note is checked once per change,
/// not once per frame.
#[derive(Default)]
pub(crate) struct SpellCache {
    text: String,
    misspelled: Vec<Range<usize>>,
}

impl SpellCache {
    /// Byte ranges of the misspelled words of `text`.
    fn misspelled(&mut self, checker: &SpellChecker, text: &str) -> &[Range<usize>] {
        if self.text != text {
            self.text = text.to_owned();
            self.misspelled = checker.misspelled(text);
        }
        &self.misspelled
    }
}

/// How the box is set up.
pub(crate) struct NoteEditor<'a> {
    pub id_salt: &'a str,
    pub hint: &'a str,
    pub rows: usize,
    pub char_limit: usize,
    /// The dictionary, when spelling is checked.
    pub spelling: Option<&'static SpellChecker>,
}

/// Draws the box; the response says whether the text changed (typing, or a suggestion taken).
pub(crate) fn note_editor_ui(
    ui: &mut Ui,
    text: &mut String,
    cache: &mut SpellCache,
    editor: &NoteEditor<'_>,
) -> egui::Response {
    let misspelled: Vec<Range<usize>> = match editor.spelling {
        Some(checker) => cache.misspelled(checker, text).to_vec(),
        None => Vec::new(),
    };
    let underline = Stroke::new(1.5, Color32::from_rgb(220, 40, 40));
    let mut layouter = |ui: &Ui, buffer: &dyn egui::TextBuffer, wrap_width: f32| {
        let text = buffer.as_str();
        let font = egui::TextStyle::Body.resolve(ui.style());
        let colour = ui.visuals().text_color();
        let mut job = egui::text::LayoutJob::default();
        let mut at = 0;
        // Only ranges of the text as it is now (typing may be a frame ahead of the check).
        for range in misspelled.iter().filter(|range| {
            range.end <= text.len()
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end)
        }) {
            if range.start < at {
                continue;
            }
            job.append(
                &text[at..range.start],
                0.0,
                egui::TextFormat::simple(font.clone(), colour),
            );
            job.append(
                &text[range.clone()],
                0.0,
                egui::TextFormat {
                    underline,
                    ..egui::TextFormat::simple(font.clone(), colour)
                },
            );
            at = range.end;
        }
        job.append(&text[at..], 0.0, egui::TextFormat::simple(font, colour));
        job.wrap.max_width = wrap_width;
        ui.fonts_mut(|fonts| fonts.layout_job(job))
    };
    let output = egui::TextEdit::multiline(text)
        .id_salt(editor.id_salt)
        .hint_text(editor.hint)
        .char_limit(editor.char_limit)
        .desired_rows(editor.rows)
        .desired_width(f32::INFINITY)
        .layouter(&mut layouter)
        .show(ui);
    let mut response = output.response.response;
    let (Some(checker), false) = (editor.spelling, misspelled.is_empty()) else {
        return response;
    };
    // The word under a right click, remembered while its menu is open.
    let word_id = response.id.with("misspelled-word");
    if response.secondary_clicked()
        && let Some(pointer) = response.interact_pointer_pos()
    {
        let cursor = output.galley.cursor_from_pos(pointer - output.galley_pos);
        let byte = text
            .char_indices()
            .nth(cursor.index.into())
            .map_or(text.len(), |(byte, _)| byte);
        let hit = misspelled
            .iter()
            .find(|range| range.start <= byte && byte <= range.end)
            .cloned();
        ui.memory_mut(|memory| memory.data.insert_temp(word_id, hit));
    }
    let hit: Option<Range<usize>> = ui.memory(|memory| memory.data.get_temp(word_id)).flatten();
    let mut replacement = None;
    response.context_menu(|ui| match &hit {
        Some(range) if range.end <= text.len() => {
            let word = &text[range.clone()];
            let suggestions = checker.suggest(word);
            if suggestions.is_empty() {
                ui.weak(format!("No suggestions for “{word}”"));
            }
            for suggestion in suggestions {
                if ui.button(&suggestion).clicked() {
                    replacement = Some((range.clone(), suggestion));
                    ui.close();
                }
            }
        }
        _ => {
            ui.weak("Right-click a word underlined in red for suggestions.");
        }
    });
    if let Some((range, suggestion)) = replacement {
        text.replace_range(range, &suggestion);
        response.mark_changed();
    }
    response
}
