//! What flows through the reader: actions in (from keys, the mouse, the terminal and the
//! results of effects) and effects out (everything that touches disk, browser or terminal).

use std::time::{Instant, SystemTime};

use chrono::NaiveDate;

use super::panes::Edit;
use crate::model::Digest;
use crate::storage::library::Changes;
use crate::storage::marks::{Mark, MarkMap};

/// One thing to do to the reader's model.
#[derive(Debug, Clone)]
pub enum Action {
    Quit,
    /// Move the cursor of the focused pane (papers, detail scroll or tags) by rows.
    Up,
    Down,
    First,
    Last,
    PageUp,
    PageDown,
    /// Move focus to the next pane (list → detail → filter).
    FocusNext,
    /// Read the selected paper: focus the detail pane.
    FocusDetail,
    /// Focus the tag filter.
    FocusTags,
    /// Back out of whatever is focused, towards the list; in the list, drop the search.
    Back,
    /// Start typing a search.
    StartSearch,
    /// Keys typed into the search (or the date after `D`), in turn: a burst of them is one
    /// action, so the papers are filtered once for it, however long it is.
    Edit(Vec<Edit>),
    /// Stop typing and keep the search.
    SearchKeep,
    /// Stop typing and drop the search.
    SearchCancel,
    /// Text the terminal pasted: it goes into the search.
    Paste(String),
    /// Turn the tag under the tag cursor on or off.
    ToggleTag,
    ClearFilters,
    /// Open one of the selected paper's links in a browser.
    Open(Link),
    /// Copy something of the selected paper to the clipboard.
    Copy(Copy),
    /// Star the selected paper, or unstar it.
    ToggleStar,
    /// Mark the selected paper read, or unread.
    ToggleRead,
    /// Select the next or previous paper in the list, whichever pane has the keys.
    NextPaper,
    PreviousPaper,
    /// Select the next paper not yet read.
    NextUnread,
    /// Lead with the other title, Chinese or English.
    SwitchTitle,
    /// Show the selected paper's English abstract beside its summary, or no longer.
    ToggleAbstract,
    /// Ask the model for the selected paper's Chinese now.
    Summarize,
    /// What became of asking the model for a paper's Chinese: `line` says it.
    Summarized {
        line: String,
        failed: bool,
    },
    OlderDay,
    NewerDay,
    /// Switch between the day and every day.
    ToggleAllDays,
    /// Show the last week's papers ranked (or go back to the day).
    ShowRanking,
    /// Show the starred papers (or go back to the day).
    ShowStarred,
    /// Sync the recent days in the background, or stop the sync under way.
    Sync,
    /// News of the sync under way.
    Syncing(SyncNews),
    /// Sort by the next key.
    NextSort,
    /// Turn the order round.
    ReverseSort,
    /// Type a date to go to.
    JumpToDate,
    ShowHelp,
    CloseHelp,
    /// Turn to the help's other page (the keys, the query language).
    OtherHelpPage,
    /// Scroll the help by rows.
    ScrollHelp(isize),
    /// Close the popup that is open.
    ClosePopup,
    /// A key that means nothing where it was pressed.
    Nothing,
    /// Mouse wheel over a screen cell.
    ScrollAt {
        column: u16,
        row: u16,
        down: bool,
    },
    /// Mouse click on a screen cell.
    ClickAt {
        column: u16,
        row: u16,
    },
    /// The screen's size, as the last frame was drawn or the terminal announced it.
    Resize {
        width: u16,
        height: u16,
    },
    /// Give the terminal back to the shell and stop, as Ctrl-Z does; `fg` comes back.
    Suspend,
    /// Time to look for days added to or removed from the cache, and for marks made
    /// elsewhere.
    CheckCache,
    /// The time now: a paper whose detail has been on screen long enough becomes read.
    Tick(Instant),

    // What came of effects.
    /// What came of opening a link: `Err` holds why it failed.
    LinkOpened {
        url: String,
        result: Result<(), String>,
    },
    /// What came of copying: where the text went, or why it could not be written.
    Copied {
        what: Copy,
        result: Result<super::clipboard::Route, String>,
    },
    /// The marks as they now stand, read when the reader starts and again whenever another
    /// process changed them.
    MarksLoaded(Box<MarkMap>),
    /// A mark is on the disk.
    MarkSaved {
        key: String,
        change: MarkChange,
    },
    /// A mark could not be saved; `was` is how the paper's marks stood before it.
    MarkFailed {
        key: String,
        change: MarkChange,
        was: Mark,
        why: String,
    },
    /// A day was read and is to be shown.
    DayLoaded(Box<Loaded>),
    /// Every cached paper, for the all-days view, as read for the `request`th time of asking.
    EveryDayLoaded {
        listing: Box<crate::query::listing::Listing>,
        request: u64,
        /// Why every day was read from the digests rather than the index, the first time
        /// they were (a cache that cannot be written).
        warning: Option<String>,
    },
    /// Every cached paper could not be read.
    EveryDayFailed {
        why: String,
        request: u64,
    },
    /// A paper read in full.
    PaperLoaded {
        date: NaiveDate,
        position: u32,
        paper: Box<crate::model::Paper>,
    },
    /// There is no day that way (or none that reads).
    NoDay {
        step: Step,
        skipped: Vec<String>,
    },
    /// What changed in the cache since it was last looked at.
    CacheChanged(Box<CacheNews>),
    /// Something went wrong that the user should hear of.
    Failed(String),
    /// Mistakes found before the reader started (in the config file), shown together.
    Problems(Vec<String>),
    /// No mark can be saved (the data folder cannot be written, the marks file cannot be
    /// read), and why; `shown` when the marks in the file are shown all the same.
    MarksUnsaved {
        why: String,
        shown: bool,
    },
}

impl Action {
    /// Text typed into the field being typed in.
    pub fn typed(text: impl Into<String>) -> Action {
        Action::Edit(vec![Edit::Insert(text.into())])
    }

    /// Whether later actions of a burst may join this one ([`Action::absorb`]).
    pub fn gathers(&self) -> bool {
        matches!(self, Action::Edit(_) | Action::Resize { .. })
    }

    /// Take `next` into this action when it joins it: edits are made together, and of sizes
    /// one after another only the last counts. `next` back when it does not join.
    pub fn absorb(&mut self, next: Action) -> Option<Action> {
        match (self, next) {
            (Action::Edit(edits), Action::Edit(more)) => {
                for edit in more {
                    match (edits.last_mut(), edit) {
                        // Typed text runs together, so it goes in as one insertion.
                        (Some(Edit::Insert(text)), Edit::Insert(typed)) => text.push_str(&typed),
                        (_, edit) => edits.push(edit),
                    }
                }
                None
            }
            (this @ Action::Resize { .. }, next @ Action::Resize { .. }) => {
                *this = next;
                None
            }
            (_, next) => Some(next),
        }
    }
}

/// Which of a paper's links to open.
pub use crate::model::link::Link;

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

/// How many papers a model gave their Chinese, and for how many it failed or was not asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChineseMade {
    pub made: usize,
    pub failed: usize,
    /// The user stopped it: the papers not asked are not failures.
    pub stopped: bool,
}

/// What a sync in the background tells the reader as it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncNews {
    /// It starts on this many days.
    Started { days: usize },
    /// A server asked to wait, or another passing note.
    Note(String),
    /// A day is done, `done` of `days`: `line` says what became of it.
    Day {
        line: String,
        failed: bool,
        done: usize,
        days: usize,
    },
    /// The papers of the synced days that have no Chinese are being given some by the model
    /// set up: a paper is done, `done` of `papers`.
    Chinese {
        line: String,
        failed: bool,
        done: usize,
        papers: usize,
    },
    /// Every day is done (or the sync was stopped): how many were saved, the newest of them,
    /// and how many failed; then how many papers got their Chinese, and how many did not.
    Finished {
        saved: usize,
        failed: usize,
        stopped: bool,
        newest: Option<NaiveDate>,
        chinese: Option<ChineseMade>,
    },
    /// The sync could not start (a mistake in the sources, an index that does not open).
    Failed(String),
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

/// Which way to move through the days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Older,
    Newer,
}

/// A day read from the cache (or the built-in sample), ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub digest: Digest,
    /// When its file was written, to notice a later rewrite; `None` for the sample.
    pub written_at: Option<SystemTime>,
    /// Whether the library is showing the built-in sample because the cache has no day.
    pub sample: bool,
    /// Days passed over because they did not read, each with why.
    pub skipped: Vec<String>,
}

/// What changed in the cache, and the shown day read again if its file was rewritten.
#[derive(Debug, Clone, PartialEq)]
pub struct CacheNews {
    pub changes: Changes,
    pub sample: bool,
    pub reloaded: Option<Loaded>,
}

/// A side effect for the effects runner (or, for `Suspend`, the event loop) to carry out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
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
    /// Read every cached paper for the all-days view; `request` counts the times of asking, so
    /// that only the newest answer counts.
    LoadEveryDay {
        request: u64,
    },
    /// Read one paper in full.
    LoadPaper {
        date: NaiveDate,
        position: u32,
    },
    /// Look for days added or removed; `shown` is the day on screen and when its file was
    /// written, to read it again if it was rewritten since.
    CheckCache {
        shown: NaiveDate,
        written_at: Option<SystemTime>,
    },
    OpenLink(String),
    /// Save a change to the marks of the paper with `key`; `was` is how they stood before.
    SaveMark {
        key: String,
        change: MarkChange,
        was: Mark,
    },
    /// Read the marks again if another process changed them.
    CheckMarks,
    /// Sync the recent days in the background, and make the Chinese of their papers that
    /// have none when a model is set up.
    Sync,
    /// Stop the sync under way: no new request goes out.
    StopSync,
    /// Ask the model for the Chinese of the paper the user means by `id`, now.
    Summarize {
        id: String,
    },
    /// Put `text` on the clipboard; the event loop does it, as it writes to the terminal.
    Copy {
        what: Copy,
        text: String,
    },
    /// Hand the terminal to the shell and stop until continued.
    Suspend,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn absorbed(first: Action, next: Action) -> (Action, Option<Action>) {
        let mut first = first;
        let back = first.absorb(next);
        (first, back)
    }

    #[test]
    fn a_burst_of_edits_is_one_action_and_of_sizes_the_last_counts() {
        let (edits, back) = absorbed(
            Action::Edit(vec![Edit::Insert("模".into()), Edit::Backspace]),
            Action::Edit(vec![Edit::Insert("a".into()), Edit::Insert("b".into())]),
        );
        assert!(back.is_none());
        let Action::Edit(edits) = edits else {
            panic!("{edits:?}");
        };
        assert_eq!(
            edits,
            [
                Edit::Insert("模".into()),
                Edit::Backspace,
                Edit::Insert("ab".into())
            ]
        );
        let (size, back) = absorbed(
            Action::Resize {
                width: 80,
                height: 24,
            },
            Action::Resize {
                width: 40,
                height: 15,
            },
        );
        assert!(back.is_none());
        assert!(matches!(
            size,
            Action::Resize {
                width: 40,
                height: 15
            }
        ));
        // Anything else keeps its place after them.
        let (_, back) = absorbed(Action::typed("q"), Action::SearchKeep);
        assert!(matches!(back, Some(Action::SearchKeep)));
        let (_, back) = absorbed(Action::Down, Action::Down);
        assert!(matches!(back, Some(Action::Down)));
        assert!(!Action::Down.gathers() && Action::typed("j").gathers());
    }
}
