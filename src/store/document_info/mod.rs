//! Document information: an article's title, author(s), date, publication, URL and reading
//! direction.
//!
//! Shared by every analyst of the article, so it lives in a small RON file of its own beside
//! the article (`<stem>.meta.ron`, see [`meta_path`]), never in one analyst's sidecar, and
//! always beside the article even when the sidecars live in another folder. The file is
//! versioned like the sidecar ([`FORMAT_NAME`], [`FORMAT_VERSION`]) and written stably.
//!
//! When there is no file, [`load_or_detect`] finds the information in the article itself (see
//! [`detect`]); nothing is written until the analyst edits it ([`save`]). A file that cannot be
//! read gives a [`DocumentInfoError`] naming it, and [`save`] refuses to overwrite it.

mod dates;
mod detect;

pub use dates::{display_date, normalise_date};
pub use detect::detect;

use crate::model::direction::TextDirection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FORMAT_NAME: &str = "closeread-document-info";
/// The newest format version this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;

/// The keys `closeread info --set KEY=VALUE` and [`DocumentInfo::set`] know.
pub(crate) const KEYS: &[&str] = &[
    "title",
    "authors",
    "author",
    "date",
    "publication",
    "url",
    "direction",
];

/// What is known about an article. Empty strings (and `None`) mean unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub title: String,
    pub authors: Vec<String>,
    /// ISO `yyyy-mm-dd` when the date is known to the day, else as written ("May 2019").
    pub date: Option<String>,
    /// Where it appeared: site, journal, series ("The Washington Institute, PolicyWatch 3115").
    pub publication: String,
    pub url: String,
    /// The article's reading direction: `auto` (each paragraph by its first letter), `ltr` or
    /// `rtl` (every paragraph, for an article whose paragraphs start with a word of the other
    /// direction). Left out of `closeread info --format json` when `auto`, so that its keys
    /// stay the five documented ones unless a direction is set.
    #[serde(default, skip_serializing_if = "is_auto")]
    pub direction: TextDirection,
    /// For a page fetched by its address: when (RFC 3339, UTC). Kept in the file; not one of
    /// the keys `closeread info` prints or sets.
    #[serde(skip)]
    pub fetched: Option<String>,
}

/// The file as stored. Field order here is the order in the file.
#[derive(Serialize, Deserialize)]
struct MetaFile {
    format: String,
    version: u32,
    #[serde(default)]
    title: String,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    publication: String,
    #[serde(default)]
    url: String,
    #[serde(default, skip_serializing_if = "is_auto")]
    direction: TextDirection,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fetched: Option<String>,
}

fn is_auto(direction: &TextDirection) -> bool {
    *direction == TextDirection::Auto
}

/// Only what is needed to tell a foreign or newer file from a damaged one.
#[derive(Deserialize)]
struct MetaHeader {
    format: String,
    version: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentInfoError {
    #[error("cannot read document information {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("document information {path} is malformed at line {line}, column {column}: {message}")]
    Malformed {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path} is not a Closeread document information file (format {found:?}, expected {FORMAT_NAME:?})"
    )]
    NotDocumentInfo { path: PathBuf, found: String },
    #[error(
        "document information {path} was written by a newer Closeread (format version {found}; this version reads up to {FORMAT_VERSION}); update Closeread to use it"
    )]
    NewerVersion { path: PathBuf, found: u32 },
    #[error(
        "document information {path} cannot be read, so it was not overwritten: fix or remove it first ({problem})"
    )]
    WouldOverwrite { path: PathBuf, problem: String },
    #[error("cannot write document information {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("unknown document information key {0:?} (known: {keys})", keys = KEYS.join(", "))]
    UnknownKey(String),
    #[error("unknown direction {0:?}: use auto, ltr or rtl")]
    BadDirection(String),
    #[error(transparent)]
    Article(#[from] super::ArticleError),
}

impl DocumentInfo {
    /// Whether nothing at all is known.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// Sets one field from text, as `closeread info --set` does: `authors` (or `author`) is a
    /// list separated by `;` or `,` (a lone "Last, First" stays one name), `date` is made ISO
    /// when it can be; an empty value clears the field.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), DocumentInfoError> {
        let value = value.trim();
        match key.trim().to_lowercase().as_str() {
            "title" => self.title = value.to_owned(),
            "authors" | "author" => self.authors = split_authors(value),
            "date" => self.date = (!value.is_empty()).then(|| normalise_date(value)),
            "publication" => self.publication = value.to_owned(),
            "url" => self.url = value.to_owned(),
            "direction" => {
                self.direction = TextDirection::parse(value)
                    .ok_or_else(|| DocumentInfoError::BadDirection(value.to_owned()))?;
            }
            other => return Err(DocumentInfoError::UnknownKey(other.to_owned())),
        }
        Ok(())
    }

    /// The authors as one line: "Jane Doe and John Roe", "A, B and C".
    #[cfg(test)]
    pub(crate) fn authors_text(&self) -> String {
        match self.authors.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// The stable RON text of the file.
    pub fn to_ron_string(&self) -> Result<String, ron::Error> {
        let file = MetaFile {
            format: FORMAT_NAME.to_owned(),
            version: FORMAT_VERSION,
            title: self.title.clone(),
            authors: self.authors.clone(),
            date: self.date.clone(),
            publication: self.publication.clone(),
            url: self.url.clone(),
            direction: self.direction,
            fetched: self.fetched.clone(),
        };
        let config = ron::ser::PrettyConfig::new()
            .new_line("\n")
            .indentor("    ")
            .struct_names(false)
            .escape_strings(false);
        let mut text = ron::ser::to_string_pretty(&file, config)?;
        text.push('\n');
        Ok(text)
    }

    /// Parses a file's text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, DocumentInfoError> {
        let malformed = |error: ron::error::SpannedError| DocumentInfoError::Malformed {
            path: path.to_owned(),
            line: error.span.start.line,
            column: error.span.start.col,
            message: error.code.to_string(),
        };
        let check_header = |format: &str, version: u32| {
            if format != FORMAT_NAME {
                return Err(DocumentInfoError::NotDocumentInfo {
                    path: path.to_owned(),
                    found: format.to_owned(),
                });
            }
            if version > FORMAT_VERSION {
                return Err(DocumentInfoError::NewerVersion {
                    path: path.to_owned(),
                    found: version,
                });
            }
            Ok(())
        };
        match ron::from_str::<MetaFile>(text) {
            Ok(file) => {
                check_header(&file.format, file.version)?;
                Ok(Self {
                    title: file.title,
                    authors: file.authors,
                    date: file.date,
                    publication: file.publication,
                    url: file.url,
                    direction: file.direction,
                    fetched: file.fetched,
                })
            }
            Err(error) => {
                let header: MetaHeader = ron::from_str(text).map_err(malformed)?;
                check_header(&header.format, header.version)?;
                Err(malformed(error))
            }
        }
    }
}

/// "A; B", "A, B", "A and B" → the names; a lone "Last, First" (a part of one word) stays one.
fn split_authors(value: &str) -> Vec<String> {
    let clean = |parts: Vec<&str>| -> Vec<String> {
        parts
            .into_iter()
            .map(|part| part.trim().trim_start_matches("and ").trim().to_owned())
            .filter(|part| !part.is_empty())
            .collect()
    };
    if value.contains(';') {
        return clean(value.split(';').collect());
    }
    let by_comma: Vec<&str> = value
        .split(',')
        .filter(|part| !part.trim().is_empty())
        .collect();
    let names = if by_comma.len() > 1
        && by_comma.iter().all(|part| {
            part.trim()
                .trim_start_matches("and ")
                .split_whitespace()
                .count()
                >= 2
        }) {
        by_comma
            .into_iter()
            .flat_map(|part| part.split(" and "))
            .collect()
    } else if by_comma.len() > 1 {
        vec![value]
    } else {
        value.split(" and ").collect()
    };
    clean(names)
}

/// `<stem>.meta.ron` beside the article (also when the sidecars live elsewhere: the file
/// describes the article, whoever reads it).
pub fn meta_path(article: &Path) -> PathBuf {
    super::paths::companion_path(article, None, "meta")
}

/// The article's document information file, `Ok(None)` when there is none. Never writes.
pub fn load(article: &Path) -> Result<Option<DocumentInfo>, DocumentInfoError> {
    let path = meta_path(article);
    let text = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|error| DocumentInfoError::Malformed {
            path: path.clone(),
            line: 1,
            column: 1,
            message: format!(
                "not UTF-8 text (invalid byte at offset {})",
                error.utf8_error().valid_up_to()
            ),
        })?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(DocumentInfoError::Io { path, source }),
    };
    DocumentInfo::parse(&text, &path).map(Some)
}

/// Writes the article's document information file (atomically). Refused, with the file left
/// as it is, when a file is there that cannot be read: it may hold what someone wrote by hand.
/// When the fetch time is not given (the window's form has no field for it), the file's is
/// kept.
pub fn save(article: &Path, info: &DocumentInfo) -> Result<(), DocumentInfoError> {
    let path = meta_path(article);
    let existing = match load(article) {
        Ok(existing) => existing,
        Err(error) => {
            return Err(DocumentInfoError::WouldOverwrite {
                path,
                problem: error.to_string(),
            });
        }
    };
    let mut info = info.clone();
    if info.fetched.is_none() {
        info.fetched = existing.and_then(|existing| existing.fetched);
    }
    let text = info
        .to_ron_string()
        .map_err(|error| DocumentInfoError::Write {
            path: path.clone(),
            source: std::io::Error::other(error.to_string()),
        })?;
    super::write_atomically(&path, text.as_bytes())
        .map_err(|source| DocumentInfoError::Write { path, source })
}

/// The article's document information: its file if there is one, else what [`detect`] finds in
/// the article (not written until the analyst edits it).
pub(crate) fn load_or_detect(article: &Path) -> Result<DocumentInfo, DocumentInfoError> {
    if let Some(info) = load(article)? {
        return Ok(info);
    }
    let (text, format) = super::article::read_article_source(article)?;
    Ok(detect(article, &text, format))
}

/// Like [`load_or_detect`], for a briefing that must go on: a meta file that cannot be read
/// is left alone and reported (the error), and what the article itself says is used instead.
pub fn load_or_detect_reporting(
    article: &Path,
) -> (Option<DocumentInfo>, Option<DocumentInfoError>) {
    match load_or_detect(article) {
        Ok(info) => (Some(info), None),
        Err(error) => {
            let detected = super::article::read_article_source(article)
                .ok()
                .map(|(text, format)| detect(article, &text, format));
            (detected, Some(error))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DocumentInfo {
        DocumentInfo {
            title: "Khamenei’s “Breaking Point”: \"quoted\" \\ فارسی".to_owned(),
            authors: vec!["Mehdi Khalaji".to_owned(), "Jane Doe".to_owned()],
            date: Some("2019-05-02".to_owned()),
            publication: "The Washington Institute".to_owned(),
            url: "https://example.org/a?b=c".to_owned(),
            direction: TextDirection::RightToLeft,
            fetched: None,
        }
    }

    #[test]
    fn round_trip_is_stable_and_readable() {
        let text = sample().to_ron_string().expect("serialise");
        assert!(text.starts_with("(\n    format: \"closeread-document-info\",\n    version: 1,"));
        assert!(
            text.contains("فارسی") && text.contains("“Breaking Point”"),
            "{text}"
        );
        let parsed = DocumentInfo::parse(&text, Path::new("a.meta.ron")).expect("parse");
        assert_eq!(parsed, sample());
        assert_eq!(parsed.to_ron_string().expect("again"), text);
    }

    #[test]
    fn meta_file_sits_beside_the_article() {
        assert_eq!(
            meta_path(Path::new("/a/b/khamenei-breaking-point.txt")),
            Path::new("/a/b/khamenei-breaking-point.meta.ron")
        );
        assert_eq!(meta_path(Path::new("x.html")), Path::new("x.meta.ron"));
    }

    #[test]
    fn bad_files_are_named_and_never_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let article = dir.path().join("a.txt");
        std::fs::write(&article, "Title line\n\nBody.").expect("write");
        let path = meta_path(&article);
        for (text, expected) in [
            (
                "(format: \"closeread-document-info\", version: 1, title: 5)",
                "malformed",
            ),
            (
                "(format: \"closeread-sidecar\", version: 1)",
                "not a Closeread document",
            ),
            (
                "(format: \"closeread-document-info\", version: 7)",
                "newer Closeread",
            ),
        ] {
            std::fs::write(&path, text).expect("write");
            let message = load(&article).expect_err("refused").to_string();
            assert!(message.contains(expected), "{message}");
            assert!(message.contains(&path.display().to_string()), "{message}");
            let error = save(&article, &sample()).expect_err("not overwritten");
            assert!(error.to_string().contains("not overwritten"), "{error}");
            assert_eq!(std::fs::read_to_string(&path).expect("kept"), text);
        }
    }

    #[test]
    fn saved_information_is_loaded_and_detection_is_not_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let article = dir.path().join("a.md");
        std::fs::write(&article, "# A heading title\n\nBody text.").expect("write");
        assert_eq!(load(&article).expect("no file"), None);
        let detected = load_or_detect(&article).expect("detected");
        assert_eq!(detected.title, "A heading title");
        assert!(!meta_path(&article).exists(), "detection writes nothing");
        save(&article, &sample()).expect("save");
        assert_eq!(load_or_detect(&article).expect("loaded"), sample());
        // The fetch time is kept by a save that does not know it (the window's form).
        let fetched = DocumentInfo {
            fetched: Some("2026-12-03T07:00:00Z".to_owned()),
            ..sample()
        };
        save(&article, &fetched).expect("save");
        let mut edited = sample();
        edited.title = "Edited".to_owned();
        save(&article, &edited).expect("save");
        let loaded = load(&article).expect("loads").expect("a file");
        assert_eq!(loaded.title, "Edited");
        assert_eq!(loaded.fetched.as_deref(), Some("2026-12-03T07:00:00Z"));
    }

    #[test]
    fn set_knows_its_keys_and_splits_authors() {
        let mut info = DocumentInfo::default();
        info.set("authors", "Jane Doe; John Roe").expect("authors");
        assert_eq!(info.authors, ["Jane Doe", "John Roe"]);
        info.set("author", "Jane Doe, John Roe and Ann Lee")
            .expect("author");
        assert_eq!(info.authors, ["Jane Doe", "John Roe", "Ann Lee"]);
        info.set("author", "Kerr, Paul K.").expect("one name");
        assert_eq!(info.authors, ["Kerr, Paul K."]);
        info.set("date", "May 2, 2019").expect("date");
        assert_eq!(info.date.as_deref(), Some("2019-05-02"));
        info.set("date", "").expect("cleared");
        assert_eq!(info.date, None);
        let error = info.set("colour", "red").expect_err("unknown");
        assert!(error.to_string().contains("title, authors"), "{error}");
        assert_eq!(info.authors_text(), "Kerr, Paul K.");
        info.set("authors", "A B, C D, E F").expect("three");
        assert_eq!(info.authors_text(), "A B, C D and E F");
    }
}
