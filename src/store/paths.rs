//! Where sidecars live: `<article stem>.<analyst>.ron` in the annotations folder, which is the
//! article's own folder unless another is named; and the analyst ids those names use, made
//! from display names ("Jane Doe" → `jane-doe`) by [`analyst_id`].

use std::path::{Path, PathBuf};

/// Names that would clash with files Closeread itself writes (`<stem>.meta.ron` is the
/// article's document information).
/// Names that name other files beside the article (`<stem>.tags.ron`, `<stem>.meta.ron`,
/// `<stem>.editions.ron`) or the consensus layer.
const RESERVED_ANALYST_NAMES: &[&str] = &["consensus", "tags", "meta", "editions"];

/// The longest analyst id, in chars.
const MAX_ANALYST_ID_CHARS: usize = 64;

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
    if name.chars().count() > MAX_ANALYST_ID_CHARS {
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

/// The file-name-safe id for an analyst's display name: "Jane Doe" → `jane-doe`, "Zoë
/// Müller" → `zoe-muller`, "مهدی خلجی" → `مهدی-خلجی`. A name that already is a valid id stays
/// exactly as it is (`analyst-a`, `Bo_2`), so existing sidecars keep their file names.
/// Otherwise: accents are dropped (NFD, combining marks removed), letters are lowercased,
/// letters and digits of any script are kept, every run of anything else becomes one `-`, and
/// the result is trimmed of `-` and cut to 64 chars. Reserved names and names with no letter or
/// digit are refused.
pub fn analyst_id(display_name: &str) -> Result<String, AnalystNameError> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let display_name = display_name.trim();
    if display_name.is_empty() {
        return Err(AnalystNameError::Empty);
    }
    if validate_analyst_name(display_name).is_ok() {
        return Ok(display_name.to_owned());
    }
    // A name that looks like a path is a mistake, not a name.
    if display_name.contains(['/', '\\']) {
        return Err(AnalystNameError::InvalidChars(display_name.to_owned()));
    }
    let mut id = String::with_capacity(display_name.len());
    for c in display_name.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            // Lowercasing may add a combining mark ('İ' → "i̇"): only letters and digits stay.
            id.extend(c.to_lowercase().filter(|c| c.is_alphanumeric()));
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    // Recomposed (Hangul syllables were split into jamo); cut first, then trimmed, as a cut
    // may end on a '-'.
    let id: String = id.nfc().take(MAX_ANALYST_ID_CHARS).collect();
    let id = id.trim_matches('-').to_owned();
    if id.is_empty() {
        return Err(AnalystNameError::InvalidChars(display_name.to_owned()));
    }
    validate_analyst_name(&id)?;
    Ok(id)
}

/// The sidecar of `analyst` for `article`: in `annotations_dir` if given, else beside the
/// article.
pub fn sidecar_path(article: &Path, annotations_dir: Option<&Path>, analyst: &str) -> PathBuf {
    companion_path(article, annotations_dir, analyst)
}

/// `<article stem>.<name>.ron` in `folder` if given, else beside the article: the name every
/// file that belongs to one article takes (sidecars, `meta`, `tags`, `editions`).
pub fn companion_path(article: &Path, folder: Option<&Path>, name: &str) -> PathBuf {
    let stem = article
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".to_owned());
    let folder = folder
        .map(Path::to_path_buf)
        .or_else(|| article.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    folder.join(format!("{stem}.{name}.ron"))
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
        assert!(
            validate_analyst_name("meta").is_err(),
            "<stem>.meta.ron is taken"
        );
    }

    #[test]
    fn display_names_become_safe_ids() {
        for (name, id) in [
            ("Jane Doe", "jane-doe"),
            ("  Mehdi   Khalaji ", "mehdi-khalaji"),
            ("Zoë Müller-Lüdenscheidt", "zoe-muller-ludenscheidt"),
            ("O'Brien, Seán", "o-brien-sean"),
            ("مهدی خلجی", "مهدی-خلجی"),
            ("Dr. J. R. R. Tolkien!", "dr-j-r-r-tolkien"),
            ("José 2", "jose-2"),
        ] {
            assert_eq!(analyst_id(name).as_deref(), Ok(id), "{name}");
        }
    }

    #[test]
    fn valid_ids_stay_exactly_as_they_are() {
        for id in ["analyst-a", "Bo_2", "Zoë", "مهدی"] {
            assert_eq!(analyst_id(id).as_deref(), Ok(id));
        }
    }

    #[test]
    fn names_that_give_no_safe_id_are_refused() {
        assert_eq!(analyst_id("   "), Err(AnalystNameError::Empty));
        assert!(matches!(
            analyst_id("!!! ..."),
            Err(AnalystNameError::InvalidChars(_))
        ));
        assert!(matches!(
            analyst_id("Consensus."),
            Err(AnalystNameError::Reserved(_))
        ));
        let long = "Word ".repeat(30);
        let id = analyst_id(&long).expect("cut to length");
        assert!(id.chars().count() <= 64 && !id.ends_with('-'), "{id}");
    }

    proptest::proptest! {
        #[test]
        fn every_id_validates_and_maps_to_itself(name in "\\PC{0,80}") {
            if let Ok(id) = analyst_id(&name) {
                proptest::prop_assert!(validate_analyst_name(&id).is_ok(), "{id:?}");
                proptest::prop_assert_eq!(analyst_id(&id), Ok(id.clone()));
            }
        }
    }
}
