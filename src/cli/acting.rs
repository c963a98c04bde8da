//! `lunwen label`, `queue` and `read --date`: the labels in use, the reading queue in the
//! order queued, and a whole day marked read in one write.

use crate::storage::index::Look;
use chrono::NaiveDate;
use serde::Serialize;

use super::list::{self, Output};
use super::marks::{self, Change};
use super::{Io, Options, Prefs};
use crate::error::{Error, Result};
use crate::formats::json;
use crate::model::papers_count;
use crate::storage::marks::Flag;
use crate::storage::store::Store;
use crate::text;

/// `lunwen label`: with papers and a label, put it on them (or take it off with `remove`);
/// alone, list the labels in use.
pub fn label(
    options: &Options,
    store: &Store,
    args: &[String],
    remove: bool,
    json_out: bool,
    prefs: Prefs,
    io: &mut Io,
) -> Result<u8> {
    match args {
        [] if remove => Err(Error::Usage(
            "--remove takes the papers and then the label: lunwen label --remove ID... LABEL"
                .into(),
        )),
        [] => labels(options, store, json_out, prefs, io),
        [_] => Err(Error::Usage(
            "give the papers and then the label: lunwen label ID... LABEL".into(),
        )),
        [ids @ .., label] => {
            let change = if remove {
                Change::Unlabel(label.clone())
            } else {
                Change::Label(label.clone())
            };
            marks::mark(options, store, ids, change, prefs, io)
        }
    }
}

/// A label in use, as `label --json` prints it.
#[derive(Debug, Serialize)]
struct LabelCount {
    label: String,
    papers: usize,
}

/// Every label in use with how many papers carry it, in the order of their names.
fn labels(
    options: &Options,
    store: &Store,
    json_out: bool,
    prefs: Prefs,
    io: &mut Io,
) -> Result<u8> {
    let counts = options.marks(store)?.all()?.label_counts();
    if json_out {
        let counts: Vec<LabelCount> = counts
            .into_iter()
            .map(|(label, papers)| LabelCount { label, papers })
            .collect();
        io.print_exact(&json::to_pretty(&counts))?;
        return Ok(0);
    }
    if counts.is_empty() {
        io.note(format_args!(
            "no labels yet: lunwen label ID... LABEL puts one on papers"
        ));
        return Ok(0);
    }
    let shown: Vec<String> = counts
        .iter()
        .map(|(label, _)| text::sanitize_line(label).into_owned())
        .collect();
    let widest = shown
        .iter()
        .map(|label| prefs.widths.str_width(label))
        .max()
        .unwrap_or(0);
    for (label, (_, papers)) in shown.iter().zip(&counts) {
        let label = text::pad_right(label, widest, prefs.widths);
        io.print(&format!("{label}  {}\n", papers_count(*papers)))?;
    }
    Ok(0)
}

/// `lunwen queue` with no paper: the queue in the order queued, as `list` prints papers. A
/// queued paper no cached day lists is named by its key.
pub fn queue(
    options: &Options,
    store: &Store,
    output: Output,
    prefs: Prefs,
    io: &mut Io,
) -> Result<u8> {
    let queue = options.marks(store)?.queue()?;
    if queue.is_empty() && output != Output::Json {
        io.note(format_args!(
            "the reading queue is empty: lunwen queue ID... puts papers in it"
        ));
    }
    let index = super::cache_index_to_read(store, Look::EveryDay, io)?;
    let mut papers = Vec::new();
    for (key, _) in queue {
        match index.find_key(&key)? {
            Some(found) => papers.push(found),
            None => io.warn(format_args!("{key} is queued but no cached day lists it")),
        }
    }
    list::print_papers(&papers, output, prefs, io)?;
    Ok(0)
}

/// `lunwen read --date DAY`: every paper of the day marked read in one write (and out of the
/// queue); hidden papers are left as they are.
pub fn read_day(options: &Options, store: &Store, day: NaiveDate, io: &mut Io) -> Result<u8> {
    let index = super::cache_index_to_read(store, Look::EveryDay, io)?;
    let keys = index.keys_on(day)?;
    if keys.is_empty() {
        return Err(Error::Message(format!("no digest of {day} in the cache")));
    }
    let marks = options.marks(store)?;
    let (read, hidden) = marks.all_or_none(|marks| {
        let (mut read, mut hidden) = (0, 0);
        for key in &keys {
            if marks.get(key)?.hidden {
                hidden += 1;
                continue;
            }
            read += usize::from(marks.set_read(key, true)?);
            marks.set_flag(key, Flag::Queued, false)?;
        }
        Ok((read, hidden))
    })?;
    let already = keys.len() - read - hidden;
    let mut line = format!("marked {} of {day} read", papers_count(read));
    if already > 0 {
        line.push_str(&format!(", {already} already read"));
    }
    if hidden > 0 {
        line.push_str(&format!(", {hidden} hidden left as they are"));
    }
    io.print(&format!("{line}\n"))?;
    Ok(0)
}
