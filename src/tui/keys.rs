//! The reader's keys and mouse: which action each event asks for, given what is focused.
//! The help popup lists the same bindings from [`HELP`].

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::action::Action;
use super::app::{App, Focus};

/// Every binding, as the help popup shows it: keys, then what they do.
pub const HELP: &[(&str, &str)] = &[
    ("j k Down Up", "move down / up"),
    ("g G", "first / last"),
    ("PgUp PgDn", "page up / down"),
    ("Tab Enter", "next pane / read paper"),
    ("/", "search; Enter keeps it"),
    ("Esc", "back out; clears search"),
    ("t Space", "tags; Space toggles"),
    ("c", "clear every filter"),
    ("o", "open the paper's link"),
    ("[ ]", "previous / next day"),
    ("? q Ctrl-C", "this help / quit"),
    ("wheel click", "scroll / select"),
];

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

fn key_action(app: &App, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c')) {
        return Some(Action::Quit);
    }
    if ctrl && matches!(key.code, KeyCode::Char('z')) {
        return Some(Action::Suspend);
    }
    if app.help {
        return Some(Action::CloseHelp);
    }
    if app.searching {
        return search_key(key, ctrl);
    }
    let action = match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Char('g') | KeyCode::Home => Action::First,
        KeyCode::Char('G') | KeyCode::End => Action::Last,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::Enter => Action::FocusDetail,
        KeyCode::Char('/') => Action::StartSearch,
        KeyCode::Char('t') => Action::FocusTags,
        KeyCode::Char(' ') if app.focus == Focus::Filter => Action::ToggleTag,
        KeyCode::Char('c') => Action::ClearFilters,
        KeyCode::Char('o') => Action::OpenLink,
        KeyCode::Char('[') => Action::OlderDay,
        KeyCode::Char(']') => Action::NewerDay,
        KeyCode::Char('?') => Action::ShowHelp,
        KeyCode::Esc => Action::Back,
        _ => return None,
    };
    Some(action)
}

fn search_key(key: &KeyEvent, ctrl: bool) -> Option<Action> {
    let action = match key.code {
        KeyCode::Enter => Action::SearchKeep,
        KeyCode::Esc => Action::SearchCancel,
        KeyCode::Backspace => Action::SearchBackspace,
        KeyCode::Delete => Action::SearchDelete,
        KeyCode::Left => Action::SearchLeft,
        KeyCode::Right => Action::SearchRight,
        KeyCode::Home => Action::SearchHome,
        KeyCode::End => Action::SearchEnd,
        KeyCode::Char('a') if ctrl => Action::SearchHome,
        KeyCode::Char('e') if ctrl => Action::SearchEnd,
        KeyCode::Down => Action::Down,
        KeyCode::Up => Action::Up,
        KeyCode::Char(c) if !ctrl => Action::SearchInsert(c.to_string()),
        _ => return None,
    };
    Some(action)
}

fn mouse_action(app: &App, mouse: &MouseEvent) -> Option<Action> {
    let (column, row) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::ScrollDown => Some(Action::ScrollAt {
            column,
            row,
            down: true,
        }),
        MouseEventKind::ScrollUp => Some(Action::ScrollAt {
            column,
            row,
            down: false,
        }),
        MouseEventKind::Down(MouseButton::Left) if app.help => Some(Action::CloseHelp),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::ClickAt { column, row }),
        _ => None,
    }
}
