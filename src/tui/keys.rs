//! The reader's keys and mouse: which action each event asks for, given what is on screen.
//! Keys are looked up in the [`Keymap`](super::keymap::Keymap), and each command gives the
//! input the [command table](super::command) says, the same table the help screen lists.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::action::{Action, BoardInput, Input, Loop, Move, OverlayInput, TextInput, WatchInput};
use super::app::App;
use super::command::Command;
use super::filter::Edit;
use super::keymap::KeyPress;
use super::overlays::Mode;

/// The action an event asks for, if any.
pub fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            key_input(app, key).map(Action::Input)
        }
        Event::Mouse(mouse) => mouse_input(app, mouse).map(Action::Input),
        Event::Resize(width, height) => Some(Action::Loop(Loop::Resize {
            width: *width,
            height: *height,
        })),
        Event::Paste(text) => Some(Action::Input(Input::Text(TextInput::Paste(text.clone())))),
        _ => None,
    }
}

/// Mode first, then key: what a key does depends on what is on screen.
fn key_input(app: &App, key: &KeyEvent) -> Option<Input> {
    let press = KeyPress::of(key);
    let command = app.keymap().command(press);
    // Quitting and suspending by a chord (Ctrl-C, Ctrl-Z) work whatever is on screen.
    if press.is_chord() && matches!(command, Some(Command::Quit | Command::Suspend)) {
        return command.map(Command::input);
    }
    let help = |input| Input::Overlay(input);
    match app.mode() {
        Mode::Help { .. } => Some(match command {
            Some(Command::Down) => help(OverlayInput::ScrollHelp(1)),
            Some(Command::Up) => help(OverlayInput::ScrollHelp(-1)),
            Some(Command::PageDown) => help(OverlayInput::ScrollHelp(8)),
            Some(Command::PageUp) => help(OverlayInput::ScrollHelp(-8)),
            Some(Command::NextPane) => help(OverlayInput::OtherHelpPage),
            _ => help(OverlayInput::CloseHelp),
        }),
        Mode::Popup(_) => Some(help(OverlayInput::ClosePopup)),
        Mode::Watches => {
            let watch = |input| Some(Input::Watch(input));
            match command {
                Some(Command::Down) => watch(WatchInput::Move(1)),
                Some(Command::Up) => watch(WatchInput::Move(-1)),
                Some(Command::First) => watch(WatchInput::Move(isize::MIN)),
                Some(Command::Last) => watch(WatchInput::Move(isize::MAX)),
                Some(Command::Read) => watch(WatchInput::Open),
                Some(Command::Back | Command::Watches) => watch(WatchInput::Close),
                Some(Command::Quit) => Some(Input::Quit),
                Some(Command::Help) => command.map(Command::input),
                // Esc always leaves the view, whatever the config file gives it.
                _ if key.code == KeyCode::Esc => watch(WatchInput::Close),
                _ => None,
            }
        }
        Mode::Board => board_key(key, command),
        Mode::Label(_) if key.code == KeyCode::Tab => Some(Input::Text(TextInput::Complete)),
        Mode::Search | Mode::Jump(_) | Mode::Label(_) => search_key(key).or_else(|| {
            press
                .is_chord()
                .then(|| command.map(Command::input))
                .flatten()
        }),
        Mode::Browse => command.map(Command::input),
    }
}

/// The keys of the trend board: moving over its rows and across a row's weeks (the arrows),
/// opening what is selected, and closing it; quitting and the help work as anywhere.
fn board_key(key: &KeyEvent, command: Option<Command>) -> Option<Input> {
    let board = |input| Some(Input::Board(input));
    match key.code {
        KeyCode::Left => return board(BoardInput::Across(-1)),
        KeyCode::Right => return board(BoardInput::Across(1)),
        _ => {}
    }
    match command? {
        Command::Down => board(BoardInput::Move(1)),
        Command::Up => board(BoardInput::Move(-1)),
        Command::PageDown => board(BoardInput::Move(8)),
        Command::PageUp => board(BoardInput::Move(-8)),
        Command::First => board(BoardInput::Move(isize::MIN)),
        Command::Last => board(BoardInput::Move(isize::MAX)),
        Command::Read => board(BoardInput::Open),
        Command::Back | Command::Board => board(BoardInput::Close),
        command @ (Command::Quit | Command::Help | Command::Suspend) => Some(command.input()),
        _ => None,
    }
}

/// The keys of the search field, which are fixed like a text field's.
fn search_key(key: &KeyEvent) -> Option<Input> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let edit = match key.code {
        KeyCode::Enter => return Some(Input::Text(TextInput::Keep)),
        KeyCode::Esc => return Some(Input::Text(TextInput::Cancel)),
        KeyCode::Down => return Some(Input::Move(Move::Down)),
        KeyCode::Up => return Some(Input::Move(Move::Up)),
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Home => Edit::Home,
        KeyCode::End => Edit::End,
        KeyCode::Char('a') if ctrl => Edit::Home,
        KeyCode::Char('e') if ctrl => Edit::End,
        KeyCode::Char('u') if ctrl => Edit::ToStart,
        KeyCode::Char('k') if ctrl => Edit::ToEnd,
        KeyCode::Char('w') if ctrl => Edit::Word,
        KeyCode::Char(c) if !ctrl => Edit::Insert(c.to_string()),
        _ => return None,
    };
    Some(Input::Text(TextInput::Edit(vec![edit])))
}

fn mouse_input(app: &App, mouse: &MouseEvent) -> Option<Input> {
    let (column, row) = (mouse.column, mouse.row);
    let wheel = match mouse.kind {
        MouseEventKind::ScrollDown => Some(true),
        MouseEventKind::ScrollUp => Some(false),
        _ => None,
    };
    let click = mouse.kind == MouseEventKind::Down(MouseButton::Left);
    match (app.mode(), wheel) {
        (Mode::Help { .. }, Some(down)) => {
            Some(Input::Overlay(OverlayInput::ScrollHelp(if down {
                3
            } else {
                -3
            })))
        }
        (Mode::Help { .. }, None) => click.then_some(Input::Overlay(OverlayInput::CloseHelp)),
        (Mode::Popup(_), _) => click.then_some(Input::Overlay(OverlayInput::ClosePopup)),
        // The panes under the watchlists are not there to click or scroll.
        (Mode::Watches, Some(down)) => {
            Some(Input::Watch(WatchInput::Move(if down { 1 } else { -1 })))
        }
        (Mode::Watches, None) => None,
        (Mode::Board, Some(down)) => {
            Some(Input::Board(BoardInput::Move(if down { 1 } else { -1 })))
        }
        (Mode::Board, None) => None,
        (_, Some(down)) => Some(Input::ScrollAt { column, row, down }),
        (_, None) => click.then_some(Input::ClickAt { column, row }),
    }
}
