//! Carrying out a plan: a few workers fetch days at once, and each day that arrives is saved
//! through the index (atomic writes, the index kept current) and reported, in the plan's
//! order, to a callback that needs no terminal.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;

use super::failure::Failure;
use super::http::{Client, Wait};
use super::huggingface;
use super::plan::Plan;
use super::published::{self, Published};
use crate::storage::index::Index;
use crate::storage::store::Saved;
use crate::sync::settings::SourceAt;

/// What a sync tells its caller as it goes.
#[derive(Debug)]
pub enum Progress<'a> {
    /// The sync starts on this many days.
    Started { days: usize },
    /// A server asked lunwen to wait (`429`, `503`): the request goes out again after `wait`.
    Waiting {
        at: &'a str,
        why: &'a str,
        wait: Duration,
    },
    /// A day is done (`done` of `days` so far), saved when it was fetched.
    Day {
        report: &'a DayReport,
        done: usize,
        days: usize,
    },
}

/// What became of one day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayReport {
    pub date: NaiveDate,
    pub outcome: Outcome,
    /// Oddities of the digest that was saved (a paper count that disagrees, say).
    pub warnings: Vec<String>,
}

impl DayReport {
    /// `fetched 2026-02-05 (12 papers) from huggingface`, `unchanged …`, `updated …`,
    /// `none 2026-02-07 (no digest that day)`.
    pub fn line(&self) -> String {
        let date = self.date;
        match &self.outcome {
            Outcome::Saved {
                source,
                papers,
                saved,
            } => saved.line("fetched", date, *papers, source),
            Outcome::NoDigest => format!("none {date} (no digest that day)"),
            Outcome::Failed(failure) => format!("failed {date}: {failure}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The day's digest came from `source` and is in the cache.
    Saved {
        source: String,
        papers: usize,
        saved: Saved,
    },
    /// No source has a digest that day.
    NoDigest,
    /// The day could not be fetched or saved; the cache holds what it held before.
    Failed(Failure),
}

/// Every day's report, in the plan's order.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub reports: Vec<DayReport>,
    /// The sync was stopped before every day was done.
    pub stopped: bool,
}

impl Summary {
    pub fn failed(&self) -> usize {
        self.reports
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Failed(_)))
            .count()
    }
}

/// A day as a worker fetched it: the source that had it and the digest, or none.
type Fetched = Result<Option<(String, Published)>, Failure>;

enum Message {
    Waiting(Wait),
    Done(usize, Fetched),
}

/// Fetch the plan's days, save each one that has a digest, and report every day to `progress`
/// in the plan's order. Days that fail leave the cache as it was; the others are saved.
pub fn run(plan: &Plan, index: &mut Index, progress: &mut dyn FnMut(Progress<'_>)) -> Summary {
    let days = plan.days.len();
    tracing::info!(
        "sync of {days} days with {} at a time",
        plan.network.concurrency
    );
    progress(Progress::Started { days });
    let client = Client::new(plan.network.clone());
    let next = AtomicUsize::new(0);
    let workers = plan.network.concurrency.clamp(1, days.max(1));
    let mut summary = Summary::default();
    let (sender, receiver) = mpsc::channel::<Message>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (client, next) = (&client, &next);
            scope.spawn(move || {
                loop {
                    if plan.stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let at = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&date) = plan.days.get(at) else {
                        break;
                    };
                    let mut waiting = |wait: Wait| {
                        let _ = sender.send(Message::Waiting(wait));
                    };
                    let fetched = fetch_day(plan, client, date, &mut waiting);
                    if sender.send(Message::Done(at, fetched)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // Days may arrive out of order; they are saved at once and reported in order.
        let mut arrived: BTreeMap<usize, DayReport> = BTreeMap::new();
        for message in receiver {
            match message {
                Message::Waiting(wait) => progress(Progress::Waiting {
                    at: &wait.at,
                    why: &wait.why,
                    wait: wait.wait,
                }),
                Message::Done(at, fetched) => {
                    let report = save(index, plan.days[at], fetched);
                    arrived.insert(at, report);
                    while let Some(report) = arrived.remove(&summary.reports.len()) {
                        progress(Progress::Day {
                            report: &report,
                            done: summary.reports.len() + 1,
                            days,
                        });
                        summary.reports.push(report);
                    }
                }
            }
        }
    });
    summary.stopped = summary.reports.len() < days;
    summary
}

/// Ask the plan's sources in order for a day; the first that has it gives it.
fn fetch_day(
    plan: &Plan,
    client: &Client,
    date: NaiveDate,
    waiting: &mut dyn FnMut(Wait),
) -> Fetched {
    for source in &plan.sources {
        let found = match &source.location {
            SourceAt::HuggingFace => huggingface::fetch_day(
                client,
                &plan.endpoint,
                date,
                &plan.huggingface,
                &plan.stop,
                waiting,
            )?
            .map(|digest| Published {
                digest,
                warnings: Vec::new(),
            }),
            SourceAt::Url(template) => {
                published::fetch_url(client, template, date, &plan.stop, waiting)?
            }
            SourceAt::Folder(template) => published::read_folder(template, date)?,
        };
        if let Some(found) = found {
            return Ok(Some((source.name.clone(), found)));
        }
    }
    Ok(None)
}

fn save(index: &mut Index, date: NaiveDate, fetched: Fetched) -> DayReport {
    let (outcome, warnings) = match fetched {
        Ok(None) => (Outcome::NoDigest, Vec::new()),
        Err(failure) => (Outcome::Failed(failure), Vec::new()),
        Ok(Some((source, found))) => {
            let papers = found.digest.papers.len();
            let outcome = match index.save(&found.digest) {
                Ok(saved) => Outcome::Saved {
                    source,
                    papers,
                    saved,
                },
                Err(err) => Outcome::Failed(Failure::new("", format!("could not save: {err}"))),
            };
            (outcome, found.warnings)
        }
    };
    let report = DayReport {
        date,
        outcome,
        warnings,
    };
    tracing::info!("sync: {}", report.line());
    for warning in &report.warnings {
        tracing::warn!("sync {date}: {warning}");
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader runs a sync on a thread of its own, with an index of its own.
    #[test]
    fn a_sync_can_run_on_another_thread() {
        fn sendable<T: Send + 'static>() {}
        sendable::<Plan>();
        sendable::<Index>();
        sendable::<DayReport>();
        sendable::<Summary>();
    }
}
