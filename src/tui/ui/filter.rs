//! The filter pane: the search text, then the day's tags with their counts, each on or off.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};

use super::{frame, pane, put, put_fitted, tag_color};
use crate::filter::TagChoice;
use crate::text;
use crate::tui::app::{App, Focus};

/// Draw the pane; returns where the terminal cursor goes while the user types a search.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let widths = app.widths;
    let focused = app.focus == Focus::Filter || app.searching;
    let chosen = app.filter.tags.len();
    let title = if chosen > 0 {
        format!("Filter ({chosen} on)")
    } else {
        "Filter".to_string()
    };
    let inner = frame(pane(&title, focused, widths), area, buf);
    if inner.width == 0 || inner.height == 0 {
        return None;
    }
    let text = super::padded(area);
    let cursor = search_row(app, text, buf);

    let count_width = app
        .tag_rows
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(1);
    let rows = app
        .tag_rows
        .iter()
        .enumerate()
        .skip(app.tag_offset_for(usize::from(inner.height.saturating_sub(1))))
        .take(usize::from(inner.height.saturating_sub(1)));
    for (y, (index, (choice, count))) in (inner.y + 1..).zip(rows) {
        let on = app.filter.tags.contains(choice);
        let under_cursor = app.focus == Focus::Filter && index == app.tag_cursor;
        let row_style = if under_cursor {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let (name, color) = match choice {
            TagChoice::Tag(tag) => (text::sanitize_line(tag).into_owned(), tag_color(tag)),
            TagChoice::Untagged => ("(no tag)".to_string(), Color::DarkGray),
        };
        let check = if on { "[x] " } else { "[ ] " };
        let mut x = put(
            buf,
            Position::new(text.x, y),
            text.right(),
            check,
            row_style,
            widths,
        );
        let count = format!(" {count:>count_width$}");
        let count_at = text.right().saturating_sub(count.len() as u16).max(x);
        let name_style = if under_cursor {
            row_style
        } else {
            Style::new().fg(color).add_modifier(if on {
                Modifier::BOLD
            } else {
                Modifier::empty()
            })
        };
        put_fitted(
            buf,
            Position::new(x, y),
            count_at,
            &name,
            name_style,
            widths,
        );
        x = count_at;
        put(
            buf,
            Position::new(x, y),
            text.right(),
            &count,
            row_style.fg(if under_cursor {
                Color::White
            } else {
                Color::DarkGray
            }),
            widths,
        );
    }
    cursor
}

/// The search row: `/ text`, or a hint when there is none. Long searches scroll so the cursor
/// stays in view.
fn search_row(app: &App, inner: Rect, buf: &mut Buffer) -> Option<Position> {
    let widths = app.widths;
    let at = Position::new(inner.x, inner.y);
    let prompt_style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    if app.filter.search.is_empty() && !app.searching {
        let hint = Style::new().fg(Color::DarkGray);
        put_fitted(buf, at, inner.right(), "/ to search", hint, widths);
        return None;
    }
    let x = put(buf, at, inner.right(), "/ ", prompt_style, widths);
    let room = usize::from(inner.right().saturating_sub(x)).saturating_sub(1);
    let search = text::sanitize_line(&app.filter.search);
    let before_cursor = text::sanitize_line(&app.filter.search[..app.search_cursor]);
    let cursor_column = widths.str_width(&before_cursor);
    // Keep the cursor on screen by dropping whole graphemes from the left.
    let mut shown: &str = &search;
    let mut dropped = 0;
    while cursor_column - dropped > room {
        let Some(first) = unicode_segmentation::UnicodeSegmentation::graphemes(shown, true).next()
        else {
            break;
        };
        dropped += widths.str_width(first);
        shown = &shown[first.len()..];
    }
    let style = Style::new().add_modifier(Modifier::BOLD);
    put_fitted(
        buf,
        Position::new(x, at.y),
        inner.right(),
        shown,
        style,
        widths,
    );
    app.searching.then(|| {
        let column = u16::try_from(cursor_column - dropped).unwrap_or(0);
        Position::new((x + column).min(inner.right().saturating_sub(1)), at.y)
    })
}
