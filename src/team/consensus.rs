//! Adjudication: settling on one consensus layer from several analysts' readings.
//!
//! The shown analysts' placed annotations are grouped into [`Cluster`]s of overlapping
//! annotations (across analysts). Within a cluster, annotations with the same bounds and tag are
//! one [`Reading`], with the analysts who chose it. A reading every analyst chose is *unanimous*
//! and proposed as accepted, whatever else overlaps it (a nested annotation stays open on its
//! own). What is left is a disagreement the adjudicator settles: take one reading, several,
//! none, or take one and edit it. Each decision is one [`Edit`] on the consensus layer: the
//! annotations taken are added (the notes of those who chose them, each under the analyst's
//! name, and the notes of the readings not taken, marked so) and the analysts' annotations are
//! marked settled at their current version, so undo takes back the whole decision. A cluster is
//! open while any of its annotations is not settled, so a teammate's later annotation, or a
//! later edit of one already decided, reopens it.

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
    /// Accept a reading every shown analyst chose.
    Unanimous,
    /// Accept a reading more than half of the analysts chose; the readings it overrules (same
    /// bounds or same tag, overlapping it) are settled with it.
    Majority,
}

impl Cluster {
    /// Whether the adjudicator still has something to decide here.
    pub(crate) fn is_open(&self, consensus: &Layer) -> bool {
        self.members
            .iter()
            .any(|member| !consensus.is_settled(&member.annotation))
    }

    fn reading_annotations<'a>(
        &'a self,
        reading: &'a Reading,
    ) -> impl Iterator<Item = &'a Annotation> {
        reading
            .members
            .iter()
            .map(|&index| &self.members[index].annotation)
    }
}

impl Reading {
    /// Whether this reading competes with `other` for the same passage: they overlap and share
    /// their bounds or their tag (a nested annotation with another tag is a separate matter).
    fn competes_with(&self, other: &Reading) -> bool {
        self.span.overlaps(&other.span) && (self.span == other.span || self.tag == other.tag)
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

/// The analysts a consensus layer was settled from: those of `layers` with an annotation the
/// consensus layer has decided on (its `settled` ids), by display name, in the order given.
pub fn settled_from(consensus: &Layer, layers: &[Layer]) -> Vec<String> {
    layers
        .iter()
        .filter(|layer| layer.analyst != CONSENSUS)
        .filter(|layer| {
            layer
                .annotations()
                .iter()
                .any(|annotation| consensus.settled().contains_key(&annotation.id))
        })
        .map(|layer| layer.display_name().to_owned())
        .collect()
}

/// The consensus annotation for a reading: its bounds and tag, and the notes of the analysts
/// who chose it, each under the analyst's name.
pub(crate) fn consensus_annotation(
    document: &Document,
    cluster: &Cluster,
    reading: &Reading,
    not_taken: &[&Reading],
    analyst_names: &[String],
) -> Annotation {
    let name_of = |analyst: usize| {
        analyst_names
            .get(analyst)
            .map(String::as_str)
            .unwrap_or("?")
    };
    let mut notes: Vec<String> = reading
        .members
        .iter()
        .map(|&index| &cluster.members[index])
        .filter(|member| !member.annotation.note.trim().is_empty())
        .map(|member| {
            format!(
                "{}: {}",
                name_of(member.analyst),
                member.annotation.note.trim()
            )
        })
        .collect();
    for other in not_taken {
        for &index in &other.members {
            let member = &cluster.members[index];
            if !member.annotation.note.trim().is_empty() {
                notes.push(format!(
                    "not taken, {} ({}): {}",
                    name_of(member.analyst),
                    other.tag,
                    member.annotation.note.trim()
                ));
            }
        }
    }
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
        let not_taken: Vec<&Reading> = cluster
            .readings
            .iter()
            .enumerate()
            .filter(|(other, candidate)| {
                !chosen.contains(other) && candidate.competes_with(reading)
            })
            .map(|(_, candidate)| candidate)
            .collect();
        if !holds(consensus, reading.span, &reading.tag) {
            edits.push(Edit::Add(consensus_annotation(
                document,
                cluster,
                reading,
                &not_taken,
                analyst_names,
            )));
        }
    }
    edits.extend(settle(
        consensus,
        cluster.members.iter().map(|member| &member.annotation),
    ));
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// The consensus annotation that holds a reading (same bounds and tag), if any.
pub(crate) fn held_by(consensus: &Layer, span: Span, tag: &TagId) -> Option<AnnotationId> {
    consensus
        .overlapping(span)
        .find(|annotation| annotation.span == span && &annotation.tag == tag)
        .map(|annotation| annotation.id)
}

fn holds(consensus: &Layer, span: Span, tag: &TagId) -> bool {
    held_by(consensus, span, tag).is_some()
}

/// The edit that marks these versions of analysts' annotations as decided, if any is not yet.
fn settle<'a>(
    consensus: &Layer,
    annotations: impl Iterator<Item = &'a Annotation>,
) -> Option<Edit> {
    let mut before = Vec::new();
    let mut after = Vec::new();
    for annotation in annotations {
        if consensus.is_settled(annotation) || after.iter().any(|(id, _)| *id == annotation.id) {
            continue;
        }
        before.push((
            annotation.id,
            consensus.settled().get(&annotation.id).copied(),
        ));
        after.push((annotation.id, Some(annotation.modified)));
    }
    (!after.is_empty()).then_some(Edit::Settle { before, after })
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
        let accepted: Vec<&Reading> = cluster
            .readings
            .iter()
            .filter(|reading| match strategy {
                Strategy::Unanimous => reading.analysts.len() == analyst_count,
                Strategy::Majority => reading.analysts.len() * 2 > analyst_count,
            })
            .collect();
        for reading in accepted {
            let overruled: Vec<&Reading> = match strategy {
                Strategy::Unanimous => Vec::new(),
                Strategy::Majority => cluster
                    .readings
                    .iter()
                    .filter(|other| *other != reading && other.competes_with(reading))
                    .collect(),
            };
            let mut parts = Vec::new();
            if !holds(&scratch, reading.span, &reading.tag) {
                parts.push(Edit::Add(consensus_annotation(
                    document, &cluster, reading, &overruled, &names,
                )));
            }
            let decided = cluster.reading_annotations(reading).chain(
                overruled
                    .iter()
                    .flat_map(|other| cluster.reading_annotations(other)),
            );
            parts.extend(settle(&scratch, decided));
            if parts.is_empty() {
                continue;
            }
            outcome.accepted += 1;
            for part in parts {
                if part.apply_to(&mut scratch).is_ok() {
                    edits.push(part);
                }
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
    use crate::team::test_support::layer_with_notes as layer;

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
        assert!(consensus.is_settled(&a.annotations()[0]));
        let c = Layer::new("c", TagSet::default()).with_analyst_name("Cé Dee");
        assert_eq!(
            settled_from(
                &consensus,
                &[a.clone().with_analyst_name("Ann A"), b.clone(), c]
            ),
            ["Ann A", "b"],
            "c has nothing settled"
        );
        // Running it again changes nothing.
        let again = decide_automatically(&document, &consensus, &[&a, &b], Strategy::Unanimous);
        assert_eq!(again.edit, None);
        assert_eq!(again.open.len(), 2);
    }

    #[test]
    fn a_unanimous_span_is_accepted_even_with_another_annotation_nested_in_it() {
        let document = Document::from_raw_text(&"word ".repeat(60));
        let a = layer(
            &document,
            "a",
            &[(0, 30, "claim", ""), (5, 9, "evidence", "inner")],
        );
        let b = layer(&document, "b", &[(0, 30, "claim", "")]);
        let consensus = Layer::new(CONSENSUS, TagSet::default());
        let outcome = decide_automatically(&document, &consensus, &[&a, &b], Strategy::Unanimous);
        assert_eq!(outcome.accepted, 1);
        assert_eq!(
            outcome.open.len(),
            1,
            "the nested evidence is still to decide"
        );
    }

    #[test]
    fn editing_a_decided_annotation_reopens_it() {
        let (document, a, b, _) = sample();
        let mut consensus = Layer::new(CONSENSUS, TagSet::default());
        let outcome = decide_automatically(&document, &consensus, &[&a, &b], Strategy::Unanimous);
        outcome
            .edit
            .expect("accepted")
            .apply_to(&mut consensus)
            .expect("applies");
        let mut edited = a.annotations()[0].clone();
        edited.modified += chrono::Duration::seconds(5);
        edited.note = "changed my mind".to_owned();
        let a = Layer::with_annotations(
            "a",
            TagSet::default(),
            std::iter::once(edited)
                .chain(a.annotations()[1..].iter().cloned())
                .collect(),
        );
        let open = clusters(&[&a, &b])
            .into_iter()
            .filter(|cluster| cluster.is_open(&consensus))
            .count();
        assert_eq!(open, 3, "the edited one is open again");
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
