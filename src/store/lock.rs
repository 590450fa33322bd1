//! Who has a sidecar open, and who is writing it right now.
//!
//! - **The window's lock** (`<sidecar>.lock`, naming host and process): taken when a window
//!   opens an analyst's sidecar. A second window finds it held and opens read-only, saying who
//!   holds it; the analyst may still choose to edit. The holder refreshes the file every
//!   [`HEARTBEAT`], so a lock left by a crash is taken over once it is older than
//!   [`STALE_AFTER`] (at once, on Linux, when its process has ended on this host).
//! - **The write lock** (`<sidecar>.write-lock`, an OS file lock): held for the few
//!   milliseconds of a save's read-merge-write, so that two writers (two windows, a window and
//!   `closeread add`) take turns and each merges what the other wrote: no lost update. The
//!   kernel releases it when its process dies, so a killed writer blocks nobody.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

/// How often the holder of a window lock shows it is alive.
pub const HEARTBEAT: Duration = Duration::from_secs(30);
/// A window lock not refreshed for this long was left by a crash.
pub const STALE_AFTER: Duration = Duration::from_secs(120);
/// How long a save waits for another writer before giving up with a message.
const WRITE_LOCK_WAIT: Duration = Duration::from_secs(15);

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

/// A held window lock; dropping it stops the heartbeat and removes the lock file.
#[derive(Debug)]
pub struct SidecarLock {
    path: PathBuf,
    stop_heartbeat: Option<mpsc::Sender<()>>,
}

impl Drop for SidecarLock {
    fn drop(&mut self) {
        drop(self.stop_heartbeat.take());
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
    with_suffix(sidecar, ".lock")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether a file name is one of Closeread's lock files (not worth waking the window for).
pub fn is_lock_file_name(name: &str) -> bool {
    name.ends_with(".lock") || name.ends_with(".write-lock")
}

/// This machine's name.
pub fn host_name() -> String {
    gethostname::gethostname()
        .to_string_lossy()
        .trim()
        .to_owned()
}

fn process_is_running(pid: u32) -> Option<bool> {
    let proc_root = Path::new("/proc");
    // Elsewhere there is no cheap way to tell: the lock's age decides.
    proc_root
        .is_dir()
        .then(|| proc_root.join(pid.to_string()).exists())
}

fn age_of(path: &Path) -> Option<Duration> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(
        SystemTime::now()
            .duration_since(modified)
            .unwrap_or(Duration::ZERO),
    )
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

fn holder_is_gone(holder: &LockHolder, me: &LockHolder, age: Option<Duration>) -> bool {
    if age.is_some_and(|age| age > STALE_AFTER) {
        return true;
    }
    holder.host == me.host && process_is_running(holder.pid) == Some(false)
}

/// Takes the window lock of `sidecar`, or says who holds it.
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
                return Ok(LockOutcome::Acquired(SidecarLock {
                    stop_heartbeat: Some(start_heartbeat(path.clone())),
                    path,
                }));
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                match parse_holder(&text) {
                    Some(holder) if holder.host == me.host && holder.pid == me.pid => {
                        // Our own lock (the same sidecar opened again in this process).
                        return Ok(LockOutcome::Acquired(SidecarLock {
                            path,
                            stop_heartbeat: None,
                        }));
                    }
                    Some(holder) if !holder_is_gone(&holder, &me, age_of(&path)) => {
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

/// Refreshes the lock file's time every [`HEARTBEAT`] until the returned sender is dropped.
fn start_heartbeat(path: PathBuf) -> mpsc::Sender<()> {
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(HEARTBEAT) {
            let touched = std::fs::File::options()
                .append(true)
                .open(&path)
                .and_then(|file| file.set_modified(SystemTime::now()));
            if touched.is_err() {
                // The lock file was removed (taken over, or the folder went away).
                return;
            }
        }
    });
    stop
}

/// Held during one save's read-merge-write: an OS lock (`flock`) on `<sidecar>.write-lock`,
/// which the kernel lets go of if the process dies, so a writer killed mid-save never leaves a
/// lock for others to wait out. The file is removed when the lock is dropped.
#[derive(Debug)]
pub(crate) struct WriteLock {
    path: PathBuf,
    /// Open for as long as the lock is held; closing it releases the OS lock.
    _file: std::fs::File,
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        // Removed while still locked (the file is closed after this): a writer that opened it
        // meanwhile finds, once it has the lock, that the path no longer names that file and
        // starts again.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Waits (briefly) for the write lock of `sidecar`. Gives up with an error after
/// [`WRITE_LOCK_WAIT`], which only happens while another live process is writing.
pub(crate) fn lock_for_writing(sidecar: &Path) -> std::io::Result<WriteLock> {
    let path = with_suffix(sidecar, ".write-lock");
    let deadline = Instant::now() + WRITE_LOCK_WAIT;
    loop {
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => {
                if !names_the_same_file(&path, &file) {
                    // The previous holder removed it as it let go; lock the next one.
                    continue;
                }
                // For people looking at the folder: who writes.
                file.set_len(0)?;
                writeln!(file, "pid = {}", std::process::id())?;
                return Ok(WriteLock { path, _file: file });
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                if Instant::now() > deadline {
                    return Err(std::io::Error::other(format!(
                        "another Closeread (a window or the command line, process {}) has been writing {} for {} s; try again when it has finished",
                        std::fs::read_to_string(&path)
                            .ok()
                            .and_then(|text| text.trim().strip_prefix("pid = ").map(str::to_owned))
                            .unwrap_or_else(|| "unknown".to_owned()),
                        sidecar.display(),
                        WRITE_LOCK_WAIT.as_secs(),
                    )));
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(std::fs::TryLockError::Error(error)) => return Err(error),
        }
    }
}

/// Whether `path` still names the open `file` (it may have been removed and made anew).
#[cfg(unix)]
fn names_the_same_file(path: &Path, file: &std::fs::File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(path), file.metadata()) {
        (Ok(named), Ok(open)) => named.dev() == open.dev() && named.ino() == open.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so the path always names it.
#[cfg(not(unix))]
fn names_the_same_file(_path: &Path, _file: &std::fs::File) -> bool {
    true
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
        // Another host, but not refreshed for longer than STALE_AFTER: left by a crash.
        std::fs::write(
            lock_path(&sidecar),
            "host = elsewhere\npid = 7\nsince = earlier\n",
        )
        .expect("write");
        let old = SystemTime::now() - STALE_AFTER - Duration::from_secs(5);
        std::fs::File::options()
            .append(true)
            .open(lock_path(&sidecar))
            .and_then(|file| file.set_modified(old))
            .expect("age the lock");
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

    #[test]
    fn writers_take_turns() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sidecar = dir.path().join("essay.ana.ron");
        let counter = dir.path().join("counter");
        std::fs::write(&counter, "0").expect("write");
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (sidecar, counter) = (sidecar.clone(), counter.clone());
                std::thread::spawn(move || {
                    for _ in 0..25 {
                        let _lock = lock_for_writing(&sidecar).expect("lock");
                        let value: u32 = std::fs::read_to_string(&counter)
                            .expect("read")
                            .parse()
                            .expect("number");
                        std::fs::write(&counter, (value + 1).to_string()).expect("write");
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("joined");
        }
        assert_eq!(std::fs::read_to_string(&counter).expect("read"), "100");
    }
}
