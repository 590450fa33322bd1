//! Searching the articles' own text across a project ("every mention of IRGC in fifty
//! articles"), and tagging chosen matches: one undo step per article, each saved to the
//! analyst's sidecar of that article.

use super::index::{IndexedArticle, ProjectIndex};
use super::{Project, ProjectError};
use crate::model::search::{find_all, is_whole_word};
use crate::model::{Span, TagId};
use crate::session::ReadingSession;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// What to look for in the articles' text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextQuery {
    pub text: String,
    pub match_case: bool,
    /// Only where the text stands as whole words ("Iran" but not "Iranian").
    pub whole_words: bool,
}

/// One place the text occurs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextMatch {
    /// The article's manifest key.
    pub article: String,
    pub title: String,
    pub start: usize,
    pub end: usize,
    pub before: String,
    pub exact: String,
    pub after: String,
    pub paragraph: Option<usize>,
}

/// What a text search found and what it could not read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextResults {
    /// By article, then place.
    pub matches: Vec<TextMatch>,
    /// Articles searched.
    pub articles: usize,
    pub problems: Vec<String>,
}

/// Chars of context on each side of a match.
const CONTEXT: usize = 60;

/// Every place `query` occurs in the articles of `project` (reading them all; a window keeps
/// a [`ProjectIndex`] and calls [`search_texts_in`]).
pub fn search_texts(project: &Project, query: &TextQuery) -> TextResults {
    if query.text.trim().is_empty() {
        return TextResults::default();
    }
    search_texts_in(&ProjectIndex::read(project), query)
}

/// Every place `query` occurs in the articles `index` holds, searched on every core.
pub fn search_texts_in(index: &ProjectIndex, query: &TextQuery) -> TextResults {
    if query.text.trim().is_empty() {
        return TextResults::default();
    }
    let found: Vec<Vec<TextMatch>> = index
        .articles()
        .par_iter()
        .map(|article| article_matches(article, query))
        .collect();
    TextResults {
        matches: found.concat(),
        articles: index.articles().len(),
        problems: index.problems(),
    }
}

fn article_matches(article: &IndexedArticle, query: &TextQuery) -> Vec<TextMatch> {
    let document = &article.readings.document;
    let spans = find_all(
        document,
        Some(article.folded()),
        &query.text,
        query.match_case,
    );
    let title = article.readings.title();
    spans
        .into_iter()
        .filter(|span| !query.whole_words || is_whole_word(document, *span))
        .map(|span| TextMatch {
            article: article.readings.key.clone(),
            title: title.to_owned(),
            start: span.start,
            end: span.end,
            before: document
                .slice(span.start.saturating_sub(CONTEXT)..span.start)
                .to_owned(),
            exact: document.slice(span.start..span.end).to_owned(),
            after: document.slice(span.end..span.end + CONTEXT).to_owned(),
            paragraph: document.location(span.start).paragraph,
        })
        .collect()
}

/// What tagging matches did, per article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tagged {
    /// (article key, annotations added) for each article changed.
    pub articles: Vec<(String, usize)>,
    /// Matches already tagged so, left as they were.
    pub already: usize,
    /// Articles that could not be changed, one sentence each naming the file.
    pub problems: Vec<String>,
}

/// Tags `matches` with `tag` in `analyst`'s readings: one batch (one undo step) per article,
/// saved at once. Articles in `skip` (the one a window has open) are left to the caller.
pub fn tag_matches(
    project: &Project,
    matches: &[&TextMatch],
    tag: &TagId,
    analyst: &str,
    skip: Option<&str>,
) -> Tagged {
    let mut by_article: BTreeMap<&str, Vec<Span>> = BTreeMap::new();
    for found in matches {
        if Some(found.article.as_str()) != skip {
            by_article
                .entry(&found.article)
                .or_default()
                .push(Span::new(found.start, found.end));
        }
    }
    let mut tagged = Tagged::default();
    for (key, spans) in by_article {
        let outcome = (|| -> Result<usize, ProjectError> {
            let path = project.article_path(key);
            let mut session =
                ReadingSession::open(&path, project.annotations_dir().as_deref(), analyst)
                    .map_err(|error| ProjectError::Invalid(error.to_string()))?;
            let added = session
                .add_annotations(&spans, tag.clone())
                .map_err(|error| ProjectError::Invalid(error.to_string()))?;
            if added > 0 {
                session
                    .save()
                    .map_err(|error| ProjectError::Invalid(error.to_string()))?;
            }
            Ok(added)
        })();
        match outcome {
            Ok(added) => {
                tagged.already += spans.len() - added;
                if added > 0 {
                    tagged.articles.push((key.to_owned(), added));
                }
            }
            Err(error) => tagged.problems.push(format!("{key}: {error}")),
        }
    }
    tagged
}
