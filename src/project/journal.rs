//! The project journal: dated entries by analyst in a Markdown file of the project
//! (`journal.md`), for what belongs to the reading programme rather than one article ("we
//! read 'sanctions relief' as a recommendation only when an actor is named").
//!
//! Each entry is a second-level heading `## yyyy-mm-dd — analyst` (the display name after the
//! id, when the project gives one) followed by its text. Entries are only ever added at the
//! end, so the file reads well in any editor, diffs line by line, and two analysts' additions
//! merge with git's `union` merge (`journal.md merge=union` in `.gitattributes`). Whatever
//! else is written in the file by hand is kept as it is.

use super::{Project, ProjectError};
use chrono::NaiveDate;

/// The journal's file name in the project folder.
pub const JOURNAL_FILE: &str = "journal.md";

/// One entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalEntry {
    pub date: NaiveDate,
    /// The analyst's id.
    pub analyst: String,
    pub text: String,
}

/// The journal's entries, oldest first; none when there is no journal. Headings that are not
/// entries, and text before the first entry, are not entries.
pub fn read_journal(project: &Project) -> Result<Vec<JournalEntry>, ProjectError> {
    let path = project.root.join(JOURNAL_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(ProjectError::Io { path, source }),
    };
    Ok(parse_journal(&text))
}

/// The entries in a journal's text (CRLF or LF, with or without a byte-order mark).
pub fn parse_journal(text: &str) -> Vec<JournalEntry> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries: Vec<JournalEntry> = Vec::new();
    let mut current: Option<(JournalEntry, Vec<&str>)> = None;
    let mut finish = |current: Option<(JournalEntry, Vec<&str>)>| {
        if let Some((mut entry, lines)) = current {
            entry.text = lines.join("\n").trim().to_owned();
            entries.push(entry);
        }
    };
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(heading) = line.strip_prefix("## ") {
            if let Some(entry) = parse_heading(heading) {
                finish(current.take());
                current = Some((entry, Vec::new()));
                continue;
            }
        } else if line.starts_with("# ") {
            // The title (or a new part): ends the entry before it.
            finish(current.take());
            continue;
        }
        if let Some((_, lines)) = &mut current {
            lines.push(line);
        }
    }
    finish(current);
    entries
}

/// `yyyy-mm-dd — analyst` or `yyyy-mm-dd — analyst (Display Name)`; a hyphen does for the dash.
fn parse_heading(heading: &str) -> Option<JournalEntry> {
    let (date, rest) = heading
        .split_once(" — ")
        .or_else(|| heading.split_once(" - "))?;
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let analyst = rest.split(" (").next()?.trim();
    crate::store::validate_analyst_name(analyst).ok()?;
    Some(JournalEntry {
        date,
        analyst: analyst.to_owned(),
        text: String::new(),
    })
}

/// Adds an entry at the end of the journal (made, with a title, when there is none) and
/// returns it. The file is written whole and atomically; what was in it stays as it was.
pub fn add_entry(
    project: &Project,
    analyst: &str,
    date: NaiveDate,
    text: &str,
) -> Result<JournalEntry, ProjectError> {
    crate::store::validate_analyst_name(analyst)
        .map_err(|error| ProjectError::Invalid(error.to_string()))?;
    let text = text.trim();
    if text.is_empty() {
        return Err(ProjectError::Invalid(
            "a journal entry needs some text".to_owned(),
        ));
    }
    let path = project.root.join(JOURNAL_FILE);
    let mut journal = match std::fs::read_to_string(&path) {
        Ok(journal) => journal,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            format!("# Journal: {}\n", project.manifest.name)
        }
        Err(source) => return Err(ProjectError::Io { path, source }),
    };
    // Keep the file's own line ends.
    let newline = if journal.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    if !journal.ends_with('\n') {
        journal.push_str(newline);
    }
    let name = project.manifest.analyst_name(analyst);
    let who = if name == analyst {
        analyst.to_owned()
    } else {
        format!("{analyst} ({name})")
    };
    journal.push_str(newline);
    journal.push_str(&format!(
        "## {} — {who}{newline}{newline}",
        date.format("%Y-%m-%d")
    ));
    for line in text.lines() {
        // A line that would read as an entry's heading or the title is kept as text.
        let line = line.trim_end_matches('\r');
        if line.starts_with("# ") || line.starts_with("## ") {
            journal.push('\\');
        }
        journal.push_str(line);
        journal.push_str(newline);
    }
    crate::store::write_atomically(&path, journal.as_bytes())
        .map_err(|source| ProjectError::Write { path, source })?;
    Ok(JournalEntry {
        date,
        analyst: analyst.to_owned(),
        text: text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn entries_are_added_at_the_end_and_read_back_keeping_what_was_written_by_hand() {
        let dir = tempfile::tempdir().expect("temp dir");
        let project = Project::init(dir.path(), "Sanctions", None).expect("a project");
        let path = dir.path().join(JOURNAL_FILE);
        add_entry(
            &project,
            "analyst-a",
            day("2026-11-30"),
            "Read “relief” as a recommendation only with an actor.",
        )
        .expect("added");
        // A teammate's hand edit, with Windows line ends, in between.
        let mut text = std::fs::read_to_string(&path).expect("read");
        text.push_str("\nA note kept by hand.\n");
        std::fs::write(&path, text.replace('\n', "\r\n")).expect("write");
        add_entry(
            &project,
            "bo",
            day("2026-12-01"),
            "First line\n## not a heading\nlast",
        )
        .expect("added");
        let written = std::fs::read_to_string(&path).expect("read");
        assert!(written.starts_with("# Journal: Sanctions\r\n"));
        assert!(written.contains("A note kept by hand.\r\n"));
        assert!(
            !written.replace("\r\n", "").contains('\n'),
            "one line end throughout"
        );
        let entries = read_journal(&project).expect("entries");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].analyst, "analyst-a");
        assert_eq!(entries[0].date, day("2026-11-30"));
        assert!(entries[0].text.ends_with("A note kept by hand."));
        assert_eq!(entries[1].analyst, "bo");
        assert_eq!(entries[1].text, "First line\n\\## not a heading\nlast");
        assert!(add_entry(&project, "bo", day("2026-12-01"), "  ").is_err());
        assert!(add_entry(&project, "bad name", day("2026-12-01"), "x").is_err());
    }

    #[test]
    fn headings_that_are_not_entries_are_text() {
        let entries = parse_journal(
            "\u{feff}# Journal\n\nPreamble.\n\n## 2026-11-02 - ann (Ann Lee)\nOne.\n## Methods\nStill one.\n## 2026-11-03 — bo\nTwo.\n",
        );
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].analyst, "ann");
        assert_eq!(entries[0].text, "One.\n## Methods\nStill one.");
        assert_eq!(entries[1].text, "Two.");
    }
}
