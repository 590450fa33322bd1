//! The briefing of the bundled reading in Markdown, HTML and DOCX: it starts with the article's
//! real title and author, has the bottom line, puts recommendations before claims, and quotes
//! each excerpt in full exactly once; the DOCX is a valid Office Open XML package. Also the
//! reading note and display names through the CLI, and a consensus briefing naming its
//! analysts.

mod common;

use closeread::store::{SidecarFile, analyst_id};
use common::{closeread, closeread_ok, docx_paragraphs};
use std::path::{Path, PathBuf};

use common::SAMPLE_STEM as STEM;
const TITLE: &str = "Khamenei’s Breaking Point: How to Get Iran Back to the Negotiating Table";

/// The bundled article, its meta file and both analysts' sidecars in a temporary folder.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = common::sample_article_in(dir.path());
    common::sample_meta_in(dir.path());
    common::sample_sidecars_in(dir.path());
    (dir, article)
}

/// The exact quotes of an analyst's annotations in the workspace.
fn quotes(dir: &Path, analyst: &str) -> Vec<String> {
    let path = dir.join(format!("{STEM}.{analyst}.ron"));
    let text = std::fs::read_to_string(&path).expect("sidecar");
    let file = SidecarFile::parse(&text, &path).expect("parses");
    file.annotations
        .into_iter()
        .map(|annotation| annotation.quote.exact)
        .collect()
}

fn export(dir: &Path, article: &Path, format: &str, extra: &[&str]) -> Vec<u8> {
    let out = dir.join(format!("briefing.{format}"));
    let mut args = vec![
        "export",
        article.to_str().expect("path"),
        "--format",
        format,
        "-o",
        out.to_str().expect("path"),
    ];
    args.extend_from_slice(extra);
    closeread_ok(dir, &args);
    std::fs::read(&out).expect("written")
}

#[test]
fn the_markdown_briefing_starts_with_title_and_author_and_quotes_each_excerpt_once() {
    let (dir, article) = workspace();
    closeread_ok(
        dir.path(),
        &[
            "note",
            article.to_str().expect("path"),
            "--analyst",
            "analyst-a",
            "--reading",
            "Engage Khamenei now, with clear redlines.",
        ],
    );
    let bytes = export(dir.path(), &article, "md", &["--analyst", "analyst-a"]);
    let text = String::from_utf8(bytes).expect("UTF-8");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(format!("# {TITLE}").as_str()));
    assert_eq!(lines.next(), Some(""));
    let source = lines.next().expect("a source line");
    assert!(
        source.starts_with("**Mehdi Khalaji** · 2 May 2019"),
        "{source}"
    );
    assert!(source.contains("PolicyWatch 3115"), "{source}");
    assert!(
        !text.contains("Ideas. Action. Impact."),
        "not the site's banner"
    );
    let bottom = text.find("## Bottom line").expect("bottom line");
    let recommendations = text.find("## Recommendations").expect("recommendations");
    let claims = text.find("## Claims").expect("claims");
    assert!(bottom < recommendations && recommendations < claims);
    assert!(text.contains("> Engage Khamenei now, with clear redlines."));
    assert!(
        text.contains("Follows from:** C"),
        "recommendations name their claims"
    );
    for quote in quotes(dir.path(), "analyst-a") {
        let quoted = format!("“{}”", closeread::export::markdown::escape_inline(&quote));
        assert_eq!(text.matches(&quoted).count(), 1, "{quote}");
    }
    // Far shorter than one quote per relation: 476 lines for 33 excerpts before.
    assert!(text.lines().count() < 400, "{} lines", text.lines().count());
}

#[test]
fn the_html_briefing_quotes_each_excerpt_once() {
    let (dir, article) = workspace();
    let bytes = export(dir.path(), &article, "html", &["--analyst", "analyst-a"]);
    let html = String::from_utf8(bytes).expect("UTF-8");
    let h1 = html.find("<h1>").expect("a title");
    assert!(html[h1..].starts_with(&format!("<h1>{TITLE}</h1>")));
    let authors = html
        .find("<span class=\"authors\">Mehdi Khalaji</span>")
        .expect("author");
    assert!(h1 < authors);
    for quote in quotes(dir.path(), "analyst-a") {
        let quoted = format!(
            "<blockquote>{}</blockquote>",
            closeread::export::html::escape_html(&quote)
        );
        assert_eq!(html.matches(&quoted).count(), 1, "{quote}");
    }
    // The highlighted article, which repeats every excerpt in its place, only on request.
    assert!(!html.contains("The article, highlighted"));
    let with_article = export(
        dir.path(),
        &article,
        "html",
        &["--analyst", "analyst-a", "--with-article"],
    );
    let with_article = String::from_utf8(with_article).expect("UTF-8");
    assert!(with_article.contains("<h2>The article, highlighted</h2>"));
    assert!(with_article.matches("<mark").count() >= quotes(dir.path(), "analyst-a").len());
}

#[test]
fn the_docx_briefing_is_a_valid_package_with_title_author_and_each_excerpt_once() {
    let (dir, article) = workspace();
    let bytes = export(dir.path(), &article, "docx", &["--analyst", "analyst-a"]);
    docx_rs::read_docx(&bytes).expect("docx-rs reads it back");
    let paragraphs = docx_paragraphs(&bytes);
    assert_eq!(paragraphs[0], TITLE);
    assert!(
        paragraphs[1].starts_with("Mehdi Khalaji · 2 May 2019"),
        "{}",
        paragraphs[1]
    );
    let text = paragraphs.join("\n");
    for quote in quotes(dir.path(), "analyst-a") {
        assert_eq!(text.matches(&format!("“{quote}”")).count(), 1, "{quote}");
    }
    let position = |heading: &str| {
        paragraphs
            .iter()
            .position(|paragraph| paragraph == heading)
            .unwrap_or_else(|| panic!("no {heading} in {paragraphs:?}"))
    };
    assert!(position("Recommendations") < position("Claims"));
}

#[test]
fn a_display_name_names_the_sidecar_by_its_id_and_shows_in_the_briefing() {
    let (dir, article) = workspace();
    let article_arg = article.to_str().expect("path");
    closeread_ok(
        dir.path(),
        &[
            "add",
            article_arg,
            "--analyst",
            "Zoë Müller",
            "--tag",
            "claim",
            "--quote",
            "Mehdi Khalaji is the Libitzky Family Fellow",
        ],
    );
    let id = analyst_id("Zoë Müller").expect("an id");
    assert_eq!(id, "zoe-muller");
    let path = dir.path().join(format!("{STEM}.{id}.ron"));
    let text = std::fs::read_to_string(&path).expect("the sidecar is named by the id");
    let file = SidecarFile::parse(&text, &path).expect("parses");
    assert_eq!(
        (file.analyst.as_str(), file.analyst_name.as_str()),
        ("zoe-muller", "Zoë Müller")
    );
    let bytes = export(
        dir.path(),
        &article,
        "md",
        &["--analyst", "zoe-muller", "--analyst", "analyst-a"],
    );
    let briefing = String::from_utf8(bytes).expect("UTF-8");
    assert!(
        briefing.contains("tagged by Zoë Müller, analyst-a"),
        "{briefing}"
    );
}

#[test]
fn a_consensus_briefing_names_the_analysts_it_was_settled_from() {
    let (dir, article) = workspace();
    let article_arg = article.to_str().expect("path");
    closeread_ok(
        dir.path(),
        &["merge", article_arg, "--strategy", "majority"],
    );
    let bytes = export(dir.path(), &article, "md", &["--analyst", "consensus"]);
    let briefing = String::from_utf8(bytes).expect("UTF-8");
    assert!(
        briefing.contains("Settled from the readings of analyst-a, analyst-b."),
        "{briefing}"
    );
    let output = closeread(
        dir.path(),
        &[
            "export",
            article_arg,
            "--analyst",
            "consensus",
            "--format",
            "docx",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stdout.starts_with(b"PK"),
        "DOCX bytes on standard output"
    );
}
