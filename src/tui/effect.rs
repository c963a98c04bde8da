//! What the reader's model asks others to carry out, each named for where it is carried out
//! (the event loop, the worker the user waits for, the background worker, the marks' keeper),
//! and the plain data that goes with it there and back.

use std::time::SystemTime;

use chrono::NaiveDate;

use crate::model::Digest;
use crate::storage::library::{Changes, Source};
use crate::storage::marks::Mark;

/// Which way to move through the days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Older,
    Newer,
}

/// What of a paper to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    Link,
    Title,
    /// `[title](url)`.
    MarkdownLink,
    Bibtex,
}

impl Copy {
    /// What is copied, as messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Copy::Link => "the link",
            Copy::Title => "the title",
            Copy::MarkdownLink => "a Markdown link",
            Copy::Bibtex => "a BibTeX entry",
        }
    }
}

/// A change to a paper's marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkChange {
    Read(bool),
    Starred(bool),
}

impl MarkChange {
    /// Make the change to `mark`.
    pub fn apply(self, mark: &mut Mark) {
        match self {
            MarkChange::Read(read) => mark.read = read,
            MarkChange::Starred(starred) => mark.starred = starred,
        }
    }
}

/// A day read from the library, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub digest: Digest,
    /// When its file was written, to notice a later rewrite; `None` for a day with no file.
    pub written_at: Option<SystemTime>,
    /// Where the library's days come from.
    pub source: Source,
    /// Days passed over because they did not read, each with why.
    pub skipped: Vec<String>,
}

/// What changed in the cache, and the shown day read again if its file was rewritten.
#[derive(Debug, Clone, PartialEq)]
pub struct CacheNews {
    pub changes: Changes,
    pub source: Source,
    pub reloaded: Option<Loaded>,
}

/// Something for another part of the reader to carry out, named for where it is carried out.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// For the event loop, which owns the terminal.
    Loop(LoopEffect),
    /// Work the user waits for: never queued behind background work.
    Io(IoEffect),
    /// Work nobody waits for: reading every day, looking at the cache, syncing.
    Background(BackgroundEffect),
    /// For the marks' keeper, which saves each mark before the reader may end.
    Marks(MarkEffect),
}

/// What only the event loop can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoopEffect {
    /// Put `text` on the clipboard, through the terminal.
    Copy { what: Copy, text: String },
    /// Hand the terminal to the shell and stop until continued.
    Suspend,
}

/// Work the user waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IoEffect {
    /// Show the next readable day older or newer than `from`.
    LoadNeighbour {
        from: NaiveDate,
        step: Step,
    },
    /// Show the newest readable day from `from` to `to`.
    LoadNewestIn {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// Read one paper in full.
    LoadPaper {
        date: NaiveDate,
        position: u32,
    },
    OpenLink(String),
    /// Ask the model for the Chinese of the paper the user means by `id`, now.
    Summarize {
        id: String,
    },
    /// Gather the trend board's numbers, the papers read counted from `marks`.
    GatherStats {
        marks: Box<crate::model::marks::MarkMap>,
    },
}

/// Work in the background.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackgroundEffect {
    /// Read every cached paper for the all-days view; `request` counts the times of asking, so
    /// that only the newest answer counts.
    LoadEveryDay { request: u64 },
    /// Look for days added or removed; `shown` is the day on screen and when its file was
    /// written, to read it again if it was rewritten since.
    CheckCache {
        shown: NaiveDate,
        written_at: Option<SystemTime>,
    },
    /// Sync the recent days in the background, and make the Chinese of their papers that
    /// have none when a model is set up.
    Sync,
    /// Stop the sync under way: no new request goes out.
    StopSync,
}

/// What the marks' keeper does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkEffect {
    /// Save a change to the marks of the paper with `key`; `was` is how they stood before.
    Save {
        key: String,
        change: MarkChange,
        was: Mark,
    },
    /// Read the marks again if another process changed them.
    Check,
}

impl From<LoopEffect> for Effect {
    fn from(effect: LoopEffect) -> Effect {
        Effect::Loop(effect)
    }
}

impl From<IoEffect> for Effect {
    fn from(effect: IoEffect) -> Effect {
        Effect::Io(effect)
    }
}

impl From<BackgroundEffect> for Effect {
    fn from(effect: BackgroundEffect) -> Effect {
        Effect::Background(effect)
    }
}

impl From<MarkEffect> for Effect {
    fn from(effect: MarkEffect) -> Effect {
        Effect::Marks(effect)
    }
}
