//! Running an export: the one path the command line and the window share. A file is written
//! whole or not at all (streamed into a temporary file beside it, renamed over it when done);
//! brat writes a folder; a stream (standard output) takes any single-file format. The window
//! passes a cancel flag and a progress callback; the command line neither.

use super::{ExportFormat, ExportInput, ExportOptions, Progress, brat, write_export};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Where an export goes.
pub enum ExportTarget<'a> {
    /// A file, or the folder of a brat export.
    Path(&'a Path),
    /// A stream such as standard output (not for brat, which writes a folder).
    Stream(&'a mut dyn Write),
}

/// What an export had to leave out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOutcome {
    /// Orphaned annotations (brat cannot hold what is not in the text).
    pub skipped_orphans: usize,
    /// Relations with an annotation not in the export.
    pub skipped_relations: usize,
}

impl ExportOutcome {
    /// What was left out, one sentence each; empty when nothing was.
    pub fn left_out(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.skipped_orphans > 0 {
            lines.push(format!(
                "{} orphaned annotation(s) left out: brat cannot hold annotations that are not in the text",
                self.skipped_orphans
            ));
        }
        if self.skipped_relations > 0 {
            lines.push(format!(
                "{} relation(s) left out: one of their annotations is not in the export",
                self.skipped_relations
            ));
        }
        lines
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("a brat export is a folder: give it with -o FOLDER")]
    BratNeedsFolder,
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Stream(#[from] std::io::Error),
}

/// Exports `input` in `format` to `target`. With `cancel`, the export stops (and writes
/// nothing) once the flag is set.
pub fn run(
    format: ExportFormat,
    input: &ExportInput<'_>,
    target: ExportTarget<'_>,
    options: &ExportOptions,
    cancel: Option<&AtomicBool>,
    progress: Progress<'_>,
) -> Result<ExportOutcome, ExportError> {
    let cancelled = || cancel.is_some_and(|flag| flag.load(Ordering::Relaxed));
    match target {
        ExportTarget::Path(path) if format == ExportFormat::Brat => {
            let stem = Path::new(input.article_name)
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_else(|| "article".to_owned());
            let outcome = brat::write_folder(input, path, &stem, progress).map_err(|source| {
                ExportError::Write {
                    path: path.to_path_buf(),
                    source,
                }
            })?;
            Ok(ExportOutcome {
                skipped_orphans: outcome.skipped_orphans,
                skipped_relations: outcome.skipped_relations,
            })
        }
        ExportTarget::Stream(_) if format == ExportFormat::Brat => {
            Err(ExportError::BratNeedsFolder)
        }
        ExportTarget::Stream(out) => {
            let mut writer = Cancellable { inner: out, cancel };
            write_export(format, input, &mut writer, options, progress).map_err(|error| {
                if cancelled() {
                    ExportError::Cancelled
                } else {
                    ExportError::Stream(error)
                }
            })?;
            writer.flush()?;
            Ok(ExportOutcome::default())
        }
        ExportTarget::Path(path) => {
            let failed = |source: std::io::Error| {
                if cancelled() {
                    ExportError::Cancelled
                } else {
                    ExportError::Write {
                        path: path.to_path_buf(),
                        source,
                    }
                }
            };
            let folder = match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let mut builder = tempfile::Builder::new();
            builder.prefix(".closeread-export.");
            // An export is for sharing: the usual permissions of a new file, not a
            // temporary's 0600.
            if let Some(permissions) = crate::store::atomic::default_permissions() {
                builder.permissions(permissions);
            }
            let temporary = builder.tempfile_in(&folder).map_err(failed)?;
            let mut file = std::io::BufWriter::new(temporary.as_file());
            let mut writer = Cancellable {
                inner: &mut file,
                cancel,
            };
            write_export(format, input, &mut writer, options, progress).map_err(failed)?;
            writer.flush().map_err(failed)?;
            drop(file);
            temporary
                .persist(path)
                .map_err(|error| failed(error.error))?;
            Ok(ExportOutcome::default())
        }
    }
}

/// A writer that stops with an error once the export is cancelled.
struct Cancellable<'a, W: Write + ?Sized> {
    inner: &'a mut W,
    cancel: Option<&'a AtomicBool>,
}

impl<W: Write + ?Sized> Write for Cancellable<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.cancel.is_some_and(|flag| flag.load(Ordering::Relaxed)) {
            // Not ErrorKind::Interrupted: write_all would retry that forever.
            return Err(std::io::Error::other("cancelled"));
        }
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::{input_of, sample};

    fn with_input<T>(run: impl FnOnce(&ExportInput<'_>) -> T) -> T {
        let (document, layer) = sample();
        let layers = [&layer];
        run(&input_of(&document, &layers))
    }

    #[test]
    fn a_file_is_written_whole_and_a_cancelled_one_not_at_all() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.md");
        let options = ExportOptions::default();
        with_input(|input| {
            let flag = AtomicBool::new(true);
            let outcome = run(
                ExportFormat::Markdown,
                input,
                ExportTarget::Path(&path),
                &options,
                Some(&flag),
                &mut |_, _| {},
            );
            assert!(
                matches!(outcome, Err(ExportError::Cancelled)),
                "{outcome:?}"
            );
            assert!(!path.exists(), "nothing written");
            run(
                ExportFormat::Markdown,
                input,
                ExportTarget::Path(&path),
                &options,
                None,
                &mut |_, _| {},
            )
            .expect("exports");
        });
        let text = std::fs::read_to_string(&path).expect("written");
        assert!(text.contains("The odds fall to zero"));
        let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
    }

    #[test]
    fn brat_needs_a_folder_and_streams_take_the_rest() {
        let options = ExportOptions::default();
        with_input(|input| {
            let mut bytes = Vec::new();
            let refused = run(
                ExportFormat::Brat,
                input,
                ExportTarget::Stream(&mut bytes),
                &options,
                None,
                &mut |_, _| {},
            );
            assert!(matches!(refused, Err(ExportError::BratNeedsFolder)));
            run(
                ExportFormat::Csv,
                input,
                ExportTarget::Stream(&mut bytes),
                &options,
                None,
                &mut |_, _| {},
            )
            .expect("streams");
            assert!(String::from_utf8_lossy(&bytes).contains("The odds fall to zero"));
        });
    }
}
