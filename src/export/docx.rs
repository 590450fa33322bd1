//! The Word briefing (DOCX, Office Open XML), as planned by [`super::briefing`], written with
//! the `docx-rs` crate (pure Rust; its image support is left out).
//!
//! Headings use Word's built-in styles (Title, Heading 1, Heading 2, defined here with their
//! outline levels, so Word's navigation pane lists the sections); excerpts are indented Quote
//! paragraphs; notes are italic; labels bold; the article's URL is a hyperlink. A DOCX file is
//! a zip archive, which needs a seekable output: it is built in memory and its bytes written
//! out at the end. Text is cleaned of characters XML cannot hold (control characters), which
//! Word would refuse the whole file for.

use super::briefing::{Briefing, Entry, Item, plan};
use super::{ExportInput, Progress};
use docx_rs::{
    AlignmentType, BreakType, Docx, Hyperlink, HyperlinkType, Paragraph, Run, RunFonts, Style,
    StyleType,
};
use std::io::Write;

/// Twentieths of a point per indentation level of a quoted excerpt.
const INDENT_TWIPS: i32 = 567;

pub fn write(
    input: &ExportInput<'_>,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    let briefing = plan(input);
    let mut docx = add_title_block(styled(Docx::new()), &briefing, 0);
    docx = add_bottom_line(docx, &briefing, 1);
    let total = briefing.excerpt_count;
    let mut done = 0;
    for section in &briefing.sections {
        docx = docx.add_paragraph(heading("Heading1", &section.heading));
        docx = add_items(docx, &section.items, 2, &mut done);
        progress(done, total);
    }
    pack(docx, out)
}

/// The DOCX file's bytes written to `out`.
pub(crate) fn pack(docx: Docx, out: &mut dyn Write) -> std::io::Result<()> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut buffer)
        .map_err(|error| std::io::Error::other(format!("cannot build the DOCX file: {error}")))?;
    out.write_all(&buffer.into_inner())
}

/// Word's style for a heading of `level` (0: the title).
pub(crate) fn heading_style(level: usize) -> &'static str {
    match level {
        0 => "Title",
        1 => "Heading1",
        2 => "Heading2",
        _ => "Heading3",
    }
}

/// The title at heading `level` (0: the document's Title), the line of authors, date,
/// publication and URL, and the reading line.
pub(crate) fn add_title_block(mut docx: Docx, briefing: &Briefing<'_>, level: usize) -> Docx {
    docx = docx.add_paragraph(
        Paragraph::new()
            .style(heading_style(level))
            .add_run(Run::new().add_text(clean(&briefing.title))),
    );
    let mut source = Paragraph::new().style("Subtitle");
    let mut parts = 0;
    let separate = |paragraph: Paragraph, parts: &mut usize| {
        *parts += 1;
        if *parts > 1 {
            paragraph.add_run(Run::new().add_text(" · "))
        } else {
            paragraph
        }
    };
    if !briefing.authors.is_empty() {
        source = separate(source, &mut parts)
            .add_run(Run::new().add_text(clean(&briefing.authors_text())).bold());
    }
    if let Some(date) = &briefing.date {
        source = separate(source, &mut parts).add_run(Run::new().add_text(clean(date)));
    }
    if !briefing.publication.is_empty() {
        source = separate(source, &mut parts)
            .add_run(Run::new().add_text(clean(&briefing.publication)).italic());
    }
    if !briefing.url.is_empty() && !super::html::is_web_link(&briefing.url) {
        source = separate(source, &mut parts).add_run(Run::new().add_text(clean(&briefing.url)));
    } else if !briefing.url.is_empty() {
        // Only web links are made clickable (never `javascript:` or a file).
        let url = clean(&briefing.url);
        source = separate(source, &mut parts).add_hyperlink(
            Hyperlink::new(url.as_str(), HyperlinkType::External).add_run(
                Run::new()
                    .add_text(url.as_str())
                    .color("0563C1")
                    .underline("single"),
            ),
        );
    }
    if parts > 0 {
        docx = docx.add_paragraph(source);
    }
    docx.add_paragraph(
        Paragraph::new().add_run(
            Run::new()
                .add_text(clean(&briefing.reading_line()))
                .italic(),
        ),
    )
}

/// The bottom line (each exported layer's reading note) under a heading at `level`.
pub(crate) fn add_bottom_line(mut docx: Docx, briefing: &Briefing<'_>, level: usize) -> Docx {
    if briefing.bottom_lines.is_empty() {
        return docx;
    }
    docx = docx.add_paragraph(heading(heading_style(level), "Bottom line"));
    for bottom_line in &briefing.bottom_lines {
        let mut paragraph = Paragraph::new();
        if let Some(analyst) = &bottom_line.analyst {
            paragraph =
                paragraph.add_run(Run::new().add_text(clean(&format!("{analyst}: "))).bold());
        }
        docx = docx.add_paragraph(paragraph.add_run(lines_run(&bottom_line.text)));
    }
    docx
}

/// A section's excerpts, each labelled with a heading at `level`; `done` counts them.
pub(crate) fn add_items(
    mut docx: Docx,
    items: &[Item<'_>],
    level: usize,
    done: &mut usize,
) -> Docx {
    for item in items {
        docx = add_item(docx, item, 0, heading_style(level), done);
    }
    docx
}

/// `paragraph` marked right to left (`w:bidi`: it starts at the right) when `text` is a
/// right-to-left paragraph.
fn right_to_left_if(text: &str, paragraph: Paragraph) -> Paragraph {
    let mut paragraph = paragraph;
    if crate::model::direction::is_right_to_left(text) {
        paragraph.property = paragraph.property.bidi(true);
    }
    paragraph
}

/// An excerpt at nesting `depth` (0: in its section, labelled in `label_style`): a bold label line, the quote as an
/// indented Quote paragraph, the note in italics, what it points to, then what points to it.
fn add_item(
    mut docx: Docx,
    item: &Item<'_>,
    depth: i32,
    label_style: &str,
    done: &mut usize,
) -> Docx {
    let indent = INDENT_TWIPS * depth;
    let mut label = Paragraph::new()
        .keep_next(true)
        .indent(Some(indent), None, None, None)
        .add_run(Run::new().add_text(clean(&item.label)).bold())
        .add_run(
            Run::new()
                .add_text(format!(" · {} · ", clean(&item.tag_label)))
                .italic(),
        )
        .add_run(Run::new().add_text(clean(&item.location)));
    if let Some(analyst) = &item.analyst {
        label = label.add_run(Run::new().add_text(format!(" · {}", clean(analyst))));
    }
    if depth == 0 {
        label = label.style(label_style);
    }
    docx = docx.add_paragraph(label);
    docx = docx.add_paragraph(right_to_left_if(
        &item.annotation.quote.exact,
        Paragraph::new()
            .style("Quote")
            .indent(Some(indent + INDENT_TWIPS), None, Some(INDENT_TWIPS), None)
            .add_run(lines_run(&format!("“{}”", item.annotation.quote.exact))),
    ));
    *done += 1;
    if !item.annotation.note.trim().is_empty() {
        docx = docx.add_paragraph(right_to_left_if(
            &item.annotation.note,
            Paragraph::new()
                .indent(Some(indent + INDENT_TWIPS), None, None, None)
                .add_run(Run::new().add_text("Note: ").italic().bold())
                .add_run(lines_run(&item.annotation.note).italic()),
        ));
    }
    if !item.link_note.trim().is_empty() {
        docx = docx.add_paragraph(
            Paragraph::new()
                .indent(Some(indent + INDENT_TWIPS), None, None, None)
                .add_run(Run::new().add_text("On the link: ").italic().bold())
                .add_run(lines_run(item.link_note).italic()),
        );
    }
    for line in &item.references {
        let references: Vec<String> = line.references.iter().map(ToString::to_string).collect();
        docx = docx.add_paragraph(
            Paragraph::new()
                .indent(Some(indent + INDENT_TWIPS), None, None, None)
                .add_run(
                    Run::new()
                        .add_text(clean(&format!("{}: ", line.heading)))
                        .bold(),
                )
                .add_run(Run::new().add_text(clean(&references.join(", ")))),
        );
    }
    for group in &item.groups {
        docx = docx.add_paragraph(
            Paragraph::new()
                .keep_next(true)
                .indent(Some(indent + INDENT_TWIPS), None, None, None)
                .add_run(
                    Run::new()
                        .add_text(clean(&format!("{}:", group.heading)))
                        .bold(),
                ),
        );
        for entry in &group.entries {
            docx = match entry {
                Entry::Quoted(nested) => add_item(docx, nested, depth + 2, label_style, done),
                Entry::Reference(reference, under) => {
                    let whereabouts = under
                        .as_deref()
                        .map(|under| format!(", quoted under {under}"))
                        .unwrap_or_default();
                    docx.add_paragraph(
                        Paragraph::new()
                            .indent(Some(indent + 2 * INDENT_TWIPS), None, None, None)
                            .add_run(Run::new().add_text(clean(&reference.label)).bold())
                            .add_run(Run::new().add_text(clean(&format!(
                                " ({}){whereabouts}",
                                reference.short_location
                            )))),
                    )
                }
            };
        }
    }
    docx
}

fn heading(style: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .keep_next(true)
        .add_run(Run::new().add_text(clean(text)))
}

/// A run holding `text` with its line breaks.
fn lines_run(text: &str) -> Run {
    let mut run = Run::new();
    for (index, line) in clean(text).split('\n').enumerate() {
        if index > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// Text XML 1.0 can hold: control characters (but line breaks) dropped, tabs made spaces.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            '\u{FFFE}' | '\u{FFFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Word's built-in paragraph styles the briefing uses, with the names Word knows them by and
/// outline levels for the navigation pane.
pub(crate) fn styled(docx: Docx) -> Docx {
    let sans = RunFonts::new()
        .ascii("Calibri")
        .hi_ansi("Calibri")
        .cs("Calibri");
    docx.default_fonts(
        RunFonts::new()
            .ascii("Cambria")
            .hi_ansi("Cambria")
            .cs("Cambria"),
    )
    .default_size(22)
    .add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .fonts(sans.clone())
            .size(48),
    )
    .add_style(
        Style::new("Subtitle", StyleType::Paragraph)
            .name("Subtitle")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(24)
            .color("404040"),
    )
    .add_style(
        Style::new("Heading1", StyleType::Paragraph)
            .name("heading 1")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .fonts(sans.clone())
            .size(32)
            .bold()
            .color("1F3864")
            .outline_lvl(0),
    )
    .add_style(
        Style::new("Heading2", StyleType::Paragraph)
            .name("heading 2")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .fonts(sans.clone())
            .size(24)
            .color("2F5496")
            .outline_lvl(1),
    )
    .add_style(
        Style::new("Heading3", StyleType::Paragraph)
            .name("heading 3")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .fonts(sans)
            .size(22)
            .bold()
            .color("1F3763")
            .outline_lvl(2),
    )
    .add_style(
        Style::new("Quote", StyleType::Paragraph)
            .name("Quote")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .align(AlignmentType::Left)
            .color("262626"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::render;

    #[test]
    fn the_package_reads_back_with_headings_and_each_quote_once() {
        let (_, layer, bytes) = render("a.txt", |input, out| write(input, out, &mut |_, _| {}));
        assert!(bytes.starts_with(b"PK"), "a zip archive");
        let docx = docx_rs::read_docx(&bytes).expect("docx-rs reads it back");
        let text = serde_json::to_string(&docx.document).expect("as JSON");
        for annotation in layer.annotations() {
            let quote = format!("“{}”", annotation.quote.exact);
            assert_eq!(text.matches(&quote).count(), 1, "{quote}");
        }
        assert!(
            text.contains("Heading1") && text.contains("Title"),
            "styles used"
        );
    }

    #[test]
    fn right_to_left_excerpts_are_right_to_left_paragraphs() {
        use std::io::Read;
        let (_, _, bytes) = render("a.txt", |input, out| write(input, out, &mut |_, _| {}));
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut xml = String::new();
        archive
            .by_name("word/document.xml")
            .expect("the body")
            .read_to_string(&mut xml)
            .expect("read");
        let paragraph_with = |needle: &str| {
            xml.split("</w:p>")
                .find(|paragraph| paragraph.contains(needle))
                .unwrap_or_else(|| panic!("{needle} in {xml}"))
                .to_owned()
        };
        assert!(paragraph_with("فارسی text").contains("<w:bidi"));
        assert!(!paragraph_with("The odds fall to zero").contains("<w:bidi"));
    }

    #[test]
    fn control_characters_are_dropped_and_lines_kept() {
        assert_eq!(clean("a\u{0}b\u{1b}c\td\ne\r"), "abc d\ne");
    }
}
