//! The numbers of what the cache holds over a stretch of days, for the trend board and
//! `lunwen stats`: topics and organizations week by week, the terms rising fastest, the papers
//! whose upvotes and stars grew most, and the papers read per day. Every number is counted
//! from the index with a query, the same query a cell opens in the search, so a cell and the
//! list it opens hold the same papers by construction. Hidden papers are in no number.

pub mod reading;
pub mod topics;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, NaiveDate, Weekday};

use crate::error::Result;
use crate::model::marks::MarkMap;
use crate::query::Query;
use crate::storage::index::{Fact, Index};

/// How many weeks the board and `lunwen stats` look at unless told.
pub const WEEKS: u64 = 12;

/// How many topics and organizations are counted.
pub const MOST: usize = 30;

/// The days the numbers are of, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Range {
    /// The [`WEEKS`] weeks (Monday to Sunday) up to and including `last`'s.
    pub fn weeks_up_to(last: NaiveDate) -> Range {
        let monday = week_of(last);
        Range {
            from: monday
                .checked_sub_days(Days::new(7 * (WEEKS - 1)))
                .unwrap_or(monday),
            to: last,
        }
    }

    /// The seven days up to and including `last`: the movers' range unless told.
    pub fn week_up_to(last: NaiveDate) -> Range {
        Range {
            from: last.checked_sub_days(Days::new(6)).unwrap_or(last),
            to: last,
        }
    }

    /// The weeks the range touches, each cut to the range.
    pub fn weeks(self) -> Vec<Range> {
        let mut weeks = Vec::new();
        let mut monday = week_of(self.from);
        while monday <= self.to {
            let sunday = monday
                .checked_add_days(Days::new(6))
                .unwrap_or(NaiveDate::MAX);
            weeks.push(Range {
                from: monday.max(self.from),
                to: sunday.min(self.to),
            });
            match monday.checked_add_days(Days::new(7)) {
                Some(next) => monday = next,
                None => break,
            }
        }
        weeks
    }

    /// The query terms of the range.
    pub fn terms(self) -> String {
        if self.from == self.to {
            format!("date:{}", self.from)
        } else {
            format!("date>={} date<={}", self.from, self.to)
        }
    }
}

/// The Monday of `day`'s week.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day.week(Weekday::Mon).first_day()
}

/// The papers of each week of `weeks` as a braille sparkline.
pub fn weekly_line(weeks: &[Cell]) -> String {
    let papers: Vec<u64> = weeks.iter().map(|cell| cell.papers as u64).collect();
    crate::text::chart::sparkline(&papers)
}

/// Papers counted in one place: how many, how many of them the user read, and the query
/// that lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub papers: usize,
    pub read: usize,
    pub query: String,
}

/// A topic: a keyword, a Chinese and an English keyword the data links, or a tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// As shown: the keyword(s) as first written, or the tag.
    pub term: String,
    /// All its papers in the range.
    pub total: Cell,
    /// Its papers each week of the range.
    pub weeks: Vec<Cell>,
}

/// An organization and its papers.
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    pub name: String,
    pub total: Cell,
    /// Each paper's upvotes on the last day it was listed in the range, added up.
    pub upvotes: u64,
    pub weeks: Vec<Cell>,
}

/// A topic whose papers came faster in the last week of the range than in the weeks before.
#[derive(Debug, Clone, PartialEq)]
pub struct Rising {
    pub term: String,
    /// Its papers in the last week.
    pub last_week: Cell,
    /// Its papers a week in the last week (which may be cut short by the range's end) and in
    /// the weeks before: papers a day, times seven.
    pub now: f64,
    pub before: f64,
}

/// A paper whose upvotes or stars grew over the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mover {
    pub key: String,
    pub arxiv_id: Option<String>,
    pub title: String,
    /// Grown over the range: see [`gains`].
    pub upvotes: i64,
    pub stars: i64,
    /// Its upvotes and stars on its last day listed in the range.
    pub upvotes_now: Option<u64>,
    pub stars_now: Option<u64>,
    pub query: String,
}

/// The numbers of a range.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub range: Range,
    pub weeks: Vec<Range>,
    /// The topics with the most papers, most first.
    pub topics: Vec<Topic>,
    pub organizations: Vec<Organization>,
    /// Topics by how much their last week outgrew the weeks before, most first; only those
    /// that grew.
    pub rising: Vec<Rising>,
    pub movers: Vec<Mover>,
}

impl Stats {
    /// The numbers of `range` from `index`, which must already answer with the user's marks
    /// (so that hidden papers are left out), `marks` telling which papers were read.
    pub fn gather(index: &Index, marks: &MarkMap, range: Range) -> Result<Stats> {
        let mut all = Vec::new();
        index.facts(&Query::everything(), (range.from, range.to), true, |fact| {
            all.push(fact)
        })?;
        let weeks = range.weeks();
        let count = |query: String| -> Result<Option<Counted>> {
            counted(index, marks, range, &weeks, query)
        };
        let mut topics = Vec::new();
        for topic in topics::candidates(&all, MOST) {
            let Some((total, weeks, _)) = count(topic.query)? else {
                continue;
            };
            if total.papers > 0 {
                topics.push(Topic {
                    term: topic.term,
                    total,
                    weeks,
                });
            }
        }
        topics.sort_by_key(|topic| std::cmp::Reverse(topic.total.papers));
        let mut organizations = Vec::new();
        for name in topics::organizations(&all, MOST) {
            let Some((total, weeks, facts)) = count(format!("org:{}", topics::quoted(&name)))?
            else {
                continue;
            };
            if total.papers > 0 {
                organizations.push(Organization {
                    upvotes: last_upvotes(&facts),
                    name,
                    total,
                    weeks,
                });
            }
        }
        organizations.sort_by(|a, b| {
            (b.total.papers, b.upvotes)
                .cmp(&(a.total.papers, a.upvotes))
                .then_with(|| a.name.cmp(&b.name))
        });
        let rising = rising(&topics, &weeks);
        let movers = movers(&all, range);
        Ok(Stats {
            range,
            weeks,
            topics,
            organizations,
            rising,
            movers,
        })
    }
}

/// The papers a query finds: in all, each week, and the listings behind them.
type Counted = (Cell, Vec<Cell>, Vec<Fact>);

/// The papers `query` finds in `range`, in all and each week, with the listings behind them;
/// `None` for a query that does not parse, as one made of a name with nothing but quotes in
/// it, which no search could find either.
fn counted(
    index: &Index,
    marks: &MarkMap,
    range: Range,
    weeks: &[Range],
    query: String,
) -> Result<Option<Counted>> {
    let today = chrono::Local::now().date_naive();
    let parsed = match Query::parse(&query, today) {
        Ok(parsed) => parsed,
        Err(err) => {
            tracing::info!("{query} is left off the numbers: {err}");
            return Ok(None);
        }
    };
    let mut facts = Vec::new();
    index.facts(&parsed, (range.from, range.to), false, |fact| {
        facts.push(fact)
    })?;
    // Each listing goes to its week in one pass: looking at every listing for every week
    // took a third of the time over ten years of weeks.
    let mut total: HashSet<&str> = HashSet::new();
    let mut each_week: Vec<HashSet<&str>> = vec![HashSet::new(); weeks.len()];
    for fact in &facts {
        total.insert(&fact.key);
        let at = weeks.partition_point(|week| week.to < fact.date);
        if let Some(week) = each_week
            .get_mut(at)
            .filter(|_| weeks[at].from <= fact.date)
        {
            week.insert(&fact.key);
        }
    }
    let cell = |within: Range, keys: &HashSet<&str>| Cell {
        papers: keys.len(),
        read: keys.iter().filter(|key| marks.get(key).read).count(),
        query: format!("{query} {}", within.terms()),
    };
    let total = cell(range, &total);
    let weeks = weeks
        .iter()
        .zip(&each_week)
        .map(|(&week, keys)| cell(week, keys))
        .collect();
    Ok(Some((total, weeks, facts)))
}

/// Each paper's upvotes on the last day it was listed, added up.
fn last_upvotes(facts: &[Fact]) -> u64 {
    let mut last: HashMap<&str, u64> = HashMap::new();
    for fact in facts {
        if let Some(upvotes) = fact.upvotes {
            last.insert(&fact.key, upvotes);
        }
    }
    last.values().sum()
}

/// The topics whose papers came faster in the last week than in the weeks before, a day for a
/// day (the last week may be cut short by the range's end), fastest risers first.
fn rising(topics: &[Topic], weeks: &[Range]) -> Vec<Rising> {
    let days = |range: &Range| ((range.to - range.from).num_days() + 1) as f64;
    let Some((last_week, weeks_before)) = weeks.split_last() else {
        return Vec::new();
    };
    let days_before: f64 = weeks_before.iter().map(days).sum();
    let mut rising: Vec<Rising> = topics
        .iter()
        .filter_map(|topic| {
            let (last, before) = topic.weeks.split_last()?;
            let now = last.papers as f64 / days(last_week) * 7.0;
            let before = match days_before {
                0.0 => 0.0,
                days => before.iter().map(|cell| cell.papers as f64).sum::<f64>() / days * 7.0,
            };
            (now > before).then(|| Rising {
                term: topic.term.clone(),
                last_week: last.clone(),
                now,
                before,
            })
        })
        .collect();
    rising.sort_by(|a, b| {
        (b.now - b.before)
            .total_cmp(&(a.now - a.before))
            .then_with(|| a.term.cmp(&b.term))
    });
    rising
}

/// How much a paper's upvotes and stars grew over its listings in a range: on each day it
/// was listed, its count less its count the last day it was listed before (not counted when
/// either is missing), added up. That is its count on its last day in the range less its
/// count the last day before the range, or its first day in it when it was not listed before.
pub fn gains<'a>(listings: impl IntoIterator<Item = &'a Fact>) -> (i64, i64) {
    let grown = |now: Option<u64>, before: Option<u64>| match (now, before) {
        (Some(now), Some(before)) => now as i64 - before as i64,
        _ => 0,
    };
    listings.into_iter().fold((0, 0), |(up, star), fact| {
        (
            up + grown(fact.upvotes, fact.upvotes_before),
            star + grown(fact.stars, fact.stars_before),
        )
    })
}

/// The papers of `facts` whose upvotes or stars grew, most grown first.
pub fn movers(facts: &[Fact], range: Range) -> Vec<Mover> {
    let mut by_key: BTreeMap<&str, Vec<&Fact>> = BTreeMap::new();
    for fact in facts {
        by_key.entry(&fact.key).or_default().push(fact);
    }
    let mut movers: Vec<Mover> = by_key
        .into_iter()
        .filter_map(|(key, listings)| {
            let (upvotes, stars) = gains(listings.iter().copied());
            let last = listings.last()?;
            let query = match &last.arxiv_id {
                Some(id) => format!("id:{} {}", crate::model::without_version(id), range.terms()),
                None => format!("{} {}", topics::quoted(&last.title), range.terms()),
            };
            (upvotes > 0 || stars > 0).then(|| Mover {
                key: key.to_string(),
                arxiv_id: last.arxiv_id.clone(),
                title: last.title.clone(),
                upvotes,
                stars,
                upvotes_now: last.upvotes,
                stars_now: last.stars,
                query,
            })
        })
        .collect();
    movers.sort_by(|a, b| {
        (b.upvotes, b.stars)
            .cmp(&(a.upvotes, a.stars))
            .then_with(|| a.key.cmp(&b.key))
    });
    movers
}
