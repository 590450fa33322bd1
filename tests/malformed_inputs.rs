//! Malformed files (`tests/fixtures/malformed/`) opened for real: each gives a clear error
//! naming the file, or is opened with a warning, never a panic, and the file on disk is never
//! touched, not even by an edit and a save attempted afterwards.

mod common;

use closeread::model::TagId;
use closeread::session::{ReadingSession, SidecarState};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::SAMPLE_ARTICLE as ARTICLE;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malformed")
}

/// The sample article in a temporary folder with the sidecar fixture `case` as its sidecar
/// for the analyst named like the case.
struct Case {
    dir: tempfile::TempDir,
    analyst: String,
    original: Vec<u8>,
}

impl Case {
    fn new(case: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        common::sample_article_in(dir.path());
        let analyst = case.replace('_', "-");
        let original = std::fs::read(fixtures().join("sidecars").join(format!("{case}.ron")))
            .expect("fixture");
        let this = Self {
            dir,
            analyst,
            original,
        };
        std::fs::write(this.sidecar(), &this.original).expect("place the sidecar");
        this
    }

    fn article(&self) -> PathBuf {
        self.dir.path().join(ARTICLE)
    }

    fn sidecar(&self) -> PathBuf {
        common::sample_sidecar(self.dir.path(), &self.analyst)
    }

    fn open(&self) -> ReadingSession {
        ReadingSession::open(&self.article(), None, &self.analyst).expect("the article opens")
    }

    fn untouched(&self) -> bool {
        std::fs::read(self.sidecar()).expect("still there") == self.original
    }

    /// `closeread list` on the case: its exit code and what it said on stderr.
    fn list_from_the_command_line(&self) -> (Option<i32>, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_closeread"))
            .arg("list")
            .arg(self.article())
            .args(["--analyst", &self.analyst])
            .output()
            .expect("run closeread");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

/// A sidecar that cannot be used: the session opens blocked with `expected` in a message that
/// names the file, refuses edits and saves, and the CLI fails with the same message.
fn assert_blocked(case: &str, expected: &str) {
    let case_files = Case::new(case);
    let mut session = case_files.open();
    let message = match session.sidecar_state() {
        SidecarState::Blocked(error) => error.to_string(),
        other => panic!("{case}: opened as {other:?}"),
    };
    let name = case_files.sidecar().display().to_string();
    assert!(message.contains(&name), "{case}: {message}");
    assert!(message.contains(expected), "{case}: {message}");
    assert!(
        session
            .add_annotation(0, 10, TagId::new("claim"), String::new())
            .is_err()
    );
    assert!(session.save().is_err(), "{case}: the save is refused");
    assert!(case_files.untouched(), "{case}: the file is as it was");

    let (code, stderr) = case_files.list_from_the_command_line();
    assert_eq!(
        code,
        Some(1),
        "{case}: a clean failure, not a panic: {stderr}"
    );
    assert!(
        stderr.contains(&name) && stderr.contains(expected),
        "{case}: {stderr}"
    );
    assert!(case_files.untouched());
}

#[test]
fn damaged_sidecars_are_refused_with_the_file_and_what_is_wrong_and_left_alone() {
    for (case, expected) in [
        ("truncated", "is malformed at line"),
        ("wrong_types", "Expected integer"),
        ("huge_numbers", "Integer is out of bounds"),
        ("negative_offset", "Integer is out of bounds"),
        ("deeply_nested", "recursion limit"),
        ("not_utf8", "not UTF-8 text"),
        ("nul_bytes", "Unexpected char"),
        ("empty", "is malformed at line 1"),
        ("other_format", "is not a Closeread sidecar"),
        ("newer_version", "update Closeread"),
        ("duplicate_ids", "two annotations share the id"),
    ] {
        assert_blocked(case, expected);
    }
}

#[test]
fn offsets_that_do_not_hold_their_quote_are_repaired_with_a_warning() {
    for case in ["offsets_past_end", "offsets_reversed"] {
        let case_files = Case::new(case);
        let session = case_files.open();
        assert!(matches!(session.sidecar_state(), SidecarState::Loaded));
        assert_eq!(session.repaired_spans, 1, "{case}");
        let document = &session.document;
        for annotation in session.layer().annotations() {
            assert!(annotation.span.start <= annotation.span.end);
            assert!(annotation.span.end <= document.char_count());
            assert_eq!(
                document.slice(annotation.span.range()),
                annotation.quote.exact,
                "{case}: every annotation stands on its quote"
            );
        }
        assert!(case_files.untouched(), "{case}: opening writes nothing");
        let (code, stderr) = case_files.list_from_the_command_line();
        assert_eq!(code, Some(0), "{case}: {stderr}");
    }
}

#[test]
fn unknown_tags_and_dangling_relations_open_with_what_is_kept_and_what_is_not() {
    let unknown = Case::new("unknown_tags");
    let session = unknown.open();
    assert_eq!(session.unknown_tags(), vec![(TagId::new("rumour"), 1)]);
    assert!(
        session
            .layer()
            .annotations()
            .iter()
            .any(|annotation| annotation.tag.as_str() == "rumour"),
        "the annotation with the unknown tag is kept"
    );
    assert!(unknown.untouched());

    let dangling = Case::new("dangling_relation");
    let session = dangling.open();
    assert_eq!(session.dangling_relations, 1);
    assert!(dangling.untouched());
}

#[test]
fn articles_that_cannot_be_read_say_why_and_legacy_encodings_are_decoded() {
    let articles = fixtures().join("articles");
    let dir = tempfile::tempdir().expect("temp dir");
    for (file, expected) in [
        ("nul_bytes.txt", "looks like a binary file"),
        ("empty.txt", "is empty"),
        ("only_markup.html", "has no readable text"),
    ] {
        let path = articles.join(file);
        let before = std::fs::read(&path).expect("fixture");
        let error = ReadingSession::open(&path, Some(dir.path()), "reader")
            .expect_err("refused")
            .to_string();
        assert!(error.contains(&path.display().to_string()), "{error}");
        assert!(error.contains(expected), "{file}: {error}");
        assert_eq!(std::fs::read(&path).expect("still there"), before);
    }
    let latin1 = ReadingSession::open(&articles.join("latin1.txt"), Some(dir.path()), "reader")
        .expect("a Windows-1252 article opens");
    assert!(latin1.article_encoding_detected);
    assert!(latin1.document.text().contains("“élites” de Téhéran"));
    let broken = ReadingSession::open(&articles.join("invalid_utf8.md"), Some(dir.path()), "r")
        .expect("invalid UTF-8 is read in a legacy encoding, with the encoding shown");
    assert!(broken.article_encoding_detected);
}

#[test]
fn a_100_mb_single_line_article_is_refused_with_the_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("one-line.txt");
    let line = "word ".repeat(20 * 1024 * 1024);
    std::fs::write(&path, &line).expect("write 100 MB");
    let error = ReadingSession::open(&path, Some(dir.path()), "reader")
        .expect_err("over the limit")
        .to_string();
    assert!(error.contains(&path.display().to_string()), "{error}");
    assert!(
        error.contains("100 MB") && error.contains("up to 64 MB"),
        "{error}"
    );
    let (code, stderr) = {
        let output = Command::new(env!("CARGO_BIN_EXE_closeread"))
            .arg("list")
            .arg(&path)
            .args(["--analyst", "reader"])
            .output()
            .expect("run closeread");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        std::fs::metadata(&path).expect("kept").len(),
        line.len() as u64
    );
}
