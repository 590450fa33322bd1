//! From lines in reading order to the article's blocks: paragraphs, headings, list items.
//!
//! - **Paragraphs** end where the layout shows it: a wider gap than the page's line spacing,
//!   a change of font size, an indented first line, a short last line, or a jump to another
//!   column. A paragraph cut by a column or page break (the first part ends without a full
//!   stop, the next begins in lower case) is joined up again; it keeps the page it starts on.
//! - **Hyphenation**: a line ending in a hyphen after a letter, followed by a line starting in
//!   lower case, is joined without the hyphen ("encour-" + "aged"); before a capital the
//!   hyphen stays and no space is put ("Anglo-" + "Saxon"); a soft hyphen always goes.
//! - **Headings**: short blocks set larger than the body text (the size most of the text has),
//!   levels by size, largest first; a short block all in capitals (or all in bold, or a
//!   numbered section heading) is a heading one level below.
//! - **List items**: blocks starting with a bullet (including the private-use bullets symbol
//!   fonts give) or a number or letter followed by "." or ")".
//! - **Numbered section headings** ("3.1 Web crawling") are headings whatever their size.
//! - **Footnotes** are set smaller than the body, so they are blocks of their own; a figure's
//!   labels (short lines set well below the body size) are gathered into one block.
//!
//! - **Bold**: a bold line (see [`super::weight`]) starts a block, and a short block all in
//!   bold that does not end a sentence is a heading.

use super::PagedBlock;
use super::lines::Line;
use super::markers::{
    is_bullet_glyph, is_capitals_heading, join_lines_at, list_marker, numbered_heading,
};
use crate::model::BlockKind;

/// A gap between lines wider than this many times the page's usual line spacing ends a paragraph.
const PARAGRAPH_GAP: f32 = 1.35;
/// Sizes differing by more than this share are different type.
const SIZE_CHANGE: f32 = 0.12;
/// Blocks set this much larger than the body are headings…
const HEADING_SIZE: f32 = 1.08;
/// …when they are no longer than this.
const HEADING_MAX_CHARS: usize = 200;
/// Lines set this much smaller than the body and no longer than this are labels (figures).
const LABEL_SIZE: f32 = 0.85;
const LABEL_MAX_CHARS: usize = 40;
/// Footnotes (or labels) looked past to find the paragraph a column break cut.
const MAX_SKIPPED_NOTES: usize = 8;

/// A block of lines being built, on the page it starts.
#[derive(Debug)]
pub(crate) struct RawBlock {
    pub lines: Vec<Line>,
    pub page: u32,
    /// Lines that begin a later page than the one before them (a paragraph run on over a
    /// page break): (line index, page).
    pub page_breaks: Vec<(usize, u32)>,
    /// It starts a column or a page (its first line is above the one before it, or on the
    /// next page): a paragraph cut there may continue in it.
    pub starts_column: bool,
}

impl RawBlock {
    fn size(&self) -> f32 {
        let chars: usize = self.lines.iter().map(|line| line.text.len()).sum();
        if chars == 0 {
            return self.lines.first().map_or(0.0, |line| line.size);
        }
        self.lines
            .iter()
            .map(|line| line.size * line.text.len() as f32)
            .sum::<f32>()
            / chars as f32
    }

    /// Its text, and the pages that start in it as (char offset, page), its own first.
    fn text(&self) -> (String, Vec<(usize, u32)>) {
        let (text, starts) = join_lines_at(self.lines.iter().map(|line| line.text.as_str()));
        let mut pages = vec![(0, self.page)];
        for &(line, page) in &self.page_breaks {
            if let Some(&start) = starts.get(line) {
                pages.push((start, page));
            }
        }
        (text, pages)
    }

    /// Appends the lines of `next`, which goes on with this block.
    fn extend(&mut self, next: RawBlock) {
        let last_page = self.page_breaks.last().map_or(self.page, |&(_, page)| page);
        if next.page != last_page {
            self.page_breaks.push((self.lines.len(), next.page));
        }
        self.page_breaks.extend(
            next.page_breaks
                .into_iter()
                .map(|(line, page)| (line + self.lines.len(), page)),
        );
        self.lines.extend(next.lines);
    }
}

/// A heading's number set apart from its title on the same line ("3" … "Implementation"),
/// put back in front of it.
fn join_section_numbers(lines: &[Line]) -> Vec<Line> {
    let mut joined: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        if let Some(number) = joined.last_mut()
            && number.text.len() <= 6
            && number.text.chars().all(|c| c.is_ascii_digit() || c == '.')
            && number.text.starts_with(|c: char| c.is_ascii_digit())
            && (number.y - line.y).abs() < 0.2 * line.size
            && line.x0 > number.x1
            && line.x0 - number.x1 < 4.0 * line.size
        {
            number.text = format!("{} {}", number.text, line.text);
            number.x1 = line.x1;
            number.size = number.size.max(line.size);
            continue;
        }
        joined.push(line.clone());
    }
    joined
}

/// Cuts each page's lines (in reading order) into blocks.
pub(crate) fn raw_blocks(pages: &[(u32, Vec<Line>)]) -> Vec<RawBlock> {
    let mut blocks: Vec<RawBlock> = Vec::new();
    let body_size = body_size_of(pages.iter().flat_map(|(_, lines)| lines));
    for (page, lines) in pages {
        let lines = &join_section_numbers(lines);
        let spacing = line_spacing(lines);
        let mut previous: Option<&Line> = None;
        for (index, line) in lines.iter().enumerate() {
            let break_kind = match previous {
                None => Some(true),
                Some(before) => {
                    let column_right = column_right(lines, index);
                    breaks_between(before, line, spacing, column_right, body_size)
                }
            };
            match (break_kind, blocks.last_mut()) {
                (None, Some(block)) => block.lines.push(line.clone()),
                (starts_column, _) => blocks.push(RawBlock {
                    lines: vec![line.clone()],
                    page: *page,
                    page_breaks: Vec::new(),
                    starts_column: starts_column.unwrap_or(true),
                }),
            }
            previous = Some(line);
        }
    }
    blocks
}

/// The page's usual distance between baselines of consecutive lines of the same size.
fn line_spacing(lines: &[Line]) -> f32 {
    let mut drops: Vec<f32> = lines
        .windows(2)
        .filter(|pair| (pair[0].size - pair[1].size).abs() < SIZE_CHANGE * pair[0].size)
        .map(|pair| (pair[0].y - pair[1].y) / pair[0].size)
        .filter(|drop| (0.8..2.5).contains(drop))
        .collect();
    drops.sort_by(f32::total_cmp);
    drops.get(drops.len() / 2).copied().unwrap_or(1.2)
}

/// Lines either side in reading order that show where a line's column ends.
const COLUMN_NEIGHBOURS: usize = 10;

/// The right edge of the column `lines[index]` sits in: the farthest right reached by the
/// lines near it in reading order that overlap it and are set in its size (not a title
/// across the page, nor the next column).
fn column_right(lines: &[Line], index: usize) -> f32 {
    let line = &lines[index];
    let near =
        index.saturating_sub(COLUMN_NEIGHBOURS)..(index + COLUMN_NEIGHBOURS + 1).min(lines.len());
    lines[near]
        .iter()
        .filter(|other| other.x0 < line.x1 && other.x1 > line.x0)
        .filter(|other| (other.size - line.size).abs() <= SIZE_CHANGE * line.size)
        .map(|other| other.x1)
        .fold(line.x1, f32::max)
}

/// Whether a new block starts between `before` and `line`: `None` when the paragraph goes on,
/// `Some(true)` when `line` starts a new column, `Some(false)` for a new block in the column.
fn breaks_between(
    before: &Line,
    line: &Line,
    spacing: f32,
    column_right: f32,
    body_size: f32,
) -> Option<bool> {
    let size = before.size.max(line.size);
    let drop = before.y - line.y;
    if drop < -0.5 * size || line.x0 > before.x1 {
        return Some(true);
    }
    if (before.size - line.size).abs() > SIZE_CHANGE * size
        || drop > PARAGRAPH_GAP * spacing * size
        || line.text.starts_with(is_bullet_glyph)
    {
        return Some(false);
    }
    // A heading (numbered, or in bold) stops short of the column's edge, and follows the end
    // of a sentence or a short line: a wrapped line that happens to start "12 European…", or
    // a full line that is mostly a bold title, goes on with its paragraph.
    let stops_short = |line: &Line| line.x1 < column_right - 2.0 * size;
    let ends_sentence = before.text.trim_end().ends_with(['.', '!', '?', ':']);
    let weight_changes = before.bold != line.bold
        && if before.bold {
            stops_short(before)
        } else {
            ends_sentence || stops_short(before)
        };
    if weight_changes {
        return Some(false);
    }
    // Footnotes ("4 The angle of attack…") start like numbered headings but are set small.
    let body_type = line.size >= 0.95 * body_size;
    if body_type
        && (numbered_heading(&before.text).is_some() && stops_short(before)
            || numbered_heading(&line.text).is_some() && (ends_sentence || stops_short(before)))
    {
        return Some(false);
    }
    let list_item = list_marker(&before.text).is_some();
    // "3. …", "– …" or a symbol font's "! …" start an item where the line before ends a
    // sentence, an item or short: a wrapped line may start "– which…".
    if list_marker(&line.text).is_some()
        && (list_item
            || before.text.trim_end().ends_with(['.', '!', '?', ':', ';'])
            || stops_short(before))
    {
        return Some(false);
    }
    let indented = line.x0 - before.x0 > 0.8 * size && line.x0 - before.x0 < 8.0 * size;
    if indented && !list_item {
        return Some(false);
    }
    let width = (column_right - line.x0).max(size);
    let before_short = before.x1 < column_right - 0.2 * width;
    let starts_sentence = line
        .text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphabetic());
    (before_short && starts_sentence && !list_item).then_some(false)
}

/// Joins paragraphs cut by a column or page break, then gives every block its kind.
pub(crate) fn classify(raw: Vec<RawBlock>) -> Vec<PagedBlock> {
    let body_size = body_size(&raw);
    let merged = join_cut_paragraphs(raw, body_size);
    let mut heading_sizes: Vec<f32> = merged
        .iter()
        .filter(|block| is_heading(block, body_size))
        .map(|block| (block.size() * 2.0).round() / 2.0)
        .collect();
    heading_sizes.sort_by(|a, b| b.total_cmp(a));
    heading_sizes.dedup();
    let caps_level = (heading_sizes.len() + 1).min(6) as u8;
    merged
        .into_iter()
        .map(|block| {
            let (text, pages) = block.text();
            let kind = if is_heading(&block, body_size) {
                let size = (block.size() * 2.0).round() / 2.0;
                let rank = heading_sizes.iter().position(|&s| s == size).unwrap_or(0);
                BlockKind::Heading((rank + 1).min(6) as u8)
            } else if let Some((marker, rest)) = list_marker(&text) {
                let kind = BlockKind::ListItem { depth: 0, marker };
                // The marker is not part of the text: the pages' offsets move back by it.
                let cut = text.chars().count() - rest.chars().count();
                let pages = pages
                    .into_iter()
                    .map(|(offset, page)| (offset.saturating_sub(cut), page))
                    .collect();
                return (kind, rest.to_owned(), pages);
            } else if let Some(depth) = numbered_heading(&text).filter(|_| {
                block.lines.len() == 1
                    && block.size() >= 0.95 * body_size
                    && !is_contents_line(&text)
            }) {
                BlockKind::Heading((caps_level + depth - 1).min(6))
            } else if is_capitals_heading(&text) && block.lines.len() <= 2
                || is_bold_heading(&block, &text)
            {
                BlockKind::Heading(caps_level)
            } else {
                BlockKind::Paragraph
            };
            (kind, text, pages)
        })
        .collect()
}

/// The size most of the text is set in.
fn body_size(blocks: &[RawBlock]) -> f32 {
    body_size_of(blocks.iter().flat_map(|block| &block.lines))
}

fn body_size_of<'a>(lines: impl Iterator<Item = &'a Line>) -> f32 {
    let mut chars_by_size: Vec<(f32, usize)> = Vec::new();
    for line in lines {
        let size = (line.size * 2.0).round() / 2.0;
        match chars_by_size.iter_mut().find(|(known, _)| *known == size) {
            Some((_, chars)) => *chars += line.text.len(),
            None => chars_by_size.push((size, line.text.len())),
        }
    }
    chars_by_size
        .into_iter()
        .max_by_key(|(_, chars)| *chars)
        .map_or(10.0, |(size, _)| size)
}

fn is_heading(block: &RawBlock, body_size: f32) -> bool {
    let last = block.lines.last().map_or("", |line| line.text.trim_end());
    // A sentence set large (a pull quote, an introduction) or a contents line with its
    // dot leaders is no heading.
    let sentence = last.ends_with('.') && last.chars().count() > 60;
    let contents_line = block.lines.iter().any(|line| is_contents_line(&line.text));
    !sentence
        && !contents_line
        && block.size() >= HEADING_SIZE * body_size
        && block.lines.len() <= 4
        && block
            .lines
            .iter()
            .map(|line| line.text.len())
            .sum::<usize>()
            <= HEADING_MAX_CHARS
        && block
            .lines
            .iter()
            .any(|line| line.text.chars().any(char::is_alphabetic))
}

/// A line of a table of contents, with its dot leaders: not the heading it names.
fn is_contents_line(text: &str) -> bool {
    text.contains(".....") || text.contains("……")
}

/// A short block all in bold that does not end a sentence: a heading set at the body size.
fn is_bold_heading(block: &RawBlock, text: &str) -> bool {
    !is_contents_line(text)
        && block.lines.len() <= 3
        && block.lines.iter().all(|line| line.bold)
        && text.chars().count() <= 150
        && !text.trim_end().ends_with(['.', ',', ';'])
        && text.chars().any(char::is_alphabetic)
}

/// A short line set well below the body size: a label in a figure or a chart.
fn is_label(block: &RawBlock, body_size: f32) -> bool {
    // A footnote starts with its number or mark; a label seldom does.
    let footnote = block
        .lines
        .first()
        .and_then(|line| line.text.chars().next())
        .is_some_and(|c| c.is_ascii_digit() || "*†‡§".contains(c));
    !footnote
        && block.size() <= LABEL_SIZE * body_size
        && block
            .lines
            .iter()
            .all(|line| line.text.chars().count() <= LABEL_MAX_CHARS)
}

fn join_cut_paragraphs(raw: Vec<RawBlock>, body_size: f32) -> Vec<RawBlock> {
    let mut merged: Vec<RawBlock> = Vec::with_capacity(raw.len());
    for block in raw {
        // A figure's labels, read one after another, are one block rather than dozens.
        if let Some(before) = merged.last_mut()
            && before.page == block.page
            && is_label(before, body_size)
            && is_label(&block, body_size)
        {
            before.extend(block);
            continue;
        }
        // The paragraph cut by the break may lie before the footnotes at the foot of the
        // column: it is joined up, and the footnotes follow it.
        let body = |block: &RawBlock| block.size() > LABEL_SIZE * body_size;
        let cut = merged
            .iter()
            .rposition(body)
            .filter(|&index| merged.len() - index <= MAX_SKIPPED_NOTES);
        if let Some(before) = cut.and_then(|index| merged.get_mut(index))
            && block.starts_column
            && continues(before, &block, body_size)
        {
            before.extend(block);
            continue;
        }
        merged.push(block);
    }
    merged
}

/// Whether `next` goes on with the paragraph `before` was cut from.
fn continues(before: &RawBlock, next: &RawBlock, body_size: f32) -> bool {
    let body = |block: &RawBlock| (block.size() - body_size).abs() <= SIZE_CHANGE * body_size;
    let ends_open = before
        .lines
        .last()
        .and_then(|line| line.text.trim_end().chars().last())
        .is_some_and(|c| !".!?:;\"”’)".contains(c));
    let starts_lower = next
        .lines
        .first()
        .and_then(|line| line.text.chars().next())
        .is_some_and(char::is_lowercase);
    body(before) && body(next) && ends_open && starts_lower
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, x1: f32, y: f32, size: f32) -> Line {
        Line {
            text: text.to_owned(),
            x0,
            x1,
            y,
            size,
            bold: false,
        }
    }

    #[test]
    fn gaps_sizes_indents_and_bullets_cut_paragraphs_and_headings_are_found() {
        let lines = vec![
            line("Findings", 72.0, 150.0, 720.0, 16.0),
            line(
                "The first paragraph runs across the whole",
                72.0,
                540.0,
                690.0,
                10.0,
            ),
            line("column and ends here.", 72.0, 200.0, 678.0, 10.0),
            line("A second paragraph after a gap", 72.0, 540.0, 650.0, 10.0),
            line("continues on this line.", 72.0, 300.0, 638.0, 10.0),
            line("• a bullet point", 72.0, 300.0, 626.0, 10.0),
            line("    An indented paragraph start", 90.0, 540.0, 614.0, 10.0),
            line("and its second line.", 72.0, 540.0, 602.0, 10.0),
        ];
        let blocks = classify(raw_blocks(&[(3, lines)]));
        let kinds: Vec<(&BlockKind, &str)> = blocks
            .iter()
            .map(|(kind, text, _)| (kind, text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (&BlockKind::Heading(1), "Findings"),
                (
                    &BlockKind::Paragraph,
                    "The first paragraph runs across the whole column and ends here."
                ),
                (
                    &BlockKind::Paragraph,
                    "A second paragraph after a gap continues on this line."
                ),
                (
                    &BlockKind::ListItem {
                        depth: 0,
                        marker: "•".to_owned()
                    },
                    "a bullet point"
                ),
                (
                    &BlockKind::Paragraph,
                    "An indented paragraph start and its second line."
                ),
            ]
        );
        assert!(blocks.iter().all(|(_, _, pages)| pages == &[(0, 3)]));
    }

    #[test]
    fn a_bold_line_at_the_body_size_is_a_heading() {
        let heading = Line {
            bold: true,
            ..line("Comments Invited", 72.0, 160.0, 700.0, 10.0)
        };
        let lines = vec![
            heading,
            line(
                "The agency invites you to comment on this",
                72.0,
                300.0,
                688.0,
                10.0,
            ),
            line(
                "proposal by the date given above.",
                72.0,
                250.0,
                676.0,
                10.0,
            ),
        ];
        let blocks = classify(raw_blocks(&[(1, lines)]));
        assert!(matches!(blocks[0].0, BlockKind::Heading(_)), "{blocks:?}");
        assert_eq!(blocks[0].1, "Comments Invited");
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn a_full_line_mostly_in_bold_goes_on_with_its_paragraph() {
        let first = Line {
            bold: true,
            ..line(
                "• Title I, the “WIPO Treaties Act,” implements the",
                90.0,
                540.0,
                700.0,
                10.0,
            )
        };
        let lines = vec![first, line("WIPO treaties.", 108.0, 180.0, 688.0, 10.0)];
        let blocks = classify(raw_blocks(&[(1, lines)]));
        assert_eq!(blocks.len(), 1, "{blocks:?}");
    }

    #[test]
    fn a_title_across_the_page_does_not_make_a_column_s_lines_short() {
        let lines = vec![
            line(
                "A title set across both columns of the page",
                72.0,
                540.0,
                740.0,
                16.0,
            ),
            line(
                "The abstract is set narrower than the",
                94.0,
                277.0,
                700.0,
                10.0,
            ),
            line(
                "Column and runs over several lines without",
                94.0,
                277.0,
                688.0,
                10.0,
            ),
            line("Pausing until it ends.", 94.0, 180.0, 676.0, 10.0),
        ];
        let blocks = classify(raw_blocks(&[(1, lines)]));
        assert_eq!(blocks.len(), 2, "{blocks:?}");
    }

    #[test]
    fn a_paragraph_cut_by_a_page_break_is_joined_and_keeps_its_first_page() {
        let page_one = vec![line(
            "The argument goes on over the",
            72.0,
            540.0,
            80.0,
            10.0,
        )];
        let page_two = vec![
            line("page break without a pause.", 72.0, 300.0, 720.0, 10.0),
            line(
                "Then a new paragraph starts here.",
                90.0,
                540.0,
                708.0,
                10.0,
            ),
        ];
        let blocks = classify(raw_blocks(&[(1, page_one), (2, page_two)]));
        let texts: Vec<(&str, &[(usize, u32)])> = blocks
            .iter()
            .map(|(_, text, pages)| (text.as_str(), pages.as_slice()))
            .collect();
        // The joined paragraph starts on page 1; "page break…" (char 30) is on page 2.
        assert_eq!(
            texts,
            [
                (
                    "The argument goes on over the page break without a pause.",
                    &[(0, 1), (30, 2)][..]
                ),
                ("Then a new paragraph starts here.", &[(0, 2)][..])
            ]
        );
    }

    #[test]
    fn numbered_headings_at_body_size_are_headings_and_list_numbers_are_not() {
        assert_eq!(
            numbered_heading("3.1 Web Crawling and Basic Clustering"),
            Some(2)
        );
        assert_eq!(numbered_heading("2 Background"), Some(1));
        let apart = vec![
            line("3", 72.0, 78.0, 361.0, 12.0),
            line("Implementation", 90.0, 172.0, 361.0, 12.0),
        ];
        assert_eq!(join_section_numbers(&apart)[0].text, "3 Implementation");
        assert_eq!(numbered_heading("3. Reduce the tariffs"), None);
        assert_eq!(numbered_heading("12 members voted for it."), None);
        assert_eq!(numbered_heading("1998 was a hard year"), None);
        let lines = vec![
            line(
                "3.1 Web Crawling and Basic Clustering",
                72.0,
                264.0,
                234.7,
                10.0,
            ),
            line(
                "First of all, we need a lot of news articles",
                72.0,
                299.0,
                216.7,
                10.0,
            ),
            line("from many sources.", 72.0, 200.0, 203.1, 10.0),
        ];
        let blocks = classify(raw_blocks(&[(1, lines)]));
        assert!(matches!(blocks[0].0, BlockKind::Heading(_)), "{blocks:?}");
        assert_eq!(blocks.len(), 2);
        // In the middle of a paragraph, a line starting with a number and a capital goes on.
        let wrapped = vec![
            line(
                "The survey covered households in more than",
                72.0,
                299.0,
                700.0,
                10.0,
            ),
            line(
                "12 European countries and found the same.",
                72.0,
                299.0,
                688.0,
                10.0,
            ),
        ];
        assert_eq!(classify(raw_blocks(&[(1, wrapped)])).len(), 1);
    }

    #[test]
    fn a_wrapped_dash_goes_on_and_a_paragraph_continues_past_the_footnotes() {
        let wrapped = vec![
            line(
                "The ministry published the figures late",
                72.0,
                540.0,
                700.0,
                10.0,
            ),
            line(
                "– which critics noticed – and revised them.",
                72.0,
                540.0,
                688.0,
                10.0,
            ),
        ];
        assert_eq!(classify(raw_blocks(&[(1, wrapped)])).len(), 1);
        let page_one = vec![
            line("The argument goes on over the", 72.0, 540.0, 120.0, 10.0),
            line(
                "1 A footnote at the foot of the page.",
                72.0,
                400.0,
                60.0,
                8.0,
            ),
        ];
        let page_two = vec![line(
            "page break and its footnote.",
            72.0,
            300.0,
            720.0,
            10.0,
        )];
        let blocks = classify(raw_blocks(&[(1, page_one), (2, page_two)]));
        let texts: Vec<&str> = blocks.iter().map(|(_, text, _)| text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The argument goes on over the page break and its footnote.",
                "1 A footnote at the foot of the page."
            ]
        );
    }
}
