//! The config file (`config.toml`): which title leads, the keys, the colours, and where
//! `sync` gets digests. Every mistake in it is reported with the file, the line and the
//! setting, and only that setting falls back to its default (a source with a mistake is left
//! out), so a typo never keeps the reader from starting.

use std::fmt;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ratatui::style::{Color, Modifier, Style};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::error::Place;
use crate::file;
use crate::model::limits;
use crate::paper_view::Lead;
use crate::summaries;
use crate::sync::address;
use crate::tui::keymap::{Command, KeyPress, Keymap};
use crate::tui::theme::{Part, Theme};

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
}

impl Default for Config {
    fn default() -> Config {
        Config {
            lead: Lead::default(),
            cjk_terminal: false,
            read_after: Some(crate::tui::app::READ_AFTER),
            keymap: Keymap::default(),
            theme: Theme::default(),
            sync: SyncSettings::default(),
            summaries: None,
        }
    }
}

/// `read_after_seconds`: a number of seconds, or `false` for never.
#[derive(Deserialize)]
#[serde(untagged)]
enum ReadAfter {
    Seconds(f64),
    On(bool),
}

/// How `lunwen sync` gets digests: `[sync]`, `[sync.huggingface]` and `[[sources]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSettings {
    /// How long a server may take for a whole answer (and at most 10 s of it to connect).
    pub timeout: Duration,
    pub huggingface: HuggingFace,
    /// The `[[sources]]` without mistakes, in the file's order.
    pub sources: Vec<Source>,
    /// Whether the file names sources at all, even ones with mistakes: a sync then never
    /// turns to Hugging Face instead without being asked.
    pub sources_named: bool,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            timeout: Duration::from_secs(30),
            huggingface: HuggingFace::default(),
            sources: Vec::new(),
            sources_named: false,
        }
    }
}

/// How a day's digest is made from Hugging Face's Daily Papers, as the publishing pipeline
/// makes it (`[sync.huggingface]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HuggingFace {
    /// The most papers a day keeps; `None` keeps what the publisher keeps: every paper up to
    /// the last Super Lab or Frontier Lab one.
    pub max_papers: Option<usize>,
    /// Whether Saturdays and Sundays are made from Hugging Face too. The publisher makes no
    /// digest on them, so by default a weekend day has none and Hugging Face is not asked.
    pub weekends: bool,
    /// Organizations whose papers get `Super Lab` (+50).
    pub super_lab: Patterns,
    /// Organizations whose papers get `Frontier Lab` (+20) when they are no Super Lab.
    pub frontier_lab: Patterns,
    /// A Super Lab paper whose title matches one of these is a `Must Read`.
    pub keywords: Patterns,
}

// The publisher's lists as it has used them since 2026-02-19, written as it writes them:
// the unanchored patterns match inside words (`MIT` in "Smith College", `Tongyi` in
// "TongyiLab"), and a `\b` beside a Chinese character needs a character that is no letter
// there (`\b通义\b` does not match "阿里通义实验室"), as in the publisher's Python.
pub const SUPER_LAB: [&str; 13] = [
    r"\bOpenAI\b",
    r"\bAnthropic\b",
    "Google DeepMind|DeepMind",
    r"\bDeepSeek\b",
    r"\bQwen\b|\bTongyi\b|\b通义\b|\bTongyi Qianwen\b|\bTongyi Lab\b",
    r"\bMoonshot\b",
    r"\bMistral\b",
    r"\bMeta AI\b",
    r"01\.AI|零一万物|Zhipu",
    r"\bByteDance\b",
    r"\bxAI\b",
    r"\bMiniMax\b|\b海螺AI\b",
    r"\bStepFun\b|\b阶跃星辰\b",
];

pub const FRONTIER_LAB: [&str; 60] = [
    "DeepMind|Google",
    "Meta AI|FAIR|Facebook",
    "Anthropic",
    "NVIDIA",
    "Microsoft",
    "Alibaba",
    "Tencent",
    "DeepSeek",
    "Qwen",
    "Mistral",
    "Moonshot",
    r"01\.AI|Zhipu",
    "ByteDance",
    "Baichuan",
    "Stanford",
    "Berkeley",
    "MIT",
    "CMU",
    "OpenAI",
    "Tsinghua",
    "Peking University|北京大学",
    "Huawei",
    "Baidu",
    "SenseTime",
    r"\bBaichuan\b",
    "Alibaba|Tongyi|通义|Tongyi Qianwen|Tongyi Lab",
    r"\bMeituan\b|\b美团\b|\bLongCat\b|\blongcat\b|\bmeituan-longcat\b|LongCat Team|Meituan LongCat",
    r"\bAmazon\b|\bAWS\b",
    r"\bApple\b",
    r"\bIBM\b",
    r"\bAdobe\b",
    r"\biFlytek\b|\b科大讯飞\b",
    r"\bXiaomi\b|\b小米\b",
    r"\bMeituan\b|\b美团\b",
    r"\bBAAI\b|\b北京智源\b|\b北京人工智能研究院\b",
    r"\bShanghai AI Laboratory\b|\b上海人工智能实验室\b",
    r"\bPeng Cheng Laboratory\b|\b鹏城实验室\b",
    r"\bZhejiang Lab\b",
    r"\bHarvard\b|\b哈佛大学\b",
    r"\bPrinceton\b|\b普林斯顿大学\b",
    r"\bCaltech\b|\b加州理工\b",
    r"\bUCLA\b|\bUCSD\b|\bUC San Diego\b",
    r"\bNYU\b|\bNew York University\b|\b纽约大学\b",
    r"\bColumbia\b|\b哥伦比亚大学\b",
    r"\bUniversity of Washington\b|\bUW\b|\b华盛顿大学\b",
    r"\bUIUC\b|\bIllinois\b|\b伊利诺伊大学\b",
    r"\bGeorgia Tech\b|\b佐治亚理工\b",
    r"\bUniversity of Toronto\b|\b多伦多大学\b",
    r"\bMila\b|\bVector Institute\b",
    r"\bOxford\b|\b牛津大学\b",
    r"\bCambridge\b|\b剑桥大学\b",
    r"\bETH Zurich\b|\b苏黎世联邦理工\b",
    r"\bEPFL\b|\b洛桑联邦理工\b",
    r"\bZhejiang University\b|\b浙江大学\b",
    r"\bShanghai Jiao Tong\b|\bSJTU\b|\b上海交通大学\b",
    r"\bUSTC\b|\b中国科学技术大学\b|\b科大\b",
    r"\bFudan\b|\b复旦大学\b",
    r"\bAllen Institute for AI\b|\bAI2\b",
    r"\bHugging Face\b",
    r"\bTII\b|\bTechnology Innovation Institute\b",
];

pub const KEYWORDS: [&str; 16] = [
    "LLM",
    "Large Language Model",
    "Reasoning",
    "Chain of Thought",
    "Agent",
    "RAG",
    "Retrieval",
    "Efficient",
    "Quantization",
    "Post-training",
    "RLHF",
    "Alignment",
    "World Model",
    "Multimodal",
    "Vision",
    "Diffusion",
];

impl Default for HuggingFace {
    fn default() -> Self {
        let patterns = |texts: &[&str]| Patterns::known_good(texts);
        HuggingFace {
            max_papers: None,
            weekends: false,
            super_lab: patterns(&SUPER_LAB),
            frontier_lab: patterns(&FRONTIER_LAB),
            keywords: patterns(&KEYWORDS),
        }
    }
}

/// Regular expressions matched without regard to case, kept with the text they were written as.
/// They are compiled when first matched: a command that does not sync never pays for it.
///
/// They are searched for anywhere in the text, as the publisher's Python `re.search(pattern,
/// text, re.IGNORECASE)` does, and agree with it on Chinese text: a Chinese character is a
/// letter to both, so `\b` beside one needs a space or a sign there. They differ only where
/// rare characters stand beside a pattern: Python folds `İ` and `ı` with `i`, which the
/// `regex` crate does not; and Python's `\b` takes a combining mark, a joiner (U+200D) or a
/// connector such as `‿` for no letter, and a superscript or a fraction (`²`, `½`) for one,
/// where the crate does the opposite, so `\bOpenAI\b` matches "OpenAI²" here and not there.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    texts: Vec<String>,
    regexes: std::sync::OnceLock<Vec<Regex>>,
}

impl Patterns {
    /// Patterns known to compile (the defaults, which a test compiles).
    fn known_good(texts: &[&str]) -> Patterns {
        Patterns {
            texts: texts.iter().map(|t| t.to_string()).collect(),
            regexes: std::sync::OnceLock::new(),
        }
    }

    /// Compile each pattern; the error names the first that is not a regular expression.
    pub fn new(texts: &[impl AsRef<str>]) -> Result<Patterns, String> {
        let mut patterns = Patterns::default();
        let mut compiled = Vec::new();
        for text in texts {
            let text = text.as_ref();
            let regex = RegexBuilder::new(text)
                .case_insensitive(true)
                .build()
                .map_err(|err| {
                    // The syntax error's last line says what is wrong; the lines above draw it.
                    let message = err.to_string();
                    let why = message
                        .lines()
                        .rev()
                        .find(|line| !line.trim().is_empty())
                        .unwrap_or_default()
                        .trim()
                        .trim_start_matches("error: ")
                        .to_string();
                    format!("{text:?} is not a regular expression: {why}")
                })?;
            patterns.texts.push(text.to_string());
            compiled.push(regex);
        }
        let _ = patterns.regexes.set(compiled);
        Ok(patterns)
    }

    /// Whether any of the patterns matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let regexes = self.regexes.get_or_init(|| {
            self.texts
                .iter()
                .filter_map(|text| RegexBuilder::new(text).case_insensitive(true).build().ok())
                .collect()
        });
        regexes.iter().any(|regex| regex.is_match(text))
    }

    pub fn texts(&self) -> &[String] {
        &self.texts
    }
}

impl PartialEq for Patterns {
    fn eq(&self, other: &Patterns) -> bool {
        self.texts == other.texts
    }
}

impl Eq for Patterns {}

/// A place that publishes digests (`[[sources]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub location: SourceAt,
}

/// Where a source's digests are: `{date}` (or `{year}`, `{month}`, `{day}`) stands for the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceAt {
    /// Hugging Face's Daily Papers, made into digests (the source called `huggingface`).
    HuggingFace,
    /// A web address template: `https://example.org/digests/{date}.md`.
    Url(String),
    /// A file path template, relative to the config file's folder unless absolute.
    Folder(PathBuf),
}

/// The name of the source that is Hugging Face's Daily Papers.
pub const HUGGING_FACE: &str = "huggingface";

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
            fallback: Fallback::Default,
        });
    }

    /// A mistake that leaves a whole source out.
    fn source_problem(&mut self, at: Range<usize>, setting: &str, message: impl Into<String>) {
        self.problem(at, setting, message);
        if let Some(problem) = self.problems.last_mut() {
            problem.fallback = Fallback::LeftOut;
        }
    }

    /// A mistake that turns `[summaries]` off.
    fn summaries_problem(&mut self, at: Range<usize>, setting: &str, message: impl Into<String>) {
        self.problem(at, setting, message);
        if let Some(problem) = self.problems.last_mut() {
            problem.fallback = Fallback::SummariesOff;
        }
    }

    /// The last problem turns `[summaries]` off; always `false`, for `usable`.
    fn summaries_off(&mut self) -> bool {
        if let Some(problem) = self.problems.last_mut() {
            problem.fallback = Fallback::SummariesOff;
        }
        false
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
                "sync" => {
                    if let Some(table) = self.section(value, "sync") {
                        self.sync(table);
                    }
                }
                "sources" => self.sources(value),
                "summaries" => {
                    if let Some(table) = self.section(value, "summaries") {
                        self.summaries(table, value.span());
                    }
                }
                other => {
                    let message = "is not a setting: the sections are [reader], [keys], [theme], \
                                   [sync], [[sources]] and [summaries]";
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
                "read_after_seconds" => {
                    let what = "a number of seconds from 0 to 3600, or false for never";
                    match self.value::<ReadAfter>(value, &name, what) {
                        Some(ReadAfter::Seconds(seconds)) if (0.0..=3600.0).contains(&seconds) => {
                            self.config.read_after = Some(Duration::from_secs_f64(seconds));
                        }
                        Some(ReadAfter::On(false)) => self.config.read_after = None,
                        Some(ReadAfter::On(true)) => {
                            self.config.read_after = Some(crate::tui::app::READ_AFTER);
                        }
                        Some(ReadAfter::Seconds(_)) => {
                            self.problem(value.span(), &name, format!("should be {what}"));
                        }
                        None => {}
                    }
                }
                _ => self.problem(
                    key.span(),
                    &name,
                    "is not a setting: [reader] has lead_title, cjk_terminal and \
                     read_after_seconds",
                ),
            }
        }
    }

    fn sync(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = format!("sync.{}", key.get_ref());
            match key.get_ref().as_ref() {
                "timeout_seconds" => {
                    let what = "a number of seconds from 0.1 to 3600, such as 30";
                    let Some(seconds) = self.value::<f64>(value, &name, what) else {
                        continue;
                    };
                    if (0.1..=3600.0).contains(&seconds) {
                        self.config.sync.timeout = Duration::from_secs_f64(seconds);
                    } else {
                        self.problem(value.span(), &name, format!("should be {what}"));
                    }
                }
                "huggingface" => {
                    if let Some(table) = self.section(value, &name) {
                        self.huggingface(table);
                    }
                }
                _ => self.problem(
                    key.span(),
                    &name,
                    "is not a setting: [sync] has timeout_seconds, and [sync.huggingface]",
                ),
            }
        }
    }

    fn huggingface(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = format!("sync.huggingface.{}", key.get_ref());
            let field = key.get_ref().as_ref();
            match field {
                "max_papers" => {
                    let what = format!("a number of papers from 1 to {}", limits::PAPERS);
                    match self.value::<u64>(value, &name, &what) {
                        Some(n) if (1..=limits::PAPERS as u64).contains(&n) => {
                            self.config.sync.huggingface.max_papers = Some(n as usize);
                        }
                        Some(_) => self.problem(value.span(), &name, format!("should be {what}")),
                        None => {}
                    }
                }
                "weekends" => {
                    if let Some(on) = self.value::<bool>(value, &name, "true or false") {
                        self.config.sync.huggingface.weekends = on;
                    }
                }
                "super_lab" | "frontier_lab" | "keywords" => {
                    let what =
                        "a list of regular expressions, such as [\"Google\", \"\\\\bQwen\\\\b\"]";
                    let Some(texts) = self.value::<Vec<String>>(value, &name, what) else {
                        continue;
                    };
                    let compiled = match Patterns::new(&texts) {
                        Ok(compiled) => compiled,
                        Err(why) => {
                            self.problem(value.span(), &name, why);
                            continue;
                        }
                    };
                    let settings = &mut self.config.sync.huggingface;
                    match field {
                        "super_lab" => settings.super_lab = compiled,
                        "frontier_lab" => settings.frontier_lab = compiled,
                        _ => settings.keywords = compiled,
                    }
                }
                _ => self.problem(
                    key.span(),
                    &name,
                    "is not a setting: [sync.huggingface] has max_papers, weekends, super_lab, \
                     frontier_lab and keywords",
                ),
            }
        }
    }

    fn sources(&mut self, value: &Spanned<DeValue<'_>>) {
        let DeValue::Array(items) = value.get_ref() else {
            self.problem(
                value.span(),
                "sources",
                "should be [[sources]] sections, each with a name and a url or a folder",
            );
            return;
        };
        for (number, item) in items.iter().enumerate() {
            self.config.sync.sources_named = true;
            let setting = format!("sources[{}]", number + 1);
            let DeValue::Table(table) = item.get_ref() else {
                self.source_problem(
                    item.span(),
                    &setting,
                    "should be a [[sources]] section with a name and a url or a folder",
                );
                continue;
            };
            if let Some(source) = self.source(table, item.span(), &setting) {
                self.config.sync.sources.push(source);
            }
        }
    }

    /// One `[[sources]]` section, or `None` when it has a mistake (each one is named).
    fn source(&mut self, table: &DeTable<'_>, at: Range<usize>, setting: &str) -> Option<Source> {
        let mut name: Option<(String, Range<usize>)> = None;
        let mut location: Option<SourceAt> = None;
        let mut ok = true;
        for (key, value) in table {
            let key_name = format!("{setting}.{}", key.get_ref());
            let field = key.get_ref().as_ref();
            if !matches!(field, "name" | "url" | "folder") {
                self.source_problem(
                    key.span(),
                    &key_name,
                    "is not a setting: a source has a name, and a url or a folder",
                );
                ok = false;
                continue;
            }
            let Some(text) = self.value::<String>(value, &key_name, "a string") else {
                if let Some(problem) = self.problems.last_mut() {
                    problem.fallback = Fallback::LeftOut;
                }
                ok = false;
                continue;
            };
            let checked = match field {
                "name" => check_source_name(&text).map(|()| {
                    name = Some((text.clone(), value.span()));
                }),
                _ if location.is_some() => {
                    Err("is a second place: a source has a url or a folder, not both".to_string())
                }
                "url" => address::check_template(&text)
                    .and_then(|()| {
                        let example = chrono::NaiveDate::from_ymd_opt(2026, 2, 5)
                            .map(|day| address::fill(&text, day))
                            .unwrap_or_default();
                        address::check(&example)
                    })
                    .map(|_| location = Some(SourceAt::Url(text.clone()))),
                _ => address::check_template(&text).map(|()| {
                    location = Some(SourceAt::Folder(self.folder_template(&text)));
                }),
            };
            if let Err(why) = checked {
                self.source_problem(value.span(), &key_name, why);
                ok = false;
            }
        }
        let Some((name, name_at)) = name else {
            if ok {
                self.source_problem(at, setting, "has no name (name = \"lab\")");
            }
            return None;
        };
        let is_hugging_face = name == HUGGING_FACE;
        let location = match (location, is_hugging_face) {
            (None, true) => SourceAt::HuggingFace,
            (Some(_), true) => {
                let message = format!(
                    "{HUGGING_FACE:?} is the name of Hugging Face's Daily Papers, which need \
                     no url or folder: give this source another name"
                );
                self.source_problem(name_at, &format!("{setting}.name"), message);
                return None;
            }
            (Some(location), false) => location,
            (None, false) => {
                if ok {
                    self.source_problem(
                        at,
                        setting,
                        "has no url or folder: url = \"https://example.org/digests/{date}.md\"",
                    );
                }
                return None;
            }
        };
        if !ok {
            return None;
        }
        if self.config.sync.sources.iter().any(|s| s.name == name) {
            let message = format!("{name:?} names another source already");
            self.source_problem(name_at, &format!("{setting}.name"), message);
            return None;
        }
        Some(Source { name, location })
    }

    /// A folder template as a path: `~/` is the home folder, and a relative path starts in the
    /// config file's folder.
    fn folder_template(&self, text: &str) -> PathBuf {
        if let Some(rest) = text.strip_prefix("~/")
            && let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty())
        {
            return PathBuf::from(home).join(rest);
        }
        let path = Path::new(text);
        if path.is_absolute() {
            return path.to_path_buf();
        }
        self.file
            .parent()
            .map_or_else(|| path.to_path_buf(), |dir| dir.join(path))
    }

    /// `[summaries]`: on only with an endpoint and a model; a mistake in either leaves it off.
    fn summaries(&mut self, table: &DeTable<'_>, at: Range<usize>) {
        let mut settings = summaries::Settings::new("", "");
        let mut usable = true;
        for (key, value) in table {
            let name = format!("summaries.{}", key.get_ref());
            let seconds = |reader: &mut Self, most: f64| {
                let what = format!("a number of seconds from 1 to {most}, such as 120");
                let seconds = reader.value::<f64>(value, &name, &what)?;
                if (1.0..=most).contains(&seconds) {
                    Some(Duration::from_secs_f64(seconds))
                } else {
                    reader.problem(value.span(), &name, format!("should be {what}"));
                    None
                }
            };
            match key.get_ref().as_ref() {
                "endpoint" => {
                    let what = "a web address, such as \"https://api.deepseek.com\"";
                    match self.value::<String>(value, &name, what) {
                        Some(endpoint) => match address::check(&endpoint) {
                            Ok(_) => settings.endpoint = endpoint,
                            Err(why) => {
                                let message = format!("the address {why}");
                                self.summaries_problem(value.span(), &name, message);
                                usable = false;
                            }
                        },
                        None => usable = self.summaries_off(),
                    }
                }
                "model" => match self.value::<String>(value, &name, "a model's name") {
                    Some(model) if !model.trim().is_empty() && model.len() <= 200 => {
                        settings.model = model.trim().to_string();
                    }
                    Some(_) => {
                        self.summaries_problem(value.span(), &name, "should be a model's name");
                        usable = false;
                    }
                    None => usable = self.summaries_off(),
                },
                "api_key_env" => {
                    let what = "the name of an environment variable, such as \"DEEPSEEK_API_KEY\"";
                    match self.value::<String>(value, &name, what) {
                        Some(var)
                            if !var.is_empty()
                                && var.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
                        {
                            settings.api_key_env = Some(var);
                        }
                        Some(_) => {
                            let message = format!(
                                "should be {what} (the key itself goes in that variable, never \
                                 in this file)"
                            );
                            self.summaries_problem(value.span(), &name, message);
                            usable = false;
                        }
                        None => usable = self.summaries_off(),
                    }
                }
                "concurrency" => {
                    let what = "a number of requests at once from 1 to 32";
                    match self.value::<u64>(value, &name, what) {
                        Some(n) if (1..=32).contains(&n) => settings.concurrency = n as usize,
                        Some(_) => self.problem(value.span(), &name, format!("should be {what}")),
                        None => {}
                    }
                }
                "timeout_seconds" => {
                    if let Some(timeout) = seconds(self, 3600.0) {
                        settings.timeout = timeout;
                    }
                }
                "connect_timeout_seconds" => {
                    if let Some(timeout) = seconds(self, 600.0) {
                        settings.connect_timeout = timeout;
                    }
                }
                "temperature" => {
                    let what = "a number from 0 to 2, such as 0.3";
                    match self.value::<f64>(value, &name, what) {
                        Some(t) if (0.0..=2.0).contains(&t) => settings.temperature = t,
                        Some(_) => self.problem(value.span(), &name, format!("should be {what}")),
                        None => {}
                    }
                }
                "json_mode" => {
                    if let Some(on) = self.value(value, &name, "true or false") {
                        settings.json_mode = on;
                    }
                }
                "max_tokens" => {
                    let what = "a number of tokens from 100 to 100000, such as 1024";
                    match self.value::<u32>(value, &name, what) {
                        Some(n) if (100..=100_000).contains(&n) => settings.max_tokens = Some(n),
                        Some(_) => self.problem(value.span(), &name, format!("should be {what}")),
                        None => {}
                    }
                }
                "prompt_file" => {
                    let what = "the path of a prompt file";
                    if let Some(path) = self.value::<String>(value, &name, what) {
                        // Read when summaries run, so a prompt being written is read whole.
                        settings.prompt_file = Some(self.folder_template(&path));
                    }
                }
                _ => self.problem(
                    key.span(),
                    &name,
                    "is not a setting: [summaries] has endpoint, model, api_key_env, \
                     concurrency, timeout_seconds, connect_timeout_seconds, temperature, \
                     json_mode, max_tokens and prompt_file",
                ),
            }
        }
        for (missing, example) in [
            (
                settings.endpoint.is_empty(),
                "endpoint = \"https://api.deepseek.com\"",
            ),
            (settings.model.is_empty(), "model = \"deepseek-chat\""),
        ] {
            if missing && usable {
                self.summaries_problem(at.clone(), "summaries", format!("has no {example}"));
                usable = false;
            }
        }
        if usable {
            self.config.summaries = Some(settings);
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
    /// a key the file gives one command is taken from the command that had it by default. A
    /// setting that would leave quit or help without a key is a mistake too.
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
        let mut taken: Vec<_> = bound
            .into_iter()
            .zip(clashing)
            .filter(|(_, clash)| !clash)
            .map(|(binding, _)| binding)
            .collect();
        // A command that needs a key and is left without one is left so by its own setting,
        // when that gives it none, else by those that take the keys it has by default: those
        // settings are mistakes. The file binds each key once, so leaving them out gives it
        // its keys back.
        let defaults = Keymap::default();
        while let Some((needy, why)) = Command::ALL.into_iter().find_map(|command| {
            let why = command.needs_a_key()?;
            bind_all(&taken)
                .keys(command)
                .is_empty()
                .then_some((command, why))
        }) {
            let mut culprits: Vec<usize> = match taken.iter().position(|(c, ..)| *c == needy) {
                Some(own) => vec![own],
                None => (0..taken.len())
                    .filter(|&i| taken[i].1.iter().any(|k| defaults.keys(needy).contains(k)))
                    .collect(),
            };
            if culprits.is_empty() {
                break;
            }
            for &i in &culprits {
                let (command, keys, at) = &taken[i];
                let message = if *command == needy {
                    format!("leaves {} without a key, and {why}", needy.name())
                } else {
                    let lost: Vec<String> = keys
                        .iter()
                        .filter(|key| defaults.keys(needy).contains(key))
                        .map(ToString::to_string)
                        .collect();
                    format!(
                        "takes {}, which would leave `keys.{}` without a key, and {why}; give \
                         {} another key",
                        lost.join(" and "),
                        needy.name(),
                        needy.name()
                    )
                };
                let (at, setting) = (at.clone(), format!("keys.{}", command.name()));
                self.problem(at, &setting, message);
            }
            culprits.reverse();
            for i in culprits {
                taken.remove(i);
            }
        }
        self.config.keymap = bind_all(&taken);
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

/// The default keys with `bindings` made in turn.
fn bind_all(bindings: &[(Command, Vec<KeyPress>, Range<usize>)]) -> Keymap {
    let mut keymap = Keymap::default();
    for (command, keys, _) in bindings {
        keymap.bind(*command, keys.clone());
    }
    keymap
}

/// A source's name is typed after `--source` and shown on every line: a short word.
fn check_source_name(name: &str) -> Result<(), String> {
    let fine = !name.is_empty()
        && name.chars().count() <= 40
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if fine {
        Ok(())
    } else {
        Err(format!(
            "{} is not a source name: use letters, digits, '-', '_' and '.', at most 40",
            crate::error::quote(name)
        ))
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
        "# A paper is marked read once its detail has been on screen this many seconds;\n\
         # false leaves marking read to you (m).\n",
    );
    match config.read_after {
        Some(after) => writeln!(out, "read_after_seconds = {}", after.as_secs_f64()),
        None => writeln!(out, "read_after_seconds = false"),
    }
    .ok();

    out.push_str(
        "\n[keys]\n\
         # Each command's keys: a character (\"j\", \"G\", \"?\"), a name (Enter, Esc, Tab,\n\
         # Space, Backspace, Delete, Insert, Up, Down, Left, Right, Home, End, PageUp, PageDown,\n\
         # F1-F24), or Ctrl-/Alt- with one (\"Ctrl-c\"). [] leaves a command without keys,\n\
         # but quit and help always keep one. The keys that edit a search while it is typed\n\
         # are fixed.\n",
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

    let sync = &config.sync;
    out.push_str(
        "\n[sync]\n\
         # How long a server may take to send a whole answer, in seconds (connecting may take\n\
         # at most 10 of them). A day whose answer takes longer is reported as failed.\n",
    );
    let _ = writeln!(out, "timeout_seconds = {}", sync.timeout.as_secs_f64());
    out.push_str(
        "\n[sync.huggingface]\n\
         # How a day's digest is made from Hugging Face's Daily Papers, as the digest's own\n\
         # pipeline makes it: score = 5·ln(1+upvotes) + 6·ln(1+stars) + ln(1+comments), plus 50\n\
         # for a Super Lab or else 20 for a Frontier Lab, found by the organization's full name.\n\
         # The patterns are regular expressions, matched without regard to case.\n\
         # A day keeps its papers, the featured ones first, then by score, up to the last\n\
         # Super Lab or Frontier Lab one (or its first paper alone when none is one).\n\
         # At most this many, when set:\n",
    );
    let hf = &sync.huggingface;
    match hf.max_papers {
        Some(most) => {
            let _ = writeln!(out, "max_papers = {most}");
        }
        None => out.push_str("# max_papers = 12\n"),
    }
    out.push_str(
        "# Whether Saturdays and Sundays are made from Hugging Face too: the publisher makes no\n\
         # digest on them, so by default they have none and Hugging Face is not asked.\n",
    );
    let _ = writeln!(out, "weekends = {}", hf.weekends);
    for (name, comment, patterns) in [
        (
            "super_lab",
            "Organizations tagged Super Lab (+50).",
            &hf.super_lab,
        ),
        (
            "frontier_lab",
            "Organizations tagged Frontier Lab (+20), when they are no Super Lab.",
            &hf.frontier_lab,
        ),
        (
            "keywords",
            "A Super Lab paper whose title matches one of these is a Must Read (featured).",
            &hf.keywords,
        ),
    ] {
        let _ = writeln!(out, "# {comment}");
        let _ = writeln!(out, "{name} = [");
        for text in patterns.texts() {
            let _ = writeln!(out, "  {},", toml_string(text));
        }
        out.push_str("]\n");
    }
    out.push_str(
        "\n# Places that publish digests. With none, `lunwen sync` asks Hugging Face; with some,\n\
         # it asks them in this order for each day, and the first that has the day gives it.\n\
         # {date} stands for the day (2026-02-05); {year}, {month} and {day} for its parts.\n\
         # A source named \"huggingface\" with no url or folder is Hugging Face's Daily Papers.\n\
         # Web addresses must be https (http only to 127.0.0.1, [::1] or localhost).\n\
         #\n\
         # [[sources]]\n\
         # name = \"lab\"\n\
         # url = \"https://example.org/digests/{date}.md\"\n\
         #\n\
         # [[sources]]\n\
         # name = \"inbox\"\n\
         # folder = \"~/digests/{date}.json\"   # relative paths start at this file's folder\n",
    );
    out.push_str(&summaries_section());
    out
}

/// `[summaries]`, commented out: it is off until it names an endpoint and a model.
fn summaries_section() -> String {
    let defaults = summaries::Settings::new("", "");
    format!(
        "\n# Chinese made here: for each paper with no Chinese of its own, `lunwen sync` and\n\
         # `lunwen summarize` ask an OpenAI-compatible model for a Chinese title, summary,\n\
         # highlights and keywords (see the README for each provider). Off until endpoint and\n\
         # model are set. The key goes in the environment variable api_key_env names, never\n\
         # here; a local server (Ollama, vLLM, llama.cpp) needs none.\n\
         #\n\
         # [summaries]\n\
         # endpoint = \"https://api.deepseek.com\"   # requests go to {{endpoint}}/chat/completions\n\
         # model = \"deepseek-chat\"\n\
         # api_key_env = \"DEEPSEEK_API_KEY\"\n\
         # concurrency = {}                          # requests at once\n\
         # timeout_seconds = {}                    # for a whole answer\n\
         # connect_timeout_seconds = {}\n\
         # temperature = {}\n\
         # json_mode = {}    # false for servers that refuse response_format\n\
         # max_tokens = 1024    # the most the model may write for a paper (no limit by default)\n\
         # prompt_file = \"prompt.md\"   # a prompt of your own instead of lunwen's\n",
        defaults.concurrency,
        defaults.timeout.as_secs_f64(),
        defaults.connect_timeout.as_secs_f64(),
        defaults.temperature,
        defaults.json_mode,
    )
}

/// A string as TOML writes it: literal (`'\bQwen\b'`) when it can be, so patterns read as typed.
fn toml_string(text: &str) -> String {
    if !text.contains('\'') && !text.chars().any(char::is_control) {
        format!("'{text}'")
    } else {
        toml::Value::String(text.to_string()).to_string()
    }
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
        for texts in [&SUPER_LAB[..], &FRONTIER_LAB[..], &KEYWORDS[..]] {
            let patterns = Patterns::new(texts).unwrap();
            assert_eq!(patterns.texts().len(), texts.len());
        }
        let defaults = HuggingFace::default();
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
        let (config, problems) = read("[keys]\ndown = \"x\"\nquit = \"x\"\nhelp = \"h\"\n");
        assert_eq!(problems.len(), 1);
        let key = |k: &str| k.parse::<KeyPress>().unwrap();
        assert_eq!(config.keymap.command(key("j")), Some(Command::Down));
        assert_eq!(config.keymap.command(key("q")), Some(Command::Quit));
        assert_eq!(config.keymap.command(key("h")), Some(Command::Help));
        assert_eq!(config.keymap.command(key("x")), None);
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
            HuggingFace::default().frontier_lab
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
        let hf = HuggingFace::default();
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
            assert_eq!(config.sync.huggingface, HuggingFace::default(), "{text:?}");
            if fallback == Fallback::LeftOut {
                assert!(shown.ends_with("(the source is left out)"), "{shown}");
                assert!(config.sync.sources_named, "{text:?}");
            }
        }
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
