//! The canonical text of an article: what every offset in Closeread points into.
//!
//! Canonicalisation is fixed so that the same article always yields the same text (and hash):
//! decoded to Unicode, a leading BOM removed, CRLF and lone CR turned into LF, then
//! NFC-normalised. Structured articles (Markdown, HTML) are rendered to blocks first — headings,
//! paragraphs, list items, block quotes — whose texts are joined by blank lines; the block kinds
//! are kept beside the text, so the view can show headings as headings and every offset knows
//! its section and paragraph number.
//!
//! Offsets are **char offsets** (Unicode scalar values), see [`crate::model::span`]. Rust
//! strings are indexed by bytes, so the document keeps a sparse char↔byte index.

use sha2::{Digest, Sha256};
use std::ops::Range;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Chars between two checkpoints of the char→byte index. Small enough that a lookup walks
/// at most this many chars, large enough that the index costs ~1/8 byte per char.
const CHECKPOINT_STRIDE: usize = 64;

/// What a block of the article is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// A heading of level 1 (largest) to 6.
    Heading(u8),
    /// An item of a list; `marker` is drawn before it but is not part of the text ("•", "3.").
    ListItem {
        depth: u8,
        marker: String,
    },
    BlockQuote,
    /// A row of a table, its cells' text joined by " | ".
    TableRow,
}

/// A block of the canonical text: a paragraph, heading, list item or block quote. In plain
/// text, a maximal run of non-blank lines. `chars` excludes the newlines between blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub chars: Range<usize>,
    pub kind: BlockKind,
    /// Index of the nearest heading block before this one (or this one, for a heading).
    pub section_heading: Option<usize>,
    /// 1-based number of this block among the non-heading blocks; `None` for headings.
    pub paragraph_number: Option<usize>,
    /// The 1-based page the block starts on, for sources with pages (PDF); else `None`.
    pub page: Option<u32>,
}

/// Where an offset is, as exports cite it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// Text of the nearest heading before the offset, if any.
    pub section: Option<String>,
    /// 1-based paragraph number (non-heading blocks), if the offset is in a paragraph.
    pub paragraph: Option<usize>,
    /// The 1-based page its block starts on, for sources with pages (PDF).
    pub page: Option<u32>,
}

/// An article's canonical text with its hash, paragraphs and char↔byte index.
#[derive(Clone, Debug)]
pub struct Document {
    text: String,
    sha256_hex: String,
    char_count: usize,
    /// `byte_at_checkpoint[i]` is the byte offset of char `i * CHECKPOINT_STRIDE`.
    byte_at_checkpoint: Vec<usize>,
    blocks: Vec<Block>,
    /// Where each page starts, for sources with pages: (char offset, 1-based page), in order.
    page_starts: Vec<(usize, u32)>,
}

/// A rendered block's text, canonical: line endings as `\n`, trimmed, NFC. Text already in
/// that form (most of it) is kept, not copied.
fn canonical_block(mut text: String) -> String {
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    let trimmed = text.trim();
    if trimmed.len() != text.len() {
        text = trimmed.to_owned();
    }
    if unicode_normalization::is_nfc_quick(text.chars()) != IsNormalized::Yes {
        text = text.nfc().collect();
    }
    text
}

impl Document {
    /// Builds the canonical document from raw text (any line endings, optional BOM).
    pub fn from_raw_text(raw: &str) -> Self {
        Self::from_raw_string(raw.to_owned())
    }

    /// [`Document::from_raw_text`] taking the text by value: text that is already canonical
    /// (most UTF-8 articles) is kept as it is rather than copied three times over.
    pub(crate) fn from_raw_string(mut text: String) -> Self {
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        if text.contains('\r') {
            text = text.replace("\r\n", "\n").replace('\r', "\n");
        }
        // The quick check says "yes" for most text in one pass; "maybe" normalises in full.
        if unicode_normalization::is_nfc_quick(text.chars()) != IsNormalized::Yes {
            text = text.nfc().collect();
        }
        Self::from_canonical(text, None)
    }

    /// Builds a document from rendered blocks (Markdown, HTML): each block's text is
    /// canonicalised as above and the blocks are joined by blank lines. Empty blocks are left out.
    pub(crate) fn from_blocks(blocks: Vec<(BlockKind, String)>) -> Self {
        Self::from_paged_blocks(
            blocks
                .into_iter()
                .map(|(kind, text)| (kind, text, Vec::new())),
        )
    }

    /// [`Document::from_blocks`] for sources with pages (PDF): each block with the pages that
    /// start in it, as (char offset in the block's text, 1-based page); the first is the page
    /// the block starts on, at 0, and a block that runs on over a page break has more.
    pub(crate) fn from_paged_blocks(
        blocks: impl IntoIterator<Item = (BlockKind, String, Vec<(usize, u32)>)>,
    ) -> Self {
        let mut text = String::new();
        let mut ranges = Vec::new();
        let mut page_starts: Vec<(usize, u32)> = Vec::new();
        let mut char_cursor = 0;
        for (kind, raw, pages) in blocks {
            let block_text = canonical_block(raw);
            if block_text.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
                char_cursor += 2;
            }
            let length = block_text.chars().count();
            for &(offset, page) in &pages {
                // Canonical text can be a little shorter (NFC): a break stays inside the block.
                let at = char_cursor + offset.min(length.saturating_sub(1));
                if page_starts.last().is_none_or(|&(_, last)| last != page) {
                    page_starts.push((at, page));
                }
            }
            ranges.push(RenderedBlock {
                kind,
                chars: char_cursor..char_cursor + length,
                page: pages.first().map(|&(_, page)| page),
            });
            text.push_str(&block_text);
            char_cursor += length;
        }
        let mut document = Self::from_canonical(text, Some(ranges));
        document.page_starts = page_starts;
        document
    }

    fn from_canonical(text: String, block_ranges: Option<Vec<RenderedBlock>>) -> Self {
        let sha256_hex = format!("{:x}", Sha256::digest(text.as_bytes()));
        let mut byte_at_checkpoint = Vec::with_capacity(text.len() / CHECKPOINT_STRIDE + 1);
        let mut char_count = 0;
        for (char_index, (byte_index, _)) in text.char_indices().enumerate() {
            if char_index % CHECKPOINT_STRIDE == 0 {
                byte_at_checkpoint.push(byte_index);
            }
            char_count += 1;
        }
        let block_ranges = block_ranges.unwrap_or_else(|| {
            split_paragraphs(&text)
                .into_iter()
                .map(|chars| RenderedBlock {
                    kind: BlockKind::Paragraph,
                    chars,
                    page: None,
                })
                .collect()
        });
        Self {
            text,
            sha256_hex,
            char_count,
            byte_at_checkpoint,
            blocks: number_blocks(block_ranges),
            page_starts: Vec::new(),
        }
    }

    /// The 1-based page where `char_offset` is, for sources with pages; else `None`. Inside a
    /// paragraph that runs on over a page break, the page after the break.
    pub fn page_at(&self, char_offset: usize) -> Option<u32> {
        let started = self
            .page_starts
            .partition_point(|&(start, _)| start <= char_offset);
        match started.checked_sub(1) {
            Some(index) => self.page_starts.get(index).map(|&(_, page)| page),
            // Before the first page's text: the first page.
            None => self.page_starts.first().map(|&(_, page)| page),
        }
    }

    /// The page breaks inside `chars` (not at its start): (char offset, the page that starts).
    pub fn page_breaks_within(&self, chars: Range<usize>) -> &[(usize, u32)] {
        let from = self
            .page_starts
            .partition_point(|&(start, _)| start <= chars.start);
        let to = self
            .page_starts
            .partition_point(|&(start, _)| start < chars.end);
        &self.page_starts[from..to.max(from)]
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

    /// The blocks (paragraphs, headings, list items, block quotes) in order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// Index of the block containing `char_offset`, or of the next block when the offset falls
    /// in the blank lines between two (the last block past the end).
    pub fn block_index_at(&self, char_offset: usize) -> Option<usize> {
        if self.blocks.is_empty() {
            return None;
        }
        let index = self
            .blocks
            .partition_point(|block| block.chars.end < char_offset);
        Some(index.min(self.blocks.len() - 1))
    }

    /// The section and paragraph an offset lies in.
    pub fn location(&self, char_offset: usize) -> Location {
        let Some(block) = self
            .block_index_at(char_offset)
            .map(|index| &self.blocks[index])
        else {
            return Location {
                section: None,
                paragraph: None,
                page: None,
            };
        };
        Location {
            section: block
                .section_heading
                .map(|heading| self.slice(self.blocks[heading].chars.clone()).to_owned()),
            paragraph: block.paragraph_number,
            page: self.page_at(char_offset),
        }
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

/// A block's place in the canonical text before it is numbered.
struct RenderedBlock {
    kind: BlockKind,
    chars: Range<usize>,
    page: Option<u32>,
}

/// Gives each block its section heading and paragraph number.
fn number_blocks(ranges: Vec<RenderedBlock>) -> Vec<Block> {
    let mut current_heading = None;
    let mut paragraphs = 0;
    ranges
        .into_iter()
        .enumerate()
        .map(|(index, RenderedBlock { kind, chars, page })| {
            let paragraph_number = if matches!(kind, BlockKind::Heading(_)) {
                current_heading = Some(index);
                None
            } else {
                paragraphs += 1;
                Some(paragraphs)
            };
            Block {
                chars,
                kind,
                section_heading: current_heading,
                paragraph_number,
                page,
            }
        })
        .collect()
}

/// Splits text into paragraphs: runs of lines that contain something other than whitespace.
fn split_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut paragraphs = Vec::new();
    let mut open: Option<usize> = None;
    let mut last_content_end = 0;
    let mut char_offset = 0;
    for line in text.split('\n') {
        let line_chars = line.chars().count();
        if line.trim().is_empty() {
            if let Some(start) = open.take() {
                paragraphs.push(start..last_content_end);
            }
        } else {
            open.get_or_insert(char_offset);
            last_content_end = char_offset + line_chars;
        }
        char_offset += line_chars + 1;
    }
    if let Some(start) = open {
        paragraphs.push(start..last_content_end);
    }
    paragraphs
}

/// Test documents made of plain paragraphs, for the model's unit tests.
#[cfg(test)]
impl Document {
    pub(crate) fn from_paragraphs(paragraphs: &[&str]) -> Self {
        Self::from_blocks(
            paragraphs
                .iter()
                .map(|text| (BlockKind::Paragraph, (*text).to_owned()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_start_at_blocks_and_inside_a_paragraph_run_over_a_break() {
        let document = Document::from_paged_blocks(vec![
            (BlockKind::Paragraph, "First page.".to_owned(), vec![(0, 1)]),
            // "Runs over " is on page 1, "the break." on page 2.
            (
                BlockKind::Paragraph,
                "Runs over the break.".to_owned(),
                vec![(0, 1), (10, 2)],
            ),
            (BlockKind::Paragraph, "Third page.".to_owned(), vec![(0, 3)]),
        ]);
        let at = |needle: &str| {
            let byte = document.text().find(needle).expect(needle);
            document.page_at(document.char_offset(byte))
        };
        assert_eq!(at("First"), Some(1));
        assert_eq!(at("Runs"), Some(1));
        assert_eq!(at("the break"), Some(2));
        assert_eq!(at("Third"), Some(3));
        assert_eq!(
            document
                .location(document.char_offset(document.text().find("break").expect("break")))
                .page,
            Some(2)
        );
        let second = document.blocks()[1].chars.clone();
        assert_eq!(
            document.page_breaks_within(second.clone()),
            &[(second.start + 10, 2)]
        );
        assert_eq!(document.blocks()[1].page, Some(1));
        assert_eq!(Document::from_raw_text("No pages.").page_at(0), None);
    }

    #[test]
    fn canonicalisation_removes_bom_unifies_newlines_and_normalises_to_nfc() {
        // "e" + combining acute accent must become the single char "é".
        let raw = "\u{feff}Caf\u{65}\u{301}\r\nline two\rline three\n";
        let document = Document::from_raw_text(raw);
        assert_eq!(document.text(), "Café\nline two\nline three\n");
        assert_eq!(document.char_count(), 25);
    }

    proptest::proptest! {
        /// Skipping normalisation when the quick check allows it changes nothing.
        #[test]
        fn the_quick_path_gives_the_full_canonical_text(
            raw in "\u{feff}?([a-zé\u{301}\u{308}\u{1100}\u{1161}\u{AC00}ﬁ’ \r\n]){0,40}"
        ) {
            let full: String = raw
                .strip_prefix('\u{feff}')
                .unwrap_or(&raw)
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .nfc()
                .collect();
            let document = Document::from_raw_text(&raw);
            proptest::prop_assert_eq!(document.text(), full.as_str());
        }

        /// Blocks (Markdown, HTML) take the same quick path, block by block.
        #[test]
        fn blocks_on_the_quick_path_give_the_fully_normalised_text(
            raws in proptest::collection::vec("([a-zé\u{301}\u{308}\u{1100}\u{1161}ﬁ’ \r\n]){0,20}", 1..5)
        ) {
            let full: Vec<String> = raws
                .iter()
                .map(|raw| {
                    raw.replace("\r\n", "\n")
                        .replace('\r', "\n")
                        .trim()
                        .nfc()
                        .collect::<String>()
                })
                .filter(|block| !block.is_empty())
                .collect();
            let document = Document::from_blocks(
                raws.into_iter().map(|raw| (BlockKind::Paragraph, raw)).collect(),
            );
            proptest::prop_assert_eq!(document.text(), full.join("\n\n"));
        }
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
            .blocks()
            .iter()
            .map(|block| document.slice(block.chars.clone()))
            .collect();
        assert_eq!(texts, ["Title", "First line\nsecond line", "Last"]);
        assert_eq!(document.block_index_at(0), Some(0));
        assert_eq!(document.block_index_at(6), Some(1));
        assert_eq!(document.block_index_at(100), Some(2));
        assert_eq!(document.location(8).paragraph, Some(2));
    }

    #[test]
    fn rendered_blocks_know_their_section_and_paragraph_number() {
        let document = Document::from_blocks(vec![
            (BlockKind::Heading(1), "Title".into()),
            (BlockKind::Paragraph, "Intro  text.\r\n".into()),
            (BlockKind::Heading(2), "Cafe\u{301}s".into()),
            (
                BlockKind::ListItem {
                    depth: 1,
                    marker: "•".into(),
                },
                "One".into(),
            ),
            (BlockKind::Paragraph, "   ".into()),
            (BlockKind::BlockQuote, "Quoted".into()),
        ]);
        assert_eq!(
            document.text(),
            "Title\n\nIntro  text.\n\nCafés\n\nOne\n\nQuoted"
        );
        assert_eq!(document.blocks().len(), 5);
        let quoted = document
            .text()
            .find("Quoted")
            .map(|b| document.char_offset(b))
            .expect("in");
        let location = document.location(quoted);
        assert_eq!(location.section.as_deref(), Some("Cafés"));
        assert_eq!(location.paragraph, Some(3));
        assert_eq!(document.location(2).paragraph, None, "inside a heading");
        assert_eq!(document.location(9).section.as_deref(), Some("Title"));
    }
}
