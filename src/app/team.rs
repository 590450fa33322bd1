//! Teammates in the window: their layers (found beside the article, reloaded live), which are
//! shown and in what colour, blind mode, and the team commands: compare, agreement and
//! adjudication into the consensus layer.

use super::CloseReadApp;
use crate::command::TeamCommand;
use crate::model::{AnnotationId, Layer, Rgb};
use crate::session::ReadingSession;
use crate::state::{AgreementState, TeammateLayer};
use crate::team::{self, AgreementReport, CONSENSUS, Cluster, Comparison, Metric};
use std::cell::RefCell;
use std::collections::HashSet;
use std::ffi::OsString;
use std::path::PathBuf;
use std::rc::Rc;

/// Analysts' colours, by the analyst's place in the sorted team: distinct from each other and
/// from the default tags' colours (vermilion, blue, bluish green), so that colouring by analyst
/// never reads as colouring by tag, and light enough to show on the dark theme; the consensus
/// layer is grey. (From Paul Tol's schemes and Okabe–Ito's reddish purple; a test keeps them
/// apart from the tag colours and from each other.)
const ANALYST_PALETTE: [Rgb; 6] = [
    Rgb([0xCC, 0x79, 0xA7]),
    Rgb([0x88, 0xCC, 0xEE]),
    Rgb([0xDD, 0xCC, 0x77]),
    Rgb([0xAA, 0x44, 0x99]),
    Rgb([0xBB, 0xCC, 0x33]),
    Rgb([0xFF, 0xAA, 0xBB]),
];
const CONSENSUS_COLOUR: Rgb = Rgb([0x88, 0x88, 0x88]);

#[derive(Default)]
pub struct TeamState {
    pub teammates: Vec<TeammateLayer>,
    pub colour_by_analyst: bool,
    pub blind_mode: bool,
    /// This analyst marked their reading of this article done (blind mode lifts).
    pub reading_done: bool,
    /// The analyst came to this article with nothing tagged while teammates had tagged it:
    /// their readings stay hidden until the analyst shows them (one click, remembered).
    pub new_reader: bool,
    /// Bumped whenever teammates' layers or their visibility change (drawing caches).
    pub revision: u64,
    pub show_compare: bool,
    /// The Adjudicate view is open in the dock (while the consensus layer is edited).
    pub show_adjudication: bool,
    pub show_agreement: bool,
    pub agreement_metric: Option<Metric>,
    pub compare_pair: Option<(String, String)>,
    /// The disagreement the navigator is on, by its passage (so that it stays put when a
    /// layer reloads).
    pub compare_cursor: Option<crate::model::Span>,
    /// Start of the open cluster the adjudication window shows.
    pub adjudication_focus: Option<usize>,
    agreement_cache: Option<(LayersKey, AgreementReport)>,
    /// Agreement being worked out off the UI thread (many or large layers), for these layers.
    agreement_job: Option<(LayersKey, AgreementJob)>,
    /// The layers whose agreement the analyst cancelled: not started again by itself.
    agreement_cancelled: Option<LayersKey>,
    /// Layers with more annotations than this (all together) are compared off the UI thread.
    pub background_threshold: usize,
    /// Teammates' layers read by the worker that opened the article, used by the next
    /// [`TeamState::refresh`] when the files have not changed since.
    pub preloaded: Vec<PreloadedLayer>,
    // Derived from the layers, kept while they do not change (the windows ask every frame).
    comparison_cache: RefCell<Option<(ComparisonKey, Rc<Vec<Comparison>>)>>,
    cluster_cache: RefCell<Option<(LayersKey, Rc<Vec<Cluster>>)>>,
}

type LayersKey = (String, u64, u64);
type AgreementJob = crate::progress::Job<Result<AgreementReport, crate::progress::Cancelled>>;

/// A teammate's layer read on the worker that opened the article, so that the UI thread does
/// not parse and re-anchor it again (a book's layers take seconds).
pub struct PreloadedLayer {
    pub path: std::path::PathBuf,
    pub fingerprint: Option<String>,
    pub layer: Result<Option<Layer>, String>,
}

/// The sidecars beside the session's article other than its own.
pub fn teammate_files(session: &ReadingSession) -> Vec<team::LayerFile> {
    team::discover_layers(&session.article_path, Some(&session.annotations_folder()))
        .into_iter()
        .filter(|file| file.analyst != session.analyst())
        .collect()
}

/// Reads a teammate's layer as the Team panel keeps it (`Ok(None)`: no file any more).
fn read_teammate(
    file: &team::LayerFile,
    document: &crate::model::Document,
    article_name: &str,
) -> Result<Option<Layer>, String> {
    team::read_layer(file, document, article_name)
        .map(|read| read.map(|(layer, _)| layer))
        .map_err(|error| error.to_string())
}

/// Reads teammates' layers on a worker, one progress step each, for a later
/// [`TeamState::refresh`] to take in.
pub fn read_teammates(
    files: Vec<team::LayerFile>,
    document: &crate::model::Document,
    article_name: &str,
    progress: &crate::progress::Progress,
) -> Result<Vec<PreloadedLayer>, crate::progress::Cancelled> {
    progress.start_stage("Reading the teammates' layers", files.len());
    let mut preloaded = Vec::new();
    for file in files {
        progress.check()?;
        let fingerprint = std::fs::read(&file.path)
            .ok()
            .map(|bytes| crate::store::fingerprint(&bytes));
        let layer = read_teammate(&file, document, article_name);
        preloaded.push(PreloadedLayer {
            path: file.path,
            fingerprint,
            layer,
        });
        progress.advance(1);
    }
    Ok(preloaded)
}

/// The notice after the own sidecar, changed elsewhere, was read again.
pub fn own_sidecar_reloaded_message(report: &crate::session::MergeReport) -> String {
    format!(
        "Your sidecar was changed elsewhere and has been reloaded{}.",
        if report.merged {
            " (merged with your unsaved changes)"
        } else {
            ""
        }
    )
}

/// Annotations (over all compared layers) above which agreement is worked out off the UI
/// thread: below, it takes a few milliseconds.
pub const AGREEMENT_BACKGROUND_THRESHOLD: usize = 5_000;

type ComparisonKey = (LayersKey, Option<(String, String)>);

impl TeamState {
    pub fn new() -> Self {
        Self {
            background_threshold: AGREEMENT_BACKGROUND_THRESHOLD,
            ..Self::default()
        }
    }

    /// Whether teammates' layers are hidden: blind mode until the reading is done (never for
    /// the adjudicator).
    pub fn is_blind(&self, session: &ReadingSession) -> bool {
        ((self.blind_mode || self.new_reader) && !self.reading_done)
            && session.analyst() != CONSENSUS
    }

    /// Every analyst's name: the session's own and the teammates', sorted (consensus last).
    pub fn all_analysts(&self, session: &ReadingSession) -> Vec<String> {
        let mut names: Vec<String> = std::iter::once(session.analyst().to_owned())
            .chain(self.teammates.iter().map(|mate| mate.analyst.clone()))
            .collect();
        names.sort_by_key(|name| (name == CONSENSUS, name.clone()));
        names.dedup();
        names
    }

    pub fn analyst_colour(&self, session: &ReadingSession, analyst: &str) -> Rgb {
        if analyst == CONSENSUS {
            return CONSENSUS_COLOUR;
        }
        let position = self
            .all_analysts(session)
            .iter()
            .position(|name| name == analyst)
            .unwrap_or(0);
        ANALYST_PALETTE[position % ANALYST_PALETTE.len()]
    }

    /// The layer of `analyst`: the session's own or a loaded teammate's.
    pub fn layer_of<'a>(&'a self, session: &'a ReadingSession, analyst: &str) -> Option<&'a Layer> {
        if session.analyst() == analyst {
            return Some(session.layer());
        }
        self.teammates
            .iter()
            .find(|mate| mate.analyst == analyst)
            .and_then(|mate| mate.layer.as_ref())
    }

    /// Teammates' layers to draw in the article (none while blind).
    pub fn shown_layers<'a>(&'a self, session: &ReadingSession) -> Vec<&'a Layer> {
        if self.is_blind(session) {
            return Vec::new();
        }
        self.teammates
            .iter()
            .filter(|mate| mate.visible)
            .filter_map(|mate| mate.layer.as_ref())
            .collect()
    }

    /// The analysts' layers that count for agreement and adjudication: the shown ones plus
    /// the own one, the consensus layer left out.
    pub fn analyst_layers<'a>(&'a self, session: &'a ReadingSession) -> Vec<&'a Layer> {
        let mut layers: Vec<&Layer> = Vec::new();
        if session.analyst() != CONSENSUS {
            layers.push(session.layer());
        }
        layers.extend(
            self.teammates
                .iter()
                .filter(|mate| mate.visible && mate.analyst != CONSENSUS)
                .filter_map(|mate| mate.layer.as_ref()),
        );
        layers.sort_by(|a, b| a.analyst.cmp(&b.analyst));
        layers
    }

    /// Finds the article's sidecars other than the session's own and (re)reads those that
    /// changed (all when `changed` is `None`). Returns the analysts reloaded.
    pub fn refresh(
        &mut self,
        session: &ReadingSession,
        changed: Option<&HashSet<OsString>>,
    ) -> Vec<String> {
        let files = teammate_files(session);
        let article_name = session.article_name();
        let mut reloaded = Vec::new();
        let before = self.teammates.len();
        self.teammates
            .retain(|mate| files.iter().any(|file| file.analyst == mate.analyst));
        let mut changed_any = before != self.teammates.len();
        for file in &files {
            let named_in_changes = changed.is_none_or(|names| {
                file.path
                    .file_name()
                    .is_some_and(|name| names.contains(name))
            });
            let existing = self
                .teammates
                .iter()
                .position(|mate| mate.analyst == file.analyst);
            if existing.is_some() && !named_in_changes {
                continue;
            }
            let bytes = std::fs::read(&file.path).ok();
            let fingerprint = bytes.as_deref().map(crate::store::fingerprint);
            if let Some(index) = existing
                && self.teammates[index].fingerprint == fingerprint
            {
                continue;
            }
            let preloaded = self
                .preloaded
                .iter()
                .position(|read| read.path == file.path && read.fingerprint == fingerprint)
                .map(|index| self.preloaded.swap_remove(index).layer);
            let read =
                preloaded.unwrap_or_else(|| read_teammate(file, &session.document, &article_name));
            let (layer, error) = match read {
                Ok(Some(layer)) => (Some(layer), None),
                Ok(None) => continue,
                Err(error) => (None, Some(error)),
            };
            let mate = TeammateLayer {
                analyst: file.analyst.clone(),
                path: file.path.clone(),
                layer,
                error,
                fingerprint,
                visible: existing.is_none_or(|index| self.teammates[index].visible),
            };
            match existing {
                // A teammate's file that cannot be read keeps showing their last good layer.
                Some(index) if mate.layer.is_none() => {
                    self.teammates[index].error = mate.error;
                    self.teammates[index].fingerprint = mate.fingerprint;
                }
                Some(index) => self.teammates[index] = mate,
                None => self.teammates.push(mate),
            }
            reloaded.push(file.analyst.clone());
            changed_any = true;
        }
        self.preloaded.clear();
        self.teammates.sort_by(|a, b| a.analyst.cmp(&b.analyst));
        if changed_any {
            self.revision += 1;
        }
        reloaded
    }

    /// Agreement of the analysts' layers, computed again only when a layer changed: at once
    /// for small layers, else on a worker thread whose progress the window shows.
    pub fn agreement(
        &mut self,
        session: &ReadingSession,
        ctx: &egui::Context,
    ) -> AgreementState<'_> {
        let key = self.cache_key(session);
        self.take_agreement_result(&key);
        if self
            .agreement_cache
            .as_ref()
            .is_some_and(|(cached, _)| *cached == key)
        {
            return match &self.agreement_cache {
                Some((_, report)) => AgreementState::Ready(report),
                None => AgreementState::TooFewLayers,
            };
        }
        let layers = self.analyst_layers(session);
        if layers.len() < 2 {
            return AgreementState::TooFewLayers;
        }
        if self.agreement_cancelled.as_ref() == Some(&key) {
            return AgreementState::Cancelled;
        }
        let size: usize = layers.iter().map(|layer| layer.len()).sum();
        if size <= self.background_threshold {
            let report = team::agreement(&session.document, &layers);
            self.agreement_cache = Some((key, report));
            return match &self.agreement_cache {
                Some((_, report)) => AgreementState::Ready(report),
                None => AgreementState::TooFewLayers,
            };
        }
        if self.agreement_job.is_none() {
            let document = session.document.clone();
            let layers: Vec<Layer> = layers.into_iter().cloned().collect();
            let worker_ctx = ctx.clone();
            let job = crate::progress::Job::spawn(
                "Agreement",
                move |progress| {
                    let layers: Vec<&Layer> = layers.iter().collect();
                    team::agreement::agreement_with_progress(&document, &layers, progress)
                },
                move || worker_ctx.request_repaint(),
            );
            match job {
                Ok(job) => self.agreement_job = Some((key, job)),
                Err(_) => return AgreementState::Cancelled,
            }
        }
        match &self.agreement_job {
            Some((_, job)) => AgreementState::Computing(job.progress()),
            None => AgreementState::Cancelled,
        }
    }

    /// Takes a finished agreement job's report; drops a job for layers that changed since.
    fn take_agreement_result(&mut self, key: &LayersKey) {
        let Some((job_key, job)) = &self.agreement_job else {
            return;
        };
        if job_key != key {
            job.cancel();
            self.agreement_job = None;
            return;
        }
        match job.poll() {
            None => return,
            Some(Ok(Ok(report))) => self.agreement_cache = Some((key.clone(), report)),
            // Cancelled, or the worker died: the window offers to work it out again.
            Some(Ok(Err(_))) | Some(Err(_)) => self.agreement_cancelled = Some(key.clone()),
        }
        self.agreement_job = None;
    }

    /// Stops working out agreement; the window offers to start again.
    pub fn cancel_agreement(&mut self, session: &ReadingSession) {
        if let Some((_, job)) = self.agreement_job.take() {
            job.cancel();
        }
        self.agreement_cancelled = Some(self.cache_key(session));
    }

    /// Works agreement out again after a cancel.
    pub fn restart_agreement(&mut self) {
        self.agreement_cancelled = None;
    }

    /// The compared pair, defaulting to the first two analysts.
    pub fn compared_pair(&self, session: &ReadingSession) -> Option<(String, String)> {
        let names: Vec<String> = self
            .all_analysts(session)
            .into_iter()
            .filter(|name| self.layer_of(session, name).is_some())
            .collect();
        if let Some((first, second)) = &self.compare_pair
            && names.contains(first)
            && names.contains(second)
        {
            return Some((first.clone(), second.clone()));
        }
        (names.len() >= 2).then(|| (names[0].clone(), names[1].clone()))
    }

    /// The compared pair's readings paired up; computed again only when a layer changed.
    pub fn comparisons(&self, session: &ReadingSession) -> Rc<Vec<Comparison>> {
        let pair = self.compared_pair(session);
        let key = (self.cache_key(session), pair.clone());
        if let Some((cached, comparisons)) = &*self.comparison_cache.borrow()
            && *cached == key
        {
            return comparisons.clone();
        }
        let comparisons = Rc::new(match &pair {
            Some((first, second)) => {
                match (
                    self.layer_of(session, first),
                    self.layer_of(session, second),
                ) {
                    (Some(a), Some(b)) => team::compare(a, b),
                    _ => Vec::new(),
                }
            }
            None => Vec::new(),
        });
        *self.comparison_cache.borrow_mut() = Some((key, comparisons.clone()));
        comparisons
    }

    /// What identifies the state of every layer: whose session, its revision, the teammates'.
    fn cache_key(&self, session: &ReadingSession) -> LayersKey {
        (
            session.analyst().to_owned(),
            session.revision(),
            self.revision,
        )
    }

    /// The passage the compare or adjudication window is about, to point out in the article.
    pub fn focus(&self, session: &ReadingSession) -> Option<crate::model::Span> {
        if self.is_blind(session) {
            return None;
        }
        if session.analyst() == CONSENSUS {
            let open = self.open_clusters(session);
            let focused = self
                .adjudication_focus
                .and_then(|start| open.iter().find(|cluster| cluster.extent.start == start));
            return focused.or(open.first()).map(|cluster| cluster.extent);
        }
        if !self.show_compare {
            return None;
        }
        self.compare_cursor
    }

    /// The position of the navigator's disagreement among `disagreements` (by passage).
    pub fn compare_position(&self, disagreements: &[&Comparison]) -> Option<usize> {
        let cursor = self.compare_cursor?;
        disagreements
            .iter()
            .position(|comparison| comparison.extent == cursor)
    }

    /// The clusters still to decide, when adjudicating; computed again only when a layer
    /// changed.
    pub fn open_clusters(&self, session: &ReadingSession) -> Rc<Vec<Cluster>> {
        if session.analyst() != CONSENSUS {
            return Rc::default();
        }
        let key = self.cache_key(session);
        if let Some((cached, open)) = &*self.cluster_cache.borrow()
            && *cached == key
        {
            return open.clone();
        }
        let open: Rc<Vec<Cluster>> = Rc::new(
            team::clusters(&self.analyst_layers(session))
                .into_iter()
                .filter(|cluster| cluster.is_open(session.layer()))
                .collect(),
        );
        *self.cluster_cache.borrow_mut() = Some((key, open.clone()));
        open
    }
}

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
                self.team.blind_mode = on;
                self.team.revision += 1;
                self.settings.blind_mode = on;
                self.save_settings();
            }
            TeamCommand::MarkReadingDone => {
                self.team.reading_done = true;
                self.team.revision += 1;
                if let Some(session) = &self.session {
                    let key = reading_key(session);
                    self.settings.mark_reading_done(key);
                    self.save_settings();
                }
                self.notify_info("Reading marked done: your teammates' layers are shown now.");
            }
            TeamCommand::ShowCompare(show) => self.team.show_compare = show,
            TeamCommand::ShowOthers => {
                self.team.new_reader = false;
                self.team.revision += 1;
                if let Some(session) = &self.session {
                    let key = reading_key(session);
                    self.settings.show_others(key);
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
        let Some(session) = &mut self.session else {
            return;
        };
        self.team.teammates.clear();
        self.team.compare_cursor = None;
        self.team.adjudication_focus = None;
        self.team.blind_mode = self.settings.blind_mode;
        self.team.reading_done = self.settings.is_reading_done(&reading_key(session));
        self.sidecar_lock = None;
        match crate::store::lock::try_lock(&session.sidecar_path) {
            Ok(crate::store::lock::LockOutcome::Acquired(lock)) => self.sidecar_lock = Some(lock),
            Ok(crate::store::lock::LockOutcome::HeldBy(holder)) => {
                session.set_read_only(Some(holder.to_string()));
            }
            // A folder we cannot write to: saving will say so.
            Err(_) => {}
        }
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
        self.team.new_reader = self.settings.starts_blind(&key, new_reader);
        let read_only_notice = session.read_only_holder().map(|holder| {
            format!(
                "{} is already open for editing by Closeread ({holder}). This window is read-only; choose “Edit anyway” in the Team panel to edit too (saves then merge by annotation id).",
                session.sidecar_path.display()
            )
        });
        let folders = vec![
            session
                .article_path
                .parent()
                .map(PathBuf::from)
                .unwrap_or_default(),
            session.annotations_folder(),
        ];
        self.article_stamp = super::watch::stamp_of(&session.article_path);
        // The article, its sidecars and tag set (`<stem>.…`), and the folder's tag set.
        let prefix = format!(
            "{}.",
            session
                .article_path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        let wanted = move |name: &str| {
            name.starts_with(&prefix) || name == crate::store::tag_sets::PROJECT_TAG_SET_FILE
        };
        self.watcher = super::watch::FolderWatcher::new(&folders, wanted, &self.ctx).ok();
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
    fn switch_layer(&mut self, to_consensus: bool) {
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
            match self.analyst.clone() {
                Some(analyst) => ReadingSession::open(&article, Some(&folder), &analyst),
                None => return,
            }
        };
        match opened {
            Ok(session) => {
                self.session = Some(session);
                self.selected_annotation = None;
                self.article_view.reset();
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

    fn accept_unanimous(&mut self) {
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

    fn decide(&mut self, cluster_start: usize, readings: &[usize], then_edit: bool) {
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
            self.article_view.scroll_to(start);
        }
    }

    fn step_open_cluster(&mut self, step: isize) {
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
        self.article_view.scroll_to(start);
    }

    fn step_disagreement(&mut self, step: isize) {
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
        self.article_view.scroll_to(extent.start);
    }
}

/// The key under which "reading done" is remembered: article and analyst.
fn reading_key(session: &ReadingSession) -> String {
    let article = session
        .article_path
        .canonicalize()
        .unwrap_or_else(|_| session.article_path.clone());
    format!("{}|{}", article.display(), session.analyst())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: Rgb, b: Rgb) -> f32 {
        a.0.iter()
            .zip(b.0.iter())
            .map(|(x, y)| (f32::from(*x) - f32::from(*y)).powi(2))
            .sum::<f32>()
            .sqrt()
    }

    #[test]
    fn analyst_colours_are_not_tag_colours_nor_each_other() {
        for analyst in ANALYST_PALETTE {
            for tag in crate::model::TagSet::default().tags {
                assert!(
                    distance(analyst, tag.colour) > 100.0,
                    "{analyst:?} is too like {}'s colour",
                    tag.label
                );
            }
            for other in ANALYST_PALETTE {
                assert!(analyst == other || distance(analyst, other) > 60.0);
            }
        }
    }
}
