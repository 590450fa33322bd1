//! Frame CPU time of the real app run headless (`Context::run_ui` plus tessellation, see
//! `closeread::app::headless`): the 13 KB sample against a generated 5 MB article with 20,000
//! annotations, still, scrolled by the wheel, jumping a page a frame, with a selection over most
//! of the book, tagging and undoing, and with the accessibility tree on; and opening the book
//! up to its first frame.
//! Run with `cargo bench --bench frames`.

use closeread::app::CloseReadApp;
use closeread::app::headless::{
    key_press, open_headless, run_frame, run_frame_with, wheel_over_article,
};
use closeread::synthetic::write_book;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

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

fn still(_: &mut CloseReadApp, _: usize) -> Vec<egui::Event> {
    Vec::new()
}

/// The wheel turned 40 points a frame, down for a second and back up for a second.
fn wheel_scrolling(_: &mut CloseReadApp, index: usize) -> Vec<egui::Event> {
    wheel_over_article(if (index / 60).is_multiple_of(2) {
        40.0
    } else {
        -40.0
    })
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
        |app, index| {
            app.article_view_mut()
                .scroll_to(chars / 2 + index * 3_000 % (chars / 2));
            Vec::new()
        },
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
        |app, index| {
            if index.is_multiple_of(2) {
                let start = chars * 9 / 10 + (index % 1_000) * 50;
                app.article_view_mut().set_selection(start..start + 40);
                key_press(egui::Key::Num1, egui::Modifiers::NONE)
            } else {
                key_press(egui::Key::Z, egui::Modifiers::COMMAND)
            }
        },
    );
    // An annotation with relations selected far down: the pane shows its editor and links.
    let far_down = app.session().and_then(|session| {
        let layer = session.layer();
        layer
            .annotations()
            .iter()
            .find(|annotation| {
                annotation.span.start > chars * 9 / 10
                    && layer.relations_of(annotation.id).count() > 0
            })
            .map(|annotation| annotation.id)
    });
    app.apply_command(
        &ctx,
        closeread::app::AppCommand::SelectAnnotation {
            annotation_id: far_down,
            scroll: true,
        },
    );
    bench_frames(
        &mut group,
        "5 MB, an annotation selected",
        &mut app,
        &ctx,
        still,
    );
    // The same state as the still frame: nothing selected.
    app.apply_command(
        &ctx,
        closeread::app::AppCommand::SelectAnnotation {
            annotation_id: None,
            scroll: false,
        },
    );
    app.article_view_mut().clear_selection();
    ctx.enable_accesskit();
    bench_frames(
        &mut group,
        "5 MB, accessibility tree on",
        &mut app,
        &ctx,
        still,
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
    Ok(())
}

criterion_group!(benches, frames);
criterion_main!(benches);
