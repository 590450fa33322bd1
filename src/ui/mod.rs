//! Everything drawn with egui. UI code reads the app's state and returns
//! [`crate::command::AppCommand`]s; it never changes the model itself. Functions that take a
//! `&mut egui::Ui` end in `_ui`.
//!
//! - [`article_view`]: the article, laid out paragraph by paragraph, with highlights and the
//!   app's own selection model.
//! - [`annotation_pane`]: the selection, the tag buttons, the annotation list and editor.
//! - [`menu_bar`], [`dialogs`], [`status_bar`]: the rest of the window.
//! - [`transfer_dialogs`]: the Export and Import dialogs.
//! - [`team_panel`], [`compare_window`], [`agreement_window`], [`adjudication_window`]:
//!   teammates' layers, comparing two readings, agreement as a heat map, adjudication.
//! - [`relations_pane`], [`argument_map_window`], [`tag_set_window`]: relations in the
//!   pane, the argument map, the tag set.
//! - [`cheat_sheet`]: the command list with its keys (F1), which also runs commands.
//! - [`find_bar`], [`overview_strip`], [`statistics_window`]: find in the article, where the
//!   annotations lie, and charts of their counts.
//! - [`theme`]: colours, sizes and fonts, in one place; [`kept_galleys`]: laid-out text kept
//!   across frames.

pub mod adjudication_window;
pub mod agreement_window;
pub mod annotation_pane;
pub mod argument_map_window;
pub mod article_view;
pub(crate) mod bidi_text;
pub mod cheat_sheet;
pub mod codebook_window;
pub mod compare_window;
pub mod dialogs;
pub mod document_info_window;
pub(crate) mod editions_panel;
pub mod find_bar;
pub mod import_report_window;
pub(crate) mod kept_galleys;
pub mod menu_bar;
pub mod note_editor;
pub mod overview_strip;
pub mod progress_window;
pub mod project_home;
pub mod project_team_window;
pub mod reading_note_box;
pub mod relations_pane;
pub mod retrieval_window;
pub mod statistics_window;
pub mod status_bar;
pub(crate) mod sync_window;
pub mod tag_set_window;
pub mod team_dock;
pub mod team_panel;
pub mod theme;
pub mod transfer_dialogs;
