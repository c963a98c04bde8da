//! What the reader's model asks others to carry out, each named for where it is carried out
//! (the event loop, the worker the user waits for, the background worker, the marks' keeper),
//! and the plain data that goes with it there and back.

use std::time::SystemTime;

use chrono::NaiveDate;

use crate::model::Digest;
use crate::model::marks::{Flag, MarkMap, fold_label};
use crate::storage::library::{Changes, Source};
use crate::storage::marks::Marks;
use crate::storage::notes::About;

/// Which way to move through the days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Older,
    Newer,
    /// To the newest day.
    Newest,
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

/// A change to one paper's marks: a flag put on or taken off, or a label added or removed.
/// Only changes that change something are made, so each is undone by its opposite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkChange {
    pub key: String,
    pub what: Change,
}

/// What a [`MarkChange`] changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Flag(Flag, bool),
    /// A label, added (`true`) or removed.
    Label(String, bool),
}

impl MarkChange {
    pub fn flag(key: &str, flag: Flag, on: bool) -> MarkChange {
        MarkChange {
            key: key.to_string(),
            what: Change::Flag(flag, on),
        }
    }

    pub fn label(key: &str, label: &str, on: bool) -> MarkChange {
        MarkChange {
            key: key.to_string(),
            what: Change::Label(label.to_string(), on),
        }
    }

    /// Make the change in `marks`; whether it changed anything.
    pub fn apply(&self, marks: &mut MarkMap) -> bool {
        match &self.what {
            Change::Flag(flag, on) => {
                let mut mark = marks.get(&self.key);
                if flag.of(&mark) == *on {
                    return false;
                }
                flag.set(&mut mark, *on, chrono::Utc::now());
                marks.set(&self.key, mark);
                true
            }
            Change::Label(label, on) => {
                let mut labels = marks.on(&self.key).labels.to_vec();
                let folded = fold_label(label);
                let had = labels.iter().any(|l| fold_label(l) == folded);
                if had == *on {
                    return false;
                }
                if *on {
                    labels.push(label.clone());
                } else {
                    labels.retain(|l| fold_label(l) != folded);
                }
                marks.set_labels(&self.key, labels);
                true
            }
        }
    }

    /// Whether `marks` stand as the change left them.
    pub fn holds_in(&self, marks: &MarkMap) -> bool {
        match &self.what {
            Change::Flag(flag, on) => flag.of(&marks.get(&self.key)) == *on,
            Change::Label(label, on) => marks.on(&self.key).has_label(&fold_label(label)) == *on,
        }
    }

    /// The change that takes this one back.
    pub fn undone(&self) -> MarkChange {
        MarkChange {
            key: self.key.clone(),
            what: match &self.what {
                Change::Flag(flag, on) => Change::Flag(*flag, !on),
                Change::Label(label, on) => Change::Label(label.clone(), !on),
            },
        }
    }

    /// Save the change in the marks file; whether it changed anything there.
    pub fn save(&self, marks: &Marks) -> crate::error::Result<bool> {
        match &self.what {
            Change::Flag(flag, on) => marks.set_flag(&self.key, *flag, *on),
            Change::Label(label, true) => marks.add_label(&self.key, label),
            Change::Label(label, false) => marks.remove_label(&self.key, label),
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
    /// The day shown when the cache was looked at.
    pub shown: NaiveDate,
    /// The day after the shown one, as the days are now: where a step to a newer day goes.
    pub next_newer: Option<NaiveDate>,
    /// The newest day, as the days are now.
    pub newest: Option<NaiveDate>,
    /// The look was asked for after the reader itself wrote days (the shown one among them,
    /// it may be).
    pub after_writing: bool,
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
    /// Hand the terminal to the user's editor on the note on the paper with `key`, its front
    /// matter written from `about` first, and take it back when the editor ends.
    EditNote { key: String, about: Box<About> },
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
    /// Ask Hugging Face for the authors and abstract the paper `id` lacks, and keep them.
    Complete {
        id: String,
    },
    /// Save the paper the user means by `id` to Zotero.
    SaveToZotero {
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
    /// written, to read it again if it was rewritten since. `after_writing` when the reader
    /// itself wrote days and said so: that look is answered even when nothing changed.
    CheckCache {
        shown: NaiveDate,
        written_at: Option<SystemTime>,
        after_writing: bool,
    },
    /// Sync the recent days in the background, and make the Chinese of their papers that
    /// have none when a model is set up.
    Sync,
    /// Stop the sync under way: no new request goes out.
    StopSync,
    /// Read which papers are in the user's Zotero library, into the marks.
    CheckZotero,
}

/// What the marks' keeper does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkEffect {
    /// Save changes to marks, in one write: all are on the disk, or none is.
    Save(Vec<MarkChange>),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_that_changes_something_is_taken_back_by_its_opposite() {
        let mut marks = MarkMap::default();
        let label = MarkChange::label("2602.04634", "智能体", true);
        let queued = MarkChange::flag("2602.04634", Flag::Queued, true);
        assert!(label.apply(&mut marks) && queued.apply(&mut marks));
        assert!(!label.apply(&mut marks), "a label it has changes nothing");
        // Taking a label off goes by its name in any case.
        let upper = MarkChange::label("2602.04634", "AGENTS", true);
        assert!(upper.apply(&mut marks));
        assert!(!MarkChange::label("2602.04634", "agents", true).apply(&mut marks));
        assert!(MarkChange::label("2602.04634", "agents", false).apply(&mut marks));
        assert!(marks.get("2602.04634").queued_at.is_some());
        for change in [&queued, &label] {
            assert!(change.holds_in(&marks));
            assert!(change.undone().apply(&mut marks));
            assert!(!change.holds_in(&marks));
        }
        assert!(marks.is_empty(), "{marks:?}");
    }
}
