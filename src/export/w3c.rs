//! W3C Web Annotation (JSON-LD): an `AnnotationCollection` whose first `AnnotationPage` embeds
//! every annotation. Each targets the article by a `TextQuoteSelector` (exact, prefix, suffix)
//! and a `TextPositionSelector` (code points, as the standard counts them, which is what
//! Closeread's char offsets are), with the tag as a body of purpose `classifying`, the note as
//! a body of purpose `commenting`, and creator, created and modified. Each relation between
//! two exported annotations follows as a *linking* annotation: motivation `linking`, the
//! relation kind as a body of purpose `tagging`, and the two annotations (source first) as its
//! targets.

use super::continuations::Continuations;
use super::{ExportInput, Progress};
use crate::model::Annotation;
use crate::model::tags::CONTINUES;
use std::io::Write;

pub(crate) const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The IRI the annotations target: the article, identified by its canonical text's hash.
pub(crate) fn article_iri(sha256_hex: &str) -> String {
    format!("urn:closeread:article:sha256:{sha256_hex}")
}

/// The selectors of one placed or orphaned passage.
fn selectors_json(annotation: &Annotation, document: &crate::model::Document) -> serde_json::Value {
    let quote = if annotation.is_placed() && annotation.span.end <= document.char_count() {
        crate::model::QuoteSelector::at(document, annotation.span)
    } else {
        annotation.quote.clone()
    };
    let mut selectors = vec![serde_json::json!({
        "type": "TextQuoteSelector",
        "exact": quote.exact,
        "prefix": quote.prefix,
        "suffix": quote.suffix,
    })];
    if annotation.is_placed() {
        selectors.push(serde_json::json!({
            "type": "TextPositionSelector",
            "start": annotation.span.start,
            "end": annotation.span.end,
        }));
    }
    serde_json::Value::Array(selectors)
}

/// One annotation as W3C JSON-LD (without `@context`; the collection gives it), with the
/// fragments that continue it (a discontinuous span) as one target each after its own. A placed
/// passage's quote selector carries the text around it in `document` as it is now, not the
/// context it was made or imported with; an orphan keeps the context it was last found in.
pub(crate) fn annotation_json(
    annotation: &Annotation,
    continuations: &[&Annotation],
    document: &crate::model::Document,
    source: &str,
) -> serde_json::Value {
    let mut bodies = vec![serde_json::json!({
        "type": "TextualBody",
        "purpose": "classifying",
        "value": annotation.tag.as_str(),
        "format": "text/plain",
    })];
    if !annotation.note.is_empty() {
        bodies.push(serde_json::json!({
            "type": "TextualBody",
            "purpose": "commenting",
            "value": annotation.note,
            "format": "text/plain",
        }));
    }
    let target = if continuations.is_empty() {
        serde_json::json!({
            "source": source,
            "selector": selectors_json(annotation, document),
        })
    } else {
        serde_json::Value::Array(
            std::iter::once(annotation)
                .chain(continuations.iter().copied())
                .map(|fragment| {
                    serde_json::json!({
                        "source": source,
                        "selector": selectors_json(fragment, document),
                    })
                })
                .collect(),
        )
    };
    serde_json::json!({
        "id": annotation_iri(annotation.id),
        "type": "Annotation",
        "motivation": "classifying",
        "created": annotation.created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "modified": annotation.modified.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "creator": {
            "id": format!("urn:closeread:analyst:{}", annotation.analyst),
            "type": "Person",
            "nickname": annotation.analyst,
        },
        "body": bodies,
        "target": target,
    })
}

/// The IRI of an annotation in these exports.
pub(crate) fn annotation_iri(id: crate::model::AnnotationId) -> String {
    format!("urn:uuid:{id}")
}

/// One relation as a W3C linking annotation.
pub(crate) fn linking_json(relation: &crate::model::Relation, analyst: &str) -> serde_json::Value {
    serde_json::json!({
        "id": format!(
            "urn:closeread:relation:{}:{}:{}",
            relation.source, relation.kind, relation.target
        ),
        "type": "Annotation",
        "motivation": "linking",
        "creator": {
            "id": format!("urn:closeread:analyst:{analyst}"),
            "type": "Person",
            "nickname": analyst,
        },
        "body": relation_bodies(relation),
        "target": [annotation_iri(relation.source), annotation_iri(relation.target)],
    })
}

/// The kind as a tagging body, and the note, if any, as a commenting one.
fn relation_bodies(relation: &crate::model::Relation) -> serde_json::Value {
    let tagging = serde_json::json!({
        "type": "TextualBody",
        "purpose": "tagging",
        "value": relation.kind.as_str(),
        "format": "text/plain",
    });
    if relation.note.trim().is_empty() {
        return tagging;
    }
    serde_json::json!([tagging, {
        "type": "TextualBody",
        "purpose": "commenting",
        "value": relation.note,
        "format": "text/plain",
    }])
}

pub fn write(
    input: &ExportInput<'_>,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    let annotations = input.annotations();
    let exported: std::collections::HashSet<crate::model::AnnotationId> = annotations
        .iter()
        .map(|(annotation, _)| annotation.id)
        .collect();
    // Fragments of a discontinuous span ("continues"): written as targets of the first.
    let continuations = Continuations::of(
        input.layers.iter().flat_map(|layer| layer.relations()),
        |id| exported.contains(id),
    );
    let by_id: std::collections::HashMap<crate::model::AnnotationId, &Annotation> = annotations
        .iter()
        .map(|(annotation, _)| (annotation.id, *annotation))
        .collect();
    let links: Vec<serde_json::Value> = input
        .layers
        .iter()
        .flat_map(|layer| {
            layer
                .relations()
                .iter()
                .filter(|relation| {
                    exported.contains(&relation.source)
                        && exported.contains(&relation.target)
                        && relation.kind.as_str() != CONTINUES
                })
                .map(|relation| linking_json(relation, &layer.analyst))
        })
        .collect();
    let annotations: Vec<_> = annotations
        .into_iter()
        .filter(|(annotation, _)| !continuations.is_continuation(&annotation.id))
        .collect();
    let total = annotations.len() + links.len();
    let source = article_iri(input.document.sha256_hex());
    let collection_id = format!("{source}:annotations:{}", input.analysts().join("+"));
    let page_id = format!("{collection_id}:page:1");
    let open = serde_json::json!({
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": format!("Closeread annotations of {}", input.article_name),
        "total": total,
        "last": page_id,
    });
    let open = serde_json::to_string_pretty(&open)?;
    let open = open.strip_suffix("\n}").unwrap_or(&open);
    write!(
        out,
        "{open},\n  \"first\": {{\n    \"id\": {},\n    \"type\": \"AnnotationPage\",\n    \"startIndex\": 0,\n    \"items\": [",
        serde_json::to_string(&page_id)?
    )?;
    for (index, (annotation, _)) in annotations.into_iter().enumerate() {
        let separator = if index == 0 { "\n      " } else { ",\n      " };
        let fragments: Vec<&Annotation> = continuations
            .chain(annotation.id)
            .iter()
            .filter_map(|id| by_id.get(id).copied())
            .collect();
        write!(
            out,
            "{separator}{}",
            serde_json::to_string(&annotation_json(
                annotation,
                &fragments,
                input.document,
                &source
            ))?
        )?;
        progress(index + 1, total);
    }
    let done = total - links.len();
    for (index, link) in links.iter().enumerate() {
        let separator = if done + index == 0 {
            "\n      "
        } else {
            ",\n      "
        };
        write!(out, "{separator}{}", serde_json::to_string(link)?)?;
        progress(done + index + 1, total);
    }
    writeln!(out, "\n    ]\n  }}\n}}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::render;

    #[test]
    fn a_collection_with_selectors_bodies_and_creators() {
        let (document, _, bytes) = render("a.txt", |input, out| write(input, out, &mut |_, _| {}));
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
        assert_eq!(value["type"], "AnnotationCollection");
        assert_eq!(value["total"], 5, "three annotations, two linking ones");
        let items = value["first"]["items"].as_array().expect("items");
        let second = &items[1];
        let selectors = second["target"]["selector"].as_array().expect("selectors");
        assert_eq!(selectors[0]["exact"], "فارسی text");
        let start = selectors[1]["start"].as_u64().expect("start") as usize;
        let end = selectors[1]["end"].as_u64().expect("end") as usize;
        let by_code_points: String = document
            .text()
            .chars()
            .skip(start)
            .take(end - start)
            .collect();
        assert_eq!(by_code_points, "فارسی text");
        assert_eq!(second["body"][0]["purpose"], "classifying");
        assert_eq!(second["body"][1]["purpose"], "commenting");
        let link = items[3..]
            .iter()
            .find(|item| item["body"]["value"] == "supports")
            .expect("the supports link");
        assert_eq!(link["motivation"], "linking");
        assert_eq!(link["target"][0], items[1]["id"]);
        assert_eq!(link["target"][1], items[0]["id"]);
    }

    #[test]
    fn the_quote_carries_the_text_around_it_now_not_the_context_it_came_with() {
        let document =
            crate::model::Document::from_raw_text("Before the claim. The odds fall. After it.");
        let start = document.text().find("The odds").expect("found");
        let span = crate::model::Span::new(start, start + "The odds fall.".len());
        let mut annotation = Annotation::new(
            &document,
            span,
            crate::model::TagId::new("claim"),
            String::new(),
            "ann",
        );
        // As an import from another tool leaves it: that tool's context.
        annotation.quote.prefix = "context from elsewhere ".to_owned();
        annotation.quote.suffix = " and more of it".to_owned();
        let json = annotation_json(&annotation, &[], &document, "urn:x");
        let quote = &json["target"]["selector"][0];
        assert_eq!(quote["exact"], "The odds fall.");
        assert!(
            quote["prefix"]
                .as_str()
                .expect("prefix")
                .ends_with("Before the claim. ")
        );
        assert!(
            quote["suffix"]
                .as_str()
                .expect("suffix")
                .starts_with(" After it.")
        );
    }
}
