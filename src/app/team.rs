//! Teammates in the window: their layers (found beside the article, reloaded live), which are
//! shown and in what colour, blind mode, and the team commands: compare, agreement and
//! adjudication into the consensus layer.

use crate::model::{Layer, Rgb};
use crate::session::ReadingSession;
use crate::state::{AgreementState, TeammateLayer};
use crate::team::{self, AgreementReport, CONSENSUS, Cluster, Comparison, Metric};
use std::cell::RefCell;
use std::collections::HashSet;
use std::ffi::OsString;
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
pub(crate) struct TeamState {
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
pub(crate) struct PreloadedLayer {
    pub path: std::path::PathBuf,
    pub fingerprint: Option<String>,
    pub layer: Result<Option<Layer>, String>,
}

/// The sidecars beside the session's article other than its own.
pub(crate) fn teammate_files(session: &ReadingSession) -> Vec<team::LayerFile> {
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
pub(crate) fn read_teammates(
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
pub(crate) fn own_sidecar_reloaded_message(report: &crate::session::MergeReport) -> String {
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
pub(crate) const AGREEMENT_BACKGROUND_THRESHOLD: usize = 5_000;

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
    pub(crate) fn is_blind(&self, session: &ReadingSession) -> bool {
        ((self.blind_mode || self.new_reader) && !self.reading_done)
            && session.analyst() != CONSENSUS
    }

    /// Every analyst's name: the session's own and the teammates', sorted (consensus last).
    pub(crate) fn all_analysts(&self, session: &ReadingSession) -> Vec<String> {
        let mut names: Vec<String> = std::iter::once(session.analyst().to_owned())
            .chain(self.teammates.iter().map(|mate| mate.analyst.clone()))
            .collect();
        names.sort_by_key(|name| (name == CONSENSUS, name.clone()));
        names.dedup();
        names
    }

    pub(crate) fn analyst_colour(&self, session: &ReadingSession, analyst: &str) -> Rgb {
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
    pub(crate) fn shown_layers<'a>(&'a self, session: &ReadingSession) -> Vec<&'a Layer> {
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
    pub(crate) fn analyst_layers<'a>(&'a self, session: &'a ReadingSession) -> Vec<&'a Layer> {
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
    pub(crate) fn refresh(
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
    pub(crate) fn cancel_agreement(&mut self, session: &ReadingSession) {
        if let Some((_, job)) = self.agreement_job.take() {
            job.cancel();
        }
        self.agreement_cancelled = Some(self.cache_key(session));
    }

    /// Works agreement out again after a cancel.
    pub(crate) fn restart_agreement(&mut self) {
        self.agreement_cancelled = None;
    }

    /// The compared pair, defaulting to the first two analysts.
    pub(crate) fn compared_pair(&self, session: &ReadingSession) -> Option<(String, String)> {
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
    pub(crate) fn comparisons(&self, session: &ReadingSession) -> Rc<Vec<Comparison>> {
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
    pub(crate) fn compare_position(&self, disagreements: &[&Comparison]) -> Option<usize> {
        let cursor = self.compare_cursor?;
        disagreements
            .iter()
            .position(|comparison| comparison.extent == cursor)
    }

    /// The clusters still to decide, when adjudicating; computed again only when a layer
    /// changed.
    pub(crate) fn open_clusters(&self, session: &ReadingSession) -> Rc<Vec<Cluster>> {
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
