//! Adjudication: settling on one consensus layer from several analysts' readings.
//!
//! The shown analysts' placed annotations are grouped into [`Cluster`]s of overlapping
//! annotations (across analysts). Within a cluster, annotations with the same bounds and tag are
//! one [`Reading`], with the analysts who chose it. A cluster where every analyst gave the same
//! single reading is *unanimous* and proposed as accepted; every other cluster is a
//! disagreement the adjudicator settles: take one reading, several, none, or take one and edit
//! it. Each decision is one [`Edit`] on the consensus layer: the annotations taken are added
//! (their notes joined, each under its analyst's name) and the cluster's annotations are marked
//! settled, so undo takes back the whole decision. A cluster is open while any of its
//! annotations is not settled, so a teammate's later annotation reopens it.

use crate::model::annotation::QuoteSelector;
use crate::model::{Annotation, AnnotationId, Document, Edit, Layer, Span, TagId};

/// The reserved analyst name of the consensus layer (`<stem>.consensus.ron`).
pub const CONSENSUS: &str = "consensus";

/// One analyst's annotation within a cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Index into the layers the clusters were built from.
    pub analyst: usize,
    pub annotation: Annotation,
}

/// The same bounds and tag, chosen by one or more analysts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub span: Span,
    pub tag: TagId,
    /// Indexes of the analysts who chose it, sorted, each once.
    pub analysts: Vec<usize>,
    /// Indexes into the cluster's members.
    pub members: Vec<usize>,
}

/// Annotations of the shown analysts that overlap one another (transitively).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    pub extent: Span,
    pub members: Vec<Member>,
    /// Most-chosen first, then in document order.
    pub readings: Vec<Reading>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Accept a reading when every shown analyst chose it and nothing else overlaps it.
    Unanimous,
    /// Accept a reading more than half of the analysts chose; what overlaps it is overruled.
    Majority,
}

impl Cluster {
    /// Every analyst gave exactly this one reading.
    pub fn is_unanimous(&self, analyst_count: usize) -> bool {
        self.readings.len() == 1
            && self.readings[0].analysts.len() == analyst_count
            && self.members.len() == analyst_count
    }

    /// Whether the adjudicator still has something to decide here.
    pub fn is_open(&self, consensus: &Layer) -> bool {
        self.members
            .iter()
            .any(|member| !consensus.is_settled(member.annotation.id))
    }

    fn member_ids(&self) -> Vec<AnnotationId> {
        self.members
            .iter()
            .map(|member| member.annotation.id)
            .collect()
    }
}

/// Groups the placed annotations of `layers` into clusters, in document order.
pub fn clusters(layers: &[&Layer]) -> Vec<Cluster> {
    let mut all: Vec<Member> = layers
        .iter()
        .enumerate()
        .flat_map(|(analyst, layer)| {
            layer
                .annotations()
                .iter()
                .filter(|annotation| annotation.is_placed() && !annotation.span.is_empty())
                .map(move |annotation| Member {
                    analyst,
                    annotation: annotation.clone(),
                })
        })
        .collect();
    all.sort_by_key(|member| (member.annotation.span.start, member.annotation.span.end));
    let mut clusters: Vec<Cluster> = Vec::new();
    for member in all {
        let span = member.annotation.span;
        match clusters.last_mut() {
            Some(cluster) if span.start < cluster.extent.end => {
                cluster.extent = Span::new(cluster.extent.start, cluster.extent.end.max(span.end));
                cluster.members.push(member);
            }
            _ => clusters.push(Cluster {
                extent: span,
                members: vec![member],
                readings: Vec::new(),
            }),
        }
    }
    for cluster in &mut clusters {
        cluster.readings = readings_of(&cluster.members);
    }
    clusters
}

fn readings_of(members: &[Member]) -> Vec<Reading> {
    let mut readings: Vec<Reading> = Vec::new();
    for (index, member) in members.iter().enumerate() {
        let annotation = &member.annotation;
        let existing = readings
            .iter_mut()
            .find(|reading| reading.span == annotation.span && reading.tag == annotation.tag);
        match existing {
            Some(reading) => {
                reading.members.push(index);
                if !reading.analysts.contains(&member.analyst) {
                    reading.analysts.push(member.analyst);
                    reading.analysts.sort_unstable();
                }
            }
            None => readings.push(Reading {
                span: annotation.span,
                tag: annotation.tag.clone(),
                analysts: vec![member.analyst],
                members: vec![index],
            }),
        }
    }
    readings.sort_by_key(|reading| {
        (
            std::cmp::Reverse(reading.analysts.len()),
            reading.span.start,
            reading.span.end,
        )
    });
    readings
}

/// The consensus annotation for a reading: its bounds and tag, and the notes of the analysts
/// who chose it, each under the analyst's name.
pub fn consensus_annotation(
    document: &Document,
    cluster: &Cluster,
    reading: &Reading,
    analyst_names: &[String],
) -> Annotation {
    let notes: Vec<String> = reading
        .members
        .iter()
        .map(|&index| &cluster.members[index])
        .filter(|member| !member.annotation.note.trim().is_empty())
        .map(|member| {
            let name = analyst_names
                .get(member.analyst)
                .map(String::as_str)
                .unwrap_or("?");
            format!("{name}: {}", member.annotation.note.trim())
        })
        .collect();
    let mut annotation = Annotation::new(
        document,
        reading.span,
        reading.tag.clone(),
        notes.join("\n"),
        CONSENSUS,
    );
    annotation.quote = QuoteSelector::at(document, reading.span);
    annotation
}

/// The edit that takes `chosen` readings of `cluster` (indexes into its readings; none for
/// "neither") into the consensus layer and settles the cluster. A reading the consensus layer
/// already holds (same bounds and tag) is not added twice. `None` if it would change nothing.
pub fn decide(
    document: &Document,
    consensus: &Layer,
    cluster: &Cluster,
    chosen: &[usize],
    analyst_names: &[String],
) -> Option<Edit> {
    let mut edits = Vec::new();
    for &index in chosen {
        let Some(reading) = cluster.readings.get(index) else {
            continue;
        };
        if !holds(consensus, reading.span, &reading.tag) {
            edits.push(Edit::Add(consensus_annotation(
                document,
                cluster,
                reading,
                analyst_names,
            )));
        }
    }
    edits.extend(settle(consensus, &cluster.member_ids()));
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

fn holds(consensus: &Layer, span: Span, tag: &TagId) -> bool {
    consensus
        .overlapping(span)
        .any(|annotation| annotation.span == span && &annotation.tag == tag)
}

fn settle(consensus: &Layer, ids: &[AnnotationId]) -> Option<Edit> {
    let unsettled: Vec<AnnotationId> = ids
        .iter()
        .copied()
        .filter(|id| !consensus.is_settled(*id))
        .collect();
    (!unsettled.is_empty()).then_some(Edit::Settle {
        ids: unsettled,
        settled: true,
    })
}

/// What the automatic part of adjudication did and left.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AutomaticOutcome {
    /// The edit to apply to the consensus layer, if any.
    pub edit: Option<Edit>,
    /// Readings accepted by the strategy.
    pub accepted: usize,
    /// Clusters still open afterwards: what is left to decide.
    pub open: Vec<Cluster>,
}

/// Accepts what `strategy` allows in every open cluster, as one edit.
pub fn decide_automatically(
    document: &Document,
    consensus: &Layer,
    layers: &[&Layer],
    strategy: Strategy,
) -> AutomaticOutcome {
    let names: Vec<String> = layers.iter().map(|layer| layer.analyst.clone()).collect();
    let analyst_count = layers.len();
    let mut scratch = consensus.clone();
    let mut edits = Vec::new();
    let mut outcome = AutomaticOutcome::default();
    for cluster in clusters(layers) {
        if !cluster.is_open(&scratch) {
            continue;
        }
        let accepted: Vec<usize> = match strategy {
            Strategy::Unanimous if cluster.is_unanimous(analyst_count) => vec![0],
            Strategy::Unanimous => Vec::new(),
            Strategy::Majority => (0..cluster.readings.len())
                .filter(|&index| cluster.readings[index].analysts.len() * 2 > analyst_count)
                .collect(),
        };
        if accepted.is_empty() {
            outcome.open.push(cluster);
            continue;
        }
        // Settle what the accepted readings cover; anything beside them stays open.
        let accepted_spans: Vec<Span> = accepted
            .iter()
            .map(|&index| cluster.readings[index].span)
            .collect();
        let mut edit_parts = Vec::new();
        for &index in &accepted {
            let reading = &cluster.readings[index];
            if !holds(&scratch, reading.span, &reading.tag) {
                edit_parts.push(Edit::Add(consensus_annotation(
                    document, &cluster, reading, &names,
                )));
            }
        }
        let overruled: Vec<AnnotationId> = cluster
            .members
            .iter()
            .filter(|member| {
                accepted_spans
                    .iter()
                    .any(|span| span.overlaps(&member.annotation.span))
            })
            .map(|member| member.annotation.id)
            .collect();
        edit_parts.extend(settle(&scratch, &overruled));
        outcome.accepted += accepted.len();
        for part in edit_parts {
            if part.apply_to(&mut scratch).is_ok() {
                edits.push(part);
            }
        }
        if cluster.is_open(&scratch) {
            outcome.open.push(cluster);
        }
    }
    outcome.edit = (!edits.is_empty()).then_some(Edit::Batch(edits));
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TagSet;

    fn layer(document: &Document, analyst: &str, spans: &[(usize, usize, &str, &str)]) -> Layer {
        let annotations = spans
            .iter()
            .map(|&(start, end, tag, note)| {
                Annotation::new(
                    document,
                    Span::new(start, end),
                    TagId::new(tag),
                    note.to_owned(),
                    analyst,
                )
            })
            .collect();
        Layer::with_annotations(analyst, TagSet::default(), annotations)
    }

    fn sample() -> (Document, Layer, Layer, Layer) {
        let document = Document::from_raw_text(&"word ".repeat(60));
        let a = layer(
            &document,
            "a",
            &[
                (0, 9, "claim", "core"),
                (20, 29, "claim", ""),
                (40, 49, "evidence", ""),
            ],
        );
        let b = layer(
            &document,
            "b",
            &[(0, 9, "claim", "agreed"), (20, 29, "evidence", "")],
        );
        let c = layer(
            &document,
            "c",
            &[(0, 9, "claim", ""), (20, 29, "claim", "")],
        );
        (document, a, b, c)
    }

    #[test]
    fn unanimous_spans_are_accepted_with_both_notes_and_the_rest_left_open() {
        let (document, a, b, _) = sample();
        let consensus = Layer::new(CONSENSUS, TagSet::default());
        let outcome = decide_automatically(&document, &consensus, &[&a, &b], Strategy::Unanimous);
        assert_eq!(outcome.accepted, 1);
        assert_eq!(outcome.open.len(), 2, "tag differs at 20, only a at 40");
        let mut consensus = consensus;
        outcome
            .edit
            .expect("something accepted")
            .apply_to(&mut consensus)
            .expect("applies");
        assert_eq!(consensus.len(), 1);
        assert_eq!(consensus.annotations()[0].note, "a: core\nb: agreed");
        // Running it again changes nothing.
        let again = decide_automatically(&document, &consensus, &[&a, &b], Strategy::Unanimous);
        assert_eq!(again.edit, None);
        assert_eq!(again.open.len(), 2);
    }

    #[test]
    fn majority_overrules_the_minority_reading() {
        let (document, a, b, c) = sample();
        let consensus = Layer::new(CONSENSUS, TagSet::default());
        let outcome =
            decide_automatically(&document, &consensus, &[&a, &b, &c], Strategy::Majority);
        assert_eq!(
            outcome.accepted, 2,
            "claim at 0 (3 of 3), claim at 20 (2 of 3)"
        );
        assert_eq!(outcome.open.len(), 1, "evidence at 40: 1 of 3");
    }

    #[test]
    fn a_decision_is_one_undoable_edit() {
        let (document, a, b, _) = sample();
        let mut consensus = Layer::new(CONSENSUS, TagSet::default());
        let all = clusters(&[&a, &b]);
        let disputed = &all[1];
        assert_eq!(disputed.readings.len(), 2);
        let names = vec!["a".to_owned(), "b".to_owned()];
        let both = decide(&document, &consensus, disputed, &[0, 1], &names).expect("an edit");
        both.apply_to(&mut consensus).expect("applies");
        assert_eq!(consensus.len(), 2);
        assert!(!disputed.is_open(&consensus));
        both.inverse().apply_to(&mut consensus).expect("undoes");
        assert!(consensus.is_empty());
        assert!(disputed.is_open(&consensus));
        let neither = decide(&document, &consensus, disputed, &[], &names).expect("an edit");
        neither.apply_to(&mut consensus).expect("applies");
        assert!(consensus.is_empty());
        assert!(!disputed.is_open(&consensus));
    }
}
