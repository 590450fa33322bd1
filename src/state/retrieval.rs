//! Retrieval across the open project as the window holds it: the query being written (tags,
//! analysts, words, conditions, grouping) and the results of the last search.

use crate::export::project::GroupBy;
use crate::project::ProjectError;
use crate::project::search::{Condition, Hit, SearchQuery, SearchResults};
use std::collections::BTreeSet;

/// What the Retrieval window searches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RetrievalMode {
    /// The analysts' annotations.
    #[default]
    Annotations,
    /// The articles' own text.
    Text,
}

/// The query as the Retrieval window edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetrievalDraft {
    pub mode: RetrievalMode,
    /// The text search's query (mode `Text`).
    pub text_query: crate::project::text_search::TextQuery,
    /// Indexes of the text matches ticked for tagging; none ticked: all of them.
    pub chosen: BTreeSet<usize>,
    /// Tag ids ticked; none: every tag.
    pub tags: BTreeSet<String>,
    /// Analyst ids ticked; none: every analyst (not the consensus).
    pub analysts: BTreeSet<String>,
    /// Words in the excerpt or note.
    pub text: String,
    /// Conditions separated by `;`: `organisation=U.S. Treasury; date>=2026-11`.
    pub conditions: String,
    pub group_by: GroupBy,
    /// Append the project's codebook to an exported briefing.
    pub with_codebook: bool,
}

impl RetrievalDraft {
    /// The query to run, as `viewer` (who, with "blind until done", sees only their own
    /// reading of an article they have not marked done).
    pub fn to_query(&self, viewer: Option<&str>) -> Result<SearchQuery, ProjectError> {
        let conditions = self
            .conditions
            .split(';')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(Condition::parse)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchQuery {
            tags: self.tags.iter().cloned().collect(),
            analysts: self.analysts.iter().cloned().collect(),
            text: Some(self.text.trim().to_owned()).filter(|text| !text.is_empty()),
            conditions,
            viewer: viewer.map(str::to_owned),
        })
    }
}

/// Hits grouped for showing: (heading, the hits' indexes), in order.
pub fn grouped(results: &SearchResults, group_by: GroupBy) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let key = |hit: &Hit| match group_by {
        GroupBy::Article => hit.title.clone(),
        GroupBy::Tag => hit.tag_label.clone(),
    };
    let mut order: Vec<usize> = (0..results.hits.len()).collect();
    if group_by == GroupBy::Tag {
        // Stable: within a tag, articles and places keep their order.
        order.sort_by_key(|&index| key(&results.hits[index]));
    }
    for index in order {
        let heading = key(&results.hits[index]);
        match groups.last_mut() {
            Some((last, members)) if *last == heading => members.push(index),
            _ => groups.push((heading, vec![index])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(article: &str, title: &str, tag: &str) -> Hit {
        Hit {
            article: article.into(),
            title: title.into(),
            analyst: "a".into(),
            tag: tag.to_lowercase(),
            tag_label: tag.into(),
            start: Some(0),
            end: Some(1),
            exact: "x".into(),
            note: String::new(),
            section: None,
            paragraph: None,
            before: String::new(),
            after: String::new(),
            id: String::new(),
        }
    }

    #[test]
    fn a_draft_becomes_a_query_and_hits_group_by_article_or_tag() {
        let draft = RetrievalDraft {
            tags: BTreeSet::from(["claim".to_owned()]),
            text: "  IRGC ".into(),
            conditions: "organisation=U.S. Treasury; date>=2026-11 ;".into(),
            ..RetrievalDraft::default()
        };
        let query = draft.to_query(Some("analyst-a")).expect("a query");
        assert_eq!(query.text.as_deref(), Some("IRGC"));
        assert_eq!(query.conditions.len(), 2);
        assert_eq!(query.viewer.as_deref(), Some("analyst-a"));
        let bad = RetrievalDraft {
            conditions: "organisation".into(),
            ..RetrievalDraft::default()
        };
        assert!(bad.to_query(None).is_err());

        let results = SearchResults {
            hits: vec![
                hit("a.txt", "A", "Claim"),
                hit("a.txt", "A", "Evidence"),
                hit("b.txt", "B", "Claim"),
            ]
            .into_iter()
            .map(std::sync::Arc::new)
            .collect(),
            articles: 2,
            problems: Vec::new(),
        };
        let by_article = grouped(&results, GroupBy::Article);
        assert_eq!(
            by_article,
            [("A".to_owned(), vec![0, 1]), ("B".to_owned(), vec![2])]
        );
        let by_tag = grouped(&results, GroupBy::Tag);
        assert_eq!(
            by_tag,
            [
                ("Claim".to_owned(), vec![0, 2]),
                ("Evidence".to_owned(), vec![1])
            ]
        );
    }
}
