//! How the list changes: working out its rows again, moving through it, clicking a row.

use super::pane::ListPane;
use super::*;
use crate::model::Paper;
use crate::tui::app::App;
use crate::tui::days::Stamp;

impl App {
    /// The list pane: the papers shown, the selection, the first row on screen.
    pub fn list(&self) -> &ListPane {
        &self.list.pane
    }

    /// How many of the papers the list shows are not read yet.
    pub fn unread_shown(&self) -> usize {
        self.list.unread
    }

    /// Whether the view holds any paper before the search and the tags.
    pub fn view_holds_papers(&self) -> bool {
        self.list.view_holds_papers
    }

    /// The paper under the list cursor: in full in the day view, and in the other views once
    /// it has been read from the index (until then, all but its summary and highlights).
    pub fn selected_paper(&self) -> Option<std::borrow::Cow<'_, Paper>> {
        Some(self.days.paper(self.list.selected_paper()?).0)
    }

    /// The day the selected paper is listed on (the day shown, in the day view).
    pub fn selected_date(&self) -> chrono::NaiveDate {
        match self.list.selected_paper() {
            Some(index) => self.days.shelf().item(index).entry.date,
            None => self.days.date(),
        }
    }

    /// The key of the selected paper, which its marks belong to.
    pub fn selected_key(&self) -> Option<&str> {
        Some(self.days.shelf().item(self.list.selected_paper()?).key())
    }

    /// Work out again what passes the search and the tags, when what that comes from changed
    /// since the last time, keeping the selected paper selected when it still does.
    pub(in crate::tui) fn derive(&mut self) {
        let inputs = Inputs {
            days: self.days.generation(),
            filter: self.filter.generation(),
            marks: self.reading.generation(),
            hidden: self.reading.hidden_generation(),
        };
        if self.list.from == Some(inputs) {
            return;
        }
        // Marks change only the count of unread papers: a paper unstarred in the starred view,
        // or read under `is:unread`, stays where it is until the view or the filters change.
        // A paper hidden (or brought back under `is:hidden`) leaves at once, and the row
        // after it takes the selection.
        let only_hiding = self.list.from.is_some_and(|from| {
            from.days == inputs.days && from.filter == inputs.filter && from.hidden != inputs.hidden
        });
        let rows_changed = only_hiding
            || self
                .list
                .from
                .is_none_or(|from| from.days != inputs.days || from.filter != inputs.filter);
        self.list.from = Some(inputs);
        // What filtering reads of the marks is worked out again only when they changed.
        self.list.kept.know(
            self.days.shelf(),
            self.reading.marks(),
            Stamp {
                days: inputs.days,
                marks: inputs.marks,
                hidden: inputs.hidden,
            },
        );
        if rows_changed {
            if let Err(why) = self.filter.parse(self.days.today()) {
                self.warn(why);
            }
            let selected = self.list.selected_paper();
            let (shelf, marks) = (self.days.shelf(), self.reading.marks());
            let passed = self.list.kept.passing(shelf, self.filter.query(), marks);
            let selection = shelf.select(
                passed,
                self.filter.tags().chosen(),
                self.days.order(),
                marks,
            );
            // Nothing selected, the list was empty: the paper selected before it emptied, by
            // its key, since the papers may have been read again since.
            let was = selected.or_else(|| {
                let key = self.list.before_empty.as_deref()?;
                selection
                    .rows
                    .iter()
                    .copied()
                    .find(|&i| shelf.item(i).key() == key)
            });
            self.filter.set_counts(selection.tag_counts);
            self.list.view_holds_papers = self.list.kept.view_holds_papers();
            let rows = self.list_rows();
            if only_hiding && !was.is_some_and(|was| selection.rows.contains(&was)) {
                self.list.pane.show_in_place(selection.rows, rows);
            } else {
                self.list.pane.show(selection.rows, was, rows);
            }
            if self.list.selected_paper() != was {
                self.detail.to_top();
            }
            // The paper to come back to, while the list is empty.
            match (self.list.selected_paper(), selected) {
                (Some(_), _) => self.list.before_empty = None,
                (None, Some(paper)) => {
                    let key = self.days.shelf().item(paper).key().to_string();
                    self.list.before_empty = Some(key);
                }
                (None, None) => {}
            }
        }
        // A hidden paper is not waiting to be read, even where `is:hidden` shows it.
        let kept = &self.list.kept;
        self.list.unread = self
            .list
            .shown()
            .iter()
            .filter(|&&i| kept.waiting(i))
            .count();
    }

    pub(in crate::tui) fn list_rows(&self) -> usize {
        self.geometry().panes().map_or(1, |p| p.list.rows())
    }

    /// Move the selection by `delta` rows, stopping at the ends.
    pub(in crate::tui) fn move_list(&mut self, delta: isize) {
        let before = self.list.selected();
        let rows = self.list_rows();
        self.list.move_by(delta, rows);
        if self.list.selected() != before {
            self.detail.to_top();
        }
    }

    /// Go to the next (or previous) paper from any pane; at either end of the list, say so.
    pub(in crate::tui) fn step_paper(&mut self, delta: isize) {
        let before = self.list.selected();
        self.move_list(delta);
        if self.list.selected() == before && !self.list.shown().is_empty() {
            let view = match self.days.view() {
                crate::tui::days::View::Day => "of the day",
                _ => "here",
            };
            self.inform(if delta > 0 {
                format!("this is the last paper {view}")
            } else {
                format!("this is the first paper {view}")
            });
        }
    }

    /// Select the paper on a row of the list pane, as a click does.
    pub(in crate::tui) fn click_row(&mut self, row: usize) {
        let before = self.list.selected();
        let rows = self.list_rows();
        self.list.select_row(row, rows);
        if self.list.selected() != before {
            self.detail.to_top();
        }
    }
}
