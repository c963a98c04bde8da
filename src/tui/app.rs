//! The reader's model and its update: the day shown, what the filters let through, each pane's
//! state, the mode, and how each action changes them. `update` only changes the model: what
//! must touch disk, browser or terminal it hands back as effects.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::{Duration, Instant, SystemTime};

use chrono::NaiveDate;
use ratatui::layout::{Position, Rect};

use super::action::{Action, CacheNews, Copy, Effect, Link, Loaded, MarkChange, Step, SyncNews};
use super::geometry::{Geometry, Hit, Needs};
use super::keymap::{Command, Keymap};
use super::panes::{DetailPane, LaidOutFor, ListPane, SearchField, TagPane};
use super::shelf::{ColumnWidths, Order, Shelf, SortKey, View};
use crate::model::link;
use crate::model::paper_view::{self, Lead, Line};
use crate::model::{Digest, Paper, counted, days_count, papers_count};
use crate::query::Query;
use crate::query::filter::Filter;
use crate::query::history::History;
use crate::query::listing::Listing;
use crate::storage::marks::{Mark, MarkMap};
use crate::storage::sample::{SAMPLE_NOTICE, SAMPLE_NOTICE_SHORT};
use crate::text::{self, Widths};

/// The pane that keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
    Filter,
}

/// What keys do right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Keys move and act on the focused pane.
    Browse,
    /// Keys type into the search.
    Search,
    /// Keys type a date to go to (a day, a month, `yesterday`, `7d`…).
    Jump(SearchField),
    /// The help is shown at one of its pages, scrolled to its `scroll`th row.
    Help { page: HelpPage, scroll: usize },
    /// A message too long for the status line is shown over the panes.
    Popup(Popup),
}

/// The pages of the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPage {
    /// Every key and what it does.
    Keys,
    /// What the search takes.
    Queries,
}

/// The order a view opens in.
fn default_order(view: View) -> Order {
    Order::by(match view {
        View::Day => SortKey::Rank,
        View::All | View::Starred => SortKey::Date,
        View::Ranking { .. } => SortKey::Upvotes,
    })
}

/// The rows a page of the help lists: what to press or write, and what it does.
pub fn help_rows(keymap: &Keymap, page: HelpPage) -> Vec<(String, &'static str)> {
    match page {
        HelpPage::Keys => keymap.help_rows(),
        HelpPage::Queries => crate::query::HELP
            .iter()
            .map(|&(what, does)| (what.to_string(), does))
            .collect(),
    }
}

/// A message shown over the panes, in full at any width, until a key closes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Popup {
    pub title: String,
    /// Paragraphs, each wrapped to the popup's width; an empty one is a blank line.
    pub paragraphs: Vec<String>,
}

/// How a status message should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
}

/// A message in the status line, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub tone: Tone,
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
        }
    }
}

/// The day the day view shows: its digest, and when its file was written as it was loaded.
#[derive(Debug)]
struct Day {
    digest: Digest,
    written_at: Option<SystemTime>,
}

/// A paper read in full from the index, for the all-days view's detail pane.
#[derive(Debug, Clone)]
struct FullPaper {
    date: NaiveDate,
    position: u32,
    paper: Paper,
}

/// How far the sync under way has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncState {
    pub step: SyncStep,
    /// Asked to stop: the days under way finish.
    pub stopping: bool,
    pub failed: usize,
}

/// What the sync under way is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncStep {
    /// Fetching days: `done` of `days`, once it knows how many.
    Days { done: usize, days: Option<usize> },
    /// Asking the model for the Chinese of the synced papers without any: `done` of `papers`.
    Chinese { done: usize, papers: usize },
}

impl Default for SyncStep {
    fn default() -> SyncStep {
        SyncStep::Days {
            done: 0,
            days: None,
        }
    }
}

/// The paper whose detail is on screen.
#[derive(Debug)]
struct OnScreen {
    key: String,
    /// Since when: the first tick after it came up.
    since: Option<Instant>,
}

/// How many days the ranking covers at first: a week, as Hugging Face's weekly page does.
const RANKING_DAYS: u64 = 7;

/// Everything the reader shows, and where the user is in it.
#[derive(Debug)]
pub struct App {
    settings: Settings,
    day: Day,
    /// The papers the list shows, of the day or of every day.
    shelf: Shelf,
    /// Every cached paper, once read (in the background) for the all-days view.
    every_day: Option<Rc<Listing>>,
    /// The days each paper was listed on, from every cached paper once they are read.
    history: History,
    /// Whether the all-days papers are being read, and the view to show once they are.
    every_day_wanted: Option<View>,
    /// The order asked for while every day was being read, for the view wanted then.
    order_wanted: Option<Order>,
    every_day_loading: bool,
    /// How many times every day was asked for: only the answer to the last counts.
    every_day_request: u64,
    order: Order,
    /// The search as last parsed: a search being typed that does not parse yet leaves the
    /// last one in force, and says what is wrong.
    query: Query,
    /// Today, for relative dates in searches.
    today: NaiveDate,
    full: Option<FullPaper>,
    /// The paper last asked to be read in full.
    full_asked: Option<(NaiveDate, u32)>,
    /// Counts what the detail pane shows changing (a day, a paper read in full), so it lays
    /// out again.
    days_shown: u64,
    /// Whether the library shows the built-in sample because the cache has no day.
    sample: bool,
    /// The user's marks on papers, as this reader knows them.
    marks: MarkMap,
    /// Why no mark can be saved, when none can: marks are then shown as read, never made.
    unsaved_marks: Option<String>,
    /// The paper whose detail is on screen, and since when.
    on_screen: Option<OnScreen>,
    /// Whether the user has pressed a key or used the mouse yet. Until then no paper counts
    /// as read, however long it is on screen: a reader started and left alone reads nothing.
    acted: bool,
    /// The paper marked unread by hand: it stays unread until another paper is selected.
    held_unread: Option<String>,
    /// Changes to marks asked for and not saved yet, in order: they stand over marks read
    /// from the disk meanwhile.
    pending: Vec<(String, MarkChange)>,
    /// The time, as the last tick told it.
    now: Option<Instant>,
    /// How many of the papers shown are not read yet.
    unread_shown: usize,
    /// Whether the view holds any paper before the search and the tags.
    view_holds_papers: bool,
    /// The sync under way, if any.
    sync: Option<SyncState>,
    /// A sync ended since the last key: days it brought are not announced again.
    sync_just_ended: bool,
    mode: Mode,
    /// Popups waiting for the one on screen to close, in the order they came.
    popups_waiting: VecDeque<Popup>,
    focus: Focus,
    list: ListPane,
    detail: DetailPane,
    tags: TagPane,
    search: SearchField,
    message: Option<Message>,
    /// The screen's area as last drawn.
    area: Rect,
    quit: bool,
    /// Day changes asked for while one is on its way: positive newer, negative older.
    steps_waiting: isize,
    stepping: bool,
}

impl App {
    /// The reader on the day it opens with.
    pub fn new(settings: Settings, area: Rect, opening: Loaded) -> App {
        let shelf = Shelf::new(
            View::Day,
            Rc::new(Listing::of_day(&opening.digest)),
            settings.widths,
        );
        let mut app = App {
            settings,
            day: Day {
                digest: opening.digest.clone(),
                written_at: None,
            },
            shelf,
            every_day: None,
            history: History::default(),
            every_day_wanted: None,
            order_wanted: None,
            every_day_loading: false,
            every_day_request: 0,
            order: Order::by(SortKey::Rank),
            query: Query::everything(),
            today: chrono::Local::now().date_naive(),
            full: None,
            full_asked: None,
            days_shown: 0,
            sample: opening.sample,
            marks: MarkMap::default(),
            unsaved_marks: None,
            on_screen: None,
            acted: false,
            held_unread: None,
            pending: Vec::new(),
            now: None,
            unread_shown: 0,
            view_holds_papers: false,
            sync: None,
            sync_just_ended: false,
            mode: Mode::Browse,
            popups_waiting: VecDeque::new(),
            focus: Focus::List,
            list: ListPane::default(),
            detail: DetailPane::default(),
            tags: TagPane::default(),
            search: SearchField::default(),
            message: None,
            area,
            quit: false,
            steps_waiting: 0,
            stepping: false,
        };
        app.show(opening);
        app
    }

    // --- what the drawing code and the tests read ---

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn widths(&self) -> Widths {
        self.settings.widths
    }

    pub fn keymap(&self) -> &Keymap {
        &self.settings.keymap
    }

    pub fn digest(&self) -> &Digest {
        &self.day.digest
    }

    pub fn date(&self) -> NaiveDate {
        self.day.digest.date
    }

    pub fn column_widths(&self) -> ColumnWidths {
        self.shelf.widths
    }

    /// What the list holds: the day, every day, or a ranking.
    pub fn view(&self) -> View {
        self.shelf.view
    }

    pub fn shelf(&self) -> &Shelf {
        &self.shelf
    }

    pub fn order(&self) -> Order {
        self.order
    }

    /// Set the day relative dates in searches count from.
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
    }

    pub fn is_sample(&self) -> bool {
        self.sample
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn list(&self) -> &ListPane {
        &self.list
    }

    pub fn tags(&self) -> &TagPane {
        &self.tags
    }

    pub fn search(&self) -> &SearchField {
        &self.search
    }

    pub fn detail_scroll(&self) -> usize {
        self.detail.scroll()
    }

    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    pub fn quit(&self) -> bool {
        self.quit
    }

    pub fn is_searching(&self) -> bool {
        self.mode == Mode::Search
    }

    pub fn help_open(&self) -> bool {
        matches!(self.mode, Mode::Help { .. })
    }

    /// The paper under the list cursor: in full in the day view, and in the other views once
    /// it has been read from the index (until then, all but its summary and highlights).
    pub fn selected_paper(&self) -> Option<Cow<'_, Paper>> {
        let item = self.shelf.item(self.list.selected_paper()?);
        let entry = item.entry;
        if self.shelf.view == View::Day {
            return self
                .day
                .digest
                .papers
                .get(entry.position as usize)
                .map(Cow::Borrowed);
        }
        match &self.full {
            Some(full)
                if full.date == entry.date
                    && full.position == entry.position
                    && full.paper.key() == item.key() =>
            {
                Some(Cow::Borrowed(&full.paper))
            }
            _ => Some(Cow::Owned(item.to_paper())),
        }
    }

    /// The day the selected paper is listed on (the day shown, in the day view).
    pub fn selected_date(&self) -> NaiveDate {
        match self.list.selected_paper() {
            Some(index) => self.shelf.item(index).entry.date,
            None => self.date(),
        }
    }

    /// A paper's title as the user wants it led: the settings' language when it has one.
    pub fn title_of<'a>(&self, paper: &'a Paper) -> &'a str {
        self.settings.lead.title(paper)
    }

    /// The sync under way, if any.
    pub fn sync(&self) -> Option<SyncState> {
        self.sync
    }

    /// The days each paper was listed on, once every day is read.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The marks on the paper with `key`.
    pub fn mark(&self, key: &str) -> Mark {
        self.marks.get(key)
    }

    /// The key of the selected paper, which its marks belong to.
    pub fn selected_key(&self) -> Option<&str> {
        Some(self.shelf.item(self.list.selected_paper()?).key())
    }

    /// How many of the papers the list shows are not read yet.
    pub fn unread_shown(&self) -> usize {
        self.unread_shown
    }

    /// Count again the papers shown that are not read yet.
    fn recount_unread(&mut self) {
        self.unread_shown = self
            .list
            .shown()
            .iter()
            .filter(|&&i| !self.marks.get(self.shelf.item(i).key()).read)
            .count();
    }

    /// Whether the view holds any paper before the search and the tags.
    pub fn view_holds_papers(&self) -> bool {
        self.view_holds_papers
    }

    /// Whether the list leaves papers out: tags are chosen, or a search is in force (a
    /// search typed that does not parse is not).
    pub fn is_filtering(&self) -> bool {
        !self.tags.chosen().is_empty() || !self.query.is_empty()
    }

    /// Whether the search typed is the one in force (it parses).
    pub fn search_in_force(&self) -> bool {
        self.query.source() == self.search.text()
    }

    /// The filter the user has set.
    pub fn filter(&self) -> Filter {
        Filter {
            tags: self.tags.chosen().clone(),
            search: self.search.text().to_string(),
        }
    }

    /// What must stay on screen above the status line: that this is the built-in sample,
    /// and how to get real digests.
    pub fn notice(&self) -> Option<String> {
        self.sample.then(|| format!("This is the {SAMPLE_NOTICE}"))
    }

    /// The notice wrapped for a screen `width` columns wide, a column in from each side: in
    /// full when it fits on a row, else in short.
    pub fn notice_lines(&self, width: u16) -> Vec<String> {
        let Some(notice) = self.notice() else {
            return Vec::new();
        };
        let room = usize::from(width.saturating_sub(2));
        if self.widths().str_width(&notice) <= room {
            return vec![notice];
        }
        text::wrap(SAMPLE_NOTICE_SHORT, room, self.widths())
    }

    /// What the layout depends on besides the screen's size.
    pub fn needs(&self, width: u16) -> Needs {
        Needs {
            filter_in_use: self.focus == Focus::Filter || self.mode == Mode::Search,
            tag_rows: self.tags.rows().len(),
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

    /// The selected paper laid out for a detail pane `width` columns wide, laid out again
    /// only for another paper, day or width.
    pub fn detail_lines(&self, width: usize) -> Rc<Vec<Line>> {
        let Some(index) = self.list.selected_paper() else {
            return Rc::default();
        };
        let key = LaidOutFor {
            day: self.days_shown,
            paper: index,
            width,
        };
        self.detail.lines(key, || {
            let Some(mut paper) = self.selected_paper() else {
                return Vec::new();
            };
            // Outside the day view the summary comes from the index a moment later.
            if matches!(paper, Cow::Owned(_)) && paper.summary.is_none() {
                paper.to_mut().summary = Some("…".to_string());
            }
            let date = self.selected_date();
            let seen = self.history.days(&paper.key());
            let texts = (self.settings.lead, self.detail.texts());
            paper_view::lines(&paper, date, width, self.widths(), texts, seen)
        })
    }

    // --- update ---

    /// Apply one action; returns the side effects it asks for.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if is_from_user(&action) {
            self.message = None;
            self.sync_just_ended = false;
            self.acted = true;
        }
        let mut effects = Vec::new();
        match action {
            Action::Quit => self.quit = true,
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::First => self.move_by(isize::MIN),
            Action::Last => self.move_by(isize::MAX),
            Action::PageUp => self.move_by(-self.page()),
            Action::PageDown => self.move_by(self.page()),
            Action::FocusNext => {
                self.focus = match self.focus {
                    Focus::List => Focus::Detail,
                    Focus::Detail => Focus::Filter,
                    Focus::Filter => Focus::List,
                };
            }
            Action::FocusDetail => self.focus = Focus::Detail,
            Action::FocusTags => {
                self.focus = Focus::Filter;
                self.tags.go_to(0);
            }
            Action::Back => {
                if self.focus != Focus::List {
                    self.focus = Focus::List;
                } else if self.search.clear() {
                    self.refilter();
                }
            }
            Action::StartSearch => self.start_search(),
            Action::Edit(edits) => {
                let field = self.field();
                let mut changed = false;
                for edit in &edits {
                    changed |= field.apply(edit);
                }
                if changed {
                    self.field_changed();
                }
            }
            Action::Paste(text) => {
                if !matches!(self.mode, Mode::Jump(_)) {
                    self.mode = Mode::Search;
                }
                if self.field().insert(&text) {
                    self.field_changed();
                }
            }
            Action::SearchKeep => {
                let mode = std::mem::replace(&mut self.mode, Mode::Browse);
                if let Mode::Jump(field) = mode {
                    effects.extend(self.jump(field.text()));
                }
            }
            Action::SearchCancel => {
                let mode = std::mem::replace(&mut self.mode, Mode::Browse);
                if mode == Mode::Search && self.search.clear() {
                    self.refilter();
                }
            }
            Action::ToggleTag => self.toggle_tag(),
            Action::ClearFilters => {
                self.tags.clear();
                self.search.clear();
                self.mode = Mode::Browse;
                self.refilter();
            }
            Action::Open(link) => effects.extend(self.open(link)),
            Action::Copy(what) => effects.extend(self.copy(what)),
            Action::Copied { what, result } => match result.map(|route| route.outcome(what.name()))
            {
                Ok(Ok(done)) => self.inform(done),
                Ok(Err(not_done)) => self.warn(not_done),
                Err(why) => self.warn(format!("could not copy {}: {why}", what.name())),
            },
            Action::ToggleStar => effects.extend(self.toggle_star()),
            Action::ToggleRead => effects.extend(self.toggle_read()),
            Action::NextPaper => self.step_paper(1),
            Action::PreviousPaper => self.step_paper(-1),
            Action::NextUnread => self.next_unread(),
            Action::SwitchTitle => {
                self.settings.lead = match self.settings.lead {
                    Lead::Chinese => Lead::English,
                    Lead::English => Lead::Chinese,
                };
                self.days_shown += 1;
                self.inform(match self.settings.lead {
                    Lead::Chinese => "Chinese titles first".to_string(),
                    Lead::English => "English titles first".to_string(),
                });
            }
            Action::Tick(now) => {
                self.now = Some(now);
                self.note_on_screen();
                effects.extend(self.read_on_screen(now));
            }
            Action::MarksLoaded(marks) => {
                self.marks = *marks;
                // Changes on their way to the disk stand over what was read before them.
                for (key, change) in self.pending.clone() {
                    let mut mark = self.marks.get(&key);
                    change.apply(&mut mark);
                    self.marks.set(&key, mark);
                }
                self.recount_unread();
            }
            Action::MarkSaved { key, change } => self.settle(&key, change),
            Action::MarkFailed {
                key,
                change,
                was,
                why,
            } => {
                self.settle(&key, change);
                // Only what failed goes back, and only if nothing changed it since.
                let mut mark = self.marks.get(&key);
                match change {
                    MarkChange::Read(read) if mark.read == read => mark.read = was.read,
                    MarkChange::Starred(starred) if mark.starred == starred => {
                        mark.starred = was.starred;
                    }
                    _ => {}
                }
                self.marks.set(&key, mark);
                if change == MarkChange::Read(true) {
                    // Not tried again and again while it stays on screen.
                    self.held_unread = Some(key);
                }
                self.recount_unread();
                self.warn(format!("could not save the mark: {why}"));
            }
            Action::OlderDay => effects.extend(self.step(Step::Older)),
            Action::NewerDay => effects.extend(self.step(Step::Newer)),
            Action::ToggleAllDays => {
                let view = if self.shelf.view == View::All {
                    View::Day
                } else {
                    View::All
                };
                effects.extend(self.show_view(view));
            }
            Action::ShowRanking => {
                let view = match self.shelf.view {
                    View::Ranking { .. } => View::Day,
                    // The week is settled once every day is read: it ends on the newest.
                    View::Day | View::All | View::Starred => View::Ranking {
                        from: NaiveDate::MIN,
                        to: NaiveDate::MIN,
                    },
                };
                effects.extend(self.show_view(view));
            }
            Action::ToggleAbstract => {
                let texts = self.detail.toggle_abstract();
                let has_abstract = self
                    .selected_paper()
                    .is_some_and(|paper| paper.r#abstract.is_some());
                self.inform(match (texts, has_abstract) {
                    (paper_view::Texts::WithAbstract, true) => "the English abstract shown".into(),
                    (paper_view::Texts::WithAbstract, false) => {
                        "the English abstract shown where a paper has one; this one has none".into()
                    }
                    (paper_view::Texts::Summary, _) => {
                        "the summary alone (the abstract where there is no summary)".into()
                    }
                });
            }
            Action::Summarize => effects.extend(self.summarize()),
            Action::Summarized { line, failed } => {
                if failed {
                    self.warn(line);
                } else {
                    self.inform(line);
                }
                effects.push(self.check_cache());
            }
            Action::Sync => effects.extend(self.sync_or_stop()),
            Action::Syncing(news) => effects.extend(self.syncing(news)),
            Action::ShowStarred => {
                let view = if self.shelf.view == View::Starred {
                    View::Day
                } else {
                    View::Starred
                };
                effects.extend(self.show_view(view));
            }
            Action::NextSort => self.sort(|order| Order::by(order.key.next())),
            Action::ReverseSort => self.sort(|order| Order {
                natural: !order.natural,
                ..order
            }),
            Action::JumpToDate => self.mode = Mode::Jump(SearchField::default()),
            Action::ShowHelp => {
                self.mode = Mode::Help {
                    page: HelpPage::Keys,
                    scroll: 0,
                }
            }
            Action::OtherHelpPage => {
                if let Mode::Help { page, scroll } = &mut self.mode {
                    *page = match page {
                        HelpPage::Keys => HelpPage::Queries,
                        HelpPage::Queries => HelpPage::Keys,
                    };
                    *scroll = 0;
                }
            }
            Action::CloseHelp => self.mode = Mode::Browse,
            Action::ClosePopup => {
                self.mode = self
                    .popups_waiting
                    .pop_front()
                    .map_or(Mode::Browse, Mode::Popup);
            }
            Action::ScrollHelp(rows) => {
                if let Mode::Help { page, scroll } = &mut self.mode {
                    let last = help_rows(&self.settings.keymap, *page)
                        .len()
                        .saturating_sub(1);
                    *scroll = scroll.saturating_add_signed(rows).min(last);
                }
            }
            Action::Nothing => {}
            Action::ScrollAt { column, row, down } => self.scroll_at(column, row, down),
            Action::ClickAt { column, row } => self.click_at(column, row),
            Action::Resize { width, height } => {
                self.area = Rect::new(0, 0, width, height);
                self.keep_in_view();
            }
            Action::Suspend => effects.push(Effect::Suspend),
            Action::CheckCache => {
                effects.push(self.check_cache());
                effects.push(Effect::CheckMarks);
            }
            Action::LinkOpened { url, result } => self.link_opened(url, result),
            Action::DayLoaded(loaded) => effects.extend(self.day_loaded(*loaded)),
            Action::EveryDayLoaded {
                listing,
                request,
                warning,
            } => {
                if request == self.every_day_request {
                    effects.extend(self.every_day_loaded(*listing));
                }
                if let Some(warning) = warning {
                    self.warn(warning);
                }
            }
            Action::EveryDayFailed { why, request } => {
                if request == self.every_day_request {
                    self.every_day_loading = false;
                    self.every_day_wanted = None;
                    self.order_wanted = None;
                    self.warn(why);
                }
            }
            Action::PaperLoaded {
                date,
                position,
                paper,
            } => {
                self.full = Some(FullPaper {
                    date,
                    position,
                    paper: *paper,
                });
                self.days_shown += 1;
            }
            Action::NoDay { step, skipped } => self.no_day(step, &skipped),
            Action::CacheChanged(news) => effects.extend(self.cache_changed(*news)),
            Action::Failed(why) => self.warn(why),
            Action::Problems(problems) => {
                let count = problems.len();
                self.warn(format!(
                    "{} in the config file; defaults stand in",
                    match count {
                        1 => "a mistake".to_string(),
                        n => counted(n, "mistake", "mistakes"),
                    }
                ));
                let mut paragraphs = problems;
                paragraphs.push(String::new());
                paragraphs.push("Fix them and start lunwen again. Any key closes.".to_string());
                self.show_popup(Popup {
                    title: "Mistakes in the config file".to_string(),
                    paragraphs,
                });
            }
            Action::MarksUnsaved { why, shown } => {
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
                self.unsaved_marks = Some(why);
            }
        }
        effects.extend(self.read_selected_in_full());
        self.note_on_screen();
        effects
    }

    /// Note which paper's detail is on screen, and since when: the clock starts again when
    /// another paper comes up, or when the detail pane goes out of sight, and only once the
    /// user has acted.
    fn note_on_screen(&mut self) {
        let selected = self.selected_key().map(str::to_string);
        if self.held_unread.is_some() && self.held_unread != selected {
            self.held_unread = None;
        }
        let visible = self.acted
            && self.mode == Mode::Browse
            && self.geometry().panes().is_some_and(|p| p.detail.is_some());
        match (selected.filter(|_| visible), &self.on_screen) {
            (Some(key), Some(shown)) if shown.key == key => {}
            // The clock starts at the next tick: the last one may be long past (a suspend).
            (Some(key), _) => self.on_screen = Some(OnScreen { key, since: None }),
            (None, _) => self.on_screen = None,
        }
    }

    /// Mark the paper on screen read once it has been there long enough (and marks can be
    /// saved: the popup at the start said they cannot).
    fn read_on_screen(&mut self, now: Instant) -> Option<Effect> {
        let after = self
            .settings
            .read_after
            .filter(|_| self.unsaved_marks.is_none())?;
        let shown = self.on_screen.as_mut()?;
        let since = *shown.since.get_or_insert(now);
        if now.saturating_duration_since(since) < after
            || self.marks.get(&shown.key).read
            || self.held_unread.as_ref() == Some(&shown.key)
        {
            return None;
        }
        let key = shown.key.clone();
        self.set_mark(key, MarkChange::Read(true))
    }

    /// A change to marks is saved, or failed: it no longer stands over marks read from disk.
    fn settle(&mut self, key: &str, change: MarkChange) {
        if let Some(at) = self
            .pending
            .iter()
            .position(|(k, c)| k == key && *c == change)
        {
            self.pending.remove(at);
        }
    }

    /// Change a paper's marks here at once, and ask for the change to be saved. Where no mark
    /// can be saved, nothing changes and the user is told why.
    fn set_mark(&mut self, key: String, change: MarkChange) -> Option<Effect> {
        if let Some(why) = &self.unsaved_marks {
            self.warn(format!("no mark can be saved: {why}"));
            return None;
        }
        if key.is_empty() {
            self.warn("this paper has no arXiv id or link to keep a mark by".to_string());
            return None;
        }
        let was = self.marks.get(&key);
        let mut mark = was;
        change.apply(&mut mark);
        if mark == was {
            return None;
        }
        self.marks.set(&key, mark);
        self.pending.push((key.clone(), change));
        self.recount_unread();
        Some(Effect::SaveMark { key, change, was })
    }

    fn toggle_star(&mut self) -> Option<Effect> {
        let Some(key) = self.selected_key().map(str::to_string) else {
            self.inform("no paper is selected".to_string());
            return None;
        };
        let starred = !self.marks.get(&key).starred;
        let save = self.set_mark(key, MarkChange::Starred(starred))?;
        self.inform(if starred { "starred" } else { "unstarred" }.to_string());
        Some(save)
    }

    fn toggle_read(&mut self) -> Option<Effect> {
        let Some(key) = self.selected_key().map(str::to_string) else {
            self.inform("no paper is selected".to_string());
            return None;
        };
        let read = !self.marks.get(&key).read;
        let save = self.set_mark(key.clone(), MarkChange::Read(read))?;
        // Left unread on purpose: it stays so until another paper is selected.
        self.held_unread = (!read).then_some(key);
        self.inform(if read { "marked read" } else { "marked unread" }.to_string());
        Some(save)
    }

    /// Start a sync in the background, or stop the one under way.
    fn sync_or_stop(&mut self) -> Option<Effect> {
        match &mut self.sync {
            Some(sync) => {
                sync.stopping = true;
                self.inform("stopping the sync once the days under way are in".to_string());
                Some(Effect::StopSync)
            }
            None => {
                self.sync = Some(SyncState::default());
                self.inform("syncing the last week's days…".to_string());
                Some(Effect::Sync)
            }
        }
    }

    /// Take in news of the sync: each day as it is done, and how it ended. Days it saved
    /// are looked for in the cache at once, so they show without waiting for the next look.
    fn syncing(&mut self, news: SyncNews) -> Option<Effect> {
        match news {
            SyncNews::Started { days } => {
                if let Some(sync) = &mut self.sync {
                    sync.step = SyncStep::Days {
                        done: 0,
                        days: Some(days),
                    };
                }
                None
            }
            SyncNews::Note(note) => {
                self.inform(note);
                None
            }
            SyncNews::Day {
                line,
                failed,
                done,
                days,
            } => {
                if let Some(sync) = &mut self.sync {
                    sync.step = SyncStep::Days {
                        done,
                        days: Some(days),
                    };
                    sync.failed += usize::from(failed);
                }
                if failed {
                    self.warn(line);
                } else {
                    self.inform(line);
                }
                Some(self.check_cache())
            }
            SyncNews::Chinese {
                line,
                failed,
                done,
                papers,
            } => {
                if let Some(sync) = &mut self.sync {
                    sync.step = SyncStep::Chinese { done, papers };
                }
                if failed {
                    self.warn(line);
                } else {
                    self.inform(line);
                }
                Some(self.check_cache())
            }
            SyncNews::Finished {
                saved,
                failed,
                stopped,
                newest,
                chinese,
            } => {
                self.sync = None;
                self.sync_just_ended = true;
                let mut what = match (saved, failed, stopped) {
                    (_, _, true) => format!("sync stopped: {} saved", days_count(saved)),
                    (0, 0, _) => "synced: nothing new".to_string(),
                    (_, 0, _) => format!("synced: {} saved", days_count(saved)),
                    _ => format!(
                        "synced: {} saved, {} failed (lunwen sync says why)",
                        days_count(saved),
                        days_count(failed)
                    ),
                };
                if let Some(chinese) = chinese {
                    what.push_str(&match chinese.failed {
                        _ if chinese.stopped => {
                            format!("; Chinese stopped, for {}", papers_count(chinese.made))
                        }
                        0 => format!("; Chinese for {}", papers_count(chinese.made)),
                        n => format!(
                            "; Chinese for {}, not for {n} (lunwen summarize says why)",
                            papers_count(chinese.made)
                        ),
                    });
                }
                if let Some(newest) = newest.filter(|&newest| newest > self.date())
                    && let Some(key) = self.keymap().first_key(Command::NewerDay)
                {
                    what.push_str(&format!("; {key} reads {newest}"));
                }
                let failed = failed + chinese.map_or(0, |c| c.failed);
                if failed > 0 {
                    self.warn(what);
                } else {
                    self.inform(what);
                }
                Some(self.check_cache())
            }
            SyncNews::Failed(why) => {
                self.sync = None;
                self.warn(format!("could not sync: {why}"));
                None
            }
        }
    }

    /// Ask the model for the selected paper's Chinese, by its arXiv id (or its link).
    fn summarize(&mut self) -> Option<Effect> {
        let paper = self.selected_paper()?;
        let id = paper.arxiv_id.clone().unwrap_or_else(|| paper.url.clone());
        let title = paper.title().to_string();
        self.inform(format!("asking the model for the Chinese of {title}…"));
        Some(Effect::Summarize { id })
    }

    fn check_cache(&self) -> Effect {
        Effect::CheckCache {
            shown: self.date(),
            written_at: self.day.written_at,
        }
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
        let unread = |at: usize| !self.marks.get(self.shelf.item(shown[at]).key()).read;
        let below = (selected + 1..count).find(|&at| unread(at));
        let next = below
            .map(|at| (at, false))
            .or_else(|| (0..=selected).find(|&at| unread(at)).map(|at| (at, true)));
        match next {
            Some((at, _)) if at == selected => {
                self.inform("this is the only unread paper".to_string());
            }
            Some((at, wrapped)) => {
                self.list.go_to(at, self.list_rows());
                self.detail.to_top();
                if wrapped {
                    self.inform("no unread paper below; went on from the top".to_string());
                }
            }
            None => self.inform("every paper here is read".to_string()),
        }
    }

    /// Outside the day view the list holds papers without their summaries: the selected
    /// one is read in full from the index, once.
    fn read_selected_in_full(&mut self) -> Option<Effect> {
        if self.shelf.view == View::Day {
            return None;
        }
        let entry = *self.shelf.item(self.list.selected_paper()?).entry;
        let wanted = (entry.date, entry.position);
        let have = self.full.as_ref().map(|f| (f.date, f.position));
        if have == Some(wanted) || self.full_asked == Some(wanted) {
            return None;
        }
        self.full_asked = Some(wanted);
        Some(Effect::LoadPaper {
            date: entry.date,
            position: entry.position,
        })
    }

    /// The field keys type into: the date being typed, or the search.
    fn field(&mut self) -> &mut SearchField {
        match &mut self.mode {
            Mode::Jump(field) => field,
            _ => &mut self.search,
        }
    }

    fn field_changed(&mut self) {
        if !matches!(self.mode, Mode::Jump(_)) {
            self.refilter();
        }
    }

    /// Show another view, reading every day first if that has not been done yet.
    /// Sort the list anew. While every day is being read for a view the user asked for, the
    /// order is that view's, and it is sorted so once it shows.
    fn sort(&mut self, change: impl Fn(Order) -> Order) {
        if let Some(view) = self.every_day_wanted
            && view != self.shelf.view
        {
            let order = change(self.order_wanted.unwrap_or_else(|| default_order(view)));
            self.order_wanted = Some(order);
            self.inform(format!("{} once every day is read", order.describe()));
            return;
        }
        self.order = change(self.order);
        self.refilter();
        self.inform(format!("sorted {}", self.order.describe()));
    }

    fn show_view(&mut self, view: View) -> Option<Effect> {
        let listing = match view {
            View::Day => Rc::new(Listing::of_day(&self.day.digest)),
            View::All | View::Ranking { .. } | View::Starred => match &self.every_day {
                Some(listing) => Rc::clone(listing),
                None => {
                    self.every_day_wanted = Some(view);
                    self.inform("reading every day…".to_string());
                    return self.read_every_day();
                }
            },
        };
        // A week ranked ends on the newest day in the cache, which need not be today.
        let view = match view {
            View::Ranking { from, .. } if from == NaiveDate::MIN => {
                let to = listing
                    .items()
                    .next()
                    .map_or(self.today, |item| item.entry.date);
                let from = to
                    .checked_sub_days(chrono::Days::new(RANKING_DAYS - 1))
                    .unwrap_or(to);
                View::Ranking { from, to }
            }
            view => view,
        };
        self.shelf = Shelf::new(view, listing, self.settings.widths);
        self.order = match self.order_wanted.take() {
            Some(order) if view != View::Day => order,
            _ => default_order(view),
        };
        self.list = ListPane::default();
        self.detail.to_top();
        self.days_shown += 1;
        self.refilter();
        None
    }

    /// Ask for every cached paper, unless that is under way.
    pub fn read_every_day(&mut self) -> Option<Effect> {
        if self.every_day_loading || self.sample {
            if self.sample {
                // The sample is one day: every day is that day.
                let listing = Rc::new(Listing::of_day(&self.day.digest));
                self.every_day = Some(listing);
                let view = self.every_day_wanted.take()?;
                return self.show_view(view);
            }
            return None;
        }
        self.every_day_loading = true;
        self.every_day_request += 1;
        Some(Effect::LoadEveryDay {
            request: self.every_day_request,
        })
    }

    /// Every cached paper has been read: the history of each paper is known, and the view
    /// waiting for them is shown (or, when it is the one on screen, brought up to date in
    /// place, keeping the selection, the order and the scroll).
    fn every_day_loaded(&mut self, listing: Listing) -> Option<Effect> {
        self.every_day_loading = false;
        self.history = History::of(&listing);
        // The detail pane may now say where the paper was seen before.
        self.days_shown += 1;
        self.full = None;
        self.full_asked = None;
        let listing = Rc::new(listing);
        self.every_day = Some(Rc::clone(&listing));
        let view = self.every_day_wanted.take()?;
        if view == self.shelf.view {
            let selected = self.selected_key().map(str::to_string);
            let scroll = self.detail.scroll();
            self.shelf = Shelf::new(view, listing, self.settings.widths);
            self.refilter();
            let at = selected.and_then(|key| {
                self.list
                    .shown()
                    .iter()
                    .position(|&i| self.shelf.item(i).key() == key)
            });
            if let Some(at) = at {
                self.list.go_to(at, self.list_rows());
                let last = self.last_detail_scroll();
                self.detail.scroll_by(scroll as isize, last);
            }
            return None;
        }
        // The papers the user waited for are here: "reading every day…" is done.
        self.message = None;
        self.show_view(view)
    }

    /// Go to the date a user typed: in the day view, the newest day in it; in the all-days
    /// view, its newest paper; a ranking takes it as its range.
    fn jump(&mut self, typed: &str) -> Option<Effect> {
        let Ok((from, to)) = crate::query::date::span(typed, self.today) else {
            // Quoted short: a paste may have put a page of text here.
            self.warn(format!(
                "{} is not a date: write 2026-02-05, 2026-02, yesterday, -3 or 7d",
                crate::error::quote(typed)
            ));
            return None;
        };
        match self.shelf.view {
            View::Day => Some(Effect::LoadNewestIn { from, to }),
            View::All | View::Starred => {
                let at = self
                    .list
                    .shown()
                    .iter()
                    .position(|&i| (from..=to).contains(&self.shelf.item(i).entry.date));
                match at {
                    Some(at) => {
                        self.list.go_to(at, self.list_rows());
                        self.detail.to_top();
                    }
                    None => self.inform(format!("no paper listed from {from} to {to}")),
                }
                None
            }
            View::Ranking { .. } => self.show_view(View::Ranking { from, to }),
        }
    }

    /// Show a popup, or, while another is on screen, once it closes.
    fn show_popup(&mut self, popup: Popup) {
        match self.mode {
            Mode::Popup(_) => self.popups_waiting.push_back(popup),
            _ => self.mode = Mode::Popup(popup),
        }
    }

    fn inform(&mut self, text: String) {
        self.message = Some(Message {
            text,
            tone: Tone::Info,
        });
    }

    fn warn(&mut self, text: String) {
        self.message = Some(Message {
            text,
            tone: Tone::Warning,
        });
    }

    fn list_rows(&self) -> usize {
        self.geometry().panes().map_or(1, |p| p.list.rows())
    }

    fn tag_rows(&self) -> usize {
        self.geometry().panes().map_or(1, |p| p.tag_rows())
    }

    /// The detail pane's text width and height, if it is on screen.
    fn detail_size(&self) -> Option<(usize, usize)> {
        let detail = self.geometry().panes()?.detail?;
        Some((
            usize::from(detail.text.width),
            usize::from(detail.text.height),
        ))
    }

    fn last_detail_scroll(&self) -> usize {
        match self.detail_size() {
            Some((width, height)) if width > 0 => {
                self.detail_lines(width).len().saturating_sub(height)
            }
            _ => 0,
        }
    }

    fn page(&self) -> isize {
        let rows = match self.focus {
            Focus::List => self.list_rows(),
            Focus::Detail => self.detail_size().map_or(1, |(_, height)| height.max(1)),
            Focus::Filter => self.tag_rows(),
        };
        isize::try_from(rows.saturating_sub(1).max(1)).unwrap_or(1)
    }

    /// Move the focused pane's cursor by `delta` rows, stopping at the ends.
    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::List => self.move_list(delta),
            Focus::Detail => {
                let last = self.last_detail_scroll();
                self.detail.scroll_by(delta, last);
            }
            Focus::Filter => self.tags.move_by(delta),
        }
    }

    fn move_list(&mut self, delta: isize) {
        let before = self.list.selected();
        self.list.move_by(delta, self.list_rows());
        if self.list.selected() != before {
            self.detail.to_top();
        }
    }

    /// Go to the next (or previous) paper from any pane; at either end of the list, say so.
    fn step_paper(&mut self, delta: isize) {
        let before = self.list.selected();
        self.move_list(delta);
        if self.list.selected() == before && !self.list.shown().is_empty() {
            let view = match self.shelf.view {
                View::Day => "of the day",
                _ => "here",
            };
            self.inform(if delta > 0 {
                format!("this is the last paper {view}")
            } else {
                format!("this is the first paper {view}")
            });
        }
    }

    /// Keep the list's selection and the detail's scroll in view after the screen changed.
    fn keep_in_view(&mut self) {
        self.list.keep_in_view(self.list_rows());
        let last = self.last_detail_scroll();
        self.detail.clamp(last);
    }

    /// Show a day from its first paper, keeping the filters.
    /// Show a day from its first paper, keeping the filters; the list shows the day.
    fn show(&mut self, loaded: Loaded) {
        let digest = loaded.digest;
        self.day = Day {
            written_at: loaded.written_at,
            digest,
        };
        self.sample = loaded.sample;
        self.shelf = Shelf::new(
            View::Day,
            Rc::new(Listing::of_day(&self.day.digest)),
            self.settings.widths,
        );
        if self.order.key == SortKey::Date {
            self.order = Order::by(SortKey::Rank);
        }
        self.days_shown += 1;
        self.list = ListPane::default();
        self.detail.to_top();
        self.refilter();
        if let Some(first) = loaded.skipped.first() {
            let more = match loaded.skipped.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            self.warn(format!("skipped {first}{more}"));
        }
    }

    /// Work out again what passes the search and the tags, keeping the selected paper
    /// selected when it still does. A search that does not parse leaves the last one in force
    /// and says what is wrong with it.
    fn refilter(&mut self) {
        match Query::parse(self.search.text(), self.today) {
            Ok(query) => self.query = query,
            Err(err) => self.warn(format!("search {err}")),
        }
        let was = self.list.selected_paper();
        let selection = self
            .shelf
            .select(&self.query, self.tags.chosen(), self.order, &self.marks);
        self.tags.set_counts(selection.tag_counts);
        self.view_holds_papers = selection.view_holds_papers;
        self.list.show(selection.rows, was, self.list_rows());
        self.recount_unread();
        if self.list.selected_paper() != was {
            self.detail.to_top();
        }
    }

    /// Open one of the selected paper's links, in the form it is shown in (see [`link::check`]).
    fn open(&mut self, which: Link) -> Option<Effect> {
        let Some(paper) = self.selected_paper() else {
            self.inform("no paper is selected".to_string());
            return None;
        };
        match link::of(&paper, which) {
            Some(Ok(url)) => Some(Effect::OpenLink(url)),
            Some(Err(why)) => {
                self.warn(format!("not opening the {}: {why}", which.name()));
                None
            }
            None => {
                self.inform(no_link(&paper, which));
                None
            }
        }
    }

    /// Copy something of the selected paper, as one line of plain text (a BibTeX entry is
    /// several): nothing from the digest that could act on a terminal or a shell it is pasted
    /// into goes on the clipboard, and a link goes in the form it is shown and opened in.
    fn copy(&mut self, what: Copy) -> Option<Effect> {
        let Some(paper) = self.selected_paper() else {
            self.inform("no paper is selected".to_string());
            return None;
        };
        let title = text::plain_line(self.settings.lead.title(&paper)).into_owned();
        let url = match what {
            Copy::Link | Copy::MarkdownLink => match link::of(&paper, Link::Paper) {
                Some(Ok(url)) => url,
                Some(Err(why)) => {
                    self.warn(format!("not copying the link: {why}"));
                    return None;
                }
                None => return None,
            },
            Copy::Title | Copy::Bibtex => String::new(),
        };
        let text = match what {
            Copy::Link => url,
            Copy::Title => title,
            Copy::MarkdownLink => crate::formats::markdown::link(&title, &url),
            Copy::Bibtex => {
                let cited = crate::formats::bibtex::Cited::of(&paper, self.selected_date());
                crate::formats::bibtex::entry(&cited, &crate::formats::bibtex::cite_key(&paper))
            }
        };
        Some(Effect::Copy { what, text })
    }

    fn link_opened(&mut self, url: String, result: Result<(), String>) {
        match result {
            Ok(()) => self.inform(format!("opened {url}")),
            Err(why) => {
                self.warn(format!("could not open {url} ({why})"));
                // The status line may cut the link; the popup shows it whole to copy.
                self.show_popup(Popup {
                    title: "Could not open the link".to_string(),
                    paragraphs: vec![
                        url,
                        String::new(),
                        why,
                        String::new(),
                        "Copy the link from here (most terminals select with Shift and the \
                         mouse). Any key closes."
                            .to_string(),
                    ],
                });
            }
        }
    }

    /// Ask for the next day that way; presses while one is on its way are counted and
    /// followed once it arrives.
    fn step(&mut self, step: Step) -> Option<Effect> {
        if self.stepping {
            self.steps_waiting += match step {
                Step::Older => -1,
                Step::Newer => 1,
            };
            return None;
        }
        self.stepping = true;
        Some(Effect::LoadNeighbour {
            from: self.date(),
            step,
        })
    }

    fn next_waiting_step(&mut self) -> Option<Effect> {
        self.stepping = false;
        let waiting = std::mem::take(&mut self.steps_waiting);
        let step = match waiting.signum() {
            1 => Step::Newer,
            -1 => Step::Older,
            _ => return None,
        };
        self.steps_waiting = waiting - waiting.signum();
        self.step(step)
    }

    fn day_loaded(&mut self, loaded: Loaded) -> Option<Effect> {
        self.show(loaded);
        self.next_waiting_step()
    }

    fn no_day(&mut self, step: Step, skipped: &[String]) {
        self.stepping = false;
        self.steps_waiting = 0;
        match skipped.first() {
            Some(err) => self.warn(format!("skipped {err}")),
            None => {
                let edge = match step {
                    Step::Older => "older",
                    Step::Newer => "newer",
                };
                self.inform(format!("no {edge} day in the cache"));
            }
        }
    }

    /// Take in what changed in the cache, and say so. Every day's papers are read again when
    /// the list shows them.
    fn cache_changed(&mut self, news: CacheNews) -> Option<Effect> {
        let current = self.date();
        self.sample = news.sample;
        let reread = if news.changes.is_empty() {
            None
        } else {
            self.every_day = None;
            self.every_day_loading = false;
            self.full = None;
            self.full_asked = None;
            // Read again in any view: the history of each paper changes with the days.
            if self.shelf.view != View::Day {
                self.every_day_wanted = Some(self.shelf.view);
            }
            self.read_every_day()
        };
        // The day shown was written again. It is shown again only while it is still the day
        // shown (an answer can arrive after the user went to another day) and in the day view;
        // the selected paper stays selected and its detail where it was.
        let reloaded = news
            .reloaded
            .filter(|loaded| loaded.digest.date == current && !self.stepping);
        if let Some(loaded) = reloaded {
            let before = self.day.digest.papers.len();
            let after = loaded.digest.papers.len();
            if self.shelf.view == View::Day {
                let was = self.selected_paper().map(|p| p.key());
                let scroll = self.detail.scroll();
                self.show(loaded);
                let at = was.and_then(|key| {
                    let papers = &self.day.digest.papers;
                    papers.iter().position(|paper| paper.key() == key)
                });
                if at.is_some() {
                    let shown = self.list.shown().to_vec();
                    self.list.show(shown, at, self.list_rows());
                    let last = self.last_detail_scroll();
                    self.detail.scroll_by(scroll as isize, last);
                }
            } else {
                self.day = Day {
                    written_at: loaded.written_at,
                    digest: loaded.digest,
                };
            }
            let after = papers_count(after);
            self.inform(format!("{current} was updated: {before} → {after}"));
        }
        let changes = news.changes;
        // Days a sync brought are its news: it says how it went, and what to press.
        let from_sync = self.sync.is_some() || std::mem::take(&mut self.sync_just_ended);
        if from_sync {
            return reread;
        }
        let newer: Vec<NaiveDate> = changes
            .added
            .iter()
            .filter(|&&d| d > current)
            .copied()
            .collect();
        if let Some(newest) = newer.iter().max() {
            let more = match newer.len() {
                1 => String::new(),
                n => format!(
                    " and {}",
                    counted(n - 1, "more newer day", "more newer days")
                ),
            };
            let press = self.press_to(Command::NewerDay, "read it");
            self.inform(format!("{newest}{more} arrived in the cache{press}"));
        } else if changes.added.iter().any(|&d| d != current) {
            let press = self.press_to(Command::OlderDay, "read older days");
            self.inform(format!(
                "{} arrived in the cache{press}",
                days_count(changes.added.len())
            ));
        } else if changes.removed.contains(&current) {
            self.warn(format!(
                "{current} was removed from the cache; it stays here until you change day"
            ));
        } else if !changes.removed.is_empty() {
            self.inform(format!(
                "{} removed from the cache",
                days_count(changes.removed.len())
            ));
        }
        reread
    }

    /// What to press for a command, as a message ends with it (`: ] to read it`), by the
    /// key it is bound to; nothing when it has none.
    fn press_to(&self, command: Command, does: &str) -> String {
        self.keymap()
            .first_key(command)
            .map_or_else(String::new, |key| format!(": {key} to {does}"))
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
        match hit {
            Hit::ListRow(row) => {
                self.focus = Focus::List;
                let before = self.list.selected();
                self.list.select_row(row, self.list_rows());
                if self.list.selected() != before {
                    self.detail.to_top();
                }
            }
            Hit::List => self.focus = Focus::List,
            Hit::Detail => self.focus = Focus::Detail,
            Hit::Filter => self.focus = Focus::Filter,
            Hit::SearchRow => {
                self.focus = Focus::Filter;
                self.start_search();
            }
            Hit::TagRow(row) => {
                self.focus = Focus::Filter;
                let at = self.tags.offset_for(self.tag_rows()) + row;
                if at < self.tags.rows().len() {
                    self.tags.go_to(at);
                    self.toggle_tag();
                }
            }
        }
    }

    fn start_search(&mut self) {
        self.mode = Mode::Search;
        self.search.end();
    }

    fn toggle_tag(&mut self) {
        self.tags.toggle();
        self.refilter();
    }
}

/// What the reader says when the paper has no link of that kind.
fn no_link(paper: &Paper, which: Link) -> String {
    match which {
        Link::Code => match paper.stars {
            Some(_) => "the digest counts the code's stars but gives no link to it".to_string(),
            None => "the digest names no code repository for this paper".to_string(),
        },
        _ => format!("this paper has no arXiv id, so no {}", which.name()),
    }
}

/// Whether an action comes from the user's keys or mouse, which clear the last message.
fn is_from_user(action: &Action) -> bool {
    !matches!(
        action,
        Action::Resize { .. }
            | Action::Suspend
            | Action::CheckCache
            | Action::Tick(_)
            | Action::Copied { .. }
            | Action::MarksLoaded(_)
            | Action::MarkFailed { .. }
            | Action::EveryDayLoaded { .. }
            | Action::EveryDayFailed { .. }
            | Action::MarkSaved { .. }
            | Action::PaperLoaded { .. }
            | Action::Syncing(_)
            | Action::Summarized { .. }
            | Action::LinkOpened { .. }
            | Action::DayLoaded(_)
            | Action::NoDay { .. }
            | Action::CacheChanged(_)
            | Action::Failed(_)
            | Action::Problems(_)
            | Action::MarksUnsaved { .. }
    )
}
