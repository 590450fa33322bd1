//! The direction a paragraph of text is read in, by the Unicode Bidirectional Algorithm's
//! rules P2–P3: that of its first strong character (a letter of a left-to-right or a
//! right-to-left script), left to right when it has none. Exports use it to mark
//! right-to-left paragraphs (`dir="rtl"` in HTML, `w:bidi` in Word).

use unicode_bidi::Direction;

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
}
