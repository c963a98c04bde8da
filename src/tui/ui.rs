//! Drawing the reader from its model: each feature draws its own pane or overlay, placed here
//! by the [`Geometry`] of the frame being drawn. Everything is written through
//! [`put`](super::paint::put) and the other painting of [`super::paint`].

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use super::app::App;
use super::board::draw as board;
use super::detail::draw as detail;
use super::filter::draw as filter;
use super::geometry::Geometry;
use super::list::draw as list;
use super::overlays::{Mode, help, popup, status};
use super::paint::put;
use super::theme::{Part, Theme};
use super::watch::draw as watch;
use crate::text::{self, Widths};

/// Draw the whole screen.
pub fn draw(app: &App, theme: &Theme, frame: &mut Frame) {
    // The frame's own area, never a size remembered from an earlier resize event: the
    // terminal may have shrunk since, and nothing may be drawn outside it.
    let area = frame.area();
    let geometry = app.geometry_at(area);
    let buf = frame.buffer_mut();
    let panes = match geometry {
        Geometry::Panes(panes) => panes,
        Geometry::TooSmall { .. } => {
            too_small(area, buf, app.widths(), theme);
            return;
        }
    };
    list::render(app, theme, &panes.list, buf);
    if let Some(detail) = &panes.detail {
        detail::render(app, theme, detail, buf);
    }
    let cursor = panes
        .filter
        .and_then(|filter| filter::render(app, theme, &filter, buf));
    if let Some(notice) = panes.notice {
        status::render_notice(app, theme, notice, buf);
    }
    let status = status::render(app, theme, panes.status, buf);
    // A popup says what the message says, and more: the message is not drawn under it.
    if status.message_above && !matches!(app.mode(), Mode::Popup(_)) {
        let bottom = panes.notice.map_or(panes.status.y, |notice| notice.y);
        status::render_message_above(app, theme, area, bottom, buf);
    }
    match app.mode() {
        Mode::Popup(popup) => popup::render(app, theme, popup, area, buf),
        Mode::Help { page, scroll } => {
            match app.under_help() {
                Mode::Board => board::render(app, theme, area, buf),
                Mode::Watches => watch::render(app, theme, area, buf),
                _ => {}
            }
            help::render(app, theme, *page, *scroll, area, buf)
        }
        Mode::Watches => watch::render(app, theme, area, buf),
        Mode::Board => board::render(app, theme, area, buf),
        Mode::Browse | Mode::Search | Mode::Jump(_) | Mode::Label(_) => {}
    }
    if let Some(cursor) = cursor.or(status.cursor) {
        frame.set_cursor_position(cursor);
    }
}

fn too_small(area: Rect, buf: &mut Buffer, widths: Widths, theme: &Theme) {
    let message = "terminal too small";
    let line = text::truncate(message, usize::from(area.width), widths);
    let width = u16::try_from(widths.str_width(&line)).unwrap_or(area.width);
    let x = area.x + (area.width.saturating_sub(width)) / 2;
    let y = area.y + area.height / 2;
    put(
        buf,
        Position::new(x, y),
        area.right(),
        &line,
        theme.style(Part::Warning),
        widths,
    );
}
