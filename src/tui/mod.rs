//! The reader: a full-screen terminal app over the cached digests. The loop reads an event,
//! maps it to an action, lets the model update (carrying out any side effect it asks for),
//! and draws.

pub mod action;
pub mod app;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod open;
pub mod ui;

mod terminal;

use std::io::{self, IsTerminal};
use std::time::{Duration, Instant};

use crossterm::event;
use ratatui::layout::Rect;

use self::action::{Action, Effect};
use self::app::App;
use self::open::{Opener, SystemOpener};
use self::terminal::Outside;
use crate::cli::Options;
use crate::library::Library;

/// Apply an action and whatever follows from it. Returns what only the event loop can carry
/// out, because it holds the terminal.
pub fn handle(app: &mut App, action: Action, opener: &mut dyn Opener) -> Option<Effect> {
    let mut next = Some(action);
    while let Some(action) = next.take() {
        match app.update(action)? {
            Effect::OpenLink(url) => {
                let result = opener.open(&url);
                next = Some(Action::LinkOpened { url, result });
            }
            Effect::Suspend => return Some(Effect::Suspend),
        }
    }
    None
}

/// Run the reader until the user quits. Returns the process exit status.
pub fn run(options: &Options) -> u8 {
    let library = match options.store().and_then(Library::open) {
        Ok(library) => library,
        Err(err) => {
            eprintln!("error: {err}");
            return 1;
        }
    };
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        eprintln!("error: the reader needs a terminal; `lunwen list` prints the papers as text");
        return 1;
    }
    match read_until_quit(library, options) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("error: {err}");
            1
        }
    }
}

fn read_until_quit(library: Library, options: &Options) -> io::Result<()> {
    let mut terminal = terminal::Session::enter()?;
    let size = terminal.size()?;
    let mut app = App::new(
        library,
        options.widths(),
        Rect::new(0, 0, size.width, size.height),
    );
    let (mut opener, browser_news) = SystemOpener::new();
    let mut cache_checked = Instant::now();
    while !app.quit {
        terminal.draw(|frame| ui::draw(&app, frame))?;
        let mut effects = Vec::new();
        if event::poll(Duration::from_millis(100))? {
            effects.extend(read_burst(&mut app, &mut opener)?);
        }
        while let Ok(action) = browser_news.try_recv() {
            effects.extend(handle(&mut app, action, &mut opener));
        }
        // Days imported or synced from elsewhere show up within a second.
        if cache_checked.elapsed() >= CHECK_CACHE_EVERY {
            effects.extend(handle(&mut app, Action::CheckCache, &mut opener));
            cache_checked = Instant::now();
        }
        match terminal.outside() {
            Some(Outside::StopAsked) => effects.push(Effect::Suspend),
            Some(Outside::Continued) => terminal.resume()?,
            None => {}
        }
        for effect in effects {
            if effect == Effect::Suspend {
                terminal.suspend()?;
            }
        }
    }
    Ok(())
}

/// How often the reader looks for days added to or removed from the cache.
const CHECK_CACHE_EVERY: Duration = Duration::from_secs(1);

/// A burst of input (a paste without bracketed paste, a held key) is drawn at least this often.
const MOST_EVENTS_PER_FRAME: usize = 1024;

/// Handle every event the terminal has sent, without waiting for more. Text typed into the
/// search in one burst goes in as one edit, so the papers are filtered once for it, not once
/// per character.
fn read_burst(app: &mut App, opener: &mut dyn Opener) -> io::Result<Vec<Effect>> {
    let mut effects = Vec::new();
    let mut typed = String::new();
    for _ in 0..MOST_EVENTS_PER_FRAME {
        match keys::action_for(app, &event::read()?) {
            Some(Action::SearchInsert(text)) => typed.push_str(&text),
            Some(action) => {
                if !typed.is_empty() {
                    let text = std::mem::take(&mut typed);
                    effects.extend(handle(app, Action::SearchInsert(text), opener));
                }
                effects.extend(handle(app, action, opener));
            }
            None => {}
        }
        if app.quit || !event::poll(Duration::ZERO)? {
            break;
        }
    }
    if !typed.is_empty() {
        effects.extend(handle(app, Action::SearchInsert(typed), opener));
    }
    Ok(effects)
}
