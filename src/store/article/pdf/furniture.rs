//! Page furniture: running headers and footers and page numbers, left out of the text.
//!
//! A line near the top or bottom edge of the page's text ([`EDGE_SHARE`] of the page's
//! height) is furniture when it is a bare page number ("12", "- 12 -", "Page 3 of 10", "xiv")
//! or when its text, with its numbers taken out, is found at the same height and size at the
//! edge of another page too:
//! "Federal Register / Vol. 85, No. 152 / … / 47698" on every page, a book's title on the left
//! pages and its chapter's on the right. A line in the body of the page is never furniture,
//! except **line numbers** down a margin (a proof's or a legal text's): bare numbers, five or
//! more on a page, outside the lines of text.

use super::lines::Line;
use std::collections::HashMap;

/// How far from the top or bottom of the page's text a running header or footer may be.
const EDGE_SHARE: f32 = 0.1;
/// How far (in points) a running head's baseline may move from page to page.
const SAME_PLACE: f32 = 3.0;
/// Rows at each edge that may be furniture (a header may be two rows: title and rule note).
const EDGE_ROWS: usize = 3;

/// A page's lines and its height in points.
pub(crate) struct PageLines {
    pub lines: Vec<Line>,
    pub height: f32,
}

/// Removes running headers, footers and page numbers from every page.
pub(crate) fn remove_furniture(pages: &mut [PageLines]) {
    pages.iter_mut().for_each(remove_line_numbers);
    let candidates: Vec<Vec<usize>> = pages.iter().map(edge_lines).collect();
    // Where each text was found at a page's edge: (page, baseline, size).
    let mut found: HashMap<String, Vec<(usize, f32, f32)>> = HashMap::new();
    for (page_index, (page, edge)) in pages.iter().zip(&candidates).enumerate() {
        for &index in edge {
            let line = &page.lines[index];
            let key = repeat_key(&line.text);
            if !key.is_empty() {
                found
                    .entry(key)
                    .or_default()
                    .push((page_index, line.y, line.size));
            }
        }
    }
    // A running head repeats on another page at the same height in the same size; a
    // "Chapter 2" or "Table 3" at the top of a page, or an "Ibid." above the foot, does not.
    let repeats = |page_index: usize, line: &Line| {
        found.get(&repeat_key(&line.text)).is_some_and(|places| {
            places.iter().any(|&(other, y, size)| {
                other != page_index
                    && (y - line.y).abs() <= SAME_PLACE
                    && (size - line.size).abs() <= 0.1 * line.size
            })
        })
    };
    for (page_index, (page, edge)) in pages.iter_mut().zip(candidates).enumerate() {
        let furniture: Vec<usize> = edge
            .into_iter()
            .filter(|&index| {
                let line = &page.lines[index];
                is_page_number(&line.text) || repeats(page_index, line)
            })
            .collect();
        let mut index = 0;
        page.lines.retain(|_| {
            let keep = !furniture.contains(&index);
            index += 1;
            keep
        });
    }
}

/// Removes a page's margin line numbers: bare numbers ("12", "32s") wholly left or right of
/// the page's lines of text, when there are at least five of them.
pub(crate) fn remove_line_numbers(page: &mut PageLines) {
    let is_bare_number = |line: &Line| {
        let digits = line.text.trim_end_matches(|c: char| c.is_ascii_lowercase());
        (1..=3).contains(&digits.len())
            && line.text.len() - digits.len() <= 1
            && digits.chars().all(|c| c.is_ascii_digit())
    };
    let text_lines = page
        .lines
        .iter()
        .filter(|line| line.text.chars().count() >= 20);
    let (left, right) = text_lines.fold((f32::MAX, f32::MIN), |(left, right), line| {
        (left.min(line.x0), right.max(line.x1))
    });
    let in_margin =
        |line: &Line| is_bare_number(line) && (line.x1 <= left + 0.5 || line.x0 >= right - 0.5);
    if left < right && page.lines.iter().filter(|line| in_margin(line)).count() >= 5 {
        page.lines.retain(|line| !in_margin(line));
    }
}

/// The lines of a page that lie at its top or bottom edge.
fn edge_lines(page: &PageLines) -> Vec<usize> {
    if page.lines.len() < 2 {
        return Vec::new();
    }
    let top = page.lines.iter().map(Line::top).fold(f32::MIN, f32::max);
    let bottom = page.lines.iter().map(Line::bottom).fold(f32::MAX, f32::min);
    let band = EDGE_SHARE * page.height.max(top - bottom);
    let mut by_height: Vec<usize> = (0..page.lines.len()).collect();
    by_height.sort_by(|&a, &b| page.lines[b].y.total_cmp(&page.lines[a].y));
    // The lines of the first and last few rows (a row may hold several lines: a slug line's
    // pieces, a header's title and page number).
    let rows_from = |order: &mut dyn Iterator<Item = usize>| {
        let mut rows: Vec<f32> = Vec::new();
        let mut taken = Vec::new();
        for index in order {
            let y = page.lines[index].y;
            if !rows.iter().any(|row| (row - y).abs() < 2.0) {
                if rows.len() == EDGE_ROWS {
                    break;
                }
                rows.push(y);
            }
            taken.push(index);
        }
        taken
    };
    let mut edge: Vec<usize> = rows_from(&mut by_height.iter().copied())
        .into_iter()
        .filter(|&index| page.lines[index].top() >= top - band)
        .collect();
    edge.extend(
        rows_from(&mut by_height.iter().rev().copied())
            .into_iter()
            .filter(|&index| page.lines[index].bottom() <= bottom + band),
    );
    edge.sort();
    edge.dedup();
    edge
}

/// A line's text as it repeats from page to page: lowercase, its numbers (Arabic, or Roman
/// in lower case as front matter is numbered; "CHAPTER II" keeps its "II"), punctuation and
/// spaces removed.
fn repeat_key(text: &str) -> String {
    text.split_whitespace()
        .map(|word| {
            word.chars()
                .filter(|c| c.is_alphabetic())
                .collect::<String>()
        })
        .filter(|word| !is_roman_numeral(word))
        .flat_map(|word| word.to_lowercase().chars().collect::<Vec<_>>())
        .collect()
}

/// "12", "- 12 -", "[12]", "Page 12", "page 3 of 10", "12 / 40", "xiv".
fn is_page_number(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || "-–—|/[]().".contains(c))
        .filter(|word| !word.is_empty())
        .collect();
    let is_number = |word: &str| {
        word.chars().all(|c| c.is_ascii_digit()) && word.len() <= 5 || is_roman_numeral(word)
    };
    match words.as_slice() {
        [number] => is_number(number),
        ["page" | "p", number] => is_number(number),
        [number, "of", total] | [number, total] => is_number(number) && is_number(total),
        ["page", number, "of", total] => is_number(number) && is_number(total),
        _ => false,
    }
}

/// A lowercase Roman numeral up to 399 written the usual way ("xiv", not "civil").
fn is_roman_numeral(word: &str) -> bool {
    const NUMERALS: [(u32, &str); 9] = [
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut rest = word;
    let mut value = 0;
    for (worth, numeral) in NUMERALS {
        while let Some(after) = rest.strip_prefix(numeral) {
            rest = after;
            value += worth;
        }
    }
    rest.is_empty() && (1..400).contains(&value) && {
        // Written the usual way: no more than three of a numeral in a row.
        !["cccc", "xxxx", "iiii", "vv", "ll"]
            .iter()
            .any(|run| word.contains(run))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, y: f32) -> Line {
        Line {
            text: text.to_owned(),
            x0: 72.0,
            x1: 300.0,
            y,
            size: 10.0,
            bold: false,
        }
    }

    fn page(header: &str, body: &[&str], footer: &str) -> PageLines {
        let mut lines = vec![line(header, 760.0)];
        for (index, text) in body.iter().enumerate() {
            lines.push(line(text, 700.0 - index as f32 * 12.0));
        }
        lines.push(line(footer, 40.0));
        PageLines {
            lines,
            height: 792.0,
        }
    }

    #[test]
    fn running_heads_and_page_numbers_go_and_the_body_stays() {
        let mut pages = vec![
            page(
                "Energy Review / Vol. 3 / 101",
                &["First page text.", "More text."],
                "Page 1 of 2",
            ),
            page(
                "Energy Review / Vol. 3 / 102",
                &["Second page text.", "Energy Review"],
                "2",
            ),
        ];
        remove_furniture(&mut pages);
        let texts: Vec<Vec<&str>> = pages
            .iter()
            .map(|page| page.lines.iter().map(|line| line.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            [
                vec!["First page text.", "More text."],
                vec!["Second page text.", "Energy Review"]
            ]
        );
    }

    #[test]
    fn margin_line_numbers_go_and_numbers_in_the_text_stay() {
        let mut lines = Vec::new();
        for row in 1..=6 {
            let y = 700.0 - row as f32 * 12.0;
            lines.push(Line {
                x0: 40.0,
                x1: 50.0,
                ..line(&row.to_string(), y)
            });
            lines.push(line("a line of the text of the page, long enough", y));
        }
        lines.push(line("1998", 600.0));
        let mut page = PageLines {
            lines,
            height: 792.0,
        };
        remove_line_numbers(&mut page);
        assert_eq!(page.lines.len(), 7);
        assert!(page.lines.iter().any(|line| line.text == "1998"));
        assert!(page.lines.iter().all(|line| line.x0 == 72.0));
    }

    #[test]
    fn slug_lines_numbered_in_roman_numerals_repeat() {
        assert_eq!(
            repeat_key("14773_00_i-xviii_r9jm.qxd 2/10/04 3:46 PM Page iv"),
            repeat_key("14773_00_i-xviii_r9jm.qxd 2/10/04 3:46 PM Page xii")
        );
        assert_ne!(repeat_key("CHAPTER II"), repeat_key("CHAPTER III"));
    }

    #[test]
    fn a_heading_at_the_top_of_two_pages_is_not_a_running_head() {
        let chapter = |number: &str, ordinal: &str, y: f32| PageLines {
            lines: vec![
                line(&format!("Chapter {number}"), y),
                line(&format!("Body text of the {ordinal} chapter."), 700.0),
                line(&format!("More of the {ordinal} chapter."), 100.0),
            ],
            height: 792.0,
        };
        let mut pages = vec![chapter("1", "first", 740.0), chapter("2", "second", 720.0)];
        remove_furniture(&mut pages);
        assert!(pages.iter().all(|page| page.lines.len() == 3));
    }

    #[test]
    fn a_line_at_the_edge_of_one_page_only_is_kept() {
        let mut pages = vec![page("A title once", &["Body."], "Closing words")];
        remove_furniture(&mut pages);
        assert_eq!(pages[0].lines.len(), 3);
    }

    #[test]
    fn page_numbers_are_recognised_and_words_are_not() {
        for number in [
            "12",
            "- 12 -",
            "[12]",
            "Page 12",
            "page 3 of 10",
            "12 / 40",
            "xiv",
        ] {
            assert!(is_page_number(number), "{number}");
        }
        for text in [
            "12 apples",
            "Chapter 3",
            "civil",
            "1998 Act",
            "mix",
            "vi vi vi",
        ] {
            assert!(!is_page_number(text), "{text}");
        }
    }
}
