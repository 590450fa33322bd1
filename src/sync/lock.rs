//! One sync at a time per repository, and recovery from one that was killed: the lock file
//! `.git/closeread-sync.lock` holds the process's id; found with a process that is gone, it
//! means the last sync stopped halfway, so the locks git itself left (`index.lock`, ref
//! locks) are removed and a merge left open is aborted, after which the sync starts afresh.
//! What the analyst wrote is never touched: it is in the working folder or in a commit.

use super::SyncError;
use super::git::Git;
use std::path::{Path, PathBuf};

/// Held while a sync runs; removed when dropped.
pub(crate) struct SyncLock {
    path: PathBuf,
}

/// How long a lock whose process cannot be checked is trusted.
const TRUSTED_FOR_SECONDS: u64 = 3600;

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// Whether process `pid` is still running, as far as can be told.
fn is_running(pid: u32, started: u64) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let proc_folder = Path::new("/proc");
    if proc_folder.is_dir() {
        return proc_folder.join(pid.to_string()).exists();
    }
    // Elsewhere on Unix (macOS): `kill -0` asks whether the process is there.
    if cfg!(unix)
        && let Ok(status) = std::process::Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stderr(std::process::Stdio::null())
            .status()
    {
        return status.success();
    }
    now().saturating_sub(started) < TRUSTED_FOR_SECONDS
}

/// Removes the lock files git leaves when it is killed: every `*.lock` in the git folder
/// (`index.lock`, `HEAD.lock`, `AUTO_MERGE.lock`, …) and under `refs/`.
fn remove_git_locks(git_dir: &Path) {
    let mut folders = vec![(git_dir.to_path_buf(), false), (git_dir.join("refs"), true)];
    while let Some((folder, deep)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if deep {
                    folders.push((path, true));
                }
            } else if path
                .extension()
                .is_some_and(|extension| extension == "lock")
            {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

impl SyncLock {
    /// Takes the repository's sync lock, recovering from a sync that was killed.
    pub fn take(git: &Git) -> Result<Self, SyncError> {
        let git_dir = PathBuf::from(git.ok(&["rev-parse", "--absolute-git-dir"])?.trim());
        let path = git_dir.join("closeread-sync.lock");
        if let Ok(text) = std::fs::read_to_string(&path) {
            let mut fields = text.split_whitespace().map(str::parse::<u64>);
            let pid = fields.next().and_then(Result::ok);
            let started = fields.next().and_then(Result::ok).unwrap_or(0);
            if let Some(pid) = pid.and_then(|pid| u32::try_from(pid).ok())
                && is_running(pid, started)
            {
                return Err(SyncError::Busy {
                    dir: git.root.clone(),
                    pid,
                });
            }
            // The last sync stopped halfway (its lock goes too; remade below).
            remove_git_locks(&git_dir);
            if git_dir.join("MERGE_HEAD").exists() {
                let _ = git.run(&["merge", "--abort"]);
            }
        }
        // Made only if absent: of two syncs starting at once, one gets it.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|source| match source.kind() {
                std::io::ErrorKind::AlreadyExists => SyncError::Busy {
                    dir: git.root.clone(),
                    pid: 0,
                },
                _ => SyncError::Write {
                    path: path.clone(),
                    source,
                },
            })?;
        use std::io::Write as _;
        file.write_all(format!("{} {}\n", std::process::id(), now()).as_bytes())
            .map_err(|source| SyncError::Write {
                path: path.clone(),
                source,
            })?;
        Ok(Self { path })
    }
}

impl Drop for SyncLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
