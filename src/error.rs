//! Errors that name the file and the place in it, so a user can go and fix the input.

use std::fmt;
use std::path::PathBuf;

use crate::text;

/// Where in a file something went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole (for example, it is empty or too large).
    File,
    /// A 1-based line, as Markdown errors report it.
    Line(usize),
    /// A 1-based line and column, as JSON errors report it.
    LineColumn(usize, usize),
}

/// A digest that could not be read: what was wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DigestError {
    pub file: Option<PathBuf>,
    pub place: Place,
    pub message: String,
}

impl DigestError {
    pub fn new(place: Place, message: impl Into<String>) -> Self {
        DigestError {
            file: None,
            place,
            message: message.into(),
        }
    }

    /// The same error, naming the file it came from.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for DigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = match &self.file {
            Some(path) => path.display().to_string(),
            None => "<input>".to_string(),
        };
        // Messages may quote the input, which is untrusted: never let it steer the terminal.
        let file = text::sanitize_line(&file);
        let message = text::sanitize_line(&self.message);
        match self.place {
            Place::File => write!(f, "{file}: {message}"),
            Place::Line(line) => write!(f, "{file}:{line}: {message}"),
            Place::LineColumn(line, column) => write!(f, "{file}:{line}:{column}: {message}"),
        }
    }
}

/// Input quoted in a message, cut short so a huge field makes a readable message.
pub fn quote(input: &str) -> String {
    const MOST: usize = 60;
    match input.char_indices().nth(MOST) {
        Some((cut, _)) => format!("{:?}…", &input[..cut]),
        None => format!("{input:?}"),
    }
}

/// Anything a lunwen command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Digest(#[from] DigestError),
    #[error("{}: {source}", text::sanitize_line(&path.display().to_string()))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Something else, said in a sentence of its own.
    #[error("{0}")]
    Message(String),
    /// The index was found damaged and has been removed; the next open makes it again.
    #[error("{0}")]
    IndexDamaged(String),
    /// What the user asked for does not read (a query that does not parse): exit status 2,
    /// as for a mistake on the command line.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
