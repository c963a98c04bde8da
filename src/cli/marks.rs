//! `lunwen star`, `unstar`, `read`, `unread`, `queue`, `hide`, `unhide`, `label` and
//! `status`: the user's marks from the command line, kept in the data folder (see
//! [`crate::storage::marks`]).

use crate::storage::index::Look;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Io, Options, Prefs};
use crate::error::{Error, Result, quote};
use crate::formats::json;
use crate::model::{self, is_arxiv_id};
use crate::query::watch::Watch;
use crate::storage::index::Index;
use crate::storage::marks::{Flag, Marks, clean_label};
use crate::storage::store::Store;
use crate::text;

/// What a marking command does to each paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Star,
    Unstar,
    Read,
    Unread,
    Queue,
    Unqueue,
    Hide,
    Unhide,
    /// Put the label on.
    Label(String),
    /// Take the label off.
    Unlabel(String),
}

impl Change {
    /// Make the change to the paper with `key`; what became of it: done, or it was so
    /// already. A paper marked read leaves the reading queue.
    pub fn apply(&self, marks: &Marks, key: &str) -> Result<String> {
        let said = |changed: bool, done: &str, already: &str| {
            if changed { done } else { already }.to_string()
        };
        Ok(match self {
            Change::Star => said(marks.set_starred(key, true)?, "starred", "already starred"),
            Change::Unstar => said(marks.set_starred(key, false)?, "unstarred", "not starred"),
            Change::Read => {
                let read = marks.set_read(key, true)?;
                if marks.set_flag(key, Flag::Queued, false)? {
                    format!(
                        "{}, out of the queue",
                        said(read, "marked read", "already read")
                    )
                } else {
                    said(read, "marked read", "already read")
                }
            }
            Change::Unread => said(
                marks.set_read(key, false)?,
                "marked unread",
                "already unread",
            ),
            Change::Queue => said(
                marks.set_flag(key, Flag::Queued, true)?,
                "queued",
                "already queued",
            ),
            Change::Unqueue => said(
                marks.set_flag(key, Flag::Queued, false)?,
                "out of the queue",
                "not queued",
            ),
            Change::Hide => said(
                marks.set_flag(key, Flag::Hidden, true)?,
                "hidden",
                "already hidden",
            ),
            Change::Unhide => said(
                marks.set_flag(key, Flag::Hidden, false)?,
                "brought back",
                "not hidden",
            ),
            Change::Label(label) => {
                let shown = text::sanitize_line(label);
                if marks.add_label(key, label)? {
                    format!("labelled {shown}:")
                } else {
                    format!("already labelled {shown}:")
                }
            }
            Change::Unlabel(label) => {
                let shown = text::sanitize_line(label);
                if marks.remove_label(key, label)? {
                    format!("label {shown} taken off")
                } else {
                    format!("no label {shown} on")
                }
            }
        })
    }
}

/// Mark each paper `ids` names, printing a line for each as soon as its mark is on the disk.
/// An id that names no cached paper and is not an arXiv id is an error; the others are marked
/// all the same.
pub fn mark(
    options: &Options,
    store: &Store,
    ids: &[String],
    change: Change,
    prefs: Prefs,
    io: &mut Io,
) -> Result<u8> {
    // A label that cannot be kept, or taken off since none is so named, is a mistake of the
    // command line, said before any paper is touched.
    let named = |label: &str| clean_label(label).map_err(|err| Error::Usage(err.to_string()));
    let change = match change {
        Change::Label(label) => Change::Label(named(&label)?),
        Change::Unlabel(label) => Change::Unlabel(named(&label)?),
        change => change,
    };
    let marks = options.marks(store)?;
    marks.can_save()?;
    // Without the index, papers are still marked by their arXiv ids.
    let index = match super::cache_index_to_read(store, Look::EveryDay, io) {
        Ok(index) => Some(index),
        Err(err) => {
            io.warn(format_args!(
                "papers are marked by their arXiv ids alone, without the cache: {err}"
            ));
            None
        }
    };
    let mut failed = false;
    for id in ids {
        let Some((key, title)) = paper_meant(index.as_ref(), id)? else {
            io.error(format_args!(
                "no paper {} in the cache, and it is not an arXiv id (such as 2602.04634)",
                quote(id)
            ));
            failed = true;
            continue;
        };
        let outcome = change.apply(&marks, &key)?;
        if matches!(change, Change::Label(_) | Change::Unlabel(_)) {
            keep_note_labels(options, &marks, &key, io);
        }
        // Marked all the same, but nowhere to be seen: said, with the way back.
        if !matches!(change, Change::Hide | Change::Unhide) && marks.get(&key)?.hidden {
            io.note(format_args!(
                "{key} is hidden: no view or list shows it until lunwen unhide {key}"
            ));
        }
        let line = match title {
            Some(title) => format!("{outcome} {key}  {}", text::sanitize_line(&title)),
            None => format!("{outcome} {key} (not in the cache: marked by its arXiv id)"),
        };
        let line = if io.out_is_terminal {
            text::truncate(&line, io.width.max(1), prefs.widths).into_owned()
        } else {
            line
        };
        io.print(&format!("{line}\n"))?;
    }
    Ok(u8::from(failed))
}

/// The front matter of the note on the paper, when it has one, names the labels the paper
/// now has. The label is saved either way: a note that cannot be written is a warning.
fn keep_note_labels(options: &Options, marks: &Marks, key: &str, io: &mut Io) {
    let kept = options
        .notes()
        .and_then(|notes| notes.set_labels(key, &marks.labels(key)?));
    if let Err(err) = kept {
        io.warn(format_args!(
            "the note on {key} still names the labels it had: {err}"
        ));
    }
}

/// The key and title of the paper the user means by `id`: a cached paper by its arXiv id (any
/// way `show` takes it) or, for one without, its link; else any arXiv id, cached or not.
fn paper_meant(index: Option<&Index>, id: &str) -> Result<Option<(String, Option<String>)>> {
    let key = model::paper_key_of_query(id);
    let arxiv = is_arxiv_id(&key);
    if let Some(index) = index {
        // Any version of a cached paper is that paper: marks belong to it, not to a version.
        // A paper without an arXiv id is named by its link.
        let found = match index.find(id)? {
            None if !arxiv => index.find_key(id.trim())?,
            found => found,
        };
        if let Some((_, paper)) = found {
            return Ok(Some((paper.key(), Some(paper.title().to_string()))));
        }
    }
    Ok(arxiv.then_some((key, None)))
}

/// What `status --json` prints.
#[derive(Debug, Serialize)]
struct Status {
    /// The newest cached day, or null while the cache holds none.
    date: Option<String>,
    papers: usize,
    unread: usize,
    /// Every watch, in the config file's order, with its unread papers of every day.
    watches: Vec<WatchCount>,
    queued: usize,
    starred: usize,
}

/// A watch in `status --json`.
#[derive(Debug, Serialize)]
struct WatchCount {
    name: String,
    unread: usize,
    papers: usize,
}

/// `3 unread today · agents 2 · 4 queued · 12 starred`: the newest cached day's unread papers,
/// the watches with unread papers, the queue and the starred papers, read from the index and
/// the marks alone (a watch is counted by the index's SQL), so that a status bar can ask every
/// few seconds.
pub fn status(
    options: &Options,
    store: &Store,
    watches: &[Watch],
    json_out: bool,
    io: &mut Io,
) -> Result<u8> {
    // Without watches the status is of the newest day alone: the index looks at the digests
    // folder and that day's file, not at every day's, so a status bar costs the same on
    // thirty years as on one.
    let look = match watches.is_empty() {
        true => Look::Folder,
        false => Look::EveryDay,
    };
    let mut index = super::cache_index_to_read(store, look, io)?;
    let marks = options.marks(store)?;
    let newest = index.newest_readable_day()?;
    let keys = match newest {
        Some(date) => index.keys_on(date)?,
        None => Vec::new(),
    };
    let mut unread = 0;
    for key in &keys {
        let mark = marks.get(key)?;
        // A hidden paper is not waiting to be read.
        if !mark.read && !mark.hidden {
            unread += 1;
        }
    }
    let today = chrono::Local::now().date_naive();
    let mut counts = Vec::new();
    if !watches.is_empty() {
        index.use_marks(marks.all()?)?;
        for watch in watches {
            // Each watch's query parsed when the config file was read.
            let Ok(query) = watch.parsed(today) else {
                continue;
            };
            let counted = index.count(&query, NaiveDate::MIN, NaiveDate::MAX)?;
            counts.push(WatchCount {
                name: watch.name.clone(),
                unread: counted.unread,
                papers: counted.papers,
            });
        }
    }
    let queued = marks.queued_count()?;
    let starred = marks.starred_count()?;
    if json_out {
        io.print_exact(&json::to_pretty(&Status {
            date: newest.map(|d| d.to_string()),
            papers: keys.len(),
            unread,
            watches: counts,
            queued,
            starred,
        }))?;
    } else {
        let watched: Vec<(&str, usize)> = counts
            .iter()
            .filter(|c| c.unread > 0)
            .map(|c| (c.name.as_str(), c.unread))
            .collect();
        let line = Line {
            newest,
            unread,
            watched: &watched,
            queued,
            starred,
        };
        io.print(&format!("{}\n", line.text(today)))?;
    }
    Ok(0)
}

/// What the status line says.
struct Line<'a> {
    newest: Option<NaiveDate>,
    unread: usize,
    /// The watches with unread papers, and how many.
    watched: &'a [(&'a str, usize)],
    queued: usize,
    starred: usize,
}

impl Line<'_> {
    /// The status line: the day named the way a glance takes it in, then the watches with
    /// unread papers, the queue when it holds any, and the starred papers.
    fn text(&self, today: NaiveDate) -> String {
        let mut parts = Vec::new();
        match self.newest {
            None => parts.push("no digest yet".to_string()),
            Some(date) => {
                let when = if date == today {
                    "today".to_string()
                } else if today.pred_opt() == Some(date) {
                    "yesterday".to_string()
                } else if date.year() == today.year() {
                    date.format("on %m-%d").to_string()
                } else {
                    date.format("on %Y-%m-%d").to_string()
                };
                parts.push(format!("{} unread {when}", self.unread));
            }
        }
        for (name, unread) in self.watched {
            parts.push(format!("{} {unread}", text::sanitize_line(name)));
        }
        if self.queued > 0 {
            parts.push(format!("{} queued", self.queued));
        }
        parts.push(format!("{} starred", self.starred));
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_line_names_the_day_as_a_glance_takes_it() {
        let day = |text: &str| model::parse_date(text).unwrap();
        let today = day("2026-02-06");
        let line = |newest: Option<&str>| {
            Line {
                newest: newest.map(day),
                unread: 3,
                watched: &[],
                queued: 0,
                starred: 12,
            }
            .text(today)
        };
        assert_eq!(line(Some("2026-02-06")), "3 unread today · 12 starred");
        assert_eq!(line(Some("2026-02-05")), "3 unread yesterday · 12 starred");
        assert_eq!(line(Some("2026-01-30")), "3 unread on 01-30 · 12 starred");
        assert_eq!(
            line(Some("2025-12-31")),
            "3 unread on 2025-12-31 · 12 starred"
        );
        assert_eq!(line(None), "no digest yet · 12 starred");
    }

    #[test]
    fn the_status_line_names_the_watches_with_unread_papers_and_the_queue() {
        let today = model::parse_date("2026-02-06").unwrap();
        let line = Line {
            newest: Some(today),
            unread: 3,
            watched: &[("agents", 2), ("扩散\u{1b}[2J", 1)],
            queued: 4,
            starred: 12,
        };
        assert_eq!(
            line.text(today),
            "3 unread today · agents 2 · 扩散 1 · 4 queued · 12 starred"
        );
    }
}
