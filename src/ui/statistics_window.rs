//! The statistics window (Ctrl+I): bar charts of the annotations per tag, per analyst and per
//! section, stacked by tag, with the numbers beside them.

use crate::model::TagSet;
use crate::team::statistics::{CountRow, Statistics};
use crate::ui::theme;
use egui_plot::{Bar, BarChart, Plot};

/// Draws the window; returns whether it stays open.
pub(crate) fn statistics_window_ui(
    ctx: &egui::Context,
    stats: &Statistics,
    tag_set: &TagSet,
) -> bool {
    let mut open = true;
    egui::Window::new("Statistics")
        .open(&mut open)
        .default_size([720.0, 640.0])
        .show(ctx, |ui| {
            let colours: Vec<egui::Color32> = stats
                .tags
                .iter()
                .map(|(tag, _)| {
                    tag_set
                        .get(tag)
                        .map_or(theme::UNKNOWN_TAG_COLOUR, |def| theme::colour(def.colour))
                })
                .collect();
            egui::ScrollArea::vertical().show(ui, |ui| {
                if let Some(own) = stats.per_analyst.first() {
                    ui.heading(format!("Per tag — {}", own.name));
                    counts_line_ui(ui, stats, own);
                    // One bar per tag, each in its colour.
                    let per_tag: Vec<CountRow> = stats
                        .tags
                        .iter()
                        .enumerate()
                        .map(|(index, (_, label))| CountRow {
                            name: label.clone(),
                            per_tag: (0..stats.tags.len())
                                .map(|other| {
                                    if other == index {
                                        own.per_tag[index]
                                    } else {
                                        0
                                    }
                                })
                                .collect(),
                        })
                        .collect();
                    let height = 60.0 + 30.0 * per_tag.len() as f32;
                    stacked_chart_ui(ui, "stats-per-tag", stats, &per_tag, &colours, height);
                }
                ui.separator();
                ui.heading("Per analyst");
                for row in &stats.per_analyst {
                    counts_line_ui(ui, stats, row);
                }
                let height = 60.0 + 34.0 * stats.per_analyst.len() as f32;
                stacked_chart_ui(
                    ui,
                    "stats-per-analyst",
                    stats,
                    &stats.per_analyst,
                    &colours,
                    height,
                );
                ui.separator();
                ui.heading(if stats.sections_are_headings {
                    "Per section (own annotations)"
                } else {
                    "Per tenth of the article (it has no headings; own annotations)"
                });
                let height = 60.0 + 26.0 * stats.per_section.len() as f32;
                stacked_chart_ui(
                    ui,
                    "stats-per-section",
                    stats,
                    &stats.per_section,
                    &colours,
                    height,
                );
                // The chart's numbers as text too, for screen readers and copying.
                egui::CollapsingHeader::new("The numbers per section")
                    .id_salt("stats-section-table")
                    .show(ui, |ui| counts_table_ui(ui, stats, &stats.per_section));
            });
        });
    open
}

/// "Claim 12 · Evidence 9 · Recommendation 4 — 25 in all".
fn counts_line_ui(ui: &mut egui::Ui, stats: &Statistics, row: &CountRow) {
    let counts: Vec<String> = stats
        .tags
        .iter()
        .zip(&row.per_tag)
        .map(|((_, label), count)| format!("{label} {count}"))
        .collect();
    ui.label(format!(
        "{}: {} — {} in all",
        row.name,
        counts.join(" · "),
        row.total()
    ));
}

/// A table of counts: one row per section, one column per tag, and the total.
fn counts_table_ui(ui: &mut egui::Ui, stats: &Statistics, rows: &[CountRow]) {
    egui::Grid::new("stats-table").striped(true).show(ui, |ui| {
        ui.strong("Section");
        for (_, label) in &stats.tags {
            ui.strong(label);
        }
        ui.strong("All");
        ui.end_row();
        for row in rows {
            ui.label(&row.name);
            for count in &row.per_tag {
                ui.label(count.to_string());
            }
            ui.label(row.total().to_string());
            ui.end_row();
        }
    });
}

/// The tags' colours with their names, in a row above a chart.
fn legend_ui(ui: &mut egui::Ui, stats: &Statistics, colours: &[egui::Color32]) {
    ui.horizontal_wrapped(|ui| {
        for (index, (_, label)) in stats.tags.iter().enumerate() {
            let colour = colours
                .get(index)
                .copied()
                .unwrap_or(theme::UNKNOWN_TAG_COLOUR);
            crate::ui::team_panel::swatch(ui, colour);
            ui.label(label);
            ui.add_space(8.0);
        }
    });
}

/// Horizontal bars, one per row, each stacked by tag; the rows' names on the left axis.
fn stacked_chart_ui(
    ui: &mut egui::Ui,
    id: &str,
    stats: &Statistics,
    rows: &[CountRow],
    colours: &[egui::Color32],
    height: f32,
) {
    let names: Vec<String> = rows.iter().map(|row| row.name.clone()).collect();
    // The first row at the top: rows go down from y = count - 1.
    let y_of = |index: usize| (rows.len() - 1 - index) as f64;
    let mut charts: Vec<BarChart> = Vec::new();
    for (tag_index, (_, label)) in stats.tags.iter().enumerate() {
        let bars: Vec<Bar> = rows
            .iter()
            .enumerate()
            .map(|(row_index, row)| {
                Bar::new(y_of(row_index), row.per_tag[tag_index] as f64)
                    .name(format!("{} — {label}", row.name))
                    .width(0.7)
            })
            .collect();
        let mut chart = BarChart::new(label.clone(), bars)
            .color(
                colours
                    .get(tag_index)
                    .copied()
                    .unwrap_or(theme::UNKNOWN_TAG_COLOUR),
            )
            .horizontal();
        let below: Vec<&BarChart> = charts.iter().collect();
        if !below.is_empty() {
            chart = chart.stack_on(&below);
        }
        charts.push(chart);
    }
    let row_count = rows.len();
    let longest = rows.iter().map(CountRow::total).max().unwrap_or(0) as f64;
    // The legend is drawn above the chart, never over its bars.
    legend_ui(ui, stats, colours);
    Plot::new(id)
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_grid([true, false])
        .include_x(0.0)
        .include_x((longest * 1.05).max(1.0))
        .y_axis_formatter(move |mark, _range| {
            let index = mark.value.round();
            if (mark.value - index).abs() > 1e-6 || index < 0.0 || index as usize >= row_count {
                return String::new();
            }
            names
                .get(row_count - 1 - index as usize)
                .cloned()
                .unwrap_or_default()
        })
        .x_axis_label("annotations")
        .show(ui, |plot_ui| {
            for chart in charts {
                plot_ui.bar_chart(chart);
            }
        });
}
