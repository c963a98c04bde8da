//! How the overlays change: the help, popups, the date prompt, and what the status line says.

use super::*;
use crate::model::counted;
use crate::storage::library::Source;
use crate::text;
use crate::tui::app::App;
use crate::tui::command::Command;
use crate::tui::filter::SearchField;
use crate::tui::keymap::Keymap;

impl App {
    pub fn mode(&self) -> &Mode {
        &self.overlays.mode
    }

    /// The view the help on screen was opened on, which is drawn under it.
    pub fn under_help(&self) -> &Mode {
        &self.overlays.under_help
    }

    pub fn message(&self) -> Option<&Message> {
        self.overlays.message.as_ref()
    }

    pub fn help_open(&self) -> bool {
        matches!(self.overlays.mode, Mode::Help { .. })
    }

    /// Where the days shown come from.
    pub fn source(&self) -> Source {
        self.days.source()
    }

    /// Whether the days shown are the built-in sample rather than the user's own.
    pub fn is_sample(&self) -> bool {
        self.source() == Source::Sample
    }

    /// What must stay on screen above the status line: where the days come from when they
    /// are not the user's own (the built-in sample), and how to get real digests.
    pub fn notice(&self) -> Option<String> {
        let notice = self.source().notice()?;
        Some(format!("This is the {notice}"))
    }

    /// The notice wrapped for a screen `width` columns wide, a column in from each side: in
    /// full when it fits on a row, else in short.
    pub fn notice_lines(&self, width: u16) -> Vec<String> {
        let (Some(notice), Some(short)) = (self.notice(), self.source().short_notice()) else {
            return Vec::new();
        };
        let room = usize::from(width.saturating_sub(2));
        if self.widths().str_width(&notice) <= room {
            return vec![notice];
        }
        text::wrap(short, room, self.widths())
    }

    pub(in crate::tui) fn overlay_input(&mut self, input: OverlayInput) {
        let mode = &mut self.overlays.mode;
        match input {
            OverlayInput::ShowHelp => {
                self.overlays.under_help = match mode {
                    Mode::Board | Mode::Watches => mode.clone(),
                    _ => Mode::Browse,
                };
                self.overlays.mode = Mode::Help {
                    page: HelpPage::Keys,
                    scroll: 0,
                }
            }
            OverlayInput::OtherHelpPage => {
                if let Mode::Help { page, scroll } = mode {
                    *page = match page {
                        HelpPage::Keys => HelpPage::Queries,
                        HelpPage::Queries => HelpPage::Keys,
                    };
                    *scroll = 0;
                }
            }
            OverlayInput::ScrollHelp(rows) => {
                if let Mode::Help { page, scroll } = mode {
                    let last = help_rows(&self.settings.keymap, *page)
                        .len()
                        .saturating_sub(1);
                    *scroll = scroll.saturating_add_signed(rows).min(last);
                }
            }
            OverlayInput::CloseHelp => {
                *mode = std::mem::take(&mut self.overlays.under_help);
            }
            OverlayInput::ClosePopup => {
                *mode = self
                    .overlays
                    .waiting
                    .pop_front()
                    .map_or(Mode::Browse, Mode::Popup);
            }
            OverlayInput::DatePrompt => *mode = Mode::Jump(SearchField::default()),
        }
    }

    /// The mistakes in the config file, in a popup.
    pub(in crate::tui) fn problems(&mut self, problems: Vec<String>) {
        let count = problems.len();
        self.warn(format!(
            "{} in the config file; defaults stand in",
            match count {
                1 => "a mistake".to_string(),
                n => counted(n, "mistake", "mistakes"),
            }
        ));
        let mut paragraphs = problems;
        paragraphs.push(String::new());
        paragraphs.push("Fix them and start lunwen again. Any key closes.".to_string());
        self.show_popup(Popup {
            title: "Mistakes in the config file".to_string(),
            paragraphs,
        });
    }

    /// Show a popup, or, while another is on screen, once it closes.
    pub(in crate::tui) fn show_popup(&mut self, popup: Popup) {
        match self.overlays.mode {
            Mode::Popup(_) => self.overlays.waiting.push_back(popup),
            _ => self.overlays.mode = Mode::Popup(popup),
        }
    }

    pub(in crate::tui) fn inform(&mut self, text: String) {
        self.say(text, false);
    }

    pub(in crate::tui) fn warn(&mut self, text: String) {
        self.say(text, true);
    }

    /// Say `text` in the status line, as a warning or not.
    pub(in crate::tui) fn say(&mut self, text: String, warning: bool) {
        let tone = if warning { Tone::Warning } else { Tone::Info };
        self.overlays.message = Some(Message { text, tone });
    }

    /// What to press for a command, as a message ends with it (`: ] to read it`), by the
    /// key it is bound to; nothing when it has none.
    pub(in crate::tui) fn press_to(&self, command: Command, does: &str) -> String {
        self.keymap()
            .first_key(command)
            .map_or_else(String::new, |key| format!(": {key} to {does}"))
    }
}

/// The rows a page of the help lists: what to press or write, and what it does.
pub fn help_rows(keymap: &Keymap, page: HelpPage) -> Vec<(String, &'static str)> {
    match page {
        HelpPage::Keys => keymap.help_rows(),
        HelpPage::Queries => crate::query::HELP
            .iter()
            .map(|&(what, does)| (what.to_string(), does))
            .collect(),
    }
}
