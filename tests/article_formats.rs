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

/// A web server on a free local port for the fetch tests: each path gives a canned response;
/// `/slow` answers after three seconds. Returns the base address.
fn local_server() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|window| window == b"\r\n\r\n") {
                    match stream.read(&mut buffer) {
                        Ok(0) | Err(_) => return,
                        Ok(read) => request.extend_from_slice(&buffer[..read]),
                    }
                }
                let request = String::from_utf8_lossy(&request);
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let page = "<!DOCTYPE html><html><head><title>Sanctions and their limits</title>\
                    <meta name=\"author\" content=\"Jane Doe\"></head><body><nav>Home | About</nav>\
                    <article><h1>Sanctions and their limits</h1><p>Tehran’s oil exports fell by half in 2019.</p>\
                    <p>فارسی: تحریم‌ها</p></article></body></html>";
                let (status, kind, body): (&str, &str, Vec<u8>) = match path.as_str() {
                    "/policy/sanctions-and-limits/" => {
                        ("200 OK", "text/html; charset=utf-8", page.into())
                    }
                    "/moved" => ("301 Moved Permanently", "text/html", Vec::new()),
                    "/missing" => ("404 Not Found", "text/html", b"<p>no</p>".to_vec()),
                    "/chart.png" => ("200 OK", "image/png", b"\x89PNG\r\n".to_vec()),
                    "/report.pdf" => ("200 OK", "application/pdf", b"%PDF-1.4\n%%EOF\n".to_vec()),
                    "/slow" => {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                        ("200 OK", "text/html", page.into())
                    }
                    _ => ("404 Not Found", "text/plain", Vec::new()),
                };
                let location = if path == "/moved" {
                    "Location: /policy/sanctions-and-limits/\r\n"
                } else {
                    ""
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{location}Connection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    base
}

fn fetch(dir: &Path, url: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_closeread"))
        .args(["fetch", url, "--into"])
        .arg(dir)
        .env("CLOSEREAD_CONFIG_DIR", dir.join("config"))
        .env("CLOSEREAD_FETCH_TIMEOUT", "1")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .expect("run closeread")
}

#[test]
fn a_page_fetched_by_its_address_is_kept_as_html_with_where_and_when() {
    let base = local_server();
    let dir = tempfile::tempdir().expect("tempdir");
    // Through a redirect: named after, and recording, the address it ended at.
    let output = fetch(dir.path(), &format!("{base}/moved"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let path = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    assert_eq!(path, dir.path().join("sanctions-and-limits.html"));
    let article = read_article(&path).expect("readable");
    assert_eq!(article.format, ArticleFormat::Html);
    assert!(
        article
            .document
            .text()
            .contains("Tehran’s oil exports fell by half")
    );
    assert!(article.document.text().contains("تحریم‌ها"));
    assert!(!article.document.text().contains("Home | About"));
    let meta = std::fs::read_to_string(dir.path().join("sanctions-and-limits.meta.ron"))
        .expect("document information written");
    assert!(
        meta.contains(&format!("url: \"{base}/policy/sanctions-and-limits/\"")),
        "{meta}"
    );
    assert!(meta.contains("fetched: Some(\""), "{meta}");
    assert!(meta.contains("Sanctions and their limits"), "{meta}");
    // Again: a second file, never over the first.
    let again = fetch(dir.path(), &format!("{base}/policy/sanctions-and-limits/"));
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim(),
        dir.path()
            .join("sanctions-and-limits-2.html")
            .display()
            .to_string()
    );
    // A PDF address is kept as a .pdf.
    let pdf = fetch(dir.path(), &format!("{base}/report.pdf"));
    assert!(pdf.status.success());
    assert!(dir.path().join("report.pdf").exists());
}

#[test]
fn fetch_failures_say_why_and_save_nothing() {
    let base = local_server();
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, expected) in [
        ("/missing", "404"),
        ("/chart.png", "image/png"),
        ("/slow", "did not answer within 1 s"),
    ] {
        let output = fetch(dir.path(), &format!("{base}{path}"));
        assert!(!output.status.success(), "{path}");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(message.contains(expected), "{path}: {message}");
    }
    let not_web = fetch(dir.path(), "ftp://example.org/a.txt");
    assert!(String::from_utf8_lossy(&not_web.stderr).contains("not a web address"));
    let saved: Vec<_> = std::fs::read_dir(dir.path())
        .expect("folder")
        .flatten()
        .filter(|entry| entry.file_name() != "config")
        .collect();
    assert!(saved.is_empty(), "{saved:?}");
}
