//! The large-document paths of the real window, far down a generated 5 MB article with 20,000
//! annotations: a drag selects exactly the chars under the pointer, tagging there makes an
//! annotation with exactly that quote, and a click on a highlight selects the annotation drawn
//! there. (Speed is measured by `cargo bench --bench frames` and the perf_report example, not
//! asserted here.)

use closeread::app::CloseReadApp;
use closeread::model::{AnchorStatus, Span};
use closeread::synthetic::{BookOnDisk, write_book};
use closeread_gui_tests::{drag_select, harness, points_in_block};
use egui::Key;
use egui_kittest::Harness;

const ARTICLE_BYTES: usize = 5 * 1024 * 1024;
const ANNOTATIONS: usize = 20_000;

struct Book {
    _dir: tempfile::TempDir,
    book: BookOnDisk,
    harness: Harness<'static, CloseReadApp>,
}

fn open_book() -> Book {
    let dir = tempfile::tempdir().expect("temporary folder");
    let book = write_book(dir.path(), ARTICLE_BYTES, ANNOTATIONS, "tester").expect("the book");
    let mut harness = harness(closeread::app::StartOptions {
        article: Some(book.article.clone()),
        annotations_dir: Some(dir.path().to_path_buf()),
        analyst: Some("tester".to_owned()),
        settings_path: Some(dir.path().join("settings.ron")),
    });
    assert!(
        harness.state().is_opening(),
        "a 5 MB book opens off the UI thread"
    );
    harness.state_mut().wait_for_background_open();
    harness.run();
    let layer_len = harness.state().session().expect("open").layer().len();
    assert_eq!(layer_len, book.annotations.len(), "every annotation loaded");
    Book {
        _dir: dir,
        book,
        harness,
    }
}

/// A paragraph (not a heading) starting at least 95% of the way into the book, and five
/// words from its middle.
fn far_paragraph(book: &BookOnDisk) -> (usize, String) {
    let document = &book.document;
    let far = document.char_count() * 95 / 100;
    let (index, block) = document
        .blocks()
        .iter()
        .enumerate()
        .find(|(_, block)| {
            block.chars.start >= far && document.slice(block.chars.clone()).len() > 200
        })
        .expect("a long paragraph near the end");
    let words: Vec<&str> = document.slice(block.chars.clone()).split(' ').collect();
    let middle = words.len() / 2;
    (index, words[middle..middle + 5].join(" "))
}

#[test]
fn far_down_a_book_a_drag_selects_exactly_the_phrase_and_tagging_quotes_it() {
    let Book {
        _dir,
        book,
        mut harness,
    } = open_book();
    let (block_index, phrase) = far_paragraph(&book);
    let (from, to) = points_in_block(&mut harness, block_index, &phrase);
    drag_select(&mut harness, from, to);

    let document = &book.document;
    let block = &document.blocks()[block_index];
    let local = document
        .slice(block.chars.clone())
        .find(&phrase)
        .expect("phrase in its block");
    let start = document.char_offset(document.byte_offset(block.chars.start) + local);
    let expected = start..start + phrase.chars().count();
    let selection = harness.state().article_view().selection();
    assert_eq!(
        selection,
        Some(expected.clone()),
        "selected {phrase:?} exactly"
    );
    assert!(
        expected.start > document.char_count() * 9 / 10,
        "the phrase is far down"
    );

    harness.key_press(Key::Num2);
    harness.run();
    let app = harness.state();
    let layer = app.session().expect("open").layer();
    let created = app
        .selected_annotation()
        .and_then(|id| layer.get(id))
        .expect("the new annotation is selected");
    assert_eq!(created.tag.as_str(), "evidence");
    assert_eq!(created.span, Span::new(expected.start, expected.end));
    assert_eq!(created.quote.exact, phrase);
    assert_eq!(layer.len(), ANNOTATIONS + 1);
}

#[test]
fn far_down_a_book_a_click_on_a_highlight_selects_the_annotation_drawn_there() {
    let Book {
        _dir,
        book,
        mut harness,
    } = open_book();
    let document = &book.document;
    let far = document.char_count() * 95 / 100;
    let layer = harness.state().session().expect("open").layer().clone();
    // An annotation far down that no other covers at its first chars, inside one paragraph,
    // whose first chars occur first in that paragraph where it starts.
    let (target, block_index, first_chars) = layer
        .annotations()
        .iter()
        .filter(|annotation| annotation.span.start >= far)
        .filter(|annotation| annotation.status == AnchorStatus::Anchored)
        .find_map(|annotation| {
            let first_chars: String = annotation.quote.exact.chars().take(12).collect();
            let head = Span::new(annotation.span.start, annotation.span.start + 12);
            let alone = layer.overlapping(head).count() == 1;
            let block_index = document.block_index_at(annotation.span.start)?;
            let block = &document.blocks()[block_index];
            let inside = block.chars.end >= annotation.span.end;
            let local = document.byte_offset(annotation.span.start)
                - document.byte_offset(block.chars.start);
            let first_there = document.slice(block.chars.clone()).find(&first_chars) == Some(local);
            (alone && inside && first_there && annotation.span.len() > 12).then_some((
                annotation,
                block_index,
                first_chars,
            ))
        })
        .expect("an annotation standing alone at its start, far down");
    let (from, _) = points_in_block(&mut harness, block_index, &first_chars);
    assert_ne!(harness.state().selected_annotation(), Some(target.id));

    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    harness.drop_at(from);
    harness.run();
    assert_eq!(
        harness.state().selected_annotation(),
        Some(target.id),
        "the click at {} selected the annotation that starts there",
        target.span.start
    );
}

#[test]
fn an_idle_window_on_the_book_asks_for_no_repaint() {
    let Book {
        _dir,
        book,
        mut harness,
    } = open_book();
    // Far down the book, then left alone.
    let chars = book.document.char_count();
    harness
        .state_mut()
        .article_view_mut()
        .scroll_to(chars * 95 / 100);
    harness.run();
    harness.step();
    assert!(
        !harness.ctx.has_requested_repaint(),
        "nothing happens on the book, so nothing is redrawn"
    );
}

#[test]
fn far_down_a_book_the_reading_place_survives_the_pane_and_the_arcs_changing_the_width() {
    let Book {
        _dir,
        book,
        mut harness,
    } = open_book();
    let document = &book.document;
    let far = document.char_count() * 9 / 10;
    let target = book
        .annotations
        .iter()
        .filter(|annotation| annotation.span.start >= far)
        .min_by_key(|annotation| annotation.span.start)
        .expect("an annotation far down")
        .id;
    let layer = harness.state().session().expect("open").layer().clone();
    let span = layer.get(target).expect("loaded").span;
    let paragraph = document.block_index_at(span.start).expect("in a paragraph");
    let in_view = |harness: &Harness<'static, CloseReadApp>| {
        harness
            .state()
            .article_view()
            .visible_paragraphs()
            .contains(&paragraph)
    };

    // Selecting it from the pane scrolls to it; the pane then shows its editor and the
    // article's column narrows, which must not carry the view elsewhere.
    let ctx = harness.ctx.clone();
    harness.state_mut().apply_command(
        &ctx,
        closeread::app::AppCommand::SelectAnnotation {
            annotation_id: Some(target),
            scroll: true,
        },
    );
    harness.run();
    assert!(in_view(&harness), "the selected annotation is on screen");
    let shown = harness.state().article_view().visible_paragraphs();

    // Relation arcs widen the margin; the paragraphs on screen stay, and stay still.
    harness
        .state_mut()
        .apply_command(&ctx, closeread::app::AppCommand::SetShowRelations(true));
    harness.run();
    assert!(in_view(&harness), "still on screen with the arcs shown");
    for _ in 0..10 {
        harness.step();
    }
    assert!(in_view(&harness), "and it does not drift away");
    harness
        .state_mut()
        .apply_command(&ctx, closeread::app::AppCommand::SetShowRelations(false));
    harness.run();
    assert!(in_view(&harness), "still on screen with the arcs hidden");
    let back = harness.state().article_view().visible_paragraphs();
    assert!(
        back.start.abs_diff(shown.start) <= 1,
        "back where it was: {back:?} against {shown:?}"
    );
}
