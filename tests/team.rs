//! The team subcommands end to end: `agree` (table, JSON, CSV), `merge` into the consensus
//! layer, `merge-file` as a git merge driver, and two analysts writing at the same time; and,
//! in `sync/`, sharing a project through git with `closeread sync`.

mod common;
mod sync;

use closeread::model::{Layer, TagId};
use closeread::session::ReadingSession;
use closeread::team;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::SAMPLE_ARTICLE as ARTICLE;

/// A copy of the sample article with both bundled readings beside it.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        common::sample_article_in(dir.path());
        common::sample_sidecars_in(dir.path());
        Self { dir }
    }

    fn article(&self) -> PathBuf {
        self.dir.path().join(ARTICLE)
    }

    fn sidecar(&self, analyst: &str) -> PathBuf {
        common::sample_sidecar(self.dir.path(), analyst)
    }

    fn layer(&self, analyst: &str) -> (ReadingSession, Layer) {
        let session = ReadingSession::open(&self.article(), None, analyst).expect("opens");
        let layer = session.layer().clone();
        (session, layer)
    }

    fn run(&self, args: &[&str]) -> Output {
        common::closeread(self.dir.path(), args)
    }

    fn run_ok(&self, args: &[&str]) -> String {
        common::closeread_ok(self.dir.path(), args)
    }
}

#[test]
fn agree_reports_every_metric_by_name_in_table_json_and_csv() {
    let workspace = Workspace::new();
    let article = workspace.article();
    let article = article.to_str().expect("utf-8 path");
    let (session, a) = workspace.layer("analyst-a");
    let (_, b) = workspace.layer("analyst-b");
    let expected = team::agreement(&session.document, &[&a, &b]);

    let json: serde_json::Value =
        serde_json::from_str(&workspace.run_ok(&["agree", article, "--format", "json"]))
            .expect("JSON");
    assert_eq!(
        json["analysts"],
        serde_json::json!(["analyst-a", "analyst-b"])
    );
    let pair = &json["pairs"][0];
    assert_eq!(pair["a"], "analyst-a");
    assert_eq!(pair["b"], "analyst-b");
    for key in ["f1_exact", "f1_overlap", "alpha_u", "kappa"] {
        let figure = pair[key].as_f64().expect("a number");
        let metric = team::Metric::ALL
            .into_iter()
            .find(|metric| metric.key() == key)
            .expect("known metric");
        assert_eq!(Some(figure), expected.pairs[0].overall.get(metric), "{key}");
        assert!(pair["per_tag"]["claim"][key].is_number(), "{key} per tag");
        assert!(json["mean"][key].is_number(), "{key} mean");
    }
    assert!(json["mean"]["per_tag"]["recommendation"]["kappa"].is_number());

    let table = workspace.run_ok(&["agree", article]);
    for metric in team::Metric::ALL {
        assert!(table.contains(metric.label()), "{table}");
    }
    assert!(table.contains("analyst-a × analyst-b"), "{table}");

    let csv = workspace.run_ok(&["agree", article, "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("a,b,tag,f1_exact,f1_overlap,alpha_u,kappa,relation_f1")
    );
    assert!(lines.any(|line| line.starts_with("analyst-a,analyst-b,evidence,")));

    // Only the analysts named.
    let one = workspace.run(&["agree", article, "--analyst", "analyst-a"]);
    assert!(!one.status.success());
    assert!(
        String::from_utf8_lossy(&one.stderr).contains("at least two analysts"),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
}

#[test]
fn merge_accepts_what_the_analysts_agree_on_and_lists_what_is_left() {
    let workspace = Workspace::new();
    let article = workspace.article();
    let article = article.to_str().expect("utf-8 path");
    let (session, a) = workspace.layer("analyst-a");
    let (_, b) = workspace.layer("analyst-b");
    let expected = team::decide_automatically(
        &session.document,
        &Layer::new(team::CONSENSUS, Default::default()),
        &[&a, &b],
        team::Strategy::Unanimous,
    );
    assert!(expected.accepted > 0 && !expected.open.is_empty());

    let report = workspace.run_ok(&["merge", article, "--into", "consensus"]);
    assert!(
        report.contains(&format!("{} reading(s) accepted", expected.accepted)),
        "{report}"
    );
    assert!(
        report.contains(&format!("{} disagreement(s) left", expected.open.len())),
        "{report}"
    );
    let consensus = ReadingSession::open_consensus(&workspace.article(), None).expect("opens");
    assert_eq!(consensus.layer().len(), expected.accepted);
    assert!(consensus.layer().settled().len() >= 2 * expected.accepted);

    // Running it again adds nothing.
    let again = workspace.run_ok(&["merge", article, "--strategy", "unanimous"]);
    assert!(again.contains("0 reading(s) accepted"), "{again}");
    let consensus = ReadingSession::open_consensus(&workspace.article(), None).expect("opens");
    assert_eq!(consensus.layer().len(), expected.accepted);

    // The consensus layer is not an analyst: agree leaves it out.
    let json: serde_json::Value =
        serde_json::from_str(&workspace.run_ok(&["agree", article, "--format", "json"]))
            .expect("JSON");
    assert_eq!(json["analysts"].as_array().map(Vec::len), Some(2));

    let refused = workspace.run(&["merge", article, "--into", "analyst-a"]);
    assert!(!refused.status.success());
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn merge_file_as_a_git_merge_driver_keeps_edits_made_on_two_machines() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: skipping the merge-driver test");
        return;
    }
    let workspace = Workspace::new();
    let dir = workspace.dir.path();
    let sidecar = workspace.sidecar("analyst-a");
    git(dir, &["init", "-q", "-b", "main"]);
    std::fs::write(dir.join(".gitattributes"), "*.ron merge=closeread\n").expect("write");
    git(
        dir,
        &[
            "config",
            "merge.closeread.name",
            "Closeread sidecar merge by annotation id",
        ],
    );
    let driver = format!(
        "\"{}\" merge-file %O %A %B",
        env!("CARGO_BIN_EXE_closeread")
    );
    git(dir, &["config", "merge.closeread.driver", &driver]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "two readings"]);

    let (_, base) = workspace.layer("analyst-a");
    let first = base.annotations()[0].clone();
    let new_tag = if first.tag.as_str() == "evidence" {
        "recommendation"
    } else {
        "evidence"
    };
    let second = base.annotations()[1].clone();
    let last = base.annotations()[base.len() - 1].clone();

    // Laptop: a new annotation, a retag and a deletion.
    git(dir, &["checkout", "-q", "-b", "laptop"]);
    let mut laptop = ReadingSession::open(&workspace.article(), None, "analyst-a").expect("opens");
    let added_on_laptop = laptop
        .add_annotation(40, 60, TagId::new("evidence"), "laptop".into())
        .expect("adds");
    // Its relations go first: a retag must keep every relation valid.
    let unlinked: Vec<_> = laptop.layer().relations_of(first.id).cloned().collect();
    for relation in &unlinked {
        laptop.delete_relation(relation).expect("unlinks");
    }
    laptop
        .retag_annotation(first.id, TagId::new(new_tag))
        .expect("retags");
    laptop.delete_annotation(last.id).expect("deletes");
    laptop.save().expect("saves");
    git(dir, &["commit", "-q", "-am", "laptop"]);

    // Desktop: another annotation and a note on the second one.
    git(dir, &["checkout", "-q", "main"]);
    let mut desktop = ReadingSession::open(&workspace.article(), None, "analyst-a").expect("opens");
    let added_on_desktop = desktop
        .add_annotation(100, 130, TagId::new("claim"), "desktop".into())
        .expect("adds");
    desktop
        .set_note(second.id, "noted on the desktop".into(), false)
        .expect("notes");
    desktop.save().expect("saves");
    git(dir, &["commit", "-q", "-am", "desktop"]);

    let merge_output = git(dir, &["merge", "--no-edit", "laptop"]);
    assert!(
        merge_output.contains("merged") && merge_output.contains("by annotation id"),
        "the driver ran: {merge_output}"
    );
    let merged = ReadingSession::open(&workspace.article(), None, "analyst-a").expect("opens");
    let layer = merged.layer();
    assert!(layer.get(added_on_laptop).is_some());
    assert!(layer.get(added_on_desktop).is_some());
    assert_eq!(layer.get(first.id).map(|a| a.tag.as_str()), Some(new_tag));
    assert_eq!(
        layer.get(second.id).map(|a| a.note.as_str()),
        Some("noted on the desktop")
    );
    assert!(layer.get(last.id).is_none());
    assert!(
        layer.relations_of(first.id).next().is_none(),
        "unlinked on the laptop"
    );
    assert!(
        !layer.relations().is_empty(),
        "the other relations are kept"
    );
    assert_eq!(layer.len(), base.len() + 1);
    let text = std::fs::read_to_string(&sidecar).expect("read");
    assert!(!text.contains("<<<<<<<"), "no conflict markers");
}

#[test]
fn two_analysts_writing_at_the_same_time_lose_nothing() {
    let workspace = Workspace::new();
    let article = workspace.article();
    const ADDS: usize = 15;
    let writers: Vec<std::thread::JoinHandle<()>> = ["analyst-c", "analyst-d"]
        .into_iter()
        .enumerate()
        .map(|(index, analyst)| {
            let article = article.clone();
            std::thread::spawn(move || {
                for step in 0..ADDS {
                    let start = (index * ADDS + step) * 40;
                    let output = Command::new(env!("CARGO_BIN_EXE_closeread"))
                        .arg("add")
                        .arg(&article)
                        .args(["--analyst", analyst, "--tag", "claim"])
                        .args(["--start", &start.to_string()])
                        .args(["--end", &(start + 20).to_string()])
                        .output()
                        .expect("run closeread");
                    assert!(
                        output.status.success(),
                        "{}",
                        String::from_utf8_lossy(&output.stderr)
                    );
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("writer finished");
    }
    for analyst in ["analyst-c", "analyst-d"] {
        let (_, layer) = workspace.layer(analyst);
        assert_eq!(layer.len(), ADDS, "{analyst}");
    }
    let (_, untouched) = workspace.layer("analyst-a");
    assert!(!untouched.is_empty());
}
