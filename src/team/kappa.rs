//! Cohen's κ on word tokens: for each word of the article and each tag, did each analyst tag
//! that word (any char of it inside one of their annotations with the tag) or not?
//!
//! Per tag this is a 2×2 table over the article's words; the overall figure pools the tables
//! of the tags either analyst used (every (word, tag) pair is one yes/no decision). κ = (p_o − p_e) / (1 − p_e);
//! undefined (`None`) when p_e = 1, i.e. both analysts said the same thing of every word.

use crate::model::Document;
use unicode_normalization::char::is_combining_mark;

/// The article's words as `[start, end)` char offsets, in order: runs of letters, digits and
/// combining marks, kept together across one apostrophe, hyphen, period or comma between two of
/// them ("don't", "well-known", "3.5"). One pass over the chars: UAX #29 segmentation gives
/// nearly the same words but is ten times slower on a book-length article.
pub fn word_tokens(document: &Document) -> Vec<(usize, usize)> {
    let is_word_char = |c: char| c.is_alphanumeric() || is_combining_mark(c);
    let is_joiner = |c: char| matches!(c, '\'' | '’' | '-' | '‐' | '.' | ',');
    let mut tokens = Vec::new();
    let mut chars = document.text().chars().enumerate().peekable();
    let mut current: Option<usize> = None;
    while let Some((index, c)) = chars.next() {
        if is_word_char(c) {
            current.get_or_insert(index);
            continue;
        }
        let Some(start) = current else {
            continue;
        };
        let joins = is_joiner(c) && chars.peek().is_some_and(|&(_, next)| is_word_char(next));
        if !joins {
            tokens.push((start, index));
            current = None;
        }
    }
    if let Some(start) = current {
        tokens.push((start, document.char_count()));
    }
    tokens
}

/// The yes/no decisions of two analysts on a set of items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BinaryTable {
    pub both: u64,
    pub only_first: u64,
    pub only_second: u64,
    pub neither: u64,
}

impl BinaryTable {
    pub fn total(&self) -> u64 {
        self.both + self.only_first + self.only_second + self.neither
    }

    pub fn plus(self, other: BinaryTable) -> BinaryTable {
        BinaryTable {
            both: self.both + other.both,
            only_first: self.only_first + other.only_first,
            only_second: self.only_second + other.only_second,
            neither: self.neither + other.neither,
        }
    }

    /// Cohen's κ; `None` when there are no items or chance agreement is certain.
    pub fn kappa(&self) -> Option<f64> {
        let total = self.total() as f64;
        if total == 0.0 {
            return None;
        }
        let observed = (self.both + self.neither) as f64 / total;
        let first_yes = (self.both + self.only_first) as f64 / total;
        let second_yes = (self.both + self.only_second) as f64 / total;
        let chance = first_yes * second_yes + (1.0 - first_yes) * (1.0 - second_yes);
        if (1.0 - chance).abs() < f64::EPSILON {
            return None;
        }
        Some((observed - chance) / (1.0 - chance))
    }
}

/// Which words a set of spans touches, as sorted disjoint ranges of word indices.
fn tagged_words(words: &[(usize, usize)], spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = spans
        .iter()
        .map(|&(start, end)| {
            let first = words.partition_point(|&(_, word_end)| word_end <= start);
            let last = words.partition_point(|&(word_start, _)| word_start < end);
            (first, last.max(first))
        })
        .filter(|(first, last)| last > first)
        .collect();
    ranges.sort_unstable();
    let mut joined: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (first, last) in ranges {
        match joined.last_mut() {
            Some(previous) if first <= previous.1 => previous.1 = previous.1.max(last),
            _ => joined.push((first, last)),
        }
    }
    joined
}

fn covered(ranges: &[(usize, usize)]) -> u64 {
    ranges
        .iter()
        .map(|(first, last)| (last - first) as u64)
        .sum()
}

fn intersection(first: &[(usize, usize)], second: &[(usize, usize)]) -> u64 {
    let (mut i, mut j, mut shared) = (0, 0, 0u64);
    while i < first.len() && j < second.len() {
        let start = first[i].0.max(second[j].0);
        let end = first[i].1.min(second[j].1);
        if end > start {
            shared += (end - start) as u64;
        }
        if first[i].1 <= second[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    shared
}

/// The 2×2 table of two analysts' spans (of one tag) over the article's words.
pub(crate) fn word_table(
    words: &[(usize, usize)],
    first: &[(usize, usize)],
    second: &[(usize, usize)],
) -> BinaryTable {
    let first = tagged_words(words, first);
    let second = tagged_words(words, second);
    let both = intersection(&first, &second);
    let first_count = covered(&first);
    let second_count = covered(&second);
    BinaryTable {
        both,
        only_first: first_count - both,
        only_second: second_count - both,
        neither: words.len() as u64 - (first_count + second_count - both),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_char_offsets_even_after_non_ascii_text() {
        let document = Document::from_raw_text("Ça va — فارسی word.");
        let words = word_tokens(&document);
        let texts: Vec<&str> = words
            .iter()
            .map(|&(start, end)| document.slice(start..end))
            .collect();
        assert_eq!(texts, vec!["Ça", "va", "فارسی", "word"]);
        let document = Document::from_raw_text("U.S. officials don't say: 3.5 well-known, ok.");
        let texts: Vec<&str> = word_tokens(&document)
            .iter()
            .map(|&(start, end)| document.slice(start..end))
            .collect();
        assert_eq!(
            texts,
            vec![
                "U.S",
                "officials",
                "don't",
                "say",
                "3.5",
                "well-known",
                "ok"
            ]
        );
    }

    #[test]
    fn kappa_of_a_textbook_table() {
        // 20 both, 5 first only, 10 second only, 15 neither: p_o = 0.7, p_e = 0.5.
        let table = BinaryTable {
            both: 20,
            only_first: 5,
            only_second: 10,
            neither: 15,
        };
        let kappa = table.kappa().expect("defined");
        assert!((kappa - 0.4).abs() < 1e-12, "{kappa}");
    }

    #[test]
    fn a_word_counts_as_tagged_when_any_char_of_it_is() {
        let words = [(0, 4), (5, 9), (10, 14), (15, 19)];
        let table = word_table(&words, &[(2, 6)], &[(6, 12)]);
        assert_eq!(
            table,
            BinaryTable {
                both: 1,
                only_first: 1,
                only_second: 1,
                neither: 1
            }
        );
    }

    #[test]
    fn no_decision_differs_means_no_kappa() {
        let words = [(0, 4), (5, 9)];
        assert_eq!(word_table(&words, &[], &[]).kappa(), None);
        assert_eq!(
            word_table(&words, &[(0, 9)], &[(0, 9)]).kappa(),
            None,
            "everything tagged by both: chance agreement is certain"
        );
    }
}
