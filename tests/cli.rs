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

/// The article's blocks' texts as `closeread text --format json` gives them.
fn block_texts(workspace: &Workspace, article: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&common::closeread_ok(
        workspace.dir.path(),
        &["text", article, "--format", "json"],
    ))
    .expect("JSON");
    let text: Vec<char> = json["text"].as_str().expect("text").chars().collect();
    json["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .map(|block| {
            let start = block["start"].as_u64().expect("start") as usize;
            let end = block["end"].as_u64().expect("end") as usize;
            text[start..end].iter().collect()
        })
        .collect()
}

/// `closeread align A B --format json` as (a, b) index lists.
fn alignment(workspace: &Workspace, a: &str, b: &str, extra: &[&str]) -> Vec<(Vec<u64>, Vec<u64>)> {
    let mut args = vec!["align", a, b, "--format", "json"];
    args.extend_from_slice(extra);
    let json: serde_json::Value =
        serde_json::from_str(&common::closeread_ok(workspace.dir.path(), &args)).expect("JSON");
    json.as_array()
        .expect("an array")
        .iter()
        .map(|pair| {
            let object = pair.as_object().expect("an object");
            assert_eq!(object.len(), 2, "only a and b: {pair}");
            let list = |key: &str| -> Vec<u64> {
                pair[key]
                    .as_array()
                    .expect("a list")
                    .iter()
                    .map(|index| index.as_u64().expect("an index"))
                    .collect()
            };
            (list("a"), list("b"))
        })
        .collect()
}

#[test]
fn align_recovers_the_pairing_of_the_sample_with_a_shuffled_merged_copy() {
    let workspace = Workspace::new();
    let blocks = block_texts(&workspace, ARTICLE);
    // The copy: runs of one, two or three paragraphs merged into one, then shuffled by a
    // fixed permutation (an LCG), written with CRLF line ends.
    let mut units: Vec<(Vec<u64>, String)> = Vec::new();
    let mut seed: u64 = 20_261_203;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    let mut index = 0;
    while index < blocks.len() {
        let run = match next() % 10 {
            0 => 3,
            1..=3 => 2,
            _ => 1,
        }
        .min(blocks.len() - index);
        units.push((
            (index as u64..(index + run) as u64).collect(),
            blocks[index..index + run].join(" "),
        ));
        index += run;
    }
    for i in (1..units.len()).rev() {
        let j = (next() as usize) % (i + 1);
        units.swap(i, j);
    }
    assert!(
        units.iter().any(|(from, _)| from.len() > 1),
        "some paragraphs are merged"
    );
    let copy = units
        .iter()
        .map(|(_, text)| text.as_str())
        .collect::<Vec<_>>()
        .join("\r\n\r\n");
    std::fs::write(workspace.dir.path().join("copy.txt"), copy).expect("copy");
    assert_eq!(block_texts(&workspace, "copy.txt").len(), units.len());
    let pairs = alignment(&workspace, ARTICLE, "copy.txt", &[]);
    for (j, (from, _)) in units.iter().enumerate() {
        let pair = pairs
            .iter()
            .find(|(_, b)| b.contains(&(j as u64)))
            .expect("every paragraph of the copy is in a pair");
        assert_eq!(
            pair,
            &(from.clone(), vec![j as u64]),
            "paragraph {j} of the copy"
        );
    }
    // Printed only: nothing written.
    let file = workspace
        .dir
        .path()
        .join("khamenei-breaking-point.editions.ron");
    assert!(!file.exists());
    // Written with --write; a pair corrected by hand there survives aligning again.
    alignment(&workspace, ARTICLE, "copy.txt", &["--write"]);
    let text = std::fs::read_to_string(&file).expect("the editions file");
    assert!(text.contains("format: \"closeread-editions\""), "{text}");
    assert!(text.contains("b: \"copy.txt\""), "{text}");
    let corrected = text.replacen(
        "pairs: [",
        "pairs: [\n        (a: [0], b: [0, 1], by_hand: true, note: \"checked\"),",
        1,
    );
    std::fs::write(&file, corrected).expect("corrected");
    let pairs = alignment(&workspace, ARTICLE, "copy.txt", &["--write"]);
    assert!(pairs.contains(&(vec![0], vec![0, 1])), "{pairs:?}");
    assert_eq!(
        pairs
            .iter()
            .filter(|(a, b)| a.contains(&0) || b.contains(&0) || b.contains(&1))
            .count(),
        1,
        "the automatic pairs of those paragraphs gave way: {pairs:?}"
    );
    let text = std::fs::read_to_string(&file).expect("the editions file");
    assert!(
        text.contains("by_hand: true") && text.contains("checked"),
        "{text}"
    );
}

#[test]
fn align_pairs_two_editions_in_different_languages() {
    let workspace = Workspace::new();
    let english = "Iran's Enrichment in Numbers\n\n\
        In May 2019 the IAEA counted 300 kilograms of enriched uranium at Natanz.\n\n\
        A year later the stockpile had grown to 1,571 kilograms, five times the 2015 limit.\n\n\
        Rafael Grossi, who took over the agency in December 2019, asked for access to two sites.\n\n\
        Diplomats in Vienna said the talks would resume after the elections.\n\n\
        By April 2021 enrichment had reached 60 percent.\n";
    // The Persian edition merges the third and fourth paragraphs, leaves out the fifth, and
    // comes as a Windows editor saves it: a BOM and CRLF line ends.
    let persian = "\u{feff}غنی‌سازی ایران در اعداد\r\n\r\n\
        در اردیبهشت ۱۳۹۸ (May 2019) آژانس IAEA مقدار ۳۰۰ کیلوگرم اورانیوم غنی‌شده را در Natanz شمرد.\r\n\r\n\
        یک سال بعد ذخیره به ۱٬۵۷۱ کیلوگرم رسید، پنج برابر سقف 2015. رافائل گروسی (Rafael Grossi) که در دسامبر 2019 ریاست آژانس را به دست گرفت، خواستار دسترسی به دو سایت شد.\r\n\r\n\
        تا فروردین ۱۴۰۰ (April 2021) غنی‌سازی به ۶۰ درصد رسید.\r\n";
    std::fs::write(workspace.dir.path().join("report.txt"), english).expect("english");
    std::fs::write(workspace.dir.path().join("report.fa.txt"), persian).expect("persian");
    let mut pairs = alignment(&workspace, "report.txt", "report.fa.txt", &[]);
    pairs.sort();
    let expected: Vec<(Vec<u64>, Vec<u64>)> = vec![
        (vec![0], vec![0]),
        (vec![1], vec![1]),
        (vec![2, 3], vec![2]),
        (vec![4], vec![]),
        (vec![5], vec![3]),
    ];
    assert_eq!(pairs, expected);
    // The table names both files and marks the paragraph the Persian edition lacks.
    let table = common::closeread_ok(
        workspace.dir.path(),
        &["align", "report.txt", "report.fa.txt"],
    );
    assert!(
        table.contains("report.txt (6 paragraphs) ↔ report.fa.txt (4 paragraphs)"),
        "{table}"
    );
    assert!(table.contains("#4           ↔ —"), "{table}");
    // Side by side: the HTML report pairs the texts in one row, the Persian right to left;
    // the CSV has a row per pair with both texts.
    let html = common::closeread_ok(
        workspace.dir.path(),
        &["align", "report.txt", "report.fa.txt", "--format", "html"],
    );
    assert!(
        html.contains("<tr><td><p>By April 2021 enrichment had reached 60 percent.</p></td><td><p dir=\"rtl\">تا فروردین"),
        "{html}"
    );
    assert!(html.contains("(not in this edition)"), "{html}");
    let csv = common::closeread_ok(
        workspace.dir.path(),
        &["align", "report.txt", "report.fa.txt", "--format", "csv"],
    );
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|row| row.expect("a row"))
        .collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(&rows[2][1], "2 3");
    assert!(rows[2][3].contains("1,571") && rows[2][4].contains("Rafael Grossi"));
}
