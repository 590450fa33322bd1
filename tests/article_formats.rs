//! Articles in each supported format, written for these tests, read end to end: decoding,
//! rendering, structure (sections and paragraph numbers), and annotating them from the CLI.
//! Also the bad inputs, which must be refused with the file named and no sidecar touched.

use closeread::model::BlockKind;
use closeread::store::{ArticleFormat, read_article};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/articles")
        .join(name)
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_closeread"))
        .args(args)
        .args(["--analyst", "tester", "--annotations"])
        .arg(dir)
        .env("CLOSEREAD_CONFIG_DIR", dir.join("config"))
        .output()
        .expect("run closeread")
}

fn block_texts(path: &Path) -> Vec<(BlockKind, String)> {
    let article = read_article(path).expect("readable");
    let document = article.document;
    document
        .blocks()
        .iter()
        .map(|block| {
            (
                block.kind.clone(),
                document.slice(block.chars.clone()).to_owned(),
            )
        })
        .collect()
}

#[test]
fn plain_text_with_bom_and_crlf_is_canonical() {
    let article = read_article(&fixture("crlf-bom.txt")).expect("readable");
    assert_eq!(article.format, ArticleFormat::PlainText);
    assert_eq!(article.encoding, "UTF-8");
    let text = article.document.text();
    assert!(!text.contains('\r') && !text.starts_with('\u{feff}'));
    assert!(text.starts_with("Sanctions and Succession\n\nTehran’s leadership"));
    assert_eq!(article.document.blocks().len(), 3);
}

#[test]
fn windows_1252_is_detected_and_decoded() {
    let article = read_article(&fixture("windows-1252.txt")).expect("readable");
    assert_eq!(article.encoding, "windows-1252");
    assert!(article.encoding_detected);
    assert!(
        article.document.text().starts_with(
            "The “maximum pressure” campaign — as its critics call it — has not produced a détente."
        ),
        "{}",
        article.document.text()
    );
    assert!(
        article
            .document
            .text()
            .contains("Europe’s rôle as mediator was naïve")
    );
}

#[test]
fn markdown_is_rendered_with_its_structure() {
    let blocks = block_texts(&fixture("briefing.md"));
    let kinds_and_texts: Vec<(BlockKind, &str)> = blocks
        .iter()
        .map(|(kind, text)| (kind.clone(), text.as_str()))
        .collect();
    assert_eq!(
        kinds_and_texts,
        vec![
            (
                BlockKind::Heading(1),
                "Briefing: Iran after the FTO designation"
            ),
            (
                BlockKind::Paragraph,
                "Prepared for the policy planning staff."
            ),
            (BlockKind::Heading(2), "Key judgements"),
            (
                BlockKind::ListItem {
                    depth: 1,
                    marker: "1.".into()
                },
                "Khamenei will not negotiate on missiles while the IRGC designation stands."
            ),
            (
                BlockKind::ListItem {
                    depth: 1,
                    marker: "2.".into()
                },
                "The succession is the regime's main vulnerability."
            ),
            (
                BlockKind::ListItem {
                    depth: 2,
                    marker: "•".into()
                },
                "Hardliners hold the judiciary."
            ),
            (
                BlockKind::BlockQuote,
                "Whatever irritates the enemy is good and right."
            ),
            (BlockKind::Heading(2), "Recommendations"),
            (
                BlockKind::Paragraph,
                "Washington should draw a glaring line between regime change and change of behaviour."
            ),
        ]
    );
}

#[test]
fn html_gives_the_article_without_navigation_scripts_or_footer() {
    let blocks = block_texts(&fixture("page-with-navigation.html"));
    let texts: Vec<&str> = blocks.iter().map(|(_, text)| text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "Khamenei’s Breaking Point",
            "By Mehdi Khalaji · May 2, 2019",
            "The chances of extracting substantial concessions from the current regime are not great, but the odds fall to zero if Washington withholds security assurances.",
            "Khamenei’s priorities",
            "First and foremost, the eighty-year-old Khamenei wants to leave a legacy of securing the regime’s survival.",
            "Resist pressure on the missile program.",
            "Keep the hardliners in control after the succession.",
            "Whatever irritates the enemy is good and right.",
        ]
    );
    assert_eq!(blocks[0].0, BlockKind::Heading(1));
    assert!(matches!(blocks[5].0, BlockKind::ListItem { .. }));
    assert_eq!(blocks[7].0, BlockKind::BlockQuote);
}

#[test]
fn every_offset_knows_its_section_and_paragraph() {
    let article = read_article(&fixture("page-with-navigation.html")).expect("readable");
    let document = article.document;
    let offset = document.char_offset(document.text().find("eighty-year-old").expect("present"));
    let location = document.location(offset);
    assert_eq!(location.section.as_deref(), Some("Khamenei’s priorities"));
    assert_eq!(location.paragraph, Some(3));
}

#[test]
fn each_format_can_be_annotated_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, quote) in [
        ("crlf-bom.txt", "what comes after Khamenei"),
        ("windows-1252.txt", "“maximum pressure”"),
        ("briefing.md", "Khamenei will not negotiate on missiles"),
        ("page-with-navigation.html", "withholds security assurances"),
    ] {
        let output = run(
            dir.path(),
            &[
                "add",
                fixture(name).to_str().expect("path"),
                "--tag",
                "claim",
                "--quote",
                quote,
            ],
        );
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let listed = run(
            dir.path(),
            &[
                "list",
                fixture(name).to_str().expect("path"),
                "--format",
                "json",
            ],
        );
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).expect("json");
        assert_eq!(rows[0]["exact"], quote, "{name}");
    }
}

#[test]
fn bad_inputs_are_refused_naming_the_file_and_touch_no_sidecar() {
    let dir = tempfile::tempdir().expect("tempdir");
    let binary = dir.path().join("scan.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").expect("write");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n").expect("write");
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "\n\n").expect("write");
    let huge = dir.path().join("huge.txt");
    std::fs::File::create(&huge)
        .and_then(|file| file.set_len(closeread::store::article::MAX_ARTICLE_BYTES + 1))
        .expect("sparse file");
    for (path, reason) in [
        (&binary, "binary"),
        (&pdf, ".pdf"),
        (&empty, "empty"),
        (&huge, "up to 64 MB"),
    ] {
        let output = run(
            dir.path(),
            &[
                "add",
                path.to_str().expect("path"),
                "--tag",
                "claim",
                "--start",
                "0",
                "--end",
                "1",
            ],
        );
        assert!(!output.status.success());
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(message.contains(reason), "{message}");
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert_eq!(message.trim().lines().count(), 1);
    }
    let sidecars = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".ron"))
        .count();
    assert_eq!(sidecars, 0);
}
