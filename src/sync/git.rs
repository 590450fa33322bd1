//! Running the `git` program: never waiting for a password (no terminal prompts, ssh in batch
//! mode), messages in English so that they can be told apart, and a failure read as what it
//! means for the analyst: offline, not allowed in, the push overtaken, or something else.

use super::SyncError;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Who commits: the analyst's name and e-mail address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

/// How a failed network command failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RemoteFailure {
    /// The server cannot be reached (no network, the shared drive not mounted).
    Offline,
    /// The server refused who we are.
    Authentication,
    /// The push was overtaken by someone else's.
    Rejected,
    Other,
}

/// What git said when a command failed, read for its meaning.
pub(crate) fn classify(stderr: &str) -> RemoteFailure {
    let text = stderr.to_lowercase();
    let any = |needles: &[&str]| needles.iter().any(|needle| text.contains(needle));
    if any(&[
        "[rejected]",
        "non-fast-forward",
        "fetch first",
        "updates were rejected",
        "cannot lock ref",
    ]) {
        RemoteFailure::Rejected
    } else if any(&[
        "authentication failed",
        "permission denied",
        "could not read username",
        "could not read password",
        "terminal prompts disabled",
        "invalid username or password",
        "http 401",
        "http 403",
        "error: 403",
        "the requested url returned error: 401",
        "the requested url returned error: 403",
        "access denied",
    ]) {
        RemoteFailure::Authentication
    } else if any(&[
        "could not resolve host",
        "could not resolve hostname",
        "unable to access",
        "connection refused",
        "network is unreachable",
        "connection timed out",
        "operation timed out",
        "no route to host",
        "could not read from remote repository",
        "does not appear to be a git repository",
        "failed to connect",
        "temporary failure in name resolution",
    ]) {
        RemoteFailure::Offline
    } else {
        RemoteFailure::Other
    }
}

/// A repository worked on with the `git` program.
pub(crate) struct Git {
    pub root: PathBuf,
    identity: Identity,
}

impl Git {
    pub fn new(root: &Path, identity: &Identity) -> Self {
        Self {
            root: root.to_path_buf(),
            identity: identity.clone(),
        }
    }

    /// `git` set up to run unattended in `dir`, committing as the analyst.
    pub fn command_in(dir: &Path, identity: &Identity) -> Command {
        let mut command = Command::new("git");
        command
            .current_dir(dir)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
            .env("LC_ALL", "C")
            .env("LANGUAGE", "C")
            .env("GIT_MERGE_AUTOEDIT", "no")
            .args(["-c", &format!("user.name={}", identity.name)])
            .args(["-c", &format!("user.email={}", identity.email)])
            // Paths with any chars, as they are.
            .args(["-c", "core.quotePath=false"]);
        command
    }

    /// Runs git with `args`; the output whatever the exit status.
    pub fn run(&self, args: &[&str]) -> Result<Output, SyncError> {
        Self::command_in(&self.root, &self.identity)
            .args(args)
            .output()
            .map_err(|source| SyncError::GitMissing { source })
    }

    /// Runs git with `args`; its standard output, or an error with what it said.
    pub fn ok(&self, args: &[&str]) -> Result<String, SyncError> {
        let output = self.run(args)?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(SyncError::Git {
                command: format!("git {}", args.join(" ")),
                message: failure_text(&output),
            })
        }
    }

    /// Whether git with `args` succeeds (a question such as `rev-parse --verify`).
    pub fn succeeds(&self, args: &[&str]) -> Result<bool, SyncError> {
        Ok(self.run(args)?.status.success())
    }

    /// The bytes of `path` at `revision`, `None` when it is not there.
    pub fn show(&self, revision: &str, path: &str) -> Result<Option<Vec<u8>>, SyncError> {
        let output = self.run(&["show", &format!("{revision}:{path}")])?;
        Ok(output.status.success().then_some(output.stdout))
    }

    /// The commit `revision` names, if any.
    pub fn commit_of(&self, revision: &str) -> Result<Option<String>, SyncError> {
        let output = self.run(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{revision}^{{commit}}"),
        ])?;
        Ok(output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned()))
    }

    /// Paths (from the root) named in a NUL-separated listing.
    pub fn paths(&self, args: &[&str]) -> Result<Vec<String>, SyncError> {
        Ok(self
            .ok(args)?
            .split('\0')
            .filter(|path| !path.is_empty())
            .map(str::to_owned)
            .collect())
    }
}

/// What a failed command said, on one line.
pub(crate) fn failure_text(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let text = if stderr.trim().is_empty() {
        stdout
    } else {
        stderr
    };
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("hint:"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_read_for_what_they_mean() {
        for (stderr, expected) in [
            (
                "fatal: unable to access 'https://example.org/x.git/': Could not resolve host: example.org",
                RemoteFailure::Offline,
            ),
            (
                "fatal: '/mnt/share/team.git' does not appear to be a git repository\nfatal: Could not read from remote repository.",
                RemoteFailure::Offline,
            ),
            (
                "remote: Invalid username or password.\nfatal: Authentication failed for 'https://github.com/x/y.git/'",
                RemoteFailure::Authentication,
            ),
            (
                "git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.",
                RemoteFailure::Authentication,
            ),
            (
                "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
                RemoteFailure::Authentication,
            ),
            (
                " ! [rejected]        HEAD -> main (fetch first)\nerror: failed to push some refs",
                RemoteFailure::Rejected,
            ),
            ("fatal: something else entirely", RemoteFailure::Other),
        ] {
            assert_eq!(classify(stderr), expected, "{stderr}");
        }
    }
}
