//! Find in the article (Ctrl+F): the query, its matches and the current one.
//!
//! The find bar edits the query; the matches are searched again here whenever the query, the
//! case setting or the document changes, so typing searches incrementally.

use crate::model::search::{FoldedText, find_all, is_whole_word};
use crate::model::{Document, Span, TagId};

#[derive(Default)]
pub struct FindState {
    pub open: bool,
    pub query: String,
    pub case_sensitive: bool,
    /// Only matches that stand as whole words ("Iran", not inside "Iranian").
    pub whole_word: bool,
    /// The find field takes the keyboard on the next frame.
    pub focus_requested: bool,
    /// "Tag all matches" asked for this tag and waits for the analyst's confirmation.
    pub confirming_tag: Option<TagId>,
    matches: Vec<Span>,
    current: Option<usize>,
    folded: Option<FoldedText>,
    /// What `matches` were found for: query, case and whole-word settings, document.
    searched: Option<(String, bool, bool, String)>,
    /// Bumped whenever `matches` is searched anew, for views drawn from them.
    generation: u64,
}

impl FindState {
    pub fn open(&mut self) {
        self.open = true;
        self.focus_requested = true;
    }

    pub fn close(&mut self) {
        self.open = false;
        self.confirming_tag = None;
    }

    pub fn matches(&self) -> &[Span] {
        if self.open { &self.matches } else { &[] }
    }

    /// Which search [`Self::matches`] comes from: it changes whenever they may have.
    pub fn matches_generation(&self) -> (u64, bool) {
        (self.generation, self.open)
    }

    /// The current match's index, if any.
    pub fn current(&self) -> Option<usize> {
        self.current.filter(|_| self.open)
    }

    pub(crate) fn current_match(&self) -> Option<Span> {
        self.current()
            .and_then(|index| self.matches.get(index).copied())
    }

    /// Searches again if the query, the case setting or the document changed; returns the
    /// first match at or after `from` when it did (the one to show as the analyst types).
    pub(crate) fn refresh(&mut self, document: &Document, from: usize) -> Option<Span> {
        // Asked every frame while the bar is open: compare before building a new key.
        let unchanged = self
            .searched
            .as_ref()
            .is_some_and(|(query, case, whole, key)| {
                *query == self.query
                    && *case == self.case_sensitive
                    && *whole == self.whole_word
                    && key == document.sha256_hex()
            });
        if unchanged {
            return None;
        }
        let key = (
            self.query.clone(),
            self.case_sensitive,
            self.whole_word,
            document.sha256_hex().to_owned(),
        );
        if !self.case_sensitive
            && self
                .folded
                .as_ref()
                .is_none_or(|folded| folded.document_key != document.sha256_hex())
        {
            self.folded = Some(FoldedText::new(document));
        }
        self.matches = find_all(
            document,
            self.folded.as_ref(),
            &self.query,
            self.case_sensitive,
        );
        if self.whole_word {
            self.matches.retain(|span| is_whole_word(document, *span));
        }
        self.searched = Some(key);
        self.generation += 1;
        self.current = (!self.matches.is_empty()).then(|| {
            self.matches
                .partition_point(|span| span.start < from)
                .min(self.matches.len() - 1)
        });
        self.current_match()
    }

    /// Moves to the next (or previous) match, wrapping around; returns it.
    pub fn step(&mut self, forward: bool) -> Option<Span> {
        let count = self.matches.len();
        if count == 0 || !self.open {
            return None;
        }
        self.current = Some(match (self.current, forward) {
            (None, true) => 0,
            (None, false) => count - 1,
            (Some(index), true) => (index + 1) % count,
            (Some(index), false) => (index + count - 1) % count,
        });
        self.current_match()
    }

    /// "3 of 17", "No matches", or nothing with no query.
    pub(crate) fn count_text(&self) -> String {
        match (self.query.is_empty(), self.matches.len(), self.current) {
            (true, _, _) => String::new(),
            (false, 0, _) => "No matches".to_owned(),
            (false, count, Some(index)) => format!("{} of {count}", index + 1),
            (false, count, None) => format!("{count} matches"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BlockKind;

    #[test]
    fn searches_as_the_query_changes_and_steps_around() {
        let document =
            Document::from_blocks(vec![(BlockKind::Paragraph, "Oil, oil and OIL.".to_owned())]);
        let mut find = FindState::default();
        find.open();
        find.query = "oil".to_owned();
        let first = find.refresh(&document, 3);
        assert_eq!(
            first,
            Some(Span::new(5, 8)),
            "the first match after the caret"
        );
        assert_eq!(find.count_text(), "2 of 3");
        assert_eq!(find.refresh(&document, 0), None, "nothing changed");
        assert_eq!(find.step(true), Some(Span::new(13, 16)));
        assert_eq!(find.step(true), Some(Span::new(0, 3)), "wraps around");
        assert_eq!(find.step(false), Some(Span::new(13, 16)));
        find.case_sensitive = true;
        find.refresh(&document, 0);
        assert_eq!(find.matches(), &[Span::new(5, 8)]);
        find.case_sensitive = false;
        find.query = "oil".to_owned();
        find.whole_word = true;
        let spoil = Document::from_blocks(vec![(
            BlockKind::Paragraph,
            "Oil, spoil, oily OIL".to_owned(),
        )]);
        find.refresh(&spoil, 0);
        assert_eq!(find.matches(), &[Span::new(0, 3), Span::new(17, 20)]);
        find.query = "gas".to_owned();
        find.refresh(&document, 0);
        assert_eq!(find.count_text(), "No matches");
        find.close();
        assert!(find.matches().is_empty());
    }
}
