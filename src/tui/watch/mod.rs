//! The watchlists view (`W`): the user's watches, each with its unread papers and its total
//! over every cached day, and the one chosen opened as a search of every day.

pub mod draw;
mod update;

use crate::query::Query;
use crate::query::listing::{Listing, Marked};
use crate::storage::marks::MarkMap;

/// What the user asks of the watchlists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchInput {
    /// Show the watches, or back to the papers.
    Toggle,
    /// Move the cursor by rows.
    Move(isize),
    /// Open the watch under the cursor.
    Open,
    /// Back to the papers.
    Close,
}

/// The view's cursor and the counts it shows.
#[derive(Debug, Default)]
pub struct Watches {
    selected: usize,
    /// Each watch's count, in the config file's order; `None` until every day is read.
    counts: Option<Vec<Count>>,
    /// What the counts were worked out from: the days' and the marks' generations.
    counted_from: Option<(u64, u64)>,
}

/// A watch's papers over every cached day, each paper once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Count {
    pub unread: usize,
    pub papers: usize,
}

impl Watches {
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The counts, once every day is read.
    pub fn counts(&self) -> Option<&[Count]> {
        self.counts.as_deref()
    }
}

/// The papers of `listing` that `query` finds, each once however many days list it, and how
/// many of them are unread. A hidden paper is never counted unless the query asks for it.
pub fn count(listing: &Listing, query: &Query, marks: &MarkMap) -> Count {
    let numbers = listing.paper_numbers();
    let mut seen = vec![false; numbers.entries.len()];
    let mut count = Count::default();
    for (index, item) in listing.items().enumerate() {
        let paper = numbers.of_entry[index] as usize;
        if seen[paper] {
            continue;
        }
        let on = marks.on(item.key());
        if query.matches(&Marked { item, marks: on }) {
            seen[paper] = true;
            count.papers += 1;
            if !on.mark.read {
                count.unread += 1;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Paper;
    use crate::storage::marks::Mark;

    fn paper(id: &str, title: &str) -> Paper {
        Paper {
            title_en: Some(title.into()),
            arxiv_id: Some(id.into()),
            url: format!("https://arxiv.org/abs/{id}"),
            ..Paper::default()
        }
    }

    #[test]
    fn a_watch_counts_each_paper_once_and_never_a_hidden_one() {
        let day = |d: &str| crate::model::parse_date(d).unwrap();
        let mut listing = Listing::default();
        let agents = paper("2602.00001", "Agents at work");
        let more = paper("2602.00002", "More agents");
        let hidden = paper("2602.00003", "Hidden agents");
        let other = paper("2602.00004", "Diffusion");
        for (date, papers) in [
            ("2026-02-06", vec![&agents, &more, &hidden, &other]),
            ("2026-02-05", vec![&agents]),
        ] {
            for (position, paper) in papers.into_iter().enumerate() {
                listing.push(day(date), position, paper);
            }
        }
        let mut marks = MarkMap::default();
        let read = Mark {
            read: true,
            ..Mark::default()
        };
        marks.set(&agents.key(), read);
        let hidden_mark = Mark {
            hidden: true,
            ..Mark::default()
        };
        marks.set(&hidden.key(), hidden_mark);
        let query = Query::parse("agents", day("2026-02-06")).unwrap();
        assert_eq!(
            count(&listing, &query, &marks),
            Count {
                unread: 1,
                papers: 2
            }
        );
        let hidden_too = Query::parse("agents is:hidden", day("2026-02-06")).unwrap();
        assert_eq!(count(&listing, &hidden_too, &marks).papers, 1);
    }
}
