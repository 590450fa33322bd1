//! The paragraphs laid out for the reading column, kept between frames: laid out around the
//! view only, forgotten when the document, the width or the font change, evicted when too
//! many are kept.

use super::layout::ParagraphLayout;
use super::{ArticleInput, ArticleView, MAX_CACHED_LAYOUTS};
use crate::model::bidi::{self, BidiParagraph};
use crate::model::direction::TextDirection;
use crate::model::{BlockKind, Document};
use crate::ui::theme;
use egui::{Pos2, Ui, vec2};
use std::ops::Range;
use std::sync::Arc;

impl ArticleView {
    /// Matches caches to the document, the width and the annotations.
    pub(super) fn prepare(
        &mut self,
        input: &ArticleInput<'_>,
        column_width: f32,
        ui_pixels_per_point: f32,
    ) {
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
            input.direction,
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
            // The own layer's edits are followed; anything else lanes afresh.
            let followed = match self.lanes_revision {
                Some((revision, others)) if others == input.others_revision => {
                    (input.own_changes)(revision).is_some_and(|changes| self.lanes.follow(&changes))
                }
                _ => false,
            };
            if !followed {
                self.lanes = super::lanes::Lanes::assign(&input.paint_layers());
            }
            self.lanes_revision = Some(lanes_key);
        }
        if self.tops_stale {
            self.recompute_tops();
        }
    }

    /// Drops every paragraph's layout (heights are kept: they are still right).
    pub(super) fn forget_layouts(&mut self) {
        for layout in &mut self.layouts {
            *layout = None;
        }
        self.layout_order.clear();
    }

    /// Lays out block `index` if needed; returns how much its height changed.
    pub(super) fn ensure_layout(&mut self, ui: &Ui, document: &Document, index: usize) -> f32 {
        if self.layouts[index].is_some() {
            return 0.0;
        }
        let block = &document.blocks()[index];
        let text = document.slice(block.chars.clone());
        let (family, direction) = self.style_key.as_ref().map_or(
            (egui::FontFamily::Proportional, TextDirection::Auto),
            |(family, _, direction)| (family.clone(), *direction),
        );
        let indent = block_indent(&block.kind);
        let width = self.layout_width - indent;
        let format = block_format(ui, &block.kind, family);
        let layout = if bidi::may_need_reordering(text, direction) {
            let font = format.font_id.clone();
            let paragraph = ui.ctx().fonts_mut(|fonts| {
                BidiParagraph::new(text, direction, &mut |c| {
                    super::bidi_layout::stand_in(fonts, &font, c)
                })
            });
            if paragraph.needs_reordering() {
                // Right-to-left lines end where left-to-right ones start, mirrored: an indent
                // (a list item's, a quote's) is kept on the right.
                super::bidi_layout::lay_out(ui, &paragraph, &format, width, width - indent)
            } else {
                ParagraphLayout::new(layout_block(ui, text, format, width), text)
            }
        } else {
            ParagraphLayout::new(layout_block(ui, text, format, width), text)
        };
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
    pub(super) fn evict_layouts(&mut self) {
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
    pub(super) fn block_origin(&self, index: usize) -> Pos2 {
        let indent = self.indents.get(index).copied().unwrap_or(0.0);
        let top = self.tops.get(index).copied().unwrap_or(0.0);
        self.content_origin + vec2(self.column_left + indent, top)
    }

    pub(super) fn recompute_tops(&mut self) {
        self.tops.clear();
        let mut y = theme::PARAGRAPH_GAP;
        for height in &self.heights {
            self.tops.push(y);
            y += height + theme::PARAGRAPH_GAP;
        }
        self.tops.push(y);
        self.tops_stale = false;
    }

    pub(super) fn content_height(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0) + theme::PARAGRAPH_GAP
    }

    /// Lays out the blocks that will be on screen when `char_offset` is scrolled into view, so
    /// that their real heights are known before the scroll offset is computed.
    pub(super) fn lay_out_around(
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

    pub(super) fn scroll_offset_for(
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
    pub(super) fn paragraphs_between(&self, top: f32, bottom: f32) -> Range<usize> {
        let count = self.heights.len();
        let first = self.tops[..count]
            .partition_point(|&y| y <= top)
            .saturating_sub(1);
        let last = self.tops[..count].partition_point(|&y| y < bottom);
        first..last.max(first)
    }
}

/// How far a block is indented from the reading column's left edge.
pub(super) fn block_indent(kind: &BlockKind) -> f32 {
    match kind {
        BlockKind::Paragraph | BlockKind::Heading(_) | BlockKind::TableRow => 0.0,
        BlockKind::ListItem { depth, .. } => theme::LIST_INDENT * f32::from(*depth),
        BlockKind::BlockQuote => theme::QUOTE_INDENT,
    }
}

/// How a block's text is drawn: headings larger and stronger.
pub(super) fn block_format(
    ui: &Ui,
    kind: &BlockKind,
    family: egui::FontFamily,
) -> egui::TextFormat {
    let (size, colour) = match kind {
        BlockKind::Heading(level) => (
            theme::ARTICLE_FONT_SIZE * theme::heading_scale(*level),
            ui.visuals().strong_text_color(),
        ),
        _ => (
            theme::ARTICLE_FONT_SIZE,
            theme::article_text_colour(ui.visuals().dark_mode),
        ),
    };
    egui::TextFormat {
        font_id: egui::FontId::new(size, family),
        color: colour,
        line_height: Some(size * theme::ARTICLE_LINE_HEIGHT_FACTOR),
        ..Default::default()
    }
}

/// Lays out one block's text for the reading column, by egui's own line layout.
pub(super) fn layout_block(
    ui: &Ui,
    text: &str,
    format: egui::TextFormat,
    width: f32,
) -> Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::single_section(text.to_owned(), format);
    job.wrap.max_width = width;
    ui.painter().layout_job(job)
}
