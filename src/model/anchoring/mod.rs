//! Re-anchoring: putting annotations back on the right text when the article has changed
//! since their sidecar was saved. Annotations are never dropped and never moved silently onto
//! look-alike text.
//!
//! For each annotation:
//! 1. its `exact` quote still stands at its offsets (or at its offsets shifted as much as the
//!    previous annotation's were, with matching context) → **anchored**;
//! 2. else every exact occurrence of the quote ([`exact`], one Aho–Corasick pass for all
//!    annotations) is scored by how well the text around it matches the saved `prefix`/`suffix`
//!    and by its distance from the old position. The only occurrence, or one with clearly
//!    better context than the rest, is **anchored**; a choice among several on weak context is
//!    **relocated** (flagged for review), and so is an only occurrence whose text around it
//!    does not match the saved context at all (a copy of the sentence quoted elsewhere): the
//!    approximate search below then looks for the edited original, which wins when its context
//!    matches better;
//! 3. else an approximate search ([`fuzzy`]: edit distance up to half the quote's length, at most
//!    256, over chars) scores candidates by quote similarity first, context next, position
//!    last; the best acceptable one is **relocated**;
//! 4. else **orphaned**: kept with its quote and note at its last known offsets.
//!
//! [`edit_mapping`] is the other way in: when the old text is known (the article changed while
//! open), spans are mapped through the edits themselves.

mod context;
pub mod edit_mapping;
mod exact;
mod fuzzy;
#[cfg(test)]
mod test_support;

use crate::model::annotation::{Annotation, AnnotationId, QuoteSelector};
use crate::model::document::Document;
use crate::model::span::Span;
use context::{context_score, has_context};
use serde::{Deserialize, Serialize};

/// Context score (0..=1) at or above which a choice among several occurrences is trusted,
/// provided it beats the runner-up by [`CLEAR_CONTEXT_MARGIN`].
const TRUSTED_CONTEXT_SCORE: f64 = 0.5;
const CLEAR_CONTEXT_MARGIN: f64 = 0.1;
/// A quote at least this long is taken to be unique in the article when it occurs once.
const LONG_QUOTE_CHARS: usize = 40;
/// Context score a single occurrence of a shorter quote needs.
const WEAK_CONTEXT_SCORE: f64 = 0.25;
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
    reanchor_with_progress(document, annotations, &crate::progress::Progress::default())
        .unwrap_or_default()
}

/// Annotations re-anchored between two progress reports.
const PROGRESS_STRIDE: usize = 256;

/// [`reanchor`], reporting each annotation placed and stopping early when cancelled (the
/// annotations are then half done and must be thrown away).
pub fn reanchor_with_progress(
    document: &Document,
    annotations: &mut [Annotation],
    progress: &crate::progress::Progress,
) -> Result<AnchorReport, crate::progress::Cancelled> {
    progress.start_stage("Re-anchoring the annotations", annotations.len());
    let mut pending = Vec::new();
    // Shift of the last annotation found in place, in old-offset order: edits move everything
    // after them by the same amount, so the next annotation is most likely shifted as much.
    let mut order: Vec<usize> = (0..annotations.len()).collect();
    order.sort_by_key(|&index| annotations[index].span.start);
    let mut shift: isize = 0;
    for (step, index) in order.into_iter().enumerate() {
        if step % PROGRESS_STRIDE == 0 {
            progress.check()?;
            progress.advance(PROGRESS_STRIDE.min(annotations.len() - step));
        }
        let annotation = &mut annotations[index];
        if annotation.quote.exact.is_empty() {
            annotation.status = AnchorStatus::Orphaned;
            continue;
        }
        if stands_at(document, annotation.span, &annotation.quote.exact) {
            if annotation.status == AnchorStatus::Orphaned {
                annotation.status = AnchorStatus::Anchored;
            }
            shift = 0;
            continue;
        }
        if shift != 0
            && let Some(shifted) = shifted_span(annotation.span, shift)
            && stands_at(document, shifted, &annotation.quote.exact)
            && context_score(document, shifted, &annotation.quote) >= TRUSTED_CONTEXT_SCORE
        {
            place(document, annotation, shifted, AnchorStatus::Anchored);
            continue;
        }
        if let Some(found) = find_nearby(document, annotation, shift) {
            shift = found.start as isize - annotation.span.start as isize;
            place(document, annotation, found, AnchorStatus::Anchored);
            continue;
        }
        let predicted = annotation.span.start.saturating_add_signed(shift);
        if let Some(found) = fuzzy::find_edited_nearby(document, &annotation.quote, predicted) {
            // Edited: relocated, with the quote as saved until the analyst confirms the place.
            shift = found.start as isize - annotation.span.start as isize;
            annotation.span = found;
            annotation.status = AnchorStatus::Relocated;
            continue;
        }
        pending.push(index);
    }

    progress.check()?;
    let occurrences = exact::find_occurrences(
        document,
        pending.iter().map(|&index| &annotations[index].quote.exact),
    );
    let mut not_found = Vec::new();
    // Exact occurrences whose surroundings do not match the saved context: placed only if no
    // edited original with better context is found.
    let mut doubtful: std::collections::HashMap<usize, Span> = std::collections::HashMap::new();
    for (index, starts) in pending.into_iter().zip(occurrences) {
        let annotation = &mut annotations[index];
        match choose_exact(document, annotation, &starts) {
            Some((span, AnchorStatus::Relocated))
                if has_context(&annotation.quote)
                    && context_score(document, span, &annotation.quote) < WEAK_CONTEXT_SCORE =>
            {
                doubtful.insert(index, span);
                not_found.push(index);
            }
            Some((span, status)) => place(document, annotation, span, status),
            None => not_found.push(index),
        }
    }

    progress.check()?;
    let fuzzy_matches = fuzzy::find_best_matches(
        document,
        not_found
            .iter()
            .map(|&index| (&annotations[index].quote, annotations[index].span.start)),
    );
    for (index, found) in not_found.into_iter().zip(fuzzy_matches) {
        let annotation = &mut annotations[index];
        if let Some(&copy) = doubtful.get(&index) {
            let copy_score = context_score(document, copy, &annotation.quote);
            match found {
                Some(edited) if context_score(document, edited, &annotation.quote) > copy_score => {
                    annotation.span = edited;
                    annotation.status = AnchorStatus::Relocated;
                }
                _ => place(document, annotation, copy, AnchorStatus::Relocated),
            }
            continue;
        }
        match found {
            // The quote itself stays as it was saved until the analyst confirms the new place.
            Some(span) => {
                annotation.span = span;
                annotation.status = AnchorStatus::Relocated;
            }
            None => annotation.status = AnchorStatus::Orphaned,
        }
    }
    Ok(AnchorReport {
        outcomes: annotations
            .iter()
            .map(|annotation| (annotation.id, annotation.status))
            .collect(),
    })
}

/// Chars either side of the predicted place searched for a moved quote.
const NEARBY_WINDOW_CHARS: usize = 2048;

/// The quote's only occurrence near where the shift predicts it, if its context matches: the
/// common case after an edit earlier in the text, found without searching the whole article.
fn find_nearby(document: &Document, annotation: &Annotation, shift: isize) -> Option<Span> {
    let predicted = annotation.span.start.saturating_add_signed(shift);
    let window_start = predicted.saturating_sub(NEARBY_WINDOW_CHARS);
    let window_end =
        (predicted + annotation.span.len() + NEARBY_WINDOW_CHARS).min(document.char_count());
    if window_start >= window_end {
        return None;
    }
    let window = document.slice(window_start..window_end);
    let exact = annotation.quote.exact.as_str();
    let mut found = window.match_indices(exact);
    let (byte, _) = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let start = document.char_offset(document.byte_offset(window_start) + byte);
    let span = Span::new(start, start + exact.chars().count());
    (context_score(document, span, &annotation.quote) >= TRUSTED_CONTEXT_SCORE).then_some(span)
}

fn shifted_span(span: Span, shift: isize) -> Option<Span> {
    Some(Span::new(
        span.start.checked_add_signed(shift)?,
        span.end.checked_add_signed(shift)?,
    ))
}

/// Puts an annotation at a span holding its exact quote. An anchored one takes the context
/// found there; a relocated one keeps the saved context, the evidence for the review.
fn place(document: &Document, annotation: &mut Annotation, span: Span, status: AnchorStatus) {
    annotation.span = span;
    if status == AnchorStatus::Anchored {
        annotation.quote = QuoteSelector::at(document, span);
    }
    annotation.status = status;
}

/// Picks among exact occurrences (char offsets of their starts): best context, then nearest.
fn choose_exact(
    document: &Document,
    annotation: &Annotation,
    starts: &[usize],
) -> Option<(Span, AnchorStatus)> {
    let length = annotation.quote.exact.chars().count();
    let mut scored: Vec<(f64, usize, Span)> = starts
        .iter()
        .map(|&start| {
            let span = Span::new(start, start + length);
            let score = context_score(document, span, &annotation.quote);
            (score, start.abs_diff(annotation.span.start), span)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let (best_score, _, best_span) = *scored.first()?;
    let runner_up = scored.get(1).map_or(f64::NEG_INFINITY, |second| second.0);
    // The only occurrence of a long quote is its place, unless the text around it has nothing
    // of the saved context (a copy of the sentence elsewhere, the original edited); a short
    // quote (a word or two) recurs by chance, so it needs some matching context even when it
    // occurs once.
    let context_agrees = best_score >= WEAK_CONTEXT_SCORE || !has_context(&annotation.quote);
    let only_one = scored.len() == 1
        && (length >= LONG_QUOTE_CHARS || best_score >= WEAK_CONTEXT_SCORE)
        && context_agrees;
    let trusted = only_one
        || (best_score >= TRUSTED_CONTEXT_SCORE && best_score >= runner_up + CLEAR_CONTEXT_MARGIN);
    let status = if trusted {
        AnchorStatus::Anchored
    } else {
        AnchorStatus::Relocated
    };
    Some((best_span, status))
}

fn stands_at(document: &Document, span: Span, exact: &str) -> bool {
    span.end <= document.char_count() && !span.is_empty() && document.slice(span.range()) == exact
}

#[cfg(test)]
mod tests {
    use super::test_support::{BASE, annotations_at, apply, edit_script};
    use super::*;
    use crate::model::tags::TagId;
    use proptest::prelude::*;

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
    fn a_copy_of_the_quote_elsewhere_does_not_take_the_edited_original_s_place() {
        let quote = "sanctions relief must be tied to verified limits on enrichment";
        let old = Document::from_raw_text(&format!(
            "The memo opens with its case. Washington holds that {quote}, and says so twice. Then it turns to the ports."
        ));
        let mut annotations = vec![annotate(&old, quote)];
        // The original is edited a little where it stands; the old wording survives only as a
        // quotation in another paragraph, with other text around it.
        let new = Document::from_raw_text(&format!(
            "The memo opens with its case. Washington holds that sanctions relief must be tied to verified caps on enrichment, and says so twice. Then it turns to the ports.\n\nCritics recall the old line, “{quote}”, from an earlier draft."
        ));
        let report = reanchor(&new, &mut annotations);
        assert_eq!(
            report.count(AnchorStatus::Anchored),
            0,
            "never anchored on the copy"
        );
        assert_eq!(annotations[0].status, AnchorStatus::Relocated);
        let placed = new.slice(annotations[0].span.range());
        assert!(
            placed.contains("verified caps"),
            "on the edited original: {placed:?}"
        );
    }

    #[test]
    fn context_written_with_other_spaces_and_line_breaks_still_agrees() {
        let document =
            Document::from_raw_text("The first line ends here.\n\nThe odds fall sharply.");
        let start = document.text().find("The odds").expect("found");
        let span = Span::new(start, start + "The odds fall".len());
        let quote = QuoteSelector {
            exact: "The odds fall".to_owned(),
            // As a web page's text gives it: one space where the article has a blank line.
            prefix: "line ends here. ".to_owned(),
            suffix: " sharply.".to_owned(),
        };
        assert_eq!(context::context_score(&document, span, &quote), 1.0);
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
    fn an_edited_original_in_its_place_wins_over_a_copy_of_the_old_wording_elsewhere() {
        let quote = "sanctions will not change the policy";
        let old = Document::from_raw_text(&format!(
            "Officials in Tehran insist that {quote} of the state. Other matters followed."
        ));
        let new = Document::from_raw_text(&format!(
            "Officials in Tehran insist that sanctions will never change the policy of the \
             state. Other matters followed. A columnist wrote: “{quote}”, and left it there."
        ));
        let mut annotations = vec![annotate(&old, quote)];
        reanchor(&new, &mut annotations);
        let annotation = &annotations[0];
        assert_eq!(
            new.slice(annotation.span.range()),
            "sanctions will never change the policy"
        );
        assert_eq!(annotation.status, AnchorStatus::Relocated);
        assert_eq!(
            annotation.quote.exact, quote,
            "kept as saved until confirmed"
        );
    }

    #[test]
    fn a_choice_on_weak_context_is_flagged_relocated() {
        let old = Document::from_raw_text("xxx said no yyy");
        let new = Document::from_raw_text("Q said no W. R said no Z.");
        let mut annotations = vec![annotate(&old, "said no")];
        let report = reanchor(&new, &mut annotations);
        assert_eq!(report.count(AnchorStatus::Relocated), 1);
    }

    proptest! {
        #[test]
        fn on_unchanged_text_every_annotation_stays_anchored(
            picks in prop::collection::vec((0usize..200, 1usize..40), 1..8),
        ) {
            let document = Document::from_raw_text(BASE);
            let mut annotations = annotations_at(&document, &picks);
            let before = annotations.clone();
            let report = reanchor(&document, &mut annotations);
            prop_assert!(report.all_anchored());
            prop_assert_eq!(annotations, before);
        }

        #[test]
        fn after_random_edits_no_annotation_is_lost_and_anchored_ones_hold_their_quote(
            script in edit_script(),
            picks in prop::collection::vec((0usize..200, 1usize..40), 1..8),
        ) {
            let old = Document::from_raw_text(BASE);
            let mut annotations = annotations_at(&old, &picks);
            let ids: Vec<_> = annotations.iter().map(|a| a.id).collect();
            let new = Document::from_raw_text(&apply(BASE, &script));
            let report = reanchor(&new, &mut annotations);
            prop_assert_eq!(annotations.iter().map(|a| a.id).collect::<Vec<_>>(), ids);
            prop_assert_eq!(report.outcomes.len(), annotations.len());
            for annotation in &annotations {
                if annotation.status == AnchorStatus::Anchored {
                    prop_assert_eq!(new.slice(annotation.span.range()), annotation.quote.exact.as_str());
                }
                if annotation.status == AnchorStatus::Relocated {
                    prop_assert!(annotation.span.end <= new.char_count() && !annotation.span.is_empty());
                }
            }
        }
    }
}
