//! Word articles (`.docx`): the body of `word/document.xml` as blocks, in order.
//!
//! - **Headings** by the paragraph's own outline level, else by its style: "Title" is level 1,
//!   "Subtitle" 2, "heading N" level N, or the style's outline level; styles are looked up by
//!   name through `word/styles.xml` (so a German "Überschrift 1" counts) and their `basedOn`
//!   chain.
//! - **Lists**: a paragraph with numbering (its own or its style's) is a list item at its
//!   level, with the marker Word shows ("•", "3.", "b)") from `word/numbering.xml`.
//! - **Block quotes**: styles named like "Quote", "Intense Quote" or "Block Text".
//! - **Tables**: one block per row, the cells' text joined by " | ".
//! - **Footnotes and endnotes** are kept: the reference reads "[n]" in the text, and each note
//!   is a block of its own after the body ("[n] text"), numbered in the order referred to.
//! - Left out: comments, deleted text of tracked changes (insertions are kept), field codes,
//!   headers and footers, and the fallback copy of text boxes (the box's text is read once).

use crate::model::BlockKind;
use crate::xml_text::{attribute, event_text, local_name};
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::Read;

/// An OLE compound file: an encrypted (password-protected) .docx, or an old binary .doc.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

/// Blocks of a Word document's body, then its notes; an error says what is wrong with it.
pub(crate) fn blocks(bytes: &[u8]) -> Result<Vec<(BlockKind, String)>, String> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(
            "it is password-protected (encrypted) or an old binary Word file: open it in Word, \
             remove the password or save it as .docx, and open that"
                .to_owned(),
        );
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|error| format!("it is not a Word package (a ZIP): {error}"))?;
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
    let document = part("word/document.xml")?
        .ok_or("it has no word/document.xml, so it is not a Word document")?;
    let styles = part("word/styles.xml")?
        .map(|xml| Styles::parse(&xml))
        .transpose()?
        .unwrap_or_default();
    let numbering = part("word/numbering.xml")?
        .map(|xml| Numbering::parse(&xml))
        .transpose()?
        .unwrap_or_default();
    let mut notes = HashMap::new();
    for (name, element) in [
        ("word/footnotes.xml", "footnote"),
        ("word/endnotes.xml", "endnote"),
    ] {
        if let Some(xml) = part(name)? {
            notes_of(&xml, element, &mut notes)?;
        }
    }
    Body::read(&document, &styles, numbering, &notes)
}

/// Reads events until the end, calling `on_event` with the open elements' local names.
fn walk(
    xml: &str,
    mut on_event: impl FnMut(&Event<'_>, &[String]) -> Result<(), String>,
) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|error| format!("its XML is damaged: {error}"))?;
        match &event {
            Event::Start(element) => {
                path.push(local_name(element));
                on_event(&event, &path)?;
            }
            Event::Empty(element) => {
                path.push(local_name(element));
                on_event(&event, &path)?;
                path.pop();
            }
            Event::End(_) => {
                on_event(&event, &path)?;
                path.pop();
            }
            Event::Eof => return Ok(()),
            _ => on_event(&event, &path)?,
        }
    }
}

/// The element an `Event::Start`/`Event::Empty` opens.
fn opened<'a>(event: &'a Event<'a>) -> Option<&'a quick_xml::events::BytesStart<'a>> {
    match event {
        Event::Start(element) | Event::Empty(element) => Some(element),
        _ => None,
    }
}

#[derive(Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline_level: Option<u8>,
    numbering: Option<String>,
}

/// Paragraph styles by id.
#[derive(Default)]
struct Styles(HashMap<String, Style>);

impl Styles {
    fn parse(xml: &str) -> Result<Self, String> {
        let mut styles = HashMap::new();
        let mut current: Option<(String, Style)> = None;
        walk(xml, |event, path| {
            let name = path.last().map(String::as_str).unwrap_or_default();
            if let Some(element) = opened(event) {
                let value = || attribute(element, "val");
                match name {
                    "style" => {
                        current = attribute(element, "styleId").map(|id| (id, Style::default()))
                    }
                    "name" if path.len() >= 2 && path[path.len() - 2] == "style" => {
                        if let (Some((_, style)), Some(value)) = (&mut current, value()) {
                            style.name = value.to_lowercase();
                        }
                    }
                    "basedOn" => {
                        if let Some((_, style)) = &mut current {
                            style.based_on = value();
                        }
                    }
                    "outlineLvl" => {
                        if let Some((_, style)) = &mut current {
                            style.outline_level = value().and_then(|value| value.parse().ok());
                        }
                    }
                    "numId" => {
                        if let Some((_, style)) = &mut current {
                            style.numbering = value();
                        }
                    }
                    _ => {}
                }
            } else if matches!(event, Event::End(_))
                && name == "style"
                && let Some((id, style)) = current.take()
            {
                styles.insert(id, style);
            }
            Ok(())
        })?;
        Ok(Self(styles))
    }

    /// The kind a paragraph of style `id` is, following `basedOn` (a few steps at most).
    fn kind(&self, id: &str) -> Option<BlockKind> {
        let mut id = id.to_owned();
        for _ in 0..8 {
            // Without styles.xml the id is all there is ("Heading1").
            let name = self
                .0
                .get(&id)
                .map_or_else(|| id.to_lowercase(), |style| style.name.clone());
            let compact = name.replace(' ', "");
            if compact == "title" {
                return Some(BlockKind::Heading(1));
            }
            if compact == "subtitle" {
                return Some(BlockKind::Heading(2));
            }
            let level = ["heading", "überschrift", "titre", "título", "titolo"]
                .iter()
                .find_map(|word| compact.strip_prefix(word))
                .and_then(|rest| rest.parse::<u8>().ok());
            if let Some(level) = level {
                return Some(BlockKind::Heading(level.clamp(1, 6)));
            }
            if name.contains("quote") || name == "block text" {
                return Some(BlockKind::BlockQuote);
            }
            let style = self.0.get(&id)?;
            if let Some(level) = style.outline_level.filter(|level| *level < 9) {
                return Some(BlockKind::Heading((level + 1).min(6)));
            }
            id = style.based_on.clone()?;
        }
        None
    }

    /// The numbering a style gives its paragraphs (a "List Bullet" style), if any.
    fn numbering(&self, id: &str) -> Option<String> {
        let mut id = id.to_owned();
        for _ in 0..8 {
            let style = self.0.get(&id)?;
            if let Some(numbering) = &style.numbering {
                return Some(numbering.clone());
            }
            id = style.based_on.clone()?;
        }
        None
    }
}

/// One level of a list definition: its format ("bullet", "decimal", …), text ("%1.") and
/// first number.
#[derive(Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// List definitions, and the counters of the lists met so far.
#[derive(Default)]
struct Numbering {
    /// `numId` → `abstractNumId`.
    lists: HashMap<String, String>,
    /// `abstractNumId` → its levels by `ilvl`.
    definitions: HashMap<String, HashMap<u8, Level>>,
    counters: HashMap<String, Vec<u32>>,
}

impl Numbering {
    fn parse(xml: &str) -> Result<Self, String> {
        let mut numbering = Numbering::default();
        let (mut abstract_id, mut level, mut num_id): (Option<String>, Option<(u8, Level)>, _) =
            (None, None, None::<String>);
        walk(xml, |event, path| {
            let name = path.last().map(String::as_str).unwrap_or_default();
            if let Some(element) = opened(event) {
                let value = || attribute(element, "val");
                match name {
                    "abstractNum" => abstract_id = attribute(element, "abstractNumId"),
                    "lvl" => {
                        let ilvl = attribute(element, "ilvl").and_then(|v| v.parse().ok());
                        level = ilvl.map(|ilvl| {
                            (
                                ilvl,
                                Level {
                                    start: 1,
                                    ..Level::default()
                                },
                            )
                        });
                    }
                    "numFmt" => {
                        if let Some((_, level)) = &mut level {
                            level.format = value().unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, level)) = &mut level {
                            level.text = value().unwrap_or_default();
                        }
                    }
                    "start" => {
                        if let Some((_, level)) = &mut level {
                            level.start = value().and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    "num" => num_id = attribute(element, "numId"),
                    "abstractNumId" => {
                        if let (Some(num), Some(value)) = (&num_id, value()) {
                            numbering.lists.insert(num.clone(), value);
                        }
                    }
                    _ => {}
                }
            } else if matches!(event, Event::End(_))
                && name == "lvl"
                && let (Some(id), Some((ilvl, definition))) = (&abstract_id, level.take())
            {
                numbering
                    .definitions
                    .entry(id.clone())
                    .or_default()
                    .insert(ilvl, definition);
            }
            Ok(())
        })?;
        Ok(numbering)
    }

    /// The marker of the next item of list `num_id` at level `ilvl` ("•" when unknown).
    fn next_marker(&mut self, num_id: &str, ilvl: u8) -> String {
        // Borrowed field by field, so that the counters can change meanwhile.
        let levels = self
            .lists
            .get(num_id)
            .and_then(|id| self.definitions.get(id));
        let unknown = Level::default();
        let level_of = |ilvl: u8| {
            levels
                .and_then(|levels| levels.get(&ilvl))
                .unwrap_or(&unknown)
        };
        let counters = self.counters.entry(num_id.to_owned()).or_default();
        let depth = usize::from(ilvl);
        while counters.len() <= depth {
            let ilvl = u8::try_from(counters.len()).unwrap_or(u8::MAX);
            counters.push(level_of(ilvl).start.saturating_sub(1));
        }
        counters.truncate(depth + 1);
        counters[depth] += 1;
        let level = level_of(ilvl);
        if level.format.is_empty() || level.format == "bullet" || level.format == "none" {
            return "•".to_owned();
        }
        let mut marker = if level.text.is_empty() {
            format!("%{}.", depth + 1)
        } else {
            level.text.clone()
        };
        for (index, count) in counters.iter().enumerate() {
            let format = &level_of(u8::try_from(index).unwrap_or(u8::MAX)).format;
            marker = marker.replace(&format!("%{}", index + 1), &numbered(*count, format));
        }
        marker
    }
}

/// `count` written in a list number format.
fn numbered(count: u32, format: &str) -> String {
    let letter = |base: u8| {
        let index = u8::try_from((count.max(1) - 1) % 26).unwrap_or(0);
        char::from(base + index).to_string()
    };
    match format {
        "lowerLetter" => letter(b'a'),
        "upperLetter" => letter(b'A'),
        "lowerRoman" => roman(count).to_lowercase(),
        "upperRoman" => roman(count),
        _ => count.to_string(),
    }
}

/// `count` in upper-case Roman numerals (list numbers; the OpenDocument reader's too).
pub(super) fn roman(mut count: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut text = String::new();
    for (value, numeral) in NUMERALS {
        while count >= value {
            text.push_str(numeral);
            count -= value;
        }
    }
    text
}

/// Footnotes or endnotes (`element`) by id, each as one line of text.
fn notes_of(
    xml: &str,
    element: &str,
    notes: &mut HashMap<(String, String), String>,
) -> Result<(), String> {
    let mut current: Option<String> = None;
    let mut text = String::new();
    walk(xml, |event, path| {
        let name = path.last().map(String::as_str).unwrap_or_default();
        match event {
            Event::Start(start) if name == element => {
                let separator = attribute(start, "type")
                    .is_some_and(|kind| kind.to_lowercase().contains("separator"));
                current = (!separator).then(|| attribute(start, "id")).flatten();
                text.clear();
            }
            Event::End(_) if name == element => {
                if let Some(id) = current.take() {
                    notes.insert((element.to_owned(), id), squeeze(&text));
                }
            }
            Event::End(_) if name == "p" => text.push(' '),
            _ if current.is_some() && name == "t" => text.push_str(&event_text(event)),
            _ if current.is_some() && name == "tab" && opened(event).is_some() => text.push(' '),
            _ => {}
        }
        Ok(())
    })
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A paragraph being read.
#[derive(Default)]
struct Paragraph {
    style: Option<String>,
    /// (`numId`, `ilvl`) from the paragraph's own properties.
    numbering: Option<(String, u8)>,
    ilvl: u8,
    /// A heading by the paragraph's own outline level (0 is level 1; 9 is body text).
    outline_level: Option<u8>,
    text: String,
}

/// The document body as it is read.
struct Body<'a> {
    styles: &'a Styles,
    numbering: Numbering,
    notes: &'a HashMap<(String, String), String>,
    blocks: Vec<(BlockKind, String)>,
    paragraphs: Vec<Paragraph>,
    /// Open tables; rows and cells count only in the outermost one (inner tables' text goes
    /// into the outer cell).
    tables: usize,
    row: Vec<String>,
    /// Notes referred to, in order: (kind, id), numbered from 1.
    referred: Vec<(String, String)>,
    /// Inside `mc:Fallback` (the old copy of a text box): skipped.
    fallback: usize,
}

impl<'a> Body<'a> {
    fn read(
        xml: &str,
        styles: &'a Styles,
        numbering: Numbering,
        notes: &'a HashMap<(String, String), String>,
    ) -> Result<Vec<(BlockKind, String)>, String> {
        let mut body = Body {
            styles,
            numbering,
            notes,
            blocks: Vec::new(),
            paragraphs: Vec::new(),
            tables: 0,
            row: Vec::new(),
            referred: Vec::new(),
            fallback: 0,
        };
        walk(xml, |event, path| {
            body.on_event(event, path);
            Ok(())
        })?;
        for (number, key) in body.referred.iter().enumerate() {
            if let Some(text) = body.notes.get(key) {
                body.blocks
                    .push((BlockKind::Paragraph, format!("[{}] {text}", number + 1)));
            }
        }
        Ok(body.blocks)
    }

    fn on_event(&mut self, event: &Event<'_>, path: &[String]) {
        let name = path.last().map(String::as_str).unwrap_or_default();
        if name == "Fallback" {
            match event {
                Event::Start(_) => self.fallback += 1,
                Event::End(_) => self.fallback = self.fallback.saturating_sub(1),
                _ => {}
            }
            return;
        }
        if self.fallback > 0 {
            return;
        }
        let in_properties = path.iter().any(|open| open == "pPr");
        if let Some(element) = opened(event) {
            let value = || attribute(element, "val");
            match name {
                "p" if matches!(event, Event::Start(_)) => {
                    self.paragraphs.push(Paragraph::default())
                }
                "tbl" => self.tables += 1,
                "tr" if self.tables == 1 => self.row.clear(),
                "tc" if self.tables == 1 => self.row.push(String::new()),
                "pStyle" if in_properties => {
                    if let Some(paragraph) = self.paragraphs.last_mut() {
                        paragraph.style = value();
                    }
                }
                "ilvl" if in_properties => {
                    if let Some(paragraph) = self.paragraphs.last_mut() {
                        paragraph.ilvl = value().and_then(|v| v.parse().ok()).unwrap_or(0);
                        if let Some((_, ilvl)) = &mut paragraph.numbering {
                            *ilvl = paragraph.ilvl;
                        }
                    }
                }
                "numId" if in_properties => {
                    if let Some(paragraph) = self.paragraphs.last_mut() {
                        paragraph.numbering = value().map(|id| (id, paragraph.ilvl));
                    }
                }
                "outlineLvl" if in_properties => {
                    if let Some(paragraph) = self.paragraphs.last_mut() {
                        paragraph.outline_level = value().and_then(|v| v.parse().ok());
                    }
                }
                "tab" if !in_properties => self.push_text(" "),
                "br" | "cr"
                    if attribute(element, "type").is_none_or(|kind| kind == "textWrapping") =>
                {
                    self.push_text("\n")
                }
                "noBreakHyphen" => self.push_text("-"),
                "footnoteReference" | "endnoteReference" => {
                    if let Some(id) = attribute(element, "id") {
                        let kind = name.trim_end_matches("Reference").to_owned();
                        self.referred.push((kind, id));
                        let number = self.referred.len();
                        self.push_text(&format!("[{number}]"));
                    }
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::End(_) => match name {
                "p" => self.end_paragraph(),
                "tbl" => self.tables = self.tables.saturating_sub(1),
                "tr" if self.tables == 1 => {
                    let cells: Vec<String> =
                        self.row.drain(..).map(|cell| squeeze(&cell)).collect();
                    if cells.iter().any(|cell| !cell.is_empty()) {
                        self.blocks.push((BlockKind::TableRow, cells.join(" | ")));
                    }
                }
                _ => {}
            },
            _ if name == "t" => {
                let text = event_text(event);
                self.push_text(&text);
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(paragraph) = self.paragraphs.last_mut() {
            paragraph.text.push_str(text);
        }
    }

    fn end_paragraph(&mut self) {
        let Some(paragraph) = self.paragraphs.pop() else {
            return;
        };
        let text = paragraph.text.replace('\u{ad}', "");
        if self.tables > 0 && self.paragraphs.is_empty() {
            if let Some(cell) = self.row.last_mut() {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&text);
            }
            return;
        }
        if text.trim().is_empty() {
            return;
        }
        let own_outline = paragraph
            .outline_level
            .filter(|level| *level < 9)
            .map(|level| BlockKind::Heading((level + 1).min(6)));
        let style_kind = own_outline.or_else(|| {
            paragraph
                .style
                .as_deref()
                .and_then(|style| self.styles.kind(style))
        });
        let numbering = paragraph.numbering.clone().or_else(|| {
            paragraph
                .style
                .as_deref()
                .and_then(|style| self.styles.numbering(style))
                .map(|id| (id, paragraph.ilvl))
        });
        let kind = match (style_kind, numbering) {
            (Some(BlockKind::Heading(level)), _) => BlockKind::Heading(level),
            // `numId` 0 switches numbering off.
            (_, Some((id, ilvl))) if id != "0" => BlockKind::ListItem {
                depth: ilvl,
                marker: self.numbering.next_marker(&id, ilvl),
            },
            (Some(kind), _) => kind,
            (None, _) => BlockKind::Paragraph,
        };
        self.blocks.push((kind, text));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A .docx package holding `document` (the body's XML) and the other parts given.
    pub(crate) fn package(document: &str, parts: &[(&str, &str)]) -> Vec<u8> {
        let mut bytes = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
            let options = zip::write::SimpleFileOptions::default();
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{document}</w:body></w:document>"
            );
            for (name, text) in [("word/document.xml", body.as_str())]
                .into_iter()
                .chain(parts.iter().copied())
            {
                zip.start_file(name, options).expect("zip entry");
                zip.write_all(text.as_bytes()).expect("zip write");
            }
            zip.finish().expect("zip");
        }
        bytes
    }

    fn paragraph(style: &str, text: &str) -> String {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"
        )
    }

    const STYLES: &str = "<w:styles xmlns:w=\"w\">\
        <w:style w:type=\"paragraph\" w:styleId=\"berschrift1\"><w:name w:val=\"heading 1\"/></w:style>\
        <w:style w:type=\"paragraph\" w:styleId=\"Zitat\"><w:name w:val=\"Quote\"/></w:style>\
        <w:style w:type=\"paragraph\" w:styleId=\"MyHead\"><w:name w:val=\"My head\"/><w:basedOn w:val=\"berschrift1\"/></w:style>\
        <w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/><w:pPr><w:numPr><w:numId w:val=\"2\"/></w:numPr></w:pPr></w:style>\
        </w:styles>";

    const NUMBERING: &str = "<w:numbering xmlns:w=\"w\">\
        <w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>\
        <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%2)\"/></w:lvl></w:abstractNum>\
        <w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\u{f0b7}\"/></w:lvl></w:abstractNum>\
        <w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num><w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>\
        </w:numbering>";

    fn numbered(num: &str, ilvl: u8, text: &str) -> String {
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        )
    }

    #[test]
    fn headings_lists_quotes_tables_and_notes_become_blocks() {
        let body = [
            paragraph("berschrift1", "Sanctions &amp; their limits"),
            paragraph("MyHead", "Based on a heading"),
            "<w:p><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr><w:r><w:t>By outline</w:t></w:r></w:p>".to_owned(),
            "<w:p><w:r><w:t xml:space=\"preserve\">Tehran’s </w:t></w:r><w:ins><w:r><w:t>budget</w:t></w:r></w:ins><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del><w:r><w:t xml:space=\"preserve\"> fell</w:t></w:r><w:r><w:footnoteReference w:id=\"2\"/></w:r><w:r><w:t>.</w:t></w:r></w:p>".to_owned(),
            numbered("1", 0, "First"),
            numbered("1", 1, "Sub"),
            numbered("1", 0, "Second"),
            paragraph("ListBullet", "A bullet"),
            paragraph("Zitat", "“We will resist.”"),
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Year</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Exports</w:t></w:r></w:p></w:tc></w:tr>\
             <w:tr><w:tc><w:p><w:r><w:t>2019</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>0.5</w:t></w:r></w:p><w:p><w:r><w:t>mbpd</w:t></w:r></w:p></w:tc></w:tr></w:tbl>".to_owned(),
            "<w:p><w:r><w:t>فارسی</w:t><w:tab/><w:t>متن</w:t></w:r></w:p>".to_owned(),
            "<w:p/>".to_owned(),
        ]
        .concat();
        let footnotes = "<w:footnotes xmlns:w=\"w\"><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>\
            <w:footnote w:id=\"2\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> IMF, 2019.</w:t></w:r></w:p></w:footnote></w:footnotes>";
        let bytes = package(
            &body,
            &[
                ("word/styles.xml", STYLES),
                ("word/numbering.xml", NUMBERING),
                ("word/footnotes.xml", footnotes),
            ],
        );
        let blocks = blocks(&bytes).expect("reads");
        let item = |depth: u8, marker: &str, text: &str| {
            (
                BlockKind::ListItem {
                    depth,
                    marker: marker.to_owned(),
                },
                text.to_owned(),
            )
        };
        assert_eq!(
            blocks,
            vec![
                (BlockKind::Heading(1), "Sanctions & their limits".to_owned()),
                (BlockKind::Heading(1), "Based on a heading".to_owned()),
                (BlockKind::Heading(2), "By outline".to_owned()),
                (BlockKind::Paragraph, "Tehran’s budget fell[1].".to_owned()),
                item(0, "1.", "First"),
                item(1, "a)", "Sub"),
                item(0, "2.", "Second"),
                item(0, "•", "A bullet"),
                (BlockKind::BlockQuote, "“We will resist.”".to_owned()),
                (BlockKind::TableRow, "Year | Exports".to_owned()),
                (BlockKind::TableRow, "2019 | 0.5 mbpd".to_owned()),
                (BlockKind::Paragraph, "فارسی متن".to_owned()),
                (BlockKind::Paragraph, "[1] IMF, 2019.".to_owned()),
            ]
        );
    }

    #[test]
    fn a_text_box_is_read_once_not_from_its_fallback_copy() {
        let body = "<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>\
            <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Around</w:t></w:r></w:p>";
        let blocks = blocks(&package(body, &[])).expect("reads");
        let texts: Vec<&str> = blocks.iter().map(|(_, text)| text.as_str()).collect();
        assert_eq!(texts, ["Boxed", "Around"]);
    }

    #[test]
    fn damaged_and_encrypted_files_say_what_they_are() {
        let mut encrypted = OLE_MAGIC.to_vec();
        encrypted.extend([0; 100]);
        assert!(
            blocks(&encrypted)
                .expect_err("refused")
                .contains("password")
        );
        assert!(
            blocks(b"PK\x03\x04 truncated")
                .expect_err("refused")
                .contains("ZIP")
        );
        let no_document = {
            let mut bytes = Vec::new();
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
            zip.start_file("other.xml", zip::write::SimpleFileOptions::default())
                .expect("entry");
            zip.finish().expect("zip");
            bytes
        };
        assert!(
            blocks(&no_document)
                .expect_err("refused")
                .contains("word/document.xml")
        );
        let broken = package("<w:p><w:r><w:t>open", &[]);
        assert!(blocks(&broken).expect_err("refused").contains("XML"));
    }
}
