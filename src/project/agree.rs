//! Agreement across a project: per article (the same metrics as for one article) and pooled
//! per pair of analysts over the articles both have annotated
//! ([`crate::team::agreement::pooled_agreement`] says how they pool).

use super::Project;
use super::readings::{ArticleReadings, read_article_readings};
use crate::model::Layer;
use crate::team::agreement::{PairAgreement, pooled_agreement};

/// One article's pairs.
pub struct ArticleAgreement {
    pub key: String,
    pub pairs: Vec<PairAgreement>,
}

/// The project's agreement.
pub struct ProjectAgreement {
    /// Articles with at least two analysts' placed annotations.
    pub articles: usize,
    /// Each pair pooled, with the number of articles it was pooled over.
    pub pooled: Vec<(PairAgreement, usize)>,
    pub per_article: Vec<ArticleAgreement>,
    /// Files that could not be read, one sentence each naming the file.
    pub problems: Vec<String>,
}

/// The analysts' layers with a placed annotation.
fn readers(readings: &ArticleReadings) -> Vec<&Layer> {
    readings
        .layers
        .iter()
        .filter(|layer| {
            layer
                .annotations()
                .iter()
                .any(|annotation| annotation.is_placed() && !annotation.span.is_empty())
        })
        .collect()
}

/// Agreement over every article of `project` that two or more analysts have annotated.
pub fn project_agreement(project: &Project) -> ProjectAgreement {
    let mut problems = Vec::new();
    let mut loaded = Vec::new();
    for key in project.manifest.articles.keys() {
        // Only articles with two sidecars are worth reading in full.
        let sidecars = crate::team::discover_layers(
            &project.article_path(key),
            project.annotations_dir().as_deref(),
        )
        .into_iter()
        .filter(|file| !file.is_consensus())
        .count();
        if sidecars < 2 {
            continue;
        }
        match read_article_readings(project, key) {
            Ok(readings) => {
                problems.extend(readings.problems.iter().cloned());
                if readers(&readings).len() >= 2 {
                    loaded.push(readings);
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    let parts: Vec<(&crate::model::Document, Vec<&Layer>)> = loaded
        .iter()
        .map(|readings| (&readings.document, readers(readings)))
        .collect();
    let per_article = loaded
        .iter()
        .zip(&parts)
        .map(|(readings, (document, layers))| ArticleAgreement {
            key: readings.key.clone(),
            pairs: crate::team::agreement(document, layers).pairs,
        })
        .collect();
    ProjectAgreement {
        articles: loaded.len(),
        pooled: pooled_agreement(&parts),
        per_article,
        problems,
    }
}
