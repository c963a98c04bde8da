//! What the reader's tests share: caches made from fixtures, and the screen as text.

#![allow(dead_code)]

pub mod tmux;

use std::path::Path;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use lunwen::library::Library;
use lunwen::markdown;
use lunwen::store::Store;
use lunwen::text::Widths;
use lunwen::tui::app::App;
use lunwen::tui::open::Opener;
use lunwen::tui::{self, keys, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

pub const SAMPLE: &str = "tests/fixtures/2026-02-05.md";
pub const TRICKY: &str = "tests/fixtures/2026-03-01-tricky.md";

/// A cache holding the given Markdown fixtures.
pub fn cache_with(fixtures: &[&str]) -> TempDir {
    let cache = TempDir::new().unwrap();
    let store = Store::new(cache.path());
    for fixture in fixtures {
        let text = std::fs::read_to_string(fixture).unwrap();
        store.save(&markdown::parse(&text).unwrap().digest).unwrap();
    }
    cache
}

/// The reader over a cache folder, at a terminal size.
pub fn reader(cache: &Path, widths: Widths, width: u16, height: u16) -> App {
    let library = Library::open(Store::new(cache)).unwrap();
    App::new(library, widths, Rect::new(0, 0, width, height))
}

/// Draw the reader as the terminal would show it.
pub fn draw(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.area.width, app.area.height)).unwrap();
    terminal.draw(|frame| ui::draw(app, frame)).unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as lines of text, each cell once: a wide character covers the cell after it.
pub fn screen(app: &App) -> String {
    let buffer = draw(app);
    let mut text = String::new();
    for y in 0..buffer.area.height {
        let mut covered = 0;
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            if covered > 0 {
                covered -= 1;
                continue;
            }
            let width = match cell.diff_option {
                CellDiffOption::ForcedWidth(w) => usize::from(w.get()),
                _ => cell.symbol().width(),
            };
            text.push_str(cell.symbol());
            covered = width.saturating_sub(1);
        }
        text.push('\n');
    }
    text
}

/// Opens nothing; remembers what it was asked to open, and fails when told to.
#[derive(Default)]
pub struct FakeOpener {
    pub opened: Vec<String>,
    pub fail_with: Option<String>,
}

impl Opener for FakeOpener {
    fn open(&mut self, url: &str) -> Result<(), String> {
        self.opened.push(url.to_string());
        match &self.fail_with {
            Some(why) => Err(why.clone()),
            None => Ok(()),
        }
    }
}

/// Send one key through the reader's own bindings.
pub fn press(app: &mut App, opener: &mut FakeOpener, code: KeyCode) {
    press_with(app, opener, code, KeyModifiers::NONE);
}

pub fn press_with(app: &mut App, opener: &mut FakeOpener, code: KeyCode, modifiers: KeyModifiers) {
    let event = Event::Key(KeyEvent::new(code, modifiers));
    if let Some(action) = keys::action_for(app, &event) {
        tui::handle(app, action, opener);
    }
}

/// Type text, a key per character.
pub fn type_text(app: &mut App, opener: &mut FakeOpener, text: &str) {
    for c in text.chars() {
        press(app, opener, KeyCode::Char(c));
    }
}

/// The titles of the papers the list shows.
pub fn shown_titles(app: &App) -> Vec<String> {
    app.shown
        .iter()
        .map(|&i| app.digest.papers[i].title().to_string())
        .collect()
}

/// Draw the reader into a terminal of another size than the last resize told it, as happens
/// when the terminal shrinks while keys are still being read.
pub fn draw_at(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::draw(app, frame)).unwrap();
    terminal.backend().buffer().clone()
}
