//! Reading an article file into its canonical [`Document`].
//!
//! Formats, chosen by extension: plain text (`.txt`, `.text`, or anything else that decodes as
//! text), Markdown (`.md`, `.markdown`: rendered, see [`markdown`]) and HTML (`.html`, `.htm`:
//! the main content, see [`html`]), Word (`.docx`, see [`docx`]), OpenDocument text (`.odt`,
//! see [`odt`]) and PDF (`.pdf`: the text layer in reading order, each block with its page,
//! see [`pdf`]). Text is decoded by [`decode`]: UTF-8, UTF-16 with a BOM, or
//! a detected legacy encoding such as Windows-1252, reported so the window can show it.
//!
//! Refused with a message that names the file: files over [`MAX_ARTICLE_BYTES`], empty files,
//! binary files, formats Closeread does not read (`.doc`, `.rtf`, …), pages with no text, and
//! PDFs that are encrypted, damaged or scanned without a text layer.

mod decode;
mod docx;
mod html;
mod markdown;
mod odt;
mod pdf;

use crate::model::Document;
use std::path::{Path, PathBuf};

/// Largest article accepted: 64 MiB, far beyond a book, well within memory.
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

/// Extensions of the files Closeread reads as articles (for file dialogs and adding a folder
/// to a project).
pub const ARTICLE_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "mdown", "html", "htm", "xhtml", "docx", "odt", "pdf",
];

/// PDF pages read to find an article's document information.
const DOCUMENT_INFO_PAGES: u32 = 3;

/// Extensions of formats that are not text and that Closeread does not convert.
const UNSUPPORTED_EXTENSIONS: &[&str] = &[
    "doc", "rtf", "epub", "mobi", "pages", "xls", "xlsx", "ppt", "pptx", "png", "jpg", "jpeg",
    "gif", "webp", "zip", "gz",
];

/// How an article file was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticleFormat {
    PlainText,
    Markdown,
    Html,
    /// A Word document (`.docx`).
    Docx,
    /// An OpenDocument text (`.odt`).
    Odt,
    /// A PDF's text layer.
    Pdf,
}

impl ArticleFormat {
    pub fn name(self) -> &'static str {
        match self {
            ArticleFormat::PlainText => "plain text",
            ArticleFormat::Markdown => "Markdown",
            ArticleFormat::Html => "HTML",
            ArticleFormat::Docx => "Word",
            ArticleFormat::Odt => "OpenDocument",
            ArticleFormat::Pdf => "PDF",
        }
    }

    /// The format's name for scripts (`closeread text --format json`).
    pub fn id(self) -> &'static str {
        match self {
            ArticleFormat::PlainText => "text",
            ArticleFormat::Markdown => "markdown",
            ArticleFormat::Html => "html",
            ArticleFormat::Docx => "docx",
            ArticleFormat::Odt => "odt",
            ArticleFormat::Pdf => "pdf",
        }
    }

    /// Not text: a ZIP package of parts (Word) or a PDF, read by its own reader.
    pub fn is_package(self) -> bool {
        matches!(
            self,
            ArticleFormat::Docx | ArticleFormat::Odt | ArticleFormat::Pdf
        )
    }
}

/// An article read from disk.
#[derive(Clone, Debug)]
pub struct Article {
    pub document: Document,
    pub format: ArticleFormat,
    /// The text encoding the file was read in, e.g. "UTF-8", "UTF-16LE", "windows-1252".
    pub encoding: &'static str,
    /// True when the encoding was guessed from the bytes (no BOM, not valid UTF-8).
    pub encoding_detected: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error("cannot read article {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("article {path} is empty: choose the file that holds the text")]
    Empty { path: PathBuf },
    #[error(
        "article {path} is {} MB; Closeread opens articles of up to {} MB: split it into parts (chapters, say) and open one at a time",
        size / (1024 * 1024),
        limit / (1024 * 1024)
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error(
        "article {path} looks like a binary file, not text: save it as plain text (.txt), Markdown (.md) or HTML (.html) and open that"
    )]
    Binary { path: PathBuf },
    #[error(
        "article {path} is a .{extension} file, which Closeread cannot read; save it as Word (.docx), PDF (.pdf), plain text (.txt), Markdown (.md) or HTML (.html)"
    )]
    UnsupportedFormat { path: PathBuf, extension: String },
    #[error(
        "article {path} has no readable text ({reason}): if it is a web page, save the page's text, or the page \"as HTML\" from its article view"
    )]
    NoText { path: PathBuf, reason: &'static str },
    #[error("article {path} cannot be read: {reason}")]
    Damaged { path: PathBuf, reason: String },
}

/// The format an article is read as, from its extension.
pub(crate) fn format_of(path: &Path) -> Result<ArticleFormat, ArticleError> {
    let extension = path
        .extension()
        .map(|extension| extension.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "md" | "markdown" | "mdown" => Ok(ArticleFormat::Markdown),
        "html" | "htm" | "xhtml" => Ok(ArticleFormat::Html),
        "docx" => Ok(ArticleFormat::Docx),
        "odt" => Ok(ArticleFormat::Odt),
        "pdf" => Ok(ArticleFormat::Pdf),
        other if UNSUPPORTED_EXTENSIONS.contains(&other) => Err(ArticleError::UnsupportedFormat {
            path: path.to_owned(),
            extension: other.to_owned(),
        }),
        _ => Ok(ArticleFormat::PlainText),
    }
}

/// Reads, decodes, renders and canonicalises an article.
pub fn read_article(path: &Path) -> Result<Article, ArticleError> {
    let (bytes, format) = read_article_bytes(path)?;
    article_from_bytes(bytes, format, path)
}

/// An article file's bytes and its format: refused before reading if the format is not one
/// Closeread reads or the file is over [`MAX_ARTICLE_BYTES`].
fn read_article_bytes(path: &Path) -> Result<(Vec<u8>, ArticleFormat), ArticleError> {
    let format = format_of(path)?;
    let io_error = |source| ArticleError::Io {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size > MAX_ARTICLE_BYTES {
        return Err(ArticleError::TooLarge {
            path: path.to_owned(),
            size,
            limit: MAX_ARTICLE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    Ok((bytes, format))
}

/// An article file's text as written (decoded, not rendered: HTML tags and Markdown front
/// matter kept) and its format, for reading its document information.
pub(crate) fn read_article_source(path: &Path) -> Result<(String, ArticleFormat), ArticleError> {
    let (bytes, format) = read_article_bytes(path)?;
    if format == ArticleFormat::Pdf {
        // The title and authors are on the first pages; a book is not laid out for them.
        // Blank or scanned first pages: the whole article, as it opens.
        let blocks = pdf::leading_blocks(&bytes, DOCUMENT_INFO_PAGES)
            .ok()
            .filter(|blocks| !blocks.is_empty())
            .map_or_else(|| pdf::blocks(&bytes), Ok)
            .map_err(|problem| ArticleError::Damaged {
                path: path.to_owned(),
                reason: problem.to_string(),
            })?;
        let document = Document::from_paged_blocks(blocks);
        return Ok((document.text().to_owned(), ArticleFormat::PlainText));
    }
    if format.is_package() {
        // Not text as written: its document information is found in the text as read.
        let article = article_from_bytes(bytes, format, path)?;
        return Ok((article.document.text().to_owned(), ArticleFormat::PlainText));
    }
    let decoded = decode::decode_text(bytes).ok_or_else(|| ArticleError::Binary {
        path: path.to_owned(),
    })?;
    Ok((decoded.text, format))
}

/// Decodes, renders and canonicalises an article's bytes, as [`read_article`] does once it has
/// read them (`path` names the file in messages).
pub(crate) fn article_from_bytes(
    bytes: Vec<u8>,
    format: ArticleFormat,
    path: &Path,
) -> Result<Article, ArticleError> {
    // How decoded text becomes the document; a Word package is not text and has its reader.
    let render: fn(String) -> Document = match format {
        ArticleFormat::PlainText => Document::from_raw_string,
        ArticleFormat::Markdown => |text| Document::from_blocks(markdown::render_blocks(&text)),
        ArticleFormat::Html => |text| Document::from_blocks(html::main_content_blocks(&text)),
        ArticleFormat::Docx => return word_article(&bytes, path, ArticleFormat::Docx),
        ArticleFormat::Odt => return word_article(&bytes, path, ArticleFormat::Odt),
        ArticleFormat::Pdf => return pdf_article(&bytes, path),
    };
    let decoded = decode::decode_text(bytes).ok_or_else(|| ArticleError::Binary {
        path: path.to_owned(),
    })?;
    if decoded
        .text
        .trim_start_matches('\u{feff}')
        .trim()
        .is_empty()
    {
        return Err(ArticleError::Empty {
            path: path.to_owned(),
        });
    }
    let document = render(decoded.text);
    if document.blocks().is_empty() {
        return Err(ArticleError::NoText {
            path: path.to_owned(),
            reason: "nothing but markup",
        });
    }
    Ok(Article {
        document,
        format,
        encoding: decoded.encoding,
        encoding_detected: decoded.detected,
    })
}

/// A word processor's article: a package of XML parts, read by [`docx`] or [`odt`].
fn word_article(bytes: &[u8], path: &Path, format: ArticleFormat) -> Result<Article, ArticleError> {
    let damaged = |reason: String| ArticleError::Damaged {
        path: path.to_owned(),
        reason,
    };
    let blocks = if format == ArticleFormat::Odt {
        odt::blocks(bytes)
    } else {
        docx::blocks(bytes)
    };
    let document = Document::from_blocks(blocks.map_err(damaged)?);
    if document.blocks().is_empty() {
        return Err(damaged(
            "it holds no text (only pictures, or nothing)".to_owned(),
        ));
    }
    Ok(Article {
        document,
        format,
        encoding: "UTF-8",
        encoding_detected: false,
    })
}

/// A PDF's text as Closeread reads it but with its running headers, footers and page numbers
/// kept, as other extractors give them: for measuring the extraction against them
/// (`examples/pdf_agreement.rs`), never for reading.
pub fn pdf_text_with_furniture(path: &Path) -> Result<String, ArticleError> {
    let bytes = std::fs::read(path).map_err(|source| ArticleError::Io {
        path: path.to_owned(),
        source,
    })?;
    let blocks = pdf::blocks_with_furniture(&bytes).map_err(|problem| ArticleError::Damaged {
        path: path.to_owned(),
        reason: problem.to_string(),
    })?;
    Ok(Document::from_paged_blocks(blocks).text().to_owned())
}

/// A PDF article: its text layer, read by [`pdf`].
fn pdf_article(bytes: &[u8], path: &Path) -> Result<Article, ArticleError> {
    let blocks = pdf::blocks(bytes).map_err(|problem| ArticleError::Damaged {
        path: path.to_owned(),
        reason: problem.to_string(),
    })?;
    let document = Document::from_paged_blocks(blocks);
    if document.blocks().is_empty() {
        return Err(ArticleError::Damaged {
            path: path.to_owned(),
            reason: pdf::PdfProblem::Empty.to_string(),
        });
    }
    Ok(Article {
        document,
        format: ArticleFormat::Pdf,
        encoding: "UTF-8",
        encoding_detected: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write fixture");
        path
    }

    #[test]
    fn reads_utf8_with_bom_and_crlf() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "a.txt", "\u{feff}One\r\n\r\nTwo".as_bytes());
        let article = read_article(&path).expect("readable");
        assert_eq!(article.document.text(), "One\n\nTwo");
        assert_eq!(article.encoding, "UTF-8");
    }

    #[test]
    fn bad_files_are_refused_with_their_name_and_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cases = [
            (write(dir.path(), "empty.txt", b"  \n"), "is empty"),
            (
                write(dir.path(), "image.txt", b"GIF89a\0\0\x01\0"),
                "binary",
            ),
            (
                write(dir.path(), "report.doc", b"\xD0\xCF\x11\xE0"),
                ".doc file",
            ),
            (
                write(dir.path(), "report.pdf", b"%PDF-1.7"),
                "not a readable PDF",
            ),
            (
                write(
                    dir.path(),
                    "blank.html",
                    b"<html><script>x()</script></html>",
                ),
                "no readable text",
            ),
        ];
        for (path, expected) in cases {
            let message = read_article(&path).expect_err("refused").to_string();
            assert!(message.contains(expected), "{message}");
            assert!(message.contains(&path.display().to_string()), "{message}");
        }
        let missing = dir.path().join("missing.txt");
        assert!(read_article(&missing).is_err());
    }
}
