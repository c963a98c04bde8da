//! Notes on papers in the reader: the text of each note as the notes folder holds it, for the
//! detail pane to show, and `e`, which hands the terminal to the user's editor on the selected
//! paper's note and takes it back.

mod update;

use std::collections::HashMap;

/// What the user asks of notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteInput {
    /// Edit the selected paper's note in the user's editor.
    Edit,
}

/// What came of reading and editing notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteOutcome {
    /// Every note's text by paper key, read when the reader starts; `unread` names the notes
    /// that could not be read.
    Read {
        texts: HashMap<String, String>,
        unread: Vec<String>,
    },
    /// The editor ended: the note's text as it now stands (`None` when it was left empty), or
    /// why it could not be edited.
    Edited {
        key: String,
        result: Result<Option<String>, String>,
    },
}

/// The text of every note, by paper key.
#[derive(Debug, Default)]
pub struct NoteTexts {
    texts: HashMap<String, String>,
    /// Counts the changes, so that a paper laid out with its note is laid out again.
    generation: u64,
}

impl NoteTexts {
    /// The user's text of the note on the paper with `key`.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.texts.get(key).map(String::as_str)
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    fn replace(&mut self, texts: HashMap<String, String>) {
        self.texts = texts;
        self.generation += 1;
    }

    fn set(&mut self, key: &str, text: Option<String>) {
        match text {
            Some(text) => self.texts.insert(key.to_string(), text),
            None => self.texts.remove(key),
        };
        self.generation += 1;
    }

    fn keys(&self) -> std::collections::HashSet<String> {
        self.texts.keys().cloned().collect()
    }
}
