//! Helpers for driving the real Closeread window in `egui_kittest`: a copy of the bundled
//! article (and optionally analyst-a's sidecar) in a temporary folder, the app built as eframe
//! builds it (with the system font fallback that draws the Arabic-script line), and ways to
//! point at a phrase on screen found from the galley's own glyphs.

use closeread::app::{CloseReadApp, StartOptions};
use egui::Pos2;
use egui_kittest::Harness;
use std::path::PathBuf;
use std::time::{Duration, Instant};

// The sample copied as the integration tests copy it: one implementation for both packages.
#[allow(dead_code)]
#[path = "../common/sample.rs"]
mod sample;

pub const ARTICLE_NAME: &str = sample::SAMPLE_ARTICLE;

/// A temporary copy of the sample article, with an `annotations/` folder beside it.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub article: PathBuf,
    pub annotations: PathBuf,
    pub settings: PathBuf,
}

impl Fixture {
    pub fn new(with_analyst_a_sidecar: bool) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let article = sample::sample_article_in(dir.path());
        let annotations = dir.path().join("annotations");
        std::fs::create_dir_all(&annotations).expect("annotations folder");
        if with_analyst_a_sidecar {
            // analyst-b's reading comes along, as beside the bundled article.
            sample::sample_sidecars_in(&annotations);
        }
        let settings = dir.path().join("settings.ron");
        Self {
            dir,
            article,
            annotations,
            settings,
        }
    }

    pub fn sidecar(&self, analyst: &str) -> PathBuf {
        sample::sample_sidecar(&self.annotations, analyst)
    }

    pub fn options(&self, analyst: &str) -> StartOptions {
        StartOptions {
            article: Some(self.article.clone()),
            annotations_dir: Some(self.annotations.clone()),
            analyst: Some(analyst.to_owned()),
            settings_path: Some(self.settings.clone()),
        }
    }
}

/// The real app in a 1280×860 window, as eframe would build it.
pub fn harness(options: StartOptions) -> Harness<'static, CloseReadApp> {
    Harness::builder()
        .with_size([1280.0, 860.0])
        // Frames as a display would show them, so that double clicks fall within egui's
        // double-click time; scrolling to a passage then animates over a few dozen frames.
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .build_eframe(move |cc| {
            cc.egui_ctx.add_font_provider(std::sync::Arc::new(
                egui_system_font_provider::SystemFontProvider::new(),
            ));
            CloseReadApp::new(&cc.egui_ctx, options)
        })
}

/// Screen points just inside the first and last glyph of `phrase`, found by reading the
/// glyphs of the galley the app drew (not through the app's own char mapping). Scrolls the
/// article to the phrase first.
pub fn phrase_points(harness: &mut Harness<'_, CloseReadApp>, phrase: &str) -> (Pos2, Pos2) {
    let block = {
        let document = &harness
            .state()
            .session()
            .expect("an article is open")
            .document;
        document
            .blocks()
            .iter()
            .position(|block| document.slice(block.chars.clone()).contains(phrase))
            .expect("phrase in the article")
    };
    points_in_block(harness, block, phrase)
}

/// Like [`phrase_points`], for `phrase` in block `block_index` (the first time it occurs
/// there): for documents where the phrase also occurs elsewhere.
pub fn points_in_block(
    harness: &mut Harness<'_, CloseReadApp>,
    block_index: usize,
    phrase: &str,
) -> (Pos2, Pos2) {
    let offset = {
        let document = &harness
            .state()
            .session()
            .expect("an article is open")
            .document;
        let block = &document.blocks()[block_index];
        let local = document
            .slice(block.chars.clone())
            .find(phrase)
            .expect("phrase in the block");
        document.char_offset(document.byte_offset(block.chars.start) + local)
    };
    harness.state_mut().article_view_mut().scroll_to(offset);
    harness.run();
    let app = harness.state();
    let wanted: Vec<char> = phrase.chars().collect();
    // Every glyph drawn for the paragraph with where its row starts on screen (one galley,
    // or one per piece of a paragraph with right-to-left text, in screen order).
    let galleys = app
        .article_view()
        .paragraph_galleys(block_index)
        .expect("the paragraph is laid out");
    let glyphs: Vec<(Pos2, &egui::epaint::text::Glyph)> = galleys
        .iter()
        .flat_map(|(origin, galley)| {
            galley.rows.iter().flat_map(move |row| {
                row.glyphs
                    .iter()
                    .map(move |glyph| (*origin + row.pos.to_vec2(), glyph))
            })
        })
        .collect();
    for start in 0..glyphs.len() {
        let matches = wanted.iter().enumerate().all(|(offset, wanted_char)| {
            glyphs
                .get(start + offset)
                .is_some_and(|(_, glyph)| glyph.chr == *wanted_char)
        });
        if matches {
            let (first_row, first) = glyphs[start];
            let (last_row, last) = glyphs[start + wanted.len() - 1];
            let centre_y = |row: Pos2, glyph: &egui::epaint::text::Glyph| {
                row.y + glyph.pos.y - glyph.font_ascent + glyph.line_height / 2.0
            };
            let from = Pos2::new(first_row.x + first.pos.x + 1.0, centre_y(first_row, first));
            let to = Pos2::new(last_row.x + last.max_x() - 1.0, centre_y(last_row, last));
            return (from, to);
        }
    }
    panic!("phrase {phrase:?} not found among the glyphs drawn for block {block_index}");
}

/// Presses at `from`, drags to `to` and releases, a frame at a time.
pub fn drag_select(harness: &mut Harness<'_, CloseReadApp>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    let steps = 4;
    for step in 1..=steps {
        let t = step as f32 / steps as f32;
        harness.hover_at(from + (to - from) * t);
        harness.run();
    }
    harness.drop_at(to);
    harness.run();
}

/// Steps the window (in real time, so that file events arrive, saves finish and things settle)
/// until `done`; `false` if that takes more than 10 s.
pub fn run_until(
    harness: &mut Harness<'static, CloseReadApp>,
    mut done: impl FnMut(&CloseReadApp) -> bool,
) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        harness.step();
        if done(harness.state()) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}
