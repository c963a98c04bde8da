//! `lunwen show`: one paper in full, with the days it was listed on, laid out as the reader's
//! detail pane lays it out.

use super::{Io, Prefs, index_for_days, open_library};
use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::formats::json;
use crate::model::DatedPaper;
use crate::model::paper_view;
use crate::model::{self, Appearance, Paper};
use crate::storage::index::Index;
use crate::storage::store::Store;

pub fn show(prefs: Prefs, store: Store, arxiv_id: &str, json: bool, io: &mut Io) -> Result<u8> {
    let library = open_library(store, io)?;
    // The index finds the newest day a paper is on, and every day it was listed, without
    // reading any digest.
    let mut index = index_for_days(&library, io)?;
    let found = find_checked(&mut index, arxiv_id)?;
    let Some((date, paper, seen)) = found else {
        return Err(Error::Message(format!("no paper {arxiv_id} in the cache")));
    };
    if json {
        io.print_exact(&json::to_pretty(&DatedPaper {
            date,
            paper: &paper,
        }))?;
    } else {
        let lines = paper_view::lines(
            &paper,
            date,
            io.width.max(1),
            prefs.widths,
            paper_view::Shown::new(prefs.lead, paper_view::Texts::WithAbstract),
            &seen,
            None,
        );
        io.print(&paper_view::plain_text(&lines))?;
    }
    Ok(0)
}

/// The paper the user means by `id`, where it was last listed, and every day it was listed,
/// as the digest files read now. The index looked at the digests folder alone; the files of
/// the days it lists the paper on, and of the days that did not read, are looked at now, and
/// read again when rewritten in place.
/// A paper the index does not know at all is looked for once more after every day's file is
/// looked at, since a day rewritten in place may have brought it.
fn find_checked(
    index: &mut Index,
    id: &str,
) -> Result<Option<(NaiveDate, Paper, Vec<Appearance>)>> {
    let mut looked_everywhere = false;
    // A day rewritten again and again as it is read is answered as it was last read.
    for _ in 0..3 {
        let found = index.find(id)?;
        let key = found
            .as_ref()
            .map_or_else(|| model::paper_key_of_query(id), |(_, paper)| paper.key());
        let seen = index.appearances(&key)?;
        // A day that did not read when last looked at may read now, and list the paper.
        let unreadable = index.unreadable_days()?;
        let days: Vec<NaiveDate> = seen
            .iter()
            .map(|appearance| appearance.date)
            .chain(unreadable.iter().map(|day| day.date))
            .collect();
        if index.check_days(&days)? {
            continue;
        }
        match found {
            Some((date, paper)) => return Ok(Some((date, paper, seen))),
            None if !looked_everywhere => {
                looked_everywhere = true;
                index.catch_up()?;
            }
            None => return Ok(None),
        }
    }
    let Some((date, paper)) = index.find(id)? else {
        return Ok(None);
    };
    let seen = index.appearances(&paper.key())?;
    Ok(Some((date, paper, seen)))
}
