//! Rendering Markdown to blocks: headings, paragraphs, list items (with their markers), block
//! quotes and code blocks. Emphasis is dropped to plain text and links keep their text, so the
//! canonical text reads as the rendered article does. Front matter (`---` YAML or `+++` TOML
//! at the top, as Hugo, Jekyll and Pandoc write it) is the document's metadata, read by
//! [`crate::store::document_info`], not text to read.

use crate::model::BlockKind;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// Blocks of a Markdown document, in order.
pub(crate) fn render_blocks(markdown: &str) -> Vec<(BlockKind, String)> {
    let mut builder = BlockBuilder::default();
    let options = pulldown_cmark::Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | pulldown_cmark::Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut in_metadata = false;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            _ if in_metadata => {}
            event => builder.event(event),
        }
    }
    builder.flush();
    builder.blocks
}

#[derive(Default)]
struct BlockBuilder {
    blocks: Vec<(BlockKind, String)>,
    current: Option<(BlockKind, String)>,
    /// One entry per open list: the next number of an ordered list, `None` for bullets.
    lists: Vec<Option<u64>>,
    /// Depth of open list items, and of open block quotes.
    items: usize,
    quotes: usize,
}

impl BlockBuilder {
    fn flush(&mut self) {
        if let Some((kind, text)) = self.current.take()
            && !text.trim().is_empty()
        {
            self.blocks.push((kind, text));
        }
    }

    fn start(&mut self, kind: BlockKind) {
        self.flush();
        self.current = Some((kind, String::new()));
    }

    /// The kind of a paragraph opened here: a continuation inside a list item or a quote.
    fn paragraph_kind(&self) -> BlockKind {
        if self.items > 0 {
            BlockKind::ListItem {
                depth: self.lists.len().min(u8::MAX as usize) as u8,
                marker: String::new(),
            }
        } else if self.quotes > 0 {
            BlockKind::BlockQuote
        } else {
            BlockKind::Paragraph
        }
    }

    fn push_text(&mut self, text: &str) {
        let kind = self.paragraph_kind();
        let (_, current) = self.current.get_or_insert_with(|| (kind, String::new()));
        current.push_str(text);
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.start(BlockKind::Heading(heading_level(level)))
            }
            Event::Start(Tag::Paragraph) => {
                let fresh_item = matches!(
                    &self.current,
                    Some((BlockKind::ListItem { .. }, text)) if text.trim().is_empty()
                );
                if !fresh_item {
                    self.start(self.paragraph_kind());
                }
            }
            Event::Start(Tag::CodeBlock(_)) => self.start(self.paragraph_kind()),
            Event::Start(Tag::List(first_number)) => {
                self.flush();
                self.lists.push(first_number);
            }
            Event::End(TagEnd::List(_)) => {
                self.flush();
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                let marker = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        let marker = format!("{number}.");
                        *number += 1;
                        marker
                    }
                    _ => "•".to_owned(),
                };
                self.items += 1;
                let depth = self.lists.len().min(u8::MAX as usize) as u8;
                self.start(BlockKind::ListItem { depth, marker });
            }
            Event::End(TagEnd::Item) => {
                self.flush();
                self.items = self.items.saturating_sub(1);
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.flush();
                self.quotes += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.flush();
                self.quotes = self.quotes.saturating_sub(1);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock) => self.flush(),
            Event::Text(text) | Event::Code(text) => self.push_text(&text),
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.push_text("\n"),
            Event::Rule => self.flush(),
            // Raw HTML, footnotes, math and the like are not part of the readable text.
            _ => {}
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_headings_paragraphs_lists_quotes_and_inline_markup() {
        let markdown = "# Breaking *point*\n\nFirst line\nsame paragraph with [a link](https://x.org) and `code`.\n\n\
                        1. one\n2. two\n   - nested\n\n> Quoted **words**\n\n## Next\n\nEnd.";
        let blocks = render_blocks(markdown);
        let expected = vec![
            (BlockKind::Heading(1), "Breaking point".to_owned()),
            (
                BlockKind::Paragraph,
                "First line same paragraph with a link and code.".to_owned(),
            ),
            (
                BlockKind::ListItem {
                    depth: 1,
                    marker: "1.".into(),
                },
                "one".to_owned(),
            ),
            (
                BlockKind::ListItem {
                    depth: 1,
                    marker: "2.".into(),
                },
                "two".to_owned(),
            ),
            (
                BlockKind::ListItem {
                    depth: 2,
                    marker: "•".into(),
                },
                "nested".to_owned(),
            ),
            (BlockKind::BlockQuote, "Quoted words".to_owned()),
            (BlockKind::Heading(2), "Next".to_owned()),
            (BlockKind::Paragraph, "End.".to_owned()),
        ];
        assert_eq!(blocks, expected);
    }

    #[test]
    fn front_matter_is_not_text_but_a_rule_later_is() {
        for front in [
            "---\ntitle: A speech\ndate: 2017-10-16\n---\n",
            "+++\r\ntitle = \"A speech\"\r\n+++\r\n",
        ] {
            let blocks = render_blocks(&format!(
                "{front}*As delivered*\n\nThank you.\n\n---\n\nEnd."
            ));
            let texts: Vec<&str> = blocks.iter().map(|(_, text)| text.as_str()).collect();
            assert_eq!(texts, ["As delivered", "Thank you.", "End."], "{front:?}");
        }
    }
}
