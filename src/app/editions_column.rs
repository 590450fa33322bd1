//! Drawing the other edition's column and keeping it at the article's place (see
//! [`super::editions`] for what the column does).

use super::CloseReadApp;
use crate::command::AppCommand;
use crate::ui::article_view::ArticleView;
use std::path::Path;

impl CloseReadApp {
    /// The other edition open beside the article, and its view (for tests and tooling).
    pub fn other_edition(&self) -> Option<(&Path, &ArticleView)> {
        let side = self.editions.side.as_ref()?;
        Some((side.article.as_path(), &side.view))
    }

    pub fn other_edition_view_mut(&mut self) -> Option<&mut ArticleView> {
        Some(&mut self.editions.side.as_mut()?.view)
    }

    /// Scrolls the two together, paragraph by paragraph: when the article moves, the column
    /// brings the paragraph paired with the one at the article's top to its top, as far into
    /// it as the article is into its own; when the analyst scrolls the column to another
    /// paragraph (and the article stayed), the article follows it the same way.
    fn follow_article_in_edition(&mut self) {
        let Some(side) = &mut self.editions.side else {
            return;
        };
        let Some(place) = self.view.article.reading_place() else {
            return;
        };
        if side.followed != Some(place) {
            side.followed = Some(place);
            side.column_at = None;
            let (index, fraction) = place;
            let target = side
                .pairing_of_main(index)
                .map(|pairing| side.sides(pairing).1)
                .and_then(|paragraphs| paragraphs.first().copied());
            if let Some(target) = target {
                side.view.go_to_place(target, fraction);
            }
            return;
        }
        let Some((column_index, fraction)) = side.view.reading_place() else {
            return;
        };
        match side.column_at {
            // The column settled where the article put it.
            None => side.column_at = Some(column_index),
            Some(seen) if seen != column_index => {
                side.column_at = Some(column_index);
                let target = side
                    .editions
                    .pairing_of(column_index, !side.swapped)
                    .map(|pairing| side.sides(pairing).0)
                    .and_then(|paragraphs| paragraphs.first().copied());
                if let Some(target) = target {
                    self.view.article.go_to_place(target, fraction);
                }
            }
            Some(_) => {}
        }
    }

    /// The column, between the article and the annotation pane: asking for the edition, or
    /// showing it.
    pub(super) fn edition_column(&mut self, ui: &mut egui::Ui) -> Vec<AppCommand> {
        let mut commands = Vec::new();
        if self.session.is_none()
            || (self.editions.side.is_none() && self.editions.asking.is_none())
        {
            return commands;
        }
        self.follow_article_in_edition();
        let default_width = (ui.available_width() / 2.0).max(240.0);
        let panel = egui::Panel::right("edition-column")
            .resizable(true)
            .default_size(default_width);
        let Some(session) = &self.session else {
            return commands;
        };
        let caret_paragraph = session
            .document
            .block_index_at(self.view.article.caret_offset());
        let own_colour =
            crate::ui::theme::colour(self.team.analyst_colour(session, session.analyst()));
        let max_column_width = self.settings.values.view.column_width;
        let font_family =
            crate::ui::theme::reading_font_family(self.settings.values.view.reading_font);
        if let Some(path) = &mut self.editions.asking {
            let focus = &mut self.editions.focus_path;
            panel.show(ui, |ui| {
                commands.extend(crate::ui::editions_panel::ask_edition_ui(ui, path, focus));
            });
            return commands;
        }
        let Some(side) = &mut self.editions.side else {
            return commands;
        };
        let pairing = caret_paragraph
            .and_then(|index| side.pairing_of_main(index))
            .cloned();
        let (pair, focus) = match &pairing {
            Some(pairing) => {
                let (main, other) = side.sides(pairing);
                let list = |indexes: &[usize]| {
                    if indexes.is_empty() {
                        "—".to_owned()
                    } else {
                        indexes
                            .iter()
                            .map(|index| format!("¶{}", index + 1))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                };
                let blocks = side.document.blocks();
                let focus = match (other.first(), other.last()) {
                    (Some(&first), Some(&last)) => {
                        blocks
                            .get(first)
                            .zip(blocks.get(last))
                            .map(|(first, last)| {
                                crate::model::Span::new(first.chars.start, last.chars.end)
                            })
                    }
                    _ => None,
                };
                // The note field follows the pair at the caret.
                if side.note_draft.0 != main {
                    side.note_draft = (main.clone(), pairing.note.clone());
                }
                (
                    Some((
                        format!("{} ↔ {}", list(&main), list(&other)),
                        pairing.by_hand,
                    )),
                    focus,
                )
            }
            None => (None, None),
        };
        let name = side
            .article
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let input = crate::ui::editions_panel::EditionsPanelInput {
            name: &name,
            document: &side.document,
            layer: &side.layer,
            direction: side.direction,
            pair,
            focus,
            own_colour,
            max_column_width,
            font_family,
        };
        panel.show(ui, |ui| {
            commands.extend(crate::ui::editions_panel::editions_panel_ui(
                ui,
                &mut side.view,
                &mut side.note_draft.1,
                &mut self.editions.export_draft,
                &input,
            ));
        });
        commands
    }
}
