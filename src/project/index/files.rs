//! The files of each article of a project (the article, its document information, its
//! sidecars) with their sizes and modification times: what tells a summary or an index entry
//! made earlier from one that must be made again. Found by listing each annotations folder
//! once and looking at every file on every core.

use crate::project::Project;
use crate::team::LayerFile;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A file as it is now: any change to it changes its length or its modification time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub path: PathBuf,
    pub len: u64,
    /// Nanoseconds since the Unix epoch (0 where the file system gives no time).
    pub modified_ns: u128,
}

impl FileStamp {
    /// The stamp of `path`, `None` when there is no such file.
    pub fn of(path: &Path) -> Option<Self> {
        let metadata = std::fs::metadata(path).ok()?;
        let modified_ns = metadata
            .modified()
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |duration| duration.as_nanos());
        Some(Self {
            path: path.to_owned(),
            len: metadata.len(),
            modified_ns,
        })
    }
}

/// One article's files as they are now.
#[derive(Clone, Debug)]
pub struct ArticleFiles {
    /// The manifest key.
    pub key: String,
    pub path: PathBuf,
    /// Its sidecars, the consensus layer's included, sorted by analyst.
    pub layers: Vec<LayerFile>,
    /// The article, its document information file and its sidecars, those that exist.
    pub stamps: Vec<FileStamp>,
}

impl ArticleFiles {
    /// The analysts' sidecars (not the consensus layer's).
    pub fn analyst_layers(&self) -> impl Iterator<Item = &LayerFile> {
        self.layers.iter().filter(|file| !file.is_consensus())
    }
}

/// The files of every article of `project`, in manifest order.
pub fn article_files(project: &Project) -> Vec<ArticleFiles> {
    let keys: Vec<&String> = project.manifest.articles.keys().collect();
    let paths: Vec<PathBuf> = keys.iter().map(|key| project.article_path(key)).collect();
    let layers = crate::team::discover_layers_of_many(&paths, project.annotations_dir().as_deref());
    keys.into_par_iter()
        .zip(paths)
        .zip(layers)
        .map(|((key, path), layers)| {
            let meta = crate::store::document_info::meta_path(&path);
            let stamps = std::iter::once(path.as_path())
                .chain(std::iter::once(meta.as_path()))
                .chain(layers.iter().map(|file| file.path.as_path()))
                .filter_map(FileStamp::of)
                .collect();
            ArticleFiles {
                key: key.clone(),
                path,
                layers,
                stamps,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewritten_file_has_another_stamp_and_a_gone_file_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "one").expect("write");
        let first = FileStamp::of(&path).expect("a stamp");
        std::fs::write(&path, "three").expect("write");
        assert_ne!(FileStamp::of(&path), Some(first));
        std::fs::remove_file(&path).expect("remove");
        assert_eq!(FileStamp::of(&path), None);
    }
}
