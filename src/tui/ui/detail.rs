//! The detail pane: the selected paper in full, wrapped to the pane's width, scrolled.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};

use super::{Glyphs, frame, pane, put, tag_color};
use crate::model::Paper;
use crate::text::{self, Widths};
use crate::tui::app::{App, Focus};

/// One screen line: pieces of text, each in its own style.
pub type Line = Vec<(String, Style)>;

/// Facts are labelled in a column this wide.
const LABEL_WIDTH: usize = 10;

/// The paper laid out for a pane `width` columns wide. Every line fits.
pub fn lines(paper: &Paper, date: NaiveDate, width: u16, widths: Widths) -> Vec<Line> {
    let width = usize::from(width);
    if width == 0 {
        return Vec::new();
    }
    let glyphs = Glyphs::for_widths(widths);
    let mut out: Vec<Line> = Vec::new();
    let paragraph = |out: &mut Vec<Line>, body: &str, style: Style, first: &str, rest: &str| {
        let indent = widths.str_width(first).max(widths.str_width(rest));
        let room = width.saturating_sub(indent).max(1);
        for (i, line) in text::wrap(&text::sanitize(body), room, widths)
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { first } else { rest };
            let mut spans = Vec::new();
            if !lead.is_empty() {
                spans.push((lead.to_string(), Style::new().fg(Color::DarkGray)));
            }
            spans.push((line, style));
            out.push(spans);
        }
    };

    let bold = Style::new().add_modifier(Modifier::BOLD);
    if let Some(zh) = &paper.title_zh {
        paragraph(&mut out, zh, bold, "", "");
    }
    if let Some(en) = &paper.title_en {
        let style = if paper.title_zh.is_some() {
            Style::new().add_modifier(Modifier::ITALIC)
        } else {
            bold
        };
        paragraph(&mut out, en, style, "", "");
    }
    out.push(Vec::new());

    let label = |name: &str| format!("{name:<LABEL_WIDTH$}");
    let blank = " ".repeat(LABEL_WIDTH);
    let fact = |out: &mut Vec<Line>, name: &str, value: &str, style: Style| {
        paragraph(out, value, style, &label(name), &blank);
    };
    let link = Style::new()
        .fg(Color::Cyan)
        .add_modifier(Modifier::UNDERLINED);
    for (name, value) in paper.facts(date) {
        match name {
            "Tags" => out.extend(tag_lines(paper, width, widths, &glyphs)),
            "Score" => fact(&mut out, name, &value, Style::new().fg(Color::Yellow)),
            "Link" | "PDF" => fact(&mut out, name, &value, link),
            _ => fact(&mut out, name, &value, Style::new()),
        }
    }

    let heading = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    if let Some(summary) = &paper.summary {
        out.push(Vec::new());
        out.push(vec![("Summary".to_string(), heading)]);
        paragraph(&mut out, summary, Style::new(), "", "");
    }
    if !paper.highlights.is_empty() {
        out.push(Vec::new());
        out.push(vec![("Highlights".to_string(), heading)]);
        let first = format!("{} ", glyphs.bullet);
        let rest = " ".repeat(widths.str_width(&first));
        for highlight in &paper.highlights {
            paragraph(
                &mut out,
                &text::sanitize_line(highlight),
                Style::new(),
                &first,
                &rest,
            );
        }
    }
    out
}

/// The tags, in full and in colour, as many to a line as fit.
fn tag_lines(paper: &Paper, width: usize, widths: Widths, glyphs: &Glyphs) -> Vec<Line> {
    let mut lines = Vec::new();
    let dim = Style::new().fg(Color::DarkGray);
    let mut line: Line = vec![(format!("{:<LABEL_WIDTH$}", "Tags"), dim)];
    let mut used = LABEL_WIDTH;
    let room = width.saturating_sub(LABEL_WIDTH).max(1);
    for tag in &paper.tags {
        let name = text::truncate(&text::sanitize_line(tag), room, widths).into_owned();
        let name_width = widths.str_width(&name);
        let separator_width = widths.str_width(glyphs.separator);
        if used > LABEL_WIDTH && used + separator_width + name_width > width {
            lines.push(std::mem::take(&mut line));
            line.push((" ".repeat(LABEL_WIDTH), dim));
            used = LABEL_WIDTH;
        } else if used > LABEL_WIDTH {
            line.push((glyphs.separator.to_string(), dim));
            used += separator_width;
        }
        let style = Style::new().fg(tag_color(tag)).add_modifier(Modifier::BOLD);
        line.push((name, style));
        used += name_width;
    }
    lines.push(line);
    lines
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
        for (piece, style) in line {
            x = put(
                buf,
                Position::new(x, y),
                text.right(),
                piece,
                *style,
                app.widths,
            );
        }
    }
}
