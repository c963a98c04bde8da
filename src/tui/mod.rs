//! The reader: a full-screen terminal app over the cached digests. The loop reads an event,
//! maps it to an action, lets the model update (carrying out any side effect it asks for),
//! and draws.

pub mod action;
pub mod app;
pub mod keys;
pub mod layout;
pub mod open;
pub mod ui;

mod terminal;

use std::io::{self, IsTerminal};
use std::time::Duration;

use crossterm::event;
use ratatui::layout::Rect;

use self::action::{Action, Effect};
use self::app::App;
use self::open::{Opener, SystemOpener};
use crate::cli::Options;
use crate::library::Library;

/// Apply an action and whatever follows from it.
pub fn handle(app: &mut App, action: Action, opener: &mut dyn Opener) {
    let mut next = Some(action);
    while let Some(action) = next.take() {
        next = app.update(action).map(|effect| match effect {
            Effect::OpenLink(url) => {
                let result = opener.open(&url);
                Action::LinkOpened { url, result }
            }
        });
    }
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
    while !app.quit {
        terminal.draw(|frame| ui::draw(&app, frame))?;
        if event::poll(Duration::from_millis(200))? {
            let event = event::read()?;
            if let Some(action) = keys::action_for(&app, &event) {
                handle(&mut app, action, &mut opener);
            }
        }
        while let Ok(action) = browser_news.try_recv() {
            handle(&mut app, action, &mut opener);
        }
    }
    Ok(())
}
