//! The codebook: the project's tag set grown into guidance for its readers. Each tag and
//! relation kind has a definition, when to use it and when not, and anchor examples
//! (annotations pinned from any article of the project, kept with their text so that the
//! codebook reads on its own). Every change is kept in the file: who, when, what.
//!
//! A codebook is also a tag set: the manifest's `tag_set` may name one, and [`Codebook::tag_set`]
//! gives the tags and relations to annotate with.
//!
//! ```ron
//! (
//!     format: "closeread-codebook",
//!     version: 1,
//!     name: "Iran policy arguments",
//!     tags: [
//!         (
//!             tag: (id: "claim", label: "Claim", colour: "#d55e00", key: '1'),
//!             definition: "An assertion or judgement the author puts forward.",
//!             use_when: "The author states something as true or likely that could be argued.",
//!             not_when: "A fact offered in support: that is evidence.",
//!             examples: [
//!                 (article: "articles/a.txt", analyst: "analyst-a", annotation: "…", exact: "…"),
//!             ],
//!         ),
//!     ],
//!     relations: [ … ],
//!     history: [
//!         (when: "2026-12-02T21:00:00Z", who: "analyst-a", what: "claim: definition set"),
//!     ],
//! )
//! ```

use super::ProjectError;
use crate::model::{RelationDef, TagDef, TagSet};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FORMAT_NAME: &str = "closeread-codebook";
pub const FORMAT_VERSION: u32 = 1;
/// The codebook's file name when the project makes one.
pub const CODEBOOK_FILE: &str = "codebook.ron";

/// An annotation pinned as an example: where it is, and its text as it was pinned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    /// The article's manifest key.
    pub article: String,
    /// Whose layer holds it.
    pub analyst: String,
    /// The annotation's id (for a relation: its source's).
    pub annotation: String,
    pub exact: String,
    /// Why it is a good (or a borderline) example.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// What readers are told about one tag or relation kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guidance {
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub use_when: String,
    #[serde(default)]
    pub not_when: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodebookTag {
    pub tag: TagDef,
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub use_when: String,
    #[serde(default)]
    pub not_when: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodebookRelation {
    pub relation: RelationDef,
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub use_when: String,
    #[serde(default)]
    pub not_when: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

/// One change to the codebook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub when: DateTime<Utc>,
    pub who: String,
    pub what: String,
}

/// Which field of the guidance a change sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuidanceField {
    Definition,
    UseWhen,
    NotWhen,
}

impl GuidanceField {
    pub fn label(self) -> &'static str {
        match self {
            Self::Definition => "definition",
            Self::UseWhen => "use when",
            Self::NotWhen => "not when",
        }
    }
}

/// The codebook file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Codebook {
    pub format: String,
    pub version: u32,
    pub name: String,
    pub tags: Vec<CodebookTag>,
    #[serde(default)]
    pub relations: Vec<CodebookRelation>,
    #[serde(default)]
    pub history: Vec<Change>,
}

/// A view of one entry's guidance, whichever kind it is.
pub struct EntryView<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub definition: &'a str,
    pub use_when: &'a str,
    pub not_when: &'a str,
    pub examples: &'a [Example],
}

impl Codebook {
    /// A codebook grown from a tag set: each tag's description becomes its definition.
    pub fn from_tag_set(set: &TagSet) -> Self {
        Self {
            format: FORMAT_NAME.to_owned(),
            version: FORMAT_VERSION,
            name: set.name.clone(),
            tags: set
                .tags
                .iter()
                .map(|tag| CodebookTag {
                    tag: tag.clone(),
                    definition: tag.description.clone(),
                    use_when: String::new(),
                    not_when: String::new(),
                    examples: Vec::new(),
                })
                .collect(),
            relations: set
                .relations
                .iter()
                .map(|relation| CodebookRelation {
                    relation: relation.clone(),
                    definition: String::new(),
                    use_when: String::new(),
                    not_when: String::new(),
                    examples: Vec::new(),
                })
                .collect(),
            history: Vec::new(),
        }
    }

    /// The tags and relations to annotate with; a tag's description is its definition.
    pub fn tag_set(&self) -> TagSet {
        TagSet {
            name: self.name.clone(),
            tags: self
                .tags
                .iter()
                .map(|entry| TagDef {
                    description: entry.definition.clone(),
                    ..entry.tag.clone()
                })
                .collect(),
            relations: self
                .relations
                .iter()
                .map(|entry| entry.relation.clone())
                .collect(),
        }
    }

    /// The guidance of the tag or relation kind `id` (tags first), by id or label.
    pub fn entry(&self, id: &str) -> Option<EntryView<'_>> {
        let matches = |entry_id: &str, label: &str| {
            entry_id.eq_ignore_ascii_case(id) || label.eq_ignore_ascii_case(id)
        };
        if let Some(entry) = self
            .tags
            .iter()
            .find(|entry| matches(entry.tag.id.as_str(), &entry.tag.label))
        {
            return Some(EntryView {
                id: entry.tag.id.as_str(),
                label: &entry.tag.label,
                definition: &entry.definition,
                use_when: &entry.use_when,
                not_when: &entry.not_when,
                examples: &entry.examples,
            });
        }
        self.relations
            .iter()
            .find(|entry| matches(entry.relation.id.as_str(), &entry.relation.label))
            .map(|entry| EntryView {
                id: entry.relation.id.as_str(),
                label: &entry.relation.label,
                definition: &entry.definition,
                use_when: &entry.use_when,
                not_when: &entry.not_when,
                examples: &entry.examples,
            })
    }

    /// Every entry, tags first, in the codebook's order.
    pub fn entries(&self) -> Vec<EntryView<'_>> {
        let ids: Vec<&str> = self
            .tags
            .iter()
            .map(|entry| entry.tag.id.as_str())
            .chain(
                self.relations
                    .iter()
                    .map(|entry| entry.relation.id.as_str()),
            )
            .collect();
        ids.into_iter().filter_map(|id| self.entry(id)).collect()
    }

    /// The mutable guidance fields of `id`: (definition, use_when, not_when, examples, id).
    fn fields_mut(
        &mut self,
        id: &str,
    ) -> Result<
        (
            &mut String,
            &mut String,
            &mut String,
            &mut Vec<Example>,
            String,
        ),
        ProjectError,
    > {
        let matches = |entry_id: &str, label: &str| {
            entry_id.eq_ignore_ascii_case(id) || label.eq_ignore_ascii_case(id)
        };
        let known = self.known_ids();
        if let Some(entry) = self
            .tags
            .iter_mut()
            .find(|entry| matches(entry.tag.id.as_str(), &entry.tag.label))
        {
            let id = entry.tag.id.to_string();
            return Ok((
                &mut entry.definition,
                &mut entry.use_when,
                &mut entry.not_when,
                &mut entry.examples,
                id,
            ));
        }
        if let Some(entry) = self
            .relations
            .iter_mut()
            .find(|entry| matches(entry.relation.id.as_str(), &entry.relation.label))
        {
            let id = entry.relation.id.to_string();
            return Ok((
                &mut entry.definition,
                &mut entry.use_when,
                &mut entry.not_when,
                &mut entry.examples,
                id,
            ));
        }
        Err(ProjectError::Invalid(format!(
            "the codebook has no tag or relation {id:?} (it has {known})"
        )))
    }

    fn known_ids(&self) -> String {
        self.tags
            .iter()
            .map(|entry| entry.tag.id.to_string())
            .chain(
                self.relations
                    .iter()
                    .map(|entry| entry.relation.id.to_string()),
            )
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Sets one guidance field of `id`, recording the change; `Ok(false)` when it was so already.
    pub fn set_guidance(
        &mut self,
        id: &str,
        field: GuidanceField,
        text: &str,
        who: &str,
    ) -> Result<bool, ProjectError> {
        let (definition, use_when, not_when, _, id) = self.fields_mut(id)?;
        let target = match field {
            GuidanceField::Definition => definition,
            GuidanceField::UseWhen => use_when,
            GuidanceField::NotWhen => not_when,
        };
        let text = text.trim();
        if target == text {
            return Ok(false);
        }
        let what = if target.is_empty() {
            format!("{id}: {} set to “{text}”", field.label())
        } else {
            format!(
                "{id}: {} changed from “{target}” to “{text}”",
                field.label()
            )
        };
        *target = text.to_owned();
        self.record(who, what);
        Ok(true)
    }

    /// Pins `example` under `id`, recording the change; `Ok(false)` when it is pinned already.
    pub fn pin(&mut self, id: &str, example: Example, who: &str) -> Result<bool, ProjectError> {
        let (_, _, _, examples, id) = self.fields_mut(id)?;
        if examples.iter().any(|pinned| {
            pinned.annotation == example.annotation && pinned.article == example.article
        }) {
            return Ok(false);
        }
        let what = format!(
            "{id}: example pinned from {} ({}): “{}”",
            example.article,
            example.analyst,
            crate::model::one_line_excerpt(&example.exact, 80)
        );
        examples.push(example);
        self.record(who, what);
        Ok(true)
    }

    /// Unpins the example of annotation `annotation` from `id`; `Ok(false)` when not pinned.
    pub fn unpin(&mut self, id: &str, annotation: &str, who: &str) -> Result<bool, ProjectError> {
        let (_, _, _, examples, id) = self.fields_mut(id)?;
        let Some(position) = examples
            .iter()
            .position(|pinned| pinned.annotation == annotation)
        else {
            return Ok(false);
        };
        let removed = examples.remove(position);
        let what = format!(
            "{id}: example unpinned: “{}”",
            crate::model::one_line_excerpt(&removed.exact, 80)
        );
        self.record(who, what);
        Ok(true)
    }

    fn record(&mut self, who: &str, what: String) {
        self.history.push(Change {
            when: Utc::now(),
            who: who.to_owned(),
            what,
        });
    }

    pub fn to_ron_string(&self) -> Result<String, ron::Error> {
        let config = ron::ser::PrettyConfig::new()
            .new_line("\n")
            .indentor("    ")
            .struct_names(false)
            .escape_strings(false);
        let mut text = ron::ser::to_string_pretty(self, config)?;
        text.push('\n');
        Ok(text)
    }

    /// Parses a codebook's text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ProjectError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let format = super::merge::declared_format(text);
        if let Some(format) = &format
            && format != FORMAT_NAME
        {
            return Err(ProjectError::Invalid(format!(
                "{} is not a Closeread codebook (format {format:?}, expected {FORMAT_NAME:?})",
                path.display()
            )));
        }
        let codebook: Self = ron::from_str(text).map_err(|error| ProjectError::Malformed {
            path: path.to_owned(),
            line: error.span.start.line,
            column: error.span.start.col,
            message: error.code.to_string(),
        })?;
        if codebook.version > FORMAT_VERSION {
            return Err(ProjectError::NewerVersion {
                path: path.to_owned(),
                found: codebook.version,
            });
        }
        let problems = codebook.tag_set().problems();
        if !problems.is_empty() {
            return Err(ProjectError::Invalid(format!(
                "codebook {} cannot be used: {}",
                path.display(),
                problems.join("; ")
            )));
        }
        Ok(codebook)
    }

    pub fn load(path: &Path) -> Result<Self, ProjectError> {
        let text = std::fs::read_to_string(path).map_err(|source| ProjectError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, path)
    }

    pub fn save(&self, path: &Path) -> Result<(), ProjectError> {
        let write_error = |source| ProjectError::Write {
            path: path.to_owned(),
            source,
        };
        let text = self
            .to_ron_string()
            .map_err(|error| write_error(std::io::Error::other(error.to_string())))?;
        crate::store::write_atomically(path, text.as_bytes()).map_err(write_error)
    }

    /// What a reader is told on hovering over the tag or relation `id`: its definition, when
    /// to use it and when not, and up to two of its examples; `None` when there is nothing.
    pub fn hover_text(&self, id: &str) -> Option<String> {
        let entry = self.entry(id)?;
        let mut parts: Vec<String> = [
            ("", entry.definition),
            ("Use when: ", entry.use_when),
            ("Not when: ", entry.not_when),
        ]
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(lead, text)| format!("{lead}{}", text.trim()))
        .collect();
        for example in entry.examples.iter().take(2) {
            parts.push(format!(
                "Example: “{}” ({})",
                crate::model::one_line_excerpt(&example.exact, 140),
                example.analyst
            ));
        }
        (!parts.is_empty()).then(|| parts.join("\n"))
    }

    /// The codebook as an export appendix.
    pub fn appendix(&self) -> crate::export::project::CodebookAppendix {
        crate::export::project::CodebookAppendix {
            name: self.name.clone(),
            entries: self
                .entries()
                .into_iter()
                .map(|entry| crate::export::project::AppendixEntry {
                    label: entry.label.to_owned(),
                    id: entry.id.to_owned(),
                    definition: entry.definition.to_owned(),
                    use_when: entry.use_when.to_owned(),
                    not_when: entry.not_when.to_owned(),
                    examples: entry
                        .examples
                        .iter()
                        .map(|example| {
                            (
                                example.exact.clone(),
                                format!("{}, {}", example.article, example.analyst),
                                example.note.clone(),
                            )
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The codebook as Markdown, for reading and for appending to briefings: each entry with
    /// its definition, when to use it and when not, and its examples quoted.
    pub fn to_markdown(&self, depth: usize) -> String {
        use crate::export::markdown::escape_inline;
        let mark = "#".repeat(depth.clamp(1, 5));
        let mut text = format!("{mark} Codebook: {}\n\n", escape_inline(&self.name));
        for entry in self.entries() {
            text.push_str(&format!(
                "{mark}# {} (`{}`)\n\n",
                escape_inline(entry.label),
                entry.id
            ));
            for (heading, value) in [
                ("Definition", entry.definition),
                ("Use when", entry.use_when),
                ("Not when", entry.not_when),
            ] {
                if !value.trim().is_empty() {
                    text.push_str(&format!(
                        "**{heading}:** {}\n\n",
                        escape_inline(value.trim())
                    ));
                }
            }
            for example in entry.examples {
                text.push_str(&format!(
                    "> “{}”  \n> *{}, {}*{}\n\n",
                    escape_inline(example.exact.trim()),
                    escape_inline(&example.article),
                    escape_inline(&example.analyst),
                    if example.note.trim().is_empty() {
                        String::new()
                    } else {
                        format!("  \n> {}", escape_inline(example.note.trim()))
                    }
                ));
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(annotation: &str) -> Example {
        Example {
            article: "articles/a.txt".into(),
            analyst: "analyst-a".into(),
            annotation: annotation.into(),
            exact: "Sanctions work.".into(),
            note: String::new(),
        }
    }

    #[test]
    fn grows_from_a_tag_set_round_trips_and_keeps_its_history() {
        let mut codebook = Codebook::from_tag_set(&TagSet::default());
        assert_eq!(codebook.tag_set(), TagSet::default());
        assert!(
            codebook
                .set_guidance(
                    "Claim",
                    GuidanceField::UseWhen,
                    "The author asserts.",
                    "analyst-a"
                )
                .expect("a tag, by its label")
        );
        assert!(
            !codebook
                .set_guidance(
                    "claim",
                    GuidanceField::UseWhen,
                    "The author asserts.",
                    "analyst-b"
                )
                .expect("the same text again")
        );
        assert!(
            codebook
                .pin("supports", example("1"), "analyst-b")
                .expect("a relation")
        );
        assert!(
            !codebook
                .pin("supports", example("1"), "analyst-b")
                .expect("pinned")
        );
        assert!(
            codebook
                .unpin("supports", "1", "analyst-a")
                .expect("unpinned")
        );
        assert_eq!(codebook.history.len(), 3);
        assert_eq!(codebook.history[1].who, "analyst-b");
        assert!(
            codebook.history[0].what.contains("use when"),
            "{:?}",
            codebook.history
        );
        let unknown = codebook
            .set_guidance("assumption", GuidanceField::Definition, "x", "a")
            .expect_err("not in the codebook");
        assert!(unknown.to_string().contains("claim"), "{unknown}");

        let text = codebook.to_ron_string().expect("serialise");
        let read = Codebook::parse(&text, Path::new("codebook.ron")).expect("parse");
        assert_eq!(read, codebook);
        assert_eq!(
            read.entry("claim").map(|entry| entry.use_when),
            Some("The author asserts.")
        );
        let hover = read.hover_text("Claim").expect("guidance");
        assert!(hover.contains("Use when: The author asserts."), "{hover}");
        assert_eq!(read.hover_text("nothing"), None);
        let markdown = read.to_markdown(2);
        assert!(markdown.starts_with("## Codebook"), "{markdown}");
        assert!(
            markdown.contains("**Use when:** The author asserts."),
            "{markdown}"
        );
    }

    #[test]
    fn a_tag_set_file_or_a_damaged_codebook_is_refused_by_name() {
        let path = Path::new("p/codebook.ron");
        let foreign = Codebook::parse(
            r#"(format: "closeread-tags", version: 1, name: "x", tags: [])"#,
            path,
        )
        .expect_err("a tag set");
        assert!(foreign.to_string().contains("p/codebook.ron"), "{foreign}");
        let broken = Codebook::parse("(format: \"closeread-codebook\", version: 1, name: ", path)
            .expect_err("damaged");
        assert!(matches!(broken, ProjectError::Malformed { .. }));
    }
}
