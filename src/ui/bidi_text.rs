//! Text outside the article (the pane's excerpts and notes) in the order the Unicode bidi
//! algorithm gives, as in the article view: a Persian excerpt reads from the right and its
//! words are not reversed. Text with no right-to-left char goes to egui as it is.

use crate::model::bidi::{self, BidiParagraph, PieceKind};
use crate::model::direction::TextDirection;
use egui::Ui;
use egui::text::{LayoutJob, TextFormat};

/// The bidi analysis of `text`, with stand-ins for chars the fonts lack.
fn analysed(ui: &Ui, text: &str, format: &TextFormat) -> BidiParagraph {
    let font = format.font_id.clone();
    ui.ctx().fonts_mut(|fonts| {
        BidiParagraph::new(text, TextDirection::Auto, &mut |c| {
            crate::ui::article_view::bidi_layout::stand_in(fonts, &font, c)
        })
    })
}

/// A job for one row of `text` in visual order, at most `max_width` wide: each piece a
/// section of its own, so that the shaper reverses only the right-to-left words themselves.
/// Text that does not fit is cut at its logical end with "…" (so a right-to-left excerpt
/// keeps its start, at the right). Hard line breaks become spaces.
pub(crate) fn one_row_job(ui: &Ui, text: String, format: TextFormat, max_width: f32) -> LayoutJob {
    if !bidi::may_need_reordering(&text, TextDirection::Auto) {
        let mut job = LayoutJob::single_section(text, format);
        job.wrap.max_rows = 1;
        job.wrap.max_width = max_width;
        return job;
    }
    let paragraph = analysed(ui, &text, &format);
    let pieces = paragraph.pieces();
    // The first `count` pieces in visual order, with "…" after them when cut.
    let job_of = |count: usize| -> LayoutJob {
        let mut job = LayoutJob::default();
        let cut = count < pieces.len();
        let mut order = paragraph.visual_order(0..count);
        if cut {
            // The ellipsis stands where the text goes on: after the last piece kept, in
            // the paragraph's direction.
            if paragraph.is_right_to_left() {
                order.insert(0, usize::MAX);
            } else {
                order.push(usize::MAX);
            }
        }
        for index in order {
            let display = match pieces.get(index) {
                None => "…",
                Some(piece) if piece.kind == PieceKind::Break => " ",
                Some(piece) => piece.display.as_str(),
            };
            job.append(display, 0.0, format.clone());
        }
        job
    };
    let width = |job: LayoutJob| ui.fonts_mut(|fonts| fonts.layout_job(job).size().x);
    if width(job_of(pieces.len())) <= max_width {
        return job_of(pieces.len());
    }
    // The most pieces that fit with the ellipsis.
    let (mut fits, mut too_many) = (0, pieces.len());
    while too_many - fits > 1 {
        let middle = (fits + too_many) / 2;
        if width(job_of(middle)) <= max_width {
            fits = middle;
        } else {
            too_many = middle;
        }
    }
    job_of(fits)
}

/// A wrapped label of `text` as wide as the space left; a right-to-left text is right-aligned
/// and its lines laid out by the bidi algorithm.
pub(crate) fn label(ui: &mut Ui, text: &str, format: TextFormat) -> egui::Response {
    if !bidi::may_need_reordering(text, TextDirection::Auto) {
        let job = LayoutJob::single_section(text.to_owned(), format);
        return ui.label(job);
    }
    let paragraph = analysed(ui, text, &format);
    let width = ui.available_width().max(40.0);
    let layout =
        crate::ui::article_view::bidi_layout::lay_out(ui, &paragraph, &format, width, width);
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(width, layout.height()), egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    if ui.is_rect_visible(rect) {
        for placed in &layout.galleys {
            ui.painter().galley(
                rect.min + placed.offset,
                placed.galley.clone(),
                format.color,
            );
        }
    }
    response
}
