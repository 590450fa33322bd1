//! Agreement speed: three analysts' layers of 10,000 annotations each on a generated 5 MB
//! article (three pairs, every metric, per tag and overall), and the same layers clustered for
//! adjudication. Run with `cargo bench --no-default-features --bench agreement`.

use closeread::model::{Document, Layer, TagSet};
use closeread::synthetic::{generate_annotations, generate_article};
use closeread::team;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

const ARTICLE_BYTES: usize = 5 * 1024 * 1024;
const ANNOTATIONS_PER_ANALYST: usize = 10_000;

fn agreement(c: &mut Criterion) {
    let document = Document::from_raw_text(&generate_article(1, ARTICLE_BYTES));
    let layers: Vec<Layer> = (0..3u64)
        .map(|analyst| {
            let name = format!("analyst-{analyst}");
            let annotations =
                generate_annotations(&document, 10 + analyst, ANNOTATIONS_PER_ANALYST, &name);
            Layer::with_annotations(name, TagSet::default(), annotations)
        })
        .collect();
    let refs: Vec<&Layer> = layers.iter().collect();

    let mut group = c.benchmark_group("3 analysts x 10k annotations on 5 MB");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("agreement (F1, alpha_u, kappa; per tag and overall)", |b| {
        b.iter(|| black_box(team::agreement(&document, &refs)))
    });
    group.bench_function("clusters for adjudication", |b| {
        b.iter(|| black_box(team::clusters(&refs)))
    });
    group.finish();
}

criterion_group!(benches, agreement);

fn words(c: &mut Criterion) {
    let document = Document::from_raw_text(&generate_article(1, ARTICLE_BYTES));
    c.bench_function("word tokens of 5 MB", |b| {
        b.iter(|| black_box(team::kappa::word_tokens(&document)))
    });
}
criterion_group!(word_benches, words);
criterion_main!(benches, word_benches);
