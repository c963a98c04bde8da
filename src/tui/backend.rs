//! What a frame sends the terminal: ratatui's crossterm backend, with the cells a character
//! told its width covers written first, so none is left unwritten whichever width the terminal
//! draws that character in.

use std::borrow::Cow;
use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Cell, CellDiffOption};
use ratatui::layout::{Position, Size};

/// ratatui's crossterm backend, sending each frame's updates in the order [`covering_first`]
/// gives them.
pub struct CellWriter<W: Write> {
    inner: CrosstermBackend<W>,
    /// The terminal's size as last measured. ratatui asks for the size every frame, and
    /// crossterm opens `/dev/tty` to answer; the size changes only with a SIGWINCH, which is
    /// when the terminal is measured again.
    size: Option<Size>,
    /// Where the cursor was last put. The terminal is never asked: asking reads its input
    /// until the answer comes, and crossterm keeps the keys it read meanwhile in a queue of
    /// its own, which the loop, waiting on the terminal, does not see (keys typed as `fg`
    /// brought the reader back waited for the next key). ratatui asks only to put the cursor
    /// back after clearing the screen, and every frame puts it where it belongs again.
    cursor: Position,
}

impl<W: Write> CellWriter<W> {
    pub fn new(writer: W) -> Self {
        CellWriter {
            inner: CrosstermBackend::new(writer),
            size: None,
            cursor: Position::ORIGIN,
        }
    }

    /// Ask the terminal its size, and answer with it from now on.
    pub fn measure(&mut self) -> io::Result<Size> {
        self.size = None;
        let size = self.inner.size()?;
        self.size = Some(size);
        Ok(size)
    }
}

/// A frame's updates, each cell a character was told its width of (`ForcedWidth`: an
/// ambiguous character measured two columns for `--cjk-terminal`) preceded by blanks in its
/// style over the cells it covers.
///
/// ratatui skips the cells such a character covers. A terminal that draws it in fewer columns
/// than it was measured in (a CJK setting in a terminal, or tmux, that draws ambiguous
/// characters narrow) would leave there whatever an earlier frame put: `Title◇xMarks`. Written
/// first, the blanks show in such a terminal, and a terminal that draws it as wide draws it
/// over them. The crossterm backend moves the cursor to every cell that does not follow the
/// one before, so the character and what comes after it land where they belong either way.
pub fn covering_first<'a>(
    updates: impl Iterator<Item = (u16, u16, &'a Cell)>,
) -> Vec<(u16, u16, Cow<'a, Cell>)> {
    let mut out = Vec::new();
    for (x, y, cell) in updates {
        if let CellDiffOption::ForcedWidth(width) = cell.diff_option {
            let mut blank = Cell::new(" ");
            blank.set_style(cell.style());
            for covered in 1..width.get() {
                out.push((x.saturating_add(covered), y, Cow::Owned(blank.clone())));
            }
        }
        out.push((x, y, Cow::Borrowed(cell)));
    }
    out
}

impl<W: Write> Backend for CellWriter<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let updates = covering_first(content);
        self.inner
            .draw(updates.iter().map(|(x, y, cell)| (*x, *y, cell.as_ref())))
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.cursor = position.into();
        self.inner.set_cursor_position(self.cursor)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        match self.size {
            Some(size) => Ok(size),
            None => self.inner.size(),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// Other output to the terminal (the clipboard's escape sequence) goes the same way.
impl<W: Write> Write for CellWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroU16;

    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    #[test]
    fn the_cursor_is_where_it_was_put_without_asking_the_terminal() {
        /// What was sent to the terminal.
        #[derive(Clone, Default)]
        struct Sent(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
        impl Write for Sent {
            fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
                self.0.borrow_mut().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let sent = Sent::default();
        let mut writer = CellWriter::new(sent.clone());
        assert_eq!(writer.get_cursor_position().unwrap(), Position::ORIGIN);
        writer.set_cursor_position((3, 4)).unwrap();
        assert_eq!(writer.get_cursor_position().unwrap(), Position::new(3, 4));
        Backend::flush(&mut writer).unwrap();
        // Moved there: row and column counted from one.
        assert_eq!(String::from_utf8_lossy(&sent.0.borrow()), "\u{1b}[5;4H");
    }

    #[test]
    fn the_cells_a_wide_measured_character_covers_are_written_before_it() {
        let style = Style::new().bg(Color::Blue);
        let mut before = Buffer::empty(Rect::new(0, 0, 6, 1));
        before.set_string(0, 0, "abcdef", Style::new());
        let mut after = Buffer::empty(Rect::new(0, 0, 6, 1));
        after.set_string(0, 0, "ab", Style::new());
        after[(2, 0)]
            .set_symbol("◇")
            .set_style(style)
            .set_diff_option(CellDiffOption::ForcedWidth(
                NonZeroU16::MIN.saturating_add(1),
            ));
        after[(3, 0)].reset();
        after[(3, 0)].set_style(style);
        after.set_string(4, 0, "ef", Style::new());
        let sent: Vec<(u16, String, Option<Color>)> =
            covering_first(before.diff(&after).into_iter())
                .iter()
                .map(|(x, _, cell)| (*x, cell.symbol().to_string(), cell.style().bg))
                .collect();
        // ratatui alone sends only ◇: the d under it would stay in a terminal drawing it narrow.
        assert_eq!(
            sent,
            [
                (3, " ".to_string(), Some(Color::Blue)),
                (2, "◇".to_string(), Some(Color::Blue)),
            ]
        );
    }
}
