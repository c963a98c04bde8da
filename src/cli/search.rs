//! `--query` on the command line: the query parsed once, with the user's marks read when it
//! asks about them, tested against each paper as `list` and `export` go through the days.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Io, Options};
use crate::error::{Error, Result};
use crate::model::Paper;
use crate::query::filter::search_text;
use crate::query::{Candidate, Query};
use crate::storage::marks::MarkMap;
use crate::storage::store::Store;
use crate::text::Widths;

/// The user's marks, as `query` is tested with them, and the text of their notes by paper
/// key. Every list leaves hidden papers out, so they are read for any query; when they cannot
/// be read, a query that does not ask about them goes on without them (hiding nothing), and
/// says why. A note that cannot be read is named, and counts as none.
pub fn user_marks(
    query: &Query,
    options: &Options,
    store: &Store,
    io: &mut Io,
) -> Result<(MarkMap, HashMap<String, String>)> {
    let mut marks = match options.marks(store).and_then(|marks| marks.all()) {
        Ok(marks) => marks,
        Err(err) if !query.asks_about_marks() => {
            io.warn(format_args!("{err} (no paper is hidden)"));
            MarkMap::default()
        }
        Err(err) => return Err(err),
    };
    let (notes, unread) = options.notes()?.all();
    for why in unread {
        io.warn(format_args!("a note is left out: {why}"));
    }
    marks.set_notes(notes.keys().cloned().collect());
    Ok((marks, notes))
}

/// What a paper must match to be listed or exported.
pub struct Search {
    query: Query,
    marks: MarkMap,
    /// The text of each note, by paper key, for exports to carry.
    notes: HashMap<String, String>,
}

impl Search {
    /// The query as typed (`None` matches every paper). Relative dates count from today;
    /// marks are read only for a query that asks about them. A query that does not parse is
    /// an error pointing at the bad term.
    pub fn new(
        text: Option<&str>,
        options: &Options,
        store: &Store,
        widths: Widths,
        io: &mut Io,
    ) -> Result<Search> {
        let query = match text {
            None => Query::everything(),
            Some(text) => {
                let today = chrono::Local::now().date_naive();
                Query::parse(text, today).map_err(|err| {
                    let pointer = err.pointer(text, widths).replace('\n', "\n  ");
                    Error::Usage(format!("in the query, {err}\n  {pointer}"))
                })?
            }
        };
        let (marks, notes) = user_marks(&query, options, store, io)?;
        Ok(Search {
            query,
            marks,
            notes,
        })
    }

    /// The user's text of the note on the paper with `key`, when there is one.
    pub fn note(&self, key: &str) -> Option<&str> {
        self.notes.get(key).map(String::as_str)
    }

    /// The days every match falls in, when the query names them.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.query.date_range()
    }

    /// What the user put on the paper of `key`: its marks and labels.
    pub fn on(&self, key: &str) -> crate::model::marks::OnPaper<'_> {
        self.marks.on(key)
    }

    /// Whether the paper, listed on `date`, matches.
    pub fn matches(&self, date: NaiveDate, paper: &Paper) -> bool {
        let key = paper.key();
        let marks = self.marks.on(&key);
        if self.query.is_empty() {
            // A hidden paper is left out of every list, the unfiltered one too.
            return !marks.mark.hidden;
        }
        let text = search_text(paper);
        self.query.matches(&Candidate {
            paper,
            date,
            text: &text,
            marks,
        })
    }
}
