//! The bundled sidecars are real readings: they parse, match the bundled article, and every
//! annotation's offsets hold its quote.

use closeread::session::{ReadingSession, SidecarState};
use std::path::Path;

fn open(analyst: &str) -> ReadingSession {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ReadingSession::open(
        &root.join("assets/articles/khamenei-breaking-point.txt"),
        Some(&root.join("annotations")),
        analyst,
    )
    .expect("the bundled article opens")
}

#[test]
fn analyst_a_reading_is_complete_and_anchored() {
    let session = open("analyst-a");
    assert!(matches!(session.sidecar_state(), SidecarState::Loaded));
    assert!(!session.article_changed, "saved against this very article");
    let layer = session.layer();
    assert!(
        layer.len() >= 20,
        "at least 20 annotations, found {}",
        layer.len()
    );
    for (tag, count) in layer.count_by_tag() {
        assert!(count >= 5, "{tag}: {count}");
    }
    for annotation in layer.annotations() {
        assert!(annotation.status.is_anchored());
        assert_eq!(
            session.document.slice(annotation.span.range()),
            annotation.quote.exact
        );
        assert!(
            !annotation.note.trim().is_empty(),
            "every annotation says why"
        );
        assert_eq!(annotation.analyst, "analyst-a");
    }
}

#[test]
fn bundled_sidecars_are_saved_in_the_stable_form() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for analyst in ["analyst-a", "analyst-b"] {
        let session = open(analyst);
        let on_disk = std::fs::read_to_string(
            root.join(format!("annotations/khamenei-breaking-point.{analyst}.ron")),
        )
        .expect("read");
        assert_eq!(
            session.sidecar_text().expect("serialise"),
            on_disk,
            "{analyst}"
        );
    }
}
