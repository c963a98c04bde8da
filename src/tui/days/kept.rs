//! The searches kept over a view's papers: which entries the last few queries let through,
//! and the marks filtering reads of each entry, so that a key typed into the search tests
//! only what the search before it found, and a key taken back finds its answer kept.

use crate::model::marks::{Mark, OnPaper};
use crate::query::listing::Marked;
use crate::query::{Flag, Query, Term};
use crate::storage::marks::MarkMap;

use super::shelf::{Shelf, View};

/// How many searches are kept: enough for a word typed and taken back letter by letter.
const KEPT: usize = 12;

/// What a view's entries passed, for the marks and papers they were worked out with.
#[derive(Debug, Default)]
pub struct KeptSearches {
    /// The papers and marks (their generations) all this was worked out from.
    from: Option<Stamp>,
    /// Each entry's marks as filtering and the unread count read them, and whether the view
    /// holds it: a byte an entry, looked up by the paper's key once per change of the marks
    /// rather than for every paper on every key.
    flags: Vec<u8>,
    /// Whether the view holds any paper before the search and the tags.
    view_holds_papers: bool,
    /// The last searches, the newest last.
    searches: Vec<Kept>,
}

/// The generations of the papers shown, the marks and the hidden papers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub days: u64,
    pub marks: u64,
    pub hidden: u64,
}

/// A query and the entries it let through, in the listing's order, a paper listed on several
/// days with each of its entries that passed.
#[derive(Debug)]
struct Kept {
    query: Query,
    passed: Vec<u32>,
}

const IN_VIEW: u8 = 1;
const READ: u8 = 2;
const STARRED: u8 = 4;
const QUEUED: u8 = 8;
const HIDDEN: u8 = 16;

impl KeptSearches {
    /// Know the marks of `shelf`'s entries as they stand at `from`; what was kept for other
    /// papers or other marks is dropped.
    pub fn know(&mut self, shelf: &Shelf, marks: &MarkMap, from: Stamp) {
        if self.from == Some(from) && self.flags.len() == shelf.listing.len() {
            return;
        }
        let range = shelf.range();
        let flags: Vec<u8> = shelf
            .listing
            .items()
            .map(|item| {
                let mark = marks.get(item.key());
                let in_range =
                    range.is_none_or(|(from, to)| (from..=to).contains(&item.entry.date));
                let in_view = in_range
                    && match shelf.view {
                        View::Starred => mark.starred,
                        View::Queue => mark.queued,
                        View::Day | View::All | View::Ranking { .. } => true,
                    };
                [
                    (in_view, IN_VIEW),
                    (mark.read, READ),
                    (mark.starred, STARRED),
                    (mark.queued, QUEUED),
                    (mark.hidden, HIDDEN),
                ]
                .into_iter()
                .filter(|(on, _)| *on)
                .fold(0, |flags, (_, flag)| flags | flag)
            })
            .collect();
        *self = KeptSearches {
            from: Some(from),
            view_holds_papers: flags.iter().any(|f| f & IN_VIEW != 0),
            flags,
            searches: Vec::new(),
        };
    }

    /// Forget every search but the last: a search typed anew starts from the one in force,
    /// and what it finds is worked out afresh.
    pub fn forget_older(&mut self) {
        let older = self.searches.len().saturating_sub(1);
        self.searches.drain(..older);
    }

    /// Whether the view holds any paper before the search and the tags.
    pub fn view_holds_papers(&self) -> bool {
        self.view_holds_papers
    }

    /// Whether the entry at `index` waits to be read: neither read nor hidden.
    pub fn waiting(&self, index: usize) -> bool {
        self.flags
            .get(index)
            .is_some_and(|f| f & (READ | HIDDEN) == 0)
    }

    /// The entries of the view that `query` lets through, in the listing's order: kept from
    /// the last time it was asked, or tested among what a wider query kept let through, or
    /// among every entry.
    pub fn passing(&mut self, shelf: &Shelf, query: &Query, marks: &MarkMap) -> &[u32] {
        let same = |kept: &Kept| query.narrows(&kept.query) && kept.query.narrows(query);
        if let Some(at) = self.searches.iter().position(same) {
            let kept = self.searches.remove(at);
            self.searches.push(kept);
        } else {
            let wider = self
                .searches
                .iter()
                .filter(|kept| query.narrows(&kept.query))
                .min_by_key(|kept| kept.passed.len());
            let passed = match wider {
                Some(kept) => self.test(shelf, query, marks, kept.passed.iter().copied()),
                None => {
                    let every = u32::try_from(self.flags.len()).unwrap_or(u32::MAX);
                    self.test(shelf, query, marks, 0..every)
                }
            };
            if self.searches.len() == KEPT {
                self.searches.remove(0);
            }
            self.searches.push(Kept {
                query: query.clone(),
                passed,
            });
        }
        self.searches.last().map_or(&[], |kept| &kept.passed)
    }

    /// The entries among `candidates` that the view holds and `query` lets through. A query
    /// of words alone is tested on the search text straight; for the others, the marks come
    /// from the flags, unless the query asks about more of what the user put on a paper than
    /// they hold (labels, notes, Zotero).
    fn test(
        &self,
        shelf: &Shelf,
        query: &Query,
        marks: &MarkMap,
        candidates: impl Iterator<Item = u32>,
    ) -> Vec<u32> {
        if let Some(words) = query.only_words() {
            return candidates
                .filter(|&index| {
                    self.flags[index as usize] & (IN_VIEW | HIDDEN) == IN_VIEW && {
                        let (utf8, utf16) = shelf.item(index as usize).text();
                        words.iter().all(|words| words.in_either(utf8, utf16))
                    }
                })
                .collect();
        }
        let look_up = query
            .terms()
            .iter()
            .any(|(term, _)| matches!(term, Term::Label(_) | Term::Is(Flag::Zotero | Flag::Note)));
        candidates
            .filter(|&index| {
                let flags = self.flags[index as usize];
                if flags & IN_VIEW == 0 {
                    return false;
                }
                let item = shelf.item(index as usize);
                let on = if look_up {
                    marks.on(item.key())
                } else {
                    OnPaper {
                        mark: Mark {
                            read: flags & READ != 0,
                            starred: flags & STARRED != 0,
                            queued: flags & QUEUED != 0,
                            hidden: flags & HIDDEN != 0,
                            ..Mark::default()
                        },
                        ..OnPaper::default()
                    }
                };
                query.matches(&Marked { item, marks: on })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::rc::Rc;

    use super::*;
    use crate::query::filter::TagChoice;
    use crate::query::listing::Listing;
    use crate::tui::days::{Order, Selection, Shelf, SortKey};

    /// What the list shows for `query`, found with what `kept` holds, and whether the view
    /// holds any paper.
    fn select(
        shelf: &Shelf,
        kept: &mut KeptSearches,
        query: &Query,
        tags: &BTreeSet<TagChoice>,
        order: Order,
        marks: &MarkMap,
    ) -> (Selection, bool) {
        let passed = kept.passing(shelf, query, marks);
        assert_eq!(
            passed,
            every_test(shelf, query, marks),
            "{:?}",
            query.source()
        );
        let selection = shelf.select(passed, tags, order, marks);
        (selection, kept.view_holds_papers())
    }

    /// The entries `query` lets through, each tested in full with every mark looked up.
    fn every_test(shelf: &Shelf, query: &Query, marks: &MarkMap) -> Vec<u32> {
        let range = shelf.range();
        (0..shelf.listing.len())
            .filter(|&index| {
                let item = shelf.item(index);
                let on = marks.on(item.key());
                range.is_none_or(|(from, to)| (from..=to).contains(&item.entry.date))
                    && match shelf.view {
                        View::Starred => on.mark.starred,
                        View::Queue => on.mark.queued,
                        _ => true,
                    }
                    && query.matches(&Marked { item, marks: on })
            })
            .map(|index| index as u32)
            .collect()
    }

    /// Six days of the sample's papers: half of them new each day, the other half listed on
    /// two days running with other upvotes, and "diffusion" in some titles on some days only,
    /// so that a paper's newest entry may fail a search an older one passes.
    fn listing() -> Listing {
        let sample = crate::storage::sample::digest();
        let mut listing = Listing::default();
        let mut day = sample.date;
        for n in 0..6 {
            for (position, paper) in sample.papers.iter().enumerate() {
                let mut paper = paper.clone();
                let number = if position % 2 == 0 {
                    n * 100
                } else {
                    n / 2 * 100
                } + position;
                let id = format!("2602.{number:05}");
                paper.url = format!("https://arxiv.org/abs/{id}");
                paper.arxiv_id = Some(id);
                paper.upvotes = Some(((n * 7 + position * 13) % 40) as u64);
                if (n + position) % 3 == 0 {
                    paper.title_en = Some(format!("Diffusion {n}"));
                }
                listing.push(day, position, &paper);
            }
            day = day.pred_opt().unwrap();
        }
        listing
    }

    fn marks() -> MarkMap {
        let mut marks = MarkMap::default();
        let mark = |read, starred, queued, hidden| Mark {
            read,
            starred,
            queued,
            hidden,
            ..Mark::default()
        };
        marks.set("2602.00000", mark(false, false, false, true));
        marks.set("2602.00001", mark(true, true, false, false));
        marks.set("2602.00003", mark(false, true, true, false));
        marks.set("2602.00102", mark(true, false, true, true));
        marks.set_labels("2602.00005", vec!["To Read".into()]);
        marks.set_note("2602.00003", true);
        marks
    }

    /// The search field after each key, paste and deletion of a session.
    const TYPED: &[&str] = &[
        "",
        "d",
        "di",
        "dif",
        "di",
        "d",
        "",
        "模",
        "模型",
        "模",
        "u",
        "upvotes>1",
        "upvotes>10",
        "upvotes>1",
        "upvotes>",
        "diffusion tag:viral",
        "diffusion tag:viral -r",
        "diffusion tag:viral -rl",
        "diffusion",
        "is:hidden",
        "is:hidden d",
        "d",
        "is:starred d",
        "is:unread d",
        "label:\"to read\" d",
        "has:note d",
        "d OR 模",
        "d OR 模型",
        "-d",
        "-di",
        "\"diffusion 1\"",
        "\"diffusion 12\"",
        "date:2026-02-04 d",
        "",
    ];

    #[test]
    fn searches_narrowed_from_the_last_find_what_searches_from_nothing_find() {
        let listing = Rc::new(listing());
        let marks = marks();
        let today = listing.item(0).entry.date;
        let (first, last) = (listing.item(listing.len() - 1).entry.date, today);
        let from = Stamp {
            days: 1,
            marks: 1,
            hidden: 1,
        };
        let mut viral = BTreeSet::new();
        viral.insert(TagChoice::Tag("Viral".into()));
        for view in [
            View::All,
            View::Day,
            View::Starred,
            View::Queue,
            View::Ranking {
                from: first.succ_opt().unwrap(),
                to: last,
            },
        ] {
            let shelf = Shelf::new(view, Rc::clone(&listing), crate::text::Widths::Standard);
            let mut searched = 0;
            for order in [Order::by(SortKey::Date), Order::by(SortKey::Upvotes)] {
                for tags in [BTreeSet::new(), viral.clone()] {
                    let mut kept = KeptSearches::default();
                    for typed in TYPED {
                        let Ok(query) = Query::parse(typed, today) else {
                            continue;
                        };
                        kept.know(&shelf, &marks, from);
                        let narrowed = select(&shelf, &mut kept, &query, &tags, order, &marks);
                        let mut nothing = KeptSearches::default();
                        nothing.know(&shelf, &marks, from);
                        let afresh = select(&shelf, &mut nothing, &query, &tags, order, &marks);
                        let case = format!("{view:?} {order:?} {tags:?} {typed:?}");
                        assert_eq!(narrowed.0.rows, afresh.0.rows, "{case}");
                        assert_eq!(narrowed.0.tag_counts, afresh.0.tag_counts, "{case}");
                        assert_eq!(narrowed.1, afresh.1, "{case}");
                        searched += usize::from(!afresh.0.rows.is_empty());
                    }
                }
            }
            assert!(searched > 5, "{view:?}: searches that find papers");
        }
    }

    #[test]
    fn marks_changed_are_read_again() {
        let listing = Rc::new(listing());
        let shelf = Shelf::new(View::All, listing, crate::text::Widths::Standard);
        let today = shelf.item(0).entry.date;
        let query = Query::parse("d", today).unwrap();
        let order = Order::by(SortKey::Date);
        let mut marks = MarkMap::default();
        let mut kept = KeptSearches::default();
        let stamp = |marks| Stamp {
            days: 1,
            marks,
            hidden: marks,
        };
        kept.know(&shelf, &marks, stamp(1));
        let (before, _) = select(&shelf, &mut kept, &query, &BTreeSet::new(), order, &marks);
        let first = shelf.item(before.rows[0]).key().to_string();
        marks.set(
            &first,
            Mark {
                hidden: true,
                ..Mark::default()
            },
        );
        kept.know(&shelf, &marks, stamp(2));
        let (after, _) = select(&shelf, &mut kept, &query, &BTreeSet::new(), order, &marks);
        assert_eq!(after.rows, before.rows[1..], "the paper hidden is left out");
        assert!(!kept.waiting(before.rows[0]));
        assert!(kept.waiting(before.rows[1]));
    }
}
