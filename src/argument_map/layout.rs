//! Placing the argument map's nodes so that none overlap and the argument reads left to right.
//!
//! Rows: the tags that relations point *to* (claims) form the middle row, in document order.
//! Every other tag gets a row of its own, alternately below and above (with the default set:
//! evidence below, recommendations above). A long argument is cut into bands of
//! [`BAND_SIZE`] claims, stacked top to bottom like lines of text; a node joins the band of the
//! first claim it relates to. A node in an outer row is placed under or over the
//! nodes it relates to (the mean of their x), then each row is swept left to right and nodes
//! are pushed apart to a fixed gap, so no two nodes overlap whatever the number. Nodes are the
//! annotations that take part in a relation, and every annotation of a middle-row tag.

use crate::model::{AnnotationId, Layer, RelationKind, Rgb, TagId, one_line_excerpt};
use std::collections::{HashMap, HashSet};

pub(crate) const NODE_WIDTH: f32 = 220.0;
pub(crate) const NODE_HEIGHT: f32 = 78.0;
pub(crate) const NODE_GAP: f32 = 28.0;
pub(crate) const ROW_GAP: f32 = 90.0;
/// Claims per band; a longer argument continues in the next band below.
pub(crate) const BAND_SIZE: usize = 6;
/// Space between two bands.
pub(crate) const BAND_GAP: f32 = 40.0;
/// Chars of the quote shown in a node.
pub(crate) const LABEL_CHARS: usize = 110;

#[derive(Clone, Debug, PartialEq)]
pub struct MapNode {
    pub id: AnnotationId,
    pub tag: TagId,
    pub tag_label: String,
    pub colour: Rgb,
    /// The start of the quote, on one line.
    pub text: String,
    /// Top-left corner, in map units (points at zoom 1).
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl MapNode {
    pub fn centre(&self) -> (f32, f32) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    pub fn overlaps(&self, other: &MapNode) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapEdge {
    /// Indexes into the nodes.
    pub from: usize,
    pub to: usize,
    pub kind: RelationKind,
    pub label: String,
    pub colour: Rgb,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapLayout {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    pub width: f32,
    pub height: f32,
}

/// Lays out the argument of `layer`.
pub fn layout_map(layer: &Layer) -> MapLayout {
    let tag_set = &layer.tag_set;
    let hub_tags: HashSet<&TagId> = tag_set
        .relations
        .iter()
        .flat_map(|relation| relation.to.iter())
        .collect();
    let linked: HashSet<AnnotationId> = layer
        .relations()
        .iter()
        .flat_map(|relation| [relation.source, relation.target])
        .collect();
    let members: Vec<_> = layer
        .annotations()
        .iter()
        .filter(|annotation| annotation.is_placed())
        .filter(|annotation| linked.contains(&annotation.id) || hub_tags.contains(&annotation.tag))
        .collect();

    // Rows: 0 is the middle; other tags alternate +1 (below), -1 (above), +2, -2, …
    let mut row_of_tag: HashMap<&TagId, i32> = HashMap::new();
    let mut outer = 0;
    for tag in &tag_set.tags {
        if hub_tags.contains(&tag.id) {
            row_of_tag.insert(&tag.id, 0);
        } else {
            outer += 1;
            let distance = (outer + 1) / 2;
            row_of_tag.insert(&tag.id, if outer % 2 == 1 { distance } else { -distance });
        }
    }
    let row_of = |tag: &TagId| -> i32 {
        row_of_tag
            .get(tag)
            .copied()
            .unwrap_or_else(|| (outer + 2) / 2 + 1)
    };

    let mut nodes: Vec<MapNode> = members
        .iter()
        .map(|annotation| {
            let definition = tag_set.get(&annotation.tag);
            MapNode {
                id: annotation.id,
                tag: annotation.tag.clone(),
                tag_label: definition
                    .map_or_else(|| annotation.tag.to_string(), |tag| tag.label.clone()),
                colour: definition.map_or(Rgb([128, 128, 128]), |tag| tag.colour),
                text: one_line_excerpt(&annotation.quote.exact, LABEL_CHARS),
                x: 0.0,
                y: 0.0,
                width: NODE_WIDTH,
                height: NODE_HEIGHT,
            }
        })
        .collect();
    let index_of: HashMap<AnnotationId, usize> = nodes
        .iter()
        .enumerate()
        .map(|(index, node)| (node.id, index))
        .collect();
    let edges: Vec<MapEdge> = layer
        .relations()
        .iter()
        .filter_map(|relation| {
            let from = *index_of.get(&relation.source)?;
            let to = *index_of.get(&relation.target)?;
            let definition = tag_set.relation(&relation.kind);
            Some(MapEdge {
                from,
                to,
                kind: relation.kind.clone(),
                label: definition.map_or_else(
                    || relation.kind.to_string(),
                    |definition| definition.label.clone(),
                ),
                colour: definition.map_or(Rgb([128, 128, 128]), |definition| definition.colour),
            })
        })
        .collect();

    // Claims in document order, cut into bands of at most BAND_SIZE, so that a long argument
    // reads as several lines rather than one very wide row.
    let hubs: Vec<usize> = (0..nodes.len())
        .filter(|&index| row_of(&nodes[index].tag) == 0)
        .collect();
    let band_of_hub: HashMap<usize, usize> = hubs
        .iter()
        .enumerate()
        .map(|(position, &index)| (index, position / BAND_SIZE))
        .collect();
    // Every other node joins the band of the first claim it relates to (else the last band).
    let band_count = hubs.len().div_ceil(BAND_SIZE).max(1);
    let neighbours_of = |index: usize| -> Vec<usize> {
        edges
            .iter()
            .filter_map(|edge| {
                if edge.from == index {
                    Some(edge.to)
                } else if edge.to == index {
                    Some(edge.from)
                } else {
                    None
                }
            })
            .collect()
    };
    let band_of: Vec<usize> = (0..nodes.len())
        .map(|index| {
            band_of_hub.get(&index).copied().unwrap_or_else(|| {
                neighbours_of(index)
                    .iter()
                    .filter_map(|other| band_of_hub.get(other).copied())
                    .min()
                    .unwrap_or(band_count - 1)
            })
        })
        .collect();

    let mut x_of: Vec<f32> = vec![0.0; nodes.len()];
    let mut y_of: Vec<f32> = vec![0.0; nodes.len()];
    let mut band_top = 0.0;
    for band in 0..band_count {
        // Rows of this band: row number → node indexes, in document order.
        let mut rows: std::collections::BTreeMap<i32, Vec<usize>> = Default::default();
        for index in (0..nodes.len()).filter(|&index| band_of[index] == band) {
            rows.entry(row_of(&nodes[index].tag))
                .or_default()
                .push(index);
        }
        if let Some(middle) = rows.get(&0) {
            for (slot, &index) in middle.iter().enumerate() {
                x_of[index] = slot as f32 * (NODE_WIDTH + NODE_GAP);
            }
        }
        // Outer rows, nearest first, each under or over what it relates to.
        let mut order: Vec<i32> = rows.keys().copied().filter(|row| *row != 0).collect();
        order.sort_by_key(|row| (row.abs(), *row));
        let mut placed: HashSet<usize> = rows.get(&0).into_iter().flatten().copied().collect();
        for row in order {
            let members = rows.get(&row).cloned().unwrap_or_default();
            let mut wanted: Vec<(f32, usize)> = members
                .iter()
                .map(|&index| {
                    let xs: Vec<f32> = neighbours_of(index)
                        .into_iter()
                        .filter(|other| placed.contains(other) && band_of[*other] == band)
                        .map(|other| x_of[other])
                        .collect();
                    let x = if xs.is_empty() {
                        f32::MAX
                    } else {
                        xs.iter().sum::<f32>() / xs.len() as f32
                    };
                    (x, index)
                })
                .collect();
            // Nodes with nothing placed to relate to go to the end, in document order.
            wanted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut next_free = f32::MIN;
            for (x, index) in wanted {
                let x = if x == f32::MAX { next_free.max(0.0) } else { x };
                let x = x.max(next_free);
                x_of[index] = x;
                next_free = x + NODE_WIDTH + NODE_GAP;
                placed.insert(index);
            }
        }
        let min_row = rows.keys().copied().min().unwrap_or(0);
        let max_row = rows.keys().copied().max().unwrap_or(0);
        for members in rows.values() {
            for &index in members {
                let row = row_of(&nodes[index].tag) - min_row;
                y_of[index] = band_top + row as f32 * (NODE_HEIGHT + ROW_GAP);
            }
        }
        band_top += (max_row - min_row + 1) as f32 * (NODE_HEIGHT + ROW_GAP) + BAND_GAP;
    }
    // Shift so that the map starts at 0.
    let min_x = x_of.iter().copied().fold(f32::MAX, f32::min);
    for (index, node) in nodes.iter_mut().enumerate() {
        node.x = x_of[index] - if min_x == f32::MAX { 0.0 } else { min_x };
        node.y = y_of[index];
    }
    let width = nodes
        .iter()
        .map(|node| node.x + node.width)
        .fold(0.0, f32::max);
    let height = nodes
        .iter()
        .map(|node| node.y + node.height)
        .fold(0.0, f32::max);
    MapLayout {
        nodes,
        edges,
        width,
        height,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Annotation, Document, Relation, Span, TagSet};

    /// A generated argument: `claims` claims, each with evidence for it and against it and a
    /// recommendation, in document order through the text.
    pub(crate) fn generated(claims: usize) -> Layer {
        let document = Document::from_raw_text(&"word ".repeat(claims * 40 + 10));
        let mut annotations = Vec::new();
        let mut relations = Vec::new();
        for index in 0..claims {
            let base = index * 200;
            let make = |offset: usize, tag: &str| {
                Annotation::new(
                    &document,
                    Span::new(base + offset, base + offset + 20),
                    TagId::new(tag),
                    String::new(),
                    "a",
                )
            };
            let claim = make(0, "claim");
            let support = make(40, "evidence");
            let against = make(80, "evidence");
            let recommendation = make(120, "recommendation");
            relations.push(Relation::new(support.id, "supports", claim.id));
            relations.push(Relation::new(against.id, "undermines", claim.id));
            relations.push(Relation::new(recommendation.id, "follows_from", claim.id));
            if let Some(previous) = annotations
                .iter()
                .rev()
                .find(|a: &&Annotation| a.tag.as_str() == "claim")
            {
                relations.push(Relation::new(claim.id, "supports", previous.id));
            }
            annotations.extend([claim, support, against, recommendation]);
        }
        Layer::with_annotations("a", TagSet::default(), annotations)
            .with_relations(relations)
            .0
    }

    #[test]
    fn sixty_nodes_are_laid_out_without_overlaps_in_their_rows() {
        let layer = generated(15);
        let map = layout_map(&layer);
        assert_eq!(map.nodes.len(), 60);
        assert_eq!(map.edges.len(), 15 * 3 + 14);
        for (index, node) in map.nodes.iter().enumerate() {
            for other in &map.nodes[index + 1..] {
                assert!(!node.overlaps(other), "{node:?} overlaps {other:?}");
            }
        }
        let row_y = |tag: &str| {
            map.nodes
                .iter()
                .filter(|node| node.tag.as_str() == tag)
                .map(|node| node.y.to_bits())
                .collect::<HashSet<u32>>()
        };
        let sorted = |tag: &str| {
            let mut ys: Vec<f32> = row_y(tag)
                .iter()
                .map(|bits| f32::from_bits(*bits))
                .collect();
            ys.sort_by(f32::total_cmp);
            ys
        };
        let (claims, evidence, recommendations) = (
            sorted("claim"),
            sorted("evidence"),
            sorted("recommendation"),
        );
        // 15 claims: three bands, each with its recommendations above and evidence below.
        assert_eq!(
            (claims.len(), evidence.len(), recommendations.len()),
            (3, 3, 3)
        );
        for band in 0..3 {
            assert!(recommendations[band] < claims[band] && claims[band] < evidence[band]);
        }
        assert!(
            map.width < 12.0 * (NODE_WIDTH + NODE_GAP),
            "bands keep the map narrow"
        );
        assert!(map.width > 0.0 && map.height > 0.0);
    }
}
