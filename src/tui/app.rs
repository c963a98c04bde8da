//! The reader's model and its update: what is selected, filtered, focused and said, and how
//! each action changes it. Nothing here draws or touches the terminal.

use std::time::SystemTime;

use chrono::NaiveDate;
use ratatui::layout::{Position, Rect};
use unicode_segmentation::UnicodeSegmentation;

use super::action::{Action, Effect};
use super::keymap::Keymap;
use super::layout::{self, Panes, Screen};
use super::ui::{detail, list};
use crate::filter::{self, Filter, TagChoice};
use crate::library::Library;
use crate::model::{Digest, Paper};
use crate::paper_view;
use crate::sample::{SAMPLE_NOTICE, SAMPLE_NOTICE_SHORT};
use crate::text::{self, Widths};

/// The pane that keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
    Filter,
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

/// Which way to move through the days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Older,
    Newer,
}

/// "1 day", "3 days".
fn days_count(n: usize) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// A message shown over the panes, in full at any width, until a key closes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Popup {
    pub title: String,
    /// Paragraphs, each wrapped to the popup's width; an empty one is a blank line.
    pub paragraphs: Vec<String>,
}

/// Everything the reader shows, and where the user is in it.
#[derive(Debug)]
pub struct App {
    library: Library,
    pub widths: Widths,
    /// The day shown, and its papers.
    pub digest: Digest,
    /// What a search looks in, one per paper of the day, made once per day.
    search_texts: Vec<String>,
    /// The widest row of tag labels of the day, in columns, made once per day.
    pub widest_labels: usize,
    /// The widest score of the day, in columns, made once per day.
    pub widest_score: usize,
    /// The widest rank of the day, in columns, made once per day.
    pub widest_rank: usize,
    /// Indices into `digest.papers` of the papers that pass the filter, in digest order.
    pub shown: Vec<usize>,
    /// The tag rows of the filter pane: the day's tags and any chosen tag it lacks.
    pub tag_rows: Vec<(TagChoice, usize)>,
    pub filter: Filter,
    /// Index into `shown`.
    pub selected: usize,
    /// The first list row on screen.
    pub list_offset: usize,
    pub detail_scroll: usize,
    pub tag_cursor: usize,
    pub focus: Focus,
    /// Whether keys type into the search.
    pub searching: bool,
    /// Byte offset of the search cursor, always on a grapheme boundary.
    pub search_cursor: usize,
    pub help: bool,
    /// The first row of the help on screen.
    pub help_scroll: usize,
    /// A message that needs more room than the status line: shown over the panes until a key.
    pub popup: Option<Popup>,
    pub keymap: Keymap,
    pub message: Option<Message>,
    /// The terminal's area, for layout.
    pub area: Rect,
    pub quit: bool,
    detail: DetailLayout,
    /// When the shown day's file was written, as it was loaded: a later write is news.
    shown_written_at: Option<SystemTime>,
}

/// The detail pane's lines, and which paper at which width they were laid out for.
#[derive(Debug, Default)]
struct DetailLayout {
    key: Option<(usize, u16)>,
    lines: Vec<paper_view::Line>,
}

impl App {
    /// Open the reader on the newest day that loads.
    pub fn new(mut library: Library, widths: Widths, area: Rect) -> App {
        let (digest, skipped) = library.newest();
        let mut app = App {
            library,
            widths,
            digest: Digest {
                date: digest.date,
                title: None,
                papers: Vec::new(),
            },
            search_texts: Vec::new(),
            widest_labels: 0,
            widest_score: 0,
            widest_rank: 0,
            shown: Vec::new(),
            tag_rows: Vec::new(),
            filter: Filter::default(),
            selected: 0,
            list_offset: 0,
            detail_scroll: 0,
            tag_cursor: 0,
            focus: Focus::List,
            searching: false,
            search_cursor: 0,
            help: false,
            help_scroll: 0,
            popup: None,
            keymap: Keymap::default(),
            message: None,
            area,
            quit: false,
            detail: DetailLayout::default(),
            shown_written_at: None,
        };
        app.show_day(digest);
        app.lay_out_detail();
        if let Some(first) = skipped.first() {
            let more = match skipped.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            app.warn(format!("skipped {first}{more}"));
        }
        app
    }

    /// The paper under the list cursor.
    pub fn selected_paper(&self) -> Option<&Paper> {
        let index = *self.shown.get(self.selected)?;
        self.digest.papers.get(index)
    }

    pub fn is_sample(&self) -> bool {
        self.library.is_sample()
    }

    pub fn date(&self) -> NaiveDate {
        self.digest.date
    }

    /// What must stay on screen above the status line: that this is the built-in sample,
    /// and how to get real digests.
    pub fn notice(&self) -> Option<String> {
        self.is_sample()
            .then(|| format!("This is the {SAMPLE_NOTICE}"))
    }

    /// The notice wrapped for a screen `width` columns wide, a column in from each side: in
    /// full when it fits on a row, else in short.
    pub fn notice_lines(&self, width: u16) -> Vec<String> {
        let Some(notice) = self.notice() else {
            return Vec::new();
        };
        let room = usize::from(width.saturating_sub(2));
        if self.widths.str_width(&notice) <= room {
            return vec![notice];
        }
        text::wrap(SAMPLE_NOTICE_SHORT, room, self.widths)
    }

    /// The panes at the size of the last resize.
    pub fn screen(&self) -> Screen {
        self.screen_at(self.area)
    }

    /// The panes on a screen of `area`.
    pub fn screen_at(&self, area: Rect) -> Screen {
        let notice_rows = u16::try_from(self.notice_lines(area.width).len()).unwrap_or(0);
        layout::layout(
            area,
            self.focus,
            self.searching,
            self.tag_rows.len(),
            notice_rows,
        )
    }

    /// The first list row to show when `rows` fit: the stored offset, moved just enough to keep
    /// the selected paper in view and no blank rows below the last paper.
    pub fn list_offset_for(&self, rows: usize) -> usize {
        let rows = rows.max(1);
        let offset = self
            .list_offset
            .max((self.selected + 1).saturating_sub(rows))
            .min(self.selected);
        offset.min(self.shown.len().saturating_sub(rows))
    }

    /// The first tag row to show when `rows` fit, keeping the tag cursor in view.
    pub fn tag_offset_for(&self, rows: usize) -> usize {
        self.tag_cursor.saturating_sub(rows.max(1) - 1)
    }

    fn panes(&self) -> Option<Panes> {
        match self.screen() {
            Screen::Panes(panes) => Some(panes),
            Screen::TooSmall => None,
        }
    }

    /// How many paper rows the list shows.
    pub fn list_rows(&self) -> usize {
        self.panes()
            .map_or(1, |p| usize::from(layout::inner(p.list).height).max(1))
    }

    /// How many tag rows fit in the filter pane (below its search row).
    pub fn tag_rows_visible(&self) -> usize {
        self.panes().and_then(|p| p.filter).map_or(1, |f| {
            usize::from(layout::inner(f).height.saturating_sub(1)).max(1)
        })
    }

    /// The first tag row on screen: the cursor stays in view.
    pub fn tag_offset(&self) -> usize {
        self.tag_offset_for(self.tag_rows_visible())
    }

    /// Apply one action. Returns a side effect for the event loop to carry out, if any.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let effect = self.apply(action);
        self.lay_out_detail();
        effect
    }

    /// The selected paper laid out for the detail pane. Only a new paper or a new width
    /// lays it out again; keys and frames in between reuse the lines.
    pub fn detail_lines(&self) -> &[paper_view::Line] {
        &self.detail.lines
    }

    /// The selected paper laid out for a text area `width` columns wide: the lines made on the
    /// last update when the width is theirs, else laid out now (a frame drawn at a size no
    /// resize has announced yet).
    pub fn detail_lines_at(&self, width: u16) -> std::borrow::Cow<'_, [paper_view::Line]> {
        match (self.detail.key, self.selected_paper()) {
            (Some((_, laid_out)), _) if laid_out == width => (&self.detail.lines[..]).into(),
            (_, Some(paper)) if width > 0 => {
                paper_view::lines(paper, self.digest.date, width.into(), self.widths).into()
            }
            _ => Vec::new().into(),
        }
    }

    fn lay_out_detail(&mut self) {
        let width = self.detail_area().map_or(0, |area| area.width);
        let key = self.shown.get(self.selected).map(|&index| (index, width));
        if key == self.detail.key {
            return;
        }
        self.detail.lines = match (self.selected_paper(), width) {
            (Some(paper), 1..) => {
                paper_view::lines(paper, self.digest.date, width.into(), self.widths)
            }
            _ => Vec::new(),
        };
        self.detail.key = key;
        self.detail_scroll = self.detail_scroll.min(self.max_detail_scroll());
    }

    fn apply(&mut self, action: Action) -> Option<Effect> {
        if !matches!(
            action,
            Action::Resize { .. }
                | Action::LinkOpened { .. }
                | Action::Suspend
                | Action::CheckCache
        ) {
            self.message = None;
        }
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
                self.tag_cursor = 0;
            }
            Action::Back => {
                if self.focus != Focus::List {
                    self.focus = Focus::List;
                } else if !self.filter.search.is_empty() {
                    self.filter.search.clear();
                    self.search_cursor = 0;
                    self.refilter();
                }
            }
            Action::StartSearch => {
                self.searching = true;
                self.search_cursor = self.filter.search.len();
            }
            Action::SearchInsert(text) => self.insert_search(&text),
            Action::Paste(text) => {
                self.help = false;
                self.searching = true;
                self.insert_search(&text);
            }
            Action::SearchBackspace => {
                if let Some(start) = self.grapheme_before() {
                    self.filter
                        .search
                        .replace_range(start..self.search_cursor, "");
                    self.search_cursor = start;
                    self.refilter();
                }
            }
            Action::SearchDelete => {
                if let Some(end) = self.grapheme_after() {
                    self.filter
                        .search
                        .replace_range(self.search_cursor..end, "");
                    self.refilter();
                }
            }
            Action::SearchLeft => {
                self.search_cursor = self.grapheme_before().unwrap_or(self.search_cursor);
            }
            Action::SearchRight => {
                self.search_cursor = self.grapheme_after().unwrap_or(self.search_cursor);
            }
            Action::SearchHome => self.search_cursor = 0,
            Action::SearchEnd => self.search_cursor = self.filter.search.len(),
            Action::SearchKeep => self.searching = false,
            Action::SearchCancel => {
                self.searching = false;
                self.filter.search.clear();
                self.search_cursor = 0;
                self.refilter();
            }
            Action::ToggleTag => {
                if let Some((choice, _)) = self.tag_rows.get(self.tag_cursor).cloned() {
                    self.filter.toggle(&choice);
                    self.refilter();
                }
            }
            Action::ClearFilters => {
                self.filter.clear();
                self.search_cursor = 0;
                self.searching = false;
                self.refilter();
            }
            Action::OpenLink => return self.open_link(),
            Action::LinkOpened { url, result } => {
                let url = text::sanitize_line(&url).into_owned();
                match result {
                    Ok(()) => self.inform(format!("opened {url}")),
                    Err(why) => {
                        let why = text::sanitize_line(&why).into_owned();
                        self.warn(format!("could not open {url} ({why})"));
                        // The status line may cut the link; the popup shows it whole to copy.
                        self.popup = Some(Popup {
                            title: "Could not open the link".to_string(),
                            paragraphs: vec![
                                url,
                                String::new(),
                                why,
                                String::new(),
                                "Copy the link from here (most terminals select with Shift \
                                 and the mouse). Any key closes."
                                    .to_string(),
                            ],
                        });
                    }
                }
            }
            Action::OlderDay => self.change_day(Step::Older),
            Action::NewerDay => self.change_day(Step::Newer),
            Action::CheckCache => self.check_cache(),
            Action::ShowHelp => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::CloseHelp => self.help = false,
            Action::ScrollHelp(rows) => {
                let last = self.keymap.help().len().saturating_sub(1);
                self.help_scroll = self.help_scroll.saturating_add_signed(rows).min(last);
            }
            Action::ClosePopup => self.popup = None,
            Action::Nothing => {}
            Action::ScrollAt { column, row, down } => self.scroll_at(column, row, down),
            Action::ClickAt { column, row } => self.click_at(column, row),
            Action::Resize { width, height } => {
                self.area = Rect::new(0, 0, width, height);
                self.keep_in_view();
            }
            Action::Suspend => return Some(Effect::Suspend),
        }
        None
    }

    /// Put text into the search at its cursor. A search is one line: line breaks and tabs
    /// become spaces, and other control characters go.
    fn insert_search(&mut self, text: &str) {
        let text: String = text
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        if text.is_empty() {
            return;
        }
        self.filter.search.insert_str(self.search_cursor, &text);
        self.search_cursor += text.len();
        self.refilter();
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

    fn page(&self) -> isize {
        let rows = match self.focus {
            Focus::List => self.list_rows(),
            Focus::Detail => self.detail_rows(),
            Focus::Filter => self.tag_rows_visible(),
        };
        isize::try_from(rows.saturating_sub(1).max(1)).unwrap_or(1)
    }

    /// Move the focused pane's cursor by `delta` rows, stopping at the ends.
    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::List => {
                let last = self.shown.len().saturating_sub(1);
                let selected = self.selected.saturating_add_signed(delta).min(last);
                if selected != self.selected {
                    self.selected = selected;
                    self.detail_scroll = 0;
                }
            }
            Focus::Detail => {
                self.detail_scroll = self
                    .detail_scroll
                    .saturating_add_signed(delta)
                    .min(self.max_detail_scroll());
            }
            Focus::Filter => {
                let last = self.tag_rows.len().saturating_sub(1);
                self.tag_cursor = self.tag_cursor.saturating_add_signed(delta).min(last);
            }
        }
        self.keep_in_view();
    }

    fn detail_area(&self) -> Option<Rect> {
        self.panes().and_then(|p| p.detail).map(detail::text_area)
    }

    fn detail_rows(&self) -> usize {
        self.detail_area()
            .map_or(1, |a| usize::from(a.height).max(1))
    }

    fn max_detail_scroll(&self) -> usize {
        let height = self
            .detail_area()
            .map_or(0, |area| usize::from(area.height));
        self.detail.lines.len().saturating_sub(height)
    }

    /// Scroll the list so the selected paper is on screen.
    fn keep_in_view(&mut self) {
        let rows = self.list_rows();
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + rows {
            self.list_offset = self.selected + 1 - rows;
        }
        let last_page_start = self.shown.len().saturating_sub(rows);
        self.list_offset = self.list_offset.min(last_page_start);
        self.detail_scroll = self.detail_scroll.min(self.max_detail_scroll());
    }

    /// Show a day from its first paper, with what filtering and drawing need made once.
    fn show_day(&mut self, digest: Digest) {
        self.search_texts = digest.papers.iter().map(filter::search_text).collect();
        self.widest_labels = digest
            .papers
            .iter()
            .map(|paper| list::labels_width(paper, self.widths))
            .max()
            .unwrap_or(0);
        self.widest_score = digest
            .papers
            .iter()
            .filter_map(|paper| paper.score_text())
            .map(|score| score.len())
            .max()
            .unwrap_or(0);
        self.widest_rank = digest
            .papers
            .iter()
            .map(|paper| paper.rank.to_string().len())
            .max()
            .unwrap_or(0);
        self.shown_written_at = self.library.written_at(digest.date);
        self.digest = digest;
        self.detail.key = None;
        self.selected = 0;
        self.list_offset = 0;
        self.detail_scroll = 0;
        self.shown.clear();
        self.refilter();
    }

    /// Recompute what passes the filter, keeping the selected paper selected when it still does.
    fn refilter(&mut self) {
        let was = self.shown.get(self.selected).copied();
        // The tag counts are of the papers the search lets through, whatever tags are on.
        let searched = Filter {
            search: self.filter.search.clone(),
            ..Filter::default()
        };
        let searched = searched.matcher();
        let in_view = (self.digest.papers.iter().zip(&self.search_texts))
            .filter(|(paper, text)| searched.matches(paper, text))
            .map(|(paper, _)| paper);
        self.tag_rows = filter::tag_counts(in_view);
        for choice in &self.filter.tags {
            if !self.tag_rows.iter().any(|(c, _)| c == choice) {
                self.tag_rows.push((choice.clone(), 0));
            }
        }
        self.tag_cursor = self.tag_cursor.min(self.tag_rows.len().saturating_sub(1));
        let matcher = self.filter.matcher();
        self.shown = (0..self.digest.papers.len())
            .filter(|&i| matcher.matches(&self.digest.papers[i], &self.search_texts[i]))
            .collect();
        let now = was.and_then(|index| self.shown.iter().position(|&i| i == index));
        if now != Some(self.selected) {
            self.detail_scroll = 0;
        }
        self.selected = now.unwrap_or(0);
        self.keep_in_view();
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
                    text::sanitize_line(parsed.scheme())
                ));
                None
            }
            Err(err) => {
                self.warn(format!(
                    "not opening {:?}: {err}",
                    text::truncate(&text::sanitize_line(&url), 60, self.widths)
                ));
                None
            }
        }
    }

    /// Go to the next older or newer cached day, passing over days that do not load. The
    /// cache is listed again first, so days imported since the reader started are there.
    fn change_day(&mut self, step: Step) {
        if let Err(err) = self.library.refresh(None) {
            self.warn(err.to_string());
            return;
        }
        let current = self.digest.date;
        let mut candidates: Vec<NaiveDate> = match step {
            Step::Older => self
                .library
                .dates()
                .iter()
                .filter(|&&d| d < current)
                .copied()
                .collect(),
            Step::Newer => self
                .library
                .dates()
                .iter()
                .rev()
                .filter(|&&d| d > current)
                .copied()
                .collect(),
        };
        candidates.dedup();
        let mut skipped = Vec::new();
        for date in candidates {
            match self.library.load(date) {
                Ok(digest) => {
                    self.show_day(digest);
                    if let Some(err) = skipped.first() {
                        self.warn(format!("skipped {err}"));
                    }
                    return;
                }
                Err(err) => skipped.push(err),
            }
        }
        let edge = match step {
            Step::Older => "older",
            Step::Newer => "newer",
        };
        match skipped.first() {
            Some(err) => self.warn(format!("skipped {err}")),
            None => self.inform(format!("no {edge} day in the cache")),
        }
    }

    /// Take in what changed in the cache since it was last listed, and say so.
    fn check_cache(&mut self) {
        let shown = self.shown_written_at.map(|at| (self.digest.date, at));
        let changes = match self.library.refresh(shown) {
            Ok(changes) => changes,
            Err(err) => return self.warn(err.to_string()),
        };
        let current = self.digest.date;
        // The shown day was written again, or the sample's day arrived from the user's own.
        let was_sample = self.shown_written_at.is_none();
        if changes.rewritten.contains(&current) || (was_sample && changes.added.contains(&current))
        {
            self.reload_day();
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
                n => format!(" and {} more newer days", n - 1),
            };
            self.inform(format!("{newest}{more} arrived in the cache: ] to read it"));
        } else if !changes.added.is_empty() {
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

    /// Read the shown day again after its file was rewritten, keeping the selected paper.
    fn reload_day(&mut self) {
        let was = self.selected_paper().map(|p| p.url.clone());
        let before = self.digest.papers.len();
        match self.library.load(self.digest.date) {
            Ok(digest) => {
                let date = digest.date;
                let after = digest.papers.len();
                self.show_day(digest);
                if let Some(at) = was.and_then(|url| {
                    self.shown
                        .iter()
                        .position(|&i| self.digest.papers[i].url == url)
                }) {
                    self.selected = at;
                    self.keep_in_view();
                }
                self.inform(format!("{date} was updated: {before} → {after} papers"));
            }
            Err(err) => self.warn(format!("could not read the updated day: {err}")),
        }
    }

    fn grapheme_before(&self) -> Option<usize> {
        self.filter.search[..self.search_cursor]
            .grapheme_indices(true)
            .next_back()
            .map(|(at, _)| at)
    }

    fn grapheme_after(&self) -> Option<usize> {
        let rest = &self.filter.search[self.search_cursor..];
        rest.graphemes(true)
            .next()
            .map(|g| self.search_cursor + g.len())
    }

    fn scroll_at(&mut self, column: u16, row: u16, down: bool) {
        let Some(panes) = self.panes() else { return };
        let at = Position::new(column, row);
        let focus = if panes.detail.is_some_and(|d| d.contains(at)) {
            Focus::Detail
        } else if panes.filter.is_some_and(|f| f.contains(at)) {
            Focus::Filter
        } else if panes.list.contains(at) {
            Focus::List
        } else {
            return;
        };
        let before = self.focus;
        self.focus = focus;
        self.move_by(if down { 3 } else { -3 });
        self.focus = before;
    }

    fn click_at(&mut self, column: u16, row: u16) {
        let Some(panes) = self.panes() else { return };
        let at = Position::new(column, row);
        if panes.list.contains(at) {
            self.focus = Focus::List;
            let inner = layout::inner(panes.list);
            if inner.contains(at) {
                let index = self.list_offset + usize::from(row - inner.y);
                if index < self.shown.len() && index != self.selected {
                    self.selected = index;
                    self.detail_scroll = 0;
                }
            }
        } else if panes.detail.is_some_and(|d| d.contains(at)) {
            self.focus = Focus::Detail;
        } else if let Some(filter) = panes.filter.filter(|f| f.contains(at)) {
            self.focus = Focus::Filter;
            let inner = layout::inner(filter);
            if inner.contains(at) && row > inner.y {
                let index = self.tag_offset() + usize::from(row - inner.y - 1);
                if index < self.tag_rows.len() {
                    self.tag_cursor = index;
                    self.update(Action::ToggleTag);
                }
            } else if inner.contains(at) {
                self.update(Action::StartSearch);
            }
        }
    }
}
