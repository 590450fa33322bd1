//! Syncing a project (or an article's folder) through git: commit what the analyst changed,
//! fetch, merge with Closeread's merge driver, push, and say what came in per teammate.
//!
//! Built on the `git` program rather than a library: it is on every machine that has a
//! repository to sync with, it already knows the analyst's credentials (SSH keys, credential
//! helpers, proxies), and it needs nothing to build. See [`git`] for how it is run.
//!
//! Nothing is ever lost: the analyst's files are committed before anything is fetched, a merge
//! that git and the drivers cannot settle is aborted (the other side's version of each file
//! in conflict is set aside beside it, `<stem>.<analyst>-theirs.ron` for a sidecar, which the
//! window shows as a teammate's layer), and a sync killed halfway is recovered by the next one
//! (see [`lock`]).

pub mod changes;
mod git;
mod lock;
mod setup;

pub use changes::{AnalystChanges, ChangesByAnalyst, describe};
pub use git::Identity;
pub use setup::{clone, configure, init};

use git::{Git, RemoteFailure};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("cannot run the git program ({source}): install git to sync")]
    GitMissing {
        #[source]
        source: std::io::Error,
    },
    #[error("{command} failed: {message}")]
    Git { command: String, message: String },
    #[error(
        "{dir} is not in a git repository: make it one with `closeread sync init {dir} --remote URL`, or join a team's with `closeread sync clone URL DIR`"
    )]
    NotARepository { dir: PathBuf },
    #[error(
        "the repository at {dir} has no remote called origin: set one with `closeread sync init {dir} --remote URL`"
    )]
    NoRemote { dir: PathBuf },
    #[error("another sync is running in {dir} (process {pid}): wait for it to finish")]
    Busy { dir: PathBuf, pid: u32 },
    #[error(
        "the server did not accept your credentials ({message}); your changes are committed in {dir} and nothing was lost. Check that `git fetch` works there (an SSH key, or a token in a credential helper), then sync again"
    )]
    Authentication { dir: PathBuf, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{dir} already exists and is not empty: clone into a new folder")]
    NotEmpty { dir: PathBuf },
    #[error("there is no folder {dir}")]
    NoFolder { dir: PathBuf },
    #[error(
        "a merge or rebase begun by hand is not finished in {dir}: finish it (git commit, git rebase --continue) or abort it (git merge --abort, git rebase --abort), then sync"
    )]
    MergeInProgress { dir: PathBuf },
}

/// A file changed on both sides that could not be merged, and where the other side's
/// version was put.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// From the repository's root.
    pub path: String,
    pub set_aside: PathBuf,
}

/// What a sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// The commit of the analyst's changes, if there were any.
    pub commit: Option<String>,
    /// Its message ("analyst-a: 12 annotations on 3 articles").
    pub message: Option<String>,
    /// Annotations added, changed or removed in that commit.
    pub committed: usize,
    /// Files in that commit.
    pub committed_files: usize,
    /// What came in, per analyst.
    pub pulled: ChangesByAnalyst,
    /// The push went through (the server has this machine's commits).
    pub pushed: bool,
    /// The server could not be reached: the commit is kept for the next sync.
    pub offline: bool,
    /// Files the merge could not settle: nothing was merged.
    pub conflicts: Vec<Conflict>,
    /// The push was overtaken and done again after a second merge.
    pub retried: bool,
    /// The push was overtaken twice: not pushed.
    pub overtaken: bool,
}

impl SyncReport {
    /// `{"committed": n, "pulled": {"<analyst>": {"annotations": n, "articles": n}},
    /// "pushed": bool, "conflicts": [path, ...]}`.
    pub fn to_json(&self) -> serde_json::Value {
        let pulled: serde_json::Map<String, serde_json::Value> = self
            .pulled
            .iter()
            .map(|(analyst, changes)| {
                (
                    analyst.clone(),
                    serde_json::json!({
                        "annotations": changes.annotations,
                        "articles": changes.articles.len(),
                    }),
                )
            })
            .collect();
        serde_json::json!({
            "committed": self.committed,
            "pulled": pulled,
            "pushed": self.pushed,
            "conflicts": self.conflicts.iter().map(|c| c.path.clone()).collect::<Vec<_>>(),
        })
    }

    /// The report in sentences, one a line.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        match (&self.commit, &self.message) {
            (Some(commit), Some(message)) => lines.push(format!(
                "Committed {}: {message}.",
                &commit[..commit.len().min(8)]
            )),
            _ => lines.push("Nothing new to commit.".to_owned()),
        }
        for (analyst, changes) in &self.pulled {
            let mut text = describe(changes);
            if changes.annotations > 0 {
                text.insert(0, '+');
            }
            lines.push(format!("Came in: {analyst}: {text}."));
        }
        for conflict in &self.conflicts {
            if conflict.set_aside.as_os_str().is_empty() {
                lines.push(format!(
                    "Not merged: {} was deleted on the other side and changed on yours. Yours is as it was; delete it too, or keep it and tell the team, then sync again.",
                    conflict.path
                ));
            } else {
                lines.push(format!(
                    "Not merged: {} was changed on both sides in ways that cannot be settled. Yours is as it was; theirs is in {}. Bring over what you need from it into yours (a sidecar's shows as a teammate's layer) and save: the next sync takes yours as the settlement.",
                    conflict.path,
                    conflict.set_aside.display()
                ));
            }
        }
        if self.pushed {
            lines.push(if self.retried {
                "Pushed (after merging a teammate's push that came first).".to_owned()
            } else {
                "Pushed.".to_owned()
            });
        } else if self.offline {
            lines.push(
                "Not pushed: the server cannot be reached (no network, the shared drive not mounted, or a wrong address: `git remote -v` shows it). Your commit is kept; the next sync pushes it."
                    .to_owned(),
            );
        } else if !self.conflicts.is_empty() {
            lines.push("Not pushed: settle the files above first.".to_owned());
        } else if self.overtaken {
            lines.push(
                "Not pushed: teammates pushed twice while this sync ran. Nothing is lost; sync again."
                    .to_owned(),
            );
        } else {
            lines.push("Nothing to push yet: the folder and the server are both empty.".to_owned());
        }
        lines
    }
}

/// The root of the repository `dir` is in.
fn repository_root(dir: &Path, identity: &Identity) -> Result<PathBuf, SyncError> {
    if !dir.is_dir() {
        return Err(SyncError::NoFolder {
            dir: dir.to_path_buf(),
        });
    }
    let output = Git::command_in(dir, identity)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .map_err(|source| SyncError::GitMissing { source })?;
    if !output.status.success() {
        return Err(SyncError::NotARepository {
            dir: dir.to_path_buf(),
        });
    }
    Ok(PathBuf::from(
        String::from_utf8_lossy(&output.stdout).trim(),
    ))
}

/// The branch checked out (`main` when none is yet).
fn current_branch(git: &Git) -> Result<String, SyncError> {
    let output = git.run(&["symbolic-ref", "--quiet", "--short", "HEAD"])?;
    let name = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    Ok(if name.is_empty() {
        "main".to_owned()
    } else {
        name
    })
}

/// Commits everything changed in the working folder (the drivers and ignore rules keep
/// locks and temporaries out), with a message that says what changed.
fn commit_changes(git: &Git, analyst: &str, report: &mut SyncReport) -> Result<(), SyncError> {
    git.ok(&["add", "--all", "--", "."])?;
    let staged = git.paths(&["diff", "--cached", "--name-only", "-z"])?;
    if staged.is_empty() {
        return Ok(());
    }
    let before = git.commit_of("HEAD")?;
    let changes = changes::between(git, before.as_deref(), "", &staged)?;
    let own = changes.get(analyst).cloned().unwrap_or_default();
    let mut summary = describe(&own);
    if summary.is_empty() {
        summary = format!(
            "{} {}",
            staged.len(),
            if staged.len() == 1 { "file" } else { "files" }
        );
    }
    let mut message = format!("{analyst}: {summary}");
    for (other, other_changes) in changes.iter().filter(|(name, _)| *name != analyst) {
        let text = describe(other_changes);
        if !text.is_empty() {
            message.push_str(&format!("; {other}: {text}"));
        }
    }
    let mut body = String::new();
    for path in staged.iter().take(50) {
        body.push_str(path);
        body.push('\n');
    }
    if staged.len() > 50 {
        body.push_str(&format!("… and {} more\n", staged.len() - 50));
    }
    git.ok(&[
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        &message,
        "-m",
        body.trim_end(),
    ])?;
    report.commit = git.commit_of("HEAD")?;
    report.message = Some(message);
    report.committed = changes.values().map(|changes| changes.annotations).sum();
    report.committed_files = staged.len();
    Ok(())
}

/// How talking to the server went.
enum Remote {
    Done,
    Offline,
    Rejected,
}

fn remote_result(git: &Git, args: &[&str]) -> Result<Remote, SyncError> {
    let output = git.run(args)?;
    if output.status.success() {
        return Ok(Remote::Done);
    }
    let message = git::failure_text(&output);
    match git::classify(&message) {
        RemoteFailure::Offline => Ok(Remote::Offline),
        RemoteFailure::Rejected => Ok(Remote::Rejected),
        RemoteFailure::Authentication => Err(SyncError::Authentication {
            dir: git.root.clone(),
            message,
        }),
        RemoteFailure::Other => Err(SyncError::Git {
            command: format!("git {}", args.join(" ")),
            message,
        }),
    }
}

/// Where the other side's version of a file in conflict is put: a sidecar as a teammate's
/// layer (`<stem>.<analyst>-theirs.ron`, which the Team panel shows), anything else beside
/// it as `<name>.theirs` (never mistaken for a layer or an article).
fn set_aside_path(root: &Path, path: &str, is_sidecar: bool) -> PathBuf {
    match path.strip_suffix(".ron") {
        Some(stem) if is_sidecar => root.join(format!("{stem}-theirs.ron")),
        _ => {
            let mut name = root.join(path).into_os_string();
            name.push(".theirs");
            PathBuf::from(name)
        }
    }
}

/// Where the versions of the analyst's files met in a conflict are noted (in the git folder,
/// never shared): `<blob id>\t<path>` a line.
fn conflicts_note(git: &Git) -> Result<PathBuf, SyncError> {
    Ok(
        PathBuf::from(git.ok(&["rev-parse", "--absolute-git-dir"])?.trim())
            .join("closeread-conflicts"),
    )
}

/// The blob of `path` in the analyst's last commit ("-" when it has none).
fn own_blob(git: &Git, path: &str) -> Result<String, SyncError> {
    Ok(git
        .commit_of("HEAD")?
        .and_then(|_| {
            git.ok(&["rev-parse", "--verify", "--quiet", &format!("HEAD:{path}")])
                .ok()
        })
        .map_or_else(|| "-".to_owned(), |blob| blob.trim().to_owned()))
}

/// Whether the analyst settled a conflict an earlier sync set aside: the set-aside file is
/// still the other side's version, and their own file has changed since (it was committed
/// at the start of this sync).
fn settled(
    git: &Git,
    noted: &str,
    path: &str,
    set_aside: &Path,
    theirs: &[u8],
) -> Result<bool, SyncError> {
    let Some(blob) = noted.lines().find_map(|line| {
        let (blob, noted_path) = line.split_once('\t')?;
        (noted_path == path).then_some(blob)
    }) else {
        return Ok(false);
    };
    Ok(std::fs::read(set_aside).is_ok_and(|bytes| bytes == theirs) && own_blob(git, path)? != blob)
}

/// Merges the server's branch; on a conflict, sets aside the other side's versions and
/// aborts, leaving the working folder as it was. Returns whether it merged.
fn merge(git: &Git, branch: &str, report: &mut SyncReport) -> Result<bool, SyncError> {
    let theirs = format!("refs/remotes/origin/{branch}");
    let Some(theirs_commit) = git.commit_of(&theirs)? else {
        // The server has no such branch yet: the first push makes it.
        return Ok(false);
    };
    let before = git.commit_of("HEAD")?;
    if let Some(before) = &before
        && git.succeeds(&["merge-base", "--is-ancestor", &theirs_commit, before])?
    {
        return Ok(false);
    }
    let related = match &before {
        Some(before) => git.succeeds(&["merge-base", before, &theirs_commit])?,
        None => true,
    };
    let message = format!("Merge the team's work from origin/{branch}");
    let mut args = vec!["merge", "--quiet", "-m", &message];
    if !related {
        args.push("--allow-unrelated-histories");
    }
    args.push(&theirs_commit);
    let output = git.run(&args)?;
    if !output.status.success() {
        let conflicted = git.paths(&["diff", "--name-only", "--diff-filter=U", "-z"])?;
        let message = git::failure_text(&output);
        if conflicted.is_empty() {
            let _ = git.run(&["merge", "--abort"]);
            return Err(SyncError::Git {
                command: "git merge".to_owned(),
                message,
            });
        }
        // Each file in conflict: the other side's version, and where it is (or was) set aside.
        let note = conflicts_note(git)?;
        let noted = std::fs::read_to_string(&note).unwrap_or_default();
        let mut pending = Vec::new();
        let mut all_settled = true;
        for path in &conflicted {
            match git.show(&theirs_commit, path)? {
                Some(bytes) => {
                    let is_sidecar = changes::is_sidecar(&bytes);
                    let set_aside = set_aside_path(&git.root, path, is_sidecar);
                    all_settled &= settled(git, &noted, path, &set_aside, &bytes)?;
                    pending.push((path.clone(), set_aside, Some(bytes)));
                }
                // Deleted on their side, changed on ours: nothing to set aside.
                None => {
                    all_settled = false;
                    pending.push((path.clone(), PathBuf::new(), None));
                }
            }
        }
        if all_settled {
            // The analyst brought over what they wanted after the last sync set the other
            // side's versions aside, and their files (committed above) are the settlement.
            for (path, set_aside, _) in &pending {
                git.ok(&["checkout", "--ours", "--", path])?;
                git.ok(&["add", "--", path])?;
                let _ = std::fs::remove_file(set_aside);
            }
            git.ok(&["commit", "--quiet", "--no-verify", "--no-edit"])?;
            let _ = std::fs::remove_file(&note);
        } else {
            // Back to the analyst's own commit: nothing half-merged is left in the folder.
            // Their versions are noted: once one changes, it is their settlement.
            let _ = git.run(&["merge", "--abort"]);
            let mut lines = String::new();
            for (path, _, _) in &pending {
                lines.push_str(&format!("{}\t{path}\n", own_blob(git, path)?));
            }
            std::fs::write(&note, lines).map_err(|source| SyncError::Write {
                path: note.clone(),
                source,
            })?;
            for (path, set_aside, bytes) in pending {
                if let Some(bytes) = bytes {
                    crate::store::write_atomically(&set_aside, &bytes).map_err(|source| {
                        SyncError::Write {
                            path: set_aside.clone(),
                            source,
                        }
                    })?;
                }
                report.conflicts.push(Conflict { path, set_aside });
            }
            return Ok(false);
        }
    }
    let changed = match &before {
        Some(before) => git.paths(&["diff", "--name-only", "-z", before, "HEAD"])?,
        None => git.paths(&["ls-tree", "-r", "--name-only", "-z", "HEAD"])?,
    };
    for (analyst, changes) in changes::between(git, before.as_deref(), "HEAD", &changed)? {
        let entry = report.pulled.entry(analyst).or_default();
        entry.annotations += changes.annotations;
        entry.articles.extend(changes.articles);
        entry.done += changes.done;
    }
    Ok(true)
}

/// Syncs the repository `dir` is in: commit the analyst's changes, fetch, merge, push (once
/// more if the push was overtaken). Offline, the commit is kept for the next sync.
pub fn sync(dir: &Path, identity: &Identity, analyst: &str) -> Result<SyncReport, SyncError> {
    let root = repository_root(dir, identity)?;
    let git = Git::new(&root, identity);
    let _lock = lock::SyncLock::take(&git)?;
    // A merge left open by a killed sync was aborted when the lock was taken: one still here
    // is the analyst's own, whose conflict markers must not be committed.
    let git_dir = PathBuf::from(git.ok(&["rev-parse", "--absolute-git-dir"])?.trim());
    let unmerged = git.paths(&["diff", "--name-only", "--diff-filter=U", "-z"])?;
    if [
        "MERGE_HEAD",
        "rebase-merge",
        "rebase-apply",
        "CHERRY_PICK_HEAD",
    ]
    .iter()
    .any(|name| git_dir.join(name).exists())
        || !unmerged.is_empty()
    {
        return Err(SyncError::MergeInProgress { dir: root });
    }
    if !git.succeeds(&["remote", "get-url", "origin"])? {
        return Err(SyncError::NoRemote { dir: root });
    }
    configure(&root, identity)?;
    let branch = current_branch(&git)?;
    let mut report = SyncReport::default();
    commit_changes(&git, analyst, &mut report)?;
    let push_target = format!("HEAD:refs/heads/{branch}");
    for attempt in 0..2 {
        match remote_result(&git, &["fetch", "--quiet", "origin"])? {
            Remote::Done => {}
            Remote::Offline | Remote::Rejected => {
                report.offline = true;
                break;
            }
        }
        merge(&git, &branch, &mut report)?;
        if !report.conflicts.is_empty() {
            break;
        }
        if git.commit_of("HEAD")?.is_none() {
            // Nothing here and nothing there: nothing to push.
            break;
        }
        match remote_result(
            &git,
            &["push", "--quiet", "--set-upstream", "origin", &push_target],
        )? {
            Remote::Done => {
                report.pushed = true;
                break;
            }
            Remote::Offline => {
                report.offline = true;
                break;
            }
            Remote::Rejected if attempt == 0 => report.retried = true,
            Remote::Rejected => {
                report.overtaken = true;
                break;
            }
        }
    }
    Ok(report)
}

/// When each analyst's sidecar of the article `stem` in `folder` last changed in the
/// repository (seconds since 1970), newest first: when their work on it last came through a
/// sync.
pub fn last_changes(
    dir: &Path,
    identity: &Identity,
    folder: &Path,
    stem: &str,
) -> Vec<(String, i64)> {
    let Ok(root) = repository_root(dir, identity) else {
        return Vec::new();
    };
    let git = Git::new(&root, identity);
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut times: Vec<(String, i64)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let analyst = name
                .strip_prefix(&format!("{stem}."))?
                .strip_suffix(".ron")?
                .to_owned();
            if analyst.contains('.') || analyst.ends_with("-theirs") {
                return None;
            }
            let path = entry.path().display().to_string();
            let output = git.ok(&["log", "-1", "--format=%ct", "--", &path]).ok()?;
            let time = output.trim().parse::<i64>().ok()?;
            Some((analyst, time))
        })
        .collect();
    times.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    times
}
