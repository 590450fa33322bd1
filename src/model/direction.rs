//! The direction a paragraph of text is read in, by the Unicode Bidirectional Algorithm's
//! rules P2–P3: that of its first strong character (a letter of a left-to-right or a
//! right-to-left script), left to right when it has none, unless the article's document
//! information sets a direction for all its paragraphs ([`TextDirection`]). Exports use it to
//! mark right-to-left paragraphs (`dir="rtl"` in HTML, `w:bidi` in Word); the article view
//! aligns and orders lines by it ([`super::bidi`]).

use serde::{Deserialize, Serialize};
use unicode_bidi::Direction;

/// An article's reading direction, as its document information sets it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TextDirection {
    /// Each paragraph by its first strong character (UAX #9 P2–P3).
    #[default]
    #[serde(rename = "auto")]
    Auto,
    #[serde(rename = "ltr")]
    LeftToRight,
    #[serde(rename = "rtl")]
    RightToLeft,
}

impl TextDirection {
    /// The word `closeread info` and the document information file use.
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::LeftToRight => "ltr",
            Self::RightToLeft => "rtl",
        }
    }

    /// Reads `auto`, `ltr` or `rtl` (and the long forms), in any case.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "" | "auto" => Some(Self::Auto),
            "ltr" | "left-to-right" | "lefttoright" => Some(Self::LeftToRight),
            "rtl" | "right-to-left" | "righttoleft" => Some(Self::RightToLeft),
            _ => None,
        }
    }

    /// Whether a paragraph with this text is read right to left under this setting.
    pub fn is_right_to_left(self, text: &str) -> bool {
        match self {
            Self::Auto => is_right_to_left(text),
            Self::LeftToRight => false,
            Self::RightToLeft => true,
        }
    }
}

/// Whether `text` is a right-to-left paragraph: its first strong character is of a
/// right-to-left script (Arabic, Persian, Hebrew…).
pub fn is_right_to_left(text: &str) -> bool {
    unicode_bidi::get_base_direction(text) == Direction::Rtl
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_strong_character_decides() {
        assert!(is_right_to_left("فارسی text"));
        assert!(is_right_to_left("«۱۴۰۲» سال NATO"));
        assert!(!is_right_to_left("NATO و ایران"));
        assert!(!is_right_to_left("2019 — 1402"));
        assert!(!is_right_to_left(""));
    }

    #[test]
    fn a_set_direction_overrides_the_first_strong_character() {
        assert!(TextDirection::RightToLeft.is_right_to_left("NATO و ایران"));
        assert!(!TextDirection::LeftToRight.is_right_to_left("فارسی text"));
        assert!(TextDirection::Auto.is_right_to_left("فارسی text"));
        for direction in [
            TextDirection::Auto,
            TextDirection::LeftToRight,
            TextDirection::RightToLeft,
        ] {
            assert_eq!(TextDirection::parse(direction.name()), Some(direction));
        }
        assert_eq!(
            TextDirection::parse(" RTL "),
            Some(TextDirection::RightToLeft)
        );
        assert_eq!(TextDirection::parse("sideways"), None);
    }
}
