//! The `closeread` binary: parse the command line, run a headless subcommand if one is given,
//! otherwise open the window.

use clap::Parser;
use closeread::cli::{Cli, run_subcommand};

fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version are "errors" that print to stdout and succeed.
        Err(error) if !error.use_stderr() => error.exit(),
        Err(error) => {
            eprintln!(
                "closeread: {} (see closeread --help)",
                first_line_of(&error)
            );
            return std::process::ExitCode::from(2);
        }
    };
    let result = match &cli.command {
        Some(command) => run_subcommand(&cli, command),
        None => launch_window(&cli),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // Output cut short by a closed pipe (`closeread list … | head`) is not a failure.
        Err(error) if is_broken_pipe(&error) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("closeread: {}", format_error_chain(&error));
            std::process::ExitCode::FAILURE
        }
    }
}

/// clap's message without its "error: " prefix, usage block and tips: one line.
fn first_line_of(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let line = rendered.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_owned()
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    let broken = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(broken)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|error| matches!(error.kind(), csv::ErrorKind::Io(io) if broken(io)))
    })
}

/// All causes on one line, each said once.
fn format_error_chain(error: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|part| part.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ").replace('\n', " ")
}

#[cfg(feature = "gui")]
fn launch_window(cli: &Cli) -> anyhow::Result<()> {
    closeread::app::run(&closeread::app::WindowArgs {
        article: cli.article.clone(),
        annotations: cli.annotations.clone(),
        analyst: cli.analyst.last().cloned(),
        project: cli.project.clone(),
    })
}

#[cfg(not(feature = "gui"))]
fn launch_window(_cli: &Cli) -> anyhow::Result<()> {
    anyhow::bail!(
        "this build has no window (built without the `gui` feature); use a subcommand, see --help"
    )
}
