//! Who has a sidecar open: a lock file beside it (`<sidecar>.lock`) naming host and process.
//!
//! The window takes the lock when it opens an analyst's sidecar. A second window on the same
//! sidecar finds it held and opens read-only, saying who holds it; the analyst may still choose
//! to edit (saves merge by annotation id, so nothing is overwritten either way). A lock left by
//! a process that no longer runs on this host is taken over. The CLI does not lock: its writes
//! are short and merge with what is on disk.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Who holds a lock, as written in the lock file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockHolder {
    pub host: String,
    pub pid: u32,
    pub since: String,
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "process {} on host {} (since {})",
            self.pid, self.host, self.since
        )
    }
}

/// A held lock; dropping it removes the lock file.
#[derive(Debug)]
pub struct SidecarLock {
    path: PathBuf,
}

impl Drop for SidecarLock {
    fn drop(&mut self) {
        // Nothing to do if it is already gone.
        let _ = std::fs::remove_file(&self.path);
    }
}

#[derive(Debug)]
pub enum LockOutcome {
    Acquired(SidecarLock),
    HeldBy(LockHolder),
}

pub fn lock_path(sidecar: &Path) -> PathBuf {
    let mut name = sidecar.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// This machine's name, as well as the platform tells it.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "unknown-host".to_owned())
}

fn process_is_running(pid: u32) -> bool {
    let proc_root = Path::new("/proc");
    if !proc_root.is_dir() {
        // No way to tell here: assume it runs (the analyst can still choose to edit).
        return true;
    }
    proc_root.join(pid.to_string()).exists()
}

fn parse_holder(text: &str) -> Option<LockHolder> {
    let field = |key: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix(" = "))
            .map(str::trim)
            .map(str::to_owned)
    };
    Some(LockHolder {
        host: field("host")?,
        pid: field("pid")?.parse().ok()?,
        since: field("since").unwrap_or_default(),
    })
}

/// Takes the lock of `sidecar`, or says who holds it.
pub fn try_lock(sidecar: &Path) -> std::io::Result<LockOutcome> {
    let path = lock_path(sidecar);
    let me = LockHolder {
        host: host_name(),
        pid: std::process::id(),
        since: chrono::Utc::now()
            .format("%Y-%m-%d %H:%M:%S UTC")
            .to_string(),
    };
    for _ in 0..3 {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                writeln!(
                    file,
                    "# Closeread has {} open for editing.\nhost = {}\npid = {}\nsince = {}",
                    sidecar.display(),
                    me.host,
                    me.pid,
                    me.since
                )?;
                file.sync_all()?;
                return Ok(LockOutcome::Acquired(SidecarLock { path }));
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                match parse_holder(&text) {
                    Some(holder) if holder.host == me.host && holder.pid == me.pid => {
                        // Our own lock (the same sidecar opened again in this process).
                        return Ok(LockOutcome::Acquired(SidecarLock { path }));
                    }
                    Some(holder) if holder.host != me.host || process_is_running(holder.pid) => {
                        return Ok(LockOutcome::HeldBy(holder));
                    }
                    // Left by a process that has ended, or unreadable: take it over.
                    _ => match std::fs::remove_file(&path) {
                        Ok(()) => {}
                        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                        Err(error) => return Err(error),
                    },
                }
            }
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::other(format!(
        "could not take the lock {}",
        path.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_names_its_holder_and_a_stale_one_is_taken_over() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sidecar = dir.path().join("essay.ana.ron");
        // Another live process on this host: pid 1 always runs.
        std::fs::write(
            lock_path(&sidecar),
            format!("host = {}\npid = 1\nsince = earlier\n", host_name()),
        )
        .expect("write");
        match try_lock(&sidecar).expect("lock") {
            LockOutcome::HeldBy(holder) => assert_eq!(holder.pid, 1),
            LockOutcome::Acquired(_) => panic!("pid 1 holds it"),
        }
        // A process that has ended.
        std::fs::write(
            lock_path(&sidecar),
            format!(
                "host = {}\npid = {}\nsince = earlier\n",
                host_name(),
                u32::MAX - 1
            ),
        )
        .expect("write");
        let lock = match try_lock(&sidecar).expect("lock") {
            LockOutcome::Acquired(lock) => lock,
            LockOutcome::HeldBy(holder) => panic!("stale lock kept: {holder}"),
        };
        let text = std::fs::read_to_string(lock_path(&sidecar)).expect("read");
        assert!(
            text.contains(&format!("pid = {}", std::process::id())),
            "{text}"
        );
        drop(lock);
        assert!(
            !lock_path(&sidecar).exists(),
            "dropping the lock removes the file"
        );
    }
}
