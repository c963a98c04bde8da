//! `lunwen export`: a day's digest back out, exactly when redirected, as text on a terminal;
//! or the papers a query, a watch or a span of days holds, as a digest per day (Markdown or
//! JSON), BibTeX or an Atom feed.

use chrono::NaiveDate;

use super::search::Search;
use super::{Days, ExportFormat, Io, Options, Prefs, one_day, open_library};
use crate::error::Result;
use crate::formats::atom;
use crate::formats::bibtex::{self, Cited};
use crate::formats::json;
use crate::formats::markdown;
use crate::formats::{self, Format};
use crate::model::{DatedPaper, Digest};
use crate::storage::library::Library;
use crate::storage::store::Store;

/// Whether a span of days was asked for, rather than one day.
fn is_span(days: Days) -> bool {
    !matches!(days, Days::One(_))
}

/// The papers asked for: the days, and the watch whose query chooses them, if one was named
/// (an Atom feed says it is of the watch).
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    pub days: Days,
    pub watch: Option<&'a str>,
}

pub fn export(
    options: &Options,
    store: Store,
    asked: Asked,
    query: Option<&str>,
    format: ExportFormat,
    prefs: Prefs,
    io: &mut Io,
) -> Result<u8> {
    let days = asked.days;
    let search = Search::new(query, options, &store, prefs.widths, io)?;
    let mut library = open_library(store, io)?;
    let rendered = match format {
        // One day's digest, whole: exactly the digest, so that it imports as the same day.
        ExportFormat::Md | ExportFormat::Json if query.is_none() && !is_span(days) => {
            let date = match days {
                Days::One(date) => date,
                _ => None,
            };
            let digest = one_day(&mut library, date, io)?;
            let format = match format {
                ExportFormat::Json => Format::Json,
                _ => Format::Markdown,
            };
            if format == Format::Markdown {
                say_what_markdown_leaves_out(std::slice::from_ref(&digest), io);
            }
            formats::render(&digest, format)
        }
        _ => {
            let chosen = chosen_papers(&mut library, days, query.is_some(), &search, io)?;
            if chosen.iter().all(|d| d.papers.is_empty()) {
                io.note("no paper matches");
            }
            if format == ExportFormat::Md {
                say_what_markdown_leaves_out(&chosen, io);
            }
            let feed = || (feed_of(asked, query, &chosen), &search);
            render(&chosen, format, feed)
        }
    };
    // Redirected, the export is the data exactly; on a screen, it is only its text.
    if io.out_is_terminal {
        io.print(&rendered)?;
    } else {
        io.print_exact(&rendered)?;
    }
    Ok(0)
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
fn feed_of(asked: Asked, query: Option<&str>, chosen: &[Digest]) -> atom::FeedOf {
    if let Some(name) = asked.watch {
        return atom::FeedOf::watch(name);
    }
    if let Some(query) = query {
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
                io.note("no cached day is in that span (`lunwen dates` lists the days there are)");
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
/// papers); BibTeX, an entry for each paper; Atom, a feed of what `feed` says, with the
/// user's labels of its search.
fn render<'a>(
    digests: &[Digest],
    format: ExportFormat,
    feed: impl FnOnce() -> (atom::FeedOf, &'a Search),
) -> String {
    let dated = || {
        digests.iter().flat_map(|digest| {
            digest.papers.iter().map(|paper| DatedPaper {
                date: digest.date,
                paper,
            })
        })
    };
    let days = || digests.iter().filter(|digest| !digest.papers.is_empty());
    match format {
        ExportFormat::Md => days().map(markdown::render).collect::<Vec<_>>().join("\n"),
        // One JSON value a day, as the cache holds it: a day is the same digest whether it is
        // exported alone or with others, and jq reads the days one after another as they are.
        ExportFormat::Json => days().map(json::render).collect(),
        ExportFormat::Bibtex => {
            let cited: Vec<Cited> = dated().map(|row| Cited::of(row.paper, row.date)).collect();
            bibtex::render(&cited)
        }
        ExportFormat::Atom => {
            let (of, search) = feed();
            feed_of_papers(&of, digests, search)
        }
    }
}
