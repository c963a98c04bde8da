//! Reading and marking: the user's marks as this reader knows them, the changes on their way
//! to the disk, the paper whose detail is on screen and since when (it becomes read after a
//! while, once the user has acted), starring, marking read or unread, and the next unread
//! paper.

mod update;
use std::collections::HashSet;
use std::time::Instant;

pub use super::effect::MarkChange;
use crate::storage::marks::{Mark, MarkMap};

/// What the user asks of the marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingInput {
    /// Star the selected paper, or unstar it.
    ToggleStar,
    /// Mark the selected paper read, or unread.
    ToggleRead,
    /// Select the next paper not yet read.
    NextUnread,
}

/// What came of the marks' keeper.
#[derive(Debug, Clone)]
pub enum ReadingOutcome {
    /// The marks as they now stand, read when the reader starts and again whenever another
    /// process changed them.
    Loaded(Box<MarkMap>),
    /// A mark is on the disk.
    Saved { key: String, change: MarkChange },
    /// A mark could not be saved; `was` is how the paper's marks stood before it.
    Failed {
        key: String,
        change: MarkChange,
        was: Mark,
        why: String,
    },
    /// No mark can be saved (the data folder cannot be written, the marks file cannot be
    /// read), and why; `shown` when the marks in the file are shown all the same.
    Unsaved { why: String, shown: bool },
}

/// The user's marks, and the clock that reads the paper on screen.
#[derive(Debug, Default)]
pub struct Reading {
    marks: MarkMap,
    /// Why no mark can be saved, when none can: marks are then shown as read, never made.
    unsaved: Option<String>,
    /// Changes to marks asked for and not saved yet, in order: they stand over marks read
    /// from the disk meanwhile.
    pending: Vec<(String, MarkChange)>,
    /// The paper whose detail is on screen, and since when.
    on_screen: Option<OnScreen>,
    /// Whether the user has pressed a key or used the mouse yet. Until then no paper counts
    /// as read, however long it is on screen: a reader started and left alone reads nothing.
    acted: bool,
    /// The paper marked unread by hand: it stays unread until another paper is selected.
    held_unread: Option<String>,
    /// Counts the changes to the marks, so that what is worked out from them is again.
    generation: u64,
    /// The papers that have a note, which the notes folder says, not the marks file.
    notes: HashSet<String>,
}

/// The paper whose detail is on screen.
#[derive(Debug)]
struct OnScreen {
    key: String,
    /// Since when: the first tick after it came up.
    since: Option<Instant>,
}

impl Reading {
    pub fn marks(&self) -> &MarkMap {
        &self.marks
    }

    pub fn mark(&self, key: &str) -> Mark {
        self.marks.get(key)
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The user acted (a key, the mouse): from now on, papers on screen are read.
    pub fn acted(&mut self) {
        self.acted = true;
    }

    /// Say which papers have a note (by key), as the notes folder now holds them; marks read
    /// again from the disk keep them.
    pub fn set_notes(&mut self, keys: HashSet<String>) {
        self.marks.set_notes(keys.clone());
        self.notes = keys;
        self.generation += 1;
    }

    fn set(&mut self, key: &str, mark: Mark) {
        self.marks.set(key, mark);
        self.generation += 1;
    }
}
