//! The HTML briefing: one self-contained file (no scripts, no external resources but the
//! article's own link) with the briefing planned by [`super::briefing`] — the document
//! information, the bottom line, recommendations, claims with their evidence, what is not
//! linked, each excerpt quoted once with its label — and, when asked for (`--with-article`),
//! then the article with its highlights, each ending with its excerpt's label as a link. All
//! user text is escaped. Overlapping
//! highlights show as stacked underlines. Prints well (colours kept, excerpts not split).

use super::briefing::{Briefing, Entry, Item, plan};
use super::{ExportInput, Progress};
use crate::model::direction::is_right_to_left;
use crate::model::{Annotation, AnnotationId, BlockKind, Rgb, TagSet};
use std::collections::HashMap;
use std::io::Write;

/// Text safe in HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// ` dir="rtl"` for a right-to-left text's element, else nothing.
fn dir(text: &str) -> &'static str {
    if is_right_to_left(text) {
        " dir=\"rtl\""
    } else {
        ""
    }
}

fn css_colour(rgb: Rgb, alpha: f32) -> String {
    let [r, g, b] = rgb.0;
    format!("rgba({r},{g},{b},{alpha})")
}

fn colour_of(tag_set: &TagSet, annotation: &Annotation) -> Rgb {
    tag_set
        .get(&annotation.tag)
        .map_or(Rgb([128, 128, 128]), |tag| tag.colour)
}

/// The page's style sheet (the project briefing uses it too).
pub(crate) const STYLE: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1d1d1d}\
header p{color:#555}.legend span{margin-right:1.2rem;white-space:nowrap}.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:middle;margin-right:.3em}\
mark{color:inherit;padding:0 1px;border-radius:2px}sup a{font-size:.7em;text-decoration:none;color:#555}\
.article blockquote,.excerpts blockquote{border-left:3px solid #bbb;margin:.4em 0;padding-left:.8em;color:#333}\
.excerpts .item{margin-bottom:1.1em;break-inside:avoid;page-break-inside:avoid}.group{margin-left:1.5em}.tag{font-family:sans-serif;font-size:.8em;font-weight:bold;color:#fff;border-radius:3px;padding:1px 6px}\
.note{white-space:pre-wrap;margin:.2em 0}.where{color:#666;font-size:.9em;margin:.2em 0}.orphan{color:#a00}\
@media print{body{max-width:none;margin:0}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}h2{break-before:page}}";

pub fn write(
    input: &ExportInput<'_>,
    out: &mut dyn Write,
    with_article: bool,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    let briefing = plan(input);
    let document = input.document;
    let tag_set = input.tag_set();
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape_html(&format!("Briefing: {}", briefing.title))
    )?;
    writeln!(out, "<header>")?;
    write_title_block(&briefing, out, 1)?;
    writeln!(out, "<p class=\"legend\">")?;
    let annotations = input.annotations();
    for tag in &tag_set.tags {
        let count = annotations.iter().filter(|(a, _)| a.tag == tag.id).count();
        writeln!(
            out,
            "<span><span class=\"swatch\" style=\"background:{}\"></span>{} ({count})</span>",
            css_colour(tag.colour, 1.0),
            escape_html(&tag.label)
        )?;
    }
    writeln!(out, "</p>\n</header>\n<main>")?;
    write_bottom_line(&briefing, out, 2)?;
    let total = briefing.excerpt_count;
    let mut done = 0;
    writeln!(out, "<section class=\"excerpts\">")?;
    for section in &briefing.sections {
        writeln!(out, "<h2>{}</h2>", escape_html(&section.heading))?;
        for item in &section.items {
            write_item(out, item, &tag_set, &mut done)?;
            progress(done, total);
        }
    }
    if !with_article {
        writeln!(out, "</section>\n</main>\n</body>\n</html>")?;
        return Ok(());
    }
    writeln!(
        out,
        "</section>\n<section class=\"article\">\n<h2>The article, highlighted</h2>"
    )?;
    // Each highlight ends with its excerpt's label, linked to where it is quoted.
    let labels: HashMap<AnnotationId, &str> = briefing
        .quoted_items()
        .into_iter()
        .map(|item| (item.annotation.id, item.label.as_str()))
        .collect();
    let placed: Vec<(&str, &Annotation, &TagSet)> = annotations
        .iter()
        .filter(|(a, _)| a.is_placed())
        .map(|(a, tags)| (labels.get(&a.id).copied().unwrap_or_default(), *a, *tags))
        .collect();
    let direction = input.info.map(|info| info.direction).unwrap_or_default();
    let mut next = 0;
    let mut active: Vec<(&str, &Annotation, &TagSet)> = Vec::new();
    for block in document.blocks() {
        while next < placed.len() && placed[next].1.span.start < block.chars.end {
            active.push(placed[next]);
            next += 1;
        }
        active.retain(|(_, a, _)| a.span.end > block.chars.start);
        let (open, close) = match &block.kind {
            BlockKind::Heading(level) => (
                format!("<h{}>", (level + 2).min(6)),
                format!("</h{}>", (level + 2).min(6)),
            ),
            BlockKind::ListItem { marker, .. } => {
                (format!("<p>{} ", escape_html(marker)), "</p>".to_owned())
            }
            BlockKind::BlockQuote => ("<blockquote>".to_owned(), "</blockquote>".to_owned()),
            BlockKind::Paragraph => ("<p>".to_owned(), "</p>".to_owned()),
            BlockKind::TableRow => ("<p class=\"row\">".to_owned(), "</p>".to_owned()),
        };
        // A right-to-left paragraph says so, so that it starts at the right (by the
        // direction the document information sets, else by its first letter).
        let open = if direction.is_right_to_left(document.slice(block.chars.clone())) {
            open.replacen('>', " dir=\"rtl\">", 1)
        } else {
            open
        };
        write!(out, "{open}")?;
        write_highlighted_block(out, document, block.chars.clone(), &active)?;
        writeln!(out, "{close}")?;
    }
    writeln!(out, "</section>\n</main>\n</body>\n</html>")?;
    Ok(())
}

/// The title as a heading of level `depth`, the line of authors, date, publication and URL,
/// and the reading line.
pub(crate) fn write_title_block(
    briefing: &Briefing<'_>,
    out: &mut dyn Write,
    depth: usize,
) -> std::io::Result<()> {
    let level = depth.clamp(1, 6);
    writeln!(out, "<h{level}>{}</h{level}>", escape_html(&briefing.title))?;
    let mut source: Vec<String> = Vec::new();
    if !briefing.authors.is_empty() {
        source.push(format!(
            "<span class=\"authors\">{}</span>",
            escape_html(&briefing.authors_text())
        ));
    }
    source.extend(briefing.date.as_deref().map(escape_html));
    if !briefing.publication.is_empty() {
        source.push(format!("<i>{}</i>", escape_html(&briefing.publication)));
    }
    if is_web_link(&briefing.url) {
        source.push(format!(
            "<a href=\"{}\">{}</a>",
            escape_html(&briefing.url),
            escape_html(&briefing.url)
        ));
    } else if !briefing.url.is_empty() {
        source.push(escape_html(&briefing.url));
    }
    if !source.is_empty() {
        writeln!(out, "<p class=\"source\">{}</p>", source.join(" · "))?;
    }
    writeln!(out, "<p>{}</p>", escape_html(&briefing.reading_line()))
}

/// The bottom line (each exported layer's reading note) under a heading of level `depth`.
pub(crate) fn write_bottom_line(
    briefing: &Briefing<'_>,
    out: &mut dyn Write,
    depth: usize,
) -> std::io::Result<()> {
    if briefing.bottom_lines.is_empty() {
        return Ok(());
    }
    let level = depth.clamp(1, 6);
    writeln!(
        out,
        "<section class=\"bottom-line\">\n<h{level}>Bottom line</h{level}>"
    )?;
    for bottom_line in &briefing.bottom_lines {
        let lead = bottom_line
            .analyst
            .as_deref()
            .map(|analyst| format!("<b>{}:</b> ", escape_html(analyst)))
            .unwrap_or_default();
        writeln!(
            out,
            "<p class=\"note\">{lead}{}</p>",
            escape_html(&bottom_line.text)
        )?;
    }
    writeln!(out, "</section>")
}

/// A section's excerpts, each quoted in full; `done` counts the excerpts written.
pub(crate) fn write_items(
    items: &[Item<'_>],
    tag_set: &TagSet,
    out: &mut dyn Write,
    done: &mut usize,
) -> std::io::Result<()> {
    for item in items {
        write_item(out, item, tag_set, done)?;
    }
    Ok(())
}

/// Only http(s) and mailto links are made clickable (never `javascript:`).
pub(crate) fn is_web_link(url: &str) -> bool {
    let lowered = url.trim().to_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lowered.starts_with(scheme))
}

/// The anchor of an excerpt quoted in full, by label.
fn anchor(label: &str) -> String {
    format!("x-{}", escape_html(label))
}

/// An excerpt quoted in full: label, tag, location, quote, note, then what it points to (by
/// label) and what points to it (nested).
fn write_item(
    out: &mut dyn Write,
    item: &Item<'_>,
    tag_set: &TagSet,
    done: &mut usize,
) -> std::io::Result<()> {
    writeln!(
        out,
        "<div class=\"item\" id=\"{}\"><p class=\"where\"><span class=\"tag\" style=\"background:{}\">{}</span> <b>{}</b> · {}{}</p>\n<blockquote{}>{}</blockquote>",
        anchor(&item.label),
        css_colour(colour_of(tag_set, item.annotation), 1.0),
        escape_html(&item.tag_label),
        escape_html(&item.label),
        escape_html(&item.location),
        item.analyst
            .as_deref()
            .map(|analyst| format!(" · {}", escape_html(analyst)))
            .unwrap_or_default(),
        dir(&item.annotation.quote.exact),
        escape_html(&item.annotation.quote.exact)
    )?;
    *done += 1;
    if !item.annotation.note.is_empty() {
        writeln!(
            out,
            "<p class=\"note\"{}><i>{}</i></p>",
            dir(&item.annotation.note),
            escape_html(&item.annotation.note)
        )?;
    }
    if !item.link_note.trim().is_empty() {
        writeln!(
            out,
            "<p class=\"note\"><b>On the link:</b> <i>{}</i></p>",
            escape_html(item.link_note)
        )?;
    }
    for line in &item.references {
        let links: Vec<String> = line
            .references
            .iter()
            .map(|reference| {
                format!(
                    "<a href=\"#{}\">{}</a> ({})",
                    anchor(&reference.label),
                    escape_html(&reference.label),
                    escape_html(&reference.short_location)
                )
            })
            .collect();
        writeln!(
            out,
            "<p class=\"relation\"><b>{}:</b> {}</p>",
            escape_html(&line.heading),
            links.join(", ")
        )?;
    }
    for group in &item.groups {
        writeln!(
            out,
            "<div class=\"group\"><p class=\"relation\"><b>{}:</b></p>",
            escape_html(&group.heading)
        )?;
        for entry in &group.entries {
            match entry {
                Entry::Quoted(nested) => write_item(out, nested, tag_set, done)?,
                Entry::Reference(reference, under) => writeln!(
                    out,
                    "<p class=\"relation\"><a href=\"#{}\">{}</a> ({}){}</p>",
                    anchor(&reference.label),
                    escape_html(&reference.label),
                    escape_html(&reference.short_location),
                    under
                        .as_deref()
                        .map(|under| format!(", quoted under {}", escape_html(under)))
                        .unwrap_or_default()
                )?,
            }
        }
        writeln!(out, "</div>")?;
    }
    writeln!(out, "</div>")?;
    Ok(())
}

/// A block's text with `<mark>` around highlighted stretches and its excerpt's label, linked,
/// where each highlight ends.
fn write_highlighted_block(
    out: &mut dyn Write,
    document: &crate::model::Document,
    chars: std::ops::Range<usize>,
    active: &[(&str, &Annotation, &TagSet)],
) -> std::io::Result<()> {
    let mut boundaries: Vec<usize> = vec![chars.start, chars.end];
    for (_, annotation, _) in active {
        boundaries.push(annotation.span.start.clamp(chars.start, chars.end));
        boundaries.push(annotation.span.end.clamp(chars.start, chars.end));
    }
    boundaries.sort_unstable();
    boundaries.dedup();
    for pair in boundaries.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let mut covering: Vec<&(&str, &Annotation, &TagSet)> = active
            .iter()
            .filter(|(_, a, _)| a.span.start <= start && end <= a.span.end)
            .collect();
        covering.sort_by_key(|(_, a, _)| a.span.len());
        let text = escape_html(document.slice(start..end)).replace('\n', "<br>");
        if let Some((_, innermost, tags)) = covering.first() {
            let underlines: Vec<String> = covering
                .iter()
                .take(3)
                .enumerate()
                .map(|(depth, (_, a, t))| {
                    format!(
                        "inset 0 -{}px 0 {}",
                        2 * (depth + 1),
                        css_colour(colour_of(t, a), 1.0)
                    )
                })
                .collect();
            write!(
                out,
                "<mark style=\"background:{};box-shadow:{}\">{text}</mark>",
                css_colour(colour_of(tags, innermost), 0.22),
                underlines.join(",")
            )?;
        } else {
            write!(out, "{text}")?;
        }
        for (label, _, _) in active.iter().filter(|(_, a, _)| a.span.end == end) {
            write!(
                out,
                "<sup><a href=\"#{}\">{}</a></sup>",
                anchor(label),
                escape_html(label)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::render;

    #[test]
    fn self_contained_escaped_and_highlighted() {
        let (_, _, bytes) = render("a<b>.txt", |input, out| {
            write(input, out, true, &mut |_, _| {})
        });
        let html = String::from_utf8(bytes).expect("utf-8");
        assert!(!html.to_lowercase().contains("<script"), "no live script");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        assert!(html.contains("a&lt;b&gt;.txt"));
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "no external resources"
        );
        assert_eq!(html.matches("<mark").count(), 3);
        assert!(
            html.contains("<sup><a href=\"#x-C1\">C1</a></sup>"),
            "{html}"
        );
        assert!(html.contains("<div class=\"item\" id=\"x-R1\">"), "{html}");
        // The recommendation follows from the claim (by label); the evidence is quoted under
        // the claim it supports; each excerpt is quoted in full once.
        assert!(
            html.contains("<b>Follows from:</b> <a href=\"#x-C1\">C1</a> (¶2)"),
            "{html}"
        );
        let recommendations = html
            .find("<h2>Recommendations</h2>")
            .expect("recommendations");
        let claims = html.find("<h2>Claims</h2>").expect("claims");
        assert!(recommendations < claims);
        let supported = html.find("<b>Supported by:</b>").expect("supported by");
        let evidence = html
            .find("<blockquote dir=\"rtl\">فارسی text</blockquote>")
            .expect("evidence");
        assert!(claims < supported && supported < evidence, "{html}");
        for quote in [
            "<blockquote>The odds fall to zero",
            "<blockquote dir=\"rtl\">فارسی text",
            "<blockquote>Washington should be precise",
        ] {
            assert_eq!(
                html.matches(&format!("{quote}</blockquote>")).count(),
                1,
                "{quote}"
            );
        }
    }

    #[test]
    fn without_the_article_each_excerpt_is_in_the_file_once() {
        let (_, _, bytes) = render("a.txt", |input, out| {
            write(input, out, false, &mut |_, _| {})
        });
        let html = String::from_utf8(bytes).expect("utf-8");
        for quote in [
            "The odds fall to zero",
            "فارسی text",
            "Washington should be precise",
        ] {
            assert_eq!(html.matches(quote).count(), 1, "{quote}: {html}");
        }
        assert!(!html.contains("<mark"), "no highlighted article");
        assert!(html.trim_end().ends_with("</html>"));
    }

    #[test]
    fn a_direction_set_in_the_document_information_marks_every_article_paragraph() {
        let article_paragraphs = |html: &str| -> (usize, usize) {
            let article = &html[html.find("class=\"article\"").expect("the article")..];
            (
                article.matches("<p dir=\"rtl\">").count(),
                article.matches("<p>").count(),
            )
        };
        let (_, _, auto) = render("a.txt", |input, out| {
            write(input, out, true, &mut |_, _| {})
        });
        let (right_to_left, left_to_right) =
            article_paragraphs(&String::from_utf8(auto).expect("utf-8"));
        assert!(
            left_to_right > 0,
            "English paragraphs are left to right by default"
        );
        let info = crate::store::DocumentInfo {
            direction: crate::model::direction::TextDirection::RightToLeft,
            ..Default::default()
        };
        let (_, _, set) = render("a.txt", |input, out| {
            let input = ExportInput {
                info: Some(&info),
                ..*input
            };
            write(&input, out, true, &mut |_, _| {})
        });
        let html = String::from_utf8(set).expect("utf-8");
        assert_eq!(
            article_paragraphs(&html),
            (right_to_left + left_to_right, 0),
            "{html}"
        );
    }

    #[test]
    fn only_web_links_are_clickable() {
        let info = crate::store::DocumentInfo {
            url: "javascript:alert(1)".to_owned(),
            ..Default::default()
        };
        let (_, _, bytes) = render("a.txt", |input, out| {
            let input = ExportInput {
                info: Some(&info),
                ..*input
            };
            write(&input, out, true, &mut |_, _| {})
        });
        let html = String::from_utf8(bytes).expect("utf-8");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(is_web_link("https://example.org") && !is_web_link("JavaScript:x"));
    }
}
