//! The entry points of the fuzz targets (`fuzz/`, run with `cargo fuzz`), kept in the library so
//! that `tests/fuzz_corpus.rs` replays the fuzzers' corpora and any crash they found through
//! exactly the same code in an ordinary `cargo test`. Each takes arbitrary bytes and must
//! return without panicking, hanging or growing without bound, whatever they hold.

use crate::import::{brat, w3c};
use crate::model::Document;
use crate::store::{ArticleFormat, article::article_from_bytes, sidecar::load_sidecar_bytes};
use std::path::Path;
use std::sync::OnceLock;

/// The article fuzzed sidecars and brat files are read against: short, with non-ASCII text.
fn document() -> &'static Document {
    static DOCUMENT: OnceLock<Document> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        Document::from_raw_text(
            "Khamenei’s “resistance” policy endures.\n\nفارسی: the regime said no, twice.\n\nCafé, naïve — 50% of 2019.",
        )
    })
}

/// A sidecar's bytes, loaded (parsed, checked, re-anchored) against a fixed article.
pub fn sidecar(data: &[u8]) {
    let _ = load_sidecar_bytes(data.to_vec(), Path::new("fuzz.ron"), document(), "fuzz.txt");
}

/// The `.txt` fuzzed brat files refer to, as Windows saves it (BOM, CR LF) with a decomposed
/// accent: the offsets are mapped through all three.
const BRAT_SOURCE: &str = "\u{feff}Khamenei’s “resistance” policy endures.\r\n\r\nفارسی: the regime said no, twice.\r\n\r\nCafe\u{301}, naïve — 50% of 2019.";

/// A brat `.ann` file, parsed against a fixed source text.
pub fn brat(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = brat::parse(&text, Some(BRAT_SOURCE));
}

/// A W3C Web Annotation JSON file.
pub fn w3c(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = w3c::parse("fuzz.json", &text);
}

/// An article's bytes; the first byte picks the format (plain text, Markdown, HTML, and from
/// 128 up Word or PDF, so that the corpus's existing inputs keep their formats).
pub fn article(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let format = match (selector >= 128, selector % 3) {
        (true, 0) => ArticleFormat::Docx,
        (true, _) => ArticleFormat::Pdf,
        (false, 0) => ArticleFormat::PlainText,
        (false, 1) => ArticleFormat::Markdown,
        (false, _) => ArticleFormat::Html,
    };
    let _ = article_from_bytes(bytes.to_vec(), format, Path::new("fuzz"));
}
