//! How lists of papers are ordered: by the digest's rank, date, score, upvotes, stars or
//! momentum, either way. The reader's sort key and `lunwen list --sort` share these names.

use chrono::NaiveDate;

use crate::query::listing::Listing;

/// What the list is sorted by. Its names are its variants' in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum SortKey {
    /// The digest's own order (rank), day by day.
    Rank,
    Date,
    Score,
    Upvotes,
    Stars,
    /// How much a paper's upvotes, then its stars, grew over the days listed (see
    /// [`crate::stats::gains`]).
    Momentum,
}

impl SortKey {
    pub const ALL: &[SortKey] = <SortKey as strum::VariantArray>::VARIANTS;

    pub fn name(self) -> &'static str {
        self.into()
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
            .iter()
            .copied()
            .find(|key| key.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                format!("{name:?} is not a sort key: rank, date, score, upvotes, stars or momentum")
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
            (SortKey::Momentum, true) => "by momentum",
            (SortKey::Momentum, false) => "by momentum, least first",
        };
        words.to_string()
    }

    /// Sort entries of `listing` (indices) in `order`. Ties keep the digest's order, newest day
    /// first; papers without the number sorted by go last either way.
    pub fn sort(self, listing: &Listing, rows: &mut [usize]) {
        self.sort_over(listing, rows, None);
    }

    /// [`Order::sort`] of rows that stand for the days from the first to the last of `days`
    /// (every day of the listing when `None`), as a ranking's rows do, a row a paper: a
    /// paper's momentum is its growth over all its entries of those days.
    pub fn sort_over(
        self,
        listing: &Listing,
        rows: &mut [usize],
        days: Option<(NaiveDate, NaiveDate)>,
    ) {
        // The digest's order is the order of its papers, day by day.
        let digest_order = |a: usize, b: usize| {
            let (a, b) = (listing.item(a).entry, listing.item(b).entry);
            b.date.cmp(&a.date).then(a.position.cmp(&b.position))
        };
        let momentum = match self.key {
            SortKey::Momentum => Momentum::of(listing, rows, days),
            _ => Momentum::default(),
        };
        let number = |index: usize| -> Option<f64> {
            let entry = listing.item(index).entry;
            match self.key {
                SortKey::Score => entry.score(),
                SortKey::Upvotes => entry.upvotes().map(|n| n as f64),
                SortKey::Stars => entry.stars().map(|n| n as f64),
                SortKey::Momentum => Some(momentum.of_entry(listing, index)),
                SortKey::Rank | SortKey::Date => None,
            }
        };
        let compare = |&a: &usize, &b: &usize| match self.key {
            SortKey::Rank | SortKey::Date => {
                let order = digest_order(a, b);
                if self.natural { order } else { order.reverse() }
            }
            _ => {
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
            }
        };
        // Papers come in the digest's order, newest day first: a look along the list is all
        // the sorting that order needs, on every key typed into the search.
        if !rows.is_sorted_by(|a, b| compare(a, b) != std::cmp::Ordering::Greater) {
            rows.sort_by(compare);
        }
    }
}

/// The growth of each paper of a list's rows over the days the list stands for: on each of its
/// entries of those days, its upvotes (and stars) less those of its entry before, added up, as
/// [`crate::stats::gains`] counts them from the index. Stars break ties of upvotes, as a
/// fraction of one upvote.
#[derive(Debug, Default)]
struct Momentum {
    /// By paper number (see [`Listing::paper_numbers`]).
    upvotes: Vec<i64>,
    stars: Vec<i64>,
}

impl Momentum {
    fn of(listing: &Listing, rows: &[usize], days: Option<(NaiveDate, NaiveDate)>) -> Momentum {
        let numbers = listing.paper_numbers();
        let papers = numbers.entries.len();
        // What each entry grew since the paper's entry before it: the listing is newest
        // first, so it is walked from its end.
        let mut last: Vec<(Option<u64>, Option<u64>)> = vec![(None, None); papers];
        let mut grown: Vec<(i64, i64)> = vec![(0, 0); listing.len()];
        let change = |now: Option<u64>, before: Option<u64>| match (now, before) {
            (Some(now), Some(before)) => now as i64 - before as i64,
            _ => 0,
        };
        for index in (0..listing.len()).rev() {
            let entry = listing.item(index).entry;
            let paper = numbers.of_entry[index] as usize;
            let (upvotes, stars) = last[paper];
            grown[index] = (
                change(entry.upvotes(), upvotes),
                change(entry.stars(), stars),
            );
            last[paper] = (entry.upvotes(), entry.stars());
        }
        let mut listed = vec![false; papers];
        for &row in rows {
            listed[numbers.of_entry[row] as usize] = true;
        }
        let mut momentum = Momentum {
            upvotes: vec![0; papers],
            stars: vec![0; papers],
        };
        for (index, item) in listing.items().enumerate() {
            let paper = numbers.of_entry[index] as usize;
            let within = days.is_none_or(|(from, to)| (from..=to).contains(&item.entry.date));
            if listed[paper] && within {
                momentum.upvotes[paper] += grown[index].0;
                momentum.stars[paper] += grown[index].1;
            }
        }
        momentum
    }

    fn of_entry(&self, listing: &Listing, index: usize) -> f64 {
        let paper = listing.paper_numbers().of_entry[index] as usize;
        let stars = self.stars[paper] as f64;
        self.upvotes[paper] as f64 + stars / (stars.abs() + 1.0) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_keys_are_named_and_cycled_as_before() {
        let names: Vec<&str> = SortKey::ALL.iter().map(|key| key.name()).collect();
        assert_eq!(
            names,
            ["rank", "date", "score", "upvotes", "stars", "momentum"]
        );
        assert_eq!("Upvotes".parse::<SortKey>(), Ok(SortKey::Upvotes));
        assert_eq!(SortKey::Stars.next(), SortKey::Momentum);
        assert_eq!(SortKey::Momentum.next(), SortKey::Rank);
        assert!(
            "votes"
                .parse::<SortKey>()
                .unwrap_err()
                .contains("not a sort key")
        );
    }
}
