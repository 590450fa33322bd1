//! The Markdown briefing: a title, then one section per tag (Claims, Evidence,
//! Recommendations) with each excerpt as a block quote in document order, its note and its
//! location. The argument's structure is nested in: under an excerpt, what relates to it
//! (e.g. *Supported by*: the evidence, quoted with its note, in a block quote inside the
//! claim's), and what it relates to as one-line references (e.g. a recommendation's *Follows
//! from*: the claims). Everything from the analyst stays inside its block quote: every line is quoted,
//! and `<`, `&` and Markdown's line-start markers are escaped, so no note can open a heading,
//! close the quote or inject HTML.

use super::relations::RelationIndex;
use super::{ExportInput, Progress, location_text, plural_label};
use crate::model::{Annotation, TagSet, capitalised};
use std::io::Write;

/// Text made safe inside a Markdown block quote line.
fn escape_inline(text: &str) -> String {
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
        let line = escape_inline(line.trim_end());
        // A line that would start a list or a rule after the quote marker is escaped too.
        let line = match line.chars().next() {
            Some('-' | '+' | '=') => format!("\\{line}"),
            Some(c) if c.is_ascii_digit() && line.contains(". ") => line.replacen(". ", "\\. ", 1),
            _ => line,
        };
        writeln!(out, "{marker} {lead}{line}  ")?;
    }
    Ok(())
}

pub fn write(
    input: &ExportInput<'_>,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    let annotations = input.annotations();
    let total = annotations.len();
    let title = input.title();
    writeln!(out, "# Briefing: {}\n", escape_inline(&title))?;
    writeln!(
        out,
        "*{} excerpts from {} tagged by {}.*\n",
        total,
        escape_inline(input.article_name),
        escape_inline(&input.analysts().join(", "))
    )?;
    let tag_set = input.tag_set();
    let relations = input.relations();
    let mut done = 0;
    let mut sections: Vec<(String, Vec<_>)> = tag_set
        .tags
        .iter()
        .map(|tag| {
            (
                plural_label(&tag.label),
                annotations
                    .iter()
                    .filter(|(a, _)| a.tag == tag.id)
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let unknown: Vec<_> = annotations
        .iter()
        .filter(|(a, _)| tag_set.get(&a.tag).is_none())
        .collect();
    if !unknown.is_empty() {
        sections.push(("Other tags".to_owned(), unknown));
    }
    for (heading, excerpts) in sections {
        if excerpts.is_empty() {
            continue;
        }
        writeln!(out, "## {}\n", escape_inline(&heading))?;
        for (annotation, layer_tags) in excerpts {
            let excerpt = input.excerpt(annotation, layer_tags);
            quote_lines(out, &format!("“{}”", annotation.quote.exact), "")?;
            writeln!(out, ">")?;
            if !annotation.note.trim().is_empty() {
                quote_lines(out, &annotation.note, "**Note:** ")?;
                writeln!(out, ">")?;
            }
            write_relations(out, input, (&relations, &tag_set), annotation)?;
            writeln!(
                out,
                "> — *{}, {}; {}*\n",
                escape_inline(&excerpt.tag_label),
                escape_inline(&location_text(&excerpt)),
                escape_inline(&annotation.analyst)
            )?;
            done += 1;
            progress(done, total);
        }
    }
    Ok(())
}

/// Under an excerpt: what relates to it, quoted in full one level deeper, then what it relates
/// to, one line each.
fn write_relations(
    out: &mut dyn Write,
    input: &ExportInput<'_>,
    (relations, tag_set): (&RelationIndex<'_>, &TagSet),
    annotation: &Annotation,
) -> std::io::Result<()> {
    for info in relations.kinds() {
        let sources = relations.sources(annotation.id, &info.kind);
        if sources.is_empty() {
            continue;
        }
        writeln!(
            out,
            "> **{}:**",
            escape_inline(&capitalised(&info.inverse_label))
        )?;
        writeln!(out, ">")?;
        for source in sources {
            quote_lines_at(out, &format!("“{}”", source.quote.exact), "", "> >")?;
            if !source.note.trim().is_empty() {
                writeln!(out, "> >")?;
                quote_lines_at(out, &source.note, "*Note:* ", "> >")?;
            }
            writeln!(
                out,
                "> > — *{}*",
                escape_inline(&reference_location(input, tag_set, source))
            )?;
            writeln!(out, ">")?;
        }
    }
    for info in relations.kinds() {
        let targets = relations.targets(annotation.id, &info.kind);
        if targets.is_empty() {
            continue;
        }
        writeln!(out, "> **{}:**  ", escape_inline(&capitalised(&info.label)))?;
        for target in targets {
            writeln!(
                out,
                "> “{}” (*{}*)  ",
                escape_inline(&crate::model::one_line_excerpt(&target.quote.exact, 90)),
                escape_inline(&reference_location(input, tag_set, target))
            )?;
        }
        writeln!(out, ">")?;
    }
    Ok(())
}

/// "Evidence, paragraph 4" for a related excerpt.
fn reference_location(
    input: &ExportInput<'_>,
    tag_set: &TagSet,
    annotation: &Annotation,
) -> String {
    let excerpt = input.excerpt(annotation, tag_set);
    format!("{}, {}", excerpt.tag_label, location_text(&excerpt))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::render;

    #[test]
    fn briefing_groups_by_tag_and_keeps_notes_inside_their_quotes() {
        let (_, _, bytes) = render("a.txt", |input, out| write(input, out, &mut |_, _| {}));
        let text = String::from_utf8(bytes).expect("utf-8");
        let claims = text.find("## Claims").expect("claims");
        let evidence = text.find("## Evidence").expect("evidence");
        let recommendations = text.find("## Recommendations").expect("recommendations");
        assert!(claims < evidence && evidence < recommendations, "{text}");
        assert!(text.contains("> **Note:** \\# not a heading"), "{text}");
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
        assert!(text.contains("paragraph 2"), "{text}");
        // The evidence is nested under the claim it supports; the recommendation lists the
        // claim it follows from.
        let claim_entry = &text[claims..evidence];
        assert!(claim_entry.contains("> **Supported by:**"), "{claim_entry}");
        assert!(claim_entry.contains("> > “فارسی text”"), "{claim_entry}");
        let recommendation_entry = &text[recommendations..];
        assert!(
            recommendation_entry.contains("> **Follows from:**"),
            "{recommendation_entry}"
        );
        assert!(
            recommendation_entry.contains("> “The odds fall to zero” (*Claim, "),
            "{recommendation_entry}"
        );
    }
}
