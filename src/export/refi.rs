//! REFI-QDA, the exchange standard of MAXQDA, NVivo, ATLAS.ti and QualCoder (QDA-XML 1.0,
//! namespace `urn:QDA-XML:project:1.0`):
//!
//! - `.qdpx`: a ZIP with `project.qde` and each article's text as `sources/<guid>.txt`. Every
//!   analyst is a `User`; the tag set is the `CodeBook` (names, colours, descriptions); each
//!   article a `TextSource`; each placed annotation a `PlainTextSelection` in code points with
//!   its `Coding` and its note as the selection's `Description`; relations are `Link`s from one
//!   selection to the other, named by kind.
//! - `.qdc`: the codebook alone (`urn:QDA-XML:codebook:1.0`).
//!
//! What the standard cannot hold is named in the project's `Description`, as the standard asks
//! of exporters: orphaned annotations (no place in the text), the analysts' bottom lines and
//! relation kinds' definitions. GUIDs are the annotations' own ids; the others are derived from
//! what they stand for, so that exporting the same reading twice gives the same file.

use super::{ExportInput, Progress};
use crate::model::{Annotation, TagSet};
use std::collections::BTreeMap;
use std::io::Write;

/// Text for XML, in an attribute or an element.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // Characters XML 1.0 cannot hold are left out.
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// A stable GUID for what `seed` names (`code:claim`, `user:analyst-a`, …).
fn guid(seed: &str) -> String {
    let hash = xxhash_rust::xxh3::xxh3_128(seed.as_bytes());
    let hex = format!("{hash:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn code_guid(tag: &str) -> String {
    guid(&format!("closeread:code:{tag}"))
}

fn user_guid(analyst: &str) -> String {
    guid(&format!("closeread:user:{analyst}"))
}

/// The `<Codes>` of a tag set (also those of tags used but not in it).
fn codes_xml(tag_set: &TagSet, extra: &[String], indent: &str) -> String {
    let mut out = format!("{indent}<Codes>\n");
    for tag in &tag_set.tags {
        let [r, g, b] = tag.colour.0;
        out.push_str(&format!(
            "{indent}  <Code guid=\"{}\" name=\"{}\" isCodable=\"true\" color=\"#{r:02X}{g:02X}{b:02X}\">",
            code_guid(tag.id.as_str()),
            xml(&tag.label)
        ));
        if tag.description.trim().is_empty() {
            out.push_str("</Code>\n");
        } else {
            out.push_str(&format!(
                "\n{indent}    <Description>{}</Description>\n{indent}  </Code>\n",
                xml(&tag.description)
            ));
        }
    }
    for tag in extra {
        out.push_str(&format!(
            "{indent}  <Code guid=\"{}\" name=\"{}\" isCodable=\"true\"/>\n",
            code_guid(tag),
            xml(tag)
        ));
    }
    out.push_str(&format!("{indent}</Codes>\n"));
    out
}

/// The codebook alone (`.qdc`).
pub fn write_codebook(input: &ExportInput<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    let tag_set = input.tag_set();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>")?;
    writeln!(
        out,
        "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"Closeread\">"
    )?;
    out.write_all(codes_xml(&tag_set, &unknown_tags(&[input], &tag_set), "  ").as_bytes())?;
    writeln!(out, "</CodeBook>")
}

/// Tags used by the annotations that the tag set does not define.
fn unknown_tags(inputs: &[&ExportInput<'_>], tag_set: &TagSet) -> Vec<String> {
    let mut unknown: Vec<String> = inputs
        .iter()
        .flat_map(|input| input.annotations())
        .map(|(annotation, _)| annotation.tag.to_string())
        .filter(|tag| {
            tag_set
                .get(&crate::model::TagId::new(tag.clone()))
                .is_none()
        })
        .collect();
    unknown.sort();
    unknown.dedup();
    unknown
}

/// `project.qde` for the articles of `inputs`, with the GUID of each article's text source.
fn project_xml(name: &str, inputs: &[&ExportInput<'_>], sources: &[String]) -> String {
    let tag_set = inputs
        .first()
        .map(|input| input.tag_set())
        .unwrap_or_default();
    let mut users: BTreeMap<String, String> = BTreeMap::new();
    for input in inputs {
        for layer in input.layers {
            users.insert(
                layer.analyst.clone(),
                input.analyst_name(&layer.analyst).to_owned(),
            );
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"{}\" origin=\"Closeread\">\n",
        xml(name)
    ));
    if !users.is_empty() {
        out.push_str("  <Users>\n");
        for (analyst, display) in &users {
            out.push_str(&format!(
                "    <User guid=\"{}\" name=\"{}\" id=\"{}\"/>\n",
                user_guid(analyst),
                xml(display),
                xml(analyst)
            ));
        }
        out.push_str("  </Users>\n");
    }
    out.push_str("  <CodeBook>\n");
    out.push_str(&codes_xml(
        &tag_set,
        &unknown_tags(inputs, &tag_set),
        "    ",
    ));
    out.push_str("  </CodeBook>\n");
    let mut links = Vec::new();
    let mut notes = Vec::new();
    let mut orphans = 0;
    let mut bottom_lines = 0;
    out.push_str("  <Sources>\n");
    for (input, source) in inputs.iter().zip(sources) {
        out.push_str(&format!(
            "    <TextSource guid=\"{source}\" name=\"{}\" plainTextPath=\"internal://{source}.txt\">\n",
            xml(input.article_name)
        ));
        let annotations = input.annotations();
        let exported: std::collections::HashSet<_> = annotations
            .iter()
            .filter(|(annotation, _)| annotation.is_placed())
            .map(|(annotation, _)| annotation.id)
            .collect();
        for (annotation, _) in &annotations {
            if !annotation.is_placed() {
                orphans += 1;
                continue;
            }
            out.push_str(&selection_xml(annotation));
        }
        out.push_str("    </TextSource>\n");
        for layer in input.layers {
            if !layer.reading_note().trim().is_empty() {
                bottom_lines += 1;
            }
            for relation in layer.relations() {
                if exported.contains(&relation.source) && exported.contains(&relation.target) {
                    let link_key = format!(
                        "closeread:link:{}:{}:{}",
                        relation.source, relation.kind, relation.target
                    );
                    let opening = format!(
                        "    <Link guid=\"{}\" name=\"{}\" direction=\"OneWay\" originGUID=\"{}\" targetGUID=\"{}\"",
                        guid(&link_key),
                        xml(relation.kind.as_str()),
                        relation.source,
                        relation.target
                    );
                    if relation.note.trim().is_empty() {
                        links.push(format!("{opening}/>\n"));
                    } else {
                        // The link's note is a project note the link refers to.
                        let note_guid = guid(&format!("{link_key}:note"));
                        notes.push(format!(
                            "    <Note guid=\"{note_guid}\" name=\"{}\">\n      <PlainTextContent>{}</PlainTextContent>\n    </Note>\n",
                            xml(&format!("Note on the “{}” link", relation.kind)),
                            xml(&relation.note)
                        ));
                        links.push(format!(
                            "{opening}>\n      <NoteRef targetGUID=\"{note_guid}\"/>\n    </Link>\n"
                        ));
                    }
                }
            }
        }
    }
    out.push_str("  </Sources>\n");
    if !notes.is_empty() {
        out.push_str("  <Notes>\n");
        for note in notes {
            out.push_str(&note);
        }
        out.push_str("  </Notes>\n");
    }
    if !links.is_empty() {
        out.push_str("  <Links>\n");
        for link in links {
            out.push_str(&link);
        }
        out.push_str("  </Links>\n");
    }
    let mut missing = vec![
        "which tags each relation kind may link (the links keep only their kind's name)".to_owned(),
    ];
    if orphans > 0 {
        missing.push(format!(
            "{orphans} orphaned annotation(s), which have no place in the text"
        ));
    }
    if bottom_lines > 0 {
        missing.push(format!(
            "{bottom_lines} analyst's bottom line(s) (reading notes)"
        ));
    }
    out.push_str(&format!(
        "  <Description>{}</Description>\n",
        xml(&format!(
            "Exported by Closeread. Not represented: {}.",
            missing.join("; ")
        ))
    ));
    out.push_str("</Project>\n");
    out
}

/// One annotation as a coded selection.
fn selection_xml(annotation: &Annotation) -> String {
    let user = user_guid(&annotation.analyst);
    let created = annotation
        .created
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let modified = annotation
        .modified
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut out = format!(
        "      <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{created}\" modifyingUser=\"{user}\" modifiedDateTime=\"{modified}\">\n",
        annotation.id,
        xml(&crate::model::one_line_excerpt(&annotation.quote.exact, 60)),
        annotation.span.start,
        annotation.span.end,
    );
    if !annotation.note.trim().is_empty() {
        out.push_str(&format!(
            "        <Description>{}</Description>\n",
            xml(&annotation.note)
        ));
    }
    out.push_str(&format!(
        "        <Coding guid=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{created}\">\n          <CodeRef targetGUID=\"{}\"/>\n        </Coding>\n",
        guid(&format!("closeread:coding:{}", annotation.id)),
        code_guid(annotation.tag.as_str())
    ));
    out.push_str("      </PlainTextSelection>\n");
    out
}

/// A `.qdpx` of the articles of `inputs`, named `name`.
pub fn write_project(
    name: &str,
    inputs: &[&ExportInput<'_>],
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    let sources: Vec<String> = inputs
        .iter()
        .map(|input| guid(&format!("closeread:source:{}", input.document.sha256_hex())))
        .collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("project.qde", options)
        .map_err(std::io::Error::other)?;
    zip.write_all(project_xml(name, inputs, &sources).as_bytes())?;
    for (index, (input, source)) in inputs.iter().zip(&sources).enumerate() {
        zip.start_file(format!("sources/{source}.txt"), options)
            .map_err(std::io::Error::other)?;
        zip.write_all(input.document.text().as_bytes())?;
        progress(index + 1, inputs.len());
    }
    let bytes = zip.finish().map_err(std::io::Error::other)?.into_inner();
    out.write_all(&bytes)
}

/// A `.qdpx` of one article.
pub fn write(
    input: &ExportInput<'_>,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    write_project(input.article_name, &[input], out, progress)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::render;

    #[test]
    fn guids_are_stable_and_of_the_standard_s_shape() {
        let one = guid("closeread:code:claim");
        assert_eq!(one, guid("closeread:code:claim"));
        assert_ne!(one, guid("closeread:code:evidence"));
        let parts: Vec<usize> = one.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert!(one.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn a_project_holds_the_users_codebook_source_codings_and_links() {
        let (document, layer, bytes) =
            render("a.txt", |input, out| write(input, out, &mut |_, _| {}));
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
        let mut qde = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("project.qde").expect("project.qde"),
            &mut qde,
        )
        .expect("read");
        // The children of Project in the order the schema's sequence asks.
        let order: Vec<usize> = [
            "<Users>",
            "<CodeBook>",
            "<Sources>",
            "<Links>",
            "\n  <Description>Exported by Closeread. Not represented:",
        ]
        .iter()
        .map(|element| qde.find(element).expect(element))
        .collect();
        assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{qde}");
        assert!(qde.contains("xmlns=\"urn:QDA-XML:project:1.0\""));
        let placed: Vec<&Annotation> = layer
            .annotations()
            .iter()
            .filter(|annotation| annotation.is_placed())
            .collect();
        for annotation in &placed {
            assert!(
                qde.contains(&format!(
                    "guid=\"{}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\"",
                    annotation.id,
                    xml(&crate::model::one_line_excerpt(&annotation.quote.exact, 60)),
                    annotation.span.start,
                    annotation.span.end
                )),
                "{qde}"
            );
        }
        assert_eq!(
            qde.matches("<Link ").count(),
            layer.relations().len(),
            "{qde}"
        );
        let source_name = archive
            .file_names()
            .find(|name| name.starts_with("sources/"))
            .map(str::to_owned)
            .expect("the text");
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name(&source_name).expect("source"),
            &mut text,
        )
        .expect("read");
        assert_eq!(text, document.text());
    }
}
