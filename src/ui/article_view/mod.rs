//! The article view: the article in a reading column, with highlights and the app's own
//! selection model.
//!
//! Built to scale with what is on screen rather than with the document (see
//! `shared/docs/article-view.md` in the team docs): paragraphs are laid out one by one and
//! cached per column width; only those in the viewport are laid out, painted and hit-tested;
//! highlights are painted behind the glyphs from the row geometry, so a highlight change costs
//! no re-layout. Selection anchor and head are document char offsets.

mod layout;
mod paint;
mod relation_arcs;

use crate::command::{AppCommand, RelationCommand};
use crate::model::{AnnotationId, BlockKind, Document, Layer, TagId};
use crate::ui::theme;
use egui::{Pos2, Rect, Sense, Ui, Vec2, vec2};
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
pub struct ArticleInput<'a> {
    pub document: &'a Document,
    pub layer: &'a Layer,
    pub revision: u64,
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
}

/// A teammate's layer as the article view draws it.
#[derive(Clone, Copy)]
pub struct ShownLayer<'a> {
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
pub struct TextSelection {
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
    lanes: paint::Lanes,
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
    style_key: Option<(egui::FontFamily, u32)>,
    /// The font atlas the cached galleys point into (see [`AtlasStamp`]).
    atlas_stamp: Option<AtlasStamp>,
}

/// What tells that egui rebuilt its font atlas, which leaves every cached galley pointing at
/// glyphs that are no longer there (drawn as the wrong letters): the text options (the
/// theme's coverage-to-alpha curve, among others), and a fill ratio that went down (the atlas
/// was cleared when full, or new fonts were installed).
#[derive(Clone, Debug, PartialEq)]
struct AtlasStamp {
    options: egui::epaint::text::TextOptions,
    fill_ratio: f32,
}

impl AtlasStamp {
    fn of(ctx: &egui::Context) -> Self {
        ctx.fonts(|fonts| Self {
            options: *fonts.options(),
            fill_ratio: fonts.font_atlas_fill_ratio(),
        })
    }

    /// Whether galleys laid out when `self` was taken still draw correctly now.
    fn still_valid_at(&self, now: &Self) -> bool {
        self.options == now.options && now.fill_ratio >= self.fill_ratio
    }
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

    /// Moves the caret (the selection's head) by a char, word, sentence or paragraph, keeping
    /// the anchor when extending. A caret outside the view first moves to the view's top, so
    /// the keyboard starts where the analyst is reading.
    pub fn move_caret(&mut self, document: &Document, movement: crate::command::CaretMove) {
        use crate::command::CaretUnit;
        use crate::model::search::{next_sentence_end, previous_sentence_start};
        let caret_block = document.block_index_at(self.selection.head);
        let off_screen = !caret_block.is_some_and(|block| self.on_screen.contains(&block));
        // A selection scrolled away is kept when extended (the view goes back to it).
        let keep_selection = movement.extend && !self.selection.is_empty();
        if off_screen
            && !keep_selection
            && let Some(top) = document.blocks().get(self.on_screen.start)
        {
            self.selection = TextSelection {
                anchor: top.chars.start,
                head: top.chars.start,
            };
            if !movement.extend {
                self.show_caret = true;
                return;
            }
        }
        let head = self.selection.head;
        let forward = movement.forward;
        let new_head = match movement.unit {
            CaretUnit::Char => char_step(document, head, forward),
            CaretUnit::Line => self.line_step(document, head, forward),
            CaretUnit::Word if forward => document.next_word_end(head),
            CaretUnit::Word => document.previous_word_start(head),
            CaretUnit::Sentence if forward => next_sentence_end(document, head),
            CaretUnit::Sentence => previous_sentence_start(document, head),
            CaretUnit::Paragraph => paragraph_step(document, head, forward),
        };
        self.selection.head = new_head;
        if !movement.extend {
            self.selection.anchor = new_head;
        }
        self.show_caret = true;
        if !document
            .block_index_at(new_head)
            .is_some_and(|block| self.on_screen.contains(&block))
        {
            self.scroll_request = Some(new_head);
        }
    }

    /// The chars of the paragraphs in view in the last frame.
    pub fn chars_in_view(&self, document: &Document) -> Range<usize> {
        let blocks = document.blocks();
        match (
            blocks.get(self.on_screen.start),
            self.on_screen
                .end
                .checked_sub(1)
                .and_then(|last| blocks.get(last)),
        ) {
            (Some(first), Some(last)) => first.chars.start..last.chars.end,
            _ => 0..0,
        }
    }

    /// The offset a row above or below `head`, at the same horizontal place (from the last
    /// frame's layout; a caret whose paragraph is not laid out moves by a paragraph).
    fn line_step(&self, document: &Document, head: usize, forward: bool) -> usize {
        let caret = document.block_index_at(head).and_then(|index| {
            let layout = self.layouts.get(index)?.as_ref()?;
            let block = &document.blocks()[index];
            let local = head.clamp(block.chars.start, block.chars.end) - block.chars.start;
            let rect = layout.glyph_map.caret_rect(local)?;
            Some(rect.translate(self.block_origin(index).to_vec2()))
        });
        let Some(caret) = caret else {
            return paragraph_step(document, head, forward);
        };
        // A row past the caret's row lands inside the next row, or in the gap before the
        // next paragraph, which `offset_at` puts at that paragraph's start.
        let row = caret.height();
        let target = if forward {
            caret.center() + egui::vec2(0.0, row + theme::PARAGRAPH_GAP * 0.5)
        } else {
            caret.center() - egui::vec2(0.0, row)
        };
        if target.y < self.content_origin.y {
            return 0;
        }
        self.offset_at(document, target)
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

    /// Where paragraph `index` was drawn in the last frame, and its galley (for tests and
    /// tooling that need to point at text).
    pub fn paragraph_galley(&self, index: usize) -> Option<(Pos2, Arc<egui::Galley>)> {
        let layout = self.layouts.get(index)?.as_ref()?;
        self.tops.get(index)?;
        Some((self.block_origin(index), layout.galley.clone()))
    }

    /// Forgets all layout (a new document, or a style change).
    pub fn reset(&mut self) {
        *self = Self {
            selection: TextSelection::default(),
            ..Self::default()
        };
    }

    /// Draws the article and handles pointer input on it.
    pub fn show_ui(&mut self, ui: &mut Ui, input: &ArticleInput<'_>) -> Vec<AppCommand> {
        let mut commands = Vec::new();
        self.dark_mode = ui.visuals().dark_mode;
        let available_width = ui.available_width();
        // Room on the left for the relation arcs, when they are drawn.
        let arc_margin = if input.show_relations { 110.0 } else { 0.0 };
        let column_width = (available_width - BADGE_MARGIN - 24.0 - arc_margin)
            .clamp(120.0, input.max_column_width.max(120.0));
        let atlas = AtlasStamp::of(ui.ctx());
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
        } else if let Some((index, fraction)) = self.keep_in_view.take() {
            let block_start = input.document.blocks()[index].chars.start;
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

    /// Matches caches to the document, the width and the annotations.
    fn prepare(&mut self, input: &ArticleInput<'_>, column_width: f32, ui_pixels_per_point: f32) {
        let paragraphs = input.document.blocks();
        if self.document_key != input.document.sha256_hex()
            || self.layouts.len() != paragraphs.len()
        {
            self.reset();
            self.document_key = input.document.sha256_hex().to_owned();
            self.layouts = paragraphs.iter().map(|_| None).collect();
            self.heights = vec![0.0; paragraphs.len()];
            self.indents = paragraphs
                .iter()
                .map(|block| block_indent(&block.kind))
                .collect();
            self.layout_width = 0.0;
        }
        let style_key = Some((
            input.font_family.clone(),
            (ui_pixels_per_point * 100.0).round() as u32,
        ));
        let style_changed = self.style_key != style_key;
        self.style_key = style_key;
        if (self.layout_width - column_width).abs() > 0.5 || style_changed {
            if self.layout_width > 0.0 && !self.tops_stale && self.tops.len() > 1 {
                // Keep the reader's place: heights below are estimated anew for the new width.
                let top = self
                    .paragraphs_between(self.scroll_offset, self.scroll_offset)
                    .start;
                let fraction = ((self.scroll_offset - self.tops[top]) / self.heights[top].max(1.0))
                    .clamp(0.0, 1.0);
                self.keep_in_view = Some((top, fraction));
            }
            self.layout_width = column_width;
            let row_height = theme::ARTICLE_FONT_SIZE * theme::ARTICLE_LINE_HEIGHT_FACTOR;
            let chars_per_row = (column_width / (theme::ARTICLE_FONT_SIZE * 0.5)).max(1.0);
            self.layout_order.clear();
            for (index, paragraph) in paragraphs.iter().enumerate() {
                self.layouts[index] = None;
                let rows = (paragraph.chars.len() as f32 / chars_per_row)
                    .ceil()
                    .max(1.0);
                self.heights[index] = rows * row_height;
            }
            self.tops_stale = true;
        }
        let lanes_key = (input.revision, input.others_revision);
        if self.lanes_revision != Some(lanes_key) {
            self.lanes = paint::assign_lanes(&input.paint_layers());
            self.lanes_revision = Some(lanes_key);
        }
        if self.tops_stale {
            self.recompute_tops();
        }
    }

    /// Drops every paragraph's layout (heights are kept: they are still right).
    fn forget_layouts(&mut self) {
        for layout in &mut self.layouts {
            *layout = None;
        }
        self.layout_order.clear();
    }

    /// Lays out block `index` if needed; returns how much its height changed.
    fn ensure_layout(&mut self, ui: &Ui, document: &Document, index: usize) -> f32 {
        if self.layouts[index].is_some() {
            return 0.0;
        }
        let block = &document.blocks()[index];
        let text = document.slice(block.chars.clone());
        let family = self
            .style_key
            .as_ref()
            .map_or(egui::FontFamily::Proportional, |(family, _)| family.clone());
        let galley = layout_block(
            ui,
            text,
            &block.kind,
            self.layout_width - block_indent(&block.kind),
            family,
        );
        let layout = ParagraphLayout::new(galley, text);
        let change = layout.height() - self.heights[index];
        if change.abs() > 0.01 {
            self.heights[index] = layout.height();
            self.tops_stale = true;
        }
        self.layouts[index] = Some(layout);
        self.layout_order.push_back(index);
        change
    }

    /// Forgets the oldest layouts off screen once more than [`MAX_CACHED_LAYOUTS`] are kept
    /// (their exact heights stay).
    fn evict_layouts(&mut self) {
        let mut checked = 0;
        while self.layout_order.len() > MAX_CACHED_LAYOUTS && checked < self.layout_order.len() {
            checked += 1;
            let Some(index) = self.layout_order.pop_front() else {
                break;
            };
            if self.visible.contains(&index) {
                self.layout_order.push_back(index);
            } else if let Some(layout) = self.layouts.get_mut(index) {
                *layout = None;
            }
        }
    }

    /// Screen position of block `index`'s galley in the last frame.
    fn block_origin(&self, index: usize) -> Pos2 {
        let indent = self.indents.get(index).copied().unwrap_or(0.0);
        let top = self.tops.get(index).copied().unwrap_or(0.0);
        self.content_origin + vec2(self.column_left + indent, top)
    }

    fn recompute_tops(&mut self) {
        self.tops.clear();
        let mut y = theme::PARAGRAPH_GAP;
        for height in &self.heights {
            self.tops.push(y);
            y += height + theme::PARAGRAPH_GAP;
        }
        self.tops.push(y);
        self.tops_stale = false;
    }

    fn content_height(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0) + theme::PARAGRAPH_GAP
    }

    /// Lays out the blocks that will be on screen when `char_offset` is scrolled into view, so
    /// that their real heights are known before the scroll offset is computed.
    fn lay_out_around(
        &mut self,
        ui: &Ui,
        document: &Document,
        char_offset: usize,
        viewport_height: f32,
    ) {
        let Some(target) = document.block_index_at(char_offset) else {
            return;
        };
        let mut covered = 0.0;
        let mut index = target;
        while index > 0 && covered < viewport_height * 0.5 {
            index -= 1;
            self.ensure_layout(ui, document, index);
            covered += self.heights[index];
        }
        covered = 0.0;
        index = target;
        while index < self.heights.len() && covered < viewport_height * 1.5 {
            self.ensure_layout(ui, document, index);
            covered += self.heights[index];
            index += 1;
        }
        if self.tops_stale {
            self.recompute_tops();
        }
    }

    fn scroll_offset_for(
        &self,
        document: &Document,
        char_offset: usize,
        viewport_height: f32,
    ) -> f32 {
        let Some(index) = document.block_index_at(char_offset) else {
            return 0.0;
        };
        let mut y = self.tops.get(index).copied().unwrap_or(0.0);
        if let Some(Some(layout)) = self.layouts.get(index) {
            let local = char_offset.saturating_sub(document.blocks()[index].chars.start);
            if let Some(caret) = layout.glyph_map.caret_rect(local) {
                y += caret.top();
            }
        }
        let bottom_most = (self.content_height() - viewport_height).max(0.0);
        (y - viewport_height * 0.3).clamp(0.0, bottom_most)
    }

    /// Paragraph indexes whose extent meets `[top, bottom)` in content coordinates.
    fn paragraphs_between(&self, top: f32, bottom: f32) -> Range<usize> {
        let count = self.heights.len();
        let first = self.tops[..count]
            .partition_point(|&y| y <= top)
            .saturating_sub(1);
        let last = self.tops[..count].partition_point(|&y| y < bottom);
        first..last.max(first)
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
        let head = self.selection.head;
        let Some(index) = document.block_index_at(head) else {
            return;
        };
        let Some(Some(layout)) = self.layouts.get(index) else {
            return;
        };
        let block = &document.blocks()[index];
        let local = head.clamp(block.chars.start, block.chars.end) - block.chars.start;
        if let Some(rect) = layout.glyph_map.caret_rect(local) {
            let rect = rect.translate(self.block_origin(index).to_vec2());
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
        };
        let response = ui.interact(
            rect,
            ui.scope_id().with(("paragraph", index)),
            Sense::hover(),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(role, true, text));
    }

    /// The document char offset (a caret position) nearest to a screen point.
    fn offset_at(&self, document: &Document, pos: Pos2) -> usize {
        let paragraphs = document.blocks();
        if paragraphs.is_empty() {
            return 0;
        }
        let y = pos.y - self.content_origin.y;
        let index = self.tops[..paragraphs.len()]
            .partition_point(|&top| top <= y)
            .saturating_sub(1);
        let paragraph = &paragraphs[index];
        let local = pos - self.block_origin(index);
        match &self.layouts[index] {
            Some(layout) if local.y <= layout.height() => {
                paragraph.chars.start + layout.glyph_map.offset_at(local.to_pos2())
            }
            Some(_) => paragraph.chars.end,
            None => paragraph.chars.start,
        }
    }

    /// The document char under a screen point, if the point is on a glyph.
    fn char_under(&self, document: &Document, pos: Pos2) -> Option<usize> {
        let y = pos.y - self.content_origin.y;
        let count = document.blocks().len();
        let index = self.tops[..count]
            .partition_point(|&top| top <= y)
            .checked_sub(1)?;
        let layout = self.layouts[index].as_ref()?;
        let local = pos - self.block_origin(index);
        let offset = layout.glyph_map.char_under(local.to_pos2())?;
        Some(document.blocks()[index].chars.start + offset)
    }

    fn handle_pointer(
        &mut self,
        ui: &mut Ui,
        response: &egui::Response,
        input: &ArticleInput<'_>,
        commands: &mut Vec<AppCommand>,
    ) {
        let document = input.document;
        let (pressed, shift) = ui.input(|i| (i.pointer.primary_pressed(), i.modifiers.shift));
        if let Some(pos) = response.hover_pos() {
            if self.char_under(document, pos).is_some() {
                ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
            }
            self.hover_tooltip(response, input, pos);
        }
        if pressed
            && response.hovered()
            && let Some(pos) = ui.input(|i| i.pointer.interact_pos())
        {
            let offset = self.offset_at(document, pos);
            self.show_caret = true;
            // A click in the article brings the keyboard back to it from any widget.
            ui.memory_mut(|memory| {
                if let Some(focused) = memory.focused() {
                    memory.surrender_focus(focused);
                }
            });
            if shift {
                self.selection.head = offset;
            } else {
                self.selection = TextSelection {
                    anchor: offset,
                    head: offset,
                };
            }
        }
        if response.dragged_by(egui::PointerButton::Primary)
            && let Some(pos) = response.interact_pointer_pos()
        {
            self.selection.head = self.offset_at(document, pos);
            self.autoscroll_while_dragging(ui, pos);
        }
        let Some(pos) = response.interact_pointer_pos() else {
            return;
        };
        if response.triple_clicked() {
            if let Some(index) = document.block_index_at(self.offset_at(document, pos)) {
                self.set_selection(document.blocks()[index].chars.clone());
            }
        } else if response.double_clicked() {
            if let Some(offset) = self.char_under(document, pos) {
                self.set_selection(document.word_range_at(offset));
            }
        } else if response.clicked() && self.selection.is_empty() && !shift {
            let annotation = self.char_under(document, pos).and_then(|offset| {
                paint::innermost_annotation_at(input.layer, input.hidden_tags, offset)
            });
            match (input.linking, annotation) {
                (true, Some(target)) => {
                    commands.push(AppCommand::Relations(RelationCommand::LinkTo(target)))
                }
                (true, None) => {
                    commands.push(AppCommand::Relations(RelationCommand::CancelLinking))
                }
                (false, _) => commands.push(AppCommand::SelectAnnotation {
                    annotation_id: annotation,
                    scroll: false,
                }),
            }
        }
    }

    fn autoscroll_while_dragging(&self, ui: &Ui, pos: Pos2) {
        let clip = ui.clip_rect();
        let delta = if pos.y < clip.top() + 20.0 {
            (clip.top() + 20.0 - pos.y).min(40.0)
        } else if pos.y > clip.bottom() - 20.0 {
            -(pos.y - clip.bottom() + 20.0).min(40.0)
        } else {
            0.0
        };
        if delta != 0.0 {
            ui.scroll_with_delta(Vec2::new(0.0, delta));
            ui.ctx().request_repaint();
        }
    }

    fn hover_tooltip(&self, response: &egui::Response, input: &ArticleInput<'_>, pos: Pos2) {
        let Some(offset) = self.char_under(input.document, pos) else {
            return;
        };
        let layers = input.paint_layers();
        let under: Vec<(usize, &crate::model::Annotation)> = layers
            .iter()
            .enumerate()
            .flat_map(|(index, shown)| {
                shown
                    .layer
                    .overlapping(crate::model::Span::new(offset, offset + 1))
                    .filter(|annotation| !input.hidden_tags.contains(&annotation.tag))
                    .map(move |annotation| (index, annotation))
            })
            .collect();
        if under.is_empty() {
            return;
        }
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.set_max_width(360.0);
            for (index, annotation) in under {
                let shown = &layers[index];
                let mut tag = theme::tag_label(&shown.layer.tag_set, &annotation.tag);
                if index > 0 {
                    tag = format!("{tag} — {}", shown.layer.analyst);
                }
                let colour = paint::annotation_colour(shown, annotation, input.colour_by_analyst);
                ui.label(egui::RichText::new(tag).strong().color(colour));
                if annotation.note.is_empty() {
                    ui.weak("(no note)");
                } else {
                    ui.label(&annotation.note);
                }
            }
        });
    }
}

/// The caret's next stop moving by a char. The blank lines between two blocks are no place
/// for it (they draw at the next block's start): it steps over them, from one block's end to
/// the next one's start.
fn char_step(document: &Document, head: usize, forward: bool) -> usize {
    let next = if forward {
        (head + 1).min(document.char_count())
    } else {
        head.saturating_sub(1)
    };
    let blocks = document.blocks();
    match document.block_index_at(next) {
        Some(index) if next < blocks[index].chars.start => {
            if forward {
                blocks[index].chars.start
            } else {
                index
                    .checked_sub(1)
                    .map_or(blocks[index].chars.start, |previous| {
                        blocks[previous].chars.end
                    })
            }
        }
        _ => next,
    }
}

/// The caret's next stop moving by a paragraph: the end of its paragraph (the next one's end
/// when already there), or back to the start (the previous one's start when already there).
fn paragraph_step(document: &Document, head: usize, forward: bool) -> usize {
    let blocks = document.blocks();
    let Some(index) = document.block_index_at(head) else {
        return head;
    };
    let block = &blocks[index];
    if forward {
        if head < block.chars.end {
            block.chars.end
        } else {
            blocks.get(index + 1).map_or(head, |next| next.chars.end)
        }
    } else if head > block.chars.start {
        block.chars.start
    } else {
        index
            .checked_sub(1)
            .map_or(head, |previous| blocks[previous].chars.start)
    }
}

/// How far a block is indented from the reading column's left edge.
fn block_indent(kind: &BlockKind) -> f32 {
    match kind {
        BlockKind::Paragraph | BlockKind::Heading(_) => 0.0,
        BlockKind::ListItem { depth, .. } => theme::LIST_INDENT * f32::from(*depth),
        BlockKind::BlockQuote => theme::QUOTE_INDENT,
    }
}

/// Lays out one block's text for the reading column: headings larger and stronger.
fn layout_block(
    ui: &Ui,
    text: &str,
    kind: &BlockKind,
    width: f32,
    family: egui::FontFamily,
) -> Arc<egui::Galley> {
    let (size, colour) = match kind {
        BlockKind::Heading(level) => (
            theme::ARTICLE_FONT_SIZE * theme::heading_scale(*level),
            ui.visuals().strong_text_color(),
        ),
        _ => (theme::ARTICLE_FONT_SIZE, ui.visuals().text_color()),
    };
    let mut job = egui::text::LayoutJob::single_section(
        text.to_owned(),
        egui::TextFormat {
            font_id: egui::FontId::new(size, family),
            color: colour,
            line_height: Some(size * theme::ARTICLE_LINE_HEIGHT_FACTOR),
            ..Default::default()
        },
    );
    job.wrap.max_width = width;
    ui.painter().layout_job(job)
}
