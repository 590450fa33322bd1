//! Moving annotations out of and into the window: exports (run on a worker), imports, and
//! copying excerpts as Markdown.

use super::CloseReadApp;
use std::path::Path;

impl CloseReadApp {
    pub(super) fn start_export(&mut self, request: super::ExportRequest) {
        let Some(session) = &self.session else {
            return;
        };
        if self.jobs.is_exporting() {
            self.notify_info("An export is already running.");
            return;
        }
        let mut layers = vec![session.layer().clone()];
        for analyst in &request.other_analysts {
            match session.read_other_layer(analyst) {
                Ok(layer) => layers.push(layer),
                Err(error) => {
                    self.notify_error(format!("Not exported: {error}"));
                    return;
                }
            }
        }
        // The briefing's header: the article's document information (its meta file, else what
        // the article says), and for a consensus layer whose readings it was settled from.
        let settled_from = match layers
            .iter()
            .find(|layer| layer.analyst == crate::team::CONSENSUS)
        {
            Some(consensus) => {
                let others: Vec<crate::model::Layer> = session
                    .other_analysts()
                    .iter()
                    .filter_map(|analyst| session.read_other_layer(analyst).ok())
                    .collect();
                crate::team::settled_from(consensus, &others)
            }
            None => Vec::new(),
        };
        let (info, info_error) =
            crate::store::document_info::load_or_detect_reporting(&session.article_path);
        let context = super::export_job::ExportContext { info, settled_from };
        let started = super::export_job::ExportJob::start(
            request,
            session.article_name(),
            context,
            session.document.clone(),
            layers,
            self.ctx.clone(),
        );
        if let Some(error) = info_error {
            self.notify_error(format!(
                "{error}. The briefing uses what the article itself says."
            ));
        }
        match started {
            Ok(job) => self.jobs.start(super::jobs::BackgroundJob::Export(job)),
            Err(error) => self.notify_error(format!("Cannot start the export: {error}")),
        }
    }

    pub(super) fn import(
        &mut self,
        format: crate::import::ImportFormat,
        path: &Path,
        (tag_map, relation_map): (&str, &str),
    ) {
        let result = match &mut self.session {
            Some(session) => {
                crate::import::import_into(session, format, path, tag_map, relation_map)
            }
            None => return,
        };
        match result {
            Ok(summary) => {
                let text = summary.describe();
                self.notify_info(format!(
                    "From {}: {text}. Undo with Ctrl+Z.",
                    path.display()
                ));
                self.dialogs.import_report = Some(crate::ui::import_report_window::ImportReport {
                    file: path.display().to_string(),
                    summary: text,
                    lines: summary.report_lines(),
                });
            }
            Err(error) => self.notify_error(format!("Import failed: {error}")),
        }
    }

    /// The selected annotation, or every annotation shown when none is selected, as a Markdown
    /// briefing on the clipboard.
    pub(super) fn copy_excerpts_as_markdown(&mut self, ctx: &egui::Context) {
        let Some(session) = &self.session else {
            return;
        };
        let layer = session.layer();
        let chosen: Vec<crate::model::Annotation> =
            match self.view.selected_annotation.and_then(|id| layer.get(id)) {
                Some(annotation) => vec![annotation.clone()],
                None => layer
                    .annotations()
                    .iter()
                    .filter(|annotation| !self.view.hidden_tags.contains(&annotation.tag))
                    .cloned()
                    .collect(),
            };
        let count = chosen.len();
        let copied = crate::model::Layer::with_annotations(
            layer.analyst.clone(),
            layer.tag_set.clone(),
            chosen,
        )
        .with_analyst_name(layer.analyst_name.clone());
        let layers = [&copied];
        let tags = std::collections::HashSet::new();
        let (info, info_error) =
            crate::store::document_info::load_or_detect_reporting(&session.article_path);
        let input = crate::export::ExportInput {
            article_name: &session.article_name(),
            document: &session.document,
            layers: &layers,
            tags: &tags,
            info: info.as_ref(),
            settled_from: &[],
        };
        let mut markdown = Vec::new();
        if let Err(error) = crate::export::markdown::write(&input, &mut markdown, &mut |_, _| {}) {
            self.notify_error(format!("Cannot copy: {error}"));
            return;
        }
        if let Some(error) = info_error {
            self.notify_error(format!(
                "{error}. The briefing uses what the article itself says."
            ));
        }
        let text = String::from_utf8_lossy(&markdown).into_owned();
        ctx.copy_text(text.clone());
        self.view.last_copied_text = Some(text);
        self.notify_info(format!("Copied {count} excerpt(s) as Markdown."));
    }
}
