//! `closeread info` (an article's document information), `closeread text` (its canonical text
//! and blocks) and `closeread note --reading` (the analyst's bottom line).

use super::{ListFormat, TextFormat};
use crate::store::document_info;
use anyhow::{Context, bail};
use std::io::Write;
use std::path::Path;

/// Prints the document information; with `sets` (KEY=VALUE), changes it first and writes
/// `<stem>.meta.ron`. A meta file that cannot be read is an error and is left as it is.
pub fn info(article: &Path, format: ListFormat, sets: &[String]) -> anyhow::Result<()> {
    let path = document_info::meta_path(article);
    let saved = document_info::load(article)?;
    let from_file = saved.is_some();
    let mut info = match saved {
        Some(info) => info,
        None => document_info::load_or_detect(article)?,
    };
    if !sets.is_empty() {
        for assignment in sets {
            let Some((key, value)) = assignment.split_once('=') else {
                bail!(
                    "--set wants KEY=VALUE (keys: {}), not {assignment:?}",
                    document_info::KEYS.join(", ")
                );
            };
            info.set(key, value)?;
        }
        document_info::save(article, &info)?;
        eprintln!("closeread: wrote {}", path.display());
    }
    let mut out = std::io::stdout().lock();
    match format {
        // The fields in order: `title`, `authors` (an array), `date` (null when unknown),
        // `publication`, `url`, `direction` (`auto`, `ltr` or `rtl`).
        ListFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&info)?)?,
        ListFormat::Table => {
            let source = if from_file || !sets.is_empty() {
                path.display().to_string()
            } else {
                format!(
                    "found in the article (not saved; --set or the window's Document info… saves it to {})",
                    path.display()
                )
            };
            let date = info.date.as_deref().unwrap_or_default();
            for (key, value) in [
                ("title", info.title.as_str()),
                ("authors", &info.authors.join("; ")),
                ("date", date),
                ("publication", &info.publication),
                ("url", &info.url),
                ("direction", info.direction.name()),
                ("from", &source),
            ] {
                writeln!(out, "{:<12} {value}", format!("{key}:"))?;
            }
        }
    }
    Ok(())
}

/// Sets the reading note of `session`'s analyst and saves.
pub fn reading_note(mut session: crate::session::ReadingSession, note: &str) -> anyhow::Result<()> {
    session
        .set_reading_note(note)
        .context("cannot set the reading note")?;
    session.save()?;
    Ok(())
}

/// Prints the canonical text, or (JSON) the text with its blocks, document information and
/// format. Reads only: nothing is written.
pub fn text(article: &Path, format: TextFormat) -> anyhow::Result<()> {
    let read = crate::store::read_article(article)?;
    let document = &read.document;
    let mut out = std::io::stdout().lock();
    match format {
        TextFormat::Plain => writeln!(out, "{}", document.text())?,
        TextFormat::Json => {
            let (info, problem) = document_info::load_or_detect_reporting(article);
            if let Some(problem) = problem {
                eprintln!("closeread: {problem}");
            }
            let info = info.unwrap_or_default();
            let json = serde_json::json!({
                "text": document.text(),
                "blocks": document.blocks().iter().map(block_json).collect::<Vec<_>>(),
                "metadata": {
                    "title": info.title,
                    "authors": info.authors,
                    "date": info.date,
                    "publication": info.publication,
                    "url": info.url,
                },
                "format": read.format.id(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
        }
    }
    Ok(())
}

/// A block for `closeread text --format json`: its kind as one of heading, paragraph, list,
/// quote, table; `level` the heading's level or the list item's nesting (1 = outermost).
fn block_json(block: &crate::model::Block) -> serde_json::Value {
    use crate::model::BlockKind;
    let (kind, level) = match &block.kind {
        BlockKind::Heading(level) => ("heading", Some(u32::from(*level))),
        BlockKind::ListItem { depth, .. } => ("list", Some(u32::from(*depth) + 1)),
        BlockKind::BlockQuote => ("quote", None),
        BlockKind::TableRow => ("table", None),
        BlockKind::Paragraph => ("paragraph", None),
    };
    serde_json::json!({
        "start": block.chars.start,
        "end": block.chars.end,
        "kind": kind,
        "level": level,
        "page": block.page,
    })
}
