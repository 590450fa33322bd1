//! The overview strip beside the article: where each tag's annotations lie in the whole
//! article, one column per tag, with the part in view outlined and find's matches ticked. A
//! click or a drag jumps there.
//!
//! Positions are proportional to char offsets (the article's real height is only known for
//! the paragraphs laid out). The strip draws density, not every mark: each pixel row of a
//! column is shaded by how many annotations fall in it (relative to the busiest row), so a
//! book's 20,000 annotations or 7,000 find matches show where they gather instead of a solid
//! block. The counts are made once, then follow each edit's changes; equal shades are merged
//! into runs.

use crate::command::AppCommand;
use crate::model::{Annotation, LayerChange, TagId};
use crate::session::ReadingSession;
use crate::ui::theme;
use egui::{Rect, Sense, Ui, pos2, vec2};
use std::collections::HashSet;
use std::ops::Range;

/// Width of the strip, in points.
pub(crate) const STRIP_WIDTH: f32 = 30.0;

#[derive(Default)]
pub(crate) struct OverviewCache {
    /// The layer revision the counts are up to date with.
    revision: Option<u64>,
    /// Hidden tags, strip height and article length the counts were made for (a change of
    /// any counts afresh).
    key: Option<(Vec<TagId>, u32, usize)>,
    /// Per shown tag: its id and its annotations per pixel row.
    counts: Vec<(TagId, Vec<u32>)>,
    /// Per shown tag: its colour and its runs of rows `[top, bottom)` with their shade.
    columns: Vec<(egui::Color32, Vec<ShadedRun>)>,
    /// Find's matches: the search (and strip size and article length) they were counted for,
    /// and their shaded runs.
    matches_key: Option<((u64, bool), u32, usize)>,
    match_runs: Vec<ShadedRun>,
    /// The runs and ticks as one mesh (thousands of rectangles in a book: one shape
    /// tessellates far faster than each on its own), for the rectangle and runs it was built
    /// for.
    mesh: Option<(MeshKey, std::sync::Arc<egui::Mesh>)>,
    /// Bumped whenever the runs or the ticks change.
    runs_generation: u64,
}

/// The strip's rectangle, tick colour and [`OverviewCache::runs_generation`] a mesh was built
/// for.
type MeshKey = ([u32; 4], egui::Color32, u64);

/// Rows `[top, bottom)` (in points from the strip's top) drawn at one shade (0–1].
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ShadedRun {
    pub rows: Range<f32>,
    pub shade: f32,
}

/// Shades a run can take: fewer levels merge into fewer rectangles.
const SHADES: f32 = 6.0;

/// Turns counts per pixel row into runs of equal shade. A row with any count is at least
/// faintly shaded; the busiest row is full strength.
pub(crate) fn shaded_runs(counts: &[u32]) -> Vec<ShadedRun> {
    let busiest = counts.iter().copied().max().unwrap_or(0);
    let mut runs: Vec<ShadedRun> = Vec::new();
    if busiest == 0 {
        return runs;
    }
    for (row, &count) in counts.iter().enumerate() {
        if count == 0 {
            continue;
        }
        // Square root: a row with a quarter of the busiest one's marks is half as strong.
        let level = ((count as f32 / busiest as f32).sqrt() * SHADES)
            .ceil()
            .max(1.0);
        let shade = level / SHADES;
        let top = row as f32;
        match runs.last_mut() {
            Some(last) if last.rows.end >= top && last.shade == shade => last.rows.end = top + 1.0,
            _ => runs.push(ShadedRun {
                rows: top..top + 1.0,
                shade,
            }),
        }
    }
    runs
}

/// Adds one to every pixel row that `[top, bottom)` touches.
fn count_rows(counts: &mut [u32], top: f32, bottom: f32) {
    for count in rows_touched(counts, top, bottom) {
        *count += 1;
    }
}

/// The pixel rows that `[top, bottom)` touches (at least one).
fn rows_touched(counts: &mut [u32], top: f32, bottom: f32) -> &mut [u32] {
    let last = counts.len().saturating_sub(1);
    let first = (top.max(0.0) as usize).min(last);
    let end = (bottom.ceil().max(top + 1.0) as usize)
        .min(counts.len())
        .max(first + 1);
    &mut counts[first..end]
}

pub(crate) struct OverviewInput<'a> {
    /// The own layer, and what changed in it from one revision to the next.
    pub session: &'a ReadingSession,
    pub hidden_tags: &'a HashSet<TagId>,
    /// The chars in view, to outline.
    pub in_view: Range<usize>,
    /// Find's matches, marked across the strip.
    pub find_matches: &'a [crate::model::Span],
    /// Which search `find_matches` comes from (see `FindState::matches_generation`).
    pub find_generation: (u64, bool),
    pub dark_mode: bool,
}

impl OverviewInput<'_> {
    /// The article's length, which the strip's height stands for.
    fn char_count(&self) -> usize {
        self.session.document.char_count()
    }
}

impl OverviewCache {
    /// Brings the counts up to date with the layer (following its changes when they are
    /// known) and shades the columns whose counts changed.
    fn refresh(&mut self, input: &OverviewInput<'_>, height: f32) {
        let mut hidden: Vec<TagId> = input.hidden_tags.iter().cloned().collect();
        hidden.sort();
        let key = Some((hidden, height as u32, input.char_count()));
        let session = input.session;
        if self.key == key && self.revision == Some(session.revision()) {
            return;
        }
        let scale = height / input.char_count().max(1) as f32;
        let changes = match self.revision {
            Some(revision) if self.key == key => session.changes_since(revision),
            _ => None,
        };
        let changed_columns: Vec<usize> = match changes {
            Some(changes) => {
                let mut changed = Vec::new();
                for change in changes {
                    let step = match change {
                        LayerChange::Removed { .. } => -1,
                        LayerChange::Inserted { .. } => 1,
                    };
                    if let Some(column) = self.add_annotation(change.annotation(), scale, step)
                        && !changed.contains(&column)
                    {
                        changed.push(column);
                    }
                }
                changed
            }
            None => {
                self.count_afresh(input, height, scale);
                (0..self.counts.len()).collect()
            }
        };
        for column in changed_columns {
            if let (Some((_, counts)), Some((_, runs))) =
                (self.counts.get(column), self.columns.get_mut(column))
            {
                *runs = shaded_runs(counts);
            }
        }
        self.runs_generation += 1;
        self.key = key;
        self.revision = Some(session.revision());
    }

    /// Counts every placed annotation of the shown tags.
    fn count_afresh(&mut self, input: &OverviewInput<'_>, height: f32, scale: f32) {
        let layer = input.session.layer();
        let tags: Vec<&crate::model::TagDef> = layer
            .tag_set
            .tags
            .iter()
            .filter(|tag| !input.hidden_tags.contains(&tag.id))
            .collect();
        let rows = height.max(1.0).ceil() as usize;
        self.counts = tags
            .iter()
            .map(|tag| (tag.id.clone(), vec![0u32; rows]))
            .collect();
        self.columns = tags
            .iter()
            .map(|tag| (theme::colour(tag.colour), Vec::new()))
            .collect();
        for annotation in layer.annotations() {
            self.add_annotation(annotation, scale, 1);
        }
    }

    /// Adds `step` (1 or -1) to the rows of the annotation's column; returns the column, if
    /// the annotation is placed and its tag shown.
    fn add_annotation(&mut self, annotation: &Annotation, scale: f32, step: i32) -> Option<usize> {
        if !annotation.is_placed() {
            return None;
        }
        let column = self
            .counts
            .iter()
            .position(|(tag, _)| *tag == annotation.tag)?;
        let top = annotation.span.start as f32 * scale;
        // At least two points tall, so that a short quote in a book still shows.
        let bottom = (annotation.span.end as f32 * scale).max(top + 2.0);
        for count in rows_touched(&mut self.counts[column].1, top, bottom) {
            *count = count.saturating_add_signed(step);
        }
        Some(column)
    }

    /// The columns' runs and find's ticks in `rect` (the runs in `inner`), as one mesh.
    fn mesh(&mut self, rect: Rect, inner: Rect, tick: egui::Color32) -> std::sync::Arc<egui::Mesh> {
        let bits = [rect.left(), rect.top(), rect.right(), rect.bottom()].map(f32::to_bits);
        let key = (bits, tick, self.runs_generation);
        if let Some((built_for, mesh)) = &self.mesh
            && *built_for == key
        {
            return mesh.clone();
        }
        let mut mesh = egui::Mesh::default();
        let column_width = inner.width() / self.columns.len().max(1) as f32;
        for (index, (colour, runs)) in self.columns.iter().enumerate() {
            let left = inner.left() + index as f32 * column_width;
            for run in runs {
                mesh.add_colored_rect(
                    Rect::from_min_max(
                        pos2(left + 0.5, inner.top() + run.rows.start),
                        pos2(left + column_width - 0.5, inner.top() + run.rows.end),
                    ),
                    colour.gamma_multiply(run.shade),
                );
            }
        }
        for run in &self.match_runs {
            // Ticks across the strip, as strong as the matches are many there.
            mesh.add_colored_rect(
                Rect::from_min_max(
                    pos2(rect.left(), inner.top() + run.rows.start),
                    pos2(
                        rect.right(),
                        inner.top() + run.rows.end.max(run.rows.start + 1.5),
                    ),
                ),
                tick.gamma_multiply(run.shade),
            );
        }
        let mesh = std::sync::Arc::new(mesh);
        self.mesh = Some((key, mesh.clone()));
        mesh
    }

    /// Counts find's matches per pixel row, once per search.
    fn refresh_matches(&mut self, input: &OverviewInput<'_>, height: f32) {
        let key = Some((input.find_generation, height as u32, input.char_count()));
        if self.matches_key == key {
            return;
        }
        let scale = height / input.char_count().max(1) as f32;
        let mut counts = vec![0u32; height.max(1.0).ceil() as usize];
        for span in input.find_matches {
            let top = span.start as f32 * scale;
            count_rows(&mut counts, top, top + 1.0);
        }
        self.match_runs = shaded_runs(&counts);
        self.runs_generation += 1;
        self.matches_key = key;
    }
}

/// Draws the strip; returns a jump to the char offset clicked.
pub(crate) fn overview_strip_ui(
    ui: &mut Ui,
    cache: &mut OverviewCache,
    input: &OverviewInput<'_>,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let (rect, response) = ui.allocate_exact_size(
        vec2(STRIP_WIDTH, ui.available_height()),
        Sense::click_and_drag(),
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::ScrollBar,
            true,
            "Overview of the annotations: click to jump there",
        )
    });
    let inner = rect.shrink2(vec2(3.0, 4.0));
    cache.refresh(input, inner.height());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
    cache.refresh_matches(input, inner.height());
    let scale = inner.height() / input.char_count().max(1) as f32;
    let tick = theme::find_match_outline(input.dark_mode);
    painter.add(egui::Shape::Mesh(cache.mesh(rect, inner, tick)));
    let view = Rect::from_min_max(
        pos2(
            rect.left() + 1.0,
            inner.top() + input.in_view.start as f32 * scale,
        ),
        pos2(
            rect.right() - 1.0,
            (inner.top() + input.in_view.end as f32 * scale)
                .max(inner.top() + input.in_view.start as f32 * scale + 4.0),
        ),
    );
    painter.rect_stroke(
        view,
        2.0,
        egui::Stroke::new(1.5, ui.visuals().strong_text_color()),
        egui::StrokeKind::Inside,
    );
    if (response.clicked() || response.dragged())
        && let Some(pos) = response.interact_pointer_pos()
    {
        let fraction = ((pos.y - inner.top()) / inner.height()).clamp(0.0, 1.0);
        commands.push(AppCommand::JumpTo(
            (fraction * input.char_count() as f32) as usize,
        ));
    }
    response.on_hover_text("Where each tag's annotations are, one column per tag; click to jump");
    commands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_shaded_by_how_many_fall_in_them() {
        let runs = shaded_runs(&[0, 1, 1, 4, 4, 0, 16]);
        let shade_at = |row: f32| {
            runs.iter()
                .find(|run| run.rows.contains(&row))
                .map(|run| run.shade)
        };
        assert_eq!(shade_at(0.0), None, "an empty row is not drawn");
        assert_eq!(shade_at(6.0), Some(1.0), "the busiest row is full strength");
        let one = shade_at(1.0).expect("drawn");
        let four = shade_at(3.0).expect("drawn");
        assert!(0.0 < one && one < four && four < 1.0, "{one} {four}");
        assert_eq!(runs.len(), 3, "equal neighbours merge: {runs:?}");
    }

    #[test]
    fn a_crowded_strip_is_not_one_solid_block() {
        // 7,000 marks gathered in two places of a 600-row strip, a few elsewhere.
        let mut counts = vec![0u32; 600];
        for mark in 0..7000u32 {
            let row = if mark % 10 == 0 {
                mark as usize % 600
            } else {
                100 + (mark as usize % 2) * 300
            };
            count_rows(&mut counts, row as f32, row as f32 + 1.0);
        }
        let runs = shaded_runs(&counts);
        let full = runs
            .iter()
            .filter(|run| run.shade == 1.0)
            .map(|run| run.rows.end - run.rows.start)
            .sum::<f32>();
        let faint = runs.iter().filter(|run| run.shade < 0.5).count();
        assert!(
            full <= 2.0,
            "only the two gathering places are full strength: {full}"
        );
        assert!(faint > 0, "the scattered marks are faint");
    }

    proptest::proptest! {
        /// Counts kept up to date edit by edit equal counts made afresh, and so do the shades.
        #[test]
        fn followed_changes_give_what_counting_afresh_gives(
            steps in crate::session::test_support::steps(),
            hide_claims in proptest::prelude::any::<bool>(),
        ) {
            use crate::session::test_support::{session_in, take_step};
            let dir = tempfile::tempdir().expect("temp dir");
            let mut session = session_in(dir.path());
            let mut hidden = HashSet::new();
            if hide_claims {
                hidden.insert(TagId::new("claim"));
            }
            let mut kept = OverviewCache::default();
            for step in steps {
                take_step(&mut session, step);
                let input = OverviewInput {
                    session: &session,
                    hidden_tags: &hidden,
                    in_view: 0..10,
                    find_matches: &[],
                    find_generation: (0, false),
                    dark_mode: false,
                };
                kept.refresh(&input, 40.0);
                let mut fresh = OverviewCache::default();
                fresh.refresh(&input, 40.0);
                proptest::prop_assert_eq!(&kept.counts, &fresh.counts);
                proptest::prop_assert_eq!(&kept.columns, &fresh.columns);
            }
        }
    }
}
