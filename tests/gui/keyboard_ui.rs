//! The keyboard paths of the real window, driven through egui_kittest: the command list (F1
//! and `?`), moving the caret and extending the selection by word, sentence and paragraph,
//! tagging, the note (N), J/K and Shift+J/K, Delete and undo, find (Ctrl+F) with its count,
//! Enter/Shift+Enter and "tag all matches", and find in notes and excerpts in the pane; and,
//! in `bidi_ui.rs`, right-to-left text.

use closeread::app::CloseReadApp;
use closeread::app::command_list::COMMANDS;
use closeread::model::movement::next_sentence_end;
use closeread::model::search::find_all;
use closeread::model::{AnnotationId, Document};
use closeread_gui_tests::{Fixture, harness};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn document(harness: &Harness<'_, CloseReadApp>) -> Document {
    harness
        .state()
        .session()
        .expect("an article is open")
        .document
        .clone()
}

fn press(harness: &mut Harness<'_, CloseReadApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn selection(harness: &Harness<'_, CloseReadApp>) -> std::ops::Range<usize> {
    harness
        .state()
        .article_view()
        .selection()
        .expect("a selection")
}

#[test]
fn f1_opens_the_command_list_which_lists_every_command_and_runs_one() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    assert!(
        harness.query_by_label("Run this command").is_none(),
        "closed at first"
    );
    press(&mut harness, Modifiers::NONE, Key::F1);
    for entry in COMMANDS {
        assert!(
            harness.query_all_by_label(entry.label).next().is_some(),
            "{} is listed",
            entry.label
        );
        assert!(
            harness
                .query_all_by_label(entry.description)
                .next()
                .is_some(),
            "{} is described",
            entry.label
        );
    }
    // Typing filters the list; Enter runs the first command left.
    harness.get_by_label("Filter:").type_text("statistics");
    harness.run();
    assert!(
        harness.query_all_by_label("Undo").next().is_none(),
        "filtered out"
    );
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(
        harness.query_by_label("Per analyst").is_some(),
        "the statistics window opened"
    );
    assert!(
        harness.query_all_by_label("Filter:").next().is_none(),
        "the command list closed"
    );
    // The best match, not the first: "light theme" runs "Theme: light", though "Theme:
    // follow the system" (light or dark as the system is) comes first in the list.
    press(&mut harness, Modifiers::NONE, Key::F1);
    harness.get_by_label("Filter:").type_text("light theme");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(
        harness.state().settings().view.theme,
        closeread::settings::ThemeChoice::Light
    );
}

#[test]
fn question_mark_opens_the_command_list_and_esc_closes_it() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    press(&mut harness, Modifiers::SHIFT, Key::Questionmark);
    assert!(harness.query_all_by_label("Filter:").next().is_some());
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.query_all_by_label("Filter:").next().is_none());
}

#[test]
fn the_keyboard_alone_selects_by_sentence_word_and_paragraph_and_tags() {
    let fixture = Fixture::new(false);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let document = document(&harness);
    // The caret starts at the top of the article, which is in view.
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    press(&mut harness, Modifiers::NONE, Key::ArrowLeft);
    let start = document.blocks()[0].chars.start + 1;
    assert_eq!(harness.state().article_view().caret(), start);

    // ↓ goes a row down (the first paragraph wraps), ↑ back to about the same place.
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    let below = harness.state().article_view().caret();
    assert!(
        below > start + 20 && below < document.blocks()[0].chars.end,
        "{below} is on the first paragraph's second row"
    );
    press(&mut harness, Modifiers::NONE, Key::ArrowUp);
    let back = harness.state().article_view().caret();
    assert!(back.abs_diff(start) <= 2, "{back} is back near {start}");
    while harness.state().article_view().caret() != start {
        let key = if harness.state().article_view().caret() < start {
            Key::ArrowRight
        } else {
            Key::ArrowLeft
        };
        press(&mut harness, Modifiers::NONE, key);
    }

    press(
        &mut harness,
        Modifiers::ALT | Modifiers::SHIFT,
        Key::ArrowRight,
    );
    let sentence_end = next_sentence_end(&document, start);
    assert_eq!(selection(&harness), start..sentence_end);

    press(
        &mut harness,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::ArrowRight,
    );
    let word_end = document.next_word_end(sentence_end);
    assert_eq!(selection(&harness), start..word_end);

    press(
        &mut harness,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::ArrowDown,
    );
    let paragraph_end = document.blocks()[0].chars.end;
    assert_eq!(selection(&harness), start..paragraph_end);

    press(
        &mut harness,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::ArrowLeft,
    );
    let back_a_word = document.previous_word_start(paragraph_end);
    assert_eq!(selection(&harness), start..back_a_word);

    press(&mut harness, Modifiers::NONE, Key::Num2);
    let session = harness.state().session().expect("open");
    let annotation = session
        .layer()
        .annotations()
        .first()
        .expect("tagged from the keyboard");
    assert_eq!(annotation.tag.as_str(), "evidence");
    assert_eq!(
        annotation.quote.exact,
        document.slice(start..back_a_word).trim()
    );
}

#[test]
fn the_caret_steps_over_the_blank_lines_between_paragraphs() {
    let fixture = Fixture::new(false);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let document = document(&harness);
    let (first, second) = (
        document.blocks()[0].chars.clone(),
        document.blocks()[1].chars.clone(),
    );
    assert!(second.start > first.end + 1, "blank lines between them");
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    press(&mut harness, Modifiers::COMMAND, Key::ArrowDown);
    assert_eq!(harness.state().article_view().caret(), first.end);
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(harness.state().article_view().caret(), second.start);
    press(&mut harness, Modifiers::NONE, Key::ArrowLeft);
    assert_eq!(harness.state().article_view().caret(), first.end);
    // While a button has the keyboard the arrows are egui's, to move between widgets; Esc
    // gives them back to the caret.
    harness.get_by_label("Compare readings…").focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::ArrowLeft);
    assert_eq!(harness.state().article_view().caret(), first.end);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    press(&mut harness, Modifiers::COMMAND, Key::ArrowUp);
    assert_eq!(harness.state().article_view().caret(), first.start);
}

#[test]
fn j_shift_j_n_delete_and_undo_work_from_the_keyboard() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let layer = harness.state().session().expect("open").layer().clone();
    let placed: Vec<&closeread::model::Annotation> = layer
        .annotations()
        .iter()
        .filter(|annotation| annotation.is_placed())
        .collect();

    press(&mut harness, Modifiers::NONE, Key::J);
    assert_eq!(harness.state().selected_annotation(), Some(placed[0].id));
    press(&mut harness, Modifiers::SHIFT, Key::J);
    let same_tag_next = placed[1..]
        .iter()
        .find(|annotation| annotation.tag == placed[0].tag)
        .expect("another of the first one's tag");
    assert_eq!(
        harness.state().selected_annotation(),
        Some(same_tag_next.id),
        "Shift+J skips the other tags"
    );
    press(&mut harness, Modifiers::SHIFT, Key::K);
    assert_eq!(harness.state().selected_annotation(), Some(placed[0].id));

    // N puts the keyboard in the note: a digit typed there is text, not a tag key.
    press(&mut harness, Modifiers::NONE, Key::N);
    harness.run();
    assert!(harness.get_by_label("Note:").is_focused());
    harness.get_by_label("Note:").type_text(" 3");
    press(&mut harness, Modifiers::NONE, Key::Num3);
    let session = harness.state().session().expect("open");
    let edited = session.layer().get(placed[0].id).expect("still there");
    assert_eq!(edited.note, format!("{} 3", placed[0].note));
    assert_eq!(edited.tag, placed[0].tag, "the digit did not retag");

    // Esc leaves the note; Delete then deletes, Ctrl+Z brings it back.
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!harness.get_by_label("Note:").is_focused());
    let id: AnnotationId = placed[0].id;
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert!(
        harness
            .state()
            .session()
            .expect("open")
            .layer()
            .get(id)
            .is_none()
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(
        harness
            .state()
            .session()
            .expect("open")
            .layer()
            .get(id)
            .is_some()
    );
}

#[test]
fn find_counts_highlights_steps_and_tags_all_matches_as_one_undo_step() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let document = document(&harness);
    let expected = find_all(&document, None, "IRGC", false);
    assert!(expected.len() >= 3, "the sample names the IRGC often");
    let count = expected.len();

    press(&mut harness, Modifiers::COMMAND, Key::F);
    harness.get_by_label("Find:").type_text("irgc");
    harness.run();
    assert_eq!(harness.state().find().matches(), expected.as_slice());
    harness.get_by_label(&format!("1 of {count}"));
    assert_eq!(
        selection(&harness),
        expected[0].range(),
        "the match is selected"
    );

    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label(&format!("2 of {count}"));
    assert_eq!(selection(&harness), expected[1].range());
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    harness.get_by_label(&format!("1 of {count}"));
    press(&mut harness, Modifiers::NONE, Key::F3);
    harness.get_by_label(&format!("2 of {count}"));

    // "Aa" makes it case-sensitive: "irgc" is then nowhere.
    harness.get_by_label("Aa match case").click();
    harness.run();
    harness.get_by_label("No matches");
    harness.get_by_label("Aa match case").click();
    harness.run();

    let before = harness.state().session().expect("open").layer().len();
    harness.get_by_label("Tag all matches…").click();
    harness.run();
    harness.get_by_label("Recommendation").click();
    harness.run();
    harness
        .get_by_label(&format!("Tag {count} as Recommendation"))
        .click();
    harness.run();
    let session = harness.state().session().expect("open");
    assert_eq!(session.layer().len(), before + count);
    for span in &expected {
        assert!(
            session
                .layer()
                .annotations()
                .iter()
                .any(|annotation| annotation.span == *span
                    && annotation.tag.as_str() == "recommendation"),
            "every match is tagged"
        );
    }
    // Esc closes the find bar (and its highlights); Ctrl+Z then undoes the tagging.
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.state().find().matches().is_empty());
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        harness.state().session().expect("open").layer().len(),
        before,
        "one undo takes them all back"
    );
}

#[test]
fn find_in_the_pane_lists_the_annotations_whose_note_or_excerpt_has_the_words() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let layer = harness.state().session().expect("open").layer().clone();
    let matching = layer
        .annotations()
        .iter()
        .filter(|annotation| {
            let text = format!("{} {}", annotation.note, annotation.quote.exact).to_lowercase();
            annotation.is_placed() && text.contains("succession")
        })
        .count();
    assert!(matching > 0 && matching < layer.len());

    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    assert!(
        harness
            .get_by_label("Find in notes and excerpts:")
            .is_focused()
    );
    harness
        .get_by_label("Find in notes and excerpts:")
        .type_text("Succession");
    harness.run();
    harness.get_by_label(&format!("{matching} of {} annotations match", layer.len()));
}

// Right-to-left text: its own file, in this test binary (a binary per file costs link time).
mod bidi_ui;

// An article beside its other edition: its own file, in this binary too.
mod editions_ui;
