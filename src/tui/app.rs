//! The reader's model and its update: the day shown, what the filters let through, each pane's
//! state, the mode, and how each action changes them. `update` only changes the model: what
//! must touch disk, browser or terminal it hands back as effects.

use std::rc::Rc;
use std::time::SystemTime;

use chrono::NaiveDate;
use ratatui::layout::{Position, Rect};

use super::action::{Action, CacheNews, Effect, Loaded, Step};
use super::geometry::{Geometry, Hit, Needs};
use super::keymap::Keymap;
use super::panes::{DetailPane, LaidOutFor, ListPane, SearchField, TagPane};
use crate::filter::{self, Filter};
use crate::model::{Digest, Paper};
use crate::paper_view::{self, Lead, Line};
use crate::sample::{SAMPLE_NOTICE, SAMPLE_NOTICE_SHORT};
use crate::tags;
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
    /// The help is shown, scrolled to its `scroll`th row.
    Help { scroll: usize },
    /// A message too long for the status line is shown over the panes.
    Popup(Popup),
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

/// What the user set: how text is measured, the keys, which title leads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub widths: Widths,
    pub keymap: Keymap,
    pub lead: Lead,
}

/// The day shown, with what filtering and drawing need made once per day.
#[derive(Debug)]
struct Day {
    digest: Digest,
    written_at: Option<SystemTime>,
    /// What a search looks in, one per paper.
    search_texts: Vec<String>,
    /// Column widths of the list: the widest row of tag labels, score and rank.
    widths: ColumnWidths,
}

/// The widest tag labels, score and rank of a day, in columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnWidths {
    pub labels: usize,
    pub score: usize,
    pub rank: usize,
}

/// Everything the reader shows, and where the user is in it.
#[derive(Debug)]
pub struct App {
    settings: Settings,
    day: Day,
    /// Counts the days shown, so the detail pane lays out a day read again anew.
    days_shown: u64,
    /// Whether the library shows the built-in sample because the cache has no day.
    sample: bool,
    mode: Mode,
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
        let mut app = App {
            settings,
            day: Day {
                digest: opening.digest.clone(),
                written_at: None,
                search_texts: Vec::new(),
                widths: ColumnWidths::default(),
            },
            days_shown: 0,
            sample: opening.sample,
            mode: Mode::Browse,
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
        self.day.widths
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

    /// The paper under the list cursor.
    pub fn selected_paper(&self) -> Option<&Paper> {
        self.day.digest.papers.get(self.list.selected_paper()?)
    }

    /// A paper's title as the user wants it led: the settings' language when it has one.
    pub fn title_of<'a>(&self, paper: &'a Paper) -> &'a str {
        self.settings.lead.title(paper)
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
            let paper = &self.day.digest.papers[index];
            paper_view::lines(paper, self.date(), width, self.widths(), self.settings.lead)
        })
    }

    // --- update ---

    /// Apply one action; returns the side effects it asks for.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if is_from_user(&action) {
            self.message = None;
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
            Action::SearchInsert(text) => {
                if self.search.insert(&text) {
                    self.refilter();
                }
            }
            Action::Paste(text) => {
                self.mode = Mode::Search;
                if self.search.insert(&text) {
                    self.refilter();
                }
            }
            Action::SearchBackspace => {
                if self.search.backspace() {
                    self.refilter();
                }
            }
            Action::SearchDelete => {
                if self.search.delete() {
                    self.refilter();
                }
            }
            Action::SearchLeft => self.search.left(),
            Action::SearchRight => self.search.right(),
            Action::SearchHome => self.search.home(),
            Action::SearchEnd => self.search.end(),
            Action::SearchKeep => self.mode = Mode::Browse,
            Action::SearchCancel => {
                self.mode = Mode::Browse;
                if self.search.clear() {
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
            Action::OpenLink => effects.extend(self.open_link()),
            Action::OlderDay => effects.extend(self.step(Step::Older)),
            Action::NewerDay => effects.extend(self.step(Step::Newer)),
            Action::ShowHelp => self.mode = Mode::Help { scroll: 0 },
            Action::CloseHelp | Action::ClosePopup => self.mode = Mode::Browse,
            Action::ScrollHelp(rows) => {
                if let Mode::Help { scroll } = &mut self.mode {
                    let last = self.settings.keymap.help_rows().len().saturating_sub(1);
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
            Action::CheckCache => effects.push(Effect::CheckCache {
                shown: self.date(),
                written_at: self.day.written_at,
            }),
            Action::LinkOpened { url, result } => self.link_opened(url, result),
            Action::DayLoaded(loaded) => effects.extend(self.day_loaded(*loaded)),
            Action::NoDay { step, skipped } => self.no_day(step, &skipped),
            Action::CacheChanged(news) => self.cache_changed(*news),
            Action::Failed(why) => self.warn(why),
            Action::Problems(problems) => {
                let count = problems.len();
                self.warn(format!(
                    "{count} mistake(s) in the config file; defaults stand in"
                ));
                let mut paragraphs = problems;
                paragraphs.push(String::new());
                paragraphs.push("Fix them and start lunwen again. Any key closes.".to_string());
                self.mode = Mode::Popup(Popup {
                    title: "Mistakes in the config file".to_string(),
                    paragraphs,
                });
            }
        }
        effects
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

    /// Keep the list's selection and the detail's scroll in view after the screen changed.
    fn keep_in_view(&mut self) {
        self.list.keep_in_view(self.list_rows());
        let last = self.last_detail_scroll();
        self.detail.clamp(last);
    }

    /// Show a day from its first paper, keeping the filters.
    fn show(&mut self, loaded: Loaded) {
        let digest = loaded.digest;
        self.day = Day {
            search_texts: digest.papers.iter().map(filter::search_text).collect(),
            widths: ColumnWidths {
                labels: digest
                    .papers
                    .iter()
                    .map(|paper| tags::labels_width(&paper.tags, self.settings.widths))
                    .max()
                    .unwrap_or(0),
                score: digest
                    .papers
                    .iter()
                    .filter_map(|paper| paper.score_text())
                    .map(|score| score.len())
                    .max()
                    .unwrap_or(0),
                rank: digest
                    .papers
                    .iter()
                    .map(|paper| paper.rank.to_string().len())
                    .max()
                    .unwrap_or(0),
            },
            written_at: loaded.written_at,
            digest,
        };
        self.sample = loaded.sample;
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

    /// Work out again what passes the filter, keeping the selected paper selected when it
    /// still does.
    fn refilter(&mut self) {
        let was = self.list.selected_paper();
        let filter = self.filter();
        // The tag counts are of the papers the search lets through, whatever tags are on.
        let searched = Filter {
            search: filter.search.clone(),
            ..Filter::default()
        };
        let searched = searched.matcher();
        let papers = &self.day.digest.papers;
        let in_view = (papers.iter().zip(&self.day.search_texts))
            .filter(|(paper, text)| searched.matches(paper, text))
            .map(|(paper, _)| paper);
        self.tags.set_counts(filter::tag_counts(in_view));
        let matcher = filter.matcher();
        let shown = (0..papers.len())
            .filter(|&i| matcher.matches(&papers[i], &self.day.search_texts[i]))
            .collect();
        self.list.show(shown, was, self.list_rows());
        if self.list.selected_paper() != was {
            self.detail.to_top();
        }
    }

    fn open_link(&mut self) -> Option<Effect> {
        let Some(paper) = self.selected_paper() else {
            self.inform("no paper is selected".to_string());
            return None;
        };
        let url = paper.url.clone();
        match url::Url::parse(&url) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
                Some(Effect::OpenLink(parsed.to_string()))
            }
            Ok(parsed) => {
                self.warn(format!(
                    "not opening a {}: link; only http and https links are opened",
                    parsed.scheme()
                ));
                None
            }
            Err(err) => {
                let url = text::truncate(&url, 60, self.widths()).into_owned();
                self.warn(format!("not opening {url:?}: {err}"));
                None
            }
        }
    }

    fn link_opened(&mut self, url: String, result: Result<(), String>) {
        match result {
            Ok(()) => self.inform(format!("opened {url}")),
            Err(why) => {
                self.warn(format!("could not open {url} ({why})"));
                // The status line may cut the link; the popup shows it whole to copy.
                self.mode = Mode::Popup(Popup {
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

    /// Take in what changed in the cache, and say so.
    fn cache_changed(&mut self, news: CacheNews) {
        let current = self.date();
        self.sample = news.sample;
        if let Some(loaded) = news.reloaded {
            let was = self.selected_paper().map(|p| p.url.clone());
            let before = self.day.digest.papers.len();
            let after = loaded.digest.papers.len();
            self.show(loaded);
            let at = was.and_then(|url| {
                let papers = &self.day.digest.papers;
                papers.iter().position(|paper| paper.url == url)
            });
            if at.is_some() {
                let shown = self.list.shown().to_vec();
                self.list.show(shown, at, self.list_rows());
            }
            self.inform(format!("{current} was updated: {before} → {after} papers"));
        }
        let changes = news.changes;
        let newer: Vec<NaiveDate> = changes
            .added
            .iter()
            .filter(|&&d| d > current)
            .copied()
            .collect();
        if let Some(newest) = newer.iter().max() {
            let more = match newer.len() {
                1 => String::new(),
                n => format!(" and {} more newer days", n - 1),
            };
            self.inform(format!("{newest}{more} arrived in the cache: ] to read it"));
        } else if changes.added.iter().any(|&d| d != current) {
            self.inform(format!(
                "{} arrived in the cache: [ to read older days",
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

/// Whether an action comes from the user's keys or mouse, which clear the last message.
fn is_from_user(action: &Action) -> bool {
    !matches!(
        action,
        Action::Resize { .. }
            | Action::Suspend
            | Action::CheckCache
            | Action::LinkOpened { .. }
            | Action::DayLoaded(_)
            | Action::NoDay { .. }
            | Action::CacheChanged(_)
            | Action::Failed(_)
            | Action::Problems(_)
    )
}

/// "1 day", "3 days".
fn days_count(n: usize) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}
