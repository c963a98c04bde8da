//! The notes folder as the reader uses it: every note read when the reader starts, and a note
//! made ready for the editor and read back when the editor ends.

use std::path::Path;

use crate::storage::notes::{About, Notes};
use crate::tui::action::{Action, NoteOutcome, Outcome};

/// Every note's text, for the reader to show; nothing without a notes folder.
pub fn read_notes(notes: Option<&Notes>) -> Option<Action> {
    let (texts, unread) = notes?.all();
    Some(Outcome::Note(NoteOutcome::Read { texts, unread }).into())
}

/// Edit the note on the paper with `key`: its front matter written from `about`, the editor
/// run on it by `run` (which hands it the terminal), and what it left read back; a note left
/// empty is taken away.
pub fn edit_note(
    notes: Option<&Notes>,
    key: &str,
    about: &About,
    run: impl FnOnce(&Path) -> Result<(), String>,
) -> Action {
    let result = match notes {
        Some(notes) => edit(notes, key, about, run),
        None => Err("no note can be written without a data folder".to_string()),
    };
    Outcome::Note(NoteOutcome::Edited {
        key: key.to_string(),
        result,
    })
    .into()
}

fn edit(
    notes: &Notes,
    key: &str,
    about: &About,
    run: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<Option<String>, String> {
    let path = notes.prepare(key, about).map_err(|err| err.to_string())?;
    let edited = run(&path);
    // Whatever the editor did, the note is read as it was left.
    let kept = notes.remove_if_empty(key).map_err(|err| err.to_string())?;
    edited?;
    if !kept {
        return Ok(None);
    }
    let text = notes.read(key).map_err(|err| err.to_string())?;
    Ok(text.map(|text| crate::storage::notes::body(&text).trim().to_string()))
}
