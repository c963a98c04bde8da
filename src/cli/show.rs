//! `lunwen show`: one paper in full, laid out as the reader's detail pane lays it out.

use super::{Io, Prefs, open_library};
use crate::error::{Error, Result};
use crate::json;
use crate::model::DatedPaper;
use crate::paper_view;
use crate::store::Store;

pub fn show(prefs: Prefs, store: Store, arxiv_id: &str, json: bool, io: &mut Io) -> Result<u8> {
    let library = open_library(store, io)?;
    for &date in library.dates() {
        let digest = match library.load(date) {
            Ok(digest) => digest,
            Err(err) => {
                io.warn(format_args!("skipped {err}"));
                continue;
            }
        };
        let Some(paper) = digest.papers.iter().find(|p| p.is_called(arxiv_id)) else {
            continue;
        };
        if json {
            io.print_exact(&json::to_pretty(&DatedPaper { date, paper }))?;
        } else {
            let lines = paper_view::lines(paper, date, io.width.max(1), prefs.widths, prefs.lead);
            io.print(&paper_view::plain_text(&lines))?;
        }
        return Ok(0);
    }
    Err(Error::Message(format!("no paper {arxiv_id} in the cache")))
}
