//! Drawing the trend board over the whole screen: a line a row, scrolled to keep the selection
//! in view. Heat is a colour behind spaces, with a legend; without colour (`NO_COLOR`) it is
//! braille dots, which every terminal draws one cell wide, as it does the sparklines. Names
//! are cut to their column by display width, so no wide character is split and rows line up.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Style};

use super::{Board, Gathered, MOVERS, RISING, Row};
use crate::model::paper_view::Glyphs;
use crate::stats::{Cell, reading};
use crate::text::chart;
use crate::text::{self, Widths};
use crate::tui::app::App;
use crate::tui::geometry::Pane;
use crate::tui::paint::{clear_over, frame, put, put_fitted};
use crate::tui::theme::{Part, Theme};

/// A piece of a line, in its style.
struct Seg {
    text: String,
    style: Style,
}

/// A line of the board, and the selectable row it shows, if any.
struct Line {
    segs: Vec<Seg>,
    row: Option<Row>,
}

/// The background of each level of heat, none to most.
const HEAT: [Color; 5] = [
    Color::Indexed(236),
    Color::Indexed(22),
    Color::Indexed(28),
    Color::Indexed(34),
    Color::Indexed(40),
];

/// How the board draws, for the screen it is on.
struct Look<'a> {
    theme: &'a Theme,
    widths: Widths,
    color: bool,
    /// The width of the board's text.
    width: usize,
    /// The width of the name column.
    names: usize,
    /// How many weeks the heat map shows, the last ones.
    weeks: usize,
}

impl Look<'_> {
    fn seg(&self, text: impl Into<String>, part: Option<Part>) -> Seg {
        Seg {
            text: text.into(),
            style: part.map_or_else(Style::new, |part| self.theme.style(part)),
        }
    }

    fn name(&self, name: &str, selected: bool) -> Seg {
        let fitted = text::truncate(name, self.names, self.widths);
        let padded = text::pad_right(&fitted, self.names, self.widths);
        self.seg(padded, selected.then_some(Part::Selection))
    }

    /// A cell of heat, two columns wide: colour behind spaces, or dots without colour. The
    /// selected cell shows its count, in the selection's style.
    fn heat(&self, count: usize, most: usize, selected: bool) -> Seg {
        if selected {
            let count = if count > 99 {
                "++".into()
            } else {
                format!("{count:>2}")
            };
            return self.seg(count, Some(Part::Selection));
        }
        self.level(chart::heat(count, most))
    }

    /// A level of heat, two columns wide.
    fn level(&self, level: usize) -> Seg {
        if self.color {
            Seg {
                text: "  ".into(),
                style: Style::new().bg(HEAT[level]),
            }
        } else {
            self.seg(format!("{} ", chart::heat_glyph(level)), None)
        }
    }

    /// A day of the calendar at a level of heat, one column wide.
    fn day(&self, level: usize) -> Seg {
        if self.color {
            Seg {
                text: " ".into(),
                style: Style::new().bg(HEAT[level]),
            }
        } else {
            self.seg(chart::heat_glyph(level).to_string(), None)
        }
    }
}

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let widths = app.widths();
    let pane = Pane::new(area);
    clear_over(pane.outer, buf);
    let board = app.board();
    let Some(gathered) = board.gathered() else {
        frame("Trends", true, &pane, buf, widths, theme);
        let what = if board.is_gathering() {
            format!("counting{}", widths.ellipsis())
        } else {
            "nothing to count".to_string()
        };
        let at = Position::new(pane.text.x, pane.text.y);
        put_fitted(
            buf,
            at,
            pane.text.right(),
            &what,
            theme.style(Part::Dim),
            widths,
        );
        return;
    };
    let stats = &gathered.stats;
    let title = format!("Trends {} to {}", stats.range.from, stats.range.to);
    frame(&title, true, &pane, buf, widths, theme);
    let inner = pane.text;
    if inner.height < 2 || inner.width < 4 {
        return;
    }
    let width = usize::from(inner.width);
    // The counts after the heat: papers and read, a column each.
    let counts = 11;
    let names = (width / 3).clamp(6, 24);
    let weeks = (width.saturating_sub(names + counts + 1) / 2).min(stats.weeks.len());
    let look = Look {
        theme,
        widths,
        color: theme.has_color(),
        width,
        names,
        weeks,
    };
    let lines = lines(board, gathered, &look);
    // The last line of the pane says what is selected: the rest scroll above it.
    let visible = usize::from(inner.height - 1);
    let selected = board.selected();
    let at = lines
        .iter()
        .position(|line| line.row.is_some() && line.row == selected)
        .unwrap_or(0);
    // The last row shows the end of the board, so that the calendar below it can be seen.
    let last = lines.iter().rposition(|line| line.row.is_some());
    let first = if last == Some(at) {
        at.min(lines.len().saturating_sub(visible))
    } else {
        (at + 1).saturating_sub(visible)
    };
    for (y, line) in (inner.y..).zip(lines.iter().skip(first).take(visible)) {
        let mut x = inner.x;
        for seg in &line.segs {
            x = put(
                buf,
                Position::new(x, y),
                inner.right(),
                &seg.text,
                seg.style,
                widths,
            );
        }
    }
    let footer = footer(board, gathered, &look);
    let at = Position::new(inner.x, inner.bottom() - 1);
    put_fitted(
        buf,
        at,
        inner.right(),
        &footer,
        theme.style(Part::Dim),
        widths,
    );
}

/// Every line of the board, top to bottom.
fn lines(board: &Board, gathered: &Gathered, look: &Look) -> Vec<Line> {
    let stats = &gathered.stats;
    let selected = board.selected();
    let glyphs = Glyphs::for_widths(look.widths);
    let mut lines = Vec::new();
    let heading = |text: &str, rest: String| Line {
        segs: vec![
            look.seg(
                text::pad_right(text, look.names, look.widths),
                Some(Part::Heading),
            ),
            look.seg(rest, Some(Part::Dim)),
        ],
        row: None,
    };
    let blank = || Line {
        segs: Vec::new(),
        row: None,
    };
    let first_week = stats.weeks.len() - look.weeks;
    let week_label = stats.weeks.get(first_week).map_or(String::new(), |week| {
        format!("{:02}-{:02}", week.from.month(), week.from.day())
    });
    let span = look.weeks * 2;
    lines.push(heading(
        "Topics",
        format!(
            " {}{:>6}{:>5}",
            text::pad_right(&week_label, span, look.widths),
            "papers",
            "read"
        ),
    ));
    // Heat is measured against the busiest cell of the board.
    let most = stats
        .topics
        .iter()
        .flat_map(|topic| topic.weeks.iter())
        .map(|cell| cell.papers)
        .max()
        .unwrap_or(0);
    // Under the heading, so that the legend is on the board's first screen at every size.
    lines.push(legend(look, most));
    let row_of = |name: &str, total: &Cell, weeks: &[Cell], row: Row, most: usize| {
        let this = selected == Some(row);
        let mut segs = vec![look.name(name, this && board.week_back().is_none())];
        segs.push(look.seg(" ", None));
        for (back, cell) in weeks
            .iter()
            .rev()
            .take(look.weeks)
            .enumerate()
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            let on = this && board.week_back() == Some(back);
            segs.push(look.heat(cell.papers, most, on));
        }
        segs.push(look.seg(format!("{:>6}", total.papers), Some(Part::Counts)));
        segs.push(look.seg(format!("{:>5}", total.read), Some(Part::Dim)));
        Line {
            segs,
            row: Some(row),
        }
    };
    for (at, topic) in stats.topics.iter().enumerate() {
        lines.push(row_of(
            &topic.term,
            &topic.total,
            &topic.weeks,
            Row::Topic(at),
            most,
        ));
    }
    lines.push(blank());
    lines.push(heading(
        "Organizations",
        format!(" {:>6}{:>7}  a week", "papers", glyphs.upvotes),
    ));
    for (at, org) in stats.organizations.iter().enumerate() {
        let row = Row::Organization(at);
        let this = selected == Some(row);
        let mut segs = vec![look.name(&org.name, this && board.week_back().is_none())];
        segs.push(look.seg(format!(" {:>6}", org.total.papers), Some(Part::Counts)));
        segs.push(look.seg(format!("{:>7}  ", org.upvotes), Some(Part::Counts)));
        let line = crate::stats::weekly_line(&org.weeks);
        match board.week_back().filter(|_| this) {
            // The week selected, as a count over the line.
            Some(back) => {
                let cell = org.weeks.iter().rev().nth(back).map_or(0, |c| c.papers);
                segs.push(look.seg(line, Some(Part::Dim)));
                segs.push(look.seg(format!(" {cell}"), Some(Part::Selection)));
            }
            None => segs.push(look.seg(line, Some(Part::Dim))),
        }
        lines.push(Line {
            segs,
            row: Some(row),
        });
    }
    lines.push(blank());
    lines.push(heading("Rising", " a week: now  before".into()));
    for (at, rising) in stats.rising.iter().take(RISING).enumerate() {
        let row = Row::Rising(at);
        lines.push(Line {
            segs: vec![
                look.name(&rising.term, selected == Some(row)),
                look.seg(format!(" {:>11.1}", rising.now), Some(Part::Counts)),
                look.seg(format!(" {:>7.1}", rising.before), Some(Part::Dim)),
            ],
            row: Some(row),
        });
    }
    lines.push(blank());
    lines.push(heading(
        "Movers",
        format!(" {:>6}{:>7}", glyphs.upvotes, glyphs.stars),
    ));
    for (at, mover) in stats.movers.iter().take(MOVERS).enumerate() {
        let row = Row::Mover(at);
        let name = mover.arxiv_id.as_deref().unwrap_or(&mover.title);
        lines.push(Line {
            segs: vec![
                look.name(name, selected == Some(row)),
                look.seg(
                    format!(" {:>+6}{:>+7} ", mover.upvotes, mover.stars),
                    Some(Part::Counts),
                ),
                look.seg(mover.title.clone(), Some(Part::Dim)),
            ],
            row: Some(row),
        });
    }
    lines.push(blank());
    lines.extend(calendar(gathered, look));
    lines
}

/// What the heat's levels mean: none, then each level up to the most in a cell.
fn legend(look: &Look, most: usize) -> Line {
    let mut segs = vec![look.seg(text::pad_right("", look.names + 1, look.widths), None)];
    segs.push(look.seg("0 ", Some(Part::Dim)));
    for level in 0..=4 {
        segs.push(look.level(level));
    }
    // "papers" goes where the screen is too narrow for it: the heading says what is counted.
    let used = look.names + 1 + 2 + 5 * 2;
    let said = format!("{most} papers a week");
    let said = if used + said.len() <= look.width {
        said
    } else {
        format!("{most} a week")
    };
    segs.push(look.seg(said, Some(Part::Dim)));
    Line { segs, row: None }
}

/// A year of reading, a column a week and a row a weekday, newest on the right, as many weeks
/// as fit; then the year's count and the streak.
fn calendar(gathered: &Gathered, look: &Look) -> Vec<Line> {
    let glyphs = Glyphs::for_widths(look.widths);
    let read = &gathered.read_per_day;
    let total: usize = read.values().sum();
    let mut lines = vec![Line {
        segs: vec![
            look.seg(
                text::pad_right("Read", look.names, look.widths),
                Some(Part::Heading),
            ),
            look.seg(
                // The streak first, as the part that still fits a narrow screen.
                format!(
                    " streak {}{}{} this year",
                    crate::model::counted(gathered.streak, "day", "days"),
                    glyphs.separator,
                    crate::model::counted(total, "paper", "papers"),
                ),
                Some(Part::Dim),
            ),
        ],
        row: None,
    }];
    // A column for the weekday's name, and a week a column after it.
    let room = (look.names + 1 + look.weeks * 2 + 9).saturating_sub(4);
    let rows = reading::calendar(read, gathered.today, room);
    for (name, days) in reading::WEEKDAYS.iter().zip(rows) {
        let mut segs = vec![look.seg(format!("{name}  "), Some(Part::Dim))];
        segs.extend(days.into_iter().flatten().map(|level| look.day(level)));
        lines.push(Line { segs, row: None });
    }
    lines
}

/// The last line: what is selected and how many of its papers were read, or what the keys do.
fn footer(board: &Board, gathered: &Gathered, look: &Look) -> String {
    let glyphs = Glyphs::for_widths(look.widths);
    let keys = match look.widths {
        Widths::Standard => "↑↓ ←→ choose · Enter lists · Esc closes",
        // The arrows and the dot are ambiguous in width.
        Widths::AmbiguousWide => "j k, arrows choose; Enter lists; Esc closes",
    };
    let stats = &gathered.stats;
    let week = |back: Option<usize>| {
        back.and_then(|back| stats.weeks.iter().rev().nth(back))
            .map_or(String::new(), |week| {
                format!(", {} to {}", week.from, week.to)
            })
    };
    let said = match board.selected() {
        Some(Row::Mover(at)) => stats.movers.get(at).map(|mover| {
            format!(
                "{}: {:+} upvotes, {:+} stars",
                mover.arxiv_id.as_deref().unwrap_or(&mover.title),
                mover.upvotes,
                mover.stars
            )
        }),
        Some(row) => board.selected_cell().map(|cell| {
            let name = match row {
                Row::Topic(at) => stats.topics.get(at).map(|t| t.term.as_str()),
                Row::Organization(at) => stats.organizations.get(at).map(|o| o.name.as_str()),
                Row::Rising(at) => stats.rising.get(at).map(|r| r.term.as_str()),
                Row::Mover(_) => None,
            };
            let back = match row {
                Row::Rising(_) => Some(0),
                _ => board.week_back(),
            };
            format!(
                "{}{}: {}, {} read",
                name.unwrap_or_default(),
                week(back),
                crate::model::counted(cell.papers, "paper", "papers"),
                cell.read
            )
        }),
        None => None,
    };
    match said {
        Some(said) => format!("{said}{}{keys}", glyphs.separator),
        None => keys.to_string(),
    }
}
