//! `closeread project …`: a project of many articles from the command line. The commands
//! are defined here; [`report`] prints status, search results and agreement, [`export`] runs
//! one export across the articles, [`codebook`] edits the codebook.

mod codebook;
mod export;
mod report;

use super::commands::{named_analyst, resolve_named_analyst};
use crate::project::assign::{AssignOptions, assign};
use crate::project::{AttributeKind, Progress, Project, add};
use anyhow::{Context, bail};
use clap::{Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// Make DIR a project: writes DIR/closeread-project.ron.
    Init {
        dir: PathBuf,
        /// The project's name (default: the folder's name).
        #[arg(long)]
        name: Option<String>,
        /// A tag set file for every article of the project (copied into DIR if outside it).
        #[arg(long, value_name = "FILE")]
        tag_set: Option<PathBuf>,
    },
    /// Add articles (files, or folders of articles) to the project. Articles outside DIR are
    /// copied into DIR/articles/ with their sidecars; one already listed only gets the values.
    Add {
        dir: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// A document information field (title, authors, date, publication, url) or a project
        /// attribute: KEY=VALUE. Repeatable.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
    },
    /// Set values on several articles of the project at once.
    Set {
        dir: PathBuf,
        #[arg(required = true)]
        articles: Vec<PathBuf>,
        #[arg(long = "set", value_name = "KEY=VALUE", required = true)]
        set: Vec<String>,
    },
    /// Define (or redefine) a project attribute of the articles.
    Attribute {
        dir: PathBuf,
        name: String,
        #[arg(long, value_enum)]
        kind: AttributeKindArg,
        /// The values a choice attribute takes: A,B,C.
        #[arg(long, value_delimiter = ',', required_if_eq("kind", "choice"))]
        choices: Vec<String>,
    },
    /// Each article's analysts with their status and annotation count, and its consensus.
    Status {
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// Assign the articles without analysts (all with --reassign) to analysts, balanced; a
    /// share is double read, drawn at random with a seed the manifest records.
    Assign {
        dir: PathBuf,
        #[arg(long, value_delimiter = ',', required = true, value_name = "A,B,C")]
        analysts: Vec<String>,
        /// Percentage of the articles read by two analysts (all with --all-read).
        #[arg(long, value_name = "PERCENT", default_value_t = 0)]
        double_read: u32,
        /// The seed of the draw (default: one picked now, and printed).
        #[arg(long)]
        seed: Option<u64>,
        /// Double-read articles are read by every analyst, not two.
        #[arg(long)]
        all_read: bool,
        /// Draw again for every article, not only those without analysts.
        #[arg(long)]
        reassign: bool,
    },
    /// Mark an article done for the analyst (--analyst NAME), or reopen it with --undo.
    Done {
        dir: PathBuf,
        article: PathBuf,
        #[arg(long)]
        undo: bool,
    },
    /// One export across the articles: what `search` would list, as a briefing (md, html,
    /// docx) or for spreadsheets and scripts (csv, json, w3c), grouped by article or by tag.
    Export {
        dir: PathBuf,
        #[command(flatten)]
        filters: SearchFilters,
        #[arg(long, value_enum)]
        format: crate::export::ExportFormat,
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: PathBuf,
        #[arg(long, value_enum, default_value_t = crate::export::project::GroupBy::Article)]
        group_by: crate::export::project::GroupBy,
        /// CSV: start with a UTF-8 BOM so that Excel reads non-ASCII text correctly.
        #[arg(long)]
        excel: bool,
        /// Briefings: append the project's codebook (definitions and anchor examples).
        #[arg(long)]
        with_codebook: bool,
    },
    /// Find words in the articles' own text across the project; with --tag-all TAG, tag every
    /// match in the analyst's readings (one undo step per article).
    Find {
        dir: PathBuf,
        text: String,
        #[arg(long)]
        match_case: bool,
        /// Only where the text stands as whole words ("Iran" but not "Iranian").
        #[arg(long)]
        whole_words: bool,
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
        /// Tag every match with this tag (id or label) in --analyst's readings.
        #[arg(long, value_name = "TAG")]
        tag_all: Option<String>,
    },
    /// The codebook: each tag and relation kind with a definition, when to use it and when
    /// not, and anchor examples pinned from the articles (init, show, define, pin, unpin).
    Codebook {
        #[command(subcommand)]
        command: codebook::CodebookCommand,
    },
    /// Agreement of every pair of analysts, per article and pooled over the articles both
    /// annotated (span F1 exact and overlap, Krippendorff's α_u, Cohen's κ).
    Agree {
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// Annotations across the project, with the text around them. --analyst filters by
    /// analyst (repeatable).
    Search {
        dir: PathBuf,
        #[command(flatten)]
        filters: SearchFilters,
        #[arg(long, value_enum, default_value_t = SearchFormat::Table)]
        format: SearchFormat,
    },
    /// A REFI-QDA project (.qdpx from MAXQDA, NVivo, ATLAS.ti, QualCoder) into DIR: each text
    /// source becomes an article in DIR/articles/, each user's codings that user's reading.
    Import {
        file: PathBuf,
        #[arg(long, value_name = "DIR")]
        into: PathBuf,
        /// Map the project's codes to tags: FROM=TO,FROM=TO.
        #[arg(long, value_name = "FROM=TO,...")]
        tag_map: Option<String>,
        /// Map the project's link names to relation kinds: FROM=TO,...
        #[arg(long, value_name = "FROM=TO,...")]
        relation_map: Option<String>,
    },
    /// The project journal (DIR/journal.md): with TEXT, adds a dated entry by --analyst;
    /// without, prints the entries.
    Journal {
        dir: PathBuf,
        text: Option<String>,
        /// The entry's date (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
}

#[derive(Debug, clap::Args)]
pub struct SearchFilters {
    /// Only this tag (id or label; repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Text in the excerpt or the note (ignoring case).
    #[arg(long, value_name = "Q")]
    pub text: Option<String>,
    /// A condition on the article or reading: KEY=VALUE, KEY>=VALUE, KEY<=VALUE (keys: title,
    /// authors, date, publication, url, status, and the project's attributes). Repeatable.
    #[arg(long = "where", value_name = "KEY=VALUE")]
    pub conditions: Vec<String>,
    /// Search as this analyst: with "blind until done", teammates' readings of articles they
    /// have not marked done are left out.
    #[arg(long = "as", value_name = "ANALYST")]
    pub viewer: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AttributeKindArg {
    Text,
    Date,
    Number,
    Choice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableOrJson {
    Table,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SearchFormat {
    Table,
    Json,
    Csv,
}

/// Runs a project subcommand; `analysts` are the global `--analyst` values.
pub fn run(command: &ProjectCommand, analysts: &[String]) -> anyhow::Result<()> {
    match command {
        ProjectCommand::Init { dir, name, tag_set } => {
            init(dir, name.as_deref(), tag_set.as_deref())
        }
        ProjectCommand::Add { dir, files, set } => {
            let mut project = Project::open(dir)?;
            let outcome =
                add::add_articles(&mut project, files, set).with_context(|| in_project(dir))?;
            project.save()?;
            let mut out = std::io::stdout().lock();
            for (from, to) in &outcome.copied {
                writeln!(out, "copied {} to {}", from.display(), to.display())?;
            }
            for key in &outcome.added {
                writeln!(out, "added {key}")?;
            }
            for key in &outcome.already {
                writeln!(out, "already in the project: {key}")?;
            }
            Ok(())
        }
        ProjectCommand::Set { dir, articles, set } => {
            let mut project = Project::open(dir)?;
            let keys = articles
                .iter()
                .map(|article| project.key_of(article))
                .collect::<Result<Vec<_>, _>>()?;
            add::set_article_values(&mut project, &keys, set).with_context(|| in_project(dir))?;
            project.save()?;
            println!("{} article(s) changed", keys.len());
            Ok(())
        }
        ProjectCommand::Attribute {
            dir,
            name,
            kind,
            choices,
        } => {
            let mut project = Project::open(dir)?;
            let name = name.trim().to_lowercase();
            if name.is_empty()
                || crate::project::manifest::DOCUMENT_KEYS.contains(&name.as_str())
                || name == "status"
            {
                bail!("{name:?} cannot be an attribute name (it is empty or a built-in key)");
            }
            let kind = match kind {
                AttributeKindArg::Text => AttributeKind::Text,
                AttributeKindArg::Date => AttributeKind::Date,
                AttributeKindArg::Number => AttributeKind::Number,
                AttributeKindArg::Choice => AttributeKind::Choice(
                    choices
                        .iter()
                        .map(|choice| choice.trim().to_owned())
                        .filter(|choice| !choice.is_empty())
                        .collect(),
                ),
            };
            project.manifest.attributes.insert(name.clone(), kind);
            let problems = project.manifest.problems();
            project.save()?;
            println!("attribute {name} defined");
            for problem in problems {
                eprintln!("warning: {problem}");
            }
            Ok(())
        }
        ProjectCommand::Status { dir, format } => report::status(dir, *format),
        ProjectCommand::Assign {
            dir,
            analysts: names,
            double_read,
            seed,
            all_read,
            reassign,
        } => {
            let mut project = Project::open(dir)?;
            let ids = names
                .iter()
                .map(|name| named_analyst(name.trim()).map(|named| (named.id, named.display_name)))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let seed = seed.unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |elapsed| elapsed.as_nanos() as u64)
            });
            let options = AssignOptions {
                analysts: ids.iter().map(|(id, _)| id.clone()).collect(),
                double_read_percent: *double_read,
                readers: if *all_read { usize::MAX } else { 2 },
                seed,
                reassign: *reassign,
            };
            let outcome = assign(&mut project.manifest, &options)?;
            for (id, display_name) in ids {
                if let Some(name) = display_name
                    && let Some(entry) = project.manifest.analysts.get_mut(&id)
                    && entry.name.is_empty()
                {
                    entry.name = name;
                }
            }
            project.save()?;
            let mut out = std::io::stdout().lock();
            if outcome.articles == 0 {
                writeln!(
                    out,
                    "0 article(s) assigned: every article has its analysts (--reassign draws again for all; the last draw's record is kept)"
                )?;
            } else {
                writeln!(
                    out,
                    "{} article(s) assigned, {} double read (seed {})",
                    outcome.articles, outcome.double_read, outcome.seed
                )?;
            }
            for (analyst, readings) in &outcome.readings {
                writeln!(out, "{analyst}: {readings} reading(s) in the project")?;
            }
            Ok(())
        }
        ProjectCommand::Done { dir, article, undo } => {
            if analysts.len() > 1 {
                bail!("mark one analyst's reading done: give --analyst once");
            }
            let analyst = resolve_named_analyst(analysts.last().map(String::as_str))?.id;
            let project = Project::open(dir)?;
            let key = project.key_of(article)?;
            // An analyst of the project: named in it, or with a reading of one of its articles.
            let has_reading = project.manifest.articles.keys().any(|listed| {
                crate::store::sidecar_path(
                    &project.article_path(listed),
                    project.annotations_dir().as_deref(),
                    &analyst,
                )
                .is_file()
            });
            let known = project.manifest.analysts.contains_key(&analyst)
                || project
                    .manifest
                    .articles
                    .values()
                    .any(|entry| entry.assigned.contains(&analyst));
            if !known && !has_reading {
                bail!(
                    "{analyst} is not an analyst of the project {} and has no reading of its articles (check the name, or assign them first)",
                    dir.display()
                );
            }
            let mut progress = Progress::load(&project.root, &analyst)?;
            progress.set_done(&key, !undo);
            progress.save(&project.root)?;
            println!(
                "{key}: {} for {analyst}",
                if *undo { "reopened" } else { "done" }
            );
            Ok(())
        }
        ProjectCommand::Search {
            dir,
            filters,
            format,
        } => report::search_command(dir, filters, analysts, *format),
        ProjectCommand::Agree { dir, format } => report::agree(dir, *format),
        ProjectCommand::Export {
            dir,
            filters,
            format,
            output,
            group_by,
            excel,
            with_codebook,
        } => export::export(
            dir,
            filters,
            analysts,
            (*format, *group_by, *excel, *with_codebook),
            output,
        ),
        ProjectCommand::Codebook { command } => codebook::run(command, analysts),
        ProjectCommand::Find {
            dir,
            text,
            match_case,
            whole_words,
            format,
            tag_all,
        } => report::find(
            dir,
            &crate::project::text_search::TextQuery {
                text: text.clone(),
                match_case: *match_case,
                whole_words: *whole_words,
            },
            *format,
            tag_all.as_deref(),
            analysts,
        ),
        ProjectCommand::Journal {
            dir,
            text,
            date,
            format,
        } => journal(dir, text.as_deref(), date.as_deref(), *format, analysts),
        ProjectCommand::Import {
            file,
            into,
            tag_map,
            relation_map,
        } => import_qdpx(file, into, tag_map.as_deref(), relation_map.as_deref()),
    }
}

/// `project import FILE.qdpx --into DIR`: the project made (or added to), each text source
/// written as an article (a file already there with the same text is reused, never
/// overwritten), then each article's codings imported user by user.
fn import_qdpx(
    file: &Path,
    dir: &Path,
    tag_map: Option<&str>,
    relation_map: Option<&str>,
) -> anyhow::Result<()> {
    let (name, texts) = crate::import::refi::read_qdpx_texts(file)?;
    if texts.is_empty() {
        bail!(
            "{} has no text source to import (pictures, PDFs and media are not read)",
            file.display()
        );
    }
    let mut project = if Project::is_project(dir) {
        Project::open(dir)?
    } else {
        let name = if name.trim().is_empty() {
            "Imported project"
        } else {
            name.trim()
        };
        Project::init(dir, name, None)?
    };
    let folder = dir.join(add::ARTICLES_FOLDER);
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot make {}", folder.display()))?;
    let mut articles = Vec::new();
    for (index, (source, text)) in texts.iter().enumerate() {
        let stem: String = source
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .trim_matches('-')
            .to_owned();
        let stem = if stem.is_empty() {
            format!("source-{}", index + 1)
        } else {
            stem
        };
        let stem = stem.strip_suffix("-txt").unwrap_or(&stem).to_owned();
        // Never over another file: the same text is the same article, another gets a number.
        let mut path = folder.join(format!("{stem}.txt"));
        let mut number = 1;
        while path.exists() && std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str())
        {
            number += 1;
            path = folder.join(format!("{stem}-{number}.txt"));
        }
        if !path.exists() {
            crate::store::write_atomically(&path, text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        articles.push(path);
    }
    let outcome = add::add_articles(&mut project, &articles, &[])?;
    project.save()?;
    println!(
        "{} article(s) from {} in {} ({} new)",
        articles.len(),
        file.display(),
        Project::manifest_path(dir).display(),
        outcome.added.len()
    );
    let annotations = project.annotations_dir();
    for article in &articles {
        println!("{}:", article.display());
        crate::cli::export::import_qdpx(
            article,
            annotations.as_deref(),
            file,
            (tag_map, relation_map),
        )?;
    }
    Ok(())
}

fn journal(
    dir: &Path,
    text: Option<&str>,
    date: Option<&str>,
    format: TableOrJson,
    analysts: &[String],
) -> anyhow::Result<()> {
    use crate::project::journal::{add_entry, read_journal};
    let project = Project::open(dir)?;
    if let Some(text) = text {
        if analysts.len() > 1 {
            bail!("a journal entry is one analyst's: give --analyst once");
        }
        let analyst = resolve_named_analyst(analysts.last().map(String::as_str))?.id;
        let date = match date {
            Some(date) => chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                .with_context(|| format!("{date:?} is not a date: write it YYYY-MM-DD"))?,
            None => chrono::Local::now().date_naive(),
        };
        let entry = add_entry(&project, &analyst, date, text)?;
        println!(
            "journal entry of {} by {} added to {}",
            entry.date,
            entry.analyst,
            dir.join(crate::project::journal::JOURNAL_FILE).display()
        );
        return Ok(());
    }
    let entries = read_journal(&project)?;
    let mut out = std::io::stdout().lock();
    match format {
        TableOrJson::Json => {
            let rows: Vec<serde_json::Value> = entries
                .iter()
                .map(|entry| {
                    serde_json::json!({
                        "date": entry.date.to_string(),
                        "analyst": entry.analyst,
                        "text": entry.text,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        }
        TableOrJson::Table => {
            for entry in &entries {
                writeln!(out, "{} — {}", entry.date, entry.analyst)?;
                for line in entry.text.lines() {
                    writeln!(out, "    {line}")?;
                }
            }
            if entries.is_empty() {
                writeln!(out, "the journal has no entries yet")?;
            }
        }
    }
    Ok(())
}

/// Opens the project in `dir` for reading, warning (on standard error) when the tag set or
/// codebook its manifest names cannot be read: the articles' own tag sets are used then.
pub(super) fn open_for_reading(dir: &Path) -> anyhow::Result<Project> {
    let project = Project::open(dir)?;
    if let Err(error) = project.tag_set() {
        eprintln!(
            "warning: the project's tag set cannot be used ({error}); each article's own tag set is used"
        );
    }
    Ok(project)
}

/// "project DIR/closeread-project.ron", for messages about what the manifest holds.
pub(super) fn in_project(dir: &Path) -> String {
    format!("project {}", Project::manifest_path(dir).display())
}

fn init(dir: &Path, name: Option<&str>, tag_set: Option<&Path>) -> anyhow::Result<()> {
    let name = name.map(str::to_owned).unwrap_or_else(|| {
        std::path::absolute(dir)
            .ok()
            .and_then(|path| {
                path.file_name()
                    .map(|name| name.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "Project".to_owned())
    });
    let tag_set_key = match tag_set {
        None => None,
        Some(file) => {
            // Refuse a file that is neither a tag set nor a codebook before making anything.
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            if crate::project::merge::declared_format(&text).as_deref()
                == Some(crate::project::codebook::FORMAT_NAME)
            {
                crate::project::codebook::Codebook::parse(&text, file)?;
            } else {
                crate::store::tag_sets::read_tag_set(file)?;
            }
            match crate::project::relative_key(dir, file) {
                Some(key) => Some(key),
                None => {
                    let file_name = file
                        .file_name()
                        .context("the tag set has no file name")?
                        .to_string_lossy()
                        .into_owned();
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot make {}", dir.display()))?;
                    let target = dir.join(&file_name);
                    if target.exists() {
                        bail!("{} exists already: not overwritten", target.display());
                    }
                    std::fs::copy(file, &target).with_context(|| {
                        format!("cannot copy {} to {}", file.display(), target.display())
                    })?;
                    Some(file_name)
                }
            }
        }
    };
    let project = Project::init(dir, &name, tag_set_key)?;
    println!(
        "project {:?} made in {}",
        project.manifest.name,
        Project::manifest_path(dir).display()
    );
    Ok(())
}
