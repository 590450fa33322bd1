//! The dialogs the window has open: the analyst and path prompts, the recent articles, export
//! and import, and Document info… with the fields being edited.

use super::CloseReadApp;
use crate::ui::dialogs::Dialogs;
use crate::ui::document_info_window::DocumentInfoDraft;
use crate::ui::transfer_dialogs::TransferDialogs;
use std::path::PathBuf;

/// The open dialogs and what they are being filled in for.
#[derive(Default)]
pub(crate) struct DialogsState {
    /// The analyst prompt, the path prompt and the recent articles.
    pub prompts: Dialogs,
    /// Export… and Import….
    pub transfer: TransferDialogs,
    /// File › Document info…, with the fields being edited.
    pub document_info: Option<DocumentInfoDraft>,
    /// An article waiting for the analyst's name before it can be opened.
    pub pending_article: Option<PathBuf>,
    /// The last import's report, while shown.
    pub import_report: Option<crate::ui::import_report_window::ImportReport>,
}

impl CloseReadApp {
    pub(super) fn show_document_info(&mut self, show: bool) {
        use crate::store::document_info;
        self.dialogs.document_info = None;
        let (true, Some(session)) = (show, &self.session) else {
            return;
        };
        let article = &session.article_path;
        let draft = match document_info::load(article) {
            Ok(Some(info)) => DocumentInfoDraft::of(&info, true),
            Ok(None) => match document_info::load_or_detect(article) {
                Ok(info) => DocumentInfoDraft::of(&info, false),
                Err(error) => DocumentInfoDraft {
                    error: Some(error.to_string()),
                    ..Default::default()
                },
            },
            Err(error) => DocumentInfoDraft {
                error: Some(error.to_string()),
                ..Default::default()
            },
        };
        self.dialogs.document_info = Some(draft);
    }

    pub(super) fn save_document_info(&mut self, info: &crate::store::document_info::DocumentInfo) {
        let Some(session) = &self.session else {
            return;
        };
        let article = session.article_path.clone();
        match crate::store::document_info::save(&article, info) {
            Ok(()) => {
                self.dialogs.document_info = None;
                self.view.direction = info.direction;
                self.notify_info(format!(
                    "Document information saved to {}.",
                    crate::store::document_info::meta_path(&article).display()
                ));
            }
            Err(error) => {
                if let Some(draft) = &mut self.dialogs.document_info {
                    draft.error = Some(error.to_string());
                }
                self.notify_error(error.to_string());
            }
        }
    }
}
