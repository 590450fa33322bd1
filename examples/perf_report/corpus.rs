//! `perf_report --corpus`: a generated project of 1,000 articles of about 50 KB, 5 analysts
//! and 200,000 annotations, and the project figures:
//! - opening it in the window to the home table drawn, the first time (no cached summaries)
//!   and again (the cache made by the first), and until its articles are in memory;
//! - a tag and text query over every annotation as the Retrieval window runs it (warm: the
//!   articles in memory, the files looked at again for changes), and a word across every
//!   article's text, the same way;
//! - a CSV export across the project and the pooled agreement, as the command line runs
//!   them (reading the files);
//! - the home table's frame while scrolling, and the peak memory of a child that opens the
//!   project, draws the home and searches.

use super::{median, millis};
use closeread::app::headless::{run_frame_with, search_open_project, wait_for_project_index};
use closeread::app::{CloseReadApp, StartOptions};
use closeread::export::project::GroupBy;
use closeread::export::{ExportFormat, ExportOptions};
use closeread::project::Project;
use closeread::project::index::ProjectIndex;
use closeread::project::search::SearchQuery;
use closeread::project::status::load_progress;
use closeread::project::text_search::{TextQuery, search_texts_in};
use closeread::synthetic::corpus::{CorpusShape, write_corpus};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// The window with the project open and its home shown, as the analyst `analyst-0`.
fn open_window(root: &Path) -> (CloseReadApp, egui::Context) {
    let ctx = egui::Context::default();
    let mut app = CloseReadApp::new(
        &ctx,
        StartOptions {
            article: None,
            annotations_dir: None,
            analyst: Some("analyst-0".to_owned()),
            settings_path: None,
        },
    );
    app.open_project(root);
    (app, ctx)
}

/// The query measured: claims with "the" in the excerpt or note.
fn query() -> SearchQuery {
    SearchQuery {
        tags: vec!["claim".to_owned()],
        text: Some("the".to_owned()),
        ..SearchQuery::default()
    }
}

/// The child's part: opens the project in the window, draws the home, searches; prints the
/// peak resident set.
pub fn project_memory(root: &Path) -> anyhow::Result<f64> {
    let (mut app, ctx) = open_window(root);
    for index in 0..10 {
        run_frame_with(&mut app, &ctx, index, Vec::new());
    }
    let found = search_open_project(&mut app, &query())
        .ok_or_else(|| anyhow::anyhow!("the project did not open"))??;
    std::hint::black_box(found);
    Ok(super::peak_rss_bytes())
}

fn project_memory_in_child(root: &Path) -> anyhow::Result<f64> {
    super::memory_in_child(&["--project-memory".as_ref(), root.as_os_str()])
}

pub fn corpus_figures(figures: &mut BTreeMap<&'static str, f64>) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("corpus");
    let corpus = write_corpus(&root, &CorpusShape::large())?;
    figures.insert("project_articles", corpus.articles as f64);
    figures.insert("project_annotations", corpus.annotations as f64);

    // The first open makes the cache of summaries; the second uses it.
    let start = Instant::now();
    let (mut app, ctx) = open_window(&root);
    run_frame_with(&mut app, &ctx, 0, Vec::new());
    figures.insert("project_first_open_ms", millis(start));
    anyhow::ensure!(wait_for_project_index(&mut app), "the project did not open");
    drop(app);

    let start = Instant::now();
    let (mut app, ctx) = open_window(&root);
    run_frame_with(&mut app, &ctx, 0, Vec::new());
    figures.insert("project_open_ms", millis(start));
    wait_for_project_index(&mut app);
    figures.insert("project_index_ms", millis(start));

    // The home table's frame while the wheel scrolls it.
    let wheel = |_: usize| {
        vec![
            egui::Event::PointerMoved(egui::pos2(500.0, 300.0)),
            egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -40.0),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: egui::Modifiers::NONE,
            },
        ]
    };
    for index in 1..10 {
        run_frame_with(&mut app, &ctx, index, wheel(index));
    }
    let times = (10..70)
        .map(|index| {
            let start = Instant::now();
            run_frame_with(&mut app, &ctx, index, wheel(index));
            millis(start)
        })
        .collect();
    figures.insert("project_home_frame_ms", median(times));

    // Warm, as the Retrieval window runs them: over the articles in memory.
    let found = search_open_project(&mut app, &query())
        .ok_or_else(|| anyhow::anyhow!("the project did not open"))??;
    anyhow::ensure!(!found.hits.is_empty(), "the measured search found nothing");
    let times = (0..5)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(search_open_project(&mut app, &query()));
            millis(start)
        })
        .collect();
    figures.insert("project_search_ms", median(times));
    figures.insert("project_search_hits", found.hits.len() as f64);
    drop(found);
    let project = Project::open(&root)?;
    let index = ProjectIndex::read(&project);
    let text = TextQuery {
        text: "policy".to_owned(),
        match_case: false,
        whole_words: true,
    };
    let times = (0..5)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(search_texts_in(&index, &text));
            millis(start)
        })
        .collect();
    figures.insert("project_text_search_ms", median(times));
    drop(index);
    drop(app);

    // Cold, as `closeread project export` and `agree` run: reading the files.
    let (progress, _) = load_progress(&project);
    let start = Instant::now();
    let index = ProjectIndex::read(&project);
    let selection =
        closeread::project::export::select(&project, &index, &SearchQuery::default(), &progress)?;
    let mut out = Vec::with_capacity(64 << 20);
    selection.write(
        ExportFormat::Csv,
        &closeread::project::export::SelectionExport {
            name: &project.manifest.name,
            selection: "",
            group_by: GroupBy::Article,
            codebook: None,
        },
        &mut out,
        &ExportOptions::default(),
        &mut |_, _| {},
    )?;
    figures.insert("project_export_csv_ms", millis(start));
    drop(selection);
    drop(index);

    let start = Instant::now();
    let agreement = closeread::project::agree::project_agreement(&project);
    figures.insert("project_agree_ms", millis(start));
    anyhow::ensure!(agreement.articles > 0, "no double-read article was found");

    figures.insert("project_peak_rss_bytes", project_memory_in_child(&root)?);
    Ok(())
}
