//! Pairing the paragraphs of an article with those of another edition of it (its Persian or
//! Arabic translation, a revised version): by the words, names and numbers the two share,
//! their place in the article and their length.
//!
//! Only tokens found in both editions count, so the same code serves two editions in one
//! language (every word is shared evidence) and two in different languages (numbers, with
//! Persian and Arabic-Indic digits read as digits, and names or acronyms written in Latin
//! letters in both). Shared tokens are weighted by rarity, and a pair's overlap is measured
//! against the smaller side, so that a paragraph merged into a longer one still finds it.
//! Paragraphs that are each other's best partner are paired first; a paragraph left over
//! whose shared tokens are in what a paired paragraph has beyond its partner's joins that
//! pair (the other edition merged it in: one-to-many or many-to-one); what is still left is
//! paired among itself, and what has no partner stands alone. Order is not assumed (a reordered edition
//! is paired as well), but the place in the article decides where nothing else does.

use std::collections::{BTreeSet, HashMap, HashSet};

/// One group of paired paragraphs: paragraph (block) indexes of edition A and of edition B.
/// One side is empty for a paragraph the other edition does not have.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AlignedGroup {
    pub a: Vec<usize>,
    pub b: Vec<usize>,
}

/// How much each kind of evidence weighs in a pair's score (they sum to 1).
const SHARED_WEIGHT: f32 = 0.7;
const POSITION_WEIGHT: f32 = 0.2;
const LENGTH_WEIGHT: f32 = 0.1;
/// Below this a paragraph's best partner is no partner.
const MIN_SCORE: f32 = 0.2;
/// A paragraph left over joins a group when this much of its shared evidence is in what the
/// group's paragraph of the other edition has beyond its partners' (discounted as in a score).
const MERGED_MIN: f32 = 0.4;
/// The shared weight at which shared evidence counts half (two rare tokens count about 0.7,
/// one word found in most paragraphs about 0.25).
const EVIDENCE_HALF: f32 = 2.0;
/// Paragraphs around the same place in the other edition are candidates even when they share
/// no token.
const NEIGHBOURS: usize = 3;

/// A paragraph's evidence.
struct Paragraph {
    tokens: HashSet<String>,
    /// Share of the edition's text before the paragraph's middle.
    position: f32,
    /// Share of the edition's text in the paragraph.
    length: f32,
}

/// A digit of any script as an ASCII digit (Persian ۴ and Arabic-Indic ٤ are 4).
fn ascii_digit(c: char) -> Option<char> {
    let value = match c {
        '0'..='9' => return Some(c),
        '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
        '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
        _ => return None,
    };
    char::from_digit(value, 10)
}

/// The paragraph's candidate tokens: numbers (digits in any script, with their `.`/`,`
/// separators dropped) and words of three letters or more, lower-cased.
fn tokens_of(text: &str) -> HashSet<String> {
    let mut tokens = HashSet::new();
    let mut current = String::new();
    let mut numeric = true;
    let mut flush = |current: &mut String, numeric: bool| {
        if (numeric && !current.is_empty()) || current.chars().count() >= 3 {
            tokens.insert(std::mem::take(current));
        }
        current.clear();
    };
    let chars: Vec<char> = text.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        if let Some(digit) = ascii_digit(c) {
            if !numeric {
                flush(&mut current, false);
                numeric = true;
            }
            current.push(digit);
        } else if c.is_alphabetic() || c == '\u{200C}' {
            if numeric && !current.is_empty() {
                flush(&mut current, true);
            }
            numeric = false;
            if c != '\u{200C}' {
                current.extend(c.to_lowercase());
            }
        } else if numeric
            && matches!(c, '.' | ',' | '٫' | '٬')
            && chars
                .get(index + 1)
                .is_some_and(|&next| ascii_digit(next).is_some())
        {
            // 1,200 and 3.5 stay one number.
        } else {
            flush(&mut current, numeric);
            numeric = true;
        }
    }
    flush(&mut current, numeric);
    tokens
}

fn paragraphs(texts: &[&str]) -> Vec<Paragraph> {
    let lengths: Vec<f32> = texts
        .iter()
        .map(|text| text.chars().count() as f32)
        .collect();
    let total: f32 = lengths.iter().sum::<f32>().max(1.0);
    let mut before = 0.0;
    texts
        .iter()
        .zip(&lengths)
        .map(|(text, &length)| {
            let position = (before + length / 2.0) / total;
            before += length;
            Paragraph {
                tokens: tokens_of(text),
                position,
                length: length / total,
            }
        })
        .collect()
}

/// Groups made so far, and each paragraph's group.
struct Pairing {
    groups: Vec<AlignedGroup>,
    group_of_left: Vec<Option<usize>>,
    group_of_right: Vec<Option<usize>>,
}

/// A side's best partner among the other side's unpaired paragraphs (given whether a
/// paragraph of the other side is unpaired).
type BestOf<'a> = dyn Fn(usize, &dyn Fn(usize) -> bool) -> Option<(usize, f32)> + 'a;

/// Pairs paragraphs that are each other's best partner among those unpaired; in rounds
/// until none is left to pair when `once` is false.
fn pair_mutual_bests(
    pairing: &mut Pairing,
    left_count: usize,
    right_count: usize,
    best_of_left: &BestOf<'_>,
    best_of_right: &BestOf<'_>,
    once: bool,
) {
    loop {
        let left_free: Vec<bool> = pairing.group_of_left.iter().map(Option::is_none).collect();
        let right_free: Vec<bool> = pairing.group_of_right.iter().map(Option::is_none).collect();
        let lefts: Vec<Option<usize>> = (0..left_count)
            .map(|i| {
                left_free[i]
                    .then(|| best_of_left(i, &|j| right_free[j]).map(|(j, _)| j))
                    .flatten()
            })
            .collect();
        let rights: Vec<Option<usize>> = (0..right_count)
            .map(|j| {
                right_free[j]
                    .then(|| best_of_right(j, &|i| left_free[i]).map(|(i, _)| i))
                    .flatten()
            })
            .collect();
        let mut paired = false;
        for (i, choice) in lefts.iter().enumerate() {
            if let Some(j) = *choice
                && rights[j] == Some(i)
            {
                pairing.group_of_left[i] = Some(pairing.groups.len());
                pairing.group_of_right[j] = Some(pairing.groups.len());
                pairing.groups.push(AlignedGroup {
                    a: vec![i],
                    b: vec![j],
                });
                paired = true;
            }
        }
        if once || !paired {
            return;
        }
    }
}

/// Joins each unpaired paragraph of `own` (edition B's when `own_is_right`) to the group of
/// the paired paragraph of `others` whose tokens beyond its group's own-side paragraphs'
/// hold most of its shared tokens: a paragraph the other edition merged into a longer one.
fn attach_merged(
    pairing: &mut Pairing,
    own: &[Paragraph],
    others: &[Paragraph],
    others_index: &HashMap<String, Vec<usize>>,
    weight: &dyn Fn(&str) -> f32,
    own_is_right: bool,
) {
    // The paragraphs with most to share first: what they explain is then not open to a
    // shorter paragraph that shares only part of it ("Mehdi Khalaji" and "Mehdi Khalaji is a
    // fellow at…").
    let mut order: Vec<(usize, f32)> = own
        .iter()
        .enumerate()
        .map(|(p, paragraph)| (p, paragraph.tokens.iter().map(|t| weight(t)).sum::<f32>()))
        .collect();
    order.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    for (p, _) in order {
        let paragraph = &own[p];
        let own_group = if own_is_right {
            &pairing.group_of_right
        } else {
            &pairing.group_of_left
        };
        if own_group[p].is_some() || paragraph.tokens.is_empty() {
            continue;
        }
        let total: f32 = paragraph.tokens.iter().map(|t| weight(t)).sum();
        let candidates: BTreeSet<usize> = paragraph
            .tokens
            .iter()
            .flat_map(|token| others_index.get(token).into_iter().flatten().copied())
            .collect();
        let mut best: Option<(usize, f32)> = None;
        for q in candidates {
            let other_group = if own_is_right {
                &pairing.group_of_left
            } else {
                &pairing.group_of_right
            };
            let Some(group) = other_group[q] else {
                continue;
            };
            let members = if own_is_right {
                &pairing.groups[group].b
            } else {
                &pairing.groups[group].a
            };
            let explained: HashSet<&String> = members
                .iter()
                .flat_map(|&member| own[member].tokens.iter())
                .collect();
            let contained: f32 = paragraph
                .tokens
                .iter()
                .filter(|token| others[q].tokens.contains(*token) && !explained.contains(token))
                .map(|t| weight(t))
                .sum();
            let value = contained / total * contained / (contained + EVIDENCE_HALF);
            if value >= MERGED_MIN && best.is_none_or(|(_, best)| value > best) {
                best = Some((group, value));
            }
        }
        if let Some((group, _)) = best {
            if own_is_right {
                pairing.groups[group].b.push(p);
                pairing.group_of_right[p] = Some(group);
            } else {
                pairing.groups[group].a.push(p);
                pairing.group_of_left[p] = Some(group);
            }
        }
    }
}

/// Pairs the paragraphs `a` (edition A's blocks' texts, in order) with `b`'s. Every paragraph
/// of both is in exactly one group; groups are ordered by their first paragraph of A (groups
/// with none of A last, by B).
pub fn align(a: &[&str], b: &[&str]) -> Vec<AlignedGroup> {
    let mut left = paragraphs(a);
    let mut right = paragraphs(b);
    // Only what both editions have is evidence.
    let in_a: HashSet<String> = left.iter().flat_map(|p| p.tokens.iter().cloned()).collect();
    let in_b: HashSet<String> = right
        .iter()
        .flat_map(|p| p.tokens.iter().cloned())
        .collect();
    for paragraph in &mut left {
        paragraph.tokens.retain(|token| in_b.contains(token));
    }
    for paragraph in &mut right {
        paragraph.tokens.retain(|token| in_a.contains(token));
    }
    // Rarer tokens weigh more.
    let mut document_frequency: HashMap<&str, usize> = HashMap::new();
    for paragraph in left.iter().chain(&right) {
        for token in &paragraph.tokens {
            *document_frequency.entry(token.as_str()).or_default() += 1;
        }
    }
    let count = (left.len() + right.len()).max(1) as f32;
    let weight = |token: &str| {
        let frequency = document_frequency.get(token).copied().unwrap_or(1) as f32;
        (1.0 + count / frequency).ln()
    };
    let total_weight =
        |paragraph: &Paragraph| -> f32 { paragraph.tokens.iter().map(|t| weight(t)).sum() };
    let left_weights: Vec<f32> = left.iter().map(total_weight).collect();
    let right_weights: Vec<f32> = right.iter().map(total_weight).collect();
    let score = |i: usize, j: usize| -> f32 {
        let (p, q) = (&left[i], &right[j]);
        let smaller = left_weights[i].min(right_weights[j]);
        let shared = if smaller > 0.0 {
            let (few, many) = if p.tokens.len() <= q.tokens.len() {
                (&p.tokens, &q.tokens)
            } else {
                (&q.tokens, &p.tokens)
            };
            let common: f32 = few
                .iter()
                .filter(|token| many.contains(*token))
                .map(|t| weight(t))
                .sum();
            // How much of the smaller side is shared, discounted when that is little
            // evidence (a lone common word shares all of a short paragraph's vocabulary).
            (common / smaller).min(1.0) * common / (common + EVIDENCE_HALF)
        } else {
            0.0
        };
        let position = 1.0 - (p.position - q.position).abs();
        let length = if p.length.max(q.length) > 0.0 {
            p.length.min(q.length) / p.length.max(q.length)
        } else {
            1.0
        };
        SHARED_WEIGHT * shared + POSITION_WEIGHT * position + LENGTH_WEIGHT * length
    };
    // Candidates: paragraphs sharing a token, and those around the same place.
    let index_of = |paragraphs: &[Paragraph]| -> HashMap<String, Vec<usize>> {
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, paragraph) in paragraphs.iter().enumerate() {
            for token in &paragraph.tokens {
                index.entry(token.clone()).or_default().push(i);
            }
        }
        index
    };
    let right_index = index_of(&right);
    let left_index = index_of(&left);
    let near = |position: f32, others: &[Paragraph]| -> Vec<usize> {
        let at = others.partition_point(|other| other.position < position);
        (at.saturating_sub(NEIGHBOURS)..(at + NEIGHBOURS).min(others.len())).collect()
    };
    let best = |own: &Paragraph,
                index: &HashMap<String, Vec<usize>>,
                others: &[Paragraph],
                score_with: &dyn Fn(usize) -> f32|
     -> Option<(usize, f32)> {
        let mut candidates: BTreeSet<usize> = near(own.position, others).into_iter().collect();
        for token in &own.tokens {
            candidates.extend(index.get(token).into_iter().flatten().copied());
        }
        candidates
            .into_iter()
            .map(|other| (other, score_with(other)))
            .filter(|(_, score)| *score >= MIN_SCORE)
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
    };
    let mut pairing = Pairing {
        groups: Vec::new(),
        group_of_left: vec![None; left.len()],
        group_of_right: vec![None; right.len()],
    };
    // 1. Mutual best partners.
    pair_mutual_bests(
        &mut pairing,
        left.len(),
        right.len(),
        &|i, unpaired| {
            best(&left[i], &right_index, &right, &|j| {
                if unpaired(j) {
                    score(i, j)
                } else {
                    f32::NEG_INFINITY
                }
            })
        },
        &|j, unpaired| {
            best(&right[j], &left_index, &left, &|i| {
                if unpaired(i) {
                    score(i, j)
                } else {
                    f32::NEG_INFINITY
                }
            })
        },
        true,
    );
    // 2. A paragraph left over whose shared tokens are in what a paired paragraph of the
    // other edition has beyond its partners': merged into it.
    attach_merged(&mut pairing, &left, &right, &right_index, &weight, false);
    attach_merged(&mut pairing, &right, &left, &left_index, &weight, true);
    // 3. What is still left over, paired among itself, in rounds.
    pair_mutual_bests(
        &mut pairing,
        left.len(),
        right.len(),
        &|i, unpaired| {
            best(&left[i], &right_index, &right, &|j| {
                if unpaired(j) {
                    score(i, j)
                } else {
                    f32::NEG_INFINITY
                }
            })
        },
        &|j, unpaired| {
            best(&right[j], &left_index, &left, &|i| {
                if unpaired(i) {
                    score(i, j)
                } else {
                    f32::NEG_INFINITY
                }
            })
        },
        false,
    );
    let mut groups = pairing.groups;
    for (i, group) in pairing.group_of_left.iter().enumerate() {
        if group.is_none() {
            groups.push(AlignedGroup {
                a: vec![i],
                b: Vec::new(),
            });
        }
    }
    for (j, group) in pairing.group_of_right.iter().enumerate() {
        if group.is_none() {
            groups.push(AlignedGroup {
                a: Vec::new(),
                b: vec![j],
            });
        }
    }
    for group in &mut groups {
        group.a.sort_unstable();
        group.b.sort_unstable();
    }
    groups.sort_by_key(|group| {
        (
            group.a.first().copied().unwrap_or(usize::MAX),
            group.b.first().copied().unwrap_or(usize::MAX),
        )
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_read_digits_of_any_script_and_keep_numbers_whole() {
        let tokens = tokens_of("In 2019, Iran had ۴۵۰ kg (١٢٠٠ in total, 1,200 or 3.5%).");
        for expected in ["2019", "450", "1200", "35", "iran", "total"] {
            assert!(tokens.contains(expected), "{expected}: {tokens:?}");
        }
        assert!(
            !tokens.contains("in") && !tokens.contains("kg"),
            "{tokens:?}"
        );
        let persian = tokens_of("بین‌المللی");
        assert!(persian.contains("بینالمللی"), "{persian:?}");
    }

    #[test]
    fn a_reordered_edition_with_merged_paragraphs_is_paired_back() {
        let a = [
            "The agency reported 450 kilograms of enriched uranium in May 2019.",
            "Inspectors from the IAEA visited Natanz twice that summer.",
            "Sanctions on oil exports were tightened by Washington in November.",
            "Europe proposed INSTEX as a channel for humanitarian trade.",
            "Nobody expected a settlement before the elections.",
        ];
        let b = [
            "Europe proposed INSTEX as a channel for humanitarian trade. Nobody expected a settlement before the elections.",
            "The agency reported 450 kilograms of enriched uranium in May 2019.",
            "Sanctions on oil exports were tightened by Washington in November.",
            "Inspectors from the IAEA visited Natanz twice that summer.",
        ];
        let groups = align(&a, &b);
        assert_eq!(
            groups,
            vec![
                AlignedGroup {
                    a: vec![0],
                    b: vec![1]
                },
                AlignedGroup {
                    a: vec![1],
                    b: vec![3]
                },
                AlignedGroup {
                    a: vec![2],
                    b: vec![2]
                },
                AlignedGroup {
                    a: vec![3, 4],
                    b: vec![0]
                },
            ]
        );
    }

    #[test]
    fn editions_in_two_languages_pair_by_numbers_names_and_place() {
        let english = [
            "In May 2019 the IAEA counted 450 kilograms of enriched uranium.",
            "The talks in Vienna stalled for months.",
            "By 2021 enrichment had reached 60 percent at Natanz.",
        ];
        let persian = [
            "در اردیبهشت ۱۳۹۸ (2019) آژانس IAEA ۴۵۰ کیلوگرم اورانیوم غنی‌شده شمرد.",
            "گفت‌وگوها در Vienna ماه‌ها متوقف ماند.",
            "تا سال 2021 غنی‌سازی در Natanz به ۶۰ درصد رسید.",
        ];
        let groups = align(&english, &persian);
        assert_eq!(
            groups,
            (0..3)
                .map(|i| AlignedGroup {
                    a: vec![i],
                    b: vec![i]
                })
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_paragraph_the_other_edition_lacks_stands_alone() {
        let a = [
            "Oil exports fell to 500,000 barrels a day in 2019.",
            "A short aside about the weather in Tehran, with nothing else shared.",
            "The rial lost 60 percent of its value against the dollar by 2020.",
        ];
        let b = [
            "Oil exports fell to 500,000 barrels a day in 2019.",
            "The rial lost 60 percent of its value against the dollar by 2020.",
        ];
        let groups = align(&a, &b);
        assert!(
            groups.contains(&AlignedGroup {
                a: vec![0],
                b: vec![0]
            }),
            "{groups:?}"
        );
        assert!(
            groups.contains(&AlignedGroup {
                a: vec![2],
                b: vec![1]
            }),
            "{groups:?}"
        );
        assert!(
            groups.contains(&AlignedGroup {
                a: vec![1],
                b: vec![]
            }),
            "{groups:?}"
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn every_paragraph_is_in_exactly_one_group(
                a in proptest::collection::vec("[a-c ]{0,12}( 1[0-9])?", 0..12),
                b in proptest::collection::vec("[a-c ]{0,12}( 1[0-9])?", 0..12),
            ) {
                let a: Vec<&str> = a.iter().map(String::as_str).collect();
                let b: Vec<&str> = b.iter().map(String::as_str).collect();
                let groups = align(&a, &b);
                let mut seen_a: Vec<usize> = groups.iter().flat_map(|g| g.a.clone()).collect();
                let mut seen_b: Vec<usize> = groups.iter().flat_map(|g| g.b.clone()).collect();
                seen_a.sort_unstable();
                seen_b.sort_unstable();
                prop_assert_eq!(seen_a, (0..a.len()).collect::<Vec<_>>());
                prop_assert_eq!(seen_b, (0..b.len()).collect::<Vec<_>>());
                prop_assert!(groups.iter().all(|g| !g.a.is_empty() || !g.b.is_empty()));
            }
        }
    }
}
