//! Relations drawn in the margin left of the reading column, when the analyst asks for them:
//! an arc from the start of the source annotation to the start of its target, in the relation
//! kind's colour, with an arrowhead at the target. Longer arcs bulge further out, so nested
//! ones stay apart. Ends outside the laid-out text use the estimated paragraph position, so an
//! arc to a far passage leaves the viewport in the right direction.

use super::ArticleView;
use crate::model::{AnnotationId, Document, Layer};
use crate::ui::theme;
use egui::{Painter, Pos2, Rect, Stroke, pos2};

impl ArticleView {
    /// The screen y of a char offset: its glyph's middle if laid out, else its block's top.
    fn y_of_offset(&self, document: &Document, offset: usize) -> Option<f32> {
        let index = document.block_index_at(offset)?;
        let origin = self.block_origin(index);
        let local = offset.saturating_sub(document.blocks()[index].chars.start);
        let within = self
            .layouts
            .get(index)
            .and_then(Option::as_ref)
            .and_then(|layout| layout.glyph_map.caret_rect(local))
            .map_or(0.0, |caret| caret.center().y);
        Some(origin.y + within)
    }

    pub(super) fn paint_relation_arcs(
        &self,
        painter: &Painter,
        document: &Document,
        layer: &Layer,
        selected: Option<AnnotationId>,
        clip: Rect,
    ) {
        let x = self.content_origin.x + self.column_left - 14.0;
        let blocks = document.blocks();
        let (Some(first), Some(last)) = (
            blocks.get(self.visible.start),
            self.visible
                .end
                .checked_sub(1)
                .and_then(|last| blocks.get(last)),
        ) else {
            return;
        };
        let laid_out = first.chars.start..last.chars.end;
        for relation in layer.relations() {
            // Offsets are in the order of screen positions: an arc with both ends before the
            // text laid out this frame, or both after it, is off screen. Most of a book's
            // relations are, and finding their annotations cost more than the rest of the
            // frame.
            let (Some(from), Some(to)) = (
                layer.start_of(relation.source),
                layer.start_of(relation.target),
            ) else {
                continue;
            };
            if from.max(to) < laid_out.start || from.min(to) >= laid_out.end {
                continue;
            }
            let (Some(source), Some(target)) =
                (layer.get(relation.source), layer.get(relation.target))
            else {
                continue;
            };
            if !source.is_placed() || !target.is_placed() {
                continue;
            }
            let (Some(from), Some(to)) = (
                self.y_of_offset(document, source.span.start),
                self.y_of_offset(document, target.span.start),
            ) else {
                continue;
            };
            if from.max(to) < clip.top() || from.min(to) > clip.bottom() {
                continue;
            }
            let colour = layer
                .tag_set
                .relation(&relation.kind)
                .map_or(theme::UNKNOWN_TAG_COLOUR, |definition| {
                    theme::colour(definition.colour)
                });
            let emphasised = selected.is_some_and(|id| relation.involves(id));
            let width = if emphasised { 2.5 } else { 1.2 };
            let bulge = 6.0
                + ((to - from).abs() * 0.08)
                    .min(x - clip.left() - 4.0)
                    .max(0.0);
            let points = [
                pos2(x, from),
                pos2(x - bulge, from),
                pos2(x - bulge, to),
                pos2(x, to),
            ];
            painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
                points,
                false,
                egui::Color32::TRANSPARENT,
                Stroke::new(width, colour),
            ));
            paint_arrowhead(painter, pos2(x, to), colour);
        }
    }
}

fn paint_arrowhead(painter: &Painter, tip: Pos2, colour: egui::Color32) {
    let size = 5.0;
    painter.add(egui::Shape::convex_polygon(
        vec![
            tip + egui::vec2(2.0, 0.0),
            tip + egui::vec2(-size, -size * 0.7),
            tip + egui::vec2(-size, size * 0.7),
        ],
        colour,
        Stroke::NONE,
    ));
}
