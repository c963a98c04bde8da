//! `lunwen export`: a day's digest back out, exactly when redirected, as text on a terminal;
//! or the papers a query, a watch or a span of days holds, as a digest per day (Markdown or
//! JSON), as citations (BibTeX, RIS, CSL-JSON), their authors and abstracts asked of Hugging
//! Face first with `--complete`, or as an Atom feed.

use crate::storage::index::Look;
use std::io::IsTerminal;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::search::Search;
use super::{Days, ExportFormat, Io, Options, Prefs, one_day, open_library};
use crate::error::Result;
use crate::formats::Format;
use crate::formats::atom;
use crate::formats::bibtex;
use crate::formats::citation::Cited;
use crate::formats::csl_json;
use crate::formats::json;
use crate::formats::markdown;
use crate::formats::ris;
use crate::model::{DatedPaper, Digest, Paper};
use crate::storage::library::Library;
use crate::storage::store::Store;
use crate::sync::complete;
use crate::sync::http::Client;
use crate::sync::huggingface;

/// Whether a span of days was asked for, rather than one day.
fn is_span(days: Days) -> bool {
    !matches!(days, Days::One(_))
}

/// What `lunwen export` is asked for.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub days: Days,
    pub query: Option<&'a str>,
    /// The watch whose query chooses the papers, if one was named (an Atom feed says it is of
    /// the watch).
    pub watch: Option<&'a str>,
    pub format: ExportFormat,
    /// Ask Hugging Face for the authors and abstracts the exported papers lack first.
    pub complete: bool,
}

pub fn export(
    options: &Options,
    store: Store,
    request: &Request,
    prefs: Prefs,
    io: &mut Io,
) -> Result<u8> {
    let Request {
        days,
        query,
        format,
        complete,
        ..
    } = *request;
    let search = Search::new(query, options, &store, prefs.widths, io)?;
    let mut library = open_library(store, io)?;
    let mut status = 0;
    let rendered = match format {
        // One day's digest, whole: exactly the digest, so that it imports as the same day.
        ExportFormat::Md | ExportFormat::Json if query.is_none() && !is_span(days) => {
            let date = match days {
                Days::One(date) => date,
                _ => None,
            };
            let mut digest = one_day(&mut library, date, io)?;
            if complete {
                status = complete_papers(options, &library, std::slice::from_mut(&mut digest), io)?;
            }
            let format = match format {
                ExportFormat::Json => Format::Json,
                _ => Format::Markdown,
            };
            if format == Format::Markdown {
                say_what_markdown_leaves_out(std::slice::from_ref(&digest), io);
            }
            let note = |paper: &Paper| search.note(&paper.key());
            match format {
                Format::Json => json::render_with_notes(&digest, &note),
                _ => markdown::render_with_notes(&digest, &note),
            }
        }
        _ => {
            let mut chosen = chosen_papers(&mut library, days, query.is_some(), &search, io)?;
            if chosen.iter().all(|d| d.papers.is_empty()) {
                io.note("no paper matches");
            }
            if complete {
                status = complete_papers(options, &library, &mut chosen, io)?;
            }
            if format == ExportFormat::Md {
                say_what_markdown_leaves_out(&chosen, io);
            }
            render(&chosen, format, &search, feed_of(request, &chosen))
        }
    };
    // Redirected, the export is the data exactly; on a screen, it is only its text.
    if io.out_is_terminal {
        io.print(&rendered)?;
    } else {
        io.print_exact(&rendered)?;
    }
    Ok(status)
}

/// More papers than this get a progress bar while they are completed, on a terminal.
const BAR_AFTER_PAPERS: usize = 3;

/// Ask Hugging Face for the authors and abstracts the papers of `digests` lack (see
/// [`complete`]), keep them in the cache, and give them to the papers being exported. Each
/// paper gets a line on stderr; the status is 1 when any could not be asked or kept.
fn complete_papers(
    options: &Options,
    library: &Library,
    digests: &mut [Digest],
    io: &mut Io,
) -> Result<u8> {
    let mut wanted: Vec<crate::model::Paper> = Vec::new();
    for paper in digests.iter().flat_map(|digest| &digest.papers) {
        if complete::wants_completing(paper) && !wanted.iter().any(|w| w.key() == paper.key()) {
            wanted.push(paper.clone());
        }
    }
    if wanted.is_empty() {
        io.note("every exported paper has its authors and abstract already");
        return Ok(0);
    }
    let (_, config, _) = options.config();
    let client = Client::new(complete::network(config.sync.timeout));
    let endpoint = huggingface::endpoint();
    let mut index = library.open_index(Look::EveryDay)?;
    let bar = (wanted.len() > BAR_AFTER_PAPERS && std::io::stderr().is_terminal()).then(|| {
        let bar =
            ProgressBar::with_draw_target(Some(wanted.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:30} {pos}/{len} papers from Hugging Face")
        {
            bar.set_style(style);
        }
        bar.tick();
        bar
    });
    let stop = AtomicBool::new(false);
    let mut outcomes = Vec::new();
    for paper in &wanted {
        let mut waits = Vec::new();
        let (outcome, facts) =
            complete::complete(&mut index, &client, &endpoint, paper, &stop, &mut |wait| {
                waits.push(wait)
            });
        let mut say = || {
            for wait in &waits {
                io.note(format_args!(
                    "{}: {}; asked again after {}",
                    wait.at,
                    wait.why,
                    crate::sync::http::seconds(wait.wait)
                ));
            }
            let line = outcome.line(&paper.key());
            if outcome.failed() {
                io.error(line);
            } else {
                io.note(line);
            }
        };
        match &bar {
            Some(bar) => {
                bar.suspend(say);
                bar.inc(1);
            }
            None => say(),
        }
        if let Some(facts) = facts {
            let key = paper.key();
            for digest in digests.iter_mut() {
                for listed in digest.papers.iter_mut().filter(|p| p.key() == key) {
                    complete::fill(listed, &facts);
                }
            }
        }
        outcomes.push(outcome);
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if wanted.len() > 1 {
        io.note(format_args!("citations: {}", complete::tally(&outcomes)));
    }
    Ok(u8::from(outcomes.iter().any(complete::Outcome::failed)))
}

/// Name what the Markdown of these digests cannot carry (see [`markdown::not_carried`]),
/// so that nobody takes an export to Markdown for a copy of everything.
fn say_what_markdown_leaves_out(digests: &[Digest], io: &mut Io) {
    let mut lost: Vec<(String, usize)> = Vec::new();
    for digest in digests {
        for (field, papers) in markdown::not_carried(digest) {
            match lost.iter_mut().find(|(f, _)| *f == field) {
                Some((_, n)) => *n += papers,
                None => lost.push((field, papers)),
            }
        }
    }
    if lost.is_empty() {
        return;
    }
    let named: Vec<String> = lost
        .iter()
        .map(|(field, n)| match field.as_str() {
            // The digest's own title, once a day: no paper's.
            "title" => format!("the digest's `title` ({})", crate::model::days_count(*n)),
            _ => format!("`{field}` of {}", crate::model::papers_count(*n)),
        })
        .collect();
    io.note(format_args!(
        "the Markdown format cannot carry all of this: {} come back otherwise, or not at all, \
         on import; --format json keeps everything",
        named.join(", ")
    ));
}

/// What the feed is of: the watch, else the query, else the days exported.
fn feed_of(asked: &Request, chosen: &[Digest]) -> atom::FeedOf {
    if let Some(name) = asked.watch {
        return atom::FeedOf::watch(name);
    }
    if let Some(query) = asked.query {
        return atom::FeedOf::query(query);
    }
    let newest = || chosen.first().map(|d| d.date).unwrap_or(NaiveDate::MIN);
    match asked.days {
        Days::One(Some(date)) => atom::FeedOf::days(date, date),
        Days::One(None) => atom::FeedOf::days(newest(), newest()),
        Days::Range(from, to) => atom::FeedOf::days(from, to),
        Days::All => atom::FeedOf::days(NaiveDate::MIN, NaiveDate::MAX),
    }
}

/// The chosen papers as an Atom feed, each with the user's labels.
fn feed_of_papers(of: &atom::FeedOf, digests: &[Digest], search: &Search) -> String {
    let keys: Vec<Vec<String>> = digests
        .iter()
        .map(|d| d.papers.iter().map(|p| p.key()).collect())
        .collect();
    let papers: Vec<atom::FeedPaper> = digests
        .iter()
        .zip(&keys)
        .flat_map(|(digest, keys)| {
            digest
                .papers
                .iter()
                .zip(keys)
                .map(|(paper, key)| atom::FeedPaper {
                    date: digest.date,
                    paper,
                    labels: search.on(key).labels,
                })
        })
        .collect();
    atom::render(of, &papers)
}

/// Each day of the span, newest first, with only the papers the search matches.
fn chosen_papers(
    library: &mut Library,
    days: Days,
    has_query: bool,
    search: &Search,
    io: &mut Io,
) -> Result<Vec<Digest>> {
    let span = match days {
        Days::One(Some(date)) => Some((date, date)),
        Days::All => Some((NaiveDate::MIN, NaiveDate::MAX)),
        Days::Range(from, to) => Some((from, to)),
        // A query looks through every day, or the days it names itself.
        Days::One(None) if has_query => Some(
            search
                .date_range()
                .unwrap_or((NaiveDate::MIN, NaiveDate::MAX)),
        ),
        Days::One(None) => None,
    };
    let digests = match span {
        None => vec![one_day(library, None, io)?],
        Some((from, to)) => {
            let mut digests = Vec::new();
            let dates: Vec<NaiveDate> = library
                .dates()
                .iter()
                .copied()
                .filter(|date| (from..=to).contains(date))
                .collect();
            if dates.is_empty() && is_span(days) {
                io.note(
                    "no cached day is in that span (`lunwen dates --all` lists the days there are)",
                );
            }
            for date in dates {
                match library.load(date) {
                    Ok(digest) => digests.push(digest),
                    Err(err) => io.warn(format_args!("skipped {err}")),
                }
            }
            digests
        }
    };
    Ok(digests
        .into_iter()
        .map(|mut digest| {
            let date = digest.date;
            digest.papers.retain(|paper| search.matches(date, paper));
            digest
        })
        .collect())
}

/// The chosen papers in a format: Markdown or JSON, a digest for each day that has any, one
/// after another, each as a day alone is written (each imports as that day with those
/// papers); BibTeX, RIS or CSL-JSON, a citation of each paper with the user's labels among
/// its keywords; Atom, a feed of what `of` says, with the user's labels.
fn render(digests: &[Digest], format: ExportFormat, search: &Search, of: atom::FeedOf) -> String {
    let dated = || {
        digests.iter().flat_map(|digest| {
            digest.papers.iter().map(|paper| DatedPaper {
                date: digest.date,
                paper,
            })
        })
    };
    let days = || digests.iter().filter(|digest| !digest.papers.is_empty());
    let note = |paper: &Paper| search.note(&paper.key());
    match format {
        ExportFormat::Md => days()
            .map(|day| markdown::render_with_notes(day, &note))
            .collect::<Vec<_>>()
            .join("\n"),
        // One JSON value a day, as the cache holds it: a day is the same digest whether it is
        // exported alone or with others, and jq reads the days one after another as they are.
        ExportFormat::Json => days()
            .map(|day| json::render_with_notes(day, &note))
            .collect(),
        ExportFormat::Bibtex | ExportFormat::Ris | ExportFormat::CslJson => {
            let cited: Vec<Cited> = dated()
                .map(|row| Cited {
                    labels: search.on(&row.paper.key()).labels,
                    ..Cited::of(row.paper, row.date)
                })
                .collect();
            match format {
                ExportFormat::Ris => ris::render(&cited),
                ExportFormat::CslJson => csl_json::render(&cited),
                _ => bibtex::render(&cited),
            }
        }
        ExportFormat::Atom => feed_of_papers(&of, digests, search),
    }
}
