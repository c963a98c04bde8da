//! `lunwen dates`: the cached days with their paper counts, the newest first.

use serde::Serialize;

use super::{Io, Marked, index_for_days, index_to_read, open_library};
use crate::error::Result;
use crate::formats::json;
use crate::storage::store::Store;

/// How many days `dates` shows unless told otherwise: about a month of digests, and as long
/// to answer on thirty years of them as on one.
pub const SHOWN: usize = 30;

/// Print the newest `shown` days, or every day. The index knows every day's count without
/// reading a digest; it is brought up to date with the digests folder (a day added, removed
/// or renamed into place) and with the files of the days shown (a day rewritten in place),
/// and no others.
pub fn dates(store: Store, shown: Option<usize>, json: bool, io: &mut Io) -> Result<u8> {
    let library = open_library(store, io)?;
    let (newest, cached) = match shown {
        None => {
            let every = index_to_read(&library, io)?.days()?;
            let cached = every.len();
            (every, cached)
        }
        Some(shown) => {
            let mut index = index_for_days(&library, io)?;
            let (newest, cached) = index.newest_days(shown)?;
            let dates: Vec<_> = newest.iter().map(|day| day.date).collect();
            match index.check_days(&dates)? {
                true => index.newest_days(shown)?,
                false => (newest, cached),
            }
        }
    };
    let mut rows = Vec::new();
    for day in &newest {
        match &day.error {
            None => rows.push((day.date, day.papers)),
            Some(err) => io.warn(format_args!("skipped {err}")),
        }
    }
    if json {
        let rows: Vec<_> = rows
            .iter()
            .map(|(date, papers)| {
                let row = DayRow {
                    date: date.to_string(),
                    papers: *papers,
                };
                Marked::new(row, library.source())
            })
            .collect();
        io.print_exact(&json::to_pretty(&rows))?;
    } else {
        let text: String = rows
            .iter()
            .map(|(date, papers)| {
                let noun = crate::model::noun(*papers, "paper", "papers");
                format!("{date}  {papers:>3} {noun}\n")
            })
            .collect();
        io.print(&text)?;
    }
    if cached > newest.len() {
        let earlier = cached - newest.len();
        let noun = crate::model::noun(earlier, "day", "days");
        io.note(format_args!(
            "{earlier} earlier {noun} not shown: `lunwen dates --all` lists every day"
        ));
    }
    Ok(0)
}

/// A row of `dates --json`.
#[derive(Serialize)]
struct DayRow {
    date: String,
    papers: usize,
}
