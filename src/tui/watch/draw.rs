//! Drawing the watchlists view: a box over the panes with a row a watch, its name on the left
//! and its unread papers and total on the right, cut by display width so Chinese names line
//! up; scrolled to keep the cursor in sight.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::Count;
use crate::text;
use crate::tui::app::App;
use crate::tui::geometry::{Pane, centered};
use crate::tui::paint::{clear_over, frame, put_fitted};
use crate::tui::theme::{Part, Theme};

/// The view's title while every watch fits in it.
const TITLE: &str = "Watches: Enter opens, Esc closes";

/// How many digits the widest unread count and the widest total of the watches take, so that
/// the counts stand in columns.
#[derive(Clone, Copy, Default)]
struct Digits {
    unread: usize,
    papers: usize,
}

impl Digits {
    fn of(counts: impl Iterator<Item = Option<Count>>) -> Digits {
        counts.flatten().fold(Digits::default(), |most, c| Digits {
            unread: most.unread.max(c.unread.to_string().len()),
            papers: most.papers.max(c.papers.to_string().len()),
        })
    }
}

/// What a watch's row says of its papers: `2 unread · 15` when there is room, else `2/15`,
/// each number padded to `digits`.
fn counted(count: Option<Count>, short: bool, digits: Digits) -> String {
    let Digits {
        unread: u,
        papers: p,
    } = digits;
    match (count, short) {
        (None, _) => "…".to_string(),
        (Some(c), false) => format!("{:>u$} unread · {:>p$}", c.unread, c.papers),
        (Some(c), true) => format!("{:>u$}/{:>p$}", c.unread, c.papers),
    }
}

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let widths = app.widths();
    let watches = &app.settings().watches;
    let state = app.watches();
    let counts = state.counts();
    let count_of = |at: usize| counts.and_then(|c| c.get(at)).copied();
    let name_width = watches
        .iter()
        .map(|w| widths.str_width(&text::sanitize_line(&w.name)))
        .max()
        .unwrap_or(0);
    let digits = Digits::of((0..watches.len()).map(count_of));
    let long = (0..watches.len())
        .map(|at| widths.str_width(&counted(count_of(at), false, digits)))
        .max()
        .unwrap_or(1);
    // Borders, a column of margin each side, and a gap between the name and the count.
    let wanted = name_width + long + 5;
    let most = usize::from(area.width);
    let short = wanted > most;
    let count_width = (0..watches.len())
        .map(|at| widths.str_width(&counted(count_of(at), short, digits)))
        .max()
        .unwrap_or(1);
    let empty = "No watches yet: add [[watch]] sections, each with a name and a query, to the \
                 config file (`lunwen config` says where it is)";
    let (width, lines) = if watches.is_empty() {
        let width = most.min(60);
        let lines = text::wrap(empty, width.saturating_sub(4).max(1), widths);
        (width, lines.len())
    } else {
        // Wide enough for the title and its corners too, when the screen is.
        let title_width = widths.str_width(TITLE) + 4;
        let width = (name_width + count_width + 5).max(title_width).min(most);
        (width, watches.len())
    };
    let height = (lines + 2).min(usize::from(area.height));
    let pane = Pane::new(centered(
        area,
        u16::try_from(width).unwrap_or(u16::MAX),
        u16::try_from(height).unwrap_or(u16::MAX),
    ));
    clear_over(pane.outer, buf);
    let inner = pane.inner;
    let visible = usize::from(inner.height).max(1);
    let first = state.selected().saturating_sub(visible - 1);
    let title = if watches.len() > visible {
        let last = (first + visible).min(watches.len());
        format!("Watches {}-{last}/{}", first + 1, watches.len())
    } else {
        TITLE.to_string()
    };
    frame(&title, true, &pane, buf, widths, theme);
    let left = inner.x.saturating_add(1).min(inner.right());
    let right = inner.right().saturating_sub(1).max(left);
    if watches.is_empty() {
        let room = usize::from(right - left).max(1);
        let rows = text::wrap(empty, room, widths);
        for (y, row) in (inner.y..inner.bottom()).zip(&rows) {
            put_fitted(
                buf,
                Position::new(left, y),
                right,
                row,
                Style::new(),
                widths,
            );
        }
        return;
    }
    let counts_at = right.saturating_sub(u16::try_from(count_width).unwrap_or(u16::MAX));
    let name_right = counts_at.saturating_sub(1).max(left);
    for (y, at) in (inner.y..inner.bottom()).zip(first..watches.len()) {
        let selected = at == state.selected();
        let style = if selected {
            theme.style(Part::Selection)
        } else {
            Style::new()
        };
        // The whole row in the row's style, margins too, so the cursor reads as a bar.
        put_fitted(buf, Position::new(inner.x, y), left, "", style, widths);
        put_fitted(
            buf,
            Position::new(left, y),
            name_right,
            &watches[at].name,
            style,
            widths,
        );
        put_fitted(
            buf,
            Position::new(name_right, y),
            counts_at,
            "",
            style,
            widths,
        );
        let shown = counted(count_of(at), short, digits);
        let pad = count_width.saturating_sub(widths.str_width(&shown));
        let count_style = if selected {
            style
        } else {
            theme.style(Part::Dim)
        };
        let line = format!("{}{shown}", " ".repeat(pad));
        put_fitted(
            buf,
            Position::new(counts_at, y),
            right,
            &line,
            count_style,
            widths,
        );
        put_fitted(
            buf,
            Position::new(right, y),
            inner.right(),
            "",
            style,
            widths,
        );
    }
}
