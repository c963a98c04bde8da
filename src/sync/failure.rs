//! Why a day could not be synced: the address or file, and what was wrong there.

use std::fmt;

use crate::error::{DigestError, Place};
use crate::text;

/// A day that failed: `at` is the address asked (or the file read), with the place in the
/// answer when there is one (`https://…:3:17`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Failure {
    pub at: String,
    pub message: String,
    /// The server could not be reached at all (its name, the connection, the TLS handshake, a
    /// proxy), so every day asked of it fails alike: said once, not once a day.
    pub unreachable: bool,
    /// The HTTP status the server answered with, when it failed for one.
    pub status: Option<u16>,
}

impl Failure {
    pub fn new(at: impl Into<String>, message: impl Into<String>) -> Failure {
        Failure {
            at: at.into(),
            message: message.into(),
            unreachable: false,
            status: None,
        }
    }

    /// The host the failure is about (`huggingface.co`), when `at` is a web address.
    pub fn host(&self) -> Option<String> {
        url::Url::parse(&self.at)
            .ok()
            .and_then(|url| url.host_str().map(str::to_string))
    }

    /// A digest that did not read, at its place in the answer from `at`.
    pub fn in_digest(at: &str, err: &DigestError) -> Failure {
        let at = match err.place {
            Place::File => at.to_string(),
            Place::Line(line) => format!("{at}:{line}"),
            Place::LineColumn(line, column) => format!("{at}:{line}:{column}"),
        };
        Failure::new(at, err.message.clone())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Answers are untrusted, and so is any text quoted from them.
        let message = text::sanitize_line(&self.message);
        if self.at.is_empty() {
            write!(f, "{message}")
        } else {
            write!(f, "{}: {message}", text::sanitize_line(&self.at))
        }
    }
}
