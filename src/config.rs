//! The config file (`config.toml`): which title leads, the keys, the colours. Every mistake in
//! it is reported with the file, the line and the setting, and only that setting falls back
//! to its default, so a typo never keeps the reader from starting.

use std::fmt;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::paper_view::Lead;
use crate::tui::keymap::{Command, KeyPress, Keymap};
use crate::tui::theme::{Part, Theme};

/// The environment variable that names a config file when `--config` does not.
pub const CONFIG_VAR: &str = "LUNWEN_CONFIG";

/// Everything a config file sets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    pub lead: Lead,
    pub cjk_terminal: bool,
    pub keymap: Keymap,
    pub theme: Theme,
}

/// Where the config comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// Named by `--config` or `LUNWEN_CONFIG`, so it must exist; the usual place may not.
    pub named: bool,
}

/// The config file in use: `--config FILE`, else `LUNWEN_CONFIG`, else `config.toml` in
/// `$XDG_CONFIG_HOME/lunwen/`, else in `~/.config/lunwen/` (on macOS too, as most terminal
/// tools do). `None` when there is no home to look in.
pub fn location(flag: Option<PathBuf>) -> Option<Location> {
    let named = flag.or_else(|| {
        std::env::var_os(CONFIG_VAR)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    if let Some(path) = named {
        return Some(Location { path, named: true });
    }
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute());
    let base = xdg.or_else(|| {
        let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
        Some(PathBuf::from(home).join(".config"))
    })?;
    Some(Location {
        path: base.join("lunwen").join("config.toml"),
        named: false,
    })
}

/// A mistake in a config file: where, which setting, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based; 0 when the problem is with the file as a whole.
    pub line: usize,
    /// The setting, as `section.name`; empty for the file as a whole.
    pub setting: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if !self.setting.is_empty() {
            write!(f, ": `{}`", self.setting)?;
        }
        write!(f, ": {} (its default is used)", self.message)
    }
}

/// Read the config at `location`: a missing file at the usual place is no config at all.
pub fn load(location: Option<&Location>) -> (Config, Vec<Problem>) {
    let Some(location) = location else {
        return (Config::default(), Vec::new());
    };
    match std::fs::read_to_string(&location.path) {
        Ok(text) => parse(&text, &location.path),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && !location.named => {
            (Config::default(), Vec::new())
        }
        Err(err) => {
            let problem = Problem {
                file: location.path.clone(),
                line: 0,
                setting: String::new(),
                message: format!("cannot be read: {err}"),
            };
            (Config::default(), vec![problem])
        }
    }
}

/// Read a config file's text; `file` names it in problems.
pub fn parse(text: &str, file: &Path) -> (Config, Vec<Problem>) {
    let mut reader = Reader {
        text,
        file,
        problems: Vec::new(),
        config: Config::default(),
        bound: Vec::new(),
    };
    match DeTable::parse(text) {
        Ok(root) => reader.root(root.get_ref()),
        Err(err) => {
            let at = err.span().unwrap_or(0..0);
            let message = format!("not valid TOML: {}", err.message().trim());
            reader.problem(at, "", message);
        }
    }
    reader.finish_keys();
    (reader.config, reader.problems)
}

struct Reader<'a> {
    text: &'a str,
    file: &'a Path,
    problems: Vec<Problem>,
    config: Config,
    /// The keys the file binds: command, its keys, and where.
    bound: Vec<(Command, Vec<KeyPress>, Range<usize>)>,
}

impl Reader<'_> {
    fn problem(&mut self, at: Range<usize>, setting: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            line: line_of(self.text, at.start),
            setting: setting.to_string(),
            message: message.into(),
        });
    }

    /// A value read with serde, or a problem naming the setting.
    fn value<T: for<'de> Deserialize<'de>>(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        setting: &str,
        what: &str,
    ) -> Option<T> {
        let raw = &self.text[value.span()];
        match ValueDeserializer::parse(raw).and_then(T::deserialize) {
            Ok(parsed) => Some(parsed),
            Err(_) => {
                self.problem(value.span(), setting, format!("should be {what}"));
                None
            }
        }
    }

    fn section<'t, 'i>(
        &mut self,
        value: &'t Spanned<DeValue<'i>>,
        name: &str,
    ) -> Option<&'t DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.problem(value.span(), name, "should be a table ([section])");
                None
            }
        }
    }

    fn root(&mut self, root: &DeTable<'_>) {
        for (key, value) in root {
            match key.get_ref().as_ref() {
                "reader" => {
                    if let Some(table) = self.section(value, "reader") {
                        self.reader(table);
                    }
                }
                "keys" => {
                    if let Some(table) = self.section(value, "keys") {
                        self.keys(table);
                    }
                }
                "theme" => {
                    if let Some(table) = self.section(value, "theme") {
                        self.theme(table);
                    }
                }
                other => {
                    let message = "is not a setting: the sections are [reader], [keys] and [theme]";
                    self.problem(key.span(), other, message);
                }
            }
        }
    }

    fn reader(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = format!("reader.{}", key.get_ref());
            match key.get_ref().as_ref() {
                "lead_title" => {
                    let what = "\"chinese\" or \"english\"";
                    if let Some(lead) = self.value::<LeadName>(value, &name, what) {
                        self.config.lead = lead.into();
                    }
                }
                "cjk_terminal" => {
                    if let Some(on) = self.value(value, &name, "true or false") {
                        self.config.cjk_terminal = on;
                    }
                }
                _ => self.problem(
                    key.span(),
                    &name,
                    "is not a setting: [reader] has lead_title and cjk_terminal",
                ),
            }
        }
    }

    fn keys(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = format!("keys.{}", key.get_ref());
            let Ok(command) = key.get_ref().parse::<Command>() else {
                let message = format!(
                    "is not a command; the commands are {}",
                    Command::ALL.map(Command::name).join(", ")
                );
                self.problem(key.span(), &name, message);
                continue;
            };
            let what = "a key or a list of keys, such as \"j\" or [\"j\", \"Down\"]";
            let Some(keys) = self.value::<OneOrMany>(value, &name, what) else {
                continue;
            };
            let mut presses = Vec::new();
            let mut bad = false;
            for key in keys.into_vec() {
                match key.parse::<KeyPress>() {
                    Ok(press) if !presses.contains(&press) => presses.push(press),
                    Ok(_) => {}
                    Err(why) => {
                        self.problem(value.span(), &name, why);
                        bad = true;
                    }
                }
            }
            if !bad {
                self.bound.push((command, presses, value.span()));
            }
        }
    }

    /// Bind what the file binds. A key the file gives two commands is a mistake in both;
    /// a key the file gives one command is taken from the command that had it by default.
    fn finish_keys(&mut self) {
        let bound = std::mem::take(&mut self.bound);
        let mut clashing = vec![false; bound.len()];
        for (i, (command, keys, at)) in bound.iter().enumerate() {
            for (j, (other, other_keys, _)) in bound.iter().enumerate().skip(i + 1) {
                if let Some(key) = keys.iter().find(|k| other_keys.contains(k)) {
                    clashing[i] = true;
                    clashing[j] = true;
                    let message = format!(
                        "binds {key}, which `keys.{}` binds too; a key does one thing",
                        other.name()
                    );
                    self.problem(at.clone(), &format!("keys.{}", command.name()), message);
                }
            }
        }
        for ((command, keys, _), clash) in bound.into_iter().zip(clashing) {
            if !clash {
                self.config.keymap.bind(command, keys);
            }
        }
    }

    fn theme(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = format!("theme.{}", key.get_ref());
            match key.get_ref().as_ref() {
                "tags" => {
                    if let Some(tags) = self.section(value, &name) {
                        self.tag_colors(tags);
                    }
                }
                "tag_palette" => {
                    let what = "a list of colours, such as [\"red\", \"#ff8800\", \"208\"]";
                    let Some(names) = self.value::<Vec<String>>(value, &name, what) else {
                        continue;
                    };
                    let colors: Result<Vec<Color>, _> =
                        names.iter().map(|name| name.parse::<Color>()).collect();
                    match colors {
                        Ok(colors) => self.config.theme.set_palette(colors),
                        Err(_) => self.problem(value.span(), &name, format!("should be {what}")),
                    }
                }
                part_name => {
                    let Some(part) = Part::ALL.into_iter().find(|p| p.name() == part_name) else {
                        let message = format!(
                            "is not a part of the screen; the parts are {}, and [theme.tags]",
                            Part::ALL.map(Part::name).join(", ")
                        );
                        self.problem(key.span(), &name, message);
                        continue;
                    };
                    if let Some(style) = self.style(value, &name) {
                        self.config.theme.set_style(part, style);
                    }
                }
            }
        }
    }

    fn tag_colors(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = format!("theme.tags.{}", key.get_ref());
            let what = "a colour, such as \"red\", \"#ff8800\" or \"208\"";
            let Some(color) = self.value::<String>(value, &name, what) else {
                continue;
            };
            match color.parse::<Color>() {
                Ok(color) => self.config.theme.set_tag_color(key.get_ref(), color),
                Err(_) => self.problem(value.span(), &name, format!("should be {what}")),
            }
        }
    }

    /// A style: a colour for the text, or a table of `fg`, `bg` and modifiers.
    fn style(&mut self, value: &Spanned<DeValue<'_>>, name: &str) -> Option<Style> {
        let what = "a colour (\"red\", \"#ff8800\", \"208\") or a table such as \
                    { fg = \"white\", bg = \"blue\", bold = true }";
        let spec = match self.value::<StyleValue>(value, name, what)? {
            StyleValue::Color(color) => StyleSpec {
                fg: Some(color),
                ..StyleSpec::default()
            },
            StyleValue::Spec(spec) => spec,
        };
        let color = |name: &Option<String>| name.as_deref().map(str::parse::<Color>).transpose();
        let (Ok(fg), Ok(bg)) = (color(&spec.fg), color(&spec.bg)) else {
            self.problem(value.span(), name, format!("should be {what}"));
            return None;
        };
        let mut style = Style::new();
        if let Some(fg) = fg {
            style = style.fg(fg);
        }
        if let Some(bg) = bg {
            style = style.bg(bg);
        }
        for (on, modifier) in spec.modifiers() {
            if on {
                style = style.add_modifier(modifier);
            }
        }
        Some(style)
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, at: usize) -> usize {
    text.get(..at).unwrap_or(text).matches('\n').count() + 1
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum LeadName {
    Chinese,
    English,
}

impl From<LeadName> for Lead {
    fn from(name: LeadName) -> Lead {
        match name {
            LeadName::Chinese => Lead::Chinese,
            LeadName::English => Lead::English,
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum StyleValue {
    Color(String),
    Spec(StyleSpec),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underline: bool,
    #[serde(default)]
    reversed: bool,
    #[serde(default)]
    dim: bool,
}

impl StyleSpec {
    fn modifiers(&self) -> [(bool, Modifier); 5] {
        [
            (self.bold, Modifier::BOLD),
            (self.italic, Modifier::ITALIC),
            (self.underline, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
            (self.dim, Modifier::DIM),
        ]
    }
}

/// A commented config file with every setting at its default: read back, it changes nothing.
pub fn default_file() -> String {
    let config = Config::default();
    let mut out = String::new();
    out.push_str(
        "# lunwen's config file. Every setting is shown at its default; change what you like\n\
         # and delete the rest. `lunwen config` prints where lunwen looks for this file.\n\n",
    );
    out.push_str("[reader]\n");
    out.push_str(
        "# Which title leads in the list and the detail pane: \"chinese\" or \"english\".\n",
    );
    let lead = match config.lead {
        Lead::Chinese => "chinese",
        Lead::English => "english",
    };
    let _ = writeln!(out, "lead_title = \"{lead}\"");
    out.push_str(
        "# For terminals that draw ambiguous characters (“ ” … · box lines) two cells wide, as\n\
         # many CJK setups do. --cjk-terminal and LUNWEN_AMBIGUOUS_WIDE turn it on too.\n",
    );
    let _ = writeln!(out, "cjk_terminal = {}", config.cjk_terminal);

    out.push_str(
        "\n[keys]\n\
         # Each command's keys: a character (\"j\", \"G\", \"?\"), a name (Enter, Esc, Tab,\n\
         # Space, Backspace, Delete, Insert, Up, Down, Left, Right, Home, End, PageUp, PageDown,\n\
         # F1-F24), or Ctrl-/Alt- with one (\"Ctrl-c\"). [] leaves a command without keys.\n\
         # The keys that edit a search while it is typed are fixed.\n",
    );
    for command in Command::ALL {
        let keys: Vec<String> = config
            .keymap
            .keys(command)
            .iter()
            .map(|key| format!("{:?}", key.to_string()))
            .collect();
        let _ = writeln!(
            out,
            "{} = [{}]  # {}",
            command.name(),
            keys.join(", "),
            command.description()
        );
    }

    out.push_str(
        "\n[theme]\n\
         # Each part of the screen: a colour for its text (a name such as \"red\" or\n\
         # \"darkgray\", \"#rrggbb\", or a number 0-255), or a table of fg, bg, and bold,\n\
         # italic, underline, reversed, dim. NO_COLOR in the environment turns colours off.\n",
    );
    for part in Part::ALL {
        let _ = writeln!(
            out,
            "{} = {}  # {}",
            part.name(),
            style_text(config.theme.style(part)),
            part.description()
        );
    }
    out.push_str("# Colours for tags that other tags pick from, by their name.\n");
    let palette: Vec<String> = config
        .theme
        .palette()
        .iter()
        .map(|color| format!("\"{}\"", color_name(*color)))
        .collect();
    let _ = writeln!(out, "tag_palette = [{}]", palette.join(", "));
    out.push_str("\n[theme.tags]\n# A colour of its own for a tag.\n");
    for (tag, color) in config.theme.tag_colors() {
        let _ = writeln!(out, "{:?} = \"{}\"", tag, color_name(*color));
    }
    out
}

fn color_name(color: Color) -> String {
    color.to_string().to_lowercase()
}

/// A style as the config file writes it.
fn style_text(style: Style) -> String {
    let mut parts = Vec::new();
    if let Some(fg) = style.fg {
        parts.push(format!("fg = \"{}\"", color_name(fg)));
    }
    if let Some(bg) = style.bg {
        parts.push(format!("bg = \"{}\"", color_name(bg)));
    }
    for (name, modifier) in [
        ("bold", Modifier::BOLD),
        ("italic", Modifier::ITALIC),
        ("underline", Modifier::UNDERLINED),
        ("reversed", Modifier::REVERSED),
        ("dim", Modifier::DIM),
    ] {
        if style.add_modifier.contains(modifier) {
            parts.push(format!("{name} = true"));
        }
    }
    format!("{{ {} }}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Config, Vec<String>) {
        let (config, problems) = parse(text, Path::new("config.toml"));
        (config, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn the_default_file_reads_back_as_the_defaults() {
        let (config, problems) = read(&default_file());
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(config, Config::default());
    }

    #[test]
    fn settings_change_what_they_name() {
        let (config, problems) = read(
            "[reader]\nlead_title = \"english\"\ncjk_terminal = true\n\
             [keys]\nquit = [\"x\", \"Ctrl-c\"]\ndown = \"n\"\n\
             [theme]\nselection = { fg = \"black\", bg = \"#ffaa00\", bold = true }\nscore = \"green\"\n\
             [theme.tags]\n\"Must Read\" = \"208\"\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(config.lead, Lead::English);
        assert!(config.cjk_terminal);
        let key = |k: &str| k.parse::<KeyPress>().unwrap();
        assert_eq!(config.keymap.command(key("x")), Some(Command::Quit));
        assert_eq!(config.keymap.command(key("q")), None);
        assert_eq!(config.keymap.command(key("n")), Some(Command::Down));
        assert_eq!(config.keymap.command(key("j")), None);
        assert_eq!(
            config.theme.style(Part::Selection),
            Style::new()
                .fg(Color::Black)
                .bg(Color::Rgb(0xff, 0xaa, 0x00))
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            config.theme.style(Part::Score),
            Style::new().fg(Color::Green)
        );
        assert_eq!(config.theme.tag("must read").fg, Some(Color::Indexed(208)));
    }

    #[test]
    fn a_key_taken_from_its_default_command_moves() {
        let (config, problems) = read("[keys]\nquit = \"j\"\n");
        assert!(problems.is_empty(), "{problems:?}");
        let j = "j".parse::<KeyPress>().unwrap();
        assert_eq!(config.keymap.command(j), Some(Command::Quit));
        assert_eq!(config.keymap.keys(Command::Down).len(), 1, "Down keeps ↓");
    }

    #[test]
    fn each_mistake_names_the_file_the_line_and_the_setting() {
        let cases = [
            (
                "[reader]\nlead = \"english\"\n",
                "config.toml:2: `reader.lead`: is not a setting",
            ),
            (
                "[reader]\nlead_title = \"french\"\n",
                "config.toml:2: `reader.lead_title`: should be \"chinese\" or \"english\"",
            ),
            (
                "[keys]\n\njump = \"j\"\n",
                "config.toml:3: `keys.jump`: is not a command",
            ),
            (
                "[keys]\ndown = \"Hyper-j\"\n",
                "config.toml:2: `keys.down`: \"Hyper-j\" is not a key",
            ),
            (
                "[keys]\ndown = 3\n",
                "config.toml:2: `keys.down`: should be a key or a list of keys",
            ),
            (
                "[keys]\ndown = \"x\"\nquit = \"x\"\n",
                "config.toml:2: `keys.down`: binds x, which `keys.quit` binds too",
            ),
            (
                "[theme]\nscore = \"sky\"\n",
                "config.toml:2: `theme.score`: should be a colour",
            ),
            (
                "[theme]\nscore = { fg = \"red\", blink = true }\n",
                "config.toml:2: `theme.score`: should be a colour",
            ),
            (
                "[theme]\nsparkle = \"red\"\n",
                "config.toml:2: `theme.sparkle`: is not a part of the screen",
            ),
            ("[colours]\n", "config.toml:1: `colours`: is not a setting"),
            ("[reader\nlead_title = 1\n", "config.toml:1: not valid TOML"),
            ("reader = 5\n", "config.toml:1: `reader`: should be a table"),
        ];
        for (text, expected) in cases {
            let (config, problems) = read(text);
            assert_eq!(problems.len(), 1, "{text:?}: {problems:?}");
            assert!(
                problems[0].starts_with(expected),
                "{text:?}: {}",
                problems[0]
            );
            assert!(
                problems[0].ends_with("(its default is used)"),
                "{}",
                problems[0]
            );
            if !text.contains("[keys]") {
                assert_eq!(config.keymap, Keymap::default());
            }
        }
        // Both halves of a clash fall back to their defaults; the rest of the file holds.
        let (config, problems) = read("[keys]\ndown = \"x\"\nquit = \"x\"\nhelp = \"h\"\n");
        assert_eq!(problems.len(), 1);
        let key = |k: &str| k.parse::<KeyPress>().unwrap();
        assert_eq!(config.keymap.command(key("j")), Some(Command::Down));
        assert_eq!(config.keymap.command(key("q")), Some(Command::Quit));
        assert_eq!(config.keymap.command(key("h")), Some(Command::Help));
        assert_eq!(config.keymap.command(key("x")), None);
    }

    #[test]
    fn the_file_is_found_where_the_user_put_it() {
        let named = location(Some(PathBuf::from("/tmp/mine.toml"))).unwrap();
        assert_eq!(named.path, PathBuf::from("/tmp/mine.toml"));
        assert!(named.named);
        // A named file that is missing is a mistake; the usual one missing is no config.
        let missing = Location {
            path: PathBuf::from("/nonexistent/lunwen.toml"),
            named: true,
        };
        let (config, problems) = load(Some(&missing));
        assert_eq!(config, Config::default());
        assert!(problems[0].to_string().contains("cannot be read"));
        let usual = Location {
            named: false,
            ..missing
        };
        assert!(load(Some(&usual)).1.is_empty());
    }
}
