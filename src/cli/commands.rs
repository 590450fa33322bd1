//! The headless subcommands: each opens a [`ReadingSession`], does one thing, and saves.

use super::{Cli, Command, ListFormat};
use crate::model::{Annotation, AnnotationId, TagId, one_line_excerpt};
use crate::session::{ReadingSession, SidecarState};
use crate::settings::{Settings, default_analyst};
use anyhow::{Context, bail};
use std::io::Write;
use std::path::Path;

/// Runs a subcommand. Errors are returned for `main` to print as one line.
pub fn run_subcommand(cli: &Cli, command: &Command) -> anyhow::Result<()> {
    let annotations = cli.annotations.as_deref();
    if let Command::Export {
        article,
        format,
        tags,
        output,
        excel,
        with_article,
    } = command
    {
        let request = super::export::ExportRequest {
            article,
            annotations,
            analysts: &cli.analyst,
            format: *format,
            tags,
            output: output.as_deref(),
            excel: *excel,
            with_article: *with_article,
        };
        return super::export::export(&request);
    }
    match command {
        Command::Project { command } => return super::project::run(command, &cli.analyst),
        Command::Agree { article, format } => {
            return super::team::agree(article, annotations, &cli.analyst, *format);
        }
        Command::Merge {
            article, strategy, ..
        } => return super::team::merge(article, annotations, &cli.analyst, (*strategy).into()),
        Command::MergeFile { base, ours, theirs } => {
            return super::team::merge_file(base, ours, theirs);
        }
        Command::Info {
            article,
            format,
            set,
        } => return super::info::info(article, *format, set),
        Command::Text { article, format } => return super::info::text(article, *format),
        Command::Align {
            article_a,
            article_b,
            format,
            write,
        } => return super::editions::align(article_a, article_b, *format, *write),
        Command::Sync {
            setup,
            dir,
            format,
            email,
            wait,
        } => {
            return super::sync::run(
                setup.as_ref(),
                dir.as_deref(),
                *format,
                email.as_deref(),
                &cli.analyst,
                *wait,
            );
        }
        Command::Fetch { url, into } => {
            let fetched = crate::fetch::fetch(url, into)?;
            println!("{}", fetched.path.display());
            return Ok(());
        }
        _ => {}
    }
    if cli.analyst.len() > 1 {
        bail!("this command works on one analyst's annotations: give --analyst once");
    }
    let named = resolve_named_analyst(cli.analyst.last().map(String::as_str))?;
    let analyst = named.id.clone();
    // What a writing command saves records the display name given (if it is not the id).
    let open_for_writing = |article: &Path| -> anyhow::Result<ReadingSession> {
        let mut session = open_writable(article, annotations, &analyst)?;
        if let Some(name) = &named.display_name {
            session.set_analyst_name(name);
        }
        Ok(session)
    };
    match command {
        Command::Map { article, output } => {
            let session = ReadingSession::open(article, annotations, &analyst)?;
            if let SidecarState::Blocked(error) = session.sidecar_state() {
                return Err(blocked_sidecar(error, "Nothing was read from it."));
            }
            let map = crate::argument_map::layout_map(session.layer());
            let title = format!("Argument map: {} ({analyst})", session.article_name());
            crate::argument_map::svg::write_map(&map, &title, output)
                .with_context(|| format!("cannot write {}", output.display()))?;
            println!(
                "{} node(s), {} relation(s) written to {}",
                map.nodes.len(),
                map.edges.len(),
                output.display()
            );
            Ok(())
        }
        Command::Export { .. }
        | Command::Project { .. }
        | Command::Agree { .. }
        | Command::Merge { .. }
        | Command::MergeFile { .. }
        | Command::Info { .. }
        | Command::Text { .. }
        | Command::Align { .. }
        | Command::Sync { .. }
        | Command::Fetch { .. } => Ok(()),
        Command::Note { article, reading } => {
            super::info::reading_note(open_for_writing(article)?, reading)
        }
        Command::Import {
            article,
            from,
            file,
            tag_map,
            relation_map,
        } => super::export::import(
            article,
            annotations,
            &named,
            *from,
            file,
            (tag_map.as_deref(), relation_map.as_deref()),
        ),
        Command::List { article, format } => list(article, annotations, &analyst, *format),
        Command::Add {
            article,
            tag,
            quote,
            start,
            end,
            note,
        } => {
            let mut session = open_for_writing(article)?;
            let (start, end) = match (quote, start, end) {
                (Some(quote), _, _) => locate_unique_quote(&session, quote)?,
                (None, Some(start), Some(end)) => (*start, *end),
                _ => bail!("give --quote TEXT or both --start N and --end M"),
            };
            let tag = session
                .tag_set()
                .find(tag)
                .map(|definition| definition.id.clone())
                .unwrap_or_else(|| TagId::new(tag.as_str()));
            let id = session.add_annotation(start, end, tag, note.clone())?;
            session.save()?;
            println!("{id}");
            Ok(())
        }
        Command::Anchor {
            article,
            format,
            write,
        } => anchor(article, annotations, &analyst, *format, *write),
        Command::Delete { article, id } => {
            let id = parse_id(id)?;
            let mut session = open_for_writing(article)?;
            session.delete_annotation(id)?;
            session.save()?;
            Ok(())
        }
        Command::Relate {
            article,
            source,
            kind,
            target,
            delete,
            note,
        } => {
            let (source, target) = (parse_id(source)?, parse_id(target)?);
            let mut session = open_for_writing(article)?;
            let Some(definition) = session.tag_set().find_relation(kind) else {
                let known: Vec<&str> = session
                    .tag_set()
                    .relations
                    .iter()
                    .map(|relation| relation.id.as_str())
                    .collect();
                bail!(
                    "the tag set has no relation {kind:?} (known: {})",
                    known.join(", ")
                );
            };
            let kind = definition.id.clone();
            let link = crate::model::Relation::new(source, kind.as_str(), target);
            let existing = session.layer().relation_with_link(&link).cloned();
            if *delete {
                session.delete_relation(&existing.unwrap_or(link))?;
            } else {
                let relation = match existing {
                    // Only a note for a relation that is there already.
                    Some(relation) if note.is_some() => relation,
                    _ => session.add_relation(source, kind, target)?,
                };
                if let Some(note) = note {
                    session.set_relation_note(&relation, note.clone())?;
                }
            }
            session.save()?;
            Ok(())
        }
    }
}

fn parse_id(id: &str) -> anyhow::Result<AnnotationId> {
    id.parse()
        .with_context(|| format!("{id:?} is not an annotation id (a UUID)"))
}

/// An analyst as named on the command line: the id that names their sidecar, and the display
/// name given when it is not the id ("Jane Doe" for `jane-doe`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NamedAnalyst {
    pub id: String,
    pub display_name: Option<String>,
}

/// `--analyst`, else the remembered name, else `$CLOSEREAD_ANALYST`, else the OS user name;
/// made an id by [`crate::store::analyst_id`].
pub(crate) fn resolve_named_analyst(explicit: Option<&str>) -> anyhow::Result<NamedAnalyst> {
    let name = match explicit {
        Some(name) => name.to_owned(),
        None => default_analyst(&Settings::load())
            .context("no analyst name: pass --analyst NAME or set $CLOSEREAD_ANALYST")?,
    };
    named_analyst(&name)
}

/// The id and display name for a name as given.
pub(crate) fn named_analyst(name: &str) -> anyhow::Result<NamedAnalyst> {
    if name == crate::team::CONSENSUS {
        return Ok(NamedAnalyst {
            id: name.to_owned(),
            display_name: None,
        });
    }
    // Any display name makes an id, but one that looks like a path is a mistake, not a name.
    if name.contains(['/', '\\']) {
        bail!("the analyst name {name:?} looks like a path: give a name such as \"Jane Doe\"");
    }
    let id = crate::store::analyst_id(name)
        .with_context(|| format!("cannot use {name:?} as an analyst name"))?;
    let display_name = (id != name.trim()).then(|| name.trim().to_owned());
    Ok(NamedAnalyst { id, display_name })
}

/// The error for a sidecar that cannot be used: what is wrong, what was (not) done, and what
/// the analyst can do about it.
pub(super) fn blocked_sidecar(
    error: &crate::store::SidecarError,
    consequence: &str,
) -> anyhow::Error {
    anyhow::anyhow!(
        "{error}. {consequence} Fix the file and try again, or move it out of the way to start afresh (open the article in the window and choose Set aside, which keeps the file)."
    )
}

fn open_writable(
    article: &Path,
    annotations: Option<&Path>,
    analyst: &str,
) -> anyhow::Result<ReadingSession> {
    let session = ReadingSession::open(article, annotations, analyst)?;
    if let SidecarState::Blocked(error) = session.sidecar_state() {
        return Err(blocked_sidecar(error, "Nothing was written to it."));
    }
    if let crate::session::TagSetSource::Broken(problem) = &session.tag_set_source {
        eprintln!("closeread: warning: {problem}; the sidecar's own tag set is used");
    }
    if session.repaired_spans > 0 {
        eprintln!(
            "closeread: warning: {} annotation(s) in {} did not stand where the file said; they were placed where their quote is",
            session.repaired_spans,
            session.sidecar_path.display()
        );
    }
    Ok(session)
}

/// The char range of the only occurrence of `quote`; an error if it occurs 0 or 2+ times.
fn locate_unique_quote(session: &ReadingSession, quote: &str) -> anyhow::Result<(usize, usize)> {
    let document = &session.document;
    let canonical_quote = crate::model::Document::from_raw_text(quote)
        .text()
        .to_owned();
    if canonical_quote.is_empty() {
        bail!("the quote is empty");
    }
    // Every occurrence, overlapping ones too ("aa" occurs twice in "aaa").
    let text = document.text();
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find(&canonical_quote) {
        let byte = from + found;
        starts.push(document.char_offset(byte));
        from = byte + text[byte..].chars().next().map_or(1, char::len_utf8);
    }
    let length = canonical_quote.chars().count();
    match starts.as_slice() {
        [] => bail!(
            "the quote does not occur in {}",
            session.article_path.display()
        ),
        [start] => Ok((*start, start + length)),
        several => {
            let places: Vec<String> = several.iter().map(|start| start.to_string()).collect();
            bail!(
                "the quote occurs {} times in {} (at chars {}); make it longer or use --start/--end",
                several.len(),
                session.article_path.display(),
                places.join(", ")
            )
        }
    }
}

fn list(
    article: &Path,
    annotations: Option<&Path>,
    analyst: &str,
    format: ListFormat,
) -> anyhow::Result<()> {
    let session = ReadingSession::open(article, annotations, analyst)?;
    if let SidecarState::Blocked(error) = session.sidecar_state() {
        return Err(blocked_sidecar(error, "Nothing was read from it."));
    }
    let listed = session.layer().annotations();
    match format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = listed
                .iter()
                .map(|annotation| json_row(annotation, &session.document))
                .collect();
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        }
        ListFormat::Table => print_table(&mut std::io::stdout().lock(), listed)?,
    }
    Ok(())
}

fn anchor(
    article: &Path,
    annotations: Option<&Path>,
    analyst: &str,
    format: ListFormat,
    write: bool,
) -> anyhow::Result<()> {
    let mut session = ReadingSession::open(article, annotations, analyst)?;
    if let SidecarState::Blocked(error) = session.sidecar_state() {
        return Err(blocked_sidecar(error, "Nothing was read from it."));
    }
    let layer = session.layer();
    let mut out = std::io::stdout().lock();
    match format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = layer
                .annotations()
                .iter()
                .map(|annotation| {
                    let placed = annotation.is_placed();
                    serde_json::json!({
                        "id": annotation.id.to_string(),
                        "status": annotation.status.as_str(),
                        "start": placed.then_some(annotation.span.start),
                        "end": placed.then_some(annotation.span.end),
                        "exact": annotation.quote.exact,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        }
        ListFormat::Table => {
            writeln!(
                out,
                "{:<36}  {:<9} {:>7} {:>7}  exact",
                "id", "status", "start", "end"
            )?;
            for annotation in layer.annotations() {
                let (start, end) = if annotation.is_placed() {
                    (
                        annotation.span.start.to_string(),
                        annotation.span.end.to_string(),
                    )
                } else {
                    ("-".to_owned(), "-".to_owned())
                };
                writeln!(
                    out,
                    "{:<36}  {:<9} {start:>7} {end:>7}  {}",
                    annotation.id,
                    annotation.status.as_str(),
                    one_line_excerpt(&annotation.quote.exact, 60)
                )?;
            }
            let report = &session.anchor_report;
            use crate::model::AnchorStatus::*;
            writeln!(
                out,
                "{} anchored, {} relocated, {} orphaned{}",
                report.count(Anchored),
                report.count(Relocated),
                report.count(Orphaned),
                if session.article_changed {
                    " (the article changed since the sidecar was saved)"
                } else {
                    ""
                }
            )?;
        }
    }
    if write {
        if matches!(session.sidecar_state(), SidecarState::New) {
            bail!(
                "there is no sidecar for {} yet: nothing to write",
                article.display()
            );
        }
        session.mark_reanchored();
        session.save()?;
    }
    Ok(())
}

fn json_row(annotation: &Annotation, document: &crate::model::Document) -> serde_json::Value {
    // An orphan has no place: null, as `anchor` says it.
    let placed = annotation.is_placed();
    serde_json::json!({
        "tag": annotation.tag.as_str(),
        "start": placed.then_some(annotation.span.start),
        "end": placed.then_some(annotation.span.end),
        // The page where it starts, for articles with pages (PDF); null otherwise.
        "page": placed.then(|| document.page_at(annotation.span.start)).flatten(),
        "exact": annotation.quote.exact,
        "note": annotation.note,
        "analyst": annotation.analyst,
    })
}

fn print_table(out: &mut impl Write, annotations: &[Annotation]) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<36}  {:<14} {:>6} {:>6}  {:<48}  {:<32}  analyst",
        "id", "tag", "start", "end", "exact", "note"
    )?;
    for annotation in annotations {
        writeln!(
            out,
            "{:<36}  {:<14} {:>6} {:>6}  {:<48}  {:<32}  {}",
            annotation.id,
            annotation.tag.as_str(),
            annotation.span.start,
            annotation.span.end,
            one_line_excerpt(&annotation.quote.exact, 48),
            one_line_excerpt(&annotation.note, 32),
            annotation.analyst
        )?;
    }
    Ok(())
}
