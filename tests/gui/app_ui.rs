//! Drives the real Closeread app through egui_kittest: selecting by dragging, tagging with
//! keys, the annotation list, undo, saving and reopening. Widgets are found by their
//! accessibility labels; phrases on screen by the glyphs egui drew.

use closeread::model::AnnotationId;
use closeread_gui_tests::{Fixture, drag_select, harness, phrase_points, run_until};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

fn annotations_with_quote(app: &closeread::app::CloseReadApp, quote: &str) -> Vec<AnnotationId> {
    let session = app.session().expect("open");
    session
        .layer()
        .annotations()
        .iter()
        .filter(|annotation| annotation.quote.exact == quote)
        .map(|annotation| annotation.id)
        .collect()
}

fn select_and_tag(
    harness: &mut egui_kittest::Harness<'_, closeread::app::CloseReadApp>,
    phrase: &str,
    key: Key,
) {
    let (from, to) = phrase_points(harness, phrase);
    drag_select(harness, from, to);
    let selection = harness
        .state()
        .article_view()
        .selection()
        .expect("a selection");
    let document = &harness.state().session().expect("open").document;
    assert_eq!(
        document.slice(selection),
        phrase,
        "the drag selected exactly the phrase"
    );
    harness.key_press(key);
    harness.run();
}

#[test]
fn drag_selecting_a_phrase_and_pressing_1_makes_a_claim_with_exactly_that_quote() {
    let fixture = Fixture::new(false);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    let phrase = "Salami is both ideologically closer to Khamenei";
    select_and_tag(&mut harness, phrase, Key::Num1);
    let app = harness.state();
    let created = annotations_with_quote(app, phrase);
    assert_eq!(created.len(), 1);
    let annotation = app
        .session()
        .expect("open")
        .layer()
        .get(created[0])
        .expect("exists");
    assert_eq!(annotation.tag.as_str(), "claim");
    assert_eq!(app.selected_annotation(), Some(annotation.id));
}

#[test]
fn selection_after_the_arabic_script_line_is_exact() {
    let fixture = Fixture::new(false);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    // The line "Also available in العربية فارسی" comes first; these come after it. Its
    // Arabic-script words are shaped into fewer glyphs than chars and drawn in pieces
    // reordered by the bidi algorithm: every letter must still be drawn by a glyph mapped to
    // it, or offsets after it would shift.
    {
        let app = harness.state();
        let document = &app.session().expect("open").document;
        let (index, paragraph) = document
            .blocks()
            .iter()
            .enumerate()
            .find(|(_, p)| document.slice(p.chars.clone()).contains("فارسی"))
            .expect("the Arabic-script line");
        let rows = app
            .article_view()
            .paragraph_rows(document, index)
            .expect("laid out");
        let drawn: std::collections::BTreeSet<usize> = rows
            .iter()
            .flat_map(|row| row.iter().map(|(_, offset)| *offset))
            .collect();
        for (local, c) in document.slice(paragraph.chars.clone()).chars().enumerate() {
            if c.is_alphabetic() {
                assert!(
                    drawn.contains(&(paragraph.chars.start + local)),
                    "{c:?} at {local} is drawn by no glyph"
                );
            }
        }
    }
    for (phrase, key, tag) in [
        ("May 2, 2019", Key::Num2, "evidence"),
        (
            "Secretary of State Mike Pompeo warned",
            Key::Num2,
            "evidence",
        ),
        ("the odds fall to zero", Key::Num1, "claim"),
    ] {
        select_and_tag(&mut harness, phrase, key);
        let app = harness.state();
        let created = annotations_with_quote(app, phrase);
        assert_eq!(created.len(), 1, "{phrase}");
        let layer = app.session().expect("open").layer();
        assert_eq!(layer.get(created[0]).expect("exists").tag.as_str(), tag);
    }
}

#[test]
fn clicking_an_annotation_in_the_pane_scrolls_the_article_to_it() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let (claims, evidence, last_recommendation) = {
        let layer = harness.state().session().expect("open").layer();
        let count = |tag: &str| {
            layer
                .annotations()
                .iter()
                .filter(|a| a.tag.as_str() == tag)
                .count()
        };
        let last = layer
            .annotations()
            .iter()
            .rev()
            .find(|a| a.tag.as_str() == "recommendation")
            .expect("analyst-a has recommendations")
            .clone();
        (count("claim"), count("evidence"), last)
    };
    // Only recommendations in the list: they come last in the article.
    harness.get_by_label(&format!("Claim {claims}")).click();
    harness.run();
    harness
        .get_by_label(&format!("Evidence {evidence}"))
        .click();
    harness.run();

    let document = harness.state().session().expect("open").document.clone();
    let target_paragraph = document
        .block_index_at(last_recommendation.span.start)
        .expect("in a paragraph");
    assert!(
        !harness
            .state()
            .article_view()
            .visible_paragraphs()
            .contains(&target_paragraph),
        "the target starts off screen"
    );
    let excerpt: String = last_recommendation.quote.exact.chars().take(40).collect();
    harness.get_by_label_contains(&excerpt).click();
    // The article and the list both scroll smoothly: longer than the usual run.
    harness.run_steps(240);
    let app = harness.state();
    assert_eq!(app.selected_annotation(), Some(last_recommendation.id));
    assert!(
        app.article_view()
            .visible_paragraphs()
            .contains(&target_paragraph),
        "paragraph {target_paragraph} should be visible, visible: {:?}",
        app.article_view().visible_paragraphs()
    );
}

#[test]
fn delete_then_ctrl_z_restores_the_annotation() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let before = harness.state().session().expect("open").layer().clone();
    harness.key_press(Key::J);
    harness.run();
    let selected = harness
        .state()
        .selected_annotation()
        .expect("J selects the first annotation");
    assert_eq!(Some(selected), before.annotations().first().map(|a| a.id));

    harness.key_press(Key::Delete);
    harness.run();
    let after_delete = harness.state().session().expect("open").layer().clone();
    assert_eq!(after_delete.len(), before.len() - 1);
    assert!(after_delete.get(selected).is_none());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let restored = harness.state().session().expect("open").layer().clone();
    assert_eq!(restored, before);
    assert_eq!(harness.state().selected_annotation(), Some(selected));

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().session().expect("open").layer().len(),
        before.len() - 1
    );
}

#[test]
fn saved_annotations_come_back_the_same_when_reopened() {
    let fixture = Fixture::new(false);
    let saved_layer = {
        let mut harness = harness(fixture.options("tester"));
        harness.run();
        select_and_tag(
            &mut harness,
            "President Trump will continue to ratchet up the pressure",
            Key::Num2,
        );
        select_and_tag(
            &mut harness,
            "U.S. officials need to be precise in their redlines and rhetoric",
            Key::Num3,
        );
        let note = "Precise “redlines” first";
        let id = harness
            .state()
            .selected_annotation()
            .expect("the new annotation is selected");
        harness.get_by_label("Note:").click();
        harness.run();
        harness.get_by_label("Note:").type_text(note);
        harness.run();
        let session = harness.state().session().expect("open");
        assert_eq!(session.layer().get(id).expect("exists").note, note);
        harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
        harness.run();
        let session = harness.state().session().expect("open");
        assert!(!session.has_unsaved_changes());
        assert!(fixture.sidecar("tester").exists());
        session.layer().clone()
    };
    assert_eq!(saved_layer.len(), 2);
    let mut reopened = harness(fixture.options("tester"));
    reopened.run();
    assert_eq!(
        reopened.state().session().expect("open").layer(),
        &saved_layer
    );
}

#[test]
fn a_tag_is_autosaved_in_the_background_without_ctrl_s() {
    let fixture = Fixture::new(false);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    let phrase = "President Trump will continue to ratchet up the pressure";
    select_and_tag(&mut harness, phrase, Key::Num2);
    assert!(
        harness
            .state()
            .session()
            .expect("open")
            .has_unsaved_changes()
    );
    assert!(!fixture.sidecar("tester").exists(), "not saved at once");
    assert!(
        run_until(&mut harness, |app| app
            .session()
            .is_some_and(|session| !session.has_unsaved_changes())),
        "the autosave finished"
    );
    let saved = std::fs::read_to_string(fixture.sidecar("tester")).expect("autosaved");
    assert!(saved.contains(phrase), "the sidecar holds the tag's quote");
    assert!(
        !harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.is_error)
    );
}

#[test]
fn tag_button_in_the_pane_tags_the_selection() {
    let fixture = Fixture::new(false);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    let phrase = "Naturally, such moves raise questions";
    let (from, to) = phrase_points(&mut harness, phrase);
    drag_select(&mut harness, from, to);
    harness.get_by_label("Recommendation (3)").click();
    harness.run();
    let created = annotations_with_quote(harness.state(), phrase);
    assert_eq!(created.len(), 1);
}

#[test]
fn an_unreadable_sidecar_is_reported_in_the_window_and_left_untouched() {
    let fixture = Fixture::new(false);
    let broken = "(format: \"closeread-sidecar\", version: 1, article: ";
    std::fs::write(fixture.sidecar("tester"), broken).expect("write broken sidecar");
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    harness.get_by_label("The sidecar cannot be read");
    // Tagging is refused while the file is unreadable, and the file is not written.
    let phrase = "Mehdi Khalaji is the Libitzky Family Fellow";
    let (from, to) = phrase_points(&mut harness, phrase);
    drag_select(&mut harness, from, to);
    harness.key_press(Key::Num1);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(
        std::fs::read_to_string(fixture.sidecar("tester")).expect("still there"),
        broken
    );
    assert!(
        harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.is_error)
    );

    harness.get_by_label("Set aside and start fresh").click();
    harness.run();
    assert!(!fixture.sidecar("tester").exists());
    let set_aside = std::fs::read_dir(&fixture.annotations)
        .expect("list")
        .filter_map(Result::ok)
        .find(|entry| entry.file_name().to_string_lossy().contains(".broken-"))
        .expect("the broken file was renamed, not deleted");
    assert_eq!(
        std::fs::read_to_string(set_aside.path()).expect("kept"),
        broken
    );
}

#[test]
fn the_analyst_name_is_asked_once_and_remembered() {
    let fixture = Fixture::new(false);
    let mut options = fixture.options("unused");
    options.analyst = None;
    let mut harness = harness(options.clone());
    harness.run();
    assert!(
        harness.state().session().is_none(),
        "nothing opens before the name is known"
    );
    harness.get_by_label("Analyst name").click();
    harness.run();
    // Replace the suggested name.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label("Analyst name").type_text("Zoë_K");
    harness.run();
    harness.get_by_label("Continue").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.analyst(), Some("Zoë_K"));
    let session = app
        .session()
        .expect("the article opened once the name was given");
    assert_eq!(session.sidecar_path, fixture.sidecar("Zoë_K"));
    let settings = closeread::settings::Settings::load_from(&fixture.settings);
    assert_eq!(settings.analyst.as_deref(), Some("Zoë_K"));
    assert_eq!(settings.recent_articles.len(), 1);
}

#[test]
fn an_invalid_analyst_name_is_refused_with_a_message() {
    let fixture = Fixture::new(false);
    let mut options = fixture.options("unused");
    options.analyst = None;
    let mut harness = harness(options);
    harness.run();
    harness.get_by_label("Analyst name").click();
    harness.run();
    // Replace the suggested name.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label("Analyst name").type_text("a/b");
    harness.run();
    harness.get_by_label("Continue").click();
    harness.run();
    assert!(harness.state().session().is_none());
    harness.get_by_label_contains("can hold only letters");
}

/// The visible glyphs of the Arabic-script words with their chars, leftmost first, in screen
/// coordinates.
fn arabic_glyph_centres(
    harness: &egui_kittest::Harness<'_, closeread::app::CloseReadApp>,
) -> Vec<(egui::Pos2, char)> {
    let app = harness.state();
    let document = &app.session().expect("open").document;
    let index = document
        .blocks()
        .iter()
        .position(|block| document.slice(block.chars.clone()).contains("فارسی"))
        .expect("the Arabic-script line");
    let galleys = app
        .article_view()
        .paragraph_galleys(index)
        .expect("laid out");
    let mut centres: Vec<(egui::Pos2, char)> = galleys
        .iter()
        .flat_map(|(origin, galley)| {
            galley.rows.iter().flat_map(move |row| {
                row.glyphs
                    .iter()
                    .filter(|glyph| {
                        ('\u{0600}'..='\u{06FF}').contains(&glyph.chr) && glyph.advance_width > 0.5
                    })
                    .map(move |glyph| {
                        let centre = *origin
                            + row.pos.to_vec2()
                            + egui::vec2(
                                glyph.pos.x + glyph.advance_width / 2.0,
                                glyph.pos.y - glyph.font_ascent + glyph.line_height / 2.0,
                            );
                        (centre, glyph.chr)
                    })
            })
        })
        .collect();
    centres.sort_by(|a, b| a.0.x.total_cmp(&b.0.x));
    centres
}

#[test]
fn double_clicking_inside_the_arabic_script_words_selects_each_word() {
    let fixture = Fixture::new(false);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    let centres = arabic_glyph_centres(&harness);
    assert!(centres.len() >= 4, "the Arabic glyphs are drawn");
    // Pick, for each word, a drawn glyph of a letter only that word has, wherever it was
    // drawn.
    for word in ["العربية", "فارسی"] {
        let other = if word == "العربية" {
            "فارسی"
        } else {
            "العربية"
        };
        let point = centres
            .iter()
            .find(|(_, chr)| word.contains(*chr) && !other.contains(*chr))
            .map(|(point, _)| *point)
            .expect("a glyph of the word");
        // Let egui's multi-click window pass, so that this is a fresh double click.
        harness.run_steps(40);
        for _ in 0..2 {
            harness.hover_at(point);
            harness.drag_at(point);
            harness.run();
            harness.drop_at(point);
            harness.run();
        }
        let selection = harness
            .state()
            .article_view()
            .selection()
            .expect("a word is selected");
        let document = &harness.state().session().expect("open").document;
        assert_eq!(document.slice(selection), word);
        harness.key_press(Key::Num2);
        harness.run();
        assert_eq!(
            annotations_with_quote(harness.state(), word).len(),
            1,
            "{word} tagged"
        );
    }
}

#[test]
fn k_from_nothing_selects_the_last_annotation_and_the_list_follows() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let last = harness
        .state()
        .session()
        .expect("open")
        .layer()
        .annotations()
        .last()
        .expect("annotations")
        .clone();
    // A list row reads "Tag “excerpt…” note · analyst".
    let label = last.tag.as_str();
    let tag_label = format!("{}{}", label[..1].to_uppercase(), &label[1..]);
    let excerpt: String = format!(
        "{tag_label} “{}",
        last.quote.exact.chars().take(30).collect::<String>()
    );
    assert!(
        harness.query_by_label_contains(&excerpt).is_none(),
        "the last row starts out of the list's view"
    );
    harness.key_press(Key::K);
    // The list scrolls there smoothly: longer than the harness's usual run.
    harness.run_steps(240);
    assert_eq!(harness.state().selected_annotation(), Some(last.id));
    assert!(
        harness.query_by_label_contains(&excerpt).is_some(),
        "the list scrolled to it"
    );
}

#[test]
fn orphans_are_listed_apart_and_can_be_reattached_to_a_selection() {
    let fixture = Fixture::new(true);
    // Remove a sentence that analyst-a annotated, and reword it as a new sentence elsewhere.
    let text = std::fs::read_to_string(&fixture.article).expect("article");
    let removed = "There is no guarantee that post-Khamenei Iran will be a more reasonable and flexible party for negotiation with the West.";
    assert!(text.contains(removed));
    let orphaned_quote = {
        let probe = harness(fixture.options("analyst-a"));
        let layer = probe.state().session().expect("open").layer().clone();
        layer
            .annotations()
            .iter()
            .find(|annotation| removed.contains(annotation.quote.exact.as_str()))
            .map(|annotation| annotation.quote.exact.clone())
    };
    let Some(orphaned_quote) = orphaned_quote else {
        panic!("analyst-a annotated part of the removed sentence");
    };
    let edited = text.replace(
        removed,
        "Nobody can promise that Iran after Khamenei will negotiate.",
    );
    std::fs::write(&fixture.article, edited).expect("edit article");

    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    assert!(
        harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.text.contains("1 orphaned")),
        "the window reports the counts: {:?}",
        harness.state().notices()
    );
    harness.get_by_label_contains("Orphans (1)");
    let excerpt: String = orphaned_quote.chars().take(20).collect();
    harness
        .get_by_label_contains(&format!("“{excerpt}"))
        .click();
    harness.run();
    let orphan = harness
        .state()
        .selected_annotation()
        .expect("the orphan is selected");

    let (from, to) = phrase_points(
        &mut harness,
        "Nobody can promise that Iran after Khamenei will negotiate.",
    );
    drag_select(&mut harness, from, to);
    harness.get_by_label("Re-attach to selection").click();
    harness.run();
    let session = harness.state().session().expect("open");
    let reattached = session.layer().get(orphan).expect("kept");
    assert!(reattached.status.is_anchored());
    assert_eq!(
        reattached.quote.exact,
        "Nobody can promise that Iran after Khamenei will negotiate."
    );
    assert!(harness.query_by_label_contains("Orphans (").is_none());
}

#[test]
fn an_article_edited_outside_while_open_carries_its_annotations_along() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let before = harness.state().session().expect("open").layer().clone();
    let text = std::fs::read_to_string(&fixture.article).expect("article");
    let edited = text.replacen(
        "May 2, 2019",
        "May 2, 2019 (updated May 3)\n\nEditor's note: a paragraph was added.",
        1,
    );
    std::fs::write(&fixture.article, edited).expect("edit the article");

    // The file watcher wakes the window; give it the time a person would.
    let mut picked_up = false;
    for _ in 0..100 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        harness.run();
        let session = harness.state().session().expect("open");
        if session.document.text().contains("Editor's note") {
            picked_up = true;
            break;
        }
    }
    assert!(picked_up, "the edit was picked up");
    let session = harness.state().session().expect("open");
    assert_eq!(session.layer().len(), before.len(), "nothing dropped");
    for annotation in session.layer().annotations() {
        assert!(
            annotation.status.is_anchored(),
            "{}",
            annotation.quote.exact
        );
        assert_eq!(
            session.document.slice(annotation.span.range()),
            annotation.quote.exact
        );
    }
    assert!(
        session.has_unsaved_changes(),
        "the new offsets will be saved"
    );
}

#[test]
fn the_export_dialog_writes_a_briefing_in_the_background() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label_contains("Export…").click();
    harness.run();
    harness.get_by_label("Markdown briefing").click();
    harness.run();
    // analyst-b's layer sits beside analyst-a's: export both.
    harness
        .get_by_role_and_label(egui::accesskit::Role::CheckBox, "analyst-b")
        .click();
    harness.run();
    let target = fixture.dir.path().join("briefing.md");
    harness.get_by_label("File:").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_label("File:")
        .type_text(&target.display().to_string());
    harness.run();
    harness.get_by_label("Export").click();
    harness.run();
    for _ in 0..200 {
        if !harness.state().is_exporting() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run();
    }
    assert!(!harness.state().is_exporting(), "the export finished");
    let briefing = std::fs::read_to_string(&target).expect("the briefing was written");
    // The briefing starts with the article's real title (found in it: no meta file here).
    assert!(
        briefing.starts_with("# Khamenei’s Breaking Point: How to Get Iran Back"),
        "{briefing}"
    );
    assert!(briefing.contains("## Claims") && briefing.contains("## Recommendations"));
    assert!(
        briefing.contains("tagged by analyst-a, analyst-b"),
        "{briefing}"
    );
    assert!(
        harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.text.starts_with("Exported to"))
    );
}

#[test]
fn ctrl_shift_c_copies_the_selected_excerpt_as_markdown() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    harness.key_press(Key::J);
    harness.run();
    let first = harness
        .state()
        .session()
        .expect("open")
        .layer()
        .annotations()[0]
        .clone();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    harness.run();
    let copied = harness
        .state()
        .last_copied_text()
        .expect("copied")
        .to_owned();
    assert!(
        copied.contains(&format!("> “{}", &first.quote.exact[..30])),
        "{copied}"
    );
    assert_eq!(copied.matches("\n> “").count(), 1, "one excerpt");
}

#[test]
fn an_idle_window_asks_for_no_repaint() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    // Settles: `run` fails if the app keeps asking for frames.
    harness.run();
    harness.step();
    assert!(
        !harness.ctx.has_requested_repaint(),
        "nothing happens, so nothing is redrawn"
    );
}

/// A one-page web server on a free local port: every request gets `page` as HTML.
fn serve_once(page: &'static str) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let address = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    format!("http://{address}/briefs/water-and-sanctions")
}

#[test]
fn open_address_downloads_the_page_into_the_folder_and_opens_it() {
    let url = serve_once(
        "<html><head><title>Water and sanctions</title></head><body><article>\
         <h1>Water and sanctions</h1><p>Dams were delayed by the sanctions, the ministry said.</p>\
         </article></body></html>",
    );
    let fixture = Fixture::new(false);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label_contains("Open address…").click();
    harness.run();
    harness.get_by_label("Address to download").type_text(&url);
    let folder = fixture.dir.path().join("fetched");
    harness.get_by_label("Folder to keep it in").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Folder to keep it in")
        .type_text(&folder.display().to_string());
    harness.run();
    harness.get_by_label("Download and open").click();
    let saved = folder.join("water-and-sanctions.html");
    let opened = run_until(&mut harness, |app| {
        app.session()
            .is_some_and(|session| session.article_path == saved)
    });
    assert!(opened, "the fetched page was not opened");
    let session = harness.state().session().expect("a session");
    assert!(
        session
            .document
            .text()
            .contains("Dams were delayed by the sanctions"),
        "{}",
        session.document.text()
    );
    // Where and when it came from, beside it.
    let meta = std::fs::read_to_string(folder.join("water-and-sanctions.meta.ron"))
        .expect("document information");
    assert!(meta.contains(&url) && meta.contains("fetched"), "{meta}");
}
