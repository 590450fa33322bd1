//! Moving one end of an annotation by a word (the annotation pane's buttons and the command
//! table's entries).

/// Moving one end of an annotation by a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BoundsAdjustment {
    ExtendStart,
    ShrinkStart,
    ShrinkEnd,
    ExtendEnd,
}

impl BoundsAdjustment {
    pub const ALL: [BoundsAdjustment; 4] = [
        BoundsAdjustment::ExtendStart,
        BoundsAdjustment::ShrinkStart,
        BoundsAdjustment::ShrinkEnd,
        BoundsAdjustment::ExtendEnd,
    ];

    pub fn label(self) -> &'static str {
        match self {
            BoundsAdjustment::ExtendStart => "Extend start",
            BoundsAdjustment::ShrinkStart => "Shrink start",
            BoundsAdjustment::ShrinkEnd => "Shrink end",
            BoundsAdjustment::ExtendEnd => "Extend end",
        }
    }

    /// The new `(start, end)` after moving by a word, using the document's word bounds.
    pub fn apply(
        self,
        document: &crate::model::Document,
        start: usize,
        end: usize,
    ) -> (usize, usize) {
        match self {
            BoundsAdjustment::ExtendStart => (document.previous_word_start(start), end),
            BoundsAdjustment::ShrinkStart => {
                let next = document.next_word_start(start);
                (if next < end { next } else { start }, end)
            }
            BoundsAdjustment::ShrinkEnd => {
                let previous = document.previous_word_end(end);
                (start, if previous > start { previous } else { end })
            }
            BoundsAdjustment::ExtendEnd => (start, document.next_word_end(end)),
        }
    }
}
