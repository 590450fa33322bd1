//! What the window shows and how: the article view and the pane, the selection, the hidden
//! tags, the dock's tab, find, the overview strip, the statistics window, and the look (theme,
//! zoom, reading font and column width, kept in the settings between runs).

use super::CloseReadApp;
use crate::app::AppCommand;
use crate::command::DockView;
use crate::model::{AnnotationId, TagId};
use crate::state::FindState;
use crate::ui;
use crate::ui::annotation_pane::PaneState;
use crate::ui::article_view::ArticleView;
use std::collections::HashSet;

/// The window's view of the open article: what is shown, selected, searched and counted.
/// Nothing here is saved with the annotations; the look is kept in the settings.
#[derive(Default)]
pub(crate) struct ViewState {
    /// The reading column: layout caches, scroll position, caret and selection.
    pub article: ArticleView,
    /// The annotation pane's list and its width.
    pub pane: PaneState,
    pub selected_annotation: Option<AnnotationId>,
    /// Tags the analyst hid from the article and the list.
    pub hidden_tags: HashSet<TagId>,
    /// A text field had the keyboard at the end of the last frame: an Esc now left it (egui
    /// drops the focus on Esc before the frame starts), so it clears no selection.
    pub typing_last_frame: bool,
    /// The view shown in the team dock, when several are open.
    pub dock_active: Option<DockView>,
    pub find: FindState,
    pub overview: ui::overview_strip::OverviewCache,
    pub cheat_sheet: ui::cheat_sheet::CheatSheetState,
    pub show_statistics: bool,
    /// The statistics, and the layer and team revisions they were counted for.
    pub statistics: Option<((u64, u64), crate::team::statistics::Statistics)>,
    /// The window's title as last sent (sent again only when it changes).
    pub window_title: String,
    /// What was last put on the clipboard (the clipboard itself cannot be read back).
    pub last_copied_text: Option<String>,
    /// The open article's reading direction, from its document information.
    pub direction: crate::model::direction::TextDirection,
}

impl CloseReadApp {
    /// Applies the remembered look: fonts, theme and zoom.
    pub(super) fn apply_view_settings(&mut self, ctx: &egui::Context) {
        ui::theme::install_fonts(ctx);
        // Both themes with every text at AA contrast or better.
        ctx.set_visuals_of(egui::Theme::Dark, ui::theme::visuals(true));
        ctx.set_visuals_of(egui::Theme::Light, ui::theme::visuals(false));
        ctx.set_theme(ui::theme::theme_preference(self.settings.values.view.theme));
        ctx.set_zoom_factor(self.settings.values.view.zoom.clamp(0.5, 3.0));
        self.relations.show_relations = self.settings.values.view.show_relations;
    }

    /// Keeps the settings up to date with what the analyst changed directly (zoom keys, the
    /// window's size, the pane's width); they are written on exit.
    pub(super) fn remember_view(&mut self, ctx: &egui::Context) {
        let view = &mut self.settings.values.view;
        view.zoom = ctx.zoom_factor();
        view.show_relations = self.relations.show_relations;
        if let Some(width) = self.view.pane.width() {
            view.pane_width = width;
        }
        // The whole window in the interface's points (Wayland does not report `inner_rect`).
        let (size, maximized) = ctx.input(|input| {
            let viewport = input.viewport();
            let rect = viewport.inner_rect.unwrap_or_else(|| input.viewport_rect());
            (rect.size(), viewport.maximized)
        });
        if let Some(maximized) = maximized {
            view.maximized = maximized;
        }
        if !view.maximized {
            // The window is built in unzoomed points: undo the zoom, or it would shrink by the
            // zoom factor from one run to the next.
            let zoom = ctx.zoom_factor();
            view.window_size = Some((size.x * zoom, size.y * zoom));
        }
    }

    /// The strip beside the article that shows where each tag's annotations lie.
    pub(super) fn overview_strip(&mut self, ui: &mut egui::Ui) -> Vec<AppCommand> {
        let Some(session) = &self.session else {
            return Vec::new();
        };
        if !self.settings.values.view.show_overview {
            return Vec::new();
        }
        let input = ui::overview_strip::OverviewInput {
            session,
            hidden_tags: &self.view.hidden_tags,
            in_view: self.view.article.chars_in_view(&session.document),
            find_matches: self.view.find.matches(),
            find_generation: self.view.find.matches_generation(),
            dark_mode: ui.visuals().dark_mode,
        };
        egui::Panel::right("overview-strip")
            .resizable(false)
            .exact_size(ui::overview_strip::STRIP_WIDTH + 8.0)
            .show(ui, |ui| {
                ui::overview_strip::overview_strip_ui(ui, &mut self.view.overview, &input)
            })
            .inner
    }

    pub(super) fn statistics_window(&mut self, ctx: &egui::Context) {
        if !self.view.show_statistics {
            return;
        }
        let Some(session) = &self.session else {
            return;
        };
        let key = (session.revision(), self.team.revision);
        if self
            .view
            .statistics
            .as_ref()
            .is_none_or(|(counted, _)| *counted != key)
        {
            // The own layer first; teammates only when their readings may be seen.
            let mut layers = vec![session.layer()];
            if !self.team.is_blind(session) {
                layers.extend(
                    self.team
                        .teammates
                        .iter()
                        .filter_map(|mate| mate.layer.as_ref()),
                );
            }
            let stats =
                crate::team::statistics::statistics(&session.document, session.tag_set(), &layers);
            self.view.statistics = Some((key, stats));
        }
        if let Some((_, stats)) = &self.view.statistics {
            self.view.show_statistics =
                ui::statistics_window::statistics_window_ui(ctx, stats, session.tag_set());
        }
    }

    /// Searches again as the query changes, and shows the first match from the caret on.
    pub(super) fn refresh_find(&mut self) {
        if !self.view.find.open {
            return;
        }
        let Some(session) = &self.session else {
            return;
        };
        // Typing on extends the current match rather than moving past it.
        let from = self
            .view
            .find
            .current_match()
            .map_or(self.view.article.caret(), |span| span.start);
        if let Some(span) = self.view.find.refresh(&session.document, from) {
            self.show_match(span);
        }
    }
}
