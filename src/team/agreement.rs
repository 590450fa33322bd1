//! Agreement between every pair of analysts, per tag and overall, and the mean over pairs:
//! what `closeread agree` prints and the window's agreement panel draws.
//!
//! Every figure is named by its metric, because they measure different things: the same two
//! readings can have span F1 0.0 with exact matching and 1.0 with overlap matching.

use super::alpha::{Disagreement, category_disagreement};
use super::f1::{exact_matches, f1, overlap_matches};
use super::kappa::{BinaryTable, word_table, word_tokens};
use super::units::{Unit, spans_with_tag, units_of};
use crate::model::{Document, Layer, TagId};
use serde::Serialize;
use std::collections::BTreeMap;

/// The four metrics for one pair (or their mean). `None` where a metric is undefined, e.g.
/// F1 when neither analyst used the tag; serialised as `null`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Span F1, spans matched one-to-one when their bounds are equal (and tags, overall).
    pub f1_exact: Option<f64>,
    /// Span F1, spans matched one-to-one when they share a char (and tags, overall).
    pub f1_overlap: Option<f64>,
    /// Krippendorff's unitized alpha over chars (DKPro Statistics' computation).
    pub alpha_u: Option<f64>,
    /// Cohen's κ on word tokens, tagged vs not (overall: all tags' tables pooled).
    pub kappa: Option<f64>,
}

/// One metric of [`Scores`], to pick what a view shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    F1Exact,
    F1Overlap,
    AlphaU,
    Kappa,
}

impl Metric {
    pub const ALL: [Metric; 4] = [
        Metric::F1Exact,
        Metric::F1Overlap,
        Metric::AlphaU,
        Metric::Kappa,
    ];

    /// The name shown beside every figure.
    pub fn label(self) -> &'static str {
        match self {
            Metric::F1Exact => "span F1 (exact match)",
            Metric::F1Overlap => "span F1 (overlap match)",
            Metric::AlphaU => "Krippendorff's α_u (chars)",
            Metric::Kappa => "Cohen's κ (word tokens)",
        }
    }

    /// The key used in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Metric::F1Exact => "f1_exact",
            Metric::F1Overlap => "f1_overlap",
            Metric::AlphaU => "alpha_u",
            Metric::Kappa => "kappa",
        }
    }
}

/// A figure as the table and the panel show it: three decimals, "—" when undefined.
pub fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |value| format!("{value:.3}"))
}

impl Scores {
    pub fn get(&self, metric: Metric) -> Option<f64> {
        match metric {
            Metric::F1Exact => self.f1_exact,
            Metric::F1Overlap => self.f1_overlap,
            Metric::AlphaU => self.alpha_u,
            Metric::Kappa => self.kappa,
        }
    }

    /// The mean of each metric over the scores that define it.
    fn mean<'a>(all: impl Iterator<Item = &'a Scores> + Clone) -> Scores {
        let mean_of = |metric: Metric| {
            let values: Vec<f64> = all
                .clone()
                .filter_map(|scores| scores.get(metric))
                .collect();
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        };
        Scores {
            f1_exact: mean_of(Metric::F1Exact),
            f1_overlap: mean_of(Metric::F1Overlap),
            alpha_u: mean_of(Metric::AlphaU),
            kappa: mean_of(Metric::Kappa),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairAgreement {
    pub a: String,
    pub b: String,
    #[serde(flatten)]
    pub overall: Scores,
    pub per_tag: BTreeMap<String, Scores>,
    /// Relation F1 over matched spans (see [`super::relation_agreement`]).
    pub relation_f1: Option<f64>,
    pub per_relation: BTreeMap<String, Option<f64>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MeanAgreement {
    #[serde(flatten)]
    pub overall: Scores,
    pub per_tag: BTreeMap<String, Scores>,
    pub relation_f1: Option<f64>,
}

/// Agreement of every pair of analysts, and the mean over the pairs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgreementReport {
    pub analysts: Vec<String>,
    /// The tags reported on, in tag-set order (then any others found in the layers).
    pub tags: Vec<String>,
    pub pairs: Vec<PairAgreement>,
    pub mean: MeanAgreement,
}

impl AgreementReport {
    /// The pair of two analysts, in either order.
    pub fn pair(&self, first: &str, second: &str) -> Option<&PairAgreement> {
        self.pairs.iter().find(|pair| {
            (pair.a == first && pair.b == second) || (pair.a == second && pair.b == first)
        })
    }
}

/// Computes agreement between every pair of `layers` (analysts in the order given).
pub fn agreement(document: &Document, layers: &[&Layer]) -> AgreementReport {
    let never_cancelled = crate::progress::Progress::default();
    match agreement_with_progress(document, layers, &never_cancelled) {
        Ok(report) => report,
        Err(crate::progress::Cancelled) => unreachable_cancel(layers),
    }
}

/// What [`agreement`] gives should its uncancellable work ever report a cancel: the analysts
/// with no pairs, rather than a panic.
fn unreachable_cancel(layers: &[&Layer]) -> AgreementReport {
    AgreementReport {
        analysts: layers.iter().map(|layer| layer.analyst.clone()).collect(),
        tags: Vec::new(),
        pairs: Vec::new(),
        mean: MeanAgreement::default(),
    }
}

/// [`agreement`], reporting each pair done and stopping early when cancelled.
pub(crate) fn agreement_with_progress(
    document: &Document,
    layers: &[&Layer],
    progress: &crate::progress::Progress,
) -> Result<AgreementReport, crate::progress::Cancelled> {
    let pair_count = layers.len() * layers.len().saturating_sub(1) / 2;
    progress.start_stage("Comparing every pair of analysts", pair_count + 1);
    let tags = reported_tags(layers);
    let words = word_tokens(document);
    progress.advance(1);
    let continuum = document.char_count();
    let units: Vec<Vec<Unit>> = layers.iter().map(|layer| units_of(layer)).collect();
    let mut pairs = Vec::new();
    for first in 0..layers.len() {
        for second in first + 1..layers.len() {
            progress.check()?;
            let mut pair = pair_agreement(
                (&layers[first].analyst, &units[first]),
                (&layers[second].analyst, &units[second]),
                &tags,
                &words,
                continuum,
            );
            (pair.relation_f1, pair.per_relation) =
                super::relation_agreement::relation_f1(layers[first], layers[second]);
            pairs.push(pair);
            progress.advance(1);
        }
    }
    let relation_values: Vec<f64> = pairs.iter().filter_map(|pair| pair.relation_f1).collect();
    let mean = MeanAgreement {
        relation_f1: (!relation_values.is_empty())
            .then(|| relation_values.iter().sum::<f64>() / relation_values.len() as f64),
        overall: Scores::mean(pairs.iter().map(|pair| &pair.overall)),
        per_tag: tags
            .iter()
            .map(|tag| {
                let scores = Scores::mean(pairs.iter().filter_map(|pair| pair.per_tag.get(tag)));
                (tag.clone(), scores)
            })
            .collect(),
    };
    Ok(AgreementReport {
        analysts: layers.iter().map(|layer| layer.analyst.clone()).collect(),
        tags,
        pairs,
        mean,
    })
}

/// Each pair's agreement pooled over several articles: for every pair of analysts, the
/// articles both have placed annotations on are laid end to end as one text (each article's
/// offsets and word tokens shifted past the ones before), and the pair is scored on that text.
/// So F1 counts matches and spans over all those articles (a micro-average), α_u sums the
/// observed and expected disagreement over the joined continuum, and κ pools the word
/// decisions of every article into one table. Pairs are sorted by analyst; `articles` gives
/// how many articles each pair was pooled over.
pub fn pooled_agreement(articles: &[(&Document, Vec<&Layer>)]) -> Vec<(PairAgreement, usize)> {
    let mut analysts: Vec<&str> = articles
        .iter()
        .flat_map(|(_, layers)| layers.iter().map(|layer| layer.analyst.as_str()))
        .collect();
    analysts.sort_unstable();
    analysts.dedup();
    let all_layers: Vec<&Layer> = articles
        .iter()
        .flat_map(|(_, layers)| layers.iter().copied())
        .collect();
    let tags = reported_tags(&all_layers);
    let mut pairs = Vec::new();
    for (index, first) in analysts.iter().enumerate() {
        for second in &analysts[index + 1..] {
            let (mut units_a, mut units_b, mut words) = (Vec::new(), Vec::new(), Vec::new());
            let (mut offset, mut pooled_articles) = (0, 0);
            for (document, layers) in articles {
                let find = |name: &str| {
                    layers
                        .iter()
                        .find(|layer| layer.analyst == name)
                        .map(|layer| units_of(layer))
                        .filter(|units| !units.is_empty())
                };
                let (Some(a), Some(b)) = (find(first), find(second)) else {
                    continue;
                };
                let shift = |units: Vec<Unit>| {
                    units.into_iter().map(move |unit| Unit {
                        start: unit.start + offset,
                        end: unit.end + offset,
                        tag: unit.tag,
                    })
                };
                units_a.extend(shift(a));
                units_b.extend(shift(b));
                words.extend(
                    word_tokens(document)
                        .into_iter()
                        .map(|(start, end)| (start + offset, end + offset)),
                );
                offset += document.char_count();
                pooled_articles += 1;
            }
            if pooled_articles == 0 {
                continue;
            }
            let pair = pair_agreement((first, &units_a), (second, &units_b), &tags, &words, offset);
            pairs.push((pair, pooled_articles));
        }
    }
    pairs
}

fn reported_tags(layers: &[&Layer]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    let mut push = |tag: &TagId| {
        if !tags.iter().any(|known| known == tag.as_str()) {
            tags.push(tag.as_str().to_owned());
        }
    };
    for layer in layers {
        layer.tag_set.ids().for_each(&mut push);
    }
    for layer in layers {
        layer
            .annotations()
            .iter()
            .for_each(|annotation| push(&annotation.tag));
    }
    tags
}

fn pair_agreement(
    (name_a, units_a): (&str, &[Unit]),
    (name_b, units_b): (&str, &[Unit]),
    tags: &[String],
    words: &[(usize, usize)],
    continuum: usize,
) -> PairAgreement {
    let mut per_tag = BTreeMap::new();
    let (mut exact, mut overlap, mut count_a, mut count_b) = (0, 0, 0, 0);
    let mut disagreements = Vec::new();
    let mut pooled = BinaryTable::default();
    for tag in tags {
        let tag_id = TagId::new(tag.clone());
        let spans_a = spans_with_tag(units_a, Some(&tag_id));
        let spans_b = spans_with_tag(units_b, Some(&tag_id));
        let tag_exact = exact_matches(&spans_a, &spans_b);
        let tag_overlap = overlap_matches(&spans_a, &spans_b);
        let disagreement = category_disagreement(continuum, &[spans_a.clone(), spans_b.clone()]);
        let table = word_table(words, &spans_a, &spans_b);
        per_tag.insert(
            tag.clone(),
            Scores {
                f1_exact: f1(tag_exact, spans_a.len(), spans_b.len()),
                f1_overlap: f1(tag_overlap, spans_a.len(), spans_b.len()),
                alpha_u: disagreement.map(|d| d.alpha()),
                kappa: if spans_a.is_empty() && spans_b.is_empty() {
                    None
                } else {
                    table.kappa()
                },
            },
        );
        exact += tag_exact;
        overlap += tag_overlap;
        count_a += spans_a.len();
        count_b += spans_b.len();
        disagreements.extend(disagreement);
        // A tag neither analyst used adds only "no, no" decisions: left out of the pool.
        if !(spans_a.is_empty() && spans_b.is_empty()) {
            pooled = pooled.plus(table);
        }
    }
    PairAgreement {
        a: name_a.to_owned(),
        b: name_b.to_owned(),
        overall: Scores {
            f1_exact: f1(exact, count_a, count_b),
            f1_overlap: f1(overlap, count_a, count_b),
            alpha_u: Disagreement::average(&disagreements).map(|d| d.alpha()),
            kappa: pooled.kappa(),
        },
        per_tag,
        relation_f1: None,
        per_relation: BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::test_support::layer;

    #[test]
    fn shifted_bounds_score_zero_exact_and_one_overlap_and_say_which() {
        let document = Document::from_raw_text(&"word ".repeat(40));
        let a = layer(&document, "a", &[(0, 9, "claim"), (20, 39, "evidence")]);
        let b = layer(&document, "b", &[(5, 14, "claim"), (25, 34, "evidence")]);
        let report = agreement(&document, &[&a, &b]);
        let pair = report.pair("b", "a").expect("one pair");
        assert_eq!(pair.overall.f1_exact, Some(0.0));
        assert_eq!(pair.overall.f1_overlap, Some(1.0));
        assert_eq!(pair.per_tag["claim"].f1_overlap, Some(1.0));
        assert_eq!(pair.per_tag["recommendation"].f1_exact, None);
        assert_eq!(pair.per_tag["recommendation"].alpha_u, None);
        assert!(pair.overall.alpha_u.is_some_and(|alpha| alpha < 1.0));
        assert_eq!(Metric::F1Exact.label(), "span F1 (exact match)");
    }

    #[test]
    fn identical_layers_agree_on_every_metric() {
        let document = Document::from_raw_text(&"Some words here. ".repeat(30));
        let spans = [(0, 15, "claim"), (17, 40, "evidence"), (100, 140, "claim")];
        let a = layer(&document, "a", &spans);
        let b = layer(&document, "b", &spans);
        let report = agreement(&document, &[&a, &b]);
        let overall = report.pairs[0].overall;
        assert_eq!(overall.f1_exact, Some(1.0));
        assert_eq!(overall.f1_overlap, Some(1.0));
        assert_eq!(overall.alpha_u, Some(1.0));
        assert_eq!(overall.kappa, Some(1.0));
    }

    #[test]
    fn three_analysts_give_three_pairs_and_a_mean() {
        let document = Document::from_raw_text(&"word ".repeat(40));
        let a = layer(&document, "a", &[(0, 9, "claim")]);
        let b = layer(&document, "b", &[(0, 9, "claim")]);
        let c = layer(&document, "c", &[(50, 60, "claim")]);
        let report = agreement(&document, &[&a, &b, &c]);
        assert_eq!(report.pairs.len(), 3);
        let mean = report.mean.overall.f1_exact.expect("defined");
        assert!((mean - 1.0 / 3.0).abs() < 1e-12, "{mean}");
        let json = serde_json::to_value(&report).expect("serialises");
        assert_eq!(json["pairs"][0]["a"], "a");
        assert_eq!(json["pairs"][0]["f1_exact"], 1.0);
        assert!(json["pairs"][2]["per_tag"]["claim"]["alpha_u"].is_number());
        assert!(json["mean"]["per_tag"]["evidence"]["kappa"].is_null());
    }

    fn spans_in(
        length: usize,
    ) -> impl proptest::strategy::Strategy<Value = Vec<(usize, usize, &'static str)>> {
        use proptest::prelude::*;
        proptest::collection::vec(
            (
                0..length - 1,
                1usize..20,
                prop::sample::select(vec!["claim", "evidence"]),
            ),
            0..6,
        )
        .prop_map(move |spans| {
            spans
                .into_iter()
                .map(|(start, width, tag)| (start, (start + width).min(length), tag))
                .collect()
        })
    }

    proptest::proptest! {
        /// Pooled over one article, a pair scores as in that article; over two, F1 is the
        /// micro-average of the articles' matches and spans, and κ the κ of their word tables
        /// added up.
        #[test]
        fn pooling_lays_the_articles_end_to_end(
            a1 in spans_in(119), b1 in spans_in(119), a2 in spans_in(84), b2 in spans_in(84),
        ) {
            // 119 and 84 chars: the spans drawn stay inside their article.
            let first = Document::from_raw_text(&"Some words here, ".repeat(7));
            let second = Document::from_raw_text(&"Other text. ".repeat(7));
            proptest::prop_assert_eq!((first.char_count(), second.char_count()), (119, 84));
            let (la1, lb1) = (layer(&first, "a", &a1), layer(&first, "b", &b1));
            let (la2, lb2) = (layer(&second, "a", &a2), layer(&second, "b", &b2));
            let one = pooled_agreement(&[(&first, vec![&la1, &lb1])]);
            let alone = agreement(&first, &[&la1, &lb1]);
            let both_placed = !units_of(&la1).is_empty() && !units_of(&lb1).is_empty();
            proptest::prop_assert_eq!(one.len(), usize::from(both_placed));
            if let Some((pair, articles)) = one.first() {
                proptest::prop_assert_eq!(*articles, 1);
                proptest::prop_assert_eq!(pair.overall, alone.pairs[0].overall);
            }
            let pooled = pooled_agreement(&[(&first, vec![&la1, &lb1]), (&second, vec![&la2, &lb2])]);
            let parts: Vec<(&Document, &Layer, &Layer)> = [(&first, &la1, &lb1), (&second, &la2, &lb2)]
                .into_iter()
                .filter(|(_, a, b)| !units_of(a).is_empty() && !units_of(b).is_empty())
                .collect();
            proptest::prop_assert_eq!(pooled.len(), usize::from(!parts.is_empty()));
            if let Some((pair, articles)) = pooled.first() {
                proptest::prop_assert_eq!(*articles, parts.len());
                let (mut matches, mut spans, mut table) = (0, 0, BinaryTable::default());
                for (document, a, b) in &parts {
                    let (ua, ub) = (units_of(a), units_of(b));
                    let words = word_tokens(document);
                    for tag in ["claim", "evidence", "recommendation"] {
                        let tag = TagId::new(tag);
                        let (sa, sb) = (spans_with_tag(&ua, Some(&tag)), spans_with_tag(&ub, Some(&tag)));
                        matches += exact_matches(&sa, &sb);
                        spans += sa.len() + sb.len();
                        // Only the tags either analyst used count, over all pooled articles.
                        let used = |tag: &TagId| parts.iter().any(|(_, a, b)| {
                            units_of(a).iter().chain(units_of(b).iter()).any(|unit| &unit.tag == tag)
                        });
                        if used(&tag) {
                            table = table.plus(word_table(&words, &sa, &sb));
                        }
                    }
                }
                proptest::prop_assert_eq!(pair.overall.f1_exact, f1(matches, spans, 0));
                proptest::prop_assert_eq!(pair.overall.kappa, table.kappa());
            }
        }
    }
}
