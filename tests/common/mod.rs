//! Running the real binary in a test's folder, and the bundled sample copied into one
//! ([`sample`]), shared by the integration tests. Each test binary uses only some of these.
#![allow(dead_code)]

mod sample;

// Not every test binary uses the sample.
#[allow(unused_imports)]
pub use sample::*;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

/// The char offsets of the first `needle` in `text`, counting every char as stored (a BOM and
/// CRs too, as standoff tools count them).
pub fn char_span(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).expect("the needle is in the text");
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// Runs `closeread ARGS` in `dir`, with its settings in `dir/config` and no analyst from the
/// environment.
pub fn closeread(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_closeread"))
        .args(args)
        .current_dir(dir)
        .env("CLOSEREAD_CONFIG_DIR", dir.join("config"))
        .env("CLOSEREAD_CACHE_DIR", dir.join("cache"))
        .env_remove("CLOSEREAD_ANALYST")
        .output()
        .expect("run closeread")
}

/// Runs `closeread ARGS` in `dir`, fails the test unless it succeeds, and returns its output.
pub fn closeread_ok(dir: &Path, args: &[&str]) -> String {
    let output = closeread(dir, args);
    assert!(
        output.status.success(),
        "closeread {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// The text of each paragraph of a DOCX file's `word/document.xml`, read with quick-xml.
pub fn docx_paragraphs(bytes: &[u8]) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut types = String::new();
    archive
        .by_name("[Content_Types].xml")
        .expect("content types")
        .read_to_string(&mut types)
        .expect("read");
    assert!(
        types.contains("wordprocessingml.document.main+xml"),
        "{types}"
    );
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("the document part")
        .read_to_string(&mut xml)
        .expect("read");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut paragraphs, mut current, mut in_text) = (Vec::new(), String::new(), false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(tag) if tag.name().as_ref() == b"w:t" => in_text = true,
            quick_xml::events::Event::End(tag) if tag.name().as_ref() == b"w:t" => in_text = false,
            quick_xml::events::Event::Text(text) if in_text => {
                current.push_str(&text.xml10_content().expect("text"));
            }
            quick_xml::events::Event::GeneralRef(reference) if in_text => {
                let name = reference.decode().expect("entity");
                current.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "?",
                });
            }
            quick_xml::events::Event::Empty(tag) if tag.name().as_ref() == b"w:br" => {
                current.push('\n');
            }
            quick_xml::events::Event::End(tag) if tag.name().as_ref() == b"w:p" => {
                paragraphs.push(std::mem::take(&mut current));
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    paragraphs
}
