//! One article of a project with every analyst's reading of it: the document, its
//! information, the analysts' layers and the consensus layer, each re-anchored to the text as
//! it is now. A file that cannot be read is reported by name and left as it is.

use super::Project;
use super::index::files::ArticleFiles;
use crate::model::{Document, Layer};
use crate::store::DocumentInfo;
use crate::team::{self, CONSENSUS};

/// An article and its layers.
pub struct ArticleReadings {
    /// The manifest key.
    pub key: String,
    pub article_name: String,
    pub document: Document,
    pub info: DocumentInfo,
    /// The analysts' layers, sorted by analyst (the consensus layer is apart).
    pub layers: Vec<Layer>,
    pub consensus: Option<Layer>,
    /// Files that could not be read, one sentence each naming the file.
    pub problems: Vec<String>,
}

impl ArticleReadings {
    /// The title as reports show it: the document information's, else the file name.
    pub fn title(&self) -> &str {
        let title = self.info.title.trim();
        if title.is_empty() {
            &self.article_name
        } else {
            title
        }
    }

    pub fn layer(&self, analyst: &str) -> Option<&Layer> {
        self.layers.iter().find(|layer| layer.analyst == analyst)
    }
}

/// Reads the article of manifest key `key` with all its sidecars. `Err` names the article
/// when it cannot be read at all (gone, damaged, too large).
pub fn read_article_readings(project: &Project, key: &str) -> Result<ArticleReadings, String> {
    let path = project.article_path(key);
    let layers = team::discover_layers(&path, project.annotations_dir().as_deref());
    read_article_readings_from(&ArticleFiles {
        key: key.to_owned(),
        path,
        layers,
        stamps: Vec::new(),
    })
}

/// Reads an article whose sidecars were found already ([`super::index::files`]).
pub fn read_article_readings_from(files: &ArticleFiles) -> Result<ArticleReadings, String> {
    let path = &files.path;
    let key = &files.key;
    let article = crate::store::read_article(path).map_err(|error| error.to_string())?;
    let article_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| key.to_owned());
    let mut problems = Vec::new();
    let (info, info_problem) = crate::store::document_info::load_or_detect_reporting(path);
    problems.extend(info_problem.map(|error| error.to_string()));
    let info = info.unwrap_or_default();
    let mut layers = Vec::new();
    let mut consensus = None;
    for file in &files.layers {
        match team::read_layer(file, &article.document, &article_name) {
            Ok(Some((layer, _))) if file.analyst == CONSENSUS => consensus = Some(layer),
            Ok(Some((layer, _))) => layers.push(layer),
            Ok(None) => {}
            Err(error) => problems.push(error.to_string()),
        }
    }
    Ok(ArticleReadings {
        key: key.to_owned(),
        article_name,
        document: article.document,
        info,
        layers,
        consensus,
        problems,
    })
}
