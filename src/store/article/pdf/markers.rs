//! What a line's words say about it: a bullet or list number at its start, a section
//! number, a heading in capitals, and the hyphenation at its end (for joining lines).

/// Joins lines into one paragraph's text, undoing hyphenation at line ends.
#[cfg(test)]
pub(super) fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    join_lines_at(lines).0
}

/// [`join_lines`], with the char offset in the text where each line starts.
pub(super) fn join_lines_at<'a>(lines: impl IntoIterator<Item = &'a str>) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut chars = 0;
    let mut starts = Vec::new();
    for line in lines {
        // Soft hyphens inside a line are invisible; one at its end joins it to the next.
        let trimmed = line.trim();
        let mut line = trimmed.replace('\u{AD}', "");
        if trimmed.ends_with('\u{AD}') {
            line.push('\u{AD}');
        }
        if line.is_empty() {
            starts.push(chars);
            continue;
        }
        if !text.is_empty() {
            let starts_lower = line.chars().next().is_some_and(char::is_lowercase);
            // "encour-" + "aged": a hyphenated word; "Anglo-" + "Saxon": a compound's hyphen;
            // "2018–" + "23–51": a range broken after its dash.
            let soft = text.ends_with('\u{AD}');
            let hyphen = ends_with_word_hyphen(&text);
            if soft || hyphen && starts_lower {
                text.pop();
                chars -= 1;
            } else if !hyphen && !text.ends_with('–') {
                text.push(' ');
                chars += 1;
            }
        }
        starts.push(chars);
        chars += line.chars().count();
        text.push_str(&line);
    }
    if text.ends_with('\u{AD}') {
        text.pop();
    }
    (text, starts)
}

fn ends_with_word_hyphen(text: &str) -> bool {
    let mut chars = text.chars().rev();
    matches!(chars.next(), Some('-' | '\u{2010}')) && chars.next().is_some_and(char::is_alphabetic)
}

/// How deep a numbered section heading is ("3 Method" 1, "3.1 Web crawling" 2): a section
/// number without a final dot ("3." is a list's), then a capital, in a short line that does
/// not end a sentence. Such headings are often set at the body size, in bold.
pub(super) fn numbered_heading(text: &str) -> Option<u8> {
    let (number, title) = text.split_once(' ')?;
    let parts: Vec<&str> = number.split('.').collect();
    let numbered = parts.len() <= 4
        && parts
            .iter()
            .all(|part| (1..=2).contains(&part.len()) && part.chars().all(|c| c.is_ascii_digit()));
    let titled = title.chars().next().is_some_and(char::is_uppercase)
        && text.chars().count() <= 80
        && !title.trim_end().ends_with(['.', ',', ';', ':']);
    (numbered && titled).then_some(parts.len() as u8)
}

/// A bullet glyph, including the private-use bullets symbol fonts map to.
pub(super) fn is_bullet_glyph(c: char) -> bool {
    matches!(
        c,
        '•' | '◦'
            | '▪'
            | '▫'
            | '■'
            | '□'
            | '●'
            | '○'
            | '‣'
            | '⁃'
            | '∙'
            | '·'
            | '➢'
            | '►'
            | '✓'
    ) || ('\u{F000}'..='\u{F0FF}').contains(&c)
}

/// A bullet or a list number at the start of `text`, and the text after it.
pub(super) fn list_marker(text: &str) -> Option<(String, &str)> {
    let first = text.chars().next()?;
    // Symbol fonts without a Unicode map give their bullets as "!", "§", "l" or private-use
    // chars; a lone symbol before the text is taken as a bullet.
    let lone_symbol = text[first.len_utf8()..].starts_with(' ')
        && !first.is_alphanumeric()
        && !"\"'“‘«([{$€£%&#@—§¶".contains(first);
    let is_bullet = lone_symbol || is_bullet_glyph(first);
    if is_bullet {
        let rest = text[first.len_utf8()..].trim_start();
        return (!rest.is_empty()).then(|| ("•".to_owned(), rest));
    }
    let (word, rest) = text.split_once(' ')?;
    let number = word.strip_suffix(['.', ')'])?;
    let number = number.strip_prefix('(').unwrap_or(number);
    let is_number = (1..=3).contains(&number.len()) && number.chars().all(|c| c.is_ascii_digit())
        || number.len() == 1 && number.chars().all(|c| c.is_ascii_lowercase());
    (is_number && !rest.trim().is_empty()).then(|| (word.to_owned(), rest.trim_start()))
}

/// A short line in capitals ("SECTION 2: FINDINGS"), with at least two words of letters.
pub(super) fn is_capitals_heading(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let words = text
        .split_whitespace()
        .filter(|word| word.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    text.chars().count() <= 80
        && words >= 2
        && letters.iter().all(|c| !c.is_lowercase())
        && letters.iter().any(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenated_line_ends_are_joined_and_real_hyphens_kept() {
        assert_eq!(
            join_lines([
                "the policy was encour-",
                "aged by a well-",
                "known Anglo-",
                "Saxon"
            ]),
            "the policy was encouraged by a wellknown Anglo-Saxon"
        );
        assert_eq!(join_lines(["soft\u{AD}", "hyphen"]), "softhyphen");
    }

    #[test]
    fn list_markers_are_bullets_numbers_and_letters() {
        assert_eq!(list_marker("• item"), Some(("•".to_owned(), "item")));
        assert_eq!(list_marker("\u{F0B7} item"), Some(("•".to_owned(), "item")));
        assert_eq!(list_marker("3. item"), Some(("3.".to_owned(), "item")));
        assert_eq!(list_marker("(b) item"), Some(("(b)".to_owned(), "item")));
        assert_eq!(list_marker("! item"), Some(("•".to_owned(), "item")));
        assert_eq!(list_marker("– item"), Some(("•".to_owned(), "item")));
        assert_eq!(list_marker("“ quoted"), None);
        assert_eq!(list_marker("1998. A year"), None);
        assert_eq!(list_marker("In 3. words"), None);
    }
}
