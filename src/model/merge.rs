//! Three-way merge of annotation lists by annotation id.
//!
//! Used when a sidecar changed on disk while it was open (another window, `closeread add`, a
//! `git pull`): the version last read or written is the base, the window's layer is "ours", the
//! file on disk "theirs". A change made on one side only is taken; a deletion on one side is
//! taken unless the other side changed that annotation; an annotation changed on both sides
//! keeps our tag and bounds and, if the notes differ, both notes. Nothing is dropped silently.

use crate::model::annotation::{Annotation, AnnotationId};
use std::collections::{BTreeMap, BTreeSet};

/// What a merge produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct MergeOutcome {
    /// The merged annotations, in no particular order.
    pub annotations: Vec<Annotation>,
    /// Annotations changed on both sides in different ways (ours kept, notes combined).
    pub conflicts: Vec<AnnotationId>,
}

/// Separates the two notes of a conflicting annotation.
pub(crate) const CONFLICT_NOTE_SEPARATOR: &str = "\n\n— other version of this note —\n";

/// Separates two versions of a reading note changed on both sides.
pub const CONFLICT_READING_NOTE_SEPARATOR: &str =
    "\n\n— other version of this reading note (changed in two places) —\n";

/// Three-way merge of a layer's reading note: a change made on one side only is taken; when
/// both sides changed it differently, both texts are kept, ours first, with a marker between.
pub(crate) fn merge_reading_notes(base: &str, ours: &str, theirs: &str) -> String {
    let keep = if ours == theirs || theirs == base {
        ours
    } else if ours == base {
        theirs
    } else if theirs.is_empty() || ours.contains(theirs) {
        // Deleted there but rewritten here (or already holding theirs): nothing is lost.
        ours
    } else if ours.is_empty() || theirs.contains(ours) {
        theirs
    } else {
        return format!("{ours}{CONFLICT_READING_NOTE_SEPARATOR}{theirs}");
    };
    keep.to_owned()
}

pub(crate) fn merge_by_id(
    base: &[Annotation],
    ours: &[Annotation],
    theirs: &[Annotation],
) -> MergeOutcome {
    let by_id = |list: &[Annotation]| -> BTreeMap<AnnotationId, Annotation> {
        list.iter()
            .map(|annotation| (annotation.id, annotation.clone()))
            .collect()
    };
    let (base, ours, theirs) = (by_id(base), by_id(ours), by_id(theirs));
    let ids: BTreeSet<AnnotationId> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .copied()
        .collect();
    let mut outcome = MergeOutcome::default();
    for id in ids {
        let merged = match (base.get(&id), ours.get(&id), theirs.get(&id)) {
            (_, Some(ours), None) if base.get(&id).is_none_or(|base| base != ours) => {
                Some(ours.clone())
            }
            (_, None, Some(theirs)) if base.get(&id).is_none_or(|base| base != theirs) => {
                Some(theirs.clone())
            }
            (_, Some(_), None) | (_, None, Some(_)) | (_, None, None) => None,
            (base, Some(ours), Some(theirs)) => {
                if ours == theirs || base == Some(theirs) {
                    Some(ours.clone())
                } else if base == Some(ours) {
                    Some(theirs.clone())
                } else {
                    outcome.conflicts.push(id);
                    let mut kept = ours.clone();
                    if ours.note != theirs.note && !ours.note.contains(&theirs.note) {
                        kept.note =
                            format!("{}{CONFLICT_NOTE_SEPARATOR}{}", ours.note, theirs.note);
                    }
                    kept.modified = ours.modified.max(theirs.modified);
                    Some(kept)
                }
            }
        };
        outcome.annotations.extend(merged);
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_notes_take_one_sided_changes_and_keep_both_when_both_changed() {
        assert_eq!(merge_reading_notes("base", "base", "theirs"), "theirs");
        assert_eq!(merge_reading_notes("base", "ours", "base"), "ours");
        assert_eq!(merge_reading_notes("base", "same", "same"), "same");
        assert_eq!(merge_reading_notes("base", "base", ""), "");
        assert_eq!(merge_reading_notes("base", "ours", ""), "ours");
        let both = merge_reading_notes("", "Ours: talks.", "Theirs: pressure.");
        assert_eq!(
            both,
            format!("Ours: talks.{CONFLICT_READING_NOTE_SEPARATOR}Theirs: pressure.")
        );
        // Merging again with the same other side adds nothing.
        assert_eq!(merge_reading_notes("", &both, "Theirs: pressure."), both);
    }
    use crate::model::{Document, Span, TagId};
    use proptest::prelude::*;

    fn annotation(document: &Document, start: usize, note: &str) -> Annotation {
        Annotation::new(
            document,
            Span::new(start, start + 3),
            TagId::new("claim"),
            note.into(),
            "a",
        )
    }

    fn sorted(mut list: Vec<Annotation>) -> Vec<Annotation> {
        list.sort_by_key(Annotation::sort_key);
        list
    }

    #[test]
    fn one_sided_changes_are_taken_and_both_sided_ones_keep_both_notes() {
        let document = Document::from_raw_text("abcdefghijklmnopqrstuvwxyz");
        let kept = annotation(&document, 0, "kept");
        let edited_by_them = annotation(&document, 3, "old");
        let deleted_by_us = annotation(&document, 6, "gone");
        let conflicting = annotation(&document, 9, "base");
        let base = vec![
            kept.clone(),
            edited_by_them.clone(),
            deleted_by_us.clone(),
            conflicting.clone(),
        ];

        let added_by_us = annotation(&document, 12, "ours new");
        let mut ours_conflict = conflicting.clone();
        ours_conflict.note = "ours".into();
        let ours = vec![
            kept.clone(),
            edited_by_them.clone(),
            ours_conflict,
            added_by_us.clone(),
        ];

        let mut theirs_edit = edited_by_them.clone();
        theirs_edit.note = "theirs".into();
        let mut theirs_conflict = conflicting.clone();
        theirs_conflict.note = "their view".into();
        let added_by_them = annotation(&document, 15, "theirs new");
        let theirs = vec![
            kept.clone(),
            theirs_edit.clone(),
            deleted_by_us,
            theirs_conflict,
            added_by_them.clone(),
        ];

        let outcome = merge_by_id(&base, &ours, &theirs);
        assert_eq!(outcome.conflicts, vec![conflicting.id]);
        let merged = sorted(outcome.annotations);
        let notes: Vec<&str> = merged.iter().map(|a| a.note.as_str()).collect();
        assert_eq!(
            notes,
            [
                "kept",
                "theirs",
                &format!("ours{CONFLICT_NOTE_SEPARATOR}their view"),
                "ours new",
                "theirs new"
            ]
        );
    }

    fn arbitrary_lists()
    -> impl Strategy<Value = (Vec<Annotation>, Vec<Annotation>, Vec<Annotation>)> {
        // Base of up to 6 annotations; each side keeps, edits or drops each, and adds some.
        (
            prop::collection::vec(0u8..3, 0..6),
            prop::collection::vec(0u8..3, 0..6),
            0usize..3,
            0usize..3,
        )
            .prop_map(|(our_fates, their_fates, our_new, their_new)| {
                let document = Document::from_raw_text(&"x".repeat(64));
                let base: Vec<Annotation> = (0..our_fates.len().max(their_fates.len()))
                    .map(|i| annotation(&document, i * 3, "base"))
                    .collect();
                let side = |fates: &[u8], new: usize, label: &str| -> Vec<Annotation> {
                    let mut list: Vec<Annotation> = base
                        .iter()
                        .enumerate()
                        .filter_map(|(i, a)| match fates.get(i).copied().unwrap_or(0) {
                            0 => Some(a.clone()),
                            1 => Some(Annotation {
                                note: format!("{label} edit"),
                                ..a.clone()
                            }),
                            _ => None,
                        })
                        .collect();
                    list.extend((0..new).map(|i| annotation(&document, 40 + i, label)));
                    list
                };
                let ours = side(&our_fates, our_new, "ours");
                let theirs = side(&their_fates, their_new, "theirs");
                (base, ours, theirs)
            })
    }

    proptest! {
        #[test]
        fn merging_with_an_unchanged_side_gives_the_other_side(
            (base, ours, theirs) in arbitrary_lists()
        ) {
            prop_assert_eq!(sorted(merge_by_id(&base, &ours, &base).annotations), sorted(ours.clone()));
            prop_assert_eq!(sorted(merge_by_id(&base, &base, &theirs).annotations), sorted(theirs));
        }

        #[test]
        fn nothing_either_side_added_or_changed_is_lost(
            (base, ours, theirs) in arbitrary_lists()
        ) {
            let merged = merge_by_id(&base, &ours, &theirs).annotations;
            for side in [&ours, &theirs] {
                for annotation in side.iter() {
                    let changed = !base.contains(annotation);
                    if changed {
                        prop_assert!(merged.iter().any(|m| m.id == annotation.id), "lost {}", annotation.id);
                    }
                }
            }
        }
    }
}
