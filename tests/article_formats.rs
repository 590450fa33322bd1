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
        (&pdf, "not a readable PDF"),
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

/// PDF files written for the tests with lopdf: pages of positioned text in the standard
/// Helvetica (WinAnsi encoding, so "é" is one byte), an Arabic-script line in a composite font
/// with a `ToUnicode` map, an image-only page, and a password-protected file.
mod pdf_files {
    use lopdf::{
        Dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream,
        dictionary,
    };

    /// A run of text: (x, y, size, text), text as Latin-1 bytes for Helvetica.
    pub type Run<'a> = (f32, f32, f32, &'a str);

    /// A page: its Latin runs, and maybe an Arabic line at (x, y).
    pub type Page<'a> = (Vec<Run<'a>>, Option<(f32, f32, &'a str)>);

    /// Arabic letters the composite font maps, by glyph id (1-based).
    pub const ARABIC: [char; 6] = ['ع', 'ل', 'ی', 'ر', 'ض', 'ا'];

    fn latin1(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text"))
            .collect()
    }

    fn escaped(bytes: &[u8]) -> String {
        bytes
            .iter()
            .map(|&byte| match byte {
                b'(' | b')' | b'\\' => format!("\\{}", byte as char),
                32..=126 => (byte as char).to_string(),
                _ => format!("\\{byte:03o}"),
            })
            .collect()
    }

    /// The content stream painting `runs`; an Arabic run (`arabic`) is painted in font F2 by
    /// glyph ids, in visual order as a PDF writer does.
    fn content(runs: &[Run<'_>], arabic: Option<(f32, f32, &str)>) -> Vec<u8> {
        let mut out = String::new();
        for &(x, y, size, text) in runs {
            // "**" before a run sets it in Helvetica-Bold (F3).
            let (font, text) = match text.strip_prefix("**") {
                Some(bold) => ("F3", bold),
                None => ("F1", text),
            };
            out.push_str(&format!(
                "BT /{font} {size} Tf 1 0 0 1 {x} {y} Tm ({}) Tj ET\n",
                escaped(&latin1(text))
            ));
        }
        if let Some((x, y, text)) = arabic {
            // In visual order, left to right, as word processors write right-to-left text.
            let ids: String = text
                .chars()
                .rev()
                .map(|c| match ARABIC.iter().position(|&letter| letter == c) {
                    Some(index) => format!("{:04X}", index + 1),
                    None => "0007".to_owned(),
                })
                .collect();
            out.push_str(&format!("BT /F2 11 Tf 1 0 0 1 {x} {y} Tm <{ids}> Tj ET\n"));
        }
        out.into_bytes()
    }

    fn arabic_font(doc: &mut Document) -> Object {
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
             /CMapName /Test-UCS def /CMapType 2 def\n\
             1 begincodespacerange <0000> <FFFF> endcodespacerange\n7 beginbfchar\n",
        );
        for (index, letter) in ARABIC.iter().enumerate() {
            cmap.push_str(&format!(
                "<{:04X}> <{:04X}>\n",
                index + 1,
                u32::from(*letter)
            ));
        }
        cmap.push_str("<0007> <0020>\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end\n");
        let to_unicode = doc.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));
        let descendant = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "TestNaskh",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "DW" => 500,
            "FontDescriptor" => dictionary! {
                "Type" => "FontDescriptor",
                "FontName" => "TestNaskh",
                "Flags" => 4,
                "FontBBox" => vec![0.into(), (-300).into(), 1000.into(), 900.into()],
                "ItalicAngle" => 0,
                "Ascent" => 900,
                "Descent" => -300,
                "CapHeight" => 700,
                "StemV" => 80,
            },
        });
        Object::Dictionary(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "TestNaskh",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![descendant.into()],
            "ToUnicode" => to_unicode,
        })
    }

    /// A document of US Letter pages, each painting its runs (and, on a page that asks,
    /// an Arabic line); `image_only` pages paint a picture and no text.
    pub fn document(pages: &[Page<'_>], image_only: bool) -> Document {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let helvetica = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let helvetica_bold = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica-Bold",
            "Encoding" => "WinAnsiEncoding",
        });
        let arabic = arabic_font(&mut doc);
        let arabic = doc.add_object(arabic);
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => 2,
                "Height" => 2,
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
            },
            vec![0, 255, 255, 0],
        ));
        let resources = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => helvetica, "F2" => arabic, "F3" => helvetica_bold },
            "XObject" => dictionary! { "Im1" => image },
        });
        let mut kids = Vec::new();
        for (runs, arabic_line) in pages {
            let bytes = if image_only {
                b"q 500 0 0 700 50 50 cm /Im1 Do Q".to_vec()
            } else {
                content(runs, *arabic_line)
            };
            let contents = doc.add_object(Stream::new(Dictionary::new(), bytes));
            kids.push(Object::Reference(doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => contents,
                "Resources" => resources,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            })));
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        doc
    }

    /// Puts `runs` in a form XObject (as a figure or a placed page is) with the matrix
    /// `matrix`, painted on the first page under the transformation `placement`.
    pub fn paint_form_on_first_page(
        doc: &mut Document,
        runs: &[Run<'_>],
        matrix: [f32; 6],
        placement: [f32; 6],
    ) {
        let page = *doc.get_pages().values().next().expect("a page");
        let resources = doc
            .get_dictionary(page)
            .and_then(|page| page.get(b"Resources"))
            .and_then(Object::as_reference)
            .expect("resources");
        let font_resources = doc
            .get_dictionary(resources)
            .and_then(|resources| resources.get(b"Font"))
            .expect("fonts")
            .clone();
        let form = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                "Matrix" => matrix.iter().map(|&n| Object::Real(n)).collect::<Vec<_>>(),
                "Resources" => dictionary! { "Font" => font_resources },
            },
            content(runs, None),
        ));
        paint_xobject_on_page(doc, page, "Fm1", form, placement);
    }

    /// Adds `name` → `xobject` to the page's resources and paints it at the end of its
    /// content, under the transformation `placement`.
    pub fn paint_xobject_on_page(
        doc: &mut Document,
        page: lopdf::ObjectId,
        name: &str,
        xobject: lopdf::ObjectId,
        placement: [f32; 6],
    ) {
        let resources = doc
            .get_dictionary(page)
            .and_then(|page| page.get(b"Resources"))
            .and_then(Object::as_reference)
            .expect("resources");
        doc.get_dictionary_mut(resources)
            .and_then(|resources| resources.get_mut(b"XObject"))
            .and_then(Object::as_dict_mut)
            .expect("xobjects")
            .set(name, xobject);
        let contents = doc
            .get_dictionary(page)
            .and_then(|page| page.get(b"Contents"))
            .and_then(Object::as_reference)
            .expect("contents");
        let Ok(Object::Stream(stream)) = doc.get_object_mut(contents) else {
            panic!("page content");
        };
        let numbers: Vec<String> = placement.iter().map(f32::to_string).collect();
        let mut painted = stream.content.clone();
        painted.extend(format!("q {} cm /{name} Do Q\n", numbers.join(" ")).into_bytes());
        stream.set_content(painted);
    }

    pub fn bytes(mut doc: Document) -> Vec<u8> {
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("write PDF");
        out
    }

    /// `doc` protected by a user password.
    pub fn encrypted(mut doc: Document) -> Vec<u8> {
        let id = Object::string_literal(b"closeread-test-id".to_vec());
        doc.trailer.set("ID", vec![id.clone(), id]);
        let version = EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password: "secret",
            key_length: 128,
            permissions: Permissions::all(),
        };
        let state = EncryptionState::try_from(version).expect("encryption state");
        doc.encrypt(&state).expect("encrypt");
        bytes(doc)
    }
}

/// A three-page report: a running header and a page number on every page, a heading, a
/// hyphenated line end, accents, a footnote; page 2 in two columns; page 3 with a bold
/// heading at the body size and an Arabic name.
fn report_pdf() -> Vec<u8> {
    let furniture = |page: &'static str| -> Vec<pdf_files::Run<'static>> {
        vec![
            (72.0, 760.0, 9.0, "Energy Outlook Review / Spring Issue"),
            (300.0, 40.0, 9.0, page),
        ]
    };
    let mut one = furniture("1");
    one.extend([
        (72.0, 700.0, 20.0, "Findings on Supply"),
        (72.0, 670.0, 11.0, "Producers have been encour-"),
        (
            72.0,
            656.0,
            11.0,
            "aged to raise output by the new agreement, which",
        ),
        (
            72.0,
            642.0,
            11.0,
            "the caf\u{e9} owners of Z\u{fc}rich read with interest.1",
        ),
        (
            72.0,
            90.0,
            8.0,
            "1 Source: the ministry's own data for the year.",
        ),
    ]);
    let mut two = furniture("2");
    for row in 0..5 {
        let y = 700.0 - row as f32 * 14.0;
        two.push((72.0, y, 11.0, LEFT_COLUMN[row]));
        two.push((320.0, y, 11.0, RIGHT_COLUMN[row]));
    }
    let mut three = furniture("3");
    three.push((72.0, 716.0, 11.0, "**The Minister's Statement"));
    three.push((72.0, 700.0, 11.0, "The minister named in the report is"));
    pdf_files::bytes(pdf_files::document(
        &[
            (one, None),
            (two, None),
            (three, Some((300.0, 686.0, "علیرضا"))),
        ],
        false,
    ))
}

const LEFT_COLUMN: [&str; 5] = [
    "Alpha one of the left column starts",
    "alpha two of the left column goes",
    "alpha three of the left column goes",
    "alpha four of the left column goes",
    "alpha five of the left column ends.",
];
const RIGHT_COLUMN: [&str; 5] = [
    "Omega one of the right column starts",
    "omega two of the right column goes",
    "omega three of the right column goes",
    "omega four of the right column goes",
    "omega five of the right column ends.",
];

#[test]
fn a_pdf_reads_in_order_with_its_pages_headings_and_footnote_and_without_its_furniture() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("outlook.pdf");
    std::fs::write(&path, report_pdf()).expect("write");
    let article = read_article(&path).expect("a readable PDF");
    assert_eq!(article.format, ArticleFormat::Pdf);
    let document = &article.document;
    let text = document.text();
    let blocks = block_texts(&path);
    assert_eq!(
        blocks[0],
        (BlockKind::Heading(1), "Findings on Supply".to_owned())
    );
    // Hyphenation undone, accents kept, the footnote a block of its own.
    assert!(
        text.contains("Producers have been encouraged to raise output"),
        "{text}"
    );
    assert!(text.contains("café owners of Zürich"), "{text}");
    assert!(
        blocks
            .iter()
            .any(|(_, block)| block == "1 Source: the ministry's own data for the year."),
        "{blocks:?}"
    );
    // Running header and page numbers left out.
    assert!(!text.contains("Energy Outlook Review"), "{text}");
    assert!(
        !blocks
            .iter()
            .any(|(_, block)| ["1", "2", "3"].contains(&block.as_str()))
    );
    // Two columns: all of the left one, then all of the right one.
    let column = |lines: &[&str]| -> String {
        lines
            .iter()
            .map(|line| line.trim_end_matches('.'))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let left = text
        .find(&column(&LEFT_COLUMN))
        .expect("left column in one piece");
    let right = text
        .find(&column(&RIGHT_COLUMN))
        .expect("right column in one piece");
    assert!(left < right);
    // A bold line at the body size is a heading.
    assert!(
        blocks
            .iter()
            .any(|(kind, text)| matches!(kind, BlockKind::Heading(_))
                && text == "The Minister's Statement"),
        "{blocks:?}"
    );
    // Non-Latin script kept, in its logical order.
    assert!(text.contains("علیرضا"), "{text}");
    // Every offset knows its page.
    let page_of = |needle: &str| {
        let byte = text.find(needle).expect(needle);
        document.page_at(document.char_offset(byte))
    };
    assert_eq!(page_of("Producers"), Some(1));
    assert_eq!(page_of("Omega one"), Some(2));
    assert_eq!(page_of("علیرضا"), Some(3));
}

#[test]
fn annotations_in_a_pdf_are_listed_and_exported_with_their_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = dir.path().join("outlook.pdf");
    std::fs::write(&article, report_pdf()).expect("write");
    let article_arg = article.to_str().expect("utf-8 path");
    let added = run(
        dir.path(),
        &[
            "add",
            article_arg,
            "--tag",
            "claim",
            "--quote",
            "omega three of the right column",
        ],
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let listed = run(dir.path(), &["list", article_arg, "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("JSON");
    assert_eq!(rows[0]["page"], 2, "{rows}");
    let text = Command::new(env!("CARGO_BIN_EXE_closeread"))
        .args(["text", article_arg, "--format", "json"])
        .output()
        .expect("run closeread text");
    let json: serde_json::Value = serde_json::from_slice(&text.stdout).expect("JSON");
    assert_eq!(json["format"], "pdf");
    let pages: Vec<i64> = json["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .map(|block| block["page"].as_i64().expect("a page"))
        .collect();
    assert_eq!(pages.first(), Some(&1));
    assert_eq!(pages.last(), Some(&3));
    assert!(pages.windows(2).all(|pair| pair[0] <= pair[1]), "{pages:?}");
    let exported = run(dir.path(), &["export", article_arg, "--format", "md"]);
    let briefing = String::from_utf8_lossy(&exported.stdout);
    assert!(briefing.contains("p. 2, ¶"), "{briefing}");
}

#[test]
fn text_in_a_placed_figure_is_read_where_the_page_puts_it() {
    // The left column is page text; the right one is a form XObject written where the left
    // one is but 100 pt higher, set 100 pt down by its own matrix and 248 pt right by the
    // page, as a placed figure is. Read unplaced, it would sit on the left column.
    let left: Vec<pdf_files::Run<'static>> = LEFT_COLUMN
        .iter()
        .enumerate()
        .map(|(row, text)| (72.0, 700.0 - row as f32 * 14.0, 11.0, *text))
        .collect();
    let right: Vec<pdf_files::Run<'static>> = RIGHT_COLUMN
        .iter()
        .enumerate()
        .map(|(row, text)| (72.0, 800.0 - row as f32 * 14.0, 11.0, *text))
        .collect();
    let mut doc = pdf_files::document(&[(left, None)], false);
    pdf_files::paint_form_on_first_page(
        &mut doc,
        &right,
        [1.0, 0.0, 0.0, 1.0, 0.0, -100.0],
        [1.0, 0.0, 0.0, 1.0, 248.0, 0.0],
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("figure.pdf");
    std::fs::write(&path, pdf_files::bytes(doc)).expect("write");
    let blocks = block_texts(&path);
    let texts: Vec<&str> = blocks.iter().map(|(_, text)| text.as_str()).collect();
    let column = |lines: &[&str]| lines.join(" ");
    // Side by side, each column whole: the form's text is beside the page's, not under it.
    assert_eq!(
        texts,
        [column(&LEFT_COLUMN), column(&RIGHT_COLUMN)],
        "{texts:?}"
    );
}

#[test]
fn a_figure_that_paints_itself_is_read_without_crashing() {
    use lopdf::dictionary;
    // Form Fm1 paints its text, then itself: an endless loop for a reader that follows it.
    let mut doc = pdf_files::document(
        &[(
            vec![(72.0, 700.0, 11.0, "The page's own text comes first.")],
            None,
        )],
        false,
    );
    let page = *doc.get_pages().values().next().expect("a page");
    let form = doc.new_object_id();
    let mut content = b"BT /F1 11 Tf 1 0 0 1 72 600 Tm (A figure label) Tj ET\n".to_vec();
    content.extend_from_slice(b"/Fm1 Do\n");
    let fonts = dictionary! { "F1" => dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    } };
    doc.objects.insert(
        form,
        lopdf::Object::Stream(lopdf::Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                "Resources" => dictionary! {
                    "Font" => fonts,
                    "XObject" => dictionary! { "Fm1" => form },
                },
            },
            content,
        )),
    );
    pdf_files::paint_xobject_on_page(&mut doc, page, "Fm1", form, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("loop.pdf");
    std::fs::write(&path, pdf_files::bytes(doc)).expect("write");
    let text = read_article(&path)
        .expect("readable")
        .document
        .text()
        .to_owned();
    assert!(text.contains("The page's own text comes first."), "{text}");
    assert_eq!(text.matches("A figure label").count(), 1, "{text}");
}

#[test]
fn damaged_scanned_and_locked_pdfs_are_refused_with_the_reason_and_touch_no_sidecar() {
    let dir = tempfile::tempdir().expect("tempdir");
    let whole = report_pdf();
    let scan = pdf_files::bytes(pdf_files::document(&[(Vec::new(), None)], true));
    let locked = pdf_files::encrypted(pdf_files::document(
        &[(vec![(72.0, 700.0, 11.0, "Secret text")], None)],
        false,
    ));
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "damaged.pdf",
            whole[..whole.len() / 3].to_vec(),
            "not a readable PDF",
        ),
        (
            "renamed.pdf",
            b"<html>not a pdf</html>".to_vec(),
            "not a readable PDF",
        ),
        ("scan.pdf", scan, "no text layer"),
        ("locked.pdf", locked, "password"),
    ];
    for (name, bytes, reason) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let output = run(dir.path(), &["list", path.to_str().expect("utf-8")]);
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{name} was read");
        assert!(
            message.contains(name) && message.contains(reason),
            "{name}: {message}"
        );
    }
    let sidecars = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "ron"))
        .count();
    assert_eq!(sidecars, 0);
}

#[test]
fn an_opendocument_text_opens_with_its_headings_notes_and_rows() {
    use std::io::Write;
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>
<text:h text:outline-level="1">Políticas de suelo</text:h>
<text:p>La integración social<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Borrador final, 2014.</text:p></text:note-body></text:note> requiere suelo.</text:p>
<table:table><table:table-row><table:table-cell><text:p>Año</text:p></table:table-cell><table:table-cell><text:p>2014</text:p></table:table-cell></table:table-row></table:table>
</office:text></office:body></office:document-content>"#;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("politicas.odt");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", options).expect("part");
    zip.write_all(b"application/vnd.oasis.opendocument.text")
        .expect("write");
    zip.start_file("content.xml", options).expect("part");
    zip.write_all(content.as_bytes()).expect("write");
    zip.finish().expect("zip");
    let article = read_article(&path).expect("readable");
    assert_eq!(article.format, ArticleFormat::Odt);
    assert_eq!(
        block_texts(&path),
        [
            (BlockKind::Heading(1), "Políticas de suelo".to_owned()),
            (
                BlockKind::Paragraph,
                "La integración social[1] requiere suelo.".to_owned()
            ),
            (BlockKind::TableRow, "Año | 2014".to_owned()),
            (BlockKind::Paragraph, "[1] Borrador final, 2014.".to_owned()),
        ]
    );
}
