//! `lunwen note ID`: the user's note on a paper, edited in their editor or printed (see
//! [`crate::storage::notes`]).

use super::{Io, Options};
use crate::error::{Error, Result, quote};
use crate::model::{self, Paper, is_arxiv_id};
use crate::storage::index::Look;
use crate::storage::notes::About;
use crate::storage::store::Store;
use crate::tui::editor;

/// Print the note on the paper `id` names, or open it in the editor (made when new, its front
/// matter brought up to date). A note left empty is taken away again.
pub fn note(options: &Options, store: &Store, id: &str, print: bool, io: &mut Io) -> Result<u8> {
    let notes = options.notes()?;
    // The paper, with the first day it was listed on.
    let found = match super::cache_index_to_read(store, Look::EveryDay, io) {
        Ok(index) => match index.find(id)?.or(index.find_key(id.trim())?) {
            Some((newest, paper)) => {
                let first = index.appearances(&paper.key())?.first().map(|day| day.date);
                Some((first.unwrap_or(newest), paper))
            }
            None => None,
        },
        Err(err) => {
            io.warn(format_args!(
                "the note is found by its arXiv id alone: {err}"
            ));
            None
        }
    };
    let key = match &found {
        Some((_, paper)) => paper.key(),
        None => model::paper_key_of_query(id),
    };
    if found.is_none() && !is_arxiv_id(&key) {
        return Err(Error::Message(format!(
            "no paper {} in the cache, and it is not an arXiv id (such as 2602.04634)",
            quote(id)
        )));
    }
    if print {
        return match notes.read(&key)? {
            Some(text) => {
                io.print(&text)?;
                Ok(0)
            }
            None => {
                io.error(format_args!("there is no note on {key}"));
                Ok(1)
            }
        };
    }
    let labels = options
        .marks(store)
        .and_then(|marks| marks.labels(&key))
        .unwrap_or_else(|err| {
            io.warn(format_args!(
                "the note's labels are left as they were: {err}"
            ));
            Vec::new()
        });
    let uncached;
    let (paper, date) = match &found {
        Some((date, paper)) => (paper, Some(*date)),
        None => {
            uncached = Paper {
                url: format!("https://arxiv.org/abs/{key}"),
                arxiv_id: Some(key.clone()),
                ..Paper::default()
            };
            (&uncached, None)
        }
    };
    let path = notes.prepare(&key, &About::of(paper, labels, date))?;
    editor::edit(&path).map_err(Error::Message)?;
    if notes.remove_if_empty(&key)? {
        io.print(&format!("note on {key}: {}\n", path.display()))?;
    } else {
        io.print(&format!("no note on {key}: it was left empty\n"))?;
    }
    Ok(0)
}
