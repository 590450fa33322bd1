//! Laying out paragraphs and mapping between points and char offsets.
//!
//! egui's own cursor functions count one char per glyph, which is wrong where a font draws
//! more glyphs than chars: with the system font fallback, egui 0.37 lays out a right-to-left
//! word as its visible glyphs in screen order (last letter first) followed by zero-width glyphs
//! for the letters joined into them. So each laid-out paragraph gets its own [`GlyphMap`]:
//! every glyph is matched to the char it draws (the nearest unused char of the text with the
//! same value), and all hit-testing and range painting goes through that map. Offsets never
//! come from egui's cursor indices.

use egui::{Galley, Pos2, Rect, pos2};
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
    /// Right edge of the row's text, for a caret at its end.
    pub right: f32,
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

/// Glyph↔char mapping of a paragraph galley.
#[derive(Clone, Debug)]
pub(crate) struct GlyphMap {
    pub rows: Vec<RowMap>,
}

impl GlyphMap {
    /// Maps the glyphs of `galley` onto the chars of `text` (the text it was laid out from).
    pub fn new(galley: &Galley, text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut used = vec![false; chars.len()];
        // First char not yet matched to a glyph.
        let mut cursor = 0;
        let mut last_matched = 0;
        let mut rows = Vec::with_capacity(galley.rows.len());
        for placed_row in &galley.rows {
            let mut glyphs = Vec::with_capacity(placed_row.glyphs.len());
            for glyph in &placed_row.glyphs {
                let matched = if glyph.advance_width > 0.0 {
                    let window_end = (cursor + MATCH_WINDOW_CHARS).min(chars.len());
                    (cursor..window_end).find(|&index| !used[index] && chars[index] == glyph.chr)
                } else {
                    // Zero-width: a combining mark in its place, or a copy of a letter already
                    // drawn in a joined run, which must not take a later char of the same value.
                    (chars.get(cursor) == Some(&glyph.chr)).then_some(cursor)
                };
                let char_offset = match matched {
                    Some(index) => {
                        used[index] = true;
                        last_matched = index;
                        index
                    }
                    // A glyph with no char of its own (part of a cluster): it belongs to the
                    // char drawn just before it.
                    None => last_matched,
                };
                while cursor < chars.len() && used[cursor] {
                    cursor += 1;
                }
                glyphs.push(GlyphSpan {
                    left: placed_row.pos.x + glyph.pos.x,
                    right: placed_row.pos.x + glyph.max_x(),
                    char_offset,
                    right_to_left: chars.get(char_offset).is_some_and(|c| is_right_to_left(*c)),
                });
            }
            if placed_row.ends_with_newline && chars.get(cursor) == Some(&'\n') {
                used[cursor] = true;
                while cursor < chars.len() && used[cursor] {
                    cursor += 1;
                }
            }
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
            let right = glyphs
                .iter()
                .map(|glyph| glyph.right)
                .fold(placed_row.pos.x, f32::max);
            let glyph_top = |glyph: &egui::epaint::text::Glyph| {
                placed_row.pos.y + glyph.pos.y - glyph.font_ascent
            };
            let text_top = placed_row
                .glyphs
                .iter()
                .map(glyph_top)
                .reduce(f32::min)
                .unwrap_or(placed_row.min_y());
            let text_bottom = placed_row
                .glyphs
                .iter()
                .map(|glyph| glyph_top(glyph) + glyph.font_height)
                .reduce(f32::max)
                .unwrap_or(placed_row.max_y());
            rows.push(RowMap {
                top: placed_row.min_y(),
                bottom: placed_row.max_y(),
                text_top,
                text_bottom,
                glyphs,
                chars_start,
                chars_end,
                right,
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

    /// Rectangles (one per row) around the text of the paragraph-local char range
    /// `[start, end)`, from the top of the glyphs to just below them.
    pub(crate) fn range_rects(&self, start: usize, end: usize) -> Vec<Rect> {
        let mut rects = Vec::new();
        for row in &self.rows {
            if row.chars_end <= start || row.chars_start >= end {
                continue;
            }
            let mut left = f32::INFINITY;
            let mut right = f32::NEG_INFINITY;
            // Zero-width cluster parts may sit anywhere in the run; they add nothing visible.
            for glyph in row.glyphs.iter().filter(|glyph| glyph.right > glyph.left) {
                if start <= glyph.char_offset && glyph.char_offset < end {
                    left = left.min(glyph.left);
                    right = right.max(glyph.right);
                }
            }
            if left < right {
                rects.push(Rect::from_min_max(
                    pos2(left, row.text_top),
                    pos2(right, row.text_bottom.min(row.bottom)),
                ));
            }
        }
        rects
    }

    /// A zero-width caret rectangle at a paragraph-local char offset.
    pub(crate) fn caret_rect(&self, offset: usize) -> Option<Rect> {
        let row = self
            .rows
            .iter()
            .find(|row| offset < row.chars_end)
            .or(self.rows.last())?;
        let x = row
            .glyphs
            .iter()
            .filter(|glyph| glyph.char_offset >= offset)
            .min_by_key(|glyph| glyph.char_offset)
            .map_or(row.right, |glyph| {
                if glyph.right_to_left {
                    glyph.right
                } else {
                    glyph.left
                }
            });
        Some(Rect::from_min_max(pos2(x, row.top), pos2(x, row.bottom)))
    }
}

/// A paragraph laid out for one column width.
pub(crate) struct ParagraphLayout {
    pub galley: Arc<Galley>,
    pub glyph_map: GlyphMap,
}

impl ParagraphLayout {
    pub fn new(galley: Arc<Galley>, text: &str) -> Self {
        let glyph_map = GlyphMap::new(&galley, text);
        Self { galley, glyph_map }
    }

    pub(crate) fn height(&self) -> f32 {
        self.galley.size().y
    }
}
