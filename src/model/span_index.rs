//! Finding the spans that overlap a range in a list sorted by start, without walking every
//! span before it.
//!
//! A list sorted by start tells where candidates *end* (the first start at or past the range's
//! end) but not where they begin: one long span early on may reach the range. So the index
//! keeps, per chunk of [`CHUNK`] consecutive spans, the largest end in the chunk; a query skips
//! every chunk whose largest end is at or before the range's start. Far down a book with 20,000
//! annotations a paragraph's query checks ~300 chunk ends and the few chunks that can hold an
//! overlap, instead of ~20,000 spans. One long span only costs its own chunk.
//!
//! The index is built on first use after a change (a cache: two layers with the same spans are
//! equal whether or not either has built it).

use crate::model::span::Span;
use std::sync::OnceLock;

/// Spans per chunk: small enough to skip precisely, large enough that the chunk ends of a
/// long list stay a short scan.
const CHUNK: usize = 64;

/// The largest end of each chunk of a start-sorted span list, built when first needed.
#[derive(Clone, Default)]
pub(crate) struct ChunkEnds(OnceLock<Vec<usize>>);

impl std::fmt::Debug for ChunkEnds {
    /// A summary: the ends themselves would bury a layer's debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.get() {
            Some(ends) => write!(f, "ChunkEnds({} chunks)", ends.len()),
            None => write!(f, "ChunkEnds(not built)"),
        }
    }
}

impl PartialEq for ChunkEnds {
    /// A cache of the spans, which are compared themselves.
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for ChunkEnds {}

impl ChunkEnds {
    /// Forgets the index: call on every change of the spans.
    pub(crate) fn invalidate(&mut self) {
        self.0 = OnceLock::new();
    }

    /// Indices (ascending) of the items whose span overlaps `range`. `items` must be sorted by
    /// span start and be the list the index was last built from (or invalidated since).
    pub fn overlapping<'a, T>(
        &'a self,
        items: &'a [T],
        span_of: impl Fn(&T) -> Span + Copy + 'a,
        range: Span,
    ) -> impl Iterator<Item = usize> + 'a {
        let ends = self.0.get_or_init(|| {
            items
                .chunks(CHUNK)
                .map(|chunk| {
                    chunk
                        .iter()
                        .map(|item| span_of(item).end)
                        .max()
                        .unwrap_or(0)
                })
                .collect()
        });
        // Everything from the first start at or past the range's end on is out.
        let candidates_end = items.partition_point(|item| span_of(item).start < range.end);
        ends.iter()
            .enumerate()
            .take(candidates_end.div_ceil(CHUNK))
            .filter(move |(_, end)| **end > range.start)
            .flat_map(move |(chunk, _)| chunk * CHUNK..((chunk + 1) * CHUNK).min(candidates_end))
            .filter(move |&index| span_of(&items[index]).overlaps(&range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive(spans: &[Span], range: Span) -> Vec<usize> {
        (0..spans.len())
            .filter(|&index| spans[index].overlaps(&range))
            .collect()
    }

    #[test]
    fn a_long_span_early_on_is_found_far_down() {
        let mut spans = vec![Span::new(0, 10_000)];
        spans.extend((1..1_000).map(|index| Span::new(index * 5, index * 5 + 2)));
        spans.sort_by_key(|span| (span.start, span.end));
        let index = ChunkEnds::default();
        let found: Vec<usize> = index
            .overlapping(&spans, |span| *span, Span::new(4_003, 4_004))
            .collect();
        assert_eq!(found, naive(&spans, Span::new(4_003, 4_004)));
        assert_eq!(found, vec![0], "only the long span covers char 4003");
    }

    #[test]
    fn invalidating_rebuilds_from_the_new_list() {
        let mut index = ChunkEnds::default();
        let before = vec![Span::new(0, 5)];
        assert_eq!(
            index
                .overlapping(&before, |s| *s, Span::new(100, 101))
                .count(),
            0
        );
        let after = vec![Span::new(0, 500)];
        index.invalidate();
        assert_eq!(
            index
                .overlapping(&after, |s| *s, Span::new(100, 101))
                .count(),
            1
        );
    }

    proptest! {
        #[test]
        fn finds_exactly_the_overlapping_spans(
            raw in proptest::collection::vec((0usize..2_000, 1usize..300), 0..400),
            start in 0usize..2_300,
            len in 1usize..200,
        ) {
            let mut spans: Vec<Span> = raw.iter().map(|&(start, len)| Span::new(start, start + len)).collect();
            spans.sort_by_key(|span| (span.start, span.end));
            let range = Span::new(start, start + len);
            let found: Vec<usize> = ChunkEnds::default().overlapping(&spans, |s| *s, range).collect();
            prop_assert_eq!(found, naive(&spans, range));
        }
    }
}
