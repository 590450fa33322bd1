//! Tag sets: the kinds of passage an analyst marks, kept as data.
//!
//! The default set is claim / evidence / recommendation with keys 1/2/3. Code never matches on
//! a tag's name: the UI draws buttons, colours and shortcuts from the set, so a custom set
//! (more tags, other keys) needs no code change. A sidecar stores the set it was written with.
//! The set also says which relations may link which tags ([`RelationDef`]).

use crate::model::relation::RelationKind;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A tag's stable identifier as stored in sidecars, e.g. `"claim"`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TagId(pub String);

impl TagId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TagId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A colour as `"#rrggbb"` in files, three bytes in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

impl Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let [r, g, b] = self.0;
        serializer.serialize_str(&format!("#{r:02x}{g:02x}{b:02x}"))
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_hex_colour(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("colour {text:?} is not of the form \"#rrggbb\""))
        })
    }
}

fn parse_hex_colour(text: &str) -> Option<Rgb> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Rgb([channel(0)?, channel(2)?, channel(4)?]))
}

/// One tag: how it is stored, shown, coloured and typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagDef {
    pub id: TagId,
    /// Shown in the UI, e.g. "Claim".
    pub label: String,
    pub colour: Rgb,
    /// The key that applies the tag to the selection ('1'..'9').
    pub key: char,
    #[serde(default)]
    pub description: String,
}

/// The relation every tag set has: this passage continues that one. A discontinuous span from
/// brat (`T4 Disorder 39 48;53 54`) or a W3C annotation with several text targets is imported
/// as one annotation per fragment, each continuing the one before, and exported back as one.
pub const CONTINUES: &str = "continues";

/// The built-in [`CONTINUES`] relation type, between any tags.
fn continues() -> &'static RelationDef {
    static CONTINUES_DEF: std::sync::OnceLock<RelationDef> = std::sync::OnceLock::new();
    CONTINUES_DEF.get_or_init(|| RelationDef {
        id: RelationKind::new(CONTINUES),
        label: "continues".to_owned(),
        inverse_label: "continued by".to_owned(),
        colour: Rgb([128, 128, 128]),
        from: Vec::new(),
        to: Vec::new(),
    })
}

/// A relation type and the tags it may link: `from` tags to `to` tags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationDef {
    pub id: RelationKind,
    /// Shown in the UI, e.g. "supports".
    pub label: String,
    /// How the relation reads from its target's side, e.g. "supported by".
    #[serde(default)]
    pub inverse_label: String,
    pub colour: Rgb,
    /// Tags the relation may start from (its source).
    pub from: Vec<TagId>,
    /// Tags it may point to (its target).
    pub to: Vec<TagId>,
}

/// The tags available when annotating an article, and the relations allowed between them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagSet {
    pub name: String,
    pub tags: Vec<TagDef>,
    /// Files written before relations existed have none: they get the default rules.
    #[serde(default = "default_relations")]
    pub relations: Vec<RelationDef>,
}

/// Evidence supports or undermines a claim; a claim supports or undermines another claim; a
/// recommendation follows from a claim.
pub(crate) fn default_relations() -> Vec<RelationDef> {
    let tags = |names: &[&str]| names.iter().map(|name| TagId::new(*name)).collect();
    vec![
        RelationDef {
            id: RelationKind::new("supports"),
            label: "supports".to_owned(),
            inverse_label: "supported by".to_owned(),
            colour: Rgb([0, 158, 115]),
            from: tags(&["evidence", "claim"]),
            to: tags(&["claim"]),
        },
        RelationDef {
            id: RelationKind::new("undermines"),
            label: "undermines".to_owned(),
            inverse_label: "undermined by".to_owned(),
            colour: Rgb([213, 94, 0]),
            from: tags(&["evidence", "claim"]),
            to: tags(&["claim"]),
        },
        RelationDef {
            id: RelationKind::new("follows_from"),
            label: "follows from".to_owned(),
            inverse_label: "leads to".to_owned(),
            colour: Rgb([86, 180, 233]),
            from: tags(&["recommendation"]),
            to: tags(&["claim"]),
        },
    ]
}

impl Default for TagSet {
    /// Claim, evidence, recommendation. Colours are chosen to stay apart for the common
    /// colour-vision deficiencies (vermillion, blue, bluish green from the Okabe–Ito palette).
    fn default() -> Self {
        let tag = |id: &str, label: &str, colour: [u8; 3], key: char, description: &str| TagDef {
            id: TagId::new(id),
            label: label.to_owned(),
            colour: Rgb(colour),
            key,
            description: description.to_owned(),
        };
        Self {
            name: "argument".to_owned(),
            tags: vec![
                tag(
                    "claim",
                    "Claim",
                    [213, 94, 0],
                    '1',
                    "An assertion or judgement the author puts forward.",
                ),
                tag(
                    "evidence",
                    "Evidence",
                    [0, 114, 178],
                    '2',
                    "Material offered in support of a claim: facts, quotes, events, data.",
                ),
                tag(
                    "recommendation",
                    "Recommendation",
                    [0, 158, 115],
                    '3',
                    "What the author says should be done.",
                ),
            ],
            relations: default_relations(),
        }
    }
}

impl RelationDef {
    /// How the relation reads from its target's side ("supported by"); without an
    /// `inverse_label`, "supports (from)".
    pub(crate) fn target_side_label(&self) -> String {
        target_side_label(&self.label, &self.inverse_label)
    }
}

/// `inverse_label`, or "`label` (from)" when it is empty.
pub(crate) fn target_side_label(label: &str, inverse_label: &str) -> String {
    if inverse_label.is_empty() {
        format!("{label} (from)")
    } else {
        inverse_label.to_owned()
    }
}

impl TagSet {
    pub fn get(&self, id: &TagId) -> Option<&TagDef> {
        self.tags.iter().find(|tag| &tag.id == id)
    }

    #[cfg(test)]
    pub(crate) fn by_key(&self, key: char) -> Option<&TagDef> {
        self.tags.iter().find(|tag| tag.key == key)
    }

    /// Finds a tag by id or label, ignoring case ("Claim", "claim").
    pub fn find(&self, name: &str) -> Option<&TagDef> {
        self.tags.iter().find(|tag| {
            tag.id.as_str().eq_ignore_ascii_case(name) || tag.label.eq_ignore_ascii_case(name)
        })
    }

    pub fn ids(&self) -> impl Iterator<Item = &TagId> {
        self.tags.iter().map(|tag| &tag.id)
    }

    /// The relation type of id `kind`: the set's own, or the built-in [`CONTINUES`].
    pub fn relation(&self, kind: &RelationKind) -> Option<&RelationDef> {
        self.relations
            .iter()
            .find(|relation| &relation.id == kind)
            .or_else(|| (kind.as_str() == CONTINUES).then(continues))
    }

    /// Finds a relation type by id or label, ignoring case ("follows from", "follows_from").
    pub(crate) fn find_relation(&self, name: &str) -> Option<&RelationDef> {
        let wanted = name.replace([' ', '-'], "_");
        self.relations
            .iter()
            .find(|relation| {
                relation.id.as_str().eq_ignore_ascii_case(&wanted)
                    || relation.label.eq_ignore_ascii_case(name)
            })
            .or_else(|| wanted.eq_ignore_ascii_case(CONTINUES).then(continues))
    }

    /// Whether `kind` may link an annotation tagged `from` to one tagged `to` ([`CONTINUES`]
    /// links any two).
    pub(crate) fn allows(&self, kind: &RelationKind, from: &TagId, to: &TagId) -> bool {
        if kind.as_str() == CONTINUES && self.relations.iter().all(|def| def.id != *kind) {
            return true;
        }
        self.relation(kind)
            .is_some_and(|relation| relation.from.contains(from) && relation.to.contains(to))
    }

    /// The relation types an annotation tagged `from` may have towards one tagged `to`.
    pub fn relations_between(&self, from: &TagId, to: &TagId) -> Vec<&RelationDef> {
        self.relations
            .iter()
            .filter(|relation| relation.from.contains(from) && relation.to.contains(to))
            .collect()
    }

    /// Why this set cannot be used, if it cannot: no tags, duplicate ids or keys, keys other
    /// than 1–9, relations naming unknown tags.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.tags.is_empty() {
            problems.push("it has no tags".to_owned());
        }
        for (index, tag) in self.tags.iter().enumerate() {
            if self.tags[..index].iter().any(|other| other.id == tag.id) {
                problems.push(format!("the tag id {:?} appears twice", tag.id.as_str()));
            }
            if !('1'..='9').contains(&tag.key) {
                problems.push(format!(
                    "the key of {:?} is {:?}; keys are '1' to '9'",
                    tag.id.as_str(),
                    tag.key
                ));
            } else if self.tags[..index].iter().any(|other| other.key == tag.key) {
                problems.push(format!("the key {:?} is used twice", tag.key));
            }
        }
        for relation in &self.relations {
            for tag in relation.from.iter().chain(&relation.to) {
                if self.get(tag).is_none() {
                    problems.push(format!(
                        "the relation {:?} names the unknown tag {:?}",
                        relation.id.as_str(),
                        tag.as_str()
                    ));
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_set_has_three_tags_on_keys_one_to_three() {
        let set = TagSet::default();
        let keys: Vec<char> = set.tags.iter().map(|tag| tag.key).collect();
        assert_eq!(keys, ['1', '2', '3']);
        assert_eq!(set.by_key('2').map(|tag| tag.id.as_str()), Some("evidence"));
        assert_eq!(set.find("Recommendation").map(|t| t.key), Some('3'));
        assert!(set.find("assumption").is_none());
    }

    #[test]
    fn colours_round_trip_as_hex() {
        let colour = Rgb([213, 94, 0]);
        let text = ron::to_string(&colour).expect("serialise");
        assert_eq!(text, "\"#d55e00\"");
        assert_eq!(ron::from_str::<Rgb>(&text).expect("parse"), colour);
        assert!(ron::from_str::<Rgb>("\"red\"").is_err());
    }
}
