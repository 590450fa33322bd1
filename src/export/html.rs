//! The HTML report: one self-contained file (no scripts, no external resources) with the
//! article and its highlights, a legend, then the list of excerpts with notes and locations.
//! All user text is escaped. Overlapping highlights show as stacked underlines; each highlight
//! ends with a number linking to its excerpt. Prints well (colours kept, excerpts not split).

use super::{ExportInput, Progress, location_text, plural_label};
use crate::model::{Annotation, BlockKind, Rgb, TagSet};
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

fn css_colour(rgb: Rgb, alpha: f32) -> String {
    let [r, g, b] = rgb.0;
    format!("rgba({r},{g},{b},{alpha})")
}

fn colour_of(tag_set: &TagSet, annotation: &Annotation) -> Rgb {
    tag_set
        .get(&annotation.tag)
        .map_or(Rgb([128, 128, 128]), |tag| tag.colour)
}

const STYLE: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1d1d1d}\
header p{color:#555}.legend span{margin-right:1.2rem;white-space:nowrap}.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:middle;margin-right:.3em}\
mark{color:inherit;padding:0 1px;border-radius:2px}sup a{font-size:.7em;text-decoration:none;color:#555}\
.article blockquote,.excerpts blockquote{border-left:3px solid #bbb;margin:.4em 0;padding-left:.8em;color:#333}\
.excerpts li{margin-bottom:1.1em;break-inside:avoid;page-break-inside:avoid}.tag{font-family:sans-serif;font-size:.8em;font-weight:bold;color:#fff;border-radius:3px;padding:1px 6px}\
.note{white-space:pre-wrap;margin:.2em 0}.where{color:#666;font-size:.9em;margin:.2em 0}.orphan{color:#a00}\
@media print{body{max-width:none;margin:0}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}h2{break-before:page}}";

pub fn write(
    input: &ExportInput<'_>,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    let annotations = input.annotations();
    let total = annotations.len();
    let document = input.document;
    let title = input.title();
    let tag_set = input.tag_set();
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape_html(&format!("Close reading: {title}"))
    )?;
    writeln!(out, "<header>\n<h1>{}</h1>", escape_html(&title))?;
    writeln!(
        out,
        "<p>{} · tagged by {} · {total} excerpts</p>\n<p class=\"legend\">",
        escape_html(input.article_name),
        escape_html(&input.analysts().join(", "))
    )?;
    for tag in &tag_set.tags {
        let count = annotations.iter().filter(|(a, _)| a.tag == tag.id).count();
        writeln!(
            out,
            "<span><span class=\"swatch\" style=\"background:{}\"></span>{} ({count})</span>",
            css_colour(tag.colour, 1.0),
            escape_html(&tag.label)
        )?;
    }
    writeln!(
        out,
        "</p>\n</header>\n<main>\n<section class=\"article\">\n<h2>The article</h2>"
    )?;

    // Numbered in document order; the number links a highlight to its excerpt.
    let placed: Vec<(usize, &Annotation, &TagSet)> = annotations
        .iter()
        .enumerate()
        .filter(|(_, (a, _))| a.is_placed())
        .map(|(index, (a, tags))| (index + 1, *a, *tags))
        .collect();
    let mut next = 0;
    let mut active: Vec<(usize, &Annotation, &TagSet)> = Vec::new();
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
        };
        write!(out, "{open}")?;
        write_highlighted_block(out, document, block.chars.clone(), &active)?;
        writeln!(out, "{close}")?;
    }
    writeln!(
        out,
        "</section>\n<section class=\"excerpts\">\n<h2>Excerpts</h2>"
    )?;
    let relations = input.relations();
    // Excerpt numbers by annotation id, for the relation links.
    let number_of: std::collections::HashMap<crate::model::AnnotationId, usize> = annotations
        .iter()
        .enumerate()
        .map(|(index, (annotation, _))| (annotation.id, index + 1))
        .collect();
    let mut done = 0;
    for tag in &tag_set.tags {
        let of_tag: Vec<(usize, &(&Annotation, &TagSet))> = annotations
            .iter()
            .enumerate()
            .filter(|(_, (a, _))| a.tag == tag.id)
            .collect();
        if of_tag.is_empty() {
            continue;
        }
        writeln!(
            out,
            "<h3>{}</h3>\n<ol>",
            escape_html(&plural_label(&tag.label))
        )?;
        for (index, (annotation, tags)) in of_tag {
            let excerpt = input.excerpt(annotation, tags);
            writeln!(
                out,
                "<li id=\"x{}\" value=\"{}\"><span class=\"tag\" style=\"background:{}\">{}</span>\n<blockquote>{}</blockquote>",
                index + 1,
                index + 1,
                css_colour(colour_of(tags, annotation), 1.0),
                escape_html(&excerpt.tag_label),
                escape_html(&annotation.quote.exact)
            )?;
            if !annotation.note.is_empty() {
                writeln!(
                    out,
                    "<p class=\"note\">{}</p>",
                    escape_html(&annotation.note)
                )?;
            }
            for info in relations.kinds() {
                for (heading, linked) in [
                    (
                        info.label.clone(),
                        relations.targets(annotation.id, &info.kind),
                    ),
                    (
                        info.inverse_label.clone(),
                        relations.sources(annotation.id, &info.kind),
                    ),
                ] {
                    if linked.is_empty() {
                        continue;
                    }
                    let links: Vec<String> = linked
                        .iter()
                        .map(|other| match number_of.get(&other.id) {
                            Some(number) => format!(
                                "<a href=\"#x{number}\">{number}</a> “{}”",
                                escape_html(&crate::model::one_line_excerpt(
                                    &other.quote.exact,
                                    70
                                ))
                            ),
                            None => format!(
                                "“{}”",
                                escape_html(&crate::model::one_line_excerpt(
                                    &other.quote.exact,
                                    70
                                ))
                            ),
                        })
                        .collect();
                    writeln!(
                        out,
                        "<p class=\"relation\"><b>{}:</b> {}</p>",
                        escape_html(&heading),
                        links.join("; ")
                    )?;
                }
            }
            let class = if annotation.is_placed() {
                "where"
            } else {
                "where orphan"
            };
            writeln!(
                out,
                "<p class=\"{class}\">{} · {}</p></li>",
                escape_html(&location_text(&excerpt)),
                escape_html(&annotation.analyst)
            )?;
            done += 1;
            progress(done, total);
        }
        writeln!(out, "</ol>")?;
    }
    writeln!(out, "</section>\n</main>\n</body>\n</html>")?;
    Ok(())
}

/// A block's text with `<mark>` around highlighted stretches and a linked number where each
/// highlight ends.
fn write_highlighted_block(
    out: &mut dyn Write,
    document: &crate::model::Document,
    chars: std::ops::Range<usize>,
    active: &[(usize, &Annotation, &TagSet)],
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
        let mut covering: Vec<&(usize, &Annotation, &TagSet)> = active
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
        for (number, _, _) in active.iter().filter(|(_, a, _)| a.span.end == end) {
            write!(out, "<sup><a href=\"#x{number}\">{number}</a></sup>")?;
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
        let (_, _, bytes) = render("a<b>.txt", |input, out| write(input, out, &mut |_, _| {}));
        let html = String::from_utf8(bytes).expect("utf-8");
        assert!(!html.to_lowercase().contains("<script"), "no live script");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        assert!(html.contains("a&lt;b&gt;.txt"));
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "no external resources"
        );
        assert_eq!(html.matches("<mark").count(), 3);
        assert!(html.contains("<sup><a href=\"#x1\">1</a></sup>"));
        assert!(html.contains("<li id=\"x3\""));
        // The claim (1) is supported by the evidence (2); the recommendation (3) follows from it.
        assert!(
            html.contains("<b>supported by:</b> <a href=\"#x2\">2</a>"),
            "{html}"
        );
        assert!(
            html.contains("<b>follows from:</b> <a href=\"#x1\">1</a>"),
            "{html}"
        );
    }
}
