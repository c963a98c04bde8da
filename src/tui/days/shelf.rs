//! What the list shows: the papers of one day, of every day, or of a range ranked, with the
//! search and the tags applied, one row per paper, in the order the user chose.

use std::collections::BTreeSet;
use std::rc::Rc;

use chrono::NaiveDate;

use crate::query::filter::TagChoice;
use crate::query::listing::{Item, Listing};
pub use crate::query::order::{Order, SortKey};
use crate::storage::marks::MarkMap;

/// Which papers the list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// One day's digest.
    Day,
    /// Every paper in the cache, newest first, once each.
    All,
    /// The papers of a range of days, once each, best first.
    Ranking { from: NaiveDate, to: NaiveDate },
    /// The starred papers of every day, once each.
    Starred,
    /// The papers in the reading queue, once each, in the order they were queued.
    Queue,
}

/// The papers of a view, with what filtering and drawing need worked out once.
#[derive(Debug)]
pub struct Shelf {
    pub view: View,
    pub listing: Rc<Listing>,
    /// The widest tag labels, score and rank, in columns.
    pub widths: ColumnWidths,
}

/// The widest tag labels, score and rank of what is shown, in columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnWidths {
    pub labels: usize,
    pub score: usize,
    pub rank: usize,
    /// The widest upvote count as shown (`131`, `1.2k`), 0 when no paper has upvotes.
    pub upvotes: usize,
    /// The widest GitHub star count as shown (`2.3k`), 0 when no paper has stars.
    pub stars: usize,
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
        let column_widths = ColumnWidths {
            labels: listing
                .items()
                .map(|item| {
                    item.tags()
                        .map(|tag| {
                            widths.str_width(&crate::model::tags::short_label(tag, widths)) + 1
                        })
                        .sum::<usize>()
                })
                .max()
                .unwrap_or(0),
            score: listing
                .items()
                .filter_map(|item| item.entry.score())
                .map(|score| format!("{score:.2}").len())
                .max()
                .unwrap_or(0),
            rank: listing
                .items()
                .map(|item| item.entry.rank.to_string().len())
                .max()
                .unwrap_or(0),
            upvotes: listing
                .items()
                .filter_map(|item| item.entry.upvotes())
                .map(|upvotes| crate::model::paper_view::compact_count(upvotes).len())
                .max()
                .unwrap_or(0),
            stars: listing
                .items()
                .filter_map(|item| item.entry.stars())
                .map(|stars| crate::model::paper_view::compact_count(stars).len())
                .max()
                .unwrap_or(0),
        };
        Shelf {
            view,
            listing,
            widths: column_widths,
        }
    }

    /// How many days list the paper of entry `index`.
    pub fn days_listed(&self, index: usize) -> usize {
        let numbers = self.listing.paper_numbers();
        numbers.entries[numbers.of_entry[index] as usize] as usize
    }

    pub fn item(&self, index: usize) -> Item<'_> {
        self.listing.item(index)
    }

    /// Whether the list is in the order the papers were queued: the queue view sorted by
    /// rank, as it opens.
    pub fn in_queue_order(&self, order: Order) -> bool {
        self.view == View::Queue && order.key == SortKey::Rank
    }

    /// The range of days a ranking covers.
    pub fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        match self.view {
            View::Ranking { from, to } => Some((from, to)),
            View::Day | View::All | View::Starred | View::Queue => None,
        }
    }

    /// The rows of the entries that `passed` the search (in the listing's order, see
    /// [`KeptSearches::passing`](super::KeptSearches::passing)) that carry one of `tags`
    /// (when any are chosen), once per paper (its newest appearance that passed), in `order`.
    /// `marks` settle the queue's order.
    pub fn select(
        &self,
        passed: &[u32],
        tags: &BTreeSet<TagChoice>,
        order: Order,
        marks: &MarkMap,
    ) -> Selection {
        let numbers = self.listing.paper_numbers();
        // Entries come newest first: a paper's first entry that passed is its newest.
        let searched: Vec<usize> =
            if self.view == View::Day || numbers.entries.len() == self.listing.len() {
                passed.iter().map(|&i| i as usize).collect()
            } else {
                let mut seen = vec![false; numbers.entries.len()];
                passed
                    .iter()
                    .map(|&i| i as usize)
                    .filter(|&i| !std::mem::replace(&mut seen[numbers.of_entry[i] as usize], true))
                    .collect()
            };
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
        order.sort_over(&self.listing, &mut rows, self.range());
        if self.in_queue_order(order) {
            // Rank means nothing across days: the queue's own order stands in for it.
            let queued_at = |&i: &usize| marks.get(self.listing.item(i).key()).queued_at;
            rows.sort_by_key(queued_at);
            if !order.natural {
                rows.reverse();
            }
        }
        Selection { rows, tag_counts }
    }
}
