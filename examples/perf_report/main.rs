//! Measures Closeread on a book-length article once and prints a table (or JSON with
//! `--json`): a seeded 5 MB article with 20,000 annotations, frames of the real app run
//! headless (`Context::run_ui` plus tessellation) against the 13 KB sample, and the core's
//! open, save, load, re-anchor, agreement and export times. Frame figures are medians.
//! Peak memory is the app's alone: a child process opens the book headless, draws it still,
//! scrolled through, with a long selection and with the accessibility tree, and reports its
//! peak resident set (the report's own inputs and outputs would otherwise count).
//!
//! `cargo run --release --example perf_report -- [--json]`
//!
//! `-- --corpus` measures a generated project of 1,000 articles instead (see `corpus.rs`).
//!
//! `-- --write-book DIR` only writes the book and its sidecar (analyst `perf`) to DIR, to try
//! in the real window: `cargo run --release -- DIR/book.md --annotations DIR --analyst perf`.

mod corpus;

use closeread::app::CloseReadApp;
use closeread::app::headless::{
    BookScene, make_autosave_due, open_headless, run_frame_with, still, tag_then_undo,
    wait_for_autosave, wheel_scrolling,
};
use closeread::export::{ExportFormat, ExportInput, ExportOptions, write_export};
use closeread::model::{Document, Layer, TagSet, anchoring::reanchor};
use closeread::session::ReadingSession;
use closeread::synthetic::{BookOnDisk, generate_annotations, scatter_edits, write_book};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Instant;

const ARTICLE_BYTES: usize = 5 * 1024 * 1024;
const ANNOTATIONS: usize = 20_000;
const FRAMES: usize = 120;

fn millis(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Runs one headless frame of the app with `events` and returns its time in ms.
fn frame(
    app: &mut CloseReadApp,
    ctx: &egui::Context,
    index: usize,
    events: Vec<egui::Event>,
) -> f64 {
    let start = Instant::now();
    std::hint::black_box(run_frame_with(app, ctx, index, events));
    millis(start)
}

/// Median frame time over FRAMES frames after a warm-up, with `before` run before each (it
/// may change the app's state and gives the frame's input events).
fn frames(
    app: &mut CloseReadApp,
    ctx: &egui::Context,
    mut before: impl FnMut(&mut CloseReadApp, usize) -> Vec<egui::Event>,
) -> f64 {
    for index in 0..10 {
        frame(app, ctx, index, Vec::new());
    }
    let times = (0..FRAMES)
        .map(|index| {
            let events = before(app, index);
            frame(app, ctx, 10 + index, events)
        })
        .collect();
    median(times)
}

/// Median time of the frame that starts an autosave, each after a tag: it copies the layer
/// for the worker, which serialises and writes it. Checks that every save wrote the layer as
/// it is (read back after the save: reading 13 MB just before the frame would measure this
/// report's own read, which the app never makes).
fn autosave_frames(
    app: &mut CloseReadApp,
    ctx: &egui::Context,
    sidecar: &Path,
) -> anyhow::Result<f64> {
    const SAVES: usize = 15;
    let mut times = Vec::with_capacity(SAVES);
    // Frame numbers (the input's time) go on after those of the other figures.
    const FIRST_FRAME: usize = 100_000;
    for index in 0..SAVES {
        let events = tag_then_undo(app, index * 2);
        frame(app, ctx, FIRST_FRAME + index * 2, events);
        make_autosave_due(app);
        times.push(frame(app, ctx, FIRST_FRAME + index * 2 + 1, Vec::new()));
        let started = app
            .session()
            .is_some_and(|session| session.is_saving_in_background());
        wait_for_autosave(app)?;
        let Some(session) = app.session() else {
            anyhow::bail!("the book closed");
        };
        anyhow::ensure!(
            started
                && !session.has_unsaved_changes()
                && std::fs::read_to_string(sidecar)? == session.sidecar_text()?,
            "the autosave did not run in the background and save the tag"
        );
    }
    Ok(median(times))
}

/// Rounds of frame blocks: every figure gets a block in every round, so that this machine's
/// drift over a run (seen up to 1.8×) slows every figure alike and the ratios hold.
const ROUNDS: usize = 6;
/// Frames measured per figure and round (even, so that tagging and undoing end undone).
const BLOCK: usize = FRAMES / ROUNDS;
/// Frames run and not measured after a scene is set up (the first lays it out).
const WARM_UP: usize = 3;

/// Blocks of measured frames, numbered across both apps so that each app's time only moves on.
#[derive(Default)]
struct FrameBlocks {
    times: BTreeMap<&'static str, Vec<f64>>,
    index: usize,
}

impl FrameBlocks {
    /// Runs [`WARM_UP`] frames, then [`BLOCK`] measured frames of round `round` under `key`;
    /// `events` gives each frame's input from its number within all of `key`'s frames.
    fn run(
        &mut self,
        key: &'static str,
        (app, ctx): (&mut CloseReadApp, &egui::Context),
        round: usize,
        mut events: impl FnMut(&mut CloseReadApp, usize) -> Vec<egui::Event>,
    ) {
        for _ in 0..WARM_UP {
            self.index += 1;
            frame(app, ctx, self.index, Vec::new());
        }
        for frame_in_block in 0..BLOCK {
            let input = events(app, round * BLOCK + frame_in_block);
            self.index += 1;
            let time = frame(app, ctx, self.index, input);
            self.times.entry(key).or_default().push(time);
        }
    }
}

/// Measures the sample's still and scrolling frames and every [`BookScene`], interleaved in
/// [`ROUNDS`], and puts each one's median into `figures`. Checks that the wheel scrolled and
/// that tagging and undoing ran.
fn measure_frames(
    figures: &mut BTreeMap<&'static str, f64>,
    (small, small_ctx): (&mut CloseReadApp, &egui::Context),
    (book, ctx): (&mut CloseReadApp, &egui::Context),
) -> anyhow::Result<()> {
    let mut blocks = FrameBlocks::default();
    let mut shown_while_scrolling = HashSet::new();
    let annotations = |app: &CloseReadApp| app.session().map_or(0, |session| session.layer().len());
    let annotations_before = annotations(book);
    for round in 0..ROUNDS {
        blocks.run("frame_ms_small", (small, small_ctx), round, still);
        blocks.run(
            "frame_ms_small_scrolling",
            (small, small_ctx),
            round,
            wheel_scrolling,
        );
        for scene in BookScene::ALL {
            anyhow::ensure!(
                scene.set_up(book, ctx),
                "no annotation with relations far down the book"
            );
            blocks.run(scene.key(), (book, ctx), round, |app, index| {
                if let BookScene::Scrolling = scene {
                    shown_while_scrolling.insert(app.article_view().visible_paragraphs().start);
                }
                scene.events(app, index)
            });
            blocks.index += 1;
            scene.tear_down(book, ctx, blocks.index)?;
        }
    }
    // 800 points a block, down in the first rounds and up in the last: a few paragraphs.
    anyhow::ensure!(
        shown_while_scrolling.len() >= 3,
        "the wheel did not scroll the article"
    );
    anyhow::ensure!(
        annotations(book) == annotations_before && book.session().is_some_and(|s| s.can_redo()),
        "tagging and undoing did not run ({annotations_before} → {})",
        annotations(book)
    );
    for (key, values) in blocks.times {
        figures.insert(key, median(values));
    }
    Ok(())
}

/// Opens the book after about 1% of its paragraphs were edited outside the app (its sidecar
/// was saved against the text before) to the first frame, every annotation re-anchored; the
/// median of three opens. Checks that every annotation (`expected` and the tags the autosave
/// figure kept) was re-anchored.
fn open_edited_ms(article: &Path, sidecar: &Path, expected: usize) -> anyhow::Result<f64> {
    let folder = tempfile::tempdir()?;
    let (Some(article_name), Some(sidecar_name)) = (article.file_name(), sidecar.file_name())
    else {
        anyhow::bail!("the book has no file name");
    };
    let edited = folder.path().join(article_name);
    let original = std::fs::read_to_string(article)?;
    std::fs::write(&edited, scatter_edits(&original, 9, 0.01))?;
    std::fs::copy(sidecar, folder.path().join(sidecar_name))?;
    let mut times = Vec::new();
    for index in 0..3 {
        let start = Instant::now();
        let (mut app, ctx) = open_app(&edited, folder.path());
        frame(&mut app, &ctx, index, Vec::new());
        times.push(millis(start));
        let session = app.session().ok_or_else(|| {
            let notices: Vec<&str> = app.notices().iter().map(|n| n.text.as_str()).collect();
            anyhow::anyhow!("the edited book did not open: {notices:?}")
        })?;
        anyhow::ensure!(
            session.layer().len() >= expected
                && session.anchor_report.outcomes.len() == session.layer().len()
                && session.article_changed,
            "the edited book opened without re-anchoring all {expected} annotations ({} in the layer, {} re-anchored, article changed: {})",
            session.layer().len(),
            session.anchor_report.outcomes.len(),
            session.article_changed
        );
    }
    Ok(median(times))
}

fn open_app(article: &Path, annotations: &Path) -> (CloseReadApp, egui::Context) {
    open_headless(article, annotations, "perf")
}

fn peak_rss_bytes() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| {
                    value
                        .trim()
                        .trim_end_matches(" kB")
                        .trim()
                        .parse::<f64>()
                        .ok()
                })
        })
        .map_or(f64::NAN, |kib| kib * 1024.0)
}

/// The child process behind `peak_rss_bytes`: the app on the book, and nothing else.
fn app_memory(article: &Path, annotations: &Path) -> f64 {
    let (mut app, ctx) = open_app(article, annotations);
    let chars = app
        .session()
        .map_or(0, |session| session.document.char_count());
    frames(&mut app, &ctx, still);
    frames(&mut app, &ctx, |app, index| {
        app.article_view_mut().scroll_to(chars * index / FRAMES);
        Vec::new()
    });
    frames(&mut app, &ctx, wheel_scrolling);
    app.article_view_mut()
        .set_selection(chars / 20..chars * 19 / 20);
    frames(&mut app, &ctx, still);
    app.article_view_mut().clear_selection();
    ctx.enable_accesskit();
    frames(&mut app, &ctx, still);
    peak_rss_bytes()
}

/// Runs [`app_memory`] in a child process (this example again, with `--app-memory`).
fn app_memory_in_child(article: &Path, annotations: &Path) -> anyhow::Result<f64> {
    memory_in_child(&[
        "--app-memory".as_ref(),
        article.as_os_str(),
        annotations.as_os_str(),
    ])
}

/// Runs this example again with `args` (a memory child's flag and paths) and reads the peak
/// resident set it prints.
fn memory_in_child(args: &[&std::ffi::OsStr]) -> anyhow::Result<f64> {
    let output = std::process::Command::new(std::env::current_exe()?)
        .args(args)
        .stderr(std::process::Stdio::inherit())
        .output()?;
    anyhow::ensure!(
        output.status.success(),
        "the memory child failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8_lossy(&output.stdout).trim().parse()?)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, article, annotations] = args.as_slice()
        && flag == "--app-memory"
    {
        println!("{}", app_memory(Path::new(article), Path::new(annotations)));
        return Ok(());
    }
    if let [_, flag, folder] = args.as_slice()
        && flag == "--write-book"
    {
        std::fs::create_dir_all(folder)?;
        let book = write_book(Path::new(folder), ARTICLE_BYTES, ANNOTATIONS, "perf")?;
        println!("{} and {}", book.article.display(), book.sidecar.display());
        return Ok(());
    }
    if let [_, flag, root] = args.as_slice()
        && flag == "--project-memory"
    {
        println!("{}", corpus::project_memory(Path::new(root))?);
        return Ok(());
    }
    let json = args.iter().any(|arg| arg == "--json");
    if args.iter().any(|arg| arg == "--corpus") {
        if std::env::var_os("CLOSEREAD_CACHE_DIR").is_none() {
            // The project's cached summaries go to a folder of this run, not the user's cache.
            let cache = tempfile::tempdir()?;
            let status = std::process::Command::new(std::env::current_exe()?)
                .args(&args[1..])
                .env("CLOSEREAD_CACHE_DIR", cache.path())
                .status()?;
            anyhow::ensure!(status.success(), "perf_report --corpus failed");
            return Ok(());
        }
        let mut figures: BTreeMap<&str, f64> = BTreeMap::new();
        corpus::corpus_figures(&mut figures)?;
        return print_figures(&figures, json);
    }
    let dir = tempfile::tempdir()?;
    let mut figures: BTreeMap<&str, f64> = BTreeMap::new();

    // The 13 KB sample, for the frame-time ratio.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let small_article = dir.path().join("khamenei-breaking-point.txt");
    std::fs::copy(
        root.join("assets/articles/khamenei-breaking-point.txt"),
        &small_article,
    )?;
    let small_annotations = dir.path().join("small");
    std::fs::create_dir_all(&small_annotations)?;
    std::fs::copy(
        root.join("annotations/khamenei-breaking-point.analyst-a.ron"),
        small_annotations.join("khamenei-breaking-point.perf.ron"),
    )?;
    let (mut small_app, small_ctx) = open_app(&small_article, &small_annotations);

    // The book: 5 MB, 20,000 annotations.
    let BookOnDisk {
        article,
        article_name,
        sidecar,
        text,
        document,
        annotations,
    } = write_book(dir.path(), ARTICLE_BYTES, ANNOTATIONS, "perf")?;
    figures.insert("article_bytes", std::fs::metadata(&article)?.len() as f64);
    figures.insert("annotations", annotations.len() as f64);
    let layer = Layer::with_annotations("perf", TagSet::default(), annotations.clone());

    let start = Instant::now();
    let (mut app, ctx) = open_app(&article, dir.path());
    frame(&mut app, &ctx, 0, Vec::new());
    figures.insert("open_ms", millis(start));
    measure_frames(&mut figures, (&mut small_app, &small_ctx), (&mut app, &ctx))?;
    drop(small_app);
    figures.insert(
        "frame_ms_large_autosave",
        autosave_frames(&mut app, &ctx, &sidecar)?,
    );
    drop(app);
    figures.insert(
        "open_edited_ms",
        open_edited_ms(&article, &sidecar, annotations.len())?,
    );

    let start = Instant::now();
    let loaded = closeread::store::load_sidecar(&sidecar, &document, article_name)?;
    figures.insert("load_ms", millis(start));
    drop(loaded);

    let mut session = ReadingSession::open(&article, Some(dir.path()), "perf")?;
    session.mark_reanchored();
    let start = Instant::now();
    session.save()?;
    figures.insert("save_ms", millis(start));

    let edited = Document::from_raw_text(&scatter_edits(&text, 9, 0.01));
    let mut moved = annotations.clone();
    let start = Instant::now();
    reanchor(&edited, &mut moved);
    figures.insert("reanchor_ms", millis(start));

    let analysts: Vec<Layer> = (0..3u64)
        .map(|analyst| {
            let name = format!("analyst-{analyst}");
            Layer::with_annotations(
                name.clone(),
                TagSet::default(),
                generate_annotations(&document, 20 + analyst, 10_000, &name),
            )
        })
        .collect();
    let refs: Vec<&Layer> = analysts.iter().collect();
    let start = Instant::now();
    let report = closeread::team::agreement(&document, &refs);
    figures.insert("agree_ms", millis(start));
    drop(report);

    let layers = [&layer];
    let tags = HashSet::new();
    let input = ExportInput {
        article_name,
        document: &document,
        layers: &layers,
        tags: &tags,
        info: None,
        settled_from: &[],
    };
    for (key, format) in [
        ("export_csv_ms", ExportFormat::Csv),
        ("export_w3c_ms", ExportFormat::W3c),
    ] {
        let mut out = Vec::with_capacity(32 << 20);
        let start = Instant::now();
        write_export(
            format,
            &input,
            &mut out,
            &ExportOptions::default(),
            &mut |_, _| {},
        )?;
        figures.insert(key, millis(start));
    }
    figures.insert("peak_rss_bytes", app_memory_in_child(&article, dir.path())?);

    if json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        print_figures(&figures, false)?;
        // The frame targets are ratios to the sample's frame within one run.
        let small = figures["frame_ms_small"];
        println!("\nframe time ÷ the 13 KB sample's still frame (target ≤ 1.5):");
        for key in figures
            .keys()
            .filter(|key| key.starts_with("frame_ms_large"))
        {
            println!("{key:<28} {:>14.2}", figures[key] / small);
        }
    }
    Ok(())
}

/// The figures as JSON, or as a table.
fn print_figures(figures: &BTreeMap<&str, f64>, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(figures)?);
    } else {
        println!("{:<28} {:>14}", "figure", "value");
        for (key, value) in figures {
            println!("{key:<28} {value:>14.2}");
        }
    }
    Ok(())
}
