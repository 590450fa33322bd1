//! Relation commands: linking annotations, the relations in the margin, the argument map and
//! the tag set. Nested in [`super::AppCommand::Relations`].

use crate::model::{AnnotationId, Relation, RelationKind};
use std::path::PathBuf;

#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelationCommand {
    /// Start linking the selected annotation (L): the next click on a highlight picks the
    /// target.
    StartLinking,
    CancelLinking,
    /// The target picked while linking; the relation kind is asked if several are allowed.
    LinkTo(AnnotationId),
    AddRelation {
        source: AnnotationId,
        kind: RelationKind,
        target: AnnotationId,
    },
    DeleteRelation(Relation),
    /// The relation's note ("" removes it).
    SetRelationNote {
        relation: Relation,
        note: String,
    },
    /// Draw relations in the article's margin.
    SetShowRelations(bool),
    ShowArgumentMap(bool),
    /// Write the argument map as SVG (or PNG, by the extension) to this path.
    ExportArgumentMap(PathBuf),
    ShowTagSetWindow(bool),
    /// Use a tag set file for this article (`false`) or every article in its folder (`true`).
    UseTagSetFile {
        path: PathBuf,
        whole_folder: bool,
    },
    /// Write the current tag set as this article's tag set file, to edit by hand.
    WriteTagSetFile,
}
