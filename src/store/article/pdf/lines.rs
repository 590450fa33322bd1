//! From positioned glyphs to lines of text.
//!
//! A PDF has no words or lines, only glyphs painted at positions. Glyphs are first chained in
//! the order the page paints them (fragments: each glyph continues the last one on the same
//! baseline, close by, in either direction, so right-to-left text painted right to left stays
//! in its logical order). Fragments are then gathered into rows by their vertical overlap
//! (a raised footnote mark stays in its line) and each row is cut into lines wherever the gap
//! is wider than a word space could be, so two columns sharing a baseline stay two lines.
//!
//! Word spaces come from space glyphs or, when the PDF positions words without them, from a
//! gap wider than [`WORD_GAP`] of the font size. Ligatures, special spaces and Arabic
//! presentation forms are normalised here ([`normalise_glyph`]).

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// A gap wider than this share of the font size between two glyphs is a word space.
const WORD_GAP: f32 = 0.1;
/// A gap wider than this share of the font size ends a line: wider than any justified word
/// space, narrower than a column gutter.
const LINE_GAP: f32 = 1.0;
/// A bullet or list number this many font sizes or nearer before a text is its marker.
const MARKER_GAP: f32 = 4.0;
/// Glyphs overlapping backwards by more than this share of the size start a new fragment.
const BACKWARD_SLACK: f32 = 0.5;

/// One painted glyph, in page space (points, y up), upright.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Glyph {
    /// Its text (usually one char; a ligature or a `ToUnicode` sequence may give more).
    pub text: String,
    /// Left end and baseline.
    pub x: f32,
    pub y: f32,
    /// The font size as painted (text matrix and CTM applied).
    pub size: f32,
    /// How far the glyph advances the pen.
    pub advance: f32,
    /// Its font is bold.
    pub bold: bool,
}

/// A line of text on a page.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Line {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    /// The baseline of its main text.
    pub y: f32,
    /// The font size most of its chars have.
    pub size: f32,
    /// Most of its chars are bold.
    pub bold: bool,
}

impl Line {
    /// Top and bottom of the line's box, from the font size (ascent ~0.75, descent ~0.25).
    pub fn top(&self) -> f32 {
        self.y + 0.75 * self.size
    }

    pub fn bottom(&self) -> f32 {
        self.y - 0.25 * self.size
    }
}

/// A run of glyphs painted one after the other on one baseline.
#[derive(Debug)]
struct Fragment {
    text: String,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    /// Chars painted at each size, to find the line's main size.
    chars_by_size: Vec<(f32, usize)>,
    /// Chars in a bold font.
    bold_chars: usize,
    right_to_left: bool,
}

impl Fragment {
    fn start(glyph: &Glyph, text: &str) -> Self {
        let mut fragment = Fragment {
            text: String::new(),
            x0: glyph.x,
            x1: glyph.x + glyph.advance.max(0.0),
            y: glyph.y,
            size: glyph.size,
            chars_by_size: Vec::new(),
            bold_chars: 0,
            right_to_left: false,
        };
        fragment.push_glyph_text(glyph, text);
        fragment
    }

    fn push_glyph_text(&mut self, glyph: &Glyph, text: &str) {
        if glyph.bold {
            self.bold_chars += text.chars().count();
        }
        self.push_text(glyph.size, text);
    }

    fn push_text(&mut self, size: f32, text: &str) {
        self.text.push_str(text);
        let count = text.chars().count();
        match self
            .chars_by_size
            .iter_mut()
            .find(|(known, _)| (known - size).abs() < 0.05)
        {
            Some((_, chars)) => *chars += count,
            None => self.chars_by_size.push((size, count)),
        }
    }

    fn main_size(&self) -> f32 {
        self.chars_by_size
            .iter()
            .max_by_key(|(_, count)| *count)
            .map_or(self.size, |(size, _)| *size)
    }

    /// Whether `glyph` continues this fragment, and if so whether a word space comes first.
    fn continues(&self, glyph: &Glyph) -> Option<bool> {
        let size = self.size.max(glyph.size);
        if !same_baseline(self.y, self.size, glyph.y, glyph.size) {
            return None;
        }
        let forward_gap = glyph.x - self.x1;
        let backward_gap = self.x0 - (glyph.x + glyph.advance);
        if !self.right_to_left
            && forward_gap > -BACKWARD_SLACK * size
            && forward_gap < LINE_GAP * size
        {
            return Some(forward_gap > WORD_GAP * size);
        }
        if backward_gap > -BACKWARD_SLACK * size
            && backward_gap < LINE_GAP * size
            && (self.right_to_left || is_right_to_left(&glyph.text))
        {
            return Some(backward_gap > WORD_GAP * size);
        }
        None
    }

    fn push(&mut self, glyph: &Glyph, text: &str, space: bool) {
        let backwards = glyph.x + glyph.advance <= self.x0 + BACKWARD_SLACK * self.size;
        if backwards && glyph.x < self.x0 {
            self.right_to_left = true;
        }
        if space && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
        self.push_glyph_text(glyph, text);
        self.x0 = self.x0.min(glyph.x);
        self.x1 = self.x1.max(glyph.x + glyph.advance.max(0.0));
        // The baseline and size of a line are those of its largest glyphs.
        if glyph.size > self.size {
            self.size = glyph.size;
            self.y = glyph.y;
        }
    }
}

/// Whether two glyph runs share a line: their boxes overlap by at least half the smaller.
fn same_baseline(y_a: f32, size_a: f32, y_b: f32, size_b: f32) -> bool {
    let (top_a, bottom_a) = (y_a + 0.75 * size_a, y_a - 0.25 * size_a);
    let (top_b, bottom_b) = (y_b + 0.75 * size_b, y_b - 0.25 * size_b);
    let overlap = top_a.min(top_b) - bottom_a.max(bottom_b);
    overlap >= 0.5 * size_a.min(size_b)
}

fn is_right_to_left(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
    })
}

/// Whether a char is a strong right-to-left letter (Hebrew, Arabic script).
fn is_strong_right_to_left(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && c.is_alphabetic()
}

/// A line's words, painted left to right in visual order, in logical order: each run of
/// right-to-left words read from the right (its words' letters too, mirrored brackets
/// swapped back), left-to-right words and numbers kept as painted. When most of the line is
/// right to left, it is a right-to-left line and its runs are read from the right as well.
fn visual_to_logical(words: &[&str]) -> String {
    let rtl_word = |word: &&str| word.chars().any(is_strong_right_to_left);
    let ltr_word = |word: &&str| {
        word.chars()
            .any(|c| c.is_alphabetic() && !is_strong_right_to_left(c))
    };
    let reversed_word = |word: &str| -> String {
        word.chars()
            .rev()
            .map(|c| match c {
                '(' => ')',
                ')' => '(',
                '[' => ']',
                ']' => '[',
                '«' => '»',
                '»' => '«',
                other => other,
            })
            .collect()
    };
    // Runs of words: right-to-left (with the neutral words between them) or not.
    let mut runs: Vec<(bool, Vec<String>)> = Vec::new();
    for word in words {
        let is_rtl = rtl_word(word) || !ltr_word(word) && runs.last().is_some_and(|(rtl, _)| *rtl);
        let word = if rtl_word(word) {
            reversed_word(word)
        } else {
            (*word).to_owned()
        };
        match runs.last_mut() {
            Some((rtl, run)) if *rtl == is_rtl => run.push(word),
            _ => runs.push((is_rtl, vec![word])),
        }
    }
    for (rtl, run) in &mut runs {
        if *rtl {
            run.reverse();
        }
    }
    let rtl_letters = words
        .iter()
        .flat_map(|word| word.chars())
        .filter(|&c| is_strong_right_to_left(c))
        .count();
    let ltr_letters = words
        .iter()
        .flat_map(|word| word.chars())
        .filter(|&c| c.is_alphabetic() && !is_strong_right_to_left(c))
        .count();
    if rtl_letters > ltr_letters {
        runs.reverse();
    }
    runs.into_iter()
        .flat_map(|(_, run)| run)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A glyph's text as the canonical text has it: ligatures split ("ﬁ" → "fi"), special and
/// zero-width spaces made plain or dropped, Arabic presentation forms made letters, controls
/// dropped. Empty when nothing is left; " " for any space.
pub(crate) fn normalise_glyph(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{FFFD}' => {}
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            // Latin ligatures and Arabic presentation forms: compatibility decomposition.
            '\u{FB00}'..='\u{FB06}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' => {
                out.extend(std::iter::once(c).nfkc());
            }
            c => out.push(c),
        }
    }
    out
}

/// The lines of one page, each with the glyphs it was painted from, in no particular order.
pub(crate) fn lines(glyphs: &[Glyph]) -> Vec<Line> {
    let fragments = fragments(glyphs);
    rows_to_lines(fragments)
}

/// Chains glyphs in paint order into fragments. A glyph painted again where the same glyph
/// already is (shadowed or "fake bold" text, painted twice a hair apart) is read once.
fn fragments(glyphs: &[Glyph]) -> Vec<Fragment> {
    let mut fragments: Vec<Fragment> = Vec::new();
    let mut pending_space = false;
    // Where each glyph text was painted, by cells of a point (the exact place kept).
    let mut painted: HashMap<(&str, i32, i32), (f32, f32)> = HashMap::new();
    for glyph in glyphs {
        let text = normalise_glyph(&glyph.text);
        if text.trim().is_empty() {
            pending_space |= text.contains(' ');
            continue;
        }
        // The same glyph within a point (and a sixth of its size: small type's double
        // letters are closer than a point) of where it was painted is a repaint.
        let near = (0.15 * glyph.size).min(1.0);
        let (x, y) = (glyph.x.round() as i32, glyph.y.round() as i32);
        let repainted = (-1..=1).any(|dx| {
            (-1..=1).any(|dy| {
                painted
                    .get(&(glyph.text.as_str(), x + dx, y + dy))
                    .is_some_and(|&(at_x, at_y)| {
                        (at_x - glyph.x).abs() < near && (at_y - glyph.y).abs() < near
                    })
            })
        });
        if repainted {
            continue;
        }
        painted.insert((glyph.text.as_str(), x, y), (glyph.x, glyph.y));
        let text = text.trim();
        match fragments.last_mut().and_then(|last| {
            let space = last.continues(glyph)?;
            Some((last, space))
        }) {
            Some((last, gap_space)) => last.push(glyph, text, gap_space || pending_space),
            None => fragments.push(Fragment::start(glyph, text)),
        }
        pending_space = false;
    }
    fragments
}

/// Gathers fragments into rows by vertical overlap, and cuts each row into lines at wide gaps.
fn rows_to_lines(mut fragments: Vec<Fragment>) -> Vec<Line> {
    fragments.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut lines = Vec::new();
    let mut row: Vec<Fragment> = Vec::new();
    for fragment in fragments {
        let joins = row
            .first()
            .is_some_and(|first| same_baseline(first.y, first.size, fragment.y, fragment.size));
        if !joins && !row.is_empty() {
            cut_row(std::mem::take(&mut row), &mut lines);
        }
        row.push(fragment);
    }
    if !row.is_empty() {
        cut_row(row, &mut lines);
    }
    lines
}

fn cut_row(mut row: Vec<Fragment>, lines: &mut Vec<Line>) {
    row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut current: Option<Fragment> = None;
    for fragment in row {
        current = Some(match current {
            None => fragment,
            Some(mut line) => {
                let size = line.size.max(fragment.size);
                let gap = fragment.x0 - line.x1;
                // A bullet or list number set apart from its item's text still belongs to it.
                let marker = is_list_marker(&line.text) && gap < MARKER_GAP * size;
                // Text of another size painted over the line (a figure's labels) is not its
                // next word. Same-size text may overlap: the glyph widths a PDF lacks make the
                // library's positions drift within a string, which the next string corrects.
                let other_size = (line.size - fragment.size).abs() > 0.1 * size;
                let overlaps = gap < -BACKWARD_SLACK * size && other_size;
                if gap >= LINE_GAP * size && !marker || overlaps {
                    lines.push(finish(line));
                    fragment
                } else {
                    join(&mut line, fragment, marker || gap > WORD_GAP * size);
                    line
                }
            }
        });
    }
    if let Some(line) = current {
        lines.push(finish(line));
    }
}

/// A bullet ("•", or a symbol font's "!") or a list number ("3.", "b)", "(iv)") on its own.
fn is_list_marker(text: &str) -> bool {
    let mut chars = text.chars();
    match (chars.next(), chars.clone().last()) {
        (Some(only), None) => !only.is_alphanumeric(),
        (Some(_), Some('.' | ')')) => {
            let inner = text.trim_start_matches('(');
            let inner = &inner[..inner.len() - 1];
            (1..=4).contains(&inner.len()) && inner.chars().all(char::is_alphanumeric)
        }
        _ => false,
    }
}

/// Appends `next`, which lies to the right of `line` on its row. Right-to-left neighbours
/// keep their logical order: the right one is read first.
fn join(line: &mut Fragment, next: Fragment, space: bool) {
    let separator = if space { " " } else { "" };
    if line.right_to_left && next.right_to_left {
        line.text = format!("{}{separator}{}", next.text, line.text);
    } else {
        line.text.push_str(separator);
        line.text.push_str(&next.text);
    }
    line.chars_by_size.extend(next.chars_by_size);
    line.bold_chars += next.bold_chars;
    line.x1 = line.x1.max(next.x1);
    if next.size > line.size {
        line.size = next.size;
        line.y = next.y;
    }
}

fn finish(fragment: Fragment) -> Line {
    let size = fragment.main_size();
    let words: Vec<&str> = fragment.text.split_whitespace().collect();
    // Right-to-left text painted left to right is in visual order: put it back in the order
    // it is read (and stored).
    let text = if !fragment.right_to_left && is_right_to_left(&fragment.text) {
        visual_to_logical(&words)
    } else {
        words.join(" ")
    };
    let chars: usize = fragment.chars_by_size.iter().map(|(_, count)| count).sum();
    Line {
        text,
        x0: fragment.x0,
        x1: fragment.x1,
        y: fragment.y,
        size,
        bold: 2 * fragment.bold_chars > chars,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Glyphs for `text` set from (x, y) at `size`, each char advancing half the size.
    pub(crate) fn set(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let advance = size * 0.5;
        text.chars()
            .enumerate()
            .map(|(index, c)| Glyph {
                text: c.to_string(),
                x: x + index as f32 * advance,
                y,
                size,
                advance,
                bold: false,
            })
            .collect()
    }

    fn texts(mut lines: Vec<Line>) -> Vec<String> {
        lines.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
        lines.into_iter().map(|line| line.text).collect()
    }

    #[test]
    fn glyphs_become_words_by_space_glyphs_or_by_gaps() {
        let mut glyphs = set("Oil prices", 72.0, 700.0, 10.0);
        // "rose" placed 3 pt after "prices" with no space glyph: a word gap.
        glyphs.extend(set("rose", 72.0 + 10.0 * 5.0 + 3.0, 700.0, 10.0));
        assert_eq!(texts(lines(&glyphs)), ["Oil prices rose"]);
    }

    #[test]
    fn two_columns_on_one_baseline_stay_two_lines() {
        let mut glyphs = set("left column", 72.0, 700.0, 10.0);
        glyphs.extend(set("right column", 320.0, 700.0, 10.0));
        let lines = lines(&glyphs);
        assert_eq!(texts(lines), ["left column", "right column"]);
    }

    #[test]
    fn a_raised_footnote_mark_stays_in_its_line_and_lines_split_by_height() {
        let mut glyphs = set("law", 72.0, 700.0, 10.0);
        glyphs.extend(set("1", 87.0, 703.5, 6.0));
        glyphs.extend(set("next line", 72.0, 688.0, 10.0));
        let lines = lines(&glyphs);
        assert_eq!(texts(lines.clone()), ["law1", "next line"]);
        assert!(lines.iter().all(|line| (line.size - 10.0).abs() < 0.01));
    }

    #[test]
    fn double_letters_in_small_type_are_not_repaints() {
        // "ee" at 2.4 pt: the second "e" is 1.2 pt after the first, a cell away.
        let glyphs = set("three", 72.0, 700.0, 2.4);
        assert_eq!(texts(lines(&glyphs)), ["three"]);
    }

    #[test]
    fn text_painted_twice_is_read_once() {
        let mut glyphs = set("Katrina", 72.0, 700.0, 10.0);
        glyphs.extend(set("Katrina", 72.3, 700.2, 10.0));
        glyphs.extend(set("hit", 72.0 + 7.0 * 5.0 + 3.0, 700.0, 10.0));
        assert_eq!(texts(lines(&glyphs)), ["Katrina hit"]);
    }

    #[test]
    fn right_to_left_text_painted_right_to_left_keeps_its_logical_order() {
        // "سلام" painted from the right: each glyph left of the one before.
        let glyphs: Vec<Glyph> = "سلام"
            .chars()
            .enumerate()
            .map(|(index, c)| Glyph {
                text: c.to_string(),
                x: 300.0 - (index as f32 + 1.0) * 5.0,
                y: 700.0,
                size: 10.0,
                advance: 5.0,
                bold: false,
            })
            .collect();
        assert_eq!(texts(lines(&glyphs)), ["سلام"]);
    }

    #[test]
    fn right_to_left_text_painted_in_visual_order_is_read_in_logical_order() {
        let visual = |logical: &str| logical.chars().rev().collect::<String>();
        // An Arabic name in an English line, painted left to right as its glyphs appear.
        let line = format!("The minister {} said", visual("علی رضا"));
        let glyphs = set(&line, 72.0, 700.0, 10.0);
        assert_eq!(texts(lines(&glyphs)), ["The minister علی رضا said"]);
        // A Persian line with a number: the words from the right, the number as painted.
        let line = format!("{} 1402 {}", visual("سال"), visual("در"));
        let glyphs = set(&line, 72.0, 700.0, 10.0);
        assert_eq!(texts(lines(&glyphs)), ["در 1402 سال"]);
    }

    #[test]
    fn ligatures_special_spaces_and_presentation_forms_are_normalised() {
        assert_eq!(normalise_glyph("\u{FB01}"), "fi");
        assert_eq!(normalise_glyph("\u{FB03}"), "ffi");
        assert_eq!(normalise_glyph("\u{00A0}"), " ");
        assert_eq!(normalise_glyph("\u{200B}"), "");
        // ARABIC LETTER BEH FINAL FORM is the letter beh.
        assert_eq!(normalise_glyph("\u{FE90}"), "\u{0628}");
        assert_eq!(normalise_glyph("é"), "é");
    }
}
