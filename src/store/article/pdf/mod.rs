//! PDF articles: the text of each page in reading order, as blocks that know their page.
//!
//! The glyphs and their positions come from [`pdf_extract`] (pure Rust, on `lopdf`: fonts,
//! encodings and `ToUnicode` maps decoded, empty-password encryption undone). What a reader
//! sees as text is Closeread's own layout analysis on those positions:
//! 1. [`lines`]: glyphs into words and lines (ligatures and special spaces normalised; rotated
//!    text, such as a margin's vertical slug, left out);
//! 2. [`furniture`]: running headers, footers and page numbers left out;
//! 3. [`reading_order`]: columns, then down the page;
//! 4. [`paragraphs`]: paragraphs, headings, list items and footnotes; hyphenation undone.
//!
//! [`repair`] first sets right, in memory, two things the library reads wrong (composite
//! fonts' width ranges, and form XObjects' placement).
//!
//! A PDF that needs a password, is damaged, or has pages but no text layer (a scan) is
//! refused with the reason. `pdf_extract` panics on some malformed files; that is caught
//! and reported as damage, never a crash.

mod furniture;
mod lines;
mod paragraphs;
mod reading_order;
mod repair;

use crate::model::BlockKind;
use furniture::PageLines;
use lines::Glyph;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// A block of the article and the 1-based page it starts on.
pub(crate) type PagedBlock = (BlockKind, String, Option<u32>);

/// Why a PDF gives no article.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PdfProblem {
    /// Needs a password to open.
    Encrypted,
    /// Cannot be parsed; the reason from the parser.
    Damaged(String),
    /// Has pages with pictures but no text: a scan without a text layer.
    ImageOnly { pages: usize },
    /// Has no text and no pictures.
    Empty,
}

impl std::fmt::Display for PdfProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfProblem::Encrypted => f.write_str(
                "it is protected by a password: open it in a PDF reader, save a copy without the \
                 password (or print it to PDF), and open that",
            ),
            PdfProblem::Damaged(reason) => write!(
                f,
                "it is not a readable PDF ({reason}); if a PDF reader opens it, print it to a new \
                 PDF and open that"
            ),
            PdfProblem::ImageOnly { pages } => write!(
                f,
                "its {pages} page(s) are pictures with no text layer (a scan): run text \
                 recognition on it first (for example `ocrmypdf in.pdf out.pdf`) and open the result"
            ),
            PdfProblem::Empty => f.write_str("it has no text on any page"),
        }
    }
}

/// The blocks of a PDF, each with its page.
pub(crate) fn blocks(bytes: &[u8]) -> Result<Vec<PagedBlock>, PdfProblem> {
    let pages = pages(bytes, None)?;
    Ok(layout(pages))
}

/// The blocks of a PDF's first `pages` pages only: enough to find its title and authors
/// without laying out a whole book.
pub(crate) fn leading_blocks(bytes: &[u8], pages: u32) -> Result<Vec<PagedBlock>, PdfProblem> {
    let pages = self::pages(bytes, Some(pages))?;
    Ok(layout(pages))
}

/// From glyph pages to blocks (the steps in the module docs).
fn layout(pages: Vec<GlyphPage>) -> Vec<PagedBlock> {
    let mut page_lines: Vec<PageLines> = pages
        .iter()
        .map(|page| PageLines {
            lines: lines::lines(&page.glyphs),
            height: page.height,
        })
        .collect();
    furniture::remove_furniture(&mut page_lines);
    let ordered: Vec<(u32, Vec<lines::Line>)> = pages
        .iter()
        .zip(page_lines)
        .map(|(page, PageLines { lines, .. })| {
            let (lines, strays) = set_apart_overprints(lines);
            let order = reading_order::reading_order(&lines);
            let mut slots: Vec<Option<lines::Line>> = lines.into_iter().map(Some).collect();
            let mut ordered: Vec<lines::Line> = order
                .into_iter()
                .filter_map(|index| slots.get_mut(index).and_then(Option::take))
                .collect();
            ordered.extend(strays);
            (page.number, ordered)
        })
        .collect();
    paragraphs::classify(paragraphs::raw_blocks(&ordered))
}

/// Sets apart small lines painted over larger ones (a figure's labels laid over the text
/// column): they would break the paragraphs they overlap. They are read after the page's
/// other lines, top to bottom, as blocks of their own.
fn set_apart_overprints(lines: Vec<lines::Line>) -> (Vec<lines::Line>, Vec<lines::Line>) {
    let overprinted: Vec<bool> = lines
        .iter()
        .map(|small| {
            lines.iter().any(|large| {
                let width = small.x1.min(large.x1) - small.x0.max(large.x0);
                let height = small.top().min(large.top()) - small.bottom().max(large.bottom());
                large.size > small.size * 1.1
                    && width > 0.3 * (small.x1 - small.x0)
                    && height > 0.3 * (small.top() - small.bottom())
            })
        })
        .collect();
    let (strays, main): (Vec<_>, Vec<_>) = lines
        .into_iter()
        .zip(overprinted)
        .partition(|(_, overprinted)| *overprinted);
    let mut strays: Vec<lines::Line> = strays.into_iter().map(|(line, _)| line).collect();
    strays.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    (main.into_iter().map(|(line, _)| line).collect(), strays)
}

/// One page's upright glyphs in paint order.
struct GlyphPage {
    number: u32,
    height: f32,
    glyphs: Vec<Glyph>,
}

/// Every page's glyphs (or the first `limit` pages'), or why there are none.
fn pages(bytes: &[u8], limit: Option<u32>) -> Result<Vec<GlyphPage>, PdfProblem> {
    // The header may follow a little junk, within the first kilobyte.
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|window| window == b"%PDF-")
    {
        return Err(PdfProblem::Damaged(
            "it does not start with %PDF".to_owned(),
        ));
    }
    let mut document = caught(|| pdf_extract::Document::load_mem(bytes))?
        .map_err(|error| PdfProblem::Damaged(error.to_string()))?;
    if document.is_encrypted() && document.authenticate_password("").is_err() {
        return Err(PdfProblem::Encrypted);
    }
    let page_count = document.get_pages().len();
    if page_count == 0 {
        return Err(PdfProblem::Damaged("it has no pages".to_owned()));
    }
    repair::repair(&mut document);
    let mut collector = Collector::default();
    caught(|| match limit {
        None => pdf_extract::output_doc(&document, &mut collector),
        Some(limit) => (1..=limit.min(page_count as u32))
            .try_for_each(|page| pdf_extract::output_doc_page(&document, &mut collector, page)),
    })?
    .map_err(|error| PdfProblem::Damaged(error.to_string()))?;
    if collector.pages.iter().all(|page| page.glyphs.is_empty()) {
        let has_images = document.get_pages().values().any(|&page| {
            document
                .get_page_images(page)
                .is_ok_and(|images| !images.is_empty())
        });
        return Err(if has_images {
            PdfProblem::ImageOnly { pages: page_count }
        } else {
            PdfProblem::Empty
        });
    }
    Ok(collector.pages)
}

thread_local! {
    /// Set while this thread runs the PDF library, whose panics are reported, not printed.
    static READING_PDF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs the PDF library, turning a panic inside it into damage. The panic hook is wrapped once
/// so that such a panic prints nothing (the message says what went wrong); panics anywhere
/// else still reach the hook that was there before.
fn caught<T>(run: impl FnOnce() -> T) -> Result<T, PdfProblem> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING_PDF.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    READING_PDF.with(|reading| reading.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run));
    READING_PDF.with(|reading| reading.set(false));
    result.map_err(|panic| {
        let reason = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
            .unwrap_or_else(|| "the PDF reader gave up on it".to_owned());
        PdfProblem::Damaged(reason)
    })
}

/// Receives glyphs from `pdf_extract`, page by page.
#[derive(Default)]
struct Collector {
    pages: Vec<GlyphPage>,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(GlyphPage {
            number: page_num,
            height: (media_box.ury - media_box.lly).abs() as f32,
            glyphs: Vec::new(),
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // Upright text only: rotated or mirrored glyphs are margin slugs and figure labels.
        let upright = trm.m11 > 0.0
            && trm.m22 > 0.0
            && trm.m12.abs() < 0.05 * trm.m11
            && trm.m21.abs() < 0.05 * trm.m22;
        let size = font_size.abs() * (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        if !upright || !size.is_finite() || size < 0.5 {
            return Ok(());
        }
        if let Some(page) = self.pages.last_mut() {
            page.glyphs.push(Glyph {
                text: char.to_owned(),
                x: trm.m31 as f32,
                y: trm.m32 as f32,
                size: size as f32,
                advance: ((width * font_size + spacing) * trm.m11) as f32,
            });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
