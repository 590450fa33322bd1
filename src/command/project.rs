//! Project commands: what the project home and the project's keys ask for. Nested in
//! [`super::AppCommand::Project`].

use crate::project::table::Column;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProjectCommand {
    /// Open the project in this folder (it holds `closeread-project.ron`).
    Open(PathBuf),
    /// Pick a project folder in a dialog.
    ShowOpenDialog,
    /// Show or hide the project home.
    ShowHome(bool),
    /// Open the article of this manifest key, keeping the project around it.
    OpenArticle(String),
    /// Sort the home's table by a column (again: the other way).
    SortBy(Column),
    /// Filter the home's table by words in the articles' metadata.
    SetFilter(String),
    /// Open the next article assigned to the analyst and not done.
    NextAssigned,
    /// Open the next (+1) or previous (−1) article of the home's filter and order.
    Step(isize),
    /// Mark the open article done for the analyst (false: reopen it).
    SetDone(bool),
    /// Read the statuses again from the files.
    Refresh,
    /// Show or hide the Codebook window.
    ShowCodebook(bool),
    /// Show or hide the Retrieval window (annotations across the project).
    ShowRetrieval(bool),
    /// Run the Retrieval window's query.
    Search,
    /// Search the articles' own text (the Retrieval window's text query).
    SearchText,
    /// Tag the text matches ticked (all, when none is) with this tag in the analyst's
    /// readings: one undo step per article.
    TagTextMatches(crate::model::TagId),
    /// Open an article at a passage found by a search.
    OpenPassage(Passage),
    /// Export what the last search found, to a file the analyst picks.
    ExportResults(crate::export::ExportFormat),
    /// Pick a folder in a dialog and make a project there.
    ShowNewDialog,
    /// Pick an article file (false) or a folder of articles (true) to add to the project.
    ShowAddDialog { folder: bool },
    /// Add these articles or folders to the project (copied in when outside it).
    AddArticles(Vec<PathBuf>),
    /// Set `KEY=VALUE` (document information or a project attribute) on these articles.
    SetValue { keys: Vec<String>, value: String },
    /// Show or hide the Project team window.
    ShowTeam(bool),
    /// Work out the agreement across the project again.
    ComputeAgreement,
    /// Open the article of this manifest key in its consensus layer, to adjudicate.
    Adjudicate(String),
    /// Add this text to the project journal, dated today, as the analyst.
    AddJournalEntry(String),
}

/// Where a search hit is: the article (manifest key), its place, and whose annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    pub article: String,
    /// Char offsets; `None` for an annotation no longer found in the text.
    pub span: Option<(usize, usize)>,
    pub analyst: String,
    /// The annotation's id.
    pub id: String,
}
