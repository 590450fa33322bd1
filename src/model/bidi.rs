//! A paragraph of mixed-direction text, laid out in lines by the Unicode Bidirectional
//! Algorithm (UAX #9, through `unicode-bidi`): every char's embedding level, the paragraph
//! cut into pieces that are shaped as units, lines filled from the pieces' widths (measured
//! by whoever draws them), and each line's pieces in visual order (rules L1–L2, with
//! brackets and other mirrored chars of right-to-left runs drawn mirrored, rule L4).
//!
//! Why pieces: a text shaper (harfrust, inside egui) shapes one run at a time and guesses its
//! direction from its script, and egui places runs in logical order. A right-to-left word
//! shaped alone comes out right; placing the words, spaces and punctuation is left to this
//! module. So a piece is a word of one level (an Arabic word with its marks and joiners, a
//! Latin word, a number), a run of spaces, a neutral char inside a right-to-left run (alone,
//! so that it is mirrored and placed by the algorithm), an Arabic-script digit inside a
//! left-to-right run (alone: the shaper would reverse a run of them) or a hard line break.
//! A piece never crosses a level boundary, so a line's visual order is the order of its
//! pieces by their levels, and each piece's own glyphs are in the order the shaper gives.

use super::direction::TextDirection;
use std::ops::Range;
use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceKind {
    /// Letters, digits, punctuation: drawn.
    Text,
    /// Spaces between words: a line may break after them.
    Space,
    /// A tab: a line may break after it, and it takes the paragraph's level (rule L1).
    Separator,
    /// A hard line break (`\n`): ends the line, draws nothing.
    Break,
}

/// A run of a paragraph shaped as one unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// Its chars in the paragraph (logical offsets, end-exclusive).
    pub chars: Range<usize>,
    pub kind: PieceKind,
    /// Its embedding level before line breaking (odd: right to left).
    pub level: Level,
    /// What to draw, in logical order: mirrored where rule L4 says, and with chars the fonts
    /// lack replaced by a stand-in (see [`BidiParagraph::new`]).
    pub display: String,
    /// For each char of `display`, the paragraph char it draws.
    pub display_chars: Vec<usize>,
}

impl Piece {
    pub fn is_right_to_left(&self) -> bool {
        self.level.is_rtl()
    }
}

/// A paragraph's pieces and base direction.
#[derive(Clone, Debug)]
pub struct BidiParagraph {
    base: Level,
    pieces: Vec<Piece>,
    reordered: bool,
}

/// Whether a char of a right-to-left word goes on in the same piece: letters of
/// right-to-left scripts, combining marks and the joiners that shape them.
fn continues_right_to_left_word(class: BidiClass) -> bool {
    matches!(
        class,
        BidiClass::R | BidiClass::AL | BidiClass::NSM | BidiClass::BN
    )
}

/// Whether the shaper would guess a right-to-left direction for this char (a char of the
/// Hebrew or Arabic blocks and their presentation forms, such as Arabic-Indic digits).
fn of_right_to_left_script(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Whether a paragraph may need bidi layout at all: it is set right to left, or has a char
/// that is right to left or starts an embedding. Cheaper than [`BidiParagraph::new`], for the
/// left-to-right paragraphs that are most of most articles.
pub fn may_need_reordering(text: &str, direction: TextDirection) -> bool {
    direction == TextDirection::RightToLeft
        || text.chars().any(|c| {
            !c.is_ascii()
                && matches!(
                    bidi_class(c),
                    BidiClass::R
                        | BidiClass::AL
                        | BidiClass::AN
                        | BidiClass::RLE
                        | BidiClass::RLO
                        | BidiClass::RLI
                        | BidiClass::FSI
                )
        })
}

impl BidiParagraph {
    /// Resolves the levels of `text` under `direction` (auto: the first strong char, UAX #9
    /// P2–P3) and cuts it into pieces. `stand_in` gives what to draw for a char the fonts
    /// lack (for instance its canonical decomposition), or `None` to draw it as it is.
    pub fn new(
        text: &str,
        direction: TextDirection,
        stand_in: &mut dyn FnMut(char) -> Option<String>,
    ) -> Self {
        let default_level = match direction {
            TextDirection::Auto => None,
            TextDirection::LeftToRight => Some(Level::ltr()),
            TextDirection::RightToLeft => Some(Level::rtl()),
        };
        let info = ParagraphBidiInfo::new(text, default_level);
        let base = info.paragraph_level;
        let reordered = info.has_rtl() || base.is_rtl();
        let mut pieces: Vec<Piece> = Vec::new();
        for (index, (byte, c)) in text.char_indices().enumerate() {
            let level = info.levels.get(byte).copied().unwrap_or(base);
            let class = bidi_class(c);
            let kind = match class {
                BidiClass::B => PieceKind::Break,
                BidiClass::S => PieceKind::Separator,
                BidiClass::WS => PieceKind::Space,
                _ => PieceKind::Text,
            };
            let joins = pieces.last().is_some_and(|last| {
                last.level == level
                    && last.kind == kind
                    && match kind {
                        PieceKind::Space => true,
                        PieceKind::Break | PieceKind::Separator => false,
                        PieceKind::Text if level.is_rtl() => {
                            continues_right_to_left_word(class)
                                && text[..byte].chars().next_back().is_some_and(|previous| {
                                    continues_right_to_left_word(bidi_class(previous))
                                })
                        }
                        PieceKind::Text => {
                            !of_right_to_left_script(c)
                                && text[..byte]
                                    .chars()
                                    .next_back()
                                    .is_some_and(|previous| !of_right_to_left_script(previous))
                        }
                    }
            });
            if !joins {
                pieces.push(Piece {
                    chars: index..index,
                    kind,
                    level,
                    display: String::new(),
                    display_chars: Vec::new(),
                });
            }
            let Some(piece) = pieces.last_mut() else {
                continue;
            };
            piece.chars.end = index + 1;
            if kind == PieceKind::Break {
                continue;
            }
            let mirrored = if level.is_rtl() && !continues_right_to_left_word(class) {
                unicode_bidi_mirroring::get_mirrored(c)
            } else {
                None
            };
            let drawn = mirrored.unwrap_or(c);
            match stand_in(drawn) {
                Some(replacement) => {
                    for replacement_char in replacement.chars() {
                        piece.display.push(replacement_char);
                        piece.display_chars.push(index);
                    }
                }
                None => {
                    piece.display.push(drawn);
                    piece.display_chars.push(index);
                }
            }
        }
        Self {
            base,
            pieces,
            reordered,
        }
    }

    /// Whether the paragraph reads right to left (its lines start at the right).
    pub fn is_right_to_left(&self) -> bool {
        self.base.is_rtl()
    }

    /// Whether any line needs reordering or right alignment: some char is right to left, or
    /// the paragraph is.
    pub fn needs_reordering(&self) -> bool {
        self.reordered
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Fills lines of at most `max_width` from the pieces' widths (`widths[i]` for piece
    /// `i`), breaking after spaces and tabs and at hard breaks; a word wider than a line gets
    /// a line of its own. Spaces at a line's end do not count against the width. Returns the
    /// lines as ranges of piece indexes, in logical order, covering every piece.
    pub fn fill_lines(&self, widths: &[f32], max_width: f32) -> Vec<Range<usize>> {
        let mut lines = Vec::new();
        let mut start = 0;
        // Width of the line so far, with its trailing spaces.
        let mut with_spaces = 0.0;
        let mut index = 0;
        while index < self.pieces.len() {
            // The next word: pieces up to the next break opportunity.
            let word_start = index;
            let mut word_width = 0.0;
            while index < self.pieces.len() && self.pieces[index].kind == PieceKind::Text {
                word_width += widths.get(index).copied().unwrap_or(0.0);
                index += 1;
            }
            let mut spaces_width = 0.0;
            let mut hard_break = false;
            while index < self.pieces.len() && self.pieces[index].kind != PieceKind::Text {
                spaces_width += widths.get(index).copied().unwrap_or(0.0);
                let kind = self.pieces[index].kind;
                index += 1;
                if kind == PieceKind::Break {
                    hard_break = true;
                    break;
                }
            }
            if word_start > start && with_spaces + word_width > max_width {
                lines.push(start..word_start);
                start = word_start;
                with_spaces = 0.0;
            }
            with_spaces += word_width + spaces_width;
            if hard_break {
                lines.push(start..index);
                start = index;
                with_spaces = 0.0;
            }
        }
        if start < self.pieces.len() || lines.is_empty() {
            lines.push(start..self.pieces.len());
        }
        lines
    }

    /// The pieces of a line (a range from [`Self::fill_lines`]) in visual order, left to
    /// right: spaces, tabs and breaks at the line's end, and spaces before a tab or break,
    /// take the paragraph's level (rule L1); then runs are reversed from the highest level
    /// down (rule L2).
    pub fn visual_order(&self, line: Range<usize>) -> Vec<usize> {
        let pieces = &self.pieces[line.clone()];
        let mut levels: Vec<Level> = pieces.iter().map(|piece| piece.level).collect();
        let mut reset = true;
        for (offset, piece) in pieces.iter().enumerate().rev() {
            match piece.kind {
                PieceKind::Break | PieceKind::Separator => {
                    levels[offset] = self.base;
                    reset = true;
                }
                PieceKind::Space if reset => levels[offset] = self.base,
                PieceKind::Space => {}
                PieceKind::Text => reset = false,
            }
        }
        ParagraphBidiInfo::reorder_visual(&levels)
            .into_iter()
            .map(|logical| line.start + logical)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> BidiParagraph {
        BidiParagraph::new(text, TextDirection::Auto, &mut |_| None)
    }

    /// The line's text as drawn, left to right, drawing each right-to-left piece reversed
    /// (as the shaper does).
    fn drawn(paragraph: &BidiParagraph, line: Range<usize>) -> String {
        paragraph
            .visual_order(line)
            .into_iter()
            .map(|index| {
                let piece = &paragraph.pieces()[index];
                if piece.is_right_to_left() {
                    piece.display.chars().rev().collect()
                } else {
                    piece.display.clone()
                }
            })
            .collect()
    }

    fn whole(paragraph: &BidiParagraph) -> Range<usize> {
        0..paragraph.pieces().len()
    }

    #[test]
    fn an_arabic_run_in_an_english_line_is_reordered() {
        let text = "Also available in العربية فارسی";
        let paragraph = paragraph(text);
        assert!(!paragraph.is_right_to_left());
        assert!(paragraph.needs_reordering());
        // Screen order: the second word first, each word's letters right to left.
        let expected = format!(
            "Also available in {} {}",
            "فارسی".chars().rev().collect::<String>(),
            "العربية".chars().rev().collect::<String>()
        );
        assert_eq!(drawn(&paragraph, whole(&paragraph)), expected);
    }

    #[test]
    fn latin_and_digits_in_a_persian_paragraph_keep_their_order_and_brackets_mirror() {
        let text = "گزارش IAEA (سال 2019) منتشر شد.";
        let paragraph = paragraph(text);
        assert!(paragraph.is_right_to_left());
        let expected = format!(
            ".{} {} (2019 {}) IAEA {}",
            "شد".chars().rev().collect::<String>(),
            "منتشر".chars().rev().collect::<String>(),
            "سال".chars().rev().collect::<String>(),
            "گزارش".chars().rev().collect::<String>()
        );
        assert_eq!(drawn(&paragraph, whole(&paragraph)), expected);
    }

    #[test]
    fn arabic_script_digits_are_pieces_of_their_own() {
        let paragraph = paragraph("سال ۱۴۰۲ بود");
        let digits: Vec<&Piece> = paragraph
            .pieces()
            .iter()
            .filter(|piece| piece.display.chars().all(|c| c.is_numeric()))
            .collect();
        assert_eq!(digits.len(), 4, "{:?}", paragraph.pieces());
        assert!(digits.iter().all(|piece| !piece.is_right_to_left()));
        // The digits read left to right between the two words, the first word at the right.
        let drawn = drawn(&paragraph, whole(&paragraph));
        assert!(drawn.ends_with("لاس"), "{drawn}");
        assert!(drawn.contains("۱۴۰۲"), "{drawn}");
    }

    #[test]
    fn a_set_direction_overrides_the_first_strong_char() {
        let paragraph =
            BidiParagraph::new("NATO و ایران", TextDirection::RightToLeft, &mut |_| None);
        assert!(paragraph.is_right_to_left());
        assert!(paragraph.needs_reordering());
        let english = BidiParagraph::new("plain text", TextDirection::Auto, &mut |_| None);
        assert!(!english.needs_reordering());
        assert!(!may_need_reordering(
            "plain text — “quoted”",
            TextDirection::Auto
        ));
        assert!(may_need_reordering(
            "plain text",
            TextDirection::RightToLeft
        ));
        assert!(may_need_reordering("in فارسی", TextDirection::Auto));
    }

    #[test]
    fn stand_ins_map_back_to_the_char_they_draw() {
        let mut stand_in = |c: char| (c == 'ۀ').then(|| "\u{06D5}\u{0654}".to_owned());
        let paragraph = BidiParagraph::new("خانۀ ما", TextDirection::Auto, &mut stand_in);
        let word = &paragraph.pieces()[0];
        assert_eq!(word.chars, 0..4);
        assert_eq!(word.display, "خان\u{06D5}\u{0654}");
        assert_eq!(word.display_chars, vec![0, 1, 2, 3, 3]);
    }

    #[test]
    fn lines_break_after_spaces_and_at_hard_breaks() {
        let paragraph = paragraph("aa bb cc\ndd");
        // Pieces: aa, " ", bb, " ", cc, \n, dd — each letter 1 wide, a space 1 wide.
        let widths: Vec<f32> = paragraph
            .pieces()
            .iter()
            .map(|piece| piece.chars.len() as f32)
            .collect();
        let lines = paragraph.fill_lines(&widths, 5.0);
        let texts: Vec<Range<usize>> = lines
            .iter()
            .map(|line| {
                paragraph.pieces()[line.start].chars.start
                    ..paragraph.pieces()[line.end - 1].chars.end
            })
            .collect();
        assert_eq!(texts, vec![0..6, 6..9, 9..11]);
    }

    #[test]
    fn trailing_spaces_of_a_right_to_left_line_go_to_its_left() {
        let paragraph = paragraph("ایران و عراق");
        let widths = vec![1.0; paragraph.pieces().len()];
        let lines = paragraph.fill_lines(&widths, 2.0);
        assert_eq!(lines[0], 0..2);
        let order = paragraph.visual_order(lines[0].clone());
        // The space (piece 1) is drawn left of the word it follows.
        assert_eq!(order, vec![1, 0]);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn mixed_text() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop_oneof![
                    Just("word"),
                    Just("کلمه"),
                    Just("العربية"),
                    Just(" "),
                    Just("  "),
                    Just("("),
                    Just(")"),
                    Just("2019"),
                    Just("۱۴۰۲"),
                    Just("."),
                    Just("\n"),
                    Just("\t"),
                    Just("\u{200C}"),
                ],
                0..30,
            )
            .prop_map(|parts| parts.concat())
        }

        proptest! {
            #[test]
            fn pieces_cover_the_text_once_and_lines_cover_the_pieces(
                text in mixed_text(),
                width in 1.0f32..40.0,
            ) {
                let paragraph = paragraph(&text);
                let mut next = 0;
                for piece in paragraph.pieces() {
                    prop_assert_eq!(piece.chars.start, next);
                    prop_assert!(piece.chars.end > piece.chars.start);
                    next = piece.chars.end;
                    prop_assert_eq!(piece.display.chars().count(), piece.display_chars.len());
                    prop_assert!(piece.display_chars.iter().all(|c| piece.chars.contains(c)));
                }
                prop_assert_eq!(next, text.chars().count());
                let widths: Vec<f32> = paragraph
                    .pieces()
                    .iter()
                    .map(|piece| piece.chars.len() as f32)
                    .collect();
                let lines = paragraph.fill_lines(&widths, width);
                let mut next = 0;
                for line in &lines {
                    prop_assert_eq!(line.start, next);
                    next = line.end;
                    let mut order = paragraph.visual_order(line.clone());
                    order.sort_unstable();
                    prop_assert_eq!(order, line.clone().collect::<Vec<_>>());
                }
                prop_assert_eq!(next, paragraph.pieces().len());
            }

            #[test]
            fn a_line_without_right_to_left_text_keeps_logical_order(
                words in proptest::collection::vec("[a-z]{1,6}", 1..12),
            ) {
                let text = words.join(" ");
                let paragraph = paragraph(&text);
                prop_assert!(!paragraph.needs_reordering());
                let order = paragraph.visual_order(0..paragraph.pieces().len());
                prop_assert_eq!(order, (0..paragraph.pieces().len()).collect::<Vec<_>>());
            }
        }
    }
}
