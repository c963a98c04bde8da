//! The user's notes: a Markdown file per paper in the notes folder (`notes/` of the data folder,
//! or the folder the config file names, such as an Obsidian or Logseq vault), with front matter
//! that lunwen keeps up to date and the user's text below it, which lunwen never touches.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;
use sha2::{Digest as _, Sha256};

use super::atomic;
use crate::error::{Error, Result};
use crate::model::{Paper, is_arxiv_id};

/// The folder notes are kept in, inside the data folder, unless the config file names another.
pub const FOLDER_NAME: &str = "notes";

/// A note's file name holds at most this many bytes before `.md`: well under the 255 that
/// file systems allow, so that a long link still makes a name.
const NAME_MOST_BYTES: usize = 120;

/// The fields of the front matter lunwen writes; any other the user adds is kept.
const FIELDS: [&str; 5] = ["title_zh", "title_en", "arxiv", "link", "labels"];
const DATE_FIELD: &str = "date";

/// The notes folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notes {
    folder: PathBuf,
}

/// What the front matter says of a paper.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct About {
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    pub arxiv_id: Option<String>,
    pub link: String,
    pub labels: Vec<String>,
    /// The first day the paper was listed on, when it is known.
    pub date: Option<NaiveDate>,
}

impl About {
    pub fn of(paper: &Paper, labels: Vec<String>, date: Option<NaiveDate>) -> About {
        let key = paper.key();
        About {
            title_zh: paper.title_zh.clone(),
            title_en: paper.title_en.clone(),
            arxiv_id: is_arxiv_id(&key).then_some(key),
            link: paper.url.clone(),
            labels,
            date,
        }
    }
}

impl Notes {
    /// The notes in `folder`, which need not exist yet.
    pub fn new(folder: impl Into<PathBuf>) -> Notes {
        Notes {
            folder: folder.into(),
        }
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The file of the note on the paper with `key`.
    pub fn path(&self, key: &str) -> PathBuf {
        self.folder.join(file_name(key))
    }

    /// The whole note on the paper with `key`, front matter and all; `None` when there is no
    /// note, or only front matter.
    pub fn read(&self, key: &str) -> Result<Option<String>> {
        let path = self.path(key);
        match read_note(&path)? {
            Some(text) if !body(&text).trim().is_empty() => Ok(Some(text)),
            _ => Ok(None),
        }
    }

    /// The user's text of every note there is, by paper key. A folder that is not there holds
    /// none; a file that cannot be read is left out, and named in the second list.
    pub fn all(&self) -> (HashMap<String, String>, Vec<String>) {
        let mut notes = HashMap::new();
        let mut unread = Vec::new();
        let entries = match fs::read_dir(&self.folder) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return (notes, unread),
            Err(err) => {
                unread.push(Error::io(&self.folder, err).to_string());
                return (notes, unread);
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(stem) = name.strip_suffix(".md").filter(|s| !s.starts_with('.')) else {
                continue;
            };
            // A name that is no paper's key is another file of the vault's, and is not read.
            let named = key_of_name(stem);
            if named.as_deref().is_some_and(|key| !is_paper_key(key, name)) {
                continue;
            }
            let text = match read_note(&path) {
                Ok(Some(text)) => text,
                Ok(None) => continue,
                Err(err) => {
                    unread.push(err.to_string());
                    continue;
                }
            };
            let text_body = body(&text).trim();
            if text_body.is_empty() {
                continue;
            }
            let key = named.or_else(|| key_in_front_matter(&text));
            if let Some(key) = key.filter(|key| is_paper_key(key, name)) {
                notes.insert(key, text_body.to_string());
            }
        }
        (notes, unread)
    }

    /// What changes when a note is written, added or taken away, by lunwen or by another
    /// program (a vault's editor): how many Markdown files the folder holds and the newest
    /// time one of them, or the folder, was changed. Only the files' metadata is read, so a
    /// reader can look every second.
    pub fn stamp(&self) -> (usize, Option<SystemTime>) {
        let Ok(entries) = fs::read_dir(&self.folder) else {
            return (0, None);
        };
        let folder = fs::metadata(&self.folder).and_then(|m| m.modified()).ok();
        entries
            .flatten()
            .filter(|entry| entry.file_name().to_string_lossy().ends_with(".md"))
            .fold((0, folder), |(count, newest), entry| {
                let changed = entry.metadata().and_then(|m| m.modified()).ok();
                (count + 1, newest.max(changed))
            })
    }

    /// Make the note on the paper ready to edit: its front matter written as the paper now
    /// stands, a new note made with front matter alone. The user's text is kept exactly.
    pub fn prepare(&self, key: &str, about: &About) -> Result<PathBuf> {
        let path = self.path(key);
        fs::create_dir_all(&self.folder).map_err(|err| Error::io(&self.folder, err))?;
        let old = read_note(&path)?;
        let new = with_front_matter(old.as_deref().unwrap_or_default(), about);
        if old.as_deref() != Some(new.as_str()) {
            atomic::write(&path, new.as_bytes()).map_err(|err| Error::io(&path, err))?;
        }
        Ok(path)
    }

    /// Write `labels` into the front matter of the note on the paper with `key`, when there
    /// is a note with front matter, so that a vault holding the folder sees the labels as they
    /// are now and not as they were when the note was last opened. The rest of the note is
    /// kept exactly. Whether the file changed.
    pub fn set_labels(&self, key: &str, labels: &[String]) -> Result<bool> {
        let path = self.path(key);
        let Some(old) = read_note(&path)? else {
            return Ok(false);
        };
        let Some(new) = with_labels(&old, labels) else {
            return Ok(false);
        };
        if new == old {
            return Ok(false);
        }
        atomic::write(&path, new.as_bytes()).map_err(|err| Error::io(&path, err))?;
        Ok(true)
    }

    /// Take away the note on the paper with `key` when it holds nothing but front matter, so
    /// that a note opened and left does not stay behind as an empty file. Whether a note is
    /// left.
    pub fn remove_if_empty(&self, key: &str) -> Result<bool> {
        let path = self.path(key);
        match read_note(&path)? {
            Some(text) if body(&text).trim().is_empty() => {
                fs::remove_file(&path).map_err(|err| Error::io(&path, err))?;
                Ok(false)
            }
            Some(_) => Ok(true),
            None => Ok(false),
        }
    }
}

/// The most a note may hold: more is not a note someone wrote.
const NOTE_MOST_BYTES: u64 = 4 * 1024 * 1024;

fn read_note(path: &Path) -> Result<Option<String>> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(Error::io(path, err)),
    };
    if !meta.is_file() {
        return Err(Error::Message(format!(
            "{}: is not a file, so it cannot be a note",
            path.display()
        )));
    }
    if meta.len() > NOTE_MOST_BYTES {
        return Err(Error::Message(format!(
            "{}: is larger than a note may be ({} MiB)",
            path.display(),
            NOTE_MOST_BYTES / 1024 / 1024
        )));
    }
    let bytes = fs::read(path).map_err(|err| Error::io(path, err))?;
    // A note saved by an editor in another encoding is still shown, its odd bytes replaced.
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// The file name of the note on the paper with `key`, safe on every platform and never a
/// path out of the folder: letters, digits, `-`, `_` and `.` (not first) as they are, every
/// other byte as `%XX`. An arXiv id is its own name (`2602.04634.md`); a name that would be
/// too long is cut and ends in `~` and a hash of the whole key.
pub fn file_name(key: &str) -> String {
    let mut name = String::new();
    for (at, byte) in key.bytes().enumerate() {
        let kept = byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_';
        if kept || (byte == b'.' && at > 0) {
            name.push(char::from(byte));
        } else {
            let _ = write!(name, "%{byte:02X}");
        }
    }
    if name.len() > NAME_MOST_BYTES {
        let hash = Sha256::digest(key.as_bytes());
        let hash: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
        let mut cut = NAME_MOST_BYTES - hash.len() - 1;
        // Never through a `%XX`.
        while name.as_bytes()[..cut]
            .iter()
            .rev()
            .take(2)
            .any(|&b| b == b'%')
        {
            cut -= 1;
        }
        name.truncate(cut);
        name.push('~');
        name.push_str(&hash);
    }
    name.push_str(".md");
    name
}

/// Whether `key` is a paper's (an arXiv id or a link) that lunwen names `name`.
fn is_paper_key(key: &str, name: &str) -> bool {
    (is_arxiv_id(key) || key.contains("://")) && file_name(key) == name
}

/// The key a note's file name stands for, when the name holds all of it.
fn key_of_name(stem: &str) -> Option<String> {
    if stem.contains('~') {
        return None;
    }
    let bytes = stem.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = stem.get(at + 1..at + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The key of a note whose file name was cut: the arXiv id, else the link, its front matter
/// gives.
fn key_in_front_matter(text: &str) -> Option<String> {
    let (front, _) = split(text)?;
    let field = |name: &str| {
        front.lines().find_map(|line| {
            let value = line.strip_prefix(name)?.strip_prefix(':')?.trim();
            serde_json::from_str::<String>(value).ok()
        })
    };
    field("arxiv").or_else(|| field("link"))
}

/// The front matter (without its `---` lines) and the text after it, when the note opens with
/// front matter.
fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" || bare == "..." {
            return Some((&rest[..at], &rest[at + line.len()..]));
        }
        at += line.len();
    }
    None
}

/// The user's text of a note: what follows its front matter.
pub fn body(text: &str) -> &str {
    match split(text) {
        Some((_, body)) => body,
        None => text,
    }
}

/// `text` with its front matter written as `about` says, fields the user added kept after
/// lunwen's, and the user's text after it exactly as it was. A new note's text is an empty
/// line, for the editor to start on.
pub fn with_front_matter(text: &str, about: &About) -> String {
    let (theirs, body) = match split(text) {
        Some((front, body)) => (other_fields(front), body),
        None if text.is_empty() => (String::new(), "\n"),
        None => (String::new(), text),
    };
    let quoted = |text: &str| serde_json::to_string(text).unwrap_or_default();
    let mut out = String::from("---\n");
    let mut field = |name: &str, value: String| {
        let _ = writeln!(out, "{name}: {value}");
    };
    if let Some(title) = &about.title_zh {
        field("title_zh", quoted(title));
    }
    if let Some(title) = &about.title_en {
        field("title_en", quoted(title));
    }
    if let Some(id) = &about.arxiv_id {
        field("arxiv", quoted(id));
    }
    field("link", quoted(&about.link));
    let labels: Vec<String> = about.labels.iter().map(|l| quoted(l)).collect();
    field("labels", format!("[{}]", labels.join(", ")));
    if let Some(date) = about.date {
        field(DATE_FIELD, date.format("%Y-%m-%d").to_string());
    }
    out.push_str(&theirs);
    out.push_str("---\n");
    out.push_str(body);
    out
}

/// `text` with its front matter's labels field (lines that continue it and all) written as
/// `labels`, every other line as it was; `None` when the note has no front matter.
fn with_labels(text: &str, labels: &[String]) -> Option<String> {
    let (front, body) = split(text)?;
    let quoted: Vec<String> = labels
        .iter()
        .map(|l| serde_json::to_string(l).unwrap_or_default())
        .collect();
    let field = format!("labels: [{}]\n", quoted.join(", "));
    let mut out = String::from("---\n");
    let mut written = false;
    let mut in_labels = false;
    for line in front.split_inclusive('\n') {
        let continues = line.starts_with([' ', '\t', '-']) || line.trim().is_empty();
        if !continues {
            in_labels = line.split(':').next().unwrap_or_default().trim() == "labels";
            if in_labels && !written {
                out.push_str(&field);
                written = true;
            }
        }
        if !in_labels {
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    if !written {
        out.push_str(&field);
    }
    out.push_str("---\n");
    out.push_str(body);
    Some(out)
}

/// The front matter's fields that are not lunwen's, each with the lines that continue it.
fn other_fields(front: &str) -> String {
    let mut out = String::new();
    let mut keep = true;
    for line in front.split_inclusive('\n') {
        let continues = line.starts_with([' ', '\t', '-']) || line.trim().is_empty();
        if !continues {
            let name = line.split(':').next().unwrap_or_default().trim();
            keep = !(FIELDS.contains(&name) || name == DATE_FIELD);
        }
        if keep {
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn about(labels: &[String]) -> About {
        About {
            title_zh: Some("宽度扩展".into()),
            title_en: Some("Width \"scaling\"".into()),
            arxiv_id: Some("2602.04634".into()),
            link: "https://arxiv.org/abs/2602.04634".into(),
            labels: labels.to_vec(),
            date: crate::model::parse_date("2026-02-05"),
        }
    }

    #[test]
    fn a_key_makes_a_name_inside_the_folder_and_back() {
        for key in [
            "2602.04634",
            "https://example.org/a/../../etc/passwd",
            "..",
            ".hidden",
            "C:\\Windows\\con",
            "hep-th/9901001",
            "论文 one",
        ] {
            let name = file_name(key);
            assert!(!name.contains(['/', '\\', ':']), "{name}");
            assert!(!name.starts_with('.'), "{name}");
            let stem = name.strip_suffix(".md").unwrap();
            assert_eq!(key_of_name(stem).as_deref(), Some(key), "{name}");
        }
        assert_eq!(file_name("2602.04634"), "2602.04634.md");
    }

    #[test]
    fn a_long_link_makes_a_short_name_of_its_own() {
        let long = format!("https://example.org/{}", "%a".repeat(300));
        let other = format!("{long}b");
        let (one, two) = (file_name(&long), file_name(&other));
        assert!(one.len() <= NAME_MOST_BYTES + 3, "{one}");
        assert_ne!(one, two);
        assert_eq!(key_of_name(one.strip_suffix(".md").unwrap()), None);
    }

    #[test]
    fn front_matter_is_rewritten_and_the_text_kept_exactly() {
        let labels = vec!["to read".to_string()];
        let first = with_front_matter("", &about(&labels));
        assert_eq!(
            first,
            "---\ntitle_zh: \"宽度扩展\"\ntitle_en: \"Width \\\"scaling\\\"\"\n\
             arxiv: \"2602.04634\"\nlink: \"https://arxiv.org/abs/2602.04634\"\n\
             labels: [\"to read\"]\ndate: 2026-02-05\n---\n\n"
        );
        let written = format!(
            "{}aliases:\n  - wide\n---\nMy text\n---\nstays.\n",
            first.strip_suffix("---\n\n").unwrap()
        );
        let again = with_front_matter(&written, &about(&[]));
        assert!(again.contains("labels: []\n"), "{again}");
        assert!(!again.contains("to read"), "{again}");
        assert!(again.contains("aliases:\n  - wide\n---\n"), "{again}");
        assert_eq!(body(&again), "My text\n---\nstays.\n");
        // Text without front matter keeps all of it below the new front matter.
        let plain = with_front_matter("# Mine\n", &about(&[]));
        assert_eq!(body(&plain), "# Mine\n");
    }

    #[test]
    fn the_stamp_changes_when_a_note_is_added_or_taken_away() {
        let dir = tempfile::tempdir().unwrap();
        let notes = Notes::new(dir.path().join("notes"));
        assert_eq!(notes.stamp(), (0, None));
        notes.prepare("2602.04634", &about(&[])).unwrap();
        let one = notes.stamp();
        assert_eq!(one.0, 1);
        notes.remove_if_empty("2602.04634").unwrap();
        assert_eq!(notes.stamp().0, 0);
    }

    #[test]
    fn labels_are_rewritten_alone_in_the_front_matter() {
        let text = "---\narxiv: \"2602.04634\"\nlabels:\n  - old\naliases: [wide]\n---\nMine\n";
        let labels = vec!["智能体".to_string()];
        assert_eq!(
            with_labels(text, &labels).unwrap(),
            "---\narxiv: \"2602.04634\"\nlabels: [\"智能体\"]\naliases: [wide]\n---\nMine\n"
        );
        assert_eq!(with_labels("# no front matter\n", &labels), None);
    }

    #[test]
    fn a_note_of_front_matter_alone_is_no_note() {
        let dir = tempfile::tempdir().unwrap();
        let notes = Notes::new(dir.path().join("notes"));
        assert_eq!(notes.all().0.len(), 0, "no folder, no notes");
        let path = notes.prepare("2602.04634", &about(&[])).unwrap();
        assert_eq!(notes.read("2602.04634").unwrap(), None);
        assert!(!notes.remove_if_empty("2602.04634").unwrap());
        assert!(!path.exists(), "a note left empty is taken away");
        notes.prepare("2602.04634", &about(&[])).unwrap();
        assert!(notes.all().0.is_empty());
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("{text}读后感\n")).unwrap();
        let (all, unread) = notes.all();
        assert!(unread.is_empty());
        assert_eq!(all.get("2602.04634").map(String::as_str), Some("读后感"));
        assert!(
            notes
                .read("2602.04634")
                .unwrap()
                .unwrap()
                .ends_with("读后感\n")
        );
        assert!(notes.remove_if_empty("2602.04634").unwrap());
        // Refreshing the front matter keeps the text.
        let labels = vec!["x".to_string()];
        notes.prepare("2602.04634", &about(&labels)).unwrap();
        assert!(
            fs::read_to_string(&path)
                .unwrap()
                .ends_with("\n---\n\n读后感\n")
        );
    }

    #[test]
    fn a_note_named_by_a_cut_name_is_found_by_its_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let notes = Notes::new(dir.path());
        let link = format!("https://example.org/{}", "x".repeat(200));
        let about = About {
            link: link.clone(),
            ..About::default()
        };
        let path = notes.prepare(&link, &about).unwrap();
        fs::write(&path, fs::read_to_string(&path).unwrap() + "text\n").unwrap();
        assert_eq!(notes.all().0.keys().collect::<Vec<_>>(), [&link]);
        // Another file of a vault is not a note of lunwen's.
        fs::write(dir.path().join("Ideas.md"), "my ideas\n").unwrap();
        assert_eq!(notes.all().0.len(), 1);
    }
}
