//! The main content of an HTML page as blocks: the `<article>` (else `<main>`, else the
//! element with `role="main"`, else `<body>`), with headings, paragraphs, list items and block
//! quotes; scripts, styles, navigation, asides, forms and the page's own header and footer are
//! left out. Whitespace is collapsed as a browser would, except in `<pre>`.

use crate::model::BlockKind;
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

/// Elements whose content is never article text.
const SKIPPED_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "nav", "aside", "form", "button", "svg", "iframe", "template",
    "select", "textarea", "head", "title", "meta", "link", "img", "video", "audio", "canvas",
];
/// Roles whose content is page furniture.
const SKIPPED_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
];

/// Blocks of the page's main content, in order.
pub(crate) fn main_content_blocks(html: &str) -> Vec<(BlockKind, String)> {
    let page = Html::parse_document(html);
    // The candidate with the most text: a page may hold teaser <article>s in its navigation.
    let root = ["article", "main", "[role=main]", "body"]
        .iter()
        .filter_map(|selector| Selector::parse(selector).ok())
        .find_map(|selector| {
            page.select(&selector)
                .max_by_key(|element| element.text().map(str::len).sum::<usize>())
        });
    let mut walker = Walker {
        skip_header_footer: root.is_none_or(|root| root.value().name() == "body"),
        ..Walker::default()
    };
    match root {
        Some(root) => walker.walk(*root),
        None => walker.walk(page.tree.root()),
    }
    walker.flush();
    walker.blocks
}

#[derive(Default)]
struct Walker {
    blocks: Vec<(BlockKind, String)>,
    text: String,
    kind: Option<BlockKind>,
    /// One entry per open list: the next number of an ordered list, `None` for bullets.
    lists: Vec<Option<u64>>,
    quotes: usize,
    preformatted: usize,
    /// Outside an `<article>` or `<main>`, a `<header>`/`<footer>` is the site's, not the text's.
    skip_header_footer: bool,
    /// Current nesting depth of the walk.
    depth: usize,
}

/// Deepest element nesting walked recursively (real pages stay far below).
const MAX_DEPTH: usize = 256;

impl Walker {
    fn default_kind(&self) -> BlockKind {
        if self.quotes > 0 {
            BlockKind::BlockQuote
        } else {
            BlockKind::Paragraph
        }
    }

    fn flush(&mut self) {
        if self.text.trim().is_empty() {
            // Nothing to end; an open list item keeps its kind for the paragraph inside it.
            self.text.clear();
            return;
        }
        let text = std::mem::take(&mut self.text);
        let kind = self.kind.take().unwrap_or_else(|| self.default_kind());
        let cleaned: Vec<&str> = text.lines().map(str::trim).collect();
        let cleaned = cleaned.join("\n");
        if !cleaned.trim().is_empty() {
            self.blocks.push((kind, cleaned.trim().to_owned()));
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.preformatted > 0 {
            self.text.push_str(text);
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                if !self.text.is_empty() && !self.text.ends_with([' ', '\n']) {
                    self.text.push(' ');
                }
            } else {
                self.text.push(c);
            }
        }
    }

    fn walk_children(&mut self, node: NodeRef<'_, Node>) {
        if self.depth >= MAX_DEPTH {
            // Pathologically deep markup: keep its text, flat, without recursing further.
            for text in node
                .descendants()
                .filter_map(|descendant| descendant.value().as_text())
            {
                self.push_text(text);
            }
            return;
        }
        self.depth += 1;
        for child in node.children() {
            self.walk(child);
        }
        self.depth -= 1;
    }

    /// A block element: what came before it is its own block, its content another. A block
    /// with no kind of its own (a `<p>` in an `<li>`) takes the open one.
    fn block(&mut self, node: NodeRef<'_, Node>, kind: Option<BlockKind>) {
        self.flush();
        self.kind = kind.or(self.kind.take());
        self.walk_children(node);
        self.flush();
        self.kind = None;
    }

    fn walk(&mut self, node: NodeRef<'_, Node>) {
        match node.value() {
            Node::Text(text) => self.push_text(text),
            Node::Element(element) => {
                let name = element.name();
                let role = element.attr("role").unwrap_or_default();
                if SKIPPED_ELEMENTS.contains(&name)
                    || SKIPPED_ROLES.contains(&role)
                    || element.attr("hidden").is_some()
                    || element.attr("aria-hidden") == Some("true")
                    || (self.skip_header_footer && matches!(name, "header" | "footer"))
                {
                    return;
                }
                match name {
                    "br" => self.text.push('\n'),
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        let level = name[1..].parse().unwrap_or(1);
                        self.block(node, Some(BlockKind::Heading(level)));
                    }
                    "p" => self.block(node, None),
                    "li" => {
                        let marker = match self.lists.last_mut() {
                            Some(Some(number)) => {
                                let marker = format!("{number}.");
                                *number += 1;
                                marker
                            }
                            _ => "•".to_owned(),
                        };
                        let depth = self.lists.len().clamp(1, u8::MAX as usize) as u8;
                        self.block(node, Some(BlockKind::ListItem { depth, marker }));
                    }
                    "ul" | "ol" => {
                        self.flush();
                        let start = ElementRef::wrap(node)
                            .and_then(|list| list.value().attr("start"))
                            .and_then(|start| start.parse().ok())
                            .unwrap_or(1);
                        self.lists.push((name == "ol").then_some(start));
                        self.walk_children(node);
                        self.flush();
                        self.lists.pop();
                    }
                    "blockquote" => {
                        self.flush();
                        self.quotes += 1;
                        self.walk_children(node);
                        self.flush();
                        self.quotes -= 1;
                    }
                    "pre" => {
                        self.flush();
                        self.preformatted += 1;
                        self.walk_children(node);
                        self.flush();
                        self.preformatted -= 1;
                    }
                    "td" | "th" => {
                        self.walk_children(node);
                        self.push_text(" ");
                    }
                    "div" | "section" | "article" | "main" | "header" | "footer" | "figure"
                    | "figcaption" | "table" | "tr" | "dl" | "dt" | "dd" | "address" | "hr"
                    | "body" | "html" | "details" | "summary" => self.block(node, None),
                    _ => self.walk_children(node),
                }
            }
            Node::Document | Node::Fragment => self.walk_children(node),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_article_and_leaves_out_navigation_scripts_and_styles() {
        let page = r##"<!doctype html><html><head><title>T</title><style>p{}</style></head>
            <body><header><nav><a href="/">Home</a></nav></header>
            <article><h1>Breaking   point</h1>
            <p>First <em>para</em>,
               wrapped.<script>track()</script></p>
            <ul><li>one</li><li>two <a href="#">link</a></li></ul>
            <blockquote><p>Quoted.</p></blockquote>
            <div>Loose text<br>next line</div>
            <aside>Related stories</aside></article>
            <footer>© Site</footer></body></html>"##;
        let blocks = main_content_blocks(page);
        let expected = vec![
            (BlockKind::Heading(1), "Breaking point".to_owned()),
            (BlockKind::Paragraph, "First para, wrapped.".to_owned()),
            (
                BlockKind::ListItem {
                    depth: 1,
                    marker: "•".into(),
                },
                "one".to_owned(),
            ),
            (
                BlockKind::ListItem {
                    depth: 1,
                    marker: "•".into(),
                },
                "two link".to_owned(),
            ),
            (BlockKind::BlockQuote, "Quoted.".to_owned()),
            (BlockKind::Paragraph, "Loose text\nnext line".to_owned()),
        ];
        assert_eq!(blocks, expected);
    }

    #[test]
    fn list_items_holding_paragraphs_stay_list_items() {
        let blocks = main_content_blocks(
            "<article><ul><li><p>One</p></li><li><p>Two</p><p>more</p></li></ul></article>",
        );
        assert_eq!(
            blocks[0],
            (
                BlockKind::ListItem {
                    depth: 1,
                    marker: "•".into()
                },
                "One".to_owned()
            )
        );
        assert_eq!(
            blocks[1],
            (
                BlockKind::ListItem {
                    depth: 1,
                    marker: "•".into()
                },
                "Two".to_owned()
            )
        );
        assert_eq!(blocks.len(), 3);
    }

    #[test]
    fn the_biggest_article_wins_and_deep_nesting_does_not_overflow() {
        let page = "<nav><article><p>Teaser</p></article></nav><article><p>The real article text is longer.</p></article>";
        assert_eq!(
            main_content_blocks(page)[0].1,
            "The real article text is longer."
        );
        let deep = format!(
            "<body>{}deep text{}</body>",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        let blocks = main_content_blocks(&deep);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].1, "deep text");
    }

    #[test]
    fn without_an_article_element_the_body_minus_its_header_and_footer_is_used() {
        let page = "<body><header><h1>Site</h1></header><h2>Title</h2><p>Text</p><footer>x</footer></body>";
        let blocks = main_content_blocks(page);
        assert_eq!(
            blocks,
            vec![
                (BlockKind::Heading(2), "Title".to_owned()),
                (BlockKind::Paragraph, "Text".to_owned())
            ]
        );
    }
}
