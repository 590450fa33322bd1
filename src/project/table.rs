//! The project home's table as data: every article with its status, filtered by words in its
//! metadata and sorted by any column, and the moves the home offers (the next article
//! assigned to me, the previous and next article of the filter). No egui: the window draws it.

use super::manifest::Manifest;
use super::status::{ArticleStatus, ReadingStatus};
use std::cmp::Ordering;

/// A column the table sorts by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Column {
    #[default]
    Title,
    Path,
    Authors,
    Date,
    Publication,
    /// A project attribute, by name.
    Attribute(String),
    /// An analyst's status (then annotation count).
    Analyst(String),
    Consensus,
}

/// How the table is filtered and sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableView {
    /// Words that must all occur (ignoring case) in the article's path, title, authors, date,
    /// publication, URL or attribute values; a word `COLUMN:VALUE` filters on one column
    /// instead: an analyst's status (`analyst-a:done`, `analyst-b:not-started`), `consensus:open`,
    /// `assigned:analyst-b`, a project attribute (`country:iran`), `title:`, `authors:`,
    /// `date:` or `publication:`.
    pub filter: String,
    pub sort: Column,
    pub descending: bool,
}

impl TableView {
    /// The rows shown, as indexes into `rows`, in order.
    pub fn visible(&self, manifest: &Manifest, rows: &[ArticleStatus]) -> Vec<usize> {
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let mut shown: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, row)| {
                let haystack = searchable_text(manifest, row);
                words.iter().all(|word| {
                    column_condition(manifest, row, word)
                        .unwrap_or_else(|| haystack.contains(word.as_str()))
                })
            })
            .map(|(index, _)| index)
            .collect();
        shown.sort_by(|&a, &b| {
            let ordering = compare(manifest, &self.sort, &rows[a], &rows[b])
                .then_with(|| rows[a].key.cmp(&rows[b].key));
            if self.descending {
                ordering.reverse()
            } else {
                ordering
            }
        });
        shown
    }

    /// Sorts by `column`; the same column again reverses the order.
    pub fn sort_by(&mut self, column: Column) {
        if self.sort == column {
            self.descending = !self.descending;
        } else {
            self.sort = column;
            self.descending = false;
        }
    }
}

/// Whether `row` meets a `COLUMN:VALUE` word (lower case); `None` when the word is not one
/// (no colon, or no such column), and the word is then looked for in the metadata.
fn column_condition(manifest: &Manifest, row: &ArticleStatus, word: &str) -> Option<bool> {
    let (column, value) = word.split_once(':')?;
    if value.is_empty() {
        return None;
    }
    // "not-started", "not_started" and "not started" are one status.
    let plain = |text: &str| text.to_lowercase().replace(['-', '_'], " ");
    let date_prefix = value;
    let value = plain(value);
    let found = match column {
        "consensus" => {
            plain(row.consensus.as_str()).contains(&value)
                || plain(row.consensus.label()).contains(&value)
        }
        "assigned" => row.assigned.iter().any(|name| plain(name) == value),
        "title" => plain(&row.title).contains(&value),
        "authors" | "author" => plain(&row.info.authors.join(" ")).contains(&value),
        "date" => row
            .info
            .date
            .as_deref()
            .is_some_and(|date| date.starts_with(date_prefix)),
        "publication" => plain(&row.info.publication).contains(&value),
        name => {
            if let Some(status) = row
                .analysts
                .iter()
                .find(|(analyst, _)| analyst.to_lowercase() == name)
                .map(|(_, status)| status)
            {
                plain(status.status.as_str()) == value
            } else if manifest.attributes.contains_key(name) {
                manifest
                    .articles
                    .get(&row.key)
                    .and_then(|entry| entry.attributes.get(name))
                    .is_some_and(|stored| plain(stored).contains(&value))
            } else {
                return None;
            }
        }
    };
    Some(found)
}

/// Everything the filter looks in, lowercased.
fn searchable_text(manifest: &Manifest, row: &ArticleStatus) -> String {
    let mut parts = vec![
        row.key.clone(),
        row.title.clone(),
        row.info.authors.join(" "),
        row.info.date.clone().unwrap_or_default(),
        row.info.publication.clone(),
        row.info.url.clone(),
    ];
    if let Some(entry) = manifest.articles.get(&row.key) {
        parts.extend(entry.attributes.values().cloned());
    }
    parts.join("\n").to_lowercase()
}

fn compare(manifest: &Manifest, column: &Column, a: &ArticleStatus, b: &ArticleStatus) -> Ordering {
    let text = |row: &ArticleStatus| -> String {
        match column {
            Column::Title => row.title.to_lowercase(),
            Column::Path => row.key.clone(),
            Column::Authors => row.info.authors.join(", ").to_lowercase(),
            Column::Date => row.info.date.clone().unwrap_or_default(),
            Column::Publication => row.info.publication.to_lowercase(),
            Column::Attribute(name) => manifest
                .articles
                .get(&row.key)
                .and_then(|entry| entry.attributes.get(name))
                .cloned()
                .unwrap_or_default()
                .to_lowercase(),
            Column::Analyst(_) | Column::Consensus => String::new(),
        }
    };
    match column {
        Column::Analyst(analyst) => {
            let key = |row: &ArticleStatus| {
                row.analysts
                    .get(analyst)
                    .map(|status| (status.status, status.annotations))
            };
            key(a).cmp(&key(b))
        }
        Column::Consensus => a.consensus.cmp(&b.consensus),
        // Numbers in a number attribute sort by value.
        Column::Attribute(name)
            if matches!(
                manifest.attributes.get(name),
                Some(super::AttributeKind::Number)
            ) =>
        {
            let number =
                |row: &ArticleStatus| text(row).parse::<f64>().ok().unwrap_or(f64::NEG_INFINITY);
            number(a).total_cmp(&number(b))
        }
        _ => text(a).cmp(&text(b)),
    }
}

/// The first article in `order` assigned to `analyst` that they have not marked done,
/// starting after `current` (and wrapping round); `None` when there is none.
pub fn next_assigned<'a>(
    rows: &'a [ArticleStatus],
    order: &[usize],
    analyst: &str,
    current: Option<&str>,
) -> Option<&'a str> {
    let start = current
        .and_then(|key| order.iter().position(|&index| rows[index].key == key))
        .map_or(0, |position| position + 1);
    (0..order.len())
        .map(|offset| &rows[order[(start + offset) % order.len()]])
        .find(|row| {
            Some(row.key.as_str()) != current
                && row.assigned.iter().any(|name| name == analyst)
                && row
                    .analysts
                    .get(analyst)
                    .is_none_or(|status| status.status != ReadingStatus::Done)
        })
        .map(|row| row.key.as_str())
}

/// The article `step` places from `current` in `order` (no wrapping); `None` at either end or
/// when `current` is not shown.
pub fn neighbour<'a>(
    rows: &'a [ArticleStatus],
    order: &[usize],
    current: &str,
    step: isize,
) -> Option<&'a str> {
    let position = order.iter().position(|&index| rows[index].key == current)?;
    let target = position.checked_add_signed(step)?;
    order.get(target).map(|&index| rows[index].key.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::status::{AnalystStatus, Consensus};
    use crate::project::{ArticleEntry, AttributeKind};
    use std::collections::BTreeMap;

    fn row(
        key: &str,
        title: &str,
        date: &str,
        a: (ReadingStatus, usize),
        assigned: &[&str],
    ) -> ArticleStatus {
        ArticleStatus {
            key: key.into(),
            title: title.into(),
            info: crate::store::DocumentInfo {
                title: title.into(),
                date: Some(date.into()),
                ..Default::default()
            },
            assigned: assigned.iter().map(|name| (*name).to_owned()).collect(),
            double_read: false,
            analysts: BTreeMap::from([(
                "a".to_owned(),
                AnalystStatus {
                    status: a.0,
                    annotations: a.1,
                },
            )]),
            consensus: Consensus::None,
            missing: false,
            problems: Vec::new(),
        }
    }

    fn sample() -> (Manifest, Vec<ArticleStatus>) {
        let mut manifest = Manifest::new("p");
        manifest
            .attributes
            .insert("pages".into(), AttributeKind::Number);
        for (key, pages) in [("x.txt", "10"), ("y.txt", "9"), ("z.txt", "100")] {
            manifest.articles.insert(
                key.into(),
                ArticleEntry {
                    attributes: BTreeMap::from([("pages".into(), pages.into())]),
                    ..ArticleEntry::default()
                },
            );
        }
        let rows = vec![
            row(
                "x.txt",
                "Sanctions relief",
                "2026-11-02",
                (ReadingStatus::Done, 4),
                &["a"],
            ),
            row(
                "y.txt",
                "Ceasefire terms",
                "2026-10-01",
                (ReadingStatus::InProgress, 2),
                &["a"],
            ),
            row(
                "z.txt",
                "Nuclear breakout",
                "2026-12-01",
                (ReadingStatus::NotStarted, 0),
                &["a", "b"],
            ),
        ];
        (manifest, rows)
    }

    #[test]
    fn filters_by_every_word_and_sorts_by_any_column_both_ways() {
        let (manifest, rows) = sample();
        let mut view = TableView::default();
        let keys = |view: &TableView| -> Vec<&str> {
            view.visible(&manifest, &rows)
                .into_iter()
                .map(|index| rows[index].key.as_str())
                .collect()
        };
        assert_eq!(keys(&view), ["y.txt", "z.txt", "x.txt"], "by title");
        view.sort_by(Column::Date);
        assert_eq!(keys(&view), ["y.txt", "x.txt", "z.txt"]);
        view.sort_by(Column::Date);
        assert_eq!(
            keys(&view),
            ["z.txt", "x.txt", "y.txt"],
            "the same column reverses"
        );
        view.sort_by(Column::Attribute("pages".into()));
        assert_eq!(keys(&view), ["y.txt", "x.txt", "z.txt"], "numbers by value");
        view.sort_by(Column::Analyst("a".into()));
        assert_eq!(
            keys(&view),
            ["z.txt", "y.txt", "x.txt"],
            "not started first"
        );
        view.filter = "2026-1 SANCTIONS".into();
        assert_eq!(keys(&view), ["x.txt"]);
        view.filter = "100".into();
        assert_eq!(keys(&view), ["z.txt"], "attribute values are searched");
        // Column conditions.
        view.sort_by(Column::Title);
        view.filter = "a:not-started".into();
        assert_eq!(keys(&view), ["z.txt"]);
        view.filter = "A:In_Progress".into();
        assert_eq!(keys(&view), ["y.txt"]);
        view.filter = "assigned:b".into();
        assert_eq!(keys(&view), ["z.txt"]);
        view.filter = "consensus:none pages:10".into();
        assert_eq!(keys(&view), ["z.txt", "x.txt"], "10 is in 100");
        view.filter = "date:2026-1".into();
        assert_eq!(keys(&view), ["y.txt", "z.txt", "x.txt"]);
        view.filter = "date:2026-12 a:not_started".into();
        assert_eq!(keys(&view), ["z.txt"]);
        view.filter = "nosuchcolumn:x".into();
        assert!(keys(&view).is_empty(), "an unknown column is a plain word");
    }

    #[test]
    fn next_assigned_skips_done_and_wraps_and_neighbours_stop_at_the_ends() {
        let (manifest, rows) = sample();
        let order = TableView::default().visible(&manifest, &rows);
        assert_eq!(next_assigned(&rows, &order, "a", None), Some("y.txt"));
        assert_eq!(
            next_assigned(&rows, &order, "a", Some("y.txt")),
            Some("z.txt")
        );
        assert_eq!(
            next_assigned(&rows, &order, "a", Some("z.txt")),
            Some("y.txt")
        );
        assert_eq!(next_assigned(&rows, &order, "b", Some("z.txt")), None);
        assert_eq!(neighbour(&rows, &order, "y.txt", 1), Some("z.txt"));
        assert_eq!(neighbour(&rows, &order, "y.txt", -1), None);
        assert_eq!(neighbour(&rows, &order, "x.txt", 1), None);
    }
}
