//! Each analyst's "done" marks: `progress/<analyst>.ron` in the project folder, written only
//! by that analyst, so that reporting progress never makes two analysts edit one file.
//!
//! ```ron
//! (
//!     format: "closeread-progress",
//!     version: 1,
//!     analyst: "analyst-a",
//!     done: {
//!         "articles/khamenei-breaking-point.txt": "2026-12-02T20:15:00Z",
//!     },
//! )
//! ```

use super::ProjectError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FORMAT_NAME: &str = "closeread-progress";
pub const FORMAT_VERSION: u32 = 1;
/// The folder of the progress files in the project folder.
pub const PROGRESS_FOLDER: &str = "progress";

/// One analyst's progress file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub format: String,
    pub version: u32,
    pub analyst: String,
    /// The articles the analyst marked done (manifest keys), with when.
    #[serde(default)]
    pub done: BTreeMap<String, DateTime<Utc>>,
}

impl Progress {
    pub fn new(analyst: &str) -> Self {
        Self {
            format: FORMAT_NAME.to_owned(),
            version: FORMAT_VERSION,
            analyst: analyst.to_owned(),
            done: BTreeMap::new(),
        }
    }

    /// The file of `analyst` in the project folder `root`.
    pub fn path(root: &Path, analyst: &str) -> PathBuf {
        root.join(PROGRESS_FOLDER).join(format!("{analyst}.ron"))
    }

    /// The analyst's marks; none yet when the file does not exist. Never writes.
    pub fn load(root: &Path, analyst: &str) -> Result<Self, ProjectError> {
        let path = Self::path(root, analyst);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::new(analyst));
            }
            Err(source) => return Err(ProjectError::Io { path, source }),
        };
        Self::parse(&text, &path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Self, ProjectError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let progress: Self = ron::from_str(text).map_err(|error| ProjectError::Malformed {
            path: path.to_owned(),
            line: error.span.start.line,
            column: error.span.start.col,
            message: error.code.to_string(),
        })?;
        if progress.format != FORMAT_NAME {
            return Err(ProjectError::Invalid(format!(
                "{} is not a Closeread progress file (format {:?}, expected {FORMAT_NAME:?})",
                path.display(),
                progress.format
            )));
        }
        if progress.version > FORMAT_VERSION {
            return Err(ProjectError::NewerVersion {
                path: path.to_owned(),
                found: progress.version,
            });
        }
        Ok(progress)
    }

    pub fn to_ron_string(&self) -> Result<String, ron::Error> {
        let config = ron::ser::PrettyConfig::new()
            .new_line("\n")
            .indentor("    ")
            .struct_names(false)
            .escape_strings(false);
        let mut text = ron::ser::to_string_pretty(self, config)?;
        text.push('\n');
        Ok(text)
    }

    /// Writes the file (atomically), making the progress folder if needed.
    pub fn save(&self, root: &Path) -> Result<(), ProjectError> {
        let path = Self::path(root, &self.analyst);
        let write_error = |source| ProjectError::Write {
            path: path.clone(),
            source,
        };
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(write_error)?;
        }
        let text = self
            .to_ron_string()
            .map_err(|error| write_error(std::io::Error::other(error.to_string())))?;
        crate::store::write_atomically(&path, text.as_bytes()).map_err(write_error)
    }

    pub fn is_done(&self, article: &str) -> bool {
        self.done.contains_key(article)
    }

    /// Marks `article` done now (kept as first marked if it already is), or reopens it.
    pub fn set_done(&mut self, article: &str, done: bool) {
        if done {
            self.done.entry(article.to_owned()).or_insert_with(Utc::now);
        } else {
            self.done.remove(article);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_round_trip_and_reopen() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut progress = Progress::load(dir.path(), "analyst-a").expect("none yet");
        assert!(progress.done.is_empty());
        progress.set_done("articles/a.txt", true);
        progress.set_done("articles/b.txt", true);
        progress.save(dir.path()).expect("save");
        let mut read = Progress::load(dir.path(), "analyst-a").expect("load");
        assert_eq!(read, progress);
        read.set_done("articles/a.txt", false);
        assert!(!read.is_done("articles/a.txt") && read.is_done("articles/b.txt"));
    }

    #[test]
    fn a_damaged_file_is_named_and_not_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = Progress::path(dir.path(), "analyst-a");
        std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
        std::fs::write(
            &path,
            "(format: \"closeread-progress\", version: 1, analyst: ",
        )
        .expect("write");
        let error = Progress::load(dir.path(), "analyst-a").expect_err("damaged");
        assert!(error.to_string().contains("analyst-a.ron"), "{error}");
        assert!(
            std::fs::read_to_string(&path)
                .expect("still there")
                .ends_with("analyst: ")
        );
    }
}
