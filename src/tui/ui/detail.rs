//! The detail pane: the selected paper in full, wrapped to the pane's width, scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};

use super::{frame, pane, put, tag_color};
use crate::paper_view::Role;
use crate::tui::app::{App, Focus};

/// How each kind of text in a laid-out paper looks.
fn style(role: &Role) -> Style {
    match role {
        Role::Title => Style::new().add_modifier(Modifier::BOLD),
        Role::Subtitle => Style::new().add_modifier(Modifier::ITALIC),
        Role::Label => Style::new().fg(Color::DarkGray),
        Role::Plain => Style::new(),
        Role::Score => Style::new().fg(Color::Yellow),
        Role::Link => Style::new()
            .fg(Color::Cyan)
            .add_modifier(Modifier::UNDERLINED),
        Role::Tag(tag) => Style::new().fg(tag_color(tag)).add_modifier(Modifier::BOLD),
        Role::Heading => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    }
}

/// Where the text goes inside the pane.
pub fn text_area(pane: Rect) -> Rect {
    super::padded(pane)
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Detail;
    if app.selected_paper().is_none() {
        frame(pane("Detail", focused, app.widths), area, buf);
        return;
    }
    let text = text_area(area);
    let all = app.detail_lines_at(text.width);
    let height = usize::from(text.height);
    let scroll = app.detail_scroll.min(all.len().saturating_sub(height));
    let title = if all.len() > height && height > 0 {
        let last = (scroll + height).min(all.len());
        format!("Detail {}-{}/{}", scroll + 1, last, all.len())
    } else {
        "Detail".to_string()
    };
    frame(pane(&title, focused, app.widths), area, buf);
    for (y, line) in (text.y..text.bottom()).zip(all.iter().skip(scroll)) {
        let mut x = text.x;
        for span in line {
            x = put(
                buf,
                Position::new(x, y),
                text.right(),
                &span.text,
                style(&span.role),
                app.widths,
            );
        }
    }
}
