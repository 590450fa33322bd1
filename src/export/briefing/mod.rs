//! The briefing's plan: what a reader of the Markdown, HTML and DOCX briefings sees, in which
//! order, computed once from an [`ExportInput`] so that the three writers only render it.
//!
//! The order: the header (title, authors, date, publication, URL; the analysts and the date of
//! the reading; for a consensus layer, the analysts it was settled from), the bottom line (each
//! exported layer's reading note), then one section per *main* tag — recommendations first,
//! then claims, then any other tag that something points to — and last "Not linked".
//!
//! Every excerpt is quoted in full exactly once and referred to elsewhere by a short label
//! ("E3, ¶10"): a label is the first letter of its tag's label and its number in document order
//! among that tag's excerpts (C1, E3, R2; a longer prefix when two tags share a letter). Under
//! a main excerpt come the excerpts that point to it (e.g. the evidence that supports or
//! undermines a claim, for any relation kind): quoted in full under the first one they point
//! to, by label under later ones. What a main excerpt points to is listed by label ("Follows
//! from: C2 (¶5), C4 (¶9)"). Excerpts not placed anywhere are quoted under "Not linked", with
//! their relations by label.

mod labels;

/// The heading of the last section: excerpts not placed under another.
pub const NOT_LINKED: &str = "Not linked";

use super::relations::RelationIndex;
use super::{ExportInput, plural_label};
use crate::model::{Annotation, AnnotationId, TagId, TagSet, capitalised};
use crate::store::document_info::display_date;
use std::collections::{HashMap, HashSet};

/// An excerpt quoted in full.
pub struct Item<'a> {
    pub annotation: &'a Annotation,
    /// "C2".
    pub label: String,
    /// "Claim".
    pub tag_label: String,
    /// Where it is: "¶5", "¶5, section “Background”", "heading “Background”", or that it is
    /// orphaned.
    pub location: String,
    /// Whose it is, when several analysts are exported (display name).
    pub analyst: Option<String>,
    /// What it points to, by label ("Follows from": C2 (¶5), …).
    pub references: Vec<ReferenceLine>,
    /// What points to it, grouped by relation ("Supported by": …).
    pub groups: Vec<Group<'a>>,
    /// Quoted under another excerpt: the note on the relation that put it there ("" if none).
    pub link_note: &'a str,
}

/// A relation's excerpts listed by label: "Follows from: C2 (¶5), C4 (¶9)".
pub struct ReferenceLine {
    pub heading: String,
    pub references: Vec<Reference>,
}

/// A short reference to an excerpt quoted elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub label: String,
    /// "¶5", or "orphaned".
    pub short_location: String,
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.label, self.short_location)
    }
}

/// The excerpts pointing to a main excerpt with one relation kind.
pub struct Group<'a> {
    /// "Supported by".
    pub heading: String,
    pub entries: Vec<Entry<'a>>,
}

/// An excerpt under another: quoted in full the first time, else by label.
pub enum Entry<'a> {
    Quoted(Box<Item<'a>>),
    /// Quoted under `quoted_under` (a label), or in a section of its own.
    Reference(Reference, Option<String>),
}

pub struct Section<'a> {
    /// "Recommendations", "Claims", "Not linked".
    pub heading: String,
    pub items: Vec<Item<'a>>,
}

/// One analyst's bottom line.
pub struct BottomLine {
    /// Display name; `None` when only one layer is exported.
    pub analyst: Option<String>,
    pub text: String,
}

pub struct Briefing<'a> {
    pub title: String,
    pub authors: Vec<String>,
    /// As shown: "2 May 2019".
    pub date: Option<String>,
    pub publication: String,
    pub url: String,
    pub article_name: String,
    /// Display names of the exported layers' analysts.
    pub analysts: Vec<String>,
    /// Whether the consensus layer is exported, and whose readings it was settled from.
    pub consensus: bool,
    pub settled_from: Vec<String>,
    /// The latest change to the exported annotations, or today: "2 December 2026".
    pub reading_date: String,
    pub excerpt_count: usize,
    pub bottom_lines: Vec<BottomLine>,
    pub sections: Vec<Section<'a>>,
}

impl Briefing<'_> {
    /// "Mehdi Khalaji", "A, B and C".
    pub(crate) fn authors_text(&self) -> String {
        match self.authors.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// "33 excerpts tagged by analyst-a, analyst-b; reading of 2 December 2026", with whose
    /// readings a consensus was settled from.
    pub(crate) fn reading_line(&self) -> String {
        let excerpts = match self.excerpt_count {
            1 => "1 excerpt".to_owned(),
            count => format!("{count} excerpts"),
        };
        let mut line = format!(
            "Briefing of {}: {excerpts} tagged by {}; reading of {}.",
            self.article_name,
            self.analysts.join(", "),
            self.reading_date
        );
        if self.consensus {
            if self.settled_from.is_empty() {
                line.push_str(" The consensus of the team's readings.");
            } else {
                line.push_str(&format!(
                    " Settled from the readings of {}.",
                    self.settled_from.join(", ")
                ));
            }
        }
        line
    }

    /// Every excerpt quoted in full, in the order written.
    pub(crate) fn quoted_items(&self) -> Vec<&Item<'_>> {
        fn walk<'b, 'a>(item: &'b Item<'a>, out: &mut Vec<&'b Item<'a>>) {
            out.push(item);
            for group in &item.groups {
                for entry in &group.entries {
                    if let Entry::Quoted(nested) = entry {
                        walk(nested, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        for section in &self.sections {
            for item in &section.items {
                walk(item, &mut out);
            }
        }
        out
    }
}

/// Plans the briefing of `input`.
pub(crate) fn plan<'a>(input: &'a ExportInput<'a>) -> Briefing<'a> {
    let annotations = input.annotations();
    let tag_set = input.tag_set();
    let relations = input.relations();
    let several = input.layers.len() > 1;
    let labels = labels::labels(&annotations, &tag_set);
    let tag_of: HashMap<AnnotationId, &TagId> = annotations
        .iter()
        .map(|(annotation, _)| (annotation.id, &annotation.tag))
        .collect();
    let main_tags = main_tags(&tag_set, &annotations, &relations, &tag_of);
    let exported: HashSet<AnnotationId> = tag_of.keys().copied().collect();
    let mut planner = Planner {
        input,
        tag_set: &tag_set,
        relations: &relations,
        labels: &labels,
        exported: &exported,
        main_tags: &main_tags,
        several,
        quoted_under: HashMap::new(),
    };
    // Where each excerpt is quoted in full is decided in reading order: main excerpts in their
    // sections, the rest under the first main excerpt that they point to.
    for tag in &main_tags {
        for (annotation, _) in annotations.iter().filter(|(a, _)| &a.tag == tag) {
            planner.quoted_under.insert(annotation.id, None);
        }
    }
    let mut sections = Vec::new();
    for tag in &main_tags {
        let items: Vec<Item<'a>> = annotations
            .iter()
            .filter(|(annotation, _)| &annotation.tag == tag)
            .map(|(annotation, tags)| planner.main_item(annotation, tags))
            .collect();
        if !items.is_empty() {
            let label = tag_set
                .get(tag)
                .map_or_else(|| tag.to_string(), |definition| definition.label.clone());
            sections.push(Section {
                heading: plural_label(&capitalised(&label)),
                items,
            });
        }
    }
    let not_linked: Vec<Item<'a>> = annotations
        .iter()
        .filter(|(annotation, _)| !planner.quoted_under.contains_key(&annotation.id))
        .map(|(annotation, tags)| planner.loose_item(annotation, tags))
        .collect();
    if !not_linked.is_empty() {
        sections.push(Section {
            heading: NOT_LINKED.to_owned(),
            items: not_linked,
        });
    }
    let info = input.info.cloned().unwrap_or_default();
    let reading_date = annotations
        .iter()
        .map(|(annotation, _)| annotation.modified)
        .max()
        .unwrap_or_else(crate::model::annotation::now_utc);
    Briefing {
        title: input.title(),
        authors: info.authors,
        date: info.date.as_deref().map(display_date),
        publication: info.publication,
        url: info.url,
        article_name: input.article_name.to_owned(),
        analysts: input
            .analyst_names()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        consensus: input
            .layers
            .iter()
            .any(|layer| layer.analyst == crate::team::CONSENSUS),
        settled_from: input.settled_from.to_vec(),
        reading_date: reading_date.format("%-d %B %Y").to_string(),
        excerpt_count: annotations.len(),
        bottom_lines: input
            .layers
            .iter()
            .filter(|layer| !layer.reading_note().trim().is_empty())
            .map(|layer| BottomLine {
                analyst: several.then(|| layer.display_name().to_owned()),
                text: layer.reading_note().trim().to_owned(),
            })
            .collect(),
        sections,
    }
}

/// The tags that get sections, in order: recommendations, claims, then any other tag that an
/// exported excerpt points to (in tag set order, unknown tags last).
fn main_tags(
    tag_set: &TagSet,
    annotations: &[(&Annotation, &TagSet)],
    relations: &RelationIndex<'_>,
    tag_of: &HashMap<AnnotationId, &TagId>,
) -> Vec<TagId> {
    let mut known: Vec<TagId> = tag_set.tags.iter().map(|tag| tag.id.clone()).collect();
    for (annotation, _) in annotations {
        if !known.contains(&annotation.tag) {
            known.push(annotation.tag.clone());
        }
    }
    let targets: HashSet<&TagId> = relations
        .all()
        .iter()
        .filter(|relation| tag_of.contains_key(&relation.source))
        .filter_map(|relation| tag_of.get(&relation.target).copied())
        .collect();
    let rank = |tag: &TagId| match tag.as_str() {
        "recommendation" => 0,
        "claim" => 1,
        _ => 2,
    };
    let mut main: Vec<TagId> = known
        .into_iter()
        .filter(|tag| rank(tag) < 2 || targets.contains(tag))
        .collect();
    main.sort_by_key(rank);
    main
}

struct Planner<'p, 'a> {
    input: &'a ExportInput<'a>,
    tag_set: &'p TagSet,
    relations: &'p RelationIndex<'a>,
    labels: &'p HashMap<AnnotationId, String>,
    exported: &'p HashSet<AnnotationId>,
    main_tags: &'p [TagId],
    several: bool,
    /// Excerpts already given a place: `None` for a section of their own, else the label of
    /// the excerpt they are quoted under.
    quoted_under: HashMap<AnnotationId, Option<String>>,
}

impl<'a> Planner<'_, 'a> {
    fn is_main(&self, annotation: &Annotation) -> bool {
        self.main_tags.contains(&annotation.tag)
    }

    fn reference(&self, annotation: &Annotation) -> Reference {
        let excerpt = self.input.excerpt(annotation, self.tag_set);
        let place = match excerpt.paragraph {
            _ if !annotation.is_placed() => "orphaned".to_owned(),
            Some(paragraph) => format!("¶{paragraph}"),
            None => excerpt.section.map_or_else(
                || "the article".to_owned(),
                |section| format!("heading “{section}”"),
            ),
        };
        // Sources with pages are cited by page first, as a reader finds the passage.
        let short_location = match excerpt.page {
            Some(page) if annotation.is_placed() => format!("p. {page}, {place}"),
            _ => place,
        };
        Reference {
            label: self.labels.get(&annotation.id).cloned().unwrap_or_default(),
            short_location,
        }
    }

    /// An excerpt quoted in full, without its relations yet.
    fn bare_item(&self, annotation: &'a Annotation, tags: &TagSet) -> Item<'a> {
        let excerpt = self.input.excerpt(annotation, tags);
        let reference = self.reference(annotation);
        let location = match (&excerpt.section, excerpt.paragraph) {
            _ if !annotation.is_placed() => "no longer in the article (orphaned)".to_owned(),
            (Some(section), Some(_)) => {
                format!("{}, section “{section}”", reference.short_location)
            }
            _ => reference.short_location.clone(),
        };
        Item {
            annotation,
            label: reference.label,
            tag_label: excerpt.tag_label,
            location,
            analyst: self
                .several
                .then(|| self.input.analyst_name(&annotation.analyst).to_owned()),
            references: Vec::new(),
            groups: Vec::new(),
            link_note: "",
        }
    }

    /// What `annotation` points to, by label, for every relation kind.
    fn reference_lines(&self, annotation: &Annotation) -> Vec<ReferenceLine> {
        self.relations
            .kinds()
            .iter()
            .filter_map(|kind| {
                let references: Vec<Reference> = self
                    .relations
                    .targets(annotation.id, &kind.kind)
                    .into_iter()
                    .filter(|target| self.exported.contains(&target.id))
                    .map(|target| self.reference(target))
                    .collect();
                (!references.is_empty()).then(|| ReferenceLine {
                    heading: capitalised(&kind.label),
                    references,
                })
            })
            .collect()
    }

    /// A main excerpt: quoted with what it points to by label and what points to it nested.
    fn main_item(&mut self, annotation: &'a Annotation, tags: &TagSet) -> Item<'a> {
        let mut item = self.bare_item(annotation, tags);
        item.references = self.reference_lines(annotation);
        let relations = self.relations;
        for kind in relations.kinds() {
            let mut entries = Vec::new();
            for source in relations.sources(annotation.id, &kind.kind) {
                if !self.exported.contains(&source.id) {
                    continue;
                }
                let reference = self.reference(source);
                if self.is_main(source) {
                    // Quoted in its own section: named here.
                    entries.push(Entry::Reference(reference, None));
                    continue;
                }
                match self.quoted_under.get(&source.id) {
                    Some(under) => entries.push(Entry::Reference(reference, under.clone())),
                    None => {
                        self.quoted_under
                            .insert(source.id, Some(item.label.clone()));
                        let mut nested = self.bare_item(source, tags);
                        nested.link_note = relations.note(source.id, &kind.kind, annotation.id);
                        // What else it points to, besides this excerpt.
                        nested.references = self
                            .reference_lines(source)
                            .into_iter()
                            .filter_map(|mut line| {
                                line.references.retain(|other| other.label != item.label);
                                (!line.references.is_empty()).then_some(line)
                            })
                            .collect();
                        entries.push(Entry::Quoted(Box::new(nested)));
                    }
                }
            }
            if !entries.is_empty() {
                item.groups.push(Group {
                    heading: capitalised(&kind.inverse_label),
                    entries,
                });
            }
        }
        item
    }

    /// An excerpt no main excerpt took in: quoted with all its relations by label.
    fn loose_item(&self, annotation: &'a Annotation, tags: &TagSet) -> Item<'a> {
        let mut item = self.bare_item(annotation, tags);
        item.references = self.reference_lines(annotation);
        item
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::{input_of, sample};
    use crate::model::{Layer, Relation, Span, TagSet};

    #[test]
    fn recommendations_then_claims_with_their_evidence_each_quoted_once() {
        let (document, layer) = sample();
        let layers = [&layer];
        let input = input_of(&document, &layers);
        let briefing = plan(&input);
        let headings: Vec<&str> = briefing
            .sections
            .iter()
            .map(|s| s.heading.as_str())
            .collect();
        assert_eq!(headings, ["Recommendations", "Claims"]);
        let recommendation = &briefing.sections[0].items[0];
        assert_eq!(recommendation.label, "R1");
        assert_eq!(recommendation.references[0].heading, "Follows from");
        assert_eq!(
            recommendation.references[0].references[0].to_string(),
            "C1 (¶2)"
        );
        let claim = &briefing.sections[1].items[0];
        assert_eq!(claim.groups[0].heading, "Supported by");
        assert!(matches!(&claim.groups[0].entries[0], Entry::Quoted(e) if e.label == "E1"));
        let quoted: Vec<&str> = briefing
            .quoted_items()
            .iter()
            .map(|i| i.label.as_str())
            .collect();
        assert_eq!(quoted, ["R1", "C1", "E1"]);
    }

    #[test]
    fn evidence_for_two_claims_is_quoted_under_the_first_and_named_under_the_second() {
        let document = crate::model::Document::from_raw_text("aaaa bbbb cccc dddd eeee");
        let at = |start: usize, tag: &str| {
            Annotation::new(
                &document,
                Span::new(start, start + 4),
                TagId::new(tag),
                String::new(),
                "x",
            )
        };
        let (first, second, evidence, loose) = (
            at(0, "claim"),
            at(5, "claim"),
            at(10, "evidence"),
            at(15, "evidence"),
        );
        let relations = vec![
            Relation::new(evidence.id, "supports", first.id),
            Relation::new(evidence.id, "undermines", second.id),
        ];
        let (layer, _) =
            Layer::with_annotations("x", TagSet::default(), vec![first, second, evidence, loose])
                .with_relations(relations);
        let layers = [&layer];
        let input = input_of(&document, &layers);
        let briefing = plan(&input);
        let claims = &briefing.sections[0];
        assert_eq!(claims.heading, "Claims");
        assert!(
            matches!(&claims.items[0].groups[0].entries[0], Entry::Quoted(e) if e.label == "E1")
        );
        let Entry::Quoted(nested) = &claims.items[0].groups[0].entries[0] else {
            unreachable!("checked above")
        };
        assert_eq!(
            nested.references[0].references[0].label, "C2",
            "it also undermines C2"
        );
        assert!(matches!(
            &claims.items[1].groups[0].entries[0],
            Entry::Reference(reference, Some(under)) if reference.label == "E1" && under == "C1"
        ));
        assert_eq!(briefing.sections[1].heading, "Not linked");
        assert_eq!(briefing.sections[1].items[0].label, "E2");
        assert_eq!(briefing.quoted_items().len(), 4, "each once");
    }
}
