//! `--query` on the command line: the query parsed once, with the user's marks read when it
//! asks about them, tested against each paper as `list` and `export` go through the days.

use chrono::NaiveDate;

use super::Options;
use crate::error::{Error, Result};
use crate::model::Paper;
use crate::query::filter::search_text;
use crate::query::{Candidate, Query};
use crate::storage::marks::{MarkMap, flags_for};
use crate::storage::store::Store;
use crate::text::Widths;

/// What a paper must match to be listed or exported.
pub struct Search {
    query: Query,
    marks: MarkMap,
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
    ) -> Result<Search> {
        let Some(text) = text else {
            return Ok(Search {
                query: Query::everything(),
                marks: MarkMap::default(),
            });
        };
        let today = chrono::Local::now().date_naive();
        let query = Query::parse(text, today).map_err(|err| {
            let pointer = err.pointer(text, widths).replace('\n', "\n  ");
            Error::Usage(format!("in the query, {err}\n  {pointer}"))
        })?;
        let marks = if query.needs_marks() {
            options.marks(store)?.all()?
        } else {
            MarkMap::default()
        };
        Ok(Search { query, marks })
    }

    /// The days every match falls in, when the query names them.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.query.date_range()
    }

    /// Whether the paper, listed on `date`, matches.
    pub fn matches(&self, date: NaiveDate, paper: &Paper) -> bool {
        if self.query.is_empty() {
            return true;
        }
        let text = search_text(paper);
        let (read, starred) = flags_for(&self.marks, &paper.key());
        self.query.matches(&Candidate {
            paper,
            date,
            text: &text,
            read,
            starred,
        })
    }
}
