//! The layer's reading note (the analyst's bottom line) and the analyst's display name: set
//! through the session like everything else, and merged when the sidecar changed on disk.

use super::{ReadingSession, SessionError, check_note_length};
use crate::model::Edit;

impl ReadingSession {
    /// Sets the analyst's reading note (their bottom line on the article), as one undo step
    /// with the reading-note edit just before it: typing in the reading note's box undoes as
    /// one step. See [`Self::edit_reading_note`] to choose.
    pub fn set_reading_note(&mut self, note: impl Into<String>) -> Result<(), SessionError> {
        self.edit_reading_note(note.into(), true)
    }

    /// Sets the reading note. `continues_typing` merges this change with the previous
    /// reading-note edit into one undo step (typing); otherwise it is a step of its own.
    pub fn edit_reading_note(
        &mut self,
        note: String,
        continues_typing: bool,
    ) -> Result<(), SessionError> {
        if self.layer.reading_note() == note {
            return Ok(());
        }
        check_note_length(&note)?;
        self.check_writable()?;
        let edit = Edit::SetReadingNote {
            before: self.layer.reading_note().to_owned(),
            after: note,
        };
        let mut changes = Vec::new();
        self.history
            .apply_merging_notes(&mut self.layer, edit, continues_typing, &mut changes)?;
        self.changed(Some(changes));
        Ok(())
    }

    /// Records the analyst's display name ("Jane Doe") in the layer; saved with it. Not an
    /// undo step: it names the analyst, it is not part of the reading.
    pub fn set_analyst_name(&mut self, display_name: &str) {
        let display_name = display_name.trim();
        let stored = if display_name == self.layer.analyst {
            ""
        } else {
            display_name
        };
        if self.layer.analyst_name != stored {
            self.layer.analyst_name = stored.to_owned();
            // The annotations are as they were.
            self.changed(Some(Vec::new()));
        }
    }

    /// The edit that merges the reading note on disk into ours (three-way, with the note as
    /// last read or written as the base), or `None` when ours stands.
    pub(super) fn reading_note_merge(
        &self,
        base_reading_note: &str,
        disk_reading_note: &str,
    ) -> Option<Edit> {
        let merged = crate::model::merge::merge_reading_notes(
            base_reading_note,
            self.layer.reading_note(),
            disk_reading_note,
        );
        (merged != self.layer.reading_note()).then(|| Edit::SetReadingNote {
            before: self.layer.reading_note().to_owned(),
            after: merged,
        })
    }
}
