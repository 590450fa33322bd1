//! The argument map window: the layout of [`crate::argument_map`] drawn with pan (drag, or
//! scroll) and zoom (Ctrl+scroll, pinch, or the buttons); clicking a node selects its
//! annotation and scrolls the article to it. The map can be written as SVG.

use crate::argument_map::MapLayout;
use crate::argument_map::svg::{EdgeCurve, edge_curve, wrap};
use crate::command::{AppCommand, RelationCommand};
use crate::ui::theme;
use egui::{Color32, Pos2, Rect, Sense, Stroke, Vec2, vec2};
use std::path::PathBuf;

/// Pan, zoom and the export path, kept between frames.
pub(crate) struct MapView {
    pub offset: Vec2,
    pub zoom: f32,
    pub export_path: String,
    /// Fit the map to the window on the next frames (the window's size settles over the
    /// first few frames after it opens).
    pub fit_frames: u8,
}

/// The map is never drawn smaller than its natural size, so that its labels stay at least
/// 11 points (legible at 100 % zoom); a map wider or taller than the dock is moved by dragging.
const MIN_ZOOM: f32 = 1.0;

impl Default for MapView {
    fn default() -> Self {
        Self {
            offset: Vec2::ZERO,
            zoom: 1.0,
            export_path: String::new(),
            fit_frames: 3,
        }
    }
}

/// The argument map, drawn in the team dock below the article.
pub(crate) fn argument_map_ui(
    ui: &mut egui::Ui,
    view: &mut MapView,
    map: &MapLayout,
    default_export: &std::path::Path,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    if view.export_path.is_empty() {
        view.export_path = default_export.display().to_string();
    }
    ui.vertical(|ui| {
            ui.horizontal(|ui| {
                if ui.button("Fit").clicked() {
                    view.fit_frames = 1;
                }
                if ui.button("−").on_hover_text("Zoom out").clicked() {
                    view.zoom = (view.zoom / 1.25).max(MIN_ZOOM);
                }
                if ui.button("+").on_hover_text("Zoom in").clicked() {
                    view.zoom = (view.zoom * 1.25).min(4.0);
                }
                ui.label(format!(
                    "{} nodes, {} relations · drag or scroll to move, Ctrl+scroll to zoom, click a node to show it",
                    map.nodes.len(),
                    map.edges.len()
                ));
            });
            ui.horizontal(|ui| {
                let label = ui.label("Export to:");
                ui.add(
                    egui::TextEdit::singleline(&mut view.export_path)
                        .desired_width(420.0)
                        .hint_text("map.svg or map.png"),
                )
                .labelled_by(label.id);
                if ui
                    .button("Export map")
                    .on_hover_text("SVG, or PNG when the name ends in .png")
                    .clicked()
                {
                    commands.push(AppCommand::Relations(RelationCommand::ExportArgumentMap(PathBuf::from(
                        view.export_path.trim(),
                    ))));
                }
            });
            if map.nodes.is_empty() {
                ui.label("No relations yet: select an annotation and press L, then click the one it relates to.");
                return;
            }
            canvas_ui(ui, view, map, &mut commands);
        });
    commands
}

fn canvas_ui(
    ui: &mut egui::Ui,
    view: &mut MapView,
    map: &MapLayout,
    commands: &mut Vec<AppCommand>,
) {
    let (rect, background) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    background
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Argument map canvas"));
    if view.fit_frames > 0 && rect.width() > 10.0 {
        // Fit the width, but never so small that the text goes: a tall map is scrolled.
        let zoom = (rect.width() / (map.width + 40.0)).clamp(MIN_ZOOM, 1.2);
        view.zoom = zoom;
        view.offset = vec2(20.0, 20.0);
        view.fit_frames -= 1;
        ui.ctx().request_repaint();
    }
    if background.dragged() {
        view.offset += background.drag_delta();
    }
    if background.hovered() {
        let (scroll, zoom_delta) =
            ui.input(|input| (input.smooth_scroll_delta, input.zoom_delta()));
        if zoom_delta != 1.0 {
            let pointer = ui
                .input(|input| input.pointer.hover_pos())
                .unwrap_or(rect.center());
            let before = (pointer - rect.min - view.offset) / view.zoom;
            view.zoom = (view.zoom * zoom_delta).clamp(MIN_ZOOM, 4.0);
            view.offset = pointer - rect.min - before * view.zoom;
        } else {
            view.offset += scroll;
        }
    }
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let to_screen = |x: f32, y: f32| -> Pos2 { rect.min + view.offset + vec2(x, y) * view.zoom };
    for edge in &map.edges {
        let (Some(from), Some(to)) = (map.nodes.get(edge.from), map.nodes.get(edge.to)) else {
            continue;
        };
        let EdgeCurve {
            x1,
            y1,
            c1,
            c2,
            x2,
            y2,
        } = edge_curve(from, to);
        let colour = theme::colour(edge.colour);
        painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
            [
                to_screen(x1, y1),
                to_screen(x1, c1),
                to_screen(x2, c2),
                to_screen(x2, y2),
            ],
            false,
            Color32::TRANSPARENT,
            Stroke::new(1.6, colour),
        ));
        let tip = to_screen(x2, y2);
        let up = if c2 < y2 { -1.0 } else { 1.0 };
        let size = 6.0;
        painter.add(egui::Shape::convex_polygon(
            vec![
                tip,
                tip + vec2(-size * 0.7, up * size),
                tip + vec2(size * 0.7, up * size),
            ],
            colour,
            Stroke::NONE,
        ));
    }
    let dark = ui.visuals().dark_mode;
    for node in &map.nodes {
        let node_rect = Rect::from_min_size(
            to_screen(node.x, node.y),
            vec2(node.width, node.height) * view.zoom,
        );
        if !node_rect.intersects(rect) {
            continue;
        }
        let colour = theme::colour(node.colour);
        let response = ui.interact(
            node_rect.intersect(rect),
            ui.scope_id().with(("map-node", node.id)),
            Sense::click(),
        );
        let label = format!("{}: {}", node.tag_label, node.text);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        let fill = theme::highlight_fill(colour, dark);
        painter.rect_filled(node_rect, 6.0 * view.zoom, fill);
        let stroke_width = if response.hovered() { 2.5 } else { 1.5 };
        painter.rect_stroke(
            node_rect,
            6.0 * view.zoom,
            Stroke::new(stroke_width, colour),
            egui::StrokeKind::Inside,
        );
        {
            let font = egui::FontId::proportional(11.0 * view.zoom);
            let behind = theme::composite(fill, ui.visuals().extreme_bg_color);
            painter.text(
                node_rect.min + vec2(8.0, 5.0) * view.zoom,
                egui::Align2::LEFT_TOP,
                &node.tag_label,
                egui::FontId::proportional(11.0 * view.zoom),
                theme::readable_on(colour, behind),
            );
            for (line, text) in wrap(&node.text, 34, 3).iter().enumerate() {
                painter.text(
                    node_rect.min + vec2(8.0, 22.0 + line as f32 * 14.0) * view.zoom,
                    egui::Align2::LEFT_TOP,
                    text,
                    font.clone(),
                    theme::readable_on(ui.visuals().text_color(), behind),
                );
            }
        }
        if response.clicked() {
            commands.push(AppCommand::SelectAnnotation {
                annotation_id: Some(node.id),
                scroll: true,
            });
        }
        response.on_hover_text(&node.text);
    }
}
