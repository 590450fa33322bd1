//! End-to-end tests of the command line: the real binary on a copy of the sample article.

mod common;

use common::SAMPLE_ARTICLE as ARTICLE;
use std::path::PathBuf;
use std::process::{Command, Output};

struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        common::sample_article_in(dir.path());
        Self { dir }
    }

    fn article(&self) -> PathBuf {
        self.dir.path().join(ARTICLE)
    }

    fn sidecar(&self, analyst: &str) -> PathBuf {
        common::sample_sidecar(self.dir.path(), analyst)
    }

    fn run(&self, args: &[&str]) -> Output {
        common::closeread(self.dir.path(), args)
    }

    fn run_ok(&self, args: &[&str]) -> String {
        common::closeread_ok(self.dir.path(), args)
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn add_list_and_delete_round_trip() {
    let workspace = Workspace::new();
    let article = workspace.article();
    let article = article.to_str().expect("utf-8 path");
    let id = workspace.run_ok(&[
        "add",
        article,
        "--analyst",
        "ana",
        "--tag",
        "evidence",
        "--quote",
        "his decision to appoint Gen. Hossein Salami",
        "--note",
        "Dated appointment\nread as defiance",
    ]);
    let id = id.trim();
    assert_eq!(id.len(), 36, "prints the new id: {id}");
    assert!(workspace.sidecar("ana").exists());

    workspace.run_ok(&[
        "add",
        article,
        "--analyst",
        "ana",
        "--tag",
        "Claim",
        "--start",
        "0",
        "--end",
        "5",
    ]);

    let json = workspace.run_ok(&["list", article, "--analyst", "ana", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("JSON array");
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let mut keys: Vec<&str> = row
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            ["analyst", "end", "exact", "note", "page", "start", "tag"]
        );
    }
    assert_eq!(rows[0]["exact"], "Ideas");
    assert_eq!(rows[0]["tag"], "claim");
    let evidence = &rows[1];
    assert_eq!(
        evidence["exact"],
        "his decision to appoint Gen. Hossein Salami"
    );
    assert_eq!(evidence["note"], "Dated appointment\nread as defiance");
    let text = std::fs::read_to_string(workspace.article()).expect("article");
    let start = evidence["start"].as_u64().expect("start") as usize;
    let end = evidence["end"].as_u64().expect("end") as usize;
    let by_chars: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(
        by_chars, "his decision to appoint Gen. Hossein Salami",
        "offsets are chars"
    );

    let table = workspace.run_ok(&["list", article, "--analyst", "ana"]);
    assert!(table.contains(id), "{table}");
    assert!(table.contains("evidence"), "{table}");

    workspace.run_ok(&["delete", article, "--analyst", "ana", "--id", id]);
    let json = workspace.run_ok(&["list", article, "--analyst", "ana", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("JSON array");
    assert_eq!(rows.len(), 1);
}

#[test]
fn ambiguous_or_missing_quotes_are_errors_that_say_so() {
    let workspace = Workspace::new();
    let article = workspace.article();
    let article = article.to_str().expect("utf-8 path");
    let ambiguous = workspace.run(&[
        "add",
        article,
        "--analyst",
        "ana",
        "--tag",
        "claim",
        "--quote",
        "Khamenei",
    ]);
    assert!(!ambiguous.status.success());
    assert!(
        stderr(&ambiguous).contains("occurs"),
        "{}",
        stderr(&ambiguous)
    );
    assert_eq!(
        stderr(&ambiguous).trim().lines().count(),
        1,
        "one-line message"
    );

    let missing = workspace.run(&[
        "add",
        article,
        "--analyst",
        "ana",
        "--tag",
        "claim",
        "--quote",
        "not in the text",
    ]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("does not occur"),
        "{}",
        stderr(&missing)
    );
    assert!(
        !workspace.sidecar("ana").exists(),
        "nothing written on error"
    );
}

#[test]
fn unknown_tags_ids_and_articles_fail_with_one_line() {
    let workspace = Workspace::new();
    let article = workspace.article();
    let article = article.to_str().expect("utf-8 path");
    let unknown_tag = workspace.run(&[
        "add",
        article,
        "--analyst",
        "ana",
        "--tag",
        "opinion",
        "--start",
        "0",
        "--end",
        "5",
    ]);
    assert!(!unknown_tag.status.success());
    assert!(
        stderr(&unknown_tag).contains("opinion"),
        "{}",
        stderr(&unknown_tag)
    );

    let bad_id = workspace.run(&["delete", article, "--analyst", "ana", "--id", "nope"]);
    assert!(!bad_id.status.success());
    assert!(stderr(&bad_id).contains("not an annotation id"));

    let missing_article = workspace.run(&["list", "/nonexistent/article.txt", "--analyst", "ana"]);
    assert!(!missing_article.status.success());
    assert!(stderr(&missing_article).contains("/nonexistent/article.txt"));

    let bad_name = workspace.run(&["list", article, "--analyst", "../evil"]);
    assert!(!bad_name.status.success());
    assert!(stderr(&bad_name).contains("analyst name"));
}

#[test]
fn a_malformed_sidecar_is_reported_with_its_position_and_never_overwritten() {
    let workspace = Workspace::new();
    let article = workspace.article();
    let article = article.to_str().expect("utf-8 path");
    let broken = "(\n    format: \"closeread-sidecar\",\n    version: 1,\n    article: [oops\n";
    std::fs::write(workspace.sidecar("ana"), broken).expect("write");
    let output = workspace.run(&[
        "add",
        article,
        "--analyst",
        "ana",
        "--tag",
        "claim",
        "--start",
        "0",
        "--end",
        "5",
    ]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("khamenei-breaking-point.ana.ron"),
        "{message}"
    );
    assert!(message.contains("line 4"), "{message}");
    assert_eq!(
        std::fs::read_to_string(workspace.sidecar("ana")).expect("read"),
        broken
    );
}

#[test]
fn annotations_dir_and_analyst_environment_are_honoured() {
    let workspace = Workspace::new();
    let article = workspace.article();
    let article = article.to_str().expect("utf-8 path");
    let folder = workspace.dir.path().join("elsewhere");
    let output = Command::new(env!("CARGO_BIN_EXE_closeread"))
        .args([
            "add",
            article,
            "--tag",
            "claim",
            "--start",
            "0",
            "--end",
            "5",
            "--annotations",
        ])
        .arg(&folder)
        .env("CLOSEREAD_CONFIG_DIR", workspace.dir.path().join("config"))
        .env("CLOSEREAD_ANALYST", "from-env")
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(folder.join("khamenei-breaking-point.from-env.ron").exists());
}

#[test]
fn usage_errors_are_one_line_too() {
    let workspace = Workspace::new();
    for args in [
        &["list"][..],
        &["add", "x.txt", "--tag", "claim"],
        &["frobnicate", "--nope"],
    ] {
        let output = workspace.run(args);
        assert!(!output.status.success(), "{args:?}");
        assert_eq!(
            stderr(&output).trim().lines().count(),
            1,
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn help_is_available_for_every_command() {
    let workspace = Workspace::new();
    for command in [
        &["--help"][..],
        &["list", "--help"],
        &["add", "--help"],
        &["delete", "--help"],
    ] {
        let output = workspace.run_ok(command);
        assert!(output.contains("Usage"), "{output}");
    }
}
