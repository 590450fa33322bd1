//! What `project status`, `search` and `agree` print.

use super::export::query_of;
use super::{SearchFilters, SearchFormat, TableOrJson};
use crate::project::Project;
use crate::project::agree::project_agreement;
use crate::project::search::{Hit, search};
use crate::project::status::{ArticleStatus, load_progress, project_status};
use crate::team::agreement::PairAgreement;
use anyhow::Context;
use std::io::Write;
use std::path::Path;

fn pair_json(pair: &PairAgreement) -> serde_json::Value {
    let scores = &pair.overall;
    serde_json::json!({
        "a": pair.a,
        "b": pair.b,
        "f1_exact": scores.f1_exact,
        "f1_overlap": scores.f1_overlap,
        "alpha_u": scores.alpha_u,
        "kappa": scores.kappa,
    })
}

pub(super) fn agree(dir: &Path, format: TableOrJson) -> anyhow::Result<()> {
    let project = super::open_for_reading(dir)?;
    let report = project_agreement(&project);
    for problem in &report.problems {
        eprintln!("warning: {problem}");
    }
    let mut out = std::io::stdout().lock();
    match format {
        TableOrJson::Json => {
            let pooled: Vec<serde_json::Value> = report
                .pooled
                .iter()
                .map(|(pair, articles)| {
                    let mut value = pair_json(pair);
                    value["articles"] = (*articles).into();
                    value
                })
                .collect();
            let per_article: Vec<serde_json::Value> = report
                .per_article
                .iter()
                .map(|article| {
                    serde_json::json!({
                        "path": article.key,
                        "pairs": article.pairs.iter().map(pair_json).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let value = serde_json::json!({
                "articles": report.articles,
                "pooled": {"pairs": pooled},
                "per_article": per_article,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        TableOrJson::Table => {
            use crate::team::agreement::figure;
            writeln!(
                out,
                "{} article(s) read by two or more analysts",
                report.articles
            )?;
            writeln!(
                out,
                "pooled:  pair  articles  F1 exact  F1 overlap  alpha_u  kappa"
            )?;
            let line = |pair: &PairAgreement| {
                let scores = &pair.overall;
                format!(
                    "{} / {}  {}  {}  {}  {}",
                    pair.a,
                    pair.b,
                    figure(scores.f1_exact),
                    figure(scores.f1_overlap),
                    figure(scores.alpha_u),
                    figure(scores.kappa)
                )
            };
            for (pair, articles) in &report.pooled {
                writeln!(out, "  {} over {articles} article(s)", line(pair))?;
            }
            for article in &report.per_article {
                writeln!(out, "{}:", article.key)?;
                for pair in &article.pairs {
                    writeln!(out, "  {}", line(pair))?;
                }
            }
        }
    }
    Ok(())
}

pub(super) fn status(dir: &Path, format: TableOrJson) -> anyhow::Result<()> {
    let project = super::open_for_reading(dir)?;
    for problem in project.manifest.problems() {
        eprintln!(
            "warning: {}: {problem}",
            Project::manifest_path(dir).display()
        );
    }
    let (progress, problems) = load_progress(&project);
    for problem in &problems {
        eprintln!("warning: {problem}");
    }
    let rows = project_status(&project, &progress);
    for row in &rows {
        for problem in &row.problems {
            eprintln!("warning: {problem}");
        }
    }
    let mut out = std::io::stdout().lock();
    match format {
        TableOrJson::Json => {
            let articles: Vec<serde_json::Value> = rows.iter().map(status_json).collect();
            let value = serde_json::json!({"name": project.manifest.name, "articles": articles});
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        TableOrJson::Table => {
            writeln!(out, "{}: {} article(s)", project.manifest.name, rows.len())?;
            for row in &rows {
                let readings: Vec<String> = row
                    .analysts
                    .iter()
                    .filter(|(analyst, status)| {
                        row.assigned.contains(analyst)
                            || status.annotations > 0
                            || status.status != crate::project::ReadingStatus::NotStarted
                    })
                    .map(|(analyst, status)| {
                        format!(
                            "{analyst}: {} ({})",
                            status.status.label(),
                            status.annotations
                        )
                    })
                    .collect();
                writeln!(
                    out,
                    "{}{}  {}  [{}]  consensus: {}",
                    row.key,
                    if row.missing { " (missing)" } else { "" },
                    crate::model::one_line_excerpt(&row.title, 50),
                    readings.join("; "),
                    row.consensus.label()
                )?;
            }
        }
    }
    Ok(())
}

fn status_json(row: &ArticleStatus) -> serde_json::Value {
    let analysts: serde_json::Map<String, serde_json::Value> = row
        .analysts
        .iter()
        .map(|(analyst, status)| {
            (
                analyst.clone(),
                serde_json::json!({"status": status.status.as_str(), "annotations": status.annotations}),
            )
        })
        .collect();
    serde_json::json!({
        "path": row.key,
        "title": row.title,
        "assigned": row.assigned,
        "double_read": row.double_read,
        "analysts": analysts,
        "consensus": row.consensus.as_str(),
        "missing": row.missing,
    })
}

pub(super) fn search_command(
    dir: &Path,
    filters: &SearchFilters,
    analysts: &[String],
    format: SearchFormat,
) -> anyhow::Result<()> {
    let project = super::open_for_reading(dir)?;
    let query = query_of(filters, analysts)?;
    super::export::check_names(&project, &query)?;
    let (progress, problems) = load_progress(&project);
    for problem in &problems {
        eprintln!("warning: {problem}");
    }
    let results = search(&project, &query, &progress).with_context(|| super::in_project(dir))?;
    for problem in &results.problems {
        eprintln!("warning: {problem}");
    }
    let mut out = std::io::stdout().lock();
    match format {
        SearchFormat::Json => {
            let rows: Vec<serde_json::Value> =
                results.hits.iter().map(|hit| hit_json(hit)).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        }
        SearchFormat::Csv => {
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(out);
            writer.write_record(HIT_COLUMNS)?;
            for hit in &results.hits {
                let number =
                    |value: Option<usize>| value.map(|n| n.to_string()).unwrap_or_default();
                let row = [
                    hit.article.clone(),
                    hit.title.clone(),
                    hit.analyst.clone(),
                    hit.tag.clone(),
                    number(hit.start),
                    number(hit.end),
                    hit.exact.clone(),
                    hit.note.clone(),
                    hit.section.clone().unwrap_or_default(),
                    number(hit.paragraph),
                    hit.before.clone(),
                    hit.after.clone(),
                    hit.id.clone(),
                ];
                writer.write_record(row.iter().map(|cell| crate::export::csv::neutralise(cell)))?;
            }
            writer.flush()?;
        }
        SearchFormat::Table => {
            for hit in &results.hits {
                writeln!(
                    out,
                    "{}  {:<12} {:<14} {}",
                    hit.article,
                    hit.analyst,
                    hit.tag_label,
                    crate::model::one_line_excerpt(&hit.exact, 70)
                )?;
            }
            let matched: std::collections::BTreeSet<&str> = results
                .hits
                .iter()
                .map(|hit| hit.article.as_str())
                .collect();
            writeln!(
                out,
                "{} annotation(s) in {} of the {} article(s) searched",
                results.hits.len(),
                matched.len(),
                results.articles
            )?;
        }
    }
    Ok(())
}

const HIT_COLUMNS: [&str; 13] = [
    "article",
    "title",
    "analyst",
    "tag",
    "start",
    "end",
    "exact",
    "note",
    "section",
    "paragraph",
    "before",
    "after",
    "id",
];

fn hit_json(hit: &Hit) -> serde_json::Value {
    serde_json::json!({
        "article": hit.article,
        "title": hit.title,
        "analyst": hit.analyst,
        "tag": hit.tag,
        "start": hit.start,
        "end": hit.end,
        "exact": hit.exact,
        "note": hit.note,
        "section": hit.section,
        "paragraph": hit.paragraph,
        "before": hit.before,
        "after": hit.after,
        "id": hit.id,
    })
}

/// `project find`: the articles' text searched, and optionally every match tagged.
pub(super) fn find(
    dir: &Path,
    query: &crate::project::text_search::TextQuery,
    format: TableOrJson,
    tag_all: Option<&str>,
    analysts: &[String],
) -> anyhow::Result<()> {
    use crate::project::text_search::{search_texts, tag_matches};
    let project = super::open_for_reading(dir)?;
    let results = search_texts(&project, query);
    for problem in &results.problems {
        eprintln!("warning: {problem}");
    }
    let mut out = std::io::stdout().lock();
    match format {
        TableOrJson::Json => {
            let rows: Vec<serde_json::Value> = results
                .matches
                .iter()
                .map(|found| {
                    serde_json::json!({
                        "article": found.article,
                        "title": found.title,
                        "start": found.start,
                        "end": found.end,
                        "exact": found.exact,
                        "before": found.before,
                        "after": found.after,
                        "paragraph": found.paragraph,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        }
        TableOrJson::Table => {
            for found in &results.matches {
                writeln!(
                    out,
                    "{}  {:>7}  …{}[{}]{}…",
                    found.article,
                    found.start,
                    crate::model::one_line_excerpt(&found.before, 40),
                    found.exact,
                    crate::model::one_line_excerpt(&found.after, 40)
                )?;
            }
            writeln!(
                out,
                "{} match(es) in {} article(s) searched",
                results.matches.len(),
                results.articles
            )?;
        }
    }
    let Some(tag) = tag_all else {
        return Ok(());
    };
    if analysts.len() > 1 {
        anyhow::bail!("tag in one analyst's readings: give --analyst once");
    }
    let analyst =
        super::super::commands::resolve_named_analyst(analysts.last().map(String::as_str))?.id;
    let tag_set = project.tag_set()?.unwrap_or_default();
    let tag = tag_set
        .find(tag)
        .map(|def| def.id.clone())
        .with_context(|| {
            format!(
                "no tag {tag:?} in the project's tag set (it has {})",
                tag_set
                    .tags
                    .iter()
                    .map(|def| def.id.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?;
    let chosen: Vec<&crate::project::text_search::TextMatch> = results.matches.iter().collect();
    let tagged = tag_matches(&project, &chosen, &tag, &analyst, None);
    for problem in &tagged.problems {
        eprintln!("warning: {problem}");
    }
    for (key, added) in &tagged.articles {
        eprintln!("{key}: {added} tagged as {tag} for {analyst}");
    }
    if tagged.already > 0 {
        eprintln!("{} match(es) were tagged so already", tagged.already);
    }
    if !tagged.problems.is_empty() {
        anyhow::bail!("{} article(s) could not be tagged", tagged.problems.len());
    }
    Ok(())
}
