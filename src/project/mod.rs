//! Projects: a folder of many articles read by a team, with a manifest
//! (`closeread-project.ron`) beside them. No egui here.
//!
//! The articles keep their own files exactly as when they are read alone (the article,
//! `<stem>.<analyst>.ron` sidecars, `<stem>.meta.ron`), so any article of a project still opens
//! alone and the sidecar merge driver still works. The project adds:
//!
//! - [`manifest`]: the manifest (name, tag set, analysts, attributes, articles with their
//!   attribute values and assignments, settings), parsed with clear errors, written stably.
//! - [`progress`]: each analyst's "done" marks, one small file per analyst
//!   (`progress/<analyst>.ron`), so that analysts never edit the same file to report progress.
//! - [`status`]: per article and analyst, not started / in progress / done with the annotation
//!   count, and the consensus (none, open disagreements, settled).
//! - [`codebook`]: the tag set grown into guidance: definitions, when to use each tag and
//!   when not, anchor examples pinned from the articles, and the history of its changes.
//! - [`assign`]: assigning articles to analysts, balanced, with a seeded share double read.
//! - [`merge`]: two versions of the manifest merged by article (for the git merge driver).
//! - [`search`]: retrieval of annotations across the project, with keyword in context.
//! - [`export`]: the articles and annotations a query selects, for one export across them.
//! - [`agree`]: agreement per article and pooled per pair over the articles both read.
//! - [`text_search`]: the articles' own text searched across the project, and tagging chosen
//!   matches (one undo step per article).
//! - [`table`]: the project home's table as data: filter, sort, next assigned, neighbours.
//! - [`workload`]: who reads what and how far they are, and the adjudication queue.
//! - [`journal`]: the project journal, dated entries by analyst in `journal.md`.
//! - [`readings`]: one article with every analyst's layer, for the above.
//! - [`index`]: the articles held in memory while a project is open, read again only when
//!   their files change, and the summaries cached between runs.

pub mod add;
pub mod agree;
pub mod assign;
pub mod codebook;
pub mod export;
pub mod index;
pub mod journal;
pub mod manifest;
pub mod merge;
pub mod progress;
pub mod readings;
pub mod search;
pub mod status;
pub mod table;
pub mod text_search;
pub mod workload;

pub use manifest::{
    AnalystEntry, ArticleEntry, AttributeKind, MANIFEST_FILE, Manifest, ProjectSettings,
};
pub use progress::Progress;
pub use status::{ArticleStatus, Consensus, ReadingStatus};

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error(
        "{path} is not a Closeread project: it has no {MANIFEST_FILE} (make one with `closeread project init {path}`)"
    )]
    NoManifest { path: PathBuf },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is malformed at line {line}, column {column}: {message}")]
    Malformed {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path} is not a Closeread project manifest (format {found:?}, expected {:?})",
        manifest::FORMAT_NAME
    )]
    NotAManifest { path: PathBuf, found: String },
    #[error(
        "{path} was written by a newer Closeread (format version {found}; this version reads up to {}); update Closeread to use it",
        manifest::FORMAT_VERSION
    )]
    NewerVersion { path: PathBuf, found: u32 },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is already a Closeread project")]
    AlreadyAProject { path: PathBuf },
    #[error("unknown attribute {key:?} (known: {known})")]
    UnknownAttribute { key: String, known: String },
    #[error("attribute {key:?}: {problem}")]
    BadValue { key: String, problem: String },
    #[error("{article} is not an article of the project {project}")]
    NotInProject { article: String, project: PathBuf },
    #[error("{0}")]
    Invalid(String),
}

/// A project folder and its manifest as read.
#[derive(Clone, Debug)]
pub struct Project {
    /// The project folder.
    pub root: PathBuf,
    pub manifest: Manifest,
}

impl Project {
    /// The manifest's path in `root`.
    pub fn manifest_path(root: &Path) -> PathBuf {
        root.join(MANIFEST_FILE)
    }

    /// Whether `folder` holds a project manifest.
    pub fn is_project(folder: &Path) -> bool {
        Self::manifest_path(folder).is_file()
    }

    /// Makes `root` a project (creating the folder), refusing if it already is one.
    pub fn init(root: &Path, name: &str, tag_set: Option<String>) -> Result<Self, ProjectError> {
        let path = Self::manifest_path(root);
        if path.exists() {
            return Err(ProjectError::AlreadyAProject {
                path: root.to_owned(),
            });
        }
        std::fs::create_dir_all(root).map_err(|source| ProjectError::Write {
            path: root.to_owned(),
            source,
        })?;
        let mut manifest = Manifest::new(name);
        manifest.tag_set = tag_set;
        let project = Self {
            root: root.to_owned(),
            manifest,
        };
        project.save()?;
        Ok(project)
    }

    /// Reads the project in `root`. Never writes.
    pub fn open(root: &Path) -> Result<Self, ProjectError> {
        let path = Self::manifest_path(root);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(ProjectError::NoManifest {
                    path: root.to_owned(),
                });
            }
            Err(source) => return Err(ProjectError::Io { path, source }),
        };
        let text = String::from_utf8(bytes).map_err(|error| ProjectError::Malformed {
            path: path.clone(),
            line: 1,
            column: 1,
            message: format!(
                "not UTF-8 text (invalid byte at offset {})",
                error.utf8_error().valid_up_to()
            ),
        })?;
        Ok(Self {
            root: root.to_owned(),
            manifest: Manifest::parse(&text, &path)?,
        })
    }

    /// Writes the manifest (atomically).
    pub fn save(&self) -> Result<(), ProjectError> {
        let path = Self::manifest_path(&self.root);
        let text = self
            .manifest
            .to_ron_string()
            .map_err(|error| ProjectError::Write {
                path: path.clone(),
                source: std::io::Error::other(error.to_string()),
            })?;
        crate::store::write_atomically(&path, text.as_bytes())
            .map_err(|source| ProjectError::Write { path, source })
    }

    /// The article file of a manifest key.
    pub fn article_path(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    /// The manifest key of an article file given on the command line: its path relative to
    /// the project folder, `/`-separated; also accepts a key as written in the manifest.
    pub fn key_of(&self, article: &Path) -> Result<String, ProjectError> {
        let as_written = article.to_string_lossy().replace('\\', "/");
        if self.manifest.articles.contains_key(&as_written) {
            return Ok(as_written);
        }
        let key = relative_key(&self.root, article)
            .or_else(|| relative_key_outside(&self.root, article))
            .filter(|key| self.manifest.articles.contains_key(key));
        key.ok_or_else(|| ProjectError::NotInProject {
            article: article.display().to_string(),
            project: self.root.clone(),
        })
    }

    /// The folder of the sidecars when the project keeps them apart from the articles
    /// (`settings.annotations`); `None`: beside each article.
    pub fn annotations_dir(&self) -> Option<PathBuf> {
        self.manifest
            .settings
            .annotations
            .as_deref()
            // `components` leaves out `.` steps: "annotations/." is "annotations".
            .map(|folder| self.root.join(folder).components().collect())
    }

    /// The manifest's tag set or codebook file, if it names one.
    pub fn tag_set_path(&self) -> Option<PathBuf> {
        self.manifest
            .tag_set
            .as_deref()
            .map(|file| self.root.join(file))
    }

    /// The project's codebook: the file the manifest names if it is one. `Ok(None)` when the
    /// manifest names no file or a plain tag set.
    pub fn codebook(&self) -> Result<Option<codebook::Codebook>, ProjectError> {
        let Some(path) = self.tag_set_path() else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(&path).map_err(|source| ProjectError::Io {
            path: path.clone(),
            source,
        })?;
        if merge::declared_format(&text).as_deref() == Some(codebook::FORMAT_NAME) {
            codebook::Codebook::parse(&text, &path).map(Some)
        } else {
            Ok(None)
        }
    }

    /// The tags and relations the project annotates with: its codebook's or tag set file's,
    /// `Ok(None)` when the manifest names none (each article's own then applies).
    pub fn tag_set(&self) -> Result<Option<crate::model::TagSet>, ProjectError> {
        if let Some(codebook) = self.codebook()? {
            return Ok(Some(codebook.tag_set()));
        }
        match self.tag_set_path() {
            None => Ok(None),
            Some(path) => crate::store::tag_sets::read_tag_set(&path)
                .map(Some)
                .map_err(|error| ProjectError::Invalid(error.to_string())),
        }
    }

    /// The articles listed in the manifest whose files are gone, by key.
    pub fn missing_articles(&self) -> Vec<&str> {
        self.manifest
            .articles
            .keys()
            .filter(|key| !self.article_path(key).is_file())
            .map(String::as_str)
            .collect()
    }
}

/// `path` relative to `root` with `..` steps, for an article a hand-written manifest lists
/// outside the project folder (`../assets/articles/a.txt`).
fn relative_key_outside(root: &Path, path: &Path) -> Option<String> {
    // A file that is gone cannot be resolved: its path is made absolute by its words.
    let absolute = |path: &Path| {
        std::fs::canonicalize(path)
            .ok()
            .or_else(|| lexically_absolute(path))
    };
    let (root, path) = (absolute(root)?, absolute(path)?);
    let common = root
        .components()
        .zip(path.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = root.components().count() - common;
    let mut parts: Vec<String> = vec!["..".to_owned(); ups];
    parts.extend(
        path.components()
            .skip(common)
            .map(|part| part.as_os_str().to_string_lossy().into_owned()),
    );
    Some(parts.join("/"))
}

/// `path` made absolute and its `.` and `..` taken out, without asking the file system (for a
/// file that is gone).
fn lexically_absolute(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in std::path::absolute(path).ok()?.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// `path` relative to `root` as a manifest key (`/` between folders), if it is inside it.
pub(crate) fn relative_key(root: &Path, path: &Path) -> Option<String> {
    let absolute = |path: &Path| {
        std::fs::canonicalize(path)
            .unwrap_or_else(|_| std::path::absolute(path).unwrap_or_else(|_| path.to_owned()))
    };
    let root = absolute(root);
    let path = absolute(path);
    let relative = path.strip_prefix(&root).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}
