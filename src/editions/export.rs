//! The two editions side by side: as CSV (a row per pair of paragraphs, then a row per
//! linked passage) and as an HTML report (a two-column table, each paragraph in its own
//! direction, the notes under the pair, the links after).

use super::Editions;
use crate::export::csv::{neutralise, write_table};
use crate::export::html::escape_html;
use crate::model::Document;
use crate::model::direction::TextDirection;
use std::io::Write;

/// The CSV's columns. `kind` is `paragraphs` (a and b: paragraph indexes, separated by
/// spaces; the texts are the paragraphs joined by blank lines) or `link` (a and b: char
/// offsets `start-end`; the texts are the quotes).
pub const COLUMNS: [&str; 8] = [
    "kind", "a", "b", "a text", "b text", "note", "by hand", "analyst",
];

/// One edition: its document and reading direction.
pub struct Edition<'a> {
    pub name: &'a str,
    pub document: &'a Document,
    pub direction: TextDirection,
}

impl Edition<'_> {
    fn paragraphs(&self, indexes: &[usize]) -> Vec<&str> {
        indexes
            .iter()
            .filter_map(|&index| self.document.blocks().get(index))
            .map(|block| self.document.slice(block.chars.clone()))
            .collect()
    }
}

fn indexes(list: &[usize]) -> String {
    list.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The side-by-side table: header and rows, cells neutralised.
pub fn table(
    editions: &Editions,
    a: &Edition<'_>,
    b: &Edition<'_>,
) -> (Vec<String>, Vec<Vec<String>>) {
    let header = COLUMNS.iter().map(|column| (*column).to_owned()).collect();
    let mut rows = Vec::new();
    for pairing in &editions.pairs {
        rows.push(
            [
                "paragraphs".to_owned(),
                indexes(&pairing.a),
                indexes(&pairing.b),
                a.paragraphs(&pairing.a).join("\n\n"),
                b.paragraphs(&pairing.b).join("\n\n"),
                pairing.note.clone(),
                if pairing.by_hand { "yes" } else { "" }.to_owned(),
                String::new(),
            ]
            .iter()
            .map(|cell| neutralise(cell))
            .collect(),
        );
    }
    for link in &editions.links {
        rows.push(
            [
                "link".to_owned(),
                format!("{}-{}", link.a.start, link.a.end),
                format!("{}-{}", link.b.start, link.b.end),
                link.a.quote.clone(),
                link.b.quote.clone(),
                link.note.clone(),
                String::new(),
                link.analyst.clone(),
            ]
            .iter()
            .map(|cell| neutralise(cell))
            .collect(),
        );
    }
    (header, rows)
}

/// Writes the side-by-side CSV (a UTF-8 BOM for Excel when `excel`).
pub fn write_csv(
    editions: &Editions,
    a: &Edition<'_>,
    b: &Edition<'_>,
    out: &mut dyn Write,
    excel: bool,
) -> std::io::Result<()> {
    let (header, rows) = table(editions, a, b);
    write_table(&header, rows.iter(), out, excel)
}

/// `<p>` with `dir="rtl"` for a right-to-left paragraph of `edition`.
fn paragraph_html(edition: &Edition<'_>, text: &str) -> String {
    let dir = if edition.direction.is_right_to_left(text) {
        " dir=\"rtl\""
    } else {
        ""
    };
    format!("<p{dir}>{}</p>", escape_html(text))
}

/// Writes the side-by-side HTML report: self-contained, one row per pair.
pub fn write_html(
    editions: &Editions,
    a: &Edition<'_>,
    b: &Edition<'_>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let title = format!("{} and {}, side by side", a.name, b.name);
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>",
        escape_html(&title),
        STYLE,
        escape_html(&title)
    )?;
    writeln!(
        out,
        "<table>\n<thead><tr><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        escape_html(a.name),
        escape_html(b.name)
    )?;
    for pairing in &editions.pairs {
        let cell = |edition: &Edition<'_>, list: &[usize]| -> String {
            let paragraphs = edition.paragraphs(list);
            if paragraphs.is_empty() {
                "<p class=\"missing\">(not in this edition)</p>".to_owned()
            } else {
                paragraphs
                    .iter()
                    .map(|text| paragraph_html(edition, text))
                    .collect::<Vec<_>>()
                    .join("")
            }
        };
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            cell(a, &pairing.a),
            cell(b, &pairing.b)
        )?;
        if !pairing.note.is_empty() {
            writeln!(
                out,
                "<tr class=\"note\"><td colspan=\"2\">{}</td></tr>",
                escape_html(&pairing.note)
            )?;
        }
    }
    writeln!(out, "</tbody>\n</table>")?;
    if !editions.links.is_empty() {
        writeln!(out, "<h2>Linked passages</h2>\n<table>\n<tbody>")?;
        for link in &editions.links {
            writeln!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                paragraph_html(a, &link.a.quote),
                paragraph_html(b, &link.b.quote)
            )?;
            let note = if link.note.is_empty() {
                format!("translates · {}", link.analyst)
            } else {
                format!("translates · {} · {}", link.analyst, link.note)
            };
            writeln!(
                out,
                "<tr class=\"note\"><td colspan=\"2\">{}</td></tr>",
                escape_html(&note)
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }
    writeln!(out, "</body>\n</html>")
}

const STYLE: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1d1d1d}\
table{border-collapse:collapse;width:100%}td,th{vertical-align:top;width:50%;padding:.4em .8em;border-top:1px solid #ddd}\
th{text-align:start;font-family:sans-serif}p{margin:.3em 0}p[dir=rtl]{text-align:right}.missing{color:#a00;font-style:italic}\
tr.note td{border-top:none;color:#555;font-style:italic;padding-top:0}";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editions::{EditionLink, Pairing, Passage};

    fn document(text: &str) -> Document {
        Document::from_raw_text(text)
    }

    #[test]
    fn both_editions_are_side_by_side_in_csv_and_html() {
        let a = document(
            "Oil exports fell in 2019.\n\nA paragraph only in English.\n\n=SUM(A1) is not a formula.",
        );
        let b = document("صادرات نفت در 2019 کاهش یافت.\n\n=SUM(A1) فرمول نیست.");
        let editions = Editions {
            format: super::super::FORMAT_NAME.to_owned(),
            version: super::super::FORMAT_VERSION,
            a: "a.txt".to_owned(),
            b: "b.txt".to_owned(),
            pairs: vec![
                Pairing {
                    a: vec![0],
                    b: vec![0],
                    by_hand: false,
                    note: String::new(),
                },
                Pairing {
                    a: vec![1],
                    b: vec![],
                    by_hand: true,
                    note: "The Persian edition omits this paragraph".to_owned(),
                },
                Pairing {
                    a: vec![2],
                    b: vec![1],
                    by_hand: false,
                    note: String::new(),
                },
            ],
            links: vec![EditionLink {
                a: Passage {
                    start: 0,
                    end: 11,
                    quote: "Oil exports".to_owned(),
                },
                b: Passage {
                    start: 0,
                    end: 9,
                    quote: "صادرات نفت".to_owned(),
                },
                analyst: "analyst-a".to_owned(),
                note: String::new(),
            }],
        };
        let a = Edition {
            name: "a.txt",
            document: &a,
            direction: TextDirection::Auto,
        };
        let b = Edition {
            name: "b.txt",
            document: &b,
            direction: TextDirection::Auto,
        };
        let mut bytes = Vec::new();
        write_csv(&editions, &a, &b, &mut bytes, false).expect("csv");
        let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|row| row.expect("a row").iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0][3], "Oil exports fell in 2019.");
        assert_eq!(rows[0][4], "صادرات نفت در 2019 کاهش یافت.");
        assert_eq!(rows[1][4], "");
        assert_eq!(rows[1][5], "The Persian edition omits this paragraph");
        assert_eq!(rows[1][6], "yes");
        assert_eq!(rows[2][3], "'=SUM(A1) is not a formula.");
        assert_eq!(rows[3][0], "link");
        assert_eq!(rows[3][1], "0-11");
        assert_eq!(rows[3][7], "analyst-a");
        let mut html = Vec::new();
        write_html(&editions, &a, &b, &mut html).expect("html");
        let html = String::from_utf8(html).expect("utf-8");
        assert!(
            html.contains("<tr><td><p>Oil exports fell in 2019.</p></td><td><p dir=\"rtl\">صادرات نفت در 2019 کاهش یافت.</p></td></tr>"),
            "{html}"
        );
        assert!(html.contains("(not in this edition)"), "{html}");
        assert!(
            html.contains("The Persian edition omits this paragraph"),
            "{html}"
        );
        assert!(html.contains("translates · analyst-a"), "{html}");
    }
}
