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
//! The index follows each insertion and removal (it keeps every span's end in a compact list,
//! so that the chunks from the change on are worked out again in microseconds), and is shared
//! between copies of a layer until one of them changes.

use crate::model::span::Span;
use std::sync::Arc;

/// Spans per chunk: small enough to skip precisely, large enough that the chunk ends of a
/// long list stay a short scan.
const CHUNK: usize = 64;

/// The largest end of each chunk of a start-sorted span list.
#[derive(Clone, Default)]
pub(crate) struct ChunkEnds(Arc<Index>);

#[derive(Clone, Default)]
struct Index {
    /// Every span's end, in the list's order.
    ends: Vec<usize>,
    /// The largest of each [`CHUNK`] of `ends`.
    chunk_ends: Vec<usize>,
}

impl std::fmt::Debug for ChunkEnds {
    /// A summary: the ends themselves would bury a layer's debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ChunkEnds({} chunks)", self.0.chunk_ends.len())
    }
}

impl PartialEq for ChunkEnds {
    /// An index of the spans, which are compared themselves.
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for ChunkEnds {}

impl Index {
    /// Works the chunk ends out again from the chunk holding span `from` on.
    fn recount_from(&mut self, from: usize) {
        let first_chunk = from / CHUNK;
        self.chunk_ends.truncate(first_chunk);
        self.chunk_ends.extend(
            self.ends[(first_chunk * CHUNK).min(self.ends.len())..]
                .chunks(CHUNK)
                .map(|chunk| chunk.iter().copied().max().unwrap_or(0)),
        );
    }
}

impl ChunkEnds {
    /// The index of a list whose spans end at `ends` (in the list's order).
    pub(crate) fn of(ends: impl IntoIterator<Item = usize>) -> Self {
        let mut index = Index {
            ends: ends.into_iter().collect(),
            chunk_ends: Vec::new(),
        };
        index.recount_from(0);
        Self(Arc::new(index))
    }

    /// A span ending at `end` was inserted into the list at `at`.
    pub(crate) fn insert(&mut self, at: usize, end: usize) {
        let index = Arc::make_mut(&mut self.0);
        index.ends.insert(at.min(index.ends.len()), end);
        index.recount_from(at);
    }

    /// The span at `at` was removed from the list.
    pub(crate) fn remove(&mut self, at: usize) {
        let index = Arc::make_mut(&mut self.0);
        if at < index.ends.len() {
            index.ends.remove(at);
        }
        index.recount_from(at);
    }

    /// Indices (ascending) of the items whose span overlaps `range`. `items` must be sorted by
    /// span start and be the list the index follows; should it not be (a bug), every item is
    /// checked instead.
    pub fn overlapping<'a, T>(
        &'a self,
        items: &'a [T],
        span_of: impl Fn(&T) -> Span + Copy + 'a,
        range: Span,
    ) -> impl Iterator<Item = usize> + 'a {
        let indexed = self.0.ends.len() == items.len();
        // Everything from the first start at or past the range's end on is out.
        let candidates_end = items.partition_point(|item| span_of(item).start < range.end);
        (0..candidates_end.div_ceil(CHUNK))
            .filter(move |&chunk| !indexed || self.0.chunk_ends[chunk] > range.start)
            .flat_map(move |chunk| chunk * CHUNK..((chunk + 1) * CHUNK).min(candidates_end))
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
        let index = ChunkEnds::of(spans.iter().map(|span| span.end));
        let found: Vec<usize> = index
            .overlapping(&spans, |span| *span, Span::new(4_003, 4_004))
            .collect();
        assert_eq!(found, naive(&spans, Span::new(4_003, 4_004)));
        assert_eq!(found, vec![0], "only the long span covers char 4003");
    }

    #[test]
    fn an_index_that_does_not_fit_the_list_still_finds_every_overlap() {
        let index = ChunkEnds::of([5]);
        let after = vec![Span::new(0, 500), Span::new(1, 2)];
        let found: Vec<usize> = index
            .overlapping(&after, |s| *s, Span::new(100, 101))
            .collect();
        assert_eq!(found, vec![0]);
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
            let index = ChunkEnds::of(spans.iter().map(|span| span.end));
            let found: Vec<usize> = index.overlapping(&spans, |s| *s, range).collect();
            prop_assert_eq!(found, naive(&spans, range));
        }

        /// An index that followed insertions and removals finds what a fresh one finds.
        #[test]
        fn following_changes_finds_what_a_fresh_index_finds(
            raw in proptest::collection::vec((0usize..2_000, 1usize..300), 0..300),
            changes in proptest::collection::vec((any::<bool>(), 0usize..2_000, 1usize..300), 1..60),
            start in 0usize..2_300,
            len in 1usize..200,
        ) {
            let mut spans: Vec<Span> = raw.iter().map(|&(start, len)| Span::new(start, start + len)).collect();
            spans.sort_by_key(|span| (span.start, span.end));
            let mut index = ChunkEnds::of(spans.iter().map(|span| span.end));
            let shared = index.clone();
            for (insert, at, len) in changes {
                if insert || spans.is_empty() {
                    let span = Span::new(at, at + len);
                    let position = spans.partition_point(|s| (s.start, s.end) < (span.start, span.end));
                    spans.insert(position, span);
                    index.insert(position, span.end);
                } else {
                    let position = at % spans.len();
                    spans.remove(position);
                    index.remove(position);
                }
            }
            let range = Span::new(start, start + len);
            let found: Vec<usize> = index.overlapping(&spans, |s| *s, range).collect();
            prop_assert_eq!(found, naive(&spans, range));
            prop_assert_eq!(shared.0.ends.len(), raw.len(), "a copy is not changed by the other");
        }
    }
}
