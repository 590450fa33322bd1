//! The briefing's short labels for excerpts: the first letter of the tag's label and the
//! excerpt's number among that tag's excerpts in document order (C1, E3, R2). Two tags that
//! share a letter get longer prefixes (Claim → C, Context → Co); unknown tags use their id.

use crate::model::{Annotation, AnnotationId, TagId, TagSet, capitalised};
use std::collections::{HashMap, HashSet};

/// Each exported excerpt's label: its tag's prefix and its number among that tag's excerpts.
pub(super) fn labels(
    annotations: &[(&Annotation, &TagSet)],
    tag_set: &TagSet,
) -> HashMap<AnnotationId, String> {
    let mut prefixes: HashMap<TagId, String> = HashMap::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut tags: Vec<(TagId, String)> = tag_set
        .tags
        .iter()
        .map(|tag| (tag.id.clone(), tag.label.clone()))
        .collect();
    for (annotation, _) in annotations {
        if !tags.iter().any(|(id, _)| id == &annotation.tag) {
            tags.push((annotation.tag.clone(), annotation.tag.to_string()));
        }
    }
    for (id, label) in tags {
        // Letters only, so that a label reads as prefix + number and no two can be the same.
        let letters: Vec<char> = label.chars().filter(|c| c.is_alphabetic()).collect();
        let candidates = (1..=letters.len().max(1)).map(|length| {
            let mut prefix: String = letters
                .iter()
                .take(length)
                .collect::<String>()
                .to_lowercase();
            if prefix.is_empty() {
                prefix.push('X');
            }
            capitalised(&prefix)
        });
        let mut chosen = None;
        for candidate in candidates {
            if !used.contains(&candidate) {
                chosen = Some(candidate);
                break;
            }
        }
        // Every prefix of its letters is taken: add x's until it is unique.
        let prefix = chosen.unwrap_or_else(|| {
            let mut base = capitalised(&letters.iter().collect::<String>().to_lowercase());
            while used.contains(&base) {
                base.push('x');
            }
            base
        });
        used.insert(prefix.clone());
        prefixes.insert(id, prefix);
    }
    let mut counts: HashMap<&TagId, usize> = HashMap::new();
    annotations
        .iter()
        .map(|(annotation, _)| {
            let count = counts.entry(&annotation.tag).or_default();
            *count += 1;
            let prefix = prefixes.get(&annotation.tag).map_or("X", String::as_str);
            (annotation.id, format!("{prefix}{count}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn labels_are_unique_when_tags_share_a_letter() {
        let document = crate::model::Document::from_raw_text("aaaa bbbb cccc");
        let mut set = TagSet::default();
        let mut context = set.tags[0].clone();
        context.id = TagId::new("context");
        context.label = "Context".to_owned();
        set.tags.push(context);
        let annotations = [
            Annotation::new(
                &document,
                Span::new(0, 4),
                TagId::new("claim"),
                String::new(),
                "x",
            ),
            Annotation::new(
                &document,
                Span::new(5, 9),
                TagId::new("context"),
                String::new(),
                "x",
            ),
            Annotation::new(
                &document,
                Span::new(10, 14),
                TagId::new("mystery"),
                String::new(),
                "x",
            ),
        ];
        let pairs: Vec<(&Annotation, &TagSet)> = annotations.iter().map(|a| (a, &set)).collect();
        let labels = labels(&pairs, &set);
        assert_eq!(labels[&annotations[0].id], "C1");
        assert_eq!(labels[&annotations[1].id], "Co1");
        assert_eq!(labels[&annotations[2].id], "M1");
    }
}
