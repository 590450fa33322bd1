//! An article beside its other edition in the real window: opened from the command, paired
//! automatically, following the article's scrolling paragraph by paragraph, paired by hand,
//! a passage linked, a difference noted (all in `<stem>.editions.ron`), and Switch editions.

use closeread::app::{Action, AppCommand, CloseReadApp, StartOptions};
use closeread::model::Document;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};

struct EditionsFixture {
    dir: tempfile::TempDir,
    article: PathBuf,
    edition: PathBuf,
}

/// The sample article, and a second edition of it: the same paragraphs with every third pair
/// merged into one, and a Persian paragraph added after the first.
fn fixture() -> EditionsFixture {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/articles");
    let article = dir.path().join("khamenei-breaking-point.txt");
    std::fs::copy(root.join("khamenei-breaking-point.txt"), &article).expect("sample");
    let document = closeread::store::read_article(&article)
        .expect("the sample reads")
        .document;
    let blocks: Vec<&str> = document
        .blocks()
        .iter()
        .map(|block| document.slice(block.chars.clone()))
        .collect();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut index = 0;
    while index < blocks.len() {
        if index % 6 == 3 && index + 1 < blocks.len() {
            paragraphs.push(format!("{} {}", blocks[index], blocks[index + 1]));
            index += 2;
        } else {
            paragraphs.push(blocks[index].to_owned());
            index += 1;
        }
        if paragraphs.len() == 1 {
            paragraphs.push("این بند فقط در این ویرایش آمده است.".to_owned());
        }
    }
    let edition = dir.path().join("khamenei-breaking-point.second.txt");
    std::fs::write(&edition, paragraphs.join("\n\n")).expect("edition");
    EditionsFixture {
        dir,
        article,
        edition,
    }
}

fn options(fixture: &EditionsFixture) -> StartOptions {
    let annotations = fixture.dir.path().join("annotations");
    std::fs::create_dir_all(&annotations).expect("annotations folder");
    StartOptions {
        article: Some(fixture.article.clone()),
        annotations_dir: Some(annotations),
        analyst: Some("tester".to_owned()),
        settings_path: Some(fixture.dir.path().join("settings.ron")),
    }
}

fn run(harness: &mut Harness<'_, CloseReadApp>, command: AppCommand) {
    let ctx = harness.ctx.clone();
    harness.state_mut().apply_command(&ctx, command);
    harness.run();
}

fn document(harness: &Harness<'_, CloseReadApp>) -> Document {
    harness.state().session().expect("open").document.clone()
}

fn edition_document(fixture: &EditionsFixture) -> Document {
    closeread::store::read_article(&fixture.edition)
        .expect("the edition reads")
        .document
}

fn editions_file(fixture: &EditionsFixture) -> String {
    std::fs::read_to_string(
        fixture
            .dir
            .path()
            .join("khamenei-breaking-point.editions.ron"),
    )
    .expect("the editions file")
}

#[test]
fn the_other_edition_opens_beside_the_article_follows_it_and_takes_pairs_links_and_notes() {
    let fixture = fixture();
    let mut harness = closeread_gui_tests::harness(options(&fixture));
    harness.run();
    // File › Open other edition…: no editions file yet, so its path is asked.
    run(&mut harness, AppCommand::Run(Action::OpenEdition));
    harness
        .get_by_label("Its file:")
        .type_text(&fixture.edition.display().to_string());
    harness.run();
    harness.get_by_label("Open").click();
    harness.run();
    harness.run();
    let opened = harness
        .state()
        .other_edition()
        .map(|(path, _)| path.to_path_buf());
    assert_eq!(
        opened.as_deref(),
        Some(fixture.edition.as_path()),
        "{:?}",
        harness.state().notices()
    );

    // Scrolling the article to its 20th paragraph brings the edition's paired paragraph to
    // the top of the column: the 20th less the merged ones before it, plus the added one.
    let article = document(&harness);
    let target = 20;
    harness
        .state_mut()
        .article_view_mut()
        .scroll_to(article.blocks()[target].chars.start);
    harness.run_steps(10);
    let main_top = harness.state().article_view().visible_paragraphs().start;
    harness.run_steps(10);
    let merged_before = (0..main_top).filter(|index| index % 6 == 4).count();
    let expected = main_top - merged_before + 1;
    let (_, view) = harness.state().other_edition().expect("open");
    let edition_top = view.visible_paragraphs().start;
    assert!(
        edition_top.abs_diff(expected) <= 1,
        "the article is at ¶{main_top}, the edition at ¶{edition_top}, its pair ¶{expected}"
    );
    assert!(main_top >= 10, "the article scrolled: ¶{main_top}");
    // Scrolling the column back to its 6th paragraph brings the article along: to the
    // article's paragraph paired with it (the 6th less the added one, plus the merged one).
    let edition = edition_document(&fixture);
    harness
        .state_mut()
        .other_edition_view_mut()
        .expect("open")
        .scroll_to(edition.blocks()[6].chars.start);
    harness.run_steps(20);
    let (_, view) = harness.state().other_edition().expect("open");
    let column_top = view.visible_paragraphs().start;
    let article_top = harness.state().article_view().visible_paragraphs().start;
    assert!(column_top < 10, "the column scrolled back: ¶{column_top}");
    assert!(
        article_top.abs_diff(column_top) <= 2,
        "the article followed the column: ¶{article_top} for the column's ¶{column_top}"
    );

    // Pair by hand: the article's caret paragraph with the edition's ¶1 (the added one).
    harness
        .state_mut()
        .article_view_mut()
        .set_selection(article.blocks()[2].chars.start..article.blocks()[2].chars.start);
    harness
        .state_mut()
        .other_edition_view_mut()
        .expect("open")
        .set_selection(edition.blocks()[1].chars.start..edition.blocks()[1].chars.start);
    run(&mut harness, AppCommand::Run(Action::PairParagraphs));
    let file = editions_file(&fixture);
    assert!(
        file.contains("a: [2], b: [1], by_hand: true"),
        "the pair set by hand is in the file:\n{file}"
    );
    // Link a passage: "Mehdi Khalaji" in both.
    let find = |document: &Document, needle: &str| {
        let byte = document.text().find(needle).expect("in the text");
        let start = document.char_offset(byte);
        start..start + needle.chars().count()
    };
    harness
        .state_mut()
        .article_view_mut()
        .set_selection(find(&article, "Mehdi Khalaji"));
    harness
        .state_mut()
        .other_edition_view_mut()
        .expect("open")
        .set_selection(find(&edition, "Mehdi Khalaji"));
    run(&mut harness, AppCommand::Run(Action::LinkAcrossEditions));
    let file = editions_file(&fixture);
    assert!(file.contains("quote: \"Mehdi Khalaji\""), "{file}");
    assert!(file.contains("analyst: \"tester\""), "{file}");
    // A note on the pair at the article's caret, typed in the column.
    harness
        .state_mut()
        .article_view_mut()
        .set_selection(article.blocks()[2].chars.start..article.blocks()[2].chars.start);
    harness.run();
    harness.get_by_label("Differs:").click();
    harness.run();
    harness
        .get_by_label("Differs:")
        .type_text("the second edition adds a paragraph here");
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let file = editions_file(&fixture);
    assert!(
        file.contains("note: \"the second edition adds a paragraph here\""),
        "{file}"
    );

    // Both side by side, written where the column proposes: beside the article.
    harness.get_by_label("HTML…").click();
    harness.run();
    harness.get_by_label("Write").click();
    harness.run();
    let html = std::fs::read_to_string(
        fixture
            .dir
            .path()
            .join("khamenei-breaking-point.editions.html"),
    )
    .expect("the side-by-side report");
    assert!(
        html.contains("این بند فقط در این ویرایش آمده است."),
        "the edition's text"
    );
    assert!(
        html.contains("(not in this edition)"),
        "the added paragraph has no pair"
    );
    assert!(
        html.contains("the second edition adds a paragraph here"),
        "the note"
    );

    // Switch editions: the second edition is the article, the first beside it, and the pair
    // set by hand reads the other way round.
    run(&mut harness, AppCommand::Run(Action::SwitchEditions));
    harness.run();
    let session = harness.state().session().expect("open");
    assert_eq!(session.article_path, fixture.edition);
    let (path, _) = harness
        .state()
        .other_edition()
        .expect("the first edition beside it");
    assert_eq!(path, fixture.article.as_path());
    harness
        .state_mut()
        .article_view_mut()
        .set_selection(edition.blocks()[1].chars.start..edition.blocks()[1].chars.start);
    harness.run();
    harness.get_by_label_contains("At the caret: ¶2 ↔ ¶3 (by hand)");
}
