//! Reading a config file's TOML into the settings, each mistake named with its line and
//! setting while the rest of the file is still read.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::{Config, Fallback, Problem};
use crate::model::limits;
use crate::model::paper_view::Lead;
use crate::query::watch::Watch;
use crate::summaries;
use crate::sync::address;
use crate::sync::settings::{HUGGING_FACE, Patterns, Source, SourceAt};
use crate::text::Widths;
use crate::tui::keymap::{Command, KeyPress, Keymap};
use crate::tui::theme::Part;

/// Read `text` over `base`; `file` names it in problems.
pub(super) fn read(text: &str, file: &Path, base: Config) -> (Config, Vec<Problem>) {
    read_checking(text, file, base, true)
}

/// [`read`] of the preset, built in and read without a mistake (a test reads it with
/// [`read`]): its patterns are taken without being checked, which every command would
/// otherwise do.
pub(super) fn read_preset(text: &str, file: &Path, base: Config) -> (Config, Vec<Problem>) {
    read_checking(text, file, base, false)
}

fn read_checking(
    text: &str,
    file: &Path,
    base: Config,
    check_patterns: bool,
) -> (Config, Vec<Problem>) {
    let mut reader = Reader {
        text,
        file,
        problems: Vec::new(),
        config: base,
        bound: Vec::new(),
        check_patterns,
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

/// `read_after_seconds`: a number of seconds, or `false` for never.
#[derive(Deserialize)]
#[serde(untagged)]
enum ReadAfter {
    Seconds(f64),
    On(bool),
}

struct Reader<'a> {
    text: &'a str,
    file: &'a Path,
    problems: Vec<Problem>,
    config: Config,
    /// The keys the file binds: command, its keys, and where.
    bound: Vec<(Command, Vec<KeyPress>, Range<usize>)>,
    /// Whether each regular expression is checked as it is read.
    check_patterns: bool,
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

    /// A timeout: a number of seconds from 0.1 to `most`, or a problem naming the setting
    /// with an `example`.
    fn seconds(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        setting: &str,
        most: f64,
        example: &str,
    ) -> Option<Duration> {
        let what = format!("a number of seconds from 0.1 to {most}, such as {example}");
        let seconds = self.value::<f64>(value, setting, &what)?;
        if (0.1..=most).contains(&seconds) {
            Some(Duration::from_secs_f64(seconds))
        } else {
            self.problem(value.span(), setting, format!("should be {what}"));
            None
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
                "notes" => {
                    if let Some(table) = self.section(value, "notes") {
                        self.notes(table);
                    }
                }
                "summaries" => {
                    if let Some(table) = self.section(value, "summaries") {
                        self.summaries(table, value.span());
                    }
                }
                "zotero" => {
                    if let Some(table) = self.section(value, "zotero") {
                        self.zotero(table);
                    }
                }
                "watch" => self.watches(value),
                "watches" => {
                    if let Some(table) = self.section(value, "watches") {
                        self.watches_settings(table);
                    }
                }
                other => {
                    let message = "is not a setting: the sections are [reader], [notes], [keys], \
                                   [theme], [sync], [[sources]], [summaries], [zotero], [[watch]] \
                                   and [watches]";
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

    fn notes(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = format!("notes.{}", key.get_ref());
            match key.get_ref().as_ref() {
                "folder" => {
                    let what = "a folder, such as \"~/vault/papers\"";
                    match self.value::<String>(value, &name, what) {
                        Some(folder) if !folder.trim().is_empty() => {
                            self.config.notes_folder = Some(self.folder_template(&folder));
                        }
                        Some(_) => self.problem(value.span(), &name, format!("should be {what}")),
                        None => {}
                    }
                }
                _ => self.problem(key.span(), &name, "is not a setting: [notes] has folder"),
            }
        }
    }

    fn sync(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = format!("sync.{}", key.get_ref());
            match key.get_ref().as_ref() {
                "timeout_seconds" => {
                    if let Some(timeout) = self.seconds(value, &name, 3600.0, "30") {
                        self.config.sync.timeout = timeout;
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
                    let compiled = match if self.check_patterns {
                        Patterns::new(&texts)
                    } else {
                        Ok(Patterns::unchecked(&texts))
                    } {
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

    /// `[[watch]]` sections: each a name and a query that parses. A watch with a mistake is
    /// left out, and said with the term that does not parse.
    fn watches(&mut self, value: &Spanned<DeValue<'_>>) {
        let DeValue::Array(items) = value.get_ref() else {
            self.watch_problem(
                value.span(),
                "watch",
                "should be [[watch]] sections, each with a name and a query",
            );
            return;
        };
        for (number, item) in items.iter().enumerate() {
            let setting = format!("watch[{}]", number + 1);
            let DeValue::Table(table) = item.get_ref() else {
                self.watch_problem(
                    item.span(),
                    &setting,
                    "should be a [[watch]] section with a name and a query",
                );
                continue;
            };
            if let Some(watch) = self.watch(table, item.span(), &setting) {
                self.config.watches.push(watch);
            }
        }
    }

    /// A mistake that leaves a watch out.
    fn watch_problem(&mut self, at: Range<usize>, setting: &str, message: impl Into<String>) {
        self.problem(at, setting, message);
        if let Some(problem) = self.problems.last_mut() {
            problem.fallback = Fallback::WatchLeftOut;
        }
    }

    /// One `[[watch]]` section, or `None` when it has a mistake (each one is named).
    fn watch(&mut self, table: &DeTable<'_>, at: Range<usize>, setting: &str) -> Option<Watch> {
        let mut name: Option<(String, Range<usize>)> = None;
        let mut query: Option<(String, Range<usize>)> = None;
        let mut ok = true;
        for (key, value) in table {
            let key_name = format!("{setting}.{}", key.get_ref());
            let field = key.get_ref().as_ref();
            if !matches!(field, "name" | "query") {
                let message = "is not a setting: a watch has a name and a query";
                self.watch_problem(key.span(), &key_name, message);
                ok = false;
                continue;
            }
            let Some(text) = self.value::<String>(value, &key_name, "a string") else {
                if let Some(problem) = self.problems.last_mut() {
                    problem.fallback = Fallback::WatchLeftOut;
                }
                ok = false;
                continue;
            };
            match field {
                "name" => name = Some((text, value.span())),
                _ => query = Some((text, value.span())),
            }
        }
        if !ok {
            return None;
        }
        let (Some((name, name_at)), Some((query, query_at))) = (name, query) else {
            let message = "has no name or no query: name = \"agents\", query = \"agent OR 智能体\"";
            self.watch_problem(at, setting, message);
            return None;
        };
        let shown = crate::error::quote(&name);
        if name.trim().is_empty() || name.chars().any(char::is_control) {
            let message = format!("{shown} is not a watch name: give it a word or a few");
            self.watch_problem(name_at, &format!("{setting}.name"), message);
            return None;
        }
        if self.config.watches.iter().any(|w| w.name == name) {
            let message = format!("{shown} names another watch already");
            self.watch_problem(name_at, &format!("{setting}.name"), message);
            return None;
        }
        let watch = Watch { name, query };
        if let Err(err) = watch.parsed(chrono::Local::now().date_naive()) {
            let pointer = err
                .pointer(&watch.query, Widths::default())
                .replace('\n', "\n  ");
            let message = format!("the watch {shown}: in the query, {err}\n  {pointer}");
            self.watch_problem(query_at, &format!("{setting}.query"), message);
            return None;
        }
        Some(watch)
    }

    /// `[watches]`: what is run when a sync brings new papers into a watch.
    fn watches_settings(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = format!("watches.{}", key.get_ref());
            if key.get_ref() != "notify_command" {
                let message = "is not a setting: [watches] has notify_command";
                self.problem(key.span(), &name, message);
                continue;
            }
            let what = "a command: a list of words, such as [\"notify-send\", \"lunwen\"], or a \
                        string split into words as a shell splits them (no shell runs it)";
            let Some(command) = self.value::<OneOrMany>(value, &name, what) else {
                continue;
            };
            let words = match command {
                OneOrMany::Many(words) => Ok(words),
                OneOrMany::One(line) => shell_words::split(&line).map_err(|err| err.to_string()),
            };
            match words {
                Ok(words) if words.first().is_some_and(|w| !w.trim().is_empty()) => {
                    self.config.notify_command = Some(words);
                }
                Ok(_) => self.problem(value.span(), &name, format!("should be {what}")),
                Err(why) => self.problem(value.span(), &name, format!("does not split: {why}")),
            }
        }
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

    /// `[zotero]`: Zotero's address (on this machine, or https), the library read, and how
    /// long an answer may take.
    fn zotero(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = format!("zotero.{}", key.get_ref());
            match key.get_ref().as_ref() {
                "address" => {
                    let what = "a web address, such as \"http://127.0.0.1:23119\"";
                    let Some(address) = self.value::<String>(value, &name, what) else {
                        continue;
                    };
                    match crate::sync::address::check(&address) {
                        Ok(_) => self.config.zotero.address = address,
                        Err(why) => self.problem(value.span(), &name, format!("the address {why}")),
                    }
                }
                "library" => {
                    let what = "\"users/0\" (your own library) or \"groups/ID\"";
                    let Some(library) = self.value::<String>(value, &name, what) else {
                        continue;
                    };
                    let (kind, id) = library
                        .trim_matches('/')
                        .split_once('/')
                        .unwrap_or(("", ""));
                    if matches!(kind, "users" | "groups")
                        && !id.is_empty()
                        && id.bytes().all(|b| b.is_ascii_digit())
                    {
                        self.config.zotero.library = library.trim_matches('/').to_string();
                    } else {
                        self.problem(value.span(), &name, format!("should be {what}"));
                    }
                }
                "timeout_seconds" => {
                    if let Some(timeout) = self.seconds(value, &name, 30.0, "2.5") {
                        self.config.zotero.timeout = timeout;
                    }
                }
                _ => self.problem(
                    key.span(),
                    &name,
                    "is not a setting: [zotero] has address, library and timeout_seconds",
                ),
            }
        }
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
                    let Some(part) = Part::ALL.iter().copied().find(|p| p.name() == part_name)
                    else {
                        let message = format!(
                            "is not a part of the screen; the parts are {}, and [theme.tags]",
                            Part::ALL
                                .iter()
                                .map(|part| part.name())
                                .collect::<Vec<_>>()
                                .join(", ")
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
