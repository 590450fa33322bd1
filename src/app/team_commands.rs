//! Applying the team commands: compare, agreement, blind mode, adjudication into the consensus
//! layer; starting the team state for a newly opened article and reloading teammates' changed
//! sidecars. The team state itself is in `team.rs`.

use super::CloseReadApp;
use super::team::own_sidecar_reloaded_message;
use crate::command::TeamCommand;
use crate::model::AnnotationId;
use crate::session::ReadingSession;
use crate::team::{self, CONSENSUS};
use std::collections::HashSet;
use std::ffi::OsString;

impl CloseReadApp {
    pub(super) fn apply_team_command(&mut self, command: TeamCommand) {
        match command {
            TeamCommand::SetLayerVisible { analyst, visible } => {
                if let Some(mate) = self
                    .team
                    .teammates
                    .iter_mut()
                    .find(|mate| mate.analyst == analyst)
                {
                    mate.visible = visible;
                    self.team.revision += 1;
                }
            }
            TeamCommand::SetColourByAnalyst(on) => self.team.colour_by_analyst = on,
            TeamCommand::SetBlindMode(on) => {
                // A project read blind until done: teammates stay hidden until the analyst
                // marks the article done, whatever the window's own setting says.
                let held = self.session.as_ref().and_then(|session| {
                    self.project_blindness(&session.article_path, session.analyst())
                }) == Some((true, false));
                if !on && held {
                    self.notify_info(
                        "This project keeps teammates' readings hidden until you mark the article done (Mark my reading done).",
                    );
                    return;
                }
                self.team.blind_mode = on;
                self.team.revision += 1;
                self.settings.values.blind_mode = on;
                self.save_settings();
            }
            TeamCommand::MarkReadingDone => {
                self.team.reading_done = true;
                self.team.revision += 1;
                if let Some(session) = &self.session {
                    let key = reading_key(session);
                    self.settings.values.mark_reading_done(key);
                    self.save_settings();
                }
                self.set_project_done(true);
                self.notify_info("Reading marked done: your teammates' layers are shown now.");
            }
            TeamCommand::ShowCompare(show) => self.team.show_compare = show,
            TeamCommand::ShowOthers => {
                self.team.new_reader = false;
                self.team.revision += 1;
                if let Some(session) = &self.session {
                    let key = reading_key(session);
                    self.settings.values.show_others(key);
                    self.save_settings();
                }
            }
            TeamCommand::CancelAgreement => {
                if let Some(session) = &self.session {
                    self.team.cancel_agreement(session);
                }
            }
            TeamCommand::RestartAgreement => self.team.restart_agreement(),
            TeamCommand::ShowAgreement(show) => self.team.show_agreement = show,
            TeamCommand::SetAgreementMetric(metric) => self.team.agreement_metric = Some(metric),
            TeamCommand::SetComparePair { first, second } => {
                self.team.compare_pair = Some((first, second));
                self.team.compare_cursor = None;
            }
            TeamCommand::StepDisagreement(step) => self.step_disagreement(step),
            TeamCommand::StartAdjudication => {
                self.team.show_adjudication = true;
                self.switch_layer(true);
            }
            TeamCommand::StopAdjudication => self.switch_layer(false),
            TeamCommand::AcceptUnanimous => self.accept_unanimous(),
            TeamCommand::Decide {
                cluster_start,
                readings,
                then_edit,
            } => self.decide(cluster_start, &readings, then_edit),
            TeamCommand::StepOpenCluster(step) => self.step_open_cluster(step),
            TeamCommand::EditAnyway => {
                if let Some(session) = &mut self.session {
                    session.set_read_only(None);
                    self.notify_info(
                        "Editing although another window has this sidecar open: each save merges with the other's by annotation id.",
                    );
                }
            }
        }
    }

    /// After an article opens: teammates' layers, blind-mode state, the lock on the sidecar.
    pub(super) fn start_team_session(&mut self) {
        // An article of a project that reads blind until done.
        let project_blindness = self
            .session
            .as_ref()
            .and_then(|session| self.project_blindness(&session.article_path, session.analyst()));
        let Some(session) = &mut self.session else {
            return;
        };
        self.team.teammates.clear();
        self.team.compare_cursor = None;
        self.team.adjudication_focus = None;
        self.team.blind_mode = self.settings.values.blind_mode;
        self.team.reading_done = self.settings.values.is_reading_done(&reading_key(session));
        if let Some((blind_until_done, done)) = project_blindness {
            self.team.blind_mode |= blind_until_done;
            self.team.reading_done |= done;
        }
        self.article.lock_sidecar(session);
        let session = &*session;
        self.team.refresh(session, None);
        self.team.revision += 1;
        let new_reader = session.layer().is_empty()
            && session.analyst() != CONSENSUS
            && self
                .team
                .teammates
                .iter()
                .any(|mate| mate.analyst != CONSENSUS);
        let key = reading_key(session);
        self.team.new_reader = self.settings.values.starts_blind(&key, new_reader);
        let read_only_notice = session.read_only_holder().map(|holder| {
            format!(
                "{} is already open for editing by Closeread ({holder}). This window is read-only; choose “Edit anyway” in the Team panel to edit too (saves then merge by annotation id).",
                session.sidecar_path.display()
            )
        });
        self.article.watch_folders(session, &self.ctx);
        if let Some(text) = read_only_notice {
            self.notify_info(text);
        }
        if new_reader {
            self.save_settings();
        }
    }

    /// Reloads the own sidecar (if someone else changed it) and teammates' layers whose files
    /// changed on disk. Our own saves change nothing: the file then matches what we wrote.
    pub(super) fn reload_changed_sidecars(&mut self, changed: &HashSet<OsString>) {
        let Some(session) = &mut self.session else {
            return;
        };
        let own_changed = session
            .sidecar_path
            .file_name()
            .is_some_and(|name| changed.contains(name));
        let mut messages = Vec::new();
        let own_changed = own_changed && session.sidecar_changed_on_disk();
        let own_in_background = own_changed && self.reload_own_sidecar_in_background();
        let Some(session) = &mut self.session else {
            return;
        };
        if own_changed && !own_in_background {
            let report = session.load_sidecar();
            messages.push(own_sidecar_reloaded_message(&report));
        }
        let tag_set_file_changed = changed
            .iter()
            .any(|name| crate::store::tag_sets::is_tag_set_file_name(&name.to_string_lossy()));
        if tag_set_file_changed && let Some(message) = session.refresh_tag_set_file() {
            messages.push(message);
        }
        for message in messages {
            self.notify_info(message);
        }
        if self.reload_teammates_in_background(changed) {
            return;
        }
        let Some(session) = &self.session else {
            return;
        };
        let reloaded = self.team.refresh(session, Some(changed));
        if !reloaded.is_empty() {
            self.notify_info(format!("Reloaded from disk: {}.", reloaded.join(", ")));
        }
    }

    /// Opens the consensus layer in place of the own one (`true`), or the own one again.
    pub(super) fn switch_layer(&mut self, to_consensus: bool) {
        if let Err(error) = self.save_now() {
            self.notify_error(format!(
                "Not switching layers: saving failed first: {error}"
            ));
            return;
        }
        let Some(session) = &self.session else {
            return;
        };
        let article = session.article_path.clone();
        let folder = session.annotations_folder();
        let opened = if to_consensus {
            ReadingSession::open_consensus(&article, Some(&folder))
        } else {
            match self.article.analyst.clone() {
                Some(analyst) => ReadingSession::open(&article, Some(&folder), &analyst),
                None => return,
            }
        };
        match opened {
            Ok(session) => {
                self.session = Some(session);
                self.apply_project_tag_set();
                self.view.selected_annotation = None;
                self.view.article.reset();
                self.start_team_session();
                if to_consensus {
                    self.notify_info_while(
                        "Adjudicating: you are editing the consensus layer. Open disagreements are listed in the Adjudicate window.",
                        super::ValidWhile::Analyst(crate::team::CONSENSUS.to_owned()),
                    );
                }
            }
            Err(error) => self.notify_error(error.to_string()),
        }
    }

    pub(super) fn accept_unanimous(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let layers = self.team.analyst_layers(session);
        let outcome = team::decide_automatically(
            &session.document,
            session.layer(),
            &layers,
            team::Strategy::Unanimous,
        );
        let left = outcome.open.len();
        let accepted = outcome.accepted;
        if let Some(edit) = outcome.edit {
            let result = self.with_session(|session| session.apply(edit));
            self.report(result);
        }
        self.notify_info(format!(
            "{accepted} unanimous reading(s) accepted; {left} disagreement(s) left to decide."
        ));
    }

    pub(super) fn decide(&mut self, cluster_start: usize, readings: &[usize], then_edit: bool) {
        let Some(session) = &self.session else {
            return;
        };
        let open = self.team.open_clusters(session);
        let Some(cluster) = open
            .iter()
            .find(|cluster| cluster.extent.start == cluster_start)
        else {
            return;
        };
        let layers = self.team.analyst_layers(session);
        let names: Vec<String> = layers.iter().map(|layer| layer.analyst.clone()).collect();
        let Some(edit) = team::decide(
            &session.document,
            session.layer(),
            cluster,
            readings,
            &names,
        ) else {
            return;
        };
        // What to select for "take and edit": the annotation added, or the one already there.
        let taken: Vec<AnnotationId> = match &edit {
            crate::model::Edit::Batch(parts) => parts
                .iter()
                .filter_map(|part| match part {
                    crate::model::Edit::Add(annotation) => Some(annotation.id),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let taken: Vec<AnnotationId> = taken
            .into_iter()
            .chain(readings.iter().filter_map(|&index| {
                let reading = cluster.readings.get(index)?;
                team::consensus::held_by(session.layer(), reading.span, &reading.tag)
            }))
            .collect();
        let next_focus = open
            .iter()
            .find(|other| other.extent.start > cluster_start)
            .map(|other| other.extent.start);
        let result = self.with_session(|session| session.apply(edit));
        let applied = result.is_ok();
        self.report(result);
        if !applied {
            return;
        }
        self.team.adjudication_focus = next_focus;
        if then_edit && let Some(first) = taken.first() {
            self.select_annotation(Some(*first), true);
        } else if let Some(start) = next_focus {
            self.view.article.scroll_to(start);
        }
    }

    pub(super) fn step_open_cluster(&mut self, step: isize) {
        let Some(session) = &self.session else {
            return;
        };
        let open = self.team.open_clusters(session);
        if open.is_empty() {
            return;
        }
        let current = self.team.adjudication_focus.and_then(|start| {
            open.iter()
                .position(|cluster| cluster.extent.start == start)
        });
        let index = match current {
            Some(index) => (index as isize + step).rem_euclid(open.len() as isize) as usize,
            None if step < 0 => open.len() - 1,
            None => 0,
        };
        let start = open[index].extent.start;
        self.team.adjudication_focus = Some(start);
        self.view.article.scroll_to(start);
    }

    pub(super) fn step_disagreement(&mut self, step: isize) {
        let Some(session) = &self.session else {
            return;
        };
        let comparisons = self.team.comparisons(session);
        let disagreements = team::compare::disagreements(&comparisons);
        if disagreements.is_empty() {
            return;
        }
        let count = disagreements.len() as isize;
        let index = match self.team.compare_cursor {
            Some(cursor) => match disagreements
                .iter()
                .position(|comparison| comparison.extent == cursor)
            {
                Some(current) => (current as isize + step).rem_euclid(count) as usize,
                // The passage is no longer a disagreement (a layer changed): go on from there.
                None if step < 0 => disagreements
                    .iter()
                    .rposition(|comparison| comparison.extent.start < cursor.start)
                    .unwrap_or(disagreements.len() - 1),
                None => disagreements
                    .iter()
                    .position(|comparison| comparison.extent.start > cursor.start)
                    .unwrap_or(0),
            },
            None if step < 0 => disagreements.len() - 1,
            None => 0,
        };
        let extent = disagreements[index].extent;
        self.team.compare_cursor = Some(extent);
        self.view.article.scroll_to(extent.start);
    }
}

/// The key under which "reading done" is remembered: article and analyst.
pub(super) fn reading_key(session: &ReadingSession) -> String {
    let article = session
        .article_path
        .canonicalize()
        .unwrap_or_else(|_| session.article_path.clone());
    format!("{}|{}", article.display(), session.analyst())
}
