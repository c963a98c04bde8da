//! The list pane: one row per shown paper (rank, 🏆, title, tag labels, score), drawing only
//! the rows that are on screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::{blank, frame, put, put_fitted};
use crate::model::Paper;
use crate::tags::short_label;
use crate::text::{self, Widths};
use crate::tui::app::{App, ColumnWidths, Focus};
use crate::tui::geometry::Pane;
use crate::tui::theme::{Part, Theme};

/// The widths of a row's columns at a pane's inner width.
struct Columns {
    rank: u16,
    tags: u16,
    score: u16,
}

impl Columns {
    fn for_day(day: ColumnWidths, width: u16) -> Columns {
        let rank = u16::try_from(day.rank.max(2)).unwrap_or(2);
        // A column of the day's widest score, and a space to set it off from the tags.
        let score = if width >= 26 && day.score > 0 {
            u16::try_from(day.score + 1).unwrap_or(0)
        } else {
            0
        };
        let tags = if width >= 40 {
            u16::try_from(day.labels).unwrap_or(u16::MAX).min(width / 4)
        } else {
            0
        };
        Columns { rank, tags, score }
    }
}

/// How a row is drawn: the selected row in the focused pane, the selected row elsewhere, or
/// any other row.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Row {
    Selected { focused: bool },
    Plain,
}

pub fn render(app: &App, theme: &Theme, pane: &Pane, buf: &mut Buffer) {
    let widths = app.widths();
    let list = app.list();
    let title = format!(
        "Papers {}/{}",
        list.shown().len(),
        app.digest().papers.len()
    );
    frame(&title, app.focus() == Focus::List, pane, buf, widths, theme);
    let inner = pane.inner;
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if list.shown().is_empty() {
        let message = if app.digest().papers.is_empty() {
            "this day has no papers"
        } else {
            "no paper matches the filter (c clears it)"
        };
        put_fitted(
            buf,
            Position::new(inner.x + 1, inner.y),
            inner.right(),
            message,
            theme.style(Part::Dim),
            widths,
        );
        return;
    }
    let columns = Columns::for_day(app.column_widths(), inner.width.saturating_sub(2));
    let rows = usize::from(inner.height);
    let shown = list.shown().iter().enumerate().skip(list.offset_for(rows));
    for (y, (position, &index)) in (inner.y..inner.bottom()).zip(shown) {
        let paper = &app.digest().papers[index];
        let kind = if position == list.selected() {
            Row::Selected {
                focused: app.focus() == Focus::List,
            }
        } else {
            Row::Plain
        };
        let title = app.title_of(paper);
        row(buf, inner, y, paper, title, &columns, kind, widths, theme);
    }
}

/// One paper's row.
#[allow(clippy::too_many_arguments)]
fn row(
    buf: &mut Buffer,
    inner: Rect,
    y: u16,
    paper: &Paper,
    title: &str,
    columns: &Columns,
    kind: Row,
    widths: Widths,
    theme: &Theme,
) {
    let base = match kind {
        Row::Selected { focused: true } => theme.style(Part::Selection),
        Row::Selected { focused: false } => theme.style(Part::SelectionUnfocused),
        Row::Plain => Style::new(),
    };
    // On the selected row everything takes the selection's look; elsewhere each column its own.
    let own = |style: Style| if kind == Row::Plain { style } else { base };
    // A column of margin at the right keeps the score off the border.
    let right = inner.right().saturating_sub(1);
    blank(buf, Position::new(inner.x, y), inner.right(), base);
    let mut x = inner.x + 1;
    let rank = text::pad_left(&paper.rank.to_string(), usize::from(columns.rank), widths);
    x = put(
        buf,
        Position::new(x, y),
        right,
        &rank,
        own(theme.style(Part::Dim)),
        widths,
    );
    let trophy = if paper.featured { " 🏆 " } else { "    " };
    x = put(buf, Position::new(x, y), right, trophy, base, widths);

    let tail = columns.tags + columns.score;
    let title_right = right.saturating_sub(tail).max(x);
    put_fitted(buf, Position::new(x, y), title_right, title, base, widths);
    x = title_right;

    if columns.tags > 0 {
        let tags_right = x + columns.tags;
        blank(buf, Position::new(x, y), tags_right, base);
        let mut at = x + 1;
        for tag in &paper.tags {
            let label = short_label(tag, widths);
            let room = usize::from(tags_right.saturating_sub(at));
            if widths.str_width(&label) > room {
                break;
            }
            at = put(
                buf,
                Position::new(at, y),
                tags_right,
                &label,
                own(theme.tag(tag)),
                widths,
            ) + 1;
        }
        x = tags_right;
    }
    if columns.score > 0 {
        let score = paper.score_text().unwrap_or_default();
        let score = text::pad_left(&score, usize::from(columns.score), widths);
        put(
            buf,
            Position::new(x, y),
            right,
            &score,
            own(theme.style(Part::Score)),
            widths,
        );
    }
}
