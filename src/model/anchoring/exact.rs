//! Every exact occurrence of many quotes, found in one pass over the article with an
//! Aho–Corasick automaton (so 20,000 quotes cost about as much as one).

use crate::model::document::Document;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// Occurrences kept per quote; a quote found more often than this is too common to place.
const MAX_OCCURRENCES_PER_QUOTE: usize = 10_000;

/// For each quote (in order), the char offsets where it starts, overlapping ones included.
pub(crate) fn find_occurrences<'a>(
    document: &Document,
    quotes: impl Iterator<Item = &'a String>,
) -> Vec<Vec<usize>> {
    let quotes: Vec<&String> = quotes.collect();
    if quotes.is_empty() {
        return Vec::new();
    }
    let mut pattern_of_quote = Vec::with_capacity(quotes.len());
    let mut patterns: Vec<&str> = Vec::new();
    let mut pattern_ids: HashMap<&str, usize> = HashMap::new();
    for quote in &quotes {
        let id = *pattern_ids.entry(quote.as_str()).or_insert_with(|| {
            patterns.push(quote.as_str());
            patterns.len() - 1
        });
        pattern_of_quote.push(id);
    }
    let mut starts_by_pattern: Vec<Vec<usize>> = vec![Vec::new(); patterns.len()];
    if let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
    {
        for found in automaton.find_overlapping_iter(document.text()) {
            let starts = &mut starts_by_pattern[found.pattern().as_usize()];
            if starts.len() < MAX_OCCURRENCES_PER_QUOTE {
                starts.push(document.char_offset(found.start()));
            }
        }
    }
    pattern_of_quote
        .into_iter()
        .map(|pattern| starts_by_pattern[pattern].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_all_occurrences_of_all_quotes_in_chars() {
        let document = Document::from_raw_text("فارسی aaa b فارسی aaa");
        let quotes = [
            "aa".to_owned(),
            "فارسی".to_owned(),
            "zz".to_owned(),
            "aa".to_owned(),
        ];
        let found = find_occurrences(&document, quotes.iter());
        assert_eq!(found[0], vec![6, 7, 18, 19]);
        assert_eq!(found[1], vec![0, 12]);
        assert!(found[2].is_empty());
        assert_eq!(found[3], found[0]);
    }
}
