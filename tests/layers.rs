//! The layers of the crate, checked in its source: which module may import which.
//!
//! `model` ← `store`, `export`, `import`, `team`, `session` ← `state`, `command` ← `ui` ← `app`.
//! The panels (`ui`) never import the app; the commands and the state they read (`command`,
//! `state`) import neither; the core never names egui (the `--no-default-features` build in
//! `.ci/run` checks the dependency tree as well).

use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/<module>` (or `src/<module>.rs`), sorted.
fn sources(module: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let single = root.join(format!("{module}.rs"));
    if single.is_file() {
        files.push(single);
    }
    let mut folders = vec![root.join(module)];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("read the source folder").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no sources found for `{module}`");
    files
}

/// `file:line: text` for every line of the module's sources that contains one of `needles`;
/// with `code_only`, lines that are only a comment are skipped.
fn lines_naming(module: &str, needles: &[&str], code_only: bool) -> Vec<String> {
    let mut found = Vec::new();
    for path in sources(module) {
        let text = std::fs::read_to_string(&path).expect("read a source file");
        for (index, line) in text.lines().enumerate() {
            if code_only && line.trim_start().starts_with("//") {
                continue;
            }
            if needles.iter().any(|needle| line.contains(needle)) {
                found.push(format!("{}:{}: {}", path.display(), index + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_panels_never_import_the_app() {
    let found = lines_naming("ui", &["crate::app", "super::super::app"], false);
    assert!(
        found.is_empty(),
        "`ui` must not import `app` (commands and the state the panels read live in `command` \
         and `state`):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_commands_and_the_state_they_read_import_neither_panels_nor_app() {
    for module in ["command", "state"] {
        let found = lines_naming(
            module,
            &["crate::app", "crate::ui", "super::app::", "super::ui::"],
            true,
        );
        assert!(
            found.is_empty(),
            "`{module}` sits below `ui` and `app` and must import neither:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn the_core_never_names_egui() {
    for module in [
        "model", "store", "export", "import", "team", "session", "state", "editions",
    ] {
        let found = lines_naming(module, &["egui", "eframe"], true);
        assert!(
            found.is_empty(),
            "`{module}` is headless and must not use egui:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn the_command_line_is_a_leaf_that_only_main_uses() {
    for module in [
        "model",
        "store",
        "export",
        "import",
        "team",
        "session",
        "state",
        "command",
        "ui",
        "app",
        "settings",
        "progress",
        "spelling",
        "synthetic",
        "argument_map",
        "editions",
    ] {
        let found = lines_naming(module, &["crate::cli"], true);
        assert!(
            found.is_empty(),
            "`{module}` must not import `cli` (the command line's definitions are for `main`; \
             what the window needs from it comes as `app::WindowArgs`):\n{}",
            found.join("\n")
        );
    }
}
