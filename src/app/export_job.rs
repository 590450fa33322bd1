//! Exports run off the UI thread: the window keeps drawing, shows progress and can cancel.
//! The export streams into a temporary file beside the target, renamed over it when done, so a
//! cancelled or failed export leaves no half-written file.

use crate::export::{ExportError, ExportFormat, ExportInput, ExportOptions, ExportTarget};
use crate::model::{Document, Layer};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

pub use crate::command::ExportRequest;

/// What a briefing says about the article besides its layers: its document information and,
/// for a consensus layer, the analysts it was settled from.
#[derive(Clone, Debug, Default)]
pub(crate) struct ExportContext {
    pub info: Option<crate::store::DocumentInfo>,
    pub settled_from: Vec<String>,
}

/// An export in progress.
pub(crate) struct ExportJob {
    pub request: ExportRequest,
    pub done: Arc<AtomicUsize>,
    pub total: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    result: mpsc::Receiver<Result<String, String>>,
}

impl ExportJob {
    /// Starts exporting a copy of the layer in a background thread.
    pub fn start(
        request: ExportRequest,
        article_name: String,
        context: ExportContext,
        document: Document,
        layers: Vec<Layer>,
        ctx: egui::Context,
    ) -> std::io::Result<Self> {
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, result) = mpsc::channel();
        let job_request = request.clone();
        let (thread_done, thread_total, thread_cancel) =
            (done.clone(), total.clone(), cancel.clone());
        std::thread::Builder::new()
            .name("export".to_owned())
            .spawn(move || {
                let outcome = run(
                    &job_request,
                    (&article_name, &context),
                    &document,
                    &layers,
                    &thread_done,
                    &thread_total,
                    &thread_cancel,
                );
                // The window may have closed meanwhile; then nobody is waiting.
                let _ = sender.send(outcome);
                ctx.request_repaint();
            })?;
        Ok(Self {
            request,
            done,
            total,
            cancel,
            result,
        })
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The outcome, once finished: a message for the analyst.
    pub fn poll(&self) -> Option<Result<String, String>> {
        match self.result.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(
                "The export stopped unexpectedly; nothing was written.".to_owned(),
            )),
        }
    }

    /// Fraction done, 0..=1.
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            return 0.0;
        }
        self.done.load(Ordering::Relaxed) as f32 / total as f32
    }
}

fn run(
    request: &ExportRequest,
    (article_name, context): (&str, &ExportContext),
    document: &Document,
    layers: &[Layer],
    done: &AtomicUsize,
    total: &AtomicUsize,
    cancel: &Arc<AtomicBool>,
) -> Result<String, String> {
    let layers: Vec<&Layer> = layers.iter().collect();
    let input = ExportInput {
        article_name,
        document,
        layers: &layers,
        tags: &request.tags,
        info: context.info.as_ref(),
        settled_from: &context.settled_from,
    };
    let mut progress = |written: usize, of: usize| {
        done.store(written, Ordering::Relaxed);
        total.store(of, Ordering::Relaxed);
    };
    let options = ExportOptions {
        excel: request.excel,
        with_article: request.with_article,
    };
    let outcome = crate::export::run(
        request.format,
        &input,
        ExportTarget::Path(&request.path),
        &options,
        Some(cancel),
        &mut progress,
    )
    .map_err(|error| match error {
        ExportError::Cancelled => "Export cancelled; nothing was written.".to_owned(),
        error => format!("Export to {} failed: {error}", request.path.display()),
    })?;
    let place = if request.format == ExportFormat::Brat {
        "the folder "
    } else {
        ""
    };
    let left_out: String = outcome
        .left_out()
        .iter()
        .map(|line| format!(" ({line})"))
        .collect();
    Ok(format!(
        "Exported to {place}{}{left_out}",
        request.path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TagSet;
    use crate::synthetic::{generate_annotations, generate_article};
    use std::collections::HashSet;
    use std::path::PathBuf;

    /// Starts an export of 20,000 generated annotations to `path` in `format`.
    fn start_big_export(format: ExportFormat, path: PathBuf) -> ExportJob {
        let document = Document::from_raw_text(&generate_article(5, 300_000));
        let annotations = generate_annotations(&document, 6, 20_000, "bench");
        let layer = Layer::with_annotations("bench", TagSet::default(), annotations);
        let request = ExportRequest {
            format,
            other_analysts: Vec::new(),
            tags: HashSet::new(),
            path,
            excel: false,
            with_article: false,
        };
        ExportJob::start(
            request,
            "big.txt".into(),
            ExportContext::default(),
            document,
            vec![layer],
            egui::Context::default(),
        )
        .expect("started")
    }

    fn wait_for(job: &ExportJob) -> Result<String, String> {
        loop {
            if let Some(outcome) = job.poll() {
                return outcome;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    #[test]
    fn twenty_thousand_annotations_export_in_the_background_with_progress() {
        let dir = tempfile::tempdir().expect("tempdir");
        let job = start_big_export(ExportFormat::Csv, dir.path().join("all.csv"));
        let outcome = wait_for(&job);
        assert!(outcome.expect("exported").starts_with("Exported to"));
        assert_eq!(job.total.load(Ordering::Relaxed), 20_000);
        assert_eq!(job.fraction(), 1.0);
        let mut reader = ::csv::Reader::from_path(dir.path().join("all.csv")).expect("csv");
        assert_eq!(reader.records().count(), 20_000);
    }

    #[test]
    fn a_cancelled_export_leaves_no_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let job = start_big_export(ExportFormat::Html, dir.path().join("report.html"));
        job.cancel();
        let outcome = wait_for(&job);
        // Cancelling may come after the last write of a fast export; either way no partial file.
        match outcome {
            Err(message) => {
                assert!(message.contains("cancelled"), "{message}");
                assert!(!dir.path().join("report.html").exists());
            }
            Ok(_) => assert!(dir.path().join("report.html").exists()),
        }
        let leftovers = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .count();
        assert!(leftovers <= 1, "no temporary file left behind");
    }
}
