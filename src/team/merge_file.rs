//! Merging two versions of one sidecar by annotation id: `closeread merge-file BASE OURS
//! THEIRS`, usable as a git merge driver (git passes `%O %A %B` and expects the result in
//! `%A`).
//!
//! Each analyst writes only their own file, so git conflicts come from one analyst editing on
//! two machines. A line-based merge of such files would fail on neighbouring annotations; by
//! id, both sides' additions, deletions and changes combine, and an annotation changed on both
//! sides keeps our version with both notes (see [`crate::model::merge`]).

use crate::model::layer::Settled;
use crate::model::merge::merge_by_id;
use crate::model::relation::merge_relations;
use crate::store::{SidecarError, SidecarFile};
use std::path::Path;

/// The merged file and how many annotations were changed on both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MergedSidecar {
    pub text: String,
    pub conflicts: usize,
    pub annotations: usize,
}

/// Merges the texts of three versions (`base` may be empty: both sides added the file).
pub(crate) fn merge_sidecar_texts(
    (base_text, base_path): (&str, &Path),
    (ours_text, ours_path): (&str, &Path),
    (theirs_text, theirs_path): (&str, &Path),
) -> Result<MergedSidecar, SidecarError> {
    let base = if base_text.trim().is_empty() {
        None
    } else {
        Some(SidecarFile::parse(base_text, base_path)?)
    };
    let ours = SidecarFile::parse(ours_text, ours_path)?;
    let theirs = SidecarFile::parse(theirs_text, theirs_path)?;
    let base_annotations = base
        .as_ref()
        .map(|file| file.annotations.clone())
        .unwrap_or_default();
    let outcome = merge_by_id(&base_annotations, &ours.annotations, &theirs.annotations);
    let mut merged = ours.clone();
    merged.annotations = outcome.annotations;
    let surviving: std::collections::HashSet<_> = merged
        .annotations
        .iter()
        .map(|annotation| annotation.id)
        .collect();
    merged.relations = merge_relations(
        base.as_ref()
            .map(|file| file.relations.as_slice())
            .unwrap_or_default(),
        &ours.relations,
        &theirs.relations,
        |id| surviving.contains(&id),
    );
    // Tags the other machine added to the tag set stay known.
    for tag in &theirs.tag_set.tags {
        if merged.tag_set.get(&tag.id).is_none() {
            merged.tag_set.tags.push(tag.clone());
        }
    }
    merged.reading_note = crate::model::merge::merge_reading_notes(
        base.as_ref().map_or("", |file| file.reading_note.as_str()),
        &ours.reading_note,
        &theirs.reading_note,
    );
    if merged.analyst_name.is_empty() {
        merged.analyst_name.clone_from(&theirs.analyst_name);
    }
    merged.settled = merge_decisions(
        base.as_ref().map(|file| &file.settled),
        &ours.settled,
        &theirs.settled,
    );
    // The newer article text wins the header, so that re-anchoring starts from it.
    if theirs.article_sha256 != ours.article_sha256
        && theirs.annotations.iter().map(|a| a.modified).max()
            > ours.annotations.iter().map(|a| a.modified).max()
    {
        merged.article_sha256 = theirs.article_sha256.clone();
    }
    let text = merged
        .to_ron_string()
        .map_err(|error| SidecarError::Invalid {
            path: ours_path.to_owned(),
            message: format!("cannot serialise the merge: {error}"),
        })?;
    Ok(MergedSidecar {
        text,
        conflicts: outcome.conflicts.len(),
        annotations: merged.annotations.len(),
    })
}

/// Adjudication decisions merged three-way: one side's undoing of a decision the base had is
/// kept; otherwise both sides' decisions are kept (the newer version of each).
fn merge_decisions(base: Option<&Settled>, ours: &Settled, theirs: &Settled) -> Settled {
    let empty = Settled::new();
    let base = base.unwrap_or(&empty);
    let mut merged = Settled::new();
    for (id, time) in ours.iter().chain(theirs) {
        let undone_on_one_side =
            base.contains_key(id) && (!ours.contains_key(id) || !theirs.contains_key(id));
        if undone_on_one_side {
            continue;
        }
        let entry = merged.entry(*id).or_insert(*time);
        *entry = (*entry).max(*time);
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, Document, Layer, Span, TagId, TagSet};

    fn text_of(document: &Document, annotations: Vec<Annotation>) -> String {
        let layer = Layer::with_annotations("ana", TagSet::default(), annotations);
        SidecarFile::from_layer(&layer, "essay.txt", document)
            .to_ron_string()
            .expect("serialises")
    }

    #[test]
    fn concurrent_edits_on_two_machines_all_survive() {
        let document = Document::from_raw_text(&"word ".repeat(40));
        let make = |start, tag: &str, note: &str| {
            Annotation::new(
                &document,
                Span::new(start, start + 4),
                TagId::new(tag),
                note.to_owned(),
                "ana",
            )
        };
        let kept = make(0, "claim", "kept");
        let retagged = make(10, "claim", "");
        let noted = make(20, "claim", "");
        let deleted = make(30, "claim", "");
        let base = vec![
            kept.clone(),
            retagged.clone(),
            noted.clone(),
            deleted.clone(),
        ];
        let mut ours = base.clone();
        ours[1].tag = TagId::new("evidence");
        ours.retain(|a| a.id != deleted.id);
        ours.push(make(40, "claim", "added here"));
        let mut theirs = base.clone();
        theirs[2].note = "noted there".to_owned();
        theirs.push(make(50, "recommendation", "added there"));

        let path = Path::new("essay.ana.ron");
        let merged = merge_sidecar_texts(
            (&text_of(&document, base), path),
            (&text_of(&document, ours), path),
            (&text_of(&document, theirs), path),
        )
        .expect("merges");
        assert_eq!(merged.conflicts, 0);
        let file = SidecarFile::parse(&merged.text, path).expect("parses");
        let by_start = |start: usize| file.annotations.iter().find(|a| a.span.start == start);
        assert_eq!(file.annotations.len(), 5);
        assert_eq!(by_start(10).map(|a| a.tag.as_str()), Some("evidence"));
        assert_eq!(by_start(20).map(|a| a.note.as_str()), Some("noted there"));
        assert!(by_start(30).is_none(), "deleted on our side");
        assert!(by_start(40).is_some() && by_start(50).is_some());
    }

    #[test]
    fn reading_notes_merge_three_way_and_keep_both_when_both_changed() {
        let document = Document::from_raw_text("Some article text.");
        let with_note = |note: &str| {
            let layer = Layer::with_annotations("ana", TagSet::default(), Vec::new())
                .with_reading_note(note);
            SidecarFile::from_layer(&layer, "essay.txt", &document)
                .to_ron_string()
                .expect("serialises")
        };
        let path = Path::new("essay.ana.ron");
        let merge = |base: &str, ours: &str, theirs: &str| {
            let merged = merge_sidecar_texts(
                (&with_note(base), path),
                (&with_note(ours), path),
                (&with_note(theirs), path),
            )
            .expect("merges");
            SidecarFile::parse(&merged.text, path)
                .expect("parses")
                .reading_note
        };
        assert_eq!(merge("old", "old", "new there"), "new there");
        assert_eq!(merge("old", "new here", "old"), "new here");
        let both = merge("old", "Talks first.", "Pressure first.");
        assert!(
            both.starts_with("Talks first.") && both.ends_with("Pressure first."),
            "{both}"
        );
        assert!(
            both.contains("other version of this reading note"),
            "{both}"
        );
    }

    #[test]
    fn a_broken_version_is_an_error_naming_it() {
        let path = Path::new("theirs.ron");
        let error = merge_sidecar_texts(("", path), ("(", Path::new("ours.ron")), ("", path))
            .expect_err("unparsable");
        assert!(error.to_string().contains("ours.ron"), "{error}");
    }
}
