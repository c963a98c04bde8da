//! Keeping the user's marks: each change saved before the reader may end, and changes made
//! by other processes noticed.

use crate::storage::marks::Marks;
use crate::storage::notes::Notes;
use crate::tui::action::{Action, MarkChange, MarkEffect, Outcome, ReadingOutcome};
use crate::tui::effect::Change;

/// Keeps the user's marks: saves each change and notices changes other processes made. The
/// event loop gives it a thread of its own, waited for when the reader quits, so that a mark
/// made just before `q` is never lost behind slower work.
pub struct MarkKeeper {
    marks: Marks,
    /// The notes folder, whose front matter names each paper's labels.
    notes: Option<Notes>,
}

impl MarkKeeper {
    /// Keep marks in `marks`, whose marks the reader was given when it started.
    pub fn new(mut marks: Marks) -> MarkKeeper {
        // What is in the file now is what the reader starts with: only later changes are news.
        let _ = marks.changed_elsewhere();
        MarkKeeper { marks, notes: None }
    }

    /// Write a paper's labels into the front matter of its note in `notes` whenever they
    /// change, as `lunwen label` does.
    pub fn with_notes(mut self, notes: Option<Notes>) -> MarkKeeper {
        self.notes = notes;
        self
    }

    /// Carry out a mark's effect.
    pub fn run(&mut self, effect: MarkEffect) -> Option<Action> {
        self.run_all(vec![effect]).into_iter().next()
    }

    /// Carry out the effects a burst of keys asked for: the marks are saved in one write to
    /// the disk rather than one each (2,000 `s` pressed at once are a moment's work, and
    /// `q` after them does not wait), and each save is reported as it would be alone.
    pub fn run_all(&mut self, effects: Vec<MarkEffect>) -> Vec<Action> {
        let saves: Vec<Vec<MarkChange>> = effects
            .iter()
            .filter_map(|effect| match effect {
                MarkEffect::Save(changes) => Some(changes.clone()),
                MarkEffect::Check => None,
            })
            .collect();
        let mut actions = Vec::new();
        if !saves.is_empty() {
            let answers = self.marks.together(|marks| {
                saves
                    .iter()
                    .map(|changes| {
                        // The changes one key made are kept or dropped whole.
                        marks
                            .all_or_none(|marks| {
                                changes
                                    .iter()
                                    .try_for_each(|change| change.save(marks).map(|_| ()))
                            })
                            .map_err(|err| err.to_string())
                    })
                    .collect::<Vec<_>>()
            });
            let answers = match answers {
                Ok(answers) => answers,
                // Not written at all: each says why.
                Err(err) => vec![Err(err.to_string()); saves.len()],
            };
            for (changes, answer) in saves.into_iter().zip(answers) {
                match answer {
                    Ok(()) => {
                        actions.extend(self.keep_note_labels(&changes));
                        actions.push(outcome(ReadingOutcome::Saved(changes)));
                    }
                    Err(why) => actions.push(outcome(ReadingOutcome::Failed { changes, why })),
                }
            }
        }
        if effects.contains(&MarkEffect::Check) {
            actions.extend(self.check());
        }
        actions
    }

    /// The front matter of the notes on the papers whose labels `changes` changed names the
    /// labels they now have; a note that cannot be written is said, the labels stand.
    fn keep_note_labels(&self, changes: &[MarkChange]) -> Option<Action> {
        let notes = self.notes.as_ref()?;
        let failed = changes
            .iter()
            .filter(|change| matches!(change.what, Change::Label(..)))
            .find_map(|change| {
                let labels = self.marks.labels(&change.key);
                let kept = labels.and_then(|labels| notes.set_labels(&change.key, &labels));
                let key = &change.key;
                kept.err()
                    .map(|err| format!("the note on {key} still names the labels it had: {err}"))
            })?;
        Some(Outcome::Failed(failed).into())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::marks::Flag;

    #[test]
    fn a_burst_of_marks_is_saved_and_reported_each() {
        let dir = tempfile::tempdir().unwrap();
        let mut keeper = MarkKeeper::new(Marks::open(dir.path()).unwrap());
        let burst: Vec<MarkEffect> = (0..50)
            .map(|n| {
                MarkEffect::Save(vec![MarkChange::flag(
                    &format!("2602.{n:05}"),
                    Flag::Starred,
                    true,
                )])
            })
            .chain([MarkEffect::Check])
            .collect();
        let actions = keeper.run_all(burst);
        let saved = actions
            .iter()
            .filter(|a| {
                matches!(
                    a,
                    Action::Outcome(Outcome::Reading(ReadingOutcome::Saved { .. }))
                )
            })
            .count();
        assert_eq!(saved, 50);
        let marks = Marks::open(dir.path()).unwrap().all().unwrap();
        assert_eq!(marks.len(), 50);
        assert!(marks.get("2602.00049").starred);
    }

    #[test]
    fn the_changes_one_key_made_are_saved_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let mut keeper = MarkKeeper::new(Marks::open(dir.path()).unwrap());
        let whole = vec![
            MarkChange::flag("2602.00001", Flag::Read, true),
            MarkChange::flag("2602.00002", Flag::Read, true),
        ];
        // The second change of this one cannot be saved: the first goes with it.
        let broken = vec![
            MarkChange::flag("2602.00003", Flag::Read, true),
            MarkChange::label("2602.00003", "bad\u{1b}[31m", true),
        ];
        let actions = keeper.run_all(vec![MarkEffect::Save(whole), MarkEffect::Save(broken)]);
        assert!(matches!(
            &actions[0],
            Action::Outcome(Outcome::Reading(ReadingOutcome::Saved(_)))
        ));
        assert!(matches!(
            &actions[1],
            Action::Outcome(Outcome::Reading(ReadingOutcome::Failed { .. }))
        ));
        let marks = Marks::open(dir.path()).unwrap().all().unwrap();
        assert!(marks.get("2602.00001").read && marks.get("2602.00002").read);
        assert!(!marks.get("2602.00003").read);
    }
}
