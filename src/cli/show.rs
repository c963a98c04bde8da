//! `lunwen show`: one paper in full, with the days it was listed on, laid out as the reader's
//! detail pane lays it out.

use super::{Io, Prefs, index_to_read, open_library};
use crate::error::{Error, Result};
use crate::formats::json;
use crate::model::DatedPaper;
use crate::model::paper_view;
use crate::storage::store::Store;

pub fn show(prefs: Prefs, store: Store, arxiv_id: &str, json: bool, io: &mut Io) -> Result<u8> {
    let library = open_library(store, io)?;
    // The index finds the newest day a paper is on, and every day it was listed, without
    // reading any digest.
    let index = index_to_read(&library, io)?;
    let found = match index.find(arxiv_id)? {
        Some((date, paper)) => {
            let seen = index.appearances(&paper.key())?;
            Some((date, paper, seen))
        }
        None => None,
    };
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
