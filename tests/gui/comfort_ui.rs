//! Long work off the UI thread (opening a large article, agreement over large layers) with a
//! progress window and Cancel; sidecars dropped onto the window; the look and layout kept in
//! the settings.

use closeread::app::{AppCommand, CloseReadApp, StartOptions, TeamCommand};
use closeread::settings::{ReadingFont, Settings, ThemeChoice};
use closeread::synthetic::write_book;
use closeread_gui_tests::{Fixture, harness};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The sample open (its sidecars beside it), and a generated 5 MB book with 20,000
/// annotations written into `dir`.
fn sample_and_book(
    dir: &std::path::Path,
) -> (Fixture, Harness<'static, CloseReadApp>, std::path::PathBuf) {
    let book = write_book(dir, 5 * 1024 * 1024, 20_000, "analyst-a").expect("the book");
    let fixture = Fixture::new(false);
    let mut harness = harness(StartOptions {
        annotations_dir: None,
        ..fixture.options("analyst-a")
    });
    harness.run();
    (fixture, harness, book.article)
}

/// Steps frames until `done` or `seconds` pass; whether `done` came true.
fn step_until(
    harness: &mut Harness<'static, CloseReadApp>,
    seconds: u64,
    mut done: impl FnMut(&mut Harness<'static, CloseReadApp>) -> bool,
) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while std::time::Instant::now() < deadline {
        harness.step();
        if done(harness) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

#[test]
fn a_large_article_opens_off_the_ui_thread_with_progress_and_can_be_cancelled() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (_fixture, mut harness, book) = sample_and_book(dir.path());
    let sample_name = harness.state().session().expect("open").article_name();

    harness.state_mut().open_article(book.clone());
    assert!(harness.state().is_opening());
    harness.run_steps(2);
    assert!(
        harness.query_by_label("Cancel").is_some(),
        "the progress window offers Cancel"
    );
    assert_eq!(
        harness
            .state()
            .session()
            .expect("still open")
            .article_name(),
        sample_name,
        "the window goes on showing the sample while the book is read"
    );
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(!harness.state().is_opening());
    assert_eq!(
        harness.state().session().expect("open").article_name(),
        sample_name,
        "cancelled: the sample stays"
    );

    // Opened again and left to finish, the book replaces the sample.
    harness.state_mut().open_article(book);
    assert!(
        step_until(&mut harness, 120, |harness| !harness.state().is_opening()),
        "the book opened"
    );
    let session = harness.state().session().expect("open");
    assert_eq!(session.article_name(), "book.md");
    assert_eq!(session.layer().len(), 20_000);
}

#[test]
fn agreement_over_large_layers_is_worked_out_in_the_background() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    // Every layer counts as large here.
    harness.state_mut().set_background_thresholds(u64::MAX, 0);
    harness.state_mut().apply_command(
        &egui::Context::default(),
        AppCommand::Team(TeamCommand::ShowAgreement(true)),
    );
    harness.step();
    assert!(
        harness
            .query_all_by_label_contains("Pairwise")
            .next()
            .is_none(),
        "nothing is shown before the worker is done"
    );
    let found = step_until(&mut harness, 20, |harness| {
        harness
            .query_all_by_label_contains("Pairwise")
            .next()
            .is_some()
    });
    assert!(found, "the heat map appears once the worker is done");
}

#[test]
fn a_dropped_sidecar_joins_the_open_article_as_a_teammate_and_never_overwrites() {
    let fixture = Fixture::new(false);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    assert!(harness.state().teammates().is_empty());
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    let dropped = elsewhere
        .path()
        .join("khamenei-breaking-point.analyst-b.ron");
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../annotations/khamenei-breaking-point.analyst-b.ron");
    std::fs::copy(&bundled, &dropped).expect("copy analyst-b's sidecar");

    harness.state_mut().take_dropped_sidecar(&dropped);
    harness.run();
    let target = fixture.sidecar("analyst-b");
    assert_eq!(
        std::fs::read(&target).expect("copied beside the article"),
        std::fs::read(&bundled).expect("the bundled sidecar")
    );
    assert!(
        harness
            .state()
            .teammates()
            .iter()
            .any(|mate| mate.analyst == "analyst-b" && mate.layer.is_some()),
        "analyst-b's layer is loaded"
    );

    // A different file for the same analyst is refused, and the copy stays as it was.
    let text = std::fs::read_to_string(&dropped).expect("read");
    std::fs::write(&dropped, text + "\n// changed elsewhere\n").expect("write");
    harness.state_mut().take_dropped_sidecar(&dropped);
    harness.run();
    assert_eq!(
        std::fs::read(&target).expect("still there"),
        std::fs::read(&bundled).expect("the bundled sidecar"),
        "not overwritten"
    );
    assert!(
        harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.is_error && notice.text.contains("was not overwritten"))
    );
}

#[test]
fn zoom_column_width_theme_and_font_are_kept_in_the_settings() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let width = harness.state().settings().view.column_width;
    harness.key_press_modifiers(Modifiers::COMMAND, Key::CloseBracket);
    harness.run();
    assert!(harness.state().settings().view.column_width > width);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    harness.run();
    assert!(harness.state().settings().view.zoom > 1.0);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply_command(&ctx, AppCommand::SetTheme(ThemeChoice::Dark));
    harness
        .state_mut()
        .apply_command(&ctx, AppCommand::SetReadingFont(ReadingFont::Monospace));
    harness.run();
    let saved = Settings::load_from(&fixture.settings);
    assert_eq!(saved.view.theme, ThemeChoice::Dark);
    assert_eq!(saved.view.reading_font, ReadingFont::Monospace);
    assert!(saved.view.column_width > width);
}
