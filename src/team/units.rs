//! An analyst's placed annotations as plain units: `[start, end)` char offsets and a tag.
//!
//! The metrics work on these, so they can be tested on hand-made inputs (the published test
//! vectors) without building documents and layers.

use crate::model::{Layer, TagId};

/// A tagged span, `[start, end)` in char offsets (see [`crate::model::span`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Unit {
    pub start: usize,
    pub end: usize,
    pub tag: TagId,
}

/// The layer's placed annotations (orphans have no place to agree on), sorted.
pub(crate) fn units_of(layer: &Layer) -> Vec<Unit> {
    let mut units: Vec<Unit> = layer
        .annotations()
        .iter()
        .filter(|annotation| annotation.is_placed() && !annotation.span.is_empty())
        .map(|annotation| Unit {
            start: annotation.span.start,
            end: annotation.span.end,
            tag: annotation.tag.clone(),
        })
        .collect();
    units.sort();
    units
}

/// The `[start, end)` pairs of the units with `tag` (all units when `tag` is `None`), sorted.
pub(crate) fn spans_with_tag(units: &[Unit], tag: Option<&TagId>) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = units
        .iter()
        .filter(|unit| tag.is_none_or(|tag| &unit.tag == tag))
        .map(|unit| (unit.start, unit.end))
        .collect();
    spans.sort_unstable();
    spans
}

/// Sorted spans with overlapping ones joined (touching ones stay apart, as separate units).
pub(crate) fn union_of(spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut joined: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for &(start, end) in spans {
        match joined.last_mut() {
            Some(last) if start < last.1 => last.1 = last.1.max(end),
            _ => joined.push((start, end)),
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_joins_overlaps_but_not_touching_spans() {
        assert_eq!(
            union_of(&[(0, 5), (3, 8), (8, 10), (12, 13), (12, 20)]),
            vec![(0, 8), (8, 10), (12, 20)]
        );
    }
}
