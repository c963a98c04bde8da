//! Keeping the user's marks: each change saved before the reader may end, and changes made
//! by other processes noticed.

use crate::marks::Marks;
use crate::tui::action::{Action, MarkChange, MarkEffect, Outcome, ReadingOutcome};

/// Keeps the user's marks: saves each change and notices changes other processes made. The
/// event loop gives it a thread of its own, waited for when the reader quits, so that a mark
/// made just before `q` is never lost behind slower work.
pub struct MarkKeeper {
    marks: Marks,
}

impl MarkKeeper {
    /// Keep marks in `marks`, whose marks the reader was given when it started.
    pub fn new(mut marks: Marks) -> MarkKeeper {
        // What is in the file now is what the reader starts with: only later changes are news.
        let _ = marks.changed_elsewhere();
        MarkKeeper { marks }
    }

    /// Carry out a mark's effect.
    pub fn run(&mut self, effect: MarkEffect) -> Option<Action> {
        match effect {
            MarkEffect::Save { key, change, was } => Some(self.save(key, change, was)),
            MarkEffect::Check => self.check(),
        }
    }

    fn save(&mut self, key: String, change: MarkChange, was: crate::marks::Mark) -> Action {
        let saved = match change {
            MarkChange::Read(read) => self.marks.set_read(&key, read),
            MarkChange::Starred(starred) => self.marks.set_starred(&key, starred),
        };
        match saved {
            Ok(_) => outcome(ReadingOutcome::Saved { key, change }),
            Err(err) => outcome(ReadingOutcome::Failed {
                key,
                change,
                was,
                why: err.to_string(),
            }),
        }
    }

    /// Every mark, read again when another process (another reader, `lunwen star`) changed
    /// them.
    fn check(&mut self) -> Option<Action> {
        match self.marks.changed_elsewhere() {
            Ok(false) => None,
            Ok(true) => match self.marks.all() {
                Ok(all) => Some(outcome(ReadingOutcome::Loaded(Box::new(all)))),
                Err(err) => Some(Outcome::Failed(err.to_string()).into()),
            },
            Err(err) => Some(Outcome::Failed(err.to_string()).into()),
        }
    }
}

fn outcome(outcome: ReadingOutcome) -> Action {
    Outcome::Reading(outcome).into()
}
