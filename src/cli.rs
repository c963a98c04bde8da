//! The command line: arguments, and every command that works without the reader's screen.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{Days, NaiveDate};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::format::{self, Format};
use crate::json;
use crate::library::Library;
use crate::model::{self, DatedPaper, Digest, Paper};
use crate::paper_view;
use crate::sample::SAMPLE_NOTICE;
use crate::store::{self, Saved, Store};
use crate::tags;
use crate::text::{self, Widths};

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
    /// Read a day, counting relative ones back from `today`.
    pub fn parse(text: &str, today: NaiveDate) -> std::result::Result<Day, String> {
        let given = text.trim();
        let days_back = if given.eq_ignore_ascii_case("today") {
            0
        } else if given.eq_ignore_ascii_case("yesterday") {
            1
        } else if let Some(number) = given.strip_prefix('-')
            && !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
        {
            // Too many digits for a number is as far out of the calendar as a big number.
            number.parse::<u64>().unwrap_or(u64::MAX)
        } else {
            return model::parse_date(given).map(Day).ok_or_else(|| {
                format!(
                    "{} is not a day: write YYYY-MM-DD, today, yesterday or -N",
                    crate::error::quote(text)
                )
            });
        };
        today
            .checked_sub_days(Days::new(days_back))
            .map(Day)
            .ok_or_else(|| {
                format!(
                    "{} goes back further than the calendar does",
                    crate::error::quote(text)
                )
            })
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

    /// For terminals that draw "ambiguous" characters (“ ” … · box lines) two cells wide,
    /// as many CJK setups do: measure them as wide and draw borders narrow everywhere
    #[arg(
        long,
        global = true,
        env = "LUNWEN_AMBIGUOUS_WIDE",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub cjk_terminal: bool,
}

impl Options {
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
        /// The day to list: YYYY-MM-DD, today, yesterday or -N (N days back)
        #[arg(
            long,
            value_name = "DAY",
            allow_negative_numbers = true,
            conflicts_with = "all"
        )]
        date: Option<Day>,
        /// List every cached day, newest first
        #[arg(long)]
        all: bool,
        /// Only papers with this tag, by name or by the label the reader shows (FL for
        /// Frontier Lab), in any case; repeat for any of several tags
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
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
    /// List the cached days, newest first, with their paper counts
    Dates {
        /// Print a JSON array of {date, papers}
        #[arg(long)]
        json: bool,
    },
    /// Print a day's digest (the newest by default) in Markdown or JSON
    Export {
        /// The day to export: YYYY-MM-DD, today, yesterday or -N (N days back)
        #[arg(long, value_name = "DAY", allow_negative_numbers = true)]
        date: Option<Day>,
        /// The format to write
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
    },
    /// Print the folders lunwen uses
    Path,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Json,
}

/// Where a command writes: its output, and its messages.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// How wide tables and wrapped text may be.
    pub width: usize,
    /// Whether `out` is a terminal, which must never receive a digest's escape sequences.
    pub out_is_terminal: bool,
}

/// Run a command that does not need the reader. Returns the process exit status.
pub fn run(options: &Options, command: &Command, io: &mut Io) -> u8 {
    let outcome = options.store().and_then(|store| match command {
        Command::Import { paths } => import(&store, paths, io),
        Command::List {
            date,
            all,
            tags,
            json,
            table,
        } => list(
            options,
            store,
            date.map(Day::date),
            *all,
            tags,
            Output::of(*json, *table, io),
            io,
        ),
        Command::Show { arxiv_id, json } => show(options, store, arxiv_id, *json, io),
        Command::Dates { json } => dates(store, *json, io),
        Command::Export { date, format } => export(store, date.map(Day::date), *format, io),
        Command::Path => path(&store, io),
    });
    match outcome {
        Ok(status) => status,
        Err(err) if is_broken_pipe(&err) => 0,
        Err(err) => {
            let _ = writeln!(io.err, "error: {err}");
            1
        }
    }
}

fn is_broken_pipe(err: &Error) -> bool {
    matches!(err, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
}

fn stdout_error(err: io::Error) -> Error {
    Error::io("<stdout>", err)
}

fn warn(io: &mut Io, err: &dyn std::fmt::Display) {
    let _ = writeln!(io.err, "warning: {err}");
}

/// Open the cache for reading, telling the user when they are looking at the sample.
fn open_library(store: Store, io: &mut Io) -> Result<Library> {
    let library = Library::open(store)?;
    if library.is_sample() {
        let _ = writeln!(io.err, "note: showing the {SAMPLE_NOTICE}");
    }
    Ok(library)
}

/// The digest of `date`, or the newest readable one; cache files that do not load are
/// named on stderr.
fn one_day(library: &mut Library, date: Option<NaiveDate>, io: &mut Io) -> Result<Digest> {
    match date {
        Some(date) => library.load(date),
        None => {
            let was_sample = library.is_sample();
            let (digest, skipped) = library.newest();
            for err in &skipped {
                warn(io, &format_args!("skipped {err}"));
            }
            if library.is_sample() && !was_sample {
                let _ = writeln!(
                    io.err,
                    "note: no cached digest could be read; showing the {SAMPLE_NOTICE}"
                );
            }
            Ok(digest)
        }
    }
}

fn import(store: &Store, paths: &[PathBuf], io: &mut Io) -> Result<u8> {
    store.prepare()?;
    // Once for the whole import: a folder of thousands of digests is one scan, not thousands.
    store.clean_leftovers();
    let mut failed = false;
    let files = digest_files(paths, io, &mut failed);
    if files.is_empty() && !failed {
        let _ = writeln!(io.err, "note: no .md or .json digests found there");
    }
    for file in files {
        let shown = text::sanitize_line(&file.display().to_string()).into_owned();
        let parsed = match format::read_file(&file) {
            Ok(parsed) => parsed,
            Err(err) => {
                let _ = writeln!(io.err, "error: {err}");
                failed = true;
                continue;
            }
        };
        for warning in &parsed.warnings {
            warn(io, &warning.clone().in_file(&file));
        }
        let digest = &parsed.digest;
        match store.save(digest) {
            Ok(saved) => {
                writeln!(io.out, "{} from {shown}", what_import_did(digest, saved))
                    .map_err(stdout_error)?;
            }
            Err(err) => {
                let _ = writeln!(io.err, "error: {shown}: could not save: {err}");
                failed = true;
            }
        }
    }
    Ok(u8::from(failed))
}

/// `imported 2026-02-05 (12 papers)`, `unchanged …`, `replaced 2026-02-05: 12 → 3 papers`.
fn what_import_did(digest: &Digest, saved: Saved) -> String {
    let date = digest.date;
    let papers = model::papers_count(digest.papers.len());
    match saved {
        Saved::Added => format!("imported {date} ({papers})"),
        Saved::Unchanged => format!("unchanged {date} ({papers})"),
        Saved::Replaced {
            before: Some(before),
        } if before != digest.papers.len() => format!("replaced {date}: {before} → {papers}"),
        Saved::Replaced { before: Some(_) } => format!("replaced {date} ({papers}, changed)"),
        Saved::Replaced { before: None } => {
            format!("replaced {date} ({papers}; the cached copy did not load)")
        }
    }
}

/// The files an import names: files as given, folders searched (in name order) for digests.
fn digest_files(paths: &[PathBuf], io: &mut Io, failed: &mut bool) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            if let Err(err) = collect_digests(path, &mut files) {
                let _ = writeln!(io.err, "error: {err}");
                *failed = true;
            }
        } else {
            files.push(path.clone());
        }
    }
    files
}

/// Real folders are searched; links to folders are not followed, so a link loop cannot make
/// the search endless. Links to files are taken like files.
fn collect_digests(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|err| Error::io(dir, err))?;
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|entry| entry.path());
    for entry in entries {
        let path = entry.path();
        let is_real_folder = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if is_real_folder {
            collect_digests(&path, files)?;
        } else if !path.is_dir() && Format::of_path(&path).is_some() {
            files.push(path);
        }
    }
    Ok(())
}

/// How `list` prints its papers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Json,
    /// Columns padded and cut to the width, for reading on a terminal.
    Table,
    /// Whole fields separated by tabs, for `cut`, `awk` and `grep`.
    TabSeparated,
}

impl Output {
    fn of(json: bool, table: bool, io: &Io) -> Output {
        if json {
            Output::Json
        } else if table || io.out_is_terminal {
            Output::Table
        } else {
            Output::TabSeparated
        }
    }
}

fn list(
    options: &Options,
    store: Store,
    date: Option<NaiveDate>,
    all: bool,
    tags: &[String],
    output: Output,
    io: &mut Io,
) -> Result<u8> {
    let mut library = open_library(store, io)?;
    let digests = if all {
        let (digests, skipped) = library.all();
        for err in &skipped {
            warn(io, &format_args!("skipped {err}"));
        }
        digests
    } else {
        vec![one_day(&mut library, date, io)?]
    };
    let wanted = |paper: &Paper| {
        tags.is_empty()
            || paper
                .tags
                .iter()
                .any(|tag| tags.iter().any(|query| tags::names(query, tag)))
    };
    let rows: Vec<DatedPaper> = digests
        .iter()
        .flat_map(|digest| {
            digest
                .papers
                .iter()
                .filter(|paper| wanted(paper))
                .map(|paper| DatedPaper {
                    date: digest.date,
                    paper,
                })
        })
        .collect();
    note_unknown_tags(tags, &digests, options.widths(), io);
    let output = match output {
        Output::Json => {
            let sample = library.is_sample();
            let rows: Vec<_> = rows.iter().map(|row| Marked { row, sample }).collect();
            json::to_pretty(&rows)
        }
        Output::Table => table(&rows, all, options.widths(), io.width),
        Output::TabSeparated => tab_separated(&rows),
    };
    io.out.write_all(output.as_bytes()).map_err(stdout_error)?;
    Ok(0)
}

/// A `--json` row, marked `"sample": true` when it comes from the built-in sample rather than
/// the user's cache; real data carries no such key.
#[derive(Serialize)]
struct Marked<T: Serialize> {
    #[serde(flatten)]
    row: T,
    #[serde(skip_serializing_if = "is_false")]
    sample: bool,
}

fn is_false(value: &bool) -> bool {
    !value
}

/// Name the `--tag`s no listed paper has, with what a label stands for and the tags there are,
/// so a typo or a guess at a name is not mistaken for an empty day.
fn note_unknown_tags(queries: &[String], digests: &[Digest], widths: Widths, io: &mut Io) {
    let mut present: Vec<&str> = Vec::new();
    for tag in digests.iter().flat_map(|d| &d.papers).flat_map(|p| &p.tags) {
        if !present.iter().any(|p| p.eq_ignore_ascii_case(tag)) {
            present.push(tag);
        }
    }
    present.sort_by_key(|tag| tag.to_lowercase());
    let unknown: Vec<String> = queries
        .iter()
        .filter(|query| !present.iter().any(|tag| tags::names(query, tag)))
        .map(|query| {
            let meant = tags::meant_by(query, present.iter().copied());
            let query = text::sanitize_line(query);
            if meant.is_empty() {
                query.into_owned()
            } else {
                format!("{query} ({})", text::sanitize_line(&meant.join(" or ")))
            }
        })
        .collect();
    if unknown.is_empty() {
        return;
    }
    let there = if present.is_empty() {
        "no paper there has a tag".to_string()
    } else {
        let named: Vec<String> = present
            .iter()
            .map(|tag| tags::with_label(tag, widths))
            .collect();
        format!("the tags there are {}", named.join(", "))
    };
    let _ = writeln!(
        io.err,
        "note: no paper has the tag {}; {there}",
        unknown.join(" or ")
    );
}

/// `list` for other programs: a header naming the fields as `--json` does, then one line per
/// paper with every field whole, separated by tabs. Fields are made safe and kept on one line
/// (escape sequences go, tabs and line breaks become spaces), so none can shift the columns.
fn tab_separated(rows: &[DatedPaper]) -> String {
    const HEADER: [&str; 10] = [
        "date",
        "rank",
        "featured",
        "title_zh",
        "title_en",
        "score",
        "tags",
        "organization",
        "arxiv_id",
        "url",
    ];
    let mut out = HEADER.join("\t");
    out.push('\n');
    for row in rows {
        let paper = row.paper;
        let fields = [
            row.date.to_string(),
            paper.rank.to_string(),
            paper.featured.to_string(),
            paper.title_zh.clone().unwrap_or_default(),
            paper.title_en.clone().unwrap_or_default(),
            paper.score.map(|s| s.to_string()).unwrap_or_default(),
            paper.tags.join(", "),
            paper.organization.clone().unwrap_or_default(),
            paper.arxiv_id.clone().unwrap_or_default(),
            paper.url.clone(),
        ];
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            out.push_str(&text::sanitize_line(field));
        }
        out.push('\n');
    }
    out
}

/// One column of the `list` table.
struct Column {
    heading: &'static str,
    /// Which cell of a row the column shows.
    index: usize,
    right: bool,
    width: usize,
}

/// The `list` table: every column padded and cut by display width, so rows line up whatever
/// mix of Chinese, English and emoji the titles hold. Columns are as wide as their cells up
/// to a cap; the title takes the rest. No line is wider than `total`.
fn table(rows: &[DatedPaper], with_date: bool, widths: Widths, total: usize) -> String {
    let spec: [(&str, usize, bool); 7] = [
        ("DATE", 10, false),
        ("#", 6, true),
        ("TITLE", usize::MAX, false),
        ("SCORE", 10, true),
        ("TAGS", 24, false),
        ("ORGANIZATION", 20, false),
        ("ARXIV", 16, false),
    ];
    let cell = |heading: &str, row: &DatedPaper| -> String {
        let paper = row.paper;
        let text = match heading {
            "DATE" => row.date.to_string(),
            "#" if paper.featured => format!("🏆 {}", paper.rank),
            "#" => paper.rank.to_string(),
            "TITLE" => paper.title().to_string(),
            "SCORE" => paper.score_text().unwrap_or_default(),
            "TAGS" => paper.tags.join(", "),
            "ORGANIZATION" => paper.organization.clone().unwrap_or_default(),
            _ => paper.arxiv_id.clone().unwrap_or_default(),
        };
        text::sanitize_line(&text).into_owned()
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            spec.iter()
                .map(|(heading, _, _)| cell(heading, row))
                .collect()
        })
        .collect();
    let mut columns: Vec<Column> = spec
        .iter()
        .enumerate()
        .filter(|(_, (heading, _, _))| with_date || *heading != "DATE")
        .map(|(i, &(heading, cap, right))| {
            let widest = cells
                .iter()
                .map(|row| widths.str_width(&row[i]))
                .max()
                .unwrap_or(0);
            // As wide as the widest cell, up to the column's cap.
            Column {
                heading,
                index: i,
                right,
                width: widest.max(heading.len()).min(cap),
            }
        })
        .collect();
    // Narrow terminals lose columns, least useful first, before the title gets too short.
    let others = |columns: &[Column]| {
        columns
            .iter()
            .filter(|c| c.heading != "TITLE")
            .map(|c| c.width + 2)
            .sum::<usize>()
    };
    let title_needs = [
        ("ORGANIZATION", 24),
        ("TAGS", 24),
        ("ARXIV", 24),
        ("SCORE", 8),
        ("DATE", 8),
    ];
    for (dropped, needs) in title_needs {
        if total >= others(&columns) + needs {
            break;
        }
        columns.retain(|c| c.heading != dropped);
    }
    let room = total.saturating_sub(others(&columns));
    if let Some(title) = columns.iter_mut().find(|c| c.heading == "TITLE") {
        title.width = title.width.min(room);
    }

    let mut out = String::new();
    let headings: Vec<String> = columns.iter().map(|c| c.heading.to_string()).collect();
    push_row(&mut out, &columns, &headings, widths, total);
    for row in &cells {
        let shown: Vec<String> = columns.iter().map(|c| row[c.index].clone()).collect();
        push_row(&mut out, &columns, &shown, widths, total);
    }
    out
}

fn push_row(out: &mut String, columns: &[Column], cells: &[String], widths: Widths, total: usize) {
    let mut line = String::new();
    for (i, (column, cell)) in columns.iter().zip(cells).enumerate() {
        if i > 0 {
            line.push_str("  ");
        }
        if column.right {
            line.push_str(&text::pad_left(cell, column.width, widths));
        } else {
            line.push_str(&text::pad_right(cell, column.width, widths));
        }
    }
    // Only a terminal narrower than the rank column itself needs this.
    out.push_str(&text::truncate(line.trim_end(), total, widths));
    out.push('\n');
}

fn show(options: &Options, store: Store, arxiv_id: &str, json: bool, io: &mut Io) -> Result<u8> {
    let library = open_library(store, io)?;
    for &date in library.dates() {
        let digest = match library.load(date) {
            Ok(digest) => digest,
            Err(err) => {
                warn(io, &format_args!("skipped {err}"));
                continue;
            }
        };
        let Some(paper) = digest.papers.iter().find(|p| p.is_called(arxiv_id)) else {
            continue;
        };
        let output = if json {
            json::to_pretty(&DatedPaper { date, paper })
        } else {
            let lines = paper_view::lines(
                paper,
                date,
                io.width.max(1),
                options.widths(),
                paper_view::Lead::default(),
            );
            paper_view::plain_text(&lines)
        };
        io.out.write_all(output.as_bytes()).map_err(stdout_error)?;
        return Ok(0);
    }
    Err(Error::Message(format!(
        "no paper {} in the cache",
        text::sanitize_line(arxiv_id)
    )))
}

fn dates(store: Store, json: bool, io: &mut Io) -> Result<u8> {
    let library = open_library(store, io)?;
    let mut rows = Vec::new();
    for &date in library.dates() {
        match library.load(date) {
            Ok(digest) => rows.push((date, digest.papers.len())),
            Err(err) => warn(io, &format_args!("skipped {err}")),
        }
    }
    let output = if json {
        let sample = library.is_sample();
        let rows: Vec<_> = rows
            .iter()
            .map(|(date, papers)| Marked {
                row: DayRow {
                    date: date.to_string(),
                    papers: *papers,
                },
                sample,
            })
            .collect();
        json::to_pretty(&rows)
    } else {
        rows.iter()
            .map(|(date, papers)| {
                format!(
                    "{date}  {:>3} {}\n",
                    papers,
                    if *papers == 1 { "paper" } else { "papers" }
                )
            })
            .collect()
    };
    io.out.write_all(output.as_bytes()).map_err(stdout_error)?;
    Ok(0)
}

/// A row of `dates --json`.
#[derive(Serialize)]
struct DayRow {
    date: String,
    papers: usize,
}

fn export(store: Store, date: Option<NaiveDate>, format: ExportFormat, io: &mut Io) -> Result<u8> {
    let mut library = open_library(store, io)?;
    let digest = one_day(&mut library, date, io)?;
    let format = match format {
        ExportFormat::Md => Format::Markdown,
        ExportFormat::Json => Format::Json,
    };
    let rendered = format::render(&digest, format);
    // Redirected, the export is the digest exactly; on a screen, it is only its text.
    let rendered = if io.out_is_terminal {
        text::sanitize(&rendered)
    } else {
        rendered.into()
    };
    io.out
        .write_all(rendered.as_bytes())
        .map_err(stdout_error)?;
    Ok(0)
}

fn path(store: &Store, io: &mut Io) -> Result<u8> {
    writeln!(
        io.out,
        "cache    {}\ndigests  {}",
        text::sanitize_line(&store.cache_dir().display().to_string()),
        text::sanitize_line(&store.digests_dir().display().to_string())
    )
    .map_err(stdout_error)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        model::parse_date(text).unwrap()
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
            Some(Command::List { date: Some(d), .. }) if Some(d.date()) == yesterday
        ));
    }

    #[test]
    fn no_table_row_is_wider_than_the_terminal() {
        let sample = crate::sample::digest();
        let tricky = std::fs::read_to_string("tests/fixtures/2026-03-01-tricky.md").unwrap();
        let tricky = crate::markdown::parse(&tricky).unwrap().digest;
        let rows: Vec<DatedPaper> = [&sample, &tricky]
            .into_iter()
            .flat_map(|digest| {
                digest.papers.iter().map(|paper| DatedPaper {
                    date: digest.date,
                    paper,
                })
            })
            .collect();
        for widths in [Widths::Standard, Widths::AmbiguousWide] {
            for with_date in [false, true] {
                for total in 1..=160 {
                    let out = table(&rows, with_date, widths, total);
                    assert_eq!(out.lines().count(), 1 + rows.len());
                    for line in out.lines() {
                        assert!(
                            widths.str_width(line) <= total,
                            "{total} {widths:?}: {line:?}"
                        );
                    }
                }
            }
        }
    }
}
