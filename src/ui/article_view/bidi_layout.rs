//! Laying out a paragraph that holds right-to-left text: lines filled and ordered by
//! [`crate::model::bidi`] (UAX #9), each piece shaped by egui as a galley of its own and
//! placed on its line in visual order; a right-to-left paragraph's lines are right-aligned.
//!
//! egui 0.37 shapes (harfrust) but does not reorder: it places runs left to right in logical
//! order, so an Arabic phrase in an English line came out with its words swapped, and a
//! Persian paragraph started at the left. Shaping each piece alone keeps what egui does well
//! (joining, marks) and leaves the order to the algorithm. Every glyph is mapped to the char
//! it draws within its own piece, so offsets stay exact.

use super::layout::{GlyphMap, GlyphMatcher, GlyphSpan, ParagraphLayout, PlacedGalley, RowMap};
use crate::model::bidi::{BidiParagraph, PieceKind};
use egui::text::{LayoutJob, TextFormat};
use egui::{Ui, vec2};
use std::sync::Arc;

/// What to draw for a char the reading font and its fallbacks lack: its canonical
/// decomposition when they have all of that (Persian ۀ, U+06C0, as ە + ٔ), else nothing.
pub(crate) fn stand_in(
    fonts: &mut egui::epaint::text::FontsView<'_>,
    font: &egui::FontId,
    c: char,
) -> Option<String> {
    if (c as u32) < 0x0590 || fonts.has_glyph(font, c) {
        return None;
    }
    let mut decomposed = String::new();
    unicode_normalization::char::decompose_canonical(c, |part| decomposed.push(part));
    (decomposed.chars().count() > 1 && decomposed.chars().all(|part| fonts.has_glyph(font, part)))
        .then_some(decomposed)
}

/// The glyph spans of a right-to-left piece, in screen order. egui lists such a word's
/// visible glyphs in screen order, last letter first, then zero-width copies of letters that
/// say nothing about which glyph draws what; so the visible glyphs are matched from the
/// word's first letter (its rightmost glyph), as the text runs, and each char no visible
/// glyph draws (a mark, a joiner, a ligature's second letter) gets a zero-width span at the
/// end of the glyph before it, as part of its cluster.
fn right_to_left_spans(
    glyphs: &[egui::epaint::text::Glyph],
    matcher: &mut GlyphMatcher<'_>,
    display_chars: &[usize],
    span: impl Fn(&egui::epaint::text::Glyph, usize) -> GlyphSpan,
) -> Vec<GlyphSpan> {
    let mut spans: Vec<GlyphSpan> = Vec::with_capacity(glyphs.len());
    for glyph in glyphs
        .iter()
        .rev()
        .filter(|glyph| glyph.advance_width > 0.0)
    {
        if let Some(&char_offset) = display_chars.get(matcher.char_of(glyph)) {
            spans.push(span(glyph, char_offset));
        }
    }
    // `spans` is in text order here: the drawn chars, each after the ones before it.
    let mut clustered: Vec<GlyphSpan> = Vec::with_capacity(display_chars.len());
    let mut drawn = spans.into_iter().peekable();
    let mut previous_left: Option<f32> = None;
    let mut seen = std::collections::BTreeSet::new();
    for &char_offset in display_chars {
        if !seen.insert(char_offset) {
            continue;
        }
        let mut any = false;
        while let Some(glyph) = drawn.next_if(|glyph| glyph.char_offset == char_offset) {
            previous_left = Some(glyph.left);
            clustered.push(glyph);
            any = true;
        }
        if !any && let Some(left) = previous_left {
            clustered.push(GlyphSpan {
                left,
                right: left,
                char_offset,
                right_to_left: true,
            });
        }
    }
    clustered.extend(drawn);
    // Screen order: the text's first letter rightmost.
    clustered.reverse();
    clustered
}

/// Lays out `paragraph` (the bidi analysis of `text`) in lines of at most `width`; a
/// right-to-left paragraph's lines end at `right_edge`.
pub(crate) fn lay_out(
    ui: &Ui,
    paragraph: &BidiParagraph,
    format: &TextFormat,
    width: f32,
    right_edge: f32,
) -> ParagraphLayout {
    let pieces = paragraph.pieces();
    let galleys: Vec<Arc<egui::Galley>> = ui.ctx().fonts_mut(|fonts| {
        pieces
            .iter()
            .map(|piece| {
                let mut job = LayoutJob::single_section(piece.display.clone(), format.clone());
                job.wrap.max_width = f32::INFINITY;
                fonts.layout_job(job)
            })
            .collect()
    });
    // A piece's advance: where the next piece starts. Not the galley's width, which also
    // counts a mark's glyph drawn left of the pen's start (a pixel or two, which added up
    // along a line of Persian and left the right edge ragged).
    let widths: Vec<f32> = galleys
        .iter()
        .map(|galley| galley.rect.right().max(0.0))
        .collect();
    let line_height = format.line_height.unwrap_or(format.font_id.size * 1.2);
    let right_to_left = paragraph.is_right_to_left();
    let mut placed = Vec::with_capacity(pieces.len());
    let mut rows = Vec::new();
    // A right-to-left paragraph's lines fit between its start (the right edge, which an
    // indent moves in) and the column's left.
    let fill_width = if right_to_left { right_edge } else { width };
    for (line_index, line) in paragraph
        .fill_lines(&widths, fill_width)
        .into_iter()
        .enumerate()
    {
        let top = line_index as f32 * line_height;
        let line_width: f32 = line.clone().map(|index| widths[index]).sum();
        let line_start = if right_to_left {
            (right_edge - line_width).max(0.0)
        } else {
            0.0
        };
        let mut x = line_start;
        let mut glyphs = Vec::new();
        let mut extent: Option<(f32, f32)> = None;
        for index in paragraph.visual_order(line.clone()) {
            let piece = &pieces[index];
            let galley = &galleys[index];
            let display: Vec<char> = piece.display.chars().collect();
            let mut matcher = GlyphMatcher::new(&display);
            for placed_row in &galley.rows {
                let span = |glyph: &egui::epaint::text::Glyph, char_offset: usize| GlyphSpan {
                    left: x + placed_row.pos.x + glyph.pos.x,
                    right: x + placed_row.pos.x + glyph.max_x(),
                    char_offset,
                    right_to_left: piece.is_right_to_left(),
                };
                if piece.is_right_to_left() {
                    glyphs.extend(right_to_left_spans(
                        &placed_row.glyphs,
                        &mut matcher,
                        &piece.display_chars,
                        span,
                    ));
                } else {
                    for glyph in &placed_row.glyphs {
                        let display_index = matcher.char_of(glyph);
                        if let Some(&char_offset) = piece.display_chars.get(display_index) {
                            glyphs.push(span(glyph, char_offset));
                        }
                    }
                }
                if let Some((text_top, text_bottom)) =
                    super::layout::text_extent(top + placed_row.pos.y, &placed_row.glyphs)
                {
                    extent = Some(match extent {
                        Some((a, b)) => (a.min(text_top), b.max(text_bottom)),
                        None => (text_top, text_bottom),
                    });
                }
            }
            placed.push(PlacedGalley {
                galley: galley.clone(),
                offset: vec2(x, top),
            });
            x += widths[index];
        }
        let chars_start = pieces.get(line.start).map_or(0, |piece| piece.chars.start);
        let chars_end = line
            .clone()
            .rev()
            .map(|index| &pieces[index])
            .find(|piece| piece.kind != PieceKind::Break)
            .map_or(chars_start, |piece| piece.chars.end);
        let bottom = top + line_height;
        let (text_top, text_bottom) = extent.unwrap_or((top, bottom));
        rows.push(RowMap {
            top,
            bottom,
            text_top,
            text_bottom,
            glyphs,
            chars_start,
            chars_end,
            end_x: if right_to_left { line_start } else { x },
        });
    }
    let height = rows.len().max(1) as f32 * line_height;
    ParagraphLayout::from_parts(placed, GlyphMap { rows }, height, right_to_left, right_edge)
}
