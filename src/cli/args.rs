//! The command line's arguments: what each command takes, read and checked once.

use std::path::PathBuf;
use std::str::FromStr;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{self, Config};
use crate::error::{Error, Result};
use crate::query::date;
use crate::query::order::SortKey;
use crate::storage::marks::Marks;
use crate::storage::notes::{self, Notes};
use crate::storage::store::{self, Store};
use crate::text::Widths;

/// A terminal reader for daily AI-paper digests (每日论文汇总).
///
/// With no command, lunwen opens the reader on the newest cached digest, or on the built-in
/// sample while the cache is empty.
#[derive(Debug, Parser)]
#[command(name = "lunwen", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub options: Options,
    /// The day the reader opens on: YYYY-MM-DD, today, yesterday or -N (N days back)
    /// [default: the newest cached day]
    #[arg(long, value_name = "DAY", allow_negative_numbers = true)]
    pub date: Option<Day>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Read the command line. `--date` before a command would be the reader's, which a command
    /// does not open: that is an error rather than a day silently not shown.
    pub fn from_args<I, T>(args: I) -> std::result::Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let cli = Cli::try_parse_from(args)?;
        if cli.date.is_some() && cli.command.is_some() {
            return Err(<Cli as clap::CommandFactory>::command().error(
                clap::error::ErrorKind::ArgumentConflict,
                "`--date` before a command is the day the reader opens on; \
                 put it after the command (`lunwen list --date DAY`)",
            ));
        }
        Ok(cli)
    }

    /// The day the reader should open on, when one was asked for (`lunwen --date D`).
    pub fn reader_day(&self) -> Option<NaiveDate> {
        self.date.map(Day::date)
    }
}

/// A day as the command line takes it: `YYYY-MM-DD`, `today`, `yesterday`, or `-N` for N days
/// before today. Relative days count back from the local date when the command line is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(NaiveDate);

impl Day {
    /// Read a day, counting relative ones back from `today` (see [`date::day`]).
    pub fn parse(text: &str, today: NaiveDate) -> std::result::Result<Day, String> {
        date::day(text, today).map(Day)
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }
}

impl FromStr for Day {
    type Err = String;

    /// Relative days are counted from today in the local time zone.
    fn from_str(text: &str) -> std::result::Result<Day, String> {
        Day::parse(text, chrono::Local::now().date_naive())
    }
}

/// Settings every command shares.
#[derive(Debug, Args)]
pub struct Options {
    /// The cache folder [default: LUNWEN_CACHE_DIR, else the platform's cache folder]
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// The data folder, where your read and starred marks are kept [default: LUNWEN_DATA_DIR,
    /// else the platform's data folder]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// For terminals that draw "ambiguous" characters (“ ” … · box lines) two cells wide,
    /// as many CJK setups do: measure them as wide and draw borders narrow everywhere
    #[arg(
        long,
        global = true,
        env = "LUNWEN_AMBIGUOUS_WIDE",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub cjk_terminal: bool,

    /// The config file [default: LUNWEN_CONFIG, else config.toml in $XDG_CONFIG_HOME/lunwen,
    /// else in ~/.config/lunwen]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Write a log to send with a report of a problem: requests, steps and folders, never a
    /// key. FILE is appended to; a level word (debug, info) writes lunwen.log in
    /// $XDG_STATE_HOME/lunwen, else in ~/.local/state/lunwen [default: LUNWEN_LOG, else no log]
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        env = "LUNWEN_LOG",
        hide_env = true
    )]
    pub log: Option<PathBuf>,
}

impl Options {
    /// The config file in use, and what it says (each mistake in it with its place).
    pub fn config(&self) -> (Option<config::Location>, Config, Vec<config::Problem>) {
        let location = config::location(self.config.clone());
        let (config, problems) = config::load(location.as_ref());
        (location, config, problems)
    }

    /// How to measure text: wide ambiguous characters when the flag, the environment or the
    /// config file asks for them.
    pub fn widths_with(&self, config: &Config) -> Widths {
        if config.cjk_terminal {
            Widths::AmbiguousWide
        } else {
            self.widths()
        }
    }

    pub fn widths(&self) -> Widths {
        if self.cjk_terminal {
            Widths::AmbiguousWide
        } else {
            Widths::Standard
        }
    }

    pub fn store(&self) -> Result<Store> {
        store::cache_dir(self.cache_dir.clone()).map(Store::new)
    }

    /// The data folder in use (see [`store::data_dir`]).
    pub fn data_dir(&self) -> Result<PathBuf> {
        store::data_dir(self.data_dir.clone())
    }

    /// The notes folder in use: the config file's `[notes] folder`, else `notes/` of the data
    /// folder.
    pub fn notes(&self) -> Result<Notes> {
        self.notes_with(&self.config().1)
    }

    /// [`Options::notes`] with the config file already read.
    pub fn notes_with(&self, config: &Config) -> Result<Notes> {
        match &config.notes_folder {
            Some(folder) => Ok(Notes::new(folder)),
            None => Ok(Notes::new(self.data_dir()?.join(notes::FOLDER_NAME))),
        }
    }

    /// Open the marks in the data folder in use, which may not be in the cache folder.
    pub fn marks(&self, store: &Store) -> Result<Marks> {
        Marks::open_apart(&self.data_dir()?, store.cache_dir())
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import digests (.md or .json files, or folders of them) into the cache
    Import {
        /// Files or folders; folders are searched for .md and .json files
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// List the papers of a day (the newest by default): a table on a terminal, tab-separated
    /// fields when piped
    List {
        #[command(flatten)]
        span: Span,
        /// Only papers the query matches (words, tag:, org:, id:, score>, upvotes>, stars>,
        /// date:, is:, -, OR; see the README)
        #[arg(long, short, value_name = "QUERY", allow_hyphen_values = true)]
        query: Option<String>,
        /// Only the papers of this watch (a [[watch]] of the config file), from every cached
        /// day unless days are named
        #[arg(long, value_name = "NAME", conflicts_with = "query")]
        watch: Option<String>,
        /// Only papers with this tag, by name or by the label the reader shows (FL for
        /// Frontier Lab), in any case; repeat for any of several tags
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// The order: rank (the digest's, day by day), date, score, upvotes, stars or momentum
        /// (how much upvotes, then stars, grew over the days listed)
        #[arg(long, value_name = "KEY")]
        sort: Option<SortKey>,
        /// Turn the order round (oldest first, lowest first)
        #[arg(long)]
        reverse: bool,
        /// At most this many papers
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Print a JSON array of papers, each with its date
        #[arg(long, conflicts_with = "table")]
        json: bool,
        /// Print the table even when the output is not a terminal (as wide as COLUMNS, else 100)
        #[arg(long)]
        table: bool,
    },
    /// Show one paper in full (from the newest day it appears on)
    Show {
        /// The paper's arXiv id, such as 2602.04634
        arxiv_id: String,
        /// Print the paper as JSON, with its date
        #[arg(long)]
        json: bool,
    },
    /// List the cached days, newest first, with their paper counts: the newest 30 unless told
    /// otherwise
    Dates {
        /// At most this many days, the newest [default: 30]
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Every cached day
        #[arg(long, conflicts_with = "limit")]
        all: bool,
        /// Print a JSON array of {date, papers}
        #[arg(long)]
        json: bool,
    },
    /// Print a day's digest (the newest by default) in Markdown or JSON, or the papers a query
    /// or a span of days holds, in Markdown, JSON or BibTeX
    Export {
        #[command(flatten)]
        span: Span,
        /// Only the papers the query matches (see `lunwen list --help`); without --date,
        /// --since, --until or --all, every cached day is searched
        #[arg(long, short, value_name = "QUERY", allow_hyphen_values = true)]
        query: Option<String>,
        /// Only the papers of this watch (a [[watch]] of the config file), from every cached
        /// day unless days are named
        #[arg(long, value_name = "NAME", conflicts_with = "query")]
        watch: Option<String>,
        /// The format to write: md or json (a digest per day, one after another, as `import`
        /// reads them), a citation per paper for a reference manager: bibtex (an @misc entry),
        /// ris or csl-json, all with the same keys; or atom (a feed of the papers)
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
        /// First ask Hugging Face for the authors and abstract of the exported papers that
        /// lack them, and keep them in the cache
        #[arg(long)]
        complete: bool,
    },
    /// Fetch digests into the cache: from the config file's [[sources]], or from Hugging
    /// Face's Daily Papers when it names none. By default the days of the last week that are
    /// not cached, and today and yesterday again
    Sync(SyncArgs),
    /// Make the Chinese of cached papers that have none (a title, a summary, highlights,
    /// keywords) with the model the config file's [summaries] names: the newest day's by
    /// default, or the days or papers named
    Summarize(SummarizeArgs),
    /// Star papers, by arXiv id (with or without version, arXiv:ID, or a link)
    Star {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Take the star off papers
    Unstar {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Mark papers read (a paper in the reading queue leaves it), or every paper of a day
    /// with --date
    Read {
        #[arg(required_unless_present = "date", value_name = "ID")]
        ids: Vec<String>,
        /// Every paper of this day (YYYY-MM-DD, today, yesterday or -N), in one write; hidden
        /// papers are left as they are
        #[arg(
            long,
            value_name = "DAY",
            allow_negative_numbers = true,
            conflicts_with = "ids"
        )]
        date: Option<Day>,
    },
    /// Mark papers unread
    Unread {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Edit your note on a paper in $VISUAL, else $EDITOR, else vi: a Markdown file in the
    /// notes folder, made when new, its front matter (titles, arXiv id, link, labels, date)
    /// brought up to date
    Note {
        /// The paper: its arXiv id (with or without version, arXiv:ID), or its link
        #[arg(value_name = "ID")]
        id: String,
        /// Print the note (its front matter too) instead; exit 1 when there is none
        #[arg(long)]
        print: bool,
    },
    /// Put a label on papers (`lunwen label 2602.04634 agents`), take it off with --remove;
    /// with no paper, list the labels in use with how many papers carry each
    Label {
        /// The papers, then the label
        #[arg(value_name = "ID... LABEL")]
        args: Vec<String>,
        /// Take the label off instead
        #[arg(long)]
        remove: bool,
        /// Print the labels as JSON: [{"label", "papers"}]
        #[arg(long, conflicts_with = "remove")]
        json: bool,
    },
    /// Put papers in the reading queue, take them out with --remove; with no paper, list the
    /// queue in the order queued, as `list` lists papers
    Queue {
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        /// Take the papers out of the queue instead
        #[arg(long, requires = "ids")]
        remove: bool,
        /// Print the queue as a JSON array of papers, each with its date
        #[arg(long, conflicts_with_all = ["ids", "table"])]
        json: bool,
        /// Print the table even when the output is not a terminal
        #[arg(long, conflicts_with = "ids")]
        table: bool,
    },
    /// Hide papers from every view and list (`is:hidden` finds them)
    Hide {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Bring hidden papers back
    Unhide {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// One line for a status bar: the newest day's unread papers, the watches with unread
    /// papers, the queue and the starred ones (`3 unread today · agents 2 · 4 queued · 12
    /// starred`)
    Status {
        /// Print {"date", "papers", "unread", "watches": [{"name", "unread", "papers"}],
        /// "queued", "starred"} as JSON
        #[arg(long)]
        json: bool,
    },
    /// Zotero on this machine: `check` reads which papers are in your Zotero library (for
    /// is:zotero), `save` saves papers to it as its browser connector does
    #[command(subcommand)]
    Zotero(ZoteroCommand),
    /// The numbers of the cached days: topics and organizations week by week, the terms
    /// rising fastest, the papers whose upvotes and stars grew most, and the papers you read
    /// each day with your streak. By default the 12 weeks up to the newest cached day
    Stats {
        /// From this day on: YYYY-MM-DD, today, yesterday or -N [default: the Monday 11 weeks
        /// before --until's week]
        #[arg(long, value_name = "DAY", allow_negative_numbers = true)]
        since: Option<Day>,
        /// Up to this day [default: the newest cached day]
        #[arg(long, value_name = "DAY", allow_negative_numbers = true)]
        until: Option<Day>,
        /// Print {read_per_day, streak, weeks, topics, organizations, rising, movers} as JSON,
        /// each number with the query that lists its papers
        #[arg(long)]
        json: bool,
    },
    /// Print the folders lunwen uses
    Path,
    /// Print the config file in use, or with --default a commented file of every setting
    Config {
        /// Print every setting at its default, with what it does
        #[arg(long)]
        default: bool,
    },
    /// Print a shell completion script: `lunwen completions bash > ~/.local/share/bash-completion/completions/lunwen`
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Write the manual pages into a folder: lunwen.1, and a page for each command that it
    /// names (lunwen-list.1, …): `lunwen man ~/.local/share/man/man1`
    Man {
        /// The folder to write them in, made when it is missing
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

/// The days `list` and `export` read, as the command line names them.
#[derive(Debug, Args)]
pub struct Span {
    /// One day: YYYY-MM-DD, today, yesterday or -N (N days back) [default: the newest]
    #[arg(
        long,
        value_name = "DAY",
        allow_negative_numbers = true,
        conflicts_with_all = ["since", "until", "all"]
    )]
    pub date: Option<Day>,
    /// The days from this one on (up to --until, else the newest)
    #[arg(
        long,
        value_name = "DAY",
        allow_negative_numbers = true,
        conflicts_with = "all"
    )]
    pub since: Option<Day>,
    /// The days up to this one (from --since, else the oldest)
    #[arg(
        long,
        value_name = "DAY",
        allow_negative_numbers = true,
        conflicts_with = "all"
    )]
    pub until: Option<Day>,
    /// Every cached day, newest first
    #[arg(long)]
    pub all: bool,
}

impl Span {
    /// The days named; `--since` after `--until` is a mistake on the command line, as such a
    /// span holds no day.
    pub fn days(&self) -> Result<Days> {
        Ok(match (self.date, self.since, self.until, self.all) {
            (Some(day), ..) => Days::One(Some(day.date())),
            (_, _, _, true) => Days::All,
            (_, None, None, _) => Days::One(None),
            (_, since, until, _) => {
                let from = since.map_or(NaiveDate::MIN, Day::date);
                let to = until.map_or(NaiveDate::MAX, Day::date);
                check_span(from, to)?;
                Days::Range(from, to)
            }
        })
    }
}

/// Which days a command reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Days {
    /// One day; the newest readable one when `None`.
    One(Option<NaiveDate>),
    /// From a day to another, both included; an open end is the earliest or latest date.
    Range(NaiveDate, NaiveDate),
    All,
}

/// `--since` must not come after `--until`: such a span holds no day, which is a mistake on
/// the command line rather than an empty answer.
pub fn check_span(since: NaiveDate, until: NaiveDate) -> Result<()> {
    if since > until {
        return Err(Error::Usage(format!(
            "--since {since} is after --until {until}: no day is in between"
        )));
    }
    Ok(())
}

/// What `lunwen sync` is asked for.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only this source: a [[sources]] name from the config file, or huggingface
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// One day, fetched even when it is cached: YYYY-MM-DD, today, yesterday or -N
    #[arg(
        long,
        value_name = "DAY",
        allow_negative_numbers = true,
        conflicts_with = "since"
    )]
    pub date: Option<Day>,
    /// The days from this one on that are not cached (and today and yesterday again)
    #[arg(long, value_name = "DAY", allow_negative_numbers = true)]
    pub since: Option<Day>,
    /// The last day of --since [default: today]
    #[arg(
        long,
        value_name = "DAY",
        allow_negative_numbers = true,
        requires = "since"
    )]
    pub until: Option<Day>,
    /// Fetch the days asked for again even when they are cached
    #[arg(long)]
    pub force: bool,
    /// Make no Chinese for the papers without any, though the config file's [summaries]
    /// names a model
    #[arg(long)]
    pub no_summaries: bool,
}

/// What `lunwen zotero` is asked to do.
#[derive(Debug, Subcommand)]
pub enum ZoteroCommand {
    /// Read your Zotero library through Zotero's local API and keep which papers are in it
    /// (is:zotero); prints how many cached papers are
    Check,
    /// Save papers to Zotero by arXiv id (with or without version, arXiv:ID, or a link): a
    /// preprint with its authors, abstract and link, your labels as tags, and a note with
    /// your note and the Chinese summary. A paper already in the library is not saved again
    Save {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
}

/// What `lunwen summarize` is asked for.
#[derive(Debug, Args)]
pub struct SummarizeArgs {
    #[command(flatten)]
    pub span: Span,
    /// Only these papers, by arXiv id (with or without version, arXiv:ID, or a link), on
    /// every cached day that lists them
    #[arg(value_name = "ID", conflicts_with_all = ["date", "since", "until", "all"])]
    pub ids: Vec<String>,
    /// Ask again, also for papers a model has summarized before, and replace its Chinese
    /// (a digest's own Chinese is never replaced)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Json,
    Bibtex,
    Ris,
    CslJson,
    Atom,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        crate::model::parse_date(text).unwrap()
    }

    #[test]
    fn days_are_dates_or_counted_back_from_today() {
        let today = day("2026-03-01");
        let cases = [
            ("2026-02-05", "2026-02-05"),
            ("today", "2026-03-01"),
            ("TODAY", "2026-03-01"),
            ("yesterday", "2026-02-28"),
            (" yesterday ", "2026-02-28"),
            ("-0", "2026-03-01"),
            ("-1", "2026-02-28"),
            ("-29", "2026-01-31"),
            ("-365", "2025-03-01"),
        ];
        for (text, want) in cases {
            assert_eq!(Day::parse(text, today), Ok(Day(day(want))), "{text}");
        }
        for bad in [
            "tomorow",
            "",
            "-",
            "+1",
            "1",
            "--1",
            "-1d",
            "- 1",
            "2026-02-30",
            "２",
        ] {
            let err = Day::parse(bad, today).unwrap_err();
            assert_eq!(
                err,
                format!("{bad:?} is not a day: write YYYY-MM-DD, today, yesterday or -N"),
                "{bad}"
            );
        }
        for far in ["-99999999999999999999999", "-3000000000"] {
            let err = Day::parse(far, today).unwrap_err();
            assert!(
                err.ends_with("goes back further than the calendar does"),
                "{err}"
            );
        }
    }

    #[test]
    fn the_reader_takes_a_day_too() {
        let today = chrono::Local::now().date_naive();
        let reader_day = |args: &[&str]| Cli::from_args(args).unwrap().reader_day();
        assert_eq!(reader_day(&["lunwen"]), None);
        assert_eq!(
            reader_day(&["lunwen", "--date", "2026-02-05"]),
            Some(day("2026-02-05"))
        );
        assert_eq!(reader_day(&["lunwen", "--date", "today"]), Some(today));
        let yesterday = today.pred_opt();
        assert_eq!(reader_day(&["lunwen", "--date", "-1"]), yesterday);
        assert_eq!(reader_day(&["lunwen", "--date=-1"]), yesterday);
        assert_eq!(
            reader_day(&["lunwen", "--cjk-terminal", "--date", "yesterday"]),
            yesterday
        );
        let err = Cli::from_args(["lunwen", "--date", "-1", "list"]).unwrap_err();
        assert!(
            err.to_string().contains("put it after the command"),
            "{err}"
        );
        let list = Cli::from_args(["lunwen", "list", "--date", "-1"]).unwrap();
        assert_eq!(list.reader_day(), None);
        assert!(matches!(
            list.command,
            Some(Command::List { span: Span { date: Some(d), .. }, .. }) if Some(d.date()) == yesterday
        ));
    }
}
