//! Running the app's frames without a window, for the benchmarks and the performance report.
//!
//! A headless frame costs what a real one costs the CPU: the app's `ui` run through
//! [`egui::Context::run_ui`] and its shapes tessellated into meshes. Only the GPU upload and
//! the compositor are left out. The scenarios below (still, wheel scrolling, a page a frame,
//! tagging and undoing) are the ones the benches and the performance report share.

use super::{AppCommand, CloseReadApp, StartOptions};
use crate::command::RelationCommand;
use crate::model::AnnotationId;
use std::path::Path;

/// The window size frames are measured at.
pub(crate) const FRAME_SIZE: egui::Vec2 = egui::vec2(1280.0, 860.0);

/// Opens `article` with the sidecars in `annotations` as `analyst`, as the window would,
/// with settings kept in memory.
pub fn open_headless(
    article: &Path,
    annotations: &Path,
    analyst: &str,
) -> (CloseReadApp, egui::Context) {
    let ctx = egui::Context::default();
    let mut app = CloseReadApp::new(
        &ctx,
        StartOptions {
            article: Some(article.to_path_buf()),
            annotations_dir: Some(annotations.to_path_buf()),
            analyst: Some(analyst.to_owned()),
            settings_path: None,
        },
    );
    // A book opens on a worker thread in the window; here the caller wants it open.
    app.wait_for_background_open();
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
pub(crate) fn wheel_over_article(points: f32) -> Vec<egui::Event> {
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
pub(crate) fn page_every_frame(app: &mut CloseReadApp, index: usize) -> Vec<egui::Event> {
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
pub(crate) fn select_related_annotation_far_down(
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
pub(crate) fn select_nothing(app: &mut CloseReadApp, ctx: &egui::Context) {
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
        app.article.autosave.seen_revision = session.revision();
    }
    if let Some(due) = std::time::Instant::now().checked_sub(super::AUTOSAVE_DELAY) {
        app.article.autosave.changed_at = due;
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

/// The book's frame scenes that the benches and perf_report measure. Each is set up from the
/// still state (the middle of the book, nothing selected) and undone after, so that every
/// scene is measured in the same place whatever ran before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookScene {
    Still,
    /// Wheel-scrolled 40 points a frame ([`wheel_scrolling`]).
    Scrolling,
    /// A new page every frame ([`page_every_frame`]).
    Jumping,
    /// A selection over 90% of the book.
    Selection,
    /// Tagging with `1` and undoing with Ctrl+Z, in turn ([`tag_then_undo`]).
    TagUndo,
    /// An annotation with relations selected far down.
    Selected,
    /// The same, with relation arcs in the margin.
    Relations,
    /// The accessibility tree on.
    Accesskit,
}

impl BookScene {
    pub const ALL: [Self; 8] = [
        Self::Still,
        Self::Scrolling,
        Self::Jumping,
        Self::Selection,
        Self::TagUndo,
        Self::Selected,
        Self::Relations,
        Self::Accesskit,
    ];

    /// The scene's key in perf_report's JSON.
    pub fn key(self) -> &'static str {
        match self {
            Self::Still => "frame_ms_large",
            Self::Scrolling => "frame_ms_large_scrolling",
            Self::Jumping => "frame_ms_large_jumping",
            Self::Selection => "frame_ms_large_selection",
            Self::TagUndo => "frame_ms_large_tag_undo",
            Self::Selected => "frame_ms_large_selected",
            Self::Relations => "frame_ms_large_relations",
            Self::Accesskit => "frame_ms_large_accesskit",
        }
    }

    /// The scene's name in the benches.
    pub fn label(self) -> &'static str {
        match self {
            Self::Still => "5 MB, 20k annotations",
            Self::Scrolling => "5 MB, wheel scrolling",
            Self::Jumping => "5 MB, a new page every frame",
            Self::Selection => "5 MB, selection over 90%",
            Self::TagUndo => "5 MB, tag with 1 / undo with Ctrl+Z",
            Self::Selected => "5 MB, an annotation selected",
            Self::Relations => "5 MB, relation arcs shown",
            Self::Accesskit => "5 MB, accessibility tree on",
        }
    }

    /// From the still state to this scene's; `false` if the book has no annotation with
    /// relations far down (the selected scenes need one).
    pub fn set_up(self, app: &mut CloseReadApp, ctx: &egui::Context) -> bool {
        let chars = char_count(app);
        select_nothing(app, ctx);
        app.article_view_mut().scroll_to(chars / 2);
        match self {
            Self::Selection => app
                .article_view_mut()
                .set_selection(chars / 20..chars * 19 / 20),
            Self::Selected | Self::Relations => {
                if select_related_annotation_far_down(app, ctx).is_none() {
                    return false;
                }
                if self == Self::Relations {
                    app.apply_command(
                        ctx,
                        AppCommand::Relations(RelationCommand::SetShowRelations(true)),
                    );
                }
            }
            Self::Accesskit => ctx.enable_accesskit(),
            Self::Still | Self::Scrolling | Self::Jumping | Self::TagUndo => {}
        }
        true
    }

    /// Frame `index` of the scene (counted over all its frames): its input events.
    pub fn events(self, app: &mut CloseReadApp, index: usize) -> Vec<egui::Event> {
        match self {
            Self::Scrolling => wheel_scrolling(app, index),
            Self::Jumping => page_every_frame(app, index),
            Self::TagUndo => tag_then_undo(app, index),
            _ => still(app, index),
        }
    }

    /// Back to the still state. After tagging, the autosave runs at once (in frame
    /// `frame_index`) and is waited for, rather than in the middle of the next scene.
    pub fn tear_down(
        self,
        app: &mut CloseReadApp,
        ctx: &egui::Context,
        frame_index: usize,
    ) -> Result<(), crate::session::SessionError> {
        match self {
            Self::Relations => app.apply_command(
                ctx,
                AppCommand::Relations(RelationCommand::SetShowRelations(false)),
            ),
            Self::Accesskit => ctx.disable_accesskit(),
            Self::TagUndo => {
                make_autosave_due(app);
                run_frame(app, ctx, frame_index);
                wait_for_autosave(app)?;
            }
            Self::Still | Self::Scrolling | Self::Jumping | Self::Selection | Self::Selected => {}
        }
        select_nothing(app, ctx);
        Ok(())
    }
}

fn char_count(app: &CloseReadApp) -> usize {
    app.session()
        .map_or(0, |session| session.document.char_count())
}

/// Runs `query` as the Retrieval window does: over the open project's index (waiting for it if
/// it is still being read, then reading again what changed), as the app's analyst. `None`
/// when no project is open.
pub fn search_open_project(
    app: &mut CloseReadApp,
    query: &crate::project::search::SearchQuery,
) -> Option<Result<crate::project::search::SearchResults, crate::project::ProjectError>> {
    Some(app.project.open.as_mut()?.search(query))
}

/// Waits until the open project's articles are in memory. Returns whether a project is open.
pub fn wait_for_project_index(app: &mut CloseReadApp) -> bool {
    match app.project.open.as_mut() {
        Some(open) => {
            open.fresh_index();
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The arcs drawn in a frame (relations in the margin are cubic Béziers).
    fn arcs_drawn(app: &mut CloseReadApp, ctx: &egui::Context, index: usize) -> usize {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, FRAME_SIZE)),
            time: Some(index as f64 / 60.0),
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, |ui| app.frame_ui(ui));
        // No renderer takes the font atlas's updates here.
        output.textures_delta.clear();
        output
            .shapes
            .iter()
            .filter(|clipped| matches!(clipped.shape, egui::Shape::CubicBezier(_)))
            .count()
    }

    #[test]
    fn the_arcs_of_the_relations_in_view_are_drawn_and_those_far_away_are_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let book = crate::synthetic::write_book(dir.path(), 100_000, 2_000, "perf")
            .expect("writes the book");
        let (mut app, ctx) = open_headless(&book.article, dir.path(), "perf");
        app.apply_command(
            &ctx,
            AppCommand::Relations(RelationCommand::SetShowRelations(true)),
        );
        let mut frame = 0;
        for place in [0, book.document.char_count() / 2] {
            app.article_view_mut().scroll_to(place);
            for _ in 0..3 {
                frame += 1;
                arcs_drawn(&mut app, &ctx, frame);
            }
            frame += 1;
            let drawn = arcs_drawn(&mut app, &ctx, frame);
            let blocks = book.document.blocks();
            let visible = app.article_view().visible_paragraphs();
            let laid_out = blocks[visible.start].chars.start..blocks[visible.end - 1].chars.end;
            let layer = app.session().expect("open").layer();
            let ends: Vec<(usize, usize)> = layer
                .relations()
                .iter()
                .filter_map(|relation| {
                    Some((
                        layer.get(relation.source)?.span.start,
                        layer.get(relation.target)?.span.start,
                    ))
                })
                .collect();
            let inside = ends
                .iter()
                .filter(|(from, to)| laid_out.contains(from) && laid_out.contains(to))
                .count();
            let not_away = ends
                .iter()
                .filter(|(from, to)| {
                    (*from).max(*to) >= laid_out.start && (*from).min(*to) < laid_out.end
                })
                .count();
            // Arcs with both ends in the text laid out can still be off screen (it reaches
            // past the window), so the test asks for some of them, and no more than could be.
            assert!(inside > 0, "the book has relations near {place}");
            assert!(drawn > 0, "no arc drawn near {place}");
            assert!(
                drawn <= not_away && not_away < ends.len(),
                "{drawn} arcs drawn near {place}, of {not_away} not far away and {} in all",
                ends.len()
            );
        }
    }
}
