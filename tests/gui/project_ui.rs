//! A project in the real window: the home (opening articles, marking done, adding articles,
//! setting a value on many, the journal), retrieval, the codebook on hover, tagging text found across the
//! articles, and the Project team window (assignment, agreement, adjudication queue). A module
//! of `team_ui` (one test binary less to build).

use closeread::session::ReadingSession;
use closeread_gui_tests::{Fixture, harness};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

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
    // The window's own Blind mode switch does not lift the project's rule.
    harness.get_by_label("Blind mode").click();
    harness.run();
    assert!(
        harness.state().shown_teammates().is_empty(),
        "still hidden until done"
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
    // Reopened, the reading is blind again.
    harness.get_by_label("Reopen my reading").click();
    harness.run();
    assert!(
        harness.state().shown_teammates().is_empty(),
        "reopened: analyst-b's reading is hidden again"
    );
    assert!(
        harness
            .get_all_by_label("Mark my reading done")
            .next()
            .is_some()
    );
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

#[test]
fn the_project_team_window_shows_who_reads_what_the_agreement_and_the_queue() {
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
    harness.key_press_modifiers(Modifiers::COMMAND, Key::H);
    harness.run();
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Project team…").click();
    harness.run();
    let window = "Project team: Sanctions";
    // Both articles are assigned to both analysts; neither is done.
    assert_eq!(
        harness
            .get_by_label(window)
            .get_all_by_label("0/2 done")
            .count(),
        2
    );
    harness
        .get_by_label(window)
        .get_by_label("Agreement")
        .click();
    harness.run();
    harness
        .get_by_label(window)
        .get_by_label("Work out the agreement")
        .click();
    harness.run();
    assert!(
        harness
            .get_by_label(window)
            .query_by_label("analyst-a – analyst-b")
            .is_some(),
        "the pair pooled over the project"
    );
    // The sample's two readings differ: it waits for adjudication.
    harness
        .get_by_label(window)
        .get_by_label("Adjudication queue (1)")
        .click();
    harness.run();
    harness
        .get_by_label(window)
        .get_by_label("Adjudicate")
        .click();
    harness.run();
    let session = harness.state().session().expect("an article is open");
    assert_eq!(
        session.article_path,
        root.join("articles")
            .join(closeread_gui_tests::ARTICLE_NAME)
    );
    assert_eq!(session.analyst(), "consensus", "in the consensus layer");
}

/// A file dropped on the window, as the native integration hands it to egui.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|error| error.to_string())
    }
}

#[test]
fn the_home_takes_dropped_articles_and_sets_a_value_on_the_articles_shown() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = sample_project(dir.path());
    let mut project = closeread::project::Project::open(&root).expect("open");
    project
        .manifest
        .attributes
        .insert("stance".into(), closeread::project::AttributeKind::Text);
    project.save().expect("saved");
    let outside = dir.path().join("brief.md");
    std::fs::write(&outside, "# A brief\r\n\r\nThe ports matter.\r\n").expect("brief");
    let mut harness = harness(closeread::app::StartOptions {
        article: None,
        annotations_dir: None,
        analyst: Some("analyst-a".to_owned()),
        settings_path: Some(dir.path().join("settings.ron")),
    });
    harness.state_mut().open_project(&root);
    harness.run();
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(outside.clone())));
    harness.run();
    let manifest = || {
        closeread::project::Project::open(&root)
            .expect("open")
            .manifest
    };
    assert!(
        manifest().articles.contains_key("articles/brief.md"),
        "the dropped article was copied in and listed"
    );
    assert!(root.join("articles/brief.md").is_file());
    assert!(harness.query_by_label("A brief").is_some(), "and shown");
    // Filter to the memo, then set a stance on the one article shown.
    harness.get_by_label("Filter:").click();
    harness.run();
    harness.get_by_label("Filter:").type_text("memo");
    harness.run();
    harness.get_by_label("to").click();
    harness.run();
    harness.get_by_label("to").type_text("hawkish");
    harness.run();
    harness.get_by_label("on the 1 article(s) shown").click();
    harness.run();
    let manifest = manifest();
    assert_eq!(
        manifest.articles["articles/memo.txt"]
            .attributes
            .get("stance")
            .map(String::as_str),
        Some("hawkish")
    );
    assert!(
        !manifest.articles["articles/brief.md"]
            .attributes
            .contains_key("stance")
    );
    // A journal entry, dated today, by the analyst.
    harness.get_by_label("Journal (0 entries)").click();
    harness.run();
    harness.get_by_label("New entry by analyst-a:").click();
    harness.run();
    harness
        .get_by_label("New entry by analyst-a:")
        .type_text("Relief counts as a recommendation only with an actor.");
    harness.run();
    harness.get_by_label("Add to the journal").click();
    harness.run();
    let project = closeread::project::Project::open(&root).expect("open");
    let entries = closeread::project::journal::read_journal(&project).expect("journal");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].analyst, "analyst-a");
    assert_eq!(
        entries[0].text,
        "Relief counts as a recommendation only with an actor."
    );
    assert!(harness.query_by_label("Journal (1 entries)").is_some());
}

#[test]
fn an_article_of_the_project_opens_with_the_projects_codebook_as_its_tags() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = sample_project(dir.path());
    let mut tags = closeread::model::TagSet::default();
    tags.tags.push(closeread::model::TagDef {
        id: closeread::model::TagId::new("actor"),
        label: "Actor".to_owned(),
        colour: closeread::model::Rgb([40, 120, 200]),
        key: '4',
        description: "Who acts".to_owned(),
    });
    let codebook = closeread::project::codebook::Codebook::from_tag_set(&tags);
    codebook.save(&root.join("codebook.ron")).expect("saved");
    let mut project = closeread::project::Project::open(&root).expect("open");
    project.manifest.tag_set = Some("codebook.ron".to_owned());
    project.save().expect("saved");
    let mut harness = harness(closeread::app::StartOptions {
        article: None,
        annotations_dir: None,
        analyst: Some("analyst-a".to_owned()),
        settings_path: Some(dir.path().join("settings.ron")),
    });
    harness.state_mut().open_project(&root);
    harness.run();
    harness.get_by_label("Sanctions relief memo").click();
    harness.run();
    let session = harness.state().session().expect("the memo is open");
    assert!(
        session
            .tag_set()
            .get(&closeread::model::TagId::new("actor"))
            .is_some(),
        "the codebook's tag is the reading's"
    );
    assert!(
        harness.get_all_by_label_contains("Actor").next().is_some(),
        "and the pane offers it"
    );
}
