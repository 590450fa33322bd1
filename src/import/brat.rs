//! Reading brat standoff `.ann` files: `T` lines (type, fragments, text), `#` AnnotatorNotes,
//! `R` relations (`R1<TAB>supports Arg1:T2 Arg2:T1`) and `A` attributes (`A1<TAB>Stance T3 For`,
//! or a binary `A2<TAB>Negated T1`). Offsets are code points into the `.txt` beside the `.ann`;
//! when that file is there it also gives each quote its context. Notes written by Closeread's
//! brat export (`\n` for newlines) are turned back. Attributes are added to their annotation's
//! note ("Stance: For"). The Argument Annotated Essays scheme links a claim to the major claims
//! by its `Stance` attribute, not by relations: a `Stance` of `For`/`Against` becomes a
//! `supports`/`attacks` relation from the claim to each `MajorClaim`. Event and normalisation
//! lines are skipped and counted.

use super::{ForeignAnnotation, ForeignRelation, ImportError};
use crate::model::{Document, Span};
use std::collections::HashMap;

/// Chars of context taken from the `.txt` for each quote.
const CONTEXT_CHARS: usize = 32;

/// What a `.ann` file held.
pub struct BratFile {
    pub annotations: Vec<ForeignAnnotation>,
    pub relations: Vec<ForeignRelation>,
    /// Lines of kinds Closeread does not import (events, normalisations, equivalences).
    pub skipped_lines: usize,
}

/// Undoes [`crate::export::brat::escape_note`].
pub(crate) fn unescape_note(note: &str) -> String {
    let mut text = String::with_capacity(note.len());
    let mut chars = note.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => text.push('\n'),
                Some('\\') => text.push('\\'),
                Some(other) => {
                    text.push('\\');
                    text.push(other);
                }
                None => text.push('\\'),
            }
        } else {
            text.push(c);
        }
    }
    text
}

/// Parses an `.ann` file; `source_text` is the `.txt` it refers to, if available.
pub fn parse(
    file: &str,
    ann: &str,
    source_text: Option<&Document>,
) -> Result<BratFile, ImportError> {
    let mut annotations: Vec<ForeignAnnotation> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut attributes: Vec<(String, String, Option<String>)> = Vec::new();
    let mut relations: Vec<ForeignRelation> = Vec::new();
    let mut skipped_lines = 0;
    let error = |line: usize, message: String| ImportError::Line {
        file: file.to_owned(),
        line,
        message,
    };
    for (index, line) in ann.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let id = fields[0];
        if id.starts_with('T') {
            let [_, kind_and_offsets, text, ..] = fields.as_slice() else {
                return Err(error(
                    number,
                    "a T line needs an id, a type with offsets, and the text".into(),
                ));
            };
            let (kind, offsets) = kind_and_offsets.split_once(' ').ok_or_else(|| {
                error(
                    number,
                    format!("no offsets after the type in {kind_and_offsets:?}"),
                )
            })?;
            let mut fragments = Vec::new();
            for pair in offsets.split(';') {
                let (start, end) = pair
                    .trim()
                    .split_once(' ')
                    .ok_or_else(|| error(number, format!("offsets {pair:?} are not START END")))?;
                let parse = |value: &str| {
                    value
                        .parse::<usize>()
                        .map_err(|_| error(number, format!("offset {value:?} is not a number")))
                };
                let (start, end) = (parse(start)?, parse(end)?);
                if end < start {
                    return Err(error(number, format!("offsets {start} {end} are reversed")));
                }
                fragments.push((start, end));
            }
            let start = fragments.iter().map(|(start, _)| *start).min().unwrap_or(0);
            let end = fragments.iter().map(|(_, end)| *end).max().unwrap_or(0);
            let span = Span::new(start, end);
            let mut annotation = ForeignAnnotation {
                key: id.to_owned(),
                kind: kind.to_owned(),
                span: Some(span),
                exact: (*text).to_owned(),
                ..ForeignAnnotation::default()
            };
            if let Some(source) = source_text
                && end <= source.char_count()
            {
                // Fragments were joined by spaces in the T line; the text itself has the
                // newlines between them.
                annotation.exact = source.slice(span.range()).to_owned();
                annotation.prefix = source
                    .slice(start.saturating_sub(CONTEXT_CHARS)..start)
                    .to_owned();
                annotation.suffix = source.slice(end..end + CONTEXT_CHARS).to_owned();
            }
            by_id.insert(id.to_owned(), annotations.len());
            annotations.push(annotation);
        } else if id.starts_with('#') {
            let [_, reference, note, ..] = fields.as_slice() else {
                return Err(error(
                    number,
                    "a # line needs an id, a reference and the note".into(),
                ));
            };
            if let Some(target) = reference.strip_prefix("AnnotatorNotes ") {
                notes.push((target.trim().to_owned(), unescape_note(note)));
            }
        } else if id.starts_with('R') {
            let [_, arguments, ..] = fields.as_slice() else {
                return Err(error(
                    number,
                    "an R line needs an id and its arguments".into(),
                ));
            };
            let mut parts = arguments.split_whitespace();
            let kind = parts.next().unwrap_or_default();
            let argument = |part: Option<&str>| -> Result<String, ImportError> {
                part.and_then(|part| part.split_once(':'))
                    .map(|(_, reference)| reference.to_owned())
                    .ok_or_else(|| {
                        error(
                            number,
                            format!("relation {arguments:?} is not TYPE Arg1:T1 Arg2:T2"),
                        )
                    })
            };
            let (source, target) = (argument(parts.next())?, argument(parts.next())?);
            relations.push(ForeignRelation {
                kind: kind.to_owned(),
                source,
                target,
            });
        } else if id.starts_with('A') || id.starts_with('M') {
            let [_, description, ..] = fields.as_slice() else {
                return Err(error(
                    number,
                    "an A line needs an id and the attribute".into(),
                ));
            };
            let mut parts = description.split_whitespace();
            let (Some(name), Some(target)) = (parts.next(), parts.next()) else {
                return Err(error(
                    number,
                    format!("attribute {description:?} is not NAME T1 [VALUE]"),
                ));
            };
            attributes.push((
                target.to_owned(),
                name.to_owned(),
                parts.next().map(str::to_owned),
            ));
        } else if ["E", "N", "*"].iter().any(|prefix| id.starts_with(prefix)) {
            skipped_lines += 1;
        } else {
            return Err(error(number, format!("unknown line kind {id:?}")));
        }
    }
    for (target, note) in notes {
        let index = *by_id.get(&target).ok_or_else(|| ImportError::File {
            file: file.to_owned(),
            message: format!("a note refers to {target}, which is not in the file"),
        })?;
        let existing = &mut annotations[index].note;
        if !existing.is_empty() {
            existing.push('\n');
        }
        existing.push_str(&note);
    }
    for (target, name, value) in attributes {
        // Attributes of events (E lines, not imported) go with them.
        let Some(&index) = by_id.get(&target) else {
            skipped_lines += 1;
            continue;
        };
        let line = match &value {
            Some(value) => format!("{name}: {value}"),
            None => name.clone(),
        };
        let existing = &mut annotations[index].note;
        if !existing.is_empty() {
            existing.push('\n');
        }
        existing.push_str(&line);
        if name.eq_ignore_ascii_case("stance") {
            let kind = match value.as_deref().map(str::to_lowercase).as_deref() {
                Some("for") => "supports",
                Some("against") => "attacks",
                _ => continue,
            };
            for major in annotations
                .iter()
                .filter(|annotation| annotation.kind.eq_ignore_ascii_case("MajorClaim"))
            {
                relations.push(ForeignRelation {
                    kind: kind.to_owned(),
                    source: target.clone(),
                    target: major.key.clone(),
                });
            }
        }
    }
    // Relations between events or to ids the file lacks cannot be placed: counted, not fatal.
    let before = relations.len();
    relations.retain(|relation| {
        by_id.contains_key(&relation.source) && by_id.contains_key(&relation.target)
    });
    skipped_lines += before - relations.len();
    Ok(BratFile {
        annotations,
        relations,
        skipped_lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_types_fragments_and_notes() {
        let text = Document::from_raw_text("Line one here\nline two there");
        let ann = "T1\tClaim 0 4\tLine\nT2\tPremise 9 13;14 18\there line\n#1\tAnnotatorNotes T2\tfirst\\nsecond \\\\ end\nR1\tsupports Arg1:T2 Arg2:T1\n";
        let parsed = parse("x.ann", ann, Some(&text)).expect("parse");
        assert_eq!(parsed.skipped_lines, 0);
        assert_eq!(
            parsed.relations,
            vec![ForeignRelation {
                kind: "supports".into(),
                source: "T2".into(),
                target: "T1".into()
            }]
        );
        assert_eq!(parsed.annotations.len(), 2);
        let second = &parsed.annotations[1];
        assert_eq!(second.kind, "Premise");
        assert_eq!(second.span, Some(Span::new(9, 18)));
        assert_eq!(second.exact, "here\nline");
        assert_eq!(second.note, "first\nsecond \\ end");
        assert_eq!(second.prefix, "Line one ");
    }

    #[test]
    fn malformed_lines_name_the_file_and_line() {
        for bad in [
            "T1\tClaim\tno offsets",
            "T1\tClaim 5 2\tx",
            "T1\tClaim a b\tx",
            "Q1\twhat",
        ] {
            let message = parse("bad.ann", bad, None)
                .err()
                .expect("error")
                .to_string();
            assert!(message.starts_with("bad.ann: line 1"), "{message}");
        }
    }
}
