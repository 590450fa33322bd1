//! The Markdown briefing, as planned by [`super::briefing`]: the title, then a line with the
//! authors, date, publication and URL, then one with the analysts and the date of the reading;
//! the bottom line; then Recommendations, Claims (with the evidence nested in their block
//! quotes) and Not linked, each excerpt quoted once with its label, note and location, and
//! referred to elsewhere by its label ("E3 (¶10)").
//!
//! Everything that comes from the article or the analyst is escaped: in the header, and inside
//! the block quotes, where every line is quoted and `<`, `&` and Markdown's line-start markers
//! are escaped, so no note can open a heading, close the quote or inject HTML.

use super::briefing::{Briefing, Entry, Item, plan};
use super::{ExportInput, Progress};
use std::io::Write;

/// Text made safe inside a Markdown block quote line.
pub fn escape_inline(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                escaped.push('\\');
                escaped.push(c);
            }
            _ => escaped.push(c),
        }
    }
    escaped
}

/// Escapes what would start a list or a rule at the start of an (escaped) line.
fn escape_line_start(line: &str) -> String {
    match line.chars().next() {
        Some('-' | '+' | '=') => format!("\\{line}"),
        Some(c) if c.is_ascii_digit() && line.contains(". ") => line.replacen(". ", "\\. ", 1),
        _ => line.to_owned(),
    }
}

/// Writes `text` as lines of the current block quote.
fn quote_lines(out: &mut dyn Write, text: &str, prefix: &str) -> std::io::Result<()> {
    quote_lines_at(out, text, prefix, ">")
}

/// Writes `text` as lines of a block quote nested as deep as `marker` says (`>` or `> >`).
fn quote_lines_at(
    out: &mut dyn Write,
    text: &str,
    prefix: &str,
    marker: &str,
) -> std::io::Result<()> {
    for (index, line) in text.lines().enumerate() {
        let lead = if index == 0 { prefix } else { "" };
        let line = escape_line_start(&escape_inline(line.trim_end()));
        writeln!(out, "{marker} {lead}{line}  ")?;
    }
    Ok(())
}

pub fn write(
    input: &ExportInput<'_>,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    let briefing = plan(input);
    write_title_block(&briefing, out, 1)?;
    let mut done = 0;
    write_bottom_line(&briefing, out, 2)?;
    for section in &briefing.sections {
        writeln!(out, "## {}\n", escape_inline(&section.heading))?;
        write_items(&section.items, out, &mut done)?;
        progress(done, briefing.excerpt_count);
    }
    Ok(())
}

/// `#` repeated `depth` times: the heading mark of that level.
pub(crate) fn heading_mark(depth: usize) -> String {
    "#".repeat(depth.clamp(1, 6))
}

/// The title at heading level `depth`, the line of authors, date, publication and URL, and
/// the reading line.
pub(crate) fn write_title_block(
    briefing: &Briefing<'_>,
    out: &mut dyn Write,
    depth: usize,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{} {}\n",
        heading_mark(depth),
        escape_inline(&briefing.title)
    )?;
    // The title block is these four lines; everything after is a heading, quoted or blank.
    let mut source: Vec<String> = Vec::new();
    if !briefing.authors.is_empty() {
        source.push(format!("**{}**", escape_inline(&briefing.authors_text())));
    }
    source.extend(briefing.date.as_deref().map(escape_inline));
    if !briefing.publication.is_empty() {
        source.push(format!("*{}*", escape_inline(&briefing.publication)));
    }
    if super::html::is_web_link(&briefing.url) {
        source.push(link(&briefing.url));
    } else if !briefing.url.is_empty() {
        // Not a web link (`/news/…`, or `javascript:`): shown, never clickable.
        source.push(escape_inline(&briefing.url));
    }
    if source.is_empty() {
        source.push(escape_inline(&briefing.article_name));
    }
    writeln!(out, "{}  ", escape_line_start(&source.join(" · ")))?;
    writeln!(out, "*{}*\n", escape_inline(&briefing.reading_line()))
}

/// The bottom line (each exported layer's reading note) under a heading at `depth`.
pub(crate) fn write_bottom_line(
    briefing: &Briefing<'_>,
    out: &mut dyn Write,
    depth: usize,
) -> std::io::Result<()> {
    if briefing.bottom_lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "{} Bottom line\n", heading_mark(depth))?;
    for bottom_line in &briefing.bottom_lines {
        let lead = bottom_line
            .analyst
            .as_deref()
            .map(|analyst| format!("**{}:** ", escape_inline(analyst)))
            .unwrap_or_default();
        quote_lines(out, &bottom_line.text, &lead)?;
        writeln!(out)?;
    }
    Ok(())
}

/// A section's excerpts, each quoted in full; `done` counts the excerpts written.
pub(crate) fn write_items(
    items: &[Item<'_>],
    out: &mut dyn Write,
    done: &mut usize,
) -> std::io::Result<()> {
    for item in items {
        write_item(out, item, ">", done)?;
        writeln!(out)?;
    }
    Ok(())
}

/// A link whose target cannot end early or break out (spaces, brackets and parentheses are
/// percent-encoded) and whose text is escaped.
fn link(url: &str) -> String {
    let mut target = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => target.push_str("%20"),
            '(' => target.push_str("%28"),
            ')' => target.push_str("%29"),
            '<' => target.push_str("%3C"),
            '>' => target.push_str("%3E"),
            '[' => target.push_str("%5B"),
            ']' => target.push_str("%5D"),
            '\\' => target.push_str("%5C"),
            c if c.is_control() => {}
            c => target.push(c),
        }
    }
    format!("[{}]({target})", escape_inline(url))
}

/// An excerpt quoted in full at the block quote depth `marker` (`>` or `> >`): its label, tag
/// and location, the quote, the note, what it points to and what points to it.
fn write_item(
    out: &mut dyn Write,
    item: &Item<'_>,
    marker: &str,
    done: &mut usize,
) -> std::io::Result<()> {
    let mut heading = format!(
        "**{}** · *{}* · {}",
        escape_inline(&item.label),
        escape_inline(&item.tag_label),
        escape_inline(&item.location)
    );
    if let Some(analyst) = &item.analyst {
        heading.push_str(&format!(" · {}", escape_inline(analyst)));
    }
    writeln!(out, "{marker} {heading}  ")?;
    writeln!(out, "{marker}")?;
    quote_lines_at(
        out,
        &format!("“{}”", item.annotation.quote.exact),
        "",
        marker,
    )?;
    *done += 1;
    if !item.annotation.note.trim().is_empty() {
        writeln!(out, "{marker}")?;
        quote_lines_at(out, &item.annotation.note, "*Note:* ", marker)?;
    }
    if !item.link_note.trim().is_empty() {
        writeln!(out, "{marker}")?;
        quote_lines_at(out, item.link_note, "*On the link:* ", marker)?;
    }
    for line in &item.references {
        let references: Vec<String> = line.references.iter().map(ToString::to_string).collect();
        writeln!(out, "{marker}")?;
        writeln!(
            out,
            "{marker} **{}:** {}",
            escape_inline(&line.heading),
            escape_inline(&references.join(", "))
        )?;
    }
    for group in &item.groups {
        writeln!(out, "{marker}")?;
        writeln!(out, "{marker} **{}:**", escape_inline(&group.heading))?;
        let nested = format!("{marker} >");
        for entry in &group.entries {
            writeln!(out, "{marker}")?;
            match entry {
                Entry::Quoted(nested_item) => write_item(out, nested_item, &nested, done)?,
                Entry::Reference(reference, under) => {
                    let whereabouts = match under {
                        Some(under) => format!(", quoted under {under}"),
                        None => String::new(),
                    };
                    writeln!(
                        out,
                        "{nested} {}{}",
                        escape_inline(&reference.to_string()),
                        escape_inline(&whereabouts)
                    )?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::render;

    #[test]
    fn briefing_puts_recommendations_first_and_keeps_notes_inside_their_quotes() {
        let (_, _, bytes) = render("a.txt", |input, out| write(input, out, &mut |_, _| {}));
        let text = String::from_utf8(bytes).expect("utf-8");
        let recommendations = text.find("## Recommendations").expect("recommendations");
        let claims = text.find("## Claims").expect("claims");
        assert!(recommendations < claims, "{text}");
        assert!(
            !text.contains("## Evidence"),
            "the evidence sits under its claim: {text}"
        );
        assert!(text.contains("> *Note:* \\# not a heading"), "{text}");
        assert!(text.contains("> &gt; nor a quote"), "{text}");
        assert!(text.contains("&lt;script&gt;"), "{text}");
        assert!(!text.contains("<script>"), "{text}");
        // Every line after the title block is a heading, a quote line or blank.
        for line in text.lines().skip(4) {
            assert!(
                line.is_empty() || line.starts_with("## ") || line.starts_with('>'),
                "{line:?}"
            );
        }
        assert!(text.contains("¶2"), "{text}");
        // The evidence is nested under the claim it supports; the recommendation names the
        // claim it follows from by its label.
        let claim_entry = &text[claims..];
        assert!(claim_entry.contains("> **Supported by:**"), "{claim_entry}");
        assert!(claim_entry.contains("> > “فارسی text”"), "{claim_entry}");
        let recommendation_entry = &text[recommendations..claims];
        assert!(
            recommendation_entry.contains("> **Follows from:** C1 (¶2)"),
            "{recommendation_entry}"
        );
        // Each excerpt is quoted in full once.
        for quote in [
            "“The odds fall to zero”",
            "“فارسی text”",
            "“Washington should be precise”",
        ] {
            assert_eq!(text.matches(quote).count(), 1, "{quote} in {text}");
        }
    }

    #[test]
    fn the_header_shows_the_document_information_escaped() {
        let info = crate::store::DocumentInfo {
            title: "The *Real* Title".to_owned(),
            authors: vec!["Jane Doe".to_owned(), "- John <Roe>".to_owned()],
            date: Some("2019-05-02".to_owned()),
            publication: "Review".to_owned(),
            url: "https://example.org/a (b)".to_owned(),
            ..Default::default()
        };
        let (_, _, bytes) = render("a.txt", |input, out| {
            let input = ExportInput {
                info: Some(&info),
                ..*input
            };
            write(&input, out, &mut |_, _| {})
        });
        let text = String::from_utf8(bytes).expect("utf-8");
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("# The \\*Real\\* Title"));
        assert_eq!(lines.next(), Some(""));
        let source = lines.next().expect("source line");
        assert!(
            source.starts_with("**Jane Doe and - John &lt;Roe&gt;** · 2 May 2019 · *Review* · "),
            "{source}"
        );
        assert!(
            source.contains("(https://example.org/a%20%28b%29)"),
            "{source}"
        );
        assert!(
            lines
                .next()
                .is_some_and(|line| line.contains("tagged by analyst-a"))
        );
        let script = crate::store::DocumentInfo {
            url: "javascript:alert(1)".to_owned(),
            ..info
        };
        let (_, _, bytes) = render("a.txt", |input, out| {
            let input = ExportInput {
                info: Some(&script),
                ..*input
            };
            write(&input, out, &mut |_, _| {})
        });
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(
            text.contains("javascript:alert(1)") && !text.contains("](javascript"),
            "{text}"
        );
    }
}
