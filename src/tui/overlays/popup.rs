//! A message over the panes that the status line has no room for, shown whole and wrapped.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::Popup;
use crate::text;
use crate::tui::app::App;
use crate::tui::geometry::{Pane, centered};
use crate::tui::paint::{clear_over, frame, keep_rows, put};
use crate::tui::theme::Theme;

/// The widest a popup's text grows, so long messages still read as a paragraph.
const MOST_TEXT_WIDTH: u16 = 72;

pub fn render(app: &App, theme: &Theme, popup: &Popup, area: Rect, buf: &mut Buffer) {
    let widths = app.widths();
    // Borders and a column of margin at each side.
    let text_width = area.width.saturating_sub(4).min(MOST_TEXT_WIDTH);
    if text_width == 0 {
        return;
    }
    let mut lines: Vec<String> = popup
        .paragraphs
        .iter()
        .flat_map(|paragraph| text::wrap(&text::sanitize(paragraph), text_width.into(), widths))
        .collect();
    // On a short screen the blank lines between paragraphs go first, then the last lines,
    // the cut marked.
    let room = usize::from(area.height.saturating_sub(2));
    if lines.len() > room {
        lines.retain(|line| !line.is_empty());
    }
    keep_rows(&mut lines, room, text_width.into(), widths);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let pane = Pane::new(centered(area, text_width + 4, height));
    clear_over(pane.outer, buf);
    frame(&popup.title, true, &pane, buf, widths, theme);
    let text = pane.text;
    for (y, line) in (text.y..text.bottom()).zip(&lines) {
        put(
            buf,
            Position::new(text.x, y),
            text.right(),
            line,
            Style::new(),
            widths,
        );
    }
}
