//! Syncing from the reader: `r` syncs the recent days in the background (and stops a sync),
//! the model set up then makes the Chinese of their papers without any, `z` asks it for the
//! selected paper now, `i` asks Hugging Face for the authors and abstract its citation lacks;
//! `Z` saves the selected paper to Zotero, whose library is read when the reader starts; the
//! news of it all as it comes. The work itself, on threads of its own, is in [`work`].

mod update;
pub mod work;

use chrono::NaiveDate;

/// What the user asks of syncing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncInput {
    /// Sync the recent days in the background, or stop the sync under way.
    Sync,
    /// Ask the model for the selected paper's Chinese now.
    Summarize,
    /// Ask Hugging Face for the authors and abstract the selected paper lacks.
    Complete,
    /// Save the selected paper to Zotero.
    SaveToZotero,
}

/// What came of syncing and summarizing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncOutcome {
    /// News of the sync under way.
    News(SyncNews),
    /// What became of asking the model for a paper's Chinese: `line` says it.
    Summarized { line: String, failed: bool },
    /// What became of asking Hugging Face for a paper's authors and abstract; `wrote` when
    /// they were written into the cache.
    Completed {
        line: String,
        failed: bool,
        wrote: bool,
    },
    /// Zotero's library was read, or a paper saved to it: `line` says what came of it when
    /// the user asked (a read when the reader starts says nothing).
    Zotero { line: Option<String>, failed: bool },
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
    /// and how many failed; then how many papers got their Chinese, and how many did not; and
    /// what went wrong after.
    Finished {
        /// The days saved.
        saved: Vec<NaiveDate>,
        failed: usize,
        stopped: bool,
        /// The newest day that read before the sync: from it or a newer day, stepping to
        /// newer days reaches what the sync brought.
        newest_before: Option<NaiveDate>,
        chinese: Option<ChineseMade>,
        /// What went wrong after the sync (the notify command of a watch), said with its end.
        warnings: Vec<String>,
    },
    /// The sync could not start (a mistake in the sources, an index that does not open).
    Failed(String),
}

/// Where syncing stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SyncStatus {
    #[default]
    Idle,
    Running(SyncState),
    /// A sync ended since the last key: the days it brought are not announced again.
    Ended,
}

/// How far the sync under way has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncState {
    pub step: SyncStep,
    /// Asked to stop: the days (or papers) under way finish.
    pub stopping: bool,
    pub failed: usize,
}

/// What the sync under way is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncStep {
    /// Fetching days: `done` of `days`, once it knows how many.
    Days { done: usize, days: Option<usize> },
    /// Asking the model for the Chinese of the synced papers without any: `done` of `papers`.
    Chinese { done: usize, papers: usize },
}

impl Default for SyncStep {
    fn default() -> SyncStep {
        SyncStep::Days {
            done: 0,
            days: None,
        }
    }
}

impl SyncStatus {
    /// Whether days arriving in the cache are a sync's news, which it tells itself: while it
    /// runs, and once just after (which this takes).
    pub fn brings_days(&mut self) -> bool {
        match self {
            SyncStatus::Running(_) => true,
            SyncStatus::Ended => {
                *self = SyncStatus::Idle;
                true
            }
            SyncStatus::Idle => false,
        }
    }

    /// The user acted: a sync that ended has been heard of.
    pub fn heard(&mut self) {
        if *self == SyncStatus::Ended {
            *self = SyncStatus::Idle;
        }
    }

    fn running(&mut self) -> Option<&mut SyncState> {
        match self {
            SyncStatus::Running(state) => Some(state),
            _ => None,
        }
    }
}
