//! The status line (the day, how many papers are shown, the active filters, messages) and the
//! notice above it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;

use super::{blank, put, put_fitted};
use crate::filter::TagChoice;
use crate::text;
use crate::tui::app::{App, Message, Mode, Tone};
use crate::tui::shelf::View;
use crate::tui::theme::{Part, Theme};

/// Draw the status line; returns where the terminal cursor goes while a date is typed.
pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let widths = app.widths();
    let base = theme.style(Part::Status);
    blank(buf, area.as_position(), area.right(), base);
    if let Mode::Jump(field) = app.mode() {
        let prompt = " go to date (2026-02-05, 2026-02, yesterday, -3, 7d): ";
        let x = put(
            buf,
            area.as_position(),
            area.right(),
            prompt,
            base.patch(theme.style(Part::Heading)),
            widths,
        );
        let end = put(
            buf,
            Position::new(x, area.y),
            area.right(),
            field.text(),
            base,
            widths,
        );
        return Some(Position::new(
            end.min(area.right().saturating_sub(1)),
            area.y,
        ));
    }
    // On narrow screens the help hint gives way to what is shown.
    let right = if area.width >= 60 {
        let x = area.right() - 8;
        let style = base.patch(theme.style(Part::Dim));
        put(
            buf,
            Position::new(x, area.y),
            area.right(),
            " ? help ",
            style,
            widths,
        );
        x
    } else {
        area.right()
    };

    // The sync under way keeps its place at the right, whatever the messages say.
    let right = match app.sync() {
        Some(sync) => {
            let what = match (sync.stopping, sync.days) {
                (true, _) => " stopping sync ".to_string(),
                (false, Some(days)) => format!(" sync {}/{days} ", sync.done),
                (false, None) => " sync… ".to_string(),
            };
            let x = right.saturating_sub(u16::try_from(widths.str_width(&what)).unwrap_or(0));
            let x = x.max(area.x);
            let style = base.patch(theme.style(Part::Heading));
            put(buf, Position::new(x, area.y), right, &what, style, widths);
            x
        }
        None => right,
    };
    let shown = app.list().shown().len();
    // Said once some are read: a day nobody has opened yet needs no count of its own.
    let unread = match app.unread_shown() {
        n if n == shown => String::new(),
        0 => ", all read".to_string(),
        n => format!(", {n} unread"),
    };
    let mut left = match app.view() {
        View::Day => format!(
            " {}  {shown}/{} papers{unread}",
            app.date(),
            app.digest().papers.len()
        ),
        View::All => format!(" every day  {shown} papers{unread}"),
        View::Ranking { from, to } => format!(" {from} to {to}  {shown} papers{unread}"),
        View::Starred => format!(" starred  {shown} papers{unread}"),
    };
    // The filters in full when they fit beside the message; when not, the message is news
    // and the filters shrink to a mark (the panes show them in full).
    let filters = filters(app);
    let message_width = app.message().map_or(0, |m| widths.str_width(&m.text) + 2);
    let room = usize::from(right - area.x);
    if widths.str_width(&left) + widths.str_width(&filters) + message_width <= room
        || app.message().is_none()
    {
        left.push_str(&filters);
    } else if app.filter().is_active() {
        left.push_str("  (filtered)");
    }
    let left = text::truncate(&left, room, widths);
    let bold = base.add_modifier(Modifier::BOLD);
    let x = put(
        buf,
        Position::new(area.x, area.y),
        right,
        &left,
        bold,
        widths,
    );

    let Message {
        text: message,
        tone,
    } = app.message()?;
    let style = match tone {
        Tone::Info => base,
        Tone::Warning => base.patch(theme.style(Part::Warning)),
    };
    let at = Position::new(x.saturating_add(2).min(right), area.y);
    put_fitted(buf, at, right, message, style, widths);
    None
}

/// The notice above the status line, a column in from each side.
pub fn render_notice(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let style = theme.style(Part::Notice);
    let lines = app.notice_lines(area.width);
    let rows = lines
        .iter()
        .map(String::as_str)
        .chain(std::iter::repeat(""));
    for (y, line) in (area.y..area.bottom()).zip(rows) {
        blank(buf, Position::new(area.x, y), area.right(), style);
        let right = area.right().saturating_sub(1);
        put_fitted(
            buf,
            Position::new(area.x + 1, y),
            right,
            line,
            style,
            app.widths(),
        );
    }
}

/// The active filters, as the status line describes them.
fn filters(app: &App) -> String {
    let mut out = String::new();
    let tags: Vec<&str> = app
        .tags()
        .chosen()
        .iter()
        .map(|choice| match choice {
            TagChoice::Tag(tag) => tag.as_str(),
            TagChoice::Untagged => "(no tag)",
        })
        .collect();
    if !tags.is_empty() {
        out.push_str("  tags: ");
        out.push_str(&tags.join(" or "));
    }
    if !app.search().text().is_empty() {
        out.push_str("  search: ");
        out.push_str(app.search().text());
    }
    out
}
