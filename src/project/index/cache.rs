//! The articles' summaries kept between runs, so that a project of a thousand articles opens to
//! its home without reading two hundred thousand annotations again.
//!
//! The cache lives outside the project, in `$CLOSEREAD_CACHE_DIR` when set, else the user's
//! cache folder (`~/.cache/closeread` on Linux), as `projects/<hash of the project's
//! path>/summaries.json`. Each summary carries the stamps of the files it was made from and
//! is used only while they are unchanged. Nothing is ever only here: a cache that is missing,
//! damaged, of another version or of another folder is ignored and made again, and a cache
//! that cannot be written is no error.

use crate::project::Project;
use crate::project::status::ArticleSummary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bumped whenever what a summary holds or how it is worked out changes.
const CACHE_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    /// The project folder, to tell a hash collision from this project.
    root: PathBuf,
    articles: BTreeMap<String, ArticleSummary>,
}

/// Closeread's cache folder.
pub fn cache_root() -> Option<PathBuf> {
    if let Some(folder) = std::env::var_os("CLOSEREAD_CACHE_DIR") {
        return Some(PathBuf::from(folder));
    }
    directories::ProjectDirs::from("", "", "closeread").map(|dirs| dirs.cache_dir().to_owned())
}

/// The project's folder in the cache folder `cache`, and the project's folder resolved.
fn project_cache_folder(cache: &Path, root: &Path) -> (PathBuf, PathBuf) {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
    let hash = xxhash_rust::xxh3::xxh3_64(root.to_string_lossy().as_bytes());
    (cache.join("projects").join(format!("{hash:016x}")), root)
}

/// The summaries cached for `project` in the cache folder `cache`; empty when there are none
/// that can be used.
pub fn load_summaries(cache: &Path, project: &Project) -> BTreeMap<String, ArticleSummary> {
    let (folder, root) = project_cache_folder(cache, &project.root);
    let Ok(bytes) = std::fs::read(folder.join("summaries.json")) else {
        return BTreeMap::new();
    };
    match serde_json::from_slice::<CacheFile>(&bytes) {
        Ok(cache) if cache.version == CACHE_VERSION && cache.root == root => cache.articles,
        _ => BTreeMap::new(),
    }
}

/// Keeps `summaries` in the cache folder `cache` for the next run (quietly not, when it cannot
/// be written).
pub fn save_summaries(
    cache: &Path,
    project: &Project,
    summaries: &BTreeMap<String, ArticleSummary>,
) {
    let (folder, root) = project_cache_folder(cache, &project.root);
    #[derive(Serialize)]
    struct CacheRef<'a> {
        version: u32,
        root: PathBuf,
        articles: &'a BTreeMap<String, ArticleSummary>,
    }
    let cache = CacheRef {
        version: CACHE_VERSION,
        root,
        articles: summaries,
    };
    if let Ok(bytes) = serde_json::to_vec(&cache)
        && std::fs::create_dir_all(&folder).is_ok()
    {
        // A cache not written is made again next time.
        let _ = crate::store::write_atomically(&folder.join("summaries.json"), &bytes);
    }
}
