//! Reading a PDF's glyphs with `pdf-extract`: each page's upright glyphs, in paint order,
//! with their positions and sizes, or why there are none.
//!
//! The library panics on some malformed files and stops at the first page it cannot read.
//! Its panics are caught (and kept off the terminal), and when the whole document cannot be
//! read at once it is read page by page, so that one bad page costs that page, not the
//! article. Glyphs far outside the page (a malformed position) are dropped, so that layout
//! never sees a line a billion points wide.

use super::PdfProblem;
use super::lines::Glyph;
use super::repair;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// How far outside its page a glyph may sit and still be read (bleed, crop marks).
const PAGE_SLACK: f64 = 72.0;

/// One page's upright glyphs in paint order.
pub(super) struct GlyphPage {
    pub number: u32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
}

/// Every page's glyphs (or the first `limit` pages'), or why there are none.
pub(super) fn pages(bytes: &[u8], limit: Option<u32>) -> Result<Vec<GlyphPage>, PdfProblem> {
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
    let page_count = u32::try_from(document.get_pages().len()).unwrap_or(u32::MAX);
    if page_count == 0 {
        return Err(PdfProblem::Damaged("it has no pages".to_owned()));
    }
    repair::repair(&mut document);
    let last = limit.map_or(page_count, |limit| limit.min(page_count));
    let mut collector = Collector::default();
    let read_whole = limit.is_none()
        && matches!(
            caught(|| pdf_extract::output_doc(&document, &mut collector)),
            Ok(Ok(()))
        );
    if !read_whole {
        // Page by page: what reads is kept.
        collector = Collector::default();
        let mut first_problem = None;
        for number in 1..=last {
            let mut page = Collector::default();
            match caught(|| pdf_extract::output_doc_page(&document, &mut page, number)) {
                Ok(Ok(())) => {}
                Ok(Err(error)) => {
                    first_problem.get_or_insert_with(|| format!("page {number}: {error}"));
                }
                Err(problem) => {
                    first_problem.get_or_insert_with(|| format!("page {number}: {problem}"));
                }
            }
            collector.sideways += page.sideways;
            collector.pages.extend(page.pages);
        }
        if collector.pages.iter().all(|page| page.glyphs.is_empty())
            && let Some(problem) = first_problem
        {
            return Err(PdfProblem::Damaged(problem));
        }
    }
    if collector.pages.iter().all(|page| page.glyphs.is_empty()) {
        let has_images = document.get_pages().values().any(|&page| {
            document
                .get_page_images(page)
                .is_ok_and(|images| !images.is_empty())
        });
        return Err(if collector.sideways > 0 {
            PdfProblem::Sideways
        } else if has_images {
            PdfProblem::ImageOnly
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
    /// The page being read, as (left, bottom, right, top).
    page_box: (f64, f64, f64, f64),
    /// Glyphs left out because they are rotated.
    sideways: usize,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        let (left, right) = (
            media_box.llx.min(media_box.urx),
            media_box.llx.max(media_box.urx),
        );
        let (bottom, top) = (
            media_box.lly.min(media_box.ury),
            media_box.lly.max(media_box.ury),
        );
        self.page_box = (left, bottom, right, top);
        self.pages.push(GlyphPage {
            number: page_num,
            height: (top - bottom) as f32,
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
        if !upright {
            self.sideways += 1;
            return Ok(());
        }
        let (left, bottom, right, top) = self.page_box;
        let on_page = (left - PAGE_SLACK..=right + PAGE_SLACK).contains(&trm.m31)
            && (bottom - PAGE_SLACK..=top + PAGE_SLACK).contains(&trm.m32);
        let advance = (width * font_size + spacing) * trm.m11;
        if !on_page || !(0.5..=1000.0).contains(&size) || !advance.is_finite() {
            return Ok(());
        }
        if let Some(page) = self.pages.last_mut() {
            page.glyphs.push(Glyph {
                text: char.to_owned(),
                x: trm.m31 as f32,
                y: trm.m32 as f32,
                size: size as f32,
                advance: advance.clamp(-1000.0, 1000.0) as f32,
                bold: super::weight::is_bold(font_size),
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
