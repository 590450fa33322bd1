//! CSV: one row per excerpt, RFC 4180 quoting (notes keep their newlines and quotes), cells a
//! spreadsheet would run as a formula neutralised, optionally a UTF-8 BOM for Excel. After the
//! fixed columns comes one column per relation kind of the tag set (`supports`, `undermines`,
//! `follows_from` by default): the annotations this one points to with that kind, each as
//! `id: “short excerpt”`, separated by new lines.

use super::{ExportInput, Progress};
use std::io::Write;

pub(crate) const COLUMNS: [&str; 15] = [
    "article",
    "analyst",
    "tag",
    "excerpt",
    "note",
    "section",
    "paragraph",
    "start",
    "end",
    "context before",
    "context after",
    "created",
    "modified",
    "id",
    // Added with PDF articles, after the earlier columns so that they keep their places.
    "page",
];

/// A cell that starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading
/// apostrophe, so that a spreadsheet shows it as text instead of running it (OWASP's advice).
pub(crate) fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The article's CSV export as a table: the header and one row per excerpt, the cells
/// neutralised.
pub(crate) fn table(
    input: &ExportInput<'_>,
    progress: Progress<'_>,
) -> (Vec<String>, Vec<Vec<String>>) {
    let relations = input.relations();
    let header: Vec<String> = COLUMNS
        .iter()
        .copied()
        .chain(relations.kinds().iter().map(|info| info.kind.as_str()))
        .map(str::to_owned)
        .collect();
    let annotations = input.annotations();
    let total = annotations.len();
    let mut rows = Vec::with_capacity(total);
    for (done, (annotation, tag_set)) in annotations.into_iter().enumerate() {
        let excerpt = input.excerpt(annotation, tag_set);
        let placed = annotation.is_placed();
        let number = |value: Option<usize>| value.map(|n| n.to_string()).unwrap_or_default();
        let mut row = vec![
            input.article_name.to_owned(),
            // The display name ("Jane Doe") when the analyst's layer has one.
            input.analyst_name(&annotation.analyst).to_owned(),
            annotation.tag.to_string(),
            annotation.quote.exact.clone(),
            annotation.note.clone(),
            excerpt.section.clone().unwrap_or_default(),
            number(excerpt.paragraph),
            number(placed.then_some(annotation.span.start)),
            number(placed.then_some(annotation.span.end)),
            excerpt.context_before.clone(),
            excerpt.context_after.clone(),
            annotation.created.to_rfc3339(),
            annotation.modified.to_rfc3339(),
            annotation.id.to_string(),
            number(excerpt.page.map(|page| page as usize)),
        ];
        for info in relations.kinds() {
            let targets: Vec<String> = relations
                .targets(annotation.id, &info.kind)
                .into_iter()
                .map(|target| {
                    format!(
                        "{}: “{}”",
                        target.id,
                        crate::model::one_line_excerpt(&target.quote.exact, 60)
                    )
                })
                .collect();
            row.push(targets.join("\n"));
        }
        for cell in &mut row {
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                *cell = neutralise(cell);
            }
        }
        rows.push(row);
        progress(done + 1, total);
    }
    (header, rows)
}

pub fn write(
    input: &ExportInput<'_>,
    out: &mut dyn Write,
    excel: bool,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    let (header, rows) = table(input, progress);
    write_table(&header, rows.iter(), out, excel)
}

/// Writes a table as CSV (CRLF line ends, as RFC 4180 has them; a UTF-8 BOM for Excel).
pub(crate) fn write_table<'r>(
    header: &[String],
    rows: impl Iterator<Item = &'r Vec<String>>,
    out: &mut dyn Write,
    excel: bool,
) -> std::io::Result<()> {
    if excel {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row)?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::render;

    #[test]
    fn reads_back_equal_to_the_annotations_and_neutralises_formulas() {
        let (_, layer, bytes) = render("a.txt", |input, out| {
            write(input, out, true, &mut |_, _| {})
        });
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        let mut reader = ::csv::Reader::from_reader(&bytes[3..]);
        assert_eq!(
            reader
                .headers()
                .expect("headers")
                .iter()
                .collect::<Vec<_>>(),
            COLUMNS
                .iter()
                .copied()
                .chain(["supports", "undermines", "follows_from"])
                .collect::<Vec<_>>()
        );
        let rows: Vec<::csv::StringRecord> =
            reader.records().map(|row| row.expect("row")).collect();
        assert_eq!(rows.len(), layer.len());
        let column = |name: &str| COLUMNS.iter().position(|known| *known == name).expect(name);
        for (row, annotation) in rows.iter().zip(layer.annotations()) {
            assert_eq!(&row[column("id")], annotation.id.to_string());
            assert_eq!(&row[column("tag")], annotation.tag.as_str());
            assert_eq!(&row[column("excerpt")], annotation.quote.exact);
            assert_eq!(
                row[column("note")].trim_start_matches('\''),
                annotation.note
            );
            assert_eq!(
                row[column("start")].parse::<usize>().expect("start"),
                annotation.span.start
            );
            assert_eq!(
                row[column("end")].parse::<usize>().expect("end"),
                annotation.span.end
            );
            // Not a source with pages: no page.
            assert_eq!(&row[column("page")], "");
        }
        assert!(
            rows[0][4].starts_with("'=HYPERLINK"),
            "formula neutralised: {}",
            &rows[0][4]
        );
        assert!(rows[0][4].contains("\nsecond line with \"quotes\""));
        // The evidence supports the claim; the recommendation follows from it.
        let claim = &layer.annotations()[0];
        // The relation kinds' columns follow the fixed ones.
        let (supports, undermines, follows_from) =
            (COLUMNS.len(), COLUMNS.len() + 1, COLUMNS.len() + 2);
        let supported = &rows[1][supports];
        assert!(supported.starts_with(&claim.id.to_string()), "{supported}");
        assert!(supported.contains("“The odds fall to zero”"), "{supported}");
        assert!(rows[2][follows_from].starts_with(&claim.id.to_string()));
        assert!(rows[0][supports].is_empty() && rows[0][undermines].is_empty());
        assert_eq!(neutralise("-5%"), "'-5%");
        assert_eq!(neutralise("@user"), "'@user");
        assert_eq!(neutralise("plain"), "plain");
    }
}
