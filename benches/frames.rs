//! Frame CPU time of the real app run headless (`Context::run_ui` plus tessellation, see
//! `closeread::app::headless`): the 13 KB sample against a generated 5 MB article with 20,000
//! annotations, still, scrolled by the wheel, jumping a page a frame, with a selection over most
//! of the book, tagging and undoing, and with the accessibility tree on; and opening the book
//! up to its first frame.
//! Run with `cargo bench --bench frames`.

use closeread::app::CloseReadApp;
use closeread::app::headless::{
    make_autosave_due, open_headless, page_every_frame, run_frame, run_frame_with, select_nothing,
    select_related_annotation_far_down, still, tag_then_undo, wait_for_autosave, wheel_scrolling,
};
use closeread::synthetic::write_book;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

const ARTICLE_BYTES: usize = 5 * 1024 * 1024;
const ANNOTATIONS: usize = 20_000;

/// Benchmarks frames of `app`, with `before` run ahead of each: it sets state the frame then
/// reacts to and gives the frame's input events.
fn bench_frames(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    app: &mut CloseReadApp,
    ctx: &egui::Context,
    mut before: impl FnMut(&mut CloseReadApp, usize) -> Vec<egui::Event>,
) {
    for index in 0..10 {
        run_frame(app, ctx, index);
    }
    let mut index = 10;
    c.bench_function(name, |b| {
        b.iter(|| {
            let events = before(app, index);
            index += 1;
            black_box(run_frame_with(app, ctx, index, events))
        })
    });
}

fn frames(c: &mut Criterion) {
    if let Err(error) = bench_frames_and_open(c) {
        eprintln!("frames bench: {error:#}");
        std::process::exit(1);
    }
}

fn bench_frames_and_open(c: &mut Criterion) -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut group = c.benchmark_group("frame");
    group.measurement_time(Duration::from_secs(5));

    let sample = tempfile::tempdir()?;
    let article = sample.path().join("khamenei-breaking-point.txt");
    std::fs::copy(
        root.join("assets/articles/khamenei-breaking-point.txt"),
        &article,
    )?;
    std::fs::copy(
        root.join("annotations/khamenei-breaking-point.analyst-a.ron"),
        sample.path().join("khamenei-breaking-point.bench.ron"),
    )?;
    let (mut app, ctx) = open_headless(&article, sample.path(), "bench");
    bench_frames(&mut group, "13 KB sample", &mut app, &ctx, still);
    bench_frames(
        &mut group,
        "13 KB sample, wheel scrolling",
        &mut app,
        &ctx,
        wheel_scrolling,
    );
    drop(app);

    let dir = tempfile::tempdir()?;
    let book = write_book(dir.path(), ARTICLE_BYTES, ANNOTATIONS, "bench")?;
    let chars = book.document.char_count();
    let (mut app, ctx) = open_headless(&book.article, dir.path(), "bench");
    bench_frames(&mut group, "5 MB, 20k annotations", &mut app, &ctx, still);
    app.article_view_mut().scroll_to(chars / 2);
    bench_frames(
        &mut group,
        "5 MB, wheel scrolling",
        &mut app,
        &ctx,
        wheel_scrolling,
    );
    bench_frames(
        &mut group,
        "5 MB, a new page every frame",
        &mut app,
        &ctx,
        page_every_frame,
    );
    app.article_view_mut()
        .set_selection(chars / 20..chars * 19 / 20);
    bench_frames(
        &mut group,
        "5 MB, selection over 90%",
        &mut app,
        &ctx,
        still,
    );
    app.article_view_mut().clear_selection();
    bench_frames(
        &mut group,
        "5 MB, tag with 1 / undo with Ctrl+Z",
        &mut app,
        &ctx,
        tag_then_undo,
    );
    anyhow::ensure!(
        select_related_annotation_far_down(&mut app, &ctx).is_some(),
        "no annotation with relations far down the book"
    );
    bench_frames(
        &mut group,
        "5 MB, an annotation selected",
        &mut app,
        &ctx,
        still,
    );
    // The same state as the still frame: nothing selected.
    select_nothing(&mut app, &ctx);
    ctx.enable_accesskit();
    bench_frames(
        &mut group,
        "5 MB, accessibility tree on",
        &mut app,
        &ctx,
        still,
    );
    ctx.disable_accesskit();
    group.finish();

    // The frame that starts an autosave after a tag: it hands a copy of the layer to the
    // worker that serialises and writes it. Each save is waited for before the next tag.
    let mut group = c.benchmark_group("autosave");
    group.sample_size(10);
    let mut index = 0;
    group.bench_function("5 MB, the frame that starts an autosave", |b| {
        b.iter_custom(|iterations| {
            let mut measured = Duration::ZERO;
            for _ in 0..iterations {
                let events = tag_then_undo(&mut app, index * 2);
                run_frame_with(&mut app, &ctx, index, events);
                make_autosave_due(&mut app);
                let start = Instant::now();
                black_box(run_frame(&mut app, &ctx, index));
                measured += start.elapsed();
                if let Err(error) = wait_for_autosave(&mut app) {
                    eprintln!("autosave bench: the save failed: {error}");
                    std::process::exit(1);
                }
                index += 1;
            }
            measured
        })
    });
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
    Ok(())
}

criterion_group!(benches, frames);
criterion_main!(benches);
