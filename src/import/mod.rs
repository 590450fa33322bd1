//! Importing annotations made in other tools: brat standoff (`.ann`) and W3C Web Annotation
//! JSON (one annotation, an array, a collection or page, or the JSON that Hypothesis exports).
//!
//! Every imported annotation is placed by its quote, and by its offsets when they agree, with
//! the same re-anchoring as for an edited article ([`crate::model::anchoring`]); one that
//! cannot be placed is imported as orphaned, never dropped. Types the tag set does not know
//! need a `--tag-map` entry; without one the import fails and lists them.

pub mod brat;
pub mod w3c;

use crate::model::anchoring::{AnchorReport, reanchor};
use crate::model::annotation::now_utc;
use crate::model::{
    AnchorStatus, Annotation, AnnotationId, Document, QuoteSelector, Span, TagId, TagSet,
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap};

/// An annotation as read from another tool, before it is placed in the article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ForeignAnnotation {
    /// The tool's type or tag name (brat type, W3C tag body).
    pub kind: String,
    /// Char offsets, if the file gave them.
    pub span: Option<Span>,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    pub note: String,
    pub created: Option<DateTime<Utc>>,
    pub modified: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: line {line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error(
        "{file}: these types are not in the tag set: {unknown}; map them with --tag-map, e.g. --tag-map {example}"
    )]
    UnknownTypes {
        file: String,
        unknown: String,
        example: String,
    },
    #[error("--tag-map entry {0:?} is not of the form FROM=TO")]
    BadTagMap(String),
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// The formats annotations can be imported from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    Brat,
    W3c,
}

impl ImportFormat {
    pub fn label(self) -> &'static str {
        match self {
            ImportFormat::Brat => "brat standoff (.ann)",
            ImportFormat::W3c => "W3C Web Annotation / Hypothesis (.json)",
        }
    }
}

/// Annotations read from a file, and how many lines of kinds not imported were skipped.
pub struct ForeignFile {
    pub annotations: Vec<ForeignAnnotation>,
    pub skipped_lines: usize,
}

/// Reads a brat `.ann` (with the `.txt` beside it, if there, for context) or a W3C JSON file.
pub fn read_file(format: ImportFormat, path: &std::path::Path) -> Result<ForeignFile, ImportError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Io {
        file: name.clone(),
        source,
    })?;
    match format {
        ImportFormat::Brat => {
            let source_text = std::fs::read_to_string(path.with_extension("txt"))
                .ok()
                .map(|text| Document::from_raw_text(&text));
            let parsed = brat::parse(&name, &text, source_text.as_ref())?;
            Ok(ForeignFile {
                annotations: parsed.annotations,
                skipped_lines: parsed.skipped_lines,
            })
        }
        ImportFormat::W3c => Ok(ForeignFile {
            annotations: w3c::parse(&name, &text)?,
            skipped_lines: 0,
        }),
    }
}

/// Parses `--tag-map FROM=TO,FROM=TO`.
pub fn parse_tag_map(text: &str) -> Result<HashMap<String, String>, ImportError> {
    text.split(',')
        .filter(|entry| !entry.trim().is_empty())
        .map(|entry| {
            let (from, to) = entry
                .split_once('=')
                .ok_or_else(|| ImportError::BadTagMap(entry.to_owned()))?;
            Ok((from.trim().to_lowercase(), to.trim().to_owned()))
        })
        .collect()
}

/// The result of placing foreign annotations.
pub struct Placed {
    pub annotations: Vec<Annotation>,
    pub report: AnchorReport,
}

/// Maps the foreign types to tags, builds annotations for `analyst`, and places them.
pub fn place(
    file: &str,
    foreign: Vec<ForeignAnnotation>,
    document: &Document,
    tag_set: &TagSet,
    tag_map: &HashMap<String, String>,
    analyst: &str,
) -> Result<Placed, ImportError> {
    let tag_of = |kind: &str| -> Option<TagId> {
        let mapped = tag_map
            .get(&kind.to_lowercase())
            .map(String::as_str)
            .unwrap_or(kind);
        tag_set.find(mapped).map(|tag| tag.id.clone())
    };
    let unknown: BTreeSet<&str> = foreign
        .iter()
        .filter(|annotation| tag_of(&annotation.kind).is_none())
        .map(|annotation| annotation.kind.as_str())
        .collect();
    if !unknown.is_empty() {
        let first_tag = tag_set.tags.first().map_or("claim", |tag| tag.id.as_str());
        let example = unknown
            .iter()
            .map(|kind| format!("{kind}={first_tag}"))
            .collect::<Vec<_>>()
            .join(",");
        return Err(ImportError::UnknownTypes {
            file: file.to_owned(),
            unknown: unknown.into_iter().collect::<Vec<_>>().join(", "),
            example,
        });
    }
    let now = now_utc();
    let mut annotations: Vec<Annotation> = foreign
        .into_iter()
        .filter_map(|item| {
            let tag = tag_of(&item.kind)?;
            let span = item
                .span
                .filter(|span| span.end <= document.char_count() && !span.is_empty());
            // A file that gives offsets but no quote: the offsets are all there is to go by.
            let exact = if item.exact.is_empty() {
                span.map(|span| document.slice(span.range()).to_owned())
                    .unwrap_or_default()
            } else {
                item.exact
            };
            Some(Annotation {
                id: AnnotationId::new_random(),
                tag,
                span: span.unwrap_or_default(),
                quote: QuoteSelector {
                    exact,
                    prefix: item.prefix,
                    suffix: item.suffix,
                },
                note: item.note,
                analyst: analyst.to_owned(),
                created: item.created.unwrap_or(now),
                modified: item.modified.or(item.created).unwrap_or(now),
                status: AnchorStatus::Anchored,
            })
        })
        .collect();
    let report = reanchor(document, &mut annotations);
    Ok(Placed {
        annotations,
        report,
    })
}
