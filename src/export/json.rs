//! JSON for scripts: document metadata and information, the tag set, every annotation with
//! its location (written annotation by annotation), then the relations between exported
//! annotations as `{"source", "kind", "target"}` by annotation id, with `"note"` when the
//! relation has one.

use super::{ExportInput, Progress};
use std::io::Write;

pub fn write(
    input: &ExportInput<'_>,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    let header = serde_json::json!({
        "format": "closeread-export",
        "version": 1,
        "article": {
            "file": input.article_name,
            "sha256": input.document.sha256_hex(),
            "chars": input.document.char_count(),
            "offsets": "Unicode code points (chars) into the canonical text, end exclusive",
        },
        "document": input.info,
        "analysts": input.analysts(),
        "analyst_names": input.analyst_names(),
        "tag_set": input.tag_set(),
    });
    let header = serde_json::to_string_pretty(&header)?;
    // The header object, left open for the annotations array.
    let open = header.strip_suffix("\n}").unwrap_or(&header);
    write!(out, "{open},\n  \"annotations\": [")?;
    let annotations = input.annotations();
    let total = annotations.len();
    let exported: std::collections::HashSet<_> = annotations
        .iter()
        .map(|(annotation, _)| annotation.id)
        .collect();
    for (index, (annotation, tag_set)) in annotations.into_iter().enumerate() {
        let excerpt = input.excerpt(annotation, tag_set);
        let placed = annotation.is_placed();
        let row = serde_json::json!({
            "id": annotation.id,
            "analyst": annotation.analyst,
            "tag": annotation.tag,
            "tag_label": excerpt.tag_label,
            "status": annotation.status.as_str(),
            "start": placed.then_some(annotation.span.start),
            "end": placed.then_some(annotation.span.end),
            "exact": annotation.quote.exact,
            "prefix": annotation.quote.prefix,
            "suffix": annotation.quote.suffix,
            "note": annotation.note,
            "section": excerpt.section,
            "paragraph": excerpt.paragraph,
            "page": excerpt.page,
            "created": annotation.created,
            "modified": annotation.modified,
        });
        let separator = if index == 0 { "\n    " } else { ",\n    " };
        write!(out, "{separator}{}", serde_json::to_string(&row)?)?;
        progress(index + 1, total);
    }
    write!(out, "\n  ],\n  \"relations\": [")?;
    let mut first = true;
    for layer in input.layers {
        for relation in layer.relations() {
            if !exported.contains(&relation.source) || !exported.contains(&relation.target) {
                continue;
            }
            let separator = if first { "\n    " } else { ",\n    " };
            first = false;
            write!(out, "{separator}{}", serde_json::to_string(relation)?)?;
        }
    }
    writeln!(out, "\n  ]\n}}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::render;

    #[test]
    fn is_valid_json_with_every_annotation() {
        let (document, _, bytes) = render("a.txt", |input, out| write(input, out, &mut |_, _| {}));
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
        let rows = value["annotations"].as_array().expect("array");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1]["exact"], "فارسی text");
        assert_eq!(value["article"]["sha256"], document.sha256_hex());
        assert_eq!(rows[0]["paragraph"], 2);
        let relations = value["relations"].as_array().expect("relations");
        assert_eq!(relations.len(), 2);
        assert_eq!(relations[0]["target"], rows[0]["id"]);
    }
}
