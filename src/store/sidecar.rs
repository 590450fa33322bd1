//! The sidecar: one analyst's annotations of one article, as a human-readable RON file.
//!
//! The format is versioned ([`FORMAT_NAME`], [`FORMAT_VERSION`]) and written stably: pretty
//! printed, fields in a fixed order, annotations sorted by (start, end, id), non-ASCII text as
//! itself, so that diffs and git merges stay small. See the README for an example.
//!
//! Loading never writes: a file that cannot be used gives a [`SidecarError`] naming the file,
//! the position and what is wrong, and the caller decides what to do (the app lets the analyst
//! fix and reload, or [`set_aside_broken_sidecar`] and start fresh).

use crate::model::anchoring::{AnchorReport, reanchor_with_progress};
use crate::model::layer::Settled;
use crate::model::{Annotation, Document, Layer, Relation, Span, TagSet};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub const FORMAT_NAME: &str = "closeread-sidecar";
/// The newest format version this build reads. Version 2 added notes on relations; a sidecar
/// is written as version 1 unless one of its relations has a note, so that files without
/// them stay readable by earlier builds, and an earlier build refuses (rather than reads and
/// later saves without the notes) a file that has them.
pub const FORMAT_VERSION: u32 = 2;

/// The version a sidecar of `layer` is written as: see [`FORMAT_VERSION`].
fn version_for(relations: &[Relation]) -> u32 {
    if relations.iter().any(|relation| !relation.note.is_empty()) {
        2
    } else {
        1
    }
}

/// The file as stored. Field order here is the order in the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SidecarFile {
    pub format: String,
    pub version: u32,
    /// File name of the article (no folder), for people and for spotting a mix-up.
    pub article: String,
    /// SHA-256 of the article's canonical text when the sidecar was saved.
    pub article_sha256: String,
    pub analyst: String,
    /// The analyst's display name ("Jane Doe"); absent when none or equal to `analyst`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub analyst_name: String,
    /// The analyst's bottom line on the article; absent when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reading_note: String,
    pub tag_set: TagSet,
    pub annotations: Vec<Annotation>,
    /// Typed links between the annotations, by id, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Consensus layer only: ids of analysts' annotations the adjudicator has dealt with.
    #[serde(default, skip_serializing_if = "Settled::is_empty")]
    pub settled: Settled,
}

/// The file as written, borrowing what it holds so that saving copies nothing. The same
/// fields in the same order as [`SidecarFile`], which is what is read back; `annotations` and
/// `relations` must already be sorted.
#[derive(Serialize)]
struct SidecarFileView<'a> {
    format: &'a str,
    version: u32,
    article: &'a str,
    article_sha256: &'a str,
    analyst: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    analyst_name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    reading_note: &'a str,
    tag_set: &'a TagSet,
    annotations: &'a [Annotation],
    #[serde(skip_serializing_if = "<[Relation]>::is_empty")]
    relations: &'a [Relation],
    #[serde(skip_serializing_if = "Settled::is_empty")]
    settled: &'a Settled,
}

impl SidecarFileView<'_> {
    fn to_ron_string(&self) -> Result<String, ron::Error> {
        let config = ron::ser::PrettyConfig::new()
            .new_line("\n")
            .indentor("    ")
            .struct_names(false)
            .escape_strings(false);
        let mut text = ron::ser::to_string_pretty(self, config)?;
        text.push('\n');
        Ok(text)
    }
}

/// The sidecar text for `layer` of the article named `article_name`, whose canonical text has
/// the SHA-256 `article_sha256` (lowercase hex): the same bytes as
/// `SidecarFile::from_layer(..).to_ron_string()`, without copying the layer (the layer keeps
/// its annotations and relations sorted).
pub fn layer_to_ron_string(
    layer: &Layer,
    article_name: &str,
    article_sha256: &str,
) -> Result<String, ron::Error> {
    SidecarFileView {
        format: FORMAT_NAME,
        version: version_for(layer.relations()),
        article: article_name,
        article_sha256,
        analyst: &layer.analyst,
        analyst_name: stored_analyst_name(layer),
        reading_note: layer.reading_note(),
        tag_set: &layer.tag_set,
        annotations: layer.annotations(),
        relations: layer.relations(),
        settled: layer.settled(),
    }
    .to_ron_string()
}

/// The display name as the file records it: none when it is the id.
fn stored_analyst_name(layer: &Layer) -> &str {
    if layer.analyst_name == layer.analyst {
        ""
    } else {
        &layer.analyst_name
    }
}

/// Only what is needed to decide whether the rest can be read.
#[derive(Deserialize)]
struct SidecarHeader {
    format: String,
    version: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    #[error("reading {path} was cancelled")]
    Cancelled { path: PathBuf },
    #[error("cannot read sidecar {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("sidecar {path} is malformed at line {line}, column {column}: {message}")]
    Malformed {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path} is not a Closeread sidecar (format {found:?}, expected {FORMAT_NAME:?})")]
    NotASidecar { path: PathBuf, found: String },
    #[error(
        "sidecar {path} was written by a newer Closeread (format version {found}; this version reads up to {FORMAT_VERSION}); update Closeread to open it"
    )]
    NewerVersion { path: PathBuf, found: u32 },
    #[error(
        "sidecar {path} belongs to another article ({sidecar_article:?} with different text, not {article:?})"
    )]
    OtherArticle {
        path: PathBuf,
        sidecar_article: String,
        article: String,
    },
    #[error("sidecar {path} is invalid: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error(
        "sidecar {path} is {} MB; Closeread reads sidecars of up to {} MB (about a million annotations): is it really a sidecar? Move it out of the annotations folder if not",
        size / (1024 * 1024),
        MAX_SIDECAR_BYTES / (1024 * 1024)
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error("cannot write sidecar {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The largest sidecar file read: 20,000 annotations take 13 MB, so this is room for about a
/// million; anything larger is refused before it is read, so that a stray huge file cannot
/// exhaust memory.
pub(crate) const MAX_SIDECAR_BYTES: u64 = 512 * 1024 * 1024;

/// A sidecar read and re-anchored against the current article.
#[derive(Debug)]
pub struct LoadedSidecar {
    pub layer: Layer,
    /// The article's text differs from the one the sidecar was saved against.
    pub article_changed: bool,
    pub report: AnchorReport,
    /// [`fingerprint`] of the bytes read, to notice later changes by someone else.
    pub fingerprint: String,
    /// Relations naming an annotation the file does not hold: they mean nothing and are left
    /// out (the caller says so).
    pub dangling_relations: usize,
    /// Annotations whose offsets did not hold their quote although the article is the one the
    /// file was saved against (the file was edited by hand, or damaged): they were placed where
    /// their quote is, and the caller says so.
    pub repaired_spans: usize,
}

/// A 128-bit XXH3 hash of a sidecar's bytes, hex: tells whether the file changed since it was
/// read or written. Only compared within one process, never stored; a fast hash rather than
/// SHA-256, which took a fifth of a save for a book's sidecar.
pub fn fingerprint(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

impl SidecarFile {
    /// The file contents for a layer of `document` (whose file name is `article_name`).
    #[cfg(test)]
    pub(crate) fn from_layer(layer: &Layer, article_name: &str, document: &Document) -> Self {
        Self {
            format: FORMAT_NAME.to_owned(),
            version: version_for(layer.relations()),
            article: article_name.to_owned(),
            article_sha256: document.sha256_hex().to_owned(),
            analyst: layer.analyst.clone(),
            analyst_name: stored_analyst_name(layer).to_owned(),
            reading_note: layer.reading_note().to_owned(),
            tag_set: layer.tag_set.clone(),
            annotations: layer.annotations().to_vec(),
            relations: layer.relations().to_vec(),
            settled: layer.settled().clone(),
        }
    }

    /// Serialises stably: the same content always gives the same bytes.
    pub fn to_ron_string(&self) -> Result<String, ron::Error> {
        let mut annotations = self.annotations.clone();
        annotations.sort_by_key(Annotation::sort_key);
        let mut relations = self.relations.clone();
        relations.sort();
        SidecarFileView {
            format: &self.format,
            version: self.version,
            article: &self.article,
            article_sha256: &self.article_sha256,
            analyst: &self.analyst,
            analyst_name: &self.analyst_name,
            reading_note: &self.reading_note,
            tag_set: &self.tag_set,
            annotations: &annotations,
            relations: &relations,
            settled: &self.settled,
        }
        .to_ron_string()
    }

    /// Parses a sidecar's text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, SidecarError> {
        let malformed = |error: ron::error::SpannedError| SidecarError::Malformed {
            path: path.to_owned(),
            line: error.span.start.line,
            column: error.span.start.col,
            message: error.code.to_string(),
        };
        let check_header = |format: &str, version: u32| {
            if format != FORMAT_NAME {
                return Err(SidecarError::NotASidecar {
                    path: path.to_owned(),
                    found: format.to_owned(),
                });
            }
            if version > FORMAT_VERSION {
                return Err(SidecarError::NewerVersion {
                    path: path.to_owned(),
                    found: version,
                });
            }
            Ok(())
        };
        // One parse when the file is good (a book's sidecar takes a while to parse); when
        // it is not, the header alone tells a foreign or newer file from a damaged one.
        match ron::from_str::<SidecarFile>(text) {
            Ok(file) => {
                check_header(&file.format, file.version)?;
                file.check_ids(path)?;
                Ok(file)
            }
            Err(error) => {
                let header: SidecarHeader = ron::from_str(text).map_err(malformed)?;
                check_header(&header.format, header.version)?;
                Err(malformed(error))
            }
        }
    }

    fn check_ids(&self, path: &Path) -> Result<(), SidecarError> {
        let mut seen = HashSet::new();
        for annotation in &self.annotations {
            if !seen.insert(annotation.id) {
                return Err(SidecarError::Invalid {
                    path: path.to_owned(),
                    message: format!("two annotations share the id {}", annotation.id),
                });
            }
        }
        Ok(())
    }
}

/// Loads the sidecar at `path` for `document` (file name `article_name`) and re-anchors its
/// annotations. `Ok(None)` when there is no sidecar yet. Never writes.
pub fn load_sidecar(
    path: &Path,
    document: &Document,
    article_name: &str,
) -> Result<Option<LoadedSidecar>, SidecarError> {
    load_sidecar_with_progress(
        path,
        document,
        article_name,
        &crate::progress::Progress::default(),
    )
}

/// [`load_sidecar`], reporting progress and stopping early when cancelled.
pub(crate) fn load_sidecar_with_progress(
    path: &Path,
    document: &Document,
    article_name: &str,
    progress: &crate::progress::Progress,
) -> Result<Option<LoadedSidecar>, SidecarError> {
    progress.start_stage("Reading the annotations", 0);
    read_sidecar(path)?
        .map(|parsed| place_sidecar(parsed, path, document, article_name, progress))
        .transpose()
}

/// A sidecar file read and parsed, not yet placed in an article's text.
#[derive(Debug)]
pub(crate) struct ParsedSidecar {
    file: SidecarFile,
    /// [`fingerprint`] of the bytes read.
    fingerprint: String,
}

/// Reads and parses the sidecar at `path`, which needs no article: it can run while the
/// article is read. `Ok(None)` when there is no sidecar yet.
pub(crate) fn read_sidecar(path: &Path) -> Result<Option<ParsedSidecar>, SidecarError> {
    if let Ok(metadata) = std::fs::metadata(path)
        && metadata.len() > MAX_SIDECAR_BYTES
    {
        return Err(SidecarError::TooLarge {
            path: path.to_owned(),
            size: metadata.len(),
        });
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(SidecarError::Io {
                path: path.to_owned(),
                source,
            });
        }
    };
    parse_sidecar_bytes(bytes, path).map(Some)
}

/// [`load_sidecar`] of bytes already read (`path` names the file in messages).
pub(crate) fn load_sidecar_bytes(
    bytes: Vec<u8>,
    path: &Path,
    document: &Document,
    article_name: &str,
) -> Result<LoadedSidecar, SidecarError> {
    place_sidecar(
        parse_sidecar_bytes(bytes, path)?,
        path,
        document,
        article_name,
        &crate::progress::Progress::default(),
    )
}

fn parse_sidecar_bytes(bytes: Vec<u8>, path: &Path) -> Result<ParsedSidecar, SidecarError> {
    let fingerprint = fingerprint(&bytes);
    let text = String::from_utf8(bytes).map_err(|error| SidecarError::Invalid {
        path: path.to_owned(),
        message: format!(
            "not UTF-8 text (invalid byte at offset {})",
            error.utf8_error().valid_up_to()
        ),
    })?;
    Ok(ParsedSidecar {
        file: SidecarFile::parse(&text, path)?,
        fingerprint,
    })
}

/// Places a parsed sidecar in `document` (file name `article_name`): re-anchors its
/// annotations and builds the layer.
pub(crate) fn place_sidecar(
    ParsedSidecar { file, fingerprint }: ParsedSidecar,
    path: &Path,
    document: &Document,
    article_name: &str,
    progress: &crate::progress::Progress,
) -> Result<LoadedSidecar, SidecarError> {
    let article_changed = file.article_sha256 != document.sha256_hex();
    if article_changed && file.article != article_name {
        return Err(SidecarError::OtherArticle {
            path: path.to_owned(),
            sidecar_article: file.article,
            article: article_name.to_owned(),
        });
    }
    let mut annotations = file.annotations;
    // Only against an unchanged article does a moved annotation mean the file was wrong.
    let spans_in_file: Option<Vec<Span>> = (!article_changed).then(|| {
        annotations
            .iter()
            .map(|annotation| annotation.span)
            .collect()
    });
    let report = reanchor_with_progress(document, &mut annotations, progress).map_err(|_| {
        SidecarError::Cancelled {
            path: path.to_owned(),
        }
    })?;
    let repaired_spans = spans_in_file.map_or(0, |spans| {
        annotations
            .iter()
            .zip(&spans)
            .filter(|(annotation, in_file)| annotation.span != **in_file)
            .count()
    });
    // A relation whose annotation is missing from the file means nothing: it is left out.
    let (layer, dangling_relations) =
        Layer::with_annotations(file.analyst, file.tag_set, annotations)
            .with_analyst_name(file.analyst_name)
            .with_reading_note(file.reading_note)
            .with_settled(file.settled)
            .with_relations(file.relations);
    Ok(LoadedSidecar {
        layer,
        article_changed,
        report,
        fingerprint,
        dangling_relations,
        repaired_spans,
    })
}

/// Moves a sidecar that cannot be read out of the way (never deletes it) so that a fresh one
/// can be started: `name.ron` becomes `name.ron.broken-20261126T110000Z` (with a counter if
/// that exists). Returns the new path.
pub fn set_aside_broken_sidecar(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let base = format!("{}.broken-{stamp}", path.display());
    let mut candidate = PathBuf::from(&base);
    let mut counter = 1;
    while candidate.exists() {
        candidate = PathBuf::from(format!("{base}-{counter}"));
        counter += 1;
    }
    std::fs::rename(path, &candidate)?;
    Ok(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, TagId};

    fn sample() -> (Document, Layer) {
        let document = Document::from_raw_text(
            "Khamenei’s “resistance” policy endures.\n\nفارسی: the regime said \"no\" \\ twice.",
        );
        let mut annotations = Vec::new();
        for (start, end, tag, note) in [
            (
                11,
                23,
                "claim",
                "Line one\nline two with “quotes” and \"straight\" ones",
            ),
            (0, 38, "evidence", ""),
            (41, 46, "recommendation", "r#\"raw\"# \\ backslash"),
        ] {
            annotations.push(Annotation::new(
                &document,
                Span::new(start, end),
                TagId::new(tag),
                note.to_owned(),
                "analyst-a",
            ));
        }
        let layer = Layer::with_annotations("analyst-a", TagSet::default(), annotations);
        (document, layer)
    }

    #[test]
    fn round_trip_keeps_everything_and_is_stable() {
        let (document, layer) = sample();
        let file = SidecarFile::from_layer(&layer, "a.txt", &document);
        let text = file.to_ron_string().expect("serialise");
        let parsed = SidecarFile::parse(&text, Path::new("a.ron")).expect("parse");
        assert_eq!(parsed, file);
        assert_eq!(parsed.to_ron_string().expect("serialise again"), text);
    }

    #[test]
    fn saving_a_layer_writes_the_same_bytes_as_its_file() {
        let (document, layer) = sample();
        let mut consensus =
            Layer::with_annotations("consensus", TagSet::default(), layer.annotations().to_vec());
        let first = layer.annotations()[0].id;
        consensus.set_settled(&[(first, Some(layer.annotations()[0].modified))]);
        let (evidence, claim) = (layer.annotations()[0].id, layer.annotations()[1].id);
        let (related, _) = layer
            .clone()
            .with_relations(vec![Relation::new(evidence, "supports", claim)]);
        for layer in [layer, consensus, related] {
            assert_eq!(
                layer_to_ron_string(&layer, "a.txt", document.sha256_hex()).expect("serialise"),
                SidecarFile::from_layer(&layer, "a.txt", &document)
                    .to_ron_string()
                    .expect("serialise")
            );
        }
    }

    #[test]
    fn a_note_on_a_relation_is_kept_and_asks_for_version_2() {
        let (document, layer) = sample();
        let (evidence, claim) = (layer.annotations()[0].id, layer.annotations()[1].id);
        let plain = Relation::new(evidence, "supports", claim);
        let (without, _) = layer.clone().with_relations(vec![plain.clone()]);
        let text = layer_to_ron_string(&without, "a.txt", document.sha256_hex()).expect("ron");
        assert!(text.contains("version: 1,"), "{text}");
        let noted = plain.with_note("only the 2019 figures");
        let (with, _) = layer.with_relations(vec![noted.clone()]);
        let text = layer_to_ron_string(&with, "a.txt", document.sha256_hex()).expect("ron");
        assert!(text.contains("version: 2,"), "{text}");
        let parsed = SidecarFile::parse(&text, Path::new("a.ron")).expect("parse");
        assert_eq!(parsed.relations, vec![noted]);
    }

    #[test]
    fn non_ascii_is_written_as_itself_and_notes_keep_their_lines() {
        let (document, layer) = sample();
        let text = SidecarFile::from_layer(&layer, "a.txt", &document)
            .to_ron_string()
            .expect("serialise");
        assert!(text.contains("“resistance”"), "{text}");
        assert!(text.contains("فارسی"), "{text}");
        assert!(!text.contains("\\u{"), "{text}");
        assert!(text.contains("Line one\nline two"), "{text}");
    }

    #[test]
    fn annotations_are_saved_sorted_by_start_end_id() {
        let (document, layer) = sample();
        let text = SidecarFile::from_layer(&layer, "a.txt", &document)
            .to_ron_string()
            .expect("serialise");
        let parsed = SidecarFile::parse(&text, Path::new("a.ron")).expect("parse");
        let keys: Vec<_> = parsed
            .annotations
            .iter()
            .map(Annotation::sort_key)
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert_eq!(keys[0].0, 0);
    }

    #[test]
    fn truncated_file_reports_position() {
        let (document, layer) = sample();
        let text = SidecarFile::from_layer(&layer, "a.txt", &document)
            .to_ron_string()
            .expect("serialise");
        let truncated = &text[..text.len() / 2];
        let error = SidecarFile::parse(truncated, Path::new("cut.ron")).expect_err("malformed");
        let message = error.to_string();
        assert!(
            matches!(error, SidecarError::Malformed { line, .. } if line > 1),
            "{message}"
        );
        assert!(message.contains("cut.ron"), "{message}");
    }

    #[test]
    fn wrong_types_are_malformed() {
        let text = "(format: \"closeread-sidecar\", version: 1, article: 5)";
        let error = SidecarFile::parse(text, Path::new("x.ron")).expect_err("wrong type");
        assert!(matches!(error, SidecarError::Malformed { .. }), "{error}");
    }

    #[test]
    fn newer_version_and_other_formats_are_refused() {
        let newer = "(format: \"closeread-sidecar\", version: 99, future_field: [1, 2])";
        let error = SidecarFile::parse(newer, Path::new("n.ron")).expect_err("newer");
        assert!(matches!(
            error,
            SidecarError::NewerVersion { found: 99, .. }
        ));
        assert!(error.to_string().contains("newer Closeread"));
        let other = "(format: \"something-else\", version: 1)";
        let error = SidecarFile::parse(other, Path::new("o.ron")).expect_err("other");
        assert!(matches!(error, SidecarError::NotASidecar { .. }));
    }

    #[test]
    fn a_sidecar_of_another_article_is_refused_and_left_alone() {
        let (document, layer) = sample();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("other.analyst-a.ron");
        let text = SidecarFile::from_layer(&layer, "other.txt", &document)
            .to_ron_string()
            .expect("serialise");
        std::fs::write(&path, &text).expect("write");
        let different = Document::from_raw_text("Entirely different text.");
        let error = load_sidecar(&path, &different, "mine.txt").expect_err("other article");
        assert!(
            matches!(error, SidecarError::OtherArticle { .. }),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    }

    #[test]
    fn duplicate_ids_are_invalid() {
        let (document, layer) = sample();
        let mut file = SidecarFile::from_layer(&layer, "a.txt", &document);
        file.annotations[1].id = file.annotations[0].id;
        let text = file.to_ron_string().expect("serialise");
        let error = SidecarFile::parse(&text, Path::new("d.ron")).expect_err("duplicate");
        assert!(error.to_string().contains("share the id"), "{error}");
    }

    #[test]
    fn missing_sidecar_is_none_and_broken_one_is_set_aside_not_deleted() {
        let (document, _) = sample();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.analyst-a.ron");
        assert!(
            load_sidecar(&path, &document, "a.txt")
                .expect("no file")
                .is_none()
        );
        std::fs::write(&path, "(format: \"closeread-sidecar\", versi").expect("write");
        assert!(load_sidecar(&path, &document, "a.txt").is_err());
        let moved = set_aside_broken_sidecar(&path).expect("set aside");
        assert!(!path.exists());
        assert_eq!(
            std::fs::read_to_string(&moved).expect("kept"),
            "(format: \"closeread-sidecar\", versi"
        );
    }
}
