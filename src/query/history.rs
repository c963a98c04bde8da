//! The days each paper was listed on, worked out from every cached paper: what the reader's
//! "seen before" marks and the detail pane's "Listed on" show.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::Appearance;
use crate::query::listing::Listing;

/// Every paper listed on more than one day, with those days.
#[derive(Debug, Default)]
pub struct History {
    /// By paper key, oldest day first; a day listing the paper twice counts once.
    days: HashMap<String, Vec<Appearance>>,
}

impl History {
    /// The history in a listing of every cached paper.
    pub fn of(listing: &Listing) -> History {
        let numbers = listing.paper_numbers();
        let mut days: HashMap<String, Vec<Appearance>> = HashMap::new();
        for (at, item) in listing.items().enumerate() {
            if numbers.entries[numbers.of_entry[at] as usize] > 1 {
                let entry = item.entry;
                days.entry(item.key().to_string())
                    .or_default()
                    .push(Appearance {
                        date: entry.date,
                        rank: entry.rank,
                        upvotes: entry.upvotes(),
                        stars: entry.stars(),
                    });
            }
        }
        for appearances in days.values_mut() {
            appearances.sort_by_key(|a| (a.date, a.rank));
            appearances.dedup_by_key(|a| a.date);
        }
        days.retain(|_, appearances| appearances.len() > 1);
        History { days }
    }

    /// Whether no paper was listed on more than one day.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// The days the paper with `key` was listed on, oldest first; empty when it was listed on
    /// one day only.
    pub fn days(&self, key: &str) -> &[Appearance] {
        self.days.get(key).map_or(&[], Vec::as_slice)
    }

    /// How many days up to `date` listed the paper with `key`: 2 or more means it was in an
    /// earlier digest.
    pub fn listed_by(&self, key: &str, date: NaiveDate) -> usize {
        self.days(key).iter().filter(|a| a.date <= date).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Digest, parse_date};

    fn day(date: &str, upvotes: u64) -> Digest {
        let mut digest = crate::storage::sample::digest();
        digest.date = parse_date(date).unwrap();
        digest.papers.truncate(2);
        digest.papers[1].upvotes = Some(upvotes);
        if date == "2026-02-07" {
            // The second paper only: the first is not listed that day.
            digest.papers.remove(0);
        }
        digest
    }

    #[test]
    fn a_paper_listed_on_several_days_has_them_oldest_first() {
        let days = [
            day("2026-02-07", 131),
            day("2026-02-06", 70),
            day("2026-02-05", 18),
        ];
        let mut listing = Listing::default();
        for digest in &days {
            for (position, paper) in digest.papers.iter().enumerate() {
                listing.push(digest.date, position, paper);
            }
        }
        let history = History::of(&listing);
        let key = days[0].papers[0].key();
        let seen: Vec<(String, Option<u64>)> = history
            .days(&key)
            .iter()
            .map(|a| (a.date.to_string(), a.upvotes))
            .collect();
        assert_eq!(
            seen,
            [
                ("2026-02-05".to_string(), Some(18)),
                ("2026-02-06".to_string(), Some(70)),
                ("2026-02-07".to_string(), Some(131)),
            ]
        );
        assert_eq!(
            history.listed_by(&key, parse_date("2026-02-06").unwrap()),
            2
        );
        let first = days[1].papers[0].key();
        assert_eq!(history.days(&first).len(), 2);
        assert!(history.days("2699.00000").is_empty());
    }
}
