//! Sync from the window: an article's folder that is not shared yet asks for the team's
//! repository in the set-up window; once shared, Ctrl+Shift+Y commits the analyst's
//! annotations and pushes them, and the Team panel says when a teammate's work last came in.

use closeread::app::{AppCommand, CloseReadApp};
use closeread_gui_tests::{Fixture, harness, run_until};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn last_notice(harness: &Harness<'_, CloseReadApp>) -> String {
    harness
        .state()
        .notices()
        .last()
        .map(|notice| notice.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_window_shares_the_folder_then_syncs_with_ctrl_shift_y() {
    let fixture = Fixture::new(true);
    // The server outside the shared folder, as a shared drive would be.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let server = elsewhere.path().join("team.git");
    git(elsewhere.path(), &["init", "--quiet", "--bare", "team.git"]);
    let mut harness = harness(fixture.options("analyst-a"));
    harness.run();
    // Automatic sync of a folder that is not shared says nothing (it would every 5 minutes).
    let ctx = harness.ctx.clone();
    harness.state_mut().apply_command(
        &ctx,
        AppCommand::Sync(closeread::app::SyncCommand::SetAutomatic(true)),
    );
    for _ in 0..40 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert!(
        !harness
            .state()
            .notices()
            .iter()
            .any(|notice| notice.is_error),
        "{:?}",
        harness.state().notices()
    );
    harness.state_mut().apply_command(
        &ctx,
        AppCommand::Sync(closeread::app::SyncCommand::SetAutomatic(false)),
    );
    // Not shared yet: the set-up window asks for the repository.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Y);
    assert!(
        run_until(&mut harness, |app| app
            .notices()
            .iter()
            .any(|notice| notice.text.contains("not shared yet"))),
        "{}",
        last_notice(&harness)
    );
    harness.run();
    // The e-mail address for commits, remembered in the settings.
    harness
        .get_by_label("Your e-mail address (for the commits):")
        .click();
    harness.run();
    harness
        .get_by_label("Your e-mail address (for the commits):")
        .type_text("ana@example.org");
    harness.run();
    harness.get_by_label("Repository address:").click();
    harness.run();
    harness
        .get_by_label("Repository address:")
        .type_text(&server.display().to_string());
    harness.run();
    harness.get_by_label("Share").click();
    assert!(
        run_until(&mut harness, |app| app
            .notices()
            .iter()
            .any(|notice| notice.text.contains("Pushed"))),
        "{}",
        last_notice(&harness)
    );
    let log = git(&server, &["log", "--format=%s <%ae>", "main"]);
    assert!(log.contains("analyst-a:"), "{log}");
    assert!(
        log.contains("<ana@example.org>"),
        "the address given: {log}"
    );
    // A teammate's work comes in on the server…
    let other = elsewhere.path().join("other");
    git(
        elsewhere.path(),
        &[
            "clone",
            "--quiet",
            "--branch",
            "main",
            &server.display().to_string(),
            "other",
        ],
    );
    let files = git(&other, &["ls-files"]);
    std::fs::create_dir_all(other.join("annotations")).expect("folder");
    std::fs::write(other.join("annotations/notes.txt"), "from b\n").expect("a file");
    assert!(
        files.contains("annotations/khamenei-breaking-point.analyst-b.ron"),
        "the shared folder's files reached the server: {files}"
    );
    git(&other, &["add", "-A"]);
    git(
        &other,
        &[
            "-c",
            "user.name=B",
            "-c",
            "user.email=b@example.org",
            "commit",
            "--quiet",
            "-m",
            "analyst-b: notes",
        ],
    );
    git(&other, &["push", "--quiet", "origin", "HEAD:main"]);
    // …and Ctrl+Shift+Y brings it in and pushes the analyst's new annotation.
    harness.state_mut().apply_command(
        &ctx,
        AppCommand::Run(closeread::app::Action::NextAnnotation),
    );
    harness.key_press(Key::Num1);
    harness.run();
    // This time with the Team panel's button.
    harness.get_by_label("⟳ Sync with the team").click();
    let pushed_again = run_until(&mut harness, |app| {
        app.notices()
            .iter()
            .filter(|notice| notice.text.contains("Pushed"))
            .count()
            >= 2
    });
    assert!(pushed_again, "{}", last_notice(&harness));
    assert!(
        fixture.dir.path().join("annotations/notes.txt").exists(),
        "the teammate's file came in"
    );
    // The Team panel says when analyst-b's work on the article last came through.
    harness.run();
    harness.get_by_label_contains("synced ");
}
