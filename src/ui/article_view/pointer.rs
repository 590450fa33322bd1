//! The pointer over the article: where a point falls in the text, selecting by dragging (and
//! scrolling while dragging), clicking highlights, linking by a click, and the hover tooltip.

use super::{ArticleInput, ArticleView, TextSelection, paint};
use crate::command::{AppCommand, RelationCommand};
use crate::model::Document;
use crate::ui::theme;
use egui::{Pos2, Ui, Vec2};

impl ArticleView {
    /// The document char offset (a caret position) nearest to a screen point.
    pub(super) fn offset_at(&self, document: &Document, pos: Pos2) -> usize {
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
    pub(super) fn char_under(&self, document: &Document, pos: Pos2) -> Option<usize> {
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

    pub(super) fn handle_pointer(
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

    pub(super) fn autoscroll_while_dragging(&self, ui: &Ui, pos: Pos2) {
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

    pub(super) fn hover_tooltip(
        &self,
        response: &egui::Response,
        input: &ArticleInput<'_>,
        pos: Pos2,
    ) {
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
