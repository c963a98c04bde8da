//! `lunwen sync`: digests from Hugging Face or the configured sources into the cache, a line
//! per day, and a progress bar on a terminal when there are more than a few days.

use std::io::IsTerminal;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Io, Options, SyncArgs};
use crate::error::{Error, Result};
use crate::storage::index::Index;
use crate::storage::store::Store;
use crate::summaries;
use crate::sync::huggingface::{DEFAULT_ENDPOINT, ENDPOINT_VAR};
use crate::sync::notify::Notify;
use crate::sync::settings::SyncSettings;
use crate::sync::{self, Days, Failure, Outcome, Progress, Request};

/// More days than this get a progress bar (on a terminal).
const BAR_AFTER_DAYS: usize = 3;

pub fn sync(
    options: &Options,
    store: &Store,
    settings: &SyncSettings,
    summaries: Option<&summaries::Settings>,
    notify: &Notify,
    args: &SyncArgs,
    io: &mut Io,
) -> Result<u8> {
    store.prepare()?;
    store.clean_leftovers();
    let mut index = Index::open(store)?;
    let before = notify.before(&index)?;
    // A day whose file does not read is as good as missing.
    let cached = index.readable_dates()?;
    let today = chrono::Local::now().date_naive();
    let days = match (args.date, args.since) {
        (Some(day), _) => Days::One(day.date()),
        (None, Some(since)) => {
            let until = args.until.map_or(today, |day| day.date());
            super::check_span(since.date(), until)?;
            Days::Range {
                since: since.date(),
                until,
            }
        }
        (None, None) => Days::Recent,
    };
    let request = Request {
        source: args.source.clone(),
        days,
        force: args.force,
    };
    let plan = sync::plan(settings, &request, &cached, today).map_err(Error::Message)?;
    // The Chinese is made for every cached day asked for, fetched now or before: a paper a
    // model failed on, or had no key for, is asked again.
    let summarize = |index: &mut Index, io: &mut Io| -> Result<u8> {
        let Some(settings) = summaries else {
            return Ok(0);
        };
        let (from, to) = days.span(today);
        let days: Vec<NaiveDate> = index
            .readable_dates()?
            .into_iter()
            .filter(|day| (from..=to).contains(day))
            .collect();
        super::summarize::after_sync(options, index, settings, &days, io)
    };
    if plan.days.is_empty() {
        io.note("every day asked for is cached already; --force fetches them again");
        return summarize(&mut index, io);
    }
    let bar = (plan.days.len() > BAR_AFTER_DAYS && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::with_draw_target(
            Some(plan.days.len() as u64),
            ProgressDrawTarget::stderr(),
        );
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} days  {wide_msg}") {
            bar.set_style(style);
        }
        bar.tick();
        bar
    });
    let mut printing: Result<()> = Ok(());
    let mut said = SaidOnce::default();
    let summary = sync::run(&plan, &mut index, &mut |progress| match progress {
        Progress::Started { .. } => {}
        Progress::Waiting { at, why, wait } => {
            let message = format!("{at}: {why}; asking again in {}", sync::http::seconds(wait));
            match &bar {
                Some(bar) => bar.set_message(crate::text::sanitize_line(&message).into_owned()),
                None => io.note(message),
            }
        }
        Progress::Day { report, .. } => {
            let mut say = || {
                for warning in &report.warnings {
                    io.warn(warning);
                }
                match &report.outcome {
                    Outcome::Failed(failure) if said.again(failure, report.date) => {}
                    Outcome::Failed(failure) => {
                        io.error(format_args!("{}: {failure}", report.date))
                    }
                    _ if printing.is_ok() => printing = io.print(&format!("{}\n", report.line())),
                    _ => {}
                }
            };
            match &bar {
                Some(bar) => {
                    bar.suspend(say);
                    bar.set_message("");
                    bar.inc(1);
                }
                None => say(),
            }
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    printing?;
    said.finish(&plan.endpoint, io);
    let failed = summary.failed();
    if failed > 0 {
        let asked = summary.reports.len();
        match asked - failed {
            0 => io.note(format_args!("every day failed ({failed} of {asked})")),
            1 => io.note(format_args!(
                "{failed} of {asked} days failed; the other is done"
            )),
            done => io.note(format_args!(
                "{failed} of {asked} days failed; the other {done} are done"
            )),
        }
    }
    let summarized = summarize(&mut index, io).unwrap_or_else(|err| {
        io.error(err);
        1
    });
    // Once, for every day of the sync, with the Chinese titles the model has just made.
    let marks = || options.marks(store).and_then(|marks| marks.all());
    for warning in notify.after_sync(&before, &index, marks, &plan.days, today) {
        io.warn(warning);
    }
    Ok(u8::from(failed > 0).max(summarized))
}

/// Failures to reach a server, which hit every day asked of it alike: each is said for the
/// first day it hits, and the days after are only counted.
#[derive(Default)]
struct SaidOnce {
    /// The host, what was wrong, and the days it hit after the first.
    said: Vec<(Option<String>, String, Vec<NaiveDate>)>,
}

impl SaidOnce {
    /// Whether `failure` was said already for another day; if so, `date` is counted with it.
    fn again(&mut self, failure: &Failure, date: NaiveDate) -> bool {
        if !failure.unreachable {
            return false;
        }
        let host = failure.host();
        let same = |(h, message, _): &&mut (Option<String>, String, Vec<NaiveDate>)| {
            *h == host && *message == failure.message
        };
        match self.said.iter_mut().find(same) {
            Some((_, _, days)) => {
                days.push(date);
                true
            }
            None => {
                self.said.push((host, failure.message.clone(), Vec::new()));
                false
            }
        }
    }

    /// Count the days each failure hit after the first, and, when Hugging Face could not be
    /// reached, say how a mirror can stand in.
    fn finish(&self, endpoint: &str, io: &mut Io) {
        for (_, _, days) in &self.said {
            let (Some(first), Some(last)) = (days.first(), days.last()) else {
                continue;
            };
            let which = match days.len() {
                1 => first.to_string(),
                2 => format!("{first} and {last}"),
                _ => format!("{first} to {last}"),
            };
            let count = match days.len() {
                1 => "1 more day".to_string(),
                n => format!("{n} more days"),
            };
            io.note(format_args!("the same failure hit {count}: {which}"));
        }
        let endpoint_host = url::Url::parse(endpoint)
            .ok()
            .and_then(|url| url.host_str().map(str::to_string));
        if endpoint_host.is_none() || !self.said.iter().any(|(host, ..)| *host == endpoint_host) {
            return;
        }
        let hint = if endpoint == DEFAULT_ENDPOINT {
            format!(
                "where Hugging Face cannot be reached, a mirror can stand in for it: \
                 {ENDPOINT_VAR}=https://hf-mirror.com lunwen sync"
            )
        } else {
            format!("{ENDPOINT_VAR} names {endpoint}; without it lunwen asks {DEFAULT_ENDPOINT}")
        };
        io.say("hint", hint);
    }
}
