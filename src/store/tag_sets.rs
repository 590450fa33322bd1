//! Tag set files: a team's own tags (name, colour, key, description) and the relations allowed
//! between them, as RON. One applies to an article when it sits in the annotations folder as
//! `<article stem>.tags.ron` (this article) or `tags.ron` (every article there); otherwise the
//! sidecar's own set, else the default. A sidecar records the set it was saved with.
//!
//! ```ron
//! (
//!     format: "closeread-tags",
//!     version: 1,
//!     name: "argument with assumptions",
//!     tags: [
//!         (id: "claim", label: "Claim", colour: "#d55e00", key: '1', description: "…"),
//!         (id: "evidence", label: "Evidence", colour: "#0072b2", key: '2'),
//!         (id: "assumption", label: "Assumption", colour: "#cc79a7", key: '4'),
//!     ],
//!     relations: [
//!         (id: "supports", label: "supports", inverse_label: "supported by",
//!          colour: "#009e73", from: ["evidence", "assumption"], to: ["claim"]),
//!     ],
//! )
//! ```

use crate::model::{RelationDef, TagDef, TagSet};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub(crate) const TAG_SET_FORMAT: &str = "closeread-tags";
pub(crate) const TAG_SET_VERSION: u32 = 1;
/// The file that applies to every article of an annotations folder.
pub(crate) const PROJECT_TAG_SET_FILE: &str = "tags.ron";

#[derive(Serialize, Deserialize)]
struct TagSetFile {
    format: String,
    version: u32,
    name: String,
    tags: Vec<TagDef>,
    /// Left out: the default relations (write `relations: []` for none).
    #[serde(default = "crate::model::tags::default_relations")]
    relations: Vec<RelationDef>,
}

#[derive(Debug, thiserror::Error)]
pub enum TagSetError {
    #[error("cannot read tag set {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("tag set {path} is malformed at line {line}, column {column}: {message}")]
    Malformed {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path} is not a Closeread tag set (format {found:?}, expected {TAG_SET_FORMAT:?})")]
    NotATagSet { path: PathBuf, found: String },
    #[error("tag set {path} cannot be used: {}", problems.join("; "))]
    Invalid {
        path: PathBuf,
        problems: Vec<String>,
    },
    #[error("cannot write tag set {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Reads and checks a tag set file.
pub(crate) fn read_tag_set(path: &Path) -> Result<TagSet, TagSetError> {
    let text = std::fs::read_to_string(path).map_err(|source| TagSetError::Io {
        path: path.to_owned(),
        source,
    })?;
    let file: TagSetFile = ron::from_str(&text).map_err(|error| TagSetError::Malformed {
        path: path.to_owned(),
        line: error.span.start.line,
        column: error.span.start.col,
        message: error.code.to_string(),
    })?;
    if file.format != TAG_SET_FORMAT {
        return Err(TagSetError::NotATagSet {
            path: path.to_owned(),
            found: file.format,
        });
    }
    let set = TagSet {
        name: file.name,
        tags: file.tags,
        relations: file.relations,
    };
    let problems = set.problems();
    if !problems.is_empty() {
        return Err(TagSetError::Invalid {
            path: path.to_owned(),
            problems,
        });
    }
    Ok(set)
}

/// Writes a tag set file (atomically), e.g. to start a custom set from the current one.
pub fn write_tag_set(path: &Path, set: &TagSet) -> Result<(), TagSetError> {
    let file = TagSetFile {
        format: TAG_SET_FORMAT.to_owned(),
        version: TAG_SET_VERSION,
        name: set.name.clone(),
        tags: set.tags.clone(),
        relations: set.relations.clone(),
    };
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(false)
        .escape_strings(false);
    let mut text =
        ron::ser::to_string_pretty(&file, config).map_err(|error| TagSetError::Write {
            path: path.to_owned(),
            source: std::io::Error::other(error.to_string()),
        })?;
    text.push('\n');
    super::write_atomically(path, text.as_bytes()).map_err(|source| TagSetError::Write {
        path: path.to_owned(),
        source,
    })
}

/// Whether a file name is a tag set file's: `<article stem>.tags.ron` or `tags.ron`.
pub fn is_tag_set_file_name(name: &str) -> bool {
    name == PROJECT_TAG_SET_FILE || name.ends_with(".tags.ron")
}

/// `<folder>/<article stem>.tags.ron`: the tag set of one article.
pub(crate) fn article_tag_set_path(article: &Path, annotations_folder: &Path) -> PathBuf {
    super::paths::companion_path(article, Some(annotations_folder), "tags")
}

/// The tag set file that applies to `article`, if there is one: the article's own, else the
/// folder's. With the result of reading it.
pub(crate) fn find_tag_set(
    article: &Path,
    annotations_folder: &Path,
) -> Option<(PathBuf, Result<TagSet, TagSetError>)> {
    [
        article_tag_set_path(article, annotations_folder),
        annotations_folder.join(PROJECT_TAG_SET_FILE),
    ]
    .into_iter()
    .find(|path| path.is_file())
    .map(|path| {
        let read = read_tag_set(&path);
        (path, read)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rgb, TagId};

    #[test]
    fn a_custom_set_round_trips_and_a_bad_one_says_what_is_wrong() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut set = TagSet {
            name: "with assumptions".into(),
            ..TagSet::default()
        };
        set.tags.push(TagDef {
            id: TagId::new("assumption"),
            label: "Assumption".into(),
            colour: Rgb([204, 121, 167]),
            key: '4',
            description: "Taken for granted, not argued.".into(),
        });
        set.relations[0].from.push(TagId::new("assumption"));
        let path = dir.path().join("essay.tags.ron");
        write_tag_set(&path, &set).expect("writes");
        assert_eq!(read_tag_set(&path).expect("reads"), set);
        let article = dir.path().join("essay.txt");
        let (found, read) = find_tag_set(&article, dir.path()).expect("found");
        assert_eq!(found, path);
        assert_eq!(read.expect("reads").tags.len(), 4);

        let mut bad = set.clone();
        bad.tags[3].key = '1';
        bad.relations[0].to.push(TagId::new("premise"));
        write_tag_set(&path, &bad).expect("writes");
        let message = read_tag_set(&path).expect_err("invalid").to_string();
        assert!(message.contains("the key '1' is used twice"), "{message}");
        assert!(message.contains("unknown tag \"premise\""), "{message}");

        std::fs::write(&path, "(format: \"closeread-tags\", version: 1, name: 3)").expect("w");
        let message = read_tag_set(&path).expect_err("malformed").to_string();
        assert!(message.contains("line 1"), "{message}");
    }
}
