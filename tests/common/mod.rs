//! Running the real binary in a test's folder, and the bundled article copied into one,
//! shared by the integration tests. Each test binary uses only some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The bundled sample article's file name.
pub const SAMPLE_ARTICLE: &str = "khamenei-breaking-point.txt";

/// Copies the bundled sample article into `dir`; returns its path there.
pub fn sample_article_in(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = dir.join(SAMPLE_ARTICLE);
    std::fs::copy(root.join("assets/articles").join(SAMPLE_ARTICLE), &path)
        .expect("copy the sample article");
    path
}
use std::process::{Command, Output};

/// Runs `closeread ARGS` in `dir`, with its settings in `dir/config` and no analyst from the
/// environment.
pub fn closeread(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_closeread"))
        .args(args)
        .current_dir(dir)
        .env("CLOSEREAD_CONFIG_DIR", dir.join("config"))
        .env_remove("CLOSEREAD_ANALYST")
        .output()
        .expect("run closeread")
}

/// Runs `closeread ARGS` in `dir`, fails the test unless it succeeds, and returns its output.
pub fn closeread_ok(dir: &Path, args: &[&str]) -> String {
    let output = closeread(dir, args);
    assert!(
        output.status.success(),
        "closeread {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}
