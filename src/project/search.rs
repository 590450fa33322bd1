//! Retrieval across a project: the annotations of every article filtered by tag, analyst, text
//! in the excerpt or note, and conditions on the article (its document information, the
//! project's attributes) or the reading's status, each with where it is and the text before
//! and after it (keyword in context).
//!
//! A condition is `KEY=VALUE`, `KEY>=VALUE` or `KEY<=VALUE`:
//! - text and choice attributes, `title`, `publication`, `url`: equal, ignoring case (`title`
//!   and `publication` also match a part: `publication=washington`);
//! - `authors` (or `author`): one of the authors, ignoring case;
//! - dates (`date` and date attributes): `=` matches the day, or every day of a month or year
//!   given as `2026-11` or `2026`; `>=` and `<=` compare at the precision given, inclusive;
//! - numbers compare as numbers;
//! - `status`: the analyst's status on the article (`not_started`, `in_progress`, `done`).

use super::index::{IndexedArticle, ProjectIndex};
use super::manifest::{AttributeKind, DOCUMENT_KEYS};
use super::progress::Progress;
use super::readings::ArticleReadings;
use super::status::ReadingStatus;
use super::{Project, ProjectError};
use crate::model::{Annotation, Layer};
use crate::store::DocumentInfo;
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// How a condition compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Equal,
    AtLeast,
    AtMost,
}

/// `KEY=VALUE`, `KEY>=VALUE` or `KEY<=VALUE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub key: String,
    pub comparison: Comparison,
    pub value: String,
}

impl Condition {
    pub fn parse(text: &str) -> Result<Self, ProjectError> {
        let (key, comparison, value) = if let Some((key, value)) = text.split_once(">=") {
            (key, Comparison::AtLeast, value)
        } else if let Some((key, value)) = text.split_once("<=") {
            (key, Comparison::AtMost, value)
        } else if let Some((key, value)) = text.split_once('=') {
            (key, Comparison::Equal, value)
        } else {
            return Err(ProjectError::Invalid(format!(
                "{text:?} is not a condition: write KEY=VALUE, KEY>=VALUE or KEY<=VALUE"
            )));
        };
        let key = key.trim().to_lowercase();
        let mut value = value.trim().to_owned();
        if key == "status" {
            // "in progress" as the table shows it, or in_progress as JSON does.
            value = value.to_lowercase().replace([' ', '-'], "_");
        }
        Ok(Self {
            key,
            comparison,
            value,
        })
    }
}

/// What to retrieve. Empty lists and `None` take everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Tag ids or labels, any of them, ignoring case.
    pub tags: Vec<String>,
    /// Analyst ids, any of them (`consensus` for the consensus layer).
    pub analysts: Vec<String>,
    /// Text in the excerpt or the note, ignoring case.
    pub text: Option<String>,
    pub conditions: Vec<Condition>,
    /// Search as this analyst: with "blind until done", teammates' layers of an article they
    /// have not marked done are left out.
    pub viewer: Option<String>,
}

/// One annotation found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The article's manifest key.
    pub article: String,
    pub title: String,
    pub analyst: String,
    pub tag: String,
    pub tag_label: String,
    /// Char offsets; `None` for an annotation no longer found in the text.
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub exact: String,
    pub note: String,
    pub section: Option<String>,
    pub paragraph: Option<usize>,
    pub before: String,
    pub after: String,
    pub id: String,
}

/// What a search found and what it could not read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    /// By article, then place in the text, then analyst. Shared with the index they came
    /// from (a search of the whole project copies no text).
    pub hits: Vec<Arc<Hit>>,
    /// Articles searched (those whose attributes matched and that could be read).
    pub articles: usize,
    /// Files that could not be read, one sentence each naming the file.
    pub problems: Vec<String>,
}

/// Checks the query's condition keys against the project before anything is read.
pub fn check_query(project: &Project, query: &SearchQuery) -> Result<(), ProjectError> {
    for condition in &query.conditions {
        let known = condition.key == "status"
            || DOCUMENT_KEYS.contains(&condition.key.as_str())
            || project.manifest.attributes.contains_key(&condition.key);
        if !known {
            return Err(ProjectError::UnknownAttribute {
                key: condition.key.clone(),
                known: format!("{}, status", project.manifest.known_keys()),
            });
        }
        check_value(project, condition)?;
    }
    Ok(())
}

/// Refuses a condition whose value can never match (a number that is not one, a choice not
/// offered, an unknown status), instead of silently finding nothing.
fn check_value(project: &Project, condition: &Condition) -> Result<(), ProjectError> {
    let bad = |problem: String| ProjectError::BadValue {
        key: condition.key.clone(),
        problem,
    };
    let kind = match condition.key.as_str() {
        "status" => {
            const STATUSES: [&str; 3] = ["not_started", "in_progress", "done"];
            if STATUSES.contains(&condition.value.as_str()) {
                return Ok(());
            }
            return Err(bad(format!(
                "{:?} is not a status (one of {})",
                condition.value,
                STATUSES.join(", ")
            )));
        }
        "date" => AttributeKind::Date,
        key => match project.manifest.attributes.get(key) {
            Some(kind) => kind.clone(),
            None => return Ok(()),
        },
    };
    match (&kind, condition.comparison) {
        (AttributeKind::Text, _) => Ok(()),
        (AttributeKind::Choice(_), Comparison::Equal) => {
            kind.normalise(&condition.value).map(|_| ()).map_err(bad)
        }
        (AttributeKind::Choice(_), _) => Err(bad("a choice is compared with = only".to_owned())),
        (AttributeKind::Date | AttributeKind::Number, _) => {
            kind.normalise(&condition.value).map(|_| ()).map_err(bad)
        }
    }
}

/// Runs `query` over every article of `project` (the analysts' done marks in `progress`),
/// reading them all; a window keeps a [`ProjectIndex`] and calls [`search_index`] instead.
pub fn search(
    project: &Project,
    query: &SearchQuery,
    progress: &BTreeMap<String, Progress>,
) -> Result<SearchResults, ProjectError> {
    check_query(project, query)?;
    search_index(project, &ProjectIndex::read(project), query, progress)
}

/// Runs `query` over the articles `index` holds.
pub fn search_index(
    project: &Project,
    index: &ProjectIndex,
    query: &SearchQuery,
    progress: &BTreeMap<String, Progress>,
) -> Result<SearchResults, ProjectError> {
    let articles = matching_articles(project, index, query)?;
    let tags: Vec<String> = query.tags.iter().map(|tag| tag.to_lowercase()).collect();
    let text = query.text.as_deref().map(str::to_lowercase);
    let found: Vec<Vec<Arc<Hit>>> = articles
        .par_iter()
        .map(|article| {
            let chosen: HashSet<&str> = chosen_layers(project, &article.readings, query, progress)
                .into_iter()
                .map(|layer| layer.analyst.as_str())
                .collect();
            article
                .entries()
                .iter()
                .filter(|entry| {
                    chosen.contains(entry.hit.analyst.as_str())
                        && entry.matches(&tags, text.as_deref())
                })
                .map(|entry| Arc::clone(&entry.hit))
                .collect()
        })
        .collect();
    Ok(SearchResults {
        hits: found.concat(),
        articles: articles.len(),
        problems: index.problems(),
    })
}

/// The articles of `index` whose attributes and document information meet the query's
/// conditions, in manifest order.
pub(crate) fn matching_articles<'i>(
    project: &Project,
    index: &'i ProjectIndex,
    query: &SearchQuery,
) -> Result<Vec<&'i IndexedArticle>, ProjectError> {
    check_query(project, query)?;
    Ok(index
        .articles()
        .iter()
        .filter(|article| {
            let Some(entry) = project.manifest.articles.get(&article.readings.key) else {
                return false;
            };
            query
                .conditions
                .iter()
                .filter(|condition| project.manifest.attributes.contains_key(&condition.key))
                .all(|condition| {
                    let kind = &project.manifest.attributes[&condition.key];
                    entry
                        .attributes
                        .get(&condition.key)
                        .is_some_and(|value| matches(kind, value, condition))
                })
                && info_matches(&article.readings.info, &query.conditions)
        })
        .collect())
}

/// The layers of an article the query looks in: the analysts asked for (all but the
/// consensus when none are), as the viewer may see them, with the status asked for.
pub(crate) fn chosen_layers<'r>(
    project: &Project,
    readings: &'r ArticleReadings,
    query: &SearchQuery,
    progress: &BTreeMap<String, Progress>,
) -> Vec<&'r Layer> {
    let status_of = |analyst: &str| {
        if progress
            .get(analyst)
            .is_some_and(|progress| progress.is_done(&readings.key))
        {
            ReadingStatus::Done
        } else if readings.layer(analyst).is_some() {
            ReadingStatus::InProgress
        } else {
            ReadingStatus::NotStarted
        }
    };
    let viewer_blind = query.viewer.as_deref().filter(|viewer| {
        project.manifest.settings.blind_until_done && status_of(viewer) != ReadingStatus::Done
    });
    readings
        .layers
        .iter()
        .chain(readings.consensus.as_ref())
        .filter(|layer| {
            if query.analysts.is_empty() {
                layer.analyst != crate::team::CONSENSUS
            } else {
                query
                    .analysts
                    .iter()
                    .any(|analyst| analyst == &layer.analyst)
            }
        })
        .filter(|layer| viewer_blind.is_none_or(|viewer| layer.analyst == viewer))
        .filter(|layer| {
            query
                .conditions
                .iter()
                .filter(|condition| condition.key == "status")
                .all(|condition| {
                    status_of(&layer.analyst).as_str() == condition.value.to_lowercase()
                })
        })
        .collect()
}

/// The query's tag and text filters, prepared once.
pub(crate) struct AnnotationFilter {
    tags: Vec<String>,
    text: Option<String>,
}

impl AnnotationFilter {
    pub(crate) fn new(query: &SearchQuery) -> Self {
        Self {
            tags: query.tags.iter().map(|tag| tag.to_lowercase()).collect(),
            text: query.text.as_deref().map(str::to_lowercase),
        }
    }

    pub(crate) fn matches(&self, annotation: &Annotation, layer: &Layer) -> bool {
        tag_matches(annotation, layer, &self.tags) && text_matches(annotation, self.text.as_deref())
    }
}

fn tag_matches(annotation: &Annotation, layer: &Layer, wanted: &[String]) -> bool {
    if wanted.is_empty() {
        return true;
    }
    let id = annotation.tag.as_str().to_lowercase();
    let label = layer
        .tag_set
        .get(&annotation.tag)
        .map(|tag| tag.label.to_lowercase());
    wanted
        .iter()
        .any(|tag| *tag == id || label.as_deref() == Some(tag.as_str()))
}

fn text_matches(annotation: &Annotation, text: Option<&str>) -> bool {
    text.is_none_or(|text| {
        annotation.quote.exact.to_lowercase().contains(text)
            || annotation.note.to_lowercase().contains(text)
    })
}

/// Whether the document-information conditions hold for `info`.
fn info_matches(info: &DocumentInfo, conditions: &[Condition]) -> bool {
    conditions.iter().all(|condition| {
        let contains = |field: &str| {
            let field = field.to_lowercase();
            let value = condition.value.to_lowercase();
            field == value || field.contains(&value)
        };
        match condition.key.as_str() {
            "title" => contains(&info.title),
            "publication" => contains(&info.publication),
            "url" => info.url.eq_ignore_ascii_case(condition.value.trim()),
            "authors" | "author" => info
                .authors
                .iter()
                .any(|author| author.eq_ignore_ascii_case(condition.value.trim())),
            "date" => info
                .date
                .as_deref()
                .is_some_and(|date| matches(&AttributeKind::Date, date, condition)),
            _ => true,
        }
    })
}

/// Whether a stored value of `kind` meets `condition`.
fn matches(kind: &AttributeKind, value: &str, condition: &Condition) -> bool {
    let ordering = match kind {
        AttributeKind::Number => {
            match (value.trim().parse::<f64>(), condition.value.parse::<f64>()) {
                (Ok(value), Ok(bound)) => value.partial_cmp(&bound),
                _ => None,
            }
        }
        AttributeKind::Date => {
            let bound = crate::store::document_info::normalise_date(&condition.value);
            // Compared at the precision of the bound: 2026-11 holds every day of November.
            let value: String = value.chars().take(bound.chars().count()).collect();
            Some(value.cmp(&bound))
        }
        AttributeKind::Text | AttributeKind::Choice(_) => Some(
            value
                .trim()
                .to_lowercase()
                .cmp(&condition.value.trim().to_lowercase()),
        ),
    };
    match (ordering, condition.comparison) {
        (None, _) => false,
        (Some(ordering), Comparison::Equal) => ordering == Ordering::Equal,
        (Some(ordering), Comparison::AtLeast) => ordering != Ordering::Less,
        (Some(ordering), Comparison::AtMost) => ordering != Ordering::Greater,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn condition(text: &str) -> Condition {
        Condition::parse(text).expect("a condition")
    }

    #[test]
    fn conditions_parse_and_compare_by_kind() {
        assert_eq!(condition("Country = Iran").key, "country");
        assert_eq!(condition("date>=2026-11").comparison, Comparison::AtLeast);
        assert!(Condition::parse("country").is_err());
        let date = AttributeKind::Date;
        assert!(matches(&date, "2026-11-15", &condition("d=2026-11")));
        assert!(matches(&date, "2026-11-15", &condition("d<=2026-11")));
        assert!(!matches(&date, "2026-12-01", &condition("d<=2026-11")));
        assert!(matches(&date, "2026-12-01", &condition("d>=2026-11-30")));
        let number = AttributeKind::Number;
        assert!(matches(&number, "10", &condition("n>=9.5")));
        assert!(!matches(&number, "10", &condition("n<=9")));
        assert!(!matches(&number, "ten", &condition("n=10")));
        let text = AttributeKind::Text;
        assert!(matches(&text, "Hawkish", &condition("s=hawkish")));
        assert!(!matches(&text, "Hawkish", &condition("s=dovish")));
    }
}
