//! The detail pane: the selected paper in full, laid out for the pane's width, scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use ratatui::style::Style;

use crate::model::paper_view::Role;
use crate::tui::app::{App, Focus};
use crate::tui::geometry::Pane;
use crate::tui::paint::{frame, put};
use crate::tui::theme::{Part, Theme};

/// How each kind of text in a laid-out paper looks.
fn style(role: &Role, theme: &Theme) -> Style {
    match role {
        Role::Title => theme.style(Part::Title),
        Role::Subtitle => theme.style(Part::Subtitle),
        Role::Label => theme.style(Part::Dim),
        Role::Plain => Style::new(),
        Role::Score => theme.style(Part::Score),
        Role::Link => theme.style(Part::Link),
        Role::Tag(tag) => theme.tag(tag),
        Role::Heading => theme.style(Part::Heading),
    }
}

pub fn render(app: &App, theme: &Theme, pane: &Pane, buf: &mut Buffer) {
    let focused = app.focus() == Focus::Detail;
    let text = pane.text;
    if app.selected_paper().is_none() || text.width == 0 {
        frame("Detail", focused, pane, buf, app.widths(), theme);
        return;
    }
    let all = app.detail_lines(usize::from(text.width));
    let height = usize::from(text.height);
    let scroll = app.detail_scroll().min(all.len().saturating_sub(height));
    let mut title = "Detail".to_string();
    if let Some(key) = app.selected_key() {
        let mark = app.mark(key);
        let glyphs = crate::model::paper_view::Glyphs::for_widths(app.widths());
        let zotero = app.in_zotero(key);
        for (on, word) in [
            (mark.starred, "starred"),
            (mark.read, "read"),
            (mark.queued, "queued"),
            (mark.hidden, "hidden"),
            (zotero, "in Zotero"),
        ] {
            if on {
                title.push_str(glyphs.separator);
                title.push_str(word);
            }
        }
        if app.note_text(key).is_some() {
            title.push_str(glyphs.separator);
            title.push_str("note");
        }
    }
    if all.len() > height && height > 0 {
        let last = (scroll + height).min(all.len());
        title.push_str(&format!(" {}-{}/{}", scroll + 1, last, all.len()));
    }
    frame(&title, focused, pane, buf, app.widths(), theme);
    for (y, line) in (text.y..text.bottom()).zip(all.iter().skip(scroll)) {
        let mut x = text.x;
        for span in line {
            let style = style(&span.role, theme);
            x = put(
                buf,
                Position::new(x, y),
                text.right(),
                &span.text,
                style,
                app.widths(),
            );
        }
    }
}
