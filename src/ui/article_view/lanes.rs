//! Underline lanes: each placed annotation of every drawn layer gets the lowest lane free at
//! its start (greedy interval partitioning over all drawn layers, in order of start, end,
//! layer and id), so that overlapping highlights are underlined at different depths.
//!
//! Worked out once over every annotation, then kept up to date from the own layer's changes.
//! A lane depends only on the annotations before it back to the last place where no
//! annotation runs on (every lane is free there), so a change re-lanes from the last such
//! place before it to the first one after it, where the lanes are again as they were.

use super::paint::PaintLayer;
use crate::model::{Annotation, AnnotationId, LayerChange};

/// One placed annotation of a drawn layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    start: usize,
    end: usize,
    /// The drawn layer: 0 for the own one, then the shown teammates'.
    layer: usize,
    id: AnnotationId,
    lane: u16,
    /// The largest end of the entries before this one: where it is at most this entry's
    /// start, every lane is free here.
    ends_before: usize,
}

impl Entry {
    fn key(&self) -> (usize, usize, usize, AnnotationId) {
        (self.start, self.end, self.layer, self.id)
    }

    fn of(layer: usize, annotation: &Annotation) -> Self {
        Self {
            start: annotation.span.start,
            end: annotation.span.end,
            layer,
            id: annotation.id,
            lane: 0,
            ends_before: 0,
        }
    }

    /// Every lane is free at this entry's start.
    fn starts_free(&self) -> bool {
        self.ends_before <= self.start
    }
}

/// The lane of every placed annotation of the drawn layers.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Lanes {
    /// In laning order.
    entries: Vec<Entry>,
}

impl Lanes {
    /// Lanes every placed annotation of `layers`.
    pub(crate) fn assign(layers: &[PaintLayer<'_>]) -> Self {
        let mut entries: Vec<Entry> = layers
            .iter()
            .enumerate()
            .flat_map(|(layer_index, shown)| {
                shown
                    .layer
                    .annotations()
                    .iter()
                    .filter(|annotation| annotation.is_placed())
                    .map(move |annotation| Entry::of(layer_index, annotation))
            })
            .collect();
        // Each layer is already in this order, so the sort only merges the layers' runs.
        entries.sort_by_key(Entry::key);
        let mut lanes = Self { entries };
        lanes.update_ends_before(0);
        lanes.relane(0, |_, _| false);
        lanes
    }

    /// The lane of `annotation` of drawn layer `layer_index` (0 if it has none).
    pub(crate) fn lane_of(&self, layer_index: usize, annotation: &Annotation) -> usize {
        let key = Entry::of(layer_index, annotation).key();
        self.entries
            .binary_search_by_key(&key, Entry::key)
            .map_or(0, |index| usize::from(self.entries[index].lane))
    }

    /// Follows the own layer's (drawn layer 0) changes; returns false when they do not fit
    /// these lanes (then lane afresh).
    pub(crate) fn follow(&mut self, changes: &[&LayerChange]) -> bool {
        changes.iter().all(|change| self.follow_one(change))
    }

    fn follow_one(&mut self, change: &LayerChange) -> bool {
        let annotation = change.annotation();
        if !annotation.is_placed() {
            return true;
        }
        let entry = Entry::of(0, annotation);
        let found = self.entries.binary_search_by_key(&entry.key(), Entry::key);
        match (change, found) {
            (LayerChange::Inserted { .. }, Err(at)) => {
                self.entries.insert(at, entry);
                self.update_ends_before(at);
                // Lanes after the new entry are as they were from the first place past it
                // where every lane is free (they were free there before too).
                let from = self.free_place_at_or_before(at);
                self.relane(from, |index, _| index > at);
                true
            }
            (LayerChange::Removed { .. }, Ok(at)) => {
                let removed = self.entries.remove(at);
                self.update_ends_before(at);
                // Before, `removed` ran on to its end: only past it were the lanes free then.
                let from = self.free_place_at_or_before(at);
                self.relane(from, |index, entry| {
                    index >= at && entry.start >= removed.end
                });
                true
            }
            _ => false,
        }
    }

    /// Recomputes `ends_before` from entry `from` on (the entries before it are unchanged).
    fn update_ends_before(&mut self, from: usize) {
        let mut ends_before = match from.checked_sub(1).and_then(|last| self.entries.get(last)) {
            Some(previous) => previous.ends_before.max(previous.end),
            None => 0,
        };
        for entry in &mut self.entries[from..] {
            entry.ends_before = ends_before;
            ends_before = ends_before.max(entry.end);
        }
    }

    /// The last entry at or before `index` where every lane is free (0 at worst).
    fn free_place_at_or_before(&self, index: usize) -> usize {
        let mut place = index.min(self.entries.len().saturating_sub(1));
        while place > 0 && !self.entries[place].starts_free() {
            place -= 1;
        }
        place
    }

    /// Lanes the entries from `from` (where every lane is free) on, greedily, until an entry
    /// where every lane is free and `unchanged_from` holds: from there on the lanes are
    /// already right.
    fn relane(&mut self, from: usize, unchanged_from: impl Fn(usize, &Entry) -> bool) {
        let mut lane_ends: Vec<usize> = Vec::new();
        for index in from..self.entries.len() {
            let entry = self.entries[index];
            if index > from && entry.starts_free() && unchanged_from(index, &entry) {
                return;
            }
            let lane = match lane_ends.iter().position(|&end| end <= entry.start) {
                Some(free) => {
                    lane_ends[free] = entry.end;
                    free
                }
                None => {
                    lane_ends.push(entry.end);
                    lane_ends.len() - 1
                }
            };
            self.entries[index].lane = u16::try_from(lane).unwrap_or(u16::MAX);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Layer, Span, TagId, TagSet};
    use crate::session::test_support::{session_in, steps, take_step};
    use egui::Color32;
    use proptest::prelude::*;

    fn layer(document: &Document, analyst: &str, spans: &[(usize, usize)]) -> Layer {
        let annotations = spans
            .iter()
            .map(|&(start, end)| {
                Annotation::new(
                    document,
                    Span::new(start, end),
                    TagId::new("claim"),
                    String::new(),
                    analyst,
                )
            })
            .collect();
        Layer::with_annotations(analyst, TagSet::default(), annotations)
    }

    fn drawn<'a>(own: &'a Layer, other: &'a Layer) -> [PaintLayer<'a>; 2] {
        [
            PaintLayer {
                layer: own,
                analyst_colour: Color32::RED,
            },
            PaintLayer {
                layer: other,
                analyst_colour: Color32::BLUE,
            },
        ]
    }

    #[test]
    fn overlapping_highlights_get_separate_lanes_and_free_lanes_are_reused() {
        let document = Document::from_raw_text(&"word ".repeat(40));
        let own = layer(&document, "a", &[(0, 10), (5, 15), (12, 20), (30, 40)]);
        let other = layer(&document, "b", &[(2, 8)]);
        let lanes = Lanes::assign(&drawn(&own, &other));
        let own_lanes: Vec<usize> = own
            .annotations()
            .iter()
            .map(|annotation| lanes.lane_of(0, annotation))
            .collect();
        // [0,10) lane 0; [2,8) (the teammate's) lane 1; [5,15) lane 2; [12,20) reuses
        // lane 0 (free since 10); [30,40) overlaps nothing and takes lane 0.
        assert_eq!(own_lanes, vec![0, 2, 0, 0]);
        assert_eq!(lanes.lane_of(1, &other.annotations()[0]), 1);
    }

    proptest! {
        /// Lanes kept up to date edit by edit (with a teammate's layer drawn too) equal lanes
        /// worked out afresh.
        #[test]
        fn followed_changes_give_what_laning_afresh_gives(
            steps in steps(),
            others in prop::collection::vec((0usize..140, 1usize..40), 0..8),
        ) {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut session = session_in(dir.path());
            let spans: Vec<(usize, usize)> = others
                .iter()
                .map(|&(start, length)| (start, (start + length).min(session.document.char_count())))
                .filter(|(start, end)| start < end)
                .collect();
            let other = layer(&session.document, "b", &spans);
            let mut kept = Lanes::assign(&drawn(session.layer(), &other));
            let mut revision = session.revision();
            for step in steps {
                take_step(&mut session, step);
                let changes = session.changes_since(revision).expect("changes are known");
                prop_assert!(kept.follow(&changes));
                revision = session.revision();
                prop_assert_eq!(&kept, &Lanes::assign(&drawn(session.layer(), &other)));
            }
        }
    }
}
