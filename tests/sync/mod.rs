//! `closeread sync` end to end: a bare repository on disk as the team's server, clones as the
//! analysts' machines, the real binary driving the real `git`.

use super::common;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Team {
    dir: tempfile::TempDir,
}

impl Team {
    /// A server (`team.git`) and analyst-a's project folder with the sample article and a
    /// manifest, set up with `sync init`.
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let team = Self { dir };
        git(team.root(), &["init", "--quiet", "--bare", "team.git"]);
        let project = team.machine("a");
        std::fs::create_dir_all(&project).expect("project folder");
        common::sample_article_in(&project);
        team.ok(&["project", "init", "a", "--name", "Team"], "analyst-a");
        team.ok(&["project", "add", "a", &article_in(&project)], "analyst-a");
        let remote = team.remote();
        team.json(
            &["sync", "init", "a", "--remote", &remote, "--format", "json"],
            "analyst-a",
        );
        team
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn remote(&self) -> String {
        self.root().join("team.git").display().to_string()
    }

    fn machine(&self, name: &str) -> PathBuf {
        self.root().join(name)
    }

    /// Another machine joining with `sync clone`.
    fn join(&self, name: &str, analyst: &str) -> PathBuf {
        self.ok(&["sync", "clone", &self.remote(), name], analyst);
        self.machine(name)
    }

    fn run(&self, args: &[&str], analyst: &str) -> Output {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--analyst", analyst]);
        common::closeread(self.root(), &all)
    }

    fn ok(&self, args: &[&str], analyst: &str) -> String {
        let output = self.run(args, analyst);
        assert!(
            output.status.success(),
            "closeread {args:?} as {analyst}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf-8")
    }

    fn json(&self, args: &[&str], analyst: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(args, analyst)).expect("JSON")
    }

    fn sync(&self, machine: &str, analyst: &str) -> serde_json::Value {
        self.json(&["sync", machine, "--format", "json"], analyst)
    }

    /// Tags `quote` on `machine` as `analyst`; the new annotation's id.
    fn tag(&self, machine: &str, analyst: &str, quote: &str) -> String {
        let article = article_in(&self.machine(machine));
        self.ok(
            &["add", &article, "--tag", "claim", "--quote", quote],
            analyst,
        )
        .trim()
        .to_owned()
    }

    /// The annotation ids in `analyst`'s sidecar on `machine`.
    fn ids(&self, machine: &str, analyst: &str) -> Vec<String> {
        ids_in(
            &std::fs::read_to_string(sidecar(&self.machine(machine), analyst)).unwrap_or_default(),
        )
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn article_in(dir: &Path) -> String {
    dir.join(common::SAMPLE_ARTICLE).display().to_string()
}

fn sidecar(dir: &Path, analyst: &str) -> PathBuf {
    common::sample_sidecar(dir, analyst)
}

/// The `id: "…"` values of a sidecar's text.
fn ids_in(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("id: \""))
        .filter_map(|rest| rest.split('"').next())
        // Annotation ids are UUIDs (the tag set's ids are words).
        .filter(|id| id.len() == 36 && id.matches('-').count() == 4)
        .map(str::to_owned)
        .collect()
}

fn pulled(report: &serde_json::Value, analyst: &str) -> (u64, u64) {
    let entry = &report["pulled"][analyst];
    (
        entry["annotations"].as_u64().unwrap_or(0),
        entry["articles"].as_u64().unwrap_or(0),
    )
}

#[test]
fn two_analysts_sync_their_layers_the_manifest_and_a_consensus_in_turn() {
    let team = Team::new();
    team.join("b", "analyst-b");
    assert!(
        team.machine("b").join(common::SAMPLE_ARTICLE).exists(),
        "the clone has the article"
    );
    // Both read at once.
    team.tag("a", "analyst-a", "the odds fall to zero");
    team.tag("a", "analyst-a", "Mike Pompeo warned");
    team.tag("b", "analyst-b", "Supreme Leader Ali Khamenei");
    team.tag("b", "analyst-b", "the odds fall to zero");
    team.ok(
        &["project", "done", "b", &article_in(&team.machine("b"))],
        "analyst-b",
    );
    // Each adds an article to the manifest.
    for (machine, analyst, name) in [
        ("a", "analyst-a", "extra-a.txt"),
        ("b", "analyst-b", "extra-b.txt"),
    ] {
        let path = team.machine(machine).join(name);
        std::fs::write(&path, format!("An article {analyst} added.\n")).expect("article");
        team.ok(
            &["project", "add", machine, &path.display().to_string()],
            analyst,
        );
    }
    let first = team.sync("a", "analyst-a");
    assert_eq!(first["committed"], 2);
    assert_eq!(first["pushed"], true);
    assert_eq!(first["conflicts"], serde_json::json!([]));
    let second = team.sync("b", "analyst-b");
    assert_eq!(second["committed"], 2);
    assert_eq!(pulled(&second, "analyst-a"), (2, 1));
    assert_eq!(second["pushed"], true);
    let third = team.sync("a", "analyst-a");
    assert_eq!(third["committed"], 0);
    assert_eq!(pulled(&third, "analyst-b"), (2, 1));
    // Both machines hold both layers, the manifest with both added articles, and b's mark.
    for machine in ["a", "b"] {
        let _ = team.sync(
            machine,
            if machine == "a" {
                "analyst-a"
            } else {
                "analyst-b"
            },
        );
        assert_eq!(team.ids(machine, "analyst-a").len(), 2, "on {machine}");
        assert_eq!(team.ids(machine, "analyst-b").len(), 2, "on {machine}");
        let manifest = std::fs::read_to_string(team.machine(machine).join("closeread-project.ron"))
            .expect("manifest");
        assert!(
            manifest.contains("extra-a.txt") && manifest.contains("extra-b.txt"),
            "{manifest}"
        );
        assert!(
            team.machine(machine)
                .join("progress/analyst-b.ron")
                .exists()
        );
    }
    // The commit says what changed.
    let log = git(&team.machine("a"), &["log", "--format=%s"]);
    assert!(
        log.contains("analyst-a: 2 annotations on 1 article"),
        "{log}"
    );
    assert!(
        log.contains("analyst-b: 2 annotations on 1 article, 1 article done"),
        "{log}"
    );
    // A consensus layer written on a (the claim both made) and synced reaches b.
    team.ok(
        &[
            "merge",
            &article_in(&team.machine("a")),
            "--into",
            "consensus",
            "--strategy",
            "majority",
            "--analyst",
            "analyst-b",
        ],
        "analyst-a",
    );
    let _ = team.sync("a", "analyst-a");
    let report = team.sync("b", "analyst-b");
    let consensus = |machine: &str| team.ids(machine, "consensus");
    assert_eq!(consensus("b").len(), 1, "{report}");
    // Both adjudicate at once: each adds to the consensus layer, and the syncs merge the two
    // by annotation id.
    let adjudicate = |machine: &str, quote: &str| -> String {
        let article = team.machine(machine).join(common::SAMPLE_ARTICLE);
        let mut session =
            closeread::session::ReadingSession::open_consensus(&article, None).expect("opens");
        let text = std::fs::read_to_string(&article).expect("article");
        let (start, end) = common::char_span(&text.replace("\r\n", "\n"), quote);
        let id = session
            .add_annotation(
                start,
                end,
                closeread::model::TagId::new("claim"),
                String::new(),
            )
            .expect("adds");
        session.save().expect("saves");
        id.to_string()
    };
    let on_a = adjudicate("a", "Mike Pompeo warned");
    let on_b = adjudicate("b", "Supreme Leader Ali Khamenei");
    let _ = team.sync("a", "analyst-a");
    let report = team.sync("b", "analyst-b");
    assert_eq!(report["conflicts"], serde_json::json!([]), "{report}");
    assert_eq!(pulled(&report, "consensus"), (1, 1), "{report}");
    let _ = team.sync("a", "analyst-a");
    for machine in ["a", "b"] {
        let ids = consensus(machine);
        assert!(
            ids.contains(&on_a) && ids.contains(&on_b),
            "{machine}: {ids:?}"
        );
        assert_eq!(ids.len(), 3, "{machine}: {ids:?}");
    }
}

#[test]
fn one_analyst_on_two_machines_gets_both_machines_annotations() {
    let team = Team::new();
    team.join("laptop", "analyst-a");
    let desk = team.tag("a", "analyst-a", "the odds fall to zero");
    let laptop = team.tag("laptop", "analyst-a", "Mike Pompeo warned");
    team.sync("a", "analyst-a");
    // The same sidecar changed on both: merged by annotation id, not a conflict.
    let report = team.sync("laptop", "analyst-a");
    assert_eq!(report["conflicts"], serde_json::json!([]));
    assert_eq!(pulled(&report, "analyst-a"), (1, 1));
    team.sync("a", "analyst-a");
    for machine in ["a", "laptop"] {
        let ids = team.ids(machine, "analyst-a");
        assert!(
            ids.contains(&desk) && ids.contains(&laptop),
            "{machine}: {ids:?}"
        );
    }
}

#[test]
fn offline_the_commit_is_kept_and_the_next_sync_pushes_it() {
    let team = Team::new();
    let id = team.tag("a", "analyst-a", "the odds fall to zero");
    // The shared drive is not mounted.
    let server = team.root().join("team.git");
    let away = team.root().join("unmounted");
    std::fs::rename(&server, &away).expect("unmount");
    let report = team.sync("a", "analyst-a");
    assert_eq!(report["committed"], 1);
    assert_eq!(report["pushed"], false);
    let human = team.ok(&["sync", "a"], "analyst-a");
    assert!(human.contains("cannot be reached"), "{human}");
    std::fs::rename(&away, &server).expect("mount again");
    let report = team.sync("a", "analyst-a");
    assert_eq!(report["committed"], 0);
    assert_eq!(report["pushed"], true);
    team.join("b", "analyst-b");
    assert_eq!(team.ids("b", "analyst-a"), vec![id]);
}

#[test]
fn a_push_overtaken_by_a_teammates_is_merged_and_pushed_again() {
    let team = Team::new();
    team.join("b", "analyst-b");
    let b_id = team.tag("b", "analyst-b", "Supreme Leader Ali Khamenei");
    let a_id = team.tag("a", "analyst-a", "the odds fall to zero");
    // Between a's fetch and a's push, b pushes (a pre-push hook runs b's sync once).
    let hook = team.machine("a").join(".git/hooks/pre-push");
    let marker = team.root().join("hook-ran");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nif [ ! -e '{marker}' ]; then touch '{marker}'; cd '{b}' && CLOSEREAD_CONFIG_DIR='{config}' '{closeread}' sync . --analyst analyst-b >/dev/null 2>&1; fi\nexit 0\n",
            marker = marker.display(),
            b = team.machine("b").display(),
            config = team.root().join("config").display(),
            closeread = env!("CARGO_BIN_EXE_closeread"),
        ),
    )
    .expect("hook");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let report = team.sync("a", "analyst-a");
    assert!(marker.exists(), "the hook ran");
    assert_eq!(report["pushed"], true, "{report}");
    assert_eq!(pulled(&report, "analyst-b"), (1, 1), "{report}");
    let human = team.ok(&["sync", "b"], "analyst-b");
    assert!(!human.is_empty());
    assert!(team.ids("b", "analyst-a").contains(&a_id));
    assert!(team.ids("a", "analyst-b").contains(&b_id));
}

#[test]
fn a_conflict_the_drivers_cannot_settle_is_set_aside_and_nothing_is_merged() {
    let team = Team::new();
    team.join("b", "analyst-b");
    // Both edit the same line of the article's text by hand; a syncs first.
    for (machine, word) in [("a", "ours"), ("b", "theirs")] {
        let path = team.machine(machine).join(common::SAMPLE_ARTICLE);
        let text = std::fs::read_to_string(&path).expect("article");
        std::fs::write(
            &path,
            text.replacen("Mehdi Khalaji", &format!("Mehdi Khalaji ({word})"), 1),
        )
        .expect("edit");
    }
    assert_eq!(team.sync("a", "analyst-a")["pushed"], true);
    // b's sync met a's edit: nothing merged, b's file as b left it, a's version set aside.
    let article = team.machine("b").join(common::SAMPLE_ARTICLE);
    let output = team.run(&["sync", "b", "--format", "json"], "analyst-b");
    assert!(!output.status.success(), "a conflict is not a success");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        report["conflicts"],
        serde_json::json!([common::SAMPLE_ARTICLE])
    );
    assert_eq!(report["pushed"], false);
    let text = std::fs::read_to_string(&article).expect("article");
    assert!(text.contains("Mehdi Khalaji (theirs)") && !text.contains("(ours)"));
    let set_aside = team
        .machine("b")
        .join(format!("{}.theirs", common::SAMPLE_ARTICLE));
    let other = std::fs::read_to_string(&set_aside).expect("the other side's version");
    assert!(other.contains("Mehdi Khalaji (ours)"));
    assert!(
        !team.machine("b").join(".git/MERGE_HEAD").exists(),
        "no merge left open"
    );
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("could not be merged"), "{message}");
    // The same again while b has not settled it.
    let output = team.run(&["sync", "b", "--format", "json"], "analyst-b");
    assert!(!output.status.success(), "still not settled");
    // b writes a text of both, saved after the set-aside: the next sync takes it as the
    // settlement, merges, pushes and removes the set-aside file.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let text = std::fs::read_to_string(&article).expect("article");
    std::fs::write(
        &article,
        text.replacen(
            "Mehdi Khalaji (theirs)",
            "Mehdi Khalaji (ours and theirs)",
            1,
        ),
    )
    .expect("settle");
    let report = team.sync("b", "analyst-b");
    assert_eq!(report["pushed"], true, "{report}");
    assert!(!set_aside.exists(), "the set-aside file went");
    let report = team.sync("a", "analyst-a");
    assert_eq!(report["conflicts"], serde_json::json!([]), "{report}");
    let text =
        std::fs::read_to_string(team.machine("a").join(common::SAMPLE_ARTICLE)).expect("article");
    assert!(
        text.contains("Mehdi Khalaji (ours and theirs)"),
        "a has the settlement"
    );
}

/// Kills `closeread sync` (and the git it runs) at random moments; after each, every
/// annotation made is in the working folder or in the repository, and a sync then finishes.
/// `CLOSEREAD_SYNC_KILL_ROUNDS` sets the rounds (the long run: `.ci/sync-kill-test`).
#[cfg(unix)]
#[test]
fn a_sync_killed_at_random_moments_loses_nothing_and_the_next_one_finishes() {
    use std::os::unix::process::CommandExt;
    let rounds: usize = std::env::var("CLOSEREAD_SYNC_KILL_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(6);
    let team = Team::new();
    team.join("b", "analyst-b");
    let quotes = [
        "the odds fall to zero",
        "Mike Pompeo warned",
        "Supreme Leader Ali Khamenei",
        "security assurances",
        "chaotic transition period",
        "extracting substantial concessions",
    ];
    let mut made = Vec::new();
    let mut seed: u64 = 0x5eed;
    for round in 0..rounds {
        // b moves the server on now and then, so that merges happen too.
        if round % 2 == 1 {
            team.tag("b", "analyst-b", quotes[(round / 2) % quotes.len()]);
            let _ = team.run(&["sync", "b"], "analyst-b");
        }
        made.push(team.tag("a", "analyst-a", quotes[round % quotes.len()]));
        let mut child = Command::new(env!("CARGO_BIN_EXE_closeread"))
            .args(["sync", "a", "--analyst", "analyst-a"])
            .current_dir(team.root())
            .env("CLOSEREAD_CONFIG_DIR", team.root().join("config"))
            .process_group(0)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("sync starts");
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        std::thread::sleep(std::time::Duration::from_millis((seed >> 33) % 120));
        // The whole group: closeread and the git it is running.
        // `--` before the negative id: a process group, never read as an option.
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{}", child.id())])
            .status();
        let _ = child.wait();
        // Every annotation is in the folder, or committed, or on the server.
        let folder = team.ids("a", "analyst-a");
        let repository = team.machine("a");
        let committed = ids_in(&git_show(&repository, "HEAD"));
        let pushed = ids_in(&git_show(&team.root().join("team.git"), "main"));
        for id in &made {
            assert!(
                folder.contains(id) || committed.contains(id) || pushed.contains(id),
                "round {round}: annotation {id} is nowhere"
            );
        }
    }
    let report = team.sync("a", "analyst-a");
    assert_eq!(report["pushed"], true, "{report}");
    let pushed = ids_in(&git_show(&team.root().join("team.git"), "main"));
    for id in &made {
        assert!(pushed.contains(id), "annotation {id} reached the server");
    }
}

/// analyst-a's sidecar at `revision` in the repository at `dir` ("" when absent).
fn git_show(dir: &Path, revision: &str) -> String {
    let output = Command::new("git")
        .args([
            "show",
            &format!("{revision}:khamenei-breaking-point.analyst-a.ron"),
        ])
        .current_dir(dir)
        .output()
        .expect("git runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_sync_running_makes_another_give_up_or_wait_for_it() {
    let team = Team::new();
    team.tag("a", "analyst-a", "the odds fall to zero");
    // A sync of this (living) process holds the lock.
    let lock = team.machine("a").join(".git/closeread-sync.lock");
    std::fs::write(&lock, format!("{} 0\n", std::process::id())).expect("lock");
    let output = team.run(&["sync", "a"], "analyst-a");
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("another sync is running"), "{message}");
    // With --wait it syncs once the other is done.
    let release = {
        let lock = lock.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(800));
            std::fs::remove_file(lock).expect("released");
        })
    };
    let report = team.json(&["sync", "a", "--wait", "--format", "json"], "analyst-a");
    release.join().expect("thread");
    assert_eq!(report["committed"], 1);
    assert_eq!(report["pushed"], true);
}
