//! How notes change in the reader: `e` asks the event loop for the editor, and what the
//! editor left is taken in.

use super::{NoteInput, NoteOutcome};
use crate::storage::notes::About;
use crate::tui::action::{Effect, LoopEffect};
use crate::tui::app::App;

impl App {
    /// The user's text of the note on the paper with `key`, as the detail pane shows it.
    pub fn note_text(&self, key: &str) -> Option<&str> {
        self.notes.text(key)
    }

    pub(in crate::tui) fn note_input(&mut self, input: NoteInput) -> Option<Effect> {
        let NoteInput::Edit = input;
        let Some(paper) = self.selected_paper() else {
            self.inform("no paper is selected to write a note on".into());
            return None;
        };
        let key = paper.key();
        let labels = self.reading.marks().on(&key).labels.to_vec();
        // The first day it was listed on, once every day is read; till then, the day shown.
        let first = self.days.history().days(&key).first().map(|day| day.date);
        let date = first.unwrap_or_else(|| self.selected_date());
        let about = About::of(&paper, labels, Some(date));
        Some(
            LoopEffect::EditNote {
                key,
                about: Box::new(about),
            }
            .into(),
        )
    }

    pub(in crate::tui) fn note_outcome(&mut self, outcome: NoteOutcome) {
        match outcome {
            NoteOutcome::Read { texts, unread } => {
                self.notes.replace(texts);
                self.reading.set_notes(self.notes.keys());
                if let Some(why) = unread.first() {
                    self.warn(format!("a note is left out: {why}"));
                }
            }
            NoteOutcome::Edited { key, result } => match result {
                Ok(text) => {
                    let kept = text.is_some();
                    self.notes.set(&key, text);
                    self.reading.set_notes(self.notes.keys());
                    self.inform(match kept {
                        true => format!("the note on {key} is saved"),
                        false => format!("no note on {key}: it was left empty"),
                    });
                }
                Err(why) => self.warn(why),
            },
        }
    }
}
