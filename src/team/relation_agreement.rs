//! Relation F1 over matched spans: two analysts' annotations are first matched one-to-one
//! (same tag, overlapping, a maximum matching as for span F1); a relation of one analyst
//! matches one of the other when both its ends are matched to the other's relation's ends and
//! the kinds are the same. F1 = 2 · matches / (relations of A + relations of B), overall and
//! per relation kind.

use super::f1::{f1, overlap_matching};
use crate::model::{AnnotationId, Layer, Relation, TagId};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which of B's annotations each of A's placed annotations is matched to.
fn span_matching(a: &Layer, b: &Layer) -> HashMap<AnnotationId, AnnotationId> {
    let tags: BTreeSet<&TagId> = a
        .annotations()
        .iter()
        .chain(b.annotations())
        .map(|annotation| &annotation.tag)
        .collect();
    let spans_of = |layer: &Layer, tag: &TagId| -> Vec<((usize, usize), AnnotationId)> {
        let mut spans: Vec<((usize, usize), AnnotationId)> = layer
            .annotations()
            .iter()
            .filter(|annotation| annotation.is_placed() && &annotation.tag == tag)
            .map(|annotation| ((annotation.span.start, annotation.span.end), annotation.id))
            .collect();
        spans.sort();
        spans
    };
    let mut matched = HashMap::new();
    for tag in tags {
        let (spans_a, spans_b) = (spans_of(a, tag), spans_of(b, tag));
        let bounds = |spans: &[((usize, usize), AnnotationId)]| -> Vec<(usize, usize)> {
            spans.iter().map(|(span, _)| *span).collect()
        };
        for (index_a, index_b) in overlap_matching(&bounds(&spans_a), &bounds(&spans_b)) {
            matched.insert(spans_a[index_a].1, spans_b[index_b].1);
        }
    }
    matched
}

/// Relation F1 overall and per relation kind (kinds either analyst used); `None` when neither
/// has a relation (of that kind).
pub fn relation_f1(a: &Layer, b: &Layer) -> (Option<f64>, BTreeMap<String, Option<f64>>) {
    let matched = span_matching(a, b);
    // Links only: notes on relations do not count in agreement.
    let b_relations: BTreeSet<(AnnotationId, AnnotationId, &str)> = b
        .relations()
        .iter()
        .map(|relation| (relation.source, relation.target, relation.kind.as_str()))
        .collect();
    let is_matched = |relation: &Relation| {
        let (Some(source), Some(target)) =
            (matched.get(&relation.source), matched.get(&relation.target))
        else {
            return false;
        };
        b_relations.contains(&(*source, *target, relation.kind.as_str()))
    };
    let kinds: BTreeSet<String> = a
        .relations()
        .iter()
        .chain(b.relations())
        .map(|relation| relation.kind.as_str().to_owned())
        .collect();
    let count = |layer: &Layer, kind: Option<&str>| {
        layer
            .relations()
            .iter()
            .filter(|relation| kind.is_none_or(|kind| relation.kind.as_str() == kind))
            .count()
    };
    let matches = |kind: Option<&str>| {
        a.relations()
            .iter()
            .filter(|relation| kind.is_none_or(|kind| relation.kind.as_str() == kind))
            .filter(|relation| is_matched(relation))
            .count()
    };
    let per_kind = kinds
        .iter()
        .map(|kind| {
            let kind_ref = Some(kind.as_str());
            (
                kind.clone(),
                f1(matches(kind_ref), count(a, kind_ref), count(b, kind_ref)),
            )
        })
        .collect();
    (f1(matches(None), count(a, None), count(b, None)), per_kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;
    use crate::team::test_support::layer_with_relations as layer_with;

    #[test]
    fn relations_match_through_matched_spans_even_with_other_bounds() {
        let document = Document::from_raw_text(&"word ".repeat(60));
        let spans_a = [(0, 20, "claim"), (30, 50, "evidence"), (60, 80, "evidence")];
        let spans_b = [(2, 20, "claim"), (30, 48, "evidence"), (60, 80, "evidence")];
        let a = layer_with(
            &document,
            "a",
            &spans_a,
            &[(1, "supports", 0), (2, "undermines", 0)],
        );
        let b = layer_with(
            &document,
            "b",
            &spans_b,
            &[(1, "supports", 0), (2, "supports", 0)],
        );
        let (overall, per_kind) = relation_f1(&a, &b);
        assert_eq!(overall, Some(0.5));
        assert_eq!(per_kind["supports"], Some(2.0 / 3.0));
        assert_eq!(per_kind["undermines"], Some(0.0));
        let (same, _) = relation_f1(&a, &a);
        assert_eq!(same, Some(1.0));
        let none = layer_with(&document, "c", &spans_b, &[]);
        let empty = layer_with(&document, "d", &spans_a, &[]);
        assert_eq!(relation_f1(&none, &empty).0, None);
    }
}
