//! The reader's model, as a router: it holds each feature's state and hands each action to the
//! feature it is for; each feature's folder holds its state, its update, its drawing and its
//! commands. After every action what is worked out from the state is worked out again where
//! its inputs changed. `update` only changes the model: what must touch disk, browser or
//! terminal it hands back as effects, each for the place that carries it out.

use std::time::{Duration, Instant};

use ratatui::layout::{Position, Rect};

use super::action::{
    Action, Effect, FocusInput, Input, Loop, LoopEffect, MarkEffect, Move, Outcome,
};
use super::board::Board;
use super::days::Days;
use super::detail::DetailPane;
use super::filter::Filter;
use super::geometry::{Geometry, Hit, Needs};
use super::keymap::Keymap;
use super::list::List;
use super::notes::NoteTexts;
use super::overlays::{Mode, Overlays};
use super::reading::Reading;
use super::sync::SyncStatus;
use super::watch::Watches;
use crate::model::paper_view::Lead;
use crate::query::watch::Watch;
use crate::text::Widths;

/// The pane that keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
    Filter,
}

/// What the user set: how text is measured, the keys, which title leads, when a paper counts
/// as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub widths: Widths,
    pub keymap: Keymap,
    pub lead: Lead,
    /// How long a paper's detail must be on screen before it is marked read; `None` leaves
    /// marking read to the user.
    pub read_after: Option<Duration>,
    /// The user's watchlists, which `W` lists.
    pub watches: Vec<Watch>,
}

/// How long a paper's detail is on screen before it counts as read, unless the config file
/// says otherwise: long enough that holding a key down the list reads nothing.
pub const READ_AFTER: Duration = Duration::from_secs(2);

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            widths: Widths::default(),
            keymap: Keymap::default(),
            lead: Lead::default(),
            read_after: Some(READ_AFTER),
            watches: Vec::new(),
        }
    }
}

/// Everything the reader shows, and where the user is in it: a field for each feature.
#[derive(Debug)]
pub struct App {
    pub(super) settings: Settings,
    /// The day shown, every day, the view and its order.
    pub(super) days: Days,
    /// The search and the tags.
    pub(super) filter: Filter,
    /// The papers the list shows, and the selection.
    pub(super) list: List,
    pub(super) detail: DetailPane,
    /// The marks, and the paper on screen being read.
    pub(super) reading: Reading,
    /// The text of the user's notes.
    pub(super) notes: NoteTexts,
    pub(super) sync: SyncStatus,
    /// The trend board.
    pub(super) board: Board,
    /// The mode, popups and the status line's message.
    pub(super) overlays: Overlays,
    /// The watchlists view.
    pub(super) watches: Watches,
    pub(super) focus: Focus,
    /// The screen's area as last drawn.
    area: Rect,
    quit: bool,
}

impl App {
    /// The reader on the day it opens with.
    pub fn new(settings: Settings, area: Rect, opening: super::action::Loaded) -> App {
        let mut app = App {
            days: Days::new(&opening, settings.widths),
            settings,
            filter: Filter::default(),
            list: List::default(),
            detail: DetailPane::default(),
            reading: Reading::default(),
            notes: NoteTexts::default(),
            sync: SyncStatus::default(),
            board: Board::default(),
            overlays: Overlays::default(),
            watches: Watches::default(),
            focus: Focus::List,
            area,
            quit: false,
        };
        app.show(opening);
        app.derive();
        app
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn widths(&self) -> Widths {
        self.settings.widths
    }

    pub fn keymap(&self) -> &Keymap {
        &self.settings.keymap
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    pub fn quit(&self) -> bool {
        self.quit
    }

    /// What the layout depends on besides the screen's size.
    pub fn needs(&self, width: u16) -> Needs {
        Needs {
            filter_in_use: self.focus == Focus::Filter || *self.mode() == Mode::Search,
            tag_rows: self.filter.tags().rows().len(),
            notice_rows: u16::try_from(self.notice_lines(width).len()).unwrap_or(0),
        }
    }

    /// The screen as it is drawn on `area`.
    pub fn geometry_at(&self, area: Rect) -> Geometry {
        Geometry::new(area, self.needs(area.width))
    }

    /// The screen as last drawn.
    pub fn geometry(&self) -> Geometry {
        self.geometry_at(self.area)
    }

    /// The next time the reader has something to do without being told, if any: the event
    /// loop sleeps until then, or until an event comes. A reader left alone has none.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.read_deadline()
    }

    /// Take in one action; returns the effects it asks for.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let effects = match action {
            Action::Input(input) => {
                // The user acted: the last message has been read.
                self.overlays.clear_message();
                self.sync.heard();
                self.reading.acted();
                self.input(input)
            }
            Action::Loop(event) => self.loop_event(event),
            Action::Outcome(outcome) => self.outcome(outcome).into_iter().collect(),
        };
        self.after(effects)
    }

    /// After an action: what is worked out from the state is worked out again, the selected
    /// paper is read in full where the list holds it in part, and the paper on screen is
    /// noted for reading.
    fn after(&mut self, mut effects: Vec<Effect>) -> Vec<Effect> {
        self.derive();
        self.derive_watches();
        effects.extend(self.read_selected_in_full());
        self.note_on_screen();
        effects
    }

    fn input(&mut self, input: Input) -> Vec<Effect> {
        let effect = match input {
            Input::Quit => {
                self.quit = true;
                None
            }
            Input::Suspend => Some(LoopEffect::Suspend.into()),
            Input::Nothing => None,
            Input::Move(step) => {
                self.move_by(self.delta(step));
                None
            }
            Input::Focus(input) => {
                self.focus_input(input);
                None
            }
            Input::Text(input) => self.text_input(input),
            Input::Filter(input) => {
                self.filter_input(input);
                None
            }
            Input::Paper(input) => self.paper_input(input),
            Input::Reading(input) => self.reading_input(input),
            Input::Note(input) => self.note_input(input),
            Input::Days(input) => self.days_input(input),
            Input::Sync(input) => self.sync_input(input),
            Input::Watch(input) => self.watch_input(input),
            Input::Overlay(input) => {
                self.overlay_input(input);
                None
            }
            Input::Board(input) => self.board_input(input),
            Input::ScrollAt { column, row, down } => {
                self.scroll_at(column, row, down);
                None
            }
            Input::ClickAt { column, row } => {
                self.click_at(column, row);
                None
            }
        };
        effect.into_iter().collect()
    }

    fn loop_event(&mut self, event: Loop) -> Vec<Effect> {
        match event {
            Loop::Tick(now) => {
                self.note_on_screen();
                self.read_on_screen(now).into_iter().collect()
            }
            Loop::Resize { width, height } => {
                self.area = Rect::new(0, 0, width, height);
                let rows = self.list_rows();
                self.list.keep_in_view(rows);
                self.clamp_detail();
                Vec::new()
            }
            Loop::CheckCache => vec![self.days.check_cache(), MarkEffect::Check.into()],
        }
    }

    fn outcome(&mut self, outcome: Outcome) -> Option<Effect> {
        match outcome {
            Outcome::Days(outcome) => self.days_outcome(outcome),
            Outcome::Paper(outcome) => {
                self.paper_outcome(outcome);
                None
            }
            Outcome::Reading(outcome) => {
                self.reading_outcome(outcome);
                None
            }
            Outcome::Note(outcome) => {
                self.note_outcome(outcome);
                None
            }
            Outcome::Sync(outcome) => self.sync_outcome(outcome),
            Outcome::Board(outcome) => {
                self.board_outcome(outcome);
                None
            }
            Outcome::Failed(why) => {
                self.warn(why);
                None
            }
            Outcome::Problems(problems) => {
                self.problems(problems);
                None
            }
        }
    }

    fn focus_input(&mut self, input: FocusInput) {
        match input {
            FocusInput::Next => {
                self.focus = match self.focus {
                    Focus::List => Focus::Detail,
                    Focus::Detail => Focus::Filter,
                    Focus::Filter => Focus::List,
                };
            }
            FocusInput::Detail => self.focus = Focus::Detail,
            FocusInput::Back => {
                if self.focus != Focus::List {
                    self.focus = Focus::List;
                } else {
                    self.clear_search();
                }
            }
        }
    }

    /// How far a move goes in the focused pane.
    fn delta(&self, step: Move) -> isize {
        let page = || {
            let rows = match self.focus {
                Focus::List => self.list_rows(),
                Focus::Detail => self.detail_page(),
                Focus::Filter => self.tag_rows(),
            };
            isize::try_from(rows.saturating_sub(1).max(1)).unwrap_or(1)
        };
        match step {
            Move::Up => -1,
            Move::Down => 1,
            Move::First => isize::MIN,
            Move::Last => isize::MAX,
            Move::PageUp => -page(),
            Move::PageDown => page(),
        }
    }

    /// Move the focused pane's cursor by `delta` rows, stopping at the ends.
    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::List => self.move_list(delta),
            Focus::Detail => self.scroll_detail(delta),
            Focus::Filter => self.move_tags(delta),
        }
    }

    fn scroll_at(&mut self, column: u16, row: u16, down: bool) {
        let focus = match self.geometry().hit(Position::new(column, row)) {
            Some(Hit::ListRow(_) | Hit::List) => Focus::List,
            Some(Hit::Detail) => Focus::Detail,
            Some(Hit::SearchRow | Hit::TagRow(_) | Hit::Filter) => Focus::Filter,
            None => return,
        };
        let before = self.focus;
        self.focus = focus;
        self.move_by(if down { 3 } else { -3 });
        self.focus = before;
    }

    fn click_at(&mut self, column: u16, row: u16) {
        let Some(hit) = self.geometry().hit(Position::new(column, row)) else {
            return;
        };
        self.focus = match hit {
            Hit::ListRow(_) | Hit::List => Focus::List,
            Hit::Detail => Focus::Detail,
            Hit::Filter | Hit::SearchRow | Hit::TagRow(_) => Focus::Filter,
        };
        match hit {
            Hit::ListRow(row) => self.click_row(row),
            Hit::SearchRow => self.start_search(),
            Hit::TagRow(row) => self.click_tag(row),
            Hit::List | Hit::Detail | Hit::Filter => {}
        }
    }
}
