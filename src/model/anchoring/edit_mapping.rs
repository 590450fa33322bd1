//! Mapping annotations through an edit of the article, when both the old and the new text are
//! known (the article changed on disk while open).
//!
//! The two texts are diffed (by lines, then by chars inside changed lines, with `similar`) into
//! [`TextChange`]s, and each span end moves with the text: an insertion inside a span grows it,
//! an insertion at its edge stays outside, a replacement overlapping it is taken in, and a
//! deletion of the whole span leaves nothing, so the annotation is orphaned. An annotation
//! whose text is unchanged stays anchored (its context refreshed); one whose text was edited is
//! relocated for review. Nothing is dropped and nothing ends up on unrelated text.

use super::{AnchorReport, AnchorStatus};
use crate::model::annotation::{Annotation, QuoteSelector};
use crate::model::document::Document;
use crate::model::span::Span;
use similar::{DiffTag, TextDiff};
use std::ops::Range;
use std::time::Duration;

/// Longest a diff may take before falling back to a coarser one.
const DIFF_TIMEOUT: Duration = Duration::from_secs(2);

/// The old chars `old` were replaced by `new_len` chars starting at `new_start`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextChange {
    pub old: Range<usize>,
    pub new_start: usize,
    pub new_len: usize,
}

impl TextChange {
    fn is_insertion(&self) -> bool {
        self.old.is_empty()
    }

    /// How much this change moves the text after it.
    fn delta(&self) -> isize {
        self.new_len as isize - self.old.len() as isize
    }
}

/// The changes that turn `old` into `new`, in order, in char offsets.
pub fn diff(old: &Document, new: &Document) -> Vec<TextChange> {
    let line_diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(old.text(), new.text());
    let old_lines = line_char_starts(old.text());
    let new_lines = line_char_starts(new.text());
    let mut changes = Vec::new();
    for op in line_diff.ops() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        let old_chars = old_lines[old_range.start]..old_lines[old_range.end];
        let new_chars = new_lines[new_range.start]..new_lines[new_range.end];
        refine(old, new, old_chars, new_chars, &mut changes);
    }
    changes
}

/// Char offset of the start of every line, and of the end of the text.
fn line_char_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offset += line.chars().count();
        starts.push(offset);
    }
    starts
}

/// Char-level changes inside a changed block of lines.
fn refine(
    old: &Document,
    new: &Document,
    old_chars: Range<usize>,
    new_chars: Range<usize>,
    changes: &mut Vec<TextChange>,
) {
    let old_block = old.slice(old_chars.clone());
    let new_block = new.slice(new_chars.clone());
    let char_diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_chars(old_block, new_block);
    for op in char_diff.ops() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        changes.push(TextChange {
            old: old_chars.start + old_range.start..old_chars.start + old_range.end,
            new_start: new_chars.start + new_range.start,
            new_len: new_range.len(),
        });
    }
}

/// The changes in order with the total shift of the text after each, for mapping positions in
/// O(log changes).
struct ChangeIndex<'a> {
    changes: &'a [TextChange],
    /// `shift_before[i]`: how much changes `0..i` move the text after them.
    shift_before: Vec<isize>,
}

impl<'a> ChangeIndex<'a> {
    fn new(changes: &'a [TextChange]) -> Self {
        let mut shift_before = Vec::with_capacity(changes.len() + 1);
        let mut shift = 0;
        shift_before.push(shift);
        for change in changes {
            shift += change.delta();
            shift_before.push(shift);
        }
        Self {
            changes,
            shift_before,
        }
    }

    /// Where a span end at old offset `position` goes. `is_start` decides the edge cases: an
    /// insertion exactly at a start goes before the span, one exactly at an end after it, and a
    /// replacement the end falls inside is taken into the span.
    fn map(&self, position: usize, is_start: bool) -> usize {
        // Changes that end before the position move it by their total shift.
        let mut index = self
            .changes
            .partition_point(|change| change.old.end < position);
        let mut shift = self.shift_before[index];
        while let Some(change) = self.changes.get(index) {
            if change.old.start > position {
                break;
            }
            let before = if change.is_insertion() {
                // An insertion at the position: before a start, after an end.
                is_start
            } else {
                change.old.end <= position
            };
            if before {
                shift += change.delta();
                index += 1;
                continue;
            }
            if change.old.start < position {
                // Inside replaced text: take the replacement in.
                return if is_start {
                    change.new_start
                } else {
                    change.new_start + change.new_len
                };
            }
            break;
        }
        position.saturating_add_signed(shift)
    }
}

/// How alike the text now at a mapped span is to the quote (0..=1), by chars.
fn similarity(a: &str, b: &str) -> f32 {
    TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_chars(a, b)
        .ratio()
}

/// Below this similarity a mapped span is not trusted: the quote is searched for instead.
const MIN_MAPPED_SIMILARITY: f32 = 0.5;

/// Maps every placed annotation from `old` to `new`; orphaned ones are left for quote search.
pub fn map_annotations(
    old: &Document,
    new: &Document,
    annotations: &mut [Annotation],
) -> AnchorReport {
    let changes = diff(old, new);
    let index = ChangeIndex::new(&changes);
    for annotation in annotations.iter_mut() {
        if annotation.status == AnchorStatus::Orphaned {
            continue;
        }
        let start = index.map(annotation.span.start, true);
        let end = index.map(annotation.span.end, false).max(start);
        let span = Span::new(start, end.min(new.char_count()));
        if span.is_empty() || new.slice(span.range()).trim().is_empty() {
            // Its whole text was deleted.
            annotation.status = AnchorStatus::Orphaned;
            continue;
        }
        let text = new.slice(span.range());
        if text == annotation.quote.exact {
            annotation.span = span;
            annotation.quote = QuoteSelector::at(new, span);
        } else if similarity(text, &annotation.quote.exact) >= MIN_MAPPED_SIMILARITY {
            annotation.span = span;
            annotation.status = AnchorStatus::Relocated;
        } else {
            // The text there was rewritten beyond recognition: look for the quote instead of
            // pointing at unrelated words.
            annotation.status = AnchorStatus::Orphaned;
        }
    }
    let orphans: Vec<usize> = (0..annotations.len())
        .filter(|&index| annotations[index].status == AnchorStatus::Orphaned)
        .collect();
    if !orphans.is_empty() {
        // Orphans (from before, or whose text was rewritten) get the quote search's chance.
        let mut searched: Vec<Annotation> = orphans
            .iter()
            .map(|&index| annotations[index].clone())
            .collect();
        super::reanchor(new, &mut searched);
        for (index, annotation) in orphans.into_iter().zip(searched) {
            annotations[index] = annotation;
        }
    }
    AnchorReport {
        outcomes: annotations
            .iter()
            .map(|annotation| (annotation.id, annotation.status))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{BASE, annotations_at, apply, edit_script};
    use super::*;
    use crate::model::TagId;
    use proptest::prelude::*;

    fn annotation(document: &Document, quote: &str) -> Annotation {
        let byte = document.text().find(quote).expect("in text");
        let start = document.char_offset(byte);
        Annotation::new(
            document,
            Span::new(start, start + quote.chars().count()),
            TagId::new("claim"),
            String::new(),
            "t",
        )
    }

    fn mapped(old: &str, new: &str, quote: &str) -> (Annotation, Document) {
        let old = Document::from_raw_text(old);
        let new = Document::from_raw_text(new);
        let mut annotations = vec![annotation(&old, quote)];
        map_annotations(&old, &new, &mut annotations);
        (annotations.remove(0), new)
    }

    #[test]
    fn an_insertion_inside_a_span_grows_it_and_asks_for_review() {
        let (moved, new) = mapped(
            "Taxes rose 5% in 2024.",
            "Taxes rose by 5% in 2024.",
            "rose 5%",
        );
        assert_eq!(new.slice(moved.span.range()), "rose by 5%");
        assert_eq!(moved.status, AnchorStatus::Relocated);
    }

    #[test]
    fn insertions_at_the_edges_stay_outside() {
        let (moved, new) = mapped(
            "Taxes rose 5% in 2024.",
            "Taxes, they say, rose 5%, in 2024.",
            "rose 5%",
        );
        assert_eq!(new.slice(moved.span.range()), "rose 5%");
        assert_eq!(moved.status, AnchorStatus::Anchored);
    }

    #[test]
    fn deleting_the_whole_span_orphans_it() {
        let (moved, _) = mapped(
            "Taxes rose 5% in 2024. Wages fell.",
            "Taxes in 2024. Wages fell.",
            "rose 5%",
        );
        assert_eq!(moved.status, AnchorStatus::Orphaned);
        assert_eq!(moved.quote.exact, "rose 5%");
    }

    #[test]
    fn a_rewritten_sentence_does_not_keep_the_annotation_on_unrelated_words() {
        let old =
            Document::from_raw_text("Intro line.\nTaxes rose five percent in 2024.\nOutro line.");
        let new = Document::from_raw_text(
            "Intro line.\nCompletely different words now stand here.\nOutro line.",
        );
        let mut annotations = vec![annotation(&old, "rose five percent")];
        map_annotations(&old, &new, &mut annotations);
        // Either orphaned, or flagged for review on text within the approximate search's
        // limit (half the quote in edits) — never anchored on the rewritten line.
        let moved = &annotations[0];
        assert_ne!(moved.status, AnchorStatus::Anchored);
        if moved.status == AnchorStatus::Relocated {
            assert!(similarity(new.slice(moved.span.range()), "rose five percent") >= 0.4);
        }
    }

    #[test]
    fn many_changes_map_in_order() {
        let old: String = (0..200).map(|i| format!("word{i} ")).collect();
        let new: String = (0..200)
            .map(|i| {
                if i % 3 == 0 {
                    format!("w{i} ")
                } else {
                    format!("word{i} ")
                }
            })
            .collect();
        let (moved, new_document) = mapped(&old, &new, "word100 word101");
        assert_eq!(new_document.slice(moved.span.range()), "word100 word101");
    }

    #[test]
    fn text_inserted_elsewhere_moves_the_span_with_its_text() {
        let (moved, new) = mapped(
            "One.\nTwo rose 5%.\nThree.",
            "Zero.\nOne and a half.\nTwo rose 5%.\nThree.",
            "rose 5%",
        );
        assert_eq!(new.slice(moved.span.range()), "rose 5%");
        assert_eq!(moved.status, AnchorStatus::Anchored);
    }

    proptest! {
        #[test]
        fn after_random_edits_no_annotation_is_lost_and_anchored_ones_hold_their_quote(
            script in edit_script(),
            picks in prop::collection::vec((0usize..200, 1usize..40), 1..6),
        ) {
            let old = Document::from_raw_text(BASE);
            let mut annotations = annotations_at(&old, &picks);
            let ids: Vec<_> = annotations.iter().map(|a| a.id).collect();
            let new = Document::from_raw_text(&apply(BASE, &script));
            let report = map_annotations(&old, &new, &mut annotations);
            prop_assert_eq!(annotations.iter().map(|a| a.id).collect::<Vec<_>>(), ids);
            prop_assert_eq!(report.outcomes.len(), annotations.len());
            for annotation in &annotations {
                if annotation.status == AnchorStatus::Anchored {
                    prop_assert_eq!(new.slice(annotation.span.range()), annotation.quote.exact.as_str());
                }
                if annotation.status == AnchorStatus::Relocated {
                    prop_assert!(annotation.span.end <= new.char_count());
                    prop_assert!(!annotation.span.is_empty());
                    // Never on unrelated text: at least somewhat like the quote.
                    let text = new.slice(annotation.span.range());
                    prop_assert!(similarity(text, &annotation.quote.exact) > 0.3, "{:?} vs {:?}", text, annotation.quote.exact);
                }
            }
        }

        #[test]
        fn unchanged_text_keeps_everything_anchored_in_place(
            picks in prop::collection::vec((0usize..200, 1usize..40), 1..6),
        ) {
            let document = Document::from_raw_text(BASE);
            let mut annotations = annotations_at(&document, &picks);
            let before = annotations.clone();
            let report = map_annotations(&document, &document, &mut annotations);
            prop_assert!(report.all_anchored());
            prop_assert_eq!(annotations, before);
        }
    }
}
