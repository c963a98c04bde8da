//! What the user puts on papers: marks (read, starred, queued, hidden), labels of their own,
//! notes, and a place in their Zotero library; each belongs to a paper's
//! [`key`](super::Paper::key). [`crate::storage::marks`] keeps them.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::text;

/// The longest label, in characters.
pub const LABEL_MOST_CHARS: usize = 64;

/// The marks on one paper. A paper never marked has every flag off and no times.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mark {
    pub read: bool,
    pub starred: bool,
    /// In the reading queue, apart from stars: to be read next.
    pub queued: bool,
    /// Not interested: left out of every view and list unless a query asks for `is:hidden`.
    pub hidden: bool,
    /// When the paper was last marked read or unread.
    pub read_at: Option<DateTime<Utc>>,
    /// When the paper was last starred or unstarred.
    pub starred_at: Option<DateTime<Utc>>,
    /// When the paper was last queued or taken out of the queue.
    pub queued_at: Option<DateTime<Utc>>,
    /// When the paper was last hidden or brought back.
    pub hidden_at: Option<DateTime<Utc>>,
}

impl Mark {
    /// Whether any flag is on.
    pub fn any(&self) -> bool {
        self.read || self.starred || self.queued || self.hidden
    }
}

/// Which mark a change is about: each is a flag a paper carries or not, with the time it was
/// last set or cleared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    Read,
    Starred,
    Queued,
    Hidden,
}

impl Flag {
    /// Whether `mark` carries the flag.
    pub fn of(self, mark: &Mark) -> bool {
        match self {
            Flag::Read => mark.read,
            Flag::Starred => mark.starred,
            Flag::Queued => mark.queued,
            Flag::Hidden => mark.hidden,
        }
    }

    /// Put the flag on `mark` or take it off, `at` that time.
    pub fn set(self, mark: &mut Mark, on: bool, at: DateTime<Utc>) {
        let (flag, when) = match self {
            Flag::Read => (&mut mark.read, &mut mark.read_at),
            Flag::Starred => (&mut mark.starred, &mut mark.starred_at),
            Flag::Queued => (&mut mark.queued, &mut mark.queued_at),
            Flag::Hidden => (&mut mark.hidden, &mut mark.hidden_at),
        };
        *flag = on;
        *when = Some(at);
    }
}

/// Everything the user has put on one paper, as a query tests it and a row shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OnPaper<'a> {
    pub mark: Mark,
    /// The user's labels on it, in the order of their names.
    pub labels: &'a [String],
    /// Whether the user wrote a note on it.
    pub note: bool,
    /// Whether it was in the user's Zotero library when that was last looked at.
    pub zotero: bool,
}

impl OnPaper<'_> {
    /// Whether it carries the label `folded` (see [`fold_label`]).
    pub fn has_label(&self, folded: &str) -> bool {
        self.labels.iter().any(|label| fold_label(label) == folded)
    }
}

/// Every marked paper's marks, labels, notes and place in Zotero, by paper key: what
/// filtering tens of thousands of papers by them looks in, read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkMap {
    marks: HashMap<String, Mark>,
    labels: HashMap<String, Vec<String>>,
    notes: HashSet<String>,
    zotero: HashSet<String>,
}

impl MarkMap {
    /// The marks on the paper with `key` (none when it was never marked).
    pub fn get(&self, key: &str) -> Mark {
        self.marks.get(key).copied().unwrap_or_default()
    }

    /// All the user put on the paper with `key`.
    pub fn on(&self, key: &str) -> OnPaper<'_> {
        OnPaper {
            mark: self.get(key),
            labels: self.labels.get(key).map_or(&[], Vec::as_slice),
            note: self.notes.contains(key),
            zotero: self.zotero.contains(key),
        }
    }

    /// How many papers carry a mark.
    pub fn len(&self) -> usize {
        self.marks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
            && self.labels.is_empty()
            && self.notes.is_empty()
            && self.zotero.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Mark)> {
        self.marks.iter().map(|(key, mark)| (key.as_str(), mark))
    }

    /// Put `mark` on the paper with `key`, as it now stands; a mark with no flag on is
    /// dropped.
    pub fn set(&mut self, key: &str, mark: Mark) {
        if mark.any() {
            self.marks.insert(key.to_string(), mark);
        } else {
            self.marks.remove(key);
        }
    }

    /// Give the paper with `key` these labels, as they now stand.
    pub fn set_labels(&mut self, key: &str, mut labels: Vec<String>) {
        if labels.is_empty() {
            self.labels.remove(key);
        } else {
            labels.sort_by_key(|label| fold_label(label));
            labels.dedup_by_key(|label| fold_label(label));
            self.labels.insert(key.to_string(), labels);
        }
    }

    /// Every label in use, each once, in the order of their names, with how many papers carry
    /// it.
    pub fn label_counts(&self) -> Vec<(String, usize)> {
        let mut counts: HashMap<String, (String, usize)> = HashMap::new();
        for label in self.labels.values().flatten() {
            counts
                .entry(fold_label(label))
                .or_insert_with(|| (label.clone(), 0))
                .1 += 1;
        }
        let mut counts: Vec<(String, (String, usize))> = counts.into_iter().collect();
        counts.sort();
        counts.into_iter().map(|(_, named)| named).collect()
    }

    /// Say which papers have a note (by key), as the notes folder now holds them.
    pub fn set_notes(&mut self, keys: HashSet<String>) {
        self.notes = keys;
    }

    /// Say whether the paper with `key` has a note.
    pub fn set_note(&mut self, key: &str, has: bool) {
        if has {
            self.notes.insert(key.to_string());
        } else {
            self.notes.remove(key);
        }
    }

    /// Say which papers are in the user's Zotero library (by key).
    pub fn set_zotero(&mut self, keys: HashSet<String>) {
        self.zotero = keys;
    }
}

impl FromIterator<(String, Mark)> for MarkMap {
    fn from_iter<I: IntoIterator<Item = (String, Mark)>>(iter: I) -> MarkMap {
        MarkMap {
            marks: iter.into_iter().collect(),
            ..MarkMap::default()
        }
    }
}

/// A label as a query compares it: the same label whatever its case.
pub fn fold_label(label: &str) -> String {
    label.trim().to_lowercase()
}

/// A label as typed, made fit to keep: trimmed, one line, no control characters, and not too
/// long. The error says what is wrong with it.
pub fn clean_label(typed: &str) -> Result<String> {
    let label = typed.trim();
    if label.is_empty() {
        return Err(Error::Message("a label needs a name".into()));
    }
    if label.chars().any(|c| c.is_control()) {
        return Err(Error::Message(format!(
            "the label {:?} holds a control character",
            text::sanitize_line(label)
        )));
    }
    if label.chars().count() > LABEL_MOST_CHARS {
        return Err(Error::Message(format!(
            "a label is at most {LABEL_MOST_CHARS} characters"
        )));
    }
    Ok(label.to_string())
}
