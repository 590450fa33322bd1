//! Two versions of the manifest merged with their common ancestor, by key: what one side
//! changed and the other did not is taken; both sides' additions are kept. Used by
//! `closeread merge-file` (the git merge driver) when the files are manifests.
//!
//! - Articles, analysts and attributes merge one key at a time. An article changed on both
//!   sides merges field by field: attribute values by key, the assigned analysts as a set (an
//!   analyst one side added stays, one a side removed goes), `double_read` as a value.
//! - A key deleted on one side and changed on the other is kept, changed: nothing anyone wrote
//!   is dropped.
//! - A value both sides changed differently keeps ours and counts as a conflict.

use super::ProjectError;
use super::manifest::{ArticleEntry, Manifest};
use super::progress::Progress;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The merged manifest and how many values both sides changed differently (ours kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedManifest {
    pub manifest: Manifest,
    pub conflicts: usize,
}

/// Merges `ours` and `theirs` with `base` (none when both sides added the file).
pub fn merge_manifests(
    base: Option<&Manifest>,
    ours: &Manifest,
    theirs: &Manifest,
) -> MergedManifest {
    let mut conflicts = 0;
    let empty = Manifest::new("");
    let base = base.unwrap_or(&empty);
    let mut merged = ours.clone();
    merged.name = merge_value(&base.name, &ours.name, &theirs.name, &mut conflicts);
    merged.tag_set = merge_value(
        &base.tag_set,
        &ours.tag_set,
        &theirs.tag_set,
        &mut conflicts,
    );
    merged.settings = merge_value(
        &base.settings,
        &ours.settings,
        &theirs.settings,
        &mut conflicts,
    );
    merged.assignment = merge_value(
        &base.assignment,
        &ours.assignment,
        &theirs.assignment,
        &mut conflicts,
    );
    merged.version = ours.version.max(theirs.version);
    merged.analysts = merge_map(
        &base.analysts,
        &ours.analysts,
        &theirs.analysts,
        &mut |b, o, t, c| merge_value(b.unwrap_or(o), o, t, c),
        &mut conflicts,
    );
    merged.attributes = merge_map(
        &base.attributes,
        &ours.attributes,
        &theirs.attributes,
        &mut |b, o, t, c| merge_value(b.unwrap_or(o), o, t, c),
        &mut conflicts,
    );
    merged.articles = merge_map(
        &base.articles,
        &ours.articles,
        &theirs.articles,
        &mut merge_article,
        &mut conflicts,
    );
    MergedManifest {
        manifest: merged,
        conflicts,
    }
}

/// Merges the texts of three versions of a manifest (`base` may be empty: both sides added
/// the file); returns the merged text and the conflicts (ours kept).
pub fn merge_manifest_texts(
    (base_text, base_path): (&str, &Path),
    (ours_text, ours_path): (&str, &Path),
    (theirs_text, theirs_path): (&str, &Path),
) -> Result<(String, usize), ProjectError> {
    let base = if base_text.trim().is_empty() {
        None
    } else {
        Some(Manifest::parse(base_text, base_path)?)
    };
    let ours = Manifest::parse(ours_text, ours_path)?;
    let theirs = Manifest::parse(theirs_text, theirs_path)?;
    let merged = merge_manifests(base.as_ref(), &ours, &theirs);
    let text = merged
        .manifest
        .to_ron_string()
        .map_err(|error| ProjectError::Invalid(error.to_string()))?;
    Ok((text, merged.conflicts))
}

/// Merges three versions of one analyst's progress file: marks added on either side stay,
/// marks removed (reopened) on one side go.
pub fn merge_progress_texts(
    (base_text, base_path): (&str, &Path),
    (ours_text, ours_path): (&str, &Path),
    (theirs_text, theirs_path): (&str, &Path),
) -> Result<String, ProjectError> {
    let base = if base_text.trim().is_empty() {
        None
    } else {
        Some(Progress::parse(base_text, base_path)?)
    };
    let ours = Progress::parse(ours_text, ours_path)?;
    let theirs = Progress::parse(theirs_text, theirs_path)?;
    let mut conflicts = 0;
    let mut merged = ours.clone();
    merged.done = merge_map(
        &base.map(|file| file.done).unwrap_or_default(),
        &ours.done,
        &theirs.done,
        // Marked on both sides at different times: the first mark.
        &mut |_, o, t, _| *o.min(t),
        &mut conflicts,
    );
    merged
        .to_ron_string()
        .map_err(|error| ProjectError::Invalid(error.to_string()))
}

/// The `format` a Closeread RON file declares, if it can be read that far.
pub fn declared_format(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Header {
        format: String,
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    ron::from_str::<Header>(text)
        .ok()
        .map(|header| header.format)
}

/// A value: the side that changed it wins; both changed differently keeps ours (a conflict).
fn merge_value<T: Clone + PartialEq>(base: &T, ours: &T, theirs: &T, conflicts: &mut usize) -> T {
    if ours == theirs || theirs == base {
        ours.clone()
    } else if ours == base {
        theirs.clone()
    } else {
        *conflicts += 1;
        ours.clone()
    }
}

/// How a value both sides changed merges: (base, ours, theirs, conflicts) → merged.
type MergeBoth<'f, V> = dyn FnMut(Option<&V>, &V, &V, &mut usize) -> V + 'f;

/// A map, key by key; `both` merges a value present on both sides that both changed (its
/// base, if any, given).
fn merge_map<V: Clone + PartialEq>(
    base: &BTreeMap<String, V>,
    ours: &BTreeMap<String, V>,
    theirs: &BTreeMap<String, V>,
    both: &mut MergeBoth<'_, V>,
    conflicts: &mut usize,
) -> BTreeMap<String, V> {
    let keys: BTreeSet<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    let mut merged = BTreeMap::new();
    for key in keys {
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        let value = match (o, t) {
            (Some(o), Some(t)) if o == t => Some(o.clone()),
            (Some(o), Some(t)) if b == Some(o) => Some(t.clone()),
            (Some(o), Some(t)) if b == Some(t) => Some(o.clone()),
            (Some(o), Some(t)) => Some(both(b, o, t, conflicts)),
            // Deleted on one side: gone if the other left it as it was, else kept changed.
            (Some(kept), None) | (None, Some(kept)) => (b != Some(kept)).then(|| kept.clone()),
            (None, None) => None,
        };
        if let Some(value) = value {
            merged.insert(key.clone(), value);
        }
    }
    merged
}

/// An article both sides changed: field by field.
fn merge_article(
    base: Option<&ArticleEntry>,
    ours: &ArticleEntry,
    theirs: &ArticleEntry,
    conflicts: &mut usize,
) -> ArticleEntry {
    let empty = ArticleEntry::default();
    let base = base.unwrap_or(&empty);
    let attributes = merge_map(
        &base.attributes,
        &ours.attributes,
        &theirs.attributes,
        &mut |b, o, t, c| merge_value(b.unwrap_or(o), o, t, c),
        conflicts,
    );
    let in_base: BTreeSet<&String> = base.assigned.iter().collect();
    let in_ours: BTreeSet<&String> = ours.assigned.iter().collect();
    let in_theirs: BTreeSet<&String> = theirs.assigned.iter().collect();
    let assigned = in_ours
        .union(&in_theirs)
        .filter(|name| {
            let (b, o, t) = (
                in_base.contains(*name),
                in_ours.contains(*name),
                in_theirs.contains(*name),
            );
            // Kept by both, or added by the side that has it.
            (o && t) || ((o || t) && !b)
        })
        .map(|name| (*name).clone())
        .collect();
    ArticleEntry {
        attributes,
        assigned,
        double_read: merge_value(
            &base.double_read,
            &ours.double_read,
            &theirs.double_read,
            conflicts,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::manifest::AnalystEntry;

    fn with_article(manifest: &Manifest, key: &str, assigned: &[&str]) -> Manifest {
        let mut manifest = manifest.clone();
        manifest.articles.insert(
            key.to_owned(),
            ArticleEntry {
                assigned: assigned.iter().map(|name| (*name).to_owned()).collect(),
                ..ArticleEntry::default()
            },
        );
        manifest
    }

    #[test]
    fn two_analysts_adding_articles_both_keep_theirs() {
        let base = with_article(&Manifest::new("p"), "articles/m.txt", &["a"]);
        // Neighbours in the sorted file, so a line merge would conflict.
        let ours = with_article(&base, "articles/l.txt", &["a"]);
        let theirs = with_article(&base, "articles/n.txt", &["b"]);
        let merged = merge_manifests(Some(&base), &ours, &theirs);
        assert_eq!(merged.conflicts, 0);
        let keys: Vec<&str> = merged
            .manifest
            .articles
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["articles/l.txt", "articles/m.txt", "articles/n.txt"]);
        // The merged text reads back as the same manifest.
        let text = merged.manifest.to_ron_string().expect("serialise");
        assert_eq!(
            Manifest::parse(&text, Path::new("m.ron")).expect("parse"),
            merged.manifest
        );
        // Without a base (both sides created the file) both additions stay too.
        let unrelated = merge_manifests(None, &ours, &theirs);
        assert_eq!(unrelated.manifest.articles.len(), 3);
    }

    #[test]
    fn an_article_changed_on_both_sides_merges_by_field() {
        let mut base = with_article(&Manifest::new("p"), "x.txt", &["a", "b"]);
        base.analysts.insert("a".into(), AnalystEntry::default());
        let mut ours = with_article(&base, "x.txt", &["a", "b", "c"]);
        ours.articles
            .get_mut("x.txt")
            .expect("x")
            .attributes
            .insert("country".into(), "Iran".into());
        let mut theirs = with_article(&base, "x.txt", &["b"]);
        theirs.articles.get_mut("x.txt").expect("x").double_read = true;
        theirs.name = "Renamed".into();
        let merged = merge_manifests(Some(&base), &ours, &theirs);
        let entry = &merged.manifest.articles["x.txt"];
        assert_eq!(entry.assigned, ["b", "c"]);
        assert!(entry.double_read);
        assert_eq!(entry.attributes["country"], "Iran");
        assert_eq!(merged.manifest.name, "Renamed");
        assert_eq!(merged.conflicts, 0);
    }

    #[test]
    fn deleted_against_changed_keeps_the_change_and_both_changed_keeps_ours() {
        let base = with_article(&Manifest::new("p"), "x.txt", &["a"]);
        let mut ours = base.clone();
        ours.articles.clear();
        let theirs = with_article(&base, "x.txt", &["a", "b"]);
        let merged = merge_manifests(Some(&base), &ours, &theirs);
        assert_eq!(merged.manifest.articles["x.txt"].assigned, ["a", "b"]);
        let deleted = merge_manifests(Some(&base), &ours, &base);
        assert!(deleted.manifest.articles.is_empty());
        let mut ours = base.clone();
        ours.name = "Ours".into();
        let mut theirs = base.clone();
        theirs.name = "Theirs".into();
        let merged = merge_manifests(Some(&base), &ours, &theirs);
        assert_eq!(
            (merged.manifest.name.as_str(), merged.conflicts),
            ("Ours", 1)
        );
    }
}
