//! A brat `T` line: its fragments mapped to the canonical text and checked against the line's
//! own text; fragments with words between them become one annotation each.

use super::super::raw_offsets::RawOffsets;
use super::CONTEXT_CHARS;
use crate::import::ForeignAnnotation;
use crate::import::squeeze;
use crate::model::Span;

/// What a `T` line gives: its annotation, or one per fragment of a discontinuous span (the
/// first keyed by the line's id, the others `T4#2`, `T4#3`), and why it is placed by its quote
/// when its offsets disagree with its text.
pub(super) struct TextBound {
    pub fragments: Vec<ForeignAnnotation>,
    pub problem: Option<String>,
}

/// A `T` line.
pub(super) fn text_bound(
    fields: &[&str],
    source: Option<&RawOffsets>,
) -> Result<TextBound, String> {
    let [id, kind_and_offsets, text, ..] = fields else {
        return Err("a T line needs an id, a type with offsets, and the text".into());
    };
    let (kind, offsets) = kind_and_offsets
        .split_once(' ')
        .ok_or_else(|| format!("no offsets after the type in {kind_and_offsets:?}"))?;
    let mut fragments = Vec::new();
    for pair in offsets.split(';') {
        let (start, end) = pair
            .trim()
            .split_once(' ')
            .ok_or_else(|| format!("offsets {pair:?} are not START END"))?;
        let parse = |value: &str| {
            value
                .trim()
                .parse::<usize>()
                .map_err(|_| format!("offset {value:?} is not a number"))
        };
        let (start, end) = (parse(start)?, parse(end)?);
        if end < start {
            return Err(format!("offsets {start} {end} are reversed"));
        }
        fragments.push((start, end));
    }
    fragments.sort_unstable();
    let start = fragments.first().map_or(0, |(start, _)| *start);
    let end = fragments.iter().map(|(_, end)| *end).max().unwrap_or(0);
    let id = id.trim();
    let mut annotation = ForeignAnnotation {
        key: id.to_owned(),
        kind: kind.trim().to_owned(),
        span: Some(Span::new(start, end)),
        exact: (*text).to_owned(),
        ..ForeignAnnotation::default()
    };
    let Some(source) = source else {
        return Ok(TextBound {
            fragments: vec![annotation],
            problem: None,
        });
    };
    let mapped: Option<Vec<(usize, usize)>> = fragments
        .iter()
        .map(|&(start, end)| source.span(start, end))
        .collect();
    let document = &source.document;
    let agrees = mapped.as_ref().is_some_and(|mapped| {
        let found: Vec<&str> = mapped
            .iter()
            .map(|&(start, end)| document.slice(start..end))
            .collect();
        squeeze(&found.join(" ")) == squeeze(text)
    });
    let with_context = |mut annotation: ForeignAnnotation, start: usize, end: usize| {
        annotation.span = Some(Span::new(start, end));
        annotation.exact = document.slice(start..end).to_owned();
        annotation.prefix = document
            .slice(start.saturating_sub(CONTEXT_CHARS)..start)
            .to_owned();
        annotation.suffix = document.slice(end..end + CONTEXT_CHARS).to_owned();
        annotation
    };
    match mapped {
        Some(mapped) if agrees => {
            // Fragments split only by line breaks (brat's way, and Closeread's export, to write
            // a passage across lines) are one passage; fragments with words between them are a
            // discontinuous span: one annotation each.
            let split = mapped.windows(2).any(|pair| {
                document
                    .slice(pair[0].1.min(pair[1].0)..pair[1].0)
                    .chars()
                    .any(|c| !c.is_whitespace())
            });
            if !split {
                let end = mapped.iter().map(|(_, end)| *end).max().unwrap_or(0);
                let start = mapped.first().map_or(0, |(start, _)| *start);
                return Ok(TextBound {
                    fragments: vec![with_context(annotation, start, end)],
                    problem: None,
                });
            }
            let fragments = mapped
                .iter()
                .enumerate()
                .map(|(index, &(start, end))| {
                    let mut fragment = annotation.clone();
                    if index > 0 {
                        fragment.key = format!("{id}#{}", index + 1);
                    }
                    with_context(fragment, start, end)
                })
                .collect();
            Ok(TextBound {
                fragments,
                problem: None,
            })
        }
        _ => {
            let found = mapped
                .map(|mapped| {
                    mapped
                        .iter()
                        .map(|&(start, end)| document.slice(start..end))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_else(|| "nothing (past the end of the .txt)".to_owned());
            annotation.span = None;
            Ok(TextBound {
                fragments: vec![annotation],
                problem: Some(format!(
                    "{id}: offsets {offsets} give “{}” but the line says “{text}”",
                    crate::model::one_line_excerpt(&found, 60)
                )),
            })
        }
    }
}
