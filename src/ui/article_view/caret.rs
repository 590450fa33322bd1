//! The caret in the article: moving it (and the selection's head) by a char, line, word,
//! sentence or paragraph, or to its line's start or end. Where a step lands is the model's
//! ([`crate::model::movement`]), except by a line or to its edge, which need the layout, and
//! by a char in a paragraph with right-to-left text, which moves on screen (← always goes
//! left) while the selection stays the logical range between anchor and head.

use super::{ArticleView, TextSelection};
use crate::model::Document;
use crate::ui::theme;
use std::ops::Range;

impl ArticleView {
    /// Moves the caret (the selection's head) by a char, word, sentence or paragraph, keeping
    /// the anchor when extending. A caret outside the view first moves to the view's top, so
    /// the keyboard starts where the analyst is reading.
    pub(crate) fn move_caret(&mut self, document: &Document, movement: crate::command::CaretMove) {
        use crate::command::CaretUnit;
        use crate::model::movement::{
            next_char, next_paragraph_end, next_sentence_end, previous_char,
            previous_paragraph_start, previous_sentence_start,
        };
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
            // Right and left on screen: by the layout where a paragraph has right-to-left
            // text, else (and past a paragraph's edge) by the text.
            CaretUnit::Char => match self.visual_step(document, head, forward) {
                Some(offset) => offset,
                None if forward != self.is_right_to_left_at(document, head) => {
                    next_char(document, head)
                }
                None => previous_char(document, head),
            },
            CaretUnit::LineEdge => self.line_edge(document, head, forward),
            CaretUnit::Line => self.line_step(document, head, forward),
            CaretUnit::Word if forward => document.next_word_end(head),
            CaretUnit::Word => document.previous_word_start(head),
            CaretUnit::Sentence if forward => next_sentence_end(document, head),
            CaretUnit::Sentence => previous_sentence_start(document, head),
            CaretUnit::Paragraph if forward => next_paragraph_end(document, head),
            CaretUnit::Paragraph => previous_paragraph_start(document, head),
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

    /// Whether the caret's paragraph was laid out right to left.
    fn is_right_to_left_at(&self, document: &Document, head: usize) -> bool {
        document
            .block_index_at(head)
            .and_then(|index| self.layouts.get(index)?.as_ref())
            .is_some_and(|layout| layout.right_to_left)
    }

    /// The caret's next place right or left on screen within its paragraph, when the
    /// paragraph is laid out with right-to-left text (`None` past its edge, or when it has
    /// none: then a step is a char of the text).
    fn visual_step(&self, document: &Document, head: usize, rightward: bool) -> Option<usize> {
        let index = document.block_index_at(head)?;
        let layout = self.layouts.get(index)?.as_ref()?;
        if !layout.reordered {
            return None;
        }
        let block = &document.blocks()[index];
        let local = head.clamp(block.chars.start, block.chars.end) - block.chars.start;
        layout
            .glyph_map
            .visual_step(local, rightward, layout.right_to_left)
            .map(|offset| block.chars.start + offset)
    }

    /// The start or end, in reading order, of the caret's row (of its paragraph when that is
    /// not laid out).
    fn line_edge(&self, document: &Document, head: usize, end: bool) -> usize {
        let Some(index) = document.block_index_at(head) else {
            return head;
        };
        let block = &document.blocks()[index];
        let local = head.clamp(block.chars.start, block.chars.end) - block.chars.start;
        let edge = self
            .layouts
            .get(index)
            .and_then(Option::as_ref)
            .and_then(|layout| layout.glyph_map.row_edge(local, end));
        match edge {
            Some(offset) => block.chars.start + offset,
            None if end => block.chars.end,
            None => block.chars.start,
        }
    }

    /// Whether a caret or a selection is shown (Home and End move it; without one, they
    /// scroll to the article's start or end).
    pub(crate) fn caret_shown(&self) -> bool {
        self.show_caret || !self.selection.is_empty()
    }

    /// The chars of the paragraphs in view in the last frame.
    pub(crate) fn chars_in_view(&self, document: &Document) -> Range<usize> {
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
    pub(super) fn line_step(&self, document: &Document, head: usize, forward: bool) -> usize {
        let caret = document.block_index_at(head).and_then(|index| {
            let layout = self.layouts.get(index)?.as_ref()?;
            let block = &document.blocks()[index];
            let local = head.clamp(block.chars.start, block.chars.end) - block.chars.start;
            let rect = layout.glyph_map.caret_rect(local)?;
            Some(rect.translate(self.block_origin(index).to_vec2()))
        });
        let Some(caret) = caret else {
            return if forward {
                crate::model::movement::next_paragraph_end(document, head)
            } else {
                crate::model::movement::previous_paragraph_start(document, head)
            };
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
}
