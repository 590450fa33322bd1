//! Where the bundled sample article and its annotations folder are: in the working folder when
//! run from the repository, else under the folder the crate was built from.

use std::path::{Path, PathBuf};

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
