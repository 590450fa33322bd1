//! `project codebook …`: making, reading and editing the project's codebook. Every change is
//! recorded in the file under the analyst who made it (`--analyst`).

use super::super::commands::{named_analyst, resolve_named_analyst};
use crate::project::Project;
use crate::project::codebook::{CODEBOOK_FILE, Codebook, Example, GuidanceField};
use crate::project::readings::read_article_readings;
use anyhow::{Context, bail};
use clap::{Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum CodebookCommand {
    /// Grow the project's tag set (or the default one) into DIR/codebook.ron and make it the
    /// project's.
    Init { dir: PathBuf },
    /// Print the codebook.
    Show {
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = ShowFormat::Md)]
        format: ShowFormat,
    },
    /// Set the guidance of a tag or relation kind (by id or label).
    Define {
        dir: PathBuf,
        tag: String,
        #[arg(long)]
        definition: Option<String>,
        #[arg(long)]
        use_when: Option<String>,
        #[arg(long)]
        not_when: Option<String>,
    },
    /// Pin an annotation as an example of a tag or relation kind.
    Pin {
        dir: PathBuf,
        tag: String,
        /// The article (its path, or its path in the project).
        article: PathBuf,
        /// The annotation's id (`closeread list` shows it).
        #[arg(long)]
        id: String,
        /// Whose layer holds the annotation (default: the analyst making the change).
        #[arg(long = "of", value_name = "ANALYST")]
        of: Option<String>,
        /// Why it is a good example.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Unpin an example.
    Unpin {
        dir: PathBuf,
        tag: String,
        #[arg(long)]
        id: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Md,
    Json,
}

/// The project and its codebook, or a message saying how to make one.
fn open(dir: &std::path::Path) -> anyhow::Result<(Project, Codebook, PathBuf)> {
    let project = Project::open(dir)?;
    let codebook = project.codebook()?.with_context(|| {
        format!(
            "the project has no codebook yet: make one with `closeread project codebook init {}`",
            dir.display()
        )
    })?;
    let path = project
        .tag_set_path()
        .context("the project names no codebook")?;
    Ok((project, codebook, path))
}

pub fn run(command: &CodebookCommand, analysts: &[String]) -> anyhow::Result<()> {
    let who = || -> anyhow::Result<String> {
        if analysts.len() > 1 {
            bail!("a codebook change is one analyst's: give --analyst once");
        }
        Ok(resolve_named_analyst(analysts.last().map(String::as_str))?.id)
    };
    match command {
        CodebookCommand::Init { dir } => {
            let mut project = Project::open(dir)?;
            if project.codebook()?.is_some() {
                bail!("the project has a codebook already");
            }
            let set = project.tag_set()?.unwrap_or_default();
            let path = project.root.join(CODEBOOK_FILE);
            if path.exists() {
                bail!("{} exists already: not overwritten", path.display());
            }
            Codebook::from_tag_set(&set).save(&path)?;
            project.manifest.tag_set = Some(CODEBOOK_FILE.to_owned());
            project.save()?;
            println!("codebook made: {}", path.display());
            Ok(())
        }
        CodebookCommand::Show { dir, format } => {
            let (_, codebook, _) = open(dir)?;
            let mut out = std::io::stdout().lock();
            match format {
                ShowFormat::Md => write!(out, "{}", codebook.to_markdown(1))?,
                ShowFormat::Json => {
                    writeln!(out, "{}", serde_json::to_string_pretty(&codebook)?)?;
                }
            }
            Ok(())
        }
        CodebookCommand::Define {
            dir,
            tag,
            definition,
            use_when,
            not_when,
        } => {
            let who = who()?;
            let (_, mut codebook, path) = open(dir)?;
            let mut changed = 0;
            for (field, text) in [
                (GuidanceField::Definition, definition),
                (GuidanceField::UseWhen, use_when),
                (GuidanceField::NotWhen, not_when),
            ] {
                if let Some(text) = text {
                    changed += usize::from(codebook.set_guidance(tag, field, text, &who)?);
                }
            }
            if changed == 0 {
                println!("nothing changed");
                return Ok(());
            }
            codebook.save(&path)?;
            println!("{tag}: {changed} field(s) changed");
            Ok(())
        }
        CodebookCommand::Pin {
            dir,
            tag,
            article,
            id,
            of,
            note,
        } => {
            let who = who()?;
            let (project, mut codebook, path) = open(dir)?;
            let key = project.key_of(article)?;
            let owner = match of {
                Some(name) => named_analyst(name)?.id,
                None => who.clone(),
            };
            let readings = read_article_readings(&project, &key).map_err(anyhow::Error::msg)?;
            let annotation = readings
                .layer(&owner)
                .and_then(|layer| {
                    layer
                        .annotations()
                        .iter()
                        .find(|annotation| annotation.id.to_string() == *id)
                })
                .with_context(|| format!("{owner} has no annotation {id} on {key}"))?;
            let example = Example {
                article: key.clone(),
                analyst: owner,
                annotation: id.clone(),
                exact: annotation.quote.exact.clone(),
                note: note.trim().to_owned(),
            };
            if codebook.pin(tag, example, &who)? {
                codebook.save(&path)?;
                println!("pinned under {tag}");
            } else {
                println!("already pinned under {tag}");
            }
            Ok(())
        }
        CodebookCommand::Unpin { dir, tag, id } => {
            let who = who()?;
            let (_, mut codebook, path) = open(dir)?;
            if codebook.unpin(tag, id, &who)? {
                codebook.save(&path)?;
                println!("unpinned from {tag}");
            } else {
                println!("{id} is not pinned under {tag}");
            }
            Ok(())
        }
    }
}
