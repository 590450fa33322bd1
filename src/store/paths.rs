//! Where sidecars live: `<article stem>.<analyst>.ron` in the annotations folder, which is the
//! article's own folder unless another is named.

use std::path::{Path, PathBuf};

/// Names that would clash with files Closeread itself writes.
const RESERVED_ANALYST_NAMES: &[&str] = &["consensus", "tags"];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AnalystNameError {
    #[error("the analyst name is empty")]
    Empty,
    #[error(
        "the analyst name {0:?} can hold only letters, digits, '-' and '_' (it becomes part of a file name)"
    )]
    InvalidChars(String),
    #[error("the analyst name {0:?} is reserved")]
    Reserved(String),
    #[error("the analyst name is longer than 64 chars")]
    TooLong,
}

/// Checks that a name is safe as the `<analyst>` part of a sidecar's file name.
pub fn validate_analyst_name(name: &str) -> Result<(), AnalystNameError> {
    if name.is_empty() {
        return Err(AnalystNameError::Empty);
    }
    if name.chars().count() > 64 {
        return Err(AnalystNameError::TooLong);
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(AnalystNameError::InvalidChars(name.to_owned()));
    }
    if RESERVED_ANALYST_NAMES.contains(&name.to_lowercase().as_str()) {
        return Err(AnalystNameError::Reserved(name.to_owned()));
    }
    Ok(())
}

/// The sidecar of `analyst` for `article`: in `annotations_dir` if given, else beside the
/// article.
pub fn sidecar_path(article: &Path, annotations_dir: Option<&Path>, analyst: &str) -> PathBuf {
    let stem = article
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".to_owned());
    let folder = annotations_dir
        .map(Path::to_path_buf)
        .or_else(|| article.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    folder.join(format!("{stem}.{analyst}.ron"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_sits_beside_the_article_unless_a_folder_is_named() {
        let article = Path::new("/articles/khamenei-breaking-point.txt");
        assert_eq!(
            sidecar_path(article, None, "analyst-a"),
            Path::new("/articles/khamenei-breaking-point.analyst-a.ron")
        );
        assert_eq!(
            sidecar_path(article, Some(Path::new("notes")), "bo"),
            Path::new("notes/khamenei-breaking-point.bo.ron")
        );
    }

    #[test]
    fn analyst_names_must_be_file_name_safe() {
        assert!(validate_analyst_name("analyst-a").is_ok());
        assert!(validate_analyst_name("Zoë_2").is_ok());
        assert_eq!(validate_analyst_name(""), Err(AnalystNameError::Empty));
        for bad in ["a.b", "../x", "a b", "x/y"] {
            assert!(matches!(
                validate_analyst_name(bad),
                Err(AnalystNameError::InvalidChars(_))
            ));
        }
        assert!(validate_analyst_name("Consensus").is_err());
    }
}
