//! The command vocabulary, below both the panels that emit commands (`ui`) and the app that
//! applies them (`app`), after rerun's viewer and egui's demo app: panels return
//! [`AppCommand`]s and never change state; the app applies them in one place
//! (`CloseReadApp::apply_command`). Commands of one area nest (Graphite's message dispatch):
//! [`AppCommand::Team`] holds a [`TeamCommand`], [`AppCommand::Relations`] a
//! [`RelationCommand`], [`AppCommand::View`] a [`ViewCommand`].
//!
//! The command table ([`COMMANDS`]) lists every [`Action`] with its keys, menu and description;
//! the shortcuts ([`read_shortcuts`]), the menus and the command list are all read from it.

mod action;
mod bounds;
mod editions;
mod export;
mod project;
mod relations;
mod shortcuts;
mod sync;
mod table;
mod team;
mod view;

pub use action::{Action, CaretMove, CaretUnit};
pub use bounds::BoundsAdjustment;
pub use editions::{EditionCommand, EditionsExport};
pub use export::ExportRequest;
pub use project::{Passage, ProjectCommand};
pub use relations::RelationCommand;
pub use shortcuts::{KeyboardPlace, read_shortcuts};
pub use sync::SyncCommand;
pub use table::{
    COMMANDS, CommandEntry, Group, Keys, Menu, MenuPlace, Scope, entry_for, keys_for,
    markdown_table, menu_section,
};
pub use team::TeamCommand;
pub use view::{DockView, ViewCommand};

use crate::model::{AnnotationId, TagId};
use std::path::PathBuf;

#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppCommand {
    /// Tag the current selection.
    TagSelection(TagId),
    /// Select an annotation (or none), optionally scrolling the article to it.
    SelectAnnotation {
        annotation_id: Option<AnnotationId>,
        scroll: bool,
    },
    Retag(AnnotationId, TagId),
    /// A new note text; `continues_typing` merges it with the previous note edit for undo.
    SetNote {
        annotation_id: AnnotationId,
        note: String,
        continues_typing: bool,
    },
    AdjustBounds(AnnotationId, BoundsAdjustment),
    Delete(AnnotationId),
    /// Move to the next (+1) or previous (-1) annotation in document order.
    StepAnnotation(isize),
    Undo,
    Redo,
    Save,
    OpenArticle(PathBuf),
    ShowOpenDialog,
    ShowOpenPathPrompt,
    ShowOpenAddressPrompt,
    /// Download `url` into the folder `into` (File › Open address…), then open it.
    FetchAddress {
        url: String,
        into: PathBuf,
    },
    SetAnalyst(String),
    ReloadSidecar,
    SetAsideSidecar,
    /// Writes the article's document information (`<stem>.meta.ron`).
    SaveDocumentInfo(crate::store::document_info::DocumentInfo),
    /// The analyst's summary of their reading (typing continues the same undo step).
    SetReadingNote {
        note: String,
        continues_typing: bool,
    },
    /// Put an orphaned (or misplaced) annotation on the current selection.
    ReattachToSelection(AnnotationId),
    /// Accept where re-anchoring moved an annotation.
    ConfirmPlacement(AnnotationId),
    /// Close the window even though the annotations could not be saved.
    QuitWithoutSaving,
    ShowExportDialog,
    ShowImportDialog,
    StartExport(ExportRequest),
    CancelExport,
    Import {
        format: crate::import::ImportFormat,
        path: PathBuf,
        tag_map: String,
        relation_map: String,
    },
    /// The selected annotation (or, with none selected, all shown) as Markdown on the clipboard.
    CopyExcerptsAsMarkdown,
    /// Teammates, comparison, agreement and adjudication.
    Team(TeamCommand),
    /// The project of many articles: its home, moving between its articles, marking done.
    Project(ProjectCommand),
    /// Relations, the argument map and the tag set.
    Relations(RelationCommand),
    /// The other edition's column: opening it, pairing, linking, exporting.
    Edition(EditionCommand),
    /// Sharing the project with the team through git.
    Sync(SyncCommand),
    /// What the window shows: messages, document info, the dock's views, the reading
    /// column, theme and font.
    View(ViewCommand),
    /// An action of the command list (a key, a menu item or the cheat sheet).
    Run(Action),
    /// Scroll the article to this char offset (the overview strip).
    JumpTo(usize),
    /// Tag every find match with this tag, as one undo step (confirmed by the analyst).
    TagAllMatches(TagId),
    CloseFind,
    /// Stop opening an article in the background.
    CancelOpen,
    /// Stop following an outside edit of the article (its annotations keep the old text).
    CancelArticleReload,
}

/// Constructors under the names these commands had before they were nested, for callers
/// written then (the window tests say `AppCommand::SetTheme(…)`).
#[allow(non_snake_case)]
impl AppCommand {
    pub fn SetShowRelations(show: bool) -> Self {
        Self::Relations(RelationCommand::SetShowRelations(show))
    }

    pub fn ShowArgumentMap(show: bool) -> Self {
        Self::Relations(RelationCommand::ShowArgumentMap(show))
    }

    pub fn SetTheme(choice: crate::settings::ThemeChoice) -> Self {
        Self::View(ViewCommand::SetTheme(choice))
    }

    pub fn SetReadingFont(font: crate::settings::ReadingFont) -> Self {
        Self::View(ViewCommand::SetReadingFont(font))
    }
}

impl From<TeamCommand> for AppCommand {
    fn from(command: TeamCommand) -> Self {
        Self::Team(command)
    }
}

impl From<RelationCommand> for AppCommand {
    fn from(command: RelationCommand) -> Self {
        Self::Relations(command)
    }
}

impl From<ViewCommand> for AppCommand {
    fn from(command: ViewCommand) -> Self {
        Self::View(command)
    }
}
