//! `closeread info`: the bundled sample's document information, `--set` writing
//! `<stem>.meta.ron` beside the article, and a malformed meta file named and left alone.

mod common;

use common::{closeread, closeread_ok, sample_article_in};
use std::path::Path;

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&closeread_ok(dir, args)).expect("JSON")
}

#[test]
fn the_bundled_samples_information_is_filled_in() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let article = root.join("assets/articles").join(common::SAMPLE_ARTICLE);
    let dir = tempfile::tempdir().expect("tempdir");
    let info = json(
        dir.path(),
        &["info", article.to_str().expect("path"), "--format", "json"],
    );
    assert_eq!(
        info["title"],
        "Khamenei’s Breaking Point: How to Get Iran Back to the Negotiating Table"
    );
    assert_eq!(info["authors"], serde_json::json!(["Mehdi Khalaji"]));
    assert_eq!(info["date"], "2019-05-02");
    assert_eq!(
        info["publication"],
        "The Washington Institute for Near East Policy, PolicyWatch 3115"
    );
    assert!(info["url"].is_string());
    let keys: Vec<&String> = info.as_object().expect("an object").keys().collect();
    assert_eq!(keys.len(), 5, "{keys:?}");
}

#[test]
fn without_a_meta_file_the_information_is_found_in_the_article_and_not_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = sample_article_in(dir.path());
    let article = article.to_str().expect("path");
    let info = json(dir.path(), &["info", article, "--format", "json"]);
    assert_eq!(
        info["title"],
        "Khamenei’s Breaking Point: How to Get Iran Back to the Negotiating Table"
    );
    assert_eq!(info["authors"][0], "Mehdi Khalaji");
    assert_eq!(info["date"], "2019-05-02");
    assert!(!dir.path().join("khamenei-breaking-point.meta.ron").exists());
}

#[test]
fn set_writes_the_meta_file_beside_the_article_and_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = sample_article_in(dir.path());
    let article = article.to_str().expect("path");
    // Sidecars elsewhere do not move the meta file: it describes the article.
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).expect("mkdir");
    closeread_ok(
        dir.path(),
        &[
            "info",
            article,
            "--annotations",
            notes.to_str().expect("path"),
            "--set",
            "title=A “New” Title",
            "--set",
            "authors=Jane Doe; Mehdi Khalaji",
            "--set",
            "date=3 March 2021",
            "--set",
            "url=https://example.org/x",
        ],
    );
    let meta = dir.path().join("khamenei-breaking-point.meta.ron");
    let text = std::fs::read_to_string(&meta).expect("written beside the article");
    assert!(
        text.contains("format: \"closeread-document-info\""),
        "{text}"
    );
    let info = json(dir.path(), &["info", article, "--format", "json"]);
    assert_eq!(info["title"], "A “New” Title");
    assert_eq!(
        info["authors"],
        serde_json::json!(["Jane Doe", "Mehdi Khalaji"])
    );
    assert_eq!(info["date"], "2021-03-03");
    assert_eq!(info["url"], "https://example.org/x");
    // What was not set keeps what was found in the article.
    assert_eq!(info["publication"], "");
    let table = closeread_ok(dir.path(), &["info", article]);
    assert!(
        table.contains("title:") && table.contains("A “New” Title"),
        "{table}"
    );

    let output = closeread(dir.path(), &["info", article, "--set", "colour=red"]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("colour") && message.contains("title, authors"),
        "{message}"
    );
}

#[test]
fn a_malformed_meta_file_is_named_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = sample_article_in(dir.path());
    let article = article.to_str().expect("path");
    let meta = dir.path().join("khamenei-breaking-point.meta.ron");
    let broken = "(format: \"closeread-document-info\", version: 1, title: [oops";
    std::fs::write(&meta, broken).expect("write");
    for args in [
        vec!["info", article],
        vec!["info", article, "--set", "title=Overwritten?"],
        vec![
            "export",
            article,
            "--analyst",
            "analyst-a",
            "--format",
            "md",
        ],
    ] {
        let output = closeread(dir.path(), &args);
        assert!(!output.status.success(), "{args:?}");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(
            message.contains("khamenei-breaking-point.meta.ron"),
            "{message}"
        );
        assert!(message.contains("malformed"), "{message}");
        assert_eq!(std::fs::read_to_string(&meta).expect("kept"), broken);
    }
}

#[test]
fn the_reading_direction_is_set_stored_and_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = sample_article_in(dir.path());
    let article = article.to_str().expect("path");
    closeread_ok(dir.path(), &["info", article, "--set", "direction=RTL"]);
    let meta = std::fs::read_to_string(dir.path().join("khamenei-breaking-point.meta.ron"))
        .expect("written");
    assert!(meta.contains("direction: rtl"), "{meta}");
    let info = json(dir.path(), &["info", article, "--format", "json"]);
    assert_eq!(info["direction"], "rtl");
    // A word it does not know is refused with the ones it does, and nothing is written.
    let output = closeread(dir.path(), &["info", article, "--set", "direction=upwards"]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("upwards") && message.contains("auto, ltr or rtl"),
        "{message}"
    );
    let after =
        std::fs::read_to_string(dir.path().join("khamenei-breaking-point.meta.ron")).expect("kept");
    assert_eq!(after, meta);
    // Back to auto: the key leaves the JSON and the file.
    closeread_ok(dir.path(), &["info", article, "--set", "direction=auto"]);
    let info = json(dir.path(), &["info", article, "--format", "json"]);
    assert!(info.get("direction").is_none(), "{info}");
}
