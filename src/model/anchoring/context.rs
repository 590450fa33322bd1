//! How well the text around a candidate place matches an annotation's saved context.

use crate::model::annotation::QuoteSelector;
use crate::model::document::Document;
use crate::model::span::Span;

/// Chars with every run of white space as one space: context saved by another tool (a web
/// page's, a `.txt` with other line ends) agrees with the article's however its spaces and line
/// breaks were written.
fn squeezed(chars: impl Iterator<Item = char>) -> Vec<char> {
    let mut out = Vec::new();
    for c in chars {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c == ' ' && out.last() == Some(&' ') {
            continue;
        }
        out.push(c);
    }
    out
}

/// The share (0..=1) of the saved prefix and suffix chars that agree with the text around
/// `span`, reading outward from it, white space runs counting as one space. 1.0 = both match
/// fully; 0.0 when nothing was saved.
pub(crate) fn context_score(document: &Document, span: Span, quote: &QuoteSelector) -> f64 {
    let prefix = squeezed(quote.prefix.chars().rev());
    let suffix = squeezed(quote.suffix.chars());
    if prefix.len() + suffix.len() == 0 {
        return 0.0;
    }
    // A little more text than saved, since squeezing may shorten it.
    let prefix_chars = quote.prefix.chars().count();
    let suffix_chars = quote.suffix.chars().count();
    let before = document.slice(span.start.saturating_sub(prefix_chars * 2)..span.start);
    let after = document.slice(span.end..span.end + suffix_chars * 2);
    let agree = |saved: &[char], found: Vec<char>| {
        saved
            .iter()
            .zip(found)
            .take_while(|(a, b)| **a == *b)
            .count()
    };
    let prefix_agree = agree(&prefix, squeezed(before.chars().rev()));
    let suffix_agree = agree(&suffix, squeezed(after.chars()));
    (prefix_agree + suffix_agree) as f64 / (prefix.len() + suffix.len()) as f64
}

/// Whether the annotation carries any context to judge a place by.
pub(crate) fn has_context(quote: &QuoteSelector) -> bool {
    quote.prefix.chars().any(|c| !c.is_whitespace())
        || quote.suffix.chars().any(|c| !c.is_whitespace())
}
