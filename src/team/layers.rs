//! Finding the layers of an article: every `<stem>.<analyst>.ron` in its annotations folder.

use super::consensus::CONSENSUS;
use crate::model::{Document, Layer};
use crate::store::{self, SidecarError};
use std::path::{Path, PathBuf};

/// One sidecar found beside the article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerFile {
    pub analyst: String,
    pub path: PathBuf,
}

impl LayerFile {
    pub(crate) fn is_consensus(&self) -> bool {
        self.analyst == CONSENSUS
    }
}

/// The folder the sidecars of `article` live in.
pub(crate) fn annotations_folder(article: &Path, annotations_dir: Option<&Path>) -> PathBuf {
    match store::sidecar_path(article, annotations_dir, "x").parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The analyst named by a sidecar's file name, if it is one of `article`'s sidecars
/// (`<stem>.<analyst>.ron`, a valid analyst name, or the consensus layer).
pub(crate) fn analyst_of_sidecar(article: &Path, sidecar: &Path) -> Option<String> {
    let stem = article.file_stem()?.to_string_lossy();
    let name = sidecar.file_name()?.to_string_lossy();
    let analyst = name
        .strip_prefix(stem.as_ref())?
        .strip_prefix('.')?
        .strip_suffix(".ron")?;
    // `<stem>.tags.ron` is the article's tag set, not a layer ("tags" is a reserved name).
    (analyst == CONSENSUS || store::validate_analyst_name(analyst).is_ok())
        .then(|| analyst.to_owned())
}

/// Every sidecar of `article` in its annotations folder, sorted by analyst (the consensus
/// layer included; callers that want analysts only filter it out).
pub fn discover_layers(article: &Path, annotations_dir: Option<&Path>) -> Vec<LayerFile> {
    let folder = annotations_folder(article, annotations_dir);
    let mut found: Vec<LayerFile> = std::fs::read_dir(&folder)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .filter_map(|entry| {
            let path = entry.path();
            let analyst = analyst_of_sidecar(article, &path)?;
            Some(LayerFile { analyst, path })
        })
        .collect();
    found.sort_by(|a, b| a.analyst.cmp(&b.analyst));
    found
}

/// The sidecars of many articles, found by listing each annotations folder once (a project of
/// a thousand articles in one folder would otherwise list it a thousand times). The result
/// is in the order of `articles`, each as [`discover_layers`] gives it.
pub fn discover_layers_of_many(
    articles: &[PathBuf],
    annotations_dir: Option<&Path>,
) -> Vec<Vec<LayerFile>> {
    use std::collections::HashMap;
    // Folder → file stem → the articles with that stem (a.md and a.txt share sidecars).
    let mut wanted: HashMap<PathBuf, HashMap<String, Vec<usize>>> = HashMap::new();
    for (index, article) in articles.iter().enumerate() {
        let Some(stem) = article.file_stem() else {
            continue;
        };
        wanted
            .entry(annotations_folder(article, annotations_dir))
            .or_default()
            .entry(stem.to_string_lossy().into_owned())
            .or_default()
            .push(index);
    }
    let mut found = vec![Vec::new(); articles.len()];
    for (folder, stems) in &wanted {
        for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
            if !entry.file_type().is_ok_and(|kind| kind.is_file()) {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            // `<stem>.<analyst>.ron`: an analyst name has no dot, so the stem ends at the
            // last dot before `.ron`.
            let Some((stem, _)) = name
                .strip_suffix(".ron")
                .and_then(|rest| rest.rsplit_once('.'))
            else {
                continue;
            };
            let Some(indices) = stems.get(stem) else {
                continue;
            };
            let path = entry.path();
            for &index in indices {
                if let Some(analyst) = analyst_of_sidecar(&articles[index], &path) {
                    found[index].push(LayerFile {
                        analyst,
                        path: path.clone(),
                    });
                }
            }
        }
    }
    for files in &mut found {
        files.sort_by(|a, b| a.analyst.cmp(&b.analyst));
    }
    found
}

/// Reads and re-anchors one layer file against `document`. The file name decides whose layer
/// it is. `Ok(None)` if the file has gone.
pub fn read_layer(
    file: &LayerFile,
    document: &Document,
    article_name: &str,
) -> Result<Option<(Layer, String)>, SidecarError> {
    Ok(
        store::load_sidecar(&file.path, document, article_name)?.map(|loaded| {
            let mut layer = loaded.layer;
            layer.analyst = file.analyst.clone();
            (layer, loaded.fingerprint)
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_articles_sidecars_with_valid_names_are_layers() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            "essay.analyst-a.ron",
            "essay.bob.ron",
            "essay.consensus.ron",
            "essay.bad name.ron",
            "essay.ron",
            "other.carol.ron",
            "essay.dave.ron.tmp",
            "essay.erin.ron.broken-20261126T110000Z",
        ] {
            std::fs::write(dir.path().join(name), "").expect("write");
        }
        let article = dir.path().join("essay.txt");
        let found: Vec<String> = discover_layers(&article, None)
            .into_iter()
            .map(|file| file.analyst)
            .collect();
        assert_eq!(found, vec!["analyst-a", "bob", "consensus"]);
    }

    #[test]
    fn listing_a_folder_once_finds_what_each_article_would() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            "essay.analyst-a.ron",
            "essay.consensus.ron",
            "essay.tags.ron",
            "a.b.bob.ron",
            "a.bob.ron",
            "essay.dave.ron.tmp",
            "other.carol.ron",
        ] {
            std::fs::write(dir.path().join(name), "").expect("write");
        }
        let articles: Vec<PathBuf> = ["essay.txt", "essay.md", "a.b.md", "a.txt", "none.md"]
            .iter()
            .map(|name| dir.path().join(name))
            .collect();
        let many = discover_layers_of_many(&articles, None);
        for (article, files) in articles.iter().zip(&many) {
            assert_eq!(
                files,
                &discover_layers(article, None),
                "{}",
                article.display()
            );
        }
        assert_eq!(many[2].len(), 1);
        assert!(many[4].is_empty());
    }
}
