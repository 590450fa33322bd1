//! Counts for the statistics view: annotations per tag, per analyst and per section.
//!
//! A section is what a heading starts; an article without headings is cut into tenths by
//! position (and said so in the section names), so the view always shows where in the article
//! the annotations fall.

use crate::model::{Document, Layer, TagId, TagSet};

/// Tenths used for articles without headings.
const PARTS_WITHOUT_HEADINGS: usize = 10;

/// One row of counts: a name and a count per tag (in the tag set's order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountRow {
    pub name: String,
    pub per_tag: Vec<usize>,
}

impl CountRow {
    pub fn total(&self) -> usize {
        self.per_tag.iter().sum()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statistics {
    /// The tags counted, in the tag set's order, with their labels.
    pub tags: Vec<(TagId, String)>,
    /// One row per analyst, in the order given.
    pub per_analyst: Vec<CountRow>,
    /// The first analyst's (the own layer's) annotations per section, in article order.
    pub per_section: Vec<CountRow>,
    /// Whether the sections are headings (`false`: tenths of the article).
    pub sections_are_headings: bool,
}

/// Counts placed annotations of every layer; `layers[0]` is the one counted per section.
pub fn statistics(document: &Document, tag_set: &TagSet, layers: &[&Layer]) -> Statistics {
    let tags: Vec<(TagId, String)> = tag_set
        .tags
        .iter()
        .map(|tag| (tag.id.clone(), tag.label.clone()))
        .collect();
    let tag_index = |tag: &TagId| tags.iter().position(|(id, _)| id == tag);
    let per_analyst = layers
        .iter()
        .map(|layer| {
            let mut per_tag = vec![0; tags.len()];
            for annotation in layer.annotations().iter().filter(|a| a.is_placed()) {
                if let Some(index) = tag_index(&annotation.tag) {
                    per_tag[index] += 1;
                }
            }
            CountRow {
                name: layer.analyst.clone(),
                per_tag,
            }
        })
        .collect();

    let (mut per_section, section_of): (Vec<CountRow>, Box<dyn Fn(usize) -> usize>) =
        sections(document, tags.len());
    let sections_are_headings = document
        .blocks()
        .iter()
        .any(|block| matches!(block.kind, crate::model::BlockKind::Heading(_)));
    if let Some(layer) = layers.first() {
        for annotation in layer.annotations().iter().filter(|a| a.is_placed()) {
            if let Some(index) = tag_index(&annotation.tag) {
                let section = section_of(annotation.span.start).min(per_section.len() - 1);
                per_section[section].per_tag[index] += 1;
            }
        }
    }
    Statistics {
        tags,
        per_analyst,
        per_section,
        sections_are_headings,
    }
}

/// The sections' empty rows, and which section a char offset is in.
fn sections(
    document: &Document,
    tag_count: usize,
) -> (Vec<CountRow>, Box<dyn Fn(usize) -> usize + '_>) {
    let headings: Vec<usize> = document
        .blocks()
        .iter()
        .enumerate()
        .filter(|(_, block)| matches!(block.kind, crate::model::BlockKind::Heading(_)))
        .map(|(index, _)| index)
        .collect();
    if headings.is_empty() {
        let length = document.char_count().max(1);
        let rows = (0..PARTS_WITHOUT_HEADINGS)
            .map(|part| CountRow {
                name: format!(
                    "{}–{}%",
                    part * 100 / PARTS_WITHOUT_HEADINGS,
                    (part + 1) * 100 / PARTS_WITHOUT_HEADINGS
                ),
                per_tag: vec![0; tag_count],
            })
            .collect();
        return (
            rows,
            Box::new(move |offset| offset * PARTS_WITHOUT_HEADINGS / length),
        );
    }
    // Text before the first heading is its own section.
    let has_preamble = headings[0] > 0;
    let mut rows = Vec::new();
    if has_preamble {
        rows.push(CountRow {
            name: "(before the first heading)".to_owned(),
            per_tag: vec![0; tag_count],
        });
    }
    for &heading in &headings {
        let block = &document.blocks()[heading];
        rows.push(CountRow {
            name: crate::model::one_line_excerpt(document.slice(block.chars.clone()), 40),
            per_tag: vec![0; tag_count],
        });
    }
    let section_of = move |offset: usize| {
        let block = document.block_index_at(offset).unwrap_or(0);
        let headings_before = headings.partition_point(|&heading| heading <= block);
        match (has_preamble, headings_before) {
            (true, count) => count,
            (false, count) => count.saturating_sub(1),
        }
    };
    (rows, Box::new(section_of))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, BlockKind, Span};
    use proptest::prelude::*;

    fn layer_with(document: &Document, analyst: &str, spans: &[(usize, usize, &str)]) -> Layer {
        let mut layer = Layer::new(analyst.to_owned(), TagSet::default());
        for &(start, end, tag) in spans {
            let annotation = Annotation::new(
                document,
                Span::new(start, end),
                TagId::new(tag),
                String::new(),
                analyst,
            );
            layer.insert(annotation).expect("fresh id");
        }
        layer
    }

    #[test]
    fn counts_per_tag_per_analyst_and_per_heading() {
        let document = Document::from_blocks(vec![
            (BlockKind::Paragraph, "Intro words here.".to_owned()),
            (BlockKind::Heading(2), "First".to_owned()),
            (BlockKind::Paragraph, "Alpha beta gamma.".to_owned()),
            (BlockKind::Heading(2), "Second".to_owned()),
            (BlockKind::Paragraph, "Delta epsilon.".to_owned()),
        ]);
        let alpha = document.blocks()[2].chars.start;
        let delta = document.blocks()[4].chars.start;
        let own = layer_with(
            &document,
            "a",
            &[
                (0, 5, "claim"),
                (alpha, alpha + 5, "evidence"),
                (delta, delta + 5, "claim"),
            ],
        );
        let other = layer_with(&document, "b", &[(alpha, alpha + 5, "claim")]);
        let stats = statistics(&document, &TagSet::default(), &[&own, &other]);
        assert!(stats.sections_are_headings);
        let names: Vec<&str> = stats
            .per_section
            .iter()
            .map(|row| row.name.as_str())
            .collect();
        assert_eq!(names, ["(before the first heading)", "First", "Second"]);
        let totals: Vec<usize> = stats.per_section.iter().map(CountRow::total).collect();
        assert_eq!(totals, [1, 1, 1]);
        assert_eq!(stats.per_analyst[0].total(), 3);
        assert_eq!(stats.per_analyst[1].name, "b");
        assert_eq!(stats.per_analyst[1].total(), 1);
    }

    proptest! {
        #[test]
        fn every_placed_annotation_is_counted_once_per_view(
            starts in prop::collection::vec(0usize..200, 0..40),
        ) {
            let text: String = "word ".repeat(40);
            let document = Document::from_blocks(vec![(BlockKind::Paragraph, text)]);
            let spans: Vec<(usize, usize, &str)> = starts
                .iter()
                .enumerate()
                .map(|(i, &s)| (s, s + 3, ["claim", "evidence", "recommendation"][i % 3]))
                .collect();
            let layer = layer_with(&document, "a", &spans);
            let stats = statistics(&document, &TagSet::default(), &[&layer]);
            prop_assert!(!stats.sections_are_headings);
            let by_section: usize = stats.per_section.iter().map(CountRow::total).sum();
            prop_assert_eq!(by_section, layer.annotations().len());
            prop_assert_eq!(stats.per_analyst[0].total(), layer.annotations().len());
        }
    }
}
