//! The overview strip beside the article: where each tag's annotations lie in the whole
//! article, one column per tag, with the part in view outlined and find's matches ticked. A
//! click or a drag jumps there.
//!
//! Positions are proportional to char offsets (the article's real height is only known for
//! the paragraphs laid out). The marks are merged per pixel row once per change, so a book's
//! 20,000 annotations cost a few hundred rectangles a frame.

use crate::app::AppCommand;
use crate::model::{Layer, TagId};
use crate::ui::theme;
use egui::{Rect, Sense, Ui, pos2, vec2};
use std::collections::HashSet;
use std::ops::Range;

/// Width of the strip, in points.
pub const STRIP_WIDTH: f32 = 30.0;

#[derive(Default)]
pub struct OverviewCache {
    /// Layer revision, hidden tags, strip height, article length the runs were made for.
    key: Option<(u64, Vec<TagId>, u32, usize)>,
    /// Per shown tag: its colour and the merged runs of rows `[top, bottom)` it covers.
    columns: Vec<(egui::Color32, Vec<Range<f32>>)>,
}

pub struct OverviewInput<'a> {
    pub layer: &'a Layer,
    pub revision: u64,
    pub hidden_tags: &'a HashSet<TagId>,
    pub char_count: usize,
    /// The chars in view, to outline.
    pub in_view: Range<usize>,
    /// Find's matches, marked across the strip.
    pub find_matches: &'a [crate::model::Span],
    pub dark_mode: bool,
}

impl OverviewCache {
    fn refresh(&mut self, input: &OverviewInput<'_>, height: f32) {
        let mut hidden: Vec<TagId> = input.hidden_tags.iter().cloned().collect();
        hidden.sort();
        let key = Some((input.revision, hidden, height as u32, input.char_count));
        if self.key == key {
            return;
        }
        let scale = height / input.char_count.max(1) as f32;
        let tags: Vec<&crate::model::TagDef> = input
            .layer
            .tag_set
            .tags
            .iter()
            .filter(|tag| !input.hidden_tags.contains(&tag.id))
            .collect();
        self.columns = tags
            .iter()
            .map(|tag| (theme::colour(tag.colour), Vec::new()))
            .collect();
        for annotation in input.layer.annotations().iter() {
            if !annotation.is_placed() {
                continue;
            }
            let Some(column) = tags.iter().position(|tag| tag.id == annotation.tag) else {
                continue;
            };
            let top = annotation.span.start as f32 * scale;
            // At least two points tall, so that a short quote in a book still shows.
            let bottom = (annotation.span.end as f32 * scale).max(top + 2.0);
            let runs = &mut self.columns[column].1;
            match runs.last_mut() {
                Some(last) if top <= last.end + 1.0 => last.end = last.end.max(bottom),
                _ => runs.push(top..bottom),
            }
        }
        self.key = key;
    }
}

/// Draws the strip; returns a jump to the char offset clicked.
pub fn overview_strip_ui(
    ui: &mut Ui,
    cache: &mut OverviewCache,
    input: &OverviewInput<'_>,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let (rect, response) = ui.allocate_exact_size(
        vec2(STRIP_WIDTH, ui.available_height()),
        Sense::click_and_drag(),
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::ScrollBar,
            true,
            "Overview of the annotations: click to jump there",
        )
    });
    let inner = rect.shrink2(vec2(3.0, 4.0));
    cache.refresh(input, inner.height());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
    let columns = cache.columns.len().max(1) as f32;
    let column_width = inner.width() / columns;
    for (index, (colour, runs)) in cache.columns.iter().enumerate() {
        let left = inner.left() + index as f32 * column_width;
        for run in runs {
            painter.rect_filled(
                Rect::from_min_max(
                    pos2(left + 0.5, inner.top() + run.start),
                    pos2(left + column_width - 0.5, inner.top() + run.end),
                ),
                0.0,
                *colour,
            );
        }
    }
    let scale = inner.height() / input.char_count.max(1) as f32;
    let mut last_row = f32::NEG_INFINITY;
    for span in input.find_matches {
        let y = (inner.top() + span.start as f32 * scale).round();
        // One tick per pixel row, however many matches share it.
        if y > last_row {
            painter.hline(
                rect.x_range(),
                y,
                egui::Stroke::new(1.5, theme::find_match_outline(input.dark_mode)),
            );
            last_row = y;
        }
    }
    let view = Rect::from_min_max(
        pos2(
            rect.left() + 1.0,
            inner.top() + input.in_view.start as f32 * scale,
        ),
        pos2(
            rect.right() - 1.0,
            (inner.top() + input.in_view.end as f32 * scale)
                .max(inner.top() + input.in_view.start as f32 * scale + 4.0),
        ),
    );
    painter.rect_stroke(
        view,
        2.0,
        egui::Stroke::new(1.5, ui.visuals().strong_text_color()),
        egui::StrokeKind::Inside,
    );
    if (response.clicked() || response.dragged())
        && let Some(pos) = response.interact_pointer_pos()
    {
        let fraction = ((pos.y - inner.top()) / inner.height()).clamp(0.0, 1.0);
        commands.push(AppCommand::JumpTo(
            (fraction * input.char_count as f32) as usize,
        ));
    }
    response.on_hover_text("Where each tag's annotations are, one column per tag; click to jump");
    commands
}
