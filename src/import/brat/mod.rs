//! Reading brat standoff `.ann` files: `T` lines (type, fragments, text), `#` notes, `R`
//! relations (`R1<TAB>supports Arg1:T2 Arg2:T1`), `A` attributes (`A1<TAB>Stance T3 For`, or a
//! binary `A2<TAB>Negated T1`) and `N` normalisations (`N1<TAB>Reference T1 Wikipedia:534366<TAB>
//! Barack Obama`).
//!
//! brat counts offsets in the `.txt` file's characters as they are, byte-order mark and
//! carriage returns included; when the `.txt` is beside the `.ann`, each span is mapped to the
//! canonical text ([`super::raw_offsets`]) and checked against the line's own text. A span
//! whose text disagrees is placed by its quote and reported, never taken silently.
//!
//! Nothing is dropped without a word: AnnotatorNotes become the note (of the annotation, or of
//! the relation on an `R` id); other `#` notes (a lemma, a comment) and normalisations are
//! added to the note as `Type: value` lines, as attributes are ("Stance: For"). Lines
//! Closeread has no place for (events, equivalences, a note or attribute of an event, a
//! relation to an annotation not in the file, a
//! line that cannot be read) are skipped and reported one by one, so that the report accounts
//! for every line of the file. The Argument Annotated Essays scheme links a claim to the major
//! claims by its `Stance` attribute: a `Stance` of `For`/`Against` becomes a
//! `supports`/`attacks` relation from the claim to each `MajorClaim`.

mod text_bound;

use super::raw_offsets::RawOffsets;
use super::{ForeignAnnotation, ForeignRelation, ReportedLine};
use std::collections::HashMap;
use text_bound::text_bound;

/// Chars of context taken from the `.txt` for each quote.
const CONTEXT_CHARS: usize = 32;

/// What happened to lines that were not taken as they stood (the report groups by these).
pub const EVENT_SKIPPED: &str = "not imported: an event (E line)";
pub const EQUIVALENCE_SKIPPED: &str = "not imported: an equivalence (* line)";
pub const UNREADABLE: &str = "not imported: the line could not be read";
pub const UNKNOWN_KIND: &str = "not imported: a line of a kind brat does not define";
pub const NOTE_OF_MISSING: &str =
    "not imported: a note or attribute of an event or an id not in the file";
pub const RELATION_OF_MISSING: &str =
    "not imported: a relation to an event or an id not in the file";
pub const PLACED_BY_QUOTE: &str =
    "placed by its quote: its offsets do not give its text in the .txt";
pub const DISCONTINUOUS: &str = "imported as one passage from its first fragment to its last (a span in fragments, without the .txt to tell them apart)";
pub const FRAGMENTS: &str = "imported as one annotation per fragment, each continuing the one before (a discontinuous span)";

/// What a `.ann` file held.
pub struct BratFile {
    pub annotations: Vec<ForeignAnnotation>,
    pub relations: Vec<ForeignRelation>,
    /// Lines taken, by kind ("annotation", "note", …), so that with `reported` every line of
    /// the file is accounted for.
    pub taken: Vec<(&'static str, usize)>,
    /// Lines not taken as they stood, each with what happened.
    pub reported: Vec<ReportedLine>,
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

/// A note line for an annotation, added after the others.
struct NoteLine {
    line: usize,
    /// "note" or "normalisation", as counted in `taken`.
    kind: &'static str,
    target: String,
    text: String,
}

/// Parses an `.ann` file; `source_raw` is the `.txt` it refers to, as it is on disk, if
/// available. Every line is either taken or reported: reading never fails.
pub fn parse(ann: &str, source_raw: Option<&str>) -> BratFile {
    let source = source_raw.map(RawOffsets::new);
    let mut annotations: Vec<ForeignAnnotation> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut notes: Vec<NoteLine> = Vec::new();
    let mut attributes: Vec<(usize, String, String, Option<String>)> = Vec::new();
    // (line, whether an R line (not a Stance attribute) gave it, the relation)
    let mut relations: Vec<(usize, bool, ForeignRelation)> = Vec::new();
    // An R line's id: its index in `relations`, for the notes and attributes on it.
    let mut relation_by_id: HashMap<String, usize> = HashMap::new();
    // Notes on relations, by index in `relations`: (line, kind as counted in `taken`, text).
    let mut relation_notes: HashMap<usize, Vec<(usize, &'static str, String)>> = HashMap::new();
    let mut taken: HashMap<&'static str, usize> = HashMap::new();
    let mut reported: Vec<ReportedLine> = Vec::new();
    let ann = ann.strip_prefix('\u{feff}').unwrap_or(ann);
    for (index, line) in ann.lines().enumerate() {
        let number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let report = |outcome: &'static str, detail: String| ReportedLine {
            line: number,
            outcome,
            detail,
        };
        let fields: Vec<&str> = line.split('\t').collect();
        let id = fields[0].trim();
        let outcome = if id.starts_with('T') {
            text_bound(&fields, source.as_ref()).map(|bound| {
                reported.extend(bound.problem.map(|detail| report(PLACED_BY_QUOTE, detail)));
                let offsets = fields.get(1).copied().unwrap_or_default();
                if bound.fragments.len() > 1 {
                    reported.push(report(
                        FRAGMENTS,
                        format!("{id}: {offsets} → {} annotations", bound.fragments.len()),
                    ));
                } else if source.is_none() && offsets.contains(';') {
                    reported.push(report(DISCONTINUOUS, format!("{id}: {offsets}")));
                }
                let keys: Vec<String> = bound
                    .fragments
                    .iter()
                    .map(|fragment| fragment.key.clone())
                    .collect();
                relations
                    .extend(super::fragment_links(&keys).map(|relation| (number, false, relation)));
                for fragment in bound.fragments {
                    by_id.insert(fragment.key.clone(), annotations.len());
                    annotations.push(fragment);
                }
                "annotation"
            })
        } else if id.starts_with('#') {
            match fields.as_slice() {
                [_, reference, note, ..] => {
                    let (kind, target) = reference.split_once(' ').unwrap_or((reference, ""));
                    let note = unescape_note(note);
                    notes.push(NoteLine {
                        line: number,
                        kind: "note",
                        target: target.trim().to_owned(),
                        // AnnotatorNotes are the note itself; other kinds say what they are.
                        text: if kind == "AnnotatorNotes" {
                            note
                        } else {
                            format!("{kind}: {note}")
                        },
                    });
                    Ok("note")
                }
                _ => Err("a # line needs an id, a reference and the note".to_owned()),
            }
        } else if id.starts_with('R') {
            relation(&fields).map(|relation| {
                relation_by_id.insert(id.to_owned(), relations.len());
                relations.push((number, true, relation));
                "relation"
            })
        } else if id.starts_with('A') || id.starts_with('M') {
            let description = fields.get(1).copied().unwrap_or_default();
            let mut parts = description.split_whitespace();
            match (parts.next(), parts.next()) {
                (Some(name), Some(target)) => {
                    attributes.push((
                        number,
                        target.to_owned(),
                        name.to_owned(),
                        parts.next().map(str::to_owned),
                    ));
                    Ok("attribute")
                }
                _ => Err(format!("attribute {description:?} is not NAME T1 [VALUE]")),
            }
        } else if id.starts_with('N') {
            // N1<TAB>Reference T1 Wikipedia:534366<TAB>Barack Obama
            let description = fields.get(1).copied().unwrap_or_default();
            let mut parts = description.split_whitespace();
            match (parts.next(), parts.next(), parts.next()) {
                (Some(kind), Some(target), Some(reference)) => {
                    let name = fields.get(2).map(|name| name.trim()).unwrap_or_default();
                    let text = if name.is_empty() {
                        format!("{kind}: {reference}")
                    } else {
                        format!("{kind}: {reference} ({name})")
                    };
                    notes.push(NoteLine {
                        line: number,
                        kind: "normalisation",
                        target: target.to_owned(),
                        text,
                    });
                    Ok("normalisation")
                }
                _ => Err(format!(
                    "normalisation {description:?} is not TYPE T1 DB:ID"
                )),
            }
        } else if id.starts_with('E') {
            reported.push(report(EVENT_SKIPPED, line.to_owned()));
            continue;
        } else if id.starts_with('*') {
            reported.push(report(EQUIVALENCE_SKIPPED, line.to_owned()));
            continue;
        } else {
            reported.push(report(UNKNOWN_KIND, line.to_owned()));
            continue;
        };
        match outcome {
            Ok(kind) => *taken.entry(kind).or_default() += 1,
            Err(problem) => reported.push(report(UNREADABLE, format!("{problem}: {line}"))),
        }
    }
    for note in notes {
        if let Some(&index) = relation_by_id.get(&note.target) {
            relation_notes
                .entry(index)
                .or_default()
                .push((note.line, note.kind, note.text));
            continue;
        }
        let Some(&index) = by_id.get(&note.target) else {
            reported.push(ReportedLine {
                line: note.line,
                outcome: NOTE_OF_MISSING,
                detail: format!("{} (on {})", note.text, note.target),
            });
            uncount(&mut taken, note.kind);
            continue;
        };
        append_line(&mut annotations[index].note, &note.text);
    }
    for (line, target, name, value) in attributes {
        if let Some(&index) = relation_by_id.get(&target) {
            let text = match &value {
                Some(value) => format!("{name}: {value}"),
                None => name.clone(),
            };
            relation_notes
                .entry(index)
                .or_default()
                .push((line, "attribute", text));
            continue;
        }
        let Some(&index) = by_id.get(&target) else {
            reported.push(ReportedLine {
                line,
                outcome: NOTE_OF_MISSING,
                detail: format!("attribute {name} of {target}"),
            });
            uncount(&mut taken, "attribute");
            continue;
        };
        let text = match &value {
            Some(value) => format!("{name}: {value}"),
            None => name.clone(),
        };
        append_line(&mut annotations[index].note, &text);
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
                relations.push((
                    line,
                    false,
                    ForeignRelation {
                        kind: kind.to_owned(),
                        source: target.clone(),
                        target: major.key.clone(),
                        note: String::new(),
                    },
                ));
            }
        }
    }
    // Relations between events or to ids the file lacks cannot be placed.
    let mut kept = Vec::new();
    for (index, (line, from_r_line, mut relation)) in relations.into_iter().enumerate() {
        let notes = relation_notes.remove(&index).unwrap_or_default();
        if by_id.contains_key(&relation.source) && by_id.contains_key(&relation.target) {
            for (_, _, text) in notes {
                append_line(&mut relation.note, &text);
            }
            kept.push(relation);
        } else {
            if from_r_line {
                uncount(&mut taken, "relation");
            }
            for (note_line, kind, text) in notes {
                uncount(&mut taken, kind);
                reported.push(ReportedLine {
                    line: note_line,
                    outcome: NOTE_OF_MISSING,
                    detail: format!("{text} (on a relation not imported)"),
                });
            }
            reported.push(ReportedLine {
                line,
                outcome: RELATION_OF_MISSING,
                detail: format!(
                    "{} {} → {}",
                    relation.kind, relation.source, relation.target
                ),
            });
        }
    }
    let mut taken: Vec<(&'static str, usize)> = taken.into_iter().collect();
    taken.sort();
    reported.sort_by_key(|reported| reported.line);
    BratFile {
        annotations,
        relations: kept,
        taken,
        reported,
    }
}

/// Takes back the count of a line that could not be attached after all (it is reported).
fn uncount(taken: &mut HashMap<&'static str, usize>, kind: &str) {
    if let Some(count) = taken.get_mut(kind) {
        *count = count.saturating_sub(1);
    }
}

fn append_line(note: &mut String, line: &str) {
    if !note.is_empty() {
        note.push('\n');
    }
    note.push_str(line);
}

/// An `R` line.
fn relation(fields: &[&str]) -> Result<ForeignRelation, String> {
    let [_, arguments, ..] = fields else {
        return Err("an R line needs an id and its arguments".into());
    };
    let mut parts = arguments.split_whitespace();
    let kind = parts.next().unwrap_or_default();
    let argument = |part: Option<&str>| -> Result<String, String> {
        part.and_then(|part| part.split_once(':'))
            .map(|(_, reference)| reference.to_owned())
            .ok_or_else(|| format!("relation {arguments:?} is not TYPE Arg1:T1 Arg2:T2"))
    };
    let (source, target) = (argument(parts.next())?, argument(parts.next())?);
    Ok(ForeignRelation {
        kind: kind.to_owned(),
        source,
        target,
        note: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    /// The char offsets of `needle` in `text` as stored (BOM and CRs counted, as brat does).
    fn char_span(text: &str, needle: &str) -> (usize, usize) {
        let byte = text.find(needle).expect("in the text");
        let start = text[..byte].chars().count();
        (start, start + needle.chars().count())
    }

    #[test]
    fn reads_types_fragments_and_notes() {
        let ann = "T1\tClaim 0 4\tLine\nT2\tPremise 9 13;14 18\there line\n#1\tAnnotatorNotes T2\tfirst\\nsecond \\\\ end\nR1\tsupports Arg1:T2 Arg2:T1\n";
        let parsed = parse(ann, Some("Line one here\nline two there"));
        assert!(
            parsed.reported.is_empty(),
            "fragments split by a line break are one passage: {:?}",
            parsed.reported
        );
        assert_eq!(
            parsed.relations,
            vec![ForeignRelation {
                kind: "supports".into(),
                source: "T2".into(),
                target: "T1".into(),
                note: String::new()
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
    fn a_discontinuous_span_becomes_one_annotation_per_fragment_continuing_the_one_before() {
        let text = "Les hépatites A, B et C sont fréquentes.";
        let at = |needle: &str| char_span(text, needle).0;
        let (h, b) = (at("hépatites"), at("B et"));
        let ann = format!(
            "T4\tDisorder {h} {} ;{b} {}\thépatites B\n#1\tAnnotatorNotes T4\tthe B kind\n",
            h + 9,
            b + 1
        )
        .replace(" ;", ";");
        let parsed = parse(&ann, Some(text));
        let parts: Vec<(&str, &str)> = parsed
            .annotations
            .iter()
            .map(|annotation| (annotation.key.as_str(), annotation.exact.as_str()))
            .collect();
        assert_eq!(
            parts,
            [("T4", "hépatites"), ("T4#2", "B")],
            "never “hépatites A, B”"
        );
        assert_eq!(parsed.annotations[0].note, "the B kind");
        assert_eq!(
            parsed.relations,
            vec![ForeignRelation {
                kind: "continues".into(),
                source: "T4#2".into(),
                target: "T4".into(),
                note: String::new()
            }]
        );
        assert_eq!(parsed.reported.len(), 1);
        assert_eq!(parsed.reported[0].outcome, FRAGMENTS);
        // Without the .txt the fragments cannot be told apart: said so.
        let blind = parse(&ann, None);
        assert_eq!(blind.annotations.len(), 1);
        assert_eq!(blind.reported[0].outcome, DISCONTINUOUS);
    }

    #[test]
    fn offsets_into_a_windows_txt_are_mapped_to_the_canonical_text() {
        // As Notepad saves it: a byte-order mark and CR LF. brat counts both.
        let raw =
            "\u{feff}Sanctions memo\r\n\r\nThe IRGC controls the ports.\r\nLift the sanctions.\r\n";
        let find = |needle: &str| char_span(raw, needle);
        let (irgc_start, irgc_end) = find("The IRGC controls the ports.");
        let (lift_start, lift_end) = find("Lift the sanctions.");
        let ann = format!(
            "\u{feff}T1\tEvidence {irgc_start} {irgc_end}\tThe IRGC controls the ports.\r\nT2\tRecommendation {lift_start} {lift_end}\tLift the sanctions.\r\n"
        );
        let parsed = parse(&ann, Some(raw));
        assert!(parsed.reported.is_empty(), "{:?}", parsed.reported);
        let document = crate::model::Document::from_raw_text(raw);
        for (annotation, text) in parsed
            .annotations
            .iter()
            .zip(["The IRGC controls the ports.", "Lift the sanctions."])
        {
            let span = annotation.span.expect("placed by its offsets");
            assert_eq!(document.slice(span.range()), text);
            assert_eq!(annotation.exact, text);
        }
        assert!(
            parsed.annotations[1]
                .prefix
                .ends_with("controls the ports.\n")
        );
    }

    #[test]
    fn a_span_whose_text_disagrees_is_placed_by_its_quote_and_reported() {
        let parsed = parse(
            "T1\tClaim 0 4\tLine\nT2\tClaim 5 8\ttwo\nT3\tClaim 90 95\tthere\n",
            Some("Line one here\nline two there"),
        );
        assert_eq!(parsed.annotations[0].span, Some(Span::new(0, 4)));
        for (annotation, exact) in parsed.annotations[1..].iter().zip(["two", "there"]) {
            assert_eq!(annotation.span, None, "placed by the quote alone");
            assert_eq!(annotation.exact, exact);
        }
        let lines: Vec<(usize, &str)> = parsed
            .reported
            .iter()
            .map(|line| (line.line, line.outcome))
            .collect();
        assert_eq!(lines, [(2, PLACED_BY_QUOTE), (3, PLACED_BY_QUOTE)]);
        assert!(parsed.reported[0].detail.contains("“one”"));
    }

    #[test]
    fn every_line_is_taken_or_reported() {
        let ann = "T1\tClaim 0 4\tLine\n\
                   T2\tPremise 5 8\tone\n\
                   E1\tDecide:T1 Theme:T2\n\
                   #1\tAnnotatorNotes T1\ta note\n\
                   #2\tLemma T2\tun\n\
                   #3\tAnnotatorNotes E1\ton the event\n\
                   #4\tAnnotatorNotes R1\ton the relation\n\
                   N1\tReference T2 Wikidata:Q199\tone\n\
                   A1\tNegated T1\n\
                   A2\tCertain E1 High\n\
                   R1\tsupports Arg1:T2 Arg2:T1\n\
                   R2\tsupports Arg1:E1 Arg2:T1\n\
                   A3\tDoubted R2\n\
                   A4\tConfidence R1 Low\n\
                   *\tEquiv T1 T2\n\
                   T3\tClaim x y\tbad\n\
                   Q1\twhat\n\
                   \n";
        let parsed = parse(ann, Some("Line one here"));
        let lines = ann.lines().filter(|line| !line.trim().is_empty()).count();
        let taken: usize = parsed.taken.iter().map(|(_, count)| count).sum();
        assert_eq!(
            taken + parsed.reported.len(),
            lines,
            "{:?}",
            parsed.reported
        );
        assert_eq!(parsed.annotations[0].note, "a note\nNegated");
        assert_eq!(
            parsed.annotations[1].note,
            "Lemma: un\nReference: Wikidata:Q199 (one)"
        );
        let outcome = |line: usize| {
            parsed
                .reported
                .iter()
                .find(|reported| reported.line == line)
                .map(|reported| reported.outcome)
        };
        assert_eq!(outcome(3), Some(EVENT_SKIPPED));
        assert_eq!(outcome(6), Some(NOTE_OF_MISSING));
        // A note and an attribute on a relation are the relation's note.
        assert_eq!(outcome(7), None);
        assert_eq!(outcome(14), None);
        assert_eq!(outcome(10), Some(NOTE_OF_MISSING));
        assert_eq!(outcome(12), Some(RELATION_OF_MISSING));
        // On a relation that could not be placed: reported with it.
        assert_eq!(outcome(13), Some(NOTE_OF_MISSING));
        assert_eq!(outcome(15), Some(EQUIVALENCE_SKIPPED));
        assert_eq!(outcome(16), Some(UNREADABLE));
        assert_eq!(outcome(17), Some(UNKNOWN_KIND));
        assert_eq!(parsed.relations.len(), 1);
        assert_eq!(parsed.relations[0].note, "on the relation\nConfidence: Low");
    }
}
