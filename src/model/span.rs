//! Spans: where an annotation sits in the canonical text.
//!
//! All positioning in Closeread is done in **char offsets**: counts of Unicode scalar values
//! (Rust `char`s) from the start of the document's canonical text — not bytes, not UTF-16 code
//! units, not grapheme clusters. A span is `[start, end)`: `start` is the offset of its first
//! char, `end` the offset just past its last one (end-exclusive), so `end - start` is its length
//! in chars and an empty span has `start == end`.
//!
//! Worked examples (the brackets show the span):
//!
//! ```text
//! text      Taxes rose 5% in 2024
//! offsets   0    5    10   15   20
//! span      6..13 → [rose 5%]            (7 chars; char 13 is the space, not included)
//!
//! text      Khamenei’s “resistance” policy
//! span      11..23 → [“resistance”]      (’ “ ” are one char each, three bytes each in UTF-8)
//!
//! text      العربية فارسی May 2
//! span      14..17 → [May]               (each Arabic-script letter is one char, whatever
//!                                         number of glyphs a font draws for the word)
//! ```
//!
//! These are the code points of the W3C `TextPositionSelector` and of brat's standoff offsets
//! once the text is in NFC, which is why the canonical text is normalised.

use crate::model::document::Document;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use unicode_segmentation::GraphemeCursor;

/// `[start, end)` in char offsets into the canonical text. See the module docs.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SpanError {
    #[error("the selection is empty (or only whitespace)")]
    Empty,
    #[error("the span {start}..{end} lies outside the article ({char_count} chars)")]
    OutOfBounds {
        start: usize,
        end: usize,
        char_count: usize,
    },
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether the two spans share at least one char.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Makes a span from a raw selection as a user would mean it: the ends put in order, the
    /// surrounding whitespace trimmed and each end moved outward to a grapheme boundary (so
    /// that "é" written as e + accent, or an emoji with modifiers, is never cut in half).
    /// A selection of nothing but whitespace is refused.
    pub(crate) fn from_selection(
        document: &Document,
        a: usize,
        b: usize,
    ) -> Result<Span, SpanError> {
        let (start, end) = (a.min(b), a.max(b));
        let char_count = document.char_count();
        if end > char_count {
            return Err(SpanError::OutOfBounds {
                start,
                end,
                char_count,
            });
        }
        let selected = document.slice(start..end);
        let leading = selected.chars().take_while(|c| c.is_whitespace()).count();
        if leading == end - start {
            return Err(SpanError::Empty);
        }
        let trailing = selected
            .chars()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        let (start, end) = (start + leading, end - trailing);
        let start = snap_to_grapheme_boundary(document, start, Direction::Backward);
        let end = snap_to_grapheme_boundary(document, end, Direction::Forward);
        Ok(Span { start, end })
    }

    /// Checks that the span is non-empty and inside the document, without changing it.
    pub fn validate(&self, document: &Document) -> Result<(), SpanError> {
        if self.end > document.char_count() || self.start > self.end {
            return Err(SpanError::OutOfBounds {
                start: self.start,
                end: self.end,
                char_count: document.char_count(),
            });
        }
        if self.is_empty() {
            return Err(SpanError::Empty);
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Direction {
    Backward,
    Forward,
}

fn snap_to_grapheme_boundary(
    document: &Document,
    char_offset: usize,
    direction: Direction,
) -> usize {
    let text = document.text();
    let byte_offset = document.byte_offset(char_offset);
    let mut cursor = GraphemeCursor::new(byte_offset, text.len(), true);
    if cursor.is_boundary(text, 0).unwrap_or(true) {
        return char_offset;
    }
    let snapped = match direction {
        Direction::Backward => cursor.prev_boundary(text, 0),
        Direction::Forward => cursor.next_boundary(text, 0),
    };
    match snapped {
        Ok(Some(byte)) => document.char_offset(byte),
        _ => char_offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::from_raw_text(text)
    }

    #[test]
    fn selection_is_ordered_and_trimmed_of_whitespace() {
        let document = doc("Taxes  rose 5%\n in 2024");
        let span = Span::from_selection(&document, 16, 5).expect("non-empty");
        assert_eq!(document.slice(span.range()), "rose 5%");
        assert_eq!(span, Span::new(7, 14));
    }

    #[test]
    fn whitespace_only_and_empty_selections_are_refused() {
        let document = doc("a   b");
        assert_eq!(Span::from_selection(&document, 1, 4), Err(SpanError::Empty));
        assert_eq!(Span::from_selection(&document, 2, 2), Err(SpanError::Empty));
    }

    #[test]
    fn selection_past_the_end_is_refused() {
        let document = doc("short");
        assert!(matches!(
            Span::from_selection(&document, 0, 6),
            Err(SpanError::OutOfBounds { .. })
        ));
    }

    #[test]
    fn ends_snap_outward_to_grapheme_boundaries() {
        // "🇮🇷" is two regional-indicator chars forming one grapheme; 👍🏽 is emoji + skin tone.
        let document = doc("flag 🇮🇷 and 👍🏽 ok");
        // Start inside the flag (between its two chars), end inside the thumbs-up.
        let flag_second_char = 6;
        let thumbs_modifier = 13;
        let span =
            Span::from_selection(&document, flag_second_char, thumbs_modifier).expect("span");
        assert_eq!(document.slice(span.range()), "🇮🇷 and 👍🏽");
    }

    #[test]
    fn offsets_after_non_ascii_text_are_chars_not_bytes() {
        let document = doc("Also available in العربية فارسی\n\nMay 2, 2019");
        let may = document.text().find("May").expect("present");
        let start = document.char_offset(may);
        assert_eq!(start, 33);
        let span = Span::from_selection(&document, start, start + 3).expect("span");
        assert_eq!(document.slice(span.range()), "May");
    }

    #[test]
    fn overlap_is_strict_about_touching_ends() {
        assert!(Span::new(0, 5).overlaps(&Span::new(4, 9)));
        assert!(!Span::new(0, 5).overlaps(&Span::new(5, 9)));
        assert!(Span::new(2, 3).overlaps(&Span::new(0, 9)));
    }
}
