//! Laying out paragraphs and mapping between points and char offsets.
//!
//! egui's own cursor functions count one char per glyph, which is wrong where a font draws
//! more glyphs than chars: with the system font fallback, egui 0.37 lays out a right-to-left
//! word as its visible glyphs in screen order (last letter first) followed by zero-width glyphs
//! for the letters joined into them. So each laid-out paragraph gets its own [`GlyphMap`]:
//! every glyph is matched to the char it draws (the nearest unused char of the text with the
//! same value), and all hit-testing and range painting goes through that map. Offsets never
//! come from egui's cursor indices.

use egui::{Galley, Pos2, Rect, Vec2, pos2};
use std::sync::Arc;

/// One row of a laid-out paragraph, in galley coordinates.
#[derive(Clone, Debug)]
pub(crate) struct RowMap {
    pub top: f32,
    pub bottom: f32,
    /// Top and bottom of the glyphs themselves (rows are taller than the text, leaving room
    /// below it for highlight underlines).
    pub text_top: f32,
    pub text_bottom: f32,
    /// Left and right of each glyph, and the paragraph-local char offset it draws.
    pub glyphs: Vec<GlyphSpan>,
    /// Paragraph-local char offset of the row's first char and just past its last one.
    pub chars_start: usize,
    pub chars_end: usize,
    /// Where a caret at the row's logical end goes: the right of its text in a
    /// left-to-right paragraph, the left in a right-to-left one.
    pub end_x: f32,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct GlyphSpan {
    pub left: f32,
    pub right: f32,
    pub char_offset: usize,
    /// The char is of a right-to-left script: its logical start is its right edge.
    pub right_to_left: bool,
}

/// How far ahead of the first unmatched char a glyph's char is looked for; a right-to-left
/// run is matched within this window.
const MATCH_WINDOW_CHARS: usize = 256;

/// Whether a char belongs to a right-to-left script (Hebrew, Arabic, Syriac, Thaana, NKo,
/// Samaritan, Mandaic and their presentation forms).
fn is_right_to_left(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Matches glyphs, in the order a galley lists them, to the chars they were laid out from.
pub(super) struct GlyphMatcher<'a> {
    chars: &'a [char],
    used: Vec<bool>,
    /// First char not yet matched to a glyph.
    cursor: usize,
    last_matched: usize,
}

impl<'a> GlyphMatcher<'a> {
    pub(super) fn new(chars: &'a [char]) -> Self {
        Self {
            chars,
            used: vec![false; chars.len()],
            cursor: 0,
            last_matched: 0,
        }
    }

    /// The index of the char `glyph` draws.
    pub(super) fn char_of(&mut self, glyph: &egui::epaint::text::Glyph) -> usize {
        let chars = self.chars;
        let matched = if glyph.advance_width > 0.0 {
            let window_end = (self.cursor + MATCH_WINDOW_CHARS).min(chars.len());
            (self.cursor..window_end).find(|&index| !self.used[index] && chars[index] == glyph.chr)
        } else {
            // Zero-width: a combining mark in its place, or a copy of a letter already drawn
            // in a joined run, which must not take a later char of the same value.
            (chars.get(self.cursor) == Some(&glyph.chr)).then_some(self.cursor)
        };
        let index = match matched {
            Some(index) => {
                self.used[index] = true;
                self.last_matched = index;
                index
            }
            // A glyph with no char of its own (part of a cluster): it belongs to the char
            // drawn just before it.
            None => self.last_matched,
        };
        self.skip_used();
        index
    }

    /// Takes a line break that ends a row (it has no glyph).
    fn take_newline(&mut self) {
        if self.chars.get(self.cursor) == Some(&'\n') {
            self.used[self.cursor] = true;
            self.skip_used();
        }
    }

    fn skip_used(&mut self) {
        while self.cursor < self.chars.len() && self.used[self.cursor] {
            self.cursor += 1;
        }
    }

    fn cursor(&self) -> usize {
        self.cursor
    }
}

/// Top and bottom of a row's glyphs, in the coordinates `row_y` is in.
pub(super) fn text_extent(row_y: f32, glyphs: &[egui::epaint::text::Glyph]) -> Option<(f32, f32)> {
    let top = |glyph: &egui::epaint::text::Glyph| row_y + glyph.pos.y - glyph.font_ascent;
    let text_top = glyphs.iter().map(top).reduce(f32::min)?;
    let text_bottom = glyphs
        .iter()
        .map(|glyph| top(glyph) + glyph.font_height)
        .reduce(f32::max)?;
    Some((text_top, text_bottom))
}

/// Glyph↔char mapping of a paragraph's layout.
#[derive(Clone, Debug)]
pub(crate) struct GlyphMap {
    pub rows: Vec<RowMap>,
}

impl GlyphMap {
    /// Maps the glyphs of `galley` onto the chars of `text` (the text it was laid out from,
    /// left to right: egui's own line layout).
    pub fn new(galley: &Galley, text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut matcher = GlyphMatcher::new(&chars);
        let mut rows = Vec::with_capacity(galley.rows.len());
        for placed_row in &galley.rows {
            let glyphs: Vec<GlyphSpan> = placed_row
                .glyphs
                .iter()
                .map(|glyph| {
                    let char_offset = matcher.char_of(glyph);
                    GlyphSpan {
                        left: placed_row.pos.x + glyph.pos.x,
                        right: placed_row.pos.x + glyph.max_x(),
                        char_offset,
                        right_to_left: chars.get(char_offset).is_some_and(|c| is_right_to_left(*c)),
                    }
                })
                .collect();
            if placed_row.ends_with_newline {
                matcher.take_newline();
            }
            let cursor = matcher.cursor();
            let chars_start = glyphs
                .iter()
                .map(|glyph| glyph.char_offset)
                .min()
                .unwrap_or(cursor);
            let chars_end = glyphs
                .iter()
                .map(|glyph| glyph.char_offset + 1)
                .max()
                .unwrap_or(cursor)
                .max(chars_start);
            let end_x = glyphs
                .iter()
                .map(|glyph| glyph.right)
                .fold(placed_row.pos.x, f32::max);
            let (text_top, text_bottom) = text_extent(placed_row.pos.y, &placed_row.glyphs)
                .unwrap_or((placed_row.min_y(), placed_row.max_y()));
            rows.push(RowMap {
                top: placed_row.min_y(),
                bottom: placed_row.max_y(),
                text_top,
                text_bottom,
                glyphs,
                chars_start,
                chars_end,
                end_x,
            });
        }
        Self { rows }
    }

    /// The char offset (paragraph-local, 0..=char_count) nearest to a point in galley
    /// coordinates: a caret position between chars.
    pub(crate) fn offset_at(&self, pos: Pos2) -> usize {
        let Some(row) = self
            .rows
            .iter()
            .find(|row| pos.y < row.bottom)
            .or(self.rows.last())
        else {
            return 0;
        };
        if pos.y < self.rows.first().map_or(0.0, |first| first.top) {
            return 0;
        }
        // The glyph under the point (zero-width cluster parts cannot be hit), or the nearest.
        let hit = row
            .glyphs
            .iter()
            .filter(|glyph| glyph.right > glyph.left)
            .min_by(|a, b| {
                let distance = |glyph: &GlyphSpan| {
                    if pos.x < glyph.left {
                        glyph.left - pos.x
                    } else if pos.x > glyph.right {
                        pos.x - glyph.right
                    } else {
                        0.0
                    }
                };
                distance(a).total_cmp(&distance(b))
            });
        let Some(glyph) = hit else {
            return row.chars_end;
        };
        let in_left_half = pos.x < (glyph.left + glyph.right) / 2.0;
        // In a right-to-left char the caret before it is at its right edge.
        if in_left_half != glyph.right_to_left {
            glyph.char_offset
        } else {
            self.end_of_cluster(row, glyph.char_offset)
        }
    }

    /// The offset just past the char at `char_offset` and any chars drawn by the same glyph
    /// (zero-width glyphs that follow it in the row).
    fn end_of_cluster(&self, row: &RowMap, char_offset: usize) -> usize {
        let mut end = char_offset + 1;
        while row
            .glyphs
            .iter()
            .any(|glyph| glyph.char_offset == end && glyph.right <= glyph.left)
        {
            end += 1;
        }
        end.min(row.chars_end.max(char_offset + 1))
    }

    /// The char offset of the glyph under a point, if the point is on text.
    pub(crate) fn char_under(&self, pos: Pos2) -> Option<usize> {
        let row = self
            .rows
            .iter()
            .find(|row| row.top <= pos.y && pos.y < row.bottom)?;
        row.glyphs
            .iter()
            .find(|glyph| glyph.left <= pos.x && pos.x < glyph.right)
            .map(|glyph| glyph.char_offset)
    }

    /// Rectangles around the text of the paragraph-local char range `[start, end)`, from the
    /// top of the glyphs to just below them: one per stretch of the range that is contiguous
    /// on screen, so a range on a line of mixed direction may take several on one row.
    pub(crate) fn range_rects(&self, start: usize, end: usize) -> Vec<Rect> {
        let mut rects = Vec::new();
        for row in &self.rows {
            if row.chars_end <= start || row.chars_start >= end {
                continue;
            }
            let mut stretch: Option<(f32, f32)> = None;
            let bottom = row.text_bottom.min(row.bottom);
            let mut close = |stretch: &mut Option<(f32, f32)>| {
                if let Some((left, right)) = stretch.take() {
                    rects.push(Rect::from_min_max(
                        pos2(left, row.text_top),
                        pos2(right, bottom),
                    ));
                }
            };
            // Glyphs are in screen order; zero-width cluster parts add nothing visible.
            for glyph in row.glyphs.iter().filter(|glyph| glyph.right > glyph.left) {
                if start <= glyph.char_offset && glyph.char_offset < end {
                    stretch = Some(match stretch {
                        Some((left, right)) => (left.min(glyph.left), right.max(glyph.right)),
                        None => (glyph.left, glyph.right),
                    });
                } else {
                    close(&mut stretch);
                }
            }
            close(&mut stretch);
        }
        rects
    }

    /// The row a caret at a paragraph-local offset is drawn on: the one holding the char at
    /// the offset, or the last at the paragraph's end.
    fn caret_row(&self, offset: usize) -> Option<&RowMap> {
        self.rows
            .iter()
            .find(|row| offset < row.chars_end)
            .or(self.rows.last())
    }

    /// Where on `row` a caret at `offset` is drawn: at the leading edge of the char at the
    /// offset (its left in left-to-right text, its right in right-to-left text), or at the
    /// row's end, after the trailing edge of the char before it.
    fn caret_x(row: &RowMap, offset: usize) -> f32 {
        let visible = || row.glyphs.iter().filter(|glyph| glyph.right > glyph.left);
        if let Some(glyph) = visible()
            .filter(|glyph| glyph.char_offset >= offset)
            .min_by_key(|glyph| glyph.char_offset)
        {
            return if glyph.right_to_left {
                glyph.right
            } else {
                glyph.left
            };
        }
        visible()
            .filter(|glyph| glyph.char_offset + 1 == offset)
            .map(|glyph| {
                if glyph.right_to_left {
                    glyph.left
                } else {
                    glyph.right
                }
            })
            .next()
            .unwrap_or(row.end_x)
    }

    /// A zero-width caret rectangle at a paragraph-local char offset.
    pub(crate) fn caret_rect(&self, offset: usize) -> Option<Rect> {
        let row = self.caret_row(offset)?;
        let x = Self::caret_x(row, offset);
        Some(Rect::from_min_max(pos2(x, row.top), pos2(x, row.bottom)))
    }

    /// The caret's next place to the right (`rightward`) or left on screen, whatever the
    /// direction of the text it is in: each glyph edge on the caret's row is a place, as the
    /// offset whose caret is drawn there. Past the row's edge it goes on to the next row's
    /// logical start when moving in the paragraph's reading direction, to the previous row's
    /// logical end otherwise; `None` past the paragraph's first or last row.
    pub(crate) fn visual_step(
        &self,
        offset: usize,
        rightward: bool,
        paragraph_right_to_left: bool,
    ) -> Option<usize> {
        let row_index = self
            .rows
            .iter()
            .position(|row| offset < row.chars_end)
            .unwrap_or(self.rows.len().checked_sub(1)?);
        let row = &self.rows[row_index];
        let current = Self::caret_x(row, offset);
        let mut places: Vec<(f32, usize)> = Vec::new();
        for glyph in row.glyphs.iter().filter(|glyph| glyph.right > glyph.left) {
            let after = self.end_of_cluster(row, glyph.char_offset);
            for candidate in [glyph.char_offset, after] {
                let x = Self::caret_x(row, candidate);
                // A place counts only where its offset's caret is drawn at a glyph edge.
                if (x - glyph.left).abs() < 0.5 || (x - glyph.right).abs() < 0.5 {
                    places.push((x, candidate));
                }
            }
        }
        let next = if rightward {
            places
                .iter()
                .filter(|(x, _)| *x > current + 0.5)
                .min_by(|a, b| a.0.total_cmp(&b.0))
        } else {
            places
                .iter()
                .filter(|(x, _)| *x < current - 0.5)
                .max_by(|a, b| a.0.total_cmp(&b.0))
        };
        if let Some(&(_, candidate)) = next {
            return Some(candidate);
        }
        if rightward != paragraph_right_to_left {
            self.rows.get(row_index + 1).map(|next| next.chars_start)
        } else {
            // Before the previous row's trailing space when the rows meet (an offset at the
            // boundary is drawn at the start of the later row), else at its end.
            row_index.checked_sub(1).map(|previous| {
                let previous = &self.rows[previous];
                if previous.chars_end == row.chars_start {
                    previous
                        .chars_end
                        .saturating_sub(1)
                        .max(previous.chars_start)
                } else {
                    previous.chars_end
                }
            })
        }
    }

    /// The logical start (`end` false) or end of the row the caret at `offset` is on.
    /// On a row that wraps into the next, the end is before its trailing space: the offset
    /// after it is drawn at the next row's start.
    pub(crate) fn row_edge(&self, offset: usize, end: bool) -> Option<usize> {
        let index = self
            .rows
            .iter()
            .position(|row| offset < row.chars_end)
            .unwrap_or(self.rows.len().checked_sub(1)?);
        let row = &self.rows[index];
        if !end {
            return Some(row.chars_start);
        }
        let wraps = self
            .rows
            .get(index + 1)
            .is_some_and(|next| next.chars_start == row.chars_end);
        Some(if wraps {
            row.chars_end.saturating_sub(1).max(row.chars_start)
        } else {
            row.chars_end
        })
    }
}

/// A galley of a paragraph's layout and where it is drawn, relative to the paragraph's
/// origin.
#[derive(Clone)]
pub(crate) struct PlacedGalley {
    pub galley: Arc<Galley>,
    pub offset: Vec2,
}

/// A paragraph laid out for one column width: one galley (egui's own line layout, for
/// left-to-right text) or one per piece (bidi layout, see [`super::bidi_layout`]).
pub(crate) struct ParagraphLayout {
    pub galleys: Vec<PlacedGalley>,
    pub glyph_map: GlyphMap,
    height: f32,
    /// The paragraph reads right to left: its lines are aligned to `right_edge`.
    pub right_to_left: bool,
    /// Where a right-to-left paragraph's lines start (its right edge), relative to the origin.
    pub right_edge: f32,
    /// Laid out by the bidi algorithm (the paragraph has right-to-left text).
    pub reordered: bool,
}

impl ParagraphLayout {
    /// A left-to-right paragraph laid out by egui as one galley.
    pub fn new(galley: Arc<Galley>, text: &str) -> Self {
        let glyph_map = GlyphMap::new(&galley, text);
        let height = galley.size().y;
        let right_edge = galley.size().x;
        Self {
            galleys: vec![PlacedGalley {
                galley,
                offset: Vec2::ZERO,
            }],
            glyph_map,
            height,
            right_to_left: false,
            right_edge,
            reordered: false,
        }
    }

    pub(super) fn from_parts(
        galleys: Vec<PlacedGalley>,
        glyph_map: GlyphMap,
        height: f32,
        right_to_left: bool,
        right_edge: f32,
    ) -> Self {
        Self {
            galleys,
            glyph_map,
            height,
            right_to_left,
            right_edge,
            reordered: true,
        }
    }

    pub(crate) fn height(&self) -> f32 {
        self.height
    }
}
