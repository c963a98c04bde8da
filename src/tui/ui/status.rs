//! The status line: the day, how many papers are shown, the active filters, and messages.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};

use super::{blank, put, put_fitted};
use crate::filter::TagChoice;
use crate::text;
use crate::tui::app::{App, Message, Tone};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let widths = app.widths;
    let base = Style::new().bg(Color::Black).fg(Color::White);
    blank(buf, area.as_position(), area.right(), base);
    // On narrow screens the help hint gives way to what is shown.
    let help = " ? help ";
    let right = if area.width >= 60 {
        let x = area.right() - 8;
        let style = base.fg(Color::DarkGray);
        put(
            buf,
            Position::new(x, area.y),
            area.right(),
            help,
            style,
            widths,
        );
        x
    } else {
        area.right()
    };

    let mut left = format!(
        " {}  {}/{} papers",
        app.date(),
        app.shown.len(),
        app.digest.papers.len()
    );
    // The filters in full when they fit beside the message; when not, the message is news
    // and the filters shrink to a mark (the panes show them in full).
    let filters = filters(app);
    let message_width = app
        .message
        .as_ref()
        .map_or(0, |m| widths.str_width(&m.text) + 2);
    let room = usize::from(right - area.x);
    if widths.str_width(&left) + widths.str_width(&filters) + message_width <= room
        || app.message.is_none()
    {
        left.push_str(&filters);
    } else if app.filter.is_active() {
        left.push_str("  (filtered)");
    }
    let left = text::truncate(&left, usize::from(right - area.x), widths);
    let bold = base.add_modifier(Modifier::BOLD);
    let x = put(
        buf,
        Position::new(area.x, area.y),
        right,
        &left,
        bold,
        widths,
    );

    let Some(Message {
        text: message,
        tone,
    }) = &app.message
    else {
        return;
    };
    let style = match *tone {
        Tone::Info => base.fg(Color::Gray),
        Tone::Warning => base.fg(Color::Yellow).add_modifier(Modifier::BOLD),
    };
    let at = Position::new(x.saturating_add(2).min(right), area.y);
    put_fitted(buf, at, right, &text::sanitize_line(message), style, widths);
}

/// The notice above the status line, a column in from each side.
pub fn render_notice(app: &App, area: Rect, buf: &mut Buffer) {
    let style = Style::new()
        .bg(Color::Yellow)
        .fg(Color::Black)
        .add_modifier(Modifier::BOLD);
    let lines = app.notice_lines(area.width);
    for (y, line) in
        (area.y..area.bottom()).zip(lines.iter().chain(std::iter::repeat(&String::new())))
    {
        blank(buf, Position::new(area.x, y), area.right(), style);
        put_fitted(
            buf,
            Position::new(area.x + 1, y),
            area.right().saturating_sub(1),
            line,
            style,
            app.widths,
        );
    }
}

/// The active filters, as the status line describes them.
fn filters(app: &App) -> String {
    let mut out = String::new();
    let tags: Vec<String> = app
        .filter
        .tags
        .iter()
        .map(|choice| match choice {
            TagChoice::Tag(tag) => text::sanitize_line(tag).into_owned(),
            TagChoice::Untagged => "(no tag)".to_string(),
        })
        .collect();
    if !tags.is_empty() {
        out.push_str("  tags: ");
        out.push_str(&tags.join(" or "));
    }
    if !app.filter.search.is_empty() {
        out.push_str("  search: ");
        out.push_str(&text::sanitize_line(&app.filter.search));
    }
    out
}
