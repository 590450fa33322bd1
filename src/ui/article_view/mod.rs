//! The article view: the article in a reading column, with highlights and the app's own
//! selection model.
//!
//! Built to scale with what is on screen rather than with the document (see
//! `shared/docs/article-view.md` in the team docs): paragraphs are laid out one by one and
//! cached per column width; only those in the viewport are laid out, painted and hit-tested;
//! highlights are painted behind the glyphs from the row geometry, so a highlight change costs
//! no re-layout. Selection anchor and head are document char offsets.

pub(crate) mod bidi_layout;
mod cache;
mod caret;
mod lanes;
pub(crate) mod layout;
mod paint;
mod pointer;
mod relation_arcs;

use crate::command::AppCommand;
use crate::model::{AnnotationId, BlockKind, Document, Layer, TagId};
use crate::ui::theme;
use egui::{Pos2, Rect, Sense, Ui, vec2};
use layout::ParagraphLayout;
use std::collections::{HashSet, VecDeque};
use std::ops::Range;
use std::sync::Arc;

/// Extra points above and below the viewport that are laid out and painted too.
const VIEWPORT_MARGIN: f32 = 400.0;

/// Paragraph layouts kept once off screen: enough to scroll back and forth without laying
/// out again, few enough that reading a whole book does not keep every galley in memory.
const MAX_CACHED_LAYOUTS: usize = 128;

/// What the view reads from the app each frame.
pub(crate) struct ArticleInput<'a> {
    pub document: &'a Document,
    pub layer: &'a Layer,
    pub revision: u64,
    /// What changed in `layer` since an earlier revision (see
    /// [`crate::session::ReadingSession::changes_since`]).
    pub own_changes: &'a dyn Fn(u64) -> Option<Vec<&'a crate::model::LayerChange>>,
    pub selected_annotation: Option<AnnotationId>,
    pub hidden_tags: &'a HashSet<TagId>,
    /// Teammates' layers drawn beside the own one (read-only, never clickable).
    pub others: &'a [ShownLayer<'a>],
    /// The own analyst's colour, for colouring by analyst.
    pub own_colour: egui::Color32,
    pub colour_by_analyst: bool,
    /// Changes whenever `others` change (reloads, shown or hidden).
    pub others_revision: u64,
    /// A passage to point out: the disagreement being compared or adjudicated.
    pub focus: Option<crate::model::Span>,
    /// Draw the own layer's relations in the margin.
    pub show_relations: bool,
    /// Linking: a click on a highlight picks the relation's target instead of selecting.
    pub linking: bool,
    /// Find's matches (document order) and the current one.
    pub find_matches: &'a [crate::model::Span],
    pub current_match: Option<crate::model::Span>,
    /// The reading column's widest, in points.
    pub max_column_width: f32,
    pub font_family: egui::FontFamily,
    /// The article's reading direction (its document information's, or auto).
    pub direction: crate::model::direction::TextDirection,
}

/// A teammate's layer as the article view draws it.
#[derive(Clone, Copy)]
pub(crate) struct ShownLayer<'a> {
    pub layer: &'a Layer,
    pub colour: egui::Color32,
}

impl ArticleInput<'_> {
    /// The own layer first, then the shown teammates'.
    fn paint_layers(&self) -> Vec<paint::PaintLayer<'_>> {
        std::iter::once(paint::PaintLayer {
            layer: self.layer,
            analyst_colour: self.own_colour,
        })
        .chain(self.others.iter().map(|shown| paint::PaintLayer {
            layer: shown.layer,
            analyst_colour: shown.colour,
        }))
        .collect()
    }
}

/// The selection as document char offsets: `anchor` where it began, `head` where it ends now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TextSelection {
    pub anchor: usize,
    pub head: usize,
}

impl TextSelection {
    pub fn range(&self) -> Range<usize> {
        self.anchor.min(self.head)..self.anchor.max(self.head)
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.head
    }
}

/// Room left of the column for three tag letters side by side (the own one and two
/// teammates'), so that none is cut off by the panel beside the article.
const BADGE_MARGIN: f32 = 3.0 * (theme::BADGE_SIZE + 2.0) + 12.0;

#[derive(Default)]
pub struct ArticleView {
    /// Per paragraph: its layout for `layout_width`, if laid out.
    layouts: Vec<Option<ParagraphLayout>>,
    /// Laid-out paragraphs, oldest first: the first to forget past [`MAX_CACHED_LAYOUTS`].
    layout_order: VecDeque<usize>,
    /// Per block: indent from the column's left edge (list items, quotes).
    indents: Vec<f32>,
    /// Per paragraph: exact height once laid out, estimated before.
    heights: Vec<f32>,
    /// Per paragraph: top in content coordinates (prefix sums of heights and gaps).
    tops: Vec<f32>,
    tops_stale: bool,
    layout_width: f32,
    /// Identifies the document the caches belong to.
    document_key: String,
    /// Underline lane of each annotation, so that overlapping ones stack visibly.
    lanes: lanes::Lanes,
    lanes_revision: Option<(u64, u64)>,
    selection: TextSelection,
    /// A char offset to bring into view on the next frame.
    scroll_request: Option<usize>,
    /// Page Down (true) or Page Up (false) asked for, applied on the next frame.
    page_request: Option<bool>,
    /// The scroll offset of the last frame, and how much to move it by on the next one so
    /// that the text stays put when paragraphs above the viewport are laid out.
    scroll_offset: f32,
    scroll_correction: f32,
    /// After the column width changed (the pane or the window resized, arcs shown): the
    /// paragraph that was at the top of the view and how far into it (a fraction of its
    /// height), to bring back there once the heights are estimated anew.
    keep_in_view: Option<(usize, f32)>,
    /// Last frame's geometry, for hit-testing and for tests.
    content_origin: Pos2,
    column_left: f32,
    visible: Range<usize>,
    /// Paragraphs in the viewport itself (without the margin), in the last frame.
    on_screen: Range<usize>,
    dark_mode: bool,
    /// The caret is drawn once the keyboard or a click has placed it.
    show_caret: bool,
    /// The font family and pixels per point the layouts were made with.
    style_key: Option<(
        egui::FontFamily,
        u32,
        crate::model::direction::TextDirection,
    )>,
    /// The font atlas the cached galleys point into (see [`AtlasStamp`]).
    atlas_stamp: Option<crate::ui::kept_galleys::AtlasStamp>,
}

impl ArticleView {
    /// The current selection, if it holds at least one char.
    pub fn selection(&self) -> Option<Range<usize>> {
        (!self.selection.is_empty()).then(|| self.selection.range())
    }

    pub fn set_selection(&mut self, range: Range<usize>) {
        self.selection = TextSelection {
            anchor: range.start,
            head: range.end,
        };
    }

    pub fn clear_selection(&mut self) {
        self.selection.anchor = self.selection.head;
    }

    /// The caret's char offset (the selection's head).
    pub fn caret(&self) -> usize {
        self.selection.head
    }

    /// Scrolls so that `char_offset` is in view on the next frame.
    pub fn scroll_to(&mut self, char_offset: usize) {
        self.scroll_request = Some(char_offset);
    }

    /// Scrolls the article by a screen less a line (Page Down/Up, Space/Shift+Space).
    pub fn page(&mut self, forward: bool) {
        self.page_request = Some(forward);
    }

    /// The scroll offset (points from the top of the article) of the last frame.
    pub fn scroll_offset(&self) -> f32 {
        self.scroll_offset
    }

    /// Paragraphs drawn in the last frame.
    pub fn visible_paragraphs(&self) -> Range<usize> {
        self.visible.clone()
    }

    /// Where paragraph `index`'s galleys were drawn in the last frame (one for a
    /// left-to-right paragraph, one per piece for bidi layout), for tests and tooling that
    /// need to point at text.
    pub fn paragraph_galleys(&self, index: usize) -> Option<Vec<(Pos2, Arc<egui::Galley>)>> {
        let layout = self.layouts.get(index)?.as_ref()?;
        self.tops.get(index)?;
        let origin = self.block_origin(index);
        Some(
            layout
                .galleys
                .iter()
                .map(|placed| (origin + placed.offset, placed.galley.clone()))
                .collect(),
        )
    }

    /// Paragraph `index`'s rows as drawn in the last frame: each visible glyph's screen
    /// rectangle and the document char offset it draws, left to right.
    pub fn paragraph_rows(
        &self,
        document: &Document,
        index: usize,
    ) -> Option<Vec<Vec<(Rect, usize)>>> {
        let layout = self.layouts.get(index)?.as_ref()?;
        self.tops.get(index)?;
        let origin = self.block_origin(index);
        let start = document.blocks().get(index)?.chars.start;
        Some(
            layout
                .glyph_map
                .rows
                .iter()
                .map(|row| {
                    row.glyphs
                        .iter()
                        .filter(|glyph| glyph.right > glyph.left)
                        .map(|glyph| {
                            let rect = Rect::from_min_max(
                                egui::pos2(glyph.left, row.text_top),
                                egui::pos2(glyph.right, row.text_bottom),
                            );
                            (rect.translate(origin.to_vec2()), start + glyph.char_offset)
                        })
                        .collect()
                })
                .collect(),
        )
    }

    /// The caret's (the selection head's) document char offset.
    pub fn caret_offset(&self) -> usize {
        self.selection.head
    }

    /// The selection's highlight rectangles on screen in the last frame's layout (one per
    /// stretch contiguous on screen), in the laid-out paragraphs.
    pub fn selection_rects(&self, document: &Document) -> Vec<Rect> {
        let range = self.selection.range();
        let mut rects = Vec::new();
        for (index, block) in document.blocks().iter().enumerate() {
            if block.chars.end <= range.start || block.chars.start >= range.end {
                continue;
            }
            let Some(Some(layout)) = self.layouts.get(index) else {
                continue;
            };
            let start = range.start.max(block.chars.start) - block.chars.start;
            let end = range.end.min(block.chars.end) - block.chars.start;
            let origin = self.block_origin(index).to_vec2();
            rects.extend(
                layout
                    .glyph_map
                    .range_rects(start, end)
                    .into_iter()
                    .map(|rect| rect.translate(origin)),
            );
        }
        rects
    }

    /// The paragraph at the top of the view in the last frame, and how far down it the view
    /// starts (0 at its top, 1 at its bottom).
    pub(crate) fn reading_place(&self) -> Option<(usize, f32)> {
        if self.tops.len() < 2 {
            return None;
        }
        let index = self
            .paragraphs_between(self.scroll_offset, self.scroll_offset)
            .start;
        let top = *self.tops.get(index)?;
        let height = self.heights.get(index)?.max(1.0);
        Some((index, ((self.scroll_offset - top) / height).clamp(0.0, 1.0)))
    }

    /// Scrolls, next frame, so that paragraph `index` is at the top of the view, `fraction` of
    /// it above the top (another view's [`Self::reading_place`]).
    pub(crate) fn go_to_place(&mut self, index: usize, fraction: f32) {
        self.keep_in_view = Some((index, fraction.clamp(0.0, 1.0)));
    }

    /// Whether paragraph `index` was laid out right to left (right-aligned).
    pub fn paragraph_is_right_to_left(&self, index: usize) -> Option<bool> {
        Some(self.layouts.get(index)?.as_ref()?.right_to_left)
    }

    /// The caret's screen rectangle in the last frame's layout, if its paragraph is laid out.
    pub fn caret_screen_rect(&self, document: &Document) -> Option<Rect> {
        let head = self.selection.head;
        let index = document.block_index_at(head)?;
        let layout = self.layouts.get(index)?.as_ref()?;
        let block = &document.blocks()[index];
        let local = head.clamp(block.chars.start, block.chars.end) - block.chars.start;
        let rect = layout.glyph_map.caret_rect(local)?;
        Some(rect.translate(self.block_origin(index).to_vec2()))
    }

    /// Forgets all layout (a new document, or a style change).
    pub(crate) fn reset(&mut self) {
        *self = Self {
            selection: TextSelection::default(),
            ..Self::default()
        };
    }

    /// Draws the article and handles pointer input on it.
    pub(crate) fn show_ui(&mut self, ui: &mut Ui, input: &ArticleInput<'_>) -> Vec<AppCommand> {
        let mut commands = Vec::new();
        // The text's colours are laid out with it: a theme change lays it out again, whether
        // or not egui also rebuilt its font atlas (see `AtlasStamp`).
        if self.dark_mode != ui.visuals().dark_mode {
            self.forget_layouts();
        }
        self.dark_mode = ui.visuals().dark_mode;
        let available_width = ui.available_width();
        // Room on the left for the relation arcs, when they are drawn.
        let arc_margin = if input.show_relations { 110.0 } else { 0.0 };
        let column_width = (available_width - BADGE_MARGIN - 24.0 - arc_margin)
            .clamp(120.0, input.max_column_width.max(120.0));
        let atlas = crate::ui::kept_galleys::AtlasStamp::of(ui.ctx());
        if self
            .atlas_stamp
            .as_ref()
            .is_some_and(|stamp| !stamp.still_valid_at(&atlas))
        {
            // Same width and font: only the glyphs must be laid out again, the place is kept.
            self.forget_layouts();
        }
        self.atlas_stamp = Some(atlas);
        self.prepare(input, column_width, ui.pixels_per_point());
        self.column_left = ((available_width - column_width) / 2.0).max(BADGE_MARGIN + arc_margin);

        let viewport_height = ui.available_height();
        let mut scroll_area = egui::ScrollArea::vertical()
            .id_salt("article-scroll")
            .auto_shrink([false, false]);
        if let Some(target) = self.scroll_request.take() {
            self.keep_in_view = None;
            self.lay_out_around(ui, input.document, target, viewport_height);
            scroll_area = scroll_area.vertical_scroll_offset(self.scroll_offset_for(
                input.document,
                target,
                viewport_height,
            ));
        } else if let Some(forward) = self.page_request.take() {
            // A screen less a line, so that the last line read stays in view.
            let row_height = theme::ARTICLE_FONT_SIZE * theme::ARTICLE_LINE_HEIGHT_FACTOR;
            let step = (viewport_height - row_height).max(row_height);
            let bottom_most = (self.content_height() - viewport_height).max(0.0);
            let offset = if forward {
                self.scroll_offset + step
            } else {
                self.scroll_offset - step
            };
            scroll_area = scroll_area.vertical_scroll_offset(offset.clamp(0.0, bottom_most));
        } else if let Some((index, fraction)) = self.keep_in_view.take()
            && let Some(block) = input.document.blocks().get(index)
        {
            let block_start = block.chars.start;
            self.lay_out_around(ui, input.document, block_start, viewport_height);
            let offset = self.tops[index] + fraction * self.heights[index];
            scroll_area = scroll_area.vertical_scroll_offset(offset);
        } else if self.scroll_correction != 0.0 {
            // Paragraphs above the viewport got their real height: keep the text in place.
            let corrected = (self.scroll_offset + self.scroll_correction).max(0.0);
            scroll_area = scroll_area.vertical_scroll_offset(corrected);
        }
        self.scroll_correction = 0.0;
        // Heights are estimates until laid out, so the content's height changes from frame to
        // frame; egui's rubber band would take an offset past last frame's end for an
        // overscroll and spring back from it, sending the view coasting away from the text.
        ui.spacing_mut().scroll.kinetic.rubber_band = false;
        let output = scroll_area.show_viewport(ui, |ui, viewport| {
            self.content_ui(ui, viewport, input, column_width, &mut commands);
        });
        self.scroll_offset = output.state.clamped_offset().y;
        commands
    }

    fn content_ui(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        input: &ArticleInput<'_>,
        column_width: f32,
        commands: &mut Vec<AppCommand>,
    ) {
        self.content_origin = ui.max_rect().min;
        let content_rect = Rect::from_min_size(
            self.content_origin,
            vec2(ui.available_width(), self.content_height()),
        );
        let visible = self.paragraphs_between(
            viewport.min.y - VIEWPORT_MARGIN,
            viewport.max.y + VIEWPORT_MARGIN,
        );
        for index in visible.clone() {
            let change = self.ensure_layout(ui, input.document, index);
            if self.tops[index] < viewport.min.y {
                self.scroll_correction += change;
            }
        }
        if self.tops_stale {
            // Heights changed while laying out: draw once more with correct positions.
            self.recompute_tops();
            ui.ctx().request_repaint();
        }
        self.visible = visible.clone();

        // Accessibility nodes first, so that the article's own pointer handling sits on top;
        // only for paragraphs on screen (not the margin laid out around them), which is what a
        // screen reader can point at and keeps the tree's cost to the viewport.
        self.on_screen = self.paragraphs_between(viewport.min.y, viewport.max.y);
        for index in self.on_screen.clone() {
            self.paragraph_accessibility_ui(ui, input, index, column_width);
        }
        // Not focusable: the arrows move the caret while the keyboard is in the article, and
        // egui would move a focused widget's focus with them.
        let response = ui.interact(
            content_rect,
            ui.scope_id().with("article-content"),
            Sense::CLICK | Sense::DRAG,
        );
        ui.advance_cursor_after_rect(content_rect);

        let painter = ui.painter().clone();
        let paint_layers = input.paint_layers();
        for index in visible {
            let origin = self.block_origin(index);
            if let Some(layout) = &self.layouts[index] {
                let paragraph_chars = input.document.blocks()[index].chars.clone();
                paint::paint_paragraph(
                    &painter,
                    ui.visuals(),
                    &paint::ParagraphPaint {
                        origin,
                        layout,
                        paragraph_chars,
                        layers: &paint_layers,
                        colour_by_analyst: input.colour_by_analyst,
                        lanes: &self.lanes,
                        hidden_tags: input.hidden_tags,
                        selected_annotation: input.selected_annotation,
                        selection: self.selection.range(),
                        focus: input.focus,
                        dark_mode: self.dark_mode,
                        find_matches: input.find_matches,
                        current_match: input.current_match,
                    },
                );
                let blocks = input.document.blocks();
                if let Some(page) = blocks[index].page
                    && (index == 0
                        || input.document.page_at(blocks[index - 1].chars.end) != Some(page))
                {
                    paint::paint_page_mark(&painter, ui.visuals(), page, origin);
                }
                // A page that starts inside the paragraph: its mark above that row.
                let chars = blocks[index].chars.clone();
                for &(offset, page) in input.document.page_breaks_within(chars.clone()) {
                    let local = offset - chars.start;
                    if let Some(row) = layout
                        .glyph_map
                        .rows
                        .iter()
                        .rev()
                        .find(|row| row.chars_start <= local)
                    {
                        let row_origin = egui::pos2(origin.x, origin.y + row.top);
                        paint::paint_page_mark(&painter, ui.visuals(), page, row_origin);
                    }
                }
                paint::paint_block_decoration(
                    &painter,
                    ui.visuals(),
                    &input.document.blocks()[index].kind,
                    origin,
                    layout,
                );
            }
        }
        if self.show_caret && self.selection.is_empty() {
            self.paint_caret(&painter, ui.visuals(), input.document);
        }
        if input.show_relations {
            self.paint_relation_arcs(
                &painter,
                input.document,
                input.layer,
                input.selected_annotation,
                ui.clip_rect(),
            );
        }
        self.handle_pointer(ui, &response, input, commands);
        self.evict_layouts();
    }

    fn paint_caret(&self, painter: &egui::Painter, visuals: &egui::Visuals, document: &Document) {
        if let Some(rect) = self.caret_screen_rect(document) {
            painter.line_segment(
                [rect.center_top(), rect.center_bottom()],
                egui::Stroke::new(2.0, visuals.strong_text_color()),
            );
        }
    }

    fn paragraph_accessibility_ui(
        &self,
        ui: &mut Ui,
        input: &ArticleInput<'_>,
        index: usize,
        column_width: f32,
    ) {
        let rect = Rect::from_min_size(
            self.block_origin(index),
            vec2(column_width, self.heights[index]),
        );
        let block = &input.document.blocks()[index];
        let text = input.document.slice(block.chars.clone());
        let role = match block.kind {
            BlockKind::Heading(_) => egui::Role::Heading,
            BlockKind::ListItem { .. } => egui::Role::ListItem,
            BlockKind::BlockQuote => egui::Role::Blockquote,
            BlockKind::Paragraph => egui::Role::Paragraph,
            BlockKind::TableRow => egui::Role::Row,
        };
        let response = ui.interact(
            rect,
            ui.scope_id().with(("paragraph", index)),
            Sense::hover(),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(role, true, text));
    }
}
