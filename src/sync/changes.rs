//! What changed between two versions of the repository, in the analysts' terms: annotations
//! added, changed or removed per analyst and on how many articles, and articles marked done.

use super::SyncError;
use super::git::Git;
use crate::store::SidecarFile;
use std::collections::{BTreeMap, BTreeSet};

/// What came in (or went out) for one analyst.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnalystChanges {
    /// Annotations added, changed or removed.
    pub annotations: usize,
    /// The articles (by file name) those annotations are on.
    pub articles: BTreeSet<String>,
    /// Articles of the project newly marked done.
    pub done: usize,
}

/// Per analyst id.
pub type ChangesByAnalyst = BTreeMap<String, AnalystChanges>;

/// A sidecar's text parsed, or `None` when the bytes are not a sidecar.
fn sidecar(bytes: &[u8]) -> Option<SidecarFile> {
    let text = std::str::from_utf8(bytes).ok()?;
    let file: SidecarFile = ron::from_str(text).ok()?;
    (file.format == crate::store::FORMAT_NAME).then_some(file)
}

/// Whether the bytes are a sidecar.
pub(crate) fn is_sidecar(bytes: &[u8]) -> bool {
    sidecar(bytes).is_some()
}

fn progress(bytes: &[u8]) -> Option<crate::project::progress::Progress> {
    let text = std::str::from_utf8(bytes).ok()?;
    let file: crate::project::progress::Progress = ron::from_str(text).ok()?;
    (file.format == crate::project::progress::FORMAT_NAME).then_some(file)
}

/// Annotations added, changed or removed between two versions of one sidecar.
pub(crate) fn annotation_changes(old: Option<&SidecarFile>, new: Option<&SidecarFile>) -> usize {
    fn by_id(file: Option<&SidecarFile>) -> BTreeMap<String, &crate::model::Annotation> {
        file.map(|file| {
            file.annotations
                .iter()
                .map(|annotation| (annotation.id.to_string(), annotation))
                .collect()
        })
        .unwrap_or_default()
    }
    let (old, new) = (by_id(old), by_id(new));
    let changed_or_removed = old
        .iter()
        .filter(|(id, annotation)| new.get(*id) != Some(*annotation))
        .count();
    let added = new.keys().filter(|id| !old.contains_key(*id)).count();
    changed_or_removed + added
}

/// What changed between `from` (`None`: nothing before) and `to` in the `.ron` files among
/// `paths`: sidecars by their analyst, progress files by theirs.
pub(crate) fn between(
    git: &Git,
    from: Option<&str>,
    to: &str,
    paths: &[String],
) -> Result<ChangesByAnalyst, SyncError> {
    let mut changes = ChangesByAnalyst::new();
    for path in paths.iter().filter(|path| path.ends_with(".ron")) {
        let old = match from {
            Some(from) => git.show(from, path)?,
            None => None,
        };
        let new = git.show(to, path)?;
        let (old_sidecar, new_sidecar) = (
            old.as_deref().and_then(sidecar),
            new.as_deref().and_then(sidecar),
        );
        if let Some(file) = new_sidecar.as_ref().or(old_sidecar.as_ref()) {
            let count = annotation_changes(old_sidecar.as_ref(), new_sidecar.as_ref());
            if count > 0 {
                let entry = changes.entry(file.analyst.clone()).or_default();
                entry.annotations += count;
                entry.articles.insert(file.article.clone());
            }
            continue;
        }
        let (old_progress, new_progress) = (
            old.as_deref().and_then(progress),
            new.as_deref().and_then(progress),
        );
        if let Some(file) = &new_progress {
            let before: BTreeSet<&String> = old_progress
                .as_ref()
                .map(|old| old.done.keys().collect())
                .unwrap_or_default();
            let done = file.done.keys().filter(|key| !before.contains(key)).count();
            if done > 0 {
                changes.entry(file.analyst.clone()).or_default().done += done;
            }
        }
    }
    Ok(changes)
}

/// "12 annotations on 3 articles, 1 article done" (or what there is of it).
pub fn describe(changes: &AnalystChanges) -> String {
    let plural = |count: usize, one: &str, many: &str| {
        if count == 1 {
            format!("1 {one}")
        } else {
            format!("{count} {many}")
        }
    };
    let mut parts = Vec::new();
    if changes.annotations > 0 {
        parts.push(format!(
            "{} on {}",
            plural(changes.annotations, "annotation", "annotations"),
            plural(changes.articles.len(), "article", "articles")
        ));
    }
    if changes.done > 0 {
        parts.push(format!(
            "{} done",
            plural(changes.done, "article", "articles")
        ));
    }
    parts.join(", ")
}
