//! Opening, loading, saving and exporting a book: a generated 5 MB article with 20,000
//! annotations (the figures of the README's performance table, one by one).
//! Run with `cargo bench --no-default-features --bench files`.

use closeread::export::{ExportFormat, ExportInput, ExportOptions, write_export};
use closeread::model::{Layer, TagSet};
use closeread::session::ReadingSession;
use closeread::synthetic::write_book;
use criterion::{Criterion, criterion_group, criterion_main};
use std::collections::HashSet;
use std::hint::black_box;
use std::time::Duration;

const ARTICLE_BYTES: usize = 5 * 1024 * 1024;
const ANNOTATIONS: usize = 20_000;

fn files(c: &mut Criterion) {
    if let Err(error) = bench_files(c) {
        eprintln!("files bench: {error:#}");
        std::process::exit(1);
    }
}

/// Each operation runs once with its error checked, then is timed (results black-boxed).
fn bench_files(c: &mut Criterion) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let book = write_book(dir.path(), ARTICLE_BYTES, ANNOTATIONS, "bench")?;
    ReadingSession::open(&book.article, Some(dir.path()), "bench")?;
    closeread::store::load_sidecar(&book.sidecar, &book.document, book.article_name)?;

    let mut group = c.benchmark_group("5 MB article, 20k annotations");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("open (read, canonicalise, load the sidecar, anchor)", |b| {
        b.iter(|| {
            black_box(ReadingSession::open(
                &book.article,
                Some(dir.path()),
                "bench",
            ))
        })
    });
    group.bench_function("load the sidecar", |b| {
        b.iter(|| {
            black_box(closeread::store::load_sidecar(
                &book.sidecar,
                &book.document,
                book.article_name,
            ))
        })
    });
    let mut session = ReadingSession::open(&book.article, Some(dir.path()), "bench")?;
    session.mark_reanchored();
    session.save()?;
    group.bench_function("save (merge check, atomic write, fsync)", |b| {
        b.iter(|| {
            session.mark_reanchored();
            black_box(session.save())
        })
    });

    let layer = Layer::with_annotations("bench", TagSet::default(), book.annotations.clone());
    let layers = [&layer];
    let tags = HashSet::new();
    let input = ExportInput {
        article_name: book.article_name,
        document: &book.document,
        layers: &layers,
        tags: &tags,
        info: None,
        settled_from: &[],
    };
    for (name, format) in [
        ("export CSV", ExportFormat::Csv),
        ("export W3C", ExportFormat::W3c),
    ] {
        write_export(
            format,
            &input,
            &mut Vec::new(),
            &ExportOptions::default(),
            &mut |_, _| {},
        )?;
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut out = Vec::new();
                let written = write_export(
                    format,
                    &input,
                    &mut out,
                    &ExportOptions::default(),
                    &mut |_, _| {},
                );
                black_box((written.is_ok(), out))
            })
        });
    }
    group.finish();
    Ok(())
}

criterion_group!(benches, files);
criterion_main!(benches);
