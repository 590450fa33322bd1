//! A project held in memory: every article read once (on every core) with its layers
//! re-anchored, its text folded for case-insensitive search, and each annotation made ready as
//! a search hit with its keyword in context. Retrieval, text search, export and agreement then
//! run without reading a file, which is what lets a window search a thousand articles as the
//! analyst types.
//!
//! The files stay the truth: [`ProjectIndex::refresh`] compares each article's files with the
//! stamps they had when read and reads again only those that changed, appeared or went (an
//! edit saved in the window, a teammate's sidecar pulled by git, a `closeread` command).
//! Nothing in the index is ever written; the summaries kept between runs are in [`cache`].

pub mod cache;
pub mod files;

use super::Project;
use super::readings::{ArticleReadings, read_article_readings_from};
use super::search::Hit;
use crate::export::ExportInput;
use crate::model::search::FoldedText;
use files::{ArticleFiles, FileStamp, article_files};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, OnceLock};

/// One article as the index holds it. What only searches need is made at the first search
/// (or by [`ProjectIndex::prepare_search`]), not by an export or agreement that reads the
/// project once.
pub struct IndexedArticle {
    pub readings: ArticleReadings,
    folded: OnceLock<FoldedText>,
    entries: OnceLock<Vec<IndexedHit>>,
    stamps: Vec<FileStamp>,
}

impl IndexedArticle {
    /// The text folded for case-insensitive search.
    pub fn folded(&self) -> &FoldedText {
        self.folded
            .get_or_init(|| FoldedText::new(&self.readings.document))
    }

    /// Every annotation of every layer (the consensus layer's too) as a hit, in hit order
    /// (place in the text, then analyst).
    pub(crate) fn entries(&self) -> &[IndexedHit] {
        self.entries.get_or_init(|| hits_of(&self.readings))
    }
}

/// One annotation ready to be found.
pub(crate) struct IndexedHit {
    pub hit: Arc<Hit>,
    /// Lower case, for the tag and text filters.
    pub tag: String,
    pub tag_label: String,
    pub exact: String,
    pub note: String,
}

impl IndexedHit {
    /// Whether it is one of `tags` (lower-case ids or labels; none takes every tag) and holds
    /// `text` (lower case) in its excerpt or note.
    pub fn matches(&self, tags: &[String], text: Option<&str>) -> bool {
        (tags.is_empty()
            || tags
                .iter()
                .any(|tag| *tag == self.tag || *tag == self.tag_label))
            && text.is_none_or(|text| self.exact.contains(text) || self.note.contains(text))
    }
}

/// An article that could not be read at all, kept so that it is not read again until its
/// files change.
struct Unreadable {
    stamps: Vec<FileStamp>,
    problem: String,
}

/// The articles of a project in memory.
#[derive(Default)]
pub struct ProjectIndex {
    /// In manifest order.
    articles: Vec<IndexedArticle>,
    unreadable: BTreeMap<String, Unreadable>,
}

impl ProjectIndex {
    /// Reads every article of `project`.
    pub fn read(project: &Project) -> Self {
        Self::read_where(project, |_| true)
    }

    /// Reads the articles of `project` whose files `keep` takes (agreement needs only those
    /// with two sidecars). [`Self::refresh`] later brings in every article.
    pub fn read_where(project: &Project, keep: impl Fn(&ArticleFiles) -> bool + Sync) -> Self {
        let mut index = Self::default();
        let wanted: Vec<ArticleFiles> = article_files(project).into_iter().filter(keep).collect();
        index.take(read_all(wanted));
        index
    }

    /// Reads again the articles whose files changed since they were read, those new to the
    /// manifest, and drops those no longer in it. Returns how many were read.
    pub fn refresh(&mut self, project: &Project) -> usize {
        let now = article_files(project);
        let listed: HashSet<&str> = now.iter().map(|files| files.key.as_str()).collect();
        self.articles
            .retain(|article| listed.contains(article.readings.key.as_str()));
        self.unreadable
            .retain(|key, _| listed.contains(key.as_str()));
        let stamps: BTreeMap<&str, &[FileStamp]> = self
            .articles
            .iter()
            .map(|article| (article.readings.key.as_str(), article.stamps.as_slice()))
            .chain(
                self.unreadable
                    .iter()
                    .map(|(key, gone)| (key.as_str(), gone.stamps.as_slice())),
            )
            .collect();
        let stale: Vec<ArticleFiles> = now
            .into_iter()
            .filter(|files| stamps.get(files.key.as_str()) != Some(&files.stamps.as_slice()))
            .collect();
        let count = stale.len();
        if count > 0 {
            let keys: HashSet<String> = stale.iter().map(|files| files.key.clone()).collect();
            self.articles
                .retain(|article| !keys.contains(&article.readings.key));
            self.take(read_all(stale));
            let order: BTreeMap<&String, usize> = project
                .manifest
                .articles
                .keys()
                .enumerate()
                .map(|(position, key)| (key, position))
                .collect();
            self.articles
                .sort_by_key(|article| order.get(&article.readings.key).copied());
        }
        count
    }

    fn take(&mut self, read: Vec<Result<IndexedArticle, (String, Unreadable)>>) {
        for outcome in read {
            match outcome {
                Ok(article) => {
                    self.unreadable.remove(&article.readings.key);
                    self.articles.push(article);
                }
                Err((key, gone)) => {
                    self.unreadable.insert(key, gone);
                }
            }
        }
    }

    /// The articles read, in manifest order.
    pub fn articles(&self) -> &[IndexedArticle] {
        &self.articles
    }

    pub fn article(&self, key: &str) -> Option<&IndexedArticle> {
        self.articles
            .iter()
            .find(|article| article.readings.key == key)
    }

    /// Makes, on every core, what searches need that is not made yet.
    pub fn prepare_search(&self) {
        self.articles.par_iter().for_each(|article| {
            article.folded();
            article.entries();
        });
    }

    /// What could not be read, one sentence each naming the file: whole articles, and the
    /// files of articles read without them.
    pub fn problems(&self) -> Vec<String> {
        self.unreadable
            .values()
            .map(|gone| gone.problem.clone())
            .chain(
                self.articles
                    .iter()
                    .flat_map(|article| article.readings.problems.iter().cloned()),
            )
            .collect()
    }
}

/// Reads `wanted` on every core, in its order.
fn read_all(wanted: Vec<ArticleFiles>) -> Vec<Result<IndexedArticle, (String, Unreadable)>> {
    wanted
        .into_par_iter()
        .map(|files| match read_article_readings_from(&files) {
            Ok(readings) => Ok(IndexedArticle {
                readings,
                folded: OnceLock::new(),
                entries: OnceLock::new(),
                stamps: files.stamps,
            }),
            Err(problem) => Err((
                files.key,
                Unreadable {
                    stamps: files.stamps,
                    problem,
                },
            )),
        })
        .collect()
}

/// Makes an article's hits, in the order a search gives them.
fn hits_of(readings: &ArticleReadings) -> Vec<IndexedHit> {
    let no_tags = HashSet::new();
    let input = ExportInput {
        article_name: &readings.article_name,
        document: &readings.document,
        layers: &[],
        tags: &no_tags,
        info: Some(&readings.info),
        settled_from: &[],
    };
    let title = readings.title().to_owned();
    let mut entries = Vec::new();
    for layer in readings.layers.iter().chain(readings.consensus.as_ref()) {
        for annotation in layer.annotations() {
            let excerpt = input.excerpt(annotation, &layer.tag_set);
            let placed = annotation.is_placed();
            let hit = Hit {
                article: readings.key.clone(),
                title: title.clone(),
                analyst: layer.analyst.clone(),
                tag: annotation.tag.to_string(),
                tag_label: excerpt.tag_label.clone(),
                start: placed.then_some(annotation.span.start),
                end: placed.then_some(annotation.span.end),
                exact: annotation.quote.exact.clone(),
                note: annotation.note.clone(),
                section: excerpt.section.clone(),
                paragraph: excerpt.paragraph,
                before: excerpt.context_before.clone(),
                after: excerpt.context_after.clone(),
                id: annotation.id.to_string(),
            };
            entries.push(IndexedHit {
                tag: hit.tag.to_lowercase(),
                tag_label: hit.tag_label.to_lowercase(),
                exact: hit.exact.to_lowercase(),
                note: hit.note.to_lowercase(),
                hit: Arc::new(hit),
            });
        }
    }
    entries.sort_by(|a, b| {
        let (a, b) = (&a.hit, &b.hit);
        (a.start.is_none(), a.start, a.end, &a.analyst).cmp(&(
            b.start.is_none(),
            b.start,
            b.end,
            &b.analyst,
        ))
    });
    entries
}
