//! OpenDocument text articles (`.odt`, as LibreOffice writes them and Google Docs exports
//! them): the body of `content.xml` as blocks, in order. The same choices as for Word:
//!
//! - **Headings**: `text:h` at its outline level.
//! - **Lists**: each paragraph of a `text:list-item` is a list item at its depth, with "•" or
//!   its number ("3.", "c)", "iv.") as the list's style numbers that level.
//! - **Block quotes**: paragraphs whose style (or the style it inherits from) is named like
//!   "Quotations" or "Quote".
//! - **Tables**: one block per row, the cells joined by " | ".
//! - **Footnotes and endnotes** are kept: the citation reads "[n]" in the text, and each note
//!   is a block of its own after the body ("[n] text").
//! - Left out: comments (`office:annotation`), text deleted under tracked changes, and
//!   frames' alternative descriptions. A password-protected file or one that is not an
//!   OpenDocument text gets a message saying so.

use super::docx::roman;
use crate::model::BlockKind;
use crate::xml_text::{attribute, event_text, local_name};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;

/// Blocks of an OpenDocument text's body, then its notes; an error says what is wrong.
pub(crate) fn blocks(bytes: &[u8]) -> Result<Vec<(BlockKind, String)>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|error| format!("it is not an OpenDocument package (a ZIP): {error}"))?;
    let mut part = |name: &str| -> Result<Option<String>, String> {
        let Ok(mut entry) = archive.by_name(name) else {
            return Ok(None);
        };
        let mut text = String::new();
        entry
            .read_to_string(&mut text)
            .map_err(|error| format!("its part {name} cannot be read: {error}"))?;
        Ok(Some(text))
    };
    if part("META-INF/manifest.xml")?.is_some_and(|manifest| manifest.contains("encryption-data")) {
        return Err(
            "it is password-protected (encrypted): open it in LibreOffice, save a copy \
                    without the password, and open that"
                .to_owned(),
        );
    }
    let content =
        part("content.xml")?.ok_or("it has no content.xml, so it is not an OpenDocument text")?;
    let mut styles = Styles::default();
    if let Some(common) = part("styles.xml")? {
        styles.read(&common)?;
    }
    styles.read(&content)?;
    Body::new(&styles).read(&content)
}

/// Paragraph styles' parents and list styles' numbering, from `styles.xml` and the automatic
/// styles of `content.xml`.
#[derive(Default)]
struct Styles {
    /// Paragraph style name → (display name lowercased, parent style name).
    paragraph: HashMap<String, (String, Option<String>)>,
    /// List style name → each level's numbering: `None` for bullets, else (format, suffix).
    lists: HashMap<String, Vec<Option<(String, String)>>>,
}

impl Styles {
    fn read(&mut self, xml: &str) -> Result<(), String> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut list: Option<String> = None;
        loop {
            let event = reader
                .read_event()
                .map_err(|error| format!("its XML is damaged: {error}"))?;
            match &event {
                Event::Start(element) | Event::Empty(element) => match local_name(element).as_str()
                {
                    "style" if attribute(element, "family").as_deref() == Some("paragraph") => {
                        if let Some(name) = attribute(element, "name") {
                            let display = attribute(element, "display-name")
                                .unwrap_or_else(|| name.clone())
                                .to_lowercase();
                            let parent = attribute(element, "parent-style-name");
                            self.paragraph.insert(name, (display, parent));
                        }
                    }
                    "list-style" => list = attribute(element, "name"),
                    level @ ("list-level-style-number" | "list-level-style-bullet") => {
                        if let Some(levels) = list
                            .as_ref()
                            .map(|name| self.lists.entry(name.clone()).or_default())
                        {
                            let depth = attribute(element, "level")
                                .and_then(|level| level.parse::<usize>().ok())
                                .unwrap_or(1)
                                .max(1);
                            if levels.len() < depth {
                                levels.resize(depth, None);
                            }
                            levels[depth - 1] = (level == "list-level-style-number")
                                .then(|| {
                                    let format =
                                        attribute(element, "num-format").unwrap_or_default();
                                    let suffix =
                                        attribute(element, "num-suffix").unwrap_or_default();
                                    (format, suffix)
                                })
                                .filter(|(format, _)| !format.is_empty());
                        }
                    }
                    _ => {}
                },
                Event::End(element) if element.local_name().as_ref() == b"list-style" => {
                    list = None
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// Whether a paragraph style is a quotation style, itself or by inheritance.
    fn is_quote(&self, mut style: Option<String>) -> bool {
        for _ in 0..16 {
            let Some(name) = style else {
                return false;
            };
            let Some((display, parent)) = self.paragraph.get(&name) else {
                return name.to_lowercase().contains("quot");
            };
            if display.contains("quot") || name.to_lowercase().contains("quot") {
                return true;
            }
            style = parent.clone();
        }
        false
    }
}

/// The body being read: the block in progress, lists, table rows and notes.
struct Body<'a> {
    styles: &'a Styles,
    blocks: Vec<(BlockKind, String)>,
    notes: Vec<String>,
    /// The open block's kind and text (a heading or paragraph).
    open: Option<(BlockKind, String)>,
    /// Open lists: their style and the count of items at that depth so far.
    lists: Vec<(Option<String>, usize)>,
    /// The row being read: its cells' texts, and the cell in progress.
    row: Option<(Vec<String>, String)>,
    /// A note being read: its citation, and its body's text.
    note: Option<(String, String)>,
    in_citation: bool,
    skip_depth: usize,
}

impl<'a> Body<'a> {
    fn new(styles: &'a Styles) -> Self {
        Self {
            styles,
            blocks: Vec::new(),
            notes: Vec::new(),
            open: None,
            lists: Vec::new(),
            row: None,
            note: None,
            in_citation: false,
            skip_depth: 0,
        }
    }

    fn read(mut self, xml: &str) -> Result<Vec<(BlockKind, String)>, String> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut in_body = false;
        loop {
            let event = reader
                .read_event()
                .map_err(|error| format!("its XML is damaged: {error}"))?;
            match &event {
                Event::Start(element) => {
                    let name = local_name(element);
                    in_body |= name == "body";
                    if in_body {
                        self.start(&name, element, false);
                    }
                }
                Event::Empty(element) if in_body => {
                    let name = local_name(element);
                    self.start(&name, element, true);
                }
                Event::End(element) if in_body => {
                    let name = String::from_utf8_lossy(element.local_name().as_ref()).into_owned();
                    self.end(&name);
                }
                Event::Eof => break,
                other if in_body => self.text(&event_text(other)),
                _ => {}
            }
        }
        self.blocks.extend(
            self.notes
                .into_iter()
                .map(|note| (BlockKind::Paragraph, note)),
        );
        Ok(self.blocks)
    }

    fn skipping(&self) -> bool {
        self.skip_depth > 0
    }

    fn start(&mut self, name: &str, element: &BytesStart<'_>, empty: bool) {
        let skipped = matches!(
            name,
            "annotation" | "tracked-changes" | "deletion" | "desc" | "title" | "sequence-decls"
        );
        if skipped || self.skipping() {
            if !empty {
                self.skip_depth += 1;
            }
            return;
        }
        match name {
            "s" => {
                let count = attribute(element, "c")
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(1usize);
                self.text(&" ".repeat(count.min(64)));
            }
            "tab" | "line-break" => self.text(" "),
            "list" if !empty => {
                let style = attribute(element, "style-name")
                    .or_else(|| self.lists.last().and_then(|(style, _)| style.clone()));
                self.lists.push((style, 0));
            }
            "list-item" if !empty => {
                if let Some((_, count)) = self.lists.last_mut() {
                    *count += 1;
                }
            }
            "table-row" if !empty => self.row = Some((Vec::new(), String::new())),
            "note" if !empty => self.note = Some((String::new(), String::new())),
            "note-citation" if !empty => self.in_citation = true,
            "h" | "p" if !empty && self.note.is_none() && self.row.is_none() => {
                let kind = if name == "h" {
                    let level = attribute(element, "outline-level")
                        .and_then(|level| level.parse::<u8>().ok())
                        .unwrap_or(1);
                    BlockKind::Heading(level.clamp(1, 6))
                } else if let Some(marker) = self.list_marker() {
                    BlockKind::ListItem {
                        depth: (self.lists.len().saturating_sub(1)).min(u8::MAX as usize) as u8,
                        marker,
                    }
                } else if self.styles.is_quote(attribute(element, "style-name")) {
                    BlockKind::BlockQuote
                } else {
                    BlockKind::Paragraph
                };
                self.close_block();
                self.open = Some((kind, String::new()));
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if self.skipping() {
            self.skip_depth -= 1;
            return;
        }
        match name {
            "h" | "p" if self.note.is_none() && self.row.is_none() => self.close_block(),
            "p" | "h" => {
                // A paragraph break inside a note or a cell: a space.
                self.text(" ");
            }
            "list" => {
                self.lists.pop();
            }
            "table-cell" => {
                if let Some((cells, cell)) = &mut self.row {
                    cells.push(
                        std::mem::take(cell)
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                }
            }
            "table-row" => {
                if let Some((cells, _)) = self.row.take()
                    && cells.iter().any(|cell| !cell.is_empty())
                {
                    self.close_block();
                    self.blocks.push((BlockKind::TableRow, cells.join(" | ")));
                }
            }
            "note-citation" => self.in_citation = false,
            "note" => {
                if let Some((citation, body)) = self.note.take() {
                    let citation = citation.trim().to_owned();
                    self.text(&format!("[{citation}]"));
                    let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
                    self.notes.push(format!("[{citation}] {body}"));
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.skipping() || text.is_empty() {
            return;
        }
        if let Some((citation, body)) = &mut self.note {
            if self.in_citation {
                citation.push_str(text);
            } else {
                body.push_str(text);
            }
        } else if let Some((_, cell)) = &mut self.row {
            cell.push_str(text);
        } else if let Some((_, block)) = &mut self.open {
            block.push_str(text);
        }
    }

    fn close_block(&mut self) {
        if let Some((kind, text)) = self.open.take() {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                self.blocks.push((kind, text));
            }
        }
    }

    /// The marker of a paragraph in the innermost list: "•", or its number in the list
    /// style's format for its level. `None` outside lists.
    fn list_marker(&self) -> Option<String> {
        let (style, count) = self.lists.last()?;
        let depth = self.lists.len() - 1;
        let numbering = style
            .as_ref()
            .and_then(|style| self.styles.lists.get(style))
            .and_then(|levels| levels.get(depth).cloned().flatten());
        Some(match numbering {
            None => "•".to_owned(),
            Some((format, suffix)) => format!("{}{suffix}", number_in(&format, *count)),
        })
    }
}

/// `n` written as a list style's `num-format` asks: "1", "a", "A", "i", "I".
fn number_in(format: &str, n: usize) -> String {
    let letters = |base: u8| {
        let mut n = n.max(1);
        let mut out = Vec::new();
        while n > 0 {
            n -= 1;
            out.push((base + (n % 26) as u8) as char);
            n /= 26;
        }
        out.into_iter().rev().collect()
    };
    match format {
        "a" => letters(b'a'),
        "A" => letters(b'A'),
        "i" => roman(u32::try_from(n).unwrap_or(u32::MAX)).to_lowercase(),
        "I" => roman(u32::try_from(n).unwrap_or(u32::MAX)),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn package(content: &str, encrypted: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
            let options = zip::write::SimpleFileOptions::default();
            zip.start_file("mimetype", options).expect("part");
            zip.write_all(b"application/vnd.oasis.opendocument.text")
                .expect("write");
            zip.start_file("META-INF/manifest.xml", options)
                .expect("part");
            let manifest = if encrypted {
                "<manifest:file-entry><manifest:encryption-data/></manifest:file-entry>"
            } else {
                "<manifest:file-entry/>"
            };
            zip.write_all(manifest.as_bytes()).expect("write");
            zip.start_file("content.xml", options).expect("part");
            zip.write_all(content.as_bytes()).expect("write");
            zip.finish().expect("zip");
        }
        bytes
    }

    const CONTENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">
<office:automatic-styles>
 <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Quotations"/>
 <text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-format="a" style:num-suffix=")"/></text:list-style>
</office:automatic-styles>
<office:body><office:text>
 <text:sequence-decls><text:sequence-decl text:name="Figure"/></text:sequence-decls>
 <text:h text:outline-level="2">Water and <text:span>sanctions</text:span></text:h>
 <text:p>Dams were delayed,<text:s text:c="2"/>the ministry said.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Ministry of Energy, 2019.</text:p></text:note-body></text:note><office:annotation><text:p>Check this</text:p></office:annotation></text:p>
 <text:p text:style-name="P1">We will not bow.</text:p>
 <text:list text:style-name="L1"><text:list-item><text:p>First step</text:p></text:list-item><text:list-item><text:p>Second step</text:p></text:list-item></text:list>
 <text:list><text:list-item><text:p>A bullet</text:p></text:list-item></text:list>
 <table:table><table:table-row><table:table-cell><text:p>Year</text:p></table:table-cell><table:table-cell><text:p>Output</text:p></table:table-cell></table:table-row></table:table>
 <text:tracked-changes><text:changed-region><text:deletion><text:p>deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes>
</office:text></office:body></office:document-content>"#;

    #[test]
    fn headings_lists_quotes_tables_and_notes_are_read_and_comments_left_out() {
        let blocks = blocks(&package(CONTENT, false)).expect("readable");
        assert_eq!(
            blocks,
            vec![
                (BlockKind::Heading(2), "Water and sanctions".to_owned()),
                (
                    BlockKind::Paragraph,
                    "Dams were delayed, the ministry said.[1]".to_owned()
                ),
                (BlockKind::BlockQuote, "We will not bow.".to_owned()),
                (
                    BlockKind::ListItem {
                        depth: 0,
                        marker: "a)".to_owned()
                    },
                    "First step".to_owned()
                ),
                (
                    BlockKind::ListItem {
                        depth: 0,
                        marker: "b)".to_owned()
                    },
                    "Second step".to_owned()
                ),
                (
                    BlockKind::ListItem {
                        depth: 0,
                        marker: "•".to_owned()
                    },
                    "A bullet".to_owned()
                ),
                (BlockKind::TableRow, "Year | Output".to_owned()),
                (
                    BlockKind::Paragraph,
                    "[1] Ministry of Energy, 2019.".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn encrypted_and_foreign_packages_say_what_they_are() {
        let encrypted = blocks(&package(CONTENT, true)).expect_err("refused");
        assert!(encrypted.contains("password"), "{encrypted}");
        let not_zip = blocks(b"plain text").expect_err("refused");
        assert!(not_zip.contains("not an OpenDocument package"), "{not_zip}");
    }

    #[test]
    fn list_numbers_follow_the_format() {
        assert_eq!(number_in("1", 3), "3");
        assert_eq!(number_in("a", 28), "ab");
        assert_eq!(number_in("I", 14), "XIV");
    }
}
