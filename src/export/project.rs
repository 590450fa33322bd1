//! One export across many articles (what a project search retrieved): the same formats as for
//! one article except brat (a folder per article), in one file.
//!
//! - Briefings (Markdown, HTML, DOCX) start with the project's name and what was selected.
//!   Grouped **by article**, each article follows with its document information first and its
//!   own briefing one heading level down; grouped **by tag**, each main tag's section
//!   (Recommendations, Claims, …, Not linked) holds, under each article's title, that article's
//!   excerpts. Labels (C1, E3) count within their article, as in its own briefing.
//! - CSV: one header (the fixed columns, then every relation kind of any article), the rows of
//!   each article in turn, or all rows ordered by tag (in the tag set's order), then article.
//! - JSON: `{"format": "closeread-project-export", "version": 1, "project", "selection",
//!   "group_by", "articles": [...]}` with each article as its own JSON export.
//! - W3C: one `AnnotationCollection` of every article's annotations (each targets its own
//!   article), in article order or by tag.

use super::briefing::{Briefing, plan};
use super::{ExportFormat, ExportInput, ExportOptions, Progress};
use std::io::Write;

/// How a project export orders what it holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// Article by article, each with its document information first.
    #[default]
    Article,
    /// By tag, each tag's excerpts under their articles.
    Tag,
}

impl GroupBy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Article => "article",
            Self::Tag => "tag",
        }
    }
}

/// A codebook appended to a briefing: each tag and relation kind with its guidance and its
/// anchor examples (plain data, so that exports need not know the project's files).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodebookAppendix {
    pub name: String,
    pub entries: Vec<AppendixEntry>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppendixEntry {
    pub label: String,
    pub id: String,
    pub definition: String,
    pub use_when: String,
    pub not_when: String,
    /// (quoted text, where it is from: "article, analyst", why it is an example).
    pub examples: Vec<(String, String, String)>,
}

impl AppendixEntry {
    /// ("Definition", text) for each guidance field that is filled in.
    fn fields(&self) -> Vec<(&'static str, &str)> {
        [
            ("Definition", self.definition.as_str()),
            ("Use when", self.use_when.as_str()),
            ("Not when", self.not_when.as_str()),
        ]
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .collect()
    }
}

/// What a project export holds.
pub struct ProjectExport<'a> {
    /// The project's name.
    pub name: &'a str,
    /// What was selected, in a sentence ("tags recommendation; analyst analyst-a").
    pub selection: &'a str,
    /// Each article with the layers to export (already filtered), in project order.
    pub articles: &'a [ExportInput<'a>],
    pub group_by: GroupBy,
    /// Appended to the briefings (Markdown, HTML, DOCX) when given.
    pub codebook: Option<&'a CodebookAppendix>,
}

impl ProjectExport<'_> {
    fn excerpt_count(&self) -> usize {
        self.articles
            .iter()
            .map(|input| input.annotations().len())
            .sum()
    }

    /// "12 excerpts from 3 articles; tags recommendation."
    fn summary(&self) -> String {
        let mut line = format!(
            "{} excerpt(s) from {} article(s)",
            self.excerpt_count(),
            self.articles.len()
        );
        if !self.selection.trim().is_empty() {
            line.push_str(&format!("; {}", self.selection.trim()));
        }
        line.push('.');
        line
    }
}

/// Writes `export` in `format` (any but brat).
pub fn write_project(
    format: ExportFormat,
    export: &ProjectExport<'_>,
    out: &mut dyn Write,
    options: &ExportOptions,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    match format {
        ExportFormat::Markdown => markdown(export, out, progress),
        ExportFormat::Html => html(export, out, progress),
        ExportFormat::Docx => docx(export, out, progress),
        ExportFormat::Qdpx => {
            let inputs: Vec<&crate::export::ExportInput<'_>> = export.articles.iter().collect();
            super::refi::write_project(export.name, &inputs, out, progress)
        }
        ExportFormat::Qdc => match export.articles.first() {
            Some(input) => super::refi::write_codebook(input, out),
            None => Err(std::io::Error::other(
                "no article was selected: no codebook to write",
            )),
        },
        ExportFormat::Csv => csv(export, out, options.excel, progress),
        ExportFormat::Json => json(export, out, progress),
        ExportFormat::W3c => w3c(export, out, progress),
        ExportFormat::Brat => Err(std::io::Error::other(
            "brat keeps one folder per article: export the articles one by one",
        )),
    }
}

/// The section headings of the briefings in order of first appearance (Recommendations,
/// Claims, …, Not linked last).
fn section_headings(briefings: &[Briefing<'_>]) -> Vec<String> {
    let mut headings: Vec<String> = Vec::new();
    for briefing in briefings {
        for section in &briefing.sections {
            if !headings.contains(&section.heading) {
                headings.push(section.heading.clone());
            }
        }
    }
    // "Not linked" (the last section of every briefing) stays last.
    if let Some(last) = briefings
        .iter()
        .filter_map(|briefing| briefing.sections.last())
        .map(|section| section.heading.clone())
        .find(|heading| heading == super::briefing::NOT_LINKED)
    {
        headings.retain(|heading| heading != &last);
        headings.push(last);
    }
    headings
}

fn markdown(
    export: &ProjectExport<'_>,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    use super::markdown::{
        escape_inline, heading_mark, write_bottom_line, write_items, write_title_block,
    };
    let briefings: Vec<Briefing<'_>> = export.articles.iter().map(plan).collect();
    let total = export.excerpt_count();
    let mut done = 0;
    writeln!(out, "# {}\n", escape_inline(export.name))?;
    writeln!(out, "*{}*\n", escape_inline(&export.summary()))?;
    match export.group_by {
        GroupBy::Article => {
            for briefing in &briefings {
                write_title_block(briefing, out, 2)?;
                write_bottom_line(briefing, out, 3)?;
                for section in &briefing.sections {
                    writeln!(
                        out,
                        "{} {}\n",
                        heading_mark(3),
                        escape_inline(&section.heading)
                    )?;
                    write_items(&section.items, out, &mut done)?;
                    progress(done, total);
                }
            }
        }
        GroupBy::Tag => {
            for heading in section_headings(&briefings) {
                writeln!(out, "## {}\n", escape_inline(&heading))?;
                for briefing in &briefings {
                    let Some(section) = briefing.sections.iter().find(|s| s.heading == heading)
                    else {
                        continue;
                    };
                    writeln!(out, "### {}\n", escape_inline(&briefing.title))?;
                    writeln!(out, "*{}*\n", escape_inline(&briefing.article_name))?;
                    write_items(&section.items, out, &mut done)?;
                    progress(done, total);
                }
            }
        }
    }
    if let Some(codebook) = export.codebook {
        writeln!(out, "## Codebook: {}\n", escape_inline(&codebook.name))?;
        for entry in &codebook.entries {
            writeln!(
                out,
                "### {} ({})\n",
                escape_inline(&entry.label),
                escape_inline(&entry.id)
            )?;
            for (heading, text) in entry.fields() {
                writeln!(out, "**{heading}:** {}\n", escape_inline(text.trim()))?;
            }
            for (quote, from, why) in &entry.examples {
                writeln!(
                    out,
                    "> “{}”  \n> *{}*",
                    escape_inline(quote.trim()),
                    escape_inline(from)
                )?;
                if !why.trim().is_empty() {
                    writeln!(out, ">  \n> {}", escape_inline(why.trim()))?;
                }
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

/// Anchors (`x-C1`) count within an article; in one page they are made unique per article.
/// Safe to do on the written text: escaped quotes and notes never hold a `"` character.
fn distinct_anchors(html: &str, article: usize) -> String {
    html.replace("id=\"x-", &format!("id=\"a{article}-x-"))
        .replace("href=\"#x-", &format!("href=\"#a{article}-x-"))
}

fn html(
    export: &ProjectExport<'_>,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    use super::html::{STYLE, escape_html, write_bottom_line, write_items, write_title_block};
    let briefings: Vec<Briefing<'_>> = export.articles.iter().map(plan).collect();
    let total = export.excerpt_count();
    let mut done = 0;
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape_html(&format!("Briefing: {}", export.name))
    )?;
    writeln!(
        out,
        "<header>\n<h1>{}</h1>\n<p>{}</p>\n</header>\n<main>",
        escape_html(export.name),
        escape_html(&export.summary())
    )?;
    let items_html = |index: usize, items, done: &mut usize| -> std::io::Result<String> {
        let mut buffer = Vec::new();
        write_items(items, &export.articles[index].tag_set(), &mut buffer, done)?;
        Ok(distinct_anchors(&String::from_utf8_lossy(&buffer), index))
    };
    match export.group_by {
        GroupBy::Article => {
            for (index, briefing) in briefings.iter().enumerate() {
                writeln!(out, "<section class=\"excerpts\">")?;
                write_title_block(briefing, out, 2)?;
                write_bottom_line(briefing, out, 3)?;
                for section in &briefing.sections {
                    writeln!(out, "<h3>{}</h3>", escape_html(&section.heading))?;
                    out.write_all(items_html(index, &section.items, &mut done)?.as_bytes())?;
                    progress(done, total);
                }
                writeln!(out, "</section>")?;
            }
        }
        GroupBy::Tag => {
            for heading in section_headings(&briefings) {
                writeln!(
                    out,
                    "<section class=\"excerpts\">\n<h2>{}</h2>",
                    escape_html(&heading)
                )?;
                for (index, briefing) in briefings.iter().enumerate() {
                    let Some(section) = briefing.sections.iter().find(|s| s.heading == heading)
                    else {
                        continue;
                    };
                    writeln!(
                        out,
                        "<h3>{}</h3>\n<p class=\"where\">{}</p>",
                        escape_html(&briefing.title),
                        escape_html(&briefing.article_name)
                    )?;
                    out.write_all(items_html(index, &section.items, &mut done)?.as_bytes())?;
                    progress(done, total);
                }
                writeln!(out, "</section>")?;
            }
        }
    }
    if let Some(codebook) = export.codebook {
        writeln!(
            out,
            "<section class=\"codebook\">\n<h2>Codebook: {}</h2>",
            escape_html(&codebook.name)
        )?;
        for entry in &codebook.entries {
            writeln!(
                out,
                "<h3>{} <small>({})</small></h3>",
                escape_html(&entry.label),
                escape_html(&entry.id)
            )?;
            for (heading, text) in entry.fields() {
                writeln!(out, "<p><b>{heading}:</b> {}</p>", escape_html(text.trim()))?;
            }
            for (quote, from, why) in &entry.examples {
                writeln!(
                    out,
                    "<blockquote>“{}”<p class=\"where\">{}</p>{}</blockquote>",
                    escape_html(quote.trim()),
                    escape_html(from),
                    if why.trim().is_empty() {
                        String::new()
                    } else {
                        format!("<p class=\"note\">{}</p>", escape_html(why.trim()))
                    }
                )?;
            }
        }
        writeln!(out, "</section>")?;
    }
    writeln!(out, "</main>\n</body>\n</html>")
}

fn docx(
    export: &ProjectExport<'_>,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    use super::docx::{add_bottom_line, add_items, add_title_block, heading_style, pack, styled};
    use docx_rs::{Docx, Paragraph, Run};
    let briefings: Vec<Briefing<'_>> = export.articles.iter().map(plan).collect();
    let total = export.excerpt_count();
    let mut done = 0;
    let text = |text: &str, style: &str| {
        Paragraph::new()
            .style(style)
            .add_run(Run::new().add_text(super::docx::clean(text)))
    };
    let mut document = styled(Docx::new())
        .add_paragraph(text(export.name, heading_style(0)))
        .add_paragraph(text(&export.summary(), "Subtitle"));
    match export.group_by {
        GroupBy::Article => {
            for briefing in &briefings {
                document = add_title_block(document, briefing, 1);
                document = add_bottom_line(document, briefing, 2);
                for section in &briefing.sections {
                    document = document.add_paragraph(text(&section.heading, heading_style(2)));
                    document = add_items(document, &section.items, 3, &mut done);
                    progress(done, total);
                }
            }
        }
        GroupBy::Tag => {
            for heading in section_headings(&briefings) {
                document = document.add_paragraph(text(&heading, heading_style(1)));
                for briefing in &briefings {
                    let Some(section) = briefing.sections.iter().find(|s| s.heading == heading)
                    else {
                        continue;
                    };
                    document = document
                        .add_paragraph(text(&briefing.title, heading_style(2)))
                        .add_paragraph(text(&briefing.article_name, "Subtitle"));
                    document = add_items(document, &section.items, 3, &mut done);
                    progress(done, total);
                }
            }
        }
    }
    if let Some(codebook) = export.codebook {
        document = document.add_paragraph(text(
            &format!("Codebook: {}", codebook.name),
            heading_style(1),
        ));
        for entry in &codebook.entries {
            document = document.add_paragraph(text(
                &format!("{} ({})", entry.label, entry.id),
                heading_style(2),
            ));
            for (heading, value) in entry.fields() {
                document = document.add_paragraph(
                    Paragraph::new()
                        .add_run(Run::new().add_text(format!("{heading}: ")).bold())
                        .add_run(Run::new().add_text(super::docx::clean(value.trim()))),
                );
            }
            for (quote, from, why) in &entry.examples {
                document = document
                    .add_paragraph(text(&format!("“{}”", quote.trim()), "Quote"))
                    .add_paragraph(
                        Paragraph::new().add_run(
                            Run::new()
                                .add_text(super::docx::clean(&if why.trim().is_empty() {
                                    from.clone()
                                } else {
                                    format!("{from} — {}", why.trim())
                                }))
                                .italic(),
                        ),
                    );
            }
        }
    }
    pack(document, out)
}

/// Each article's rows of its own CSV export (made on every core) in one table: the columns
/// of every article, the fixed ones first, then each relation kind as first met.
fn csv(
    export: &ProjectExport<'_>,
    out: &mut dyn Write,
    excel: bool,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let tables: Vec<(Vec<String>, Vec<Vec<String>>)> = export
        .articles
        .par_iter()
        .map(|input| super::csv::table(input, &mut |_, _| {}))
        .collect();
    let mut header: Vec<String> = super::csv::COLUMNS
        .iter()
        .map(|c| (*c).to_owned())
        .collect();
    for (columns, _) in &tables {
        for column in columns {
            if !header.contains(column) {
                header.push(column.clone());
            }
        }
    }
    // Each article's rows with their cells where the header has them.
    let placed: Vec<Vec<Vec<String>>> = tables
        .into_par_iter()
        .map(|(columns, table)| {
            let positions: Vec<Option<usize>> = columns
                .iter()
                .map(|column| header.iter().position(|known| known == column))
                .collect();
            if columns.len() == header.len()
                && positions
                    .iter()
                    .enumerate()
                    .all(|(at, position)| *position == Some(at))
            {
                // The article has every column, in the header's order.
                return table;
            }
            table
                .into_iter()
                .map(|cells| {
                    let mut row = vec![String::new(); header.len()];
                    for (cell, position) in cells.into_iter().zip(&positions) {
                        if let Some(position) = position {
                            row[*position] = cell;
                        }
                    }
                    row
                })
                .collect()
        })
        .collect();
    let total: usize = placed.iter().map(Vec::len).sum();
    if excel {
        out.write_all("\u{feff}".as_bytes())?;
    }
    super::csv::write_table(&header, std::iter::empty(), out, false)?;
    if export.group_by == GroupBy::Tag {
        // (tag order, article index, row); stable: within a tag, articles keep their order
        // and rows theirs.
        let mut rows: Vec<(usize, usize, Vec<String>)> = Vec::with_capacity(total);
        for (index, (input, table)) in export.articles.iter().zip(placed).enumerate() {
            let tag_order = input.tag_set();
            for row in table {
                let order = tag_order
                    .tags
                    .iter()
                    .position(|def| Some(def.id.as_str()) == row.get(2).map(String::as_str))
                    .unwrap_or(usize::MAX);
                rows.push((order, index, row));
            }
        }
        rows.sort_by_key(|(order, index, _)| (*order, *index));
        let mut buffer = Vec::new();
        write_rows(rows.iter().map(|(_, _, row)| row), &mut buffer)?;
        out.write_all(&buffer)?;
    } else {
        // By article: each article's rows encoded on every core, then written in order.
        let encoded: Vec<std::io::Result<Vec<u8>>> = placed
            .par_iter()
            .map(|table| {
                let mut buffer = Vec::new();
                write_rows(table.iter(), &mut buffer)?;
                Ok(buffer)
            })
            .collect();
        for bytes in encoded {
            out.write_all(&bytes?)?;
        }
    }
    progress(total, total);
    Ok(())
}

/// CSV rows without a header, as [`super::csv::write_table`] writes them.
fn write_rows<'r>(
    rows: impl Iterator<Item = &'r Vec<String>>,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    for row in rows {
        writer.write_record(row)?;
    }
    writer.flush()
}

fn json(
    export: &ProjectExport<'_>,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    let total = export.articles.len();
    let mut articles = Vec::with_capacity(total);
    for (index, input) in export.articles.iter().enumerate() {
        let mut buffer = Vec::new();
        super::json::write(input, &mut buffer, &mut |_, _| {})?;
        let value: serde_json::Value =
            serde_json::from_slice(&buffer).map_err(std::io::Error::other)?;
        articles.push(value);
        progress(index + 1, total);
    }
    let value = serde_json::json!({
        "format": "closeread-project-export",
        "version": 1,
        "project": export.name,
        "selection": export.selection,
        "group_by": export.group_by.as_str(),
        "articles": articles,
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&value)?)
}

fn w3c(
    export: &ProjectExport<'_>,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    // (tag order, article index, item)
    let mut items: Vec<(usize, usize, serde_json::Value)> = Vec::new();
    for (index, input) in export.articles.iter().enumerate() {
        let mut buffer = Vec::new();
        super::w3c::write(input, &mut buffer, &mut |_, _| {})?;
        let mut value: serde_json::Value =
            serde_json::from_slice(&buffer).map_err(std::io::Error::other)?;
        let tags = input.tag_set();
        if let Some(list) = value["first"]["items"].as_array_mut() {
            for item in list.drain(..) {
                // Linking annotations follow the annotations they link.
                let tag = item["body"][0]["value"].as_str().unwrap_or_default();
                let order = if item["motivation"] == "linking" {
                    usize::MAX
                } else {
                    tags.tags
                        .iter()
                        .position(|def| def.id.as_str() == tag)
                        .unwrap_or(usize::MAX - 1)
                };
                items.push((order, index, item));
            }
        }
    }
    if export.group_by == GroupBy::Tag {
        items.sort_by_key(|(order, index, _)| (*order, *index));
    }
    let total = items.len();
    let id = format!(
        "urn:closeread:project:{}:export",
        export
            .name
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect::<String>()
    );
    let items: Vec<serde_json::Value> = items.into_iter().map(|(_, _, item)| item).collect();
    progress(total, total);
    let value = serde_json::json!({
        "@context": super::w3c::CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": format!("Closeread annotations of the project {}", export.name),
        "total": total,
        "first": {
            "id": format!("{id}:page:1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
        "last": format!("{id}:page:1"),
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&value)?)
}
