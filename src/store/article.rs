//! Reading an article file into its canonical [`Document`].
//!
//! Plain UTF-8 text for now (with or without BOM, any line endings). A file that is not text,
//! is empty or exceeds [`MAX_ARTICLE_BYTES`] is refused with a message that names it.

use crate::model::Document;
use std::path::{Path, PathBuf};

/// Largest article accepted: 64 MiB, far beyond a book, well within memory.
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error("cannot read article {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("article {path} is empty")]
    Empty { path: PathBuf },
    #[error("article {path} is {size} bytes; the limit is {limit} bytes")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("article {path} is not UTF-8 text (invalid byte at offset {byte_offset})")]
    NotUtf8 { path: PathBuf, byte_offset: usize },
    #[error("article {path} looks like a binary file (it contains NUL bytes), not text")]
    Binary { path: PathBuf },
}

/// Reads and canonicalises an article.
pub fn read_article(path: &Path) -> Result<Document, ArticleError> {
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
    if bytes.contains(&0) {
        return Err(ArticleError::Binary {
            path: path.to_owned(),
        });
    }
    let text = String::from_utf8(bytes).map_err(|error| ArticleError::NotUtf8 {
        path: path.to_owned(),
        byte_offset: error.utf8_error().valid_up_to(),
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(ArticleError::Empty {
            path: path.to_owned(),
        });
    }
    Ok(Document::from_raw_text(&text))
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
        let document = read_article(&path).expect("readable");
        assert_eq!(document.text(), "One\n\nTwo");
    }

    #[test]
    fn bad_files_are_refused_with_their_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let empty = write(dir.path(), "empty.txt", b"  \n");
        let binary = write(dir.path(), "image.txt", b"GIF89a\0\0\x01");
        let latin1 = write(dir.path(), "latin1.txt", b"caf\xe9");
        for (path, expected) in [
            (empty, "is empty"),
            (binary, "binary"),
            (latin1, "not UTF-8"),
        ] {
            let message = read_article(&path).expect_err("refused").to_string();
            assert!(message.contains(expected), "{message}");
            assert!(message.contains(&path.display().to_string()), "{message}");
        }
        let missing = dir.path().join("missing.txt");
        assert!(read_article(&missing).is_err());
    }
}
