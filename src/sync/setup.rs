//! Making a folder a synced repository (`sync init`), joining one (`sync clone`), and the
//! configuration every sync checks: Closeread's merge driver in the repository's own config
//! (with this machine's path to Closeread), `.gitattributes` sending every `.ron` file to it
//! (sidecars, the manifest and progress files merge by id and key; see `closeread
//! merge-file`) and the journal to git's union merge, and `.gitignore` keeping out locks,
//! temporaries and set-aside files.

use super::git::{Git, Identity};
use super::{SyncError, SyncReport};
use std::path::Path;

/// Lines `.gitattributes` must have.
const ATTRIBUTES: &[&str] = &["*.ron merge=closeread", "journal.md merge=union"];
/// Lines `.gitignore` must have.
const IGNORED: &[&str] = &[
    "*.lock",
    "*.write-lock",
    ".*.tmp",
    "*.broken-*",
    "*-theirs.ron",
    "*.theirs",
];

/// Adds the lines `file` lacks at its end (leaving what is there as it is).
fn ensure_lines(file: &Path, lines: &[&str]) -> Result<(), SyncError> {
    let existing = std::fs::read_to_string(file).unwrap_or_default();
    let present: Vec<&str> = existing.lines().map(str::trim).collect();
    let missing: Vec<&&str> = lines
        .iter()
        .filter(|line| !present.contains(line))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut text = existing.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if existing.is_empty() {
        text.push_str("# Closeread: how its files merge, and what is never shared\n");
    }
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    crate::store::write_atomically(file, text.as_bytes()).map_err(|source| SyncError::Write {
        path: file.to_path_buf(),
        source,
    })
}

/// A path for a shell command line (git runs merge drivers through the shell).
fn shell_quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// Sets the repository at `root` up for Closeread: the merge driver in its own config (with
/// this machine's Closeread), the analyst as the committer, `.gitattributes`, `.gitignore`.
pub fn configure(root: &Path, identity: &Identity) -> Result<(), SyncError> {
    let git = Git::new(root, identity);
    let closeread = std::env::current_exe().map_err(|source| SyncError::Write {
        path: root.to_path_buf(),
        source,
    })?;
    let driver = format!("{} merge-file %O %A %B", shell_quoted(&closeread));
    for (key, value) in [
        (
            "merge.closeread.name",
            "Closeread: annotations, manifests and progress merged by id",
        ),
        ("merge.closeread.driver", driver.as_str()),
        ("user.name", identity.name.as_str()),
        ("user.email", identity.email.as_str()),
    ] {
        git.ok(&["config", "--local", key, value])?;
    }
    ensure_lines(&root.join(".gitattributes"), ATTRIBUTES)?;
    ensure_lines(&root.join(".gitignore"), IGNORED)
}

/// The branch the server's repository reads first: what its HEAD names if that exists, else
/// `main`, `master` or the first there is (a bare repository made by `git init --bare` names
/// `master` even when only `main` was ever pushed).
fn remote_branch(git: &Git) -> Result<Option<String>, SyncError> {
    let branches: Vec<String> = git
        .ok(&[
            "for-each-ref",
            "--format=%(refname:strip=3)",
            "refs/remotes/origin/",
        ])?
        .lines()
        .map(str::to_owned)
        .filter(|name| name != "HEAD")
        .collect();
    let named = git
        .run(&["ls-remote", "--symref", "origin", "HEAD"])?
        .stdout;
    let named = String::from_utf8_lossy(&named)
        .lines()
        .find_map(|line| line.strip_prefix("ref: refs/heads/"))
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_owned);
    Ok(named
        .filter(|name| branches.contains(name))
        .or_else(|| {
            ["main", "master"]
                .iter()
                .map(|n| n.to_string())
                .find(|n| branches.contains(n))
        })
        .or_else(|| branches.first().cloned()))
}

/// A repository with no commit yet takes the server's branch: its name, and (`check_out`)
/// its files.
fn adopt_remote_branch(git: &Git, check_out: bool) -> Result<(), SyncError> {
    if git.commit_of("HEAD")?.is_some() {
        return Ok(());
    }
    let _ = git.run(&["fetch", "--quiet", "origin"]);
    let Some(branch) = remote_branch(git)? else {
        return Ok(());
    };
    if check_out {
        git.ok(&[
            "checkout",
            "--quiet",
            "-B",
            &branch,
            "--track",
            &format!("origin/{branch}"),
        ])?;
    } else {
        git.ok(&["symbolic-ref", "HEAD", &format!("refs/heads/{branch}")])?;
    }
    Ok(())
}

/// Makes `dir` a repository whose remote is `remote` (or points an existing one at it), sets
/// it up, and syncs: what is in the folder is committed and pushed, or merged with what the
/// remote already holds.
pub fn init(
    dir: &Path,
    remote: &str,
    identity: &Identity,
    analyst: &str,
) -> Result<SyncReport, SyncError> {
    std::fs::create_dir_all(dir).map_err(|source| SyncError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let git = Git::new(dir, identity);
    // A repository of its own: a folder inside another repository (a home folder under
    // version control, a monorepo) gets one, rather than taking that one over.
    let canonical =
        |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let top = git.run(&["rev-parse", "--show-toplevel"])?;
    let is_root = top.status.success()
        && canonical(Path::new(String::from_utf8_lossy(&top.stdout).trim())) == canonical(dir);
    if !is_root {
        git.ok(&["init", "--quiet", "--initial-branch=main"])?;
    }
    if git.succeeds(&["remote", "get-url", "origin"])? {
        git.ok(&["remote", "set-url", "origin", remote])?;
    } else {
        git.ok(&["remote", "add", "origin", remote])?;
    }
    // Joining a repository that already has a branch: the first commit goes on it.
    adopt_remote_branch(&git, false)?;
    configure(&super::repository_root(dir, identity)?, identity)?;
    super::sync(dir, identity, analyst)
}

/// Clones the team's repository at `url` into `dir` (new or empty) and sets it up.
pub fn clone(url: &str, dir: &Path, identity: &Identity) -> Result<(), SyncError> {
    // Absolute, so that git (run from the parent folder) clones where it was asked.
    let dir = &std::path::absolute(dir).map_err(|source| SyncError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(SyncError::NotEmpty {
            dir: dir.to_path_buf(),
        });
    }
    let parent = dir
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|source| SyncError::Write {
        path: parent.to_path_buf(),
        source,
    })?;
    let output = Git::command_in(parent, identity)
        .args(["clone", "--quiet", url])
        .arg(dir)
        .output()
        .map_err(|source| SyncError::GitMissing { source })?;
    if !output.status.success() {
        let message = super::git::failure_text(&output);
        return Err(match super::git::classify(&message) {
            super::git::RemoteFailure::Authentication => SyncError::Authentication {
                dir: dir.to_path_buf(),
                message,
            },
            _ => SyncError::Git {
                command: format!("git clone {url}"),
                message,
            },
        });
    }
    adopt_remote_branch(&Git::new(dir, identity), true)?;
    configure(dir, identity)
}
