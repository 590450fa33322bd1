//! What a project export holds: the articles a query selects, each with its layers cut down to
//! the annotations the query retrieves (and the relations between them), ready for
//! [`crate::export::project`].

use super::index::ProjectIndex;
use super::progress::Progress;
use super::readings::ArticleReadings;
use super::search::{AnnotationFilter, SearchQuery, chosen_layers, matching_articles};
use super::{Project, ProjectError};
use crate::model::Layer;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The selected articles (as the index holds them) and their cut-down layers, in project
/// order.
pub struct Selection<'i> {
    pub articles: Vec<(&'i ArticleReadings, Vec<Layer>)>,
    /// Files that could not be read, one sentence each naming the file.
    pub problems: Vec<String>,
}

/// How a selection is written: the project's name, the selection in words, the grouping, and
/// the codebook to append (briefings only).
pub struct SelectionExport<'a> {
    pub name: &'a str,
    pub selection: &'a str,
    pub group_by: crate::export::project::GroupBy,
    pub codebook: Option<&'a crate::export::project::CodebookAppendix>,
}

impl Selection<'_> {
    /// Writes the selected articles as one export in `format` (any but brat, which keeps a
    /// folder per article).
    pub fn write(
        &self,
        format: crate::export::ExportFormat,
        how: &SelectionExport<'_>,
        out: &mut dyn std::io::Write,
        options: &crate::export::ExportOptions,
        progress: crate::export::Progress<'_>,
    ) -> std::io::Result<()> {
        let layers: Vec<Vec<&Layer>> = self
            .articles
            .iter()
            .map(|(_, layers)| layers.iter().collect())
            .collect();
        let no_tags = std::collections::HashSet::new();
        let inputs: Vec<crate::export::ExportInput<'_>> = self
            .articles
            .iter()
            .zip(&layers)
            .map(|((readings, _), layers)| crate::export::ExportInput {
                article_name: &readings.key,
                document: &readings.document,
                layers,
                tags: &no_tags,
                info: Some(&readings.info),
                settled_from: &[],
            })
            .collect();
        let export = crate::export::project::ProjectExport {
            name: how.name,
            selection: how.selection,
            articles: &inputs,
            group_by: how.group_by,
            codebook: how.codebook,
        };
        crate::export::project::write_project(format, &export, out, options, progress)
    }
}

/// The articles and annotations `query` retrieves from `index`; articles with none are left
/// out.
pub fn select<'i>(
    project: &Project,
    index: &'i ProjectIndex,
    query: &SearchQuery,
    progress: &BTreeMap<String, Progress>,
) -> Result<Selection<'i>, ProjectError> {
    let filter = AnnotationFilter::new(query);
    let articles = matching_articles(project, index, query)?
        .into_par_iter()
        .filter_map(|article| {
            let readings = &article.readings;
            let layers: Vec<Layer> = chosen_layers(project, readings, query, progress)
                .into_iter()
                .filter_map(|layer| cut_down(layer, &filter))
                .collect();
            (!layers.is_empty()).then_some((readings, layers))
        })
        .collect();
    Ok(Selection {
        articles,
        problems: index.problems(),
    })
}

/// `layer` with only the annotations `filter` takes and the relations between them; `None`
/// when it takes none.
fn cut_down(layer: &Layer, filter: &AnnotationFilter) -> Option<Layer> {
    let kept: Vec<_> = layer
        .annotations()
        .iter()
        .filter(|annotation| filter.matches(annotation, layer))
        .cloned()
        .collect();
    if kept.is_empty() {
        return None;
    }
    let ids: std::collections::HashSet<_> = kept.iter().map(|annotation| annotation.id).collect();
    let relations = layer
        .relations()
        .iter()
        .filter(|relation| ids.contains(&relation.source) && ids.contains(&relation.target))
        .cloned()
        .collect();
    let cut = Layer::with_annotations(layer.analyst.clone(), layer.tag_set.clone(), kept)
        .with_analyst_name(layer.analyst_name.clone())
        .with_reading_note(layer.reading_note());
    Some(cut.with_relations(relations).0)
}
