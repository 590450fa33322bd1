//! Layers built from short literal lists, for the team module's tests.

use crate::model::{Annotation, Document, Layer, Relation, Span, TagId, TagSet};

/// Annotations `(start, end, tag, note)` of `analyst`, in the order given.
fn annotations(
    document: &Document,
    analyst: &str,
    spans: impl Iterator<Item = (usize, usize, &'static str, &'static str)>,
) -> Vec<Annotation> {
    spans
        .map(|(start, end, tag, note)| {
            Annotation::new(
                document,
                Span::new(start, end),
                TagId::new(tag),
                note.to_owned(),
                analyst,
            )
        })
        .collect()
}

/// A layer of `(start, end, tag)` annotations without notes.
pub fn layer(document: &Document, analyst: &str, spans: &[(usize, usize, &'static str)]) -> Layer {
    layer_with_relations(document, analyst, spans, &[])
}

/// A layer of `(start, end, tag, note)` annotations.
pub(crate) fn layer_with_notes(
    document: &Document,
    analyst: &str,
    spans: &[(usize, usize, &'static str, &'static str)],
) -> Layer {
    let annotations = annotations(document, analyst, spans.iter().copied());
    Layer::with_annotations(analyst, TagSet::default(), annotations)
}

/// A layer of `(start, end, tag)` annotations and `(source index, kind, target index)` links.
pub(crate) fn layer_with_relations(
    document: &Document,
    analyst: &str,
    spans: &[(usize, usize, &'static str)],
    links: &[(usize, &str, usize)],
) -> Layer {
    let annotations = annotations(
        document,
        analyst,
        spans.iter().map(|&(start, end, tag)| (start, end, tag, "")),
    );
    let relations = links
        .iter()
        .map(|&(source, kind, target)| {
            Relation::new(annotations[source].id, kind, annotations[target].id)
        })
        .collect();
    Layer::with_annotations(analyst, TagSet::default(), annotations)
        .with_relations(relations)
        .0
}
