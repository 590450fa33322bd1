//! Random editing of a session for the property tests of views that follow its changes.

use super::ReadingSession;
use crate::model::{Span, TagId};
use proptest::prelude::*;

/// The article the random edits are made in.
pub(crate) const TEXT: &str = "Taxes rose five percent. Wages fell. Prices rose sharply. Cut \
    taxes now, the minister said. Growth will follow, economists expect. Nobody knows for sure.";

/// A session on [`TEXT`] in `dir`, as analyst `ana`.
pub(crate) fn session_in(dir: &std::path::Path) -> ReadingSession {
    let article = dir.join("piece.txt");
    std::fs::write(&article, TEXT).expect("write article");
    ReadingSession::open(&article, None, "ana").expect("open")
}

/// One random step: (kind, start, length, choice).
pub(crate) type Step = (u8, usize, usize, usize);

/// Steps that tag, retag, edit notes, move bounds, delete, undo and redo.
pub(crate) fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec((0u8..7, 0usize..140, 1usize..30, 0usize..3), 1..30)
}

/// Makes the step's edit, if it can be made (refused edits change nothing).
pub(crate) fn take_step(session: &mut ReadingSession, (kind, start, length, choice): Step) {
    let tags = ["claim", "evidence", "recommendation"];
    let ids: Vec<_> = session
        .layer()
        .annotations()
        .iter()
        .map(|annotation| annotation.id)
        .collect();
    let pick = ids.get(start % ids.len().max(1)).copied();
    let end = (start + length).min(TEXT.chars().count());
    let _ = match (kind, pick) {
        (0 | 1, _) => session
            .add_annotation(
                start,
                end,
                TagId::new(tags[choice]),
                format!("note {choice}"),
            )
            .map(drop),
        (2, Some(id)) => session.retag_annotation(id, TagId::new(tags[choice])),
        (3, Some(id)) => session.set_note(id, format!("note {start}"), false),
        (4, Some(id)) => match Span::from_selection(&session.document, start, end) {
            Ok(span) => session.set_bounds(id, span),
            Err(_) => Ok(()),
        },
        (5, Some(id)) => session.delete_annotation(id),
        (6, _) if choice == 0 => session.undo().map(drop),
        (6, _) => session.redo().map(drop),
        _ => Ok(()),
    };
}
