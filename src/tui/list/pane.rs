//! The list pane: which papers pass the filter, which one is selected, and the first row shown.

use crate::tui::scroll::{moved, offset_for};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListPane {
    /// Indices into the day's papers of those that pass the filter, in the order shown.
    shown: Vec<usize>,
    /// Index into `shown`.
    selected: usize,
    /// The first row on screen.
    offset: usize,
}

impl ListPane {
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    /// The position of the selected paper in the list.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The selected paper, as an index into the day's papers.
    pub fn selected_paper(&self) -> Option<usize> {
        self.shown.get(self.selected).copied()
    }

    /// Show other papers, keeping `keep` (a paper index) selected when it is among them and
    /// starting from the top otherwise.
    pub fn show(&mut self, shown: Vec<usize>, keep: Option<usize>, rows: usize) {
        let at = keep.and_then(|paper| shown.iter().position(|&i| i == paper));
        self.shown = shown;
        self.selected = at.unwrap_or(0);
        if at.is_none() {
            self.offset = 0;
        }
        self.keep_in_view(rows);
    }

    /// Show other papers with the selection on the same row: the paper after one that left
    /// takes its place.
    pub fn show_in_place(&mut self, shown: Vec<usize>, rows: usize) {
        self.shown = shown;
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
        self.keep_in_view(rows);
    }

    /// Move the selection by `delta` rows, stopping at the ends.
    pub fn move_by(&mut self, delta: isize, rows: usize) {
        self.selected = moved(self.selected, delta, self.shown.len().saturating_sub(1));
        self.keep_in_view(rows);
    }

    /// Select the paper on the `row`th row on screen, if there is one.
    pub fn select_row(&mut self, row: usize, rows: usize) {
        let at = self.offset_for(rows) + row;
        if at < self.shown.len() {
            self.selected = at;
            self.keep_in_view(rows);
        }
    }

    /// Select the paper at `position` in the list, if there is one.
    pub fn go_to(&mut self, position: usize, rows: usize) {
        if position < self.shown.len() {
            self.selected = position;
            self.keep_in_view(rows);
        }
    }

    /// The first row to show when `rows` fit.
    pub fn offset_for(&self, rows: usize) -> usize {
        offset_for(self.offset, self.selected, rows, self.shown.len())
    }

    pub fn keep_in_view(&mut self, rows: usize) {
        self.offset = self.offset_for(rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_stays_on_screen_and_in_the_list() {
        let mut list = ListPane::default();
        list.show((0..100).collect(), None, 10);
        list.move_by(25, 10);
        assert_eq!((list.selected(), list.offset_for(10)), (25, 16));
        list.move_by(-3, 10);
        assert_eq!((list.selected(), list.offset_for(10)), (22, 16));
        list.move_by(isize::MAX, 10);
        assert_eq!((list.selected(), list.offset_for(10)), (99, 90));
        // Fewer rows than before: still in view, without blank rows at the end.
        assert_eq!(list.offset_for(4), 96);
        list.show(vec![5, 99, 7], Some(99), 10);
        assert_eq!((list.selected(), list.offset_for(10)), (1, 0));
        list.show(vec![5, 7], Some(99), 10);
        assert_eq!(list.selected_paper(), Some(5));
        list.select_row(1, 10);
        assert_eq!(list.selected_paper(), Some(7));
        list.select_row(5, 10);
        assert_eq!(list.selected_paper(), Some(7), "no paper on that row");
    }
}
