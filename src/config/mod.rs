//! The config file (`config.toml`): which title leads, the keys, the colours, and where
//! `sync` gets digests. Every mistake in it is reported with the file, the line and the
//! setting, and only that setting falls back to its default (a source with a mistake is left
//! out), so a typo never keeps the reader from starting.
//!
//! Only the command line and `main` import this folder: it reads TOML into the types of the
//! code that uses them (the keys and the theme in `tui`, `[sync]` in `sync`, `[summaries]` in
//! `summaries`). Every file is read over the preset (`assets/config.toml`, see [`preset`]),
//! which is read by the same reader.

mod preset;
mod read;

pub use preset::{PRESET, default_file, preset};

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::Place;
use crate::file;
use crate::model::paper_view::Lead;
use crate::query::watch::Watch;
use crate::summaries;
use crate::sync::settings::SyncSettings;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;

/// The environment variable that names a config file when `--config` does not.
pub const CONFIG_VAR: &str = "LUNWEN_CONFIG";

/// Everything a config file sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub lead: Lead,
    pub cjk_terminal: bool,
    /// How long a paper's detail is on screen before it is marked read; `None`: never.
    pub read_after: Option<Duration>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub sync: SyncSettings,
    /// `[summaries]`: the model that makes the Chinese of papers without any; `None` when
    /// the file has no such section, or it names no endpoint or model.
    pub summaries: Option<summaries::Settings>,
    /// `[zotero]`: where Zotero listens on this machine, and which library is read.
    pub zotero: crate::sync::zotero::Settings,
    /// `[notes] folder`: where the notes on papers are kept, when not in the data folder.
    pub notes_folder: Option<PathBuf>,
    /// `[[watch]]`: the user's watchlists, in the file's order, each name once.
    pub watches: Vec<Watch>,
    /// `[watches] notify_command`: the program and its first arguments, run after a sync that
    /// brought new papers into a watch.
    pub notify_command: Option<Vec<String>>,
}

impl Config {
    /// The values the settings' own types give them, which the preset is read over: the
    /// keys and the colours of the reader's tables, and no Hugging Face lists.
    fn built_in() -> Config {
        Config {
            lead: Lead::default(),
            cjk_terminal: false,
            read_after: Some(crate::tui::app::READ_AFTER),
            keymap: Keymap::default(),
            theme: Theme::default(),
            sync: SyncSettings::default(),
            summaries: None,
            zotero: crate::sync::zotero::Settings::default(),
            notes_folder: None,
            watches: Vec::new(),
            notify_command: None,
        }
    }
}

impl Default for Config {
    /// The preset's settings: what a config file that sets nothing gives.
    fn default() -> Config {
        preset().clone()
    }
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
    /// What lunwen does instead.
    pub fallback: Fallback,
}

/// What lunwen does about a mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// The setting keeps its default.
    Default,
    /// The source is left out.
    LeftOut,
    /// `[summaries]` is off: it is no use without its endpoint, model and key variable.
    SummariesOff,
    /// The watch is left out.
    WatchLeftOut,
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
        let fallback = match self.fallback {
            // A mistake with the file as a whole leaves every setting at its default.
            Fallback::Default if self.setting.is_empty() => "the defaults are used",
            Fallback::Default => "its default is used",
            Fallback::LeftOut => "the source is left out",
            Fallback::SummariesOff => "no summaries are made",
            Fallback::WatchLeftOut => "the watch is left out",
        };
        write!(f, ": {} ({fallback})", self.message)
    }
}

/// The largest config file lunwen reads: one with every setting is a few kilobytes.
pub const CONFIG_FILE: file::Limit = file::Limit {
    bytes: 1024 * 1024,
    what: "a config file",
};

/// Read the config at `location`: a missing file at the usual place is no config at all. The
/// file is read as every file a user names is ([`file::read`]): a device, a named pipe or a
/// huge file is refused with why, and the defaults stand.
pub fn load(location: Option<&Location>) -> (Config, Vec<Problem>) {
    let Some(location) = location else {
        return (Config::default(), Vec::new());
    };
    let problem = |line: usize, message: String| Problem {
        file: location.path.clone(),
        line,
        setting: String::new(),
        message,
        fallback: Fallback::Default,
    };
    let bytes = match file::read(&location.path, CONFIG_FILE) {
        Ok(bytes) => bytes,
        Err(file::Refused::Io(err))
            if err.kind() == std::io::ErrorKind::NotFound && !location.named =>
        {
            return (Config::default(), Vec::new());
        }
        Err(file::Refused::Io(err)) => {
            return (
                Config::default(),
                vec![problem(0, format!("cannot be read: {err}"))],
            );
        }
        Err(refused) => {
            return (Config::default(), vec![problem(0, refused.to_string())]);
        }
    };
    match file::utf8(&bytes) {
        Ok(text) => parse(text, &location.path),
        Err(err) => {
            let line = match err.place {
                Place::Line(line) | Place::LineColumn(line, _) => line,
                Place::File => 0,
            };
            (Config::default(), vec![problem(line, err.message)])
        }
    }
}

/// Read a config file's text over the preset; `file` names it in problems.
pub fn parse(text: &str, file: &Path) -> (Config, Vec<Problem>) {
    read::read(text, file, Config::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::settings::{Patterns, SourceAt};
    use crate::tui::keymap::{Command, KeyPress};
    use crate::tui::theme::Part;
    use ratatui::style::{Color, Modifier, Style};

    fn read(text: &str) -> (Config, Vec<String>) {
        let (config, problems) = parse(text, Path::new("config.toml"));
        (config, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn the_preset_reads_without_a_mistake_and_agrees_with_the_types_it_fills() {
        let (config, problems) = read::read(PRESET, Path::new("config.toml"), Config::built_in());
        assert_eq!(problems, Vec::new());
        assert_eq!(&config, preset());
        // What the reader's tables and the settings' types hold is what the preset says.
        let built_in = Config::built_in();
        assert_eq!(
            (config.lead, config.cjk_terminal, config.read_after),
            (built_in.lead, built_in.cjk_terminal, built_in.read_after)
        );
        assert_eq!(
            (&config.keymap, &config.theme),
            (&built_in.keymap, &built_in.theme)
        );
        let (sync, hf) = (&config.sync, &config.sync.huggingface);
        assert_eq!(sync.timeout, built_in.sync.timeout);
        assert_eq!((hf.max_papers, hf.weekends), (None, false));
        assert_eq!(config.zotero, built_in.zotero);
        // `[summaries]`, commented out, shows the values a section that names a model gets.
        let section: String = PRESET[PRESET.find("# [summaries]").unwrap()..]
            .lines()
            .map(|line| format!("{}\n", line.trim_start_matches('#').trim_start()))
            .collect();
        let (config, problems) = read(&section);
        assert_eq!(problems, Vec::<String>::new());
        let shown = config.summaries.unwrap();
        let defaults = summaries::Settings::new("", "");
        assert_eq!(
            (shown.concurrency, shown.timeout, shown.connect_timeout),
            (
                defaults.concurrency,
                defaults.timeout,
                defaults.connect_timeout
            )
        );
        assert_eq!(
            (shown.temperature, shown.json_mode),
            (defaults.temperature, defaults.json_mode)
        );
    }

    #[test]
    fn the_default_file_reads_back_as_the_defaults() {
        let (config, problems) = read(&default_file());
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(config, Config::default());
    }

    #[test]
    fn summaries_are_on_with_an_endpoint_and_a_model() {
        let (config, problems) = read(
            "[summaries]\nendpoint = \"https://api.deepseek.com\"\nmodel = \"deepseek-chat\"\n\
             api_key_env = \"DEEPSEEK_API_KEY\"\nconcurrency = 8\ntimeout_seconds = 90\n\
             connect_timeout_seconds = 5\ntemperature = 0.7\njson_mode = false\n\
             max_tokens = 900\nprompt_file = \"mine.md\"\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        let settings = config.summaries.unwrap();
        assert_eq!(
            settings.address(),
            "https://api.deepseek.com/chat/completions"
        );
        assert_eq!(settings.model, "deepseek-chat");
        assert_eq!(settings.api_key_env.as_deref(), Some("DEEPSEEK_API_KEY"));
        assert_eq!(settings.concurrency, 8);
        assert_eq!(settings.timeout, Duration::from_secs(90));
        assert_eq!(settings.connect_timeout, Duration::from_secs(5));
        assert_eq!(settings.temperature, 0.7);
        assert!(!settings.json_mode);
        assert_eq!(settings.max_tokens, Some(900));
        // A relative prompt file starts at the config file's folder.
        assert_eq!(settings.prompt_file, Some(PathBuf::from("mine.md")));
        let (config, _) =
            read("[summaries]\nendpoint = \"http://127.0.0.1:11434/v1\"\nmodel = \"qwen2.5\"\n");
        let local = config.summaries.unwrap();
        assert_eq!((local.api_key_env, local.concurrency), (None, 4));
    }

    #[test]
    fn zotero_s_settings_are_read_and_each_mistake_named() {
        let (config, problems) = read(
            "[zotero]\naddress = \"http://localhost:9999\"\nlibrary = \"groups/42\"\n\
             timeout_seconds = 1\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(config.zotero.address, "http://localhost:9999");
        assert_eq!(config.zotero.library, "groups/42");
        assert_eq!(config.zotero.timeout, Duration::from_secs(1));
        let (config, problems) = read(
            "[zotero]\naddress = \"http://example.org:23119\"\nlibrary = \"me\"\n\
             timeout_seconds = 600\nport = 1\n",
        );
        assert_eq!(problems.len(), 4, "{problems:?}");
        for start in [
            "config.toml:2: `zotero.address`: the address uses http",
            "config.toml:3: `zotero.library`: should be \"users/0\"",
            "config.toml:4: `zotero.timeout_seconds`: should be a number of seconds",
            "config.toml:5: `zotero.port`: is not a setting",
        ] {
            assert!(
                problems.iter().any(|problem| problem.starts_with(start)),
                "{start}: {problems:?}"
            );
        }
        assert_eq!(config.zotero, crate::sync::zotero::Settings::default());
    }

    #[test]
    fn each_summaries_mistake_names_its_setting() {
        let head = "[summaries]\nendpoint = \"https://api.deepseek.com\"\nmodel = \"m\"\n";
        let off = [
            (
                "[summaries]\nendpoint = \"http://example.org/v1\"\nmodel = \"m\"\n".to_string(),
                "config.toml:2: `summaries.endpoint`: the address uses http",
            ),
            (
                "[summaries]\nmodel = \"m\"\n".to_string(),
                "config.toml:1: `summaries`: has no endpoint = \"https://api.deepseek.com\"",
            ),
            (
                "[summaries]\nendpoint = \"https://api.deepseek.com\"\n".to_string(),
                "config.toml:1: `summaries`: has no model = \"deepseek-chat\"",
            ),
            (
                format!("{head}api_key_env = \"sk-abc def\"\n"),
                "config.toml:4: `summaries.api_key_env`: should be the name of an environment variable",
            ),
            (
                format!("{head}api_key_env = 5\n"),
                "config.toml:4: `summaries.api_key_env`: should be the name",
            ),
        ];
        for (text, expected) in off {
            let (config, problems) = read(&text);
            assert_eq!(problems.len(), 1, "{text:?}: {problems:?}");
            assert!(problems[0].starts_with(expected), "{}", problems[0]);
            assert!(
                problems[0].ends_with("(no summaries are made)"),
                "{}",
                problems[0]
            );
            assert_eq!(config.summaries, None);
        }
        let defaulted = [
            (
                "concurrency = 0\n",
                "`summaries.concurrency`: should be a number of requests",
            ),
            (
                "timeout_seconds = 0.1\n",
                "`summaries.timeout_seconds`: should be a number of seconds",
            ),
            (
                "temperature = 3\n",
                "`summaries.temperature`: should be a number from 0 to 2",
            ),
            (
                "json_mode = \"no\"\n",
                "`summaries.json_mode`: should be true or false",
            ),
            (
                "max_tokens = 5\n",
                "`summaries.max_tokens`: should be a number of tokens",
            ),
            (
                "api_key = \"sk-1\"\n",
                "`summaries.api_key`: is not a setting",
            ),
        ];
        for (line, expected) in defaulted {
            let (config, problems) = read(&format!("{head}{line}"));
            assert_eq!(problems.len(), 1, "{line:?}: {problems:?}");
            assert!(problems[0].contains(expected), "{}", problems[0]);
            assert!(
                problems[0].ends_with("(its default is used)"),
                "{}",
                problems[0]
            );
            let settings = config.summaries.unwrap();
            assert_eq!(
                settings,
                summaries::Settings::new("https://api.deepseek.com", "m")
            );
        }
    }

    #[test]
    fn the_default_patterns_are_regular_expressions() {
        let defaults = &preset().sync.huggingface;
        for (patterns, count) in [
            (&defaults.super_lab, 13),
            (&defaults.frontier_lab, 60),
            (&defaults.keywords, 16),
        ] {
            assert_eq!(patterns.texts().len(), count);
            assert_eq!(&Patterns::new(patterns.texts()).unwrap(), patterns);
        }
        assert!(defaults.super_lab.is_match("Google DeepMind"));
        assert!(defaults.frontier_lab.is_match("tsinghua university"));
        assert!(!defaults.super_lab.is_match("RLinf"));
    }

    #[test]
    fn read_after_seconds_takes_seconds_or_false() {
        for (text, expected) in [
            ("2", Some(Duration::from_secs(2))),
            ("0.5", Some(Duration::from_millis(500))),
            ("0", Some(Duration::ZERO)),
            ("false", None),
            ("true", Some(crate::tui::app::READ_AFTER)),
        ] {
            let (config, problems) = read(&format!("[reader]\nread_after_seconds = {text}\n"));
            assert_eq!(problems, Vec::<String>::new(), "{text}");
            assert_eq!(config.read_after, expected, "{text}");
        }
        for bad in ["-1", "\"2\"", "1e400", "nan", "3601"] {
            let (config, problems) = read(&format!("[reader]\nread_after_seconds = {bad}\n"));
            assert_eq!(problems.len(), 1, "{bad}");
            assert!(
                problems[0].contains("config.toml:2: `reader.read_after_seconds`"),
                "{bad}: {problems:?}"
            );
            assert_eq!(
                config.read_after,
                Some(crate::tui::app::READ_AFTER),
                "{bad}"
            );
        }
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
            // A mistake in a setting leaves that one at its default; a file that does not
            // read leaves them all.
            let fallback = if expected.contains('`') {
                "(its default is used)"
            } else {
                "(the defaults are used)"
            };
            assert!(problems[0].ends_with(fallback), "{}", problems[0]);
            if !text.contains("[keys]") {
                assert_eq!(config.keymap, Keymap::default());
            }
        }
        // Both halves of a clash fall back to their defaults; the rest of the file holds.
        let (config, problems) = read("[keys]\ndown = \"V\"\nquit = \"V\"\nhelp = \"h\"\n");
        assert_eq!(problems.len(), 1);
        let key = |k: &str| k.parse::<KeyPress>().unwrap();
        assert_eq!(config.keymap.command(key("j")), Some(Command::Down));
        assert_eq!(config.keymap.command(key("q")), Some(Command::Quit));
        assert_eq!(config.keymap.command(key("h")), Some(Command::Help));
        assert_eq!(config.keymap.command(key("V")), None);
    }

    #[test]
    fn quit_and_help_always_keep_a_key() {
        let key = |k: &str| k.parse::<KeyPress>().unwrap();
        let cases = [
            (
                "[keys]\nquit = []\n",
                "config.toml:2: `keys.quit`: leaves quit without a key, and nothing else ends \
                 the reader (its default is used)",
            ),
            (
                "[keys]\n\ndown = [\"q\", \"Ctrl-c\"]\n",
                "config.toml:3: `keys.down`: takes q and Ctrl-c, which would leave `keys.quit` \
                 without a key, and nothing else ends the reader; give quit another key (its \
                 default is used)",
            ),
            (
                "[keys]\nsearch = \"?\"\n",
                "config.toml:2: `keys.search`: takes ?, which would leave `keys.help` without a \
                 key, and nothing else shows what the keys do; give help another key (its \
                 default is used)",
            ),
        ];
        for (text, expected) in cases {
            let (config, problems) = read(text);
            assert_eq!(problems, [expected], "{text:?}");
            assert_eq!(config.keymap, Keymap::default(), "{text:?}");
        }
        // Every quit key taken is fine while the file gives quit another; and with every
        // other setting of a file the mistake stands alone.
        let (config, problems) =
            read("[keys]\ndown = [\"q\", \"Ctrl-c\"]\nquit = \"x\"\nback = []\n");
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(config.keymap.command(key("x")), Some(Command::Quit));
        assert_eq!(config.keymap.command(key("q")), Some(Command::Down));
        assert!(config.keymap.keys(Command::Back).is_empty(), "Esc need not");
        let (config, problems) = read("[keys]\nquit = []\nstar = \"x\"\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(config.keymap.command(key("x")), Some(Command::ToggleStar));
        assert_eq!(config.keymap.command(key("q")), Some(Command::Quit));
    }

    #[test]
    fn sync_settings_change_what_they_name() {
        let (config, problems) = parse(
            "[sync]\ntimeout_seconds = 2.5\n\
             [sync.huggingface]\nmax_papers = 20\nweekends = true\nsuper_lab = ['\\bRLinf\\b']\n\
             keywords = []\n\
             [[sources]]\nname = \"lab\"\nurl = \"https://example.org/d/{date}.md\"\n\
             [[sources]]\nname = \"inbox\"\nfolder = \"digests/{year}/{date}.json\"\n\
             [[sources]]\nname = \"huggingface\"\n\
             [[sources]]\nname = \"mirror\"\nurl = \"http://127.0.0.1:8080/{date}.md\"\n",
            Path::new("/home/u/.config/lunwen/config.toml"),
        );
        assert_eq!(problems, Vec::<Problem>::new());
        let sync = &config.sync;
        assert_eq!(sync.timeout, Duration::from_millis(2500));
        assert_eq!(sync.huggingface.max_papers, Some(20));
        assert!(sync.huggingface.weekends);
        assert!(sync.huggingface.super_lab.is_match("rlinf"));
        assert!(!sync.huggingface.super_lab.is_match("OpenAI"));
        assert!(!sync.huggingface.keywords.is_match("LLM"));
        assert_eq!(
            sync.huggingface.frontier_lab,
            preset().sync.huggingface.clone().frontier_lab
        );
        let sources: Vec<(&str, &SourceAt)> = sync
            .sources
            .iter()
            .map(|s| (s.name.as_str(), &s.location))
            .collect();
        assert_eq!(
            sources,
            [
                (
                    "lab",
                    &SourceAt::Url("https://example.org/d/{date}.md".into())
                ),
                (
                    "inbox",
                    &SourceAt::Folder("/home/u/.config/lunwen/digests/{year}/{date}.json".into())
                ),
                ("huggingface", &SourceAt::HuggingFace),
                (
                    "mirror",
                    &SourceAt::Url("http://127.0.0.1:8080/{date}.md".into())
                ),
            ]
        );
        assert!(sync.sources_named);
        let defaults = Config::default();
        assert!(!defaults.sync.sources_named);
        // A day keeps what the publisher keeps, and weekends are left to it.
        assert_eq!(defaults.sync.huggingface.max_papers, None);
        assert!(!defaults.sync.huggingface.weekends);
    }

    #[test]
    fn the_default_patterns_tag_the_sample_organizations() {
        let hf = &preset().sync.huggingface;
        for org in ["ByteDance Seed", "Google DeepMind", "Qwen Team", "零一万物"] {
            assert!(hf.super_lab.is_match(org), "{org}");
        }
        for org in [
            "Tencent",
            "Tencent Hunyuan",
            "University of California, Berkeley",
            "Microsoft Research",
            "alibaba-inc",
            "Tsinghua University",
        ] {
            assert!(!hf.super_lab.is_match(org), "{org}");
            assert!(hf.frontier_lab.is_match(org), "{org}");
        }
        for org in ["RLinf", "muset.ai"] {
            assert!(
                !hf.super_lab.is_match(org) && !hf.frontier_lab.is_match(org),
                "{org}"
            );
        }
        assert!(hf.keywords.is_match("efficient video diffusion"));
    }

    #[test]
    fn each_sync_mistake_names_its_setting() {
        let cases = [
            (
                "[sync]\ntimeout_seconds = 0\n",
                "config.toml:2: `sync.timeout_seconds`: should be a number of seconds",
                Fallback::Default,
            ),
            (
                "[sync]\nretries = 3\n",
                "config.toml:2: `sync.retries`: is not a setting",
                Fallback::Default,
            ),
            (
                "[sync.huggingface]\nsuper_lab = [\"OpenAI\", \"(Deep\"]\n",
                "config.toml:2: `sync.huggingface.super_lab`: \"(Deep\" is not a regular expression: unclosed group",
                Fallback::Default,
            ),
            (
                "[sync.huggingface]\nkeywords = \"LLM\"\n",
                "config.toml:2: `sync.huggingface.keywords`: should be a list of regular expressions",
                Fallback::Default,
            ),
            (
                "[sync.huggingface]\nmax_papers = 0\n",
                "config.toml:2: `sync.huggingface.max_papers`: should be a number of papers from 1",
                Fallback::Default,
            ),
            (
                "[sync.huggingface]\nweekends = \"yes\"\n",
                "config.toml:2: `sync.huggingface.weekends`: should be true or false",
                Fallback::Default,
            ),
            (
                "[[sources]]\nname = \"lab\"\nurl = \"http://example.org/{date}.md\"\n",
                "config.toml:3: `sources[1].url`: uses http",
                Fallback::LeftOut,
            ),
            (
                "[[sources]]\nname = \"lab\"\nurl = \"https://example.org/latest.md\"\n",
                "config.toml:3: `sources[1].url`: does not name the day",
                Fallback::LeftOut,
            ),
            (
                "\n[[sources]]\nurl = \"https://example.org/{date}.md\"\n",
                "config.toml:2: `sources[1]`: has no name",
                Fallback::LeftOut,
            ),
            (
                "[[sources]]\nname = \"lab\"\n",
                "config.toml:1: `sources[1]`: has no url or folder",
                Fallback::LeftOut,
            ),
            (
                "[[sources]]\nname = \"lab\"\nurl = \"https://a.org/{date}.md\"\nfolder = \"/d/{date}.md\"\n",
                // The keys of a table come in name order: the url is the second place.
                "config.toml:3: `sources[1].url`: is a second place",
                Fallback::LeftOut,
            ),
            (
                "[[sources]]\nname = \"my lab\"\nfolder = \"/d/{date}.md\"\n",
                "config.toml:2: `sources[1].name`: \"my lab\" is not a source name",
                Fallback::LeftOut,
            ),
            (
                "[[sources]]\nname = \"huggingface\"\nurl = \"https://a.org/{date}.md\"\n",
                "config.toml:2: `sources[1].name`: \"huggingface\" is the name of Hugging Face",
                Fallback::LeftOut,
            ),
            (
                "[[sources]]\nname = \"lab\"\nfolder = \"/d/{date}.md\"\nmirror = true\n",
                "config.toml:4: `sources[1].mirror`: is not a setting",
                Fallback::LeftOut,
            ),
            (
                "[[sources]]\nname = \"a\"\nfolder = \"/a/{date}.md\"\n[[sources]]\nname = \"a\"\nfolder = \"/b/{date}.md\"\n",
                "config.toml:5: `sources[2].name`: \"a\" names another source already",
                Fallback::LeftOut,
            ),
            (
                "sources = \"https://example.org/{date}.md\"\n",
                "config.toml:1: `sources`: should be [[sources]] sections",
                Fallback::Default,
            ),
        ];
        for (text, expected, fallback) in cases {
            let (config, problems) = parse(text, Path::new("config.toml"));
            assert_eq!(problems.len(), 1, "{text:?}: {problems:?}");
            let shown = problems[0].to_string();
            assert!(shown.starts_with(expected), "{text:?}: {shown}");
            assert_eq!(problems[0].fallback, fallback, "{shown}");
            assert_eq!(
                config.sync.huggingface,
                preset().sync.huggingface.clone(),
                "{text:?}"
            );
            if fallback == Fallback::LeftOut {
                assert!(shown.ends_with("(the source is left out)"), "{shown}");
                assert!(config.sync.sources_named, "{text:?}");
            }
        }
    }

    #[test]
    fn watches_are_read_in_order_with_their_notify_command() {
        let (config, problems) = read(
            "[[watch]]\nname = \"agents\"\nquery = \"智能体 OR agent -is:hidden\"\n\
             [[watch]]\nname = \"扩散模型\"\nquery = \"tag:viral diffusion\"\n\
             [watches]\nnotify_command = \"notify-send 'new papers'\"\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        let names: Vec<(&str, &str)> = config
            .watches
            .iter()
            .map(|w| (w.name.as_str(), w.query.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("agents", "智能体 OR agent -is:hidden"),
                ("扩散模型", "tag:viral diffusion")
            ]
        );
        assert_eq!(
            config.notify_command,
            Some(vec!["notify-send".to_string(), "new papers".to_string()])
        );
        let (config, _) = read("[watches]\nnotify_command = [\"say\", \"a b\"]\n");
        assert_eq!(
            config.notify_command,
            Some(vec!["say".to_string(), "a b".to_string()])
        );
        assert_eq!(Config::default().watches, Vec::new());
        assert_eq!(Config::default().notify_command, None);
    }

    #[test]
    fn each_watch_mistake_names_the_watch_and_leaves_it_out() {
        let cases = [
            (
                "[[watch]]\nname = \"agents\"\nquery = \"agent upvotes>lots\"\n",
                "config.toml:3: `watch[1].query`: the watch \"agents\": in the query, \
                 `upvotes>lots`:",
            ),
            (
                "[[watch]]\nname = \"a\"\nquery = \"x\"\n[[watch]]\nname = \"a\"\nquery = \"y\"\n",
                "config.toml:5: `watch[2].name`: \"a\" names another watch already",
            ),
            (
                "[[watch]]\nname = \"a\"\n",
                "config.toml:1: `watch[1]`: has no name or no query",
            ),
            (
                "[[watch]]\nname = \"a\"\nquery = 3\n",
                "config.toml:3: `watch[1].query`: should be a string",
            ),
            (
                "[[watch]]\nname = \"a\"\nquery = \"x\"\nnotify = true\n",
                "config.toml:4: `watch[1].notify`: is not a setting",
            ),
            (
                "watch = \"agents\"\n",
                "config.toml:1: `watch`: should be [[watch]] sections",
            ),
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
                problems[0].ends_with("(the watch is left out)"),
                "{}",
                problems[0]
            );
            assert!(config.watches.len() <= 1, "{text:?}");
        }
        // The query's mistake is pointed at, under the term.
        let (_, problems) = read("[[watch]]\nname = \"a\"\nquery = \"agent upvotes>lots\"\n");
        assert!(
            problems[0].contains("\n  agent upvotes>lots\n        ^^^^^^^^^^^^"),
            "{}",
            problems[0]
        );
        let (config, problems) = read("[watches]\nnotify_command = []\n");
        assert!(problems[0].contains("`watches.notify_command`: should be a command"));
        assert_eq!(config.notify_command, None);
        let (_, problems) = read("[watches]\nnotify_command = \"say 'open\"\n");
        assert!(problems[0].contains("does not split"), "{}", problems[0]);
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
