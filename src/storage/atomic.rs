//! Writing files so that a reader or a crash never sees half of one.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Temporary files are hidden and carry this suffix, so nothing that lists the folder
/// mistakes one for real data.
const TEMP_SUFFIX: &str = ".tmp";

/// Replace `path` with `bytes` in one step: write a temporary file in the same folder, flush
/// it to disk, then rename it over `path`. Readers see the old file or the new one, never a mix;
/// a write that fails leaves the old file, and the temporary one goes when it is dropped.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = temp_file(dir, &name)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|err| err.error)?;
    // The rename itself is durable only once the folder is flushed; not every platform can.
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// A new temporary file in `dir`, `.<name>.<pid>.<random>.tmp`: the pid says whose it is, for
/// [`clean_leftovers`].
fn temp_file(dir: &Path, name: &str) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{name}.{}.", std::process::id());
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    // As a file made with `File::create`: readable as the umask allows, not only by its owner.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(dir)
}

/// Remove temporary files that a killed writer left behind in `dir`. A file belonging to a
/// writer that is still running is left alone.
pub fn clean_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some(pid) = temp_owner(name)
            && !process_is_running(pid)
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn temp_owner(name: &str) -> Option<u32> {
    let body = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let mut parts = body.rsplitn(3, '.');
    let _random = parts.next()?;
    parts.next()?.parse().ok()
}

fn process_is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        // Without a cheap way to ask, keep the file: it is hidden and ignored anyway.
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_replaces_the_whole_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"first version, rather long").unwrap();
        write(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["a.json"]);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"old").unwrap();
        // Renaming a file over a non-empty folder fails.
        let blocked = dir.path().join("blocked");
        fs::create_dir_all(blocked.join("inside")).unwrap();
        assert!(write(&blocked, b"new").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn a_written_file_is_readable_as_the_umask_allows() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"new").unwrap();
        let made = dir.path().join("made.json");
        File::create(&made).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&made));
    }

    #[test]
    fn a_temporary_file_names_its_writer() {
        let dir = tempfile::tempdir().unwrap();
        let temp = temp_file(dir.path(), "a.json").unwrap();
        let name = temp.path().file_name().unwrap().to_str().unwrap();
        assert!(
            name.starts_with(".a.json.") && name.ends_with(TEMP_SUFFIX),
            "{name}"
        );
        assert_eq!(temp_owner(name), Some(std::process::id()));
    }

    #[test]
    fn leftovers_of_dead_writers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // No process has pid 4294967294 on any system we run on.
        let dead = dir.path().join(".2026-02-05.json.4294967294.Xa9k2Q.tmp");
        let ours = dir.path().join(format!(
            ".2026-02-06.json.{}.b7TqZ1.tmp",
            std::process::id()
        ));
        fs::write(&dead, b"half").unwrap();
        fs::write(&ours, b"busy").unwrap();
        clean_leftovers(dir.path());
        assert!(!dead.exists());
        assert!(ours.exists());
    }
}
