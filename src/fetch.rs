//! Fetching an article by its address: `closeread fetch URL --into DIR`.
//!
//! One GET with [`ureq`] (TLS by rustls, pure Rust; no system OpenSSL), redirects followed (up
//! to [`MAX_REDIRECTS`]), a timeout over the whole exchange ([`TIMEOUT`]) and a size limit (the
//! article limit, [`crate::store::article::MAX_ARTICLE_BYTES`]). The response is kept as a file
//! in the folder, named after the address and never written over another file: a web page as
//! `.html`, a PDF as `.pdf`, a Word file as `.docx` (`.odt` for OpenDocument), plain text or Markdown as such. Anything
//! else (an image, a ZIP) is refused with its type. The document information beside it
//! (`<stem>.meta.ron`) records the address the page came from and when it was fetched, with
//! what the page itself says (title, authors, date).
//!
//! Nothing is fetched unless asked: this runs only from the command or the window's
//! File › Open address….

use crate::store::document_info;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The whole exchange, from connecting to the last byte (`CLOSEREAD_FETCH_TIMEOUT`, in
/// seconds, changes it: for tests and slow links).
pub const TIMEOUT: Duration = Duration::from_secs(30);

fn timeout() -> Duration {
    std::env::var("CLOSEREAD_FETCH_TIMEOUT")
        .ok()
        .and_then(|seconds| seconds.trim().parse().ok())
        .map_or(TIMEOUT, Duration::from_secs)
}
pub const MAX_REDIRECTS: u32 = 10;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url} is not a web address: give one starting with http:// or https://")]
    NotWebAddress { url: String },
    #[error("{url} answered {code} ({reason}): nothing was saved")]
    Status {
        url: String,
        code: u16,
        reason: String,
    },
    #[error(
        "{url} is {content_type}, not an article Closeread reads (web page, PDF, Word, text): nothing was saved"
    )]
    NotAnArticle { url: String, content_type: String },
    #[error("{url} is over {} MB, the largest article Closeread opens: nothing was saved", limit / (1024 * 1024))]
    TooLarge { url: String, limit: u64 },
    #[error(
        "{url} did not answer within {seconds} s: try again, or check the address and the network"
    )]
    TimedOut { url: String, seconds: u64 },
    #[error("{url} redirected more than {MAX_REDIRECTS} times: nothing was saved")]
    TooManyRedirects { url: String },
    #[error("cannot fetch {url}: {message}")]
    Failed { url: String, message: String },
    #[error("cannot save the page from {url} as {path}: {source}")]
    Save {
        url: String,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A page saved in the folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    pub path: PathBuf,
    /// The address it came from in the end (after redirects).
    pub url: String,
    /// When, RFC 3339 UTC.
    pub fetched: String,
}

/// Fetches `url` into the folder `into` (made if missing) and writes its document information.
pub fn fetch(url: &str, into: &Path) -> Result<Fetched, FetchError> {
    let url = url.trim();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(FetchError::NotWebAddress {
            url: url.to_owned(),
        });
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout()))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(format!("Closeread/{}", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let failed = |error: ureq::Error| match error {
        ureq::Error::Timeout(_) => FetchError::TimedOut {
            url: url.to_owned(),
            seconds: timeout().as_secs(),
        },
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects {
            url: url.to_owned(),
        },
        ureq::Error::BodyExceedsLimit(limit) => FetchError::TooLarge {
            url: url.to_owned(),
            limit,
        },
        other => FetchError::Failed {
            url: url.to_owned(),
            message: other.to_string(),
        },
    };
    let mut response = agent.get(url).call().map_err(failed)?;
    let status = response.status();
    if status.as_u16() >= 400 {
        return Err(FetchError::Status {
            url: url.to_owned(),
            code: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("error").to_owned(),
        });
    }
    let final_url = {
        use ureq::ResponseExt;
        response.get_uri().to_string()
    };
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_lowercase();
    let limit = crate::store::article::MAX_ARTICLE_BYTES;
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(failed)?;
    let extension = extension_for(&content_type, &final_url, &bytes).ok_or_else(|| {
        FetchError::NotAnArticle {
            url: url.to_owned(),
            content_type: if content_type.is_empty() {
                "of no stated type".to_owned()
            } else {
                content_type.clone()
            },
        }
    })?;
    let save_error = |path: &Path, source| FetchError::Save {
        url: url.to_owned(),
        path: path.to_owned(),
        source,
    };
    std::fs::create_dir_all(into).map_err(|source| save_error(into, source))?;
    let path = free_path(into, &file_stem(&final_url), extension);
    crate::store::write_atomically(&path, &bytes).map_err(|source| save_error(&path, source))?;
    let fetched = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    // What the page says about itself, with where and when it came from.
    let mut info = document_info::load_or_detect(&path).unwrap_or_default();
    info.url = final_url.clone();
    info.fetched = Some(fetched.clone());
    document_info::save(&path, &info).map_err(|error| FetchError::Save {
        url: url.to_owned(),
        path: document_info::meta_path(&path),
        source: std::io::Error::other(error.to_string()),
    })?;
    Ok(Fetched {
        path,
        url: final_url,
        fetched,
    })
}

/// The file extension for a response: by its stated type, else by the address's extension or
/// the bytes; `None` for what is not an article.
fn extension_for(content_type: &str, url: &str, bytes: &[u8]) -> Option<&'static str> {
    let mime = content_type.split(';').next().unwrap_or_default().trim();
    let by_type = match mime {
        "text/html" | "application/xhtml+xml" => Some("html"),
        "application/pdf" | "application/x-pdf" => Some("pdf"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Some("docx"),
        "application/vnd.oasis.opendocument.text" => Some("odt"),
        "text/markdown" | "text/x-markdown" => Some("md"),
        "text/plain" => Some("txt"),
        _ => None,
    };
    if by_type.is_some() {
        return by_type;
    }
    // No type, or a generic one: the bytes and the address decide.
    if !mime.is_empty() && mime != "application/octet-stream" && mime != "binary/octet-stream" {
        return None;
    }
    if bytes.starts_with(b"%PDF-") {
        return Some("pdf");
    }
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    if bytes.starts_with(b"PK") {
        for extension in ["docx", "odt"] {
            if path.ends_with(&format!(".{extension}")) {
                return Some(extension);
            }
        }
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_lowercase();
    if head.contains("<html") || head.contains("<!doctype html") {
        return Some("html");
    }
    None
}

/// A file name for the page: the last part of the address's path ("iran-sanctions" from
/// ".../iran-sanctions/"), else the host, kept to letters, digits and dashes.
fn file_stem(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let address = without_scheme.split(['?', '#']).next().unwrap_or_default();
    let (host, path) = address.split_once('/').unwrap_or((address, ""));
    let last = path
        .split('/')
        .rev()
        .find(|part| !part.is_empty())
        .map(|part| part.rsplit_once('.').map_or(part, |(stem, _)| stem))
        .filter(|part| !part.is_empty() && *part != "index")
        .unwrap_or(host);
    let mut stem = String::new();
    for c in last.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let stem: String = stem.trim_end_matches('-').chars().take(80).collect();
    if stem.is_empty() {
        "page".to_owned()
    } else {
        stem
    }
}

/// `folder/stem.extension`, or `stem-2`, `stem-3`… when taken (with its sidecars' stem).
fn free_path(folder: &Path, stem: &str, extension: &str) -> PathBuf {
    let taken = |stem: &str| {
        folder.join(format!("{stem}.{extension}")).exists()
            || document_info::meta_path(&folder.join(format!("{stem}.{extension}"))).exists()
    };
    if !taken(stem) {
        return folder.join(format!("{stem}.{extension}"));
    }
    (2..)
        .map(|number| format!("{stem}-{number}"))
        .find(|candidate| !taken(candidate))
        .map(|candidate| folder.join(format!("{candidate}.{extension}")))
        .unwrap_or_else(|| folder.join(format!("{stem}.{extension}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_named_after_the_address() {
        assert_eq!(
            file_stem("https://www.example.org/policy-analysis/khamenei’s-breaking-point/?utm=x"),
            "khamenei-s-breaking-point"
        );
        assert_eq!(file_stem("https://example.org/reports/crs.pdf"), "crs");
        assert_eq!(file_stem("https://example.org/"), "example-org");
        assert_eq!(file_stem("http://example.org/a/index.html"), "example-org");
        assert_eq!(file_stem("https://fa.example.org/مقاله"), "مقاله");
    }

    #[test]
    fn the_type_or_the_bytes_choose_the_extension() {
        assert_eq!(
            extension_for("text/html; charset=utf-8", "", b""),
            Some("html")
        );
        assert_eq!(extension_for("application/pdf", "", b""), Some("pdf"));
        assert_eq!(
            extension_for("application/vnd.oasis.opendocument.text", "", b"PK"),
            Some("odt")
        );
        assert_eq!(
            extension_for(
                "application/octet-stream",
                "https://x.org/brief.odt",
                b"PK\x03\x04"
            ),
            Some("odt")
        );
        assert_eq!(extension_for("", "https://x/a", b"%PDF-1.7"), Some("pdf"));
        assert_eq!(
            extension_for(
                "application/octet-stream",
                "https://x/a.docx",
                b"PK\x03\x04"
            ),
            Some("docx")
        );
        assert_eq!(extension_for("image/png", "", b"\x89PNG"), None);
        assert_eq!(extension_for("", "", b"<!DOCTYPE html><p>x"), Some("html"));
    }

    #[test]
    fn a_taken_name_gets_a_number() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("page.html"), "x").expect("write");
        assert_eq!(
            free_path(dir.path(), "page", "html"),
            dir.path().join("page-2.html")
        );
        assert_eq!(
            free_path(dir.path(), "other", "html"),
            dir.path().join("other.html")
        );
    }
}
