//! What the list shows: the papers of one day, of every day, or of a range ranked, with the
//! search and the tags applied, one row per paper, in the order the user chose.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use chrono::NaiveDate;

use crate::filter::TagChoice;
use crate::listing::{Item, Listing, Marked};
use crate::query::Query;

/// Which papers the list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// One day's digest.
    Day,
    /// Every paper in the cache, newest first, once each.
    All,
    /// The papers of a range of days, once each, best first.
    Ranking { from: NaiveDate, to: NaiveDate },
}

/// What the list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// The digest's own order (rank), day by day.
    Rank,
    Date,
    Score,
    Upvotes,
    Stars,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Rank,
        SortKey::Date,
        SortKey::Score,
        SortKey::Upvotes,
        SortKey::Stars,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SortKey::Rank => "rank",
            SortKey::Date => "date",
            SortKey::Score => "score",
            SortKey::Upvotes => "upvotes",
            SortKey::Stars => "stars",
        }
    }

    /// The next key, for the key that cycles them.
    pub fn next(self) -> SortKey {
        let at = SortKey::ALL.iter().position(|&k| k == self).unwrap_or(0);
        SortKey::ALL[(at + 1) % SortKey::ALL.len()]
    }
}

impl std::str::FromStr for SortKey {
    type Err = String;

    fn from_str(name: &str) -> Result<SortKey, String> {
        SortKey::ALL
            .into_iter()
            .find(|key| key.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                format!("{name:?} is not a sort key: rank, date, score, upvotes or stars")
            })
    }
}

/// A sort key and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub key: SortKey,
    /// Biggest (or newest, or first in the digest) first.
    pub natural: bool,
}

impl Order {
    /// The key in the direction people usually want it: the digest's order, newest first,
    /// biggest first.
    pub fn by(key: SortKey) -> Order {
        Order { key, natural: true }
    }

    /// How the list's title says it.
    pub fn describe(self) -> String {
        let words = match (self.key, self.natural) {
            (SortKey::Rank, true) => "by rank",
            (SortKey::Rank, false) => "by rank, last first",
            (SortKey::Date, true) => "newest first",
            (SortKey::Date, false) => "oldest first",
            (SortKey::Score, true) => "by score",
            (SortKey::Score, false) => "by score, lowest first",
            (SortKey::Upvotes, true) => "by upvotes",
            (SortKey::Upvotes, false) => "by upvotes, fewest first",
            (SortKey::Stars, true) => "by stars",
            (SortKey::Stars, false) => "by stars, fewest first",
        };
        words.to_string()
    }

    /// Sort entries of `listing` (indices) in this order. Ties keep the digest's order, newest
    /// day first.
    pub fn sort(self, listing: &Listing, rows: &mut [usize]) {
        let digest_order = |a: usize, b: usize| {
            let (a, b) = (listing.item(a).entry, listing.item(b).entry);
            b.date
                .cmp(&a.date)
                .then(a.rank.cmp(&b.rank))
                .then(a.position.cmp(&b.position))
        };
        let number = |index: usize| -> Option<f64> {
            let entry = listing.item(index).entry;
            match self.key {
                SortKey::Score => entry.score,
                SortKey::Upvotes => entry.upvotes.map(|n| n as f64),
                SortKey::Stars => entry.stars.map(|n| n as f64),
                SortKey::Rank | SortKey::Date => None,
            }
        };
        match self.key {
            SortKey::Rank | SortKey::Date => {
                rows.sort_by(|&a, &b| {
                    let order = if self.key == SortKey::Date {
                        let (da, db) = (listing.item(a).entry.date, listing.item(b).entry.date);
                        db.cmp(&da).then_with(|| digest_order(a, b))
                    } else {
                        digest_order(a, b)
                    };
                    if self.natural { order } else { order.reverse() }
                });
            }
            _ => {
                rows.sort_by(|&a, &b| {
                    // Papers without the number go last either way.
                    let by_number = match (number(a), number(b)) {
                        (Some(x), Some(y)) => {
                            let order = y.total_cmp(&x);
                            if self.natural { order } else { order.reverse() }
                        }
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    };
                    by_number.then_with(|| digest_order(a, b))
                });
            }
        }
    }
}

/// The papers of a view, with what filtering and drawing need worked out once.
#[derive(Debug)]
pub struct Shelf {
    pub view: View,
    pub listing: Rc<Listing>,
    /// For each entry, a number shared by every entry of the same paper.
    paper_ids: Vec<u32>,
    /// For each paper number, how many days list it.
    days_listed: Vec<u32>,
    /// The widest tag labels, score and rank, in columns.
    pub widths: ColumnWidths,
}

/// The widest tag labels, score and rank of what is shown, in columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnWidths {
    pub labels: usize,
    pub score: usize,
    pub rank: usize,
}

/// What the filters let through: rows (entries, one per paper, in order) and the tag counts
/// of what the search alone lets through.
#[derive(Debug, Default)]
pub struct Selection {
    pub rows: Vec<usize>,
    pub tag_counts: Vec<(TagChoice, usize)>,
}

impl Shelf {
    pub fn new(view: View, listing: Rc<Listing>, widths: crate::text::Widths) -> Shelf {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut paper_ids = Vec::with_capacity(listing.len());
        let mut days_listed: Vec<u32> = Vec::new();
        for item in listing.items() {
            let next = ids.len() as u32;
            let id = *ids.entry(item.key()).or_insert(next);
            if id == next {
                days_listed.push(0);
            }
            days_listed[id as usize] += 1;
            paper_ids.push(id);
        }
        let column_widths = ColumnWidths {
            labels: listing
                .items()
                .map(|item| {
                    item.tags()
                        .map(|tag| widths.str_width(&crate::tags::short_label(tag, widths)) + 1)
                        .sum::<usize>()
                })
                .max()
                .unwrap_or(0),
            score: listing
                .items()
                .filter_map(|item| item.entry.score)
                .map(|score| format!("{score:.2}").len())
                .max()
                .unwrap_or(0),
            rank: listing
                .items()
                .map(|item| item.entry.rank.to_string().len())
                .max()
                .unwrap_or(0),
        };
        Shelf {
            view,
            listing,
            paper_ids,
            days_listed,
            widths: column_widths,
        }
    }

    /// How many days list the paper of entry `index`.
    pub fn days_listed(&self, index: usize) -> usize {
        self.days_listed[self.paper_ids[index] as usize] as usize
    }

    pub fn item(&self, index: usize) -> Item<'_> {
        self.listing.item(index)
    }

    /// The range of days a ranking covers.
    pub fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        match self.view {
            View::Ranking { from, to } => Some((from, to)),
            View::Day | View::All => None,
        }
    }

    /// The rows that pass `query` and carry one of `tags` (when any are chosen), once per
    /// paper (its newest appearance that passes), in `order`.
    pub fn select(&self, query: &Query, tags: &BTreeSet<TagChoice>, order: Order) -> Selection {
        let mut searched = Vec::new();
        let mut seen = vec![false; self.days_listed.len()];
        let once = self.view != View::Day;
        for (index, item) in self.listing.items().enumerate() {
            if let Some((from, to)) = self.range()
                && !(from..=to).contains(&item.entry.date)
            {
                continue;
            }
            if once {
                let id = self.paper_ids[index] as usize;
                if seen[id] {
                    continue;
                }
                let passes = query.matches(&Marked {
                    item,
                    read: false,
                    starred: false,
                });
                if !passes {
                    continue;
                }
                seen[id] = true;
            } else if !query.matches(&Marked {
                item,
                read: false,
                starred: false,
            }) {
                continue;
            }
            searched.push(index);
        }
        let tag_counts = self.listing.tag_counts(searched.iter().copied());
        let mut rows: Vec<usize> = if tags.is_empty() {
            searched
        } else {
            searched
                .into_iter()
                .filter(|&i| {
                    let item = self.listing.item(i);
                    tags.iter().any(|choice| choice.matches_tags(item.tags()))
                })
                .collect()
        };
        order.sort(&self.listing, &mut rows);
        Selection { rows, tag_counts }
    }
}
