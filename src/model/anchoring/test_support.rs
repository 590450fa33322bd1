//! Random edit scripts and annotations for the anchoring property tests.

use crate::model::{Annotation, Document, Span, TagId};
use proptest::prelude::*;

/// A short article with curly quotes, right-to-left text and several lines.
pub(crate) const BASE: &str = "Khamenei’s “resistance” policy hinges on missiles.\nWashington should be precise in its redlines.\n\
                        The odds fall to zero if Washington waits.\nفارسی text is here too.\nA final line of prose.";

/// Up to eight edits: (kind 0 insert / 1 delete / 2 replace, char position, length, text).
pub(crate) fn edit_script() -> impl Strategy<Value = Vec<(u8, usize, usize, String)>> {
    prop::collection::vec((0u8..3, 0usize..400, 0usize..30, "[a-zé ’\n]{0,12}"), 0..8)
}

/// Applies an edit script to a text, by chars.
pub fn apply(text: &str, script: &[(u8, usize, usize, String)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (kind, at, length, inserted) in script {
        let at = (*at).min(chars.len());
        let end = (at + length).min(chars.len());
        let inserted: Vec<char> = inserted.chars().collect();
        match kind {
            0 => {
                chars.splice(at..at, inserted);
            }
            1 => {
                chars.drain(at..end);
            }
            _ => {
                chars.splice(at..end, inserted);
            }
        }
    }
    chars.into_iter().collect()
}

/// Annotations on the (start, length) picks that make a non-empty selection.
pub(crate) fn annotations_at(document: &Document, picks: &[(usize, usize)]) -> Vec<Annotation> {
    picks
        .iter()
        .filter_map(|&(start, length)| {
            let end = (start + length).min(document.char_count());
            let span = Span::from_selection(document, start, end).ok()?;
            Some(Annotation::new(
                document,
                span,
                TagId::new("claim"),
                String::new(),
                "t",
            ))
        })
        .collect()
}
