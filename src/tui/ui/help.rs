//! The help popup: every key, as `keys` binds them.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Clear, Widget};

use super::{frame, pane, put_fitted};
use crate::text::Widths;
use crate::tui::keys::HELP;

pub fn render(widths: Widths, area: Rect, buf: &mut Buffer) {
    let key_width = HELP.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 2;
    let text_width = HELP.iter().map(|(_, t)| t.len()).max().unwrap_or(0);
    let width = u16::try_from(key_width + text_width + 4)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let height = u16::try_from(HELP.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(popup, buf);
    let inner = frame(pane("Keys: any key closes", true, widths), popup, buf);
    let key_style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    for (y, (keys, what)) in (inner.y..inner.bottom()).zip(HELP) {
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
