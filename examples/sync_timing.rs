//! How long `closeread sync` takes on a project of 1,000 articles (about 50 KB each, 5
//! analysts, 200,000 annotations) when five analysts' changes come together: four analysts
//! on one machine each add annotations on 20 articles and sync, then the fifth, on another
//! machine, adds hers and syncs (commit, fetch, merge of the four, push). Also a sync with
//! nothing to do, and the first push of the whole project.
//!
//! Build the binary first, in the same profile:
//! `cargo build --release --no-default-features && cargo run --release --no-default-features --example sync_timing`

use closeread::synthetic::corpus::{CorpusShape, write_corpus};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// `target/<profile>/closeread`, beside the folder this example runs from.
fn closeread_binary() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .ok_or_else(|| anyhow::anyhow!("no target folder"))?;
    let binary = profile.join("closeread");
    anyhow::ensure!(
        binary.exists(),
        "build it first: cargo build --release --no-default-features ({} is missing)",
        binary.display()
    );
    Ok(binary)
}

fn run(binary: &Path, root: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new(binary)
        .args(args)
        .current_dir(root)
        .env("CLOSEREAD_CONFIG_DIR", root.join("config"))
        .output()?;
    anyhow::ensure!(
        output.status.success(),
        "closeread {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn timed(label: &str, work: impl FnOnce() -> anyhow::Result<String>) -> anyhow::Result<String> {
    let start = Instant::now();
    let output = work()?;
    println!("{label}: {:.2} s", start.elapsed().as_secs_f64());
    Ok(output)
}

/// Adds an annotation on each of the first `count` articles `analyst` reads on `machine`.
fn annotate(
    binary: &Path,
    root: &Path,
    machine: &str,
    analyst: usize,
    count: usize,
) -> anyhow::Result<()> {
    let articles = root.join(machine).join("articles");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&articles)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "md"))
        .collect();
    names.sort();
    // Article n is read by analyst n mod 5 (see the corpus).
    for path in names.iter().skip(analyst).step_by(5).take(count) {
        let name = format!("analyst-{analyst}");
        run(
            binary,
            root,
            &[
                "add",
                &path.display().to_string(),
                "--analyst",
                &name,
                "--tag",
                "claim",
                "--start",
                "200",
                "--end",
                "260",
                "--note",
                "synced",
            ],
        )?;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let binary = closeread_binary()?;
    let dir = tempfile::tempdir()?;
    let root = dir.path();
    let start = Instant::now();
    let corpus = write_corpus(&root.join("desk"), &CorpusShape::large())?;
    println!(
        "corpus: {} articles, {} annotations, written in {:.1} s",
        corpus.articles,
        corpus.annotations,
        start.elapsed().as_secs_f64()
    );
    let status = Command::new("git")
        .args(["init", "--quiet", "--bare", "team.git"])
        .current_dir(root)
        .status()?;
    anyhow::ensure!(status.success(), "git init --bare");
    let remote = root.join("team.git").display().to_string();
    timed(
        "first sync (sync init: commit and push the whole project)",
        || {
            run(
                &binary,
                root,
                &[
                    "sync",
                    "init",
                    "desk",
                    "--remote",
                    &remote,
                    "--analyst",
                    "analyst-4",
                ],
            )
        },
    )?;
    timed("sync clone onto a second machine", || {
        run(
            &binary,
            root,
            &["sync", "clone", &remote, "laptop", "--analyst", "analyst-0"],
        )
    })?;
    for analyst in 0..4 {
        annotate(&binary, root, "laptop", analyst, 20)?;
        let name = format!("analyst-{analyst}");
        timed(&format!("{name}: 20 annotations, sync"), || {
            run(&binary, root, &["sync", "laptop", "--analyst", &name])
        })?;
    }
    annotate(&binary, root, "desk", 4, 20)?;
    let report = timed(
        "analyst-4: 20 annotations, sync with the four others' changes coming in",
        || {
            run(
                &binary,
                root,
                &["sync", "desk", "--analyst", "analyst-4", "--format", "json"],
            )
        },
    )?;
    println!("{report}");
    timed("a sync with nothing to do", || {
        run(&binary, root, &["sync", "desk", "--analyst", "analyst-4"])
    })?;
    Ok(())
}
