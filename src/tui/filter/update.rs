//! How the filters change: typing, pasting, keeping and dropping a search, choosing tags.

use super::field::SearchField;
use super::tags::TagPane;
use super::*;
use crate::query::filter::Filter as Chosen;
use crate::tui::action::Effect;
use crate::tui::app::{App, Focus};
use crate::tui::overlays::Mode;

impl App {
    pub fn search(&self) -> &SearchField {
        &self.filter.search
    }

    pub fn tags(&self) -> &TagPane {
        &self.filter.tags
    }

    pub fn is_searching(&self) -> bool {
        *self.mode() == Mode::Search
    }

    pub fn is_filtering(&self) -> bool {
        self.filter.is_filtering()
    }

    /// How many of the day's papers a filter could show: all of them for a search that names
    /// `is:hidden`, else those the user has not hidden, so that a paper hidden does not make
    /// the day look filtered ("11/12").
    pub fn day_papers(&self) -> usize {
        let papers = &self.digest().papers;
        if self.filter.query.shows_hidden() {
            return papers.len();
        }
        let marks = self.reading.marks();
        papers
            .iter()
            .filter(|paper| !marks.get(&paper.key()).hidden)
            .count()
    }

    /// Whether the search typed is the one in force (it parses).
    pub fn search_in_force(&self) -> bool {
        self.filter.query.source() == self.filter.search.text()
    }

    /// The filter the user has set.
    pub fn filter(&self) -> Chosen {
        Chosen {
            tags: self.filter.tags.chosen().clone(),
            search: self.filter.search.text().to_string(),
        }
    }

    pub(in crate::tui) fn filter_input(&mut self, input: FilterInput) {
        match input {
            FilterInput::StartSearch => self.start_search(),
            FilterInput::FocusTags => {
                self.focus = Focus::Filter;
                self.filter.tags.go_to(0);
            }
            // Space means something only where the tags are.
            FilterInput::ToggleTag if self.focus == Focus::Filter => self.toggle_tag(),
            FilterInput::ToggleTag => {}
            FilterInput::Clear => {
                self.filter.tags.clear();
                self.filter.search.clear();
                self.filter.changed();
                self.overlays.set_mode(Mode::Browse);
            }
        }
    }

    /// What typing does: in the date prompt, to the date; otherwise, to the search.
    pub(in crate::tui) fn text_input(&mut self, input: TextInput) -> Option<Effect> {
        let prompt = matches!(self.mode(), Mode::Jump(_) | Mode::Label(_));
        match input {
            TextInput::Edit(edits) => {
                let field = self.field();
                let mut changed = false;
                for edit in &edits {
                    changed |= field.apply(edit);
                }
                if changed && !prompt {
                    self.filter.changed();
                }
            }
            TextInput::Paste(text) => {
                if !prompt {
                    self.overlays.set_mode(Mode::Search);
                }
                if self.field().insert(&text) && !prompt {
                    self.filter.changed();
                }
            }
            TextInput::Keep => match self.overlays.set_mode(Mode::Browse) {
                Mode::Jump(field) => return self.jump(field.text()),
                Mode::Label(field) => return self.label_typed(field.text()),
                _ => {}
            },
            TextInput::Complete => {
                if matches!(self.mode(), Mode::Label(_)) {
                    self.complete_label();
                }
            }
            TextInput::Cancel => {
                if self.overlays.set_mode(Mode::Browse) == Mode::Search {
                    self.filter.clear_search();
                }
            }
        }
        None
    }

    /// Put `text` in the search in place of what it held, as if typed and kept.
    pub(in crate::tui) fn set_search(&mut self, text: &str) {
        self.filter.search.clear();
        self.filter.search.insert(text);
        self.filter.changed();
    }

    /// Drop the search, as Esc in the list does; whether there was one.
    pub(in crate::tui) fn clear_search(&mut self) -> bool {
        self.filter.clear_search()
    }

    /// Put `query` in the search in place of what was there, and no tag chosen: what the
    /// trend board's cells open.
    pub(in crate::tui) fn search_for(&mut self, query: &str) {
        self.filter.tags.clear();
        self.filter.search.clear();
        self.filter.search.insert(query);
        self.filter.changed();
    }

    pub(in crate::tui) fn start_search(&mut self) {
        self.overlays.set_mode(Mode::Search);
        self.list.search_started();
        self.filter.search.end();
    }

    pub(in crate::tui) fn toggle_tag(&mut self) {
        self.filter.tags.toggle();
        self.filter.changed();
    }

    pub(in crate::tui) fn tag_rows(&self) -> usize {
        self.geometry().panes().map_or(1, |p| p.tag_rows())
    }

    /// Choose the tag on a row of the filter pane, as a click does.
    pub(in crate::tui) fn click_tag(&mut self, row: usize) {
        let at = self.filter.tags.offset_for(self.tag_rows()) + row;
        if at < self.filter.tags.rows().len() {
            self.filter.tags.go_to(at);
            self.toggle_tag();
        }
    }

    pub(in crate::tui) fn move_tags(&mut self, delta: isize) {
        self.filter.tags.move_by(delta);
    }

    /// The field keys type into: the date or the label being typed, or the search.
    fn field(&mut self) -> &mut SearchField {
        match self.overlays.prompt_field() {
            Some(field) => field,
            None => &mut self.filter.search,
        }
    }
}
