//! Sync commands: sharing the project with the team through git (see [`crate::sync`]).

use std::path::PathBuf;

#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncCommand {
    /// Save, commit, fetch, merge, push (the set-up window opens when the folder is not
    /// shared yet).
    Now,
    /// The set-up window: share this folder, or join a team's repository.
    ShowSetup(bool),
    /// Remember the analyst's e-mail address for commits ("" leaves it as it is).
    SetEmail(String),
    /// Make the folder a repository with this remote, and sync.
    Init(String),
    /// Clone the team's repository at this address into this folder, and open it.
    Clone(String, PathBuf),
    /// Sync every few minutes and on closing.
    SetAutomatic(bool),
}
