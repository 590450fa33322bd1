//! The pane's lists: the orphaned annotations, and every annotation (filtered by tag and by
//! the pane's search), one row each, drawn only where they are in view.

use super::summary::LayerSummary;
use super::{PaneInput, PaneState};
use crate::command::AppCommand;
use crate::model::{AnchorStatus, Annotation, one_line_excerpt};
use crate::ui::theme;
use egui::{RichText, Ui};

/// Annotations whose text is no longer in the article: kept, listed apart, re-attachable.
pub(super) fn orphans_ui(
    ui: &mut Ui,
    input: &PaneInput<'_>,
    summary: &LayerSummary,
    commands: &mut Vec<AppCommand>,
) {
    let annotations = input.session.layer().annotations();
    let orphans: Vec<&Annotation> = summary
        .orphans
        .iter()
        .filter_map(|&index| annotations.get(index))
        .collect();
    if orphans.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(
        RichText::new(format!("Orphans ({})", orphans.len())).color(ui.visuals().error_fg_color),
    )
    .id_salt("orphans")
    .default_open(true)
    .show(ui, |ui| {
        ui.weak("Their text is no longer in the article. Select an orphan, select its new text, and choose Re-attach to selection.");
        egui::ScrollArea::vertical()
            .id_salt("orphan-list")
            .max_height(160.0)
            .show(ui, |ui| {
                for orphan in orphans {
                    let selected = input.selected_annotation == Some(orphan.id);
                    let label = format!(
                        "{} “{}” — {}",
                        theme::tag_label(input.session.tag_set(), &orphan.tag),
                        one_line_excerpt(&orphan.quote.exact, 50),
                        one_line_excerpt(&orphan.note, 40)
                    );
                    if ui.selectable_label(selected, label).clicked() {
                        commands.push(AppCommand::SelectAnnotation {
                            annotation_id: Some(orphan.id),
                            scroll: false,
                        });
                    }
                }
            });
    });
    ui.separator();
}

pub(super) fn annotation_list_ui(
    ui: &mut Ui,
    state: &mut PaneState,
    input: &PaneInput<'_>,
    commands: &mut Vec<AppCommand>,
) {
    let annotations = input.session.layer().annotations();
    let shown = &state.summary.listed;
    if shown.is_empty() {
        ui.weak("No annotations yet. Select a passage and press 1, 2 or 3.");
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0
        + ui.spacing().item_spacing.y * 2.0
        + 4.0;
    let mut scroll_area = egui::ScrollArea::vertical()
        .id_salt("annotation-list")
        .auto_shrink([false, false]);
    if input.selected_annotation != state.listed_selection {
        state.listed_selection = input.selected_annotation;
        state.follow_frames = 3;
    }
    if state.follow_frames > 0 {
        state.follow_frames -= 1;
        ui.ctx().request_repaint();
        // `shown` holds layer indices in ascending order.
        let row = input
            .selected_annotation
            .and_then(|id| input.session.layer().position(id))
            .and_then(|index| shown.binary_search(&index).ok());
        if let Some(row) = row {
            // `show_rows` puts item spacing between rows.
            let stride = row_height + ui.spacing().item_spacing.y;
            let row_top = row as f32 * stride;
            let visible =
                state.list_scroll_offset..state.list_scroll_offset + state.list_viewport_height;
            if !visible.contains(&row_top) || !visible.contains(&(row_top + row_height)) {
                scroll_area = scroll_area
                    .vertical_scroll_offset((row_top - state.list_viewport_height / 3.0).max(0.0));
            }
        }
    }
    if let Some(view) = &input.article_in_view
        && state.follow_frames == 0
        && state.followed_view != Some(view.start)
        && view.end > view.start
    {
        // The article moved: the list shows what is in view (the selected annotation if it
        // is there, else the first one in view).
        state.followed_view = Some(view.start);
        let selected_row = input
            .selected_annotation
            .and_then(|id| input.session.layer().position(id))
            .filter(|&index| view.contains(&annotations[index].span.start))
            .and_then(|index| shown.binary_search(&index).ok());
        let row = selected_row.unwrap_or_else(|| {
            shown.partition_point(|&index| annotations[index].span.start < view.start)
        });
        let stride = row_height + ui.spacing().item_spacing.y;
        let row_top = row.min(shown.len().saturating_sub(1)) as f32 * stride;
        let visible =
            state.list_scroll_offset..state.list_scroll_offset + state.list_viewport_height;
        if !visible.contains(&row_top) || !visible.contains(&(row_top + row_height)) {
            scroll_area = scroll_area.vertical_scroll_offset(row_top);
        }
    }
    let output = scroll_area.show_rows(ui, row_height, shown.len(), |ui, rows| {
        for annotation in shown[rows]
            .iter()
            .filter_map(|&index| annotations.get(index))
        {
            annotation_row_ui(ui, input, annotation, row_height, commands);
        }
    });
    state.list_scroll_offset = output.state.clamped_offset().y;
    state.list_viewport_height = output.inner_rect.height();
}

/// "¶12 in “Heading” · " for a list row (headings cut short).
pub(super) fn place_text(location: &crate::model::Location) -> String {
    let section = location
        .section
        .as_deref()
        .map(|heading| format!(" in “{}”", one_line_excerpt(heading, 28)));
    let page = location
        .page
        .map(|page| format!("p. {page}, "))
        .unwrap_or_default();
    match (location.paragraph, section) {
        (Some(paragraph), section) => {
            format!("{page}¶{paragraph}{} · ", section.unwrap_or_default())
        }
        (None, Some(section)) => format!("{page}heading{section} · "),
        (None, None) => String::new(),
    }
}

pub(super) fn annotation_row_ui(
    ui: &mut Ui,
    input: &PaneInput<'_>,
    annotation: &Annotation,
    row_height: f32,
    commands: &mut Vec<AppCommand>,
) {
    let tag_set = input.session.tag_set();
    let colour = theme::tag_colour(tag_set, &annotation.tag);
    let marker = match annotation.status {
        AnchorStatus::Anchored => "",
        AnchorStatus::Relocated => "⚠ relocated · ",
        AnchorStatus::Orphaned => "⚠ orphaned · ",
    };
    let tag_text = format!("{marker}{} ", theme::tag_label(tag_set, &annotation.tag));
    let excerpt = format!("“{}”", one_line_excerpt(&annotation.quote.exact, 60));
    let note = if annotation.note.is_empty() {
        "(no note)".to_owned()
    } else {
        one_line_excerpt(&annotation.note, 60)
    };
    // Where it is, so that rows with the same excerpt (every "Iran") can be told apart.
    let place = if annotation.is_placed() {
        place_text(&input.session.document.location(annotation.span.start))
    } else {
        String::new()
    };
    let second_line = format!("{place}{note} · {}", annotation.analyst);

    let selected = input.selected_annotation == Some(annotation.id);
    let size = egui::vec2(
        ui.available_width(),
        row_height - ui.spacing().item_spacing.y,
    );
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    let accessible_label = format!("{tag_text}{excerpt} {second_line}");
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::Button, true, selected, &accessible_label)
    });
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact_selectable(&response, selected);
        if selected || response.hovered() || response.has_focus() {
            ui.painter().rect_filled(rect, 3.0, visuals.weak_bg_fill);
        }
        // A bar in the tag's colour, so that the tag does not rest on colour alone in the text.
        let bar = egui::Rect::from_min_size(rect.min, egui::vec2(4.0, rect.height()));
        ui.painter().rect_filled(bar, 1.0, colour);

        // Three galleys laid out without a colour and painted in the row's, so that
        // selecting or hovering a row lays nothing out anew, and rows of one tag share their
        // label's.
        let body = egui::TextStyle::Body.resolve(ui.style());
        let row_background = if selected || response.hovered() || response.has_focus() {
            theme::composite(visuals.weak_bg_fill, ui.visuals().panel_fill)
        } else {
            ui.visuals().panel_fill
        };
        let text_left = rect.left() + 10.0;
        let max_width = rect.width() - 14.0;
        let one_row = |text: String, max_width: f32| {
            // Persian or Arabic in the excerpt or the note reads in bidi order.
            let job = crate::ui::bidi_text::one_row_job(
                ui,
                text,
                egui::TextFormat::simple(body.clone(), egui::Color32::PLACEHOLDER),
                max_width,
            );
            ui.painter().layout_job(job)
        };
        let tag_galley = one_row(tag_text, max_width);
        let excerpt_galley = one_row(excerpt, (max_width - tag_galley.size().x).max(0.0));
        let note_galley = one_row(second_line, max_width);
        let first_top = rect.top() + 2.0;
        let second_top = first_top + tag_galley.size().y.max(excerpt_galley.size().y);
        let excerpt_left = text_left + tag_galley.size().x;
        ui.painter().galley(
            egui::pos2(text_left, first_top),
            tag_galley,
            theme::readable_on(colour, row_background),
        );
        ui.painter().galley(
            egui::pos2(excerpt_left, first_top),
            excerpt_galley,
            theme::readable_on(visuals.text_color(), row_background),
        );
        ui.painter().galley(
            egui::pos2(text_left, second_top),
            note_galley,
            theme::readable_on(ui.visuals().weak_text_color(), row_background),
        );
    }
    if response.clicked() {
        commands.push(AppCommand::SelectAnnotation {
            annotation_id: Some(annotation.id),
            scroll: true,
        });
    }
}
