//! The command line: its arguments (in `args`) and every command that works without the
//! reader's screen, a module each. Everything they print for people goes through [`Io`],
//! which makes text safe for the terminal on its way out.

mod acting;
mod args;
mod dates;
mod export;
mod import;
mod list;
pub mod log;
mod marks;
mod note;
mod search;
mod setup;
mod show;
mod stats;
mod summarize;
mod sync;
mod zotero;

use crate::storage::index::Look;
use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

pub use self::args::{
    Cli, Command, Day, Days, ExportFormat, Options, SummarizeArgs, SyncArgs, ZoteroCommand,
    check_span,
};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::Digest;
use crate::storage::index::{self, Index};
use crate::storage::library::{Library, Source};
use crate::storage::store::Store;
use crate::text;

/// Where a command writes: its output, and its messages. Text for people is made safe for
/// the terminal here, on its way out, so no command can forget it: escape sequences and
/// control characters in digests never reach the screen.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// How wide tables and wrapped text may be.
    pub width: usize,
    /// Whether `out` is a terminal, which must never receive a digest's escape sequences.
    pub out_is_terminal: bool,
    /// Whether anything has been printed on `out` yet.
    pub printed: bool,
}

impl Io<'_> {
    /// Print text for people: line breaks and tabs (which separate piped fields) are kept,
    /// everything else is made safe.
    pub fn print(&mut self, text: &str) -> Result<()> {
        let safe: Vec<_> = text.split('\t').map(text::sanitize).collect();
        self.printed = true;
        self.out
            .write_all(safe.join("\t").as_bytes())
            .and_then(|()| self.out.flush())
            .map_err(stdout_error)
    }

    /// Print data exactly as it is: JSON, whose formatter escapes every control character,
    /// and a digest exported to a file.
    pub fn print_exact(&mut self, data: &str) -> Result<()> {
        self.printed = true;
        self.out.write_all(data.as_bytes()).map_err(stdout_error)
    }

    /// [`Io::print_exact`] of text already made safe, as bytes.
    pub fn print_bytes(&mut self, data: &[u8]) -> Result<()> {
        self.printed = true;
        self.out.write_all(data).map_err(stdout_error)
    }

    /// A message on stderr: `warning: …`, `note: …`, `error: …`.
    pub fn say(&mut self, kind: &str, message: impl std::fmt::Display) {
        let message = format!("{kind}: {message}\n");
        tracing::info!("said {}", message.trim_end());
        let _ = self.err.write_all(text::sanitize(&message).as_bytes());
    }

    pub fn warn(&mut self, message: impl std::fmt::Display) {
        self.say("warning", message);
    }

    pub fn note(&mut self, message: impl std::fmt::Display) {
        self.say("note", message);
    }

    pub fn error(&mut self, message: impl std::fmt::Display) {
        self.say("error", message);
    }
}

/// Run a command that does not need the reader. Returns the process exit status.
pub fn run(options: &Options, command: &Command, io: &mut Io) -> u8 {
    let (_, config, problems) = options.config();
    if !matches!(command, Command::Config { .. }) {
        for problem in &problems {
            io.warn(problem);
        }
    }
    let prefs = Prefs {
        widths: options.widths_with(&config),
        lead: config.lead,
    };
    let outcome = match command {
        Command::Config { default } => setup::config(options, *default, io),
        Command::Completions { shell } => setup::completions(*shell, io),
        Command::Man { dir } => setup::man(dir, io),
        Command::Sync(args) => options.store().and_then(|store| {
            let summaries = config.summaries.as_ref().filter(|_| !args.no_summaries);
            let notify = crate::sync::notify::Notify {
                watches: config.watches.clone(),
                command: config.notify_command.clone(),
            };
            sync::sync(options, &store, &config.sync, summaries, &notify, args, io)
        }),
        Command::Summarize(args) => options.store().and_then(|store| {
            summarize::summarize(options, &store, config.summaries.as_ref(), args, io)
        }),
        Command::Zotero(command) => options
            .store()
            .and_then(|store| zotero::zotero(options, &store, &config.zotero, command, io)),
        _ => {
            let run = |io: &mut Io| {
                options
                    .store()
                    .and_then(|store| run_on_cache(command, options, store, prefs, &config, io))
            };
            // Once something has been printed, the command cannot start over.
            let again = |io: &mut Io, why: String| match io.printed {
                false => {
                    io.warn(&why);
                    Ok(())
                }
                true => Err(Error::Message(format!(
                    "{why}; what was printed is cut short: run the command again"
                ))),
            };
            index::again_if_damaged(io, run, again)
        }
    };
    match outcome {
        Ok(status) => status,
        Err(err) if is_broken_pipe(&err) => 0,
        Err(err) => {
            io.error(&err);
            if matches!(err, Error::Usage(_)) { 2 } else { 1 }
        }
    }
}

/// How the user wants text measured and titles led, from the flags and the config file.
#[derive(Debug, Clone, Copy)]
pub struct Prefs {
    pub widths: crate::text::Widths,
    pub lead: crate::model::paper_view::Lead,
}

fn run_on_cache(
    command: &Command,
    options: &Options,
    store: Store,
    prefs: Prefs,
    config: &Config,
    io: &mut Io,
) -> Result<u8> {
    use marks::Change;
    match command {
        Command::Import { paths } => import::import(&store, paths, io),
        Command::List {
            span,
            query,
            watch,
            tags,
            sort,
            reverse,
            limit,
            json,
            table,
        } => {
            let (days, query) = watched(span.days()?, query, watch.as_deref(), config)?;
            let request = list::Request {
                days,
                query: query.as_deref(),
                tags,
                sort: *sort,
                reverse: *reverse,
                limit: *limit,
                output: list::Output::of(*json, *table, io),
            };
            list::list(prefs, options, store, &request, io)
        }
        Command::Show { arxiv_id, json } => show::show(prefs, store, arxiv_id, *json, io),
        Command::Dates { limit, all, json } => {
            let shown = match all {
                true => None,
                false => Some(limit.unwrap_or(dates::SHOWN)),
            };
            dates::dates(store, shown, *json, io)
        }
        Command::Export {
            span,
            query,
            watch,
            format,
            complete,
        } => {
            let (days, query) = watched(span.days()?, query, watch.as_deref(), config)?;
            let request = export::Request {
                days,
                query: query.as_deref(),
                watch: watch.as_deref(),
                format: *format,
                complete: *complete,
            };
            export::export(options, store, &request, prefs, io)
        }
        Command::Star { ids } => marks::mark(options, &store, ids, Change::Star, prefs, io),
        Command::Unstar { ids } => marks::mark(options, &store, ids, Change::Unstar, prefs, io),
        Command::Read { ids, date: None } => {
            marks::mark(options, &store, ids, Change::Read, prefs, io)
        }
        Command::Read {
            date: Some(day), ..
        } => acting::read_day(options, &store, day.date(), io),
        Command::Label { args, remove, json } => {
            acting::label(options, &store, args, *remove, *json, prefs, io)
        }
        Command::Queue {
            ids,
            remove: false,
            json,
            table,
        } if ids.is_empty() => {
            let output = list::Output::of(*json, *table, io);
            acting::queue(options, &store, output, prefs, io)
        }
        Command::Queue { ids, remove, .. } => {
            let change = if *remove {
                Change::Unqueue
            } else {
                Change::Queue
            };
            marks::mark(options, &store, ids, change, prefs, io)
        }
        Command::Hide { ids } => marks::mark(options, &store, ids, Change::Hide, prefs, io),
        Command::Unhide { ids } => marks::mark(options, &store, ids, Change::Unhide, prefs, io),
        Command::Unread { ids } => marks::mark(options, &store, ids, Change::Unread, prefs, io),
        Command::Status { json } => marks::status(options, &store, &config.watches, *json, io),
        Command::Note { id, print } => note::note(options, &store, id, *print, io),
        Command::Path => setup::path(&store, options, io),
        Command::Stats { since, until, json } => stats::stats(
            options,
            store,
            since.map(Day::date),
            until.map(Day::date),
            *json,
            prefs,
            io,
        ),
        Command::Config { .. }
        | Command::Completions { .. }
        | Command::Man { .. }
        | Command::Sync(_)
        | Command::Summarize(_)
        | Command::Zotero(_) => Ok(0),
    }
}

/// The days and the query of `--watch NAME`: the watch's query, over every cached day unless
/// days are named; without `--watch`, those given.
fn watched(
    days: Days,
    query: &Option<String>,
    watch: Option<&str>,
    config: &Config,
) -> Result<(Days, Option<String>)> {
    let Some(name) = watch else {
        return Ok((days, query.clone()));
    };
    let watch = crate::query::watch::named(&config.watches, name).map_err(Error::Usage)?;
    let days = match days {
        Days::One(None) => Days::All,
        named => named,
    };
    Ok((days, Some(watch.query.clone())))
}

pub fn is_broken_pipe(err: &Error) -> bool {
    matches!(err, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
}

pub fn stdout_error(err: io::Error) -> Error {
    Error::io("<stdout>", err)
}

/// The index of the days shown, for a command that only reads. Where the cache's index cannot
/// be used (a read-only or full cache, another program's file in its place) the command reads
/// the digests instead, and says so once.
pub fn index_to_read(library: &Library, io: &mut Io) -> Result<Index> {
    said_in_memory(library.open_index(Look::EveryDay)?, io)
}

/// [`index_to_read`] for an answer from a few days, which looks at the digests folder and
/// not at every day's file: the command checks the days it answers from
/// ([`Index::check_days`]).
pub fn index_for_days(library: &Library, io: &mut Io) -> Result<Index> {
    said_in_memory(library.open_index(Look::Folder)?, io)
}

/// [`index_to_read`] of the cache itself, even while the built-in sample is shown: for marks
/// and the status, which are of the user's own papers.
pub fn cache_index_to_read(store: &Store, look: Look, io: &mut Io) -> Result<Index> {
    said_in_memory(Index::open_anyway_looking(store, look)?, io)
}

fn said_in_memory(index: Index, io: &mut Io) -> Result<Index> {
    if let Some(why) = index.in_memory() {
        io.warn(why);
    }
    Ok(index)
}

/// Open the cache for reading, telling the user when they are looking at the built-in sample.
pub fn open_library(store: Store, io: &mut Io) -> Result<Library> {
    let library = Library::open(store)?;
    if let Some(notice) = library.source().notice() {
        io.note(format_args!("showing the {notice}"));
    }
    Ok(library)
}

/// The digest of `date`, or the newest readable one; cache files that do not load are
/// named on stderr.
pub fn one_day(library: &mut Library, date: Option<NaiveDate>, io: &mut Io) -> Result<Digest> {
    match date {
        Some(date) => library.load(date),
        None => {
            let was = library.source();
            let (digest, skipped) = library.newest();
            for err in &skipped {
                io.warn(format_args!("skipped {err}"));
            }
            if library.source() != was
                && let Some(notice) = library.source().notice()
            {
                io.note(format_args!(
                    "no cached digest could be read; showing the {notice}"
                ));
            }
            Ok(digest)
        }
    }
}

/// A `--json` row, marked `"sample": true` when it comes from the built-in sample rather than
/// the user's cache; real data carries no such key.
#[derive(Serialize)]
pub struct Marked<T: Serialize> {
    #[serde(flatten)]
    row: T,
    #[serde(skip_serializing_if = "is_false")]
    sample: bool,
}

impl<T: Serialize> Marked<T> {
    pub fn new(row: T, source: Source) -> Marked<T> {
        Marked {
            row,
            sample: source == Source::Sample,
        }
    }
}

/// The last field of a `--json` row written out as text, as [`Marked`] adds it: `,` and the
/// field on a line of its own, indented as `list --json` indents a row's fields.
pub fn marked_json_tail(source: Source) -> &'static str {
    match source {
        Source::Cache => "",
        Source::Sample => ",\n    \"sample\": true",
    }
}

fn is_false(value: &bool) -> bool {
    !value
}
