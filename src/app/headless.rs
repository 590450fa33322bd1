//! Running the app's frames without a window, for the benchmarks and the performance report.
//!
//! A headless frame costs what a real one costs the CPU: the app's `ui` run through
//! [`egui::Context::run_ui`] and its shapes tessellated into meshes. Only the GPU upload and
//! the compositor are left out. The scenarios below (still, wheel scrolling, a page a frame,
//! tagging and undoing) are the ones the benches and the performance report share.

use super::{AppCommand, CloseReadApp, StartOptions};
use crate::model::AnnotationId;
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

// The frame scenarios the benches and perf_report measure. Each runs before a frame: it sets
// what the frame reacts to and returns the frame's input events.

/// Nothing happens.
pub fn still(_: &mut CloseReadApp, _: usize) -> Vec<egui::Event> {
    Vec::new()
}

/// Scrolling as a reader does: the wheel turned 40 points a frame (2,400 points a second),
/// down for a second and back up for a second.
pub fn wheel_scrolling(_: &mut CloseReadApp, index: usize) -> Vec<egui::Event> {
    wheel_over_article(if (index / 60).is_multiple_of(2) {
        40.0
    } else {
        -40.0
    })
}

/// The worst case of scrolling: a new page of the second half of the article every frame, all
/// laid out afresh.
pub fn page_every_frame(app: &mut CloseReadApp, index: usize) -> Vec<egui::Event> {
    let half = char_count(app) / 2;
    if half > 0 {
        app.article_view_mut()
            .scroll_to(half + index * 3_000 % half);
    }
    Vec::new()
}

/// Tagging with a key and undoing it, 90% of the way down: a selection and `1` on even
/// frames, Ctrl+Z on odd ones (the frame reads the key, edits, re-lanes and redraws).
pub fn tag_then_undo(app: &mut CloseReadApp, index: usize) -> Vec<egui::Event> {
    if index.is_multiple_of(2) {
        let start = char_count(app) * 9 / 10 + (index % 1_000) * 50;
        app.article_view_mut().set_selection(start..start + 40);
        key_press(egui::Key::Num1, egui::Modifiers::NONE)
    } else {
        key_press(egui::Key::Z, egui::Modifiers::COMMAND)
    }
}

/// Selects (and scrolls to) the first annotation with relations 90% of the way down, so that
/// the pane shows its editor and links; returns it.
pub fn select_related_annotation_far_down(
    app: &mut CloseReadApp,
    ctx: &egui::Context,
) -> Option<AnnotationId> {
    let far = char_count(app) * 9 / 10;
    let chosen = app.session().and_then(|session| {
        let layer = session.layer();
        layer
            .annotations()
            .iter()
            .find(|annotation| {
                annotation.span.start > far && layer.relations_of(annotation.id).next().is_some()
            })
            .map(|annotation| annotation.id)
    });
    app.apply_command(
        ctx,
        AppCommand::SelectAnnotation {
            annotation_id: chosen,
            scroll: true,
        },
    );
    chosen
}

/// Back to the still state: no annotation selected, no text selected.
pub fn select_nothing(app: &mut CloseReadApp, ctx: &egui::Context) {
    app.apply_command(
        ctx,
        AppCommand::SelectAnnotation {
            annotation_id: None,
            scroll: false,
        },
    );
    app.article_view_mut().clear_selection();
}

/// Makes the autosave due, as if the last change had been made [`super::AUTOSAVE_DELAY`] ago:
/// the next frame starts it.
pub fn make_autosave_due(app: &mut CloseReadApp) {
    if let Some(session) = &app.session {
        app.seen_revision = session.revision();
    }
    if let Some(due) = std::time::Instant::now().checked_sub(super::AUTOSAVE_DELAY) {
        app.changed_at = due;
    }
}

/// Waits for a background save to finish; the next frame then sees it done.
pub fn wait_for_autosave(app: &mut CloseReadApp) -> Result<(), crate::session::SessionError> {
    match app.session.as_mut() {
        Some(session) => session
            .wait_for_background_save()
            .map_or(Ok(()), |outcome| outcome.map(|_| ())),
        None => Ok(()),
    }
}

fn char_count(app: &CloseReadApp) -> usize {
    app.session()
        .map_or(0, |session| session.document.char_count())
}
