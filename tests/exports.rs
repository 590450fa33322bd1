//! `closeread export` and `closeread import` on the bundled reading: every format, and the round
//! trips sidecar → brat → import and sidecar → W3C → import giving back the same annotations.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::SAMPLE_STEM as STEM;

struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    /// The bundled article with analyst-a's and analyst-b's sidecars beside it.
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        common::sample_article_in(dir.path());
        common::sample_sidecars_in(dir.path());
        Self { dir }
    }

    fn article(&self) -> String {
        self.dir
            .path()
            .join(format!("{STEM}.txt"))
            .display()
            .to_string()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        common::closeread(self.dir.path(), args)
    }

    fn ok(&self, args: &[&str]) -> String {
        common::closeread_ok(self.dir.path(), args)
    }

    /// `export` of one analyst's reading of the article in `format`, to standard output.
    fn export(&self, analyst: &str, format: &str) -> String {
        self.ok(&[
            "export",
            &self.article(),
            "--analyst",
            analyst,
            "--format",
            format,
        ])
    }

    /// An analyst's export written to the file or folder `out`.
    fn export_to(&self, analyst: &str, format: &str, out: &Path) {
        let out = out.to_str().expect("a UTF-8 path");
        self.ok(&[
            "export",
            &self.article(),
            "--analyst",
            analyst,
            "--format",
            format,
            "-o",
            out,
        ]);
    }

    /// (tag, start, end, note) of every annotation of an analyst.
    fn annotations(&self, analyst: &str) -> BTreeSet<(String, u64, u64, String)> {
        let json = self.ok(&[
            "list",
            &self.article(),
            "--analyst",
            analyst,
            "--format",
            "json",
        ]);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
        rows.iter()
            .map(|row| {
                (
                    row["tag"].as_str().expect("tag").to_owned(),
                    row["start"].as_u64().expect("start"),
                    row["end"].as_u64().expect("end"),
                    row["note"].as_str().expect("note").to_owned(),
                )
            })
            .collect()
    }
}

#[test]
fn sidecar_to_brat_to_import_gives_the_same_annotations() {
    let workspace = Workspace::new();
    let folder = workspace.path("brat");
    workspace.export_to("analyst-a", "brat", &folder);
    let ann = folder.join(format!("{STEM}.ann"));
    let output = workspace.ok(&[
        "import",
        &workspace.article(),
        "--analyst",
        "copy",
        "--from",
        "brat",
        ann.to_str().expect("path"),
    ]);
    assert!(output.contains("anchored"), "{output}");
    assert_eq!(
        workspace.annotations("copy"),
        workspace.annotations("analyst-a")
    );
}

#[test]
fn sidecar_to_w3c_to_import_gives_the_same_annotations() {
    let workspace = Workspace::new();
    let file = workspace.path("annotations.jsonld");
    let file_arg = file.display().to_string();
    workspace.export_to("analyst-a", "w3c", &file);
    workspace.ok(&[
        "import",
        &workspace.article(),
        "--analyst",
        "copy",
        "--from",
        "w3c",
        &file_arg,
    ]);
    assert_eq!(
        workspace.annotations("copy"),
        workspace.annotations("analyst-a")
    );
}

#[test]
fn csv_of_two_analysts_reads_back_with_a_csv_parser() {
    let workspace = Workspace::new();
    let csv = workspace.ok(&[
        "export",
        &workspace.article(),
        "--analyst",
        "analyst-a",
        "--analyst",
        "analyst-b",
        "--format",
        "csv",
        "--tag",
        "claim",
    ]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|row| row.expect("row")).collect();
    let expected: usize = ["analyst-a", "analyst-b"]
        .iter()
        .map(|analyst| {
            workspace
                .annotations(analyst)
                .iter()
                .filter(|(tag, ..)| tag == "claim")
                .count()
        })
        .sum();
    assert_eq!(rows.len(), expected);
    assert!(rows.iter().all(|row| &row[2] == "claim"));
    let analysts: BTreeSet<&str> = rows
        .iter()
        .map(|row| row.get(1).expect("analyst"))
        .collect();
    assert_eq!(analysts, BTreeSet::from(["analyst-a", "analyst-b"]));
    // Document order across analysts.
    let starts: Vec<u64> = rows
        .iter()
        .map(|row| row[7].parse().expect("start"))
        .collect();
    assert!(starts.windows(2).all(|pair| pair[0] <= pair[1]));
}

#[test]
fn every_single_file_format_writes_and_brat_needs_a_folder() {
    let workspace = Workspace::new();
    for format in ["csv", "md", "html", "json", "w3c"] {
        let out = workspace.path(&format!("export.{format}"));
        workspace.export_to("analyst-a", format, &out);
        let written = std::fs::read_to_string(&out).expect("written");
        assert!(written.len() > 1000, "{format}");
        assert!(written.contains("Supreme Leader Ali Khamenei"), "{format}");
    }
    let output = workspace.run(&[
        "export",
        &workspace.article(),
        "--analyst",
        "analyst-a",
        "--format",
        "brat",
    ]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("-o FOLDER"));
}

#[test]
fn a_note_holding_a_script_is_inert_in_the_html_report() {
    let workspace = Workspace::new();
    workspace.ok(&[
        "add",
        &workspace.article(),
        "--analyst",
        "analyst-a",
        "--tag",
        "claim",
        "--quote",
        "Mehdi Khalaji is the Libitzky Family Fellow",
        "--note",
        "<script>alert('x')</script><img src=x onerror=alert(1)>",
    ]);
    let html = workspace.export("analyst-a", "html");
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "no script element");
    assert!(!lower.contains("<img"), "no injected element");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
}

#[test]
fn unknown_types_without_a_tag_map_are_an_error_that_lists_them() {
    let workspace = Workspace::new();
    let ann = workspace.path("essay.ann");
    std::fs::write(
        &ann,
        "T1\tMajorClaim 0 5\tIdeas\nT2\tPremise 7 13\tAction\n",
    )
    .expect("write");
    let ann_arg = ann.display().to_string();
    let output = workspace.run(&[
        "import",
        &workspace.article(),
        "--analyst",
        "c",
        "--from",
        "brat",
        &ann_arg,
    ]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("MajorClaim") && message.contains("Premise"),
        "{message}"
    );
    assert!(!workspace.path(&format!("{STEM}.c.ron")).exists());
    let done = workspace.ok(&[
        "import",
        &workspace.article(),
        "--analyst",
        "c",
        "--from",
        "brat",
        &ann_arg,
        "--tag-map",
        "MajorClaim=claim,Premise=evidence",
    ]);
    assert!(done.contains("imported 2"), "{done}");
}

#[test]
fn annotations_that_cannot_be_placed_are_imported_as_orphans() {
    let workspace = Workspace::new();
    let file = workspace.path("hypothesis.json");
    std::fs::write(
        &file,
        r#"{"rows":[
            {"text":"found","tags":["claim"],"target":[{"selector":[{"type":"TextQuoteSelector","exact":"Secretary of State Mike Pompeo warned","prefix":"On April 10, ","suffix":" that"}]}]},
            {"text":"not in this article","tags":["evidence"],"target":[{"selector":[{"type":"TextQuoteSelector","exact":"a sentence that is nowhere in the text at all","prefix":"","suffix":""}]}]}
        ]}"#,
    )
    .expect("write");
    let output = workspace.ok(&[
        "import",
        &workspace.article(),
        "--analyst",
        "h",
        "--from",
        "w3c",
        file.to_str().expect("path"),
    ]);
    assert!(
        output
            .contains("imported 2 annotation(s): 1 anchored, 0 relocated (to review), 1 orphaned"),
        "{output}"
    );
    let sidecar =
        std::fs::read_to_string(workspace.path(&format!("{STEM}.h.ron"))).expect("sidecar");
    assert!(
        sidecar.contains("a sentence that is nowhere in the text at all"),
        "kept"
    );
    // `list` says an orphan has no place, as `anchor` does.
    let json = workspace.ok(&[
        "list",
        &workspace.article(),
        "--analyst",
        "h",
        "--format",
        "json",
    ]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
    let orphan = rows
        .iter()
        .find(|row| row["exact"] == "a sentence that is nowhere in the text at all")
        .expect("listed");
    assert!(
        orphan["start"].is_null() && orphan["end"].is_null(),
        "{orphan}"
    );
    let placed = rows
        .iter()
        .find(|row| row["tag"] == "claim")
        .expect("listed");
    assert!(placed["start"].is_u64(), "{placed}");
}

#[test]
fn brat_offsets_into_a_windows_text_land_on_their_passages() {
    // A brat document as a Windows user has it: the .txt with a byte-order mark and CR LF (brat
    // counts both in its offsets), the .ann with CR LF too.
    let dir = tempfile::tempdir().expect("tempdir");
    let raw = "\u{feff}Sanctions relief memo\r\n\r\nThe IRGC controls the ports.\r\nIran's economy depends on them.\r\n\r\nLift the sanctions on medicine.\r\n";
    std::fs::write(dir.path().join("memo.txt"), raw).expect("txt");
    let offsets = |needle: &str| common::char_span(raw, needle);
    let passages = [
        ("Evidence", "The IRGC controls the ports."),
        ("Claim", "Iran's economy depends on them."),
        ("Recommendation", "Lift the sanctions on medicine."),
    ];
    let mut ann = String::new();
    for (index, (kind, text)) in passages.iter().enumerate() {
        let (start, end) = offsets(text);
        ann.push_str(&format!("T{}\t{kind} {start} {end}\t{text}\r\n", index + 1));
    }
    ann.push_str("#1\tAnnotatorNotes T3\tthe memo's ask\r\n");
    ann.push_str("#2\tLemma T2\tdepend\r\n");
    ann.push_str("E1\tAct:T3\r\n");
    std::fs::write(dir.path().join("memo.ann"), ann).expect("ann");
    let output = common::closeread_ok(
        dir.path(),
        &[
            "import",
            "memo.txt",
            "--analyst",
            "b",
            "--from",
            "brat",
            "memo.ann",
        ],
    );
    assert!(output.contains("3 anchored"), "{output}");
    assert!(
        !output.contains("placed by its quote"),
        "the offsets were mapped, not given up: {output}"
    );
    assert!(output.contains("of 6 line(s)"), "{output}");
    assert!(
        output.contains("not imported: an event (E line) (1):\n  line 6: E1\tAct:T3"),
        "{output}"
    );
    let json = common::closeread_ok(
        dir.path(),
        &["list", "memo.txt", "--analyst", "b", "--format", "json"],
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
    let document = closeread::model::Document::from_raw_text(raw);
    for (kind, text) in passages {
        let row = rows
            .iter()
            .find(|row| row["tag"] == kind.to_lowercase())
            .expect("imported");
        let start = row["start"].as_u64().expect("start") as usize;
        let end = row["end"].as_u64().expect("end") as usize;
        assert_eq!(
            document.slice(start..end),
            text,
            "{kind} is where brat put it"
        );
    }
    let claim = rows
        .iter()
        .find(|row| row["tag"] == "claim")
        .expect("claim");
    assert_eq!(claim["note"], "Lemma: depend");
    let recommendation = rows
        .iter()
        .find(|row| row["tag"] == "recommendation")
        .expect("recommendation");
    assert_eq!(recommendation["note"], "the memo's ask");
}

#[test]
fn a_discontinuous_brat_span_imports_as_fragments_and_exports_back_as_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Les hépatites A, B et C sont fréquentes.\n";
    std::fs::write(dir.path().join("sante.txt"), text).expect("txt");
    let at = |needle: &str| common::char_span(text, needle).0;
    let (h, b) = (at("hépatites"), at("B et"));
    std::fs::write(
        dir.path().join("sante.ann"),
        format!("T1\tDisorder {h} {};{b} {}\thépatites B\n", h + 9, b + 1),
    )
    .expect("ann");
    let run = |args: &[&str]| common::closeread_ok(dir.path(), args);
    let report = run(&[
        "import",
        "sante.txt",
        "--analyst",
        "m",
        "--from",
        "brat",
        "sante.ann",
        "--tag-map",
        "Disorder=claim",
    ]);
    assert!(report.contains("imported 2 annotation(s)"), "{report}");
    assert!(
        report.contains("1 relation(s)"),
        "the fragments joined: {report}"
    );
    assert!(report.contains("one annotation per fragment"), "{report}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run(&[
        "list",
        "sante.txt",
        "--analyst",
        "m",
        "--format",
        "json",
    ]))
    .expect("json");
    let mut excerpts: Vec<&str> = rows
        .iter()
        .map(|row| row["exact"].as_str().expect("exact"))
        .collect();
    excerpts.sort_unstable();
    assert_eq!(
        excerpts,
        ["B", "hépatites"],
        "never the covering “hépatites A, B”"
    );
    let out = dir.path().join("brat-out");
    run(&[
        "export",
        "sante.txt",
        "--analyst",
        "m",
        "--format",
        "brat",
        "-o",
        out.to_str().expect("path"),
    ]);
    let ann = std::fs::read_to_string(out.join("sante.ann")).expect("exported ann");
    let t_lines: Vec<&str> = ann.lines().filter(|line| line.starts_with('T')).collect();
    assert_eq!(
        t_lines,
        [format!("T1\tClaim {h} {};{b} {}\thépatites B", h + 9, b + 1).as_str()],
        "{ann}"
    );
    assert!(
        !ann.contains("continues"),
        "no R line for the fragments: {ann}"
    );
}

#[test]
fn an_inception_tsv_imports_with_its_labels_relations_and_a_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("doc.txt"),
        "Barack Obama 😀 met the IRGC .\n",
    )
    .expect("txt");
    // As INCEpTION exports it (Windows line ends here): a named-entity layer, a relation
    // layer over it, a chain layer; offsets in UTF-16 units (the emoji is two).
    let tsv = "#FORMAT=WebAnno TSV 3.3\r\n\
#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\r\n\
#T_RL=webanno.custom.Link|label|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity\r\n\
#T_CH=de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink|referenceType|referenceRelation\r\n\
\r\n\
\r\n\
#Text=Barack Obama 😀 met the IRGC .\r\n\
1-1\t0-6\tBarack\tQ76[1]\tPER[1]\t_\t_\t*->1-1\t*->1\r\n\
1-2\t7-12\tObama\tQ76[1]\tPER[1]\t_\t_\t_\t_\r\n\
1-3\t13-15\t😀\t_\t_\t_\t_\t_\t_\r\n\
1-4\t16-19\tmet\t_\t_\t_\t_\t_\t_\r\n\
1-5\t20-23\tthe\t_\t_\t_\t_\t_\t_\r\n\
1-6\t24-28\tIRGC\t_\tORG\tmeets\t1-1[1_0]\t_\t_\r\n\
1-7\t29-30\t.\t_\t_\t_\t_\t_\t_\r\n";
    std::fs::write(dir.path().join("doc.tsv"), tsv).expect("tsv");
    let run = |args: &[&str]| common::closeread_ok(dir.path(), args);
    let report = run(&[
        "import",
        "doc.txt",
        "--analyst",
        "i",
        "--from",
        "webanno",
        "doc.tsv",
        "--tag-map",
        "PER=evidence,ORG=claim",
        "--relation-map",
        "meets=supports",
    ]);
    assert!(
        report.contains("imported 2 annotation(s): 2 anchored"),
        "{report}"
    );
    assert!(report.contains("1 relation(s)"), "{report}");
    assert!(
        report.contains("coreference chains) (1):\n  line 8:"),
        "{report}"
    );
    assert!(!report.contains("not the article's"), "{report}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run(&[
        "list",
        "doc.txt",
        "--analyst",
        "i",
        "--format",
        "json",
    ]))
    .expect("json");
    let irgc = rows
        .iter()
        .find(|row| row["exact"] == "IRGC")
        .expect("IRGC");
    assert_eq!(irgc["start"], 23, "code points, not UTF-16 units");
    let obama = rows
        .iter()
        .find(|row| row["tag"] == "evidence")
        .expect("PER");
    assert_eq!(obama["exact"], "Barack Obama");
    assert_eq!(obama["note"], "identifier: Q76");
    // Another article's text: said, and placed by quotes.
    std::fs::write(
        dir.path().join("other.txt"),
        "Earlier, Barack Obama met the IRGC once.\n",
    )
    .expect("txt");
    let report = run(&[
        "import",
        "other.txt",
        "--analyst",
        "i",
        "--from",
        "webanno",
        "doc.tsv",
        "--tag-map",
        "PER=evidence,ORG=claim",
    ]);
    assert!(report.contains("not the article's"), "{report}");
    // Given as brat, the TSV is recognised and named.
    let output = common::closeread(
        dir.path(),
        &[
            "import",
            "doc.txt",
            "--analyst",
            "i",
            "--from",
            "brat",
            "doc.tsv",
        ],
    );
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("--from webanno"), "{error}");
}

#[test]
fn a_refi_qda_project_round_trips_each_analysts_reading() {
    let workspace = Workspace::new();
    let package = workspace.path("sample.qdpx");
    workspace.ok(&[
        "export",
        &workspace.article(),
        "--analyst",
        "analyst-a",
        "--analyst",
        "analyst-b",
        "--format",
        "qdpx",
        "-o",
        package.to_str().expect("path"),
    ]);
    // Into a folder with the same article and no readings: one reading per user.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    common::sample_article_in(elsewhere.path());
    let article = elsewhere.path().join(format!("{STEM}.txt"));
    let report = common::closeread_ok(
        elsewhere.path(),
        &[
            "import",
            article.to_str().expect("path"),
            "--analyst",
            "anyone",
            "--from",
            "qdpx",
            package.to_str().expect("path"),
        ],
    );
    assert!(report.contains("analyst-a: imported"), "{report}");
    assert!(report.contains("analyst-b: imported"), "{report}");
    for analyst in ["analyst-a", "analyst-b"] {
        let placed = |dir: &std::path::Path, article: &str| {
            let json = common::closeread_ok(
                dir,
                &["list", article, "--analyst", analyst, "--format", "json"],
            );
            let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
            let mut rows: Vec<(String, u64, u64, String)> = rows
                .iter()
                .filter(|row| row["start"].is_u64())
                .map(|row| {
                    (
                        row["tag"].as_str().expect("tag").to_owned(),
                        row["start"].as_u64().expect("start"),
                        row["end"].as_u64().expect("end"),
                        row["note"].as_str().expect("note").to_owned(),
                    )
                })
                .collect();
            rows.sort();
            rows
        };
        let before = placed(workspace.dir.path(), &workspace.article());
        assert!(!before.is_empty());
        assert_eq!(
            placed(elsewhere.path(), article.to_str().expect("path")),
            before,
            "{analyst}'s reading came through whole"
        );
    }
}

/// (source's quote, kind, target's quote, note) of every relation of `analyst`, from the JSON
/// export, so that readings with different annotation ids compare.
fn relations_by_quote(
    dir: &std::path::Path,
    article: &str,
    analyst: &str,
) -> BTreeSet<(String, String, String, String)> {
    let json = common::closeread_ok(
        dir,
        &["export", article, "--analyst", analyst, "--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    let quote = |id: &serde_json::Value| {
        value["annotations"]
            .as_array()
            .expect("annotations")
            .iter()
            .find(|row| &row["id"] == id)
            .map(|row| row["exact"].as_str().expect("exact").to_owned())
            .expect("the relation's annotation is exported")
    };
    value["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .map(|relation| {
            (
                quote(&relation["source"]),
                relation["kind"].as_str().expect("kind").to_owned(),
                quote(&relation["target"]),
                relation["note"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn notes_on_relations_survive_brat_w3c_and_refi_qda_round_trips() {
    let workspace = Workspace::new();
    let json = workspace.export("analyst-a", "json");
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    let relations = value["relations"].as_array().expect("relations");
    assert!(
        relations.len() >= 2,
        "the sample reading links its evidence"
    );
    // Two relations get notes: one of two lines, with a backslash and a tab-free quote.
    const NOTES: [&str; 2] = [
        "Only the 2019 figures.\nSee the appendix \\ table 3.",
        "weak",
    ];
    for (relation, note) in relations.iter().zip(NOTES) {
        workspace.ok(&[
            "relate",
            &workspace.article(),
            "--analyst",
            "analyst-a",
            "--source",
            relation["source"].as_str().expect("source"),
            "--kind",
            relation["kind"].as_str().expect("kind"),
            "--target",
            relation["target"].as_str().expect("target"),
            "--note",
            note,
        ]);
    }
    let sidecar =
        std::fs::read_to_string(workspace.path(&format!("{STEM}.analyst-a.ron"))).expect("sidecar");
    assert!(
        sidecar.contains("version: 2,"),
        "a sidecar with relation notes is version 2"
    );
    let briefing = workspace.export("analyst-a", "md");
    assert!(briefing.contains("*On the link:* "), "{briefing}");
    let original = relations_by_quote(workspace.dir.path(), &workspace.article(), "analyst-a");
    for note in NOTES {
        assert!(original.iter().any(|(.., kept)| kept == note), "{note}");
    }
    for (format, output, from) in [
        ("brat", "brat", "brat"),
        ("w3c", "annotations.jsonld", "w3c"),
        ("qdpx", "sample.qdpx", "qdpx"),
    ] {
        let out = workspace.path(output);
        workspace.export_to("analyst-a", format, &out);
        let file = if format == "brat" {
            out.join(format!("{STEM}.ann"))
        } else {
            out
        };
        let copy = format!("copy-{format}");
        // REFI-QDA keeps each user's reading under that user's name.
        let (analyst, imported_as) = if format == "qdpx" {
            ("analyst-a", "analyst-a")
        } else {
            (copy.as_str(), copy.as_str())
        };
        let elsewhere = tempfile::tempdir().expect("tempdir");
        common::sample_article_in(elsewhere.path());
        let article = elsewhere.path().join(format!("{STEM}.txt"));
        let article = article.to_str().expect("path");
        common::closeread_ok(
            elsewhere.path(),
            &[
                "import",
                article,
                "--analyst",
                analyst,
                "--from",
                from,
                file.to_str().expect("path"),
            ],
        );
        assert_eq!(
            relations_by_quote(elsewhere.path(), article, imported_as),
            original,
            "{format}: every relation with its note"
        );
    }
}

#[test]
fn text_prints_the_canonical_text_and_its_blocks() {
    let workspace = Workspace::new();
    let plain = workspace.ok(&["text", &workspace.article()]);
    let json: serde_json::Value =
        serde_json::from_str(&workspace.ok(&["text", &workspace.article(), "--format", "json"]))
            .expect("json");
    let text = json["text"].as_str().expect("text");
    assert_eq!(plain.strip_suffix('\n'), Some(text));
    assert_eq!(json["format"], "text");
    assert!(
        json["metadata"]["title"]
            .as_str()
            .expect("title")
            .contains("Khamenei")
    );
    let blocks = json["blocks"].as_array().expect("blocks");
    assert!(blocks.len() > 10);
    let chars: Vec<char> = text.chars().collect();
    let mut previous_end = 0;
    for block in blocks {
        let (start, end) = (
            block["start"].as_u64().expect("start") as usize,
            block["end"].as_u64().expect("end") as usize,
        );
        assert!(previous_end <= start && start < end && end <= chars.len());
        previous_end = end;
        assert!(
            ["heading", "paragraph", "list", "quote", "table"]
                .contains(&block["kind"].as_str().expect("kind"))
        );
        assert!(block["page"].is_null(), "a text file has no pages");
    }
    // Every annotation's row gains its page: null without pages.
    let rows: Vec<serde_json::Value> = serde_json::from_str(&workspace.ok(&[
        "list",
        &workspace.article(),
        "--analyst",
        "analyst-a",
        "--format",
        "json",
    ]))
    .expect("json");
    assert!(
        rows.iter()
            .all(|row| row.get("page") == Some(&serde_json::Value::Null))
    );
}

#[test]
fn a_word_file_opens_as_an_article_with_its_headings_quotes_and_rows() {
    let workspace = Workspace::new();
    // A Word file from another writer: Closeread's own briefing, made by docx-rs.
    let briefing = workspace.path("briefing.docx");
    workspace.export_to("analyst-a", "docx", &briefing);
    let json: serde_json::Value = serde_json::from_str(&workspace.ok(&[
        "text",
        briefing.to_str().expect("path"),
        "--format",
        "json",
    ]))
    .expect("json");
    assert_eq!(json["format"], "docx");
    let text = json["text"].as_str().expect("text");
    let chars: Vec<char> = text.chars().collect();
    let block_text = |block: &serde_json::Value| -> String {
        chars[block["start"].as_u64().expect("start") as usize
            ..block["end"].as_u64().expect("end") as usize]
            .iter()
            .collect()
    };
    let blocks = json["blocks"].as_array().expect("blocks");
    let headings: Vec<String> = blocks
        .iter()
        .filter(|block| block["kind"] == "heading")
        .map(block_text)
        .collect();
    assert!(
        headings.iter().any(|heading| heading == "Claims"),
        "{headings:?}"
    );
    // The quoted excerpts are in the text, and a note's text too.
    let claims = workspace.annotations("analyst-a");
    let (_, _, _, note) = claims
        .iter()
        .find(|(tag, _, _, note)| tag == "claim" && !note.is_empty())
        .expect("a claim with a note");
    let first_line = note.lines().next().expect("a line");
    assert!(text.contains(first_line), "{first_line}");
    // It can be annotated like any article.
    let id = workspace.ok(&[
        "add",
        briefing.to_str().expect("path"),
        "--analyst",
        "reader",
        "--quote",
        first_line,
        "--tag",
        "evidence",
    ]);
    assert_eq!(id.trim().len(), 36);
}
