//! Replays the fuzzers' corpora (`fuzz/corpus/<target>/`, kept minimised with `cargo fuzz
//! cmin`) and every crash a fuzzer ever found (`tests/fixtures/fuzz_regressions/<target>/`)
//! through the same entry points the fuzz targets call: none may panic. Runs in the ordinary
//! `cargo test`, without libFuzzer or a nightly toolchain.

use std::path::Path;

type Entry = fn(&[u8]);

const TARGETS: [(&str, Entry); 4] = [
    ("sidecar", closeread::fuzz_entry::sidecar),
    ("brat_import", closeread::fuzz_entry::brat),
    ("w3c_import", closeread::fuzz_entry::w3c),
    ("article", closeread::fuzz_entry::article),
];

/// Feeds every file under `folder/<target>/` to its target; returns how many.
fn replay(folder: &Path) -> usize {
    let mut replayed = 0;
    for (target, entry) in TARGETS {
        let Ok(files) = std::fs::read_dir(folder.join(target)) else {
            continue;
        };
        for file in files {
            let path = file.expect("list").path();
            let bytes = std::fs::read(&path).expect("read");
            let outcome = std::panic::catch_unwind(|| entry(&bytes));
            assert!(outcome.is_ok(), "{target} panicked on {}", path.display());
            replayed += 1;
        }
    }
    replayed
}

#[test]
fn the_fuzz_corpora_and_every_crash_found_run_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = replay(&root.join("fuzz/corpus"));
    assert!(corpus > 100, "the corpora are there ({corpus} inputs)");
    replay(&root.join("tests/fixtures/fuzz_regressions"));
}
