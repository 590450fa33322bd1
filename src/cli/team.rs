//! `agree`, `merge` and `merge-file`: the team subcommands.

use super::AgreeFormat;
use crate::model::{Document, Layer};
use crate::session::ReadingSession;
use crate::team::agreement::figure;
use crate::team::{self, AgreementReport, Metric, Scores, Strategy};
use anyhow::{Context, bail};
use std::io::Write;
use std::path::Path;

/// The analysts' layers of `article`: those named, else every sidecar but the consensus.
fn team_layers(
    article: &Path,
    annotations: Option<&Path>,
    named: &[String],
) -> anyhow::Result<(Document, Vec<Layer>)> {
    let loaded = crate::store::read_article(article)?;
    let document = loaded.document;
    let article_name = article
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let files: Vec<team::LayerFile> = if named.is_empty() {
        team::discover_layers(article, annotations)
            .into_iter()
            .filter(|file| !file.is_consensus())
            .collect()
    } else {
        named
            .iter()
            .map(|name| {
                // A display name ("Jane Doe") names the sidecar of its id (jane-doe).
                let analyst = super::commands::named_analyst(name)?.id;
                Ok(team::LayerFile {
                    path: crate::store::sidecar_path(article, annotations, &analyst),
                    analyst,
                })
            })
            .collect::<anyhow::Result<_>>()?
    };
    let mut layers = Vec::with_capacity(files.len());
    for file in &files {
        match team::read_layer(file, &document, &article_name)? {
            Some((layer, _)) => layers.push(layer),
            None => bail!(
                "{} has no annotations of {} (no {})",
                file.analyst,
                article.display(),
                file.path.display()
            ),
        }
    }
    if layers.len() < 2 {
        bail!(
            "this needs at least two analysts' sidecars of {} (found {}{})",
            article.display(),
            layers.len(),
            if named.is_empty() {
                format!(
                    " in {}",
                    team::layers::annotations_folder(article, annotations).display()
                )
            } else {
                String::new()
            }
        );
    }
    Ok((document, layers))
}

pub fn agree(
    article: &Path,
    annotations: Option<&Path>,
    analysts: &[String],
    format: AgreeFormat,
) -> anyhow::Result<()> {
    let (document, layers) = team_layers(article, annotations, analysts)?;
    let layer_refs: Vec<&Layer> = layers.iter().collect();
    let report = team::agreement(&document, &layer_refs);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        AgreeFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        AgreeFormat::Csv => write_csv(&mut out, &report)?,
        AgreeFormat::Table => write_table(&mut out, article, &report)?,
    }
    Ok(())
}

fn write_table(
    out: &mut impl Write,
    article: &Path,
    report: &AgreementReport,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "Agreement on {} between {} ({} pair{})",
        article.display(),
        report.analysts.join(", "),
        report.pairs.len(),
        if report.pairs.len() == 1 { "" } else { "s" }
    )?;
    writeln!(out)?;
    let metric_names: Vec<&str> = Metric::ALL.iter().map(|metric| metric.label()).collect();
    let header = format!("{:<30} {:<16} ", "pair", "tag");
    writeln!(out, "{header}{}", metric_names.join("   "))?;
    let widths: Vec<usize> = metric_names
        .iter()
        .map(|name| name.chars().count())
        .collect();
    let row = |out: &mut dyn Write, who: &str, tag: &str, scores: &Scores| -> std::io::Result<()> {
        let mut line = format!("{who:<30} {tag:<16} ");
        for (metric, width) in Metric::ALL.iter().zip(&widths) {
            line.push_str(&format!("{:<width$}   ", figure(scores.get(*metric))));
        }
        writeln!(out, "{}", line.trim_end())
    };
    for pair in &report.pairs {
        let who = format!("{} × {}", pair.a, pair.b);
        row(out, &who, "all tags", &pair.overall)?;
        for tag in &report.tags {
            if let Some(scores) = pair.per_tag.get(tag) {
                row(out, "", tag, scores)?;
            }
        }
        let per_kind: Vec<String> = pair
            .per_relation
            .iter()
            .map(|(kind, value)| format!("{kind} {}", figure(*value)))
            .collect();
        writeln!(
            out,
            "{:<30} relation F1 (over matched spans): {}{}",
            "",
            figure(pair.relation_f1),
            if per_kind.is_empty() {
                String::new()
            } else {
                format!(" ({})", per_kind.join(", "))
            }
        )?;
    }
    if report.pairs.len() > 1 {
        let who = format!("mean of {} pairs", report.pairs.len());
        row(out, &who, "all tags", &report.mean.overall)?;
        for tag in &report.tags {
            if let Some(scores) = report.mean.per_tag.get(tag) {
                row(out, "", tag, scores)?;
            }
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "— : undefined (neither analyst used the tag, or no decision differs). Overall κ pools every (word, tag) decision."
    )?;
    Ok(())
}

fn write_csv(out: &mut impl Write, report: &AgreementReport) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["a", "b", "tag"];
    header.extend(Metric::ALL.iter().map(|metric| metric.key()));
    header.push("relation_f1");
    writer.write_record(&header)?;
    let number = |value: Option<f64>| value.map(|v| v.to_string()).unwrap_or_default();
    let mut record = |a: &str, b: &str, tag: &str, scores: &Scores, relation_f1: Option<f64>| {
        let mut fields = vec![a.to_owned(), b.to_owned(), tag.to_owned()];
        fields.extend(Metric::ALL.iter().map(|metric| number(scores.get(*metric))));
        fields.push(number(relation_f1));
        writer.write_record(&fields)
    };
    for pair in &report.pairs {
        record(&pair.a, &pair.b, "*", &pair.overall, pair.relation_f1)?;
        for (tag, scores) in &pair.per_tag {
            record(&pair.a, &pair.b, tag, scores, None)?;
        }
    }
    record(
        "mean",
        "",
        "*",
        &report.mean.overall,
        report.mean.relation_f1,
    )?;
    for (tag, scores) in &report.mean.per_tag {
        record("mean", "", tag, scores, None)?;
    }
    writer.flush()?;
    Ok(())
}

pub fn merge(
    article: &Path,
    annotations: Option<&Path>,
    analysts: &[String],
    strategy: Strategy,
) -> anyhow::Result<()> {
    let (_, layers) = team_layers(article, annotations, analysts)?;
    let layer_refs: Vec<&Layer> = layers.iter().collect();
    let mut session = ReadingSession::open_consensus(article, annotations)?;
    if let crate::session::SidecarState::Blocked(error) = session.sidecar_state() {
        return Err(super::commands::blocked_sidecar(
            error,
            "Nothing was read from it.",
        ));
    }
    let outcome =
        team::decide_automatically(&session.document, session.layer(), &layer_refs, strategy);
    if let Some(edit) = outcome.edit {
        session.apply(edit)?;
        session.save()?;
    }
    let names: Vec<&str> = layers.iter().map(|layer| layer.analyst.as_str()).collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "{} reading(s) accepted ({}) into {}; the consensus layer holds {} annotation(s).",
        outcome.accepted,
        match strategy {
            Strategy::Unanimous => "unanimous",
            Strategy::Majority => "majority",
        },
        session.sidecar_path.display(),
        session.layer().len()
    )?;
    writeln!(
        out,
        "{} disagreement(s) left to decide between {}:",
        outcome.open.len(),
        names.join(", ")
    )?;
    for cluster in &outcome.open {
        let location = session.document.location(cluster.extent.start);
        writeln!(
            out,
            "- chars {}..{} ({}): {}",
            cluster.extent.start,
            cluster.extent.end,
            describe(&location),
            crate::model::one_line_excerpt(session.document.slice(cluster.extent.range()), 70)
        )?;
        for reading in &cluster.readings {
            let who: Vec<&str> = reading
                .analysts
                .iter()
                .filter_map(|&index| names.get(index).copied())
                .collect();
            writeln!(
                out,
                "    {} [{}..{}] by {}",
                reading.tag,
                reading.span.start,
                reading.span.end,
                who.join(", ")
            )?;
        }
    }
    Ok(())
}

pub(crate) fn merge_file(base: &Path, ours: &Path, theirs: &Path) -> anyhow::Result<()> {
    let read = |path: &Path| -> anyhow::Result<String> {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
    };
    let base_text = match std::fs::read_to_string(base) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", base.display())),
    };
    let ours_text = read(ours)?;
    let theirs_text = read(theirs)?;
    // The project's own files merge by their keys too (the same driver serves all `*.ron`).
    match crate::project::merge::declared_format(&ours_text).as_deref() {
        Some(crate::project::manifest::FORMAT_NAME) => {
            let (text, conflicts) = crate::project::merge::merge_manifest_texts(
                (&base_text, base),
                (&ours_text, ours),
                (&theirs_text, theirs),
            )?;
            crate::store::write_atomically(ours, text.as_bytes())
                .with_context(|| format!("cannot write the merge to {}", ours.display()))?;
            eprintln!(
                "closeread: merged the project manifest {} by article{}",
                ours.display(),
                match conflicts {
                    0 => String::new(),
                    count => format!("; {count} value(s) changed on both sides (ours kept)"),
                }
            );
            return Ok(());
        }
        Some(crate::project::progress::FORMAT_NAME) => {
            let text = crate::project::merge::merge_progress_texts(
                (&base_text, base),
                (&ours_text, ours),
                (&theirs_text, theirs),
            )?;
            crate::store::write_atomically(ours, text.as_bytes())
                .with_context(|| format!("cannot write the merge to {}", ours.display()))?;
            eprintln!("closeread: merged the progress file {}", ours.display());
            return Ok(());
        }
        Some(crate::store::FORMAT_NAME) => {}
        // Any other file (document information, editions, codebook, a tag set, or one that is
        // not Closeread's): git's own line merge, which settles edits on different lines.
        _ => return line_merge(base, ours, theirs),
    }
    let merged = team::merge_file::merge_sidecar_texts(
        (&base_text, base),
        (&ours_text, ours),
        (&theirs_text, theirs),
    )?;
    crate::store::write_atomically(ours, merged.text.as_bytes())
        .with_context(|| format!("cannot write the merge to {}", ours.display()))?;
    eprintln!(
        "closeread: merged {} by annotation id: {} annotation(s){}",
        ours.display(),
        merged.annotations,
        match merged.conflicts {
            0 => String::new(),
            count => format!(
                "; {count} changed on both sides (our tag and bounds kept, both notes kept)"
            ),
        }
    );
    Ok(())
}

/// `git merge-file`: the three-way line merge git itself uses, written to `ours`; an error
/// (so that git reports a conflict) when lines changed on both sides.
fn line_merge(base: &Path, ours: &Path, theirs: &Path) -> anyhow::Result<()> {
    let status = std::process::Command::new("git")
        .args(["merge-file", "--quiet"])
        .arg(ours)
        .arg(base)
        .arg(theirs)
        .status()
        .context("cannot run git merge-file")?;
    if !status.success() {
        bail!(
            "{} changed on both sides in the same lines: left for you to settle",
            ours.display()
        );
    }
    eprintln!("closeread: merged {} line by line", ours.display());
    Ok(())
}

fn describe(location: &crate::model::Location) -> String {
    match (&location.section, location.paragraph) {
        (Some(section), Some(paragraph)) => format!("section “{section}”, paragraph {paragraph}"),
        (None, Some(paragraph)) => format!("paragraph {paragraph}"),
        (Some(section), None) => format!("section “{section}”"),
        (None, None) => "heading".to_owned(),
    }
}
