//! Files dropped onto the window: an article opens; a tag set file (`*.tags.ron`, `tags.ron`)
//! becomes the open article's tag set; a sidecar (any other `.ron`) joins the open article as
//! a teammate's layer, or opens the article it belongs to when that lies beside it. Files and
//! folders dropped while the project home is shown are added to the project instead.

use super::{AppCommand, CloseReadApp};
use crate::command::RelationCommand;
use std::path::{Path, PathBuf};

impl CloseReadApp {
    /// Turns this frame's dropped files into commands (sidecars are taken in at once).
    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) -> Vec<AppCommand> {
        let dropped: Vec<PathBuf> = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_path_buf())
                .filter(|path| !path.as_os_str().is_empty())
                .collect()
        });
        if dropped.is_empty() {
            return Vec::new();
        }
        // Onto the project home: the files (or folders) join the project.
        if self.project.show_home && self.project.open.is_some() {
            return vec![AppCommand::Project(
                crate::command::ProjectCommand::AddArticles(dropped),
            )];
        }
        let (ron_files, articles): (Vec<PathBuf>, Vec<PathBuf>) =
            dropped.into_iter().partition(|path| is_ron_name(path));
        // The article first (one: the window shows one), so that sidecars dropped with it
        // join it rather than the article open before.
        if let Some(article) = articles.into_iter().next() {
            self.open_article(article);
        }
        let mut commands = Vec::new();
        for path in ron_files {
            if is_tag_set_name(&path) {
                commands.push(AppCommand::Relations(RelationCommand::UseTagSetFile {
                    path,
                    whole_folder: false,
                }));
            } else {
                self.take_dropped_sidecar(&path);
            }
        }
        commands
    }

    /// A dropped sidecar: copied beside the open article as a teammate's layer (never over an
    /// existing file), or, for another article found beside it, that article is opened.
    pub fn take_dropped_sidecar(&mut self, path: &Path) {
        let file = match std::fs::read_to_string(path)
            .map_err(|error| error.to_string())
            .and_then(|text| {
                crate::store::sidecar::SidecarFile::parse(&text, path)
                    .map_err(|error| error.to_string())
            }) {
            Ok(file) => file,
            Err(error) => {
                return self.notify_error(format!(
                    "{} is not a Closeread sidecar that can be read: {error}",
                    path.display()
                ));
            }
        };
        let Some(session) = &self.session else {
            return self.open_article_of_sidecar(path, &file.article);
        };
        let same_article = file.article_sha256 == session.document.sha256_hex()
            || file.article == session.article_name();
        if !same_article {
            return self.open_article_of_sidecar(path, &file.article);
        }
        if file.analyst == session.analyst() {
            return self.notify_error(format!(
                "{} is {}'s layer — your own name in this window. To take its annotations in, use File › Import… or open the article as another analyst.",
                path.display(),
                file.analyst
            ));
        }
        let target = crate::store::sidecar_path(
            &session.article_path,
            Some(&session.annotations_folder()),
            &file.analyst,
        );
        let same_file = match (target.canonicalize(), path.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if !same_file {
            if target.exists() {
                let identical = std::fs::read(&target).ok() == std::fs::read(path).ok();
                if !identical {
                    return self.notify_error(format!(
                        "{} already has a layer for {} ({}); it was not overwritten. Compare them with Compare readings…, or rename one analyst.",
                        session.article_name(),
                        file.analyst,
                        target.display()
                    ));
                }
            } else if let Err(error) = std::fs::read(path)
                .and_then(|bytes| crate::store::write_atomically(&target, &bytes))
            {
                return self.notify_error(format!(
                    "Cannot copy {} to {}: {error}",
                    path.display(),
                    target.display()
                ));
            }
        }
        self.refresh_teammates();
        self.notify_info(format!(
            "{}'s layer is beside the article now ({}); the Team panel shows it.",
            file.analyst,
            target.display()
        ));
    }

    /// Reads the teammates' layers beside the article again.
    fn refresh_teammates(&mut self) {
        if let Some(session) = &self.session {
            self.team.refresh(session, None);
            self.team.revision += 1;
        }
    }

    /// Opens the article a dropped sidecar names, when it lies beside the sidecar.
    fn open_article_of_sidecar(&mut self, sidecar: &Path, article_name: &str) {
        let folder = sidecar.parent().unwrap_or(Path::new("."));
        let article = folder.join(article_name);
        if article.is_file() {
            self.open_article(article);
        } else {
            self.notify_error(format!(
                "{} belongs to {article_name}, which is not open and not beside it. Open that article first, then drop the sidecar again.",
                sidecar.display()
            ));
        }
    }
}

/// Sidecars and tag set files end in `.ron` (articles never do).
fn is_ron_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("ron"))
}

/// `<article stem>.tags.ron` or `tags.ron`.
fn is_tag_set_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(crate::store::tag_sets::is_tag_set_file_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_set_files_are_told_from_sidecars_by_name() {
        assert!(is_tag_set_name(Path::new("/a/essay.tags.ron")));
        assert!(is_tag_set_name(Path::new("tags.ron")));
        assert!(!is_tag_set_name(Path::new("essay.analyst-a.ron")));
        assert!(is_ron_name(Path::new("essay.analyst-a.RON")));
        assert!(!is_ron_name(Path::new("essay.md")));
    }
}
