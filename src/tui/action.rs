//! What flows through the reader, typed by where it comes from and where it goes: actions in
//! (from the user, from the event loop, and what came of work) and effects out, each for the
//! place that carries it out (the event loop, the interactive worker, the background worker,
//! the marks' keeper). Each feature of the reader has its own kinds of input and outcome, in
//! its own folder; here they are gathered into the few types that travel.

use std::time::Instant;

pub use super::board::{BoardInput, BoardOutcome};
pub use super::days::{DaysInput, DaysOutcome};
pub use super::detail::{PaperInput, PaperOutcome};
pub use super::effect::{
    BackgroundEffect, CacheNews, Copy, Effect, IoEffect, Loaded, LoopEffect, MarkChange,
    MarkEffect, Step,
};
pub use super::filter::{Edit, FilterInput, TextInput};
pub use super::notes::{NoteInput, NoteOutcome};
pub use super::overlays::OverlayInput;
pub use super::reading::{ReadingInput, ReadingOutcome};
pub use super::sync::{ChineseMade, SyncInput, SyncNews, SyncOutcome};
pub use super::watch::WatchInput;
pub use crate::model::link::Link;

/// One thing for the reader's model to take in.
#[derive(Debug, Clone)]
pub enum Action {
    /// The user asked for it: a key, the mouse, a paste. It clears the last message.
    Input(Input),
    /// The event loop says it: the time, the terminal's size, time to look at the cache.
    Loop(Loop),
    /// What came of work the reader asked for.
    Outcome(Outcome),
}

/// What the user asks for, by the feature that answers it.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Quit,
    /// Give the terminal back to the shell and stop, as Ctrl-Z does; `fg` comes back.
    Suspend,
    /// A key that means nothing where it was pressed.
    Nothing,
    /// Move in the focused pane (papers, the detail's scroll, tags).
    Move(Move),
    /// Move the focus between the panes.
    Focus(FocusInput),
    /// Text typed, pasted, kept or dropped in the field being typed in (the search, or the
    /// date after `D`).
    Text(TextInput),
    Filter(FilterInput),
    Paper(PaperInput),
    Reading(ReadingInput),
    Note(NoteInput),
    Days(DaysInput),
    Sync(SyncInput),
    Overlay(OverlayInput),
    Watch(WatchInput),
    Board(BoardInput),
    /// The mouse wheel over a cell of the screen.
    ScrollAt {
        column: u16,
        row: u16,
        down: bool,
    },
    /// A click on a cell of the screen.
    ClickAt {
        column: u16,
        row: u16,
    },
}

/// Moves within the focused pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    First,
    Last,
    PageUp,
    PageDown,
}

/// Moves of the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FocusInput {
    /// The next pane: list → detail → filter.
    Next,
    /// Read the selected paper: the detail pane.
    Detail,
    /// Back out of whatever is focused, towards the list; in the list, drop the search.
    Back,
}

/// What the event loop tells the reader.
#[derive(Debug, Clone, PartialEq)]
pub enum Loop {
    /// The time now: a paper whose detail has been on screen long enough becomes read.
    Tick(Instant),
    /// The screen's size, as the last frame was drawn or the terminal announced it.
    Resize { width: u16, height: u16 },
    /// Time to look for days added to or removed from the cache, and for marks made
    /// elsewhere.
    CheckCache,
}

/// What came of work, by the feature that asked for it.
#[derive(Debug, Clone)]
pub enum Outcome {
    Days(DaysOutcome),
    Paper(PaperOutcome),
    Reading(ReadingOutcome),
    Note(NoteOutcome),
    Sync(SyncOutcome),
    Board(BoardOutcome),
    /// Something went wrong that the user should hear of.
    Failed(String),
    /// Mistakes found before the reader started (in the config file), shown together.
    Problems(Vec<String>),
}

impl Action {
    /// Text typed into the field being typed in.
    pub fn typed(text: impl Into<String>) -> Action {
        Action::Input(Input::Text(TextInput::Edit(vec![Edit::Insert(
            text.into(),
        )])))
    }

    /// Whether later actions of a burst may join this one ([`Action::absorb`]).
    pub fn gathers(&self) -> bool {
        matches!(
            self,
            Action::Input(Input::Text(TextInput::Edit(_))) | Action::Loop(Loop::Resize { .. })
        )
    }

    /// Take `next` into this action when it joins it: edits are made together, and of sizes
    /// one after another only the last counts. `next` back when it does not join.
    pub fn absorb(&mut self, next: Action) -> Option<Action> {
        match (self, next) {
            (
                Action::Input(Input::Text(TextInput::Edit(edits))),
                Action::Input(Input::Text(TextInput::Edit(more))),
            ) => {
                for edit in more {
                    match (edits.last_mut(), edit) {
                        // Typed text runs together, so it goes in as one insertion.
                        (Some(Edit::Insert(text)), Edit::Insert(typed)) => text.push_str(&typed),
                        (_, edit) => edits.push(edit),
                    }
                }
                None
            }
            (
                this @ Action::Loop(Loop::Resize { .. }),
                next @ Action::Loop(Loop::Resize { .. }),
            ) => {
                *this = next;
                None
            }
            (_, next) => Some(next),
        }
    }
}

impl From<Input> for Action {
    fn from(input: Input) -> Action {
        Action::Input(input)
    }
}

impl From<Loop> for Action {
    fn from(event: Loop) -> Action {
        Action::Loop(event)
    }
}

impl From<Outcome> for Action {
    fn from(outcome: Outcome) -> Action {
        Action::Outcome(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_typing_is_one_edit_and_of_sizes_the_last_counts() {
        let mut typed = Action::typed("模");
        assert!(typed.gathers());
        assert!(typed.absorb(Action::typed("型")).is_none());
        let backspace = Action::Input(Input::Text(TextInput::Edit(vec![Edit::Backspace])));
        assert!(typed.absorb(backspace).is_none());
        match &typed {
            Action::Input(Input::Text(TextInput::Edit(edits))) => {
                assert_eq!(edits, &[Edit::Insert("模型".into()), Edit::Backspace]);
            }
            other => panic!("{other:?}"),
        }
        let down = Action::Input(Input::Move(Move::Down));
        assert!(typed.absorb(down).is_some(), "a move does not join typing");
        let mut size = Action::Loop(Loop::Resize {
            width: 80,
            height: 24,
        });
        let later = Action::Loop(Loop::Resize {
            width: 40,
            height: 15,
        });
        assert!(size.absorb(later.clone()).is_none());
        assert!(matches!(size, Action::Loop(Loop::Resize { width: 40, .. })));
    }
}
