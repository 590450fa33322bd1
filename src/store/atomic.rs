//! Crash-safe file replacement: write a temporary file in the same folder, flush and fsync it,
//! rename it over the target, then fsync the folder. A crash at any moment leaves either the
//! old file or the new one, never a partial file.

use std::io::Write;
use std::path::Path;

/// Replaces `path` with `contents` atomically. The temporary file is hidden (`.name.XXXX.tmp`)
/// and removed if anything fails before the rename.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temporary.write_all(contents)?;
    temporary.flush()?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    sync_folder(folder)
}

#[cfg(unix)]
fn sync_folder(folder: &Path) -> std::io::Result<()> {
    std::fs::File::open(folder)?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.analyst.ron");
        write_atomically(&path, b"first").expect("first write");
        write_atomically(&path, b"second").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("a.analyst.ron")]);
    }

    #[test]
    fn a_temporary_file_left_by_a_crash_does_not_disturb_the_next_save() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.analyst.ron");
        write_atomically(&path, b"old").expect("write");
        // What a process killed between writing and renaming leaves behind.
        let leftover = dir.path().join(".a.analyst.ron.Xk3f9a.tmp");
        std::fs::write(&leftover, b"half of the ne").expect("leftover");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            b"old",
            "the old file is whole"
        );
        write_atomically(&path, b"new").expect("next save");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("keep.ron");
        write_atomically(&path, b"old").expect("write");
        // Writing into a folder that does not exist fails before anything is renamed.
        let impossible = dir.path().join("missing-folder").join("keep.ron");
        assert!(write_atomically(&impossible, b"new").is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"old");
    }
}
