//! Drawing the reader from its model: the panes, the status line, the help popup. Every piece
//! of text is sanitized and measured by [`crate::text`] and written cell by cell, so ratatui
//! is only ever handed text that already fits.

pub mod detail;
mod filter;
mod help;
pub mod list;
mod status;

use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::widgets::{Block, BorderType, Widget};
use unicode_segmentation::UnicodeSegmentation;

use super::app::App;
use super::layout::{self, Screen};
use crate::text::{self, Widths};

/// Draw the whole screen.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let panes = match app.screen() {
        Screen::Panes(panes) => panes,
        Screen::TooSmall => {
            too_small(area, buf, app.widths);
            return;
        }
    };
    list::render(app, panes.list, buf);
    if let Some(detail) = panes.detail {
        detail::render(app, detail, buf);
    }
    if let Some(filter) = panes.filter
        && let Some(cursor) = filter::render(app, filter, buf)
    {
        frame.set_cursor_position(cursor);
    }
    status::render(app, panes.status, frame.buffer_mut());
    if app.help {
        help::render(app.widths, area, frame.buffer_mut());
    }
}

fn too_small(area: Rect, buf: &mut Buffer, widths: Widths) {
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
        Style::new().fg(Color::Yellow),
        widths,
    );
}

/// Write `text` at `at`, stopping before column `right`. Each grapheme takes the columns
/// `widths` gives it, cell by cell as the terminal draws it: "कि" goes into two cells, "क" and
/// "ि", as the terminal puts it, so a later frame that changes either overwrites it. Where a
/// cell is wider or narrower than ratatui would count ("কা", ambiguous characters in a CJK
/// terminal), the cell is told its real width: ratatui then leaves the cells it covers alone and
/// moves the cursor past it before the next. Returns the column after the last grapheme written.
pub fn put(
    buf: &mut Buffer,
    at: Position,
    right: u16,
    text: &str,
    style: Style,
    widths: Widths,
) -> u16 {
    let right = right.min(buf.area.right());
    let mut x = at.x;
    if at.y >= buf.area.bottom() {
        return x;
    }
    for grapheme in text.graphemes(true) {
        let width = widths.grapheme_width(grapheme);
        if width == 0 {
            continue;
        }
        let Ok(width) = u16::try_from(width) else {
            break;
        };
        if x.saturating_add(width) > right {
            break;
        }
        for (symbol, columns) in widths.cells(grapheme) {
            let Some(columns) = std::num::NonZeroU16::new(u16::try_from(columns).unwrap_or(0))
            else {
                continue;
            };
            let cell = &mut buf[(x, at.y)];
            cell.set_symbol(symbol).set_style(style);
            if columns.get() != symbol.cell_width() {
                cell.set_diff_option(CellDiffOption::ForcedWidth(columns));
            }
            for covered in x + 1..x + columns.get() {
                let cell = &mut buf[(covered, at.y)];
                cell.reset();
                cell.set_style(style);
            }
            x += columns.get();
        }
    }
    x
}

/// Write `text` cut to fit between `at` and `right` with an ellipsis, then fill the rest of
/// the span with spaces in `style` (so highlighted rows are highlighted to the edge).
pub fn put_fitted(
    buf: &mut Buffer,
    at: Position,
    right: u16,
    text: &str,
    style: Style,
    widths: Widths,
) {
    let room = usize::from(right.saturating_sub(at.x));
    let fitted = text::truncate(text, room, widths);
    let end = put(buf, at, right, &fitted, style, widths);
    for x in end..right.min(buf.area.right()) {
        buf[(x, at.y)].set_symbol(" ").set_style(style);
    }
}

/// A pane's frame: borders narrow everywhere in a CJK terminal, the focused pane in colour.
pub fn pane(title: &str, focused: bool, widths: Widths) -> Block<'static> {
    let color = if focused {
        Color::Cyan
    } else {
        Color::DarkGray
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(color))
        .title(format!(" {title} "))
        .title_style(if focused {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        });
    match widths {
        Widths::Standard => block.border_type(BorderType::Rounded),
        Widths::AmbiguousWide => block.border_set(ASCII_BORDER),
    }
}

/// Box-drawing characters are ambiguous in width; these are one column in every terminal.
const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// Draw a pane's frame and return its inside.
pub fn frame(block: Block<'static>, area: Rect, buf: &mut Buffer) -> Rect {
    block.render(area, buf);
    layout::inner(area)
}

/// The inside of a pane less a column at each side, so text keeps clear of the borders.
pub fn padded(pane: Rect) -> Rect {
    let inner = layout::inner(pane);
    Rect {
        x: inner.x.saturating_add(1).min(inner.right()),
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

/// A stable colour for a tag, so a tag looks the same on every day.
pub fn tag_color(tag: &str) -> Color {
    const PALETTE: [Color; 6] = [
        Color::Red,
        Color::Blue,
        Color::Magenta,
        Color::Green,
        Color::Yellow,
        Color::Cyan,
    ];
    match tag.to_ascii_lowercase().as_str() {
        "viral" => Color::Red,
        "frontier lab" => Color::Blue,
        "super lab" => Color::Magenta,
        other => {
            let hash = other.bytes().fold(0usize, |h, b| {
                h.wrapping_mul(31).wrapping_add(usize::from(b))
            });
            PALETTE[hash % PALETTE.len()]
        }
    }
}

/// The characters that dress the text, chosen to be narrow in the user's terminal.
pub struct Glyphs {
    pub bullet: &'static str,
    pub separator: &'static str,
}

impl Glyphs {
    pub fn for_widths(widths: Widths) -> Glyphs {
        match widths {
            Widths::Standard => Glyphs {
                bullet: "•",
                separator: " · ",
            },
            Widths::AmbiguousWide => Glyphs {
                bullet: "-",
                separator: " | ",
            },
        }
    }
}
