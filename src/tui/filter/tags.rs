//! The tag filter: the tags of what is shown with their counts, which are chosen, and the
//! cursor.

use std::collections::BTreeSet;

use crate::query::filter::TagChoice;
use crate::tui::scroll::{moved, offset_for};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagPane {
    /// Each tag row and how many papers carry it.
    rows: Vec<(TagChoice, usize)>,
    chosen: BTreeSet<TagChoice>,
    cursor: usize,
}

impl TagPane {
    pub fn rows(&self) -> &[(TagChoice, usize)] {
        &self.rows
    }

    pub fn chosen(&self) -> &BTreeSet<TagChoice> {
        &self.chosen
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// New counts; a chosen tag the papers lack keeps a row, with a count of 0.
    pub fn set_counts(&mut self, mut rows: Vec<(TagChoice, usize)>) {
        for choice in &self.chosen {
            if !rows.iter().any(|(c, _)| c == choice) {
                rows.push((choice.clone(), 0));
            }
        }
        self.rows = rows;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    pub fn move_by(&mut self, delta: isize) {
        self.cursor = moved(self.cursor, delta, self.rows.len().saturating_sub(1));
    }

    pub fn go_to(&mut self, row: usize) {
        self.cursor = row.min(self.rows.len().saturating_sub(1));
    }

    /// Choose the tag under the cursor, or drop it if it was chosen.
    pub fn toggle(&mut self) {
        if let Some((choice, _)) = self.rows.get(self.cursor)
            && !self.chosen.remove(choice)
        {
            self.chosen.insert(choice.clone());
        }
    }

    pub fn clear(&mut self) {
        self.chosen.clear();
    }

    /// The first row to show when `rows` fit: the cursor stays in view.
    pub fn offset_for(&self, rows: usize) -> usize {
        offset_for(0, self.cursor, rows, self.rows.len())
    }
}
