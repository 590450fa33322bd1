//! Right-to-left text in the real window: a Persian paragraph with Latin and digits, an
//! English line with an Arabic-script run, and a plain English paragraph, written for these
//! tests. Checked from what is drawn: each row's glyphs in the order the Unicode bidi
//! algorithm gives (computed here with `unicode-bidi` from the row's text, not by the app's
//! own code), right alignment, double-click and drag selecting logical ranges, the caret
//! moving on screen with ← and →, Home and End, and the per-article direction.

use closeread::app::AppCommand;
use closeread::app::{CloseReadApp, StartOptions};
use closeread::model::Document;
use egui::{Key, Modifiers, Pos2, Rect};
use egui_kittest::Harness;

/// Persian, with a Latin acronym in brackets, Western and Persian digits, a zero-width
/// non-joiner (بین‌المللی) and ۀ (U+06C0), which the bundled fonts draw by its decomposition.
const PERSIAN: &str = "گزارش تازهٔ آژانس بین‌المللی انرژی اتمی (IAEA) در سال 2019 نشان داد که ذخیرهٔ اورانیوم غنی‌شدهٔ ایران به ۴۵۰ کیلوگرم رسیده است. خانۀ کوچک کارشناسان در وین هر سه ماه یک‌بار گزارشی منتشر می‌کند و دولت‌ها آن را با دقت می‌خوانند، زیرا هر عدد در آن می‌تواند نشانهٔ تغییری در سیاست باشد.";
const MIXED: &str = "Also available in العربية فارسی and in English.";
/// Persian alone: no Latin letter and no digit.
const PERSIAN_ONLY: &str = "این بند فقط فارسی است و هیچ حرف لاتین یا عددی در آن نیست، تا ترتیب واژه‌ها از راست به چپ دیده شود و سطرهایش از لبهٔ راست آغاز شوند.";
const ENGLISH: &str = "A plain English paragraph, with nothing in it to reorder.";

struct BidiFixture {
    _dir: tempfile::TempDir,
    options: StartOptions,
    article: std::path::PathBuf,
}

fn fixture() -> BidiFixture {
    let dir = tempfile::tempdir().expect("temporary folder");
    let article = dir.path().join("editions.txt");
    std::fs::write(
        &article,
        format!("{PERSIAN}\n\n{MIXED}\n\n{ENGLISH}\n\n{PERSIAN_ONLY}\n"),
    )
    .expect("article");
    let annotations = dir.path().join("annotations");
    std::fs::create_dir_all(&annotations).expect("annotations folder");
    let options = StartOptions {
        article: Some(article.clone()),
        annotations_dir: Some(annotations),
        analyst: Some("tester".to_owned()),
        settings_path: Some(dir.path().join("settings.ron")),
    };
    BidiFixture {
        _dir: dir,
        options,
        article,
    }
}

/// The fixture article open in the real window, and its document.
fn opened() -> (BidiFixture, Harness<'static, CloseReadApp>, Document) {
    let fixture = fixture();
    let mut harness = closeread_gui_tests::harness(fixture.options.clone());
    harness.run();
    let document = document(&harness);
    (fixture, harness, document)
}

/// Whether paragraph `block` was laid out right to left, in the last frame.
fn right_to_left(harness: &Harness<'_, CloseReadApp>, block: usize) -> Option<bool> {
    harness
        .state()
        .article_view()
        .paragraph_is_right_to_left(block)
}

fn document(harness: &Harness<'_, CloseReadApp>) -> Document {
    harness
        .state()
        .session()
        .expect("an article is open")
        .document
        .clone()
}

fn block_of(document: &Document, text: &str) -> usize {
    document
        .blocks()
        .iter()
        .position(|block| document.slice(block.chars.clone()) == text)
        .expect("the paragraph")
}

/// Each row's visible glyphs: screen rectangle and document offset, left to right.
fn rows(harness: &Harness<'_, CloseReadApp>, block: usize) -> Vec<Vec<(Rect, usize)>> {
    harness
        .state()
        .article_view()
        .paragraph_rows(&document(harness), block)
        .expect("the paragraph is laid out")
}

/// The screen rectangle of the glyph drawing document char `offset` of `block`.
fn glyph_rect(harness: &Harness<'_, CloseReadApp>, block: usize, offset: usize) -> Rect {
    rows(harness, block)
        .iter()
        .flatten()
        .find(|(_, drawn)| *drawn == offset)
        .map(|(rect, _)| *rect)
        .expect("the char is drawn")
}

fn press(harness: &mut Harness<'_, CloseReadApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn click(harness: &mut Harness<'_, CloseReadApp>, point: Pos2, times: usize) {
    // Let egui's multi-click window pass, so that this click starts afresh.
    harness.run_steps(40);
    for _ in 0..times {
        harness.hover_at(point);
        harness.drag_at(point);
        harness.run();
        harness.drop_at(point);
        harness.run();
    }
}

fn caret_x(harness: &Harness<'_, CloseReadApp>) -> f32 {
    harness
        .state()
        .article_view()
        .caret_screen_rect(&document(harness))
        .expect("the caret is drawn")
        .center()
        .x
}

/// The document offsets of a row's chars in the order UAX #9 draws them, left to right,
/// computed from the paragraph's text with `unicode-bidi`.
fn bidi_order(text: &str, paragraph_start: usize, row_chars: std::ops::Range<usize>) -> Vec<usize> {
    let info = unicode_bidi::BidiInfo::new(text, None);
    let paragraph = &info.paragraphs[0];
    let byte = |local: usize| {
        text.char_indices()
            .nth(local)
            .map_or(text.len(), |(byte, _)| byte)
    };
    let line = byte(row_chars.start)..byte(row_chars.end);
    let (levels, runs) = info.visual_runs(paragraph, line);
    let mut order = Vec::new();
    for run in runs {
        let mut offsets: Vec<usize> = text[run.clone()]
            .char_indices()
            .map(|(byte, _)| paragraph_start + text[..run.start + byte].chars().count())
            .collect();
        if levels[run.start].is_rtl() {
            offsets.reverse();
        }
        order.extend(offsets);
    }
    order
}

/// Checks that every row of `block` draws its chars in UAX #9's order; returns the rows.
fn assert_rows_in_bidi_order(harness: &Harness<'_, CloseReadApp>, block: usize, text: &str) {
    let document = document(harness);
    let start = document.blocks()[block].chars.start;
    let rows = rows(harness, block);
    assert!(!rows.is_empty());
    for (index, row) in rows.iter().enumerate() {
        let mut drawn: Vec<usize> = row.iter().map(|(_, offset)| *offset).collect();
        drawn.dedup();
        let first = drawn.iter().min().expect("a glyph") - start;
        let last = drawn.iter().max().expect("a glyph") - start;
        let expected: Vec<usize> = bidi_order(text, start, first..last + 1)
            .into_iter()
            .filter(|offset| drawn.contains(offset))
            .collect();
        assert_eq!(drawn, expected, "row {index} of {text:?}");
    }
}

#[test]
fn a_persian_paragraph_starts_at_the_right_and_every_row_reads_in_bidi_order() {
    let (_fixture, harness, document) = opened();
    let block = block_of(&document, PERSIAN);
    assert_eq!(right_to_left(&harness, block), Some(true));
    let rows = rows(&harness, block);
    assert!(rows.len() >= 2, "the paragraph wraps: {} rows", rows.len());
    let right =
        |row: &Vec<(Rect, usize)>| row.iter().map(|(r, _)| r.right()).fold(f32::MIN, f32::max);
    let left =
        |row: &Vec<(Rect, usize)>| row.iter().map(|(r, _)| r.left()).fold(f32::MAX, f32::min);
    for row in &rows {
        assert!(
            (right(row) - right(&rows[0])).abs() < 1.5,
            "every row ends at the right edge: {} and {}",
            right(row),
            right(&rows[0])
        );
    }
    // The first char is drawn rightmost; the last row is ragged at the left.
    let start = document.blocks()[block].chars.start;
    assert_eq!(rows[0].last().map(|(_, offset)| *offset), Some(start));
    let last = rows.last().expect("rows");
    assert!(
        left(last) > left(&rows[0]) + 20.0,
        "the last row is shorter, at the right"
    );
    assert_rows_in_bidi_order(&harness, block, PERSIAN);
    // Every letter is drawn (ۀ by its decomposition, as ە with a hamza above).
    let drawn: std::collections::BTreeSet<usize> =
        rows.iter().flatten().map(|(_, offset)| *offset).collect();
    for (local, c) in PERSIAN.chars().enumerate() {
        if c.is_alphabetic() && !matches!(c, '\u{0654}') {
            assert!(
                drawn.contains(&(start + local)),
                "{c:?} at {local} is not drawn"
            );
        }
    }
}

#[test]
fn an_arabic_run_in_an_english_line_is_reordered_and_a_drag_selects_the_logical_range() {
    let (_fixture, mut harness, document) = opened();
    let block = block_of(&document, MIXED);
    assert_eq!(right_to_left(&harness, block), Some(false));
    assert_rows_in_bidi_order(&harness, block, MIXED);
    let start = document.blocks()[block].chars.start;
    let local = |needle: &str| {
        MIXED[..MIXED.find(needle).expect("in the line")]
            .chars()
            .count()
    };
    let glyph =
        |harness: &Harness<'_, CloseReadApp>, offset: usize| glyph_rect(harness, block, offset);
    // العربية, first in the text, is drawn right of فارسی.
    let arabic = start + local("العربية");
    let persian = start + local("فارسی");
    assert!(glyph(&harness, arabic).left() > glyph(&harness, persian).right());
    // A drag from the left of "in" to the left half of العربية's last letter (drawn at the
    // word's left end) selects "in العربية": the logical range between the two points,
    // highlighted as two stretches on screen (فارسی between them is not selected).
    let in_word = glyph(&harness, start + local("in "));
    let last_letter = glyph(&harness, arabic + "العربية".chars().count() - 1);
    let from = Pos2::new(in_word.left() + 1.0, in_word.center().y);
    let to = Pos2::new(last_letter.left() + 1.0, last_letter.center().y);
    closeread_gui_tests::drag_select(&mut harness, from, to);
    let selection = harness
        .state()
        .article_view()
        .selection()
        .expect("a selection");
    assert_eq!(document.slice(selection), "in العربية");
    let rects = harness.state().article_view().selection_rects(&document);
    assert_eq!(rects.len(), 2, "two stretches on screen: {rects:?}");
    // Double-clicking فارسی selects that word.
    let word = glyph(&harness, persian + 1);
    click(&mut harness, word.center(), 2);
    let selection = harness.state().article_view().selection().expect("a word");
    assert_eq!(document.slice(selection), "فارسی");
}

#[test]
fn double_clicking_a_persian_word_selects_it_and_it_can_be_tagged() {
    let (_fixture, mut harness, document) = opened();
    let block = block_of(&document, PERSIAN);
    let start = document.blocks()[block].chars.start;
    let word = "اورانیوم";
    let offset = start
        + PERSIAN[..PERSIAN.find(word).expect("the word")]
            .chars()
            .count()
        + 2;
    let rect = glyph_rect(&harness, block, offset);
    click(&mut harness, rect.center(), 2);
    let selection = harness.state().article_view().selection().expect("a word");
    assert_eq!(document.slice(selection), word);
    press(&mut harness, Modifiers::NONE, Key::Num2);
    let layer = harness.state().session().expect("open").layer();
    assert!(
        layer
            .annotations()
            .iter()
            .any(|annotation| annotation.quote.exact == word)
    );
}

#[test]
fn arrows_move_the_caret_on_screen_home_and_end_go_to_the_line_edges() {
    let (_fixture, mut harness, document) = opened();
    let block = block_of(&document, PERSIAN);
    let start = document.blocks()[block].chars.start;
    let first_row = rows(&harness, block).remove(0);
    let (first_glyph, _) = *first_row.last().expect("glyphs");
    // A click on the right half of the first letter puts the caret before it, at the right.
    click(
        &mut harness,
        Pos2::new(first_glyph.right() - 1.0, first_glyph.center().y),
        1,
    );
    assert_eq!(harness.state().article_view().caret_offset(), start);
    assert!((caret_x(&harness) - first_glyph.right()).abs() < 1.0);
    // ← goes left on screen, which in Persian is on in the text: through گزارش (5 letters).
    let mut x = caret_x(&harness);
    for step in 1..=5 {
        press(&mut harness, Modifiers::NONE, Key::ArrowLeft);
        let now = caret_x(&harness);
        assert!(now < x - 1.0, "step {step} moved left: {x} → {now}");
        x = now;
    }
    assert_eq!(harness.state().article_view().caret_offset(), start + 5);
    // → comes back right.
    for _ in 0..5 {
        press(&mut harness, Modifiers::NONE, Key::ArrowRight);
        let now = caret_x(&harness);
        assert!(now > x + 1.0, "moved right: {x} → {now}");
        x = now;
    }
    assert_eq!(harness.state().article_view().caret_offset(), start);
    // Shift+← selects the first three letters: the logical range, drawn at the right.
    for _ in 0..3 {
        press(&mut harness, Modifiers::SHIFT, Key::ArrowLeft);
    }
    assert_eq!(
        harness.state().article_view().selection(),
        Some(start..start + 3)
    );
    // End: the row's end in reading order, its left; Home: its start, the right.
    press(&mut harness, Modifiers::NONE, Key::End);
    let row_left = first_row
        .iter()
        .filter(|(_, offset)| !document.slice(*offset..offset + 1).trim().is_empty())
        .map(|(rect, _)| rect.left())
        .fold(f32::MAX, f32::min);
    assert!(
        (caret_x(&harness) - row_left).abs() < 1.5,
        "End: {} at the row's left end {row_left}",
        caret_x(&harness)
    );
    press(&mut harness, Modifiers::NONE, Key::Home);
    assert_eq!(harness.state().article_view().caret_offset(), start);

    // In the English line with an Arabic run, → visits every place on the row once, left
    // to right, through the run drawn right to left.
    let block = block_of(&document, MIXED);
    let row = rows(&harness, block).remove(0);
    let (first, _) = row[0];
    click(
        &mut harness,
        Pos2::new(first.left() + 1.0, first.center().y),
        1,
    );
    let mut places = vec![caret_x(&harness)];
    for _ in 0..MIXED.chars().count() + 4 {
        press(&mut harness, Modifiers::NONE, Key::ArrowRight);
        let now = caret_x(&harness);
        let on_row =
            harness.state().article_view().caret_offset() <= document.blocks()[block].chars.end;
        if !on_row || now <= *places.last().expect("a place") {
            break;
        }
        places.push(now);
    }
    let right_end = row
        .iter()
        .map(|(rect, _)| rect.right())
        .fold(f32::MIN, f32::max);
    assert!(
        (places.last().expect("places") - right_end).abs() < 1.0,
        "→ reaches the row's right end {right_end}: {places:?}"
    );
    assert!(
        places.len() + 2 >= row.len(),
        "{} places for {} glyphs",
        places.len(),
        row.len()
    );
}

#[test]
fn the_document_information_sets_the_articles_direction() {
    let (fixture, mut harness, document) = opened();
    let english = block_of(&document, ENGLISH);
    assert_eq!(right_to_left(&harness, english), Some(false));
    let info = closeread::store::DocumentInfo {
        title: "Editions".to_owned(),
        direction: closeread::model::direction::TextDirection::RightToLeft,
        ..Default::default()
    };
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply_command(&ctx, AppCommand::SaveDocumentInfo(info));
    harness.run();
    harness.run();
    assert_eq!(right_to_left(&harness, english), Some(true));
    // Its rows end at the right edge, as the Persian paragraph's do.
    let persian = block_of(&document, PERSIAN);
    let right = |block: usize| {
        rows(&harness, block)[0]
            .iter()
            .map(|(rect, _)| rect.right())
            .fold(f32::MIN, f32::max)
    };
    assert!((right(english) - right(persian)).abs() < 1.5);
    let meta = std::fs::read_to_string(fixture.article.with_extension("meta.ron"))
        .expect("document information written");
    assert!(meta.contains("direction: rtl"), "{meta}");
}

#[test]
fn a_persian_only_paragraph_reads_in_order_and_a_drag_across_words_selects_them() {
    let (_fixture, mut harness, document) = opened();
    let block = block_of(&document, PERSIAN_ONLY);
    harness
        .state_mut()
        .article_view_mut()
        .scroll_to(document.blocks()[block].chars.start);
    harness.run_steps(10);
    assert_eq!(right_to_left(&harness, block), Some(true));
    assert_rows_in_bidi_order(&harness, block, PERSIAN_ONLY);
    // In the Persian paragraph with Latin and digits: a drag from the right of آژانس to the
    // left of انرژی (right to left on screen) selects the three words in between, logically.
    let block = block_of(&document, PERSIAN);
    harness
        .state_mut()
        .article_view_mut()
        .scroll_to(document.blocks()[block].chars.start);
    harness.run_steps(10);
    let start = document.blocks()[block].chars.start;
    let local = |needle: &str| {
        PERSIAN[..PERSIAN.find(needle).expect("in the text")]
            .chars()
            .count()
    };
    let first = start + local("آژانس");
    let last = start + local("انرژی") + "انرژی".chars().count() - 1;
    let glyph = |offset: usize| glyph_rect(&harness, block, offset);
    let (from, to) = (glyph(first), glyph(last));
    closeread_gui_tests::drag_select(
        &mut harness,
        Pos2::new(from.right() - 1.0, from.center().y),
        Pos2::new(to.left() + 1.0, to.center().y),
    );
    let selection = harness
        .state()
        .article_view()
        .selection()
        .expect("a selection");
    assert_eq!(document.slice(selection), "آژانس بین‌المللی انرژی");
}
