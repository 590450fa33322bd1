//! Where a project stands: per article and analyst, not started / in progress / done with the
//! annotation count, and the article's consensus.
//!
//! - An analyst is **done** with an article when they have marked it so ([`super::progress`]);
//!   **in progress** when their sidecar holds an annotation or a reading note; else **not
//!   started**.
//! - The consensus is **none** while fewer than two analysts have placed annotations on the
//!   article (nothing to reconcile); **open** while a passage they annotated differently (a
//!   cluster of overlapping annotations that is not one reading every one of them chose) is not
//!   yet settled in the consensus layer; **settled** when no such passage is left.

use super::Project;
use super::index::cache;
use super::index::files::{ArticleFiles, FileStamp, article_files};
use super::progress::Progress;
use super::readings::read_article_readings_from;
use crate::model::Layer;
use crate::store::SidecarFile;
use crate::team;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReadingStatus {
    NotStarted,
    InProgress,
    Done,
}

impl ReadingStatus {
    /// The name in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Done => "done",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "not started",
            Self::InProgress => "in progress",
            Self::Done => "done",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Consensus {
    None,
    Open,
    Settled,
}

impl Consensus {
    /// The name in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Open => "open",
            Self::Settled => "settled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Open => "open disagreements",
            Self::Settled => "settled",
        }
    }
}

/// One analyst on one article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnalystStatus {
    pub status: ReadingStatus,
    pub annotations: usize,
}

/// One article of the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleStatus {
    /// The manifest key (path relative to the project folder).
    pub key: String,
    pub title: String,
    /// The article's document information (its title may be empty; `title` never is).
    pub info: crate::store::DocumentInfo,
    pub assigned: Vec<String>,
    pub double_read: bool,
    /// Every analyst of the project (in the manifest, or with a progress file), and anyone
    /// else with a sidecar of the article.
    pub analysts: BTreeMap<String, AnalystStatus>,
    pub consensus: Consensus,
    /// The article file is gone.
    pub missing: bool,
    /// Files that could not be read, one sentence each naming the file.
    pub problems: Vec<String>,
}

/// What the files of one article say, apart from the manifest and the done marks: worked out
/// when its files change and kept in the cache between runs ([`super::index::cache`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    /// The files it was worked out from.
    pub stamps: Vec<FileStamp>,
    pub info: crate::store::DocumentInfo,
    /// Each analyst with a sidecar: annotations, and whether anything is written in it.
    pub layers: BTreeMap<String, (usize, bool)>,
    pub consensus: Consensus,
    pub missing: bool,
    pub problems: Vec<String>,
}

/// The status of every article of `project`, in manifest order, with `progress` the analysts'
/// done marks ([`load_progress`]). Only the articles whose files changed since the cached
/// summaries were made are read, on every core; the cache is then brought up to date.
pub fn project_status(
    project: &Project,
    progress: &BTreeMap<String, Progress>,
) -> Vec<ArticleStatus> {
    project_status_cached(project, progress, cache::cache_root().as_deref())
}

/// [`project_status`] with the summaries kept in the cache folder `cache` (none: every
/// article is read).
pub fn project_status_cached(
    project: &Project,
    progress: &BTreeMap<String, Progress>,
    cache: Option<&std::path::Path>,
) -> Vec<ArticleStatus> {
    let files = article_files(project);
    let mut summaries = cache
        .map(|cache| cache::load_summaries(cache, project))
        .unwrap_or_default();
    let stale: Vec<&ArticleFiles> = files
        .iter()
        .filter(|files| {
            summaries
                .get(&files.key)
                .is_none_or(|summary| summary.stamps != files.stamps)
        })
        .collect();
    let fresh: Vec<(String, ArticleSummary)> = stale
        .into_par_iter()
        .map(|files| (files.key.clone(), summarise(files)))
        .collect();
    let changed = !fresh.is_empty() || summaries.len() != files.len();
    summaries.extend(fresh);
    summaries.retain(|key, _| project.manifest.articles.contains_key(key));
    if changed && let Some(cache) = cache {
        cache::save_summaries(cache, project, &summaries);
    }
    files
        .iter()
        .filter_map(|files| {
            let summary = summaries.get(&files.key)?;
            Some(status_of(project, progress, &files.key, summary))
        })
        .collect()
}

/// Reads what the files of one article say: the annotation count of each sidecar, and the
/// whole readings only when two or more analysts have annotated it (for the consensus).
pub fn summarise(files: &ArticleFiles) -> ArticleSummary {
    let mut problems = Vec::new();
    let mut layers: BTreeMap<String, (usize, bool)> = BTreeMap::new();
    for file in files.analyst_layers() {
        match std::fs::read_to_string(&file.path)
            .map_err(|error| format!("cannot read {}: {error}", file.path.display()))
            .and_then(|text| {
                SidecarFile::parse(&text, &file.path).map_err(|error| error.to_string())
            }) {
            Ok(sidecar) => {
                let started = !sidecar.annotations.is_empty() || !sidecar.reading_note.is_empty();
                layers.insert(file.analyst.clone(), (sidecar.annotations.len(), started));
            }
            Err(problem) => {
                // Something is there, even if it cannot be read now.
                problems.push(problem);
                layers.insert(file.analyst.clone(), (0, true));
            }
        }
    }
    let missing = !files.path.is_file();
    let readers = layers.values().filter(|(count, _)| *count > 0).count();
    let mut info = crate::store::DocumentInfo::default();
    let mut consensus = Consensus::None;
    if missing {
        problems.push(format!(
            "{} is listed in the project but is gone",
            files.path.display()
        ));
    } else if readers >= 2 {
        match read_article_readings_from(files) {
            Ok(readings) => {
                consensus = consensus_of(&readings.layers, readings.consensus.as_ref());
                info = readings.info;
                problems.extend(readings.problems);
            }
            Err(problem) => problems.push(problem),
        }
    } else {
        let (found, problem) = crate::store::document_info::load_or_detect_reporting(&files.path);
        problems.extend(problem.map(|error| error.to_string()));
        info = found.unwrap_or_default();
    }
    ArticleSummary {
        stamps: files.stamps.clone(),
        info,
        layers,
        consensus,
        missing,
        problems,
    }
}

/// The status of the article of manifest key `key` from its summary.
fn status_of(
    project: &Project,
    progress: &BTreeMap<String, Progress>,
    key: &str,
    summary: &ArticleSummary,
) -> ArticleStatus {
    let entry = project
        .manifest
        .articles
        .get(key)
        .cloned()
        .unwrap_or_default();
    let everyone: BTreeSet<String> = project
        .manifest
        .analysts
        .keys()
        .chain(entry.assigned.iter())
        .chain(summary.layers.keys())
        .chain(progress.keys())
        .cloned()
        .collect();
    let analysts = everyone
        .into_iter()
        .map(|analyst| {
            let (annotations, started) = summary.layers.get(&analyst).copied().unwrap_or_default();
            let done = progress
                .get(&analyst)
                .is_some_and(|progress| progress.is_done(key));
            let status = if done {
                ReadingStatus::Done
            } else if started {
                ReadingStatus::InProgress
            } else {
                ReadingStatus::NotStarted
            };
            (
                analyst,
                AnalystStatus {
                    status,
                    annotations,
                },
            )
        })
        .collect::<BTreeMap<_, _>>();
    let mut title = summary.info.title.trim().to_owned();
    if title.is_empty() {
        title = key.rsplit('/').next().unwrap_or(key).to_owned();
    }
    ArticleStatus {
        key: key.to_owned(),
        title,
        info: summary.info.clone(),
        assigned: entry.assigned,
        double_read: entry.double_read,
        analysts,
        consensus: summary.consensus,
        missing: summary.missing,
        problems: summary.problems.clone(),
    }
}

/// The consensus of an article from its analysts' layers and its consensus layer.
pub fn consensus_of(layers: &[Layer], consensus: Option<&Layer>) -> Consensus {
    let readers: Vec<&Layer> = layers
        .iter()
        .filter(|layer| {
            layer
                .annotations()
                .iter()
                .any(|annotation| annotation.is_placed())
        })
        .collect();
    if readers.len() < 2 {
        return Consensus::None;
    }
    let empty = Layer::new(team::CONSENSUS, crate::model::TagSet::default());
    let consensus = consensus.unwrap_or(&empty);
    let open = team::clusters(&readers).iter().any(|cluster| {
        let unanimous =
            cluster.readings.len() == 1 && cluster.readings[0].analysts.len() == readers.len();
        !unanimous && cluster.is_open(consensus)
    });
    if open {
        Consensus::Open
    } else {
        Consensus::Settled
    }
}

/// The progress of every analyst the project knows. A progress file that cannot be read is
/// left as it is and reported (one sentence naming it); its analyst counts as having marked
/// nothing done.
pub fn load_progress(project: &Project) -> (BTreeMap<String, Progress>, Vec<String>) {
    let mut analysts: BTreeSet<&str> = project
        .manifest
        .analysts
        .keys()
        .map(String::as_str)
        .collect();
    // Analysts not (yet) in the manifest who have marked something.
    let folder = project.root.join(super::progress::PROGRESS_FOLDER);
    let found: Vec<String> = std::fs::read_dir(&folder)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".ron").map(str::to_owned)
        })
        .filter(|name| crate::store::validate_analyst_name(name).is_ok())
        .collect();
    analysts.extend(found.iter().map(String::as_str));
    let mut problems = Vec::new();
    let progress = analysts
        .into_iter()
        .map(|analyst| {
            let progress = Progress::load(&project.root, analyst).unwrap_or_else(|error| {
                problems.push(format!("{error} (taken as nothing marked done)"));
                Progress::new(analyst)
            });
            (analyst.to_owned(), progress)
        })
        .collect();
    (progress, problems)
}
