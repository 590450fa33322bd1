//! One annotation: a tagged span of the article with its quote, note and provenance.

use crate::model::anchoring::AnchorStatus;
use crate::model::document::Document;
use crate::model::span::Span;
use crate::model::tags::TagId;
use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Chars of context kept on each side of the quote for re-anchoring.
pub(crate) const QUOTE_CONTEXT_CHARS: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnnotationId(pub uuid::Uuid);

impl AnnotationId {
    pub(crate) fn new_random() -> Self {
        Self(uuid::Uuid::new_v4())
    }
}

impl fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for AnnotationId {
    type Err = uuid::Error;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(text).map(Self)
    }
}

/// The text an annotation was made on, with some context either side (the W3C
/// `TextQuoteSelector`). It lets an annotation be found again when the article changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteSelector {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

impl QuoteSelector {
    /// The quote at `span`, with up to [`QUOTE_CONTEXT_CHARS`] chars before and after it.
    pub fn at(document: &Document, span: Span) -> Self {
        let prefix_start = span.start.saturating_sub(QUOTE_CONTEXT_CHARS);
        let suffix_end = (span.end + QUOTE_CONTEXT_CHARS).min(document.char_count());
        Self {
            exact: document.slice(span.range()).to_owned(),
            prefix: document.slice(prefix_start..span.start).to_owned(),
            suffix: document.slice(span.end..suffix_end).to_owned(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: AnnotationId,
    pub tag: TagId,
    pub span: Span,
    pub quote: QuoteSelector,
    /// Free text, may hold several lines.
    #[serde(default)]
    pub note: String,
    pub analyst: String,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    /// Whether the span is known to hold the quote; anything but `Anchored` is shown for review.
    #[serde(default, skip_serializing_if = "AnchorStatus::is_anchored")]
    pub status: AnchorStatus,
}

/// Timestamps are kept to the second: enough for people, and stable in files.
pub(crate) fn now_utc() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

impl Annotation {
    /// A new annotation on `span` (assumed valid for `document`), created now.
    pub fn new(document: &Document, span: Span, tag: TagId, note: String, analyst: &str) -> Self {
        let now = now_utc();
        Self {
            id: AnnotationId::new_random(),
            tag,
            quote: QuoteSelector::at(document, span),
            span,
            note,
            analyst: analyst.to_owned(),
            created: now,
            modified: now,
            status: AnchorStatus::Anchored,
        }
    }

    /// The order annotations are kept and saved in: by start, then end, then id.
    pub(crate) fn sort_key(&self) -> (usize, usize, AnnotationId) {
        (self.span.start, self.span.end, self.id)
    }

    /// Whether the annotation's offsets currently point at its quote.
    pub fn is_placed(&self) -> bool {
        self.status != AnchorStatus::Orphaned
    }
}
