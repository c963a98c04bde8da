//! `lunwen list`: papers as a table on a terminal, tab-separated fields when piped, or JSON.

use chrono::NaiveDate;

use super::{
    Days, Io, Prefs, index_for_days, index_to_read, marked_json_tail, one_day, open_library,
};
use crate::error::Result;
use crate::model::DatedPaper;
use crate::model::tags;
use crate::query::Query;

use crate::query::order::{Order, SortKey};
use crate::storage::index::{Index, Select};
use crate::storage::library::Source;
use crate::storage::store::Store;
use crate::text::{self, Widths};

/// How `list` prints its papers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Json,
    /// Columns padded and cut to the width, for reading on a terminal.
    Table,
    /// Whole fields separated by tabs, for `cut`, `awk` and `grep`.
    TabSeparated,
}

impl Output {
    pub fn of(json: bool, table: bool, io: &Io) -> Output {
        if json {
            Output::Json
        } else if table || io.out_is_terminal {
            Output::Table
        } else {
            Output::TabSeparated
        }
    }
}

/// What `list` was asked for.
#[derive(Debug)]
pub struct Request<'a> {
    pub days: Days,
    pub query: Option<&'a str>,
    pub tags: &'a [String],
    pub sort: Option<SortKey>,
    pub reverse: bool,
    pub limit: Option<usize>,
    pub output: Output,
}

pub fn list(
    prefs: Prefs,
    options: &super::Options,
    store: Store,
    request: &Request,
    io: &mut Io,
) -> Result<u8> {
    let today = chrono::Local::now().date_naive();
    let query = match request.query.map(|q| (q, Query::parse(q, today))) {
        None => Query::everything(),
        Some((_, Ok(query))) => query,
        Some((text, Err(err))) => {
            io.error(format_args!(
                "in the query, {err}\n{}",
                indent(&err.pointer(text, prefs.widths))
            ));
            return Ok(2);
        }
    };
    let (marks, _) = super::search::user_marks(&query, options, &store, io)?;
    // Without --date, --since or --all, a query that names days lists those days.
    let days = match (request.days, query.date_range()) {
        (Days::One(None), Some((from, to))) => Days::Range(from, to),
        (days, _) => days,
    };
    let query = query.with_any_tag(request.tags);
    let order = Order {
        key: request.sort.unwrap_or(SortKey::Rank),
        natural: !request.reverse,
    };
    let mut library = open_library(store, io)?;
    let single = matches!(days, Days::One(_));
    let (from, to) = match days {
        Days::One(Some(day)) => {
            // The day named must be there, as before: say so when it is not.
            library.load(day)?;
            (day, day)
        }
        Days::One(None) => {
            let digest = one_day(&mut library, None, io)?;
            (digest.date, digest.date)
        }
        Days::Range(from, to) => (from, to),
        Days::All => (NaiveDate::MIN, NaiveDate::MAX),
    };
    // One day's list looks at that day's file, not at every day's (see [`Look::Folder`]).
    let index = match single {
        true => {
            let mut index = index_for_days(&library, io)?;
            index.check_days(&[from])?;
            index
        }
        false => index_to_read(&library, io)?,
    };
    // A day the index could not read is said, never listed as a day without papers: one
    // day asked for is an error, a day of many is skipped.
    for error in index
        .unreadable_between(from, to)?
        .into_iter()
        .filter_map(|day| day.error)
    {
        if single {
            return Err(crate::Error::Message(error));
        }
        io.warn(format_args!("skipped {error}"));
    }
    let mut out = Listed::new(request.output, prefs, single, request.tags);
    let mut failed = None;
    let select = Select {
        query: &query,
        from,
        to,
        order,
        limit: request.limit,
    };
    let source = library.source();
    let mut left = request.limit.unwrap_or(usize::MAX);
    if out.output == Output::Json
        && query.is_empty()
        && left > 0
        && matches!(order.key, SortKey::Rank | SortKey::Date)
        && order.natural
    {
        // Every paper of the days, in the digests' order: passed on as the index keeps them.
        let hidden: Vec<&str> = marks
            .iter()
            .filter(|(_, mark)| mark.hidden)
            .map(|(key, _)| key)
            .collect();
        index.every_listed((from, to), &hidden, |date, listed| {
            left -= 1;
            match out.listed_bytes(date, listed, source, io) {
                Ok(()) => left > 0,
                Err(err) => {
                    failed = Some(err);
                    false
                }
            }
        })?;
    } else {
        index.use_marks(marks)?;
        index.select_listed(&select, |date, listed| {
            match out.listed(date, listed, source, io) {
                Ok(()) => true,
                Err(err) => {
                    failed = Some(err);
                    false
                }
            }
        })?;
    }
    if let Some(err) = failed {
        return Err(err);
    }
    let unmatched: Vec<String> = request
        .tags
        .iter()
        .filter(|tag| !out.tags_seen.iter().any(|seen| tags::names(tag, seen)))
        .cloned()
        .collect();
    out.finish(io)?;
    if !unmatched.is_empty() {
        let present = present_tags(&index, (from, to))?;
        note_unknown_tags(&unmatched, &present, prefs.widths, io);
    }
    Ok(0)
}

/// Print papers already in hand (of any days, in the order given) as `list` prints them.
pub fn print_papers(
    papers: &[(NaiveDate, crate::model::Paper)],
    output: Output,
    prefs: Prefs,
    io: &mut Io,
) -> Result<()> {
    if output == Output::Json {
        let dated: Vec<DatedPaper> = papers
            .iter()
            .map(|(date, paper)| DatedPaper { date: *date, paper })
            .collect();
        return io.print_exact(&crate::formats::json::to_pretty(&dated));
    }
    let mut out = Listed::new(output, prefs, false, &[]);
    for (date, paper) in papers {
        out.paper(*date, paper, io)?;
    }
    out.finish(io).map(|_| ())
}

/// The tags of the papers of the days listed, from the index asked for them, for telling a
/// user which tags there are.
fn present_tags(index: &Index, (from, to): (NaiveDate, NaiveDate)) -> Result<Vec<String>> {
    let mut present: Vec<String> = Vec::new();
    let mut add = |paper: &crate::model::Paper| {
        for tag in &paper.tags {
            if !present.iter().any(|p| p.eq_ignore_ascii_case(tag)) {
                present.push(tag.clone());
            }
        }
    };
    let select = Select {
        query: &Query::everything(),
        from,
        to,
        order: Order::by(SortKey::Rank),
        limit: None,
    };
    index.select(&select, |_, paper| {
        add(&paper);
        true
    })?;
    present.sort_by_key(|tag| tag.to_lowercase());
    Ok(present)
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Papers on their way out: JSON and tab-separated lines are printed as they come (so ten
/// years of papers are never held at once), a table once every row is known.
struct Listed {
    output: Output,
    prefs: Prefs,
    /// Whether the papers are of one day (the table leaves out the date).
    one_day: bool,
    rows: Vec<(NaiveDate, crate::model::Paper)>,
    count: usize,
    /// Every tag of the papers listed, when `--tag` asked for some (to say which were not).
    tags_seen: Vec<String>,
    tags_wanted: Vec<String>,
    /// The opening of a paper's JSON object with its date, for the last day listed: every
    /// paper of a day starts the same.
    head: (Option<NaiveDate>, String),
}

impl Listed {
    fn new(output: Output, prefs: Prefs, one_day: bool, tags_wanted: &[String]) -> Listed {
        Listed {
            output,
            prefs,
            one_day,
            rows: Vec::new(),
            count: 0,
            tags_seen: Vec::new(),
            tags_wanted: tags_wanted.to_vec(),
            head: (None, String::new()),
        }
    }

    /// A paper for the table or the tab-separated lines.
    fn paper(&mut self, date: NaiveDate, paper: &crate::model::Paper, io: &mut Io) -> Result<()> {
        let first = self.count == 0;
        self.count += 1;
        self.see_tags(paper);
        match self.output {
            Output::TabSeparated => {
                if first {
                    io.print(&format!("{}\n", TAB_HEADER.join("\t")))?;
                }
                let link = crate::model::link::check(&paper.url).unwrap_or_else(|why| {
                    io.warn(format_args!(
                        "{date} #{}: the link is left out: {why}",
                        paper.rank
                    ));
                    String::new()
                });
                io.print(&tab_separated_row(&DatedPaper { date, paper }, &link))
            }
            Output::Table | Output::Json => {
                self.rows.push((date, paper.clone()));
                Ok(())
            }
        }
    }

    /// A paper as the index keeps it for listing, of the days from `source`: JSON goes out
    /// as it is, without being read and written again (it was written by the same safe JSON
    /// writer).
    fn listed(&mut self, date: NaiveDate, listed: &str, source: Source, io: &mut Io) -> Result<()> {
        if self.output != Output::Json {
            let paper = crate::formats::json::parse_paper(&format!("{{\n{listed}\n}}"))
                .map_err(crate::error::Error::Message)?;
            return self.paper(date, &paper, io);
        }
        let first = self.count == 0;
        self.count += 1;
        if !self.tags_wanted.is_empty() {
            let paper = crate::formats::json::parse_paper(&format!("{{\n{listed}\n}}"))
                .map_err(crate::error::Error::Message)?;
            self.see_tags(&paper);
        }
        io.print_exact(&format!(
            "{}\n  {{\n    \"date\": \"{date}\",\n{listed}{}\n  }}",
            if first { "[" } else { "," },
            marked_json_tail(source),
        ))
    }

    /// [`Listed::listed`] of a paper's JSON as the index keeps it, in JSON output: written as
    /// it is, without being read again.
    fn listed_bytes(
        &mut self,
        date: NaiveDate,
        listed: &[u8],
        source: Source,
        io: &mut Io,
    ) -> Result<()> {
        let first = self.count == 0;
        self.count += 1;
        if self.head.0 != Some(date) {
            self.head = (Some(date), format!("\n  {{\n    \"date\": \"{date}\",\n"));
        }
        io.print_exact(if first { "[" } else { "," })?;
        io.print_exact(&self.head.1)?;
        io.print_bytes(listed)?;
        io.print_exact(marked_json_tail(source))?;
        io.print_exact("\n  }")
    }

    fn see_tags(&mut self, paper: &crate::model::Paper) {
        for tag in &paper.tags {
            if !self.tags_seen.contains(tag) {
                self.tags_seen.push(tag.clone());
            }
        }
    }

    /// Close the output; returns how many papers were listed.
    fn finish(self, io: &mut Io) -> Result<usize> {
        match self.output {
            Output::Json if self.count == 0 => io.print_exact("[]\n")?,
            Output::Json => io.print_exact("\n]\n")?,
            Output::TabSeparated if self.count == 0 => {
                io.print(&format!("{}\n", TAB_HEADER.join("\t")))?
            }
            Output::TabSeparated => {}
            Output::Table => {
                let rows: Vec<DatedPaper> = self
                    .rows
                    .iter()
                    .map(|(date, paper)| DatedPaper { date: *date, paper })
                    .collect();
                io.print(&table(&rows, !self.one_day, self.prefs.widths, io.width))?;
            }
        }
        Ok(self.count)
    }
}

/// Name the `--tag`s no listed paper has, with what a label stands for and the tags there are,
/// so a typo or a guess at a name is not mistaken for an empty day.
fn note_unknown_tags(queries: &[String], present: &[String], widths: Widths, io: &mut Io) {
    let present: Vec<&str> = present.iter().map(String::as_str).collect();
    let unknown: Vec<String> = queries
        .iter()
        .filter(|query| !present.iter().any(|tag| tags::names(query, tag)))
        .map(|query| {
            let meant = tags::meant_by(query, present.iter().copied());
            if meant.is_empty() {
                query.to_string()
            } else {
                format!("{query} ({})", meant.join(" or "))
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
    io.note(format_args!(
        "no paper has the tag {}; {there}",
        unknown.join(" or ")
    ));
}

/// `list` for other programs: a header naming the fields as `--json` does, then one line per
/// paper with every field whole, separated by tabs. Fields are made safe and kept on one line
/// (escape sequences go, tabs and line breaks become spaces), so none can shift the columns.
const TAB_HEADER: [&str; 10] = [
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

/// A row of the tab-separated listing; `link` is the paper's link as [`crate::model::link::check`]
/// gives it, or nothing when it is refused.
fn tab_separated_row(row: &DatedPaper, link: &str) -> String {
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
        link.to_string(),
    ];
    let mut out = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        out.push_str(&text::sanitize_line(field));
    }
    out.push('\n');
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
/// to a cap; the title takes the rest. Every line, the header's too, is exactly `total`
/// columns wide.
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
        title.width = room;
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
    // Cut only on a terminal narrower than the rank column itself; padded where the last
    // column's cell is narrower than the column, so the header reaches as far as the rows.
    out.push_str(&text::pad_right(&line, total, widths));
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_line_is_exactly_as_wide_as_the_terminal() {
        let sample = crate::storage::sample::digest();
        let tricky = std::fs::read_to_string("tests/fixtures/2026-03-01-tricky.md").unwrap();
        let tricky = crate::formats::markdown::parse(&tricky).unwrap().digest;
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
                for total in 1..=300 {
                    let out = table(&rows, with_date, widths, total);
                    assert_eq!(out.lines().count(), 1 + rows.len());
                    for line in out.lines() {
                        assert_eq!(
                            widths.str_width(line),
                            total,
                            "{total} {widths:?}: {line:?}"
                        );
                    }
                }
            }
        }
    }
}
