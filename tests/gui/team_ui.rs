//! The team features driven through the real window by their accessibility labels: layers
//! listed and hidden, blind mode, live reload of a teammate's sidecar, comparison,
//! agreement and adjudication with undo.

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

/// A project of the sample article (with both readings) and a short memo, read blind until
/// done, assigned to analyst-a and analyst-b.
fn sample_project(dir: &std::path::Path) -> std::path::PathBuf {
    let incoming = dir.join("incoming");
    std::fs::create_dir_all(&incoming).expect("folder");
    let fixture = Fixture::new(true);
    std::fs::copy(
        &fixture.article,
        incoming.join(closeread_gui_tests::ARTICLE_NAME),
    )
    .expect("copy");
    for analyst in ["analyst-a", "analyst-b"] {
        let name = format!("khamenei-breaking-point.{analyst}.ron");
        std::fs::copy(fixture.annotations.join(&name), incoming.join(&name)).expect("copy");
    }
    std::fs::write(
        incoming.join("memo.txt"),
        "\u{feff}Sanctions relief memo\r\n\r\nLift the sanctions on medicine.\r\n",
    )
    .expect("memo");
    let root = dir.join("project");
    let mut project =
        closeread::project::Project::init(&root, "Sanctions", None).expect("a project");
    closeread::project::add::add_articles(&mut project, &[incoming], &[]).expect("added");
    project.manifest.settings.blind_until_done = true;
    closeread::project::assign::assign(
        &mut project.manifest,
        &closeread::project::assign::AssignOptions {
            analysts: vec!["analyst-a".into(), "analyst-b".into()],
            double_read_percent: 100,
            readers: 2,
            seed: 1,
            reassign: false,
        },
    )
    .expect("assigned");
    project.save().expect("saved");
    root
}

#[test]
fn the_project_home_opens_its_articles_and_marking_done_lifts_the_blind() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = sample_project(dir.path());
    let mut harness = harness(closeread::app::StartOptions {
        article: None,
        annotations_dir: None,
        analyst: Some("analyst-a".to_owned()),
        settings_path: Some(dir.path().join("settings.ron")),
    });
    harness.state_mut().open_project(&root);
    harness.run();
    // The home lists both articles; a click on a title opens it.
    assert!(
        harness.query_by_label("Title ↑").is_some(),
        "sorted by title"
    );
    harness.get_by_label("Sanctions relief memo").click();
    harness.run();
    let open = |harness: &egui_kittest::Harness<'_, closeread::app::CloseReadApp>| {
        harness
            .state()
            .session()
            .map(|session| session.article_path.clone())
    };
    assert_eq!(open(&harness), Some(root.join("articles/memo.txt")));
    assert!(
        harness.query_by_label("Title ↑").is_none(),
        "the home closed"
    );
    // The previous article of the home's order (by title): the sample, read blind.
    harness.key_press_modifiers(Modifiers::ALT, Key::PageUp);
    harness.run();
    assert_eq!(
        open(&harness),
        Some(
            root.join("articles")
                .join(closeread_gui_tests::ARTICLE_NAME)
        )
    );
    assert!(
        harness.state().shown_teammates().is_empty(),
        "blind until done: analyst-b's reading is hidden"
    );
    harness.get_by_label("Mark my reading done").click();
    harness.run();
    assert_eq!(harness.state().shown_teammates(), vec!["analyst-b"]);
    let progress = closeread::project::Progress::load(&root, "analyst-a").expect("progress");
    assert!(progress.is_done(&format!("articles/{}", closeread_gui_tests::ARTICLE_NAME)));
    // Back to the home with one key: the sample's row says done with its count.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::H);
    harness.run();
    let count = harness.state().session().expect("open").layer().len();
    assert!(harness.query_by_label(&format!("done · {count}")).is_some());
    assert!(harness.query_by_label("Reopen my reading").is_some());
}

#[test]
fn retrieval_across_the_project_keeps_the_blind_and_a_click_opens_the_passage() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = sample_project(dir.path());
    let mut harness = harness(closeread::app::StartOptions {
        article: Some(root.join("articles/memo.txt")),
        annotations_dir: None,
        analyst: Some("analyst-a".to_owned()),
        settings_path: Some(dir.path().join("settings.ron")),
    });
    harness.state_mut().open_project(&root);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    harness.run();
    let window = "Retrieval: Sanctions";
    let tick = |harness: &mut egui_kittest::Harness<'_, closeread::app::CloseReadApp>,
                label: &str| {
        harness.get_by_label(window).get_by_label(label).click();
        harness.run();
    };
    tick(&mut harness, "Recommendation");
    tick(&mut harness, "analyst-b");
    // Blind until done: analyst-b's reading of the sample is not analyst-a's to see yet.
    assert!(
        harness
            .query_by_label_contains("Recommendation · analyst-b")
            .is_none()
    );
    tick(&mut harness, "analyst-b");
    tick(&mut harness, "analyst-a");
    let first = harness
        .get_all_by_label_contains("Recommendation · analyst-a")
        .next()
        .expect("analyst-a's recommendations are found");
    first.click();
    harness.run();
    let app = harness.state();
    let session = app.session().expect("an article is open");
    assert_eq!(
        session.article_path,
        root.join("articles")
            .join(closeread_gui_tests::ARTICLE_NAME),
        "the click opened the hit's article"
    );
    let selected = app.selected_annotation().expect("the passage is selected");
    let annotation = session
        .layer()
        .get(selected)
        .expect("analyst-a's own annotation");
    assert_eq!(annotation.tag.as_str(), "recommendation");
}

#[test]
fn the_codebook_shows_on_hovering_over_a_tag_and_in_its_window() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = sample_project(dir.path());
    let mut codebook =
        closeread::project::codebook::Codebook::from_tag_set(&closeread::model::TagSet::default());
    codebook
        .set_guidance(
            "claim",
            closeread::project::codebook::GuidanceField::UseWhen,
            "The author asserts something a reader could dispute.",
            "analyst-a",
        )
        .expect("claim is in the codebook");
    codebook.save(&root.join("codebook.ron")).expect("saved");
    let mut project = closeread::project::Project::open(&root).expect("open");
    project.manifest.tag_set = Some("codebook.ron".to_owned());
    project.save().expect("saved");

    let mut harness = harness(closeread::app::StartOptions {
        article: Some(
            root.join("articles")
                .join(closeread_gui_tests::ARTICLE_NAME),
        ),
        annotations_dir: None,
        analyst: Some("analyst-a".to_owned()),
        settings_path: Some(dir.path().join("settings.ron")),
    });
    harness.state_mut().open_project(&root);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::H);
    harness.run();
    assert!(
        harness.query_by_label_contains("Use when:").is_none(),
        "nothing shown before hovering"
    );
    harness.get_by_label("Claim (1)").hover();
    // Tooltips wait for the pointer to rest (half a second).
    harness.run_steps(60);
    assert!(
        harness
            .query_by_label_contains(
                "Use when: The author asserts something a reader could dispute."
            )
            .is_some(),
        "the tag's guidance is in its tooltip"
    );
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Codebook…").click();
    harness.run();
    assert!(
        harness.query_by_label_contains("Codebook:").is_some(),
        "the window opened"
    );
    assert!(
        harness
            .query_by_label("The author asserts something a reader could dispute.")
            .is_some()
    );
}

#[test]
fn words_found_in_the_articles_text_are_tagged_in_one_undo_step_per_article() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = sample_project(dir.path());
    let memo = root.join("articles/memo.txt");
    let mut harness = harness(closeread::app::StartOptions {
        article: Some(memo.clone()),
        annotations_dir: None,
        analyst: Some("analyst-b".to_owned()),
        settings_path: Some(dir.path().join("settings.ron")),
    });
    harness.state_mut().open_project(&root);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    harness.run();
    harness.get_by_label("The articles' text").click();
    harness.run();
    // Into the field, as a person would: click it, then type.
    harness.get_by_label("Find in the articles:").click();
    harness.run();
    harness
        .get_by_label("Find in the articles:")
        .type_text("sanctions");
    harness.run();
    harness.get_by_label("Whole words").click();
    harness.run();
    let window = harness.get_by_label("Retrieval: Sanctions");
    window.get_by_label("Search").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("match(es) in 2 of the 2")
            .is_some(),
        "both articles hold the word"
    );
    let sample = root
        .join("articles")
        .join(closeread_gui_tests::ARTICLE_NAME);
    let whole_words_in = |path: &std::path::Path| {
        let document = closeread::store::read_article(path)
            .expect("article")
            .document;
        closeread::model::search::find_all(&document, None, "sanctions", false)
            .into_iter()
            .filter(|span| closeread::model::search::is_whole_word(&document, *span))
            .count()
    };
    let in_sample = whole_words_in(&sample);
    let in_memo = whole_words_in(&memo);
    assert!(in_sample > 0);
    let before = ReadingSession::open(&sample, None, "analyst-b")
        .expect("opens")
        .layer()
        .len();
    // Tag all as evidence: the memo (open) through the window, the sample saved at once.
    harness
        .get_by_label("Retrieval: Sanctions")
        .get_by_label("Evidence")
        .click();
    harness.run();
    let app = harness.state();
    let own = app.session().expect("the memo").layer();
    assert_eq!(
        own.annotations()
            .iter()
            .filter(|annotation| annotation.tag.as_str() == "evidence")
            .count(),
        in_memo,
        "the memo's matches, tagged in the open session"
    );
    let after = ReadingSession::open(&sample, None, "analyst-b")
        .expect("opens")
        .layer()
        .len();
    assert_eq!(
        after,
        before + in_sample,
        "every match in the sample, saved"
    );
    // One undo takes back the memo's batch.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().session().expect("memo").layer().is_empty());
}
