//! Commands of the other edition's column (File › Open other edition…): an article beside its
//! translation, scrolled together, paragraphs paired and passages linked across the two.

use std::path::PathBuf;

/// What the side-by-side file is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditionsExport {
    Csv,
    Html,
}

#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditionCommand {
    /// Show the column, asking for the other edition's path (filled in from the editions file
    /// when there is one).
    Ask,
    /// Pick the other edition in a file dialog.
    Browse,
    /// Open this file beside the article as its other edition.
    Open(PathBuf),
    Close,
    /// Pair, by hand, the paragraphs of the article's selection (or caret) with those of the
    /// edition's.
    PairParagraphs,
    /// Link the article's selected passage to the edition's ("translates").
    LinkPassages,
    /// The note on the pair of the article's paragraph at the caret (what differs).
    SetNote(String),
    /// Read the other edition as the article, and the article beside it.
    Switch,
    /// Write both editions side by side: the column asks where (beside the article).
    Export(EditionsExport),
    /// Stop asking where to write them.
    CancelExport,
    /// Write them to this file.
    ExportTo(EditionsExport, PathBuf),
}
