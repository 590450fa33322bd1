//! Reading W3C Web Annotation JSON: one annotation, an array, an `AnnotationCollection` with an
//! embedded first page, an `AnnotationPage`, or Hypothesis's export (`{"rows": [...]}` or an
//! array, with `tags`, `text` and `target[].selector`). The tag is the body of purpose
//! `classifying` or `tagging` (Hypothesis: the first of `tags`); the note is the body of purpose
//! `commenting` (Hypothesis: `text`); the place comes from the `TextQuoteSelector` and the
//! `TextPositionSelector`, also where they refine another selector (`refinedBy`, e.g. a quote
//! inside a `FragmentSelector`). The Hypothesis client's own export (`{"export_date",
//! "export_userid", "client_version", "annotations": [...]}`) is read like the API's rows.
//!
//! An annotation with no text to anchor to (a page note, a reply, an image target) does not
//! refuse the file: it is skipped and reported with its reason, and the rest imported.

use super::{ForeignAnnotation, ForeignRelation, ImportError, ReportedLine};
use crate::model::Span;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// The type given to annotations that carry no tag (map it with `--tag-map untagged=…`).
pub(crate) const UNTAGGED: &str = "untagged";

/// What a W3C file held: its annotations, its links between them, and the annotations not
/// imported (their place in the file as the line).
#[derive(Debug)]
pub struct W3cFile {
    pub annotations: Vec<ForeignAnnotation>,
    pub relations: Vec<ForeignRelation>,
    pub reported: Vec<ReportedLine>,
}

/// What happened to an annotation without a text selector.
pub const NO_TEXT_TARGET: &str =
    "not imported: no text to anchor to (a page note, a reply or a target that is not text)";

/// Reads the annotations, and the linking annotations between them as relations.
pub fn parse(file: &str, json: &str) -> Result<W3cFile, ImportError> {
    let value: Value = serde_json::from_str(json).map_err(|error| ImportError::Line {
        file: file.to_owned(),
        line: error.line(),
        message: format!("not JSON: {error}"),
    })?;
    let mut objects = Vec::new();
    collect_annotations(&value, &mut objects).map_err(|message| ImportError::File {
        file: file.to_owned(),
        message,
    })?;
    let mut annotations = Vec::new();
    let mut relations = Vec::new();
    let mut reported = Vec::new();
    for (index, object) in objects.into_iter().enumerate() {
        if let Some(relation) = read_link(object) {
            relations.push(relation);
            continue;
        }
        let key = text_of(object, "id").unwrap_or_else(|| format!("#{index}"));
        match read_annotation(object) {
            Ok(fragments) => {
                let start = annotations.len();
                for (number, mut fragment) in fragments.into_iter().enumerate() {
                    fragment.key = if number == 0 {
                        key.clone()
                    } else {
                        format!("{key}#{}", number + 1)
                    };
                    annotations.push(fragment);
                }
                let keys: Vec<String> = annotations[start..]
                    .iter()
                    .map(|fragment| fragment.key.clone())
                    .collect();
                relations.extend(super::fragment_links(&keys));
            }
            Err(why) => reported.push(ReportedLine {
                line: index + 1,
                outcome: NO_TEXT_TARGET,
                detail: format!("annotation {} ({key}): {why}", index + 1),
            }),
        }
    }
    Ok(W3cFile {
        annotations,
        relations,
        reported,
    })
}

/// A linking annotation (motivation `linking`, two targets given by IRI) as a relation from
/// its first target to its second, of the kind its tagging body names.
fn read_link(annotation: &Value) -> Option<ForeignRelation> {
    let motivations: Vec<&str> = as_list(annotation.get("motivation"))
        .into_iter()
        .filter_map(Value::as_str)
        .collect();
    if !motivations.contains(&"linking") {
        return None;
    }
    let targets: Vec<String> = as_list(annotation.get("target"))
        .into_iter()
        .filter_map(|target| match target {
            Value::String(iri) => Some(iri.clone()),
            _ => text_of(target, "id").or_else(|| text_of(target, "source")),
        })
        .collect();
    // Not two targets: kept as a relation with a missing end, so that the import reports it.
    let (source, target) = match targets.as_slice() {
        [source, target] => (source.clone(), target.clone()),
        _ => (String::new(), targets.join(" + ")),
    };
    // The kind is the tagging body (or the first without a purpose); comments are the note.
    let bodies = as_list(annotation.get("body"));
    let purpose = |body: &Value| text_of(body, "purpose").unwrap_or_default();
    let value = |body: &Value| match body {
        Value::String(text) => Some(text.clone()),
        _ => text_of(body, "value"),
    };
    let kind = bodies
        .iter()
        .filter(|body| purpose(body) != "commenting")
        .find_map(|body| value(body))
        .unwrap_or_else(|| "related".to_owned());
    let note: Vec<String> = bodies
        .iter()
        .filter(|body| purpose(body) == "commenting")
        .filter_map(|body| value(body))
        .collect();
    Some(ForeignRelation {
        kind,
        source,
        target,
        note: note.join("\n"),
    })
}

fn has_type(value: &Value, wanted: &str) -> bool {
    match value.get("type") {
        Some(Value::String(kind)) => kind == wanted,
        Some(Value::Array(kinds)) => kinds.iter().any(|kind| kind == wanted),
        _ => false,
    }
}

fn collect_annotations<'a>(value: &'a Value, into: &mut Vec<&'a Value>) -> Result<(), String> {
    match value {
        Value::Array(items) => {
            for item in items {
                collect_annotations(item, into)?;
            }
        }
        Value::Object(object) => {
            if has_type(value, "AnnotationCollection") {
                match object.get("first") {
                    Some(first @ Value::Object(_)) => collect_annotations(first, into)?,
                    Some(Value::String(page)) => {
                        return Err(format!(
                            "the collection's first page is not embedded (only its address {page} is given)"
                        ));
                    }
                    _ => {}
                }
                if let Some(items) = object.get("items") {
                    collect_annotations(items, into)?;
                }
            } else if has_type(value, "AnnotationPage") {
                if let Some(items) = object.get("items") {
                    collect_annotations(items, into)?;
                }
            } else if let Some(rows) = object.get("rows") {
                collect_annotations(rows, into)?;
            } else if let Some(annotations @ Value::Array(_)) = object.get("annotations") {
                // The Hypothesis client's export.
                collect_annotations(annotations, into)?;
            } else if object.contains_key("target") {
                into.push(value);
            } else {
                return Err("this JSON is neither an annotation, a list, a collection nor a page of annotations".into());
            }
        }
        _ => return Err("expected annotations as JSON objects".into()),
    }
    Ok(())
}

fn as_list(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

fn text_of(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn time_of(value: &Value, key: &str) -> Option<DateTime<Utc>> {
    value
        .get(key)
        .and_then(Value::as_str)
        .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
        .map(|time| time.with_timezone(&Utc))
}

/// An annotation's fragments: one, or one per text target of a discontinuous span (in text
/// order), each with the annotation's tag, note and times.
fn read_annotation(annotation: &Value) -> Result<Vec<ForeignAnnotation>, String> {
    let mut foreign = ForeignAnnotation {
        created: time_of(annotation, "created"),
        modified: time_of(annotation, "modified").or_else(|| time_of(annotation, "updated")),
        ..ForeignAnnotation::default()
    };
    let mut notes = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    for body in as_list(annotation.get("body")) {
        let value = match body {
            Value::String(text) => Some(text.clone()),
            _ => text_of(body, "value"),
        };
        let Some(value) = value else { continue };
        let purposes: Vec<&str> = as_list(body.get("purpose"))
            .into_iter()
            .filter_map(Value::as_str)
            .collect();
        if purposes
            .iter()
            .any(|purpose| matches!(*purpose, "classifying" | "tagging"))
        {
            tags.push(value);
        } else {
            notes.push(value);
        }
    }
    // Hypothesis.
    tags.extend(
        as_list(annotation.get("tags"))
            .into_iter()
            .filter_map(Value::as_str)
            .map(str::to_owned),
    );
    if let Some(text) = text_of(annotation, "text").filter(|text| !text.is_empty()) {
        notes.push(text);
    }
    let mut tags = tags.into_iter().filter(|tag| !tag.trim().is_empty());
    foreign.kind = tags.next().unwrap_or_else(|| UNTAGGED.to_owned());
    // The first tag is the annotation's; the others are kept in its note, never dropped.
    let others: Vec<String> = tags.filter(|tag| *tag != foreign.kind).collect();
    if !others.is_empty() {
        notes.push(format!("Other tags: {}", others.join(", ")));
    }
    foreign.note = notes.join("\n\n");

    // One fragment per target with text selectors: several make a discontinuous span.
    let mut fragments: Vec<ForeignAnnotation> = as_list(annotation.get("target"))
        .into_iter()
        .filter_map(|target| {
            let mut fragment = foreign.clone();
            read_selectors(target, &mut fragment);
            (!fragment.exact.is_empty() || fragment.span.is_some()).then_some(fragment)
        })
        .collect();
    if fragments.is_empty() {
        let what = if annotation.get("references").is_some() {
            "a reply"
        } else if as_list(annotation.get("target")).is_empty() {
            "no target"
        } else if selectors_empty(annotation) {
            "a note on the whole page"
        } else {
            "its selectors hold no text quote or position"
        };
        return Err(format!(
            "{what}: neither a TextQuoteSelector nor a TextPositionSelector"
        ));
    }
    fragments.sort_by_key(|fragment| fragment.span.map(|span| span.start));
    Ok(fragments)
}

/// The quote and position one target's selectors give, refinements included.
fn read_selectors(target: &Value, foreign: &mut ForeignAnnotation) {
    let mut selectors: Vec<&Value> = as_list(target.get("selector"));
    // A selector refined by another (a quote inside a fragment): both are read.
    let mut at = 0;
    while at < selectors.len() {
        let refined = as_list(selectors[at].get("refinedBy"));
        selectors.extend(refined);
        at += 1;
    }
    let (mut start, mut end) = (None, None);
    for selector in selectors {
        if has_type(selector, "TextQuoteSelector") {
            foreign.exact = text_of(selector, "exact").unwrap_or_default();
            foreign.prefix = text_of(selector, "prefix").unwrap_or_default();
            foreign.suffix = text_of(selector, "suffix").unwrap_or_default();
        } else if has_type(selector, "TextPositionSelector") {
            start = selector.get("start").and_then(Value::as_u64);
            end = selector.get("end").and_then(Value::as_u64);
        }
    }
    if let (Some(start), Some(end)) = (start, end)
        && start <= end
    {
        foreign.span = Some(Span::new(start as usize, end as usize));
    }
}

/// Whether no target of the annotation has a selector.
fn selectors_empty(annotation: &Value) -> bool {
    as_list(annotation.get("target"))
        .into_iter()
        .all(|target| as_list(target.get("selector")).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_single_annotation_a_collection_and_hypothesis_rows() {
        let single = r#"{"@context":"http://www.w3.org/ns/anno.jsonld","id":"x","type":"Annotation",
            "body":[{"type":"TextualBody","purpose":"tagging","value":"Claim"},{"type":"TextualBody","purpose":"commenting","value":"why"}],
            "target":{"source":"s","selector":[{"type":"TextQuoteSelector","exact":"odds","prefix":"The ","suffix":" fall"},{"type":"TextPositionSelector","start":4,"end":8}]}}"#;
        let parsed = parse("a.json", single).expect("single").annotations;
        assert_eq!(parsed[0].key, "x");
        assert_eq!(parsed[0].kind, "Claim");
        assert_eq!(parsed[0].note, "why");
        assert_eq!(parsed[0].span, Some(Span::new(4, 8)));
        assert_eq!(parsed[0].prefix, "The ");

        let collection = format!(
            r#"{{"type":"AnnotationCollection","first":{{"type":"AnnotationPage","items":[{single},{single}]}}}}"#
        );
        assert_eq!(
            parse("c.json", &collection)
                .expect("collection")
                .annotations
                .len(),
            2
        );

        let hypothesis = r#"{"total":1,"rows":[{"id":"h1","text":"a note","tags":["evidence"],"updated":"2019-05-02T10:00:00.000000+00:00",
            "target":[{"source":"https://example.org","selector":[{"type":"RangeSelector"},{"type":"TextQuoteSelector","exact":"Salami","prefix":"","suffix":""}]}]}]}"#;
        let parsed = parse("h.json", hypothesis).expect("hypothesis").annotations;
        assert_eq!(parsed[0].kind, "evidence");
        assert_eq!(parsed[0].note, "a note");
        let several = hypothesis.replace(
            r#""tags":["evidence"]"#,
            r#""tags":["evidence","irgc","ports"]"#,
        );
        let parsed = parse("h.json", &several).expect("hypothesis").annotations;
        assert_eq!(parsed[0].kind, "evidence");
        assert_eq!(
            parsed[0].note, "a note\n\nOther tags: irgc, ports",
            "kept, not dropped"
        );
        assert!(parsed[0].modified.is_some());
    }

    #[test]
    fn linking_annotations_become_relations() {
        let json = r#"[{"id":"urn:uuid:a","type":"Annotation","body":"claim","target":{"source":"s","selector":{"type":"TextQuoteSelector","exact":"x"}}},
            {"type":"Annotation","motivation":"linking","body":{"type":"TextualBody","purpose":"tagging","value":"supports"},"target":["urn:uuid:b","urn:uuid:a"]}]"#;
        let W3cFile {
            annotations,
            relations,
            ..
        } = parse("l.json", json).expect("parses");
        assert_eq!(annotations.len(), 1);
        assert_eq!(
            relations,
            vec![ForeignRelation {
                kind: "supports".into(),
                source: "urn:uuid:b".into(),
                target: "urn:uuid:a".into(),
                note: String::new()
            }]
        );
    }

    #[test]
    fn bad_json_names_the_file_and_what_is_wrong() {
        let message = parse("bad.json", "{\"type\": ")
            .expect_err("error")
            .to_string();
        assert!(message.starts_with("bad.json: line 1"), "{message}");
        let message = parse(
            "page.json",
            r#"{"type":"AnnotationCollection","first":"http://x/page1"}"#,
        )
        .expect_err("error")
        .to_string();
        assert!(message.contains("not embedded"), "{message}");
    }

    #[test]
    fn page_notes_and_replies_are_reported_and_the_rest_imported() {
        // The Hypothesis client's export, with a page note, a reply and a quote refining a
        // fragment.
        let json = r#"{"export_date":"2026-11-30T10:00:00Z","export_userid":"acct:ann@hypothes.is","client_version":"1.1500.0",
            "annotations":[
              {"id":"a1","text":"page note","tags":[],"target":[{"source":"https://x.org"}]},
              {"id":"a2","text":"I agree","references":["a1"],"target":[{"source":"https://x.org"}]},
              {"id":"a3","text":"","tags":["claim"],"target":[{"source":"https://x.org","selector":[{"type":"FragmentSelector","value":"p3","refinedBy":{"type":"TextQuoteSelector","exact":"the odds","prefix":"","suffix":""}}]}]}
            ]}"#;
        let parsed = parse("export.json", json).expect("read");
        assert_eq!(parsed.annotations.len(), 1);
        assert_eq!(parsed.annotations[0].exact, "the odds");
        assert_eq!(parsed.annotations[0].kind, "claim");
        let reported: Vec<(usize, &str)> = parsed
            .reported
            .iter()
            .map(|line| (line.line, line.outcome))
            .collect();
        assert_eq!(reported, [(1, NO_TEXT_TARGET), (2, NO_TEXT_TARGET)]);
        assert!(
            parsed.reported[0]
                .detail
                .contains("a note on the whole page")
        );
        assert!(parsed.reported[1].detail.contains("a reply"));
    }
}
