//! A digest file of either format: which format it is, and turning its bytes into a digest.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::error::{DigestError, Error, Place};
use crate::merge::DayFile;
use crate::{json, markdown, model::Digest};

pub use crate::markdown::Parsed;

/// The two digest formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

impl Format {
    /// The format a file's extension names, if it names one.
    pub fn of_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// A guess from the content, for files whose name does not say: JSON starts with `{` or `[`.
    fn sniff(text: &str) -> Format {
        match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next()
        {
            Some('{' | '[') => Format::Json,
            _ => Format::Markdown,
        }
    }
}

/// Read a digest file from disk; errors name the file.
pub fn read_file(path: &Path) -> Result<Parsed, Error> {
    let bytes = read_bytes(path)?;
    parse_bytes(&bytes, Format::of_path(path)).map_err(|err| Error::Digest(err.in_file(path)))
}

/// Read a file of one digest or, in Markdown, of several one after another (see
/// [`markdown::parse_days`]): each day, or the error that kept it from reading, naming the
/// file. The outer error is for a file that cannot be read at all.
pub fn read_file_days(path: &Path) -> Result<Vec<Result<Parsed, Error>>, Error> {
    let bytes = read_bytes(path)?;
    let in_file = |err: DigestError| Error::Digest(err.in_file(path));
    Ok(parse_days(&bytes, Format::of_path(path))
        .map_err(in_file)?
        .into_iter()
        .map(|day| day.map_err(in_file))
        .collect())
}

/// The days in a digest file's bytes: one for JSON, one or more for Markdown (a digest per
/// heading, as an export of several days writes them), each read or the error that kept it
/// from reading. The outer error is for bytes that are no text.
pub fn parse_days(
    bytes: &[u8],
    format: Option<Format>,
) -> Result<Vec<Result<Parsed, DigestError>>, DigestError> {
    let text = decode(bytes)?;
    if text.trim().is_empty() || format.unwrap_or_else(|| Format::sniff(text)) != Format::Markdown {
        return Ok(vec![parse_bytes(bytes, format)]);
    }
    Ok(markdown::parse_days(text))
}

/// The largest digest file lunwen reads. A real day is tens of kilobytes; this leaves room
/// for thousands of papers while keeping a stray huge file from eating memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// How many times a file that changes while it is read is read again before that is
/// reported: another program writing it in place is done within a few tries.
const READS_OF_A_CHANGING_FILE: u32 = 5;

/// A digest file's bytes: a regular file, within [`MAX_FILE_BYTES`], read whole while it did
/// not change size. A file that changes while it is read is read again, a few times, and then
/// reported as changing: never taken half-written.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    let mut tries = 1;
    loop {
        match read_whole(path) {
            Err(ReadProblem::Changed(_)) if tries < READS_OF_A_CHANGING_FILE => {
                std::thread::sleep(std::time::Duration::from_millis(5 * u64::from(tries)));
                tries += 1;
            }
            Ok(bytes) => return Ok(bytes),
            Err(ReadProblem::Io(err)) => return Err(Error::io(path, err)),
            Err(ReadProblem::Digest(err) | ReadProblem::Changed(err)) => {
                return Err(err.in_file(path).into());
            }
        }
    }
}

fn read_whole(path: &Path) -> Result<Vec<u8>, ReadProblem> {
    // Asked before opening: opening a named pipe would wait for a writer forever.
    let not_regular = || ReadProblem::Digest(DigestError::new(Place::File, "not a regular file"));
    if !std::fs::metadata(path).map_err(ReadProblem::Io)?.is_file() {
        return Err(not_regular());
    }
    let file = File::open(path).map_err(ReadProblem::Io)?;
    let metadata = file.metadata().map_err(ReadProblem::Io)?;
    if !metadata.is_file() {
        return Err(not_regular());
    }
    read_within(file, metadata.len())
}

enum ReadProblem {
    Io(io::Error),
    Digest(DigestError),
    /// The file grew or shrank while it was read.
    Changed(DigestError),
}

/// Read `expected` bytes, refusing more than the limit and noticing a file that grew or
/// shrank while it was read.
fn read_within(reader: impl Read, expected: u64) -> Result<Vec<u8>, ReadProblem> {
    let too_large = |size: u64| {
        ReadProblem::Digest(DigestError::new(
            Place::File,
            format!(
                "the file is {}; a digest may be at most {}",
                megabytes(size),
                megabytes(MAX_FILE_BYTES)
            ),
        ))
    };
    if expected > MAX_FILE_BYTES {
        return Err(too_large(expected));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadProblem::Io)?;
    let read = bytes.len() as u64;
    if read > MAX_FILE_BYTES {
        return Err(too_large(read));
    }
    if read != expected {
        return Err(ReadProblem::Changed(DigestError::new(
            Place::File,
            format!(
                "the file changed while it was read ({expected} bytes, then {read}), again and \
                 again: another program is writing it; try again once it is done"
            ),
        )));
    }
    Ok(bytes)
}

pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Turn a file's bytes into a digest, in the given format or the one the content suggests.
pub fn parse_bytes(bytes: &[u8], format: Option<Format>) -> Result<Parsed, DigestError> {
    let text = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(DigestError::new(Place::Line(1), "the file is empty"));
    }
    match format.unwrap_or_else(|| Format::sniff(text)) {
        Format::Markdown => markdown::parse(text),
        Format::Json => json::parse(text).map(|digest| Parsed {
            digest,
            warnings: Vec::new(),
        }),
    }
}

/// A cache file's bytes as the day it holds (see [`DayFile`]).
pub fn parse_day_file(bytes: &[u8]) -> Result<DayFile, DigestError> {
    let text = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(DigestError::new(Place::Line(1), "the file is empty"));
    }
    json::parse_day_file(text)
}

/// Render a digest in a format.
pub fn render(digest: &Digest, format: Format) -> String {
    match format {
        Format::Markdown => markdown::render(digest),
        Format::Json => json::render(digest),
    }
}

/// The bytes as UTF-8, or an error at the line and column of the first bad byte.
fn decode(bytes: &[u8]) -> Result<&str, DigestError> {
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

    fn problem(result: Result<Vec<u8>, ReadProblem>) -> String {
        match result {
            Err(ReadProblem::Digest(err) | ReadProblem::Changed(err)) => err.to_string(),
            Err(ReadProblem::Io(err)) => format!("io: {err}"),
            Ok(_) => "read".to_string(),
        }
    }

    #[test]
    fn a_file_that_changes_size_while_read_is_refused() {
        let grew = read_within(&b"0123456789"[..], 4);
        assert_eq!(
            problem(grew),
            "<input>: the file changed while it was read (4 bytes, then 10), again and again: \
             another program is writing it; try again once it is done"
        );
        let shrank = read_within(&b"01"[..], 4);
        assert!(problem(shrank).contains("changed while it was read"));
        assert_eq!(problem(read_within(&b"0123"[..], 4)), "read");
    }

    #[test]
    fn files_over_the_limit_are_refused_naming_it() {
        let huge = problem(read_within(&b""[..], 90 * 1024 * 1024));
        assert_eq!(
            huge,
            "<input>: the file is 90.0 MiB; a digest may be at most 64.0 MiB"
        );
        // A file that claims to be small but keeps going is stopped at the limit.
        let endless = io::repeat(b'x');
        assert!(problem(read_within(endless, 10)).contains("a digest may be at most 64.0 MiB"));
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
        let err = read_bytes(&fifo).unwrap_err().to_string();
        assert!(err.ends_with(": not a regular file"), "{err}");
    }

    #[test]
    fn folders_and_missing_files_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_bytes(dir.path()).unwrap_err().to_string();
        assert!(err.ends_with(": not a regular file"), "{err}");
        let err = read_bytes(&dir.path().join("gone.md"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("gone.md: No such file"), "{err}");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let bytes = b"# \xe6\xaf\x8f - 2026-02-05\n\nab\xffcd\n";
        let err = parse_bytes(bytes, Some(Format::Markdown)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "<input>:3:3: the file is not valid UTF-8 (byte 0xFF)"
        );
    }

    #[test]
    fn empty_files_are_errors_in_both_formats() {
        for format in [Some(Format::Markdown), Some(Format::Json), None] {
            for bytes in [&b""[..], b"  \n\n"] {
                let err = parse_bytes(bytes, format).unwrap_err();
                assert_eq!(err.to_string(), "<input>:1: the file is empty");
            }
        }
    }

    #[test]
    fn content_decides_when_the_name_does_not() {
        let json = br#"{"date": "2026-02-05", "papers": []}"#;
        assert!(parse_bytes(json, None).is_ok());
        let md = "# 每日论文汇总 - 2026-02-05\n\n**论文数量**: 0\n".as_bytes();
        assert!(parse_bytes(md, None).is_ok());
    }
}
