//! Finding text in a document: every match of a query, as char spans (moving the caret by a
//! sentence is [`crate::model::movement`]'s).
//!
//! Case-insensitive search folds each char to its lower case char by char (a char whose lower
//! case is several chars keeps its first), so the folded text has exactly as many chars as the
//! document and a match's char offsets are the document's (see [`crate::model::span`] for the
//! unit).

use super::{Document, Span};

/// The document's text folded for case-insensitive search, made once per document.
#[derive(Clone, Debug, Default)]
pub struct FoldedText {
    /// Identifies the document this was folded from.
    pub document_key: String,
    text: String,
}

impl FoldedText {
    pub fn new(document: &Document) -> Self {
        Self {
            document_key: document.sha256_hex().to_owned(),
            text: fold_case(document.text()),
        }
    }
}

/// Lower case, one char for one char.
pub(crate) fn fold_case(text: &str) -> String {
    text.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

/// Every non-overlapping match of `query`, in document order, as char spans. Case-insensitive
/// searches need the document's [`FoldedText`].
pub fn find_all(
    document: &Document,
    folded: Option<&FoldedText>,
    query: &str,
    case_sensitive: bool,
) -> Vec<Span> {
    if query.is_empty() {
        return Vec::new();
    }
    let (haystack, needle) = match (case_sensitive, folded) {
        (false, Some(folded)) if folded.document_key == document.sha256_hex() => {
            (folded.text.as_str(), fold_case(query))
        }
        (false, _) => return find_all(document, Some(&FoldedText::new(document)), query, false),
        (true, _) => (document.text(), query.to_owned()),
    };
    let needle_chars = needle.chars().count();
    // Byte offsets come in ascending order: count chars from the last match rather than from
    // the start each time.
    let mut matches = Vec::new();
    let mut last_byte = 0;
    let mut last_char = 0;
    for (byte, _) in haystack.match_indices(&needle) {
        last_char += haystack[last_byte..byte].chars().count();
        last_byte = byte;
        matches.push(Span::new(last_char, last_char + needle_chars));
    }
    matches
}

/// Whether a char is part of a word for whole-word search: letters, digits, marks and
/// connectors such as `_`.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_mark(c)
}

/// Combining marks (accents written apart), which belong to the word they sit on.
fn is_mark(c: char) -> bool {
    matches!(
        c as u32,
        0x0300..=0x036F
            | 0x0610..=0x061A
            | 0x064B..=0x065F
            | 0x0670
            | 0x06D6..=0x06ED
            | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF
            | 0x20D0..=0x20FF
            | 0xFE20..=0xFE2F
    )
}

/// Whether `span` stands as a whole word: where its first (last) char is part of a word, the
/// char before (after) it is not, so "Iran" does not match inside "Iranian".
pub fn is_whole_word(document: &Document, span: Span) -> bool {
    let text = document.slice(span.range());
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().next_back()) else {
        return false;
    };
    let before = span
        .start
        .checked_sub(1)
        .and_then(|start| document.slice(start..span.start).chars().next());
    let after = document.slice(span.end..span.end + 1).chars().next();
    let open_start = !is_word_char(first) || !before.is_some_and(is_word_char);
    let open_end = !is_word_char(last) || !after.is_some_and(is_word_char);
    open_start && open_end
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_every_match_ignoring_case_in_char_offsets() {
        let doc = Document::from_paragraphs(&["Ünïcode and UNICODE.", "unicode again"]);
        let folded = FoldedText::new(&doc);
        let matches = find_all(&doc, Some(&folded), "unicode", false);
        assert_eq!(matches.len(), 2);
        for span in &matches {
            assert_eq!(doc.slice(span.range()).to_lowercase(), "unicode");
        }
        let with_accent = find_all(&doc, Some(&folded), "ÜNÏCODE", false);
        assert_eq!(doc.slice(with_accent[0].range()), "Ünïcode");
        assert_eq!(find_all(&doc, None, "UNICODE", true).len(), 1);
        assert!(find_all(&doc, Some(&folded), "", false).is_empty());
    }

    #[test]
    fn whole_words_are_told_from_parts_of_words() {
        let doc = Document::from_paragraphs(&["Iran and Iranian, (Iran) U.S. ré-Iran"]);
        let matches = find_all(&doc, None, "Iran", true);
        let whole: Vec<&str> = matches
            .iter()
            .filter(|span| is_whole_word(&doc, **span))
            .map(|span| doc.slice(span.start.saturating_sub(1)..span.start))
            .collect();
        // "Iran" at the start, "(Iran)" and "-Iran" count; "Iranian" does not.
        assert_eq!(whole, ["", "(", "-"]);
        let dotted = find_all(&doc, None, "U.S.", true);
        assert!(is_whole_word(&doc, dotted[0]), "a query ending in a stop");
    }

    proptest! {
        #[test]
        fn whole_word_matches_are_those_with_no_word_char_beside_them(
            words in prop::collection::vec("[ab]{1,3}", 1..30),
            separators in prop::collection::vec("[ ,.-]", 30),
            pick in 0usize..30,
        ) {
            let mut text = String::new();
            for (index, word) in words.iter().enumerate() {
                if index > 0 {
                    text.push_str(&separators[index]);
                }
                text.push_str(word);
            }
            let doc = Document::from_paragraphs(&[&text]);
            let query = words[pick % words.len()].clone();
            let chars: Vec<char> = doc.text().chars().collect();
            for span in find_all(&doc, None, &query, true) {
                let before = span.start.checked_sub(1).map(|i| chars[i]);
                let after = chars.get(span.end).copied();
                let brute = !before.is_some_and(|c| c.is_alphanumeric())
                    && !after.is_some_and(|c| c.is_alphanumeric());
                prop_assert_eq!(is_whole_word(&doc, span), brute);
            }
        }

        #[test]
        fn every_match_reads_as_the_query(
            words in prop::collection::vec("[a-zA-ZéÉßΣσ]{1,4}", 1..40),
            pick in 0usize..40,
        ) {
            let text = words.join(" ");
            let doc = Document::from_paragraphs(&[&text]);
            let query = words[pick % words.len()].clone();
            let folded = FoldedText::new(&doc);
            let matches = find_all(&doc, Some(&folded), &query, false);
            prop_assert!(!matches.is_empty());
            for pair in matches.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start);
            }
            for span in matches {
                prop_assert_eq!(fold_case(doc.slice(span.range())), fold_case(&query));
            }
        }
    }
}
