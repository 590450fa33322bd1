//! The other edition's column: an article beside its translation. The edition is read with
//! the analyst's own annotations of it (shown, not edited: Switch editions makes it the
//! article), its paragraphs paired with the article's ([`crate::editions`]), scrolled with the
//! article paragraph by paragraph, the pair at the article's caret outlined. Pairs set by hand,
//! notes and links are written at once to the editions file beside edition A.

use super::CloseReadApp;
use super::jobs::Pick;
use crate::command::{AppCommand, EditionCommand, EditionsExport};
use crate::editions::{self, EditionLink, Editions, Pairing, Passage};
use crate::model::direction::TextDirection;
use crate::model::{Document, Layer};
use crate::ui::article_view::ArticleView;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The other edition, open beside the article.
pub(crate) struct EditionSide {
    pub article: PathBuf,
    pub document: Document,
    /// The analyst's own annotations of the edition (empty when they have none).
    pub layer: Layer,
    pub direction: TextDirection,
    pub view: ArticleView,
    /// The pairing and links, as in the file: edition A is the file's owner.
    pub editions: Editions,
    /// The article open for reading is the file's edition B (after Switch editions).
    pub swapped: bool,
    /// The article's reading place the column last followed.
    pub followed: Option<(usize, f32)>,
    /// The paragraph at the column's top once it settled there (the article follows when the
    /// analyst scrolls the column away from it).
    pub column_at: Option<usize>,
    /// The note being typed on the pair at the article's caret, and that pair's paragraphs
    /// of the article.
    pub note_draft: (Vec<usize>, String),
}

impl EditionSide {
    /// The file's edition A (the article the file is named after).
    pub fn owner<'a>(&'a self, main: &'a Path) -> &'a Path {
        if self.swapped { &self.article } else { main }
    }

    /// The pairing holding the article's paragraph `index`.
    pub fn pairing_of_main(&self, index: usize) -> Option<&Pairing> {
        self.editions.pairing_of(index, self.swapped)
    }

    /// A pairing's paragraphs: the article's and the edition's.
    pub fn sides(&self, pairing: &Pairing) -> (Vec<usize>, Vec<usize>) {
        if self.swapped {
            (pairing.b.clone(), pairing.a.clone())
        } else {
            (pairing.a.clone(), pairing.b.clone())
        }
    }
}

/// The column's state: the edition open, or the path being asked for.
#[derive(Default)]
pub(crate) struct EditionsState {
    pub side: Option<EditionSide>,
    /// The path typed while the column asks which file is the other edition.
    pub asking: Option<String>,
    /// The path field takes the keyboard when it is next drawn.
    pub focus_path: bool,
    /// Where the side-by-side file is to be written, while the column asks.
    pub export_draft: Option<(EditionsExport, String)>,
}

/// The block indexes a char range covers (at least the one at its start).
fn blocks_of(document: &Document, range: Range<usize>) -> Vec<usize> {
    let Some(first) = document.block_index_at(range.start) else {
        return Vec::new();
    };
    let last = document
        .block_index_at(range.end.saturating_sub(1).max(range.start))
        .unwrap_or(first);
    (first..=last.max(first)).collect()
}

fn texts(document: &Document) -> Vec<&str> {
    document
        .blocks()
        .iter()
        .map(|block| document.slice(block.chars.clone()))
        .collect()
}

impl CloseReadApp {
    pub(super) fn apply_edition_command(&mut self, command: EditionCommand) {
        match command {
            EditionCommand::Ask => self.ask_for_edition(),
            EditionCommand::Browse => {
                self.pick_in_dialog(Pick::Edition, "Open the other edition", false)
            }
            EditionCommand::Open(path) => self.open_edition(&path),
            EditionCommand::Close => {
                self.editions = EditionsState::default();
            }
            EditionCommand::PairParagraphs => self.pair_paragraphs(),
            EditionCommand::LinkPassages => self.link_passages(),
            EditionCommand::SetNote(note) => self.set_pair_note(note),
            EditionCommand::Switch => self.switch_editions(),
            EditionCommand::Export(format) => self.ask_where_to_export_editions(format),
            EditionCommand::CancelExport => self.editions.export_draft = None,
            EditionCommand::ExportTo(format, path) => self.export_editions(format, &path),
        }
    }

    /// Shows the column: the edition the editions file names opens at once, else its path is
    /// asked.
    fn ask_for_edition(&mut self) {
        let Some(session) = &self.session else {
            self.notify_info("Open an article first, then its other edition beside it.");
            return;
        };
        let named = editions::load(&session.article_path)
            .ok()
            .flatten()
            .map(|file| session.article_path.with_file_name(&file.b))
            .filter(|path| path.is_file());
        match named {
            Some(path) => self.open_edition(&path),
            None => {
                self.editions.asking = Some(String::new());
                self.editions.focus_path = true;
            }
        }
    }

    /// Opens `path` beside the article: its text, the analyst's layer of it, its direction,
    /// and the pairing (the editions file's, when it is about these two, with a fresh
    /// automatic alignment of what was not set by hand).
    pub(super) fn open_edition(&mut self, path: &Path) {
        let Some(session) = &self.session else {
            return;
        };
        let main = session.article_path.clone();
        let analyst = session.analyst().to_owned();
        if super::retrieval::same_file(path, &main) {
            self.notify_error("That is the article itself: choose its other edition.");
            return;
        }
        let document = match crate::store::read_article(path) {
            Ok(article) => article.document,
            Err(error) => {
                self.notify_error(error.to_string());
                return;
            }
        };
        // Whose file: the article's (it is edition A), or the edition's naming the article.
        let swapped = editions::load(&main).ok().flatten().is_none()
            && editions::load(path).ok().flatten().is_some_and(|file| {
                super::retrieval::same_file(&path.with_file_name(&file.b), &main)
            });
        let (owner, other) = if swapped {
            (path.to_path_buf(), main.clone())
        } else {
            (main.clone(), path.to_path_buf())
        };
        let main_texts = texts(&session.document);
        let side_texts = texts(&document);
        let (owner_texts, other_texts) = if swapped {
            (&side_texts, &main_texts)
        } else {
            (&main_texts, &side_texts)
        };
        let aligned = editions::aligned_with_file(&owner, &other, owner_texts, other_texts);
        let editions = match aligned {
            Ok(editions) => editions,
            Err(error) => {
                self.notify_error(error.to_string());
                return;
            }
        };
        let annotations = self.annotations_dir_for_edition(path);
        let sidecar = crate::store::sidecar_path(path, annotations.as_deref(), &analyst);
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let layer = match crate::store::load_sidecar(&sidecar, &document, &name) {
            Ok(Some(loaded)) => loaded.layer,
            Ok(None) => Layer::new(analyst.clone(), session.tag_set().clone()),
            Err(error) => {
                let empty = Layer::new(analyst.clone(), session.tag_set().clone());
                self.notify_error(format!(
                    "The other edition opens without your annotations of it: {error}"
                ));
                empty
            }
        };
        let direction = super::open::article_direction(path);
        let pairs = editions.pairs.len();
        self.editions = EditionsState {
            side: Some(EditionSide {
                article: path.to_path_buf(),
                document,
                layer,
                direction,
                view: ArticleView::default(),
                editions,
                swapped,
                followed: None,
                column_at: None,
                note_draft: (Vec::new(), String::new()),
            }),
            asking: None,
            focus_path: false,
            export_draft: None,
        };
        self.notify_info(format!(
            "{name} beside the article: {pairs} pairs of paragraphs. Scroll the article and it follows."
        ));
    }

    /// Where the analyst's sidecar of the edition is: the article's folder rules.
    fn annotations_dir_for_edition(&self, path: &Path) -> Option<PathBuf> {
        self.article
            .annotations_dir
            .clone()
            .or_else(|| self.project_annotations_dir(path))
    }

    /// Writes the editions file; says so when it cannot.
    fn save_editions(&mut self) -> bool {
        let (Some(session), Some(side)) = (&self.session, &self.editions.side) else {
            return false;
        };
        let owner = side.owner(&session.article_path).to_path_buf();
        match editions::save(&owner, &side.editions) {
            Ok(_) => true,
            Err(error) => {
                self.notify_error(error.to_string());
                false
            }
        }
    }

    /// The article's selected paragraphs (or the caret's) with the edition's, by hand.
    fn pair_paragraphs(&mut self) {
        let (Some(session), Some(side)) = (&self.session, &mut self.editions.side) else {
            self.notify_info("Open the other edition first (File › Open other edition…).");
            return;
        };
        let main_range = self.view.article.selection().unwrap_or_else(|| {
            let caret = self.view.article.caret_offset();
            caret..caret
        });
        let side_range = side.view.selection().unwrap_or_else(|| {
            let caret = side.view.caret_offset();
            caret..caret
        });
        let main = blocks_of(&session.document, main_range);
        let other = blocks_of(&side.document, side_range);
        if main.is_empty() || other.is_empty() {
            self.notify_info(
                "Put the caret (or select) in a paragraph of each edition, then pair them.",
            );
            return;
        }
        let (a, b) = if side.swapped {
            (other.clone(), main.clone())
        } else {
            (main.clone(), other.clone())
        };
        for pairing in &mut side.editions.pairs {
            pairing.a.retain(|index| !a.contains(index));
            pairing.b.retain(|index| !b.contains(index));
        }
        side.editions
            .pairs
            .retain(|pairing| !pairing.a.is_empty() || !pairing.b.is_empty());
        side.editions.pairs.push(Pairing {
            a,
            b,
            by_hand: true,
            note: String::new(),
        });
        side.editions.pairs.sort_by_key(|pairing| {
            (
                pairing.a.first().copied().unwrap_or(usize::MAX),
                pairing.b.first().copied().unwrap_or(usize::MAX),
            )
        });
        if self.save_editions() {
            self.notify_info(format!(
                "Paired by hand: the article's ¶{} with the edition's ¶{} (kept when aligning again).",
                main.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(", "),
                other.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(", ")
            ));
        }
    }

    /// Links the article's selected passage to the edition's ("translates").
    fn link_passages(&mut self) {
        let (Some(session), Some(side)) = (&self.session, &mut self.editions.side) else {
            self.notify_info("Open the other edition first (File › Open other edition…).");
            return;
        };
        let (Some(main_range), Some(side_range)) =
            (self.view.article.selection(), side.view.selection())
        else {
            self.notify_info("Select the passage in the article and its rendering in the other edition, then link them.");
            return;
        };
        let passage = |document: &Document, range: Range<usize>| Passage {
            quote: document.slice(range.clone()).to_owned(),
            start: range.start,
            end: range.end,
        };
        let main_passage = passage(&session.document, main_range);
        let side_passage = passage(&side.document, side_range);
        let (a, b) = if side.swapped {
            (side_passage, main_passage)
        } else {
            (main_passage, side_passage)
        };
        side.editions.links.push(EditionLink {
            a,
            b,
            analyst: session.analyst().to_owned(),
            note: String::new(),
        });
        side.editions
            .links
            .sort_by_key(|link| (link.a.start, link.a.end, link.b.start));
        if self.save_editions() {
            self.notify_info("Linked: the edition's passage translates the article's.");
        }
    }

    /// The note on the pair of the article's paragraph at the caret.
    fn set_pair_note(&mut self, note: String) {
        let (Some(session), Some(side)) = (&self.session, &mut self.editions.side) else {
            return;
        };
        let Some(index) = session
            .document
            .block_index_at(self.view.article.caret_offset())
        else {
            return;
        };
        let swapped = side.swapped;
        let position = side.editions.pairs.iter().position(|pairing| {
            if swapped {
                pairing.b.contains(&index)
            } else {
                pairing.a.contains(&index)
            }
        });
        let note = note.trim().to_owned();
        match position {
            Some(position) => side.editions.pairs[position].note = note,
            None => {
                let pairing = Pairing {
                    a: if swapped { Vec::new() } else { vec![index] },
                    b: if swapped { vec![index] } else { Vec::new() },
                    by_hand: true,
                    note,
                };
                side.editions.pairs.push(pairing);
            }
        }
        if self.save_editions() {
            self.notify_info("Note on the pair saved in the editions file.");
        }
    }

    /// Opens the edition as the article, and the article beside it.
    fn switch_editions(&mut self) {
        let (Some(session), Some(side)) = (&self.session, &self.editions.side) else {
            self.notify_info("Open the other edition first (File › Open other edition…).");
            return;
        };
        let article = session.article_path.clone();
        let edition = side.article.clone();
        self.pending_edition = Some((edition.clone(), article));
        self.open_article(edition);
    }

    /// After an article opened: the edition waiting to go beside it (Switch editions).
    pub(super) fn open_pending_edition(&mut self) {
        self.editions = EditionsState::default();
        // Only beside the article it waited for (an open that failed leaves it unused).
        let opened = self
            .session
            .as_ref()
            .map(|session| session.article_path.clone());
        if let Some((expected, path)) = self.pending_edition.take()
            && opened.is_some_and(|opened| super::retrieval::same_file(&opened, &expected))
        {
            self.open_edition(&path);
        }
    }

    /// Shows where the side-by-side file will be written (beside edition A, named after it),
    /// for the analyst to change or confirm in the column.
    fn ask_where_to_export_editions(&mut self, format: EditionsExport) {
        let (Some(session), Some(side)) = (&self.session, &self.editions.side) else {
            self.notify_info("Open the other edition first (File › Open other edition…).");
            return;
        };
        let owner = side.owner(&session.article_path);
        let stem = owner
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_else(|| "editions".to_owned());
        let extension = match format {
            EditionsExport::Csv => "csv",
            EditionsExport::Html => "html",
        };
        let path = owner.with_file_name(format!("{stem}.editions.{extension}"));
        self.editions.export_draft = Some((format, path.display().to_string()));
    }

    /// Writes both editions side by side to `path`, whole or not at all.
    pub(super) fn export_editions(&mut self, format: EditionsExport, path: &Path) {
        let (Some(session), Some(side)) = (&self.session, &self.editions.side) else {
            return;
        };
        let main = editions::export::Edition {
            name: "",
            document: &session.document,
            direction: self.view.direction,
        };
        let other = editions::export::Edition {
            name: "",
            document: &side.document,
            direction: side.direction,
        };
        let (a, b) = if side.swapped {
            (other, main)
        } else {
            (main, other)
        };
        let a = editions::export::Edition {
            name: &side.editions.a,
            ..a
        };
        let b = editions::export::Edition {
            name: &side.editions.b,
            ..b
        };
        let mut bytes = Vec::new();
        let written = match format {
            EditionsExport::Csv => {
                editions::export::write_csv(&side.editions, &a, &b, &mut bytes, false)
            }
            EditionsExport::Html => {
                editions::export::write_html(&side.editions, &a, &b, &mut bytes)
            }
        }
        .and_then(|()| crate::store::write_atomically(path, &bytes));
        match written {
            Ok(()) => {
                self.editions.export_draft = None;
                self.notify_info(format!("Both editions side by side in {}", path.display()));
            }
            Err(error) => self.notify_error(format!("Cannot write {}: {error}", path.display())),
        }
    }

    /// Sends the path picked for the edition or for the export on.
    pub(super) fn take_edition_pick(pick: &Pick, path: Option<PathBuf>) -> Option<AppCommand> {
        match (pick, path) {
            (Pick::Edition, Some(path)) => Some(AppCommand::Edition(EditionCommand::Open(path))),
            _ => None,
        }
    }
}
