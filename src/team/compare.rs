//! Two analysts' readings paired up, for the compare view and its disagreement navigator.
//!
//! Annotations of the two layers that overlap are paired one-to-one, best pairs first: same
//! bounds before different ones, same tag before different, then by how many chars they share.
//! Each pair, and each annotation left unpaired, becomes one [`Comparison`], in document order.

use crate::model::{Annotation, AnnotationId, Layer, Span};
use std::collections::HashSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Difference {
    /// Same bounds, same tag.
    Agree,
    /// Same bounds, different tags.
    TagDiffers,
    /// Same tag, overlapping with different bounds.
    BoundsDiffer,
    /// Overlapping, with different bounds and different tags.
    TagAndBoundsDiffer,
    /// Tagged by the first analyst only.
    OnlyFirst,
    /// Tagged by the second analyst only.
    OnlySecond,
}

impl Difference {
    pub const ALL: [Difference; 6] = [
        Difference::Agree,
        Difference::TagDiffers,
        Difference::BoundsDiffer,
        Difference::TagAndBoundsDiffer,
        Difference::OnlyFirst,
        Difference::OnlySecond,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Difference::Agree => "same span, same tag",
            Difference::TagDiffers => "same span, tags differ",
            Difference::BoundsDiffer => "same tag, bounds differ",
            Difference::TagAndBoundsDiffer => "tags and bounds differ",
            Difference::OnlyFirst => "only the first analyst",
            Difference::OnlySecond => "only the second analyst",
        }
    }

    pub fn is_disagreement(self) -> bool {
        self != Difference::Agree
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub difference: Difference,
    pub first: Option<AnnotationId>,
    pub second: Option<AnnotationId>,
    /// From the earliest start to the latest end of the two.
    pub extent: Span,
}

/// How good a pair is, best lowest: bounds differ?, tags differ?, then more chars shared.
type PairRank = (bool, bool, std::cmp::Reverse<usize>);

/// Pairs the placed annotations of `first` and `second`; see the module docs.
pub fn compare(first: &Layer, second: &Layer) -> Vec<Comparison> {
    let placed = |layer: &Layer| -> Vec<Annotation> {
        layer
            .annotations()
            .iter()
            .filter(|annotation| annotation.is_placed())
            .cloned()
            .collect()
    };
    let (list_a, list_b) = (placed(first), placed(second));
    let longest_b = list_b.iter().map(|b| b.span.len()).max().unwrap_or(0);
    // (rank, a index, b index); a lower rank is a better pair.
    let mut candidates: Vec<(PairRank, usize, usize)> = Vec::new();
    for (index_a, a) in list_a.iter().enumerate() {
        let first_b = list_b.partition_point(|b| b.span.start + longest_b < a.span.start);
        for (index_b, b) in list_b.iter().enumerate().skip(first_b) {
            if b.span.start >= a.span.end {
                break;
            }
            if !a.span.overlaps(&b.span) {
                continue;
            }
            let shared = a.span.end.min(b.span.end) - a.span.start.max(b.span.start);
            let rank = (a.span != b.span, a.tag != b.tag, std::cmp::Reverse(shared));
            candidates.push((rank, index_a, index_b));
        }
    }
    candidates.sort();
    let (mut used_a, mut used_b) = (HashSet::new(), HashSet::new());
    let mut comparisons = Vec::new();
    for (_, index_a, index_b) in candidates {
        if used_a.contains(&index_a) || used_b.contains(&index_b) {
            continue;
        }
        used_a.insert(index_a);
        used_b.insert(index_b);
        let (a, b) = (&list_a[index_a], &list_b[index_b]);
        let difference = match (a.span == b.span, a.tag == b.tag) {
            (true, true) => Difference::Agree,
            (true, false) => Difference::TagDiffers,
            (false, true) => Difference::BoundsDiffer,
            (false, false) => Difference::TagAndBoundsDiffer,
        };
        comparisons.push(Comparison {
            difference,
            first: Some(a.id),
            second: Some(b.id),
            extent: Span::new(a.span.start.min(b.span.start), a.span.end.max(b.span.end)),
        });
    }
    let alone = |list: &[Annotation], used: &HashSet<usize>, difference, is_first: bool| {
        list.iter()
            .enumerate()
            .filter(|(index, _)| !used.contains(index))
            .map(|(_, annotation)| Comparison {
                difference,
                first: is_first.then_some(annotation.id),
                second: (!is_first).then_some(annotation.id),
                extent: annotation.span,
            })
            .collect::<Vec<_>>()
    };
    comparisons.extend(alone(&list_a, &used_a, Difference::OnlyFirst, true));
    comparisons.extend(alone(&list_b, &used_b, Difference::OnlySecond, false));
    comparisons.sort_by_key(|comparison| (comparison.extent.start, comparison.extent.end));
    comparisons
}

/// The comparisons that are disagreements, in document order: what the navigator steps
/// through.
pub fn disagreements(comparisons: &[Comparison]) -> Vec<&Comparison> {
    comparisons
        .iter()
        .filter(|comparison| comparison.difference.is_disagreement())
        .collect()
}

/// How many comparisons of each kind, in [`Difference::ALL`] order.
pub fn count_by_difference(comparisons: &[Comparison]) -> Vec<(Difference, usize)> {
    Difference::ALL
        .iter()
        .map(|&difference| {
            let count = comparisons
                .iter()
                .filter(|comparison| comparison.difference == difference)
                .count();
            (difference, count)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;
    use crate::team::test_support::layer;

    #[test]
    fn every_kind_of_difference_is_found_in_document_order() {
        let document = Document::from_raw_text(&"word ".repeat(60));
        let a = layer(
            &document,
            "a",
            &[
                (0, 9, "claim"),
                (20, 29, "claim"),
                (40, 49, "claim"),
                (60, 69, "claim"),
                (80, 89, "evidence"),
            ],
        );
        let b = layer(
            &document,
            "b",
            &[
                (0, 9, "claim"),
                (20, 29, "evidence"),
                (42, 49, "claim"),
                (61, 69, "evidence"),
                (200, 209, "claim"),
            ],
        );
        let kinds: Vec<Difference> = compare(&a, &b)
            .iter()
            .map(|comparison| comparison.difference)
            .collect();
        assert_eq!(
            kinds,
            vec![
                Difference::Agree,
                Difference::TagDiffers,
                Difference::BoundsDiffer,
                Difference::TagAndBoundsDiffer,
                Difference::OnlyFirst,
                Difference::OnlySecond,
            ]
        );
    }

    #[test]
    fn the_exact_twin_wins_over_a_longer_overlap() {
        let document = Document::from_raw_text(&"word ".repeat(20));
        let a = layer(&document, "a", &[(0, 30, "claim"), (5, 9, "claim")]);
        let b = layer(&document, "b", &[(5, 9, "claim")]);
        let comparisons = compare(&a, &b);
        assert_eq!(comparisons.len(), 2);
        assert!(
            comparisons
                .iter()
                .any(|comparison| comparison.difference == Difference::Agree)
        );
        assert!(
            comparisons
                .iter()
                .any(|comparison| comparison.difference == Difference::OnlyFirst)
        );
    }
}
