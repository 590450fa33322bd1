//! Running the real binary in a test's folder, shared by the integration tests that do.

use std::path::Path;
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
