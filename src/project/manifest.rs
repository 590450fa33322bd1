//! The project manifest, `closeread-project.ron`: the project's name, tag set, analysts,
//! attributes, articles (with their attribute values and assignments) and settings.
//!
//! It is written like a sidecar — pretty printed, every map sorted, fields in a fixed order,
//! non-ASCII text as itself — so that two analysts who each add articles change different
//! lines, and [`super::merge`] settles what git's line merge cannot.
//!
//! ```ron
//! (
//!     format: "closeread-project",
//!     version: 1,
//!     name: "Iran sanctions, autumn 2026",
//!     tag_set: Some("tags.ron"),
//!     analysts: {
//!         "analyst-a": (name: "Parisa Ahmadi"),
//!     },
//!     attributes: {
//!         "country": Choice(["Iran", "United States"]),
//!         "stance": Text,
//!     },
//!     articles: {
//!         "articles/khamenei-breaking-point.txt": (
//!             attributes: {"country": "Iran"},
//!             assigned: ["analyst-a", "analyst-b"],
//!             double_read: true,
//!         ),
//!     },
//!     settings: (blind_until_done: true),
//! )
//! ```

use super::ProjectError;
use crate::store::document_info::normalise_date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const FORMAT_NAME: &str = "closeread-project";
/// The newest format version this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;
/// The manifest's file name in the project folder.
pub const MANIFEST_FILE: &str = "closeread-project.ron";

/// The document-information keys (`<stem>.meta.ron`) a project filters and sets like its own
/// attributes; a project attribute may not take one of these names.
pub const DOCUMENT_KEYS: &[&str] = &["title", "authors", "author", "date", "publication", "url"];

/// The type of a project attribute, which decides what values it takes and how they compare.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttributeKind {
    Text,
    /// Stored as ISO `yyyy-mm-dd` (or a year, or year and month) so that values sort.
    Date,
    Number,
    /// One of the listed values.
    Choice(Vec<String>),
}

impl AttributeKind {
    /// The value as stored, or why it cannot be one of this kind.
    pub fn normalise(&self, value: &str) -> Result<String, String> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(String::new());
        }
        match self {
            Self::Text => Ok(value.to_owned()),
            Self::Date => {
                let date = normalise_date(value);
                let iso = date.len() >= 4
                    && date
                        .split('-')
                        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
                if iso {
                    Ok(date)
                } else {
                    Err(format!(
                        "{value:?} is not a date (write it as yyyy-mm-dd, yyyy-mm or yyyy)"
                    ))
                }
            }
            Self::Number => value
                .parse::<f64>()
                .ok()
                .filter(|number| number.is_finite())
                .map(|_| value.to_owned())
                .ok_or_else(|| format!("{value:?} is not a number")),
            Self::Choice(choices) => choices
                .iter()
                .find(|choice| choice.eq_ignore_ascii_case(value))
                .cloned()
                .ok_or_else(|| format!("{value:?} is not one of {}", choices.join(", "))),
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Date => "date",
            Self::Number => "number",
            Self::Choice(_) => "choice",
        }
    }
}

/// An analyst of the project.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalystEntry {
    /// Display name ("Parisa Ahmadi"); empty when the id is the name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
}

/// An article of the project, keyed in the manifest by its path relative to the project
/// folder (with `/` between folders on every system).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleEntry {
    /// Values of the project's own attributes, by attribute name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// The analysts who are to read it, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assigned: Vec<String>,
    /// Picked for double reading (agreement): every assigned analyst reads it independently.
    #[serde(default, skip_serializing_if = "is_false")]
    pub double_read: bool,
}

fn is_false(value: &bool) -> bool {
    !value
}

/// How the last assignment was made, so that it can be told and repeated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentRecord {
    pub seed: u64,
    /// Share of the articles double read, in percent.
    pub double_read_percent: u32,
    /// How many analysts read a double-read article (2, or all of them).
    pub readers: usize,
    pub analysts: Vec<String>,
}

/// Project-wide settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectSettings {
    /// An analyst sees no teammate's layer on an article until they have marked it done.
    #[serde(default)]
    pub blind_until_done: bool,
    /// The folder of the sidecars, relative to the project folder, when they are not beside
    /// each article (articles kept read-only in one place, readings in another).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<String>,
}

/// A map whose keys must each be written once: a key written twice (two merged edits, a hand
/// edit) is an error naming it, where a plain map would keep the last and lose the other at the
/// next save.
fn unique_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct UniqueKeys<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for UniqueKeys<V> {
        type Value = BTreeMap<String, V>;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a map with each key once")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut values = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<String, V>()? {
                if values.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "{key:?} is written twice; keep one of the two entries"
                    )));
                }
                values.insert(key, value);
            }
            Ok(values)
        }
    }
    deserializer.deserialize_map(UniqueKeys(std::marker::PhantomData))
}

/// The manifest as stored. Field order here is the order in the file. A field this version
/// does not know is an error (naming it), never dropped silently at the next save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub name: String,
    /// The tag set or codebook file, relative to the project folder; none: the articles' own.
    #[serde(default)]
    pub tag_set: Option<String>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub analysts: BTreeMap<String, AnalystEntry>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub attributes: BTreeMap<String, AttributeKind>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub articles: BTreeMap<String, ArticleEntry>,
    #[serde(default)]
    pub settings: ProjectSettings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment: Option<AssignmentRecord>,
}

/// Only what is needed to tell a foreign or newer file from a damaged one.
#[derive(Deserialize)]
struct ManifestHeader {
    format: String,
    version: u32,
}

impl Manifest {
    pub fn new(name: &str) -> Self {
        Self {
            format: FORMAT_NAME.to_owned(),
            version: FORMAT_VERSION,
            name: name.to_owned(),
            tag_set: None,
            analysts: BTreeMap::new(),
            attributes: BTreeMap::new(),
            articles: BTreeMap::new(),
            settings: ProjectSettings::default(),
            assignment: None,
        }
    }

    /// The stable RON text of the file (maps are sorted by their keys; assignments too).
    pub fn to_ron_string(&self) -> Result<String, ron::Error> {
        let mut sorted = self.clone();
        for entry in sorted.articles.values_mut() {
            entry.assigned.sort();
            entry.assigned.dedup();
        }
        let config = ron::ser::PrettyConfig::new()
            .new_line("\n")
            .indentor("    ")
            .struct_names(false)
            .escape_strings(false);
        let mut text = ron::ser::to_string_pretty(&sorted, config)?;
        text.push('\n');
        Ok(text)
    }

    /// Parses a manifest's text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ProjectError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let malformed = |error: ron::error::SpannedError| ProjectError::Malformed {
            path: path.to_owned(),
            line: error.span.start.line,
            column: error.span.start.col,
            message: error.code.to_string(),
        };
        let check_header = |format: &str, version: u32| {
            if format != FORMAT_NAME {
                return Err(ProjectError::NotAManifest {
                    path: path.to_owned(),
                    found: format.to_owned(),
                });
            }
            if version > FORMAT_VERSION {
                return Err(ProjectError::NewerVersion {
                    path: path.to_owned(),
                    found: version,
                });
            }
            Ok(())
        };
        match ron::from_str::<Manifest>(text) {
            Ok(manifest) => {
                check_header(&manifest.format, manifest.version)?;
                Ok(manifest)
            }
            Err(error) => {
                let header: ManifestHeader = ron::from_str(text).map_err(malformed)?;
                check_header(&header.format, header.version)?;
                Err(malformed(error))
            }
        }
    }

    /// What in the manifest does not fit together, one sentence each (the project still opens:
    /// a value written by hand is shown as it is, not dropped).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for name in self.attributes.keys() {
            if DOCUMENT_KEYS.contains(&name.as_str()) {
                problems.push(format!(
                    "attribute {name:?} has the name of a document information field"
                ));
            }
        }
        for (path, entry) in &self.articles {
            for (key, value) in &entry.attributes {
                match self.attributes.get(key) {
                    None => problems.push(format!(
                        "article {path}: unknown attribute {key:?} (defined: {})",
                        self.attribute_names()
                    )),
                    Some(kind) => {
                        if let Err(problem) = kind.normalise(value) {
                            problems.push(format!("article {path}: attribute {key:?}: {problem}"));
                        }
                    }
                }
            }
            for analyst in &entry.assigned {
                if !self.analysts.contains_key(analyst) {
                    problems.push(format!(
                        "article {path}: assigned to {analyst:?}, who is not among the project's analysts"
                    ));
                }
            }
        }
        problems
    }

    /// The defined attribute names, for messages ("none" when there are none).
    pub fn attribute_names(&self) -> String {
        if self.attributes.is_empty() {
            "none".to_owned()
        } else {
            self.attributes
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    /// Sets a project attribute of one article from text, checked against its kind.
    pub fn set_attribute(
        &mut self,
        article: &str,
        key: &str,
        value: &str,
    ) -> Result<(), ProjectError> {
        let kind = self
            .attributes
            .get(key)
            .ok_or_else(|| ProjectError::UnknownAttribute {
                key: key.to_owned(),
                known: self.known_keys(),
            })?;
        let value = kind
            .normalise(value)
            .map_err(|problem| ProjectError::BadValue {
                key: key.to_owned(),
                problem,
            })?;
        let entry = self.articles.entry(article.to_owned()).or_default();
        if value.is_empty() {
            entry.attributes.remove(key);
        } else {
            entry.attributes.insert(key.to_owned(), value);
        }
        Ok(())
    }

    /// Every key `--set` and `--where` know: the document information's and the project's own.
    pub fn known_keys(&self) -> String {
        DOCUMENT_KEYS
            .iter()
            .copied()
            .chain(self.attributes.keys().map(String::as_str))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The display name of `analyst` (the id when the project gives none).
    pub fn analyst_name<'a>(&'a self, analyst: &'a str) -> &'a str {
        self.analysts
            .get(analyst)
            .map(|entry| entry.name.as_str())
            .filter(|name| !name.is_empty())
            .unwrap_or(analyst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        let mut manifest = Manifest::new("Sanctions, autumn");
        manifest
            .analysts
            .insert("analyst-b".into(), AnalystEntry::default());
        manifest.analysts.insert(
            "analyst-a".into(),
            AnalystEntry {
                name: "Parisa Ahmadi".into(),
            },
        );
        manifest.attributes.insert(
            "country".into(),
            AttributeKind::Choice(vec!["Iran".into(), "Iraq".into()]),
        );
        manifest
            .attributes
            .insert("published".into(), AttributeKind::Date);
        manifest.articles.insert(
            "articles/b.txt".into(),
            ArticleEntry {
                assigned: vec!["analyst-b".into(), "analyst-a".into()],
                double_read: true,
                ..ArticleEntry::default()
            },
        );
        manifest
            .set_attribute("articles/a.md", "country", "iran")
            .expect("a choice, in another case");
        manifest
    }

    #[test]
    fn round_trips_sorted_and_stable() {
        let manifest = sample();
        let text = manifest.to_ron_string().expect("serialise");
        let read = Manifest::parse(&text, Path::new("closeread-project.ron")).expect("parse");
        assert_eq!(read.to_ron_string().expect("serialise"), text);
        // Sorted: a before b, analysts sorted inside the article, the choice as defined.
        let a = text.find("articles/a.md").expect("a listed");
        let b = text.find("articles/b.txt").expect("b listed");
        assert!(a < b, "{text}");
        let assigned = text.find("assigned: [").expect("assigned listed");
        let (a, b) = (
            text.rfind("\"analyst-a\",").expect("a"),
            text.rfind("\"analyst-b\",").expect("b"),
        );
        assert!(assigned < a && a < b, "sorted inside the article: {text}");
        assert!(text.contains(r#""country": "Iran""#), "{text}");
        assert!(text.contains("Parisa Ahmadi"), "{text}");
    }

    #[test]
    fn an_article_written_twice_is_an_error_naming_it_not_a_silent_loss() {
        let text = sample().to_ron_string().expect("serialise");
        // The entry of articles/b.txt written a second time, as a bad merge leaves it.
        let start = text.find("\"articles/b.txt\"").expect("b listed");
        let end = start + text[start..].find("),").expect("its end") + 2;
        let entry = &text[start..end];
        let doubled = text.replacen(entry, &format!("{entry}\n        {entry}"), 1);
        let error = Manifest::parse(&doubled, Path::new("p/closeread-project.ron"))
            .expect_err("refused")
            .to_string();
        assert!(
            error.contains("\"articles/b.txt\" is written twice"),
            "{error}"
        );
        assert!(error.contains("p/closeread-project.ron"), "{error}");
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_read() {
        let text = sample()
            .to_ron_string()
            .expect("serialise")
            .replace('\n', "\r\n");
        let read = Manifest::parse(&format!("\u{feff}{text}"), Path::new("m.ron")).expect("parse");
        assert_eq!(read, {
            let mut expected = sample();
            for entry in expected.articles.values_mut() {
                entry.assigned.sort();
            }
            expected
        });
    }

    #[test]
    fn malformed_foreign_and_newer_files_are_told_apart() {
        let path = Path::new("p/closeread-project.ron");
        let broken = Manifest::parse("(format: \"closeread-project\", version: 1, name: ", path);
        assert!(
            matches!(&broken, Err(ProjectError::Malformed { line: 1, .. })),
            "{broken:?}"
        );
        assert!(
            broken
                .err()
                .is_some_and(|error| error.to_string().contains("p/closeread-project.ron"))
        );
        let foreign = Manifest::parse(r#"(format: "closeread-tags", version: 1, name: "x")"#, path);
        assert!(matches!(foreign, Err(ProjectError::NotAManifest { .. })));
        let newer = Manifest::parse(
            r#"(format: "closeread-project", version: 9, name: "x", future: 1)"#,
            path,
        );
        assert!(matches!(
            newer,
            Err(ProjectError::NewerVersion { found: 9, .. })
        ));
    }

    #[test]
    fn values_are_checked_against_their_kind_and_unknown_keys_named() {
        let mut manifest = sample();
        manifest
            .attributes
            .insert("pages".into(), AttributeKind::Number);
        assert!(
            manifest
                .set_attribute("articles/a.md", "country", "Peru")
                .is_err()
        );
        assert!(
            manifest
                .set_attribute("articles/a.md", "pages", "twelve")
                .is_err()
        );
        manifest
            .set_attribute("articles/a.md", "published", "3 May 2019")
            .expect("a date");
        assert_eq!(
            manifest.articles["articles/a.md"].attributes["published"],
            "2019-05-03"
        );
        let unknown = manifest
            .set_attribute("articles/a.md", "stance", "hawkish")
            .expect_err("not defined");
        assert!(unknown.to_string().contains("country"), "{unknown}");
        manifest.articles.insert(
            "articles/c.txt".into(),
            ArticleEntry {
                attributes: BTreeMap::from([("mood".into(), "grim".into())]),
                assigned: vec!["nobody".into()],
                double_read: false,
            },
        );
        let problems = manifest.problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems
                .iter()
                .all(|problem| problem.contains("articles/c.txt"))
        );
    }
}
