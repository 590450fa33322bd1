//! `closeread align`: an article's paragraphs paired with another edition's.

use super::AlignFormat;
use crate::editions::{self, Editions};
use std::io::Write;
use std::path::Path;

/// The blocks' texts of an article, in order.
fn paragraph_texts(document: &crate::model::Document) -> Vec<&str> {
    document
        .blocks()
        .iter()
        .map(|block| document.slice(block.chars.clone()))
        .collect()
}

/// The first words of a paragraph, on one line.
fn opening(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = line.chars();
    let head: String = chars.by_ref().take(48).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

pub fn align(
    article_a: &Path,
    article_b: &Path,
    format: AlignFormat,
    write: bool,
) -> anyhow::Result<()> {
    let a = crate::store::read_article(article_a)?.document;
    let b = crate::store::read_article(article_b)?.document;
    let (texts_a, texts_b) = (paragraph_texts(&a), paragraph_texts(&b));
    let editions = match editions::aligned_with_file(article_a, article_b, &texts_a, &texts_b) {
        Ok(editions) => editions,
        // Printing needs no file: say why the file's pairs are not used, and go on.
        Err(error) if !write => {
            eprintln!("closeread: {error}; printing the automatic pairing");
            let mut fresh = Editions::new(article_a, article_b, Vec::new());
            fresh.realign(editions::align(&texts_a, &texts_b));
            fresh
        }
        Err(error) => return Err(error.into()),
    };
    if write {
        let path = editions::save(article_a, &editions)?;
        eprintln!("closeread: wrote {}", path.display());
    }
    let mut out = std::io::stdout().lock();
    match format {
        AlignFormat::Csv | AlignFormat::Html => {
            let direction = |article: &Path| {
                crate::store::document_info::load(article)
                    .ok()
                    .flatten()
                    .map(|info| info.direction)
                    .unwrap_or_default()
            };
            let edition_a = editions::export::Edition {
                name: &editions.a,
                document: &a,
                direction: direction(article_a),
            };
            let edition_b = editions::export::Edition {
                name: &editions.b,
                document: &b,
                direction: direction(article_b),
            };
            if format == AlignFormat::Csv {
                editions::export::write_csv(&editions, &edition_a, &edition_b, &mut out, false)?;
            } else {
                editions::export::write_html(&editions, &edition_a, &edition_b, &mut out)?;
            }
        }
        AlignFormat::Json => {
            let pairs: Vec<serde_json::Value> = editions
                .pairs
                .iter()
                .map(|pairing| serde_json::json!({ "a": pairing.a, "b": pairing.b }))
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&pairs)?)?;
        }
        AlignFormat::Table => {
            let list = |indexes: &[usize]| -> String {
                if indexes.is_empty() {
                    "—".to_owned()
                } else {
                    indexes
                        .iter()
                        .map(|index| format!("#{index}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let first = |texts: &[&str], indexes: &[usize]| {
                indexes
                    .first()
                    .and_then(|&index| texts.get(index))
                    .map(|text| opening(text))
                    .unwrap_or_default()
            };
            writeln!(
                out,
                "{} ({} paragraphs) ↔ {} ({} paragraphs)",
                editions.a,
                texts_a.len(),
                editions.b,
                texts_b.len()
            )?;
            for pairing in &editions.pairs {
                let mark = if pairing.by_hand { " (by hand)" } else { "" };
                writeln!(
                    out,
                    "{:<12} ↔ {:<12}{mark}  {}  |  {}",
                    list(&pairing.a),
                    list(&pairing.b),
                    first(&texts_a, &pairing.a),
                    first(&texts_b, &pairing.b)
                )?;
                if !pairing.note.is_empty() {
                    writeln!(out, "             note: {}", pairing.note)?;
                }
            }
        }
    }
    Ok(())
}
