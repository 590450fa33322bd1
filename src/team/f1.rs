//! Span F1 between two analysts, with one-to-one matching.
//!
//! - **Exact**: a span of one analyst matches a span of the other with the same bounds.
//! - **Overlap**: it matches one that shares at least one char. Each span is matched at most
//!   once, and the matching is a maximum one (augmenting paths), so the count, and F1, do not
//!   depend on which analyst comes first.
//!
//! F1 = 2 · matches / (spans of A + spans of B), which is also the Dice coefficient. Callers
//! pass spans of one tag for per-tag figures.

/// F1 from a match count; `None` when neither analyst has a span (nothing to agree on).
pub(crate) fn f1(matches: usize, count_a: usize, count_b: usize) -> Option<f64> {
    let total = count_a + count_b;
    (total > 0).then(|| 2.0 * matches as f64 / total as f64)
}

/// Spans with the same bounds, each used once. Both inputs sorted.
pub(crate) fn exact_matches(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    let (mut i, mut j, mut matches) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                matches += 1;
                i += 1;
                j += 1;
            }
        }
    }
    matches
}

/// The size of a maximum one-to-one matching of overlapping spans. Both inputs sorted.
pub(crate) fn overlap_matches(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    overlap_matching(a, b).len()
}

/// A maximum one-to-one matching of overlapping spans, as (index in `a`, index in `b`) pairs.
/// Both inputs sorted.
pub(crate) fn overlap_matching(a: &[(usize, usize)], b: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let longest_b = b.iter().map(|&(start, end)| end - start).max().unwrap_or(0);
    let neighbours: Vec<Vec<usize>> = a
        .iter()
        .map(|&(start, end)| {
            // Every b overlapping [start, end) starts in [start - longest_b, end).
            let first = b.partition_point(|&(b_start, _)| b_start + longest_b < start);
            let last = b.partition_point(|&(b_start, _)| b_start < end);
            (first..last)
                .filter(|&index| b[index].1 > start && b[index].0 < end)
                .collect()
        })
        .collect();
    maximum_matching(&neighbours, b.len())
        .into_iter()
        .enumerate()
        .filter_map(|(right, left)| left.map(|left| (left, right)))
        .collect()
}

/// Maximum bipartite matching by augmenting paths (Kuhn), with an explicit stack so that long
/// chains of overlaps cannot overflow the call stack. Returns each right node's partner.
fn maximum_matching(neighbours: &[Vec<usize>], right_count: usize) -> Vec<Option<usize>> {
    const FREE: usize = usize::MAX;
    let mut partner_of_right = vec![FREE; right_count];
    let mut visited_in = vec![0usize; right_count];
    for root in 0..neighbours.len() {
        let attempt = root + 1;
        // Left nodes on the path with the next neighbour to try; `through[i]` is the right
        // node that leads from `stack[i]` to `stack[i + 1]`.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        let mut through: Vec<usize> = Vec::new();
        while let Some((left, next)) = stack.last_mut() {
            let Some(&right) = neighbours[*left].get(*next) else {
                stack.pop();
                through.pop();
                continue;
            };
            *next += 1;
            if visited_in[right] == attempt {
                continue;
            }
            visited_in[right] = attempt;
            through.push(right);
            if partner_of_right[right] == FREE {
                for (level, &right) in through.iter().enumerate() {
                    partner_of_right[right] = stack[level].0;
                }
                break;
            }
            stack.push((partner_of_right[right], 0));
        }
    }
    partner_of_right
        .into_iter()
        .map(|left| (left != FREE).then_some(left))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_same_data_give_zero_exact_and_full_overlap() {
        let a = [(0, 10), (20, 30)];
        let b = [(1, 10), (20, 29)];
        assert_eq!(f1(exact_matches(&a, &b), 2, 2), Some(0.0));
        assert_eq!(f1(overlap_matches(&a, &b), 2, 2), Some(1.0));
    }

    #[test]
    fn matching_is_one_to_one_and_maximum() {
        // Greedy would pair the long span with the first short one and leave one unmatched.
        let a = [(0, 10), (8, 9)];
        let b = [(0, 2), (8, 12)];
        assert_eq!(overlap_matches(&a, &b), 2);
        // One long span against two short ones: one match only.
        assert_eq!(overlap_matches(&[(0, 10)], &[(1, 2), (5, 6)]), 1);
        assert_eq!(
            f1(overlap_matches(&[(0, 10)], &[(1, 2), (5, 6)]), 1, 2),
            Some(2.0 / 3.0)
        );
    }

    #[test]
    fn nothing_on_either_side_has_no_f1() {
        assert_eq!(f1(0, 0, 0), None);
        assert_eq!(f1(0, 3, 0), Some(0.0));
    }

    fn spans() -> impl Strategy<Value = Vec<(usize, usize)>> {
        prop::collection::vec((0usize..200, 1usize..30), 0..25).prop_map(|raw| {
            let mut spans: Vec<(usize, usize)> = raw
                .into_iter()
                .map(|(start, len)| (start, start + len))
                .collect();
            spans.sort_unstable();
            spans
        })
    }

    proptest! {
        #[test]
        fn f1_is_symmetric(a in spans(), b in spans()) {
            prop_assert_eq!(exact_matches(&a, &b), exact_matches(&b, &a));
            prop_assert_eq!(overlap_matches(&a, &b), overlap_matches(&b, &a));
        }

        #[test]
        fn identical_spans_agree_fully(a in spans()) {
            prop_assume!(!a.is_empty());
            prop_assert_eq!(f1(exact_matches(&a, &a), a.len(), a.len()), Some(1.0));
            prop_assert_eq!(f1(overlap_matches(&a, &a), a.len(), a.len()), Some(1.0));
        }

        #[test]
        fn exact_matches_never_exceed_overlap_matches(a in spans(), b in spans()) {
            prop_assert!(exact_matches(&a, &b) <= overlap_matches(&a, &b));
            prop_assert!(overlap_matches(&a, &b) <= a.len().min(b.len()));
        }
    }
}
