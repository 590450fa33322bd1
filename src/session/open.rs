//! Opening a session (an analyst's layer, or the consensus layer) and reading its sidecar,
//! or another analyst's, from disk.

use super::{MergeReport, ReadingSession, SessionError, SidecarState, TagSetSource, next_revision};
use crate::model::anchoring::AnchorReport;
use crate::model::{History, Layer, TagSet};
use crate::store::{self, SidecarError};
use std::path::Path;

impl ReadingSession {
    /// Opens an article and the analyst's sidecar for it. A sidecar that cannot be used does
    /// not fail the open: the session starts [`SidecarState::Blocked`] with an empty layer.
    pub fn open(
        article_path: &Path,
        annotations_dir: Option<&Path>,
        analyst: &str,
    ) -> Result<Self, SessionError> {
        Self::open_with_progress(
            article_path,
            annotations_dir,
            analyst,
            &crate::progress::Progress::default(),
        )
    }

    /// [`ReadingSession::open`], reporting progress (reading, re-anchoring) and stopping early
    /// with [`SessionError::Cancelled`] when cancelled. Reads only: nothing is written.
    pub(crate) fn open_with_progress(
        article_path: &Path,
        annotations_dir: Option<&Path>,
        analyst: &str,
        progress: &crate::progress::Progress,
    ) -> Result<Self, SessionError> {
        store::validate_analyst_name(analyst)?;
        Self::open_layer(article_path, annotations_dir, analyst, progress)
    }

    /// Opens the article's consensus layer (`<stem>.consensus.ron`), the one layer whose name
    /// is reserved, for adjudication.
    pub fn open_consensus(
        article_path: &Path,
        annotations_dir: Option<&Path>,
    ) -> Result<Self, SessionError> {
        Self::open_layer(
            article_path,
            annotations_dir,
            crate::team::CONSENSUS,
            &crate::progress::Progress::default(),
        )
    }

    fn open_layer(
        article_path: &Path,
        annotations_dir: Option<&Path>,
        analyst: &str,
        progress: &crate::progress::Progress,
    ) -> Result<Self, SessionError> {
        progress.start_stage("Reading the article", 0);
        let sidecar_path = store::sidecar_path(article_path, annotations_dir, analyst);
        // The sidecar is read and parsed while the article is read: neither needs the other,
        // and a book's sidecar takes longer to parse than its article to read.
        let (article, sidecar) = std::thread::scope(|scope| {
            let sidecar = scope.spawn(|| store::sidecar::read_sidecar(&sidecar_path));
            let article = store::read_article(article_path);
            let sidecar = sidecar.join().unwrap_or_else(|_| {
                Err(SidecarError::Io {
                    path: sidecar_path.clone(),
                    source: std::io::Error::other("the thread reading it stopped"),
                })
            });
            (article, sidecar)
        });
        let article = article?;
        progress.check().map_err(|_| SessionError::Cancelled)?;
        let initial_revision = next_revision();
        let mut session = Self {
            article_path: article_path.to_owned(),
            sidecar_path,
            document: article.document,
            article_format: article.format,
            article_encoding: article.encoding,
            article_encoding_detected: article.encoding_detected,
            layer: Layer::new(analyst, TagSet::default()),
            history: History::default(),
            sidecar_state: SidecarState::New,
            revision: initial_revision,
            changes: Default::default(),
            saved_revision: initial_revision,
            anchor_report: AnchorReport::default(),
            article_changed: false,
            disk_fingerprint: None,
            merge_base: Default::default(),
            read_only: None,
            configured_tag_set: None,
            tag_set_source: TagSetSource::Sidecar,
            dangling_relations: 0,
            repaired_spans: 0,
            background_save: None,
        };
        progress.start_stage("Reading the annotations", 0);
        let article_name = session.article_name();
        let loaded = sidecar.and_then(|parsed| {
            parsed
                .map(|parsed| {
                    store::sidecar::place_sidecar(
                        parsed,
                        &session.sidecar_path,
                        &session.document,
                        &article_name,
                        progress,
                    )
                })
                .transpose()
        });
        session.apply_loaded_sidecar(loaded);
        if progress.is_cancelled() {
            return Err(SessionError::Cancelled);
        }
        match store::tag_sets::find_tag_set(article_path, &session.annotations_folder()) {
            Some((path, Ok(set))) => session.use_tag_set(set, TagSetSource::File(path)),
            Some((_, Err(error))) => {
                session.tag_set_source = TagSetSource::Broken(error.to_string())
            }
            None => {}
        }
        Ok(session)
    }

    /// (Re)reads the sidecar from disk. Without unsaved changes the file's annotations replace
    /// the layer (and undo history starts afresh); with unsaved changes they are merged by id
    /// with the version last read or written as the base, as one undoable edit. A file that
    /// cannot be used blocks writing and leaves the layer as it is. Returns the merge report.
    pub fn load_sidecar(&mut self) -> MergeReport {
        self.load_sidecar_with_progress(&crate::progress::Progress::default())
    }

    fn load_sidecar_with_progress(&mut self, progress: &crate::progress::Progress) -> MergeReport {
        // What a background save wrote must be the base before anything else is read.
        let _ = self.wait_for_background_save();
        let article_name = self.article_name();
        let loaded = store::sidecar::load_sidecar_with_progress(
            &self.sidecar_path,
            &self.document,
            &article_name,
            progress,
        );
        self.apply_loaded_sidecar(loaded)
    }

    /// Takes in the sidecar as [`store::load_sidecar`] read it against this session's
    /// document (on a worker, for a large one), exactly as [`ReadingSession::load_sidecar`]
    /// does. The caller makes sure nothing was saved or reloaded since it was read (the
    /// [`ReadingSession::disk_fingerprint`] is unchanged), or the merge base would be wrong.
    pub(crate) fn apply_loaded_sidecar(
        &mut self,
        loaded: Result<Option<store::sidecar::LoadedSidecar>, SidecarError>,
    ) -> MergeReport {
        match loaded {
            Ok(Some(loaded)) => {
                self.dangling_relations = loaded.dangling_relations;
                self.repaired_spans = loaded.repaired_spans;
                self.anchor_report = loaded.report;
                self.article_changed = loaded.article_changed;
                self.sidecar_state = SidecarState::Loaded;
                self.take_from_disk(loaded.layer, loaded.fingerprint)
            }
            Ok(None) => {
                self.sidecar_state = SidecarState::New;
                self.disk_fingerprint = None;
                MergeReport::default()
            }
            Err(error) => {
                self.sidecar_state = SidecarState::Blocked(error);
                MergeReport::default()
            }
        }
    }

    /// The analysts with a sidecar for this article in the same folder, other than this one and
    /// the consensus layer, sorted.
    pub fn other_analysts(&self) -> Vec<String> {
        crate::team::discover_layers(&self.article_path, Some(&self.annotations_folder()))
            .into_iter()
            .filter(|file| !file.is_consensus() && file.analyst != self.analyst())
            .map(|file| file.analyst)
            .collect()
    }

    /// Another analyst's layer of this article, read (and re-anchored) from their sidecar.
    pub fn read_other_layer(&self, analyst: &str) -> Result<Layer, SessionError> {
        store::validate_analyst_name(analyst)?;
        let folder = self.sidecar_path.parent().map(Path::to_path_buf);
        let path = store::sidecar_path(&self.article_path, folder.as_deref(), analyst);
        match store::load_sidecar(&path, &self.document, &self.article_name())? {
            Some(loaded) => {
                let mut layer = loaded.layer;
                layer.analyst = analyst.to_owned();
                Ok(layer)
            }
            None => Err(SessionError::Sidecar(SidecarError::Io {
                path,
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            })),
        }
    }
}
