//! The trend board (`T`): topics × weeks as a heat map, the organizations with the most papers
//! with a sparkline each, the terms rising fastest and the papers that grew most, each with
//! how many of its papers the user read, and a year of reading as a calendar. A row or a
//! week's cell is selected and opened as its query in the search. The numbers are gathered
//! from the index by the effects runner (see [`crate::stats`]).

pub mod draw;
mod update;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::stats::{Cell, Stats};

/// What the user asks of the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardInput {
    /// Open the board, or close it.
    Toggle,
    Close,
    /// Move the selection by rows.
    Move(isize),
    /// Move the selection across the weeks: from the row to its cells and back.
    Across(isize),
    /// List the selected row's or cell's papers in the search.
    Open,
}

/// What came of gathering the numbers.
#[derive(Debug, Clone)]
pub enum BoardOutcome {
    Gathered(Box<Gathered>),
    Failed(String),
}

/// The numbers the board shows, as gathered.
#[derive(Debug, Clone, PartialEq)]
pub struct Gathered {
    pub stats: Stats,
    /// Papers read per day over the calendar's year, and the streak up to `today`.
    pub read_per_day: BTreeMap<NaiveDate, usize>,
    pub streak: usize,
    pub today: NaiveDate,
}

/// A row of the board that can be selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Topic(usize),
    Organization(usize),
    Rising(usize),
    Mover(usize),
}

/// The board: its numbers once gathered, and the selection.
#[derive(Debug, Default)]
pub struct Board {
    numbers: Numbers,
    /// The selected row, among [`Board::rows`].
    selected: usize,
    /// The selected week of the row (`None`: the row as a whole), counted from the last week
    /// back, so that it stays on the same week whatever the width shows.
    week_back: Option<usize>,
}

#[derive(Debug, Default)]
enum Numbers {
    #[default]
    NotAsked,
    Gathering,
    Gathered(Box<Gathered>),
}

impl Board {
    pub fn gathered(&self) -> Option<&Gathered> {
        match &self.numbers {
            Numbers::Gathered(gathered) => Some(gathered),
            Numbers::NotAsked | Numbers::Gathering => None,
        }
    }

    pub fn is_gathering(&self) -> bool {
        matches!(self.numbers, Numbers::Gathering)
    }

    /// The rows that can be selected, in the order they are shown.
    pub fn rows(&self) -> Vec<Row> {
        let Some(gathered) = self.gathered() else {
            return Vec::new();
        };
        let stats = &gathered.stats;
        (0..stats.topics.len())
            .map(Row::Topic)
            .chain((0..stats.organizations.len()).map(Row::Organization))
            .chain((0..stats.rising.len().min(RISING)).map(Row::Rising))
            .chain((0..stats.movers.len().min(MOVERS)).map(Row::Mover))
            .collect()
    }

    pub fn selected(&self) -> Option<Row> {
        self.rows().get(self.selected).copied()
    }

    /// The selected week, counted back from the last.
    pub fn week_back(&self) -> Option<usize> {
        self.week_back
    }

    /// The papers of the selected row, or of its selected week.
    pub fn selected_cell(&self) -> Option<&Cell> {
        let stats = &self.gathered()?.stats;
        match self.selected()? {
            Row::Topic(at) => {
                let topic = stats.topics.get(at)?;
                week_or_total(&topic.total, &topic.weeks, self.week_back)
            }
            Row::Organization(at) => {
                let org = stats.organizations.get(at)?;
                week_or_total(&org.total, &org.weeks, self.week_back)
            }
            Row::Rising(at) => stats.rising.get(at).map(|rising| &rising.last_week),
            Row::Mover(_) => None,
        }
    }

    /// The query of the selected row or cell.
    pub fn selected_query(&self) -> Option<&str> {
        if let Some(Row::Mover(at)) = self.selected() {
            return self
                .gathered()?
                .stats
                .movers
                .get(at)
                .map(|mover| mover.query.as_str());
        }
        self.selected_cell().map(|cell| cell.query.as_str())
    }
}

/// The cell `back` weeks before the last, or the total.
fn week_or_total<'a>(total: &'a Cell, weeks: &'a [Cell], back: Option<usize>) -> Option<&'a Cell> {
    match back {
        None => Some(total),
        Some(back) => weeks.iter().rev().nth(back),
    }
}

/// How many rising terms and movers the board lists.
pub const RISING: usize = 8;
pub const MOVERS: usize = 8;
