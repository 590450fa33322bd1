//! `project export`: one export across the articles a query selects.

use super::super::commands::named_analyst;
use super::SearchFilters;
use crate::project::search::{Condition, SearchQuery};
use crate::project::status::load_progress;
use anyhow::{Context, bail};
use std::path::Path;

pub(super) fn export(
    dir: &Path,
    filters: &SearchFilters,
    analysts: &[String],
    (format, group_by, excel, with_codebook): (
        crate::export::ExportFormat,
        crate::export::project::GroupBy,
        bool,
        bool,
    ),
    output: &Path,
) -> anyhow::Result<()> {
    if format == crate::export::ExportFormat::Brat {
        bail!(
            "brat keeps one folder per article: export the articles one by one (closeread export ARTICLE --format brat)"
        );
    }
    let project = super::open_for_reading(dir)?;
    let query = query_of(filters, analysts)?;
    check_names(&project, &query)?;
    let (progress, problems) = load_progress(&project);
    for problem in &problems {
        eprintln!("warning: {problem}");
    }
    crate::project::search::check_query(&project, &query)
        .with_context(|| super::in_project(dir))?;
    let index = crate::project::index::ProjectIndex::read(&project);
    let selection = crate::project::export::select(&project, &index, &query, &progress)
        .with_context(|| super::in_project(dir))?;
    for problem in &selection.problems {
        eprintln!("warning: {problem}");
    }
    let selection_text = describe_query(&query);
    let appendix = if with_codebook {
        match project.codebook()? {
            Some(codebook) => Some(codebook.appendix()),
            None => bail!(
                "the project has no codebook to append (make one with `closeread project codebook init {}`)",
                dir.display()
            ),
        }
    } else {
        None
    };
    let options = crate::export::ExportOptions {
        excel,
        with_article: false,
    };
    // Written whole or not at all, like every export.
    let mut buffer = Vec::new();
    let how = crate::project::export::SelectionExport {
        name: &project.manifest.name,
        selection: &selection_text,
        group_by,
        codebook: appendix.as_ref(),
    };
    selection.write(format, &how, &mut buffer, &options, &mut |_, _| {})?;
    crate::store::write_atomically(output, &buffer)
        .with_context(|| format!("cannot write {}", output.display()))?;
    println!(
        "{} article(s) exported to {}",
        selection.articles.len(),
        output.display()
    );
    Ok(())
}

/// The filters in words, for the export's opening line.
fn describe_query(query: &SearchQuery) -> String {
    let mut parts = Vec::new();
    if !query.tags.is_empty() {
        parts.push(format!("tags {}", query.tags.join(", ")));
    }
    if !query.analysts.is_empty() {
        parts.push(format!("analysts {}", query.analysts.join(", ")));
    }
    if let Some(text) = &query.text {
        parts.push(format!("text “{text}”"));
    }
    for condition in &query.conditions {
        let comparison = match condition.comparison {
            crate::project::search::Comparison::Equal => "=",
            crate::project::search::Comparison::AtLeast => "≥",
            crate::project::search::Comparison::AtMost => "≤",
        };
        parts.push(format!(
            "{} {comparison} {}",
            condition.key, condition.value
        ));
    }
    parts.join("; ")
}

pub(super) fn query_of(
    filters: &SearchFilters,
    analysts: &[String],
) -> anyhow::Result<SearchQuery> {
    Ok(SearchQuery {
        tags: filters.tags.clone(),
        analysts: analysts
            .iter()
            .map(|name| named_analyst(name).map(|named| named.id))
            .collect::<anyhow::Result<_>>()?,
        text: filters.text.clone().filter(|text| !text.trim().is_empty()),
        conditions: filters
            .conditions
            .iter()
            .map(|text| Condition::parse(text))
            .collect::<Result<_, _>>()?,
        viewer: filters
            .viewer
            .as_deref()
            .map(|name| named_analyst(name).map(|named| named.id))
            .transpose()?,
    })
}

/// Refuses names that can find nothing: a tag the project's tag set does not have (by id or
/// label), an analyst (`--analyst`, `--as`) the project does not know (named in the manifest,
/// assigned, with a progress file, or with a reading of one of its articles). Without a tag set
/// of its own, a project's articles may use any tags, so tags are not checked then.
pub(super) fn check_names(
    project: &crate::project::Project,
    query: &SearchQuery,
) -> anyhow::Result<()> {
    if let Ok(Some(tag_set)) = project.tag_set() {
        for tag in &query.tags {
            if tag_set.find(tag).is_none() {
                let known: Vec<String> = tag_set
                    .tags
                    .iter()
                    .map(|def| format!("{} ({})", def.id, def.label))
                    .collect();
                bail!(
                    "the project's tag set has no tag {tag:?}; its tags are {}",
                    known.join(", ")
                );
            }
        }
    }
    let named: Vec<&String> = query.analysts.iter().chain(query.viewer.as_ref()).collect();
    if named.is_empty() {
        return Ok(());
    }
    let (progress, _) = crate::project::status::load_progress(project);
    let mut known: std::collections::BTreeSet<String> = project
        .manifest
        .analysts
        .keys()
        .cloned()
        .chain(progress.into_keys())
        .chain(
            project
                .manifest
                .articles
                .values()
                .flat_map(|entry| entry.assigned.iter().cloned()),
        )
        .chain(std::iter::once(crate::team::CONSENSUS.to_owned()))
        .collect();
    known.extend(
        crate::project::index::files::article_files(project)
            .into_iter()
            .flat_map(|files| files.layers.into_iter().map(|file| file.analyst)),
    );
    for name in named {
        if !known.contains(name) {
            bail!(
                "{name:?} is not an analyst of the project; its analysts are {}",
                known.into_iter().collect::<Vec<_>>().join(", ")
            );
        }
    }
    Ok(())
}
