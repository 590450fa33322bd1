//! Frame CPU time of the real app run headless (`Context::run_ui` plus tessellation, see
//! `closeread::app::headless`): the 13 KB sample against a generated 5 MB article with 20,000
//! annotations in each of its scenes (`BookScene`: still, scrolled by the wheel, jumping a page
//! a frame, with a selection over most of the book, tagging and undoing, an annotation selected,
//! relation arcs, the accessibility tree on); the frame that starts an autosave; and opening
//! the book up to its first frame.
//! Run with `cargo bench --bench frames`.

use closeread::app::CloseReadApp;
use closeread::app::headless::{
    BookScene, make_autosave_due, open_headless, run_frame, run_frame_with, still, tag_then_undo,
    wait_for_autosave, wheel_scrolling,
};
use closeread::synthetic::write_book;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

const ARTICLE_BYTES: usize = 5 * 1024 * 1024;
const ANNOTATIONS: usize = 20_000;

/// Benchmarks frames of `app`, with `before` run ahead of each: it sets state the frame then
/// reacts to and gives the frame's input events. `clock` numbers the app's frames, so that its
/// time only moves on from one benchmark to the next.
fn bench_frames(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    (app, ctx): (&mut CloseReadApp, &egui::Context),
    clock: &mut usize,
    mut before: impl FnMut(&mut CloseReadApp, usize) -> Vec<egui::Event>,
) {
    for _ in 0..10 {
        *clock += 1;
        run_frame(app, ctx, *clock);
    }
    let mut scene_frame = 0;
    c.bench_function(name, |b| {
        b.iter(|| {
            let events = before(app, scene_frame);
            scene_frame += 1;
            *clock += 1;
            black_box(run_frame_with(app, ctx, *clock, events))
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
    let mut clock = 0;
    bench_frames(
        &mut group,
        "13 KB sample",
        (&mut app, &ctx),
        &mut clock,
        still,
    );
    bench_frames(
        &mut group,
        "13 KB sample, wheel scrolling",
        (&mut app, &ctx),
        &mut clock,
        wheel_scrolling,
    );
    drop(app);

    // The book's scenes, each set up from the still state in the middle of the book (as
    // perf_report measures them).
    let dir = tempfile::tempdir()?;
    let book = write_book(dir.path(), ARTICLE_BYTES, ANNOTATIONS, "bench")?;
    let (mut app, ctx) = open_headless(&book.article, dir.path(), "bench");
    let mut clock = 0;
    for scene in BookScene::ALL {
        anyhow::ensure!(
            scene.set_up(&mut app, &ctx),
            "no annotation with relations far down the book"
        );
        bench_frames(
            &mut group,
            scene.label(),
            (&mut app, &ctx),
            &mut clock,
            |app, index| scene.events(app, index),
        );
        clock += 1;
        scene.tear_down(&mut app, &ctx, clock)?;
    }
    group.finish();

    // The frame that starts an autosave after a tag: it hands a copy of the layer to the
    // worker that serialises and writes it. Each save is waited for before the next tag.
    let mut group = c.benchmark_group("autosave");
    group.sample_size(10);
    let mut tags = 0;
    group.bench_function("5 MB, the frame that starts an autosave", |b| {
        b.iter_custom(|iterations| {
            let mut measured = Duration::ZERO;
            for _ in 0..iterations {
                let events = tag_then_undo(&mut app, tags * 2);
                tags += 1;
                clock += 1;
                run_frame_with(&mut app, &ctx, clock, events);
                make_autosave_due(&mut app);
                clock += 1;
                let start = Instant::now();
                black_box(run_frame(&mut app, &ctx, clock));
                measured += start.elapsed();
                if let Err(error) = wait_for_autosave(&mut app) {
                    eprintln!("autosave bench: the save failed: {error}");
                    std::process::exit(1);
                }
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
