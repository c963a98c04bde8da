//! After a sync: the papers it brought that are new to the cache, sorted into the user's
//! watches, and the notify command run once for each watch that has new papers, with the
//! watch's name and the papers' titles as its arguments (never through a shell).

use std::collections::HashSet;
use std::process::{Command, Stdio};

use chrono::NaiveDate;

use crate::error::Result;
use crate::model::marks::MarkMap;
use crate::query::order::{Order, SortKey};
use crate::query::watch::Watch;
use crate::storage::index::{Index, Select};
use crate::text;

/// The watches, and what to run when a sync brings papers into one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notify {
    pub watches: Vec<Watch>,
    /// The program and its first arguments (`[watches] notify_command`).
    pub command: Option<Vec<String>>,
}

/// The papers of the cache before a sync, to tell those it brings; `None` when nothing is to
/// be run after it.
pub struct Before(Option<HashSet<String>>);

/// A watch that a sync brought new papers into, and their titles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInWatch {
    pub watch: String,
    pub titles: Vec<String>,
}

impl Notify {
    /// Note the papers cached before a sync, when there is anything to run after it.
    pub fn before(&self, index: &Index) -> Result<Before> {
        if self.command.is_none() || self.watches.is_empty() {
            return Ok(Before(None));
        }
        index.all_keys().map(|keys| Before(Some(keys)))
    }

    /// The watches the papers new since `before`, on the days from `from` to `to`, fall in,
    /// in the config file's order, each paper once with its title made plain text.
    pub fn new_in_watches(
        &self,
        before: &Before,
        index: &Index,
        marks: MarkMap,
        (from, to): (NaiveDate, NaiveDate),
        today: NaiveDate,
    ) -> Result<Vec<NewInWatch>> {
        let Before(Some(cached)) = before else {
            return Ok(Vec::new());
        };
        index.use_marks(marks)?;
        let mut found = Vec::new();
        for watch in &self.watches {
            let Ok(query) = watch.parsed(today) else {
                continue;
            };
            let select = Select {
                query: &query,
                from,
                to,
                order: Order {
                    key: SortKey::Rank,
                    natural: true,
                },
                limit: None,
            };
            let mut seen = HashSet::new();
            let mut titles = Vec::new();
            index.select(&select, |_, paper| {
                let key = paper.key();
                if !cached.contains(&key) && seen.insert(key) {
                    titles.push(text::plain_line(paper.title()).trim().to_string());
                }
                true
            })?;
            if !titles.is_empty() {
                found.push(NewInWatch {
                    watch: watch.name.clone(),
                    titles,
                });
            }
        }
        Ok(found)
    }

    /// After a sync of `days`: run the notify command for each watch that the papers new
    /// since `before` fall in, the user's marks read by `marks` (a watch may leave hidden
    /// papers out). Every failure comes back as a warning.
    pub fn after_sync(
        &self,
        before: &Before,
        index: &Index,
        marks: impl FnOnce() -> Result<MarkMap>,
        days: &[NaiveDate],
        today: NaiveDate,
    ) -> Vec<String> {
        let (Before(Some(_)), Some(from), Some(to)) =
            (before, days.iter().min(), days.iter().max())
        else {
            return Vec::new();
        };
        let found = marks()
            .and_then(|marks| self.new_in_watches(before, index, marks, (*from, *to), today));
        match found {
            Ok(found) => self.run(&found),
            Err(err) => vec![format!("the watches' new papers could not be read: {err}")],
        }
    }

    /// Run the notify command once for each watch of `found`: its words, then the watch's
    /// name, then the titles. What went wrong comes back as a warning each; a sync never
    /// fails for it.
    pub fn run(&self, found: &[NewInWatch]) -> Vec<String> {
        let Some((program, first)) = self.command.as_ref().and_then(|c| c.split_first()) else {
            return Vec::new();
        };
        let mut warnings = Vec::new();
        for new in found {
            let ran = Command::new(program)
                .args(first)
                .arg(text::plain_line(&new.watch).as_ref())
                .args(&new.titles)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .output();
            tracing::info!(
                "ran the notify command for the watch {:?} with {} papers",
                new.watch,
                new.titles.len()
            );
            let why = match ran {
                Ok(output) if output.status.success() => continue,
                Ok(output) => {
                    let said = String::from_utf8_lossy(&output.stderr);
                    let said = text::plain_line(said.trim());
                    let said = text::truncate(&said, 200, text::Widths::default());
                    match said.is_empty() {
                        true => format!("it ended with {}", output.status),
                        false => format!("it ended with {}: {said}", output.status),
                    }
                }
                Err(err) => format!("it could not be started: {err}"),
            };
            warnings.push(format!(
                "the notify command {} for the watch {}: {why}",
                crate::error::quote(program),
                crate::error::quote(&new.watch)
            ));
        }
        warnings
    }
}
