//! Relations, the argument map and tag sets in the window: linking by L and a click, the
//! relation kind asked when several are allowed, the map window and its export, and choosing a
//! tag set file.

use super::CloseReadApp;
use crate::command::{DockView, RelationCommand};
use crate::model::{AnnotationId, Relation, RelationKind};
use crate::session::TagSetSource;
use crate::store::tag_sets;
use std::path::Path;

/// What the relations features keep between frames.
#[derive(Default)]
pub(crate) struct RelationsState {
    /// Linking from this annotation: the next click on a highlight picks the target.
    pub linking_from: Option<AnnotationId>,
    /// Source and target picked, waiting for the analyst to choose the kind.
    pub choosing_kind: Option<(AnnotationId, AnnotationId)>,
    pub show_relations: bool,
    pub show_map: bool,
    pub map_view: crate::ui::argument_map_window::MapView,
    map_cache: Option<((String, u64), crate::argument_map::MapLayout)>,
    pub show_tag_set: bool,
    pub tag_set_dialog: crate::ui::tag_set_window::TagSetDialog,
}

impl CloseReadApp {
    /// Applies the relation, map and tag set commands.
    pub(super) fn apply_relation_command(&mut self, command: RelationCommand) {
        match command {
            RelationCommand::StartLinking => self.start_linking(),
            RelationCommand::CancelLinking => {
                self.relations.linking_from = None;
                self.relations.choosing_kind = None;
            }
            RelationCommand::LinkTo(target) => self.link_to(target),
            RelationCommand::AddRelation {
                source,
                kind,
                target,
            } => self.add_relation(source, kind, target),
            RelationCommand::DeleteRelation(relation) => {
                let result = self.with_session(|session| session.delete_relation(&relation));
                self.report(result);
            }
            RelationCommand::SetRelationNote { relation, note } => {
                let result =
                    self.with_session(|session| session.set_relation_note(&relation, note));
                self.report(result);
            }
            RelationCommand::SetShowRelations(show) => self.relations.show_relations = show,
            RelationCommand::ShowArgumentMap(show) => {
                if show {
                    self.show_dock_view(DockView::ArgumentMap);
                } else {
                    self.close_dock_view(DockView::ArgumentMap);
                }
                self.relations.map_view.fit_frames = 3;
            }
            RelationCommand::ExportArgumentMap(path) => self.export_argument_map(&path),
            RelationCommand::ShowTagSetWindow(show) => self.relations.show_tag_set = show,
            RelationCommand::UseTagSetFile { path, whole_folder } => {
                self.use_tag_set_file(&path, whole_folder)
            }
            RelationCommand::WriteTagSetFile => self.write_tag_set_file(),
        }
    }

    fn start_linking(&mut self) {
        let Some(source) = self.view.selected_annotation else {
            self.notify_info("Select the annotation to link from first, then press L.");
            return;
        };
        self.relations.linking_from = Some(source);
        self.relations.choosing_kind = None;
    }

    fn link_to(&mut self, target: AnnotationId) {
        let Some(source) = self.relations.linking_from.take() else {
            return;
        };
        let Some(session) = &self.session else {
            return;
        };
        let layer = session.layer();
        let (Some(from), Some(to)) = (layer.get(source), layer.get(target)) else {
            return;
        };
        if source == target {
            self.notify_info("An annotation cannot be related to itself: click another one.");
            self.relations.linking_from = Some(source);
            return;
        }
        let kinds = layer.tag_set.relations_between(&from.tag, &to.tag);
        match kinds.as_slice() {
            [] => {
                let message = layer
                    .check_relation(&Relation {
                        source,
                        target,
                        note: String::new(),
                        kind: layer
                            .tag_set
                            .relations
                            .first()
                            .map_or_else(|| RelationKind::new("supports"), |r| r.id.clone()),
                    })
                    .err()
                    .map(|error| error.to_string())
                    .unwrap_or_default();
                self.notify_error(format!(
                    "No relation is allowed between these two: {message}"
                ));
            }
            [only] => {
                let kind = only.id.clone();
                self.add_relation(source, kind, target);
            }
            _ => self.relations.choosing_kind = Some((source, target)),
        }
    }

    fn add_relation(&mut self, source: AnnotationId, kind: RelationKind, target: AnnotationId) {
        self.relations.choosing_kind = None;
        let result = self.with_session(|session| session.add_relation(source, kind, target));
        if result.is_ok() {
            self.view.selected_annotation = Some(source);
        }
        self.report(result);
    }

    /// The map of the own layer, laid out again only when the layer changed.
    pub(super) fn argument_map(&mut self) -> Option<&crate::argument_map::MapLayout> {
        let session = self.session.as_ref()?;
        let key = (session.analyst().to_owned(), session.revision());
        if self
            .relations
            .map_cache
            .as_ref()
            .is_none_or(|(cached, _)| *cached != key)
        {
            let map = crate::argument_map::layout_map(session.layer());
            self.relations.map_cache = Some((key, map));
        }
        self.relations.map_cache.as_ref().map(|(_, map)| map)
    }

    /// Where the map is written unless the analyst says otherwise.
    pub(super) fn default_map_path(&self) -> std::path::PathBuf {
        self.session
            .as_ref()
            .map(|session| {
                let stem = session
                    .article_path
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "article".to_owned());
                session
                    .annotations_folder()
                    .join(format!("{stem}.{}.argument-map.svg", session.analyst()))
            })
            .unwrap_or_default()
    }

    fn export_argument_map(&mut self, path: &Path) {
        let title = self
            .session
            .as_ref()
            .map(|session| {
                format!(
                    "Argument map: {} ({})",
                    session.article_name(),
                    session.analyst()
                )
            })
            .unwrap_or_default();
        let Some(map) = self.argument_map().cloned() else {
            return;
        };
        match crate::argument_map::svg::write_map(&map, &title, path) {
            Ok(()) => self.notify_info(format!("Argument map written to {}.", path.display())),
            Err(error) => self.notify_error(format!(
                "Cannot write the argument map to {}: {error}",
                path.display()
            )),
        }
    }

    fn use_tag_set_file(&mut self, path: &Path, whole_folder: bool) {
        let Some(session) = &mut self.session else {
            return;
        };
        let set = match tag_sets::read_tag_set(path) {
            Ok(set) => set,
            Err(error) => {
                self.notify_error(error.to_string());
                return;
            }
        };
        let folder = session.annotations_folder();
        let destination = if whole_folder {
            folder.join(tag_sets::PROJECT_TAG_SET_FILE)
        } else {
            tag_sets::article_tag_set_path(&session.article_path, &folder)
        };
        if let Err(error) = tag_sets::write_tag_set(&destination, &set) {
            self.notify_error(error.to_string());
            return;
        }
        let name = set.name.clone();
        session.use_tag_set(set, TagSetSource::File(destination.clone()));
        let mut text = format!(
            "Tag set “{name}” in use (saved as {}).",
            destination.display()
        );
        if let Some(listed) = session.unknown_tags_listed() {
            text.push_str(&format!(
                " It does not know these tags: {listed}; their annotations are kept and shown in grey."
            ));
        }
        self.notify_info(text);
    }

    fn write_tag_set_file(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        let path =
            tag_sets::article_tag_set_path(&session.article_path, &session.annotations_folder());
        let set = session.tag_set().clone();
        match tag_sets::write_tag_set(&path, &set) {
            Ok(()) => {
                session.use_tag_set(set, TagSetSource::File(path.clone()));
                self.relations.tag_set_dialog.path = path.display().to_string();
                self.notify_info(format!(
                    "Tag set written to {}: edit it (tags with keys 1–9, relations), then choose “Use this tag set”, or reopen the article.",
                    path.display()
                ));
            }
            Err(error) => self.notify_error(error.to_string()),
        }
    }
}
