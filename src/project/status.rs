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
use super::progress::Progress;
use super::readings::read_article_readings;
use crate::model::Layer;
use crate::store::SidecarFile;
use crate::team;
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// The status of every article of `project`, in manifest order, with `progress` the analysts'
/// done marks ([`super::progress::load_all`]).
pub fn project_status(
    project: &Project,
    progress: &BTreeMap<String, Progress>,
) -> Vec<ArticleStatus> {
    project
        .manifest
        .articles
        .keys()
        .map(|key| article_status(project, progress, key))
        .collect()
}

/// The status of the article of manifest key `key`.
pub fn article_status(
    project: &Project,
    progress: &BTreeMap<String, Progress>,
    key: &str,
) -> ArticleStatus {
    let entry = project
        .manifest
        .articles
        .get(key)
        .cloned()
        .unwrap_or_default();
    let path = project.article_path(key);
    let mut problems = Vec::new();
    let mut counts: BTreeMap<String, (usize, bool)> = BTreeMap::new();
    for file in team::discover_layers(&path, project.annotations_dir().as_deref()) {
        if file.is_consensus() {
            continue;
        }
        match std::fs::read_to_string(&file.path)
            .map_err(|error| format!("cannot read {}: {error}", file.path.display()))
            .and_then(|text| {
                SidecarFile::parse(&text, &file.path).map_err(|error| error.to_string())
            }) {
            Ok(sidecar) => {
                let started = !sidecar.annotations.is_empty() || !sidecar.reading_note.is_empty();
                counts.insert(file.analyst, (sidecar.annotations.len(), started));
            }
            Err(problem) => {
                // Something is there, even if it cannot be read now.
                problems.push(problem);
                counts.insert(file.analyst, (0, true));
            }
        }
    }
    let everyone: BTreeSet<String> = project
        .manifest
        .analysts
        .keys()
        .chain(entry.assigned.iter())
        .chain(counts.keys())
        .chain(progress.keys())
        .cloned()
        .collect();
    let analysts = everyone
        .into_iter()
        .map(|analyst| {
            let (annotations, started) = counts.get(&analyst).copied().unwrap_or_default();
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
    let missing = !path.is_file();
    let readers = counts.values().filter(|(count, _)| *count > 0).count();
    let mut info = crate::store::DocumentInfo::default();
    let mut consensus = Consensus::None;
    if !missing {
        if readers >= 2 {
            match read_article_readings(project, key) {
                Ok(readings) => {
                    consensus = consensus_of(&readings.layers, readings.consensus.as_ref());
                    info = readings.info;
                    problems.extend(readings.problems);
                }
                Err(problem) => problems.push(problem),
            }
        } else {
            let (found, problem) = crate::store::document_info::load_or_detect_reporting(&path);
            problems.extend(problem.map(|error| error.to_string()));
            info = found.unwrap_or_default();
        }
    } else {
        problems.push(format!(
            "{} is listed in the project but is gone",
            path.display()
        ));
    }
    let mut title = info.title.trim().to_owned();
    if title.is_empty() {
        title = key.rsplit('/').next().unwrap_or(key).to_owned();
    }
    ArticleStatus {
        key: key.to_owned(),
        title,
        info,
        assigned: entry.assigned,
        double_read: entry.double_read,
        analysts,
        consensus,
        missing,
        problems,
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
