//! `lunwen stats`: the trend board's numbers for scripts, as text or JSON.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Io, Options, Prefs, check_span, index_to_read, open_library};
use crate::error::Result;
use crate::formats::json;
use crate::model::marks::MarkMap;
use crate::stats::{Cell, Range, Stats, reading, weekly_line};
use crate::text::{self, Widths, chart};

/// What `stats --json` prints.
#[derive(Debug, Serialize)]
struct Printed<'a> {
    since: String,
    until: String,
    /// Day → papers marked read that day, for the days asked for (the calendar's year up to
    /// today unless told), days without reading left out.
    read_per_day: BTreeMap<String, usize>,
    streak: usize,
    /// The first day of each week counted.
    weeks: Vec<String>,
    topics: Vec<PrintedTopic<'a>>,
    organizations: Vec<PrintedOrganization<'a>>,
    rising: Vec<PrintedRising<'a>>,
    movers: Vec<PrintedMover<'a>>,
}

#[derive(Debug, Serialize)]
struct PrintedTopic<'a> {
    term: &'a str,
    papers: usize,
    read: usize,
    query: &'a str,
    papers_per_week: Vec<usize>,
    read_per_week: Vec<usize>,
}

#[derive(Debug, Serialize)]
struct PrintedOrganization<'a> {
    name: &'a str,
    papers: usize,
    upvotes: u64,
    read: usize,
    query: &'a str,
    papers_per_week: Vec<usize>,
}

#[derive(Debug, Serialize)]
struct PrintedRising<'a> {
    term: &'a str,
    last_week: usize,
    /// Papers a week at the pace of the last week, and of the weeks before.
    weekly_now: f64,
    weekly_before: f64,
    query: &'a str,
}

#[derive(Debug, Serialize)]
struct PrintedMover<'a> {
    arxiv_id: Option<&'a str>,
    title: &'a str,
    upvotes_gained: i64,
    stars_gained: i64,
    upvotes: Option<u64>,
    stars: Option<u64>,
    query: &'a str,
}

fn papers(cells: &[Cell]) -> Vec<usize> {
    cells.iter().map(|cell| cell.papers).collect()
}

pub fn stats(
    options: &Options,
    store: crate::storage::store::Store,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    json_out: bool,
    prefs: Prefs,
    io: &mut Io,
) -> Result<u8> {
    let today = chrono::Local::now().date_naive();
    let marks = match options.marks(&store).and_then(|marks| marks.all()) {
        Ok(marks) => marks,
        Err(err) => {
            io.warn(format_args!("{err} (no paper is hidden, none read)"));
            MarkMap::default()
        }
    };
    let library = open_library(store, io)?;
    let index = index_to_read(&library, io)?;
    index.use_marks(marks.clone())?;
    // Up to the newest cached day, or to the day asked for from when that is later.
    let last = match until {
        Some(day) => day,
        None => index
            .newest_day()?
            .unwrap_or(today)
            .max(since.unwrap_or(NaiveDate::MIN)),
    };
    let range = match since {
        Some(from) => Range { from, to: last },
        None => Range::weeks_up_to(last),
    };
    check_span(range.from, range.to)?;
    let stats = Stats::gather(&index, &marks, range)?;
    let read_days = match (since, until) {
        (None, None) => (reading::calendar_start(today), today),
        _ => (range.from, range.to),
    };
    let read = reading::read_per_day(&marks, read_days.0, read_days.1);
    let all_read = reading::read_per_day(&marks, NaiveDate::MIN, today);
    let streak = reading::streak(&all_read, today);
    if json_out {
        io.print_exact(&json::to_pretty(&printed(&stats, &read, streak)))?;
    } else {
        let reading = Reading {
            read: &read,
            calendar: &all_read,
            streak,
            today,
        };
        io.print(&as_text(&stats, &reading, prefs.widths))?;
    }
    Ok(0)
}

fn printed<'a>(stats: &'a Stats, read: &BTreeMap<NaiveDate, usize>, streak: usize) -> Printed<'a> {
    Printed {
        since: stats.range.from.to_string(),
        until: stats.range.to.to_string(),
        read_per_day: read
            .iter()
            .map(|(day, count)| (day.to_string(), *count))
            .collect(),
        streak,
        weeks: stats
            .weeks
            .iter()
            .map(|week| week.from.to_string())
            .collect(),
        topics: stats
            .topics
            .iter()
            .map(|topic| PrintedTopic {
                term: &topic.term,
                papers: topic.total.papers,
                read: topic.total.read,
                query: &topic.total.query,
                papers_per_week: papers(&topic.weeks),
                read_per_week: topic.weeks.iter().map(|cell| cell.read).collect(),
            })
            .collect(),
        organizations: stats
            .organizations
            .iter()
            .map(|org| PrintedOrganization {
                name: &org.name,
                papers: org.total.papers,
                upvotes: org.upvotes,
                read: org.total.read,
                query: &org.total.query,
                papers_per_week: papers(&org.weeks),
            })
            .collect(),
        rising: stats
            .rising
            .iter()
            .map(|rising| PrintedRising {
                term: &rising.term,
                last_week: rising.last_week.papers,
                weekly_now: (rising.now * 100.0).round() / 100.0,
                weekly_before: (rising.before * 100.0).round() / 100.0,
                query: &rising.last_week.query,
            })
            .collect(),
        movers: stats
            .movers
            .iter()
            .map(|mover| PrintedMover {
                arxiv_id: mover.arxiv_id.as_deref(),
                title: &mover.title,
                upvotes_gained: mover.upvotes,
                stars_gained: mover.stars,
                upvotes: mover.upvotes_now,
                stars: mover.stars_now,
                query: &mover.query,
            })
            .collect(),
    }
}

/// How many rows each part of the text shows.
const ROWS: usize = 10;

/// The numbers for reading: a part each, a row each, names cut to one width.
/// The reading of the days asked for, and of the calendar's year up to `today`.
struct Reading<'a> {
    read: &'a BTreeMap<NaiveDate, usize>,
    calendar: &'a BTreeMap<NaiveDate, usize>,
    streak: usize,
    today: NaiveDate,
}

fn as_text(stats: &Stats, reading: &Reading, widths: Widths) -> String {
    let Reading {
        read,
        calendar,
        streak,
        today,
    } = *reading;
    let name = |text: &str| text::pad_right(&text::truncate(text, 24, widths), 24, widths);
    let mut out = format!(
        "{} to {} ({})\n\n{}papers  read  per week\n",
        stats.range.from,
        stats.range.to,
        crate::model::counted(stats.weeks.len(), "week", "weeks"),
        name("Topics")
    );
    for topic in stats.topics.iter().take(ROWS) {
        out.push_str(&format!(
            "{} {:>5} {:>5}  {}\n",
            name(&topic.term),
            topic.total.papers,
            topic.total.read,
            weekly_line(&topic.weeks)
        ));
    }
    out.push_str(&format!(
        "\n{}papers upvotes  per week\n",
        name("Organizations")
    ));
    for org in stats.organizations.iter().take(ROWS) {
        out.push_str(&format!(
            "{} {:>5} {:>7}  {}\n",
            name(&org.name),
            org.total.papers,
            org.upvotes,
            weekly_line(&org.weeks)
        ));
    }
    out.push_str(&format!("\n{}a week: now  before\n", name("Rising")));
    for rising in stats.rising.iter().take(ROWS) {
        out.push_str(&format!(
            "{}   {:>8.1} {:>7.1}\n",
            name(&rising.term),
            rising.now,
            rising.before
        ));
    }
    // The reader's glyphs, which are ASCII for a terminal that draws ▲ and ☆ two cells wide.
    let glyphs = crate::model::paper_view::Glyphs::for_widths(widths);
    out.push_str(&format!(
        "\n{}{} gained  {} gained\n",
        name("Movers"),
        glyphs.upvotes,
        glyphs.stars
    ));
    for mover in stats.movers.iter().take(ROWS) {
        let title = mover.arxiv_id.as_deref().unwrap_or(&mover.title);
        out.push_str(&format!(
            "{} {:>+6} {:>+8}\n",
            name(title),
            mover.upvotes,
            mover.stars
        ));
    }
    // The calendar of the year up to today, a character a day.
    out.push('\n');
    for (name, days) in reading::WEEKDAYS
        .iter()
        .zip(reading::calendar(calendar, today, 53))
    {
        let days: String = days.into_iter().flatten().map(chart::heat_glyph).collect();
        out.push_str(&format!("{name} {days}\n"));
    }
    let total: usize = read.values().sum();
    out.push_str(&format!(
        "\nRead: {} on {}; streak {}\n",
        crate::model::counted(total, "paper", "papers"),
        crate::model::counted(read.len(), "day", "days"),
        crate::model::counted(streak, "day", "days")
    ));
    text::sanitize(&out).into_owned()
}
