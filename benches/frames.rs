//! Frame CPU time of the real app run headless (`Context::run_ui` plus tessellation, see
//! `closeread::app::headless`): the 13 KB sample against a generated 5 MB article with 20,000
//! annotations, still, scrolling, with a selection over most of the book and with the
//! accessibility tree on; and opening the book up to its first frame.
//! Run with `cargo bench --bench frames`.

use closeread::app::CloseReadApp;
use closeread::app::headless::{open_headless, run_frame};
use closeread::synthetic::write_book;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const ARTICLE_BYTES: usize = 5 * 1024 * 1024;
const ANNOTATIONS: usize = 20_000;

/// Benchmarks frames of `app`, with `before` run ahead of each (not timed apart: it only
/// sets state the frame then reacts to).
fn bench_frames(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    app: &mut CloseReadApp,
    ctx: &egui::Context,
    mut before: impl FnMut(&mut CloseReadApp, usize),
) {
    for index in 0..10 {
        run_frame(app, ctx, index);
    }
    let mut index = 10;
    c.bench_function(name, |b| {
        b.iter(|| {
            before(app, index);
            index += 1;
            black_box(run_frame(app, ctx, index))
        })
    });
}

fn frames(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut group = c.benchmark_group("frame");
    group.measurement_time(Duration::from_secs(5));

    let sample = tempfile::tempdir().expect("temporary folder");
    let article = sample.path().join("khamenei-breaking-point.txt");
    std::fs::copy(
        root.join("assets/articles/khamenei-breaking-point.txt"),
        &article,
    )
    .expect("sample article");
    std::fs::copy(
        root.join("annotations/khamenei-breaking-point.analyst-a.ron"),
        sample.path().join("khamenei-breaking-point.bench.ron"),
    )
    .expect("sample sidecar");
    let (mut app, ctx) = open_headless(&article, sample.path(), "bench");
    bench_frames(&mut group, "13 KB sample", &mut app, &ctx, |_, _| {});
    drop(app);

    let dir = tempfile::tempdir().expect("temporary folder");
    let book = write_book(dir.path(), ARTICLE_BYTES, ANNOTATIONS, "bench").expect("book");
    let chars = book.document.char_count();
    let (mut app, ctx) = open_headless(&book.article, dir.path(), "bench");
    bench_frames(
        &mut group,
        "5 MB, 20k annotations",
        &mut app,
        &ctx,
        |_, _| {},
    );
    bench_frames(
        &mut group,
        "5 MB, scrolling",
        &mut app,
        &ctx,
        |app, index| {
            app.article_view_mut()
                .scroll_to(chars / 2 + index * 3_000 % (chars / 2));
        },
    );
    app.article_view_mut()
        .set_selection(chars / 20..chars * 19 / 20);
    bench_frames(
        &mut group,
        "5 MB, selection over 90%",
        &mut app,
        &ctx,
        |_, _| {},
    );
    app.article_view_mut().clear_selection();
    ctx.enable_accesskit();
    bench_frames(
        &mut group,
        "5 MB, accessibility tree on",
        &mut app,
        &ctx,
        |_, _| {},
    );
    drop(app);
    group.finish();

    let mut group = c.benchmark_group("open");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("5 MB, 20k annotations, to the first frame", |b| {
        b.iter_batched(
            || (),
            |()| {
                let (mut app, ctx) = open_headless(&book.article, dir.path(), "bench");
                run_frame(&mut app, &ctx, 0);
                black_box(app)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
