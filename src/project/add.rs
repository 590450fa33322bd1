//! Adding articles to a project. An article inside the project folder is listed where it is;
//! one outside is copied into `articles/`, with its sidecars and document information, so
//! that the project folder holds everything it lists. A folder adds the articles in it.
//! Adding an article already listed only sets the values given.

use super::manifest::DOCUMENT_KEYS;
use super::{Project, ProjectError, relative_key};
use std::path::{Path, PathBuf};

/// Where copied articles go in the project folder.
pub const ARTICLES_FOLDER: &str = "articles";
/// The file extensions a folder's articles are recognised by.
pub use crate::store::article::ARTICLE_EXTENSIONS;

/// What adding did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddOutcome {
    /// Manifest keys newly listed.
    pub added: Vec<String>,
    /// Keys that were listed already.
    pub already: Vec<String>,
    /// Files copied into the project (articles, their sidecars and information), as (from, to).
    pub copied: Vec<(PathBuf, PathBuf)>,
}

/// Adds `files` (articles or folders of articles) to `project` and sets `values`
/// (`KEY=VALUE`: document information or project attributes) on each. Every value is checked
/// before anything is copied or written; the caller saves the manifest.
pub fn add_articles(
    project: &mut Project,
    files: &[PathBuf],
    values: &[String],
) -> Result<AddOutcome, ProjectError> {
    let values = parse_values(project, values)?;
    let mut articles = Vec::new();
    for file in files {
        if file.is_dir() {
            articles.extend(articles_in(file)?);
        } else if file.is_file() {
            articles.push(file.clone());
        } else {
            return Err(ProjectError::Invalid(format!(
                "{} does not exist",
                file.display()
            )));
        }
    }
    // Read each article once, so that a file Closeread cannot open is refused before any copy.
    for article in &articles {
        crate::store::read_article(article)
            .map_err(|error| ProjectError::Invalid(error.to_string()))?;
    }
    refuse_shared_readings(project, &articles)?;
    let mut outcome = AddOutcome::default();
    for article in articles {
        // Listed already (also under a `../` path a hand-written manifest gives): the same
        // article, whatever path it was given by.
        let listed = listed_key(project, &article);
        let key = match (listed, relative_key(&project.root, &article)) {
            (Some(key), _) => key.clone(),
            (None, Some(key)) => key,
            (None, None) => copy_in(project, &article, &mut outcome.copied)?,
        };
        if project.manifest.articles.contains_key(&key) {
            outcome.already.push(key.clone());
        } else {
            project
                .manifest
                .articles
                .insert(key.clone(), Default::default());
            outcome.added.push(key.clone());
        }
        set_values(project, &key, &values)?;
    }
    Ok(outcome)
}

/// The key of `article` if the project lists it already, by whatever path.
fn listed_key(project: &Project, article: &Path) -> Option<String> {
    let wanted = std::fs::canonicalize(article).ok()?;
    project
        .manifest
        .articles
        .keys()
        .find(|key| {
            std::fs::canonicalize(project.article_path(key)).is_ok_and(|path| path == wanted)
        })
        .cloned()
}

/// The manifest key an article would get: its key if listed, where it is in the project, else
/// where it would be copied to.
fn prospective_key(project: &Project, article: &Path) -> Option<String> {
    listed_key(project, article)
        .or_else(|| relative_key(&project.root, article))
        .or_else(|| {
            article
                .file_name()
                .map(|name| format!("{ARTICLES_FOLDER}/{}", name.to_string_lossy()))
        })
}

/// Refuses articles that would share their readings with another article of the project:
/// sidecars are named by the article's file stem, so `a/note.txt` and `b/note.txt` with the
/// sidecars kept in one folder, or `note.txt` and `note.md` side by side, would read and write
/// the same files.
fn refuse_shared_readings(project: &Project, articles: &[PathBuf]) -> Result<(), ProjectError> {
    let folder = project.annotations_dir();
    let readings_of = |key: &str| {
        crate::store::sidecar_path(&project.article_path(key), folder.as_deref(), "ANALYST")
    };
    let mut seen: std::collections::HashMap<PathBuf, String> = project
        .manifest
        .articles
        .keys()
        .map(|key| (readings_of(key), key.clone()))
        .collect();
    for article in articles {
        let Some(key) = prospective_key(project, article) else {
            continue;
        };
        let readings = readings_of(&key);
        match seen.get(&readings) {
            Some(other) if *other != key => {
                return Err(ProjectError::Invalid(format!(
                    "{key} and {other} would share their readings (both kept as {}): rename one of them first; nothing was added",
                    readings.display()
                )));
            }
            _ => {
                seen.insert(readings, key);
            }
        }
    }
    Ok(())
}

/// Sets `values` (`KEY=VALUE`) on articles already listed: several at once.
pub fn set_article_values(
    project: &mut Project,
    keys: &[String],
    values: &[String],
) -> Result<(), ProjectError> {
    let values = parse_values(project, values)?;
    for key in keys {
        set_values(project, key, &values)?;
    }
    Ok(())
}

/// `KEY=VALUE` pairs, each key checked against what the project knows.
fn parse_values(
    project: &Project,
    values: &[String],
) -> Result<Vec<(String, String)>, ProjectError> {
    values
        .iter()
        .map(|text| {
            let (key, value) = text
                .split_once('=')
                .ok_or_else(|| ProjectError::Invalid(format!("{text:?} is not KEY=VALUE")))?;
            let key = key.trim().to_lowercase();
            if let Some(kind) = project.manifest.attributes.get(&key) {
                kind.normalise(value)
                    .map_err(|problem| ProjectError::BadValue {
                        key: key.clone(),
                        problem,
                    })?;
            } else if !DOCUMENT_KEYS.contains(&key.as_str()) {
                return Err(ProjectError::UnknownAttribute {
                    key,
                    known: project.manifest.known_keys(),
                });
            }
            Ok((key, value.trim().to_owned()))
        })
        .collect()
}

fn set_values(
    project: &mut Project,
    key: &str,
    values: &[(String, String)],
) -> Result<(), ProjectError> {
    let path = project.article_path(key);
    let mut info_changes = Vec::new();
    for (name, value) in values {
        if project.manifest.attributes.contains_key(name) {
            project.manifest.set_attribute(key, name, value)?;
        } else {
            info_changes.push((name, value));
        }
    }
    if info_changes.is_empty() {
        return Ok(());
    }
    let info_error =
        |error: crate::store::DocumentInfoError| ProjectError::Invalid(error.to_string());
    let mut info = crate::store::document_info::load_or_detect(&path).map_err(info_error)?;
    for (name, value) in info_changes {
        info.set(name, value).map_err(info_error)?;
    }
    crate::store::document_info::save(&path, &info).map_err(info_error)
}

/// Files a folder of articles often holds that are about the articles, not articles.
const NOT_ARTICLES: &[&str] = &[
    "readme",
    "provenance",
    "license",
    "licence",
    "changelog",
    "notice",
];

/// The articles directly in `folder`, by name (leaving out README, PROVENANCE, LICENSE and
/// the like).
fn articles_in(folder: &Path) -> Result<Vec<PathBuf>, ProjectError> {
    let entries = std::fs::read_dir(folder).map_err(|source| ProjectError::Io {
        path: folder.to_owned(),
        source,
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .filter(|path| {
            path.extension().is_some_and(|extension| {
                ARTICLE_EXTENSIONS.contains(&extension.to_string_lossy().to_lowercase().as_str())
            })
        })
        .filter(|path| {
            path.file_stem().is_none_or(|stem| {
                !NOT_ARTICLES.contains(&stem.to_string_lossy().to_lowercase().as_str())
            })
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Copies an article from outside the project into `articles/`, with its sidecars and
/// document information; returns its key. The same file there already is the same article;
/// a different one of the same name is refused (nothing is overwritten).
fn copy_in(
    project: &Project,
    article: &Path,
    copied: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<String, ProjectError> {
    let name = article
        .file_name()
        .ok_or_else(|| ProjectError::Invalid(format!("{} has no file name", article.display())))?;
    let folder = project.root.join(ARTICLES_FOLDER);
    let target = folder.join(name);
    let key = format!("{ARTICLES_FOLDER}/{}", name.to_string_lossy());
    let read = |path: &Path| {
        std::fs::read(path).map_err(|source| ProjectError::Io {
            path: path.to_owned(),
            source,
        })
    };
    if target.exists() {
        if read(&target)? == read(article)? {
            return Ok(key);
        }
        return Err(ProjectError::Invalid(format!(
            "{} is already in the project and differs from {}: rename one of them first",
            target.display(),
            article.display()
        )));
    }
    let write_error = |path: &Path| {
        let path = path.to_owned();
        move |source| ProjectError::Write { path, source }
    };
    std::fs::create_dir_all(&folder).map_err(write_error(&folder))?;
    let mut files = vec![article.to_owned()];
    // The article's own files beside it: `<stem>.<analyst>.ron`, `<stem>.meta.ron`,
    // `<stem>.tags.ron`.
    if let (Some(stem), Some(source_folder)) = (article.file_stem(), article.parent()) {
        let prefix = format!("{}.", stem.to_string_lossy());
        let source_folder = if source_folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            source_folder
        };
        if let Ok(entries) = std::fs::read_dir(source_folder) {
            let mut sidecars: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.file_name().is_some_and(|file| {
                        let file = file.to_string_lossy();
                        file.starts_with(&prefix) && file.ends_with(".ron")
                    })
                })
                .collect();
            sidecars.sort();
            files.extend(sidecars);
        }
    }
    // Sidecars and the article's tag set go to the project's sidecar folder when it has one;
    // the document information stays beside the article.
    let sidecar_folder = project.annotations_dir();
    for file in files {
        let Some(file_name) = file.file_name() else {
            continue;
        };
        let is_reading = file_name.to_string_lossy().ends_with(".ron")
            && !file_name.to_string_lossy().ends_with(".meta.ron");
        let destination = match (&sidecar_folder, is_reading) {
            (Some(sidecars), true) => {
                std::fs::create_dir_all(sidecars).map_err(write_error(sidecars))?;
                sidecars.join(file_name)
            }
            _ => folder.join(file_name),
        };
        if destination.exists() {
            continue;
        }
        let bytes = read(&file)?;
        crate::store::write_atomically(&destination, &bytes).map_err(write_error(&destination))?;
        copied.push((file, destination));
    }
    Ok(key)
}
