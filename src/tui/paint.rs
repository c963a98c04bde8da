//! Writing to the screen's cells, as every pane and overlay does: text made safe and measured,
//! so ratatui is only ever handed text that fits, blanks, frames with their titles, and
//! clearing under what is drawn over.

use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::widgets::{Block, BorderType, Clear, Widget};
use unicode_segmentation::UnicodeSegmentation;

use super::geometry::Pane;
use super::theme::{Part, Theme};
use crate::text::{self, Widths};

/// Write `text` at `at`, stopping before column `right`: the one place text reaches the
/// screen. It is made safe here (escape sequences and controls removed), so no caller can
/// forget to. Each grapheme takes the columns `widths` gives it, cell by cell as the terminal
/// draws it: "कि" goes into two cells, "क" and "ि", as the terminal puts it, so a later frame
/// that changes either overwrites it. Where a cell is wider or narrower than ratatui would count
/// ("কা", ambiguous characters in a CJK terminal), the cell is told its real width: ratatui
/// then leaves the cells it covers alone and moves the cursor past it before the next. Nothing
/// is written outside the buffer. Returns the column after the last grapheme written.
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
    if at.y < buf.area.top() || at.y >= buf.area.bottom() || x < buf.area.left() {
        return x;
    }
    for grapheme in text::sanitize_line(text).graphemes(true) {
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
            let Some(cell) = buf.cell_mut(Position::new(x, at.y)) else {
                return x;
            };
            cell.set_symbol(symbol).set_style(style);
            if columns.get() != symbol.cell_width() {
                cell.set_diff_option(CellDiffOption::ForcedWidth(columns));
            }
            for covered in x + 1..x + columns.get() {
                if let Some(cell) = buf.cell_mut(Position::new(covered, at.y)) {
                    cell.reset();
                    cell.set_style(style);
                }
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
    blank(buf, Position::new(end, at.y), right, style);
}

/// Clear `area` to draw something over the panes there. A wide character just left of it
/// would cover the area's first column as the terminal draws it (ratatui then leaves that
/// column alone), so such a character is cleared too.
pub fn clear_over(area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let Some(left) = area.x.checked_sub(1) else {
        return;
    };
    for y in area.top()..area.bottom() {
        if let Some(cell) = buf.cell_mut(Position::new(left, y))
            && cell.cell_width() > 1
        {
            cell.set_symbol(" ").set_diff_option(CellDiffOption::None);
        }
    }
}

/// Keep the first `rows` of wrapped `lines`, `width` columns wide; when some are left out, the
/// last row kept ends in the ellipsis (`…`, or `...` where `…` is wide) to say so.
pub fn keep_rows(lines: &mut Vec<String>, rows: usize, width: usize, widths: Widths) {
    if lines.len() <= rows {
        return;
    }
    lines.truncate(rows);
    if let Some(last) = lines.last_mut() {
        // Cut, if the ellipsis leaves no room for all of the row, ending in the ellipsis.
        let marked = format!("{last}{}", widths.ellipsis());
        *last = text::truncate(&marked, width, widths).into_owned();
    }
}

/// Fill the row from `at` up to column `right` with spaces in `style`, within the buffer.
pub fn blank(buf: &mut Buffer, at: Position, right: u16, style: Style) {
    for x in at.x..right {
        if let Some(cell) = buf.cell_mut(Position::new(x, at.y)) {
            cell.set_symbol(" ").set_style(style);
        }
    }
}

/// Draw a pane's frame with its title: borders narrow everywhere in a CJK terminal, the
/// focused pane in its own style.
pub fn frame(
    title: &str,
    focused: bool,
    pane: &Pane,
    buf: &mut Buffer,
    widths: Widths,
    theme: &Theme,
) {
    let style = theme.style(if focused { Part::Focus } else { Part::Border });
    let block = Block::bordered().border_style(style);
    let block = match widths {
        Widths::Standard => block.border_type(BorderType::Rounded),
        Widths::AmbiguousWide => block.border_set(ASCII_BORDER),
    };
    block.render(pane.outer, buf);
    // The title goes through `put` like all text, over the top border.
    let outer = pane.outer;
    if outer.width > 4 && outer.height > 0 {
        let title = format!(" {title} ");
        let right = outer.right() - 1;
        let room = usize::from(right - (outer.x + 1));
        let title = text::truncate(&title, room, widths);
        put(
            buf,
            Position::new(outer.x + 1, outer.y),
            right,
            &title,
            if focused { style } else { Style::new() },
            widths,
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_left_out_are_marked_within_the_width() {
        for widths in [Widths::Standard, Widths::AmbiguousWide] {
            for width in 4..=20 {
                for length in 0..=width {
                    let mut lines = vec!["a".repeat(length), "left out".to_string()];
                    keep_rows(&mut lines, 1, width, widths);
                    let [last] = lines.as_slice() else {
                        panic!("{lines:?}");
                    };
                    assert!(
                        widths.str_width(last) <= width,
                        "{width} {widths:?}: {last}"
                    );
                    assert!(last.ends_with(widths.ellipsis()), "{widths:?}: {last}");
                }
            }
        }
    }
}
