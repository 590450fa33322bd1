//! Painting a paragraph: highlight fills, the selection, the text, then the underlines and end
//! marks that keep overlapping highlights apart.
//!
//! Overlaps are a drawing decision: each annotation gets an underline *lane* (greedy interval
//! partitioning), so two overlapping highlights are underlined at different depths, and a bar
//! marks each one's first and last char. Fills are translucent, so overlaps also look darker.

use super::layout::ParagraphLayout;
use crate::model::{Annotation, AnnotationId, BlockKind, Layer, Span, TagId};
use crate::ui::theme;
use egui::{Color32, Painter, Pos2, Rect, Stroke, pos2};
use std::collections::HashSet;
use std::ops::Range;

/// One layer as drawn: the own layer first (index 0), then teammates' shown layers.
#[derive(Clone, Copy)]
pub(crate) struct PaintLayer<'a> {
    pub layer: &'a Layer,
    /// The analyst's colour, used instead of tag colours when colouring by analyst.
    pub analyst_colour: Color32,
}

/// Everything needed to paint one paragraph.
pub(crate) struct ParagraphPaint<'a> {
    pub origin: Pos2,
    pub layout: &'a ParagraphLayout,
    pub paragraph_chars: Range<usize>,
    pub layers: &'a [PaintLayer<'a>],
    pub colour_by_analyst: bool,
    pub lanes: &'a super::lanes::Lanes,
    pub hidden_tags: &'a HashSet<TagId>,
    pub selected_annotation: Option<AnnotationId>,
    pub selection: Range<usize>,
    /// A passage to point out (the disagreement being compared or adjudicated).
    pub focus: Option<Span>,
    pub dark_mode: bool,
    /// Find's matches (document order) and the current one.
    pub find_matches: &'a [Span],
    pub current_match: Option<Span>,
}

/// The shortest visible annotation covering `offset` (the one a click most likely means).
pub(crate) fn innermost_annotation_at(
    layer: &Layer,
    hidden_tags: &HashSet<TagId>,
    offset: usize,
) -> Option<AnnotationId> {
    layer
        .overlapping(Span::new(offset, offset + 1))
        .filter(|annotation| !hidden_tags.contains(&annotation.tag))
        .min_by_key(|annotation| annotation.span.len())
        .map(|annotation| annotation.id)
}

/// An annotation's colour: its tag's in its own layer's tag set, or its analyst's.
pub(crate) fn annotation_colour(
    shown: &PaintLayer<'_>,
    annotation: &Annotation,
    by_analyst: bool,
) -> Color32 {
    if by_analyst {
        shown.analyst_colour
    } else {
        theme::tag_colour(&shown.layer.tag_set, &annotation.tag)
    }
}

pub(crate) fn paint_paragraph(
    painter: &Painter,
    visuals: &egui::Visuals,
    paint: &ParagraphPaint<'_>,
) {
    let paragraph_span = Span::new(paint.paragraph_chars.start, paint.paragraph_chars.end);
    // (layer index, index in the layer, annotation)
    let annotations: Vec<(usize, usize, &Annotation)> = paint
        .layers
        .iter()
        .enumerate()
        .flat_map(|(layer_index, shown)| {
            shown
                .layer
                .overlapping_indexed(paragraph_span)
                .filter(|(_, annotation)| !paint.hidden_tags.contains(&annotation.tag))
                .map(move |(index, annotation)| (layer_index, index, annotation))
        })
        .collect();
    let local_rects = |range: Range<usize>| -> Vec<Rect> {
        let start = range.start.max(paint.paragraph_chars.start) - paint.paragraph_chars.start;
        let end = range
            .end
            .min(paint.paragraph_chars.end)
            .saturating_sub(paint.paragraph_chars.start);
        paint
            .layout
            .glyph_map
            .range_rects(start, end)
            .into_iter()
            .map(|rect| rect.translate(paint.origin.to_vec2()))
            .collect()
    };

    for &(layer_index, _, annotation) in &annotations {
        let colour = annotation_colour(
            &paint.layers[layer_index],
            annotation,
            paint.colour_by_analyst,
        );
        for rect in local_rects(annotation.span.range()) {
            painter.rect_filled(rect, 2.0, theme::highlight_fill(colour, paint.dark_mode));
        }
    }
    paint_find_matches(painter, visuals, paint, &local_rects);
    if !paint.selection.is_empty() {
        for rect in local_rects(paint.selection.clone()) {
            painter.rect_filled(rect, 0.0, theme::selection_fill(paint.dark_mode));
        }
    }
    for placed in &paint.layout.galleys {
        painter.galley(
            paint.origin + placed.offset,
            placed.galley.clone(),
            visuals.text_color(),
        );
    }

    if let Some(focus) = paint.focus
        && focus.overlaps(&paragraph_span)
    {
        let stroke = Stroke::new(2.0, visuals.warn_fg_color);
        for rect in local_rects(focus.range()) {
            painter.rect_stroke(rect.expand(3.0), 3.0, stroke, egui::StrokeKind::Outside);
        }
    }
    paint_tag_badges(painter, visuals, paint, &annotations, &local_rects);
    for &(layer_index, _, annotation) in &annotations {
        paint_marks(
            painter,
            visuals,
            paint,
            layer_index,
            annotation,
            &local_rects(annotation.span.range()),
        );
    }
}

/// Find's matches in this paragraph: a fill, and an outline on the current one.
fn paint_find_matches(
    painter: &Painter,
    visuals: &egui::Visuals,
    paint: &ParagraphPaint<'_>,
    local_rects: &dyn Fn(Range<usize>) -> Vec<Rect>,
) {
    let first = paint
        .find_matches
        .partition_point(|span| span.end <= paint.paragraph_chars.start);
    let in_paragraph = paint.find_matches[first..]
        .iter()
        .take_while(|span| span.start < paint.paragraph_chars.end);
    let fill = theme::find_match_fill(paint.dark_mode);
    // An outline too, so that a match shows inside a highlight of any colour.
    let outline = Stroke::new(1.0, theme::find_match_outline(paint.dark_mode));
    for span in in_paragraph {
        for rect in local_rects(span.range()) {
            painter.rect_filled(rect, 2.0, fill);
            painter.rect_stroke(rect, 2.0, outline, egui::StrokeKind::Outside);
        }
    }
    if let Some(current) = paint.current_match
        && current.start < paint.paragraph_chars.end
        && current.end > paint.paragraph_chars.start
    {
        let stroke = Stroke::new(2.0, visuals.strong_text_color());
        for rect in local_rects(current.range()) {
            painter.rect_stroke(rect.expand(1.5), 2.0, stroke, egui::StrokeKind::Outside);
        }
    }
}

/// A letter badge in the left margin for each annotation that starts on a row (C, E, R…), so
/// that tags differ by more than colour.
fn paint_tag_badges(
    painter: &Painter,
    visuals: &egui::Visuals,
    paint: &ParagraphPaint<'_>,
    annotations: &[(usize, usize, &Annotation)],
    local_rects: &dyn Fn(Range<usize>) -> Vec<Rect>,
) {
    let mut badges_on_row: Vec<(f32, usize)> = Vec::new();
    for &(layer_index, _, annotation) in annotations {
        if !paint.paragraph_chars.contains(&annotation.span.start) {
            continue;
        }
        let Some(first) = local_rects(annotation.span.start..annotation.span.start + 1)
            .into_iter()
            .next()
        else {
            continue;
        };
        let shown = &paint.layers[layer_index];
        let letter = theme::tag_letter(&shown.layer.tag_set, &annotation.tag);
        let colour = annotation_colour(shown, annotation, paint.colour_by_analyst);
        let row_top = first.top();
        let count = match badges_on_row
            .iter_mut()
            .find(|(top, _)| (top - row_top).abs() < 1.0)
        {
            Some((_, count)) => {
                *count += 1;
                *count - 1
            }
            None => {
                badges_on_row.push((row_top, 1));
                0
            }
        };
        let size = theme::BADGE_SIZE;
        let width = size * (1.0 + 0.45 * (letter.chars().count() as f32 - 1.0));
        let right = paint.origin.x - 6.0 - count as f32 * (size + 2.0);
        let badge = Rect::from_min_size(
            pos2(right - width, first.center().y - size / 2.0),
            egui::vec2(width, size),
        );
        if layer_index == 0 {
            painter.rect_filled(badge, 3.0, colour);
        } else {
            // Teammates' badges are outlined, as their underlines are dashed.
            painter.rect_stroke(
                badge,
                3.0,
                Stroke::new(1.5, colour),
                egui::StrokeKind::Inside,
            );
        }
        let text_colour = if layer_index == 0 {
            theme::text_on(colour)
        } else {
            visuals.text_color()
        };
        painter.text(
            badge.center(),
            egui::Align2::CENTER_CENTER,
            letter,
            egui::FontId::proportional(theme::BADGE_FONT_SIZE),
            text_colour,
        );
    }
}

/// Underline in the annotation's lane, bars at its ends, and an outline when selected.
/// Teammates' underlines are dashed, so that whose is whose shows without colour too.
fn paint_marks(
    painter: &Painter,
    visuals: &egui::Visuals,
    paint: &ParagraphPaint<'_>,
    layer_index: usize,
    annotation: &Annotation,
    rects: &[Rect],
) {
    let colour = annotation_colour(
        &paint.layers[layer_index],
        annotation,
        paint.colour_by_analyst,
    );
    let lane = paint
        .lanes
        .lane_of(layer_index, annotation)
        .min(theme::MAX_UNDERLINE_LANES - 1);
    let underline = Stroke::new(theme::UNDERLINE_THICKNESS, colour);
    for rect in rects {
        let y = rect.bottom() + 1.0 + lane as f32 * theme::UNDERLINE_LANE_STEP;
        if layer_index == 0 {
            painter.line_segment([pos2(rect.left(), y), pos2(rect.right(), y)], underline);
        } else {
            painter.extend(egui::Shape::dashed_line(
                &[pos2(rect.left(), y), pos2(rect.right(), y)],
                underline,
                4.0,
                3.0,
            ));
        }
    }
    let end_mark = Stroke::new(theme::END_MARK_WIDTH, colour);
    if paint.paragraph_chars.contains(&annotation.span.start)
        && let Some(first) = rects.first()
    {
        painter.line_segment(
            [first.left_top(), first.left_bottom() + egui::vec2(0.0, 2.0)],
            end_mark,
        );
    }
    if annotation.span.end <= paint.paragraph_chars.end
        && let Some(last) = rects.last()
    {
        painter.line_segment(
            [last.right_top(), last.right_bottom() + egui::vec2(0.0, 2.0)],
            end_mark,
        );
    }
    if layer_index == 0 && paint.selected_annotation == Some(annotation.id) {
        let outline = Stroke::new(1.5, visuals.strong_text_color());
        for rect in rects {
            painter.rect_stroke(rect.expand(1.0), 2.0, outline, egui::StrokeKind::Outside);
        }
    }
}

/// A page break, for sources with pages: "p. 12" in the left margin just above the first
/// block of the page, over a short rule, clear of the tag badges on the block's first row.
pub(crate) fn paint_page_mark(painter: &Painter, visuals: &egui::Visuals, page: u32, origin: Pos2) {
    let colour = visuals.weak_text_color();
    let bottom = origin.y - 2.0;
    let label = painter.text(
        pos2(origin.x - 6.0, bottom),
        egui::Align2::RIGHT_BOTTOM,
        format!("p. {page}"),
        egui::FontId::proportional(11.0),
        colour,
    );
    painter.hline(
        (label.left() - 6.0)..=(origin.x - 6.0),
        bottom + 1.0,
        Stroke::new(0.5, colour),
    );
}

/// The list marker before a list item, the bar beside a block quote.
pub(crate) fn paint_block_decoration(
    painter: &Painter,
    visuals: &egui::Visuals,
    kind: &BlockKind,
    origin: Pos2,
    layout: &ParagraphLayout,
) {
    match kind {
        BlockKind::ListItem { marker, .. } => {
            let Some(first_row) = layout.glyph_map.rows.first() else {
                return;
            };
            // Before the item's first line: at its right in a right-to-left item.
            let (x, align) = if layout.right_to_left {
                (origin.x + layout.right_edge + 6.0, egui::Align2::LEFT_TOP)
            } else {
                (origin.x - 6.0, egui::Align2::RIGHT_TOP)
            };
            painter.text(
                pos2(x, origin.y + first_row.text_top),
                align,
                marker,
                egui::FontId::proportional(theme::ARTICLE_FONT_SIZE),
                visuals.weak_text_color(),
            );
        }
        BlockKind::BlockQuote => {
            let x = if layout.right_to_left {
                origin.x + layout.right_edge + theme::QUOTE_INDENT / 2.0
            } else {
                origin.x - theme::QUOTE_INDENT / 2.0
            };
            painter.line_segment(
                [pos2(x, origin.y), pos2(x, origin.y + layout.height())],
                Stroke::new(3.0, visuals.weak_text_color()),
            );
        }
        BlockKind::Paragraph | BlockKind::Heading(_) | BlockKind::TableRow => {}
    }
}
