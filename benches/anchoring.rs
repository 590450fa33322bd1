//! Re-anchoring speed: a 20,000-annotation layer against a generated 5 MB article, unchanged and
//! after 1% of its paragraphs were edited; and mapping the same layer through the edit when the
//! old text is known. Run with `cargo bench --no-default-features --bench anchoring`.

use closeread::model::Document;
use closeread::model::anchoring::{edit_mapping, reanchor};
use closeread::synthetic::{generate_annotations, generate_article, scatter_edits};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

const ARTICLE_BYTES: usize = 5 * 1024 * 1024;
const ANNOTATIONS: usize = 20_000;

fn anchoring(c: &mut Criterion) {
    let text = generate_article(1, ARTICLE_BYTES);
    let original = Document::from_raw_text(&text);
    let annotations = generate_annotations(&original, 2, ANNOTATIONS, "bench");
    let edited = Document::from_raw_text(&scatter_edits(&text, 3, 0.01));

    let mut group = c.benchmark_group("reanchor 20k annotations on 5 MB");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("unchanged article", |b| {
        b.iter(|| {
            let mut layer = annotations.clone();
            black_box(reanchor(&original, &mut layer))
        })
    });
    group.bench_function("1% of paragraphs edited, by quote", |b| {
        b.iter(|| {
            let mut layer = annotations.clone();
            black_box(reanchor(&edited, &mut layer))
        })
    });
    group.bench_function("1% of paragraphs edited, through the diff", |b| {
        b.iter(|| {
            let mut layer = annotations.clone();
            black_box(edit_mapping::map_annotations(
                &original, &edited, &mut layer,
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, anchoring);
criterion_main!(benches);
