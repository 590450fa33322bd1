//! Seeded generation of long, realistic-looking articles, dense annotation layers and scattered
//! edits, for benchmarks and scale tests. The same seed always gives the same output, so runs
//! are comparable. [`corpus`] writes a whole generated project.

pub mod corpus;

use crate::model::{Annotation, Document, Layer, Relation, Span, TagId, TagSet};
use crate::store::layer_to_ron_string;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::{Path, PathBuf};

const SUBJECTS: &[&str] = &[
    "The Supreme Leader",
    "Washington",
    "The administration",
    "Tehran",
    "The IRGC",
    "European diplomats",
    "Hardliners in the judiciary",
    "The negotiating team",
    "Regional rivals",
    "The president’s advisers",
    "Analysts in Riyadh",
    "The foreign ministry",
    "A former official",
    "The succession council",
];
const VERBS: &[&str] = &[
    "has persistently emphasized",
    "is unlikely to accept",
    "seems to believe in",
    "will reconsider",
    "openly questioned",
    "quietly supported",
    "cannot ignore",
    "has long feared",
    "may soon abandon",
    "publicly rejected",
    "is expected to revisit",
    "underestimated",
];
const OBJECTS: &[&str] = &[
    "the value of security guarantees",
    "a policy of “resistance”",
    "the sanctions regime",
    "any talks on the missile program",
    "a gradual opening to the West",
    "the costs of confrontation",
    "the legitimacy of the nuclear deal",
    "a smooth leadership transition",
    "the role of regional allies",
    "economic pressure as leverage",
    "the Strait of Hormuz",
    "a step-by-step approach",
];
const CLAUSES: &[&str] = &[
    "despite years of pressure",
    "according to officials familiar with the talks",
    "at least in public",
    "as the April speech made clear",
    "while the economy deteriorated",
    "even after Europe failed to meet its expectations",
    "in the absence of a clear successor",
    "for reasons that remain obscure",
    "since the designation in 2019",
    "in 2011 and again in 2018",
];

fn pick<'a>(rng: &mut StdRng, words: &[&'a str]) -> &'a str {
    words[rng.random_range(0..words.len())]
}

fn sentence(rng: &mut StdRng) -> String {
    let mut text = format!(
        "{} {} {}",
        pick(rng, SUBJECTS),
        pick(rng, VERBS),
        pick(rng, OBJECTS)
    );
    if rng.random_bool(0.6) {
        text.push_str(", ");
        text.push_str(pick(rng, CLAUSES));
    }
    if rng.random_bool(0.15) {
        text.push_str(&format!(" ({} percent)", rng.random_range(2..95)));
    }
    text.push('.');
    text
}

/// A plain-text article of about `target_bytes` bytes: numbered section headings every dozen
/// or so paragraphs of 3–8 varied sentences.
pub fn generate_article(seed: u64, target_bytes: usize) -> String {
    generate_article_with_headings(seed, target_bytes, "")
}

/// [`generate_article`] in Markdown: the section headings are `##` headings.
pub(crate) fn generate_markdown_article(seed: u64, target_bytes: usize) -> String {
    generate_article_with_headings(seed, target_bytes, "## ")
}

fn generate_article_with_headings(seed: u64, target_bytes: usize, heading_mark: &str) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut text = String::with_capacity(target_bytes + 1024);
    let mut section = 0;
    while text.len() < target_bytes {
        if section == 0 || rng.random_bool(0.07) {
            section += 1;
            let heading = pick(&mut rng, OBJECTS);
            text.push_str(&format!("{heading_mark}{section}. {heading}\n\n"));
        }
        let sentences = rng.random_range(3..=8);
        let paragraph: Vec<String> = (0..sentences).map(|_| sentence(&mut rng)).collect();
        text.push_str(&paragraph.join(" "));
        text.push_str("\n\n");
    }
    text
}

/// `count` annotations over the document with the three default tags, 20–240 chars long,
/// some overlapping.
pub fn generate_annotations(
    document: &Document,
    seed: u64,
    count: usize,
    analyst: &str,
) -> Vec<Annotation> {
    let mut rng = StdRng::seed_from_u64(seed);
    let tags = ["claim", "evidence", "recommendation"];
    let chars = document.char_count();
    let mut annotations = Vec::with_capacity(count);
    let mut attempts = 0;
    while annotations.len() < count && attempts < count * 4 {
        attempts += 1;
        let start = rng.random_range(0..chars.saturating_sub(250).max(1));
        let length = rng.random_range(20..240);
        let end = (start + length).min(chars);
        let Ok(span) = Span::from_selection(document, start, end) else {
            continue;
        };
        let tag = TagId::new(tags[rng.random_range(0..tags.len())]);
        let note = if rng.random_bool(0.5) {
            format!("Note {}", annotations.len())
        } else {
            String::new()
        };
        annotations.push(Annotation::new(document, span, tag, note, analyst));
    }
    annotations
}

/// The text with about `fraction` of its paragraphs edited once each, at random places: a word
/// inserted, a word deleted, or a word replaced.
pub fn scatter_edits(text: &str, seed: u64, fraction: f64) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut paragraphs: Vec<String> = text.split("\n\n").map(str::to_owned).collect();
    for paragraph in &mut paragraphs {
        if paragraph.is_empty() || !rng.random_bool(fraction) {
            continue;
        }
        let mut words: Vec<String> = paragraph.split(' ').map(str::to_owned).collect();
        let at = rng.random_range(0..words.len());
        match rng.random_range(0..3) {
            0 => words.insert(at, "reportedly".to_owned()),
            1 if words.len() > 1 => {
                words.remove(at);
            }
            _ => words[at] = "significantly".to_owned(),
        }
        *paragraph = words.join(" ");
    }
    paragraphs.join("\n\n")
}

/// Relations for generated annotations: every fifth evidence supports the nearest claim that
/// starts before it (within 5,000 chars), as an analyst links evidence to the claim it backs.
pub(crate) fn generate_relations(annotations: &[Annotation]) -> Vec<Relation> {
    let mut sorted: Vec<&Annotation> = annotations.iter().collect();
    sorted.sort_by_key(|annotation| annotation.sort_key());
    let mut last_claim: Option<&Annotation> = None;
    let mut evidence_seen = 0;
    let mut relations = Vec::new();
    for annotation in sorted {
        match annotation.tag.as_str() {
            "claim" => last_claim = Some(annotation),
            "evidence" => {
                evidence_seen += 1;
                if let Some(claim) = last_claim
                    && evidence_seen % 5 == 0
                    && annotation.span.start - claim.span.start <= 5_000
                {
                    relations.push(Relation::new(annotation.id, "supports", claim.id));
                }
            }
            _ => {}
        }
    }
    relations
}

/// A generated book and one analyst's dense reading of it (annotations and relations), written
/// to a folder as the app finds them: `book.md` (Markdown, so that its section headings are
/// headings) and `book.<analyst>.ron` side by side.
pub struct BookOnDisk {
    pub article: PathBuf,
    /// The article's file name, as sidecars and exports name it.
    pub article_name: &'static str,
    pub sidecar: PathBuf,
    /// The canonical text (the Markdown rendered: headings without their `##`).
    pub text: String,
    pub document: Document,
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, thiserror::Error)]
pub enum BookError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot serialise the generated sidecar: {0}")]
    Ron(#[from] ron::Error),
    #[error(transparent)]
    Read(#[from] crate::store::ArticleError),
}

/// Writes a seeded book of about `bytes` bytes with `count` annotations by `analyst` into
/// `folder` (the article seed is 7 and the annotation seed 8, as in the README's figures).
pub fn write_book(
    folder: &Path,
    bytes: usize,
    count: usize,
    analyst: &str,
) -> Result<BookOnDisk, BookError> {
    const ARTICLE_NAME: &str = "book.md";
    let article = folder.join(ARTICLE_NAME);
    write(&article, &generate_markdown_article(7, bytes))?;
    // Read back as the app reads it, so that offsets are into the same canonical text.
    let document = crate::store::read_article(&article)?.document;
    let annotations = generate_annotations(&document, 8, count, analyst);
    let (layer, _) = Layer::with_annotations(analyst, TagSet::default(), annotations.clone())
        .with_relations(generate_relations(&annotations));
    let sidecar_text = layer_to_ron_string(&layer, ARTICLE_NAME, document.sha256_hex())?;
    let sidecar = folder.join(format!("book.{analyst}.ron"));
    write(&sidecar, &sidecar_text)?;
    Ok(BookOnDisk {
        article,
        article_name: ARTICLE_NAME,
        sidecar,
        text: document.text().to_owned(),
        document,
        annotations,
    })
}

fn write(path: &Path, contents: &str) -> Result<(), BookError> {
    std::fs::write(path, contents).map_err(|source| BookError::Io {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_seeded_and_sized() {
        let article = generate_article(7, 50_000);
        assert!(article.len() >= 50_000 && article.len() < 52_000);
        assert_eq!(article, generate_article(7, 50_000));
        assert_ne!(article, generate_article(8, 50_000));
        let document = Document::from_raw_text(&article);
        let annotations = generate_annotations(&document, 7, 300, "bench");
        assert_eq!(annotations.len(), 300);
        for annotation in &annotations {
            assert_eq!(
                document.slice(annotation.span.range()),
                annotation.quote.exact
            );
        }
        let edited = scatter_edits(&article, 7, 0.05);
        assert_ne!(edited, article);
    }
}
