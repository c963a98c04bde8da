//! The command line: arguments, and every command that works without the reader's screen.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::{Error, Result};
use crate::format::{self, Format};
use crate::json;
use crate::library::Library;
use crate::model::{self, DatedPaper, Digest, Paper};
use crate::paper_view;
use crate::sample::SAMPLE_NOTICE;
use crate::store::{self, Saved, Store};
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
    #[command(subcommand)]
    pub command: Option<Command>,
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
    /// List the papers of a day (the newest by default) as a table
    List {
        /// The day to list, YYYY-MM-DD
        #[arg(long, value_parser = parse_date_arg, conflicts_with = "all")]
        date: Option<NaiveDate>,
        /// List every cached day, newest first
        #[arg(long)]
        all: bool,
        /// Only papers with this tag (repeat for any of several tags)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Print a JSON array of papers, each with its date
        #[arg(long)]
        json: bool,
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
        /// The day to export, YYYY-MM-DD
        #[arg(long, value_parser = parse_date_arg)]
        date: Option<NaiveDate>,
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

fn parse_date_arg(text: &str) -> std::result::Result<NaiveDate, String> {
    model::parse_date(text).ok_or_else(|| {
        format!(
            "{} is not a day written YYYY-MM-DD",
            crate::error::quote(text)
        )
    })
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
        } => list(options, store, *date, *all, tags, *json, io),
        Command::Show { arxiv_id, json } => show(options, store, arxiv_id, *json, io),
        Command::Dates { json } => dates(store, *json, io),
        Command::Export { date, format } => export(store, *date, *format, io),
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
                let verb = match saved {
                    Saved::Added => "imported",
                    Saved::Replaced => "replaced",
                };
                writeln!(
                    io.out,
                    "{verb} {} ({}) from {shown}",
                    digest.date,
                    model::papers_count(digest.papers.len())
                )
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

#[allow(clippy::too_many_arguments)]
fn list(
    options: &Options,
    store: Store,
    date: Option<NaiveDate>,
    all: bool,
    tags: &[String],
    json: bool,
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
    let wanted = |paper: &Paper| tags.is_empty() || tags.iter().any(|tag| paper.has_tag(tag));
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
    if rows.is_empty() && !tags.is_empty() {
        let _ = writeln!(
            io.err,
            "note: no paper has the tag {}",
            text::sanitize_line(&tags.join(" or "))
        );
    }
    let output = if json {
        json::to_pretty(&rows)
    } else {
        table(&rows, all, options.widths(), io.width)
    };
    io.out.write_all(output.as_bytes()).map_err(stdout_error)?;
    Ok(0)
}

/// One column of the `list` table.
struct Column {
    heading: &'static str,
    /// Which cell of a row the column shows.
    index: usize,
    /// The widest the column grows to fit its cells.
    cap: usize,
    right: bool,
    width: usize,
}

/// The `list` table: every column padded and cut by display width, so rows line up whatever
/// mix of Chinese, English and emoji the titles hold. Columns are as wide as their cells up
/// to a cap; the title takes the rest.
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
            Column {
                heading,
                index: i,
                cap,
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
    for dropped in ["ORGANIZATION", "TAGS", "ARXIV"] {
        if total >= others(&columns) + 24 {
            break;
        }
        columns.retain(|c| c.heading != dropped);
    }
    let room = total.saturating_sub(others(&columns)).max(8);
    if let Some(title) = columns.iter_mut().find(|c| c.heading == "TITLE") {
        title.width = title.width.min(room).max(8).min(title.cap);
    }

    let mut out = String::new();
    let headings: Vec<String> = columns.iter().map(|c| c.heading.to_string()).collect();
    push_row(&mut out, &columns, &headings, widths);
    for row in &cells {
        let shown: Vec<String> = columns.iter().map(|c| row[c.index].clone()).collect();
        push_row(&mut out, &columns, &shown, widths);
    }
    out
}

fn push_row(out: &mut String, columns: &[Column], cells: &[String], widths: Widths) {
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
    out.push_str(line.trim_end());
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
        let rows: Vec<_> = rows
            .iter()
            .map(|(date, papers)| serde_json::json!({"date": date.to_string(), "papers": papers}))
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
