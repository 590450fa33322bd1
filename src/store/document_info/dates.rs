//! Dates as articles write them ("May 2, 2019", "2 May 2019", "2019-05-02T12:52:26-04:00")
//! made ISO (`2019-05-02`), and found inside a line ("Updated September 18, 2026").
//! Slashed dates are read only when unambiguous (`13/05/2019`, `05/13/2019`).

use chrono::{Datelike, NaiveDate};

/// Day-precise formats tried on a whole date, English month names.
const FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%B %d, %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%Y/%m/%d",
    "%A, %B %d, %Y",
    "%a, %d %b %Y",
];

/// Words that often stand before a date on its line.
const LEADS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "date",
    "dated",
    "on",
    "last",
    "modified",
    "issued",
];

/// The date in `text` if all of it is one date (after a lead such as "Published:").
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut text = text.trim().trim_end_matches(['.', ';']).trim();
    loop {
        let lowered = text.to_lowercase();
        let Some(lead) = LEADS.iter().find(|lead| {
            lowered.starts_with(*lead) && lowered[lead.len()..].starts_with([' ', ':'])
        }) else {
            break;
        };
        // The lead is ASCII, so its length is the same in `text` (checked all the same).
        let Some(rest) = text.get(lead.len()..) else {
            break;
        };
        text = rest.trim_start_matches([' ', ':']).trim();
    }
    // ISO with a time: the date part.
    if text.len() >= 10
        && text.is_char_boundary(10)
        && let Ok(date) = NaiveDate::parse_from_str(&text[..10], "%Y-%m-%d")
        && text[10..]
            .chars()
            .next()
            .is_none_or(|c| c == 'T' || c == ' ')
    {
        return Some(date);
    }
    let text = text.replace("Sept ", "Sep ").replace("Sept. ", "Sep ");
    let text = text.replace(". ", " ");
    // A format's space also matches no space: "May 2019" would read as 20 May 19.
    FORMATS
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(&text, format).ok())
        .or_else(|| unambiguous_slashed(&text))
        .filter(|date| date.year() >= 1000)
}

/// `d/m/yyyy` or `m/d/yyyy` when one of the first two numbers cannot be a month.
fn unambiguous_slashed(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split('/').collect();
    let [a, b, year] = parts.as_slice() else {
        return None;
    };
    let (a, b, year): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, year.parse().ok()?);
    if year < 1000 {
        return None;
    }
    match (a > 12, b > 12) {
        (true, false) => NaiveDate::from_ymd_opt(year, b, a),
        (false, true) => NaiveDate::from_ymd_opt(year, a, b),
        _ => None,
    }
}

/// ISO `yyyy-mm-dd` when `written` is a date to the day, else `written` as it is (trimmed).
pub fn normalise_date(written: &str) -> String {
    parse_date(written).map_or_else(
        || written.trim().to_owned(),
        |date| date.format("%Y-%m-%d").to_string(),
    )
}

/// A date found inside a short line: "The Atlantic Council, September 13, 2019" → 2019-09-13.
pub(crate) fn find_date_in(line: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| matches!(c, '(' | ')' | '|' | '·' | '—')))
        .collect();
    for width in [4, 3, 1] {
        for window in words.windows(width) {
            let candidate = window.join(" ");
            let candidate = candidate.trim_end_matches([',', '.', ';']);
            if width == 1 && !candidate.contains(['-', '/']) {
                continue;
            }
            if let Some(date) = parse_date(candidate) {
                return Some(date);
            }
        }
    }
    None
}

/// How exports show a date: "2 May 2019" for an ISO date, else as written.
pub fn display_date(date: &str) -> String {
    match NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
        Ok(date) => date.format("%-d %B %Y").to_string(),
        Err(_) => date.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_ways_of_writing_a_date_become_iso() {
        for (written, iso) in [
            ("May 2, 2019", "2019-05-02"),
            ("2 May 2019", "2019-05-02"),
            ("Published: Sept. 13, 2019", "2019-09-13"),
            ("2019-09-13T12:52:26-04:00", "2019-09-13"),
            ("Updated September 18, 2026", "2026-09-18"),
            ("13/05/2019", "2019-05-13"),
            ("Thursday, May 2, 2019", "2019-05-02"),
        ] {
            assert_eq!(normalise_date(written), iso, "{written}");
        }
        for kept in ["04/09/2026", "May 2019", "Spring 2020"] {
            assert_eq!(normalise_date(kept), kept);
        }
    }

    #[test]
    fn dates_are_found_inside_lines_and_shown_in_words() {
        let found = find_date_in("The Atlantic Council, September 13, 2019").expect("found");
        assert_eq!(found.to_string(), "2019-09-13");
        assert_eq!(
            find_date_in("Updated September 18, 2026 (R48887)").map(|d| d.to_string()),
            Some("2026-09-18".to_owned())
        );
        assert_eq!(find_date_in("Other Pages"), None);
        assert_eq!(display_date("2019-05-02"), "2 May 2019");
        assert_eq!(display_date("May 2019"), "May 2019");
    }
}
