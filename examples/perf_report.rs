//! Measures Closeread on a book-length article once and prints a table (or JSON with
//! `--json`): a seeded 5 MB article with 20,000 annotations, frames of the real app run
//! headless (`Context::run_ui` plus tessellation) against the 13 KB sample, and the core's
//! open, save, load, re-anchor, agreement and export times. Frame figures are medians.
//!
//! `cargo run --release --example perf_report -- [--json]`

use closeread::app::{CloseReadApp, StartOptions};
use closeread::export::{ExportFormat, ExportInput, ExportOptions, write_export};
use closeread::model::{Document, Layer, TagSet, anchoring::reanchor};
use closeread::session::ReadingSession;
use closeread::store::SidecarFile;
use closeread::synthetic::{generate_annotations, generate_article, scatter_edits};
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

/// Runs one frame of the app at 1280×860 and tessellates it; returns its time in ms.
fn frame(app: &mut CloseReadApp, ctx: &egui::Context, index: usize) -> f64 {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 860.0),
        )),
        time: Some(index as f64 / 60.0),
        ..Default::default()
    };
    let start = Instant::now();
    let output = ctx.run_ui(input, |ui| app.frame_ui(ui));
    let _meshes = ctx.tessellate(output.shapes, output.pixels_per_point);
    millis(start)
}

/// Median frame time over FRAMES frames after a warm-up, with `before` run before each.
fn frames(
    app: &mut CloseReadApp,
    ctx: &egui::Context,
    mut before: impl FnMut(&mut CloseReadApp, usize),
) -> f64 {
    for index in 0..10 {
        frame(app, ctx, index);
    }
    let times = (0..FRAMES)
        .map(|index| {
            before(app, index);
            frame(app, ctx, 10 + index)
        })
        .collect();
    median(times)
}

fn open_app(article: &Path, annotations: &Path) -> (CloseReadApp, egui::Context) {
    let ctx = egui::Context::default();
    let app = CloseReadApp::new(
        &ctx,
        StartOptions {
            article: Some(article.to_path_buf()),
            annotations_dir: Some(annotations.to_path_buf()),
            analyst: Some("perf".to_owned()),
            settings_path: None,
        },
    );
    (app, ctx)
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

fn main() -> anyhow::Result<()> {
    let json = std::env::args().any(|arg| arg == "--json");
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
    let (mut app, ctx) = open_app(&small_article, &small_annotations);
    figures.insert("frame_ms_small", frames(&mut app, &ctx, |_, _| {}));
    drop(app);

    // The book: 5 MB, 20,000 annotations.
    let text = generate_article(7, ARTICLE_BYTES);
    let article = dir.path().join("book.txt");
    std::fs::write(&article, &text)?;
    figures.insert("article_bytes", text.len() as f64);
    let document = Document::from_raw_text(&text);
    let annotations = generate_annotations(&document, 8, ANNOTATIONS, "perf");
    figures.insert("annotations", annotations.len() as f64);
    let layer = Layer::with_annotations("perf", TagSet::default(), annotations.clone());
    let sidecar = dir.path().join("book.perf.ron");
    std::fs::write(
        &sidecar,
        SidecarFile::from_layer(&layer, "book.txt", &document).to_ron_string()?,
    )?;

    let start = Instant::now();
    let (mut app, ctx) = open_app(&article, dir.path());
    frame(&mut app, &ctx, 0);
    figures.insert("open_ms", millis(start));
    figures.insert("frame_ms_large", frames(&mut app, &ctx, |_, _| {}));
    let chars = document.char_count();
    figures.insert(
        "frame_ms_large_scrolling",
        frames(&mut app, &ctx, |app, index| {
            app.article_view_mut()
                .scroll_to(chars / 2 + index * 3_000 % (chars / 2));
        }),
    );
    app.article_view_mut()
        .set_selection(chars / 20..chars * 19 / 20);
    figures.insert(
        "frame_ms_large_selection",
        frames(&mut app, &ctx, |_, _| {}),
    );
    app.article_view_mut().clear_selection();
    ctx.enable_accesskit();
    figures.insert(
        "frame_ms_large_accesskit",
        frames(&mut app, &ctx, |_, _| {}),
    );
    drop(app);

    let start = Instant::now();
    let loaded = closeread::store::load_sidecar(&sidecar, &document, "book.txt")?;
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
        article_name: "book.txt",
        document: &document,
        layers: &layers,
        tags: &tags,
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
    figures.insert("peak_rss_bytes", peak_rss_bytes());

    if json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        println!("{:<28} {:>14}", "figure", "value");
        for (key, value) in &figures {
            println!("{key:<28} {value:>14.2}");
        }
    }
    Ok(())
}
