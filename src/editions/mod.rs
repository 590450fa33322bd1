//! An article beside another edition of it (its Persian or Arabic translation): which
//! paragraphs render which ([`align`]), passages linked across the two ("translates"), and
//! notes on what differs ("the Persian edition omits this sentence").
//!
//! Shared by every analyst of the pair, so it is kept in a file of its own beside edition A,
//! `<stem of A>.editions.ron` ([`editions_path`]), never in one analyst's sidecar; each
//! edition keeps its own sidecars for its annotations. Written stably (pairs in order of A,
//! links in order of A's offsets) so that it merges well in git. Paragraphs are block indexes
//! of each edition's document, as `closeread text --format json` lists them; offsets are
//! chars of each edition's canonical text, end-exclusive, with the quote kept.

pub mod align;
pub mod export;

pub use align::{AlignedGroup, align};

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FORMAT_NAME: &str = "closeread-editions";
/// The newest format version this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;

/// Paragraphs of edition A rendered by paragraphs of edition B (one side may be empty: a
/// paragraph the other edition lacks).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairing {
    pub a: Vec<usize>,
    pub b: Vec<usize>,
    /// Set or corrected by an analyst: kept when the editions are aligned again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_hand: bool,
    /// What differs between the two ("the Persian edition omits the last sentence").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A passage of one edition: chars `[start, end)` of its text and the quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    pub start: usize,
    pub end: usize,
    pub quote: String,
}

/// A passage of edition A linked to its rendering in edition B.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionLink {
    pub a: Passage,
    pub b: Passage,
    /// Who linked them.
    pub analyst: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The editions file: the two articles (by file name, relative to the file's folder when
/// they are beside it), the pairing of their paragraphs and the links between passages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Editions {
    pub format: String,
    pub version: u32,
    pub a: String,
    pub b: String,
    #[serde(default)]
    pub pairs: Vec<Pairing>,
    #[serde(default)]
    pub links: Vec<EditionLink>,
}

/// Only what is needed to tell a foreign or newer file from a damaged one.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum EditionsError {
    #[error("cannot read editions file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("editions file {path} is malformed at line {line}, column {column}: {message}")]
    Malformed {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path} is not a Closeread editions file (format {found:?}, expected {FORMAT_NAME:?})")]
    NotEditions { path: PathBuf, found: String },
    #[error(
        "editions file {path} was written by a newer Closeread (format version {found}; this version reads up to {FORMAT_VERSION}); update Closeread to use it"
    )]
    NewerVersion { path: PathBuf, found: u32 },
    #[error(
        "editions file {path} pairs {a} with {found}, not with {b}: align {a} with {found}, or move the file"
    )]
    OtherEdition {
        path: PathBuf,
        a: String,
        b: String,
        found: String,
    },
    #[error(
        "editions file {path} cannot be read, so it was not overwritten: fix or remove it first ({problem})"
    )]
    WouldOverwrite { path: PathBuf, problem: String },
    #[error("cannot write editions file {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// `<stem of A>.editions.ron` beside edition A.
pub fn editions_path(article_a: &Path) -> PathBuf {
    crate::store::paths::companion_path(article_a, None, "editions")
}

/// How the file names an article: its file name when it is in the file's folder, else its
/// path as given.
fn article_name(article: &Path, folder: &Path) -> String {
    match (article.parent(), article.file_name()) {
        (Some(parent), Some(name))
            if parent == folder
                || (parent.as_os_str().is_empty() && folder.as_os_str().is_empty()) =>
        {
            name.to_string_lossy().into_owned()
        }
        _ => article.display().to_string(),
    }
}

impl Editions {
    /// A new file's contents for articles `a` and `b` with `pairs`.
    pub fn new(article_a: &Path, article_b: &Path, pairs: Vec<Pairing>) -> Self {
        let folder = editions_path(article_a)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Self {
            format: FORMAT_NAME.to_owned(),
            version: FORMAT_VERSION,
            a: article_name(article_a, &folder),
            b: article_name(article_b, &folder),
            pairs,
            links: Vec::new(),
        }
    }

    /// The stable RON text of the file.
    pub fn to_ron_string(&self) -> Result<String, ron::Error> {
        let config = ron::ser::PrettyConfig::new()
            .new_line("\n")
            .indentor("    ")
            .struct_names(false)
            .escape_strings(false)
            // A pair or a link per line: `(a: [3, 4], b: [2], by_hand: true),`.
            .depth_limit(2);
        let mut text = ron::ser::to_string_pretty(self, config)?;
        text.push('\n');
        Ok(text)
    }

    /// Parses a file's text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, EditionsError> {
        let malformed = |error: ron::error::SpannedError| EditionsError::Malformed {
            path: path.to_owned(),
            line: error.span.start.line,
            column: error.span.start.col,
            message: error.code.to_string(),
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let header: Header = ron::from_str(text).map_err(malformed)?;
        if header.format != FORMAT_NAME {
            return Err(EditionsError::NotEditions {
                path: path.to_owned(),
                found: header.format,
            });
        }
        if header.version > FORMAT_VERSION {
            return Err(EditionsError::NewerVersion {
                path: path.to_owned(),
                found: header.version,
            });
        }
        ron::from_str(text).map_err(malformed)
    }

    /// Takes a fresh automatic alignment: pairs set by hand stay, with their notes, and the
    /// automatic groups that share a paragraph with one of them go (their other paragraphs
    /// stay, alone); a note on an automatic pair that comes back the same stays too. Links
    /// are kept.
    pub fn realign(&mut self, automatic: Vec<AlignedGroup>) {
        let by_hand: Vec<Pairing> = self.pairs.iter().filter(|p| p.by_hand).cloned().collect();
        let taken_a: std::collections::HashSet<usize> =
            by_hand.iter().flat_map(|p| p.a.iter().copied()).collect();
        let taken_b: std::collections::HashSet<usize> =
            by_hand.iter().flat_map(|p| p.b.iter().copied()).collect();
        let old = std::mem::take(&mut self.pairs);
        let mut pairs = by_hand;
        for group in automatic {
            if group.a.iter().any(|i| taken_a.contains(i))
                || group.b.iter().any(|j| taken_b.contains(j))
            {
                // Its paragraphs that no pair set by hand holds stay in the pairing, alone.
                for &i in group.a.iter().filter(|i| !taken_a.contains(i)) {
                    pairs.push(Pairing {
                        a: vec![i],
                        b: Vec::new(),
                        by_hand: false,
                        note: String::new(),
                    });
                }
                for &j in group.b.iter().filter(|j| !taken_b.contains(j)) {
                    pairs.push(Pairing {
                        a: Vec::new(),
                        b: vec![j],
                        by_hand: false,
                        note: String::new(),
                    });
                }
                continue;
            }
            let note = old
                .iter()
                .find(|p| p.a == group.a && p.b == group.b)
                .map(|p| p.note.clone())
                .unwrap_or_default();
            pairs.push(Pairing {
                a: group.a,
                b: group.b,
                by_hand: false,
                note,
            });
        }
        pairs.sort_by_key(|p| {
            (
                p.a.first().copied().unwrap_or(usize::MAX),
                p.b.first().copied().unwrap_or(usize::MAX),
            )
        });
        self.pairs = pairs;
    }

    /// The pairing that holds paragraph `index` of edition A (`in_b` false) or B.
    pub fn pairing_of(&self, index: usize, in_b: bool) -> Option<&Pairing> {
        self.pairs.iter().find(|pairing| {
            if in_b {
                pairing.b.contains(&index)
            } else {
                pairing.a.contains(&index)
            }
        })
    }
}

/// The editions file beside `article_a`, `Ok(None)` when there is none. Never writes.
pub fn load(article_a: &Path) -> Result<Option<Editions>, EditionsError> {
    let path = editions_path(article_a);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(EditionsError::Io { path, source }),
    };
    let text = String::from_utf8(bytes).map_err(|error| EditionsError::Malformed {
        path: path.clone(),
        line: 1,
        column: 1,
        message: format!(
            "not UTF-8 text (invalid byte at offset {})",
            error.utf8_error().valid_up_to()
        ),
    })?;
    Editions::parse(&text, &path).map(Some)
}

/// Aligns `article_a` with `article_b` (paragraph texts `a` and `b`), taking what the editions
/// file beside A already says (pairs set by hand, notes, links) when it is about these two.
/// A file that cannot be read, or pairs A with another edition, is an error and stays as it is.
pub fn aligned_with_file(
    article_a: &Path,
    article_b: &Path,
    a: &[&str],
    b: &[&str],
) -> Result<Editions, EditionsError> {
    let path = editions_path(article_a);
    let mut editions = match load(article_a) {
        Ok(Some(existing)) => {
            let fresh = Editions::new(article_a, article_b, Vec::new());
            if existing.b != fresh.b {
                return Err(EditionsError::OtherEdition {
                    path,
                    a: fresh.a,
                    b: fresh.b,
                    found: existing.b,
                });
            }
            existing
        }
        Ok(None) => Editions::new(article_a, article_b, Vec::new()),
        Err(error) => {
            return Err(EditionsError::WouldOverwrite {
                path,
                problem: error.to_string(),
            });
        }
    };
    editions.format = FORMAT_NAME.to_owned();
    editions.version = FORMAT_VERSION;
    editions.realign(align(a, b));
    Ok(editions)
}

/// Writes the editions file beside edition A (atomically).
pub fn save(article_a: &Path, editions: &Editions) -> Result<PathBuf, EditionsError> {
    let path = editions_path(article_a);
    let text = editions
        .to_ron_string()
        .map_err(|error| EditionsError::Write {
            path: path.clone(),
            source: std::io::Error::other(error.to_string()),
        })?;
    crate::store::write_atomically(&path, text.as_bytes()).map_err(|source| {
        EditionsError::Write {
            path: path.clone(),
            source,
        }
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(a: &[usize], b: &[usize]) -> AlignedGroup {
        AlignedGroup {
            a: a.to_vec(),
            b: b.to_vec(),
        }
    }

    #[test]
    fn the_file_reads_back_equal_and_realigning_keeps_what_was_set_by_hand() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("report.txt");
        let b = dir.path().join("report.fa.txt");
        let mut editions = Editions::new(&a, &b, Vec::new());
        editions.realign(vec![group(&[0], &[0]), group(&[1], &[1]), group(&[2], &[])]);
        assert_eq!(editions.a, "report.txt");
        assert_eq!(editions.b, "report.fa.txt");
        // An analyst pairs ¶1 with B's ¶1 and ¶2 by hand, and notes the omission.
        editions.pairs[1] = Pairing {
            a: vec![1],
            b: vec![1, 2],
            by_hand: true,
            note: String::new(),
        };
        editions.pairs[2].note = "The Persian edition omits this paragraph".to_owned();
        editions.links.push(EditionLink {
            a: Passage {
                start: 0,
                end: 4,
                quote: "Iran".to_owned(),
            },
            b: Passage {
                start: 0,
                end: 5,
                quote: "ایران".to_owned(),
            },
            analyst: "analyst-a".to_owned(),
            note: String::new(),
        });
        let path = save(&a, &editions).expect("saved");
        assert_eq!(path, dir.path().join("report.editions.ron"));
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            text.contains("by_hand: true") && text.contains("ایران"),
            "{text}"
        );
        assert_eq!(load(&a).expect("loads"), Some(editions.clone()));
        // Aligned again: the pair set by hand stays, the group it overlaps goes, the note
        // on the unchanged group and the link stay.
        editions.realign(vec![
            group(&[0], &[0]),
            group(&[1], &[1, 3]),
            group(&[], &[2]),
            group(&[2], &[]),
        ]);
        assert_eq!(
            editions
                .pairs
                .iter()
                .map(|p| (p.a.clone(), p.b.clone(), p.by_hand))
                .collect::<Vec<_>>(),
            vec![
                (vec![0], vec![0], false),
                (vec![1], vec![1, 2], true),
                (vec![2], vec![], false),
                // B's ¶3 was grouped with a paragraph set by hand: it stays, alone.
                (vec![], vec![3], false),
            ]
        );
        assert_eq!(
            editions.pairs[2].note,
            "The Persian edition omits this paragraph"
        );
        assert_eq!(editions.links.len(), 1);
    }

    #[test]
    fn a_damaged_foreign_or_newer_file_is_named_and_not_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("report.txt");
        let b = dir.path().join("report.fa.txt");
        let path = editions_path(&a);
        for (text, expected) in [
            (
                "(format: \"closeread-editions\", version: 1, a: [",
                "malformed",
            ),
            (
                "(format: \"something-else\", version: 1)",
                "not a Closeread editions file",
            ),
            (
                "(format: \"closeread-editions\", version: 9, a: \"\", b: \"\")",
                "newer",
            ),
        ] {
            std::fs::write(&path, text).expect("write");
            let error = aligned_with_file(&a, &b, &["one"], &["one"]).expect_err("refused");
            let message = error.to_string();
            assert!(message.contains("report.editions.ron"), "{message}");
            assert!(message.contains(expected), "{message}");
            assert_eq!(std::fs::read_to_string(&path).expect("kept"), text);
        }
        // A file about another edition of A is not taken over either.
        let other = Editions::new(&a, &dir.path().join("report.ar.txt"), Vec::new());
        save(&a, &other).expect("saved");
        let message = aligned_with_file(&a, &b, &["one"], &["one"])
            .expect_err("refused")
            .to_string();
        assert!(message.contains("report.ar.txt"), "{message}");
    }
}
