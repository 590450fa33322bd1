//! `closeread anchor`: what re-anchoring does after the article was edited, reported without
//! the window, and written only with --write.

use std::path::Path;
use std::process::Command;

fn closeread(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_closeread"))
        .args(args)
        .args(["--analyst", "ana"])
        .env("CLOSEREAD_CONFIG_DIR", dir.join("config"))
        .output()
        .expect("run closeread")
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let output = closeread(dir, args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn reports_anchored_relocated_and_orphaned_and_writes_only_when_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = dir.path().join("piece.txt");
    let article_arg = article.to_str().expect("path");
    std::fs::write(
        &article,
        "Khamenei seems to believe that the regime’s biggest existential threat is direct military confrontation.\n\n\
         His statements project an uncompromising revolutionary attitude.\n\n\
         Sanctions could become a vital parameter in any such transition process.\n",
    )
    .expect("write");
    for quote in [
        "the regime’s biggest existential threat is direct military confrontation",
        "an uncompromising revolutionary attitude",
        "Sanctions could become a vital parameter",
    ] {
        ok(
            dir.path(),
            &["add", article_arg, "--tag", "claim", "--quote", quote],
        );
    }
    let sidecar = dir.path().join("piece.ana.ron");
    let saved = std::fs::read_to_string(&sidecar).expect("sidecar");

    // A paragraph added on top, one quote reworded, one sentence removed.
    std::fs::write(
        &article,
        "A new opening paragraph.\n\n\
         Khamenei seems to believe that the regime’s greatest existential threat is direct military confrontation.\n\n\
         His statements project an uncompromising revolutionary attitude.\n",
    )
    .expect("edit");
    let json = ok(dir.path(), &["anchor", article_arg, "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
    let status_of = |exact_start: &str| -> (String, serde_json::Value) {
        let row = rows
            .iter()
            .find(|row| {
                row["exact"]
                    .as_str()
                    .is_some_and(|exact| exact.starts_with(exact_start))
            })
            .expect("row");
        let mut keys: Vec<&str> = row
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(keys, ["end", "exact", "id", "start", "status"]);
        (
            row["status"].as_str().expect("status").to_owned(),
            row["start"].clone(),
        )
    };
    let new_text = std::fs::read_to_string(&article).expect("read");
    let (status, start) = status_of("an uncompromising");
    assert_eq!(status, "anchored");
    let expected_start = new_text[..new_text.find("an uncompromising").expect("in")]
        .chars()
        .count();
    assert_eq!(start, expected_start);
    assert_eq!(status_of("the regime’s biggest").0, "relocated");
    let (status, start) = status_of("Sanctions");
    assert_eq!(status, "orphaned");
    assert!(start.is_null());

    assert_eq!(
        std::fs::read_to_string(&sidecar).expect("read"),
        saved,
        "nothing written"
    );
    let table = ok(dir.path(), &["anchor", article_arg]);
    assert!(
        table.contains("1 anchored, 1 relocated, 1 orphaned"),
        "{table}"
    );

    ok(dir.path(), &["anchor", article_arg, "--write"]);
    let written = std::fs::read_to_string(&sidecar).expect("read");
    assert_ne!(written, saved);
    assert!(
        written.contains("Orphaned") && written.contains("Sanctions could become"),
        "kept"
    );
    let again = ok(dir.path(), &["anchor", article_arg, "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&again).expect("json");
    assert_eq!(rows.len(), 3, "nothing dropped");
}
