//! A digest file of either format: which format it is, and turning its bytes into a digest.

use std::path::Path;

use crate::error::{DigestError, Error, Place};
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
    let bytes = std::fs::read(path).map_err(|err| Error::io(path, err))?;
    parse_bytes(&bytes, Format::of_path(path)).map_err(|err| Error::Digest(err.in_file(path)))
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
        let md = "# 每日论文汇总 - 2026-02-05\n".as_bytes();
        assert!(parse_bytes(md, None).is_ok());
    }
}
