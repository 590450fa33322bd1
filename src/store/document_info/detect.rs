//! Finding an article's document information in the article itself.
//!
//! - HTML: Open Graph and `<meta>` tags (`og:title`, `og:site_name`, `author`,
//!   `article:author`, `article:published_time`, `date`, `citation_*`, `dc.*`), `<title>`,
//!   `<time datetime>`, the canonical link; else the first `<h1>` and a date near the top.
//! - Markdown: YAML-style front matter (`title:`, `author:`/`authors:`, `date:`,
//!   `publication:`, `url:`), `**Key:** value` lines near the top (CRS style), else the first
//!   heading.
//! - Plain text: a best guess from the lines before the body. The title is the first line that
//!   reads like one (3–30 words, one sentence, no full stop: a site's "Ideas. Action. Impact."
//!   banner is not); the author is a short line of 2–4 capitalised words (or "By …") just after
//!   it; the date is the first line holding a date.
//!
//! A guess, never an error: what is not found stays empty for the analyst to fill in.

use super::dates::{find_date_in, normalise_date, parse_date};
use super::{DocumentInfo, split_authors};
use crate::store::ArticleFormat;
use std::path::Path;

/// How many lines from the top the plain-text and Markdown guesses look at.
const HEADER_LINES: usize = 20;

/// The document information found in an article's text as written (`raw_text`: HTML with its
/// tags, Markdown with its front matter). `article_path` is a last resort for the title.
pub fn detect(article_path: &Path, raw_text: &str, format: ArticleFormat) -> DocumentInfo {
    let raw_text = raw_text.trim_start_matches('\u{feff}');
    let mut info = match format {
        ArticleFormat::Html => detect_html(raw_text),
        ArticleFormat::Markdown => detect_markdown(raw_text),
        // A package is given as its text as read.
        ArticleFormat::PlainText
        | ArticleFormat::Docx
        | ArticleFormat::Odt
        | ArticleFormat::Pdf => detect_text(raw_text.lines()),
    };
    if info.title.is_empty()
        && let Some(stem) = article_path.file_stem()
    {
        info.title = stem.to_string_lossy().replace(['-', '_'], " ");
    }
    info
}

fn detect_html(html: &str) -> DocumentInfo {
    use scraper::{ElementRef, Html};
    let page = Html::parse_document(html);
    let mut info = DocumentInfo::default();
    let (mut og_title, mut page_title, mut first_h1) = (None, None, None);
    let (mut og_url, mut canonical) = (None, None);
    let mut dates: Vec<String> = Vec::new();
    let text_of = |element: ElementRef<'_>| {
        element
            .text()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    for element in page
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let value = element.value();
        match value.name() {
            "meta" => {
                let key = value
                    .attr("property")
                    .or_else(|| value.attr("name"))
                    .or_else(|| value.attr("itemprop"))
                    .unwrap_or_default()
                    .to_lowercase();
                let content = value.attr("content").unwrap_or_default().trim().to_owned();
                if content.is_empty() {
                    continue;
                }
                match key.as_str() {
                    "og:title" | "twitter:title" | "citation_title" | "dc.title" => {
                        og_title.get_or_insert(content);
                    }
                    "og:site_name" | "citation_journal_title" | "publisher" | "dc.publisher"
                        if info.publication.is_empty() =>
                    {
                        info.publication = content
                    }
                    "author" | "article:author" | "citation_author" | "dc.creator"
                    | "parsely-author" | "sailthru.author"
                    // `article:author` is often a profile URL, not a name.
                        if !content.starts_with("http") && !info.authors.contains(&content) =>
                    {
                        info.authors.extend(split_authors(&content));
                    }
                    "article:published_time"
                    | "date"
                    | "citation_publication_date"
                    | "citation_date"
                    | "dc.date"
                    | "datepublished"
                    | "pubdate" => dates.push(content),
                    "og:url" => {
                        og_url.get_or_insert(content);
                    }
                    _ => {}
                }
            }
            "title" if page_title.is_none() => page_title = Some(text_of(element)),
            "h1" if first_h1.is_none() => first_h1 = Some(text_of(element)),
            "time" => dates.extend(value.attr("datetime").map(str::to_owned)),
            "link"
                if value
                    .attr("rel")
                    .is_some_and(|rel| rel.contains("canonical")) =>
            {
                canonical = canonical.or(value.attr("href").map(str::to_owned));
            }
            _ => {}
        }
    }
    info.title = og_title
        .or_else(|| page_title.map(|title| strip_site_name(&title, &info.publication)))
        .filter(|title| !title.is_empty())
        .or(first_h1)
        .unwrap_or_default();
    info.url = canonical.or(og_url).unwrap_or_default();
    info.date = dates
        .iter()
        .find_map(|date| parse_date(date).map(|date| date.format("%Y-%m-%d").to_string()));
    if info.date.is_none() {
        // A report without meta tags: a date near the top of the page's text.
        let text: String = page.root_element().text().collect::<String>();
        info.date = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && line.chars().count() < 120)
            .take(HEADER_LINES)
            .find_map(find_date_in)
            .map(|date| date.format("%Y-%m-%d").to_string());
    }
    info
}

/// "Title | Site" → "Title" when the site is known.
fn strip_site_name(title: &str, site: &str) -> String {
    let title = title.trim();
    if site.is_empty() {
        return title.to_owned();
    }
    for separator in [" | ", " - ", " — ", " – ", " :: "] {
        if let Some(stripped) = title.strip_suffix(&format!("{separator}{site}")) {
            return stripped.trim().to_owned();
        }
    }
    title.to_owned()
}

fn detect_markdown(text: &str) -> DocumentInfo {
    let (front, body) = split_front_matter(text);
    let mut info = DocumentInfo::default();
    if let Some(front) = front {
        read_front_matter(front, &mut info);
    }
    let header: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take(HEADER_LINES)
        .collect();
    // `**Author(s):** Kerr, Paul K.` and the like, as CRS reports start.
    for line in &header {
        let Some((key, value)) = bold_key_value(line) else {
            continue;
        };
        let value = value.trim();
        match key.to_lowercase().trim_end_matches("(s)") {
            "author" | "authors" | "by" if info.authors.is_empty() => {
                info.authors = split_authors(value)
            }
            "date" | "publication date" | "published" | "updated" if info.date.is_none() => {
                info.date = Some(normalise_date(value))
            }
            "source" | "url" | "link" if info.url.is_empty() && value.starts_with("http") => {
                info.url = value.to_owned()
            }
            "publication" | "publisher" | "published by" if info.publication.is_empty() => {
                info.publication = value.to_owned()
            }
            _ => {}
        }
    }
    if info.title.is_empty() {
        info.title = first_heading(body).unwrap_or_default();
    }
    let guess = detect_text(body.lines().filter(|line| bold_key_value(line).is_none()));
    if info.title.is_empty() {
        info.title = guess.title;
    }
    if info.authors.is_empty() {
        info.authors = guess.authors;
    }
    if info.date.is_none() {
        info.date = guess.date;
    }
    info
}

/// The front matter between `---` lines at the very start, and the rest.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (None, text);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            return (Some(&rest[..offset]), &rest[offset + line.len()..]);
        }
        offset += line.len();
    }
    (None, text)
}

fn read_front_matter(front: &str, info: &mut DocumentInfo) {
    let unquote = |value: &str| {
        let value = value.trim();
        value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value)
            .to_owned()
    };
    let mut list_key: Option<String> = None;
    for line in front.lines() {
        if let Some(item) = line.trim_start().strip_prefix("- ")
            && line.starts_with([' ', '-'])
            && list_key
                .as_deref()
                .is_some_and(|key| key.starts_with("author"))
        {
            info.authors.push(unquote(item));
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if key.starts_with(' ') {
            continue;
        }
        let key = key.trim().to_lowercase();
        let value = value.trim();
        list_key = value.is_empty().then(|| key.clone());
        match key.as_str() {
            "title" => info.title = unquote(value),
            "author" | "authors" if !value.is_empty() => {
                let inner = value.trim_start_matches('[').trim_end_matches(']');
                info.authors =
                    split_authors(&inner.split(',').map(unquote).collect::<Vec<_>>().join("; "));
            }
            "date" if !value.is_empty() => info.date = Some(normalise_date(&unquote(value))),
            "publication" | "publisher" | "site" => info.publication = unquote(value),
            "url" | "source_url" | "canonical" => info.url = unquote(value),
            _ => {}
        }
    }
}

/// `**Key:** value` (or `**Key**: value`) → (key, value).
fn bold_key_value(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim().strip_prefix("**")?;
    let (key, value) = rest.split_once("**")?;
    let key = key.trim().trim_end_matches(':');
    let value = value.trim_start_matches(':');
    (!key.is_empty() && key.len() < 40).then_some((key, value))
}

/// The first ATX (`# Title`) or setext (`Title` over `===`) heading.
fn first_heading(body: &str) -> Option<String> {
    let lines: Vec<&str> = body.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix('#') {
            let heading = heading.trim_start_matches('#');
            if heading.starts_with(' ') {
                return Some(heading.trim().trim_end_matches('#').trim().to_owned());
            }
        }
        if !trimmed.is_empty()
            && let Some(next) = lines.get(index + 1)
            && next.trim().len() >= 3
            && next.trim().chars().all(|c| c == '=')
        {
            return Some(trimmed.to_owned());
        }
    }
    None
}

/// The plain-text guess over the first lines.
fn detect_text<'a>(lines: impl Iterator<Item = &'a str>) -> DocumentInfo {
    let header: Vec<&str> = lines
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take_while(|line| !is_body_line(line))
        .take(HEADER_LINES)
        .collect();
    let mut info = DocumentInfo::default();
    let title_at = header.iter().position(|line| is_title_like(line));
    if let Some(at) = title_at {
        info.title = header[at].trim_start_matches('#').trim().to_owned();
    }
    let after_title = title_at.map_or(0, |at| at + 1);
    let by_line = header.iter().find_map(|line| {
        line.strip_prefix("By ")
            .or_else(|| line.strip_prefix("by "))
            .filter(|rest| is_name_list(rest))
    });
    let next_to_title = header
        .iter()
        .skip(after_title)
        .take(3)
        .find(|line| is_name_list(line))
        .copied();
    if let Some(names) = by_line.or(next_to_title.filter(|_| title_at.is_some())) {
        info.authors = split_authors(names);
    }
    info.date = header
        .iter()
        .filter(|line| line.chars().count() < 80)
        .find_map(|line| find_date_in(line))
        .map(|date| date.format("%Y-%m-%d").to_string());
    info
}

/// The article's text has begun: a long line or a sentence of many words.
fn is_body_line(line: &str) -> bool {
    let words = line.split_whitespace().count();
    line.chars().count() > 250 || (words > 30 && line.ends_with(['.', '?', '!', '”', '"']))
}

fn is_title_like(line: &str) -> bool {
    let line = line.trim_start_matches('#').trim();
    let words = line.split_whitespace().count();
    let chars = line.chars().count();
    // "Ideas. Action. Impact." is a banner: several sentences.
    let sentences = line.matches(". ").count();
    (3..=30).contains(&words)
        && (10..=200).contains(&chars)
        && sentences == 0
        && !line.ends_with('.')
        && parse_date(line).is_none()
        && !line.starts_with(['*', '(', '['])
}

/// "Mehdi Khalaji", "Jane Doe and John Roe", "Paul K. Kerr": 2–4 capitalised words a name.
fn is_name_list(line: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "de", "van", "von", "der", "bin", "al", "da", "du", "la", "le",
    ];
    let line = line.trim();
    // Sentences end with a full stop; names rarely do (but "Jr.").
    if line.chars().count() > 80
        || line.contains([':', '|'])
        || (line.ends_with('.') && !line.ends_with(" Jr."))
    {
        return false;
    }
    line.split([',', ';'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .all(|name| {
            let words: Vec<&str> = name.split_whitespace().collect();
            (2..=4).contains(&words.len())
                && words.iter().all(|word| {
                    PARTICLES.contains(&word.to_lowercase().as_str())
                        || (word.chars().next().is_some_and(char::is_uppercase)
                            && word
                                .chars()
                                .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’')))
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../../assets/articles/khamenei-breaking-point.txt");

    fn text(raw: &str) -> DocumentInfo {
        detect(Path::new("a.txt"), raw, ArticleFormat::PlainText)
    }

    #[test]
    fn the_samples_title_author_and_date_are_found_past_the_site_banner() {
        let info = text(SAMPLE);
        assert_eq!(
            info.title,
            "Khamenei’s Breaking Point: How to Get Iran Back to the Negotiating Table"
        );
        assert_eq!(info.authors, ["Mehdi Khalaji"]);
        assert_eq!(info.date.as_deref(), Some("2019-05-02"));
    }

    #[test]
    fn plain_text_with_a_by_line_and_no_banner() {
        let info =
            text("The Case for Patience in Tehran\nBy Jane Doe and Zoë Roe\n3 March 2021\n\nBody.");
        assert_eq!(info.title, "The Case for Patience in Tehran");
        assert_eq!(info.authors, ["Jane Doe", "Zoë Roe"]);
        assert_eq!(info.date.as_deref(), Some("2021-03-03"));
        // Two capitalised words before any title are not taken for an author.
        let info = text("Other Pages\nPolicy Analysis\n\nJust one body line that is short.");
        assert!(info.authors.is_empty(), "{info:?}");
    }

    #[test]
    fn markdown_front_matter_wins_then_key_lines_then_the_first_heading() {
        let front = "---\ntitle: \"Remarks on Finance\"\ndate: 2019-09-13T12:52:26-04:00\nauthors:\n  - Jane Doe\n  - John Roe\nurl: /news/sm776\n---\n# Another heading\n\nBody.";
        let info = detect(Path::new("a.md"), front, ArticleFormat::Markdown);
        assert_eq!(info.title, "Remarks on Finance");
        assert_eq!(info.date.as_deref(), Some("2019-09-13"));
        assert_eq!(info.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(info.url, "/news/sm776");
        let crs = "# Iran and Nuclear Weapons Production\n\n**Publication Date:** 04/19/2026\n**Author(s):** Kerr, Paul K.\n**Source:** https://www.congress.gov/crs-product/IF12106\n\n---\n\nBackground";
        let info = detect(Path::new("a.md"), crs, ArticleFormat::Markdown);
        assert_eq!(info.title, "Iran and Nuclear Weapons Production");
        assert_eq!(info.authors, ["Kerr, Paul K."]);
        assert_eq!(info.date.as_deref(), Some("2026-04-19"));
        assert_eq!(info.url, "https://www.congress.gov/crs-product/IF12106");
    }

    #[test]
    fn html_meta_tags_and_their_fallbacks() {
        let page = r#"<html><head><title>The Title | Example Review</title>
            <meta property="og:site_name" content="Example Review">
            <meta name="author" content="Jane Doe">
            <meta property="article:author" content="https://example.org/jane">
            <meta property="article:published_time" content="2024-02-29T08:00:00Z">
            <link rel="canonical" href="https://example.org/the-title">
            </head><body><h1>Headline</h1><p>Text.</p></body></html>"#;
        let info = detect(Path::new("a.html"), page, ArticleFormat::Html);
        assert_eq!(info.title, "The Title");
        assert_eq!(info.publication, "Example Review");
        assert_eq!(info.authors, ["Jane Doe"]);
        assert_eq!(info.date.as_deref(), Some("2024-02-29"));
        assert_eq!(info.url, "https://example.org/the-title");
        let bare = "<div><h1>U.S. Conflict with Iran</h1><div>Updated September 18, 2026\n (R48887)</div><p>Body.</p></div>";
        let info = detect(Path::new("r.html"), bare, ArticleFormat::Html);
        assert_eq!(info.title, "U.S. Conflict with Iran");
        assert_eq!(info.date.as_deref(), Some("2026-09-18"));
        let og = r#"<meta property="og:title" content="OG &amp; Title"><time datetime="2020-01-02">x</time>"#;
        let info = detect(Path::new("o.html"), og, ArticleFormat::Html);
        assert_eq!(info.title, "OG & Title");
        assert_eq!(info.date.as_deref(), Some("2020-01-02"));
    }

    #[test]
    fn nothing_found_falls_back_to_the_file_name() {
        let info = detect(
            Path::new("dir/my-notes_2.txt"),
            "x\n\ny",
            ArticleFormat::PlainText,
        );
        assert_eq!(info.title, "my notes 2");
        assert!(info.authors.is_empty() && info.date.is_none());
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_a_guess_without_panicking(text in "(\\PC{0,40}\n){0,12}") {
            for format in [ArticleFormat::PlainText, ArticleFormat::Markdown, ArticleFormat::Html] {
                let info = detect(Path::new("essay.txt"), &text, format);
                proptest::prop_assert!(!info.title.is_empty(), "a title, if only the file's");
                if let Some(date) = &info.date {
                    proptest::prop_assert!(!date.is_empty());
                }
            }
        }
    }
}
