//! How well the text around a candidate place matches an annotation's saved context.

use crate::model::annotation::QuoteSelector;
use crate::model::document::Document;
use crate::model::span::Span;

/// The share (0..=1) of the saved prefix and suffix chars that agree with the text around
/// `span`, reading outward from it. 1.0 = both match fully; 0.0 when nothing was saved.
pub(crate) fn context_score(document: &Document, span: Span, quote: &QuoteSelector) -> f64 {
    let prefix_len = quote.prefix.chars().count();
    let suffix_len = quote.suffix.chars().count();
    if prefix_len + suffix_len == 0 {
        return 0.0;
    }
    let before = document.slice(span.start.saturating_sub(prefix_len)..span.start);
    let after = document.slice(span.end..span.end + suffix_len);
    let prefix_agree = before
        .chars()
        .rev()
        .zip(quote.prefix.chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix_agree = after
        .chars()
        .zip(quote.suffix.chars())
        .take_while(|(a, b)| a == b)
        .count();
    (prefix_agree + suffix_agree) as f64 / (prefix_len + suffix_len) as f64
}
