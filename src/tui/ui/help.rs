//! The help popup: every key, read from the keymap the reader uses, scrolled when the screen
//! is too short for all of them.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Clear, Widget};

use super::{frame, pane, put_fitted};
use crate::tui::app::App;
use crate::tui::keymap::{MOUSE, SEARCH_EDITING};

/// The help's rows: the keymap's bindings, then the search field's keys and the mouse.
pub fn rows(app: &App) -> Vec<(String, &'static str)> {
    let mut rows = app.keymap.help();
    rows.extend(
        SEARCH_EDITING
            .iter()
            .chain(MOUSE)
            .map(|&(keys, what)| (keys.to_string(), what)),
    );
    rows
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let widths = app.widths;
    let rows = rows(app);
    let key_width = rows
        .iter()
        .map(|(k, _)| widths.str_width(k))
        .max()
        .unwrap_or(0)
        + 2;
    let text_width = rows.iter().map(|(_, t)| t.len()).max().unwrap_or(0);
    let width = u16::try_from(key_width + text_width + 4)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let height = u16::try_from(rows.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(popup, buf);
    let visible = usize::from(height.saturating_sub(2)).max(1);
    let first = app.help_scroll.min(rows.len().saturating_sub(visible));
    let title = if visible < rows.len() {
        let last = (first + visible).min(rows.len());
        format!("Keys {}-{last}/{}: j k scroll", first + 1, rows.len())
    } else {
        "Keys: any key closes".to_string()
    };
    let inner = frame(pane(&title, true, widths), popup, buf);
    let key_style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    for (y, (keys, what)) in (inner.y..inner.bottom()).zip(rows.iter().skip(first)) {
        let key_right = (inner.x + 1 + key_width as u16).min(inner.right());
        put_fitted(
            buf,
            Position::new(inner.x + 1, y),
            key_right,
            keys,
            key_style,
            widths,
        );
        put_fitted(
            buf,
            Position::new(key_right, y),
            inner.right(),
            what,
            Style::new(),
            widths,
        );
    }
}
