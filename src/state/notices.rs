//! Messages for the analyst, and how long each stays in view.
//!
//! Information fades from the window after [`INFO_SHOWN_FOR`]; errors stay until dismissed. A
//! message tied to something that a later action undoes ("Tagged 24 matches" before Ctrl+Z,
//! "Adjudicating…" after leaving the consensus layer) is withdrawn then, because it is no
//! longer true. At most [`SHOWN_AT_ONCE`] messages are drawn over the article; every message
//! of the session is kept in the log that View › Messages shows.

use std::time::{Duration, Instant};

/// How long an information message stays in view.
pub(crate) const INFO_SHOWN_FOR: Duration = Duration::from_secs(6);
/// Messages drawn over the article at once (one line each); the rest are in View › Messages.
pub(crate) const SHOWN_AT_ONCE: usize = 2;
/// Messages kept in the log.
const KEPT_IN_LOG: usize = 200;

/// A message for the analyst.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
    /// When it was given (a repeat of the same text gives it again).
    pub given_at: Instant,
    /// Dismissed from view (still in the log).
    pub dismissed: bool,
    pub valid_while: ValidWhile,
}

/// What must stay true for a message to stay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValidWhile {
    /// Until dismissed or faded.
    Always,
    /// The edit it reports is not undone: the undo history keeps at least this many steps.
    EditKept { undo_depth: usize },
    /// The window still edits this analyst's layer (e.g. the consensus layer).
    Analyst(String),
}

/// What the window is doing now, against which messages are checked.
pub(crate) struct NoticeContext<'a> {
    pub undo_depth: usize,
    pub analyst: Option<&'a str>,
}

impl ValidWhile {
    fn holds(&self, now: &NoticeContext<'_>) -> bool {
        match self {
            ValidWhile::Always => true,
            ValidWhile::EditKept { undo_depth } => now.undo_depth >= *undo_depth,
            ValidWhile::Analyst(analyst) => now.analyst == Some(analyst.as_str()),
        }
    }
}

/// Every message of the session, oldest first.
#[derive(Default)]
pub struct Notices {
    log: Vec<Notice>,
    /// View › Messages is open: the whole log in a window.
    pub log_open: bool,
}

impl Notices {
    /// Adds a message; the same text as the newest one is given again rather than repeated.
    pub fn push(&mut self, text: String, is_error: bool, valid_while: ValidWhile) {
        let now = Instant::now();
        if let Some(last) = self.log.last_mut()
            && last.text == text
            && last.is_error == is_error
        {
            last.given_at = now;
            last.dismissed = false;
            last.valid_while = valid_while;
            return;
        }
        self.log.push(Notice {
            text,
            is_error,
            given_at: now,
            dismissed: false,
            valid_while,
        });
        if self.log.len() > KEPT_IN_LOG {
            self.log.remove(0);
        }
    }

    /// The whole log, oldest first.
    pub(crate) fn log(&self) -> &[Notice] {
        &self.log
    }

    /// Indices into the log of the messages to draw over the article now: the newest errors
    /// not dismissed and information younger than [`INFO_SHOWN_FOR`], at most
    /// [`SHOWN_AT_ONCE`], oldest first.
    pub fn in_view(&self, now: Instant) -> Vec<usize> {
        let mut shown: Vec<usize> = (0..self.log.len())
            .rev()
            .filter(|&index| self.is_in_view(index, now))
            .take(SHOWN_AT_ONCE)
            .collect();
        shown.reverse();
        shown
    }

    /// How many messages would be in view but for the limit.
    pub(crate) fn hidden_count(&self, now: Instant) -> usize {
        (0..self.log.len())
            .filter(|&index| self.is_in_view(index, now))
            .count()
            .saturating_sub(SHOWN_AT_ONCE)
    }

    fn is_in_view(&self, index: usize, now: Instant) -> bool {
        let notice = &self.log[index];
        !notice.dismissed
            && (notice.is_error || now.saturating_duration_since(notice.given_at) < INFO_SHOWN_FOR)
    }

    /// When the next information message fades, for a repaint then.
    pub(crate) fn next_fade(&self, now: Instant) -> Option<Duration> {
        self.in_view(now)
            .into_iter()
            .map(|index| &self.log[index])
            .filter(|notice| !notice.is_error)
            .map(|notice| {
                INFO_SHOWN_FOR.saturating_sub(now.saturating_duration_since(notice.given_at))
            })
            .min()
    }

    pub(crate) fn dismiss(&mut self, index: usize) {
        if let Some(notice) = self.log.get_mut(index) {
            notice.dismissed = true;
        }
    }

    /// Withdraws the messages that are no longer true.
    pub(crate) fn withdraw_stale(&mut self, now: &NoticeContext<'_>) {
        self.log.retain(|notice| notice.valid_while.holds(now));
    }

    /// Empties the log (View › Messages › Clear).
    pub fn clear(&mut self) {
        self.log.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(undo_depth: usize, analyst: Option<&str>) -> NoticeContext<'_> {
        NoticeContext {
            undo_depth,
            analyst,
        }
    }

    #[test]
    fn information_fades_and_errors_stay() {
        let mut notices = Notices::default();
        notices.push("Saved".into(), false, ValidWhile::Always);
        notices.push("Disk full".into(), true, ValidWhile::Always);
        let now = Instant::now();
        assert_eq!(notices.in_view(now), vec![0, 1]);
        let later = now + INFO_SHOWN_FOR + Duration::from_millis(1);
        assert_eq!(notices.in_view(later), vec![1], "the error stays");
        assert_eq!(notices.log().len(), 2, "both stay in the log");
        notices.dismiss(1);
        assert!(notices.in_view(later).is_empty());
    }

    #[test]
    fn at_most_two_are_in_view_and_the_rest_are_counted() {
        let mut notices = Notices::default();
        for text in ["one", "two", "three"] {
            notices.push(text.into(), true, ValidWhile::Always);
        }
        let now = Instant::now();
        let shown: Vec<&str> = notices
            .in_view(now)
            .into_iter()
            .map(|index| notices.log()[index].text.as_str())
            .collect();
        assert_eq!(shown, ["two", "three"], "the newest, oldest first");
        assert_eq!(notices.hidden_count(now), 1);
    }

    #[test]
    fn messages_made_untrue_are_withdrawn() {
        let mut notices = Notices::default();
        notices.push(
            "Tagged 24 matches".into(),
            false,
            ValidWhile::EditKept { undo_depth: 3 },
        );
        notices.push(
            "Adjudicating".into(),
            false,
            ValidWhile::Analyst("consensus".into()),
        );
        notices.withdraw_stale(&context(3, Some("consensus")));
        assert_eq!(notices.log().len(), 2, "still true");
        notices.withdraw_stale(&context(2, Some("consensus")));
        assert_eq!(notices.log().len(), 1, "the tagging was undone");
        notices.withdraw_stale(&context(2, Some("analyst-a")));
        assert!(notices.log().is_empty(), "no longer adjudicating");
    }

    #[test]
    fn a_repeated_message_is_given_again_not_doubled() {
        let mut notices = Notices::default();
        notices.push("Saved".into(), false, ValidWhile::Always);
        notices.dismiss(0);
        notices.push("Saved".into(), false, ValidWhile::Always);
        assert_eq!(notices.log().len(), 1);
        assert_eq!(notices.in_view(Instant::now()), vec![0]);
    }
}
