//! The team features driven through the real window by their accessibility labels: layers
//! listed and hidden, blind mode, live reload of a teammate's sidecar, comparison,
//! agreement and adjudication with undo; and, in `project_ui.rs`, the same across a project.

use closeread::model::{Layer, TagId};
use closeread::session::ReadingSession;
use closeread::team;
use closeread_gui_tests::{Fixture, harness, run_until};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use std::time::{Duration, Instant};

fn layer_of(fixture: &Fixture, analyst: &str) -> (ReadingSession, Layer) {
    let session = ReadingSession::open(&fixture.article, Some(&fixture.annotations), analyst)
        .expect("the sidecar opens");
    let layer = session.layer().clone();
    (session, layer)
}

#[test]
fn teammates_are_listed_with_their_layers_and_can_be_hidden() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let mates: Vec<&str> = harness
        .state()
        .teammates()
        .iter()
        .map(|mate| mate.analyst.as_str())
        .collect();
    assert_eq!(mates, vec!["analyst-b"]);
    assert_eq!(harness.state().shown_teammates(), vec!["analyst-b"]);
    harness.get_by_label("Show analyst-b").click();
    harness.run();
    assert!(harness.state().shown_teammates().is_empty(), "hidden");
    harness.get_by_label("Show analyst-b").click();
    harness.run();
    assert_eq!(harness.state().shown_teammates(), vec!["analyst-b"]);
}

#[test]
fn blind_mode_hides_teammates_until_the_reading_is_done() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    harness.get_by_label("Blind mode").click();
    harness.run();
    assert!(harness.state().shown_teammates().is_empty());
    assert!(
        harness.query_by_label("Compare readings…").is_some(),
        "the button is there but disabled"
    );
    harness.get_by_label("Compare readings…").click();
    harness.run();
    assert!(
        harness.query_by_label("Compare readings").is_none(),
        "no comparison while blind"
    );
    harness.get_by_label("Mark my reading done").click();
    harness.run();
    assert_eq!(harness.state().shown_teammates(), vec!["analyst-b"]);

    // Remembered: reopening the same reading is not blind again.
    drop(harness);
    let mut again = closeread_gui_tests::harness(fixture.options("analyst-a"));
    again.run();
    assert_eq!(again.state().shown_teammates(), vec!["analyst-b"]);
}

#[test]
fn a_teammates_sidecar_written_elsewhere_is_reloaded_without_a_loop_from_our_saves() {
    let fixture = Fixture::new(true);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let count_of = |app: &closeread::app::CloseReadApp, analyst: &str| {
        app.teammates()
            .iter()
            .find(|mate| mate.analyst == analyst)
            .and_then(|mate| mate.layer.as_ref())
            .map(Layer::len)
    };
    let before = count_of(harness.state(), "analyst-b").expect("analyst-b loaded");

    // analyst-b adds an annotation on another machine; the file arrives by sync.
    let (mut teammate, _) = layer_of(&fixture, "analyst-b");
    teammate
        .add_annotation(0, 20, TagId::new("claim"), "synced".into())
        .expect("adds");
    teammate.save().expect("saves");
    assert!(
        run_until(&mut harness, |app| count_of(app, "analyst-b")
            == Some(before + 1)),
        "analyst-b's new annotation shows up"
    );

    // A new teammate's sidecar appears.
    let (mut newcomer, _) = layer_of(&fixture, "analyst-c");
    newcomer
        .add_annotation(30, 60, TagId::new("evidence"), String::new())
        .expect("adds");
    newcomer.save().expect("saves");
    assert!(
        run_until(&mut harness, |app| count_of(app, "analyst-c") == Some(1)),
        "analyst-c is listed"
    );
    assert!(harness.query_by_label("Show analyst-c").is_some());

    // Our own save is not taken for a change made elsewhere.
    harness.key_press(Key::J);
    harness.run();
    harness.key_press(Key::Num2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let revision = harness.state().session().expect("open").revision();
    let settle = Instant::now() + Duration::from_millis(1200);
    while Instant::now() < settle {
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    let session = harness.state().session().expect("open");
    assert_eq!(session.revision(), revision, "no reload after our own save");
    assert!(!session.has_unsaved_changes());
    assert!(
        !harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.text.contains("Your sidecar was changed elsewhere")),
        "{:?}",
        harness.state().notices()
    );
}

#[test]
fn the_navigator_steps_through_the_disagreements_of_two_readings() {
    let fixture = Fixture::new(true);
    let (_, a) = layer_of(&fixture, "analyst-a");
    let (_, b) = layer_of(&fixture, "analyst-b");
    let disagreements = team::compare(&a, &b)
        .into_iter()
        .filter(|comparison| comparison.difference.is_disagreement())
        .count();
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    harness.get_by_label("Compare readings…").click();
    harness.run();
    harness.get_by_label("Next disagreement ▶").click();
    harness.run();
    harness.get_by_label(&format!("1 of {disagreements}"));
    harness.get_by_label("◀ Previous disagreement").click();
    harness.run();
    harness.get_by_label(&format!("{disagreements} of {disagreements}"));
}

#[test]
fn the_agreement_panel_names_each_figure_by_its_metric() {
    let fixture = Fixture::new(true);
    let (session, a) = layer_of(&fixture, "analyst-a");
    let (_, b) = layer_of(&fixture, "analyst-b");
    let report = team::agreement(&session.document, &[&a, &b]);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    harness.get_by_label("Agreement…").click();
    harness.run();
    for metric in team::Metric::ALL {
        assert!(
            !harness
                .get_all_by_label(metric.label())
                .collect::<Vec<_>>()
                .is_empty(),
            "{} is named",
            metric.label()
        );
        let figure = format!(
            "{:.3}",
            report.pairs[0].overall.get(metric).expect("defined")
        );
        assert!(
            harness.query_all_by_label(&figure).next().is_some(),
            "{} {figure} is shown",
            metric.label()
        );
    }
}

#[test]
fn adjudication_accepts_the_unanimous_readings_and_undo_takes_them_back() {
    let fixture = Fixture::new(true);
    let (session, a) = layer_of(&fixture, "analyst-a");
    let (_, b) = layer_of(&fixture, "analyst-b");
    let expected = team::decide_automatically(
        &session.document,
        &Layer::new(team::CONSENSUS, Default::default()),
        &[&a, &b],
        team::Strategy::Unanimous,
    );
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    harness.get_by_label("Adjudicate…").click();
    harness.run();
    assert_eq!(
        harness.state().session().expect("open").analyst(),
        team::CONSENSUS
    );
    harness.get_by_label("Accept all unanimous").click();
    harness.run();
    let consensus = harness.state().session().expect("open").layer();
    assert_eq!(consensus.len(), expected.accepted);
    assert!(
        consensus
            .annotations()
            .iter()
            .any(|annotation| annotation.note.contains("analyst-a: ")
                && annotation.note.contains("analyst-b: ")),
        "both analysts' notes are kept"
    );

    // Take one side of the first open disagreement, then undo both decisions.
    harness.get_by_label("Neither").click();
    harness.run();
    let settled = harness
        .state()
        .session()
        .expect("open")
        .layer()
        .settled()
        .len();
    assert!(
        settled > 2 * expected.accepted,
        "the disagreement is settled too"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let consensus = harness.state().session().expect("open").layer();
    assert!(consensus.is_empty());
    assert!(consensus.settled().is_empty());

    harness.get_by_label("Back to my layer").click();
    harness.run();
    assert_eq!(
        harness.state().session().expect("open").analyst(),
        "analyst-a"
    );
}

#[test]
fn a_sidecar_open_in_another_window_opens_read_only_until_the_analyst_chooses() {
    let fixture = Fixture::new(true);
    let sidecar = fixture.sidecar("analyst-a");
    // Another live process on this host holds it (pid 1 always runs).
    std::fs::write(
        closeread::store::lock::lock_path(&sidecar),
        format!(
            "host = {}\npid = 1\nsince = earlier\n",
            closeread::store::lock::host_name()
        ),
    )
    .expect("write the lock");
    let before = std::fs::read(&sidecar).expect("read");
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    let holder = harness
        .state()
        .session()
        .and_then(|session| session.read_only_holder().map(str::to_owned));
    assert!(holder.is_some_and(|holder| holder.contains("process 1")));
    let count = harness.state().session().expect("open").layer().len();
    harness.key_press(Key::J);
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(
        harness.state().session().expect("open").layer().len(),
        count,
        "read-only: nothing deleted"
    );
    harness.get_by_label("Edit anyway").click();
    harness.run();
    harness.key_press(Key::Delete);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(
        harness.state().session().expect("open").layer().len(),
        count - 1
    );
    assert_ne!(std::fs::read(&sidecar).expect("read"), before, "saved");
}

// Sync with the team's repository from the window, in its own file.
mod sync_ui;

// The project's window features (home, retrieval, codebook, team) are in their own file.
#[path = "project_ui.rs"]
mod project_ui;
