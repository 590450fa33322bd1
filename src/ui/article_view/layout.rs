//! Laying out paragraphs and mapping between points and char offsets.
//!
//! egui's own cursor functions count one char per glyph, which is wrong where a font draws
//! more glyphs than chars (right-to-left runs with the system font fallback, egui 0.37). So
//! each laid-out paragraph gets its own [`GlyphMap`]: every glyph is matched to the char it
//! draws by walking the paragraph's text in step with the glyphs, and all hit-testing and
//! range painting goes through that map. Offsets never come from egui's cursor indices.

use egui::{Galley, Pos2, Rect, pos2};
use std::sync::Arc;

/// One row of a laid-out paragraph, in galley coordinates.
#[derive(Clone, Debug)]
pub struct RowMap {
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
pub struct GlyphSpan {
    pub left: f32,
    pub right: f32,
    pub char_offset: usize,
}

/// Glyph↔char mapping of a paragraph galley.
#[derive(Clone, Debug)]
pub struct GlyphMap {
    pub rows: Vec<RowMap>,
}

impl GlyphMap {
    /// Maps the glyphs of `galley` onto the chars of `text` (the text it was laid out from).
    pub fn new(galley: &Galley, text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut next_char = 0;
        let mut rows = Vec::with_capacity(galley.rows.len());
        for placed_row in &galley.rows {
            let chars_start = next_char;
            let mut glyphs = Vec::with_capacity(placed_row.glyphs.len());
            for glyph in &placed_row.glyphs {
                let char_offset = if chars.get(next_char) == Some(&glyph.chr) {
                    next_char += 1;
                    next_char - 1
                } else {
                    // An extra glyph of the previous char's cluster.
                    next_char.saturating_sub(1).max(chars_start)
                };
                glyphs.push(GlyphSpan {
                    left: placed_row.pos.x + glyph.pos.x,
                    right: placed_row.pos.x + glyph.max_x(),
                    char_offset,
                });
            }
            let chars_end = next_char;
            if placed_row.ends_with_newline && chars.get(next_char) == Some(&'\n') {
                next_char += 1;
            }
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
    pub fn offset_at(&self, pos: Pos2) -> usize {
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
        for glyph in &row.glyphs {
            if pos.x < (glyph.left + glyph.right) / 2.0 {
                return glyph.char_offset;
            }
        }
        row.chars_end
    }

    /// The char offset of the glyph under a point, if the point is on text.
    pub fn char_under(&self, pos: Pos2) -> Option<usize> {
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
    pub fn range_rects(&self, start: usize, end: usize) -> Vec<Rect> {
        let mut rects = Vec::new();
        for row in &self.rows {
            if row.chars_end <= start || row.chars_start >= end {
                continue;
            }
            let mut left = f32::INFINITY;
            let mut right = f32::NEG_INFINITY;
            for glyph in &row.glyphs {
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
    pub fn caret_rect(&self, offset: usize) -> Option<Rect> {
        let row = self
            .rows
            .iter()
            .find(|row| offset < row.chars_end)
            .or(self.rows.last())?;
        let x = row
            .glyphs
            .iter()
            .find(|glyph| glyph.char_offset >= offset)
            .map_or(row.right, |glyph| glyph.left);
        Some(Rect::from_min_max(pos2(x, row.top), pos2(x, row.bottom)))
    }
}

/// A paragraph laid out for one column width.
pub struct ParagraphLayout {
    pub galley: Arc<Galley>,
    pub glyph_map: GlyphMap,
}

impl ParagraphLayout {
    pub fn new(galley: Arc<Galley>, text: &str) -> Self {
        let glyph_map = GlyphMap::new(&galley, text);
        Self { galley, glyph_map }
    }

    pub fn height(&self) -> f32 {
        self.galley.size().y
    }
}
