//! View commands: what the window shows and how (messages, document info, the team dock's
//! views, the tag filter, the reading column, theme and font). Nested in
//! [`super::AppCommand::View`].

use crate::model::TagId;
use crate::settings::{ReadingFont, ThemeChoice};

#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewCommand {
    /// Dismisses a message from view (by its index in the log).
    DismissNotice(usize),
    /// Shows or hides View › Messages.
    ShowMessages(bool),
    ClearMessages,
    /// Shows or hides the Document info window.
    ShowDocumentInfo(bool),
    /// Shows a view of the team dock (its tab).
    ShowDockView(DockView),
    /// Closes a view of the team dock.
    CloseDockView(DockView),
    /// Shows or hides a tag's annotations (the pane's filter).
    ToggleTagFilter(TagId),
    /// The reading column's widest, in points.
    SetColumnWidth(u32),
    SetTheme(ThemeChoice),
    SetReadingFont(ReadingFont),
}

/// A view the dock can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DockView {
    Compare,
    Adjudicate,
    ArgumentMap,
}

impl DockView {
    pub fn title(self) -> &'static str {
        match self {
            DockView::Compare => "Compare readings",
            DockView::Adjudicate => "Adjudicate",
            DockView::ArgumentMap => "Argument map",
        }
    }
}
