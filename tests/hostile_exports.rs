//! Exports of hostile notes, for any note: a spreadsheet never runs a CSV cell as a formula,
//! the HTML report shows notes as text, nothing in a note gets out of the Markdown briefing's
//! block quote, and the Word briefing stays a package that reads back with the note in it.

mod common;

use closeread::export::{
    ExportFormat, ExportInput, ExportOptions, html::escape_html, write_export,
};
use closeread::model::{Annotation, Document, Layer, Span, TagId, TagSet};
use proptest::prelude::*;
use std::collections::HashSet;

const TEXT: &str = "Khamenei’s “resistance” policy endures.\n\nThe regime said no, twice.";

fn export(format: ExportFormat, note: &str) -> String {
    String::from_utf8(export_bytes(format, note)).expect("UTF-8")
}

fn export_bytes(format: ExportFormat, note: &str) -> Vec<u8> {
    let document = Document::from_raw_text(TEXT);
    let annotation = Annotation::new(
        &document,
        Span::new(0, 10),
        TagId::new("claim"),
        note.to_owned(),
        "analyst",
    );
    let layer = Layer::with_annotations("analyst", TagSet::default(), vec![annotation]);
    let layers = [&layer];
    let tags = HashSet::new();
    let input = ExportInput {
        article_name: "essay.txt",
        document: &document,
        layers: &layers,
        tags: &tags,
        info: None,
        settled_from: &[],
    };
    let mut out = Vec::new();
    write_export(
        format,
        &input,
        &mut out,
        &ExportOptions::default(),
        &mut |_, _| {},
    )
    .expect("export");
    out
}

/// Notes built from what breaks out of formats: formula starts, markup, Markdown line starts,
/// quotes, separators and line breaks.
fn hostile_note() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("=HYPERLINK(\"http://x\")"),
            Just("+1"),
            Just("-2"),
            Just("@SUM(A1)"),
            Just("\t"),
            Just("\r"),
            Just("\n"),
            Just("\r\n"),
            Just("<script>alert(1)</script>"),
            Just("</blockquote>"),
            Just("&amp;"),
            Just("\""),
            Just("'"),
            Just(","),
            Just(";"),
            Just("# "),
            Just("> "),
            Just("- "),
            Just("1. "),
            Just("```"),
            Just("---"),
            Just("<!--"),
            Just("[x](javascript:alert(1))"),
            Just("word"),
            Just("فارسی"),
            Just(" "),
        ],
        1..12,
    )
    .prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_csv_cell_reads_as_a_formula_and_the_note_comes_back(note in hostile_note()) {
        let text = export(ExportFormat::Csv, &note);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().expect("header").clone();
        let note_column = headers.iter().position(|name| name == "note").expect("a note column");
        for record in reader.records() {
            let record = record.expect("a well-formed row");
            for cell in record.iter() {
                prop_assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "cell {cell:?}"
                );
            }
            let cell = &record[note_column];
            let expected = if note.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{note}")
            } else {
                note.clone()
            };
            prop_assert_eq!(cell, expected.as_str());
        }
    }

    #[test]
    fn the_html_report_shows_the_note_as_text(note in hostile_note()) {
        let text = export(ExportFormat::Html, &note);
        prop_assert!(!text.contains("<script>alert"), "a script got in");
        prop_assert!(!text.contains("javascript:alert(1)\""), "a link got in");
        // Each line of the note is there, escaped.
        for line in note.lines().filter(|line| !line.trim().is_empty()) {
            prop_assert!(text.contains(&escape_html(line)), "{line:?} missing");
        }
    }

    #[test]
    fn nothing_in_a_note_leaves_the_markdown_block_quote(note in hostile_note()) {
        let text = export(ExportFormat::Markdown, &note);
        // After the title block, every line is a section heading, a quote line or blank.
        for line in text.lines().skip(4) {
            prop_assert!(
                line.is_empty() || line.starts_with("## ") || line.starts_with('>'),
                "{line:?} is outside a block quote"
            );
        }
        prop_assert!(!text.contains('<'), "raw markup in the briefing");
    }

    #[test]
    fn the_word_briefing_reads_back_with_the_note_in_it(note in hostile_note()) {
        let bytes = export_bytes(ExportFormat::Docx, &note);
        docx_rs::read_docx(&bytes).expect("a package docx-rs reads");
        let text = common::docx_paragraphs(&bytes).join("\n");
        // Each line of the note is there (tabs as spaces, other control characters dropped).
        for line in note.lines().map(|line| line.replace('\t', " ").replace('\r', "")) {
            prop_assert!(text.contains(line.trim()), "{line:?} missing from {text:?}");
        }
    }
}
