//! Reading a REFI-QDA project (`.qdpx`: a ZIP with `project.qde` and the sources' texts) for
//! one article: the text source whose text is the article's, its coded plain-text selections
//! by user (each user's become that user's reading), the codes by name (mapped to tags with
//! `--tag-map`), selections' descriptions as notes, and links between selections as relations.
//! Positions are code points into the source's text as stored, mapped to the canonical text
//! ([`super::raw_offsets`]). What is not taken (other sources, pictures, selections without a
//! code, links to what is not a selection of this source) is reported.

use super::raw_offsets::RawOffsets;
use super::{ForeignAnnotation, ForeignFile, ForeignRelation, ImportError, ReportedLine, squeeze};
use crate::model::{Document, Span};
use crate::xml_text::{attribute, event_text, local_name};
use quick_xml::events::Event;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;

pub const UNCODED: &str = "not imported: a selection with no code";
pub const OTHER_LINK: &str =
    "not imported: a link to something that is not a selection of this text";

/// A coded selection of a text source.
#[derive(Clone, Debug, Default)]
struct Selection {
    guid: String,
    start: usize,
    end: usize,
    user: String,
    codes: Vec<String>,
    note: String,
    created: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Default)]
struct TextSource {
    name: String,
    plain_text_path: String,
    content: Option<String>,
    selections: Vec<Selection>,
}

/// What `project.qde` holds that an import needs.
#[derive(Debug, Default)]
struct Qde {
    /// The project's name.
    name: String,
    users: BTreeMap<String, String>,
    codes: HashMap<String, String>,
    sources: Vec<TextSource>,
    links: Vec<Link>,
    /// The project's notes (`<Notes><Note guid>`), by guid: their text.
    notes: HashMap<String, String>,
}

/// A `<Link>` between two selections, with the notes it refers to (by guid).
#[derive(Debug, Default)]
struct Link {
    origin: String,
    target: String,
    name: String,
    note_refs: Vec<String>,
}

fn parse_qde(file: &str, xml: &str) -> Result<Qde, ImportError> {
    let bad = |message: String| ImportError::File {
        file: file.to_owned(),
        message,
    };
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut qde = Qde::default();
    // Open elements, by local name.
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    // The project note being read (`<Notes><Note guid>`).
    let mut note_guid: Option<String> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|error| bad(format!("project.qde is not well-formed XML: {error}")))?;
        let (element, empty) = match &event {
            Event::Start(element) => (Some(element), false),
            Event::Empty(element) => (Some(element), true),
            _ => (None, false),
        };
        if let Some(element) = element {
            let name = local_name(element);
            let parent = path.last().map(String::as_str).unwrap_or_default();
            match name.as_str() {
                "Project" => qde.name = attribute(element, "name").unwrap_or_default(),
                "User" => {
                    if let Some(guid) = attribute(element, "guid") {
                        let shown = attribute(element, "id")
                            .or_else(|| attribute(element, "name"))
                            .unwrap_or_else(|| guid.clone());
                        qde.users.insert(guid, shown);
                    }
                }
                "Code" => {
                    if let (Some(guid), Some(code)) =
                        (attribute(element, "guid"), attribute(element, "name"))
                    {
                        qde.codes.insert(guid, code);
                    }
                }
                "TextSource" if parent == "Sources" => qde.sources.push(TextSource {
                    name: attribute(element, "name").unwrap_or_default(),
                    plain_text_path: attribute(element, "plainTextPath").unwrap_or_default(),
                    ..TextSource::default()
                }),
                "PlainTextSelection" => {
                    if let Some(source) = qde.sources.last_mut() {
                        let number = |name: &str| {
                            attribute(element, name).and_then(|value| value.parse().ok())
                        };
                        source.selections.push(Selection {
                            guid: attribute(element, "guid").unwrap_or_default(),
                            start: number("startPosition").unwrap_or(0),
                            end: number("endPosition").unwrap_or(0),
                            user: attribute(element, "creatingUser").unwrap_or_default(),
                            created: attribute(element, "creationDateTime")
                                .and_then(|time| chrono::DateTime::parse_from_rfc3339(&time).ok())
                                .map(|time| time.with_timezone(&chrono::Utc)),
                            ..Selection::default()
                        });
                    }
                }
                "CodeRef" if path.iter().any(|open| open == "PlainTextSelection") => {
                    if let (Some(selection), Some(target)) = (
                        qde.sources
                            .last_mut()
                            .and_then(|source| source.selections.last_mut()),
                        attribute(element, "targetGUID"),
                    ) {
                        selection.codes.push(target);
                    }
                }
                "Link" => {
                    if let (Some(origin), Some(target)) = (
                        attribute(element, "originGUID"),
                        attribute(element, "targetGUID"),
                    ) {
                        qde.links.push(Link {
                            origin,
                            target,
                            name: attribute(element, "name")
                                .unwrap_or_else(|| "related".to_owned()),
                            note_refs: Vec::new(),
                        });
                    }
                }
                "NoteRef" if parent == "Link" => {
                    if let (Some(link), Some(target)) =
                        (qde.links.last_mut(), attribute(element, "targetGUID"))
                    {
                        link.note_refs.push(target);
                    }
                }
                "Note" if parent == "Notes" => {
                    note_guid = attribute(element, "guid");
                }
                _ => {}
            }
            if !empty {
                path.push(name);
                text.clear();
            }
            continue;
        }
        match event {
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                text.push_str(&event_text(&event));
            }
            Event::End(_) => {
                let closed = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or_default();
                match (closed.as_str(), parent) {
                    ("Description", "PlainTextSelection") => {
                        if let Some(selection) = qde
                            .sources
                            .last_mut()
                            .and_then(|source| source.selections.last_mut())
                        {
                            selection.note = text.trim().to_owned();
                        }
                    }
                    ("PlainTextContent", "Note") => {
                        if let Some(guid) = note_guid.take() {
                            qde.notes.insert(guid, text.trim().to_owned());
                        }
                    }
                    ("PlainTextContent", "TextSource") => {
                        if let Some(source) = qde.sources.last_mut() {
                            source.content = Some(text.clone());
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(qde)
}

/// The text of a source: its content, or its file in the package.
fn source_text(
    archive: &mut zip::ZipArchive<std::fs::File>,
    source: &TextSource,
) -> Option<String> {
    if let Some(content) = &source.content {
        return Some(content.clone());
    }
    // `internal://x.txt` is `sources/x.txt`; some tools write the file name alone.
    let name = source
        .plain_text_path
        .strip_prefix("internal://")
        .unwrap_or(&source.plain_text_path);
    if name.is_empty() {
        return None;
    }
    let mut bytes = Vec::new();
    for candidate in [format!("sources/{name}"), name.to_owned()] {
        if let Ok(mut entry) = archive.by_name(&candidate) {
            entry.read_to_end(&mut bytes).ok()?;
            break;
        }
    }
    if bytes.is_empty() {
        return None;
    }
    Some(
        String::from_utf8(bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
    )
}

/// The project's name and its text sources that have a text, as (name, text as stored).
pub fn read_qdpx_texts(
    path: &std::path::Path,
) -> Result<(String, Vec<(String, String)>), ImportError> {
    let (mut archive, qde) = open_qdpx(path)?;
    let texts = qde
        .sources
        .iter()
        .filter_map(|source| Some((source.name.clone(), source_text(&mut archive, source)?)))
        .collect();
    Ok((qde.name, texts))
}

/// The package and its `project.qde`, read.
fn open_qdpx(path: &std::path::Path) -> Result<(zip::ZipArchive<std::fs::File>, Qde), ImportError> {
    let name = path.display().to_string();
    let bad = |message: String| ImportError::File {
        file: name.clone(),
        message,
    };
    let file = std::fs::File::open(path).map_err(|source| ImportError::Io {
        file: name.clone(),
        source,
    })?;
    let mut archive = zip::ZipArchive::new(file)
        .map_err(|error| bad(format!("not a REFI-QDA project (.qdpx is a ZIP): {error}")))?;
    let mut xml = String::new();
    archive
        .by_name("project.qde")
        .map_err(|_| bad("it has no project.qde: not a REFI-QDA project".to_owned()))?
        .read_to_string(&mut xml)
        .map_err(|error| bad(format!("project.qde cannot be read: {error}")))?;
    let qde = parse_qde(&name, &xml)?;
    Ok((archive, qde))
}

/// Each user's annotations of `document` in the project at `path`, by user id (their `id`,
/// else their name), as foreign files ready to place.
pub(crate) fn read_qdpx_for(
    path: &std::path::Path,
    document: &Document,
) -> Result<Vec<(String, ForeignFile)>, ImportError> {
    let name = path.display().to_string();
    let bad = |message: String| ImportError::File {
        file: name.clone(),
        message,
    };
    let (mut archive, qde) = open_qdpx(path)?;
    let article = squeeze(document.text());
    let mut chosen = None;
    let mut names = Vec::new();
    for (index, source) in qde.sources.iter().enumerate() {
        names.push(source.name.clone());
        if let Some(text) = source_text(&mut archive, source)
            && squeeze(&text) == article
        {
            chosen = Some((index, text));
            break;
        }
    }
    let Some((index, raw)) = chosen else {
        return Err(bad(format!(
            "none of its text sources is this article's text (it has {}: {})",
            qde.sources.len(),
            names.join(", ")
        )));
    };
    let source = &qde.sources[index];
    let offsets = RawOffsets::new(&raw);
    let text = &offsets.document;
    let mut by_user: BTreeMap<String, ForeignFile> = BTreeMap::new();
    let key_of_selection: HashMap<&str, &str> = source
        .selections
        .iter()
        .map(|selection| (selection.guid.as_str(), selection.user.as_str()))
        .collect();
    let mut skipped = Vec::new();
    for (number, selection) in source.selections.iter().enumerate() {
        let user = qde
            .users
            .get(&selection.user)
            .cloned()
            .unwrap_or_else(|| "refi".to_owned());
        let Some(code) = selection
            .codes
            .first()
            .map(|code| qde.codes.get(code).cloned().unwrap_or_else(|| code.clone()))
        else {
            skipped.push(ReportedLine {
                line: number + 1,
                outcome: UNCODED,
                detail: format!(
                    "selection {} ({}–{})",
                    selection.guid, selection.start, selection.end
                ),
            });
            continue;
        };
        let (start, end) = offsets
            .span(selection.start, selection.end)
            .unwrap_or((selection.start, selection.end));
        let mut note = selection.note.clone();
        for other in selection.codes.iter().skip(1) {
            let other = qde
                .codes
                .get(other)
                .cloned()
                .unwrap_or_else(|| other.clone());
            if !note.is_empty() {
                note.push('\n');
            }
            note.push_str(&format!("Also coded: {other}"));
        }
        let file = by_user.entry(user).or_insert_with(|| ForeignFile {
            annotations: Vec::new(),
            relations: Vec::new(),
            text: None,
            taken: Vec::new(),
            reported: Vec::new(),
        });
        file.annotations.push(ForeignAnnotation {
            key: selection.guid.clone(),
            kind: code,
            span: Some(Span::new(start, end)),
            exact: text.slice(start..end).to_owned(),
            prefix: text.slice(start.saturating_sub(32)..start).to_owned(),
            suffix: text.slice(end..end + 32).to_owned(),
            note,
            created: selection.created,
            modified: selection.created,
        });
    }
    for (number, link) in qde.links.iter().enumerate() {
        let (origin, target, kind) = (&link.origin, &link.target, &link.name);
        match (
            key_of_selection.get(origin.as_str()),
            key_of_selection.get(target.as_str()),
        ) {
            (Some(user), Some(_)) => {
                let user = qde
                    .users
                    .get(*user)
                    .cloned()
                    .unwrap_or_else(|| "refi".to_owned());
                if let Some(file) = by_user.get_mut(&user) {
                    let notes: Vec<&str> = link
                        .note_refs
                        .iter()
                        .filter_map(|guid| qde.notes.get(guid))
                        .map(String::as_str)
                        .filter(|note| !note.is_empty())
                        .collect();
                    file.relations.push(ForeignRelation {
                        kind: kind.clone(),
                        source: origin.clone(),
                        target: target.clone(),
                        note: notes.join("\n"),
                    });
                }
            }
            _ => skipped.push(ReportedLine {
                line: number + 1,
                outcome: OTHER_LINK,
                detail: format!("{kind}: {origin} → {target}"),
            }),
        }
    }
    let mut files: Vec<(String, ForeignFile)> = by_user.into_iter().collect();
    for (_, file) in &mut files {
        file.taken = vec![
            ("annotation", file.annotations.len()),
            ("relation", file.relations.len()),
        ];
    }
    if let Some((_, first)) = files.first_mut() {
        first.reported = skipped;
    }
    Ok(files)
}
