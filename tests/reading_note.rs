//! The reading note (an analyst's bottom line) and display name: in the sidecar only when set,
//! changed through undoable edits (typing is one step), and merged three-way when the sidecar
//! changed on disk meanwhile.

use closeread::model::merge::CONFLICT_READING_NOTE_SEPARATOR;
use closeread::model::{Document, Layer, TagSet};
use closeread::session::ReadingSession;
use closeread::store::{SidecarFile, layer_to_ron_string};
use std::path::Path;

#[test]
fn the_sidecar_holds_the_note_and_name_only_when_set() {
    let document = Document::from_raw_text("Khamenei’s policy endures.");
    let layer = Layer::new("ann-lee", TagSet::default());
    let plain = layer_to_ron_string(&layer, "a.txt", document.sha256_hex()).expect("ron");
    assert!(!plain.contains("reading_note") && !plain.contains("analyst_name"));
    let named = layer
        .with_analyst_name("Ann “A” Lee")
        .with_reading_note("Bottom line:\nfirst \"quoted\" فارسی");
    let text = layer_to_ron_string(&named, "a.txt", document.sha256_hex()).expect("ron");
    let parsed = SidecarFile::parse(&text, Path::new("a.ron")).expect("parse");
    assert_eq!(parsed.analyst_name, "Ann “A” Lee");
    assert_eq!(parsed.reading_note, named.reading_note());
    assert_eq!(parsed.to_ron_string().expect("again"), text);
    // After the analyst's id, before the tag set; a name equal to the id is not stored.
    let name_at = text.find("analyst_name").expect("name");
    let note_at = text.find("reading_note").expect("note");
    assert!(text.find("analyst:").expect("id") < name_at && name_at < note_at);
    assert!(note_at < text.find("tag_set").expect("tags"));
    let same = Layer::new("ann", TagSet::default()).with_analyst_name("ann");
    assert_eq!(same.display_name(), "ann");
    let text = layer_to_ron_string(&same, "a.txt", document.sha256_hex()).expect("ron");
    assert!(!text.contains("analyst_name"), "{text}");
}

fn session_in(dir: &Path) -> ReadingSession {
    let article = dir.join("a.txt");
    if !article.exists() {
        std::fs::write(&article, "Title\n\nSome article text.").expect("write");
    }
    ReadingSession::open(&article, None, "ann").expect("opens")
}

#[test]
fn typing_a_reading_note_is_one_undo_step_and_it_is_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut session = session_in(dir.path());
    for typed in ["E", "En", "Engage"] {
        session.set_reading_note(typed).expect("set");
    }
    assert_eq!(session.layer().reading_note(), "Engage");
    assert!(session.has_unsaved_changes());
    session.undo().expect("undo");
    assert_eq!(session.layer().reading_note(), "", "one step");
    session.redo().expect("redo");
    session
        .edit_reading_note("Engage now.".to_owned(), false)
        .expect("a step of its own");
    session.undo().expect("undo");
    assert_eq!(session.layer().reading_note(), "Engage");
    session.set_analyst_name("Ann Lee");
    session.save().expect("save");
    let reopened = session_in(dir.path());
    assert_eq!(reopened.layer().reading_note(), "Engage");
    assert_eq!(reopened.layer().display_name(), "Ann Lee");
}

#[test]
fn a_reading_note_changed_in_two_places_keeps_both_texts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut first = session_in(dir.path());
    first.set_reading_note("Base.").expect("set");
    first.save().expect("save");
    let mut second = session_in(dir.path());
    second.set_reading_note("Changed elsewhere.").expect("set");
    second.save().expect("save");
    first
        .edit_reading_note("Changed here.".to_owned(), false)
        .expect("set");
    first.save().expect("merged and saved");
    let merged = session_in(dir.path());
    assert_eq!(
        merged.layer().reading_note(),
        format!("Changed here.{CONFLICT_READING_NOTE_SEPARATOR}Changed elsewhere.")
    );
    // Changed on one side only: that side is taken when the other saves.
    let mut third = session_in(dir.path());
    let mut fourth = session_in(dir.path());
    third.set_reading_note("Settled.").expect("set");
    third.save().expect("save");
    fourth.set_analyst_name("Ann Lee");
    fourth.save().expect("merged and saved");
    assert_eq!(session_in(dir.path()).layer().reading_note(), "Settled.");
}
