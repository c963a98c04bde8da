//! How the marks change: by hand, by reading, and by the marks' keeper.

use super::*;
use crate::storage::marks::Mark;
use crate::tui::action::{Effect, MarkEffect};
use crate::tui::app::App;
use crate::tui::overlays::{Mode, Popup};
use std::time::{Duration, Instant};

impl App {
    /// The marks on the paper with `key`.
    pub fn mark(&self, key: &str) -> Mark {
        self.reading.mark(key)
    }

    pub(in crate::tui) fn reading_input(&mut self, input: ReadingInput) -> Option<Effect> {
        match input {
            ReadingInput::ToggleStar => self.toggle_star(),
            ReadingInput::ToggleRead => self.toggle_read(),
            ReadingInput::NextUnread => {
                self.next_unread();
                None
            }
        }
    }

    pub(in crate::tui) fn reading_outcome(&mut self, outcome: ReadingOutcome) {
        match outcome {
            ReadingOutcome::Loaded(marks) => {
                self.reading.marks = *marks;
                self.reading.marks.set_notes(self.reading.notes.clone());
                // Changes on their way to the disk stand over what was read before them.
                for (key, change) in self.reading.pending.clone() {
                    let mut mark = self.reading.marks.get(&key);
                    change.apply(&mut mark);
                    self.reading.marks.set(&key, mark);
                }
                self.reading.generation += 1;
            }
            ReadingOutcome::Saved { key, change } => self.settle(&key, change),
            ReadingOutcome::Failed {
                key,
                change,
                was,
                why,
            } => {
                self.settle(&key, change);
                // Only what failed goes back, and only if nothing changed it since.
                let mut mark = self.reading.marks.get(&key);
                match change {
                    MarkChange::Read(read) if mark.read == read => mark.read = was.read,
                    MarkChange::Starred(starred) if mark.starred == starred => {
                        mark.starred = was.starred;
                    }
                    _ => {}
                }
                self.reading.set(&key, mark);
                if change == MarkChange::Read(true) {
                    // Not tried again and again while it stays on screen.
                    self.reading.held_unread = Some(key);
                }
                self.warn(format!("could not save the mark: {why}"));
            }
            ReadingOutcome::Unsaved { why, shown } => {
                let what_holds = if shown {
                    "The marks in the file are shown as they are, but s and m change nothing \
                     and no paper becomes read until it can be written."
                } else {
                    "No mark is shown, s and m change nothing and no paper becomes read until \
                     it can be opened."
                };
                self.warn("marks are not saved: s and m change nothing".to_string());
                self.show_popup(Popup {
                    title: "Marks are not saved".to_string(),
                    paragraphs: vec![
                        why.clone(),
                        String::new(),
                        format!("{what_holds} Any key closes."),
                    ],
                });
                self.reading.unsaved = Some(why);
            }
        }
    }

    /// Note which paper's detail is on screen, and since when: the clock starts again when
    /// another paper comes up, or when the detail pane goes out of sight, and only once the
    /// user has acted.
    pub(in crate::tui) fn note_on_screen(&mut self) {
        let selected = self.selected_key().map(str::to_string);
        if self.reading.held_unread.is_some() && self.reading.held_unread != selected {
            self.reading.held_unread = None;
        }
        let visible = self.reading.acted
            && *self.mode() == Mode::Browse
            && self.geometry().panes().is_some_and(|p| p.detail.is_some());
        match (selected.filter(|_| visible), &self.reading.on_screen) {
            (Some(key), Some(shown)) if shown.key == key => {}
            // The clock starts at the next tick: the last one may be long past (a suspend).
            (Some(key), _) => self.reading.on_screen = Some(OnScreen { key, since: None }),
            (None, _) => self.reading.on_screen = None,
        }
    }

    /// Mark the paper on screen read once it has been there long enough (and marks can be
    /// saved: the popup at the start said they cannot).
    pub(in crate::tui) fn read_on_screen(&mut self, now: Instant) -> Option<Effect> {
        let after: Duration = self
            .settings
            .read_after
            .filter(|_| self.reading.unsaved.is_none())?;
        let shown = self.reading.on_screen.as_mut()?;
        let since = *shown.since.get_or_insert(now);
        if now.saturating_duration_since(since) < after
            || self.reading.marks.get(&shown.key).read
            || self.reading.held_unread.as_ref() == Some(&shown.key)
        {
            return None;
        }
        let key = shown.key.clone();
        self.set_mark(key, MarkChange::Read(true))
    }

    /// A change to marks is saved, or failed: it no longer stands over marks read from disk.
    fn settle(&mut self, key: &str, change: MarkChange) {
        if let Some(at) = self
            .reading
            .pending
            .iter()
            .position(|(k, c)| k == key && *c == change)
        {
            self.reading.pending.remove(at);
        }
    }

    /// Change a paper's marks here at once, and ask for the change to be saved. Where no mark
    /// can be saved, nothing changes and the user is told why.
    fn set_mark(&mut self, key: String, change: MarkChange) -> Option<Effect> {
        if let Some(why) = &self.reading.unsaved {
            self.warn(format!("no mark can be saved: {why}"));
            return None;
        }
        if key.is_empty() {
            self.warn("this paper has no arXiv id or link to keep a mark by".to_string());
            return None;
        }
        let was = self.reading.marks.get(&key);
        let mut mark = was;
        change.apply(&mut mark);
        if mark == was {
            return None;
        }
        self.reading.set(&key, mark);
        self.reading.pending.push((key.clone(), change));
        Some(MarkEffect::Save { key, change, was }.into())
    }

    fn toggle_star(&mut self) -> Option<Effect> {
        let Some(key) = self.selected_key().map(str::to_string) else {
            self.inform("no paper is selected".to_string());
            return None;
        };
        let starred = !self.reading.marks.get(&key).starred;
        let save = self.set_mark(key, MarkChange::Starred(starred))?;
        self.inform(if starred { "starred" } else { "unstarred" }.to_string());
        Some(save)
    }

    fn toggle_read(&mut self) -> Option<Effect> {
        let Some(key) = self.selected_key().map(str::to_string) else {
            self.inform("no paper is selected".to_string());
            return None;
        };
        let read = !self.reading.marks.get(&key).read;
        let save = self.set_mark(key.clone(), MarkChange::Read(read))?;
        // Left unread on purpose: it stays so until another paper is selected.
        self.reading.held_unread = (!read).then_some(key);
        self.inform(if read { "marked read" } else { "marked unread" }.to_string());
        Some(save)
    }

    /// Select the next paper down the list that is not read; past the last, go on from the
    /// top (and say so), as a search in a pager does.
    fn next_unread(&mut self) {
        let shown = self.list.shown();
        let count = shown.len();
        if count == 0 {
            self.inform("no paper is shown".to_string());
            return;
        }
        let selected = self.list.selected().min(count - 1);
        let unread = |at: usize| {
            !self
                .reading
                .marks
                .get(self.days.shelf().item(shown[at]).key())
                .read
        };
        let below = (selected + 1..count).find(|&at| unread(at));
        let next = below
            .map(|at| (at, false))
            .or_else(|| (0..=selected).find(|&at| unread(at)).map(|at| (at, true)));
        match next {
            Some((at, _)) if at == selected => {
                self.inform("this is the only unread paper".to_string());
            }
            Some((at, wrapped)) => {
                let rows = self.list_rows();
                self.list.go_to(at, rows);
                self.detail.to_top();
                if wrapped {
                    self.inform("no unread paper below; went on from the top".to_string());
                }
            }
            None => self.inform("every paper here is read".to_string()),
        }
    }
}
