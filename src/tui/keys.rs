//! The reader's keys and mouse: which action each event asks for, given what is on screen.
//! Keys are looked up in the [`Keymap`](super::keymap::Keymap), the same table the help
//! screen lists.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::action::{Action, Copy, Link};
use super::app::{App, Focus, Mode};
use super::keymap::{Command, KeyPress};
use super::panes::Edit;

/// The action an event asks for, if any.
pub fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_action(app, key),
        Event::Mouse(mouse) => mouse_action(app, mouse),
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        _ => None,
    }
}

/// Mode first, then key: what a key does depends on what is on screen.
fn key_action(app: &App, key: &KeyEvent) -> Option<Action> {
    let press = KeyPress::of(key);
    let command = app.keymap().command(press);
    // Quitting and suspending by a chord (Ctrl-C, Ctrl-Z) work whatever is on screen.
    if press.is_chord() && matches!(command, Some(Command::Quit | Command::Suspend)) {
        return command.map(|command| command_action(app, command));
    }
    match app.mode() {
        Mode::Help { .. } => Some(match command {
            Some(Command::Down) => Action::ScrollHelp(1),
            Some(Command::Up) => Action::ScrollHelp(-1),
            Some(Command::PageDown) => Action::ScrollHelp(8),
            Some(Command::PageUp) => Action::ScrollHelp(-8),
            Some(Command::NextPane) => Action::OtherHelpPage,
            _ => Action::CloseHelp,
        }),
        Mode::Popup(_) => Some(Action::ClosePopup),
        Mode::Search | Mode::Jump(_) => search_key(key).or_else(|| {
            press
                .is_chord()
                .then(|| command.map(|command| command_action(app, command)))
                .flatten()
        }),
        Mode::Browse => command.map(|command| command_action(app, command)),
    }
}

fn command_action(app: &App, command: Command) -> Action {
    match command {
        Command::Down => Action::Down,
        Command::Up => Action::Up,
        Command::First => Action::First,
        Command::Last => Action::Last,
        Command::PageDown => Action::PageDown,
        Command::PageUp => Action::PageUp,
        Command::NextPane => Action::FocusNext,
        Command::Read => Action::FocusDetail,
        Command::Search => Action::StartSearch,
        Command::Back => Action::Back,
        Command::Tags => Action::FocusTags,
        Command::ToggleTag if app.focus() == Focus::Filter => Action::ToggleTag,
        Command::ToggleTag => Action::Nothing,
        Command::ClearFilters => Action::ClearFilters,
        Command::OpenLink => Action::Open(Link::Paper),
        Command::OpenPdf => Action::Open(Link::Pdf),
        Command::OpenHuggingFace => Action::Open(Link::HuggingFace),
        Command::OpenCode => Action::Open(Link::Code),
        Command::CopyLink => Action::Copy(Copy::Link),
        Command::CopyTitle => Action::Copy(Copy::Title),
        Command::CopyMarkdownLink => Action::Copy(Copy::MarkdownLink),
        Command::CopyBibtex => Action::Copy(Copy::Bibtex),
        Command::ToggleStar => Action::ToggleStar,
        Command::ToggleRead => Action::ToggleRead,
        Command::NextPaper => Action::NextPaper,
        Command::PreviousPaper => Action::PreviousPaper,
        Command::NextUnread => Action::NextUnread,
        Command::SwitchTitle => Action::SwitchTitle,
        Command::ShowAbstract => Action::ToggleAbstract,
        Command::Summarize => Action::Summarize,
        Command::Sync => Action::Sync,
        Command::Starred => Action::ShowStarred,
        Command::OlderDay => Action::OlderDay,
        Command::NewerDay => Action::NewerDay,
        Command::AllDays => Action::ToggleAllDays,
        Command::Ranking => Action::ShowRanking,
        Command::Sort => Action::NextSort,
        Command::Reverse => Action::ReverseSort,
        Command::JumpToDate => Action::JumpToDate,
        Command::Help => Action::ShowHelp,
        Command::Suspend => Action::Suspend,
        Command::Quit => Action::Quit,
    }
}

/// The keys of the search field, which are fixed like a text field's.
fn search_key(key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let edit = match key.code {
        KeyCode::Enter => return Some(Action::SearchKeep),
        KeyCode::Esc => return Some(Action::SearchCancel),
        KeyCode::Down => return Some(Action::Down),
        KeyCode::Up => return Some(Action::Up),
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Home => Edit::Home,
        KeyCode::End => Edit::End,
        KeyCode::Char('a') if ctrl => Edit::Home,
        KeyCode::Char('e') if ctrl => Edit::End,
        KeyCode::Char(c) if !ctrl => Edit::Insert(c.to_string()),
        _ => return None,
    };
    Some(Action::Edit(vec![edit]))
}

fn mouse_action(app: &App, mouse: &MouseEvent) -> Option<Action> {
    let (column, row) = (mouse.column, mouse.row);
    let wheel = match mouse.kind {
        MouseEventKind::ScrollDown => Some(true),
        MouseEventKind::ScrollUp => Some(false),
        _ => None,
    };
    let click = mouse.kind == MouseEventKind::Down(MouseButton::Left);
    match (app.mode(), wheel) {
        (Mode::Help { .. }, Some(down)) => Some(Action::ScrollHelp(if down { 3 } else { -3 })),
        (Mode::Help { .. }, None) => click.then_some(Action::CloseHelp),
        (Mode::Popup(_), _) => click.then_some(Action::ClosePopup),
        (_, Some(down)) => Some(Action::ScrollAt { column, row, down }),
        (_, None) => click.then_some(Action::ClickAt { column, row }),
    }
}
