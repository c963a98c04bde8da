//! How the watchlists view changes: shown and left, its cursor, its counts worked out again
//! when the papers or the marks change, and a watch opened as a search of every day.

use super::{Count, WatchInput, count};
use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::overlays::Mode;

impl App {
    /// The watchlists view's state.
    pub fn watches(&self) -> &super::Watches {
        &self.watches
    }

    pub(in crate::tui) fn watch_input(&mut self, input: WatchInput) -> Option<Effect> {
        let showing = *self.mode() == Mode::Watches;
        match input {
            WatchInput::Toggle if showing => self.close_watches(),
            WatchInput::Toggle => {
                self.overlays.set_mode(Mode::Watches);
                let last = self.settings.watches.len().saturating_sub(1);
                self.watches.selected = self.watches.selected.min(last);
                // The counts are of every cached paper.
                return self.read_every_day();
            }
            WatchInput::Move(rows) => {
                let last = self.settings.watches.len().saturating_sub(1);
                self.watches.selected = self.watches.selected.saturating_add_signed(rows).min(last);
            }
            WatchInput::Close => self.close_watches(),
            WatchInput::Open => {
                let watch = self.settings.watches.get(self.watches.selected)?;
                let query = watch.query.clone();
                self.close_watches();
                self.set_search(&query);
                return self.show_every_day();
            }
        }
        None
    }

    fn close_watches(&mut self) {
        self.overlays.set_mode(Mode::Browse);
    }

    /// Count each watch's papers again while the view is up and every day is read, when the
    /// papers or the marks have changed since they were counted.
    pub(in crate::tui) fn derive_watches(&mut self) {
        if *self.mode() != Mode::Watches {
            return;
        }
        let from = (self.days.generation(), self.reading.generation());
        if self.watches.counted_from == Some(from) {
            return;
        }
        let Some(listing) = self.days.every_day() else {
            self.watches.counts = None;
            return;
        };
        let today = self.days.today();
        let counts: Vec<Count> = self
            .settings
            .watches
            .iter()
            .map(|watch| match watch.parsed(today) {
                Ok(query) => count(listing, &query, self.reading.marks()),
                Err(_) => Count::default(),
            })
            .collect();
        self.watches.counts = Some(counts);
        self.watches.counted_from = Some(from);
    }
}
