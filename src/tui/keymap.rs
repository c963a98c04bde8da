//! Which keys do what: keys as users write them, and the keys bound to each command of the
//! [command table](super::command), defaults overridden by the config file; the reader reads
//! keys from it and the help screen is made from it, so the two cannot disagree.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use super::command::Command;

/// One key as a user writes it: `j`, `G`, `Down`, `PageDown`, `Space`, `Ctrl-c`, `Alt-x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyPress {
    code: KeyCode,
    /// Only Ctrl and Alt: Shift is already in the character (`G`).
    modifiers: KeyModifiers,
}

impl KeyPress {
    /// The key a terminal event stands for, in the form bindings are written.
    pub fn of(event: &KeyEvent) -> KeyPress {
        let modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            // Terminals send Ctrl-C as `c` or `C` with Ctrl, depending on Shift.
            KeyCode::Char(c) if !modifiers.is_empty() => KeyCode::Char(c.to_ascii_lowercase()),
            KeyCode::BackTab => KeyCode::Tab,
            code => code,
        };
        KeyPress { code, modifiers }
    }

    /// Whether the key is Ctrl or Alt with something: such keys are commands even while a
    /// search is typed.
    pub fn is_chord(self) -> bool {
        !self.modifiers.is_empty()
    }
}

/// Named keys, as bindings and the help write them.
const NAMED: [(&str, KeyCode); 16] = [
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Space", KeyCode::Char(' ')),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("BackTab", KeyCode::BackTab),
];

impl FromStr for KeyPress {
    type Err = String;

    fn from_str(text: &str) -> Result<KeyPress, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("ctrl-") && rest.len() > 5 {
                modifiers |= KeyModifiers::CONTROL;
                rest = &rest[5..];
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                modifiers |= KeyModifiers::ALT;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let named = NAMED
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(rest))
            .map(|&(_, code)| code);
        let code = match named {
            Some(code) => code,
            None => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_control() && c != ' ' => KeyCode::Char(c),
                    _ => match function_key(rest) {
                        Some(code) => code,
                        None => {
                            return Err(format!(
                                "{text:?} is not a key: write a character (j, G, ?), a name \
                                 (Enter, Esc, Tab, Space, Up, PageDown, F1, …) or Ctrl-/Alt- \
                                 with one"
                            ));
                        }
                    },
                }
            }
        };
        let code = match code {
            KeyCode::Char(c) if !modifiers.is_empty() => KeyCode::Char(c.to_ascii_lowercase()),
            code => code,
        };
        Ok(KeyPress { code, modifiers })
    }
}

fn function_key(text: &str) -> Option<KeyCode> {
    let number: u8 = text.strip_prefix(['F', 'f'])?.parse().ok()?;
    (1..=24).contains(&number).then_some(KeyCode::F(number))
}

impl fmt::Display for KeyPress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if let Some((name, _)) = NAMED.iter().find(|(_, code)| *code == self.code) {
            return f.write_str(name);
        }
        match self.code {
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The keys bound to each command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(Command, Vec<KeyPress>)>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let bindings = Command::ALL
            .into_iter()
            .map(|command| {
                let keys = command
                    .default_keys()
                    .iter()
                    .filter_map(|key| key.parse().ok())
                    .collect();
                (command, keys)
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The command a key gives, if any.
    pub fn command(&self, key: KeyPress) -> Option<Command> {
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(&key))
            .map(|&(command, _)| command)
    }

    /// Give `command` these keys (and only these), taking them from any command that had
    /// them.
    pub fn bind(&mut self, command: Command, keys: Vec<KeyPress>) {
        for (_, others) in &mut self.bindings {
            others.retain(|key| !keys.contains(key));
        }
        match self.bindings.iter_mut().find(|(c, _)| *c == command) {
            Some((_, old)) => *old = keys,
            None => self.bindings.push((command, keys)),
        }
    }

    /// The first key bound to a command, as the help writes it: what hints tell to press.
    pub fn first_key(&self, command: Command) -> Option<String> {
        self.keys(command).first().map(KeyPress::to_string)
    }

    /// The keys bound to a command.
    pub fn keys(&self, command: Command) -> &[KeyPress] {
        self.bindings
            .iter()
            .find(|(c, _)| *c == command)
            .map_or(&[], |(_, keys)| keys)
    }

    /// Every row of the help screen: the bindings, then the search field's keys and the
    /// mouse.
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        let mut rows = self.help();
        rows.extend(
            SEARCH_EDITING
                .iter()
                .chain(MOUSE)
                .map(|&(keys, what)| (keys.to_string(), what)),
        );
        rows
    }

    /// The help screen's rows for bindings: each command that has keys, its keys as written,
    /// what it does.
    pub fn help(&self) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|(_, keys)| !keys.is_empty())
            .map(|(command, keys)| {
                let keys: Vec<String> = keys.iter().map(KeyPress::to_string).collect();
                (keys.join(" "), command.description())
            })
            .collect()
    }
}

/// Keys that edit the search while it is typed; they are fixed, like a text field's.
pub const SEARCH_EDITING: &[(&str, &str)] = &[
    ("Enter Esc", "keep / clear the search"),
    ("Left Right", "move in the search"),
    ("Home C-a", "to the search's start"),
    ("End C-e", "to the search's end"),
    ("Backspace", "delete before the cursor"),
    ("Delete", "delete at the cursor"),
    ("Up Down", "move in the list"),
];

/// What the mouse does, for the help screen.
pub const MOUSE: &[(&str, &str)] = &[
    ("wheel", "scroll the pane"),
    ("click", "select / toggle a tag"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_they_are_written() {
        for text in [
            "j", "G", "?", "[", "Down", "PageDown", "Space", "Ctrl-c", "Alt-x", "F5",
        ] {
            let key: KeyPress = text.parse().unwrap();
            assert_eq!(key.to_string(), text);
        }
        assert_eq!("ctrl-C".parse::<KeyPress>().unwrap().to_string(), "Ctrl-c");
        assert_eq!("esc".parse::<KeyPress>().unwrap().to_string(), "Esc");
        for bad in ["", "jj", "Ctrl-", "F0", "F25", "Hyper-x", " "] {
            assert!(bad.parse::<KeyPress>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_terminal_key_finds_its_command() {
        let keymap = Keymap::default();
        let press = |code, modifiers| KeyPress::of(&KeyEvent::new(code, modifiers));
        assert_eq!(
            keymap.command(press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Command::Down)
        );
        assert_eq!(
            keymap.command(press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Command::Last)
        );
        assert_eq!(
            keymap.command(press(KeyCode::Char('C'), KeyModifiers::CONTROL)),
            Some(Command::Quit)
        );
        assert_eq!(
            keymap.command(press(KeyCode::Char('V'), KeyModifiers::SHIFT)),
            None
        );
    }

    #[test]
    fn every_command_has_a_name_and_default_keys() {
        let keymap = Keymap::default();
        for command in Command::ALL {
            assert_eq!(command.name().parse::<Command>(), Ok(command));
            assert_eq!(
                keymap.keys(command).len(),
                command.default_keys().len(),
                "{command:?}"
            );
        }
        assert_eq!(keymap.help().len(), Command::ALL.len());
    }
}
