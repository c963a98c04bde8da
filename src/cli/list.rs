//! `lunwen list`: papers as a table on a terminal, tab-separated fields when piped, or JSON.

use chrono::NaiveDate;

use super::search::Search;
use super::{Io, Marked, Prefs, one_day, open_library};
use crate::error::Result;
use crate::json;
use crate::model::{DatedPaper, Digest, Paper};
use crate::store::Store;
use crate::tags;
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

/// Which papers `list` prints: a day's (the newest by default) or every day's, or the days a
/// query names, with any of the tags and matching the query.
pub struct Wanted<'a> {
    pub date: Option<NaiveDate>,
    pub all: bool,
    pub tags: &'a [String],
    pub search: &'a Search,
}

pub fn list(prefs: Prefs, store: Store, wanted: Wanted, output: Output, io: &mut Io) -> Result<u8> {
    let Wanted {
        date,
        all,
        tags,
        search,
    } = wanted;
    let mut library = open_library(store, io)?;
    // Without --date or --all, a query that names days lists those days.
    let span = search.date_range().filter(|_| !all && date.is_none());
    let digests = if all || span.is_some() {
        let (from, to) = span.unwrap_or((NaiveDate::MIN, NaiveDate::MAX));
        let mut digests = Vec::new();
        for &day in library.dates().iter().filter(|d| (from..=to).contains(*d)) {
            match library.load(day) {
                Ok(digest) => digests.push(digest),
                Err(err) => io.warn(format_args!("skipped {err}")),
            }
        }
        digests
    } else {
        vec![one_day(&mut library, date, io)?]
    };
    let wanted = |date: NaiveDate, paper: &Paper| {
        let tagged = tags.is_empty()
            || paper
                .tags
                .iter()
                .any(|tag| tags.iter().any(|query| tags::names(query, tag)));
        tagged && search.matches(date, paper)
    };
    let rows: Vec<DatedPaper> = digests
        .iter()
        .flat_map(|digest| {
            digest
                .papers
                .iter()
                .filter(|paper| wanted(digest.date, paper))
                .map(|paper| DatedPaper {
                    date: digest.date,
                    paper,
                })
        })
        .collect();
    note_unknown_tags(tags, &digests, prefs.widths, io);
    match output {
        Output::Json => {
            let sample = library.is_sample();
            let rows: Vec<_> = rows.iter().map(|row| Marked { row, sample }).collect();
            io.print_exact(&json::to_pretty(&rows))?;
        }
        Output::Table => io.print(&table(
            &rows,
            all || digests.len() > 1,
            prefs.widths,
            io.width,
        ))?,
        Output::TabSeparated => io.print(&tab_separated(&rows))?,
    }
    Ok(0)
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

#[cfg(test)]
mod tests {
    use super::*;

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
