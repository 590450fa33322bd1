//! The window's look and its reading aids: theme, zoom, reading font and column width (kept in
//! the settings between runs), the overview strip, the statistics window, and find's matches.

use super::CloseReadApp;
use crate::app::AppCommand;
use crate::ui;

impl CloseReadApp {
    /// Applies the remembered look: fonts, theme and zoom.
    pub(super) fn apply_view_settings(&mut self, ctx: &egui::Context) {
        ui::theme::install_fonts(ctx);
        // Both themes with every text at AA contrast or better.
        ctx.set_visuals_of(egui::Theme::Dark, ui::theme::visuals(true));
        ctx.set_visuals_of(egui::Theme::Light, ui::theme::visuals(false));
        ctx.set_theme(ui::theme::theme_preference(self.settings.view.theme));
        ctx.set_zoom_factor(self.settings.view.zoom.clamp(0.5, 3.0));
        self.relations.show_relations = self.settings.view.show_relations;
    }

    /// Keeps the settings up to date with what the analyst changed directly (zoom keys, the
    /// window's size, the pane's width); they are written on exit.
    pub(super) fn remember_view(&mut self, ctx: &egui::Context) {
        let view = &mut self.settings.view;
        view.zoom = ctx.zoom_factor();
        view.show_relations = self.relations.show_relations;
        if let Some(width) = self.pane.width() {
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
        if !self.settings.view.show_overview {
            return Vec::new();
        }
        let input = ui::overview_strip::OverviewInput {
            layer: session.layer(),
            revision: session.revision(),
            hidden_tags: &self.hidden_tags,
            char_count: session.document.char_count(),
            in_view: self.article_view.chars_in_view(&session.document),
            find_matches: self.find.matches(),
            find_generation: self.find.matches_generation(),
            dark_mode: ui.visuals().dark_mode,
        };
        egui::Panel::right("overview-strip")
            .resizable(false)
            .exact_size(ui::overview_strip::STRIP_WIDTH + 8.0)
            .show(ui, |ui| {
                ui::overview_strip::overview_strip_ui(ui, &mut self.overview, &input)
            })
            .inner
    }

    pub(super) fn statistics_window(&mut self, ctx: &egui::Context) {
        if !self.show_statistics {
            return;
        }
        let Some(session) = &self.session else {
            return;
        };
        let key = (session.revision(), self.team.revision);
        if self
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
            self.statistics = Some((key, stats));
        }
        if let Some((_, stats)) = &self.statistics {
            self.show_statistics =
                ui::statistics_window::statistics_window_ui(ctx, stats, session.tag_set());
        }
    }

    /// Searches again as the query changes, and shows the first match from the caret on.
    pub(super) fn refresh_find(&mut self) {
        if !self.find.open {
            return;
        }
        let Some(session) = &self.session else {
            return;
        };
        // Typing on extends the current match rather than moving past it.
        let from = self
            .find
            .current_match()
            .map_or(self.article_view.caret(), |span| span.start);
        if let Some(span) = self.find.refresh(&session.document, from) {
            self.show_match(span);
        }
    }
}
