//! `closeread project …` end to end: a project made, articles added (copied in with their
//! readings, one with Windows line ends and a byte-order mark), attributes set on several at
//! once, status, assignment, marking done, search against the sidecars themselves, and the
//! manifest merged by the git merge driver.

mod common;

use closeread::project::search::{Condition, SearchQuery, search};
use closeread::project::status::load_progress;
use closeread::project::{Manifest, Project};
use serde_json::Value;
use std::path::{Path, PathBuf};

use common::{SAMPLE_ARTICLE, SAMPLE_STEM};

/// A folder with the sample (article, meta, both readings) in `incoming/` and a short
/// Windows-style article beside it, and an empty project folder `proj/`.
struct Workspace {
    dir: tempfile::TempDir,
}

const WINDOWS_ARTICLE: &str = "memo.txt";

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let incoming = dir.path().join("incoming");
        std::fs::create_dir_all(&incoming).expect("mkdir");
        common::sample_article_in(&incoming);
        common::sample_meta_in(&incoming);
        common::sample_sidecars_in(&incoming);
        // A memo as Notepad saves it: BOM, CRLF.
        std::fs::write(
            incoming.join(WINDOWS_ARTICLE),
            "\u{feff}Sanctions relief memo\r\n\r\nThe IRGC controls the ports.\r\n\r\nLift the sanctions on medicine.\r\n",
        )
        .expect("write memo");
        Self { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn run_ok(&self, args: &[&str]) -> String {
        common::closeread_ok(self.dir.path(), args)
    }

    fn run_err(&self, args: &[&str]) -> String {
        let output = common::closeread(self.dir.path(), args);
        assert!(!output.status.success(), "closeread {args:?} should fail");
        String::from_utf8_lossy(&output.stderr).into_owned()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.run_ok(args)).expect("JSON output")
    }

    /// A project `proj` with both articles, a `country` choice and a `stance` text.
    fn project(&self) {
        self.run_ok(&["project", "init", "proj", "--name", "Sanctions"]);
        self.run_ok(&[
            "project",
            "attribute",
            "proj",
            "country",
            "--kind",
            "choice",
            "--choices",
            "Iran,Iraq",
        ]);
        self.run_ok(&["project", "attribute", "proj", "stance", "--kind", "text"]);
        self.run_ok(&[
            "project",
            "add",
            "proj",
            "incoming",
            "--set",
            "country=iran",
        ]);
    }
}

fn sample_key() -> String {
    format!("articles/{SAMPLE_ARTICLE}")
}

#[test]
fn a_project_is_made_filled_and_reports_its_status() {
    let workspace = Workspace::new();
    workspace.project();
    // Copied in with their readings and document information.
    for file in [
        SAMPLE_ARTICLE.to_owned(),
        format!("{SAMPLE_STEM}.meta.ron"),
        format!("{SAMPLE_STEM}.analyst-a.ron"),
        format!("{SAMPLE_STEM}.analyst-b.ron"),
        WINDOWS_ARTICLE.to_owned(),
    ] {
        assert!(
            workspace.path("proj/articles").join(&file).is_file(),
            "{file}"
        );
    }
    let manifest_text =
        std::fs::read_to_string(workspace.path("proj/closeread-project.ron")).expect("manifest");
    assert!(
        manifest_text.contains(r#""country": "Iran""#),
        "{manifest_text}"
    );

    // Several articles at once; an unknown key and a bad choice are refused, naming the keys.
    workspace.run_ok(&[
        "project",
        "set",
        "proj",
        "proj/articles/memo.txt",
        &format!("proj/{}", sample_key()),
        "--set",
        "stance=hawkish",
    ]);
    let unknown = workspace.run_err(&[
        "project",
        "set",
        "proj",
        "proj/articles/memo.txt",
        "--set",
        "mood=grim",
    ]);
    assert!(
        unknown.contains("mood") && unknown.contains("country"),
        "{unknown}"
    );
    let bad = workspace.run_err(&[
        "project",
        "set",
        "proj",
        "proj/articles/memo.txt",
        "--set",
        "country=Peru",
    ]);
    assert!(bad.contains("Peru"), "{bad}");
    let unchanged =
        std::fs::read_to_string(workspace.path("proj/closeread-project.ron")).expect("manifest");
    assert!(!unchanged.contains("Peru") && !unchanged.contains("mood"));

    let status = workspace.json(&["project", "status", "proj", "--format", "json"]);
    assert_eq!(status["name"], "Sanctions");
    let articles = status["articles"].as_array().expect("articles");
    assert_eq!(articles.len(), 2);
    let sample = articles
        .iter()
        .find(|row| row["path"] == sample_key())
        .expect("the sample listed by its path in the project");
    for key in [
        "path",
        "title",
        "assigned",
        "double_read",
        "analysts",
        "consensus",
    ] {
        assert!(sample.get(key).is_some(), "{key} in {sample}");
    }
    // The sample's two readings, counted from their sidecars; they differ, and nobody settled.
    for analyst in ["analyst-a", "analyst-b"] {
        let sidecar = closeread::store::SidecarFile::parse(
            &std::fs::read_to_string(
                workspace
                    .path("proj/articles")
                    .join(format!("{SAMPLE_STEM}.{analyst}.ron")),
            )
            .expect("sidecar"),
            Path::new("s.ron"),
        )
        .expect("parse");
        assert_eq!(
            sample["analysts"][analyst]["annotations"],
            sidecar.annotations.len()
        );
        assert_eq!(sample["analysts"][analyst]["status"], "in_progress");
    }
    assert_eq!(sample["consensus"], "open");
    assert!(
        sample["title"]
            .as_str()
            .expect("title")
            .contains("Breaking Point")
    );
    let memo = articles
        .iter()
        .find(|row| row["path"] == "articles/memo.txt")
        .expect("memo");
    assert_eq!(memo["consensus"], "none");
    assert_eq!(memo["title"], "Sanctions relief memo");

    // Done and reopened.
    workspace.run_ok(&[
        "project",
        "done",
        "proj",
        "proj/articles/memo.txt",
        "--analyst",
        "analyst-a",
    ]);
    let status = workspace.json(&["project", "status", "proj", "--format", "json"]);
    let memo = status["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .find(|row| row["path"] == "articles/memo.txt")
        .cloned()
        .expect("memo");
    assert_eq!(memo["analysts"]["analyst-a"]["status"], "done");
    workspace.run_ok(&[
        "project",
        "done",
        "proj",
        "articles/memo.txt",
        "--analyst",
        "analyst-a",
        "--undo",
    ]);
    let status = workspace.json(&["project", "status", "proj", "--format", "json"]);
    assert_eq!(
        status["articles"][1]["analysts"]["analyst-a"]["status"], "not_started",
        "{status}"
    );
    let outside = workspace.run_err(&[
        "project",
        "done",
        "proj",
        "incoming/memo.txt",
        "--analyst",
        "analyst-a",
    ]);
    assert!(
        outside.contains("memo.txt") && outside.contains("not an article"),
        "{outside}"
    );
}

#[test]
fn assignment_is_balanced_recorded_and_repeatable() {
    let workspace = Workspace::new();
    workspace.project();
    let output = workspace.run_ok(&[
        "project",
        "assign",
        "proj",
        "--analysts",
        "analyst-a,analyst-b,Carol Jones",
        "--double-read",
        "50",
        "--seed",
        "42",
    ]);
    assert!(output.contains("seed 42"), "{output}");
    let project = Project::open(&workspace.path("proj")).expect("open");
    let record = project.manifest.assignment.clone().expect("recorded");
    assert_eq!((record.seed, record.double_read_percent), (42, 50));
    assert_eq!(project.manifest.analyst_name("carol-jones"), "Carol Jones");
    let double: Vec<_> = project
        .manifest
        .articles
        .values()
        .filter(|entry| entry.double_read)
        .collect();
    assert_eq!(double.len(), 1);
    assert_eq!(double[0].assigned.len(), 2);
    let status = workspace.json(&["project", "status", "proj", "--format", "json"]);
    let assigned: usize = status["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .map(|row| row["assigned"].as_array().expect("assigned").len())
        .sum();
    assert_eq!(assigned, 3, "one analyst each, two on the double-read one");
    // Already assigned: a second run assigns nothing new and changes nothing.
    let before =
        std::fs::read_to_string(workspace.path("proj/closeread-project.ron")).expect("read");
    let again = workspace.run_ok(&[
        "project",
        "assign",
        "proj",
        "--analysts",
        "analyst-a,analyst-b",
        "--seed",
        "42",
    ]);
    assert!(again.starts_with("0 article(s) assigned"), "{again}");
    let after: Manifest = Manifest::parse(
        &std::fs::read_to_string(workspace.path("proj/closeread-project.ron")).expect("read"),
        Path::new("m.ron"),
    )
    .expect("parse");
    let before: Manifest = Manifest::parse(&before, Path::new("m.ron")).expect("parse");
    assert_eq!(after.articles, before.articles);
}

/// Every annotation of every sidecar in the project, read straight from the files, as
/// (article key, analyst, tag, exact, note).
fn brute_force(root: &Path) -> Vec<(String, String, String, String, String)> {
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(root.join("articles")).expect("articles") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let Some(rest) = name.strip_suffix(".ron") else {
            continue;
        };
        let Some((stem, analyst)) = rest.rsplit_once('.') else {
            continue;
        };
        if analyst == "meta" {
            continue;
        }
        let sidecar = closeread::store::SidecarFile::parse(
            &std::fs::read_to_string(&path).expect("read"),
            &path,
        )
        .expect("parse");
        let article = format!("articles/{}", sidecar.article);
        assert!(sidecar.article.starts_with(stem));
        for annotation in sidecar.annotations {
            rows.push((
                article.clone(),
                analyst.to_owned(),
                annotation.tag.to_string(),
                annotation.quote.exact,
                annotation.note,
            ));
        }
    }
    rows.sort();
    rows
}

type Row = (String, String, String, String, String);

/// What `query` should find among `all` (the brute-force scan), sorted.
fn expected_rows(all: &[Row], query: &SearchQuery) -> Vec<Row> {
    let tags: Vec<String> = query.tags.iter().map(|tag| tag.to_lowercase()).collect();
    let text = query.text.as_deref().map(str::to_lowercase);
    // Every article of the workspace is Iran's: a condition on Iraq keeps none.
    let iraq = query
        .conditions
        .iter()
        .any(|condition| condition.value.eq_ignore_ascii_case("iraq"));
    all.iter()
        .filter(|row| tags.is_empty() || tags.contains(&row.2))
        .filter(|row| query.analysts.is_empty() || query.analysts.contains(&row.1))
        .filter(|row| {
            text.as_deref().is_none_or(|text| {
                row.3.to_lowercase().contains(text) || row.4.to_lowercase().contains(text)
            })
        })
        .filter(|_| !iraq)
        .cloned()
        .collect()
}

fn found_rows(results: &closeread::project::search::SearchResults) -> Vec<Row> {
    let mut found: Vec<Row> = results
        .hits
        .iter()
        .map(|hit| {
            (
                hit.article.clone(),
                hit.analyst.clone(),
                hit.tag.clone(),
                hit.exact.clone(),
                hit.note.clone(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn search_finds_what_a_scan_of_the_sidecars_finds() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    let workspace = Workspace::new();
    workspace.project();
    let root = workspace.path("proj");
    let all = brute_force(&root);
    assert!(all.len() > 10);
    let project = Project::open(&root).expect("open");
    let (progress, _) = load_progress(&project);
    // From the files, as the command line searches.
    let queries = [
        SearchQuery::default(),
        SearchQuery {
            tags: vec!["Recommendation".into()],
            ..SearchQuery::default()
        },
        SearchQuery {
            conditions: vec![Condition::parse("country=IRAN").expect("condition")],
            text: Some("the".into()),
            ..SearchQuery::default()
        },
    ];
    for query in queries {
        let found = search(&project, &query, &progress).expect("search");
        assert_eq!(found_rows(&found), expected_rows(&all, &query), "{query:?}");
    }
    // Any query, over the articles in memory, as the window searches.
    let index = closeread::project::index::ProjectIndex::read(&project);
    let pick = |pool: &'static [&'static str]| {
        proptest::collection::vec(proptest::sample::select(pool), 0..3).prop_map(|picked| {
            picked
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<String>>()
        })
    };
    let queries = (
        pick(&["claim", "Evidence", "RECOMMENDATION", "note", "Claim"]),
        pick(&["analyst-a", "analyst-b", "nobody"]),
        proptest::option::of(proptest::sample::select(vec![
            "the", "KHAMENEI", "sanction", "medicine", "ports", "zzz", "’s", "e",
        ])),
        proptest::option::of(proptest::sample::select(vec!["Iran", "iraq", "IRAN"])),
    )
        .prop_map(|(tags, analysts, text, country)| SearchQuery {
            tags,
            analysts,
            text: text.map(str::to_owned),
            conditions: country
                .map(|country| Condition::parse(&format!("country={country}")).expect("condition"))
                .into_iter()
                .collect(),
            viewer: None,
        });
    let mut runner = TestRunner::new(Config::with_cases(128));
    runner
        .run(&queries, |query| {
            let found =
                closeread::project::search::search_index(&project, &index, &query, &progress)
                    .expect("search");
            prop_assert_eq!(
                found_rows(&found),
                expected_rows(&all, &query),
                "{:?}",
                query
            );
            Ok(())
        })
        .expect("the index finds what the scan finds");
}

#[test]
fn search_on_the_command_line_gives_rows_with_their_context() {
    let workspace = Workspace::new();
    workspace.project();
    let rows = workspace.json(&[
        "project",
        "search",
        "proj",
        "--tag",
        "recommendation",
        "--analyst",
        "analyst-a",
        "--where",
        "country=Iran",
        "--format",
        "json",
    ]);
    let rows = rows.as_array().expect("rows");
    assert!(!rows.is_empty());
    for row in rows {
        for key in [
            "article",
            "title",
            "analyst",
            "tag",
            "start",
            "end",
            "exact",
            "note",
            "section",
            "paragraph",
            "before",
            "after",
        ] {
            assert!(row.get(key).is_some(), "{key} in {row}");
        }
        assert_eq!(row["analyst"], "analyst-a");
        assert_eq!(row["tag"], "recommendation");
        assert_eq!(row["article"], sample_key());
        // The offsets and context are the article's own text.
        let text = closeread::store::read_article(&workspace.path("proj").join(sample_key()))
            .expect("article")
            .document;
        let start = row["start"].as_u64().expect("start") as usize;
        let end = row["end"].as_u64().expect("end") as usize;
        assert_eq!(
            text.slice(start..end),
            row["exact"].as_str().expect("exact")
        );
        assert!(
            text.slice(start.saturating_sub(80)..start)
                .ends_with(row["before"].as_str().expect("before"))
        );
    }
    let csv = workspace.run_ok(&[
        "project",
        "search",
        "proj",
        "--text",
        "sanctions",
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with(
        "article,title,analyst,tag,start,end,exact,note,section,paragraph,before,after"
    ));
    let unknown = workspace.run_err(&["project", "search", "proj", "--where", "mood=grim"]);
    assert!(
        unknown.contains("mood") && unknown.contains("status"),
        "{unknown}"
    );
}

#[test]
fn a_missing_or_damaged_manifest_and_a_gone_article_are_named() {
    let workspace = Workspace::new();
    let missing = workspace.run_err(&["project", "status", "incoming"]);
    assert!(
        missing.contains("closeread-project.ron") && missing.contains("incoming"),
        "{missing}"
    );
    workspace.project();
    std::fs::remove_file(workspace.path("proj/articles/memo.txt")).expect("remove");
    let output = common::closeread(
        workspace.dir.path(),
        &["project", "status", "proj", "--format", "json"],
    );
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("memo.txt") && stderr.contains("gone"),
        "{stderr}"
    );
    let manifest = workspace.path("proj/closeread-project.ron");
    let text = std::fs::read_to_string(&manifest).expect("read");
    assert!(
        text.contains("articles/memo.txt"),
        "the gone article stays listed"
    );
    std::fs::write(&manifest, text.replace("articles: {", "articles: {{")).expect("damage");
    let damaged = workspace.run_err(&["project", "status", "proj"]);
    assert!(
        damaged.contains("closeread-project.ron") && damaged.contains("line"),
        "{damaged}"
    );
    assert!(
        workspace
            .run_err(&["project", "init", "proj"])
            .contains("already")
    );
}

#[test]
fn the_merge_driver_merges_manifests_by_article() {
    let workspace = Workspace::new();
    workspace.project();
    let root = workspace.path("proj");
    let base_text = std::fs::read_to_string(root.join("closeread-project.ron")).expect("read");
    let base = Manifest::parse(&base_text, Path::new("m.ron")).expect("parse");
    let mut ours = base.clone();
    ours.articles
        .insert("articles/a.txt".into(), Default::default());
    let mut theirs = base.clone();
    theirs
        .articles
        .insert("articles/z.txt".into(), Default::default());
    let write = |name: &str, manifest: &Manifest| {
        let path = workspace.path(name);
        std::fs::write(&path, manifest.to_ron_string().expect("serialise")).expect("write");
        path
    };
    let (base_path, ours_path, theirs_path) = (
        write("base.ron", &base),
        write("ours.ron", &ours),
        write("theirs.ron", &theirs),
    );
    let paths: Vec<&str> = [&base_path, &ours_path, &theirs_path]
        .iter()
        .map(|path| path.to_str().expect("utf-8"))
        .collect();
    workspace.run_ok(&["merge-file", paths[0], paths[1], paths[2]]);
    let merged = Manifest::parse(
        &std::fs::read_to_string(&ours_path).expect("read"),
        Path::new("m.ron"),
    )
    .expect("parse");
    assert_eq!(merged.articles.len(), base.articles.len() + 2);
    assert!(
        merged.articles.contains_key("articles/a.txt")
            && merged.articles.contains_key("articles/z.txt")
    );
}

#[test]
fn agreement_per_article_matches_the_single_article_command_and_pools() {
    let workspace = Workspace::new();
    workspace.project();
    let report = workspace.json(&["project", "agree", "proj", "--format", "json"]);
    assert_eq!(
        report["articles"], 1,
        "only the sample has two readings: {report}"
    );
    let single = workspace.json(&[
        "agree",
        &format!("proj/{}", sample_key()),
        "--format",
        "json",
    ]);
    let per_article = &report["per_article"][0];
    assert_eq!(per_article["path"], sample_key());
    let pair = &per_article["pairs"][0];
    let pooled = &report["pooled"]["pairs"][0];
    for key in ["a", "b", "f1_exact", "f1_overlap", "alpha_u", "kappa"] {
        assert!(
            pair.get(key).is_some() && pooled.get(key).is_some(),
            "{key}"
        );
        // Over one article the pooled figures are that article's.
        assert_eq!(pooled[key], pair[key], "{key}");
    }
    let single_text = single.to_string();
    let f1 = pair["f1_exact"].as_f64().expect("a figure");
    assert!(
        single_text.contains(&format!("{f1}")),
        "the single-article agree gives the same F1: {single_text}"
    );
}

#[test]
fn one_export_across_the_articles_in_every_format_and_grouping() {
    let workspace = Workspace::new();
    workspace.project();
    // analyst-b also reads the memo, so that two articles have excerpts.
    workspace.run_ok(&[
        "add",
        "proj/articles/memo.txt",
        "--analyst",
        "analyst-b",
        "--tag",
        "recommendation",
        "--quote",
        "Lift the sanctions on medicine.",
        "--note",
        "Humanitarian carve-out.",
    ]);
    let searched = workspace.json(&[
        "project",
        "search",
        "proj",
        "--tag",
        "recommendation",
        "--format",
        "json",
    ]);
    let searched = searched.as_array().expect("rows");
    let articles: std::collections::BTreeSet<&str> = searched
        .iter()
        .map(|row| row["article"].as_str().expect("article"))
        .collect();
    assert_eq!(articles.len(), 2, "{articles:?}");

    let export = |format: &str, group: &str| -> PathBuf {
        let out = workspace.path(&format!("out-{group}.{format}"));
        workspace.run_ok(&[
            "project",
            "export",
            "proj",
            "--tag",
            "recommendation",
            "--format",
            format,
            "--group-by",
            group,
            "-o",
            out.to_str().expect("utf-8"),
        ]);
        out
    };
    // CSV: one row per search row, one header.
    let csv = std::fs::read_to_string(export("csv", "tag")).expect("csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.records().count(), searched.len());
    // JSON: both articles, their annotations all recommendations.
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(export("json", "article")).expect("json"))
            .expect("valid JSON");
    assert_eq!(json["format"], "closeread-project-export");
    let exported = json["articles"].as_array().expect("articles");
    assert_eq!(exported.len(), 2);
    let count: usize = exported
        .iter()
        .map(|article| {
            article["annotations"]
                .as_array()
                .expect("annotations")
                .len()
        })
        .sum();
    assert_eq!(count, searched.len());
    // W3C: one collection holding every excerpt.
    let w3c: Value =
        serde_json::from_str(&std::fs::read_to_string(export("w3c", "article")).expect("w3c"))
            .expect("valid JSON");
    assert_eq!(w3c["type"], "AnnotationCollection");
    assert!(w3c["first"]["items"].as_array().expect("items").len() >= searched.len());
    // Markdown by article: each article's title as a heading, its information first.
    let by_article = std::fs::read_to_string(export("md", "article")).expect("md");
    assert!(by_article.starts_with("# Sanctions\n"), "{by_article}");
    let sample_heading = by_article
        .find("## Khamenei")
        .expect("the sample's heading");
    let memo_heading = by_article
        .find("## Sanctions relief memo")
        .expect("the memo's heading");
    assert!(sample_heading < memo_heading);
    assert!(by_article.contains("Lift the sanctions on medicine."));
    // By tag: one Recommendations section with both articles under it.
    let by_tag = std::fs::read_to_string(export("md", "tag")).expect("md");
    assert_eq!(by_tag.matches("## Recommendations").count(), 1, "{by_tag}");
    assert!(
        by_tag.find("### Khamenei").expect("sample")
            < by_tag.find("### Sanctions relief memo").expect("memo")
    );
    // HTML: anchors stay unique across articles.
    let html = std::fs::read_to_string(export("html", "tag")).expect("html");
    let ids: Vec<&str> = html
        .match_indices("id=\"")
        .map(|(at, _)| &html[at..at + 16])
        .collect();
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    // DOCX: a Word file with the memo's recommendation.
    let docx = std::fs::read(export("docx", "article")).expect("docx");
    let paragraphs = common::docx_paragraphs(&docx);
    assert!(
        paragraphs
            .iter()
            .any(|paragraph| paragraph.contains("Lift the sanctions on medicine."))
    );
    // brat is refused, saying why.
    let brat = workspace.run_err(&["project", "export", "proj", "--format", "brat", "-o", "x"]);
    assert!(brat.contains("one folder per article"), "{brat}");
}

#[test]
fn the_bundled_sample_project_reads_with_its_readings_codebook_and_agreement() {
    let root = common::repo_root().join("annotations");
    let dir = tempfile::tempdir().expect("tempdir");
    let project = root.to_str().expect("utf-8 path");
    let run = |args: &[&str]| -> Value {
        serde_json::from_str(&common::closeread_ok(dir.path(), args)).expect("JSON")
    };
    let status = run(&["project", "status", project, "--format", "json"]);
    let articles = status["articles"].as_array().expect("articles");
    assert!(
        articles.len() >= 7,
        "the sample article and the six policy texts"
    );
    let read_by = |analyst: &str| {
        articles
            .iter()
            .filter(|row| {
                row["analysts"][analyst]["annotations"]
                    .as_u64()
                    .unwrap_or(0)
                    > 0
            })
            .count()
    };
    assert!(read_by("analyst-a") >= 3 && read_by("analyst-b") >= 2);
    // Every article file the manifest lists is in the repository.
    for row in articles {
        let path = root.join(row["path"].as_str().expect("path"));
        assert!(path.is_file(), "{}", path.display());
    }
    let agreement = run(&["project", "agree", project, "--format", "json"]);
    assert_eq!(agreement["articles"], 2);
    assert_eq!(agreement["pooled"]["pairs"][0]["articles"], 2);
    let treasury = run(&[
        "project",
        "search",
        project,
        "--where",
        "organisation=U.S. Treasury",
        "--format",
        "json",
    ]);
    assert!(!treasury.as_array().expect("rows").is_empty());
    assert!(treasury.as_array().expect("rows").iter().all(|row| {
        row["article"]
            .as_str()
            .expect("article")
            .contains("treasury-")
    }));
    let codebook = common::closeread_ok(dir.path(), &["project", "codebook", "show", project]);
    for heading in [
        "## Claim",
        "## Evidence",
        "## Recommendation",
        "**Use when:**",
        "**Not when:**",
    ] {
        assert!(codebook.contains(heading), "{heading} in {codebook}");
    }
    // The examples pinned are the readings' own text.
    let json: Value = serde_json::from_str(&common::closeread_ok(
        dir.path(),
        &["project", "codebook", "show", project, "--format", "json"],
    ))
    .expect("JSON");
    let search = run(&["project", "search", project, "--format", "json"]);
    let exacts: std::collections::BTreeSet<&str> = search
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| row["exact"].as_str().expect("exact"))
        .collect();
    let mut pinned = 0;
    for entry in json["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .chain(json["relations"].as_array().expect("relations"))
    {
        for example in entry["examples"].as_array().into_iter().flatten() {
            assert!(
                exacts.contains(example["exact"].as_str().expect("exact")),
                "{example}"
            );
            pinned += 1;
        }
    }
    assert!(pinned >= 6);
}

#[test]
fn the_codebook_is_made_edited_with_its_history_and_appended_to_a_briefing() {
    let workspace = Workspace::new();
    workspace.project();
    workspace.run_ok(&["project", "codebook", "init", "proj"]);
    assert!(
        workspace
            .run_err(&["project", "codebook", "init", "proj"])
            .contains("already")
    );
    workspace.run_ok(&[
        "project",
        "codebook",
        "define",
        "proj",
        "Recommendation",
        "--use-when",
        "The author asks someone to act.",
        "--analyst",
        "analyst-b",
    ]);
    let rows = workspace.json(&[
        "project",
        "search",
        "proj",
        "--tag",
        "recommendation",
        "--analyst",
        "analyst-a",
        "--format",
        "json",
    ]);
    let first = &rows[0];
    let id = first["id"].as_str().expect("id");
    workspace.run_ok(&[
        "project",
        "codebook",
        "pin",
        "proj",
        "recommendation",
        &format!("proj/{}", first["article"].as_str().expect("article")),
        "--id",
        id,
        "--of",
        "analyst-a",
        "--analyst",
        "analyst-b",
        "--note",
        "Clear imperative.",
    ]);
    let missing = workspace.run_err(&[
        "project",
        "codebook",
        "pin",
        "proj",
        "claim",
        "proj/articles/memo.txt",
        "--id",
        id,
        "--analyst",
        "analyst-b",
    ]);
    assert!(
        missing.contains(id) && missing.contains("memo.txt"),
        "{missing}"
    );
    let codebook: Value =
        workspace.json(&["project", "codebook", "show", "proj", "--format", "json"]);
    let history = codebook["history"].as_array().expect("history");
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history.iter().all(|change| change["who"] == "analyst-b"));
    let out = workspace.path("brief.md");
    workspace.run_ok(&[
        "project",
        "export",
        "proj",
        "--format",
        "md",
        "--with-codebook",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    let brief = std::fs::read_to_string(&out).expect("md");
    let appendix = brief.find("## Codebook").expect("the codebook appended");
    assert!(brief[appendix..].contains("The author asks someone to act."));
    assert!(brief[appendix..].contains("Clear imperative."));
    // The project now annotates with the codebook's tags.
    let manifest = Project::open(&workspace.path("proj")).expect("open");
    assert_eq!(manifest.manifest.tag_set.as_deref(), Some("codebook.ron"));
    assert!(manifest.tag_set().expect("readable").is_some());
    workspace.run_ok(&[
        "project",
        "codebook",
        "unpin",
        "proj",
        "recommendation",
        "--id",
        id,
        "--analyst",
        "analyst-b",
    ]);
    let codebook: Value =
        workspace.json(&["project", "codebook", "show", "proj", "--format", "json"]);
    assert_eq!(codebook["history"].as_array().expect("history").len(), 3);
}

#[test]
fn what_a_review_found_stays_fixed() {
    let workspace = Workspace::new();
    workspace.project();
    let manifest = workspace.path("proj/closeread-project.ron");
    // A README or PROVENANCE beside the articles is not an article.
    std::fs::write(
        workspace.path("incoming/PROVENANCE.md"),
        "# Where these come from\n",
    )
    .expect("write");
    workspace.run_ok(&["project", "add", "proj", "incoming"]);
    assert!(
        !std::fs::read_to_string(&manifest)
            .expect("read")
            .contains("PROVENANCE")
    );
    // A damaged progress file is a warning, the rest still reads.
    workspace.run_ok(&[
        "project",
        "done",
        "proj",
        "proj/articles/memo.txt",
        "--analyst",
        "analyst-a",
    ]);
    let progress = workspace.path("proj/progress/analyst-a.ron");
    std::fs::write(&progress, "garbage(").expect("damage");
    let output = common::closeread(
        workspace.dir.path(),
        &["project", "status", "proj", "--format", "json"],
    );
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("analyst-a.ron"));
    assert_eq!(
        std::fs::read_to_string(&progress).expect("kept"),
        "garbage("
    );
    // Marking done would overwrite it: refused.
    assert!(
        workspace
            .run_err(&[
                "project",
                "done",
                "proj",
                "proj/articles/memo.txt",
                "--analyst",
                "analyst-a"
            ])
            .contains("analyst-a.ron")
    );
    std::fs::remove_file(&progress).expect("remove");
    // Someone who is no analyst of the project cannot be marked done.
    let stranger = workspace.run_err(&[
        "project",
        "done",
        "proj",
        "proj/articles/memo.txt",
        "--analyst",
        "zed",
    ]);
    assert!(stranger.contains("zed"), "{stranger}");
    // A condition that can never match is refused, saying why.
    for (condition, word) in [
        ("status=finished", "status"),
        ("country=Peru", "Peru"),
        ("date>=soon", "date"),
    ] {
        let refused = workspace.run_err(&["project", "search", "proj", "--where", condition]);
        assert!(
            refused.contains(word) && refused.contains("closeread-project.ron"),
            "{refused}"
        );
    }
    let in_progress = workspace.json(&[
        "project",
        "search",
        "proj",
        "--where",
        "status=in progress",
        "--format",
        "json",
    ]);
    assert!(!in_progress.as_array().expect("rows").is_empty());
    // An assignment with nothing to assign keeps the record of the last draw.
    workspace.run_ok(&[
        "project",
        "assign",
        "proj",
        "--analysts",
        "analyst-a,analyst-b",
        "--double-read",
        "50",
        "--seed",
        "3",
    ]);
    workspace.run_ok(&[
        "project",
        "assign",
        "proj",
        "--analysts",
        "analyst-a,analyst-b",
    ]);
    let record = Project::open(&workspace.path("proj"))
        .expect("open")
        .manifest
        .assignment
        .expect("kept");
    assert_eq!((record.seed, record.double_read_percent), (3, 50));
    // A field the manifest does not know is an error naming it, and the file is left alone.
    let text = std::fs::read_to_string(&manifest).expect("read");
    let edited = text.replacen("name:", "journal: \"journal.md\",\n    name:", 1);
    std::fs::write(&manifest, &edited).expect("write");
    let unknown = workspace.run_err(&[
        "project",
        "set",
        "proj",
        "proj/articles/memo.txt",
        "--set",
        "stance=calm",
    ]);
    assert!(
        unknown.contains("journal") && unknown.contains("closeread-project.ron"),
        "{unknown}"
    );
    assert_eq!(std::fs::read_to_string(&manifest).expect("read"), edited);
}

#[test]
fn an_article_listed_outside_the_project_folder_is_recognised_and_a_codebook_serves_as_tag_set() {
    // The layout of the bundled sample: the manifest and sidecars in annotations/, the
    // articles in ../assets/articles/.
    let root = common::repo_root();
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
            }
        }
    };
    copy(&root.join("annotations"), &dir.path().join("annotations"));
    copy(
        &root.join("annotations/progress"),
        &dir.path().join("annotations/progress"),
    );
    copy(
        &root.join("assets/articles"),
        &dir.path().join("assets/articles"),
    );
    let before = Project::open(&dir.path().join("annotations"))
        .expect("open")
        .manifest
        .articles
        .len();
    let output = common::closeread_ok(
        dir.path(),
        &[
            "project",
            "add",
            "annotations",
            "assets/articles/treasury-cohen-2015-iran-sanctions-testimony.md",
            "--set",
            "source_type=speech",
        ],
    );
    assert!(output.contains("already in the project"), "{output}");
    let project = Project::open(&dir.path().join("annotations")).expect("open");
    assert_eq!(project.manifest.articles.len(), before);
    assert!(
        !dir.path().join("annotations/articles").exists(),
        "nothing copied"
    );
    assert_eq!(
        project.manifest.articles["../assets/articles/treasury-cohen-2015-iran-sanctions-testimony.md"]
            .attributes["source_type"],
        "speech"
    );
    // The sample's codebook starts a new project as its tag set.
    let codebook = dir.path().join("annotations/codebook.ron");
    common::closeread_ok(
        dir.path(),
        &[
            "project",
            "init",
            "fresh",
            "--tag-set",
            codebook.to_str().expect("utf-8"),
        ],
    );
    let fresh = Project::open(&dir.path().join("fresh")).expect("open");
    assert!(fresh.codebook().expect("readable").is_some());
}

#[test]
fn words_are_found_across_the_articles_text_and_tagged_one_step_per_article() {
    let workspace = Workspace::new();
    workspace.project();
    let found = workspace.json(&[
        "project",
        "find",
        "proj",
        "irgc",
        "--whole-words",
        "--format",
        "json",
    ]);
    let found = found.as_array().expect("rows");
    let articles: std::collections::BTreeSet<&str> = found
        .iter()
        .map(|row| row["article"].as_str().expect("article"))
        .collect();
    assert!(articles.contains("articles/memo.txt"), "{articles:?}");
    // Offsets are the article's own, in chars, after the byte-order mark and CRLF.
    let memo = closeread::store::read_article(&workspace.path("proj/articles/memo.txt"))
        .expect("memo")
        .document;
    for row in found
        .iter()
        .filter(|row| row["article"] == "articles/memo.txt")
    {
        let (start, end) = (
            row["start"].as_u64().expect("start") as usize,
            row["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(memo.slice(start..end), "IRGC");
    }
    let case = workspace.json(&[
        "project",
        "find",
        "proj",
        "irgc",
        "--match-case",
        "--format",
        "json",
    ]);
    assert!(
        case.as_array().expect("rows").is_empty(),
        "IRGC is written in capitals"
    );
    workspace.run_ok(&[
        "project",
        "find",
        "proj",
        "IRGC",
        "--whole-words",
        "--tag-all",
        "Evidence",
        "--analyst",
        "analyst-b",
    ]);
    let tagged = workspace.json(&[
        "project",
        "search",
        "proj",
        "--analyst",
        "analyst-b",
        "--text",
        "irgc",
        "--format",
        "json",
    ]);
    let tagged: Vec<&Value> = tagged
        .as_array()
        .expect("rows")
        .iter()
        .filter(|row| row["exact"] == "IRGC" && row["tag"] == "evidence")
        .collect();
    assert_eq!(tagged.len(), found.len(), "every match tagged once");
    // Again: nothing new, every match was tagged so already.
    let output = common::closeread(
        workspace.dir.path(),
        &[
            "project",
            "find",
            "proj",
            "IRGC",
            "--whole-words",
            "--tag-all",
            "evidence",
            "--analyst",
            "analyst-b",
        ],
    );
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("already"));
    // Saved in analyst-b's reading of the memo.
    let session = closeread::session::ReadingSession::open(
        &workspace.path("proj/articles/memo.txt"),
        None,
        "analyst-b",
    )
    .expect("opens");
    assert!(
        session
            .layer()
            .annotations()
            .iter()
            .any(|annotation| annotation.quote.exact == "IRGC")
    );
    let unknown = workspace.run_err(&[
        "project",
        "find",
        "proj",
        "IRGC",
        "--tag-all",
        "opinion",
        "--analyst",
        "analyst-b",
    ]);
    assert!(
        unknown.contains("opinion") && unknown.contains("claim"),
        "{unknown}"
    );
}

/// Every file under `folder`, sorted.
fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

#[test]
fn the_index_in_memory_and_the_cached_summaries_follow_the_files() {
    use closeread::project::index::ProjectIndex;
    use closeread::project::search::search_index;
    use closeread::project::status::project_status_cached;

    let workspace = Workspace::new();
    workspace.project();
    let root = workspace.path("proj");
    let cache = workspace.path("status-cache");
    let project = Project::open(&root).expect("open");
    let (progress, _) = load_progress(&project);

    // The cached summaries give what reading every file gives, and live outside the project.
    let in_project = files_under(&root);
    let uncached = project_status_cached(&project, &progress, None);
    assert_eq!(
        project_status_cached(&project, &progress, Some(&cache)),
        uncached
    );
    assert_eq!(
        project_status_cached(&project, &progress, Some(&cache)),
        uncached
    );
    assert_eq!(
        files_under(&root),
        in_project,
        "nothing written in the project"
    );
    let cached = files_under(&cache);
    assert!(cached.iter().any(|path| path.ends_with("summaries.json")));
    // A damaged cache is ignored and made again.
    for path in &cached {
        std::fs::write(path, "{ not the cache").expect("damage");
    }
    assert_eq!(
        project_status_cached(&project, &progress, Some(&cache)),
        uncached
    );

    // The index finds what the files hold, and follows them when they change.
    let mut index = ProjectIndex::read(&project);
    let found = |index: &ProjectIndex| {
        search_index(&project, index, &SearchQuery::default(), &progress)
            .expect("search")
            .hits
            .len()
    };
    assert_eq!(found(&index), brute_force(&root).len());
    assert_eq!(index.refresh(&project), 0, "nothing changed");
    let teammate = root.join(format!("articles/{SAMPLE_STEM}.analyst-b.ron"));
    assert!(teammate.is_file());
    std::fs::remove_file(&teammate).expect("remove");
    assert_eq!(index.refresh(&project), 1, "only the changed article");
    assert_eq!(found(&index), brute_force(&root).len());
    assert!(found(&index) > 0);
    let now = project_status_cached(&project, &progress, Some(&cache));
    assert_eq!(now, project_status_cached(&project, &progress, None));
    let sample = now
        .iter()
        .find(|row| row.key == sample_key())
        .expect("the sample's row");
    assert_eq!(
        sample
            .analysts
            .get("analyst-b")
            .map_or(0, |status| status.annotations),
        0
    );

    // An article taken out of the manifest leaves the index.
    let mut project = project;
    project.manifest.articles.remove(&sample_key());
    index.refresh(&project);
    assert!(index.article(&sample_key()).is_none());
    assert_eq!(index.articles().len(), project.manifest.articles.len());
}

#[test]
fn the_journal_takes_dated_entries_by_analyst_and_lists_them() {
    let workspace = Workspace::new();
    workspace.project();
    workspace.run_ok(&[
        "project",
        "journal",
        "proj",
        "Relief is a recommendation only with an actor.",
        "--analyst",
        "analyst-a",
        "--date",
        "2026-11-30",
    ]);
    workspace.run_ok(&[
        "project",
        "journal",
        "proj",
        "Agreed.",
        "--analyst",
        "analyst-b",
    ]);
    let entries = workspace.json(&["project", "journal", "proj", "--format", "json"]);
    let entries = entries.as_array().expect("a list");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["date"], "2026-11-30");
    assert_eq!(entries[0]["analyst"], "analyst-a");
    assert_eq!(
        entries[0]["text"],
        "Relief is a recommendation only with an actor."
    );
    assert_eq!(entries[1]["analyst"], "analyst-b");
    let journal = std::fs::read_to_string(workspace.path("proj/journal.md")).expect("journal.md");
    assert!(journal.contains("## 2026-11-30 — analyst-a"));
    let error = workspace.run_err(&[
        "project",
        "journal",
        "proj",
        "x",
        "--analyst",
        "analyst-a",
        "--date",
        "30/11/2026",
    ]);
    assert!(error.contains("YYYY-MM-DD"), "{error}");
    assert_eq!(
        std::fs::read_to_string(workspace.path("proj/journal.md")).expect("journal.md"),
        journal,
        "nothing written"
    );
}

#[test]
fn articles_that_would_share_their_readings_are_refused() {
    let workspace = Workspace::new();
    workspace.run_ok(&["project", "init", "proj", "--name", "Stems"]);
    let mut project = Project::open(&workspace.path("proj")).expect("open");
    project.manifest.settings.annotations = Some("readings".into());
    project.save().expect("saved");
    for (folder, name) in [("x", "note.txt"), ("y", "note.txt"), ("x", "note.md")] {
        let path = workspace.path(&format!("proj/{folder}/{name}"));
        std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
        std::fs::write(&path, format!("A note in {folder}.\n")).expect("write");
    }
    workspace.run_ok(&["project", "add", "proj", "proj/x/note.txt"]);
    let manifest = std::fs::read(workspace.path("proj/closeread-project.ron")).expect("manifest");
    for other in ["proj/y/note.txt", "proj/x/note.md"] {
        let error = workspace.run_err(&["project", "add", "proj", other]);
        assert!(error.contains("would share their readings"), "{error}");
        assert!(
            error.contains("x/note.txt"),
            "names the other article: {error}"
        );
    }
    assert_eq!(
        std::fs::read(workspace.path("proj/closeread-project.ron")).expect("manifest"),
        manifest,
        "nothing was added"
    );
}

#[test]
fn a_tag_or_analyst_the_project_does_not_know_is_refused_not_searched_for() {
    let root = common::repo_root().join("annotations");
    let dir = tempfile::tempdir().expect("tempdir");
    let project = root.to_str().expect("utf-8 path");
    let refused = |args: &[&str]| {
        let output = common::closeread(dir.path(), args);
        assert!(!output.status.success(), "{args:?} should be refused");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let error = refused(&["project", "search", project, "--tag", "nosuch"]);
    assert!(error.contains("no tag \"nosuch\""), "{error}");
    assert!(error.contains("claim (Claim)"), "lists the tags: {error}");
    let error = refused(&["project", "search", project, "--as", "zz"]);
    assert!(
        error.contains("\"zz\" is not an analyst of the project"),
        "{error}"
    );
    let out = dir.path().join("out.md");
    let error = refused(&[
        "project",
        "export",
        project,
        "--format",
        "md",
        "-o",
        out.to_str().expect("path"),
        "--tag",
        "nosuch",
    ]);
    assert!(error.contains("nosuch"), "{error}");
    assert!(!out.exists(), "nothing written");
    // A label serves as well as an id, in any case.
    common::closeread_ok(
        dir.path(),
        &["project", "search", project, "--tag", "EVIDENCE"],
    );
}

#[test]
fn an_article_listed_outside_the_project_and_gone_is_still_known_by_its_path() {
    let workspace = Workspace::new();
    workspace.run_ok(&["project", "init", "proj", "--name", "Outside"]);
    std::fs::create_dir_all(workspace.path("outside")).expect("mkdir");
    std::fs::write(workspace.path("outside/memo.txt"), "A memo.\n").expect("memo");
    let mut project = Project::open(&workspace.path("proj")).expect("open");
    project.manifest.articles.insert(
        "../outside/memo.txt".into(),
        closeread::project::ArticleEntry {
            assigned: vec!["analyst-a".into()],
            ..Default::default()
        },
    );
    project.save().expect("saved");
    std::fs::remove_file(workspace.path("outside/memo.txt")).expect("gone");
    // Named by its path from here, not by its key: still the project's article.
    workspace.run_ok(&[
        "project",
        "done",
        "proj",
        "outside/memo.txt",
        "--analyst",
        "analyst-a",
    ]);
    let progress =
        closeread::project::Progress::load(&workspace.path("proj"), "analyst-a").expect("progress");
    assert!(progress.is_done("../outside/memo.txt"));
}

#[test]
fn a_refi_qda_project_imports_as_a_closeread_project_and_exports_back() {
    let workspace = Workspace::new();
    workspace.project();
    // The project exported as REFI-QDA, then imported into a new project folder.
    let package = workspace.path("sanctions.qdpx");
    workspace.run_ok(&[
        "project",
        "export",
        "proj",
        "--format",
        "qdpx",
        "-o",
        package.to_str().expect("path"),
    ]);
    let output = workspace.run_ok(&[
        "project",
        "import",
        package.to_str().expect("path"),
        "--into",
        "again",
    ]);
    assert!(output.contains("analyst-a: imported"), "{output}");
    let status = |dir: &str| {
        let json = workspace.json(&["project", "status", dir, "--format", "json"]);
        let mut counts: Vec<(String, u64)> = json["articles"]
            .as_array()
            .expect("articles")
            .iter()
            .flat_map(|row| {
                row["analysts"]
                    .as_object()
                    .expect("analysts")
                    .iter()
                    .map(|(name, status)| {
                        (name.clone(), status["annotations"].as_u64().unwrap_or(0))
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|(_, count)| *count > 0)
            .collect();
        counts.sort();
        counts
    };
    assert_eq!(
        status("again"),
        status("proj"),
        "every reading came through"
    );
    assert_eq!(
        Project::open(&workspace.path("again"))
            .expect("a project")
            .manifest
            .name,
        "Sanctions"
    );
    // Importing again reuses the articles: nothing doubles.
    let articles = |dir: &str| {
        Project::open(&workspace.path(dir))
            .expect("a project")
            .manifest
            .articles
            .len()
    };
    let first = articles("again");
    assert!(first >= 1);
    let output = workspace.run_ok(&[
        "project",
        "import",
        package.to_str().expect("path"),
        "--into",
        "again",
    ]);
    assert_eq!(articles("again"), first);
    assert!(output.contains("not imported again"), "{output}");
    assert_eq!(status("again"), status("proj"), "no coding doubled");
}
