//! Temporary: runs one scene many times for `perf record`.
use closeread::app::headless::{
    BookScene, make_autosave_due, open_headless, run_frame_with, tag_then_undo, wait_for_autosave,
};
use closeread::synthetic::write_book;
fn main() -> anyhow::Result<()> {
    let which = std::env::args().nth(1).unwrap_or_default();
    let dir = tempfile::tempdir()?;
    let book = write_book(dir.path(), 5 * 1024 * 1024, 20_000, "perf")?;
    if which == "open_edited" {
        let folder = tempfile::tempdir()?;
        let edited = folder.path().join(book.article.file_name().unwrap());
        std::fs::write(
            &edited,
            closeread::synthetic::scatter_edits(&std::fs::read_to_string(&book.article)?, 9, 0.01),
        )?;
        std::fs::copy(
            &book.sidecar,
            folder.path().join(book.sidecar.file_name().unwrap()),
        )?;
        for _ in 0..10 {
            let (mut app, ctx) = open_headless(&edited, folder.path(), "perf");
            run_frame_with(&mut app, &ctx, 0, Vec::new());
        }
        return Ok(());
    }
    let (mut app, ctx) = open_headless(&book.article, dir.path(), "perf");
    for i in 0..5 {
        run_frame_with(&mut app, &ctx, i, Vec::new());
    }
    let mut index = 10;
    if which == "autosave" {
        for i in 0..200 {
            let events = tag_then_undo(&mut app, i * 2);
            index += 1;
            run_frame_with(&mut app, &ctx, index, events);
            make_autosave_due(&mut app);
            index += 1;
            run_frame_with(&mut app, &ctx, index, Vec::new());
            wait_for_autosave(&mut app)?;
        }
    } else {
        let _ = BookScene::TagUndo;
        for i in 0..2000 {
            let events = tag_then_undo(&mut app, i);
            index += 1;
            run_frame_with(&mut app, &ctx, index, events);
        }
    }
    Ok(())
}
