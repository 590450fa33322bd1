//! What a new analyst tripped over on a first day, driven through the real window: the text
//! redrawn at once after a theme, font or zoom change; a pane that keeps its width; paging;
//! Delete and Esc; the team views docked away from the passage; messages that fade and go
//! when untrue; whole-word find; a new analyst starting blind.

use closeread::app::{AppCommand, CloseReadApp, TeamCommand};
use closeread::settings::{ReadingFont, ThemeChoice};
use closeread_gui_tests::{Fixture, harness};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn press(harness: &mut Harness<'_, CloseReadApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn apply(harness: &mut Harness<'_, CloseReadApp>, command: AppCommand) {
    let ctx = harness.ctx.clone();
    harness.state_mut().apply_command(&ctx, command);
    harness.run();
}

/// How many of the paragraphs on screen draw other glyphs than a fresh layout of their text
/// would now (a galley from before egui rebuilt its font atlas points at the wrong glyphs);
/// and how many were checked.
fn stale_paragraphs(harness: &Harness<'_, CloseReadApp>) -> (usize, usize) {
    let view = harness.state().article_view();
    let mut checked = 0;
    let mut stale = 0;
    for index in view.visible_paragraphs() {
        let Some(galleys) = view.paragraph_galleys(index) else {
            continue;
        };
        checked += 1;
        let uvs = |galley: &egui::Galley| -> Vec<(f32, f32)> {
            galley
                .rows
                .iter()
                .flat_map(|row| row.visuals.mesh.vertices.iter())
                .map(|vertex| (vertex.uv.x, vertex.uv.y))
                .collect()
        };
        let is_stale = galleys.iter().any(|(_, galley)| {
            let fresh = harness
                .ctx
                .fonts_mut(|fonts| fonts.layout_job((*galley.job).clone()));
            uvs(galley) != uvs(&fresh)
        });
        if is_stale {
            stale += 1;
        }
    }
    (stale, checked)
}

fn assert_text_is_current(harness: &Harness<'_, CloseReadApp>, after: &str) {
    let (stale, checked) = stale_paragraphs(harness);
    assert!(checked > 3, "paragraphs on screen after {after}: {checked}");
    assert_eq!(
        stale, 0,
        "after {after}, {stale} of {checked} paragraphs draw stale glyphs"
    );
}

#[test]
fn theme_font_and_zoom_changes_redraw_the_article_text_at_once() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    apply(&mut harness, AppCommand::SetTheme(ThemeChoice::Dark));
    assert_text_is_current(&harness, "opening");
    // Through the menu, as the analyst did: the open menu's own glyphs go into the new atlas
    // before the article is drawn.
    for (choice, label) in [(ThemeChoice::Light, "Light"), (ThemeChoice::Dark, "Dark")] {
        harness.get_by_label("View").click();
        harness.run();
        harness.get_by_label(label).click();
        harness.run();
        assert_eq!(harness.state().settings().view.theme, choice);
        assert_text_is_current(&harness, label);
    }
    apply(&mut harness, AppCommand::SetReadingFont(ReadingFont::Sans));
    assert_text_is_current(&harness, "the sans-serif font");
    press(&mut harness, Modifiers::COMMAND, Key::Plus);
    assert_text_is_current(&harness, "zooming in");
    press(&mut harness, Modifiers::COMMAND, Key::Num0);
    assert_text_is_current(&harness, "zooming back");
}

#[test]
fn the_pane_keeps_its_width_whatever_is_selected() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let width = |harness: &Harness<'_, CloseReadApp>| harness.state().pane_width();
    let before = width(&harness).expect("the pane is drawn");
    let text_left = |harness: &Harness<'_, CloseReadApp>| {
        let view = harness.state().article_view();
        let first = view.visible_paragraphs().start;
        view.paragraph_galleys(first)
            .and_then(|galleys| galleys.first().map(|(origin, _)| origin.x))
    };
    let left_before = text_left(&harness);
    // Every annotation in turn, its relations shown, then deleted and undone.
    apply(&mut harness, AppCommand::SetShowRelations(true));
    let count = harness.state().session().expect("open").layer().len();
    for _ in 0..count.min(12) {
        press(&mut harness, Modifiers::NONE, Key::J);
        assert_eq!(width(&harness), Some(before), "the pane did not widen");
    }
    press(&mut harness, Modifiers::NONE, Key::Delete);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(width(&harness), Some(before));
    apply(&mut harness, AppCommand::SetShowRelations(false));
    press(&mut harness, Modifiers::NONE, Key::Home);
    assert_eq!(
        text_left(&harness),
        left_before,
        "the article's text did not move"
    );
    assert_eq!(
        harness.state().settings().view.pane_width,
        before,
        "the width kept in the settings is the one set"
    );
}

#[test]
fn paging_keys_scroll_the_article_by_a_screen_or_to_either_end() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let offset =
        |harness: &Harness<'_, CloseReadApp>| harness.state().article_view().scroll_offset();
    assert_eq!(offset(&harness), 0.0);
    press(&mut harness, Modifiers::NONE, Key::PageDown);
    let one_page = offset(&harness);
    assert!(one_page > 300.0, "a screen down: {one_page}");
    press(&mut harness, Modifiers::NONE, Key::Space);
    let two_pages = offset(&harness);
    assert!(
        (two_pages - 2.0 * one_page).abs() < one_page * 0.2,
        "Space pages on: {one_page} then {two_pages}"
    );
    press(&mut harness, Modifiers::SHIFT, Key::Space);
    press(&mut harness, Modifiers::NONE, Key::PageUp);
    assert!(
        offset(&harness) < 1.0,
        "back at the top: {}",
        offset(&harness)
    );
    press(&mut harness, Modifiers::COMMAND, Key::End);
    harness.run();
    let document = &harness.state().session().expect("open").document;
    let last = document.blocks().len() - 1;
    assert!(
        harness
            .state()
            .article_view()
            .visible_paragraphs()
            .contains(&last),
        "the last paragraph is in view"
    );
    press(&mut harness, Modifiers::NONE, Key::Home);
    harness.run();
    assert!(
        harness
            .state()
            .article_view()
            .visible_paragraphs()
            .contains(&0),
        "the first paragraph is in view"
    );
}

#[test]
fn delete_leaves_nothing_selected_and_esc_clears_a_selected_annotation() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let count = harness.state().session().expect("open").layer().len();
    press(&mut harness, Modifiers::NONE, Key::J);
    assert!(harness.state().selected_annotation().is_some());
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert_eq!(harness.state().selected_annotation(), None);
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert_eq!(
        harness.state().session().expect("open").layer().len(),
        count - 1,
        "a second Delete removes nothing more"
    );
    press(&mut harness, Modifiers::NONE, Key::J);
    assert!(harness.state().selected_annotation().is_some());
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(harness.state().selected_annotation(), None, "Esc clears it");

    // Esc closes an open menu, and only that.
    press(&mut harness, Modifiers::NONE, Key::J);
    harness.get_by_label("View").click();
    harness.run();
    assert!(harness.ctx.any_popup_open(), "the menu is open");
    press(&mut harness, Modifiers::NONE, Key::Escape);
    harness.run();
    assert!(!harness.ctx.any_popup_open(), "Esc closed the menu");
    assert!(
        harness.state().selected_annotation().is_some(),
        "and left the selection alone"
    );
}

#[test]
fn team_views_dock_below_the_article_and_close_with_a_button_or_esc() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    harness.get_by_label("Compare readings…").click();
    harness.run();
    harness.get_by_label("Next disagreement ▶").click();
    harness.run();
    harness.run();
    let dock = harness.get_by_label("✕ Close Compare readings").rect();
    // The passage the comparison points at is drawn above the dock, not under it.
    let app = harness.state();
    let selection = app.article_view().selection().or_else(|| {
        app.selected_annotation().and_then(|id| {
            app.session()
                .and_then(|session| session.layer().get(id))
                .map(|annotation| annotation.span.range())
        })
    });
    let screen = harness.ctx.content_rect();
    assert!(dock.bottom() <= screen.bottom() + 1.0, "inside the window");
    if let Some(range) = selection {
        let document = &app.session().expect("open").document;
        let block = document.block_index_at(range.start).expect("in a block");
        let galleys = app
            .article_view()
            .paragraph_galleys(block)
            .expect("the passage is laid out");
        let top = galleys
            .iter()
            .map(|(origin, _)| origin.y)
            .fold(f32::INFINITY, f32::min);
        assert!(top < dock.top(), "the passage starts above the dock");
    }
    // Closed with its button…
    harness.get_by_label("✕ Close Compare readings").click();
    harness.run();
    assert!(harness.query_by_label("✕ Close Compare readings").is_none());
    // …or with Esc; the argument map too.
    apply(&mut harness, AppCommand::ShowArgumentMap(true));
    assert!(harness.query_by_label("✕ Close Argument map").is_some());
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.query_by_label("✕ Close Argument map").is_none());
    // Adjudication has its own close button.
    apply(
        &mut harness,
        AppCommand::Team(TeamCommand::StartAdjudication),
    );
    harness.get_by_label("✕ Close Adjudicate").click();
    harness.run();
    assert!(harness.query_by_label("Accept all unanimous").is_none());
}

#[test]
fn messages_made_untrue_go_and_at_most_two_are_shown() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    // Tag all matches of a word, then undo: the message about it goes.
    press(&mut harness, Modifiers::COMMAND, Key::F);
    harness.get_by_label("Find:").type_text("regime");
    harness.run();
    apply(
        &mut harness,
        AppCommand::TagAllMatches(closeread::model::TagId::new("claim")),
    );
    let tagged = |harness: &Harness<'_, CloseReadApp>| {
        harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.text.starts_with("Tagged "))
    };
    assert!(tagged(&harness));
    apply(&mut harness, AppCommand::CloseFind);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(!tagged(&harness), "undone: the message went");
    // Adjudicating, then back: its message goes.
    apply(
        &mut harness,
        AppCommand::Team(TeamCommand::StartAdjudication),
    );
    let adjudicating = |harness: &Harness<'_, CloseReadApp>| {
        harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.text.starts_with("Adjudicating"))
    };
    assert!(adjudicating(&harness));
    apply(
        &mut harness,
        AppCommand::Team(TeamCommand::StopAdjudication),
    );
    assert!(!adjudicating(&harness));
    // Five errors: two lines over the article, the rest behind View › Messages.
    for index in 0..5 {
        apply(
            &mut harness,
            AppCommand::OpenArticle(fixture.dir.path().join(format!("missing-{index}.txt"))),
        );
    }
    let shown = harness.query_all_by_label_contains("missing-").count();
    assert_eq!(shown, 2, "two messages in view");
    harness.get_by_label_contains("more message(s)").click();
    harness.run();
    assert!(harness.query_all_by_label_contains("missing-").count() >= 5);
}

#[test]
fn whole_word_find_skips_parts_of_words_and_tag_all_respects_it() {
    let fixture = Fixture::new(false);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::F);
    harness.get_by_label("Find:").type_text("Iran");
    harness.run();
    let all = harness.state().find().matches().len();
    harness.get_by_label("Whole words").click();
    harness.run();
    let whole = harness.state().find().matches().to_vec();
    assert!(
        whole.len() < all,
        "{} of {all}: “Iranian” no longer counts",
        whole.len()
    );
    let document = harness.state().session().expect("open").document.clone();
    for span in &whole {
        assert!(closeread::model::search::is_whole_word(&document, *span));
    }
    apply(
        &mut harness,
        AppCommand::TagAllMatches(closeread::model::TagId::new("claim")),
    );
    assert_eq!(
        harness.state().session().expect("open").layer().len(),
        whole.len(),
        "only the whole words were tagged"
    );
}

#[test]
fn a_new_analyst_starts_blind_and_shows_the_others_with_one_click() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("newcomer"));
    harness.run();
    assert!(
        harness.state().shown_teammates().is_empty(),
        "nothing tagged yet while teammates have: blind"
    );
    harness.get_by_label("Show the others' readings").click();
    harness.run();
    assert!(!harness.state().shown_teammates().is_empty());
    drop(harness);
    let mut again = closeread_gui_tests::harness(fixture.options("newcomer"));
    again.run();
    assert!(
        !again.state().shown_teammates().is_empty(),
        "remembered for the article"
    );
    // analyst-a, who has tagged it, sees the others from the start.
    drop(again);
    let mut reader = closeread_gui_tests::harness(fixture.options("analyst-a"));
    reader.run();
    assert!(!reader.state().shown_teammates().is_empty());
}

#[test]
fn a_misspelled_word_in_a_note_offers_suggestions_on_right_click() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    assert!(
        closeread_gui_tests::run_until(&mut harness, |_| {
            closeread::spelling::english_if_loaded().is_some()
        }),
        "the dictionary loads on its worker"
    );
    press(&mut harness, Modifiers::NONE, Key::J);
    press(&mut harness, Modifiers::NONE, Key::N);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label("Note:").type_text("recieve");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Escape);
    harness.get_by_label("Note:").click_secondary();
    harness.run();
    harness.get_by_label("receive").click();
    harness.run();
    let id = harness
        .state()
        .selected_annotation()
        .expect("still selected");
    let note = harness
        .state()
        .session()
        .and_then(|session| session.layer().get(id))
        .map(|annotation| annotation.note.clone());
    assert_eq!(
        note.as_deref(),
        Some("receive"),
        "the suggestion replaced the word"
    );

    // Switched off, the same word offers nothing.
    apply(
        &mut harness,
        AppCommand::Run(closeread::app::Action::ToggleSpelling),
    );
    press(&mut harness, Modifiers::NONE, Key::N);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label("Note:").type_text("recieve");
    press(&mut harness, Modifiers::NONE, Key::Escape);
    harness.get_by_label("Note:").click_secondary();
    harness.run();
    assert!(harness.query_by_label("receive").is_none());
}

#[test]
fn a_display_name_makes_a_safe_file_name_and_is_kept_in_the_sidecar() {
    let fixture = Fixture::new(false);
    let mut options = fixture.options("unused");
    options.analyst = None;
    let mut harness = harness(options);
    harness.run();
    harness.get_by_label("Analyst name").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label("Analyst name").type_text("Zoë Dupré");
    harness.run();
    harness.get_by_label("Continue").click();
    harness.run();
    assert_eq!(harness.state().analyst(), Some("zoe-dupre"));
    let document = harness.state().session().expect("open").document.clone();
    let start = document.text().find("Khamenei").expect("in the text");
    let start = document.char_offset(start);
    harness
        .state_mut()
        .article_view_mut()
        .set_selection(start..start + 8);
    press(&mut harness, Modifiers::NONE, Key::Num1);
    press(&mut harness, Modifiers::COMMAND, Key::S);
    let saved = std::fs::read_to_string(fixture.sidecar("zoe-dupre")).expect("the sidecar");
    assert!(saved.contains("analyst: \"zoe-dupre\""), "{saved}");
    assert!(saved.contains("analyst_name: \"Zoë Dupré\""), "{saved}");
}

#[test]
fn document_info_is_found_in_the_article_and_saved_beside_it() {
    let fixture = Fixture::new(false);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    apply(
        &mut harness,
        AppCommand::Run(closeread::app::Action::DocumentInfo),
    );
    let meta = closeread::store::document_info::meta_path(&fixture.article);
    assert!(!meta.exists(), "opening the window writes nothing");
    harness.get_by_label_contains("Found in the article");
    harness.get_by_label("Publication:").click();
    harness.run();
    harness
        .get_by_label("Publication:")
        .type_text("The Washington Institute");
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let info = closeread::store::document_info::load(&fixture.article)
        .expect("readable")
        .expect("written");
    assert_eq!(
        info.title,
        "Khamenei’s Breaking Point: How to Get Iran Back to the Negotiating Table"
    );
    assert_eq!(info.authors, vec!["Mehdi Khalaji".to_owned()]);
    assert_eq!(info.publication, "The Washington Institute");
}

#[test]
fn the_bottom_line_is_typed_in_the_pane_and_undone_in_one_step() {
    let fixture = Fixture::new(false);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    harness
        .get_by_label_contains("Bottom line (your reading)")
        .click();
    harness.run();
    harness
        .get_by_label("Your summary of the article, first in your briefings:")
        .click();
    harness.run();
    harness
        .get_by_label("Your summary of the article, first in your briefings:")
        .type_text("Khamenei will not negotiate under pressure.");
    harness.run();
    let note = |harness: &Harness<'_, CloseReadApp>| {
        harness
            .state()
            .session()
            .expect("open")
            .layer()
            .reading_note()
            .to_owned()
    };
    assert_eq!(
        note(&harness),
        "Khamenei will not negotiate under pressure."
    );
    press(&mut harness, Modifiers::NONE, Key::Escape);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(note(&harness), "", "one undo takes the typing back");
}

#[test]
fn the_list_follows_the_article_as_it_scrolls() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let layer = harness.state().session().expect("open").layer().clone();
    let last = layer.annotations().last().expect("annotations").clone();
    // A list row reads "Claim “excerpt…” …": the opening quote mark tells it from the
    // article's own paragraph.
    let row_of = |annotation: &closeread::model::Annotation| {
        let start: String = annotation.quote.exact.chars().take(20).collect();
        format!("“{start}")
    };
    let last_row = row_of(&last);
    assert!(
        harness
            .query_all_by_label_contains(&last_row)
            .next()
            .is_none(),
        "the last annotation's row is out of the list's view at first"
    );
    press(&mut harness, Modifiers::COMMAND, Key::End);
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains(&last_row)
            .next()
            .is_some(),
        "the list followed the article to its end"
    );
}

#[test]
fn keys_typed_right_after_ctrl_f_go_into_the_find_field() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.step();
    // "n" is also the note's key: typed into the field it must not be taken as a command.
    for (key, text) in [(Key::I, "I"), (Key::R, "r"), (Key::A, "a"), (Key::N, "n")] {
        harness.event(egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        });
        harness.event(egui::Event::Text(text.to_owned()));
        harness.event(egui::Event::Key {
            key,
            physical_key: None,
            pressed: false,
            repeat: false,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
    assert_eq!(harness.state().find().query, "Iran");
    assert!(
        !harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.text.starts_with("Select an annotation first")),
        "{:?}",
        harness.state().notices()
    );
}
