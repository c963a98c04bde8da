//! How the board changes: opened and closed, its numbers asked for and taken in, the selection
//! moved, and a row or cell opened as its query in the search.

use super::*;
use crate::tui::action::{Effect, IoEffect};
use crate::tui::app::{App, Focus};
use crate::tui::overlays::Mode;

impl App {
    pub fn board(&self) -> &Board {
        &self.board
    }

    pub fn board_open(&self) -> bool {
        *self.mode() == Mode::Board
    }

    pub(in crate::tui) fn board_input(&mut self, input: BoardInput) -> Option<Effect> {
        match input {
            BoardInput::Toggle if self.board_open() => {
                self.overlays.set_mode(Mode::Browse);
                None
            }
            BoardInput::Toggle => {
                self.overlays.set_mode(Mode::Board);
                // Asked again each time: marks and days change while the reader is open. The
                // numbers of the last time stay on the board until the new ones come.
                if !matches!(self.board.numbers, Numbers::Gathered(_)) {
                    self.board.numbers = Numbers::Gathering;
                }
                Some(
                    IoEffect::GatherStats {
                        marks: Box::new(self.reading.marks().clone()),
                    }
                    .into(),
                )
            }
            BoardInput::Close => {
                self.overlays.set_mode(Mode::Browse);
                None
            }
            BoardInput::Move(delta) => {
                let last = self.board.rows().len().saturating_sub(1);
                self.board.selected = self.board.selected.saturating_add_signed(delta).min(last);
                if !self.board.has_weeks() {
                    self.board.week_back = None;
                }
                None
            }
            BoardInput::Across(delta) => {
                self.board.move_across(delta);
                None
            }
            BoardInput::Open => self.open_board_query(),
        }
    }

    pub(in crate::tui) fn board_outcome(&mut self, outcome: BoardOutcome) {
        match outcome {
            BoardOutcome::Gathered(gathered) => {
                self.board.numbers = Numbers::Gathered(gathered);
                let last = self.board.rows().len().saturating_sub(1);
                self.board.selected = self.board.selected.min(last);
            }
            BoardOutcome::Failed(why) => {
                if self.board.is_gathering() {
                    self.board.numbers = Numbers::NotAsked;
                }
                self.warn(format!("the trend board: {why}"));
            }
        }
    }

    /// The selected row's or cell's papers, in the list of every day with its query in the
    /// search.
    fn open_board_query(&mut self) -> Option<Effect> {
        let query = self.board.selected_query()?.to_string();
        self.overlays.set_mode(Mode::Browse);
        self.search_for(&query);
        self.focus = Focus::List;
        self.show_every_day()
    }
}

impl Board {
    /// Whether the selected row has a cell a week.
    fn has_weeks(&self) -> bool {
        matches!(self.selected(), Some(Row::Topic(_) | Row::Organization(_)))
    }

    /// From the row to its last week's cell, across the weeks, and back to the row.
    fn move_across(&mut self, delta: isize) {
        if !self.has_weeks() {
            return;
        }
        let weeks = self.gathered().map_or(0, |g| g.stats.weeks.len());
        // Right goes towards the last week, and from the last week back to the row.
        self.week_back = match (self.week_back, delta.signum()) {
            (None, 1) => None,
            (None, _) => weeks.checked_sub(1).map(|_| 0),
            (Some(0), 1) => None,
            (Some(back), 1) => Some(back - 1),
            (Some(back), _) => Some((back + 1).min(weeks.saturating_sub(1))),
        };
    }
}
