//! The help popup: every key, read from the keymap the reader uses, scrolled when the screen
//! is too short for all of them.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::HelpPage;
use super::update::help_rows;
use crate::tui::app::App;
use crate::tui::geometry::{Pane, centered};
use crate::tui::keymap::Command;
use crate::tui::paint::{clear_over, frame, put_fitted};
use crate::tui::theme::{Part, Theme};

pub fn render(
    app: &App,
    theme: &Theme,
    page: HelpPage,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let widths = app.widths();
    let rows = help_rows(app.keymap(), page);
    let key_width = rows
        .iter()
        .map(|(k, _)| widths.str_width(k))
        .max()
        .unwrap_or(0)
        + 2;
    let text_width = rows
        .iter()
        .map(|(_, t)| widths.str_width(t))
        .max()
        .unwrap_or(0);
    // Side by side in as many columns as it takes to show every row, when they fit across;
    // else one column, scrolled.
    let column_width = key_width + text_width + 2;
    let most_rows = usize::from(area.height.saturating_sub(2)).max(1);
    let columns = rows.len().div_ceil(most_rows).max(1);
    let columns = if columns * column_width + 2 <= usize::from(area.width) {
        columns
    } else {
        1
    };
    // Too narrow for a row on a line: what it does goes on a line of its own, under the keys.
    let stacked = column_width + 2 > usize::from(area.width);
    let lines_a_row = if stacked { 2 } else { 1 };
    let per_column = rows.len().div_ceil(columns);
    let width = u16::try_from(columns * column_width + 2).unwrap_or(u16::MAX);
    let height = u16::try_from(per_column * lines_a_row + 2).unwrap_or(u16::MAX);
    let pane = Pane::new(centered(area, width, height));
    clear_over(pane.outer, buf);
    let inner = pane.inner;
    let visible = (usize::from(inner.height) / lines_a_row).max(1);
    let first = scroll.min(rows.len().saturating_sub(visible));
    let (name, other) = match page {
        HelpPage::Keys => ("Keys", "queries"),
        HelpPage::Queries => ("Queries", "keys"),
    };
    // The key that turns the page, when one is bound.
    let turn = app
        .keymap()
        .keys(Command::NextPane)
        .first()
        .map(|key| format!("{key} {other}"));
    let title = if columns == 1 && visible < rows.len() {
        let last = (first + visible).min(rows.len());
        // The keys that scroll it, as bound.
        let scroll: Vec<String> = [Command::Down, Command::Up]
            .into_iter()
            .filter_map(|command| app.keymap().first_key(command))
            .collect();
        let keys: Vec<String> = [scroll.join(" ")]
            .into_iter()
            .chain(turn)
            .filter(|part| !part.is_empty())
            .collect();
        let keys = if keys.is_empty() {
            String::new()
        } else {
            format!(": {}", keys.join(", "))
        };
        format!("{name} {}-{last}/{}{keys}", first + 1, rows.len())
    } else {
        let turn = turn.map_or(String::new(), |turn| format!("{turn}, "));
        format!("{name}: {turn}Esc closes")
    };
    frame(&title, true, &pane, buf, widths, theme);
    let first = if columns == 1 { first } else { 0 };
    for (column, chunk) in rows[first..].chunks(per_column).enumerate() {
        let left = inner.x + 1 + u16::try_from(column * column_width).unwrap_or(u16::MAX);
        let key_right = left
            .saturating_add(u16::try_from(key_width).unwrap_or(u16::MAX))
            .min(inner.right());
        let right = left
            .saturating_add(u16::try_from(column_width).unwrap_or(u16::MAX))
            .min(inner.right());
        // Whole rows only: a key whose line of what it does would not fit waits for a scroll.
        let ys = (inner.y..inner.bottom()).step_by(lines_a_row).take(visible);
        for (y, (keys, what)) in ys.zip(chunk) {
            let at = Position::new(left.min(inner.right()), y);
            if stacked {
                put_fitted(buf, at, right, keys, theme.style(Part::Key), widths);
                let at = Position::new((left + 2).min(right), y + 1);
                if y + 1 < inner.bottom() {
                    put_fitted(buf, at, right, what, Style::new(), widths);
                }
                continue;
            }
            put_fitted(buf, at, key_right, keys, theme.style(Part::Key), widths);
            let at = Position::new(key_right, y);
            put_fitted(buf, at, right, what, Style::new(), widths);
        }
        if columns == 1 {
            break;
        }
    }
}
