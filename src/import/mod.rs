//! Importing annotations made in other tools: brat standoff (`.ann`) and W3C Web Annotation
//! JSON (one annotation, an array, a collection or page, or the JSON that Hypothesis exports).
//!
//! Every imported annotation is placed by its quote, and by its offsets when they agree, with
//! the same re-anchoring as for an edited article ([`crate::model::anchoring`]); one that
//! cannot be placed is imported as orphaned, never dropped. Types the tag set does not know
//! need a `--tag-map` entry; without one the import fails and lists them. Relations (brat `R`
//! lines and the Stance attribute, W3C linking annotations) are imported when their kind is the
//! tag set's or mapped by `--relation-map` (e.g. `attacks=undermines`) and the tag set allows
//! them between the two tags; the others are skipped and reported with the reason.

pub mod brat;
pub mod raw_offsets;
pub mod refi;
mod report;
pub mod w3c;
pub mod webanno;

pub use report::{ImportSummary, ReportedLine};

use crate::model::anchoring::{AnchorReport, reanchor};
use crate::model::annotation::now_utc;
use crate::model::{
    AnchorStatus, Annotation, AnnotationId, Document, QuoteSelector, Relation, Span, TagId, TagSet,
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap};

/// An annotation as read from another tool, before it is placed in the article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ForeignAnnotation {
    /// The file's own name for it (brat `T3`, a W3C id), for its relations.
    pub key: String,
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
        "{file}: these types are not in the tag set: {unknown}; map them with --tag-map, e.g. --tag-map {example} (or all the others at once: --tag-map '*=claim')"
    )]
    UnknownTypes {
        file: String,
        unknown: String,
        example: String,
    },
    #[error("--tag-map entry {0:?} is not of the form FROM=TO")]
    BadTagMap(String),
    #[error(transparent)]
    Session(#[from] Box<crate::session::SessionError>),
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// Text with every run of white space as one space, trimmed: how imports compare a file's text
/// with the article's (brat joins fragments with a space; tools differ in line ends).
pub(crate) fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fragments of one discontinuous span (by key, in text order), each continuing the one
/// before ([`crate::model::tags::CONTINUES`]).
pub(crate) fn fragment_links(keys: &[String]) -> impl Iterator<Item = ForeignRelation> + '_ {
    keys.windows(2).map(|pair| ForeignRelation {
        kind: crate::model::tags::CONTINUES.to_owned(),
        source: pair[1].clone(),
        target: pair[0].clone(),
        note: String::new(),
    })
}

/// A relation as read from another tool: its kind and the keys of its two annotations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ForeignRelation {
    pub kind: String,
    pub source: String,
    pub target: String,
    /// The relation's note, when the format has one (a brat note on an `R` line).
    pub note: String,
}

/// The formats annotations can be imported from.
/// The import formats; the command line takes these values (`--from w3c`), derived by clap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// A brat .ann file (with the .txt beside it, if present).
    Brat,
    /// W3C Web Annotation JSON (also Hypothesis's exports).
    W3c,
    /// INCEpTION / WebAnno TSV 3.x.
    Webanno,
    /// A REFI-QDA project (MAXQDA, NVivo, ATLAS.ti, QualCoder): each user's codings of the
    /// article's text become that user's reading.
    Qdpx,
}

impl ImportFormat {
    pub fn label(self) -> &'static str {
        match self {
            ImportFormat::Brat => "brat standoff (.ann)",
            ImportFormat::W3c => "W3C Web Annotation / Hypothesis (.json)",
            ImportFormat::Webanno => "INCEpTION / WebAnno TSV 3 (.tsv)",
            ImportFormat::Qdpx => "REFI-QDA project (.qdpx)",
        }
    }
}

/// Annotations read from a file, the lines taken by kind, and the lines reported.
pub(crate) struct ForeignFile {
    pub annotations: Vec<ForeignAnnotation>,
    pub relations: Vec<ForeignRelation>,
    /// The document text the file carries (WebAnno TSV), to check against the article.
    pub text: Option<String>,
    pub taken: Vec<(&'static str, usize)>,
    pub reported: Vec<ReportedLine>,
}

/// Reads a brat `.ann` (with the `.txt` beside it, if there, for context) or a W3C JSON file.
pub(crate) fn read_file(
    format: ImportFormat,
    path: &std::path::Path,
) -> Result<ForeignFile, ImportError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        file: name.clone(),
        source,
    })?;
    if let Some(found) = other_format(format, &bytes) {
        return Err(ImportError::File {
            file: name,
            message: format!(
                "this is {found}, not {}; Closeread imports {}",
                format.label(),
                SUPPORTED
            ),
        });
    }
    let text = String::from_utf8(bytes).map_err(|error| ImportError::File {
        file: name.clone(),
        message: format!(
            "not UTF-8 text (invalid byte at offset {}); Closeread imports {}",
            error.utf8_error().valid_up_to(),
            SUPPORTED
        ),
    })?;
    match format {
        ImportFormat::Brat => {
            // The .txt as it is on disk: brat's offsets count its BOM and CRs.
            let source_raw = std::fs::read_to_string(path.with_extension("txt")).ok();
            let parsed = brat::parse(&text, source_raw.as_deref());
            Ok(ForeignFile {
                annotations: parsed.annotations,
                relations: parsed.relations,
                text: None,
                taken: parsed.taken,
                reported: parsed.reported,
            })
        }
        // Read against the article instead ([`refi::read_qdpx_for`]).
        ImportFormat::Qdpx => Err(ImportError::File {
            file: name,
            message: "a REFI-QDA project is read against the article's text".into(),
        }),
        ImportFormat::Webanno => {
            let parsed = webanno::parse(&name, &text)?;
            Ok(ForeignFile {
                annotations: parsed.annotations,
                relations: parsed.relations,
                text: Some(parsed.text),
                taken: parsed.taken,
                reported: parsed.reported,
            })
        }
        ImportFormat::W3c => {
            let parsed = w3c::parse(&name, &text)?;
            let taken = vec![
                ("annotation", parsed.annotations.len()),
                ("relation", parsed.relations.len()),
            ];
            Ok(ForeignFile {
                annotations: parsed.annotations,
                relations: parsed.relations,
                text: None,
                taken,
                reported: parsed.reported,
            })
        }
    }
}

/// What the report says when a file's own text is not the article's.
pub const TEXT_DIFFERS: &str = "placed by their quotes: the file's text is not the article's (checked with white space as one space)";

/// The formats named in messages about a file of another kind.
const SUPPORTED: &str = "brat standoff (.ann, with its .txt beside it), W3C Web Annotation or Hypothesis JSON, and INCEpTION / WebAnno TSV 3";

/// What a file given as `format` is instead, when it plainly is something else: a ZIP archive
/// (a REFI-QDA project, a Word file), a WebAnno or INCEpTION TSV, JSON given as brat, brat
/// given as JSON.
fn other_format(format: ImportFormat, bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") && format != ImportFormat::Qdpx {
        return Some(
            "a ZIP archive (a REFI-QDA project .qdpx: import it with --from qdpx; or a Word file or another package)",
        );
    }
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with("#FORMAT=WebAnno TSV") {
        return (format != ImportFormat::Webanno)
            .then_some("a WebAnno / INCEpTION TSV file (import it with --from webanno)");
    }
    if text.starts_with("<?xml") || text.starts_with('<') {
        return Some("an XML or HTML file");
    }
    match format {
        ImportFormat::Brat if text.starts_with('{') || text.starts_with('[') => {
            Some("JSON (import it with --from w3c)")
        }
        ImportFormat::W3c
            if text.starts_with('T')
                && text
                    .lines()
                    .next()
                    .is_some_and(|line| line.split('\t').count() >= 3) =>
        {
            Some("brat standoff (import it with --from brat)")
        }
        _ => None,
    }
}

/// Parses `--tag-map FROM=TO,FROM=TO`.
pub(crate) fn parse_tag_map(text: &str) -> Result<HashMap<String, String>, ImportError> {
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

/// Imports `path` into the session's layer as one undoable step: the annotations placed by
/// their quotes, then the relations the tag set allows. `tag_map` and `relation_map` are
/// `FROM=TO,…` lists. Nothing is changed if the file cannot be read or a type is unknown.
pub(crate) fn import_into(
    session: &mut crate::session::ReadingSession,
    format: ImportFormat,
    path: &std::path::Path,
    tag_map: &str,
    relation_map: &str,
) -> Result<ImportSummary, ImportError> {
    let read = if format == ImportFormat::Qdpx {
        // A project holds every user's codings: the one of this analyst, or the only one.
        let mut users = refi::read_qdpx_for(path, &session.document)?;
        let wanted = session.analyst().to_owned();
        let position = users
            .iter()
            .position(|(user, _)| *user == wanted)
            .or((users.len() == 1).then_some(0));
        match position {
            Some(position) => users.swap_remove(position).1,
            None => {
                return Err(ImportError::File {
                    file: path.display().to_string(),
                    message: format!(
                        "it holds the codings of {}: import them with `closeread import ARTICLE --from qdpx FILE`, which makes a reading for each",
                        users
                            .iter()
                            .map(|(user, _)| user.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
        }
    } else {
        read_file(format, path)?
    };
    import_foreign(session, read, path, tag_map, relation_map)
}

/// Places what was read from `path` into the session's layer as one undoable step (see
/// [`import_into`]).
pub(crate) fn import_foreign(
    session: &mut crate::session::ReadingSession,
    mut read: ForeignFile,
    path: &std::path::Path,
    tag_map: &str,
    relation_map: &str,
) -> Result<ImportSummary, ImportError> {
    let tag_map = parse_tag_map(tag_map)?;
    let relation_map = parse_tag_map(relation_map)?;
    let name = path.display().to_string();
    if let Some(text) = &read.text
        && squeeze(text) != squeeze(session.document.text())
    {
        read.reported.insert(
            0,
            ReportedLine {
                line: 1,
                outcome: TEXT_DIFFERS,
                detail: format!(
                    "the file's text ({} chars) is not the article's ({} chars)",
                    text.chars().count(),
                    session.document.char_count()
                ),
            },
        );
    }
    let placed = place(
        &name,
        read.annotations,
        &session.document,
        session.tag_set(),
        &tag_map,
        session.analyst(),
    )?;
    let relations = place_relations(&read.relations, &placed, session.tag_set(), &relation_map);
    let summary = ImportSummary {
        annotations: placed.annotations.len(),
        report: placed.report.clone(),
        relations: relations.relations.len(),
        skipped_relations: relations.skipped,
        taken: read.taken,
        reported: read.reported,
    };
    let edits: Vec<crate::model::Edit> = placed
        .annotations
        .into_iter()
        .map(crate::model::Edit::Add)
        .chain(
            relations
                .relations
                .into_iter()
                .map(crate::model::Edit::AddRelation),
        )
        .collect();
    if !edits.is_empty() {
        session
            .apply(crate::model::Edit::Batch(edits))
            .map_err(Box::new)?;
    }
    Ok(summary)
}

/// The result of placing foreign annotations.
pub struct Placed {
    pub annotations: Vec<Annotation>,
    pub report: AnchorReport,
    /// The file's key of each annotation → its new id.
    pub ids: HashMap<String, AnnotationId>,
}

/// The relations taken from a file, and those left out with the reason.
#[derive(Debug, Default)]
pub(crate) struct PlacedRelations {
    pub relations: Vec<Relation>,
    pub skipped: Vec<String>,
}

/// Maps the file's relation kinds (through `relation_map`, then by the tag set's ids and
/// labels) and keeps the relations the tag set allows between the two annotations' tags.
pub(crate) fn place_relations(
    foreign: &[ForeignRelation],
    placed: &Placed,
    tag_set: &TagSet,
    relation_map: &HashMap<String, String>,
) -> PlacedRelations {
    let tag_of: HashMap<AnnotationId, &TagId> = placed
        .annotations
        .iter()
        .map(|annotation| (annotation.id, &annotation.tag))
        .collect();
    let mut outcome = PlacedRelations::default();
    for relation in foreign {
        let mapped = relation_map
            .get(&relation.kind.to_lowercase())
            .map(String::as_str)
            .unwrap_or(&relation.kind);
        let Some(definition) = tag_set.find_relation(mapped) else {
            outcome.skipped.push(format!(
                "{} {} {}: the tag set has no relation {:?} (map it with --relation-map {}=…)",
                relation.source, relation.kind, relation.target, relation.kind, relation.kind
            ));
            continue;
        };
        let (Some(source), Some(target)) = (
            placed.ids.get(&relation.source),
            placed.ids.get(&relation.target),
        ) else {
            outcome.skipped.push(format!(
                "{} {} {}: one of its annotations is not in the file",
                relation.source, relation.kind, relation.target
            ));
            continue;
        };
        let (Some(source_tag), Some(target_tag)) = (tag_of.get(source), tag_of.get(target)) else {
            continue;
        };
        if !tag_set.allows(&definition.id, source_tag, target_tag) {
            outcome.skipped.push(format!(
                "{} {} {}: the tag set does not allow {} from {} to {}",
                relation.source,
                relation.kind,
                relation.target,
                definition.id,
                source_tag,
                target_tag
            ));
            continue;
        }
        let relation = Relation {
            source: *source,
            target: *target,
            kind: definition.id.clone(),
            note: relation.note.clone(),
        };
        if source == target {
            outcome.skipped.push(format!(
                "{} {} {}: an annotation cannot be related to itself",
                relation.source, relation.kind, relation.target
            ));
        } else if !outcome
            .relations
            .iter()
            .any(|kept| kept.same_link(&relation))
        {
            outcome.relations.push(relation);
        }
    }
    outcome
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
    // A type mapped by name, else the tag of that name, else what `*` maps every other type to.
    let tag_of = |kind: &str| -> Option<TagId> {
        let mapped = tag_map
            .get(&kind.to_lowercase())
            .map(String::as_str)
            .unwrap_or(kind);
        tag_set
            .find(mapped)
            .or_else(|| tag_map.get("*").and_then(|fallback| tag_set.find(fallback)))
            .map(|tag| tag.id.clone())
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
    let mut ids = HashMap::new();
    let mut annotations: Vec<Annotation> = foreign
        .into_iter()
        .filter_map(|item| {
            let tag = tag_of(&item.kind)?;
            let id = AnnotationId::new_random();
            if !item.key.is_empty() {
                ids.insert(item.key.clone(), id);
            }
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
                id,
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
        ids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_star_in_the_tag_map_takes_every_type_not_mapped_or_named() {
        let document = Document::from_raw_text("The ports matter. Lift the sanctions.");
        let foreign = |kind: &str, exact: &str| ForeignAnnotation {
            kind: kind.to_owned(),
            exact: exact.to_owned(),
            ..ForeignAnnotation::default()
        };
        let tag_map = parse_tag_map("policy=recommendation,*=claim").expect("a map");
        let placed = place(
            "x.json",
            vec![
                foreign("policy", "Lift the sanctions."),
                foreign("Evidence", "The ports"),
                foreign("infrastructure", "ports matter"),
            ],
            &document,
            &TagSet::default(),
            &tag_map,
            "ann",
        )
        .expect("every type has a tag");
        let tags: Vec<&str> = placed
            .annotations
            .iter()
            .map(|annotation| annotation.tag.as_str())
            .collect();
        assert_eq!(tags, ["recommendation", "evidence", "claim"]);
        let without = place(
            "x.json",
            vec![foreign("infrastructure", "ports")],
            &document,
            &TagSet::default(),
            &parse_tag_map("").expect("empty"),
            "ann",
        );
        assert!(
            without.is_err(),
            "without * an unknown type is still refused"
        );
    }

    #[test]
    fn a_file_of_another_kind_is_named_with_the_formats_closeread_imports() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cases: [(&str, &[u8], ImportFormat, &str); 5] = [
            (
                "project.qdpx",
                b"PK\x03\x04rest",
                ImportFormat::W3c,
                "ZIP archive",
            ),
            (
                "doc.tsv",
                b"\xef\xbb\xbf#FORMAT=WebAnno TSV 3.3\r\n#T_SP=x\r\n",
                ImportFormat::Brat,
                "WebAnno / INCEpTION TSV",
            ),
            (
                "a.ann",
                b"[{\"target\": {}}]",
                ImportFormat::Brat,
                "--from w3c",
            ),
            (
                "a.json",
                b"T1\tClaim 0 4\tLine\n",
                ImportFormat::W3c,
                "--from brat",
            ),
            (
                "a.json",
                b"<?xml version=\"1.0\"?><x/>",
                ImportFormat::W3c,
                "XML",
            ),
        ];
        for (name, bytes, format, expected) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("write");
            let message = read_file(format, &path).err().expect("refused").to_string();
            assert!(message.contains(expected), "{message}");
            assert!(message.contains(name), "names the file: {message}");
            assert!(message.contains("brat standoff (.ann"), "{message}");
        }
    }
}
