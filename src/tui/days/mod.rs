//! The days and the views: the day shown, every cached paper read in the background for the
//! other views (every day, a week ranked, the starred), the view the list holds and its order,
//! stepping from day to day, going to a date, and what changes in the cache mean for them.

mod kept;
mod shelf;
mod update;

use std::rc::Rc;
use std::time::SystemTime;

use chrono::NaiveDate;

pub use self::kept::{KeptSearches, Stamp};
pub use self::shelf::{ColumnWidths, Order, Selection, Shelf, SortKey, View};
pub use super::effect::Step;
use super::effect::{BackgroundEffect, CacheNews, Effect, Loaded};
use crate::model::{Digest, Paper};
use crate::query::history::History;
use crate::query::listing::Listing;
use crate::storage::library::Source;

/// What the user asks of the days and views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaysInput {
    Older,
    Newer,
    /// The newest day that reads.
    Newest,
    /// Every day, or back to the day.
    AllDays,
    /// The week ranked by upvotes, or back to the day.
    Ranking,
    /// The starred papers, or back to the day.
    Starred,
    /// The reading queue, or back to the day.
    Queue,
    /// The week's papers by how much they grew (a ranking by momentum), or back to the day.
    Movers,
    /// Sort by the next key.
    NextSort,
    /// Turn the order round.
    ReverseSort,
}

/// What came of reading days.
#[derive(Debug, Clone)]
pub enum DaysOutcome {
    /// A day was read and is to be shown.
    DayLoaded(Box<Loaded>),
    /// There is no day that way (or none that reads).
    NoDay { step: Step, skipped: Vec<String> },
    /// Every cached paper, for the all-days views, as read for the `request`th time of asking.
    EveryDayLoaded {
        listing: Box<Listing>,
        request: u64,
        /// Why every day was read from the digests rather than the index, the first time
        /// they were (a cache that cannot be written).
        warning: Option<String>,
    },
    /// Every cached paper could not be read.
    EveryDayFailed { why: String, request: u64 },
    /// A paper read in full.
    PaperLoaded {
        date: NaiveDate,
        position: u32,
        paper: Box<Paper>,
    },
    /// What changed in the cache since it was last looked at.
    CacheChanged(Box<CacheNews>),
    /// The look asked for after the reader wrote days itself did not go through: why.
    LookAfterWritingFailed(String),
}

/// How many days the ranking covers at first: a week, as Hugging Face's weekly page does.
const RANKING_DAYS: u64 = 7;

/// The days the reader knows and the view the list holds.
#[derive(Debug)]
pub struct Days {
    day: Day,
    /// Where the days come from.
    source: Source,
    shelf: Shelf,
    every_day: EveryDay,
    /// How many times every day was asked for: only the answer to the last counts.
    requests: u64,
    /// The days each paper was listed on, from every cached paper once they are read.
    history: History,
    full: Full,
    order: Order,
    stepping: Stepping,
    /// Today, for relative dates.
    today: NaiveDate,
    /// Counts each change to what the list holds (the view, its papers, their order) or to
    /// what the detail shows of a paper, so that what is worked out from them is worked out
    /// again.
    generation: u64,
    /// The shown day was written again at the user's asking, which the status line has said:
    /// reading it again says nothing more, so that what was said stays. It lasts until the
    /// day is read again, or the look asked for after that writing is answered.
    rewrite_said: bool,
    /// Whether a paper of the shown day was listed on an earlier day, as of a generation.
    seen_before: std::cell::Cell<Option<(u64, bool)>>,
}

/// The day the day view shows: its digest, and when its file was written as it was loaded.
#[derive(Debug)]
struct Day {
    digest: Digest,
    written_at: Option<SystemTime>,
}

/// Every cached paper, for the views of more than a day.
#[derive(Debug)]
enum EveryDay {
    NotRead,
    /// Asked for: the answer to `request` counts, and `then` is what to show once it comes.
    Reading {
        request: u64,
        then: Option<Then>,
    },
    Read(Rc<Listing>),
}

/// A view the user asked for while every day was being read, and the order asked for since.
#[derive(Debug, Clone, Copy)]
struct Then {
    view: Asked,
    order: Option<Order>,
}

/// A view as asked for: a week ranked is settled once every day is read, ending on the newest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    View(View),
    NewestWeek,
}

/// The selected paper in full, outside the day view, where the list holds papers without
/// their summaries.
#[derive(Debug)]
enum Full {
    Nothing,
    Asked {
        date: NaiveDate,
        position: u32,
    },
    Read {
        date: NaiveDate,
        position: u32,
        paper: Box<Paper>,
    },
}

/// Moving from day to day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stepping {
    Idle,
    /// A day is on its way; presses since, positive newer and negative older, follow it.
    Loading {
        waiting: isize,
    },
}

impl Days {
    /// The days, before the one the reader opens on is shown, which `App::new` does next:
    /// its papers are not copied, nor listed twice.
    pub fn new(opening: &Loaded, widths: crate::text::Widths) -> Days {
        Days {
            day: Day {
                digest: Digest {
                    date: opening.digest.date,
                    title: None,
                    papers: Vec::new(),
                },
                written_at: None,
            },
            source: opening.source,
            shelf: Shelf::new(View::Day, Rc::new(Listing::default()), widths),
            every_day: EveryDay::NotRead,
            requests: 0,
            history: History::default(),
            full: Full::Nothing,
            order: Order::by(SortKey::Rank),
            stepping: Stepping::Idle,
            today: chrono::Local::now().date_naive(),
            generation: 0,
            rewrite_said: false,
            seen_before: std::cell::Cell::new(None),
        }
    }

    pub fn digest(&self) -> &Digest {
        &self.day.digest
    }

    pub fn date(&self) -> NaiveDate {
        self.day.digest.date
    }

    pub fn shelf(&self) -> &Shelf {
        &self.shelf
    }

    pub fn view(&self) -> View {
        self.shelf.view
    }

    pub fn order(&self) -> Order {
        self.order
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    pub fn source(&self) -> Source {
        self.source
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Whether a paper the view holds was listed on an earlier day too (its row says `×2`):
    /// worked out once for each change to the view or to the history.
    pub fn any_seen_before(&self) -> bool {
        if let Some((generation, seen)) = self.seen_before.get()
            && generation == self.generation
        {
            return seen;
        }
        let seen = !self.history.is_empty()
            && self
                .shelf
                .listing
                .items()
                .any(|item| self.history.listed_by(item.key(), item.entry.date) > 1);
        self.seen_before.set(Some((self.generation, seen)));
        seen
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Every cached paper, once they have been read.
    pub fn every_day(&self) -> Option<&Listing> {
        match &self.every_day {
            EveryDay::Read(listing) => Some(listing),
            EveryDay::NotRead | EveryDay::Reading { .. } => None,
        }
    }

    /// The paper of the list's entry `index`: in full in the day view, and in the other
    /// views once it has been read from the index (until then, all but its summary and
    /// highlights, and `false`).
    pub fn paper(&self, index: usize) -> (std::borrow::Cow<'_, Paper>, bool) {
        use std::borrow::Cow;
        let item = self.shelf.item(index);
        let entry = item.entry;
        if self.shelf.view == View::Day
            && let Some(paper) = self.day.digest.papers.get(entry.position as usize)
        {
            return (Cow::Borrowed(paper), true);
        }
        match &self.full {
            Full::Read {
                date,
                position,
                paper,
            } if *date == entry.date
                && *position == entry.position
                && paper.key() == item.key() =>
            {
                (Cow::Borrowed(&**paper), true)
            }
            _ => (Cow::Owned(item.to_paper()), false),
        }
    }

    /// What to ask to look for changes in the cache, the day shown among them.
    pub fn check_cache(&self) -> Effect {
        self.look_at_cache(false)
    }

    /// [`Days::check_cache`] after the reader itself wrote days (the shown one among them, it may
    /// be) and said so.
    pub fn check_cache_after_writing(&mut self) -> Effect {
        self.rewrite_said = true;
        self.look_at_cache(true)
    }

    fn look_at_cache(&self, after_writing: bool) -> Effect {
        BackgroundEffect::CheckCache {
            shown: self.date(),
            written_at: self.day.written_at,
            after_writing,
        }
        .into()
    }

    fn changed(&mut self) {
        self.generation += 1;
    }
}

/// The order a view opens in.
fn default_order(view: Asked) -> Order {
    Order::by(match view {
        Asked::View(View::Day) => SortKey::Rank,
        Asked::View(View::All | View::Starred) => SortKey::Date,
        // The queue's own order (see `Shelf::in_queue_order`).
        Asked::View(View::Queue) => SortKey::Rank,
        Asked::View(View::Ranking { .. }) | Asked::NewestWeek => SortKey::Upvotes,
    })
}
