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

    /// Every mark and label, as this reader knows them.
    pub fn reading_marks(&self) -> &MarkMap {
        self.reading.marks()
    }

    pub(in crate::tui) fn reading_input(&mut self, input: ReadingInput) -> Option<Effect> {
        match input {
            ReadingInput::ToggleStar => self.toggle_star(),
            ReadingInput::ToggleRead => self.toggle_read(),
            ReadingInput::NextUnread => {
                self.next_unread();
                None
            }
            ReadingInput::ToggleQueued => self.toggle_queued(),
            ReadingInput::ToggleHidden => self.toggle_hidden(),
            ReadingInput::ReadAllShown => self.read_all_shown(),
            ReadingInput::Undo => self.undo(),
            ReadingInput::Label => {
                self.start_label();
                None
            }
        }
    }

    pub(in crate::tui) fn reading_outcome(&mut self, outcome: ReadingOutcome) {
        match outcome {
            ReadingOutcome::Loaded(marks) => {
                let hidden_before = hidden_keys(&self.reading.marks);
                self.reading.marks = *marks;
                self.reading.marks.set_notes(self.reading.notes.clone());
                // Changes on their way to the disk stand over what was read before them.
                for change in &self.reading.pending {
                    change.apply(&mut self.reading.marks);
                }
                self.reading.generation += 1;
                if hidden_keys(&self.reading.marks) != hidden_before {
                    self.reading.hidden_generation += 1;
                }
            }
            ReadingOutcome::Saved(changes) => self.settle(&changes),
            ReadingOutcome::Failed { changes, why } => {
                self.settle(&changes);
                // Only what failed goes back, and only where nothing changed it since.
                let back: Vec<MarkChange> = changes
                    .iter()
                    .rev()
                    .filter(|change| change.holds_in(&self.reading.marks))
                    .map(MarkChange::undone)
                    .collect();
                self.reading.apply(back);
                self.reading.done.retain(|done| done.changes != changes);
                if let [change] = changes.as_slice()
                    && change.what == Change::Flag(Flag::Read, true)
                {
                    // Not tried again and again while it stays on screen.
                    self.reading.held_unread = Some(change.key.clone());
                }
                self.warn(format!("could not save the mark: {why}"));
            }
            ReadingOutcome::Unsaved { why, shown } => {
                let what_holds = if shown {
                    "The marks in the file are shown as they are, but no key changes them \
                     and no paper becomes read until it can be written."
                } else {
                    "No mark is shown, no key changes them and no paper becomes read until \
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
        let shown = self.reading.on_screen.as_mut()?;
        shown.since.get_or_insert(now);
        let key = shown.key.clone();
        if self.read_deadline().is_none_or(|at| now < at) {
            return None;
        }
        // Read in the queue view, a paper leaves the queue (`u` takes that back); read
        // elsewhere, it stays: a paper queued while on screen is not taken out again by it.
        if self.days.view() == crate::tui::days::View::Queue {
            let changes = self.reading_changes(&key, true);
            let said = (changes.len() > 1).then(|| format!("read {key}, out of the queue"));
            return self.change_marks(changes, said);
        }
        self.change_marks(vec![MarkChange::flag(&key, Flag::Read, true)], None)
    }

    /// When the paper on screen becomes read if it stays there, as [`Self::read_on_screen`]
    /// would mark it; `None` when nothing is being read, or its clock has not started yet
    /// (it starts at the tick that follows every event the loop wakes for).
    pub(in crate::tui) fn read_deadline(&self) -> Option<Instant> {
        let after: Duration = self
            .settings
            .read_after
            .filter(|_| self.reading.unsaved.is_none())?;
        let shown = self.reading.on_screen.as_ref()?;
        if self.reading.marks.get(&shown.key).read
            || self.reading.held_unread.as_ref() == Some(&shown.key)
        {
            return None;
        }
        shown.since.map(|since| since + after)
    }

    /// Changes to marks are saved, or failed: they no longer stand over marks read from disk.
    fn settle(&mut self, changes: &[MarkChange]) {
        for change in changes {
            if let Some(at) = self.reading.pending.iter().position(|c| c == change) {
                self.reading.pending.remove(at);
            }
        }
    }

    /// Marking a paper read or unread by hand; read, it leaves the reading queue too.
    pub(in crate::tui) fn reading_changes(&self, key: &str, read: bool) -> Vec<MarkChange> {
        let mut changes = vec![MarkChange::flag(key, Flag::Read, read)];
        if read && self.reading.marks.get(key).queued {
            changes.push(MarkChange::flag(key, Flag::Queued, false));
        }
        changes
    }

    /// Change marks here at once, and ask for the changes to be saved together. With `said`
    /// (what the status line says of them), `u` can take them back. Where no mark can be
    /// saved, nothing changes and the user is told why; changes that change nothing are
    /// dropped, and when none is left nothing is asked.
    pub(in crate::tui) fn change_marks(
        &mut self,
        changes: Vec<MarkChange>,
        said: Option<String>,
    ) -> Option<Effect> {
        if let Some(why) = &self.reading.unsaved {
            self.warn(format!("no mark can be saved: {why}"));
            return None;
        }
        if changes.iter().any(|change| change.key.is_empty()) {
            self.warn("this paper has no arXiv id or link to keep a mark by".to_string());
            return None;
        }
        let made = self.reading.apply(changes);
        if made.is_empty() {
            return None;
        }
        self.reading.pending.extend(made.iter().cloned());
        if let Some(said) = said {
            self.reading.remember(made.clone(), said);
        }
        Some(MarkEffect::Save(made).into())
    }

    /// Take back the last change made in this reader, and say what it was.
    fn undo(&mut self) -> Option<Effect> {
        let Some(done) = self.reading.done.pop() else {
            self.inform("nothing to undo".to_string());
            return None;
        };
        let back: Vec<MarkChange> = done.changes.iter().rev().map(MarkChange::undone).collect();
        // A paper read again by undoing stays unread while it is on screen: the selected one
        // when a whole view is taken back.
        let unread_again = |change: &&MarkChange| change.what == Change::Flag(Flag::Read, false);
        let selected = self.selected_key();
        let held = back
            .iter()
            .filter(unread_again)
            .find(|change| Some(change.key.as_str()) == selected)
            .or_else(|| back.iter().find(unread_again));
        if let Some(change) = held {
            self.reading.held_unread = Some(change.key.clone());
        }
        let save = self.change_marks(back, None);
        self.inform(format!("undid: {}", done.said));
        save
    }

    /// The selected paper's key, or a word that none is selected.
    pub(in crate::tui) fn selected_key_or_say(&mut self) -> Option<String> {
        let key = self.selected_key().map(str::to_string);
        if key.is_none() {
            self.inform("no paper is selected".to_string());
        }
        key
    }

    fn toggle_star(&mut self) -> Option<Effect> {
        self.toggle_flag(Flag::Starred, ["starred", "unstarred"], "")
    }

    /// Put `flag` on the selected paper or take it off; `said` is what the status line says
    /// of each, and `hint` what it adds once the flag is on.
    pub(in crate::tui) fn toggle_flag(
        &mut self,
        flag: Flag,
        said: [&str; 2],
        hint: &str,
    ) -> Option<Effect> {
        let key = self.selected_key_or_say()?;
        let on = !flag.of(&self.reading.marks.get(&key));
        let said = if on { said[0] } else { said[1] };
        let save = self.change_marks(
            vec![MarkChange::flag(&key, flag, on)],
            Some(format!("{said} {key}")),
        )?;
        self.inform(if on {
            format!("{said}{hint}")
        } else {
            said.to_string()
        });
        Some(save)
    }

    fn toggle_read(&mut self) -> Option<Effect> {
        let key = self.selected_key_or_say()?;
        let read = !self.reading.marks.get(&key).read;
        let changes = self.reading_changes(&key, read);
        let said = match (read, changes.len() > 1) {
            (true, true) => "marked read, out of the queue",
            (true, false) => "marked read",
            (false, _) => "marked unread",
        };
        let save = self.change_marks(changes, Some(format!("{said} {key}")))?;
        // Left unread on purpose: it stays so until another paper is selected.
        self.reading.held_unread = (!read).then_some(key);
        self.inform(said.to_string());
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

/// The keys of the hidden papers, to notice when another process hid or brought one back.
fn hidden_keys(marks: &MarkMap) -> std::collections::BTreeSet<String> {
    marks
        .iter()
        .filter(|(_, mark)| mark.hidden)
        .map(|(key, _)| key.to_string())
        .collect()
}
