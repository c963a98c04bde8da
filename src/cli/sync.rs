//! `lunwen sync`: digests from Hugging Face or the configured sources into the cache, a line
//! per day, and a progress bar on a terminal when there are more than a few days.

use std::io::IsTerminal;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Io, SyncArgs};
use crate::config::SyncSettings;
use crate::error::{Error, Result};
use crate::index::Index;
use crate::store::Store;
use crate::sync::{self, Days, Outcome, Progress, Request};

/// More days than this get a progress bar (on a terminal).
const BAR_AFTER_DAYS: usize = 3;

pub fn sync(store: &Store, settings: &SyncSettings, args: &SyncArgs, io: &mut Io) -> Result<u8> {
    store.prepare()?;
    store.clean_leftovers();
    let mut index = Index::open(store)?;
    // A day whose file does not read is as good as missing.
    let cached: Vec<NaiveDate> = index
        .days()?
        .into_iter()
        .filter(|day| day.error.is_none())
        .map(|day| day.date)
        .collect();
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
    if plan.days.is_empty() {
        io.note("every day asked for is cached already; --force fetches them again");
        return Ok(0);
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
    Ok(u8::from(failed > 0))
}
