//! Reading a file a user names (a digest to import, a day in the cache, a folder source's
//! digest, the config file): one door for all of them, which takes only a regular file,
//! within a size limit, whole as it was when it was read, and says why it refuses one.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::error::{DigestError, Place};

/// How large a kind of file may be, and what to call it when one is larger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    /// What the file is, as a message names it: "a digest", "a config file".
    pub what: &'static str,
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("{0}")]
    Io(#[from] io::Error),
    /// A device (`/dev/zero`), a named pipe, a folder: none of them holds a file's text, and
    /// reading some of them never ends.
    #[error("not a regular file")]
    NotRegular,
    #[error(
        "the file is {}; {} may be at most {}",
        size_text(*.size),
        .limit.what,
        size_text(.limit.bytes)
    )]
    TooLarge { size: u64, limit: Limit },
    #[error(
        "the file changed while it was read ({}, then {read}), again and again: another \
         program is writing it; try again once it is done",
        crate::model::counted(usize::try_from(*.expected).unwrap_or(usize::MAX), "byte", "bytes")
    )]
    Changed { expected: u64, read: u64 },
}

/// How many times a file that changes while it is read is read again before that is
/// reported: another program writing it in place is done within a few tries.
const READS_OF_A_CHANGING_FILE: u32 = 5;

/// A file's bytes: a regular file, within `limit`, read whole while it did not change size. A
/// file that changes while it is read is read again, a few times, and then reported as
/// changing: never taken half-written.
pub fn read(path: &Path, limit: Limit) -> Result<Vec<u8>, Refused> {
    let mut tries = 1;
    loop {
        match read_once(path, limit) {
            Err(Refused::Changed { .. }) if tries < READS_OF_A_CHANGING_FILE => {
                std::thread::sleep(std::time::Duration::from_millis(5 * u64::from(tries)));
                tries += 1;
            }
            read => return read,
        }
    }
}

fn read_once(path: &Path, limit: Limit) -> Result<Vec<u8>, Refused> {
    // Asked before opening: opening a named pipe would wait for a writer forever.
    if !std::fs::metadata(path)?.is_file() {
        return Err(Refused::NotRegular);
    }
    let file = File::open(path)?;
    // Asked again of what was opened, in case the path was swapped in between.
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(Refused::NotRegular);
    }
    read_within(file, metadata.len(), limit)
}

/// Read `expected` bytes, refusing more than the limit and noticing a file that grew or
/// shrank while it was read.
fn read_within(reader: impl Read, expected: u64, limit: Limit) -> Result<Vec<u8>, Refused> {
    if expected > limit.bytes {
        return Err(Refused::TooLarge {
            size: expected,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    reader.take(limit.bytes + 1).read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    if read > limit.bytes {
        return Err(Refused::TooLarge { size: read, limit });
    }
    if read != expected {
        return Err(Refused::Changed { expected, read });
    }
    Ok(bytes)
}

/// A size as a person reads it: `900 bytes`, `12.5 KiB`, `64.0 MiB`, `23.7 GiB`.
pub fn size_text(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let size = bytes as f64;
    if size < KIB {
        format!("{bytes} bytes")
    } else if size < KIB * KIB {
        format!("{:.1} KiB", size / KIB)
    } else if size < KIB * KIB * KIB {
        format!("{:.1} MiB", size / (KIB * KIB))
    } else {
        format!("{:.1} GiB", size / (KIB * KIB * KIB))
    }
}

/// The bytes as UTF-8, or an error at the line and column of the first bad byte. Checked
/// sixteen or more bytes at a time (a digest is mostly Chinese, which the standard library
/// checks a character at a time); where the check fails, the standard library finds where.
pub fn utf8(bytes: &[u8]) -> Result<&str, DigestError> {
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes).map_err(|err| {
        let good = &bytes[..err.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        let bad = bytes[err.valid_up_to()];
        DigestError::new(
            Place::LineColumn(line, column),
            format!("the file is not valid UTF-8 (byte 0x{bad:02X})"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGEST: Limit = Limit {
        bytes: 64 * 1024 * 1024,
        what: "a digest",
    };

    fn problem(result: Result<Vec<u8>, Refused>) -> String {
        match result {
            Err(err) => err.to_string(),
            Ok(_) => "read".to_string(),
        }
    }

    #[test]
    fn a_file_that_changes_size_while_read_is_refused() {
        let grew = read_within(&b"0123456789"[..], 4, DIGEST);
        assert_eq!(
            problem(grew),
            "the file changed while it was read (4 bytes, then 10), again and again: another \
             program is writing it; try again once it is done"
        );
        let shrank = read_within(&b"01"[..], 4, DIGEST);
        assert!(problem(shrank).contains("changed while it was read"));
        assert_eq!(problem(read_within(&b"0123"[..], 4, DIGEST)), "read");
    }

    #[test]
    fn files_over_the_limit_are_refused_naming_it() {
        let huge = problem(read_within(&b""[..], 90 * 1024 * 1024, DIGEST));
        assert_eq!(
            huge,
            "the file is 90.0 MiB; a digest may be at most 64.0 MiB"
        );
        // A file that claims to be small but keeps going is stopped at the limit.
        let endless = io::repeat(b'x');
        assert!(problem(read_within(endless, 10, DIGEST)).contains("a digest may be at most"));
        let config = Limit {
            bytes: 1024 * 1024,
            what: "a config file",
        };
        let big = problem(read_within(&b""[..], 23_700_000_000, config));
        assert_eq!(
            big,
            "the file is 22.1 GiB; a config file may be at most 1.0 MiB"
        );
    }

    #[test]
    fn sizes_read_as_a_person_says_them() {
        assert_eq!(size_text(900), "900 bytes");
        assert_eq!(size_text(12_800), "12.5 KiB");
        assert_eq!(size_text(64 * 1024 * 1024), "64.0 MiB");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("2026-02-05.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        assert_eq!(problem(read(&fifo, DIGEST)), "not a regular file");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_before_a_byte_is_read() {
        assert_eq!(
            problem(read(Path::new("/dev/zero"), DIGEST)),
            "not a regular file"
        );
    }

    #[test]
    fn folders_and_missing_files_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(problem(read(dir.path(), DIGEST)), "not a regular file");
        let err = problem(read(&dir.path().join("gone.md"), DIGEST));
        assert!(err.starts_with("No such file"), "{err}");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let bytes = b"# \xe6\xaf\x8f - 2026-02-05\n\nab\xffcd\n";
        assert_eq!(
            utf8(bytes).unwrap_err().to_string(),
            "<input>:3:3: the file is not valid UTF-8 (byte 0xFF)"
        );
    }
}
