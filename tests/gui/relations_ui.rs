//! Relations, the argument map and tag sets driven through the real window: L and a click with
//! the kind asked, the pane's list with removal and undo, the pick list, the map's click to
//! jump, a custom tag set's new key with an unknown tag kept, and an import's report.

use closeread::model::{AnnotationId, Rgb, TagDef, TagId, TagSet};
use closeread::session::ReadingSession;
use closeread_gui_tests::{Fixture, harness, phrase_points};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

const CLAIM: &str = "The chances of extracting substantial concessions";
const EVIDENCE: &str = "On April 10, Secretary of State Mike Pompeo warned";
const RECOMMENDATION: &str = "Naturally, such moves raise questions";

/// A sidecar for "tester" with a claim, evidence and a recommendation, and no relations.
fn three_annotations(fixture: &Fixture) -> (AnnotationId, AnnotationId, AnnotationId) {
    let mut session = ReadingSession::open(&fixture.article, Some(&fixture.annotations), "tester")
        .expect("opens");
    let mut add = |phrase: &str, tag: &str| {
        let byte = session
            .document
            .text()
            .find(phrase)
            .expect("in the article");
        let start = session.document.char_offset(byte);
        session
            .add_annotation(
                start,
                start + phrase.chars().count(),
                TagId::new(tag),
                String::new(),
            )
            .expect("adds")
    };
    let ids = (
        add(CLAIM, "claim"),
        add(EVIDENCE, "evidence"),
        add(RECOMMENDATION, "recommendation"),
    );
    session.save().expect("saves");
    ids
}

/// Saves "tester"'s relation `evidence` —supports→ `claim` before the window opens.
fn supports(fixture: &Fixture, evidence: AnnotationId, claim: AnnotationId) {
    let mut session = ReadingSession::open(&fixture.article, Some(&fixture.annotations), "tester")
        .expect("opens");
    session
        .add_relation(
            evidence,
            closeread::model::RelationKind::new("supports"),
            claim,
        )
        .expect("links");
    session.save().expect("saves");
}

/// Selects an annotation as a click in the pane's list does.
fn select(
    harness: &mut egui_kittest::Harness<'static, closeread::app::CloseReadApp>,
    id: AnnotationId,
) {
    let ctx = harness.ctx.clone();
    harness.state_mut().apply_command(
        &ctx,
        closeread::app::AppCommand::SelectAnnotation {
            annotation_id: Some(id),
            scroll: true,
        },
    );
    harness.run();
}

fn click(
    harness: &mut egui_kittest::Harness<'static, closeread::app::CloseReadApp>,
    at: egui::Pos2,
) {
    harness.hover_at(at);
    harness.run();
    harness.drag_at(at);
    harness.run();
    harness.drop_at(at);
    harness.run();
}

#[test]
fn l_then_a_click_on_the_claim_links_the_evidence_asking_which_kind() {
    let fixture = Fixture::new(false);
    let (claim, evidence, _) = three_annotations(&fixture);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    select(&mut harness, evidence);
    harness.key_press(Key::L);
    harness.run();
    let (inside_claim, _) = phrase_points(&mut harness, CLAIM);
    click(&mut harness, inside_claim);
    // Evidence may support or undermine a claim: the window asks.
    harness.get_by_label("undermines");
    harness.get_by_label("supports").click();
    harness.run();
    let layer = harness.state().session().expect("open").layer().clone();
    assert_eq!(layer.relations().len(), 1);
    let relation = &layer.relations()[0];
    assert_eq!(
        (relation.source, relation.kind.as_str(), relation.target),
        (evidence, "supports", claim)
    );

    // The claim's pane lists the evidence under "Supported by"; ✕ removes it, undo restores.
    select(&mut harness, claim);
    harness.get_by_label("Supported by (1)");
    harness.get_by_label("✕").click();
    harness.run();
    assert!(
        harness
            .state()
            .session()
            .expect("open")
            .layer()
            .relations()
            .is_empty()
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness
            .state()
            .session()
            .expect("open")
            .layer()
            .relations()
            .len(),
        1
    );
}

#[test]
fn a_note_written_on_a_relation_is_kept_shown_and_undone() {
    let fixture = Fixture::new(false);
    let (claim, evidence, _) = three_annotations(&fixture);
    supports(&fixture, evidence, claim);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    select(&mut harness, claim);
    harness.get_by_label("✎").click();
    harness.run();
    harness
        .get_by_label("Link note:")
        .type_text("only for 2019");
    harness.key_press(Key::Enter);
    harness.run();
    let note = |harness: &egui_kittest::Harness<'static, closeread::app::CloseReadApp>| {
        harness.state().session().expect("open").layer().relations()[0]
            .note
            .clone()
    };
    assert_eq!(note(&harness), "only for 2019");
    // Shown under the relation in the pane.
    harness.get_by_label("only for 2019");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(note(&harness), "");
    // Esc drops what was typed.
    harness.get_by_label("✎").click();
    harness.run();
    harness.get_by_label("Link note:").type_text("not this");
    harness.key_press(Key::Escape);
    harness.run();
    harness.run();
    assert_eq!(note(&harness), "");
    assert!(harness.query_by_label("Link note:").is_none());
}

#[test]
fn a_refused_link_says_what_the_tag_set_allows_and_esc_cancels() {
    let fixture = Fixture::new(false);
    let (_, evidence, recommendation) = three_annotations(&fixture);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    select(&mut harness, recommendation);
    harness.key_press(Key::L);
    harness.run();
    let (inside_evidence, _) = phrase_points(&mut harness, EVIDENCE);
    click(&mut harness, inside_evidence);
    let session = harness.state().session().expect("open");
    assert!(session.layer().relations().is_empty());
    assert!(
        harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.is_error && notice.text.contains("No relation is allowed")),
        "{:?}",
        harness.state().notices()
    );
    let _ = evidence;
    harness.key_press(Key::L);
    harness.run();
    assert!(harness.state().is_linking());
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().is_linking());
}

#[test]
fn the_pick_list_links_a_recommendation_to_the_claim_it_follows_from() {
    let fixture = Fixture::new(false);
    let (claim, _, recommendation) = three_annotations(&fixture);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    select(&mut harness, recommendation);
    harness.get_by_label("target").click();
    harness.run();
    harness
        .get_by_label_contains("Claim: The chances of extracting")
        .click();
    harness.run();
    harness.get_by_label("Add relation").click();
    harness.run();
    let layer = harness.state().session().expect("open").layer().clone();
    assert_eq!(layer.relations().len(), 1);
    assert_eq!(layer.relations()[0].kind.as_str(), "follows_from");
    assert_eq!(layer.relations()[0].target, claim);
}

#[test]
fn clicking_a_node_of_the_argument_map_selects_its_passage() {
    let fixture = Fixture::new(false);
    let (claim, evidence, _) = three_annotations(&fixture);
    supports(&fixture, evidence, claim);
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Argument map…").click();
    harness.run();
    harness
        .get_by_label_contains("Evidence: On April 10")
        .click();
    harness.run();
    assert_eq!(harness.state().selected_annotation(), Some(evidence));
}

#[test]
fn a_custom_tag_set_adds_a_tag_on_its_key_and_keeps_unknown_tags_in_the_layer() {
    let fixture = Fixture::new(false);
    three_annotations(&fixture);
    let mut set = TagSet {
        name: "claims and assumptions".into(),
        ..TagSet::default()
    };
    set.tags.retain(|tag| tag.id.as_str() == "claim");
    set.tags.push(TagDef {
        id: TagId::new("assumption"),
        label: "Assumption".into(),
        colour: Rgb([204, 121, 167]),
        key: '4',
        description: "Taken for granted.".into(),
    });
    set.relations.clear();
    closeread::store::tag_sets::write_tag_set(
        &fixture.annotations.join("khamenei-breaking-point.tags.ron"),
        &set,
    )
    .expect("writes");
    let mut harness = harness(fixture.options("tester"));
    harness.run();
    let session = harness.state().session().expect("open");
    assert_eq!(session.tag_set().name, "claims and assumptions");
    assert_eq!(
        session.layer().len(),
        3,
        "evidence and recommendation are kept"
    );
    assert!(
        harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.text.contains("evidence (1)")),
        "{:?}",
        harness.state().notices()
    );
    let phrase = "Mehdi Khalaji";
    let (from, to) = phrase_points(&mut harness, phrase);
    closeread_gui_tests::drag_select(&mut harness, from, to);
    harness.key_press(Key::Num4);
    harness.run();
    let layer = harness.state().session().expect("open").layer().clone();
    assert!(
        layer
            .annotations()
            .iter()
            .any(|annotation| annotation.tag.as_str() == "assumption"
                && annotation.quote.exact == phrase)
    );
}

#[test]
fn an_import_shows_its_report_with_every_line_not_taken() {
    let fixture = Fixture::new(false);
    // brat lines about the sample: a claim found by its text, an event and a note on it.
    let text = std::fs::read_to_string(&fixture.article).expect("article");
    let quote = "Supreme Leader Ali Khamenei";
    let start = text[..text.find(quote).expect("in the sample")]
        .chars()
        .count();
    let end = start + quote.chars().count();
    let ann = fixture.dir.path().join("other.ann");
    std::fs::write(
        &ann,
        format!("T1\tClaim {start} {end}\t{quote}\r\nE1\tAct:T1\r\n#1\tAnnotatorNotes E1\ton the event\r\n"),
    )
    .expect("ann");
    let mut harness = harness(fixture.options("reader"));
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label_contains("Import…").click();
    harness.run();
    harness.get_by_label("brat standoff (.ann)").click();
    harness.run();
    harness.get_by_label("File:").click();
    harness.run();
    harness
        .get_by_label("File:")
        .type_text(&ann.display().to_string());
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Import annotations")
        .click();
    harness.run();
    let window = "Import report";
    assert!(
        harness
            .get_by_label(window)
            .query_by_label_contains("imported 1 annotation(s)")
            .is_some()
    );
    for line in [
        "not imported: an event (E line) (1):",
        "line 2: E1\tAct:T1",
        "line 3: on the event (on E1)",
    ] {
        assert!(
            harness.get_by_label(window).query_by_label(line).is_some(),
            "the report lists {line:?}"
        );
    }
    assert_eq!(harness.state().session().expect("open").layer().len(), 1);
}
