//! The bundled sample (the article, its meta file and the two bundled readings) copied into a
//! test's temporary folder: the one implementation, shared by the integration tests (through
//! `tests/common`) and the window's tests (`tests/gui` includes this file by path).

use std::path::{Path, PathBuf};

/// The bundled sample's file stem: `<stem>.txt`, `<stem>.meta.ron`, `<stem>.<analyst>.ron`.
pub const SAMPLE_STEM: &str = "khamenei-breaking-point";

/// The bundled sample article's file name.
pub const SAMPLE_ARTICLE: &str = "khamenei-breaking-point.txt";

/// The analysts whose readings of the sample are bundled in `annotations/`.
pub const SAMPLE_ANALYSTS: [&str; 2] = ["analyst-a", "analyst-b"];

/// The repository's root: the package's folder, or above it for a package inside `tests/`.
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .find(|dir| dir.join("assets/articles").join(SAMPLE_ARTICLE).is_file())
        .unwrap_or(manifest)
        .to_path_buf()
}

/// Copies `name` from the repository's `folder` into `dir`; returns its path there.
fn copy_bundled(folder: &str, name: &str, dir: &Path) -> PathBuf {
    let path = dir.join(name);
    std::fs::copy(repo_root().join(folder).join(name), &path)
        .unwrap_or_else(|error| panic!("copy the bundled {name}: {error}"));
    path
}

/// Copies the bundled sample article into `dir`; returns its path there.
pub fn sample_article_in(dir: &Path) -> PathBuf {
    copy_bundled("assets/articles", SAMPLE_ARTICLE, dir)
}

/// Copies the sample article's meta file (its document information) into `dir`.
pub fn sample_meta_in(dir: &Path) -> PathBuf {
    copy_bundled("assets/articles", &format!("{SAMPLE_STEM}.meta.ron"), dir)
}

/// Copies the bundled readings of the sample (analyst-a's and analyst-b's sidecars) into `dir`.
pub fn sample_sidecars_in(dir: &Path) {
    for analyst in SAMPLE_ANALYSTS {
        copy_bundled("annotations", &format!("{SAMPLE_STEM}.{analyst}.ron"), dir);
    }
}

/// Where `analyst`'s sidecar of the sample article is in `dir`.
pub fn sample_sidecar(dir: &Path, analyst: &str) -> PathBuf {
    dir.join(format!("{SAMPLE_STEM}.{analyst}.ron"))
}
