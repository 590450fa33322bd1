//! A generated project for measuring: many articles, several analysts, a share double read,
//! every file written as the app writes it (articles, document information, sidecars,
//! manifest), so that the project commands and the window read it as a real project.

use super::{BookError, generate_annotations, generate_markdown_article};
use crate::model::{Layer, TagSet};
use crate::project::{ArticleEntry, AttributeKind, Project};
use crate::store::layer_to_ron_string;
use std::path::{Path, PathBuf};

/// What was generated.
pub struct CorpusOnDisk {
    pub root: PathBuf,
    pub articles: usize,
    pub annotations: usize,
}

/// The corpus's shape.
#[derive(Clone, Debug)]
pub struct CorpusShape {
    pub articles: usize,
    pub article_bytes: usize,
    pub analysts: usize,
    /// Annotations in all, spread over the readings.
    pub annotations: usize,
    /// Share of the articles read by two analysts, in percent.
    pub double_read_percent: usize,
}

impl CorpusShape {
    /// The shape the issue asks to measure: 1,000 articles of about 50 KB, 5 analysts,
    /// 200,000 annotations, a fifth double read.
    pub fn large() -> Self {
        Self {
            articles: 1_000,
            article_bytes: 50_000,
            analysts: 5,
            annotations: 200_000,
            double_read_percent: 20,
        }
    }
}

const COUNTRIES: [&str; 4] = ["Iran", "Iraq", "Lebanon", "Syria"];

/// Writes a seeded corpus of `shape` as a project in `root`. Article `n` is read by analyst
/// `n mod analysts`, and every fifth (for 20 %) also by the next analyst.
pub fn write_corpus(root: &Path, shape: &CorpusShape) -> Result<CorpusOnDisk, BookError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| BookError::Io { path, source }
    };
    let invalid = |error: crate::project::ProjectError| BookError::Io {
        path: root.to_owned(),
        source: std::io::Error::other(error.to_string()),
    };
    let mut project = Project::init(root, "Generated corpus", None).map_err(invalid)?;
    let folder = root.join("articles");
    std::fs::create_dir_all(&folder).map_err(io(&folder))?;
    project.manifest.attributes.insert(
        "country".to_owned(),
        AttributeKind::Choice(COUNTRIES.iter().map(|c| (*c).to_owned()).collect()),
    );
    project
        .manifest
        .attributes
        .insert("pages".to_owned(), AttributeKind::Number);
    let analysts: Vec<String> = (0..shape.analysts.max(1))
        .map(|index| format!("analyst-{index}"))
        .collect();
    for analyst in &analysts {
        project
            .manifest
            .analysts
            .insert(analyst.clone(), Default::default());
    }
    // Every `double_every`-th article is double read (none at 0 %).
    let double_every = 100_usize
        .checked_div(shape.double_read_percent)
        .map_or(usize::MAX, |every| every.max(1));
    let readings = shape.articles + shape.articles / double_every;
    let per_reading = shape.annotations / readings.max(1);
    let mut written = 0;
    for index in 0..shape.articles {
        let name = format!("a{index:04}.md");
        let path = folder.join(&name);
        let text = generate_markdown_article(1_000 + index as u64, shape.article_bytes);
        std::fs::write(&path, &text).map_err(io(&path))?;
        let document = crate::store::read_article(&path)?.document;
        let info = crate::store::DocumentInfo {
            title: format!("Generated article {index}"),
            authors: vec![format!("Author {}", index % 37)],
            date: Some(format!("2026-{:02}-{:02}", 1 + index % 12, 1 + index % 28)),
            publication: format!("Publication {}", index % 11),
            url: String::new(),
            ..Default::default()
        };
        crate::store::document_info::save(&path, &info).map_err(|error| BookError::Io {
            path: path.clone(),
            source: std::io::Error::other(error.to_string()),
        })?;
        let mut assigned = vec![analysts[index % analysts.len()].clone()];
        let double = index % double_every == 0 && analysts.len() > 1;
        if double {
            assigned.push(analysts[(index + 1) % analysts.len()].clone());
        }
        for (reading, analyst) in assigned.iter().enumerate() {
            let seed = (index * 7 + reading) as u64;
            let annotations = generate_annotations(&document, seed, per_reading, analyst);
            written += annotations.len();
            let layer = Layer::with_annotations(analyst.clone(), TagSet::default(), annotations);
            let sidecar = folder.join(format!("a{index:04}.{analyst}.ron"));
            let text = layer_to_ron_string(&layer, &name, document.sha256_hex())?;
            std::fs::write(&sidecar, text).map_err(io(&sidecar))?;
        }
        assigned.sort();
        project.manifest.articles.insert(
            format!("articles/{name}"),
            ArticleEntry {
                attributes: [
                    (
                        "country".to_owned(),
                        COUNTRIES[index % COUNTRIES.len()].to_owned(),
                    ),
                    ("pages".to_owned(), (5 + index % 40).to_string()),
                ]
                .into_iter()
                .collect(),
                assigned,
                double_read: double,
            },
        );
    }
    project.save().map_err(invalid)?;
    Ok(CorpusOnDisk {
        root: root.to_owned(),
        articles: shape.articles,
        annotations: written,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_corpus_is_a_project_the_commands_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let shape = CorpusShape {
            articles: 6,
            article_bytes: 3_000,
            analysts: 3,
            annotations: 70,
            double_read_percent: 50,
        };
        let corpus = write_corpus(dir.path(), &shape).expect("written");
        let project = Project::open(dir.path()).expect("a project");
        assert_eq!(project.manifest.articles.len(), 6);
        assert!(
            project.manifest.problems().is_empty(),
            "{:?}",
            project.manifest.problems()
        );
        let (progress, problems) = crate::project::status::load_progress(&project);
        assert!(problems.is_empty());
        let rows = crate::project::status::project_status(&project, &progress);
        let counted: usize = rows
            .iter()
            .flat_map(|row| row.analysts.values())
            .map(|status| status.annotations)
            .sum();
        assert_eq!(counted, corpus.annotations);
        assert_eq!(rows.iter().filter(|row| row.double_read).count(), 3);
    }
}
