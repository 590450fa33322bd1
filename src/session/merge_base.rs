//! The base of three-way merges with changes made elsewhere: the sidecar as this session last
//! read or wrote it.
//!
//! After a read it is the layer's parts as read and re-anchored (a merge must compare like with
//! like). After a write it is the text written, parsed only when a merge needs it: keeping a
//! copy of 20,000 annotations after every autosave, and freeing the one before, cost the
//! worker a deep copy and the window's next frames their allocator; one string costs neither.

use crate::model::{Annotation, Relation};
use crate::store::sidecar::SidecarFile;
use std::borrow::Cow;
use std::path::Path;

/// The annotations, relations and reading note of a sidecar version.
#[derive(Clone, Debug, Default)]
pub(super) struct BaseParts {
    pub annotations: Vec<Annotation>,
    pub relations: Vec<Relation>,
    pub reading_note: String,
}

/// The version of the sidecar last read or written here; see the module docs.
#[derive(Debug)]
pub(super) enum MergeBase {
    /// As read from disk and re-anchored; empty when there is no file.
    Read(BaseParts),
    /// The sidecar text this session wrote.
    Written(String),
}

impl Default for MergeBase {
    fn default() -> Self {
        Self::Read(BaseParts::default())
    }
}

impl MergeBase {
    /// The base's parts, parsed if it was kept as text. Our own text always parses; if it did
    /// not, the base is empty, and the merge keeps every annotation of both sides (a union
    /// loses nothing, where a wrong base could drop a change).
    pub(super) fn parts(&self, sidecar_path: &Path) -> Cow<'_, BaseParts> {
        match self {
            Self::Read(parts) => Cow::Borrowed(parts),
            Self::Written(text) => Cow::Owned(
                SidecarFile::parse(text, sidecar_path)
                    .map(|file| BaseParts {
                        annotations: file.annotations,
                        relations: file.relations,
                        reading_note: file.reading_note,
                    })
                    .unwrap_or_default(),
            ),
        }
    }

    /// Replaces the base with `new`. A large base is freed on a thread of its own (freeing
    /// 20,000 annotations takes a millisecond or two, and handing 13 MB back to the system
    /// a fraction of one, which a frame should not).
    pub(super) fn replace(&mut self, new: Self) {
        let old = std::mem::replace(self, new);
        let large = match &old {
            Self::Read(parts) => parts.annotations.len() >= ANNOTATIONS_FREED_IN_BACKGROUND,
            Self::Written(text) => text.len() >= BYTES_FREED_IN_BACKGROUND,
        };
        if large {
            // If no thread can be started, the base is handed back and freed here.
            let _ = std::thread::Builder::new()
                .name("free".to_owned())
                .spawn(move || drop(old));
        }
    }
}

/// Above these sizes, the base replaced is freed off the calling thread.
const ANNOTATIONS_FREED_IN_BACKGROUND: usize = 2_000;
const BYTES_FREED_IN_BACKGROUND: usize = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnchorStatus, Document, Layer, Span, TagId, TagSet};

    #[test]
    fn a_written_base_parses_back_to_the_layer_it_was_written_from() {
        let document = Document::from_raw_text("Taxes rose. Wages fell. Prices rose.");
        let mut layer = Layer::new("ana", TagSet::default());
        let mut relocated = Annotation::new(
            &document,
            Span::new(0, 11),
            TagId::new("claim"),
            "why".to_owned(),
            "ana",
        );
        relocated.status = AnchorStatus::Relocated;
        layer.insert_indexed(relocated).expect("inserts");
        layer.set_reading_note("bottom line".to_owned());
        let text = crate::store::layer_to_ron_string(&layer, "a.txt", document.sha256_hex())
            .expect("serialises");
        let base = MergeBase::Written(text);
        let parts = base.parts(Path::new("a.ana.ron"));
        assert_eq!(parts.annotations, layer.annotations().to_vec());
        assert_eq!(parts.relations, layer.relations().to_vec());
        assert_eq!(parts.reading_note, "bottom line");
    }

    #[test]
    fn a_base_that_does_not_parse_is_empty() {
        let base = MergeBase::Written("not a sidecar".to_owned());
        let parts = base.parts(Path::new("a.ana.ron"));
        assert!(parts.annotations.is_empty() && parts.reading_note.is_empty());
    }
}
