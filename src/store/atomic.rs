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
    let prefix = format!(".{file_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Keep the file's permissions (a folder shared by a team); a new file gets the usual ones
    // (0644 less the umask), not the temporary file's private 0600.
    let existing_permissions = std::fs::metadata(path)
        .ok()
        .map(|metadata| metadata.permissions());
    if existing_permissions.is_none()
        && let Some(permissions) = default_permissions()
    {
        builder.permissions(permissions);
    }
    let mut temporary = builder.tempfile_in(folder)?;
    if let Some(permissions) = existing_permissions {
        temporary.as_file().set_permissions(permissions)?;
    }
    temporary.write_all(contents)?;
    temporary.flush()?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    sync_folder(folder)
}

/// Removes the temporary files [`write_atomically`] left beside `path` when its process was
/// killed between writing and renaming; returns how many. Call it only while holding the
/// file's write lock, when no other writer of `path` can be halfway.
pub fn remove_leftover_temporaries(path: &Path) -> usize {
    let (Some(folder), Some(file_name)) = (path.parent(), path.file_name()) else {
        return 0;
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let prefix = format!(".{}.", file_name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".tmp")
        })
        .filter(|entry| std::fs::remove_file(entry.path()).is_ok())
        .count()
}

#[cfg(unix)]
pub(crate) fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    // Subject to the umask, as any new file.
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
pub(crate) fn default_permissions() -> Option<std::fs::Permissions> {
    None
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
    fn leftover_temporaries_of_the_file_go_and_nothing_else() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sidecar = dir.path().join("essay.ana.ron");
        for name in [
            ".essay.ana.ron.a1B2c3.tmp",
            ".essay.ana.ron.x9Y8z7.tmp",
            ".essay.bob.ron.a1B2c3.tmp",
            "essay.ana.ron",
            "essay.ana.ron.tmp",
        ] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        assert_eq!(remove_leftover_temporaries(&sidecar), 2);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".essay.bob.ron.a1B2c3.tmp",
                "essay.ana.ron",
                "essay.ana.ron.tmp"
            ]
        );
    }

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

    #[cfg(unix)]
    #[test]
    fn saving_keeps_the_file_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shared.ron");
        write_atomically(&path, b"one").expect("write");
        let mode = |path: &Path| {
            std::fs::metadata(path)
                .expect("metadata")
                .permissions()
                .mode()
                & 0o777
        };
        assert_ne!(mode(&path), 0o600, "not the temporary file's private mode");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).expect("chmod");
        write_atomically(&path, b"two").expect("write");
        assert_eq!(mode(&path), 0o664);
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
