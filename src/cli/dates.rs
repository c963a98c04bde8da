//! `lunwen dates`: the cached days with their paper counts.

use serde::Serialize;

use super::{Io, Marked, index_to_read, open_library};
use crate::error::Result;
use crate::formats::json;
use crate::storage::store::Store;

pub fn dates(store: Store, json: bool, io: &mut Io) -> Result<u8> {
    let library = open_library(store, io)?;
    let mut rows = Vec::new();
    // The index knows every day's count without reading a digest.
    for day in index_to_read(&library, io)?.days()? {
        match day.error {
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
    Ok(0)
}

/// A row of `dates --json`.
#[derive(Serialize)]
struct DayRow {
    date: String,
    papers: usize,
}
