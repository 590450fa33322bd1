//! Exports run off the UI thread: the window keeps drawing, shows progress and can cancel.
//! The export streams into a temporary file beside the target, renamed over it when done, so a
//! cancelled or failed export leaves no half-written file.

use crate::export::{ExportFormat, ExportInput, ExportOptions, brat, write_export};
use crate::model::{Document, Layer};
use std::io::Write;
use std::path::PathBuf;
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

/// A writer that stops with an error once the export is cancelled.
struct Cancellable<W> {
    inner: W,
    cancel: Arc<AtomicBool>,
}

impl<W: Write> Write for Cancellable<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            // Not ErrorKind::Interrupted: write_all would retry that forever.
            return Err(std::io::Error::other("cancelled"));
        }
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
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
    let failed = |error: std::io::Error| {
        if cancel.load(Ordering::Relaxed) {
            "Export cancelled; nothing was written.".to_owned()
        } else {
            format!("Export to {} failed: {error}", request.path.display())
        }
    };
    if request.format == ExportFormat::Brat {
        let stem = std::path::Path::new(article_name)
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_else(|| "article".to_owned());
        let outcome =
            brat::write_folder(&input, &request.path, &stem, &mut progress).map_err(failed)?;
        let mut skipped = match outcome.skipped_orphans {
            0 => String::new(),
            count => format!(" ({count} orphaned annotation(s) left out: brat cannot hold them)"),
        };
        if outcome.skipped_relations > 0 {
            skipped.push_str(&format!(
                " ({} relation(s) left out with annotations not in the export)",
                outcome.skipped_relations
            ));
        }
        return Ok(format!(
            "Exported to the folder {}{skipped}",
            request.path.display()
        ));
    }
    let folder = match request.path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".closeread-export.");
    // An export is for sharing: the usual permissions of a new file, not a temporary's 0600.
    if let Some(permissions) = crate::store::atomic::default_permissions() {
        builder.permissions(permissions);
    }
    let temporary = builder.tempfile_in(&folder).map_err(failed)?;
    let mut writer = Cancellable {
        inner: std::io::BufWriter::new(temporary.as_file()),
        cancel: cancel.clone(),
    };
    let options = ExportOptions {
        excel: request.excel,
    };
    write_export(request.format, &input, &mut writer, &options, &mut progress).map_err(failed)?;
    writer.flush().map_err(failed)?;
    drop(writer);
    temporary
        .persist(&request.path)
        .map_err(|error| failed(error.error))?;
    Ok(format!("Exported to {}", request.path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TagSet;
    use crate::synthetic::{generate_annotations, generate_article};
    use std::collections::HashSet;

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
