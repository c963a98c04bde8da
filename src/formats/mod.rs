//! A digest file of either format: which format it is, and turning its bytes into a digest.

pub mod atom;
pub mod bibtex;
pub mod citation;
pub mod csl_json;
pub mod json;
pub mod markdown;
pub mod merge;
pub mod ris;

use std::path::Path;

use crate::error::{DigestError, Error, Place};
use merge::DayFile;

use crate::file;
use crate::model::Digest;

pub use markdown::Parsed;

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

/// Read a file of one digest or of several one after another, as `lunwen export` writes
/// several days (see [`parse_days`]): each day, or the error that kept it from reading, naming
/// the file. The outer error is for a file that cannot be read at all.
pub fn read_file_days(path: &Path) -> Result<Vec<Result<Parsed, Error>>, Error> {
    let bytes = read_bytes(path)?;
    let in_file = |err: DigestError| Error::Digest(err.in_file(path));
    Ok(parse_days(&bytes, Format::of_path(path))
        .map_err(in_file)?
        .into_iter()
        .map(|day| day.map_err(in_file))
        .collect())
}

/// The days in a digest file's bytes, in the given format or the one the content suggests:
/// one or more, one after another (see [`markdown::parse_days`] and [`json::parse_days`]),
/// each read or the error that kept it from reading. The outer error is for bytes that are no
/// text.
pub fn parse_days(
    bytes: &[u8],
    format: Option<Format>,
) -> Result<Vec<Result<Parsed, DigestError>>, DigestError> {
    let text = file::utf8(bytes)?;
    if text.trim().is_empty() {
        return Ok(vec![parse_bytes(bytes, format)]);
    }
    Ok(match format.unwrap_or_else(|| Format::sniff(text)) {
        Format::Markdown => markdown::parse_days(text),
        Format::Json => json::parse_days(text)
            .into_iter()
            .map(|day| {
                day.map(|digest| Parsed {
                    digest,
                    warnings: Vec::new(),
                })
            })
            .collect(),
    })
}

/// The largest digest file lunwen reads. A real day is tens of kilobytes; this leaves room
/// for thousands of papers while keeping a stray huge file from eating memory.
pub const DIGEST_FILE: file::Limit = file::Limit {
    bytes: 64 * 1024 * 1024,
    what: "a digest",
};

/// A digest file's bytes, read through [`file::read`]; errors name the file.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    file::read(path, DIGEST_FILE).map_err(|refused| match refused {
        file::Refused::Io(err) => Error::io(path, err),
        refused => DigestError::new(Place::File, refused.to_string())
            .in_file(path)
            .into(),
    })
}

/// Turn a file's bytes into a digest, in the given format or the one the content suggests.
pub fn parse_bytes(bytes: &[u8], format: Option<Format>) -> Result<Parsed, DigestError> {
    let text = file::utf8(bytes)?;
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
    let text = file::utf8(bytes)?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
