//! Searching the articles' own text across a project ("every mention of IRGC in fifty
//! articles"), and tagging chosen matches: one undo step per article, each saved to the
//! analyst's sidecar of that article.

use super::{Project, ProjectError};
use crate::model::search::{FoldedText, find_all, is_whole_word};
use crate::model::{Span, TagId};
use crate::session::ReadingSession;
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

/// Every place `query` occurs in the articles of `project`.
pub fn search_texts(project: &Project, query: &TextQuery) -> TextResults {
    let mut results = TextResults::default();
    if query.text.trim().is_empty() {
        return results;
    }
    for key in project.manifest.articles.keys() {
        let path = project.article_path(key);
        let article = match crate::store::read_article(&path) {
            Ok(article) => article,
            Err(error) => {
                results.problems.push(error.to_string());
                continue;
            }
        };
        results.articles += 1;
        let document = &article.document;
        let folded = (!query.match_case).then(|| FoldedText::new(document));
        let spans: Vec<Span> = find_all(document, folded.as_ref(), &query.text, query.match_case)
            .into_iter()
            .filter(|span| !query.whole_words || is_whole_word(document, *span))
            .collect();
        if spans.is_empty() {
            continue;
        }
        let title = crate::store::document_info::load(&path)
            .ok()
            .flatten()
            .map(|info| info.title)
            .filter(|title| !title.trim().is_empty())
            .unwrap_or_else(|| key.rsplit('/').next().unwrap_or(key).to_owned());
        for span in spans {
            results.matches.push(TextMatch {
                article: key.clone(),
                title: title.clone(),
                start: span.start,
                end: span.end,
                before: document
                    .slice(span.start.saturating_sub(CONTEXT)..span.start)
                    .to_owned(),
                exact: document.slice(span.start..span.end).to_owned(),
                after: document.slice(span.end..span.end + CONTEXT).to_owned(),
                paragraph: document.location(span.start).paragraph,
            });
        }
    }
    results
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
