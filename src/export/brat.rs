//! brat standoff: a folder with the canonical text as `<stem>.txt` (LF, no BOM) and the
//! annotations as `<stem>.ann`: `T` lines typed by tag label (`Claim`, `Evidence`,
//! `Recommendation`), offsets in code points, and `#` AnnotatorNotes lines for notes.
//!
//! brat spans cannot hold a newline, so a span across lines becomes fragments (`0 5;6 10`);
//! annotations joined by "continues" (a discontinuous span imported from brat) are written back
//! as one `T` line with the fragments of all of them;
//! brat notes are one line, so a note's newlines are written as `\n` (and `\` as `\\`), which
//! the importer turns back. Orphaned annotations have no place in the text and are skipped
//! (the count is returned so that the caller can say so).

use super::continuations::Continuations;
use super::{ExportInput, Progress};
use crate::model::tags::CONTINUES;
use crate::model::{Annotation, AnnotationId, Document};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The brat type for a tag label: brat types cannot hold spaces.
pub(crate) fn brat_type(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join("_")
}

/// A note on one line, reversibly.
pub(crate) fn escape_note(note: &str) -> String {
    note.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\t', " ")
}

/// The span's char ranges without newlines, as brat fragments.
fn fragments(document: &Document, annotation: &Annotation) -> Vec<(usize, usize)> {
    let mut fragments = Vec::new();
    let mut start = None;
    let text = document.slice(annotation.span.range());
    for (offset, c) in (annotation.span.start..).zip(text.chars()) {
        match (c == '\n', start) {
            (true, Some(open)) => {
                fragments.push((open, offset));
                start = None;
            }
            (false, None) => start = Some(offset),
            _ => {}
        }
    }
    if let Some(open) = start {
        fragments.push((open, annotation.span.end));
    }
    fragments
}

/// What a brat export wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct BratOutcome {
    pub files: Vec<PathBuf>,
    /// Orphaned annotations, which brat cannot hold.
    pub skipped_orphans: usize,
    /// Relations left out with them (or with annotations outside the tag filter).
    pub skipped_relations: usize,
}

/// Writes `<folder>/<stem>.txt` and `<stem>.ann`; with several analysts, one subfolder each.
pub(crate) fn write_folder(
    input: &ExportInput<'_>,
    folder: &Path,
    stem: &str,
    progress: Progress<'_>,
) -> std::io::Result<BratOutcome> {
    let mut outcome = BratOutcome::default();
    let annotations = input.annotations();
    let total = annotations.len();
    let mut done = 0;
    for layer in input.layers {
        let target = if input.layers.len() > 1 {
            folder.join(&layer.analyst)
        } else {
            folder.to_path_buf()
        };
        std::fs::create_dir_all(&target)?;
        let text_path = target.join(format!("{stem}.txt"));
        crate::store::write_atomically(&text_path, input.document.text().as_bytes())?;
        let mut ann = Vec::new();
        let mut number = 0;
        let mut t_number_of = std::collections::HashMap::new();
        // Fragments of a discontinuous span ("continues" relations): written as one T line.
        let placed = |id: &AnnotationId| layer.get(*id).is_some_and(Annotation::is_placed);
        let continuations = Continuations::of(layer.relations(), placed);
        for (annotation, tag_set) in annotations
            .iter()
            .filter(|(a, _)| a.analyst == layer.analyst)
        {
            done += 1;
            progress(done, total);
            if !annotation.is_placed() {
                outcome.skipped_orphans += 1;
                continue;
            }
            if continuations.is_continuation(&annotation.id) {
                // Written with the fragment it continues.
                continue;
            }
            let mut parts = fragments(input.document, annotation);
            if parts.is_empty() {
                continue;
            }
            number += 1;
            t_number_of.insert(annotation.id, number);
            for next in continuations.chain(annotation.id) {
                if let Some(fragment) = layer.get(next) {
                    parts.extend(fragments(input.document, fragment));
                    t_number_of.insert(next, number);
                }
            }
            parts.sort_unstable();
            let label = tag_set
                .get(&annotation.tag)
                .map_or_else(|| annotation.tag.to_string(), |tag| tag.label.clone());
            let offsets: Vec<String> = parts
                .iter()
                .map(|(start, end)| format!("{start} {end}"))
                .collect();
            let texts: Vec<&str> = parts
                .iter()
                .map(|(start, end)| input.document.slice(*start..*end))
                .collect();
            writeln!(
                ann,
                "T{number}\t{} {}\t{}",
                brat_type(&label),
                offsets.join(";"),
                texts.join(" ")
            )?;
            if !annotation.note.is_empty() {
                writeln!(
                    ann,
                    "#{number}\tAnnotatorNotes T{number}\t{}",
                    escape_note(&annotation.note)
                )?;
            }
        }
        // Relations between exported annotations: `R1<TAB>supports Arg1:T2 Arg2:T1`.
        let mut relation_number = 0;
        // Notes of relations are numbered after the annotations' notes (`#n` is `Tn`'s).
        let mut note_number = t_number_of.values().copied().max().unwrap_or(0);
        for relation in layer.relations() {
            let (Some(source), Some(target)) = (
                t_number_of.get(&relation.source),
                t_number_of.get(&relation.target),
            ) else {
                outcome.skipped_relations += 1;
                continue;
            };
            if relation.kind.as_str() == CONTINUES && source == target {
                // Written as the fragments of one T line.
                continue;
            }
            relation_number += 1;
            writeln!(
                ann,
                "R{relation_number}\t{} Arg1:T{source} Arg2:T{target}",
                brat_type(relation.kind.as_str())
            )?;
            if !relation.note.trim().is_empty() {
                note_number += 1;
                writeln!(
                    ann,
                    "#{note_number}\tAnnotatorNotes R{relation_number}\t{}",
                    escape_note(&relation.note)
                )?;
            }
        }
        let ann_path = target.join(format!("{stem}.ann"));
        crate::store::write_atomically(&ann_path, &ann)?;
        outcome.files.extend([text_path, ann_path]);
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::{input_of, sample};

    #[test]
    fn offsets_in_the_ann_file_slice_the_txt_file_to_the_same_text() {
        let (document, layer) = sample();
        let layers = [&layer];
        let input = input_of(&document, &layers);
        let dir = tempfile::tempdir().expect("tempdir");
        let outcome = write_folder(&input, dir.path(), "a", &mut |_, _| {}).expect("write");
        assert_eq!(outcome.skipped_orphans, 0);
        let text = std::fs::read_to_string(dir.path().join("a.txt")).expect("txt");
        assert!(!text.starts_with('\u{feff}') && !text.contains('\r'));
        let chars: Vec<char> = text.chars().collect();
        let ann = std::fs::read_to_string(dir.path().join("a.ann")).expect("ann");
        let mut checked = 0;
        for line in ann.lines().filter(|line| line.starts_with('T')) {
            let fields: Vec<&str> = line.split('\t').collect();
            let (kind_and_offsets, quoted) = (fields[1], fields[2]);
            let (kind, offsets) = kind_and_offsets.split_once(' ').expect("type and offsets");
            assert!(["Claim", "Evidence", "Recommendation"].contains(&kind));
            let pieces: Vec<String> = offsets
                .split(';')
                .map(|pair| {
                    let (start, end) = pair.split_once(' ').expect("pair");
                    let (start, end): (usize, usize) =
                        (start.parse().expect("start"), end.parse().expect("end"));
                    chars[start..end].iter().collect()
                })
                .collect();
            assert_eq!(pieces.join(" "), quoted);
            checked += 1;
        }
        assert_eq!(checked, 3);
        assert!(
            ann.contains("AnnotatorNotes T1\t=HYPERLINK(\"x\")\\nsecond line"),
            "{ann}"
        );
    }
}
