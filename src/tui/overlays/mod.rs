//! What shows over or below the panes: the help (the keys, the query language), popups that
//! wait their turn, the date prompt after `D`, the notice that this is the built-in sample,
//! and the status line with its messages. Together they say what keys do right now: the
//! [`Mode`].

pub mod help;
pub mod popup;
pub mod status;
pub mod update;

use std::collections::VecDeque;

use super::filter::SearchField;

/// What keys do right now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Mode {
    /// Keys move and act on the focused pane.
    #[default]
    Browse,
    /// Keys type into the search.
    Search,
    /// Keys type a date to go to (a day, a month, `yesterday`, `7d`…).
    Jump(SearchField),
    /// Keys type a label to add to the selected paper, or take off it.
    Label(SearchField),
    /// The help is shown at one of its pages, scrolled to its `scroll`th row.
    Help { page: HelpPage, scroll: usize },
    /// A message too long for the status line is shown over the panes.
    Popup(Popup),
    /// The watchlists are shown over the panes (see [`crate::tui::watch`]).
    Watches,
    /// The trend board is shown over the panes.
    Board,
}

/// The pages of the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPage {
    /// Every key and what it does.
    Keys,
    /// What the search takes.
    Queries,
}

/// A message shown over the panes, in full at any width, until a key closes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Popup {
    pub title: String,
    /// Paragraphs, each wrapped to the popup's width; an empty one is a blank line.
    pub paragraphs: Vec<String>,
}

/// How a status message should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
}

/// A message in the status line, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub tone: Tone,
}

/// What the user asks of the overlays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverlayInput {
    ShowHelp,
    CloseHelp,
    /// Turn to the help's other page (the keys, the query language).
    OtherHelpPage,
    /// Scroll the help by rows.
    ScrollHelp(isize),
    /// Close the popup that is open.
    ClosePopup,
    /// Type a date to go to.
    DatePrompt,
}

/// The mode, the popups waiting their turn, and the message.
#[derive(Debug, Default)]
pub struct Overlays {
    mode: Mode,
    /// Popups waiting for the one on screen to close, in the order they came.
    waiting: VecDeque<Popup>,
    message: Option<Message>,
    /// The view the help was opened on (the trend board, the watchlists, or the panes): it is
    /// drawn under the help, and the help closes back to it.
    under_help: Mode,
}

impl Overlays {
    /// Change the mode; the one it was.
    pub fn set_mode(&mut self, mode: Mode) -> Mode {
        std::mem::replace(&mut self.mode, mode)
    }

    pub fn clear_message(&mut self) {
        self.message = None;
    }

    /// Whether a popup titled `title` whose first paragraph is `first` is on screen or waiting
    /// its turn.
    pub fn has_popup(&self, title: &str, first: &str) -> bool {
        let is = |popup: &Popup| {
            popup.title == title && popup.paragraphs.first().map(String::as_str) == Some(first)
        };
        matches!(&self.mode, Mode::Popup(popup) if is(popup)) || self.waiting.iter().any(is)
    }

    /// The date being typed after `D`, or the label after `l`, while it is.
    pub fn prompt_field(&mut self) -> Option<&mut SearchField> {
        match &mut self.mode {
            Mode::Jump(field) | Mode::Label(field) => Some(field),
            _ => None,
        }
    }
}
