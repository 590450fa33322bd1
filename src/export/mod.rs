//! Exports of tagged excerpts: one file per format, all built on [`ExportInput`] and the
//! [`Excerpt`]s it yields (an annotation with its location and context in the article). The
//! briefing (Markdown, HTML, DOCX) is planned once by [`briefing`] and rendered by each.
//!
//! Every writer streams: it writes excerpt by excerpt to any `io::Write` and reports progress
//! through a callback, so an export of 20,000 annotations neither holds a second copy in memory
//! nor freezes the window. brat writes a folder (text + standoff), the others one stream.

pub mod brat;
pub mod briefing;
mod continuations;
pub mod csv;
pub mod docx;
pub mod html;
pub mod json;
pub mod markdown;
pub mod project;
pub mod refi;
pub mod relations;
mod run;
pub mod w3c;

pub use run::{ExportError, ExportOutcome, ExportTarget, run};

use crate::model::{Annotation, Document, Layer, TagId, TagSet};
use crate::store::DocumentInfo;
use std::collections::HashSet;
use std::io::Write;

/// Chars of article text given before and after each excerpt in CSV and reports.
pub(crate) const CONTEXT_CHARS: usize = 80;

/// The export formats. The command line takes these values (`--format md`), derived by clap
/// from this enum, so a new format is added here and in its writer, and nowhere else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A spreadsheet: one row per excerpt.
    Csv,
    /// The briefing in Markdown.
    #[value(name = "md")]
    Markdown,
    /// The briefing as one self-contained HTML file.
    Html,
    /// The annotations and relations for scripts.
    Json,
    /// W3C Web Annotation (JSON-LD).
    W3c,
    /// brat standoff: a folder with the text and the .ann file.
    Brat,
    /// The briefing as a Word document (Office Open XML).
    Docx,
    /// REFI-QDA project (MAXQDA, NVivo, ATLAS.ti, QualCoder): users, codebook, the text, codings.
    Qdpx,
    /// REFI-QDA codebook: the tag set alone.
    Qdc,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 9] = [
        ExportFormat::Csv,
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::Docx,
        ExportFormat::Json,
        ExportFormat::W3c,
        ExportFormat::Brat,
        ExportFormat::Qdpx,
        ExportFormat::Qdc,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Csv => "CSV spreadsheet",
            ExportFormat::Markdown => "Markdown briefing",
            ExportFormat::Html => "HTML report",
            ExportFormat::Json => "JSON",
            ExportFormat::W3c => "W3C Web Annotation (JSON-LD)",
            ExportFormat::Brat => "brat standoff (folder)",
            ExportFormat::Docx => "Word briefing (DOCX)",
            ExportFormat::Qdpx => "REFI-QDA project (QDPX)",
            ExportFormat::Qdc => "REFI-QDA codebook (QDC)",
        }
    }

    /// File extension of the export (brat: a folder, no extension).
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
            ExportFormat::Json => "json",
            ExportFormat::W3c => "jsonld",
            ExportFormat::Brat => "",
            ExportFormat::Docx => "docx",
            ExportFormat::Qdpx => "qdpx",
            ExportFormat::Qdc => "qdc",
        }
    }
}

/// What to export: the article, the analysts' layers and which tags.
pub struct ExportInput<'a> {
    /// File name of the article, e.g. "khamenei-breaking-point.txt".
    pub article_name: &'a str,
    pub document: &'a Document,
    pub layers: &'a [&'a Layer],
    /// Tags to include; empty means all.
    pub tags: &'a HashSet<TagId>,
    /// The article's title, authors, date, publication and URL, when known
    /// ([`crate::store::document_info::load_or_detect`]).
    pub info: Option<&'a DocumentInfo>,
    /// For a consensus layer: the analysts it was settled from, by display name
    /// ([`crate::team::settled_from`]); the briefing names them. Empty otherwise.
    pub settled_from: &'a [String],
}

/// One exported excerpt: an annotation with where it is and what surrounds it.
pub struct Excerpt<'a> {
    pub annotation: &'a Annotation,
    pub tag_set: &'a TagSet,
    pub tag_label: String,
    pub section: Option<String>,
    pub paragraph: Option<usize>,
    /// The page the excerpt's paragraph starts on, for sources with pages (PDF).
    pub page: Option<u32>,
    pub context_before: String,
    pub context_after: String,
}

impl ExportInput<'_> {
    /// The annotations to export, in document order (then by analyst).
    pub fn annotations(&self) -> Vec<(&Annotation, &TagSet)> {
        let mut selected: Vec<(&Annotation, &TagSet)> = self
            .layers
            .iter()
            .flat_map(|layer| {
                layer
                    .annotations()
                    .iter()
                    .map(move |annotation| (annotation, &layer.tag_set))
            })
            .filter(|(annotation, _)| self.tags.is_empty() || self.tags.contains(&annotation.tag))
            .collect();
        selected.sort_by(|(a, _), (b, _)| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then(a.analyst.cmp(&b.analyst))
        });
        selected
    }

    /// An annotation with its location and context.
    pub fn excerpt<'b>(&self, annotation: &'b Annotation, tag_set: &'b TagSet) -> Excerpt<'b> {
        let document = self.document;
        let (section, paragraph, page, context_before, context_after) = if annotation.is_placed() {
            let location = document.location(annotation.span.start);
            let before = document
                .slice(annotation.span.start.saturating_sub(CONTEXT_CHARS)..annotation.span.start);
            let after = document.slice(annotation.span.end..annotation.span.end + CONTEXT_CHARS);
            (
                location.section,
                location.paragraph,
                location.page,
                before.to_owned(),
                after.to_owned(),
            )
        } else {
            (
                None,
                None,
                None,
                annotation.quote.prefix.clone(),
                annotation.quote.suffix.clone(),
            )
        };
        Excerpt {
            annotation,
            tag_set,
            tag_label: tag_set
                .get(&annotation.tag)
                .map_or_else(|| annotation.tag.to_string(), |tag| tag.label.clone()),
            section,
            paragraph,
            page,
            context_before,
            context_after,
        }
    }

    /// The article's title as reports show it: the document information's, else its first
    /// block, else its file name.
    pub fn title(&self) -> String {
        if let Some(info) = self.info
            && !info.title.trim().is_empty()
        {
            return info.title.trim().to_owned();
        }
        self.document
            .blocks()
            .first()
            .map(|block| self.document.slice(block.chars.clone()).to_owned())
            .unwrap_or_else(|| self.article_name.to_owned())
    }

    /// The analysts whose layers are exported, in order, by id.
    pub fn analysts(&self) -> Vec<&str> {
        self.layers
            .iter()
            .map(|layer| layer.analyst.as_str())
            .collect()
    }

    /// The analysts whose layers are exported, in order, by display name (the id when they
    /// have none).
    pub(crate) fn analyst_names(&self) -> Vec<&str> {
        self.layers
            .iter()
            .map(|layer| layer.display_name())
            .collect()
    }

    /// The display name of the analyst with id `analyst` (the id if no exported layer names
    /// them).
    pub fn analyst_name<'b>(&'b self, analyst: &'b str) -> &'b str {
        self.layers
            .iter()
            .find(|layer| layer.analyst == analyst)
            .map_or(analyst, |layer| layer.display_name())
    }

    /// The exported layers' relations, indexed by annotation.
    pub fn relations(&self) -> relations::RelationIndex<'_> {
        relations::RelationIndex::new(self.layers)
    }

    /// The tag set of the first layer (all layers of one project normally share it).
    pub fn tag_set(&self) -> TagSet {
        self.layers
            .first()
            .map(|layer| layer.tag_set.clone())
            .unwrap_or_default()
    }
}

/// Progress callback: (excerpts written, total).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Writes a single-stream export (everything but brat).
pub fn write_export(
    format: ExportFormat,
    input: &ExportInput<'_>,
    out: &mut dyn Write,
    options: &ExportOptions,
    progress: Progress<'_>,
) -> std::io::Result<()> {
    match format {
        ExportFormat::Csv => csv::write(input, out, options.excel, progress),
        ExportFormat::Markdown => markdown::write(input, out, progress),
        ExportFormat::Html => html::write(input, out, options.with_article, progress),
        ExportFormat::Json => json::write(input, out, progress),
        ExportFormat::W3c => w3c::write(input, out, progress),
        ExportFormat::Docx => docx::write(input, out, progress),
        ExportFormat::Qdpx => refi::write(input, out, progress),
        ExportFormat::Qdc => refi::write_codebook(input, out),
        ExportFormat::Brat => Err(std::io::Error::other(
            "brat exports write a folder: use brat::write_folder",
        )),
    }
}

#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// CSV: start with a UTF-8 BOM so that Excel reads non-ASCII text correctly.
    pub excel: bool,
    /// HTML: after the briefing, the whole article with its highlights (which repeats each
    /// excerpt's text in its place; off, the briefing quotes each excerpt once).
    pub with_article: bool,
}

/// "Claims", "Evidence", "Recommendations": a heading for the excerpts of one tag.
pub(crate) fn plural_label(label: &str) -> String {
    const UNCOUNTABLE: &[&str] = &[
        "evidence",
        "information",
        "data",
        "background",
        "context",
        "research",
    ];
    if UNCOUNTABLE.contains(&label.to_lowercase().as_str()) || label.ends_with('s') {
        label.to_owned()
    } else if let Some(stem) = label.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        format!("{stem}ies")
    } else {
        format!("{label}s")
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::model::{Annotation, Document, Layer, Relation, Span, TagId, TagSet};

    pub const ARTICLE: &str = "Khamenei’s Breaking Point\n\nThe odds fall to zero if Washington waits. فارسی text.\n\n\
                               Washington should be precise in its redlines and rhetoric.";

    /// No tag filter: every tag is exported.
    static EVERY_TAG: std::sync::LazyLock<std::collections::HashSet<TagId>> =
        std::sync::LazyLock::new(std::collections::HashSet::new);

    /// The input that exports every tag of `layers` of `document` ("a.txt"), with no document
    /// information.
    pub fn input_of<'a>(document: &'a Document, layers: &'a [&'a Layer]) -> super::ExportInput<'a> {
        super::ExportInput {
            article_name: "a.txt",
            document,
            layers,
            tags: &EVERY_TAG,
            info: None,
            settled_from: &[],
        }
    }

    /// Runs a writer on [`sample`] with every tag; returns the sample and what was written.
    pub fn render(
        article_name: &str,
        write: impl FnOnce(&super::ExportInput<'_>, &mut Vec<u8>) -> std::io::Result<()>,
    ) -> (Document, Layer, Vec<u8>) {
        let (document, layer) = sample();
        let layers = [&layer];
        let input = super::ExportInput {
            article_name,
            ..input_of(&document, &layers)
        };
        let mut bytes = Vec::new();
        write(&input, &mut bytes).expect("the export writes");
        (document, layer, bytes)
    }

    /// A small layer with hostile notes: formula starts, HTML, Markdown that tries to escape;
    /// the evidence supports the claim and the recommendation follows from it.
    pub fn sample() -> (Document, Layer) {
        let document = Document::from_raw_text(ARTICLE);
        let at = |quote: &str| {
            let start = document.char_offset(document.text().find(quote).expect("in text"));
            Span::new(start, start + quote.chars().count())
        };
        let annotations = vec![
            Annotation::new(
                &document,
                at("The odds fall to zero"),
                TagId::new("claim"),
                "=HYPERLINK(\"x\")\nsecond line with \"quotes\", commas".into(),
                "analyst-a",
            ),
            Annotation::new(
                &document,
                at("فارسی text"),
                TagId::new("evidence"),
                "<script>alert(1)</script> & more".into(),
                "analyst-a",
            ),
            Annotation::new(
                &document,
                at("Washington should be precise"),
                TagId::new("recommendation"),
                "# not a heading\n\n> nor a quote\n---".into(),
                "analyst-a",
            ),
        ];
        let relations = vec![
            Relation::new(annotations[1].id, "supports", annotations[0].id),
            Relation::new(annotations[2].id, "follows_from", annotations[0].id),
        ];
        let (layer, _) = Layer::with_annotations("analyst-a", TagSet::default(), annotations)
            .with_relations(relations);
        (document, layer)
    }
}
