//! `closeread export` and `closeread import`.

use super::ImportFormatArg;
use super::commands::{NamedAnalyst, named_analyst, resolve_named_analyst};
use crate::export::{ExportFormat, ExportInput, ExportOptions, brat, write_export};
use crate::model::Layer;
use crate::session::{ReadingSession, SidecarState};
use anyhow::{Context, bail};
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

pub struct ExportRequest<'a> {
    pub article: &'a Path,
    pub annotations: Option<&'a Path>,
    /// The analysts whose layers to export; empty: the current analyst.
    pub analysts: &'a [String],
    pub format: ExportFormat,
    pub tags: &'a [String],
    pub output: Option<&'a Path>,
    pub excel: bool,
}

/// Loads the layers of `analysts` (the first through a session, which also reads the article).
/// A display name ("Jane Doe") names its id's sidecar and is shown if the sidecar has none;
/// `consensus` is the consensus layer.
pub(crate) fn load_layers(
    article: &Path,
    annotations: Option<&Path>,
    analysts: &[String],
) -> anyhow::Result<(ReadingSession, Vec<Layer>)> {
    let analysts: Vec<NamedAnalyst> = if analysts.is_empty() {
        vec![resolve_named_analyst(None)?]
    } else {
        analysts
            .iter()
            .map(|name| named_analyst(name))
            .collect::<anyhow::Result<_>>()?
    };
    let session = if analysts[0].id == crate::team::CONSENSUS {
        ReadingSession::open_consensus(article, annotations)?
    } else {
        ReadingSession::open(article, annotations, &analysts[0].id)?
    };
    let mut layers = Vec::with_capacity(analysts.len());
    for analyst in &analysts {
        let path = crate::store::sidecar_path(article, annotations, &analyst.id);
        match crate::store::load_sidecar(&path, &session.document, &session.article_name())? {
            Some(loaded) => {
                let mut layer = loaded.layer;
                layer.analyst.clone_from(&analyst.id);
                if let Some(name) = &analyst.display_name
                    && layer.analyst_name.is_empty()
                {
                    layer.analyst_name.clone_from(name);
                }
                layers.push(layer);
            }
            None => bail!(
                "{} has no annotations of {} (no {})",
                analyst.id,
                article.display(),
                path.display()
            ),
        }
    }
    Ok((session, layers))
}

/// For a consensus layer: the display names of the analysts whose annotations it settled,
/// read from their sidecars beside it. Unreadable sidecars are passed over.
fn settled_from(
    article: &Path,
    annotations: Option<&Path>,
    session: &ReadingSession,
    layers: &[Layer],
) -> Vec<String> {
    let Some(consensus) = layers
        .iter()
        .find(|layer| layer.analyst == crate::team::CONSENSUS)
    else {
        return Vec::new();
    };
    let article_name = session.article_name();
    let analysts: Vec<Layer> = crate::team::discover_layers(article, annotations)
        .iter()
        .filter(|file| !file.is_consensus())
        .filter_map(|file| {
            crate::team::read_layer(file, &session.document, &article_name)
                .ok()
                .flatten()
                .map(|(layer, _)| layer)
        })
        .collect();
    crate::team::settled_from(consensus, &analysts)
}

pub fn export(request: &ExportRequest<'_>) -> anyhow::Result<()> {
    // First, so that a meta file that cannot be read stops the export before anything else.
    let info = crate::store::document_info::load_or_detect(request.article)?;
    let (session, layers) = load_layers(request.article, request.annotations, request.analysts)?;
    let tag_set = layers
        .first()
        .map(|layer| layer.tag_set.clone())
        .unwrap_or_default();
    let mut tags = HashSet::new();
    for name in request.tags {
        let tag = tag_set
            .find(name)
            .map(|tag| tag.id.clone())
            .with_context(|| format!("the tag {name:?} is not in the tag set"))?;
        tags.insert(tag);
    }
    let layer_refs: Vec<&Layer> = layers.iter().collect();
    let settled_from = settled_from(request.article, request.annotations, &session, &layers);
    let input = ExportInput {
        article_name: &session.article_name(),
        document: &session.document,
        layers: &layer_refs,
        tags: &tags,
        info: Some(&info),
        settled_from: &settled_from,
    };
    let mut ignore_progress = |_: usize, _: usize| {};
    if request.format == ExportFormat::Brat {
        let folder = request
            .output
            .context("a brat export is a folder: give it with -o FOLDER")?;
        let stem = request
            .article
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_else(|| "article".to_owned());
        let outcome = brat::write_folder(&input, folder, &stem, &mut ignore_progress)
            .with_context(|| format!("cannot write the brat export to {}", folder.display()))?;
        if outcome.skipped_orphans > 0 {
            eprintln!(
                "closeread: {} orphaned annotation(s) left out: brat cannot hold annotations that are not in the text",
                outcome.skipped_orphans
            );
        }
        if outcome.skipped_relations > 0 {
            eprintln!(
                "closeread: {} relation(s) left out: one of their annotations is not in the export",
                outcome.skipped_relations
            );
        }
        return Ok(());
    }
    let options = ExportOptions {
        excel: request.excel,
    };
    match request.output {
        Some(path) => {
            let mut bytes = Vec::new();
            write_export(
                request.format,
                &input,
                &mut bytes,
                &options,
                &mut ignore_progress,
            )?;
            crate::store::write_atomically(path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            write_export(
                request.format,
                &input,
                &mut out,
                &options,
                &mut ignore_progress,
            )?;
            out.flush()?;
        }
    }
    Ok(())
}

pub fn import(
    article: &Path,
    annotations: Option<&Path>,
    analyst: &super::commands::NamedAnalyst,
    from: ImportFormatArg,
    file: &Path,
    maps: (Option<&str>, Option<&str>),
) -> anyhow::Result<()> {
    let mut session = ReadingSession::open(article, annotations, &analyst.id)?;
    if let SidecarState::Blocked(error) = session.sidecar_state() {
        return Err(super::commands::blocked_sidecar(
            error,
            "Nothing was imported.",
        ));
    }
    if let Some(name) = &analyst.display_name {
        session.set_analyst_name(name);
    }
    let format = match from {
        ImportFormatArg::Brat => crate::import::ImportFormat::Brat,
        ImportFormatArg::W3c => crate::import::ImportFormat::W3c,
    };
    let (tag_map, relation_map) = maps;
    let summary = crate::import::import_into(
        &mut session,
        format,
        file,
        tag_map.unwrap_or_default(),
        relation_map.unwrap_or_default(),
    )?;
    if summary.annotations > 0 {
        session.save()?;
    }
    println!("{}", describe_import(&summary));
    for reason in &summary.skipped_relations {
        println!("  skipped relation {reason}");
    }
    Ok(())
}

/// One paragraph on what an import did, for the CLI and the window.
pub fn describe_import(summary: &crate::import::ImportSummary) -> String {
    use crate::model::AnchorStatus::*;
    let report = &summary.report;
    let mut text = format!(
        "imported {} annotation(s): {} anchored, {} relocated (to review), {} orphaned (not found in the article, kept); {} relation(s)",
        summary.annotations,
        report.count(Anchored),
        report.count(Relocated),
        report.count(Orphaned),
        summary.relations
    );
    if !summary.skipped_relations.is_empty() {
        text.push_str(&format!(
            ", {} relation(s) skipped",
            summary.skipped_relations.len()
        ));
    }
    if summary.skipped_lines > 0 {
        text.push_str(&format!(
            "; {} event/normalisation line(s) skipped (not imported)",
            summary.skipped_lines
        ));
    }
    text
}
