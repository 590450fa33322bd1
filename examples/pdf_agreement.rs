//! Compares Closeread's PDF text with poppler's `pdftotext` on the PDFs given: word-sequence
//! agreement, and the time each takes. No window needed; `pdftotext` must be installed.
//!
//! `cargo run --release --no-default-features --example pdf_agreement -- FILE.pdf...`
//!
//! Agreement is 2·M / (A + B), where A and B are the two texts' word counts and M the words
//! they share in the same order (by a patience diff). Words are compared in lower case, split
//! at anything that is not a letter or digit; `pdftotext`'s line-end hyphens are joined first,
//! as Closeread joins them. Closeread leaves out running headers, footers and page numbers,
//! which `pdftotext` keeps: those count against it, so the agreement is also given for
//! Closeread's text with them kept (`pdf_text_with_furniture`), which measures the extraction
//! and reading order alone.
//! Times are the median of five runs each, reading from the file.

use closeread::store::read_article;
use similar::{Algorithm, TextDiff};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use unicode_normalization::UnicodeNormalization;

const RUNS: usize = 5;

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: pdf_agreement FILE.pdf...");
        std::process::exit(2);
    }
    println!(
        "| PDF | pages | words (pdftotext) | agreement | agreement, furniture kept | Closeread | pdftotext | ratio |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for path in paths {
        if let Err(message) = compare(Path::new(&path)) {
            eprintln!("{path}: {message}");
            std::process::exit(1);
        }
    }
}

fn compare(path: &Path) -> Result<(), String> {
    let (ours, our_time) = median_time(|| {
        read_article(path)
            .map(|article| article.document)
            .map_err(|error| error.to_string())
    })?;
    let (theirs, their_time) = median_time(|| pdftotext(path))?;
    let their_text = fold(&theirs);
    let their_words = words(&their_text);
    let agreement = |ours: &str| {
        let our_text = fold(ours);
        let our_words = words(&our_text);
        TextDiff::configure()
            .algorithm(Algorithm::Patience)
            .diff_slices(&our_words, &their_words)
            .ratio()
    };
    let with_furniture =
        closeread::store::article::pdf_text_with_furniture(path).map_err(|e| e.to_string())?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let pages = ours
        .blocks()
        .iter()
        .filter_map(|block| block.page)
        .max()
        .unwrap_or(0);
    println!(
        "| {name} | {pages} | {} | {:.3} | {:.3} | {} | {} | {:.2}× |",
        their_words.len(),
        agreement(ours.text()),
        agreement(&with_furniture),
        millis(our_time),
        millis(their_time),
        our_time.as_secs_f64() / their_time.as_secs_f64().max(1e-9)
    );
    Ok(())
}

fn pdftotext(path: &Path) -> Result<String, String> {
    let output = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .map_err(|error| format!("cannot run pdftotext (install poppler-utils): {error}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    Ok(joined_hyphens(&String::from_utf8_lossy(&output.stdout)))
}

/// `pdftotext`'s text with line-end hyphens before a lower-case letter joined, as Closeread
/// joins them ("encour-" + "aged" → "encouraged"), so that hyphenation is not counted twice.
fn joined_hyphens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let mut ending = line.chars().rev();
        let hyphenated =
            ending.next() == Some('-') && ending.next().is_some_and(char::is_alphabetic);
        let next_lower = lines
            .peek()
            .and_then(|next| next.chars().next())
            .is_some_and(char::is_lowercase);
        if hyphenated && next_lower {
            out.push_str(&line[..line.len() - 1]);
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn fold(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).collect()
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect()
}

fn median_time<T>(mut run: impl FnMut() -> Result<T, String>) -> Result<(T, Duration), String> {
    let mut times = Vec::with_capacity(RUNS);
    let mut result = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        result = Some(run()?);
        times.push(started.elapsed());
    }
    times.sort();
    let result = result.ok_or("no run")?;
    Ok((result, times[RUNS / 2]))
}

fn millis(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}
