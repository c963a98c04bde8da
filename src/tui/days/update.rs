//! How the days and views change: stepping from day to day, showing a view, reading every
//! day, going to a date, and taking in changes to the cache.

use super::shelf::{ColumnWidths, Order, Shelf, SortKey, View};
use super::*;
use crate::model::{Digest, counted, days_count, papers_count};
use crate::query::history::History;
use crate::query::listing::Listing;
use crate::tui::action::{BackgroundEffect, CacheNews, Effect, IoEffect, Loaded};
use crate::tui::app::App;
use crate::tui::command::Command;
use chrono::NaiveDate;
use std::rc::Rc;

impl App {
    pub fn digest(&self) -> &Digest {
        self.days.digest()
    }

    pub fn date(&self) -> NaiveDate {
        self.days.date()
    }

    /// What the list holds: the day, every day, or a ranking.
    pub fn view(&self) -> View {
        self.days.view()
    }

    pub fn shelf(&self) -> &Shelf {
        self.days.shelf()
    }

    pub fn column_widths(&self) -> ColumnWidths {
        self.days.shelf().widths
    }

    pub fn order(&self) -> Order {
        self.days.order()
    }

    /// The days each paper was listed on, once every day is read.
    pub fn history(&self) -> &History {
        self.days.history()
    }

    /// Whether a paper the view holds was listed on an earlier day too.
    pub fn any_seen_before(&self) -> bool {
        self.days.any_seen_before()
    }

    pub(in crate::tui) fn days_input(&mut self, input: DaysInput) -> Option<Effect> {
        match input {
            DaysInput::Older => self.step(Step::Older),
            DaysInput::Newer => self.step(Step::Newer),
            DaysInput::Newest => self.go_to_newest(),
            DaysInput::AllDays => self.toggle_view(View::All),
            DaysInput::Starred => self.toggle_view(View::Starred),
            DaysInput::Queue => self.toggle_view(View::Queue),
            DaysInput::Ranking => match self.days.shelf.view {
                View::Ranking { .. } => self.show_view(Asked::View(View::Day)),
                View::Day | View::All | View::Starred | View::Queue => {
                    self.show_view(Asked::NewestWeek)
                }
            },
            DaysInput::Movers => match (self.days.shelf.view, self.days.order.key) {
                (View::Ranking { .. }, SortKey::Momentum) => self.show_view(Asked::View(View::Day)),
                (View::Ranking { .. }, _) => {
                    self.sort(|_| Order::by(SortKey::Momentum));
                    None
                }
                _ => self.show_view_in(Asked::NewestWeek, Some(Order::by(SortKey::Momentum))),
            },
            DaysInput::NextSort => {
                self.sort(|order| Order::by(order.key.next()));
                None
            }
            DaysInput::ReverseSort => {
                self.sort(|order| Order {
                    natural: !order.natural,
                    ..order
                });
                None
            }
        }
    }

    pub(in crate::tui) fn days_outcome(&mut self, outcome: DaysOutcome) -> Option<Effect> {
        match outcome {
            DaysOutcome::DayLoaded(loaded) => {
                self.show(*loaded);
                self.next_waiting_step()
            }
            DaysOutcome::NoDay { step, skipped } => {
                let waiting = match std::mem::replace(&mut self.days.stepping, Stepping::Idle) {
                    Stepping::Loading { waiting } => waiting,
                    Stepping::Idle => 0,
                };
                // Steps asked for the other way meanwhile are still taken; more the same way
                // would find no day either.
                let back = match step {
                    Step::Older => waiting > 0,
                    Step::Newer | Step::Newest => waiting < 0,
                };
                match skipped.first() {
                    Some(err) => self.warn(format!("skipped {err}")),
                    // Said where the steps end, not under the day they go back to.
                    None if !back => {
                        let edge = match step {
                            Step::Older => "older",
                            Step::Newer | Step::Newest => "newer",
                        };
                        self.inform(format!("no {edge} day in the cache"));
                    }
                    None => {}
                }
                if !back {
                    return None;
                }
                self.days.stepping = Stepping::Loading { waiting };
                self.next_waiting_step()
            }
            DaysOutcome::EveryDayLoaded {
                listing,
                request,
                warning,
            } => {
                if let Some(warning) = warning {
                    self.warn(warning);
                }
                match self.days.every_day {
                    EveryDay::Reading { request: asked, .. } if asked == request => {
                        self.every_day_loaded(*listing)
                    }
                    _ => None,
                }
            }
            DaysOutcome::EveryDayFailed { why, request } => {
                if matches!(self.days.every_day, EveryDay::Reading { request: asked, .. } if asked == request)
                {
                    self.days.every_day = EveryDay::NotRead;
                    self.warn(why);
                }
                None
            }
            DaysOutcome::PaperLoaded {
                date,
                position,
                paper,
            } => {
                self.days.full = Full::Read {
                    date,
                    position,
                    paper,
                };
                self.days.changed();
                None
            }
            DaysOutcome::CacheChanged(news) => self.cache_changed(*news),
            DaysOutcome::LookAfterWritingFailed(why) => {
                self.days.rewrite_said = false;
                self.warn(why);
                None
            }
        }
    }

    /// Set the day relative dates count from.
    pub fn set_today(&mut self, today: NaiveDate) {
        self.days.today = today;
    }

    /// Every cached paper, whatever view is shown.
    pub(in crate::tui) fn show_every_day(&mut self) -> Option<Effect> {
        self.show_view(Asked::View(View::All))
    }

    /// The view asked for, or back to the day when it is the one shown.
    fn toggle_view(&mut self, view: View) -> Option<Effect> {
        let asked = if self.days.shelf.view == view {
            View::Day
        } else {
            view
        };
        self.show_view(Asked::View(asked))
    }

    /// Sort the list anew. While every day is being read for a view the user asked for, the
    /// order is that view's, and it is sorted so once it shows.
    fn sort(&mut self, change: impl Fn(Order) -> Order) {
        if let EveryDay::Reading {
            then: Some(then), ..
        } = &mut self.days.every_day
            && then.view != Asked::View(self.days.shelf.view)
        {
            let order = change(then.order.unwrap_or_else(|| default_order(then.view)));
            then.order = Some(order);
            self.inform(format!("{} once every day is read", order.describe()));
            return;
        }
        self.days.order = change(self.days.order);
        self.days.changed();
        self.inform(format!("sorted {}", self.days.order.describe()));
    }

    /// Show another view, reading every day first if that has not been done yet.
    fn show_view(&mut self, asked: Asked) -> Option<Effect> {
        self.show_view_in(asked, None)
    }

    /// [`App::show_view`], in `order` when one is given rather than the view's own.
    fn show_view_in(&mut self, asked: Asked, order: Option<Order>) -> Option<Effect> {
        let listing = match (asked, &self.days.every_day) {
            (Asked::View(View::Day), _) => Rc::new(Listing::of_day(&self.days.day.digest)),
            (_, EveryDay::Read(listing)) => Rc::clone(listing),
            (_, EveryDay::Reading { .. } | EveryDay::NotRead) => {
                self.inform("reading every day…".to_string());
                return self.ask_every_day(Some(Then { view: asked, order }));
            }
        };
        self.show_listing(asked, listing, order);
        None
    }

    /// Show a view of `listing`, in `order` when one was asked for meanwhile.
    fn show_listing(&mut self, asked: Asked, listing: Rc<Listing>, order: Option<Order>) {
        let view = match asked {
            Asked::View(view) => view,
            // A week ranked ends on the newest day in the cache, which need not be today.
            Asked::NewestWeek => {
                let to = listing
                    .items()
                    .next()
                    .map_or(self.days.today, |item| item.entry.date);
                let from = to
                    .checked_sub_days(chrono::Days::new(RANKING_DAYS - 1))
                    .unwrap_or(to);
                View::Ranking { from, to }
            }
        };
        self.days.shelf = Shelf::new(view, listing, self.settings.widths);
        self.days.order = match order {
            Some(order) if view != View::Day => order,
            _ => default_order(Asked::View(view)),
        };
        self.days.changed();
        self.list.start_over();
        self.detail.to_top();
    }

    /// Ask for every cached paper, unless that is under way, and show `then` once they are
    /// here. The event loop asks once the first frame is up, so the other views are there at
    /// once when asked for.
    pub fn read_every_day(&mut self) -> Option<Effect> {
        self.ask_every_day(None)
    }

    fn ask_every_day(&mut self, then: Option<Then>) -> Option<Effect> {
        match &mut self.days.every_day {
            EveryDay::Reading { then: waiting, .. } => {
                if then.is_some() {
                    *waiting = then;
                }
                None
            }
            _ => {
                self.days.requests += 1;
                let request = self.days.requests;
                self.days.every_day = EveryDay::Reading { request, then };
                Some(BackgroundEffect::LoadEveryDay { request }.into())
            }
        }
    }

    /// Every cached paper has been read: the history of each paper is known, and the view
    /// waiting for them is shown (or, when it is the one on screen, brought up to date in
    /// place, keeping the selection, the order and the scroll).
    fn every_day_loaded(&mut self, listing: Listing) -> Option<Effect> {
        let then = match std::mem::replace(&mut self.days.every_day, EveryDay::NotRead) {
            EveryDay::Reading { then, .. } => then,
            _ => None,
        };
        self.days.history = History::of(&listing);
        self.days.full = Full::Nothing;
        let listing = Rc::new(listing);
        self.days.every_day = EveryDay::Read(Rc::clone(&listing));
        // The detail pane may now say where the paper was seen before.
        self.days.changed();
        let then = then?;
        if then.view == Asked::View(self.days.shelf.view) {
            let selected = self.selected_key().map(str::to_string);
            let scroll = self.detail.scroll();
            self.days.shelf = Shelf::new(self.days.shelf.view, listing, self.settings.widths);
            self.derive();
            let at = selected.and_then(|key| {
                self.list
                    .shown()
                    .iter()
                    .position(|&i| self.days.shelf.item(i).key() == key)
            });
            if let Some(at) = at {
                let rows = self.list_rows();
                self.list.go_to(at, rows);
                self.detail_scroll_to(scroll);
            }
            return None;
        }
        // The papers the user waited for are here: "reading every day…" is done.
        self.overlays.clear_message();
        self.show_listing(then.view, listing, then.order);
        None
    }

    /// Go to the date a user typed: in the day view, the newest day in it; in the all-days
    /// view, its newest paper; a ranking takes it as its range.
    pub(in crate::tui) fn jump(&mut self, typed: &str) -> Option<Effect> {
        let Ok((from, to)) = crate::query::date::span(typed, self.days.today) else {
            // Quoted short: a paste may have put a page of text here.
            self.warn(format!(
                "{} is not a date: write 2026-02-05, 2026-02, yesterday, -3 or 7d",
                crate::error::quote(typed)
            ));
            return None;
        };
        match self.days.shelf.view {
            View::Day => Some(IoEffect::LoadNewestIn { from, to }.into()),
            View::All | View::Starred | View::Queue => {
                let at = self
                    .list
                    .shown()
                    .iter()
                    .position(|&i| (from..=to).contains(&self.days.shelf.item(i).entry.date));
                match at {
                    Some(at) => {
                        let rows = self.list_rows();
                        self.list.go_to(at, rows);
                        self.detail.to_top();
                    }
                    None => self.inform(format!("no paper listed from {from} to {to}")),
                }
                None
            }
            View::Ranking { .. } => {
                // The movers stay the movers over the days asked for.
                let order = (self.days.order.key == SortKey::Momentum).then_some(self.days.order);
                self.show_view_in(Asked::View(View::Ranking { from, to }), order)
            }
        }
    }

    /// Show a day from its first paper, keeping the filters; the list shows the day.
    pub(in crate::tui) fn show(&mut self, loaded: Loaded) {
        self.days.day = Day {
            written_at: loaded.written_at,
            digest: loaded.digest,
        };
        self.days.source = loaded.source;
        self.days.shelf = Shelf::new(
            View::Day,
            Rc::new(Listing::of_day(&self.days.day.digest)),
            self.settings.widths,
        );
        if self.days.order.key == SortKey::Date {
            self.days.order = Order::by(SortKey::Rank);
        }
        self.days.changed();
        self.list.start_over();
        self.detail.to_top();
        if let Some(first) = loaded.skipped.first() {
            let more = match loaded.skipped.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            self.warn(format!("skipped {first}{more}"));
        }
    }

    /// Ask for the next day that way; presses while one is on its way are counted and
    /// followed once it arrives.
    fn step(&mut self, step: Step) -> Option<Effect> {
        if let Stepping::Loading { waiting } = &mut self.days.stepping {
            *waiting += match step {
                Step::Older => -1,
                Step::Newer | Step::Newest => 1,
            };
            return None;
        }
        self.days.stepping = Stepping::Loading { waiting: 0 };
        Some(
            IoEffect::LoadNeighbour {
                from: self.days.date(),
                step,
            }
            .into(),
        )
    }

    /// Go to the newest day, in place of the steps asked for and not yet taken.
    fn go_to_newest(&mut self) -> Option<Effect> {
        if let Stepping::Loading { waiting } = &mut self.days.stepping {
            *waiting = 0;
        } else {
            self.days.stepping = Stepping::Loading { waiting: 0 };
        }
        Some(
            IoEffect::LoadNeighbour {
                from: self.days.date(),
                step: Step::Newest,
            }
            .into(),
        )
    }

    /// The key that reaches a newer day than the one shown, and its command: the next day's
    /// when the next step goes there (`next`), the newest day's when it is the newest
    /// (`newest`), else the one that asks for a date; the first of these that has a key.
    pub(in crate::tui) fn key_to_newer(
        &self,
        next: bool,
        newest: bool,
    ) -> Option<(Command, String)> {
        [
            (next, Command::NewerDay),
            (newest, Command::NewestDay),
            (true, Command::JumpToDate),
        ]
        .into_iter()
        .filter(|&(fits, _)| fits)
        .find_map(|(_, command)| Some((command, self.keymap().first_key(command)?)))
    }

    fn next_waiting_step(&mut self) -> Option<Effect> {
        let waiting = match std::mem::replace(&mut self.days.stepping, Stepping::Idle) {
            Stepping::Loading { waiting } => waiting,
            Stepping::Idle => 0,
        };
        let step = match waiting.signum() {
            1 => Step::Newer,
            -1 => Step::Older,
            _ => return None,
        };
        let effect = self.step(step);
        self.days.stepping = Stepping::Loading {
            waiting: waiting - waiting.signum(),
        };
        effect
    }

    /// Outside the day view the list holds papers without their summaries: the selected
    /// one is read in full from the index, once.
    pub(in crate::tui) fn read_selected_in_full(&mut self) -> Option<Effect> {
        if self.days.shelf.view == View::Day {
            return None;
        }
        let entry = *self.days.shelf.item(self.list.selected_paper()?).entry;
        let wanted = (entry.date, entry.position);
        let have = match &self.days.full {
            Full::Asked { date, position } | Full::Read { date, position, .. } => {
                Some((*date, *position))
            }
            Full::Nothing => None,
        };
        if have == Some(wanted) {
            return None;
        }
        self.days.full = Full::Asked {
            date: entry.date,
            position: entry.position,
        };
        Some(
            IoEffect::LoadPaper {
                date: entry.date,
                position: entry.position,
            }
            .into(),
        )
    }

    /// Take in what changed in the cache, and say so. Every day's papers are read again when
    /// the list shows them.
    fn cache_changed(&mut self, news: CacheNews) -> Option<Effect> {
        let current = self.days.date();
        self.days.source = news.source;
        let reread = if news.changes.is_empty() {
            None
        } else {
            self.days.every_day = EveryDay::NotRead;
            self.days.full = Full::Nothing;
            // Read again in any view: the history of each paper changes with the days.
            let then = (self.days.shelf.view != View::Day).then_some(Then {
                view: Asked::View(self.days.shelf.view),
                order: None,
            });
            self.ask_every_day(then)
        };
        // The day shown was written again. It is shown again only while it is still the day
        // shown (an answer can arrive after the user went to another day), and not shown
        // already as it reads now (two looks can each find the same writing); in the day view
        // the selected paper stays selected and its detail where it was.
        let reloaded = news.reloaded.filter(|loaded| {
            loaded.digest.date == current
                && self.days.stepping == Stepping::Idle
                && loaded.written_at != self.days.day.written_at
        });
        if let Some(loaded) = reloaded {
            let before = self.days.day.digest.papers.len();
            let after = loaded.digest.papers.len();
            if self.days.shelf.view == View::Day {
                let was = self.selected_paper().map(|p| p.key());
                let scroll = self.detail.scroll();
                self.show(loaded);
                self.derive();
                let at = was.and_then(|key| {
                    let papers = &self.days.day.digest.papers;
                    papers.iter().position(|paper| paper.key() == key)
                });
                if at.is_some() {
                    let shown = self.list.shown().to_vec();
                    let rows = self.list_rows();
                    self.list.show(shown, at, rows);
                    self.detail_scroll_to(scroll);
                }
            } else {
                self.days.day = Day {
                    written_at: loaded.written_at,
                    digest: loaded.digest,
                };
            }
            let after = papers_count(after);
            if !std::mem::take(&mut self.days.rewrite_said) {
                self.inform(format!("{current} was updated: {before} → {after}"));
            }
        }
        if news.after_writing {
            self.days.rewrite_said = false;
        }
        // Days a sync brought are its news: it says how it went, and what to press.
        if self.sync.brings_days() {
            return reread;
        }
        let changes = &news.changes;
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
            // A step to a newer day reaches them only from the day before them (the day the
            // look was from, and still shown); from an older day, the way to them is the
            // newest day, or their date.
            let next =
                news.shown == current && news.next_newer.is_some_and(|next| newer.contains(&next));
            let press = match self.key_to_newer(next, news.newest == Some(*newest)) {
                Some((Command::NewerDay, key)) if newer.len() > 1 => {
                    format!(": {key} to read them")
                }
                Some((Command::JumpToDate, key)) => format!(": {key} to go to it"),
                Some((_, key)) => format!(": {key} to read it"),
                None => String::new(),
            };
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
}
