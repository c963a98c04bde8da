//! The filter pane: the search text, then the tags with their counts, each on or off.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use unicode_segmentation::UnicodeSegmentation;

use super::SearchField;
use crate::query::filter::TagChoice;
use crate::tui::app::{App, Focus};
use crate::tui::geometry::Pane;
use crate::tui::paint::{frame, put, put_fitted};
use crate::tui::theme::{Part, Theme};

/// Draw the pane; returns where the terminal cursor goes while the user types a search.
pub fn render(app: &App, theme: &Theme, pane: &Pane, buf: &mut Buffer) -> Option<Position> {
    let widths = app.widths();
    let tags = app.tags();
    let focused = app.focus() == Focus::Filter || app.is_searching();
    let chosen = tags.chosen().len();
    let title = if chosen > 0 {
        format!("Filter ({chosen} on)")
    } else {
        "Filter".to_string()
    };
    frame(&title, focused, pane, buf, widths, theme);
    let (inner, text) = (pane.inner, pane.text);
    if inner.width == 0 || inner.height == 0 {
        return None;
    }
    let cursor = search_row(app, theme, text, buf);

    let count_width = tags
        .rows()
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(1);
    let visible = usize::from(inner.height.saturating_sub(1));
    let rows = tags
        .rows()
        .iter()
        .enumerate()
        .skip(tags.offset_for(visible))
        .take(visible);
    for (y, (index, (choice, count))) in (inner.y + 1..).zip(rows) {
        let on = tags.chosen().contains(choice);
        let under_cursor = app.focus() == Focus::Filter && index == tags.cursor();
        let row_style = if under_cursor {
            theme.style(Part::Selection)
        } else {
            Style::new()
        };
        let (name, name_style) = match choice {
            TagChoice::Tag(tag) => (tag.as_str(), theme.tag(tag)),
            TagChoice::Untagged => ("(no tag)", theme.style(Part::Dim)),
        };
        let check = if on { "[x] " } else { "[ ] " };
        let x = put(
            buf,
            Position::new(text.x, y),
            text.right(),
            check,
            row_style,
            widths,
        );
        let count = format!(" {count:>count_width$}");
        let count_at = text.right().saturating_sub(count.len() as u16).max(x);
        let name_style = match (under_cursor, on) {
            (true, _) => row_style,
            (false, true) => name_style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            (false, false) => name_style.remove_modifier(Modifier::BOLD),
        };
        put_fitted(buf, Position::new(x, y), count_at, name, name_style, widths);
        let count_style = if under_cursor {
            row_style
        } else {
            theme.style(Part::Dim)
        };
        put(
            buf,
            Position::new(count_at, y),
            text.right(),
            &count,
            count_style,
            widths,
        );
    }
    cursor
}

/// The search row: `/ text`, or a hint when there is none. Long searches scroll so the cursor
/// stays in view.
fn search_row(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let widths = app.widths();
    let search = app.search();
    let at = Position::new(area.x, area.y);
    if search.text().is_empty() && !app.is_searching() {
        put_fitted(
            buf,
            at,
            area.right(),
            "/ to search",
            theme.style(Part::Dim),
            widths,
        );
        return None;
    }
    let x = put(
        buf,
        at,
        area.right(),
        "/ ",
        theme.style(Part::Heading),
        widths,
    );
    let style = Style::new().add_modifier(Modifier::BOLD);
    let cursor = put_field(
        buf,
        Position::new(x, at.y),
        area.right(),
        search,
        style,
        widths,
    );
    app.is_searching().then_some(cursor)
}

/// Draw a field being typed in from `at` to `right`; where the cursor is. Long text scrolls
/// by display width so that the cursor stays in view.
pub fn put_field(
    buf: &mut Buffer,
    at: Position,
    right: u16,
    field: &SearchField,
    style: Style,
    widths: crate::text::Widths,
) -> Position {
    let room = usize::from(right.saturating_sub(at.x)).saturating_sub(1);
    let text = crate::text::sanitize_line(field.text());
    let before_cursor = crate::text::sanitize_line(&field.text()[..field.cursor()]);
    let cursor_column = widths.str_width(&before_cursor);
    // Keep the cursor on screen by dropping whole graphemes from the left.
    let mut shown: &str = &text;
    let mut dropped = 0;
    while cursor_column - dropped > room {
        let Some(first) = shown.graphemes(true).next() else {
            break;
        };
        dropped += widths.str_width(first);
        shown = &shown[first.len()..];
    }
    put_fitted(buf, at, right, shown, style, widths);
    let column = u16::try_from(cursor_column - dropped).unwrap_or(0);
    Position::new((at.x + column).min(right.saturating_sub(1)), at.y)
}
