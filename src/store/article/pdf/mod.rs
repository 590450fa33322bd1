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
//! Before the library reads, [`repair`] sets right, in memory, what it reads wrong (composite
//! fonts' width ranges, form XObjects' placement, forms that paint themselves) and
//! [`weight`] marks which fonts are bold; [`glyphs`] then collects the glyphs, page by page
//! when a page cannot be read.
//!
//! A PDF that needs a password, is damaged, or has pages but no text layer (a scan) is
//! refused with the reason. `pdf_extract` panics on some malformed files; that is caught
//! and reported as damage, never a crash.

mod furniture;
mod glyphs;
mod lines;
mod markers;
mod paragraphs;
mod reading_order;
mod repair;
mod weight;

use crate::model::BlockKind;
use furniture::PageLines;
use glyphs::{GlyphPage, pages};

/// A block of the article and the pages that start in it: (char offset in its text, 1-based
/// page), the page it starts on first.
pub(crate) type PagedBlock = (BlockKind, String, Vec<(usize, u32)>);

/// Why a PDF gives no article. The messages say, in the words, what the file is.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PdfProblem {
    #[error(
        "it is encrypted (protected by a password): open it in a PDF reader, save a copy \
         without the password (or print it to PDF), and open that"
    )]
    Encrypted,
    #[error(
        "it is damaged, not a readable PDF ({0}); if a PDF reader opens it, print it to a new \
         PDF and open that"
    )]
    Damaged(String),
    #[error(
        "it is image-only: its pages are pictures with no text layer (a scan); run text \
         recognition on it first (for example `ocrmypdf in.pdf out.pdf`) and open the result"
    )]
    ImageOnly,
    #[error("its text is all set sideways (rotated); Closeread reads upright text only")]
    Sideways,
    #[error("it has no text on any page")]
    Empty,
}

/// The blocks of a PDF, each with its page.
pub(crate) fn blocks(bytes: &[u8]) -> Result<Vec<PagedBlock>, PdfProblem> {
    let pages = pages(bytes, None)?;
    Ok(layout(pages, Furniture::LeaveOut))
}

/// [`blocks`] with the running headers, footers and page numbers kept, as other extractors
/// give them: for measuring the extraction itself against them.
pub(crate) fn blocks_with_furniture(bytes: &[u8]) -> Result<Vec<PagedBlock>, PdfProblem> {
    let pages = pages(bytes, None)?;
    Ok(layout(pages, Furniture::Keep))
}

/// Whether page furniture is left out of the text (always, but for measuring).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Furniture {
    LeaveOut,
    Keep,
}

/// The blocks of a PDF's first `pages` pages only: enough to find its title and authors
/// without laying out a whole book.
pub(crate) fn leading_blocks(bytes: &[u8], pages: u32) -> Result<Vec<PagedBlock>, PdfProblem> {
    let pages = self::pages(bytes, Some(pages))?;
    Ok(layout(pages, Furniture::LeaveOut))
}

/// From glyph pages to blocks (the steps in the module docs).
fn layout(pages: Vec<GlyphPage>, furniture: Furniture) -> Vec<PagedBlock> {
    let mut page_lines: Vec<PageLines> = pages
        .iter()
        .map(|page| PageLines {
            lines: lines::lines(&page.glyphs),
            height: page.height,
        })
        .collect();
    if furniture == Furniture::LeaveOut {
        furniture::remove_furniture(&mut page_lines);
    }
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
