//! `lunwen show`: one paper in full, laid out as the reader's detail pane lays it out.

use super::{Io, Prefs, open_library};
use crate::error::{Error, Result};
use crate::index::Index;
use crate::json;
use crate::model::DatedPaper;
use crate::paper_view;
use crate::store::Store;

pub fn show(prefs: Prefs, store: Store, arxiv_id: &str, json: bool, io: &mut Io) -> Result<u8> {
    let library = open_library(store.clone(), io)?;
    let found = if library.is_sample() {
        let sample = crate::sample::digest();
        let paper = sample
            .papers
            .iter()
            .find(|p| p.is_called(arxiv_id))
            .cloned();
        paper.map(|paper| (sample.date, paper))
    } else {
        // The index finds the newest day a paper is on without reading any digest.
        Index::open(&store)?.find(arxiv_id)?
    };
    let Some((date, paper)) = found else {
        return Err(Error::Message(format!("no paper {arxiv_id} in the cache")));
    };
    if json {
        io.print_exact(&json::to_pretty(&DatedPaper {
            date,
            paper: &paper,
        }))?;
    } else {
        let lines = paper_view::lines(&paper, date, io.width.max(1), prefs.widths, prefs.lead);
        io.print(&paper_view::plain_text(&lines))?;
    }
    Ok(0)
}
