//! The team dock below the article: which views are open (Compare, Adjudicate, the argument
//! map), which one shows, and closing them (their button, or Esc).

use super::{AppCommand, CloseReadApp, TeamCommand};
use crate::command::DockView;
use crate::ui;

impl CloseReadApp {
    /// The views open in the dock, in tab order.
    pub(crate) fn dock_views(&self) -> Vec<DockView> {
        let Some(session) = &self.session else {
            return Vec::new();
        };
        let mut open = Vec::new();
        let blind = self.team.is_blind(session);
        if self.team.show_compare && !blind {
            open.push(DockView::Compare);
        }
        if session.analyst() == crate::team::CONSENSUS && self.team.show_adjudication {
            open.push(DockView::Adjudicate);
        }
        if self.relations.show_map {
            open.push(DockView::ArgumentMap);
        }
        open
    }

    /// The view the dock shows: the one last chosen or opened, else the first open.
    pub(crate) fn dock_active(&self) -> Option<DockView> {
        let open = self.dock_views();
        self.view
            .dock_active
            .filter(|view| open.contains(view))
            .or(open.first().copied())
    }

    pub(super) fn show_dock_view(&mut self, view: DockView) {
        match view {
            DockView::Compare => self.team.show_compare = true,
            DockView::Adjudicate => self.team.show_adjudication = true,
            DockView::ArgumentMap => self.relations.show_map = true,
        }
        self.view.dock_active = Some(view);
    }

    pub(super) fn close_dock_view(&mut self, view: DockView) {
        match view {
            DockView::Compare => self.team.show_compare = false,
            DockView::Adjudicate => self.team.show_adjudication = false,
            DockView::ArgumentMap => self.relations.show_map = false,
        }
        if self.view.dock_active == Some(view) {
            self.view.dock_active = None;
        }
    }

    /// Draws the dock when a view is open in it.
    pub(super) fn team_dock(&mut self, ui: &mut egui::Ui) -> Vec<AppCommand> {
        let open = self.dock_views();
        let Some(active) = self.dock_active() else {
            return Vec::new();
        };
        let map = match active {
            DockView::ArgumentMap => self.argument_map().cloned(),
            _ => None,
        };
        let default_map_path = self.default_map_path();
        let Some(session) = &self.session else {
            return Vec::new();
        };
        let team = &self.team;
        let map_view = &mut self.relations.map_view;
        ui::team_dock::team_dock_ui(ui, &open, active, |ui| match active {
            DockView::Compare => {
                let analysts: Vec<String> = team
                    .all_analysts(session)
                    .into_iter()
                    .filter(|name| team.layer_of(session, name).is_some())
                    .collect();
                let pair = team.compared_pair(session);
                let comparisons = team.comparisons(session);
                ui::compare_window::compare_ui(
                    ui,
                    &ui::compare_window::CompareInput {
                        session,
                        analysts: &analysts,
                        first: pair.as_ref().and_then(|(a, _)| team.layer_of(session, a)),
                        second: pair.as_ref().and_then(|(_, b)| team.layer_of(session, b)),
                        pair: pair.clone(),
                        comparisons: &comparisons,
                        cursor: team
                            .compare_position(&crate::team::compare::disagreements(&comparisons)),
                    },
                )
            }
            DockView::Adjudicate => {
                let layers = team.analyst_layers(session);
                let open = team.open_clusters(session);
                ui::adjudication_window::adjudication_ui(
                    ui,
                    &ui::adjudication_window::AdjudicationInput {
                        session,
                        layers: &layers,
                        open: &open,
                        focus: team.adjudication_focus,
                    },
                )
            }
            DockView::ArgumentMap => match &map {
                Some(map) => {
                    ui::argument_map_window::argument_map_ui(ui, map_view, map, &default_map_path)
                }
                None => Vec::new(),
            },
        })
    }

    /// Esc: closes the dock's view, if one is open. Whether it did.
    pub(super) fn close_active_dock_view(&mut self) -> bool {
        match self.dock_active() {
            Some(view) => {
                self.close_dock_view(view);
                true
            }
            None => false,
        }
    }
}

/// A team command that opens a dock view makes it the one shown.
pub(super) fn dock_view_opened_by(command: &TeamCommand) -> Option<DockView> {
    match command {
        TeamCommand::ShowCompare(true) => Some(DockView::Compare),
        TeamCommand::StartAdjudication => Some(DockView::Adjudicate),
        _ => None,
    }
}
