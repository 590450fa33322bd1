//! Short, one-line excerpts of quotes and notes for tables and lists.

/// The text on one line, cut to `max_chars` with an ellipsis. Reads only the first
/// `max_chars + 1` chars, so that an excerpt of a selection spanning a whole book costs no
/// more than one of a sentence.
pub fn one_line_excerpt(text: &str, max_chars: usize) -> String {
    let mut flat = text
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c });
    let head: String = flat.by_ref().take(max_chars).collect();
    if flat.next().is_none() {
        return head;
    }
    let mut cut: String = head.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The text with its first letter upper-case ("supported by" → "Supported by").
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_and_long_text_is_cut_with_an_ellipsis() {
        assert_eq!(one_line_excerpt("a\nb\tc", 5), "a b c");
        assert_eq!(one_line_excerpt("abcdef", 6), "abcdef");
        assert_eq!(one_line_excerpt("abcdefg", 6), "abcde…");
        assert_eq!(one_line_excerpt("", 3), "");
    }
}
