//! Never losing an annotation: `closeread add` killed with SIGKILL at random moments, and two
//! processes adding to the same analyst's sidecar at once.
//!
//! The kill test runs 50 kills here (CI); `CLOSEREAD_KILLS=1000 cargo test --release --test
//! crash -- --nocapture` (or `.ci/crash-long`) runs the long version and prints its figures.
//! `CLOSEREAD_KILL_SEED` picks another seed for the kill moments.

mod common;

use closeread::model::{AnnotationId, Document};
use closeread::store;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashSet;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::SAMPLE_ARTICLE as ARTICLE;

struct Folder {
    dir: tempfile::TempDir,
    document: Document,
}

impl Folder {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let document = store::read_article(&common::sample_article_in(dir.path()))
            .expect("the article reads")
            .document;
        Self { dir, document }
    }

    fn article(&self) -> PathBuf {
        self.dir.path().join(ARTICLE)
    }

    fn sidecar(&self, analyst: &str) -> PathBuf {
        common::sample_sidecar(self.dir.path(), analyst)
    }

    /// `closeread add` of `start..end` as `analyst`, not yet started.
    fn add(&self, analyst: &str, start: usize, end: usize, note: &str) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_closeread"));
        command
            .arg("add")
            .arg(self.article())
            .args(["--analyst", analyst, "--tag", "claim"])
            .args(["--start", &start.to_string(), "--end", &end.to_string()])
            .args(["--note", note])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// The ids in the analyst's sidecar; fails the test if it does not parse.
    fn ids_on_disk(&self, analyst: &str) -> HashSet<AnnotationId> {
        match store::load_sidecar(&self.sidecar(analyst), &self.document, ARTICLE) {
            Ok(Some(loaded)) => loaded
                .layer
                .annotations()
                .iter()
                .map(|annotation| annotation.id)
                .collect(),
            Ok(None) => HashSet::new(),
            Err(error) => panic!("the sidecar no longer parses: {error}"),
        }
    }

    /// Files in the folder other than the article and the sidecars: temporary files and locks.
    fn leftovers(&self) -> Vec<String> {
        std::fs::read_dir(self.dir.path())
            .expect("list")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name != ARTICLE && !name.ends_with(".ron"))
            .collect()
    }
}

fn random_span(rng: &mut StdRng, document: &Document) -> (usize, usize) {
    let chars = document.char_count();
    let start = rng.random_range(0..chars - 80);
    (start, start + rng.random_range(5..80))
}

/// The id `closeread add` printed, if it finished and said so.
fn reported_id(output: &std::process::Output) -> Option<AnnotationId> {
    if !output.status.success() {
        return None;
    }
    let printed = String::from_utf8_lossy(&output.stdout);
    printed.trim().parse().ok()
}

#[test]
fn adds_killed_at_random_moments_lose_no_reported_annotation_and_leave_nothing_in_the_way() {
    let kills: usize = std::env::var("CLOSEREAD_KILLS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(50);
    let seed: u64 = std::env::var("CLOSEREAD_KILL_SEED")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(1);
    let folder = Folder::new();
    let mut rng = StdRng::seed_from_u64(seed);
    let analyst = "crash";

    // How long one add takes here, so that kills land anywhere in it (start-up, reading,
    // merging, writing, renaming) and some after it.
    let mut durations = Vec::new();
    let mut reported: HashSet<AnnotationId> = HashSet::new();
    for _ in 0..5 {
        let (start, end) = random_span(&mut rng, &folder.document);
        let began = Instant::now();
        let output = folder
            .add(analyst, start, end, "calibration")
            .output()
            .expect("run closeread add");
        durations.push(began.elapsed());
        reported.insert(reported_id(&output).expect("an add left alone succeeds"));
    }
    durations.sort();
    let typical = durations[durations.len() / 2];

    let mut killed_before_reporting = 0;
    let mut temporaries_seen = 0;
    for kill in 0..kills {
        let (start, end) = random_span(&mut rng, &folder.document);
        let mut child = folder
            .add(analyst, start, end, &format!("kill {kill}"))
            .spawn()
            .expect("start closeread add");
        let delay = typical.mul_f64(rng.random_range(0.0..2.0));
        std::thread::sleep(delay);
        // SIGKILL on Unix: no destructor, no flush, nothing runs.
        let _ = child.kill();
        let output = child.wait_with_output().expect("reap the child");
        match reported_id(&output) {
            Some(id) => {
                reported.insert(id);
            }
            None => killed_before_reporting += 1,
        }
        temporaries_seen += folder
            .leftovers()
            .iter()
            .filter(|name| name.ends_with(".tmp"))
            .count();

        let on_disk = folder.ids_on_disk(analyst);
        let lost: Vec<&AnnotationId> = reported.difference(&on_disk).collect();
        assert!(
            lost.is_empty(),
            "after kill {kill} ({delay:?} in), reported annotations are missing: {lost:?}"
        );
    }

    // The next writer is not held up by anything a killed one left: it succeeds, and its save
    // clears temporary files and leaves no lock behind.
    let (start, end) = random_span(&mut rng, &folder.document);
    let output = folder
        .add(analyst, start, end, "after the kills")
        .output()
        .expect("run closeread add");
    let last = reported_id(&output).unwrap_or_else(|| {
        panic!(
            "an add after the kills failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    reported.insert(last);
    let on_disk = folder.ids_on_disk(analyst);
    assert!(reported.is_subset(&on_disk));
    assert_eq!(
        folder.leftovers(),
        Vec::<String>::new(),
        "nothing left behind"
    );
    println!(
        "{kills} kills (seed {seed}): {} adds reported success and are all in the sidecar; \
         {killed_before_reporting} were killed before reporting, {} of them after their save \
         (in the sidecar all the same); temporary files were seen {temporaries_seen} times \
         right after a kill and cleared by the next save; an add took {typical:?}",
        reported.len(),
        on_disk.len() - reported.len(),
    );
}

#[test]
fn two_processes_adding_200_each_to_one_sidecar_end_with_400() {
    const ADDS: usize = 200;
    let folder = Folder::new();
    let chars = folder.document.char_count();
    let analyst = "shared";
    let writers: Vec<std::thread::JoinHandle<Vec<AnnotationId>>> = (0..2)
        .map(|writer| {
            let commands: Vec<Command> = (0..ADDS)
                .map(|step| {
                    let start = (writer * ADDS + step) * 7 % (chars - 40);
                    folder.add(analyst, start, start + 30, &format!("{writer}/{step}"))
                })
                .collect();
            std::thread::spawn(move || {
                commands
                    .into_iter()
                    .map(|mut command| {
                        let output = command.output().expect("run closeread add");
                        reported_id(&output).unwrap_or_else(|| {
                            panic!("an add failed: {}", String::from_utf8_lossy(&output.stderr))
                        })
                    })
                    .collect()
            })
        })
        .collect();
    let mut reported = HashSet::new();
    for writer in writers {
        reported.extend(writer.join().expect("the writer finished"));
    }
    assert_eq!(reported.len(), 2 * ADDS);
    let on_disk = folder.ids_on_disk(analyst);
    assert_eq!(on_disk, reported, "every add is in the sidecar, once");
    assert_eq!(
        folder.leftovers(),
        Vec::<String>::new(),
        "nothing left behind"
    );
}
