//! What the reader's tests share: caches made from fixtures, and the screen as text.

#![allow(dead_code)]

pub mod env;
pub mod folders;
pub mod mounts;
pub mod tmux;
pub mod trends;

use std::ops::Deref;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use lunwen::formats::markdown;
use lunwen::model::paper_view::Line;
use lunwen::storage::library::Library;
use lunwen::storage::store::Store;
use lunwen::sync::settings::SyncSettings;
use lunwen::text::Widths;
use lunwen::tui::action::{Action, Effect, LoopEffect};
use lunwen::tui::app::{App, Settings};
use lunwen::tui::effects::Effects;
use lunwen::tui::open::Opener;
use lunwen::tui::theme::Theme;
use lunwen::tui::{self, keys, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::Rect;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

pub const SAMPLE: &str = "tests/fixtures/2026-02-05.md";
pub const TRICKY: &str = "tests/fixtures/2026-03-01-tricky.md";

/// Make a named pipe at `path`: a file that a reader opening it waits on for a writer.
pub fn named_pipe(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// A server on a loopback port, a thread for each connection: each request's first line goes
/// to `answer`, which gives the status and the JSON body. Its port.
pub fn loopback(answer: impl Fn(&str) -> (&'static str, String) + Send + Sync + 'static) -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let answer = Arc::clone(&answer);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                let _ = reader.read_line(&mut request);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let (status, body) = answer(&request);
                let mut stream = &stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    port
}

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

/// The reader's model with its effects carried out in step, as the event loop would.
pub struct Reader {
    pub app: App,
    effects: Effects,
    links: Links,
    /// The data folder the reader keeps its marks in, unless it was given another.
    pub data: TempDir,
    /// Effects only the event loop carries out (copying, suspending), as asked for.
    pub for_the_loop: Vec<LoopEffect>,
    /// The notes folder: `notes` in the data folder.
    pub notes: lunwen::storage::notes::Notes,
}

/// What the fake browser was asked to open, and why it fails when it is told to.
#[derive(Default, Clone)]
struct Links {
    opened: Arc<Mutex<Vec<String>>>,
    fail_with: Arc<Mutex<Option<String>>>,
}

impl Opener for Links {
    fn open(&mut self, url: &str) -> Result<(), String> {
        self.opened.lock().unwrap().push(url.to_string());
        match &*self.fail_with.lock().unwrap() {
            Some(why) => Err(why.clone()),
            None => Ok(()),
        }
    }
}

impl Deref for Reader {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl Reader {
    /// Apply an action and all that follows from it.
    pub fn handle(&mut self, action: Action) {
        let effects = tui::handle(&mut self.app, action, &mut self.effects);
        self.for_the_loop.extend(effects);
    }

    /// Carry out one effect, and give back what came of it without handling it: what the
    /// effects' thread sends the model, when a test wants to see what the model does next.
    pub fn carry(&mut self, effect: Effect) -> Option<Action> {
        use lunwen::tui::effects::Carry;
        self.effects.carry(effect)
    }

    /// Carry out effects an action asked for, now: what the event loop does a moment after
    /// the action, when a test wants to act in between.
    pub fn carry_out(&mut self, effects: Vec<Effect>) {
        use lunwen::tui::effects::Carry;
        for effect in effects {
            if let Some(action) = self.effects.carry(effect) {
                self.handle(action);
            }
        }
    }

    /// Run the editor each note asked for has asked for, as the event loop does once it has
    /// handed the terminal over: `editor` is run on the note's file, without a shell.
    pub fn run_editors(&mut self, editor: &Path) {
        let asked: Vec<LoopEffect> = std::mem::take(&mut self.for_the_loop);
        for effect in asked {
            let LoopEffect::EditNote { key, about } = effect else {
                self.for_the_loop.push(effect);
                continue;
            };
            let run = |path: &Path| {
                let status = std::process::Command::new(editor)
                    .arg(path)
                    .status()
                    .map_err(|err| err.to_string())?;
                status.success().then_some(()).ok_or(format!("{status}"))
            };
            let edited = tui::effects::edit_note(Some(&self.notes), &key, &about, run);
            self.handle(edited);
        }
    }

    /// The selected paper laid out for the detail pane as it is on screen.
    pub fn detail_lines(&self) -> Vec<Line> {
        let width = self
            .app
            .geometry()
            .panes()
            .and_then(|p| p.detail)
            .map_or(0, |d| usize::from(d.text.width));
        self.app.detail_lines(width).to_vec()
    }
}

/// The reader over a cache folder, at a terminal size.
pub fn reader(cache: &Path, widths: Widths, width: u16, height: u16) -> Reader {
    let settings = Settings {
        widths,
        ..Settings::default()
    };
    reader_with(cache, settings, width, height)
}

/// The reader over a cache folder with settings of its own.
pub fn reader_with(cache: &Path, settings: Settings, width: u16, height: u16) -> Reader {
    reader_on(cache, settings, SyncSettings::default(), width, height)
}

fn reader_on(
    cache: &Path,
    settings: Settings,
    sync: SyncSettings,
    width: u16,
    height: u16,
) -> Reader {
    reader_in(cache, None, settings, (sync, None, None), (width, height))
}

/// The reader over a cache folder, keeping its marks in the data folder `data` (the reader's
/// own when `None`) and told of them as it is when it starts.
fn reader_in(
    cache: &Path,
    data: Option<&Path>,
    settings: Settings,
    (sync, chinese, zotero): (
        SyncSettings,
        Option<tui::effects::Chinese>,
        Option<lunwen::sync::zotero::Settings>,
    ),
    (width, height): (u16, u16),
) -> Reader {
    let mut library = Library::open(Store::new(cache)).unwrap();
    let opening = tui::effects::opening(&mut library, None).unwrap();
    let links = Links::default();
    let own_data = TempDir::new().unwrap();
    let data_dir = data.unwrap_or(own_data.path()).to_path_buf();
    let (marks, news) = tui::marks_at_start(Ok(data_dir.clone()), cache);
    let zotero = zotero.map(|settings| tui::effects::ZoteroPlace {
        settings,
        data_dir: data_dir.clone(),
        notes: None,
    });
    let mut effects = Effects::new(library, Box::new(links.clone()))
        .with_sync(sync)
        .with_chinese(chinese)
        .with_zotero(zotero);
    let notes = lunwen::storage::notes::Notes::new(data_dir.join("notes"));
    if let Some(marks) = marks {
        effects = effects.with_marks(marks, Some(notes.clone()));
    }
    let app = App::new(settings, Rect::new(0, 0, width, height), opening);
    let read_notes = tui::effects::read_notes(Some(&notes));
    let mut reader = Reader {
        app,
        effects,
        links,
        data: own_data,
        for_the_loop: Vec::new(),
        notes,
    };
    for action in news.into_iter().chain(read_notes) {
        reader.handle(action);
    }
    reader
}

/// The reader over a cache folder, keeping its marks in `data`.
pub fn reader_with_data(cache: &Path, data: &Path, width: u16, height: u16) -> Reader {
    let settings = Settings::default();
    reader_in(
        cache,
        Some(data),
        settings,
        (SyncSettings::default(), None, None),
        (width, height),
    )
}

/// The reader over a cache folder, keeping its marks in `data` and saving papers to the
/// Zotero `zotero` says is listening.
pub fn reader_with_zotero(
    cache: &Path,
    data: &Path,
    zotero: lunwen::sync::zotero::Settings,
    (width, height): (u16, u16),
) -> Reader {
    reader_in(
        cache,
        Some(data),
        Settings::default(),
        (SyncSettings::default(), None, Some(zotero)),
        (width, height),
    )
}

/// The reader over a cache folder, syncing with the settings of `config` (a config file's
/// text) and having the model it sets up in `[summaries]` make Chinese, keeping the answers
/// in `data`.
pub fn reader_making_chinese(cache: &Path, data: &Path, config: &str) -> Reader {
    let (config, problems) = lunwen::config::parse(config, Path::new("config.toml"));
    assert!(problems.is_empty(), "{problems:?}");
    let chinese = tui::effects::Chinese {
        settings: config.summaries.expect("[summaries] is set up"),
        data_dir: data.to_path_buf(),
    };
    reader_in(
        cache,
        Some(data),
        Settings::default(),
        (config.sync, Some(chinese), None),
        (100, 30),
    )
}

/// The reader over a cache folder, syncing with the settings of `config` (a config file's
/// text) and, after `r`, running its notify command for the watches new papers came into; the
/// marks are kept in `data`.
pub fn reader_watching(cache: &Path, data: &Path, config: &str) -> Reader {
    let (config, problems) = lunwen::config::parse(config, Path::new("config.toml"));
    assert!(problems.is_empty(), "{problems:?}");
    let settings = Settings {
        watches: config.watches.clone(),
        ..Settings::default()
    };
    let mut reader = reader_in(
        cache,
        Some(data),
        settings,
        (config.sync, None, None),
        (100, 30),
    );
    let library = Library::open(Store::new(cache)).unwrap();
    let placeholder = Effects::new(library, Box::new(Links::default()));
    let effects = std::mem::replace(&mut reader.effects, placeholder);
    reader.effects = effects.with_watching(Some(tui::effects::Watching {
        notify: lunwen::sync::notify::Notify {
            watches: config.watches,
            command: config.notify_command,
        },
        data_dir: data.to_path_buf(),
    }));
    reader
}

/// The sync settings of a config file's text, which must have no mistakes.
pub fn sync_settings(config: &str) -> SyncSettings {
    let (config, problems) = lunwen::config::parse(config, Path::new("config.toml"));
    assert!(problems.is_empty(), "{problems:?}");
    config.sync
}

/// The reader over a cache folder, syncing with `sync`.
pub fn reader_syncing(cache: &Path, sync: SyncSettings, width: u16, height: u16) -> Reader {
    reader_on(cache, Settings::default(), sync, width, height)
}

/// Draw the reader as the terminal would show it.
pub fn draw(app: &App) -> Buffer {
    draw_at(app, app.area().width, app.area().height)
}

/// Draw the reader into a terminal of another size than the last resize told it, as happens
/// when the terminal shrinks while keys are still being read.
pub fn draw_at(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| ui::draw(app, &Theme::default(), frame))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as lines of text, each cell once: a wide character covers the cell after it.
pub fn screen(app: &App) -> String {
    let rows = rows_of(&draw(app), |cell| match cell.diff_option {
        CellDiffOption::ForcedWidth(w) => usize::from(w.get()),
        _ => cell.symbol().width(),
    });
    rows.iter().map(|row| format!("{row}\n")).collect()
}

/// The status line: the screen's last row.
pub fn status_line(app: &App) -> String {
    screen(app).lines().last().unwrap_or_default().to_string()
}

/// The screen row that shows `text`.
pub fn row_with(app: &App, text: &str) -> String {
    let shown = screen(app);
    shown
        .lines()
        .find(|line| line.contains(text))
        .unwrap_or_else(|| panic!("no row shows {text:?}:\n{shown}"))
        .to_string()
}

/// The rows of `buffer` as text: each cell's text, a cell covering the ones after it that
/// `columns` says it takes beyond its own.
pub fn rows_of(buffer: &Buffer, columns: impl Fn(&Cell) -> usize) -> Vec<String> {
    (0..buffer.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut covered = 0;
            for x in 0..buffer.area.width {
                let cell = &buffer[(x, y)];
                if covered > 0 {
                    covered -= 1;
                    continue;
                }
                row.push_str(cell.symbol());
                covered = columns(cell).saturating_sub(1);
            }
            row
        })
        .collect()
}

/// The bottom rows of the screen, where the status line and a message too long for it are,
/// joined as one text.
pub fn bottom_rows(app: &App) -> String {
    let screen = screen(app);
    let rows: Vec<&str> = screen.lines().rev().take(6).map(str::trim).collect();
    rows.into_iter().rev().collect::<Vec<_>>().join(" ")
}

/// Opens nothing; remembers what the reader asked it to open, and fails when told to.
#[derive(Default)]
pub struct FakeOpener {
    pub opened: Vec<String>,
    pub fail_with: Option<String>,
}

/// Send one key through the reader's own bindings.
pub fn press(app: &mut Reader, opener: &mut FakeOpener, code: KeyCode) {
    press_with(app, opener, code, KeyModifiers::NONE);
}

pub fn press_with(
    app: &mut Reader,
    opener: &mut FakeOpener,
    code: KeyCode,
    modifiers: KeyModifiers,
) {
    let event = Event::Key(KeyEvent::new(code, modifiers));
    *app.links.fail_with.lock().unwrap() = opener.fail_with.clone();
    if let Some(action) = keys::action_for(app, &event) {
        app.handle(action);
    }
    opener.opened.append(&mut app.links.opened.lock().unwrap());
}

/// Type text, a key per character.
pub fn type_text(app: &mut Reader, opener: &mut FakeOpener, text: &str) {
    for c in text.chars() {
        press(app, opener, KeyCode::Char(c));
    }
}

/// The titles of the papers the list shows.
pub fn shown_titles(app: &App) -> Vec<String> {
    app.list()
        .shown()
        .iter()
        .map(|&i| {
            let item = app.shelf().item(i);
            item.title_zh()
                .or(item.title_en())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}
