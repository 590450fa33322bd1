//! The annotation model, free of any GUI or file IO.
//!
//! - [`document`]: the canonical text of an article and its indexes.
//! - [`span`]: `[start, end)` ranges in **char offsets** (Unicode scalar values) into that text.
//! - [`span_index`]: finding the spans that overlap a range without walking all before it.
//! - [`tags`]: the tag set (claim, evidence, recommendation, ...) as data.
//! - [`annotation`]: one tagged span with its quote, note and provenance.
//! - [`layer`]: one analyst's annotations of one article, kept in document order.
//! - [`edit`]: edits as values with inverses; [`history`] turns them into undo and redo.
//! - [`anchoring`]: re-finding annotations when the article text has changed.
//! - [`merge`]: three-way merge of annotation lists by id.
//! - [`relation`]: typed links between annotations (supports, undermines, follows from).
//! - [`search`]: finding a query in the text.
//! - [`movement`]: where a caret goes moving by a char, sentence or paragraph.
//! - [`direction`]: a paragraph's reading direction; [`bidi`]: its lines in visual order.

pub mod anchoring;
pub mod annotation;
pub mod bidi;
pub mod direction;
pub mod document;
pub mod edit;
pub mod excerpt;
pub mod history;
pub mod layer;
pub mod merge;
pub mod movement;
pub mod relation;
pub mod search;
pub mod span;
pub mod span_index;
pub mod tags;

pub use anchoring::{AnchorReport, AnchorStatus};
pub use annotation::{Annotation, AnnotationId, QuoteSelector};
pub use document::{Block, BlockKind, Document, Location};
pub use edit::{Edit, LayerChange};
pub use excerpt::{capitalised, one_line_excerpt};
pub use history::History;
pub use layer::Layer;
pub use relation::{Relation, RelationKind};
pub use span::{Span, SpanError};
pub use tags::{RelationDef, Rgb, TagDef, TagId, TagSet};
