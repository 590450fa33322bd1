//! Reading W3C Web Annotation JSON: one annotation, an array, an `AnnotationCollection` with an
//! embedded first page, an `AnnotationPage`, or Hypothesis's export (`{"rows": [...]}` or an
//! array, with `tags`, `text` and `target[].selector`). The tag is the body of purpose
//! `classifying` or `tagging` (Hypothesis: the first of `tags`); the note is the body of purpose
//! `commenting` (Hypothesis: `text`); the place comes from the `TextQuoteSelector` and the
//! `TextPositionSelector`.

use super::{ForeignAnnotation, ImportError};
use crate::model::Span;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// The type given to annotations that carry no tag (map it with `--tag-map untagged=…`).
pub const UNTAGGED: &str = "untagged";

pub fn parse(file: &str, json: &str) -> Result<Vec<ForeignAnnotation>, ImportError> {
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
    objects
        .into_iter()
        .enumerate()
        .map(|(index, object)| {
            read_annotation(object).map_err(|message| ImportError::File {
                file: file.to_owned(),
                message: format!("annotation {}: {message}", index + 1),
            })
        })
        .collect()
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

fn read_annotation(annotation: &Value) -> Result<ForeignAnnotation, String> {
    let mut foreign = ForeignAnnotation {
        created: time_of(annotation, "created"),
        modified: time_of(annotation, "modified").or_else(|| time_of(annotation, "updated")),
        ..ForeignAnnotation::default()
    };
    let mut notes = Vec::new();
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
            if foreign.kind.is_empty() {
                foreign.kind = value;
            }
        } else {
            notes.push(value);
        }
    }
    // Hypothesis.
    if foreign.kind.is_empty()
        && let Some(tag) = as_list(annotation.get("tags"))
            .into_iter()
            .find_map(Value::as_str)
    {
        foreign.kind = tag.to_owned();
    }
    if let Some(text) = text_of(annotation, "text").filter(|text| !text.is_empty()) {
        notes.push(text);
    }
    if foreign.kind.is_empty() {
        foreign.kind = UNTAGGED.to_owned();
    }
    foreign.note = notes.join("\n\n");

    let selectors: Vec<&Value> = as_list(annotation.get("target"))
        .into_iter()
        .flat_map(|target| as_list(target.get("selector")))
        .collect();
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
    if foreign.exact.is_empty() && foreign.span.is_none() {
        return Err("it has neither a TextQuoteSelector nor a TextPositionSelector".into());
    }
    Ok(foreign)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_single_annotation_a_collection_and_hypothesis_rows() {
        let single = r#"{"@context":"http://www.w3.org/ns/anno.jsonld","id":"x","type":"Annotation",
            "body":[{"type":"TextualBody","purpose":"tagging","value":"Claim"},{"type":"TextualBody","purpose":"commenting","value":"why"}],
            "target":{"source":"s","selector":[{"type":"TextQuoteSelector","exact":"odds","prefix":"The ","suffix":" fall"},{"type":"TextPositionSelector","start":4,"end":8}]}}"#;
        let parsed = parse("a.json", single).expect("single");
        assert_eq!(parsed[0].kind, "Claim");
        assert_eq!(parsed[0].note, "why");
        assert_eq!(parsed[0].span, Some(Span::new(4, 8)));
        assert_eq!(parsed[0].prefix, "The ");

        let collection = format!(
            r#"{{"type":"AnnotationCollection","first":{{"type":"AnnotationPage","items":[{single},{single}]}}}}"#
        );
        assert_eq!(parse("c.json", &collection).expect("collection").len(), 2);

        let hypothesis = r#"{"total":1,"rows":[{"id":"h1","text":"a note","tags":["evidence"],"updated":"2019-05-02T10:00:00.000000+00:00",
            "target":[{"source":"https://example.org","selector":[{"type":"RangeSelector"},{"type":"TextQuoteSelector","exact":"Salami","prefix":"","suffix":""}]}]}]}"#;
        let parsed = parse("h.json", hypothesis).expect("hypothesis");
        assert_eq!(parsed[0].kind, "evidence");
        assert_eq!(parsed[0].note, "a note");
        assert!(parsed[0].modified.is_some());
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
        let message = parse("n.json", r#"[{"target":{"source":"x"}}]"#)
            .expect_err("error")
            .to_string();
        assert!(message.contains("annotation 1"), "{message}");
    }
}
