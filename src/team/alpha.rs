//! Krippendorff's unitized alpha (α_u) over chars, computed as DKPro Statistics computes it
//! (`KrippendorffAlphaUnitizingAgreement`, the measure INCEpTION reports).
//!
//! The continuum is the article's chars `[0, L)`. For one category (tag), each analyst's
//! continuum is cut into *segments*: their units of that tag and the gaps between them.
//!
//! - **Observed disagreement** D_o walks two analysts' segments side by side and adds, for every
//!   pair of segments that meet, Krippendorff's distance: for two units that overlap,
//!   (begin difference)² + (end difference)²; for a unit lying wholly inside the other's gap,
//!   its length²; otherwise 0. The sum is scaled by 2 / (R(R−1)L²).
//! - **Expected disagreement** D_e considers every way the same units and gaps could have been
//!   placed (Krippendorff 1995): for each unit of length l, (N−1)·l(l−1)(2l−1)/3 plus
//!   l²·Σ over gaps g ≥ l of (g − l + 1), times 2/L, over R·L(R·L−1) − Σ l(l−1).
//! - α_u = 1 − D_o / D_e; across categories DKPro averages D_o and D_e first. When D_o = D_e
//!   DKPro reports 0, and so do we.
//!
//! DKPro requires that one analyst's units of one tag do not overlap; Closeread allows it, so
//! overlapping units of the same analyst and tag are joined first (see [`union_of`]).
//! Sums are kept in integers (`u128`) and the sum over gaps uses sorted gaps with suffix sums,
//! so the cost is O(n log n) rather than DKPro's units × gaps.

use super::units::union_of;

/// The two disagreements of one category (or their average over categories).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Disagreement {
    pub observed: f64,
    pub expected: f64,
}

impl Disagreement {
    /// α_u = 1 − D_o / D_e (0 when they are equal, as in DKPro).
    pub(crate) fn alpha(&self) -> f64 {
        if self.observed == self.expected {
            0.0
        } else {
            1.0 - self.observed / self.expected
        }
    }

    /// DKPro's overall figure: the disagreements averaged over categories, then α. `None`
    /// without categories.
    pub(crate) fn average(categories: &[Disagreement]) -> Option<Disagreement> {
        if categories.is_empty() {
            return None;
        }
        let count = categories.len() as f64;
        Some(Disagreement {
            observed: categories.iter().map(|d| d.observed).sum::<f64>() / count,
            expected: categories.iter().map(|d| d.expected).sum::<f64>() / count,
        })
    }
}

/// One segment of an analyst's continuum: a unit of the category, or a gap.
#[derive(Clone, Copy, Debug)]
struct Segment {
    begin: usize,
    length: usize,
    is_unit: bool,
}

/// Cuts `[0, continuum)` into units and gaps. `units` are sorted and do not overlap.
fn segments(continuum: usize, units: &[(usize, usize)]) -> Vec<Segment> {
    let mut segments = Vec::with_capacity(units.len() * 2 + 1);
    let mut position = 0;
    for &(start, end) in units {
        let (start, end) = (start.min(continuum), end.min(continuum));
        if start > position {
            segments.push(Segment {
                begin: position,
                length: start - position,
                is_unit: false,
            });
        }
        if end > start {
            segments.push(Segment {
                begin: start,
                length: end - start,
                is_unit: true,
            });
            position = end;
        }
    }
    if continuum > position {
        segments.push(Segment {
            begin: position,
            length: continuum - position,
            is_unit: false,
        });
    }
    segments
}

/// Krippendorff's distance between two segments that meet (DKPro's `measureDistance`).
fn distance(first: Segment, second: Segment) -> u128 {
    let begin_diff = first.begin as i128 - second.begin as i128;
    let length_diff = first.length as i128 - second.length as i128;
    let (length1, length2) = (first.length as i128, second.length as i128);
    let squared = match (first.is_unit, second.is_unit) {
        (true, true) if -length1 < begin_diff && begin_diff < length2 => {
            begin_diff * begin_diff + (begin_diff + length_diff) * (begin_diff + length_diff)
        }
        (true, false) if -length_diff >= begin_diff && begin_diff >= 0 => length1 * length1,
        (false, true) if -length_diff <= begin_diff && begin_diff <= 0 => length2 * length2,
        _ => 0,
    };
    squared as u128
}

/// Σ of distances over the segment pairs of two analysts' continua.
fn pair_distance_sum(first: &[Segment], second: &[Segment]) -> u128 {
    let (mut i, mut j, mut sum) = (0, 0, 0u128);
    while i < first.len() && j < second.len() {
        sum += distance(first[i], second[j]);
        let end_first = first[i].begin + first[i].length;
        let end_second = second[j].begin + second[j].length;
        if end_first <= end_second {
            i += 1;
        }
        if end_second <= end_first {
            j += 1;
        }
    }
    sum
}

/// D_o and D_e of one category. `raters[r]` are analyst r's units of the category (any order,
/// may overlap). `None` when the continuum is empty, there are fewer than two analysts, or no
/// analyst has a unit of the category (DKPro only counts categories that occur).
pub(crate) fn category_disagreement(
    continuum: usize,
    raters: &[Vec<(usize, usize)>],
) -> Option<Disagreement> {
    let rater_count = raters.len();
    if continuum == 0 || rater_count < 2 {
        return None;
    }
    let units: Vec<Vec<(usize, usize)>> = raters
        .iter()
        .map(|spans| {
            let mut spans: Vec<(usize, usize)> = spans
                .iter()
                .map(|&(start, end)| (start.min(continuum), end.min(continuum)))
                .filter(|(start, end)| end > start)
                .collect();
            spans.sort_unstable();
            union_of(&spans)
        })
        .collect();
    if units.iter().all(Vec::is_empty) {
        return None;
    }
    let segmented: Vec<Vec<Segment>> = units
        .iter()
        .map(|spans| segments(continuum, spans))
        .collect();

    let length = continuum as f64;
    let raters_f = rater_count as f64;
    let mut observed_sum = 0u128;
    for first in 0..rater_count {
        for second in first + 1..rater_count {
            observed_sum += pair_distance_sum(&segmented[first], &segmented[second]);
        }
    }
    let observed = observed_sum as f64 * 2.0 / (raters_f * (raters_f - 1.0) * length * length);

    let unit_lengths: Vec<u128> = segmented
        .iter()
        .flatten()
        .filter(|segment| segment.is_unit)
        .map(|segment| segment.length as u128)
        .collect();
    let mut gaps: Vec<u128> = segmented
        .iter()
        .flatten()
        .filter(|segment| !segment.is_unit)
        .map(|segment| segment.length as u128)
        .collect();
    gaps.sort_unstable();
    // suffix_sums[i] = Σ gaps[i..]
    let mut suffix_sums = vec![0u128; gaps.len() + 1];
    for index in (0..gaps.len()).rev() {
        suffix_sums[index] = suffix_sums[index + 1] + gaps[index];
    }
    let unit_count = unit_lengths.len() as u128;
    let mut numerator = 0u128;
    for &l in &unit_lengths {
        // l(l−1)(2l−1) is divisible by 6, so the division by 3 is exact.
        let within = (unit_count - 1) * (l * (l - 1) * (2 * l - 1) / 3);
        let first_fitting = gaps.partition_point(|&gap| gap < l);
        let fitting = (gaps.len() - first_fitting) as u128;
        let placements = suffix_sums[first_fitting] - fitting * (l - 1);
        numerator += within + l * l * placements;
    }
    let squared_lengths: u128 = unit_lengths.iter().map(|&l| l * (l - 1)).sum();
    let total = rater_count as u128 * continuum as u128;
    let denominator = (total * (total - 1)).saturating_sub(squared_lengths);
    let expected = if denominator == 0 {
        0.0
    } else {
        numerator as f64 * (2.0 / length) / denominator as f64
    };
    Some(Disagreement { observed, expected })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(actual: f64, wanted: f64) -> bool {
        (actual - wanted).abs() <= 0.001
    }

    #[test]
    fn dkpro_test_vector_on_a_ten_char_continuum() {
        let raters = vec![vec![(1, 9)], vec![(2, 3), (4, 5), (6, 7)]];
        let disagreement = category_disagreement(10, &raters).expect("one category");
        assert!(close(disagreement.observed, 0.910), "{disagreement:?}");
        assert!(close(disagreement.expected, 0.535), "{disagreement:?}");
        assert!(close(disagreement.alpha(), -0.700), "{disagreement:?}");
    }

    #[test]
    fn krippendorff_1995_example_observed_disagreement() {
        let raters = vec![vec![(2, 10), (14, 20)], vec![(4, 8), (15, 17)]];
        let disagreement = category_disagreement(24, &raters).expect("one category");
        assert!(
            (disagreement.observed - 0.03125).abs() < 1e-9,
            "{disagreement:?}"
        );
    }

    #[test]
    fn the_order_of_analysts_does_not_matter() {
        let forward = category_disagreement(24, &[vec![(2, 10)], vec![(4, 8), (15, 17)]]);
        let backward = category_disagreement(24, &[vec![(4, 8), (15, 17)], vec![(2, 10)]]);
        assert_eq!(forward, backward);
    }

    #[test]
    fn a_category_nobody_used_has_no_alpha() {
        assert_eq!(category_disagreement(10, &[vec![], vec![]]), None);
    }

    fn layer_units(continuum: usize) -> impl Strategy<Value = Vec<(usize, usize)>> {
        prop::collection::vec((0..continuum, 1usize..40), 1..12).prop_map(move |raw| {
            raw.into_iter()
                .map(|(start, len)| (start, (start + len).min(continuum)))
                .filter(|(start, end)| end > start)
                .collect()
        })
    }

    proptest! {
        #[test]
        fn identical_layers_have_alpha_one(units in layer_units(500)) {
            prop_assume!(!units.is_empty());
            let disagreement = category_disagreement(500, &[units.clone(), units])
                .expect("units present");
            prop_assert_eq!(disagreement.observed, 0.0);
            prop_assert!(disagreement.expected > 0.0);
            prop_assert_eq!(disagreement.alpha(), 1.0);
        }

        #[test]
        fn observed_disagreement_is_symmetric(a in layer_units(300), b in layer_units(300)) {
            prop_assert_eq!(
                category_disagreement(300, &[a.clone(), b.clone()]),
                category_disagreement(300, &[b, a])
            );
        }
    }
}
