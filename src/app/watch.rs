//! Watching the open article's file, so that an edit made in another program (a typo fixed,
//! the page saved again) is picked up and the annotations mapped through it. File-system
//! events wake the UI; nothing polls, so an idle window stays idle.

use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

pub struct ArticleWatcher {
    // Kept alive for as long as the article is open; dropping it stops watching.
    _watcher: notify::RecommendedWatcher,
    changed: Arc<AtomicBool>,
    article: PathBuf,
    stamp: Option<FileStamp>,
}

/// What tells a changed file from an unchanged one without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FileStamp {
    modified: Option<SystemTime>,
    length: u64,
}

fn stamp_of(path: &Path) -> Option<FileStamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some(FileStamp {
        modified: metadata.modified().ok(),
        length: metadata.len(),
    })
}

impl ArticleWatcher {
    /// Watches `article` (through its folder, since editors often replace files by renaming).
    pub fn new(article: &Path, ctx: &egui::Context) -> notify::Result<Self> {
        let changed = Arc::new(AtomicBool::new(false));
        let flag = changed.clone();
        let ctx = ctx.clone();
        let watched_name = article.file_name().map(ToOwned::to_owned);
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else {
                    return;
                };
                if event
                    .paths
                    .iter()
                    .any(|path| path.file_name().map(ToOwned::to_owned) == watched_name)
                {
                    flag.store(true, Ordering::Relaxed);
                    ctx.request_repaint();
                }
            })?;
        let folder = match article.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        watcher.watch(&folder, RecursiveMode::NonRecursive)?;
        Ok(Self {
            _watcher: watcher,
            changed,
            article: article.to_path_buf(),
            stamp: stamp_of(article),
        })
    }

    /// True once after the article's file changed on disk.
    pub fn take_change(&mut self) -> bool {
        if !self.changed.swap(false, Ordering::Relaxed) {
            return false;
        }
        let stamp = stamp_of(&self.article);
        if stamp.is_none() || stamp == self.stamp {
            return false;
        }
        self.stamp = stamp;
        true
    }
}
