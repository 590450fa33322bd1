//! Watching the article's folder and the annotations folder, so that an edit of the article
//! made in another program, or a teammate's sidecar arriving by sync or `git pull`, is picked
//! up. File-system events wake the UI; nothing polls, so an idle window stays idle.
//!
//! Events are debounced per file: an atomic save arrives as a burst (create temp, write,
//! rename), so a file's change is handed over once no event about it has come for
//! [`QUIET_PERIOD`]. A busy neighbour in the same folder does not hold it up. Closeread's own
//! lock files are ignored, so that a lock's heartbeat never wakes the window.

use crate::store::lock::is_lock_file_name;
use notify::{RecursiveMode, Watcher};
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

/// How long a folder must be quiet before its changes are acted on.
pub(crate) const QUIET_PERIOD: Duration = Duration::from_millis(300);

/// File names (no folder) that changed, with the time of their last event.
type PendingChanges = HashMap<OsString, Instant>;

pub(crate) struct FolderWatcher {
    // Kept alive for as long as the article is open; dropping it stops watching.
    _watcher: notify::RecommendedWatcher,
    pending: Arc<Mutex<PendingChanges>>,
}

impl FolderWatcher {
    /// Watches `folders` (non-recursively; each once) for files whose name `wanted` accepts.
    pub fn new(
        folders: &[PathBuf],
        wanted: impl Fn(&str) -> bool + Send + 'static,
        ctx: &egui::Context,
    ) -> notify::Result<Self> {
        let pending = Arc::new(Mutex::new(PendingChanges::default()));
        let sink = pending.clone();
        let ctx = ctx.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else {
                    return;
                };
                if matches!(event.kind, notify::EventKind::Access(_)) {
                    return;
                }
                let names: Vec<OsString> = event
                    .paths
                    .iter()
                    .filter_map(|path| path.file_name().map(ToOwned::to_owned))
                    .filter(|name| {
                        let name = name.to_string_lossy();
                        !is_lock_file_name(&name) && wanted(&name)
                    })
                    .collect();
                if names.is_empty() {
                    return;
                }
                let now = Instant::now();
                let mut pending = sink.lock().unwrap_or_else(PoisonError::into_inner);
                for name in names {
                    pending.insert(name, now);
                }
                ctx.request_repaint_after(QUIET_PERIOD);
            })?;
        let mut watched = HashSet::new();
        for folder in folders {
            let folder = match folder.as_os_str().is_empty() {
                true => PathBuf::from("."),
                false => folder.clone(),
            };
            let key = folder.canonicalize().unwrap_or_else(|_| folder.clone());
            if watched.insert(key) {
                watcher.watch(&folder, RecursiveMode::NonRecursive)?;
            }
        }
        Ok(Self {
            _watcher: watcher,
            pending,
        })
    }

    /// The names of the files that changed and have been quiet for [`QUIET_PERIOD`]; for the
    /// others, a repaint is asked for when it will be time.
    pub(crate) fn take_settled_changes(&self, ctx: &egui::Context) -> HashSet<OsString> {
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let mut settled = HashSet::new();
        let mut next_check: Option<Duration> = None;
        pending.retain(|name, last_event| {
            let quiet_for = last_event.elapsed();
            if quiet_for >= QUIET_PERIOD {
                settled.insert(name.clone());
                return false;
            }
            let wait = QUIET_PERIOD - quiet_for;
            next_check = Some(next_check.map_or(wait, |other| other.min(wait)));
            true
        });
        if let Some(wait) = next_check {
            ctx.request_repaint_after(wait);
        }
        settled
    }
}

/// What tells a changed file from an unchanged one without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FileStamp {
    modified: Option<SystemTime>,
    length: u64,
}

pub(crate) fn stamp_of(path: &Path) -> Option<FileStamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some(FileStamp {
        modified: metadata.modified().ok(),
        length: metadata.len(),
    })
}
