//! How `lunwen sync` gets digests: the settings the config file's `[sync]`,
//! `[sync.huggingface]` and `[[sources]]` give it.

use std::path::PathBuf;
use std::time::Duration;

use regex::{Regex, RegexBuilder};

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
/// makes it (`[sync.huggingface]`). The publisher's lists are written once, in the preset
/// config file (`assets/config.toml`) that every config file is read over; the type's own
/// default has empty lists, which tag no paper.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// Check each pattern; the error names the first that is not a regular expression. They
    /// are compiled when first matched: most commands read the settings and never sync.
    pub fn new(texts: &[impl AsRef<str>]) -> Result<Patterns, String> {
        let mut patterns = Patterns::default();
        for text in texts {
            let text = text.as_ref();
            regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(text)
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
        }
        Ok(patterns)
    }

    /// Patterns known to be regular expressions (the preset's), taken as they are.
    pub fn unchecked(texts: &[impl AsRef<str>]) -> Patterns {
        Patterns {
            texts: texts.iter().map(|text| text.as_ref().to_string()).collect(),
            ..Patterns::default()
        }
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
