//! Agreement across a project: per article (the same metrics as for one article) and pooled
//! per pair of analysts over the articles both have annotated
//! ([`crate::team::agreement::pooled_agreement`] says how they pool).

use super::Project;
use super::index::ProjectIndex;
use super::readings::ArticleReadings;
use crate::model::Layer;
use crate::team::agreement::{PairAgreement, pooled_agreement};
use rayon::prelude::*;

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

/// Agreement over every article of `project` that two or more analysts have annotated,
/// reading only the articles with two analysts' sidecars.
pub fn project_agreement(project: &Project) -> ProjectAgreement {
    let index = ProjectIndex::read_where(project, |files| files.analyst_layers().count() >= 2);
    project_agreement_in(&index)
}

/// Agreement over the articles `index` holds that two or more analysts have annotated.
pub fn project_agreement_in(index: &ProjectIndex) -> ProjectAgreement {
    let loaded: Vec<&ArticleReadings> = index
        .articles()
        .iter()
        .map(|article| &article.readings)
        .filter(|readings| readers(readings).len() >= 2)
        .collect();
    let parts: Vec<(&crate::model::Document, Vec<&Layer>)> = loaded
        .iter()
        .map(|readings| (&readings.document, readers(readings)))
        .collect();
    let per_article = loaded
        .par_iter()
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
        problems: index.problems(),
    }
}
