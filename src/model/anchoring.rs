//! Re-anchoring: putting annotations back on the right text when the article has changed
//! since their sidecar was saved.
//!
//! For each annotation, in order:
//! 1. its `exact` quote still stands at its offsets → **anchored**, unchanged;
//! 2. the quote occurs elsewhere → moved to the occurrence whose surroundings best match the
//!    saved `prefix`/`suffix`, the nearest to the old position on a tie. A single occurrence, or
//!    one with clearly matching context, is **anchored**; a choice among several on weak
//!    context is **relocated** and flagged for review;
//! 3. the quote is nowhere → **orphaned**: kept with its quote and note, never dropped.

use crate::model::annotation::{Annotation, AnnotationId, QuoteSelector};
use crate::model::document::Document;
use crate::model::span::Span;
use serde::{Deserialize, Serialize};

/// Context score (0..=1) at or above which a choice among several occurrences is trusted.
const TRUSTED_CONTEXT_SCORE: f64 = 0.5;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AnchorStatus {
    /// The span holds the quote.
    #[default]
    Anchored,
    /// Moved to a likely place; the analyst should confirm it.
    Relocated,
    /// No place found; the span is the last known one and must not be trusted.
    Orphaned,
}

impl AnchorStatus {
    pub fn is_anchored(&self) -> bool {
        *self == AnchorStatus::Anchored
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            AnchorStatus::Anchored => "anchored",
            AnchorStatus::Relocated => "relocated",
            AnchorStatus::Orphaned => "orphaned",
        }
    }
}

/// What re-anchoring did, annotation by annotation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnchorReport {
    pub outcomes: Vec<(AnnotationId, AnchorStatus)>,
}

impl AnchorReport {
    pub fn count(&self, status: AnchorStatus) -> usize {
        self.outcomes.iter().filter(|(_, s)| *s == status).count()
    }

    /// True when nothing needs the analyst's attention.
    pub fn all_anchored(&self) -> bool {
        self.outcomes.iter().all(|(_, status)| status.is_anchored())
    }
}

/// Re-anchors every annotation against `document`, updating spans and statuses in place.
pub fn reanchor(document: &Document, annotations: &mut [Annotation]) -> AnchorReport {
    let outcomes = annotations
        .iter_mut()
        .map(|annotation| {
            let status = reanchor_one(document, annotation);
            (annotation.id, status)
        })
        .collect();
    AnchorReport { outcomes }
}

fn reanchor_one(document: &Document, annotation: &mut Annotation) -> AnchorStatus {
    let quote = &annotation.quote;
    if quote.exact.is_empty() {
        annotation.status = AnchorStatus::Orphaned;
        return annotation.status;
    }
    if stands_at(document, annotation.span, &quote.exact) {
        // Still where it was; keep a pending review flag if the analyst has not confirmed it.
        if annotation.status == AnchorStatus::Orphaned {
            annotation.status = AnchorStatus::Anchored;
        }
        return annotation.status;
    }
    let Some(found) = best_occurrence(document, quote, annotation.span.start) else {
        annotation.status = AnchorStatus::Orphaned;
        return annotation.status;
    };
    annotation.span = found.span;
    annotation.quote = QuoteSelector::at(document, found.span);
    annotation.status = if found.candidates == 1 || found.context_score >= TRUSTED_CONTEXT_SCORE {
        AnchorStatus::Anchored
    } else {
        AnchorStatus::Relocated
    };
    annotation.status
}

fn stands_at(document: &Document, span: Span, exact: &str) -> bool {
    span.end <= document.char_count() && !span.is_empty() && document.slice(span.range()) == exact
}

struct Occurrence {
    span: Span,
    context_score: f64,
    candidates: usize,
}

/// The occurrence of the quote whose context best matches, nearest to `old_start` on ties.
fn best_occurrence(
    document: &Document,
    quote: &QuoteSelector,
    old_start: usize,
) -> Option<Occurrence> {
    let text = document.text();
    let exact_chars = quote.exact.chars().count();
    let mut best: Option<(f64, usize, Span)> = None;
    let mut candidates = 0;
    let mut search_from = 0;
    while let Some(found) = text[search_from..].find(&quote.exact) {
        let byte_start = search_from + found;
        let start = document.char_offset(byte_start);
        let span = Span::new(start, start + exact_chars);
        let score = context_score(document, span, quote);
        let distance = start.abs_diff(old_start);
        candidates += 1;
        let better = match best {
            None => true,
            Some((best_score, best_distance, _)) => {
                score > best_score || (score == best_score && distance < best_distance)
            }
        };
        if better {
            best = Some((score, distance, span));
        }
        // Step one char on, so that overlapping occurrences ("aa" in "aaa") are all seen.
        let step = text[byte_start..].chars().next().map_or(1, char::len_utf8);
        search_from = byte_start + step;
    }
    best.map(|(context_score, _, span)| Occurrence {
        span,
        context_score,
        candidates,
    })
}

/// How well the text around `span` matches the saved prefix and suffix: the share of their
/// chars that agree, reading outward from the quote. 1.0 = both match fully.
fn context_score(document: &Document, span: Span, quote: &QuoteSelector) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tags::TagId;

    fn annotate(document: &Document, quote: &str) -> Annotation {
        let byte = document.text().find(quote).expect("quote in text");
        let start = document.char_offset(byte);
        let span = Span::new(start, start + quote.chars().count());
        Annotation::new(document, span, TagId::new("claim"), String::new(), "tester")
    }

    #[test]
    fn unchanged_text_keeps_every_annotation_anchored_in_place() {
        let document = Document::from_raw_text("Taxes rose 5% in 2024. Wages fell.");
        let mut annotations = vec![annotate(&document, "rose 5%"), annotate(&document, "Wages")];
        let before = annotations.clone();
        let report = reanchor(&document, &mut annotations);
        assert!(report.all_anchored());
        assert_eq!(annotations, before);
    }

    #[test]
    fn text_inserted_before_a_quote_moves_it() {
        let old = Document::from_raw_text("Taxes rose 5% in 2024.");
        let new = Document::from_raw_text("In the north, taxes rose 5% in 2024.");
        let mut annotations = vec![annotate(&old, "rose 5%")];
        let report = reanchor(&new, &mut annotations);
        assert_eq!(report.count(AnchorStatus::Anchored), 1);
        assert_eq!(new.slice(annotations[0].span.range()), "rose 5%");
    }

    #[test]
    fn the_occurrence_with_matching_context_wins() {
        let old = Document::from_raw_text("Alpha said no. Beta said yes.");
        let new = Document::from_raw_text("Intro. Alpha said no. Beta said yes. Gamma said no.");
        let mut annotations = vec![annotate(&old, "said no")];
        reanchor(&new, &mut annotations);
        let span = annotations[0].span;
        assert_eq!(new.slice(span.start - 6..span.end), "Alpha said no");
        assert!(annotations[0].status.is_anchored());
    }

    #[test]
    fn a_vanished_quote_is_orphaned_but_kept() {
        let old = Document::from_raw_text("Taxes rose 5% in 2024.");
        let new = Document::from_raw_text("Taxes fell in 2024.");
        let mut annotations = vec![annotate(&old, "rose 5%")];
        let report = reanchor(&new, &mut annotations);
        assert_eq!(report.count(AnchorStatus::Orphaned), 1);
        assert_eq!(annotations.len(), 1);
        assert_eq!(annotations[0].quote.exact, "rose 5%");
    }

    #[test]
    fn a_choice_on_weak_context_is_flagged_relocated() {
        let old = Document::from_raw_text("xxx said no yyy");
        let new = Document::from_raw_text("Q said no W. R said no Z.");
        let mut annotations = vec![annotate(&old, "said no")];
        let report = reanchor(&new, &mut annotations);
        assert_eq!(report.count(AnchorStatus::Relocated), 1);
    }
}
