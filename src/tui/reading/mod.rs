//! Reading and marking: the user's marks as this reader knows them, the changes on their way
//! to the disk, the paper whose detail is on screen and since when (it becomes read after a
//! while, once the user has acted), starring, marking read or unread, and the next unread
//! paper.

mod acting;
mod update;
use std::collections::HashSet;
use std::time::Instant;

pub use super::effect::{Change, MarkChange};
use crate::storage::marks::{Flag, Mark, MarkMap};

/// What the user asks of the marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingInput {
    /// Star the selected paper, or unstar it.
    ToggleStar,
    /// Mark the selected paper read, or unread.
    ToggleRead,
    /// Select the next paper not yet read.
    NextUnread,
    /// Put the selected paper in the reading queue, or take it out.
    ToggleQueued,
    /// Hide the selected paper from every view, or bring a hidden one back.
    ToggleHidden,
    /// Mark every paper the list shows read.
    ReadAllShown,
    /// Take back the last change to marks made in this reader.
    Undo,
    /// Type a label to add to the selected paper, or take off it.
    Label,
}

/// What came of the marks' keeper.
#[derive(Debug, Clone)]
pub enum ReadingOutcome {
    /// The marks as they now stand, read when the reader starts and again whenever another
    /// process changed them.
    Loaded(Box<MarkMap>),
    /// Changes to marks are on the disk.
    Saved(Vec<MarkChange>),
    /// Changes to marks could not be saved.
    Failed {
        changes: Vec<MarkChange>,
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
    pending: Vec<MarkChange>,
    /// The changes made in this reader, the last one last, each with what it did as the
    /// status line says it, for `u` to take back one at a time.
    done: Vec<Done>,
    /// Counts the changes to which papers are hidden, so that the list leaves them out.
    hidden_generation: u64,
    /// The paper a label is being typed for, and the completions Tab goes through.
    labeling: Option<Labeling>,
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

/// How many changes `u` can take back.
const UNDO_STEPS: usize = 50;

/// Changes made together by one key, and what the status line said of them.
#[derive(Debug, Clone)]
struct Done {
    changes: Vec<MarkChange>,
    said: String,
}

/// A label being typed.
#[derive(Debug, Clone)]
struct Labeling {
    key: String,
    /// What was typed before the first Tab, and the completion shown last.
    completing: Option<(String, usize)>,
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

    /// Changes whenever a paper is hidden or brought back.
    pub fn hidden_generation(&self) -> u64 {
        self.hidden_generation
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

    /// Make `changes` here; the ones that changed anything.
    fn apply(&mut self, changes: Vec<MarkChange>) -> Vec<MarkChange> {
        let made: Vec<MarkChange> = changes
            .into_iter()
            .filter(|change| change.apply(&mut self.marks))
            .collect();
        if !made.is_empty() {
            self.generation += 1;
        }
        if made
            .iter()
            .any(|change| matches!(change.what, Change::Flag(Flag::Hidden, _)))
        {
            self.hidden_generation += 1;
        }
        made
    }

    /// Remember changes for `u`, keeping the last few.
    fn remember(&mut self, changes: Vec<MarkChange>, said: String) {
        if self.done.len() == UNDO_STEPS {
            self.done.remove(0);
        }
        self.done.push(Done { changes, said });
    }
}
