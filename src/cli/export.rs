//! `closeread export` and `closeread import`.

use super::commands::{NamedAnalyst, named_analyst, resolve_named_analyst};
use crate::export::{ExportFormat, ExportInput, ExportOptions, ExportTarget};
use crate::model::Layer;
use crate::session::{ReadingSession, SidecarState};
use anyhow::{Context, bail};
use std::collections::HashSet;
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
    /// HTML: the highlighted article after the briefing.
    pub with_article: bool,
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
    let options = ExportOptions {
        excel: request.excel,
        with_article: request.with_article,
    };
    let stdout = std::io::stdout();
    let mut stdout = std::io::BufWriter::new(stdout.lock());
    let target = match request.output {
        Some(path) => ExportTarget::Path(path),
        None => ExportTarget::Stream(&mut stdout),
    };
    let outcome = crate::export::run(
        request.format,
        &input,
        target,
        &options,
        None,
        &mut |_, _| {},
    )?;
    for line in outcome.left_out() {
        eprintln!("closeread: {line}");
    }
    Ok(())
}

pub fn import(
    article: &Path,
    annotations: Option<&Path>,
    analyst: &super::commands::NamedAnalyst,
    from: crate::import::ImportFormat,
    file: &Path,
    maps: (Option<&str>, Option<&str>),
) -> anyhow::Result<()> {
    if from == crate::import::ImportFormat::Qdpx {
        return import_qdpx(article, annotations, file, maps);
    }
    let mut session = open_to_import(article, annotations, &analyst.id, "Nothing was imported.")?;
    if let Some(name) = &analyst.display_name {
        session.set_analyst_name(name);
    }
    let (tag_map, relation_map) = maps;
    let summary = crate::import::import_into(
        &mut session,
        from,
        file,
        tag_map.unwrap_or_default(),
        relation_map.unwrap_or_default(),
    )?;
    save_and_report(&mut session, &summary, "")
}

/// The analyst's reading to import into; refused while its sidecar cannot be written
/// (`stopped` says what that left undone).
fn open_to_import(
    article: &Path,
    annotations: Option<&Path>,
    analyst: &str,
    stopped: &str,
) -> anyhow::Result<ReadingSession> {
    let session = ReadingSession::open(article, annotations, analyst)?;
    if let SidecarState::Blocked(error) = session.sidecar_state() {
        return Err(super::commands::blocked_sidecar(error, stopped));
    }
    Ok(session)
}

/// Saves what an import added and prints its report, the summary after `prefix`.
fn save_and_report(
    session: &mut ReadingSession,
    summary: &crate::import::ImportSummary,
    prefix: &str,
) -> anyhow::Result<()> {
    if summary.annotations > 0 {
        session.save()?;
    }
    println!("{prefix}{}", summary.describe());
    for line in summary.report_lines() {
        println!("{line}");
    }
    Ok(())
}

/// A REFI-QDA project: each user's codings of the article become that user's reading (their
/// id made from their name), each imported and saved as one step.
pub(crate) fn import_qdpx(
    article: &Path,
    annotations: Option<&Path>,
    file: &Path,
    (tag_map, relation_map): (Option<&str>, Option<&str>),
) -> anyhow::Result<()> {
    let document = crate::store::read_article(article)?.document;
    let users = crate::import::refi::read_qdpx_for(file, &document)?;
    if users.is_empty() {
        println!("the project has no codings of this article's text");
    }
    for (user, read) in users {
        let id = crate::store::analyst_id(&user)
            .with_context(|| format!("{user:?} cannot be made an analyst id"))?;
        let mut session = open_to_import(article, annotations, &id, "Nothing more was imported.")?;
        if !session.layer().is_empty() {
            // Importing the same project twice would add every coding twice.
            println!(
                "{id}: has a reading of this article already: not imported again (move {} away to import afresh)",
                session.sidecar_path.display()
            );
            continue;
        }
        if user != id {
            session.set_analyst_name(&user);
        }
        let summary = crate::import::import_foreign(
            &mut session,
            read,
            file,
            tag_map.unwrap_or_default(),
            relation_map.unwrap_or_default(),
        )?;
        save_and_report(&mut session, &summary, &format!("{id}: "))?;
    }
    Ok(())
}
