//! Approximate search for quotes that no longer occur exactly (a word fixed, a phrase
//! rewritten): candidates are voted for by short *seeds* — pieces of the quote and the ends of
//! its saved context — found in one Aho–Corasick pass; each candidate region is then aligned
//! with the quote by edit distance over chars (Sellers' semi-global alignment), allowing up to
//! half the quote's length in edits, at most [`MAX_EDITS`].
//!
//! Candidates are scored by quote similarity first, context next, position least.

use super::context::context_score;
use crate::model::annotation::QuoteSelector;
use crate::model::document::Document;
use crate::model::span::Span;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// Most edits accepted between the saved quote and the text found.
pub(crate) const MAX_EDITS: usize = 256;
/// A seed found more often than this says nothing about where the quote went.
const MAX_SEED_OCCURRENCES: usize = 200;
/// Candidate regions aligned per quote.
const MAX_CANDIDATES: usize = 6;
/// Chars of context used as seeds.
const CONTEXT_SEED_CHARS: usize = 16;
/// Quotes shorter than this need matching context too: short text recurs by chance.
const SHORT_QUOTE_CHARS: usize = 12;

const SIMILARITY_WEIGHT: f64 = 0.6;
const CONTEXT_WEIGHT: f64 = 0.3;
const POSITION_WEIGHT: f64 = 0.1;

/// A seed: a piece of text whose occurrence at char `c` predicts the quote at `c + shift`.
struct Seed {
    text: String,
    wanted: usize,
    shift: isize,
}

/// Edits allowed to a quote found near its predicted place: a quarter of its length, at most
/// this many.
const MAX_LOCAL_EDITS: usize = 32;
/// Chars searched either side of the predicted place, besides the edits allowed.
const LOCAL_MARGIN_CHARS: usize = 64;
/// The share of its saved context a quote found near its place must have kept: half, as when
/// a word changed at one of its ends (the other side's context then still agrees in full).
const LOCAL_CONTEXT_SCORE: f64 = 0.5;

/// The quote, edited a little, where the shift of its neighbours predicts it (its char
/// offset `predicted`), with its saved context around it: the common case after a word was
/// changed inside the passage, found without searching the whole article. The edited
/// original wins over a copy of the old wording elsewhere, which the whole-article search
/// could take. `None` sends the quote to that search.
pub(crate) fn find_edited_nearby(
    document: &Document,
    quote: &QuoteSelector,
    predicted: usize,
) -> Option<Span> {
    let pattern: Vec<char> = quote.exact.chars().collect();
    let length = pattern.len();
    if length < SHORT_QUOTE_CHARS {
        return None;
    }
    let max_edits = (length / 4).min(MAX_LOCAL_EDITS);
    let margin = max_edits + LOCAL_MARGIN_CHARS;
    let window_start = predicted.saturating_sub(margin);
    let window_end = (predicted + length + margin).min(document.char_count());
    if window_start >= window_end {
        return None;
    }
    let window: Vec<char> = document.slice(window_start..window_end).chars().collect();
    let alignment = align(&pattern, &window, max_edits)?;
    if alignment.start >= alignment.end {
        return None;
    }
    let span = Span::new(window_start + alignment.start, window_start + alignment.end);
    (context_score(document, span, quote) >= LOCAL_CONTEXT_SCORE).then_some(span)
}

/// For each (quote, old start), the best approximate place, if any is acceptable.
pub(crate) fn find_best_matches<'a>(
    document: &Document,
    wanted: impl Iterator<Item = (&'a QuoteSelector, usize)>,
) -> Vec<Option<Span>> {
    let wanted: Vec<(&QuoteSelector, usize)> = wanted.collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let seeds: Vec<Seed> = wanted
        .iter()
        .enumerate()
        .flat_map(|(index, (quote, _))| seeds_of(index, quote))
        .collect();
    let mut votes: Vec<Vec<isize>> = vec![Vec::new(); wanted.len()];
    for (seed, starts) in seeds.iter().zip(seed_occurrences(document, &seeds)) {
        votes[seed.wanted].extend(starts.into_iter().map(|start| start as isize + seed.shift));
    }
    wanted
        .iter()
        .zip(votes)
        .map(|((quote, old_start), mut candidates)| {
            candidates.push(*old_start as isize);
            best_match(document, quote, *old_start, candidates)
        })
        .collect()
}

fn seeds_of(wanted: usize, quote: &QuoteSelector) -> Vec<Seed> {
    let chars: Vec<char> = quote.exact.chars().collect();
    let length = chars.len();
    let mut seeds = Vec::new();
    let seed_length = (length / 6).clamp(4, 24).min(length);
    if seed_length >= 3 {
        let mut offset = 0;
        while offset + seed_length <= length {
            seeds.push(Seed {
                text: chars[offset..offset + seed_length].iter().collect(),
                wanted,
                shift: -(offset as isize),
            });
            if offset + seed_length == length {
                break;
            }
            offset = (offset + seed_length).min(length - seed_length);
        }
    }
    let prefix: Vec<char> = quote.prefix.chars().collect();
    let prefix_tail = &prefix[prefix.len().saturating_sub(CONTEXT_SEED_CHARS)..];
    if prefix_tail.len() >= 4 {
        seeds.push(Seed {
            text: prefix_tail.iter().collect(),
            wanted,
            shift: prefix_tail.len() as isize,
        });
    }
    let suffix_head: String = quote.suffix.chars().take(CONTEXT_SEED_CHARS).collect();
    if suffix_head.chars().count() >= 4 {
        seeds.push(Seed {
            text: suffix_head,
            wanted,
            shift: -(length as isize),
        });
    }
    seeds
}

/// Char offsets where each seed occurs; none for a seed that occurs too often.
fn seed_occurrences(document: &Document, seeds: &[Seed]) -> Vec<Vec<usize>> {
    let mut patterns: Vec<&str> = Vec::new();
    let mut pattern_ids: HashMap<&str, usize> = HashMap::new();
    let seed_patterns: Vec<usize> = seeds
        .iter()
        .map(|seed| {
            *pattern_ids.entry(seed.text.as_str()).or_insert_with(|| {
                patterns.push(seed.text.as_str());
                patterns.len() - 1
            })
        })
        .collect();
    let mut starts: Vec<Vec<usize>> = vec![Vec::new(); patterns.len()];
    let mut too_common = vec![false; patterns.len()];
    if let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
    {
        for found in automaton.find_overlapping_iter(document.text()) {
            let pattern = found.pattern().as_usize();
            if too_common[pattern] {
                continue;
            }
            if starts[pattern].len() >= MAX_SEED_OCCURRENCES {
                too_common[pattern] = true;
                starts[pattern] = Vec::new();
                continue;
            }
            starts[pattern].push(document.char_offset(found.start()));
        }
    }
    seed_patterns
        .into_iter()
        .map(|pattern| starts[pattern].clone())
        .collect()
}

/// Groups candidate starts lying within `radius` of each other; returns the groups' middles,
/// most voted first.
fn candidate_regions(mut candidates: Vec<isize>, radius: isize) -> Vec<isize> {
    candidates.sort_unstable();
    let mut groups: Vec<(usize, isize)> = Vec::new();
    let mut group_start = 0;
    for index in 1..=candidates.len() {
        if index == candidates.len() || candidates[index] - candidates[index - 1] > radius {
            let group = &candidates[group_start..index];
            groups.push((group.len(), group[group.len() / 2]));
            group_start = index;
        }
    }
    groups.sort_by_key(|group| std::cmp::Reverse(group.0));
    groups
        .into_iter()
        .take(MAX_CANDIDATES)
        .map(|(_, middle)| middle)
        .collect()
}

fn best_match(
    document: &Document,
    quote: &QuoteSelector,
    old_start: usize,
    candidates: Vec<isize>,
) -> Option<Span> {
    let pattern: Vec<char> = quote.exact.chars().collect();
    let length = pattern.len();
    if length == 0 {
        return None;
    }
    let max_edits = (length / 2).min(MAX_EDITS);
    let mut best: Option<(f64, Span)> = None;
    for centre in candidate_regions(candidates, (max_edits as isize / 2).max(4)) {
        let window_start = centre.saturating_sub((max_edits + 4) as isize).max(0) as usize;
        let window_end =
            (centre.max(0) as usize + length + max_edits + 4).min(document.char_count());
        if window_start >= window_end {
            continue;
        }
        let window: Vec<char> = document.slice(window_start..window_end).chars().collect();
        let Some(alignment) = align(&pattern, &window, max_edits) else {
            continue;
        };
        if alignment.edits > max_edits || alignment.start >= alignment.end {
            continue;
        }
        let span = Span::new(window_start + alignment.start, window_start + alignment.end);
        let similarity = 1.0 - alignment.edits as f64 / length as f64;
        let context = context_score(document, span, quote);
        if length < SHORT_QUOTE_CHARS && context < 0.5 {
            continue;
        }
        let position = 1.0 / (1.0 + span.start.abs_diff(old_start) as f64 / 1000.0);
        let score =
            SIMILARITY_WEIGHT * similarity + CONTEXT_WEIGHT * context + POSITION_WEIGHT * position;
        if best.is_none_or(|(best_score, _)| score > best_score) {
            best = Some((score, span));
        }
    }
    best.map(|(_, span)| span)
}

/// The best place for the whole `pattern` somewhere in `text`.
#[derive(Debug, PartialEq, Eq)]
struct Alignment {
    edits: usize,
    start: usize,
    end: usize,
}

/// Sellers' semi-global edit distance: the substring of `text` closest to `pattern`
/// (insertions, deletions and substitutions cost 1), with where it starts and ends, if it is
/// within `max_edits`. Only the band of cells such an alignment can pass through is computed,
/// so a long quote costs its length times the band, not times the window.
fn align(pattern: &[char], text: &[char], max_edits: usize) -> Option<Alignment> {
    const UNREACHABLE: usize = usize::MAX / 2;
    let width = text.len() + 1;
    // An alignment starting at s in text is at column s + i ± max_edits in row i, and s is at
    // most text.len() - pattern.len() + max_edits.
    let slack = (text.len() + max_edits).saturating_sub(pattern.len());
    let mut previous_cost: Vec<usize> = vec![0; width];
    let mut previous_start: Vec<usize> = (0..width).collect();
    let mut cost = vec![UNREACHABLE; width];
    let mut start = vec![0; width];
    // The band of the last row computed: only its cells (and column 0) are current.
    let mut last_band = 0..width;
    for (i, &pattern_char) in pattern.iter().enumerate() {
        let row = i + 1;
        let low = row.saturating_sub(max_edits).max(1);
        let high = (row + slack + max_edits).min(width - 1);
        cost[0] = if row <= max_edits { row } else { UNREACHABLE };
        start[0] = 0;
        if low > high && cost[0] >= UNREACHABLE {
            // No cell of this row is within reach: nor is any alignment.
            return None;
        }
        // The cell left of the band is read but not computed: it must be unreachable.
        if low > 1 && low - 1 < width {
            cost[low - 1] = UNREACHABLE;
        }
        for j in low..=high {
            let substitute = previous_cost[j - 1] + usize::from(text[j - 1] != pattern_char);
            let skip_pattern_char = previous_cost[j] + 1;
            let skip_text_char = cost[j - 1] + 1;
            if substitute <= skip_pattern_char && substitute <= skip_text_char {
                cost[j] = substitute;
                start[j] = previous_start[j - 1];
            } else if skip_pattern_char <= skip_text_char {
                cost[j] = skip_pattern_char;
                start[j] = previous_start[j];
            } else {
                cost[j] = skip_text_char;
                start[j] = start[j - 1];
            }
        }
        last_band = low..high.max(low - 1) + 1;
        // The next row reads one cell right of this band: it must be unreachable.
        if high + 1 < width {
            cost[high + 1] = UNREACHABLE;
        }
        std::mem::swap(&mut previous_cost, &mut cost);
        std::mem::swap(&mut previous_start, &mut start);
    }
    let (end, edits) = std::iter::once(0)
        .chain(last_band)
        .filter(|&end| end < width)
        .map(|end| (end, previous_cost[end]))
        .min_by_key(|&(end, edits)| (edits, std::cmp::Reverse(end)))?;
    (edits <= max_edits).then(|| Alignment {
        edits,
        start: previous_start[end],
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn alignment_finds_the_closest_substring() {
        let found = align(
            &chars("regime change"),
            &chars("the regine chnge agenda"),
            6,
        )
        .expect("aligned");
        assert_eq!(
            found,
            Alignment {
                edits: 2,
                start: 4,
                end: 16
            }
        );
        let exact = align(&chars("abc"), &chars("xxabcxx"), 1).expect("aligned");
        assert!(align(&chars("abcdef"), &chars("zzzzzz"), 2).is_none());
        assert_eq!(
            exact,
            Alignment {
                edits: 0,
                start: 2,
                end: 5
            }
        );
    }

    proptest::proptest! {
        #[test]
        fn the_band_gives_the_same_answer_as_the_full_table(
            pattern in "[abc ]{1,30}",
            text in "[abc ]{0,60}",
        ) {
            let (pattern, text) = (chars(&pattern), chars(&text));
            let unlimited = pattern.len() + text.len();
            let full = align(&pattern, &text, unlimited);
            for max_edits in 0..=pattern.len() {
                let banded = align(&pattern, &text, max_edits);
                match &full {
                    Some(best) if best.edits <= max_edits => {
                        proptest::prop_assert_eq!(banded.map(|found| found.edits), Some(best.edits));
                    }
                    _ => proptest::prop_assert!(banded.is_none()),
                }
            }
        }
    }

    #[test]
    fn an_edited_quote_is_found_by_its_seeds() {
        let old = Document::from_raw_text(
            "Intro. Khamenei seems to believe that the regime’s biggest threat is war. End.",
        );
        let quote = QuoteSelector::at(&old, Span::new(7, 72));
        let new = Document::from_raw_text(
            "A new first paragraph here.\n\nIntro. Khamenei appears to believe that the regime’s greatest threat is war. End.",
        );
        let found = find_best_matches(&new, [(&quote, 7)].into_iter());
        let span = found[0].expect("found approximately");
        assert_eq!(
            new.slice(span.range()),
            "Khamenei appears to believe that the regime’s greatest threat is war"
        );
    }

    #[test]
    fn unrelated_text_is_not_taken_for_a_short_quote() {
        let old = Document::from_raw_text("xx Ideas yy");
        let quote = QuoteSelector::at(&old, Span::new(3, 8));
        let new = Document::from_raw_text("Completely different words: idea, ideal, Idaho.");
        assert_eq!(
            find_best_matches(&new, [(&quote, 3)].into_iter()),
            vec![None]
        );
    }
}
