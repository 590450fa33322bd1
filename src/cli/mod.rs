//! The command line. `closeread [ARTICLE]` opens the window; the subcommands work headless
//! on an article's sidecar and run before any window code is touched.

mod commands;
mod editions;
mod export;
mod info;
mod project;
mod sync;
mod team;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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

    /// A project folder (with closeread-project.ron) whose home opens with the window, e.g.
    /// `--project annotations` for the bundled sample project.
    #[arg(long, value_name = "DIR")]
    pub project: Option<PathBuf>,

    /// Folder of the sidecar files (default: the article's own folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub annotations: Option<PathBuf>,

    /// Analyst name (default: the remembered name, else $CLOSEREAD_ANALYST, else the OS user).
    /// A display name such as "Jane Doe" is accepted: the sidecar is named by its id
    /// (jane-doe) and records the name. `export` takes it several times, for several layers.
    #[arg(long, global = true, value_name = "NAME", action = clap::ArgAction::Append)]
    pub analyst: Vec<String>,
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
    /// Delete one annotation by id (and its relations).
    Delete {
        article: PathBuf,
        #[arg(long)]
        id: String,
    },
    /// Link two annotations: SOURCE —KIND→ TARGET, e.g. evidence supports a claim. The tag set
    /// decides which kinds may link which tags. With --delete, remove that relation.
    Relate {
        article: PathBuf,
        /// Id of the annotation the relation starts from.
        #[arg(long)]
        source: String,
        /// supports, undermines, follows_from (or another kind of the tag set).
        #[arg(long)]
        kind: String,
        /// Id of the annotation it points to.
        #[arg(long)]
        target: String,
        #[arg(long, conflicts_with = "note")]
        delete: bool,
        /// The relation's note (set on the relation, new or existing; "" removes it).
        #[arg(long)]
        note: Option<String>,
    },
    /// Export tagged excerpts: md, html and docx (the briefing: document information, bottom
    /// line, recommendations, claims with their evidence), csv, json, w3c (Web Annotation),
    /// brat (a folder with the text and the standoff file). `--analyst consensus` exports the
    /// consensus layer.
    Export {
        article: PathBuf,
        #[arg(long, value_enum)]
        format: crate::export::ExportFormat,
        /// Only these tags (repeatable); default all.
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Output file (folder for brat); default standard output.
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: Option<PathBuf>,
        /// CSV: start with a UTF-8 BOM so that Excel reads non-ASCII text correctly.
        #[arg(long)]
        excel: bool,
        /// HTML: add the whole article with its highlights after the briefing.
        #[arg(long)]
        with_article: bool,
    },
    /// Import annotations from a brat .ann file or a W3C Web Annotation JSON file (also
    /// Hypothesis's export) into the analyst's sidecar, placed by their quotes, with their
    /// relations (brat R lines and Stance attributes, W3C linking annotations).
    Import {
        article: PathBuf,
        /// The other tool's format.
        #[arg(long = "from", value_enum)]
        from: crate::import::ImportFormat,
        file: PathBuf,
        /// Map the file's types to tags: FROM=TO,FROM=TO (e.g. Premise=evidence).
        #[arg(long, value_name = "FROM=TO,...")]
        tag_map: Option<String>,
        /// Map the file's relation types to the tag set's: FROM=TO,... (e.g. attacks=undermines).
        #[arg(long, value_name = "FROM=TO,...")]
        relation_map: Option<String>,
    },
    /// Draw the analyst's argument map (claims, the evidence for and against them, the
    /// recommendations that follow) as SVG, or PNG when OUTPUT ends in .png.
    Map {
        article: PathBuf,
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: PathBuf,
    },
    /// Download a web page (or a PDF, Word or text file) by its address into DIR, named after
    /// the address (never over another file), with its document information recording the
    /// address and when it was fetched; prints the saved file's path.
    Fetch {
        url: String,
        /// The folder to save it in (made if missing).
        #[arg(long, value_name = "DIR")]
        into: PathBuf,
    },
    /// Print the article's canonical text as Closeread reads it (plain), or as JSON with its
    /// blocks (start, end, kind, level, page; offsets in code points, end exclusive), its
    /// document information and its format: for scripts, and for checking an extraction.
    Text {
        article: PathBuf,
        #[arg(long, value_enum, default_value_t = TextFormat::Plain)]
        format: TextFormat,
    },
    /// Print the article's document information (title, authors, date, publication, URL, direction):
    /// <stem>.meta.ron beside the article, shared by its analysts, else what the article itself
    /// says. With --set, change it (written to <stem>.meta.ron).
    Info {
        article: PathBuf,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Change a field: KEY=VALUE with KEY one of title, authors (separated by ';' or ','),
        /// author, date, publication, url, direction (auto, ltr or rtl). Repeatable.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
    },
    /// Pair the paragraphs of an article with those of another edition of it (a translation):
    /// by shared numbers, names and words, place and length; one-to-many where one edition
    /// merged paragraphs, alone where one lacks a paragraph. Prints the pairs (as JSON,
    /// `[{"a": [i, ...], "b": [j, ...]}]`, paragraph indexes as `closeread text --format json`
    /// lists the blocks); with --write, keeps them in <stem of A>.editions.ron beside A, where
    /// pairs set by hand, notes and links already there stay. `--format csv` or `html` prints
    /// the two editions side by side (with the notes and linked passages).
    Align {
        article_a: PathBuf,
        article_b: PathBuf,
        #[arg(long, value_enum, default_value_t = AlignFormat::Table)]
        format: AlignFormat,
        /// Write the pairing to <stem of A>.editions.ron beside A.
        #[arg(long)]
        write: bool,
    },
    /// Share a project (or an article's folder) with the team through git: commit what you
    /// changed, fetch, merge (annotations, the manifest and progress by id), push, and say
    /// what came in per teammate. `sync init DIR --remote URL` makes DIR a repository with
    /// that remote; `sync clone URL DIR` joins a team's.
    #[command(args_conflicts_with_subcommands = true)]
    Sync {
        #[command(subcommand)]
        setup: Option<SyncSetup>,
        /// The project or article folder (in a repository).
        dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// The e-mail address for the commit (default: the remembered one, else
        /// $CLOSEREAD_EMAIL, else <analyst>@closeread.invalid).
        #[arg(long)]
        email: Option<String>,
        /// Wait (up to two minutes) for a sync already running in the repository to finish,
        /// rather than give up (the window's sync on closing uses it).
        #[arg(long)]
        wait: bool,
    },
    /// Set the analyst's reading note: their bottom line on the article, saved in their
    /// sidecar and shown first in the briefing.
    Note {
        article: PathBuf,
        /// The reading note ("" clears it).
        #[arg(long)]
        reading: String,
    },
    /// Agreement between every pair of analysts (all sidecars of the article, or those named
    /// by --analyst): span F1 (exact and overlap match), Krippendorff's α_u over chars and
    /// Cohen's κ on word tokens, per tag and overall, and the mean over pairs.
    Agree {
        article: PathBuf,
        #[arg(long, value_enum, default_value_t = AgreeFormat::Table)]
        format: AgreeFormat,
    },
    /// Accept into the consensus layer what the analysts agree on (unanimously, or by
    /// majority), and list the disagreements left for an adjudicator.
    Merge {
        article: PathBuf,
        /// The layer to merge into; only the consensus layer can be.
        #[arg(long, default_value = "consensus", value_parser = ["consensus"])]
        into: String,
        #[arg(long, value_enum, default_value_t = StrategyArg::Unanimous)]
        strategy: StrategyArg,
    },
    /// Merge two versions of one sidecar by annotation id, writing the result to OURS (a git
    /// merge driver: `closeread merge-file %O %A %B`).
    MergeFile {
        /// The common ancestor (may be missing or empty).
        base: PathBuf,
        /// Our version; the merge is written here.
        ours: PathBuf,
        theirs: PathBuf,
    },
    /// A project of many articles: a folder with closeread-project.ron (init, add, set,
    /// attribute, status, assign, done, search, export, agree, codebook, find, journal).
    Project {
        #[command(subcommand)]
        command: project::ProjectCommand,
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
pub enum AgreeFormat {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StrategyArg {
    Unanimous,
    Majority,
}

impl From<StrategyArg> for crate::team::Strategy {
    fn from(strategy: StrategyArg) -> Self {
        match strategy {
            StrategyArg::Unanimous => crate::team::Strategy::Unanimous,
            StrategyArg::Majority => crate::team::Strategy::Majority,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    Plain,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// `closeread sync init` and `closeread sync clone`.
#[derive(Debug, Subcommand)]
pub enum SyncSetup {
    /// Make DIR a git repository whose remote is URL (or point it there), set it up for
    /// Closeread, and sync.
    Init {
        dir: PathBuf,
        #[arg(long, value_name = "URL")]
        remote: String,
        #[arg(long)]
        email: Option<String>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Join a team: clone the repository at URL into DIR and set it up for Closeread.
    Clone {
        url: String,
        dir: PathBuf,
        #[arg(long)]
        email: Option<String>,
    },
}

/// What `closeread align` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AlignFormat {
    /// The pairs, one a line, with each side's first words.
    Table,
    /// `[{"a": [i, ...], "b": [j, ...]}]`.
    Json,
    /// The two editions side by side, a row per pair and per linked passage.
    Csv,
    /// The two editions side by side as a self-contained HTML report.
    Html,
}

pub use crate::store::{bundled_annotations_dir, bundled_article};
