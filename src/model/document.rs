//! The canonical text of an article: what every offset in Closeread points into.
//!
//! Canonicalisation is fixed so that the same article always yields the same text (and hash):
//! UTF-8 decoded, a leading BOM removed, CRLF and lone CR turned into LF, then NFC-normalised.
//! Offsets into it are **char offsets** (Unicode scalar values), see [`crate::model::span`].
//! Rust strings are indexed by bytes, so the document keeps a sparse char↔byte index.

use sha2::{Digest, Sha256};
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// Chars between two checkpoints of the char→byte index. Small enough that a lookup walks
/// at most this many chars, large enough that the index costs ~1/8 byte per char.
const CHECKPOINT_STRIDE: usize = 64;

/// A paragraph of the canonical text: a maximal run of non-blank lines.
/// `chars` excludes the newlines that separate it from the next paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub chars: Range<usize>,
}

/// An article's canonical text with its hash, paragraphs and char↔byte index.
#[derive(Clone, Debug)]
pub struct Document {
    text: String,
    sha256_hex: String,
    char_count: usize,
    /// `byte_at_checkpoint[i]` is the byte offset of char `i * CHECKPOINT_STRIDE`.
    byte_at_checkpoint: Vec<usize>,
    paragraphs: Vec<Paragraph>,
}

impl Document {
    /// Builds the canonical document from raw text (any line endings, optional BOM).
    pub fn from_raw_text(raw: &str) -> Self {
        let without_bom = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        let unified_newlines = without_bom.replace("\r\n", "\n").replace('\r', "\n");
        let text: String = unified_newlines.nfc().collect();
        Self::from_canonical(text)
    }

    fn from_canonical(text: String) -> Self {
        let sha256_hex = format!("{:x}", Sha256::digest(text.as_bytes()));
        let mut byte_at_checkpoint = Vec::with_capacity(text.len() / CHECKPOINT_STRIDE + 1);
        let mut char_count = 0;
        for (char_index, (byte_index, _)) in text.char_indices().enumerate() {
            if char_index % CHECKPOINT_STRIDE == 0 {
                byte_at_checkpoint.push(byte_index);
            }
            char_count += 1;
        }
        let paragraphs = split_paragraphs(&text);
        Self {
            text,
            sha256_hex,
            char_count,
            byte_at_checkpoint,
            paragraphs,
        }
    }

    /// The canonical text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// SHA-256 of the canonical text's UTF-8 bytes, lowercase hex.
    pub fn sha256_hex(&self) -> &str {
        &self.sha256_hex
    }

    /// Length of the canonical text in chars.
    pub fn char_count(&self) -> usize {
        self.char_count
    }

    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// Index of the paragraph containing `char_offset`, or of the next paragraph when the offset
    /// falls in the blank lines between two (the last paragraph past the end).
    pub fn paragraph_index_at(&self, char_offset: usize) -> Option<usize> {
        if self.paragraphs.is_empty() {
            return None;
        }
        let index = self
            .paragraphs
            .partition_point(|paragraph| paragraph.chars.end < char_offset);
        Some(index.min(self.paragraphs.len() - 1))
    }

    /// Byte offset of a char offset; offsets past the end clamp to the text's length.
    pub fn byte_offset(&self, char_offset: usize) -> usize {
        if char_offset >= self.char_count {
            return self.text.len();
        }
        let checkpoint = char_offset / CHECKPOINT_STRIDE;
        let start_byte = self.byte_at_checkpoint[checkpoint];
        let chars_to_walk = char_offset - checkpoint * CHECKPOINT_STRIDE;
        self.text[start_byte..]
            .char_indices()
            .nth(chars_to_walk)
            .map_or(self.text.len(), |(byte, _)| start_byte + byte)
    }

    /// Char offset of a byte offset, which must lie on a char boundary (else it is rounded down).
    pub fn char_offset(&self, byte_offset: usize) -> usize {
        let byte_offset = byte_offset.min(self.text.len());
        let checkpoint = self
            .byte_at_checkpoint
            .partition_point(|&byte| byte <= byte_offset)
            .saturating_sub(1);
        let Some(&start_byte) = self.byte_at_checkpoint.get(checkpoint) else {
            return 0;
        };
        let walked = self.text[start_byte..]
            .char_indices()
            .take_while(|(byte, _)| start_byte + byte < byte_offset)
            .count();
        checkpoint * CHECKPOINT_STRIDE + walked
    }

    /// The text of a char range (clamped to the document).
    pub fn slice(&self, chars: Range<usize>) -> &str {
        let start = self.byte_offset(chars.start);
        let end = self.byte_offset(chars.end.max(chars.start));
        &self.text[start..end]
    }
}

/// Bytes of text either side of an offset scanned for word boundaries; words longer than this
/// are not split correctly, which no prose has.
const WORD_SCAN_WINDOW_BYTES: usize = 4096;

impl Document {
    /// The word (a run of letters/digits as Unicode word segmentation sees it) at `offset`; the
    /// single non-word char there when it is not in a word. Used for double-click selection.
    pub fn word_range_at(&self, offset: usize) -> Range<usize> {
        let offset = offset.min(self.char_count.saturating_sub(1));
        self.word_segments_around(offset)
            .into_iter()
            .find(|segment| segment.start <= offset && offset < segment.end)
            .map(WordSegment::into_range)
            .unwrap_or(offset..(offset + 1).min(self.char_count))
    }

    /// The start of the nearest word that begins before `offset`.
    pub fn previous_word_start(&self, offset: usize) -> usize {
        self.word_segments_around(offset)
            .into_iter()
            .filter(|segment| segment.is_word && segment.start < offset)
            .map(|segment| segment.start)
            .next_back()
            .unwrap_or(offset)
    }

    /// The start of the nearest word that begins after `offset`.
    pub fn next_word_start(&self, offset: usize) -> usize {
        self.word_segments_around(offset)
            .into_iter()
            .find(|segment| segment.is_word && segment.start > offset)
            .map_or(offset, |segment| segment.start)
    }

    /// The end of the nearest word that ends after `offset`.
    pub fn next_word_end(&self, offset: usize) -> usize {
        self.word_segments_around(offset)
            .into_iter()
            .find(|segment| segment.is_word && segment.end > offset)
            .map_or(offset, |segment| segment.end)
    }

    /// The end of the nearest word that ends before `offset`.
    pub fn previous_word_end(&self, offset: usize) -> usize {
        self.word_segments_around(offset)
            .into_iter()
            .filter(|segment| segment.is_word && segment.end < offset)
            .map(|segment| segment.end)
            .next_back()
            .unwrap_or(offset)
    }

    /// Word-boundary segments (char ranges) of the text around `offset`.
    fn word_segments_around(&self, offset: usize) -> Vec<WordSegment> {
        use unicode_segmentation::UnicodeSegmentation;
        let centre = self.byte_offset(offset);
        let mut start = centre.saturating_sub(WORD_SCAN_WINDOW_BYTES);
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (centre + WORD_SCAN_WINDOW_BYTES).min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        let mut char_cursor = self.char_offset(start);
        self.text[start..end]
            .split_word_bounds()
            .map(|segment| {
                let length = segment.chars().count();
                let range = WordSegment {
                    start: char_cursor,
                    end: char_cursor + length,
                    is_word: segment.chars().any(char::is_alphanumeric),
                };
                char_cursor += length;
                range
            })
            .collect()
    }
}

struct WordSegment {
    start: usize,
    end: usize,
    is_word: bool,
}

impl WordSegment {
    fn into_range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// Splits text into paragraphs: runs of lines that contain something other than whitespace.
fn split_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut open: Option<usize> = None;
    let mut last_content_end = 0;
    let mut char_offset = 0;
    for line in text.split('\n') {
        let line_chars = line.chars().count();
        if line.trim().is_empty() {
            if let Some(start) = open.take() {
                paragraphs.push(Paragraph {
                    chars: start..last_content_end,
                });
            }
        } else {
            open.get_or_insert(char_offset);
            last_content_end = char_offset + line_chars;
        }
        char_offset += line_chars + 1;
    }
    if let Some(start) = open {
        paragraphs.push(Paragraph {
            chars: start..last_content_end,
        });
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalisation_removes_bom_unifies_newlines_and_normalises_to_nfc() {
        // "e" + combining acute accent must become the single char "é".
        let raw = "\u{feff}Caf\u{65}\u{301}\r\nline two\rline three\n";
        let document = Document::from_raw_text(raw);
        assert_eq!(document.text(), "Café\nline two\nline three\n");
        assert_eq!(document.char_count(), 25);
    }

    #[test]
    fn hash_is_of_the_canonical_text_so_line_endings_do_not_change_it() {
        let unix = Document::from_raw_text("a\nb");
        let windows = Document::from_raw_text("\u{feff}a\r\nb");
        assert_eq!(unix.sha256_hex(), windows.sha256_hex());
        assert_ne!(
            unix.sha256_hex(),
            Document::from_raw_text("a\nc").sha256_hex()
        );
        assert_eq!(unix.sha256_hex().len(), 64);
    }

    #[test]
    fn char_and_byte_offsets_agree_across_multibyte_text() {
        let text = "ab’c فارسی d😀e ".repeat(40);
        let document = Document::from_raw_text(&text);
        for (char_index, (byte_index, _)) in document.text().char_indices().enumerate() {
            assert_eq!(document.byte_offset(char_index), byte_index);
            assert_eq!(document.char_offset(byte_index), char_index);
        }
        assert_eq!(
            document.byte_offset(document.char_count()),
            document.text().len()
        );
        assert_eq!(
            document.char_offset(document.text().len()),
            document.char_count()
        );
    }

    #[test]
    fn word_navigation_finds_word_bounds_across_punctuation() {
        let document = Document::from_raw_text("Khamenei’s “resistance” policy, fa فارسی.");
        let word = |range: Range<usize>| document.slice(range).to_owned();
        assert_eq!(word(document.word_range_at(2)), "Khamenei’s");
        assert_eq!(word(document.word_range_at(14)), "resistance");
        assert_eq!(word(document.word_range_at(11)), "“");
        let policy_end = 30;
        assert_eq!(document.slice(24..policy_end), "policy");
        assert_eq!(document.next_word_end(24), policy_end);
        assert_eq!(document.next_word_end(policy_end), 34);
        assert_eq!(document.previous_word_start(24), 12);
        assert_eq!(document.next_word_start(24), 32);
        assert_eq!(document.previous_word_end(policy_end), 22);
        assert_eq!(word(document.word_range_at(36)), "فارسی");
    }

    #[test]
    fn paragraphs_are_runs_of_non_blank_lines() {
        let document = Document::from_raw_text("Title\n\nFirst line\nsecond line\n\n  \n\nLast");
        let texts: Vec<&str> = document
            .paragraphs()
            .iter()
            .map(|paragraph| document.slice(paragraph.chars.clone()))
            .collect();
        assert_eq!(texts, ["Title", "First line\nsecond line", "Last"]);
        assert_eq!(document.paragraph_index_at(0), Some(0));
        assert_eq!(document.paragraph_index_at(6), Some(1));
        assert_eq!(document.paragraph_index_at(100), Some(2));
    }
}
