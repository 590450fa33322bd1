//! Long work off the UI thread (opening an article, agreement over large layers) with a
//! progress window and Cancel (or Esc); sidecars dropped onto the window; the look and layout kept in
//! the settings.

use closeread::app::{AppCommand, CloseReadApp, TeamCommand};
use closeread::settings::{ReadingFont, Settings, ThemeChoice};
use closeread_gui_tests::{Fixture, harness};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

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

/// A named pipe: reading it waits until the test writes, so an open of it is held for as
/// long as the test likes (the size threshold is set to 0, so it opens in the background).
fn held_article(folder: &std::path::Path) -> std::path::PathBuf {
    let pipe = folder.join("held.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo made {}", pipe.display());
    pipe
}

/// Lets the worker reading `pipe` go on, with `text` as the article.
fn release(pipe: &std::path::Path, text: &'static str) -> std::thread::JoinHandle<()> {
    let pipe = pipe.to_path_buf();
    std::thread::spawn(move || {
        let _ = std::fs::write(&pipe, text);
    })
}

#[test]
fn opening_runs_off_the_ui_thread_with_progress_and_can_be_cancelled() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let sample_name = harness.state().session().expect("open").article_name();
    harness.state_mut().set_background_thresholds(0, usize::MAX);
    let pipe = held_article(fixture.dir.path());

    harness.state_mut().open_article(pipe.clone());
    assert!(harness.state().is_opening());
    harness.run_steps(3);
    assert!(harness.state().is_opening(), "held: still reading");
    harness.get_by_label("Opening held.txt");
    assert_eq!(
        harness
            .state()
            .session()
            .expect("still open")
            .article_name(),
        sample_name,
        "the window goes on showing the sample while the other article is read"
    );
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(!harness.state().is_opening());
    assert_eq!(
        harness.state().session().expect("open").article_name(),
        sample_name,
        "cancelled: the sample stays"
    );
    release(&pipe, "").join().expect("the held read ends");

    // Esc cancels too.
    harness.state_mut().open_article(pipe.clone());
    harness.run_steps(3);
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().is_opening(), "Esc cancelled");
    release(&pipe, "").join().expect("the held read ends");

    // Opened again and let go, the article replaces the sample.
    harness.state_mut().open_article(pipe.clone());
    harness.run_steps(3);
    let writer = release(&pipe, "A held article.\n\nIts second paragraph.\n");
    assert!(
        step_until(&mut harness, 20, |harness| !harness.state().is_opening()),
        "the article opened"
    );
    writer.join().expect("written");
    let session = harness.state().session().expect("open");
    assert_eq!(session.article_name(), "held.txt");
    assert!(session.document.text().contains("second paragraph"));
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

/// Adds an annotation to `analyst`'s sidecar beside the fixture's article, as another
/// program (a sync, `closeread add`) would.
fn add_elsewhere(fixture: &Fixture, analyst: &str) {
    let mut session = closeread::session::ReadingSession::open(
        &fixture.article,
        Some(&fixture.annotations),
        analyst,
    )
    .expect("open as another program would");
    let text = session.document.text().to_owned();
    let start = text.find("Pompeo").expect("a word of the sample");
    let start = session.document.char_offset(start);
    session
        .add_annotation(
            start,
            start + "Pompeo".len(),
            closeread::model::TagId::new("evidence"),
            String::new(),
        )
        .expect("add");
    session.save().expect("save");
}

#[test]
fn sidecars_changed_on_disk_are_read_on_a_worker_and_taken_in() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    // Every sidecar counts as large here.
    harness.state_mut().set_background_thresholds(0, usize::MAX);
    let own_before = harness.state().session().expect("open").layer().len();
    let teammate_len = |app: &CloseReadApp| {
        app.teammates()
            .iter()
            .find(|mate| mate.analyst == "analyst-b")
            .and_then(|mate| mate.layer.as_ref())
            .map(|layer| layer.len())
    };
    let teammate_before = teammate_len(harness.state()).expect("analyst-b's layer");

    add_elsewhere(&fixture, "analyst-b");
    assert!(
        step_until(&mut harness, 20, |harness| teammate_len(harness.state())
            == Some(teammate_before + 1)),
        "analyst-b's new annotation reached the Team panel"
    );
    assert!(!harness.state().is_reloading_teammates());

    add_elsewhere(&fixture, "analyst-a");
    assert!(
        step_until(&mut harness, 20, |harness| harness
            .state()
            .session()
            .is_some_and(|session| session.layer().len() == own_before + 1)),
        "the own sidecar's new annotation was taken in"
    );
}
