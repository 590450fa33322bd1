//! The tag set a session uses: the sidecar's own, or a tag set file chosen for the article
//! (which then replaces the sidecar's own whenever the sidecar is read), and the tags of
//! annotations that the set in use does not know.

use super::ReadingSession;
use crate::model::{TagId, TagSet};
use crate::store;
use std::path::PathBuf;

/// Where a session's tag set comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TagSetSource {
    /// The sidecar's own, or the default for a new one.
    #[default]
    Sidecar,
    /// A tag set file.
    File(PathBuf),
    /// The tag set file could not be used (the sidecar's own set is used): why.
    Broken(String),
}

impl ReadingSession {
    /// Uses `set` as the layer's tag set from now on (also after the sidecar is read again);
    /// the sidecar records it at the next save. Annotations with tags the set does not know
    /// are kept (see [`Self::unknown_tags`]).
    pub(crate) fn use_tag_set(&mut self, set: TagSet, source: TagSetSource) {
        self.tag_set_source = source;
        self.configured_tag_set = Some(set);
        self.apply_configured_tag_set();
    }

    /// Reads the article's tag set file again (it changed on disk). Returns what happened, for
    /// the analyst.
    pub fn refresh_tag_set_file(&mut self) -> Option<String> {
        match store::tag_sets::find_tag_set(&self.article_path, &self.annotations_folder()) {
            Some((path, Ok(set))) => {
                if self.configured_tag_set.as_ref() == Some(&set) {
                    return None;
                }
                let name = set.name.clone();
                self.use_tag_set(set, TagSetSource::File(path.clone()));
                Some(format!(
                    "Tag set “{name}” reloaded from {}.",
                    path.display()
                ))
            }
            Some((_, Err(error))) => {
                let message = error.to_string();
                self.tag_set_source = TagSetSource::Broken(message.clone());
                Some(format!("{message}; the tag set in use stays as it was."))
            }
            None => None,
        }
    }

    pub(super) fn apply_configured_tag_set(&mut self) {
        let Some(set) = &self.configured_tag_set else {
            return;
        };
        if &self.layer.tag_set == set {
            return;
        }
        self.layer.tag_set = set.clone();
        // Undo replays edits against the tag set: steps made under another set may not fit.
        self.history.clear();
        if !self.layer.is_empty() {
            // The sidecar should record the set its annotations are now read with.
            self.changed(None);
        }
    }

    /// Tags of the layer's annotations that its tag set does not know, with how many
    /// annotations have each: they are kept and shown in grey.
    pub fn unknown_tags(&self) -> Vec<(TagId, usize)> {
        let mut unknown: std::collections::BTreeMap<TagId, usize> = Default::default();
        for annotation in self.layer.annotations() {
            if self.layer.tag_set.get(&annotation.tag).is_none() {
                *unknown.entry(annotation.tag.clone()).or_default() += 1;
            }
        }
        unknown.into_iter().collect()
    }

    /// The unknown tags as "tag (count), …", or `None` when the tag set knows every tag.
    pub fn unknown_tags_listed(&self) -> Option<String> {
        let listed: Vec<String> = self
            .unknown_tags()
            .iter()
            .map(|(tag, count)| format!("{tag} ({count})"))
            .collect();
        (!listed.is_empty()).then(|| listed.join(", "))
    }
}
