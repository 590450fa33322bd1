//! The command line. `closeread [ARTICLE]` opens the window; the subcommands work headless
//! on an article's sidecar and run before any window code is touched.

mod commands;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

pub use commands::run_subcommand;

#[derive(Debug, Parser)]
#[command(
    name = "closeread",
    version,
    about = "Close reading: tag claims, evidence and recommendations in an article",
    long_about = "Close reading: tag claims, evidence and recommendations in an article.\n\n\
        With no subcommand, opens the window on ARTICLE (or on the bundled sample article with \
        its annotations/ folder). Annotations are saved to <article stem>.<analyst>.ron in the \
        annotations folder (the article's folder unless --annotations names another).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Article to open in the window (default: the bundled sample article).
    pub article: Option<PathBuf>,

    /// Folder of the sidecar files (default: the article's own folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub annotations: Option<PathBuf>,

    /// Analyst name (default: the remembered name, else $CLOSEREAD_ANALYST, else the OS user).
    #[arg(long, global = true, value_name = "NAME")]
    pub analyst: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the annotations of an article (tag, start, end, exact, note, analyst).
    List {
        article: PathBuf,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Add one annotation, located by a quote or by char offsets.
    Add {
        article: PathBuf,
        /// Tag name or label, e.g. claim, evidence, recommendation.
        #[arg(long)]
        tag: String,
        /// Text to annotate; it must occur exactly once in the article.
        #[arg(long, conflicts_with_all = ["start", "end"], required_unless_present = "start")]
        quote: Option<String>,
        /// Start char offset (inclusive).
        #[arg(long, requires = "end")]
        start: Option<usize>,
        /// End char offset (exclusive).
        #[arg(long, requires = "start")]
        end: Option<usize>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Delete one annotation by id.
    Delete {
        article: PathBuf,
        #[arg(long)]
        id: String,
    },
    /// Report how the annotations anchor to the article as it is now (anchored, relocated,
    /// orphaned); with --write, save the re-anchored sidecar.
    Anchor {
        article: PathBuf,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Save the re-anchored sidecar (atomically). Without it nothing is written.
        #[arg(long)]
        write: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// The bundled sample article: `assets/articles/…` under the working folder if present (a run
/// from the repository), else under the folder the crate was built from.
pub fn bundled_article() -> PathBuf {
    let relative = Path::new("assets/articles/khamenei-breaking-point.txt");
    if relative.exists() {
        return relative.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The annotations folder that goes with the bundled article.
pub fn bundled_annotations_dir() -> PathBuf {
    let relative = Path::new("annotations");
    if bundled_article().is_relative() {
        return relative.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}
