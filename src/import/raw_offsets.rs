//! Offsets into a text file's characters as they are — byte-order mark, carriage returns and
//! decomposed accents included, as brat and other standoff tools count them — mapped to
//! offsets into Closeread's canonical text of the same file ([`Document::from_raw_text`]: no
//! BOM, `\n` line ends, NFC).
//!
//! The canonical text is made grapheme cluster by grapheme cluster here (NFC never joins
//! characters across a cluster boundary), so an offset at a cluster boundary maps exactly; an
//! offset inside a cluster that normalisation changed maps to the cluster's start (for a
//! start) or end (for an end).

use crate::model::Document;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Raw char offset → canonical char offset, for every raw offset from 0 to the end.
pub struct RawOffsets {
    /// `starts[raw]`: where a span starting at `raw` starts in the canonical text.
    starts: Vec<usize>,
    /// `ends[raw]`: where a span ending at `raw` ends in the canonical text.
    ends: Vec<usize>,
    /// The canonical text the offsets point into.
    pub document: Document,
    /// The canonical text as made here, cluster by cluster (the tests check it is the
    /// document's).
    #[cfg(test)]
    clustered: String,
}

impl RawOffsets {
    pub fn new(raw: &str) -> Self {
        // Stage one: the BOM goes, CR LF becomes LF, a lone CR becomes LF. `stage[raw]` is the
        // offset in the stage-one text.
        let chars: Vec<char> = raw.chars().collect();
        let mut stage_text = String::with_capacity(raw.len());
        let mut stage = Vec::with_capacity(chars.len() + 1);
        let mut count = 0;
        for (index, &c) in chars.iter().enumerate() {
            stage.push(count);
            match c {
                '\u{feff}' if index == 0 => {}
                '\r' if chars.get(index + 1) == Some(&'\n') => {}
                '\r' => {
                    stage_text.push('\n');
                    count += 1;
                }
                c => {
                    stage_text.push(c);
                    count += 1;
                }
            }
        }
        stage.push(count);
        // Stage two: NFC, cluster by cluster.
        let mut canonical = String::with_capacity(stage_text.len());
        let mut to_start = Vec::with_capacity(count + 1);
        let mut to_end = Vec::with_capacity(count + 1);
        let mut canonical_count = 0;
        for cluster in stage_text.graphemes(true) {
            let before = canonical.len();
            canonical.extend(cluster.nfc());
            let raw_len = cluster.chars().count();
            let normal_len = canonical[before..].chars().count();
            for inside in 0..raw_len {
                if raw_len == normal_len {
                    to_start.push(canonical_count + inside);
                    to_end.push(canonical_count + inside);
                } else if inside == 0 {
                    to_start.push(canonical_count);
                    to_end.push(canonical_count);
                } else {
                    to_start.push(canonical_count);
                    to_end.push(canonical_count + normal_len);
                }
            }
            canonical_count += normal_len;
        }
        to_start.push(canonical_count);
        to_end.push(canonical_count);
        Self {
            starts: stage.iter().map(|&at| to_start[at]).collect(),
            ends: stage.iter().map(|&at| to_end[at]).collect(),
            document: Document::from_raw_text(raw),
            #[cfg(test)]
            clustered: canonical,
        }
    }

    /// The canonical offsets of the raw span `start..end`; `None` past the end of the file.
    pub fn span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        Some((*self.starts.get(start)?, *self.ends.get(end)?))
    }

    /// Whether any character is counted differently (a BOM, a CR, a decomposed accent).
    pub fn differs(&self) -> bool {
        self.starts.iter().enumerate().any(|(raw, &at)| raw != at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_bom_and_windows_line_ends_shift_the_offsets_after_them() {
        let raw = "\u{feff}First line\r\nSecond line\r\nCafe\u{301} third";
        let map = RawOffsets::new(raw);
        assert!(map.differs());
        // "Second" starts at raw 13 (BOM, 10 chars, CR, LF) and canonical 11.
        let (start, end) = map.span(13, 19).expect("inside");
        assert_eq!(map.document.slice(start..end), "Second");
        // "Café" written with a combining accent: five raw chars, four canonical.
        let cafe = raw.chars().position(|c| c == 'C').expect("C");
        let (start, end) = map.span(cafe, cafe + 5).expect("inside");
        assert_eq!(map.document.slice(start..end), "Café");
        assert_eq!(map.span(raw.chars().count() + 1, 0), None);
        assert!(!RawOffsets::new("plain\ntext").differs());
    }

    proptest! {
        /// At every raw offset that does not split a CR LF or a grapheme cluster, the canonical
        /// offset is the length of the canonical text of what comes before it.
        #[test]
        fn every_boundary_maps_to_the_canonical_length_before_it(
            raw in "\u{feff}?([a-zé\u{301}\u{308}\u{1100}\u{1161}ی ‌\r\n]){0,40}"
        ) {
            let map = RawOffsets::new(&raw);
            prop_assert_eq!(map.clustered.as_str(), map.document.text());
            let chars: Vec<char> = raw.chars().collect();
            let boundaries: Vec<usize> = {
                let mut at = 0;
                let mut list = vec![0];
                for cluster in raw.graphemes(true) {
                    at += cluster.chars().count();
                    list.push(at);
                }
                list
            };
            for raw_offset in boundaries {
                if raw_offset > 0 && chars.get(raw_offset - 1) == Some(&'\r') {
                    continue;
                }
                let prefix: String = chars[..raw_offset].iter().collect();
                let expected = Document::from_raw_text(&prefix).char_count();
                let (start, end) = map.span(raw_offset, raw_offset).expect("in range");
                prop_assert_eq!(start, expected);
                prop_assert_eq!(end, expected);
            }
        }
    }
}
