//! The list pane: one row per shown paper (rank, 🏆, title, tag labels, score), drawing only
//! the rows that are on screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};

use super::{frame, pane, put, put_fitted, tag_color};
use crate::model::Paper;
use crate::tags::short_label;
use crate::text::{self, Widths};
use crate::tui::app::{App, Focus};

fn labels(paper: &Paper, widths: Widths) -> Vec<(String, &str)> {
    paper
        .tags
        .iter()
        .map(|tag| (short_label(tag, widths), tag.as_str()))
        .collect()
}

/// How wide a paper's tag labels are, each with a space before it.
pub fn labels_width(paper: &Paper, widths: Widths) -> usize {
    labels(paper, widths)
        .iter()
        .map(|(label, _)| widths.str_width(label) + 1)
        .sum()
}

/// The widths of a row's columns at a pane's inner width.
struct Columns {
    rank: u16,
    tags: u16,
    score: u16,
}

impl Columns {
    fn for_day(app: &App, width: u16) -> Columns {
        let rank = u16::try_from(app.widest_rank.max(2)).unwrap_or(2);
        // A column of the day's widest score, and a space to set it off from the tags.
        let score = if width >= 26 && app.widest_score > 0 {
            u16::try_from(app.widest_score + 1).unwrap_or(0)
        } else {
            0
        };
        let tags = if width >= 40 {
            u16::try_from(app.widest_labels)
                .unwrap_or(u16::MAX)
                .min(width / 4)
        } else {
            0
        };
        Columns { rank, tags, score }
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let widths = app.widths;
    let title = format!("Papers {}/{}", app.shown.len(), app.digest.papers.len());
    let inner = frame(pane(&title, app.focus == Focus::List, widths), area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if app.shown.is_empty() {
        let message = if app.digest.papers.is_empty() {
            "this day has no papers"
        } else {
            "no paper matches the filter (c clears it)"
        };
        let style = Style::new().fg(Color::DarkGray);
        put_fitted(
            buf,
            Position::new(inner.x + 1, inner.y),
            inner.right(),
            message,
            style,
            widths,
        );
        return;
    }
    let columns = Columns::for_day(app, inner.width.saturating_sub(2));
    let rows = app
        .shown
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(usize::from(inner.height));
    for (y, (position, &index)) in (inner.y..).zip(rows) {
        let paper = &app.digest.papers[index];
        let selected = position == app.selected;
        row(
            buf,
            inner,
            y,
            paper,
            &columns,
            selected.then_some(app.focus == Focus::List),
            widths,
        );
    }
}

/// One paper's row. `selected` is `Some(focused)` on the selected row.
fn row(
    buf: &mut Buffer,
    inner: Rect,
    y: u16,
    paper: &Paper,
    columns: &Columns,
    selected: Option<bool>,
    widths: Widths,
) {
    let base = match selected {
        Some(true) => Style::new()
            .bg(Color::Blue)
            .fg(Color::White)
            .add_modifier(Modifier::BOLD),
        Some(false) => Style::new().bg(Color::DarkGray),
        None => Style::new(),
    };
    // A column of margin at the right keeps the score off the border.
    let right = inner.right().saturating_sub(1);
    for x in inner.x..inner.right() {
        buf[(x, y)].set_symbol(" ").set_style(base);
    }
    let mut x = inner.x + 1;
    let rank = text::pad_left(&paper.rank.to_string(), usize::from(columns.rank), widths);
    let rank_style = match selected {
        Some(_) => base,
        None => Style::new().fg(Color::DarkGray),
    };
    x = put(buf, Position::new(x, y), right, &rank, rank_style, widths);
    let trophy = if paper.featured { " 🏆 " } else { "    " };
    x = put(buf, Position::new(x, y), right, trophy, base, widths);

    let tail = columns.tags + columns.score;
    let title_right = right.saturating_sub(tail).max(x);
    let title = text::sanitize_line(paper.title());
    put_fitted(buf, Position::new(x, y), title_right, &title, base, widths);
    x = title_right;

    if columns.tags > 0 {
        let tags_right = x + columns.tags;
        for x in x..tags_right {
            buf[(x, y)].set_symbol(" ").set_style(base);
        }
        let mut at = x + 1;
        for (label, tag) in labels(paper, widths) {
            let style = match selected {
                Some(_) => base,
                None => Style::new().fg(tag_color(tag)).add_modifier(Modifier::BOLD),
            };
            let room = usize::from(tags_right.saturating_sub(at));
            if widths.str_width(&label) > room {
                break;
            }
            at = put(buf, Position::new(at, y), tags_right, &label, style, widths) + 1;
        }
        x = tags_right;
    }
    if columns.score > 0 {
        let score = paper.score_text().unwrap_or_default();
        let score = text::pad_left(&score, usize::from(columns.score), widths);
        let style = match selected {
            Some(_) => base,
            None => Style::new().fg(Color::Yellow),
        };
        put(buf, Position::new(x, y), right, &score, style, widths);
    }
}
