//! Running the app's frames without a window, for the benchmarks and the performance report.
//!
//! A headless frame costs what a real one costs the CPU: the app's `ui` run through
//! [`egui::Context::run_ui`] and its shapes tessellated into meshes. Only the GPU upload and
//! the compositor are left out.

use super::{CloseReadApp, StartOptions};
use std::path::Path;

/// The window size frames are measured at.
pub const FRAME_SIZE: egui::Vec2 = egui::vec2(1280.0, 860.0);

/// Opens `article` with the sidecars in `annotations` as `analyst`, as the window would,
/// with settings kept in memory.
pub fn open_headless(
    article: &Path,
    annotations: &Path,
    analyst: &str,
) -> (CloseReadApp, egui::Context) {
    let ctx = egui::Context::default();
    let app = CloseReadApp::new(
        &ctx,
        StartOptions {
            article: Some(article.to_path_buf()),
            annotations_dir: Some(annotations.to_path_buf()),
            analyst: Some(analyst.to_owned()),
            settings_path: None,
        },
    );
    (app, ctx)
}

/// Runs frame number `index` (frames are 1/60 s apart) at [`FRAME_SIZE`] and tessellates it;
/// returns the number of meshes drawn.
pub fn run_frame(app: &mut CloseReadApp, ctx: &egui::Context, index: usize) -> usize {
    run_frame_with(app, ctx, index, Vec::new())
}

/// [`run_frame`] with input events (see [`wheel_over_article`]).
pub fn run_frame_with(
    app: &mut CloseReadApp,
    ctx: &egui::Context,
    index: usize,
    events: Vec<egui::Event>,
) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, FRAME_SIZE)),
        time: Some(index as f64 / 60.0),
        events,
        ..Default::default()
    };
    let output = ctx.run_ui(input, |ui| app.frame_ui(ui));
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

/// The mouse over the middle of the article, turning the wheel by `points` (positive scrolls
/// towards the end of the article).
pub fn wheel_over_article(points: f32) -> Vec<egui::Event> {
    vec![
        egui::Event::PointerMoved(egui::pos2(FRAME_SIZE.x * 0.3, FRAME_SIZE.y * 0.5)),
        egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -points),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        },
    ]
}

/// A key pressed with `modifiers` (e.g. `1` to tag the selection, Ctrl+Z to undo).
pub fn key_press(key: egui::Key, modifiers: egui::Modifiers) -> Vec<egui::Event> {
    vec![egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }]
}
