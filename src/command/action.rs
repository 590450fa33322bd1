//! What the analyst can ask for from the keyboard, a menu or the command list: the actions
//! of the command table ([`super::COMMANDS`]), and the caret moves among them.

use super::BoundsAdjustment;

/// An action from the command list. The app turns it into state changes in
/// `CloseReadApp::run_action` (in `app`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Open,
    OpenPath,
    OpenAddress,
    /// The other edition's column (its path asked, or taken from the editions file).
    OpenEdition,
    CloseEdition,
    PairParagraphs,
    LinkAcrossEditions,
    SwitchEditions,
    /// Sync with the team's repository (git).
    Sync,
    SyncSetup,
    ToggleAutoSync,
    Save,
    Export,
    Import,
    Quit,
    Undo,
    Redo,
    Find,
    FindNext,
    FindPrevious,
    FindInPane,
    CopyAsMarkdown,
    /// The keys 1–9: tag the selection (or retag the selected annotation) with the tag on the
    /// key. Listed once; the tag set says which key is which tag.
    TagWithKey,
    EditNote,
    Link,
    CancelOrClear,
    Delete,
    NextAnnotation,
    PreviousAnnotation,
    NextSameTag,
    PreviousSameTag,
    Caret(CaretMove),
    /// Scroll the article by a screen less a line: down (true) or up.
    Page(bool),
    /// Scroll to the article's start (false) or end (true).
    ScrollToEnd(bool),
    ShowCheatSheet,
    ShowStatistics,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    NarrowerColumn,
    WiderColumn,
    ToggleMinimap,
    ToggleRelations,
    ToggleListFollows,
    ToggleSpelling,
    DocumentInfo,
    ArgumentMap,
    TagSet,
    ToggleTeamPanel,
    CompareReadings,
    Agreement,
    Adjudicate,
    ReloadSidecar,
    QuitWithoutSaving,
    RecentArticles,
    Theme(crate::settings::ThemeChoice),
    ReadingFont(crate::settings::ReadingFont),
    ColourByAnalyst,
    BlindMode,
    MarkReadingDone,
    OpenProject,
    NewProject,
    ProjectTeam,
    ProjectHome,
    NextProjectArticle,
    PreviousProjectArticle,
    NextAssignedArticle,
    Retrieval,
    Codebook,
    ReopenReading,
    ShowOthers,
    ShowMessages,
    EditAnyway,
    Bounds(BoundsAdjustment),
    ConfirmPlacement,
    ReattachToSelection,
}

/// Moving the caret in the article, optionally extending the selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CaretMove {
    pub unit: CaretUnit,
    pub forward: bool,
    /// Keep the selection's anchor and move its head (Shift).
    pub extend: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CaretUnit {
    Char,
    /// The row above or below, at the same horizontal place.
    Line,
    Word,
    Sentence,
    Paragraph,
    /// The start (backward) or end of the caret's row in reading order: on a right-to-left
    /// row its start is at the right.
    LineEdge,
}
