//! `lunwen summarize`, and the summaries step of `lunwen sync`: the Chinese of cached papers
//! made by the model `[summaries]` names, a line per paper, a progress bar on a terminal when
//! there are more than a few, and what it cost at the end.

use std::io::IsTerminal;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Days, Io, Options, SummarizeArgs};
use crate::error::{Error, Result};
use crate::storage::index::Index;
use crate::storage::store::Store;
use crate::summaries::{self, Answers, Job, Outcome, Progress, Settings, Wanted};

/// More papers than this get a progress bar (on a terminal).
const BAR_AFTER_PAPERS: usize = 3;

/// What a config without `[summaries]` is told.
const NOT_SET_UP: &str = "summaries are not set up: the config file needs a [summaries] \
                          section with an endpoint and a model (`lunwen config --default` \
                          shows it; the README has an example for each provider)";

pub fn summarize(
    options: &Options,
    store: &Store,
    settings: Option<&Settings>,
    args: &SummarizeArgs,
    io: &mut Io,
) -> Result<u8> {
    let settings = settings.ok_or_else(|| Error::Message(NOT_SET_UP.into()))?;
    let mut index = Index::open(store)?;
    if !args.ids.is_empty() {
        let named = summaries::wanted_by_id(&index, &args.ids, args.force)?;
        for id in &named.not_cached {
            io.error(format_args!(
                "no paper {} in the cache",
                crate::text::sanitize_line(id)
            ));
        }
        for note in named.notes {
            io.note(note);
        }
        let status = u8::from(!named.not_cached.is_empty());
        if named.wanted.is_empty() {
            return Ok(status);
        }
        let made = carry_out(options, &mut index, settings, &named.wanted, args.force, io)?;
        return Ok(status.max(made));
    }
    let days = args.span.days()?;
    let dates = dates_of(&index, days)?;
    if dates.is_empty() {
        io.note(no_days(days));
        return Ok(0);
    }
    let (wanted, unread) = summaries::wanted_on(store, &dates, args.force);
    for err in unread {
        io.warn(format_args!("skipped {err}"));
    }
    if wanted.is_empty() {
        io.note(if args.force {
            "no paper there is without Chinese of its own"
        } else {
            "every paper there has Chinese already; --force asks again for what a model wrote"
        });
        return Ok(0);
    }
    carry_out(options, &mut index, settings, &wanted, args.force, io)
}

/// The summaries step of a sync: the papers of the days it saved that have no Chinese.
pub fn after_sync(
    options: &Options,
    index: &mut Index,
    settings: &Settings,
    days: &[NaiveDate],
    io: &mut Io,
) -> Result<u8> {
    let (wanted, unread) = summaries::wanted_on(index.store(), days, false);
    for err in unread {
        io.warn(format_args!("skipped {err}"));
    }
    if wanted.is_empty() {
        return Ok(0);
    }
    carry_out(options, index, settings, &wanted, false, io)
}

/// What is said of a span that holds no cached day.
fn no_days(days: Days) -> String {
    match days {
        Days::Range(from, to) if from == NaiveDate::MIN => format!("no day until {to} is cached"),
        Days::Range(from, to) if to == NaiveDate::MAX => {
            format!("no day from {from} on is cached; `lunwen sync --since {from}` fetches them")
        }
        Days::Range(from, to) => format!(
            "no day from {from} to {to} is cached; `lunwen sync --since {from} --until {to}` \
             fetches them"
        ),
        _ => "no day is cached; `lunwen sync` fetches the last week's".to_string(),
    }
}

/// The cached days a span names, newest first.
fn dates_of(index: &Index, days: Days) -> Result<Vec<NaiveDate>> {
    let cached = index.readable_dates()?;
    Ok(match days {
        Days::One(None) => cached.into_iter().take(1).collect(),
        Days::One(Some(date)) if cached.contains(&date) => vec![date],
        Days::One(Some(date)) => {
            return Err(Error::Message(format!(
                "no digest of {date} is cached; `lunwen sync --date {date}` fetches it"
            )));
        }
        Days::Range(from, to) => cached
            .into_iter()
            .filter(|date| (from..=to).contains(date))
            .collect(),
        Days::All => cached,
    })
}

fn carry_out(
    options: &Options,
    index: &mut Index,
    settings: &Settings,
    wanted: &[Wanted],
    force: bool,
    io: &mut Io,
) -> Result<u8> {
    let job = Job::new(settings, force).map_err(Error::Message)?;
    let answers = Answers::open(&options.data_dir()?)?;
    let bar = (wanted.len() > BAR_AFTER_PAPERS && std::io::stderr().is_terminal()).then(|| {
        let bar =
            ProgressBar::with_draw_target(Some(wanted.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} papers  {wide_msg}") {
            bar.set_style(style);
        }
        bar.tick();
        bar
    });
    let mut printing: Result<()> = Ok(());
    let summary = summaries::run(
        &job,
        wanted,
        index,
        &answers,
        &mut |progress| match progress {
            Progress::Started { .. } => {}
            Progress::Waiting(wait) => {
                let message = format!(
                    "{}: {}; asking again in {}",
                    wait.at,
                    wait.why,
                    crate::sync::http::seconds(wait.wait)
                );
                match &bar {
                    Some(bar) => bar.set_message(crate::text::sanitize_line(&message).into_owned()),
                    None => io.note(message),
                }
            }
            Progress::Paper { report, .. } => {
                let mut say = || match &report.outcome {
                    Outcome::Failed(why) => io.error(format_args!("{}: {why}", report.named())),
                    Outcome::NotAsked => {}
                    _ if printing.is_ok() => printing = io.print(&format!("{}\n", report.line())),
                    _ => {}
                };
                match &bar {
                    Some(bar) => {
                        bar.suspend(say);
                        bar.inc(1);
                    }
                    None => say(),
                }
            }
        },
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    printing?;
    if let Some(halted) = &summary.halted {
        io.error(halted);
    }
    io.note(summary.total(&settings.model));
    let failed = summary.failed() > 0 || summary.halted.is_some();
    Ok(u8::from(failed))
}
