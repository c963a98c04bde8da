//! The user's marks on papers, kept in `marks.sqlite` in the data folder: read, starred,
//! queued to read, hidden, the user's own labels, and which papers are in the user's Zotero
//! library as it was last seen.
//!
//! Unlike the index, this is the user's own data: nothing can make it again, so it lives
//! outside the cache and lunwen never rebuilds, replaces or removes it. Where it cannot be
//! written (a read-only folder), its marks are read as they are and none is saved. A mark
//! belongs to the paper's [`Paper::key`](crate::model::Paper::key) (its arXiv id without the
//! version, or its link when it has none), so a paper listed on several days carries it on all
//! of them, and deleting the cache or importing a day again leaves it be.
//!
//! Each mark is its own transaction, written ahead to a log (WAL) and flushed to the disk
//! before it is reported (`synchronous=FULL`): a process killed at any moment loses at most
//! the mark it was writing, and several processes (two readers, a script) can mark papers at
//! once, each waiting its turn.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OptionalExtension, params};

use super::sqlite;
use crate::error::{Error, Result};
pub use crate::model::marks::{Flag, Mark, MarkMap, OnPaper, clean_label, fold_label};
use crate::text;

/// The marks file's name in the data folder.
pub const FILE_NAME: &str = "marks.sqlite";

/// Says a SQLite file is lunwen's marks ("lunm").
const APPLICATION_ID: i64 = 0x6c75_6e6d;

/// The shape of the tables; a file of a newer version is refused rather than misread, and one
/// of an older version is brought up to this one (see [`UPGRADES`]) before it is used.
const VERSION: i64 = 2;

const KIND: sqlite::Kind = sqlite::Kind {
    application_id: APPLICATION_ID,
    version: VERSION,
    tables: TABLES,
    upgrades: UPGRADES,
};

/// How long a write waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The tables as the first version made them; [`UPGRADES`] brings them to this version.
const TABLES: &str = "
    CREATE TABLE marks (
        key TEXT PRIMARY KEY NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        read_at INTEGER,
        starred INTEGER NOT NULL DEFAULT 0,
        starred_at INTEGER
    ) WITHOUT ROWID;
    CREATE INDEX starred_papers ON marks (starred_at) WHERE starred = 1;
";

/// What brings a file of each version to the next: `UPGRADES[n]` takes version `n + 1` to
/// `n + 2`. A new file is made at version 1 and brought up the same way, so every file, old
/// or new, has the same tables. Each runs in the transaction that writes the new version: a
/// file is upgraded whole or not at all, and every mark in it is kept.
const UPGRADES: &[&str] = &["
    ALTER TABLE marks ADD COLUMN queued INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE marks ADD COLUMN queued_at INTEGER;
    ALTER TABLE marks ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE marks ADD COLUMN hidden_at INTEGER;
    CREATE INDEX queued_papers ON marks (queued_at) WHERE queued = 1;
    CREATE TABLE labels (
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        PRIMARY KEY (key, label)
    ) WITHOUT ROWID;
    CREATE TABLE in_zotero (
        key TEXT PRIMARY KEY NOT NULL,
        seen_at INTEGER NOT NULL
    ) WITHOUT ROWID;
"];

// Each version but the first has the step that makes it.
const _: () = assert!(UPGRADES.len() as i64 == VERSION - 1);

/// The marks file, open.
pub struct Marks {
    conn: Connection,
    path: PathBuf,
    /// SQLite's count of changes others made to the file, as it was last looked at.
    seen_version: Option<i64>,
    /// Why no mark can be saved, when the file or its folder cannot be written: the marks
    /// there are read all the same.
    unsaved: Option<String>,
}

/// Why the marks file could not be opened to be written.
enum NotWritten {
    /// The file or its folder cannot be written: it is read instead.
    CannotWrite(String),
    Failed(Error),
}

impl Marks {
    /// The marks file of a data folder.
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join(FILE_NAME)
    }

    /// Open the marks file of a data folder, making the folder and the file when they are not
    /// there yet. Where they cannot be written (a read-only folder, a full disk), the marks
    /// there are read all the same and [`Marks::unsaved`] says why no mark can be saved. A
    /// file that is not a marks file lunwen can read is an error that names it; it is never
    /// replaced, nor changed in any way.
    pub fn open(data_dir: &Path) -> Result<Marks> {
        if data_dir.exists() && !data_dir.is_dir() {
            return Err(Error::Message(format!(
                "the data folder {} is not a folder",
                shown(data_dir)
            )));
        }
        let path = Marks::path(data_dir);
        match Marks::open_to_write(data_dir, &path) {
            Ok(marks) => Ok(marks),
            Err(NotWritten::CannotWrite(why)) => Marks::open_to_read(path, why),
            Err(NotWritten::Failed(err)) => Err(err),
        }
    }

    fn open_to_write(data_dir: &Path, path: &Path) -> std::result::Result<Marks, NotWritten> {
        fs::create_dir_all(data_dir).map_err(|err| {
            NotWritten::CannotWrite(format!(
                "the data folder {} cannot be made: {err}",
                shown(data_dir)
            ))
        })?;
        let failed = |err: rusqlite::Error| {
            if sqlite::cannot_write(&err) {
                NotWritten::CannotWrite(cannot_be_written(path, &err))
            } else {
                NotWritten::Failed(marks_error(path, err))
            }
        };
        let mut conn = Connection::open(path).map_err(failed)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(failed)?;
        // Told apart before anything is written: another program's file is left as it was.
        let identity = sqlite::identity(&conn).map_err(failed)?;
        if let Err(err) = check(identity, path) {
            sqlite::leave_as_found(&conn);
            return Err(NotWritten::Failed(err));
        }
        // SQLite opens a file it cannot write read-only, without a word.
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(failed)? {
            let why = cannot_be_written(path, &"it is read-only");
            return Err(NotWritten::CannotWrite(why));
        }
        sqlite::write_ahead(&conn, BUSY_TIMEOUT).map_err(failed)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(failed)?;
        if identity.application_id != APPLICATION_ID || identity.user_version != VERSION {
            let check = |identity| check(identity, path).map_err(NotWritten::Failed);
            sqlite::make_once(&mut conn, &KIND, check, failed)?;
        }
        Ok(Marks {
            conn,
            path: path.to_path_buf(),
            seen_version: None,
            unsaved: None,
        })
    }

    /// The marks in a file that cannot be written, read as they are; none when there is no
    /// file.
    fn open_to_read(path: PathBuf, unsaved: String) -> Result<Marks> {
        let failed = |err: rusqlite::Error| marks_error(&path, err);
        let in_file = if path.exists() {
            let conn = sqlite::open_read_only(&path).map_err(failed)?;
            let identity = sqlite::identity(&conn).map_err(failed)?;
            check(identity, &path)?;
            match identity.user_version {
                _ if identity.is_empty() => None,
                VERSION => Some(conn),
                older => Some(sqlite::upgraded_copy(&conn, &KIND, older).map_err(failed)?),
            }
        } else {
            None
        };
        let conn = match in_file {
            Some(conn) => conn,
            None => {
                let mut conn = Connection::open_in_memory().map_err(failed)?;
                sqlite::make_once(&mut conn, &KIND, |_| Ok(()), failed)?;
                conn
            }
        };
        Ok(Marks {
            conn,
            path,
            seen_version: None,
            unsaved: Some(unsaved),
        })
    }

    /// Why no mark can be saved, when none can: the file or its folder cannot be written.
    pub fn unsaved(&self) -> Option<&str> {
        self.unsaved.as_deref()
    }

    /// An error saying why no mark can be saved, when none can.
    pub fn can_save(&self) -> Result<()> {
        match &self.unsaved {
            Some(why) => Err(Error::Message(format!("no mark can be saved: {why}"))),
            None => Ok(()),
        }
    }

    /// [`Marks::open`], for a data folder that is neither the cache folder nor inside it: the
    /// cache is there to be deleted, and the marks cannot be made again.
    pub fn open_apart(data_dir: &Path, cache_dir: &Path) -> Result<Marks> {
        let absolute = |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.into());
        if absolute(data_dir).starts_with(absolute(cache_dir)) {
            return Err(Error::Message(format!(
                "the data folder {} is in the cache folder {}: your marks cannot be made \
                 again, and the cache may be deleted; give them a folder of their own \
                 (--data-dir DIR or LUNWEN_DATA_DIR)",
                shown(data_dir),
                shown(cache_dir)
            )));
        }
        Marks::open(data_dir)
    }

    /// Whether another process (another reader, `lunwen star`) changed the marks since the
    /// last time this was asked; the first time, whether there are any to read.
    pub fn changed_elsewhere(&mut self) -> Result<bool> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|err| self.error(err))?;
        Ok(self.seen_version.replace(version) != Some(version))
    }

    /// The file the marks are kept in.
    pub fn file(&self) -> &Path {
        &self.path
    }

    /// Mark the paper with `key` read or unread. Returns whether that changed anything.
    /// The mark is on the disk when this returns.
    pub fn set_read(&self, key: &str, read: bool) -> Result<bool> {
        self.set_flag(key, Flag::Read, read)
    }

    /// Star or unstar the paper with `key`. Returns whether that changed anything. The mark
    /// is on the disk when this returns.
    pub fn set_starred(&self, key: &str, starred: bool) -> Result<bool> {
        self.set_flag(key, Flag::Starred, starred)
    }

    /// Put `flag` on the paper with `key` or take it off. Returns whether that changed
    /// anything. The mark is on the disk when this returns.
    pub fn set_flag(&self, key: &str, flag: Flag, on: bool) -> Result<bool> {
        self.set(key, column(flag), on).inspect_err(|err| {
            tracing::warn!("the {} mark of {key} was not saved: {err}", column(flag))
        })
    }

    /// Make several marks as one write to the disk, as a burst of keys asks for them: `work`
    /// sets them, and they are on the disk together when this returns, or none is. The
    /// error is the commit's: then `work`'s own answers do not hold.
    pub fn together<T>(&self, work: impl FnOnce(&Marks) -> T) -> Result<T> {
        self.can_save()?;
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|err| self.error(err))?;
        let done = work(self);
        match self.conn.execute_batch("COMMIT") {
            Ok(()) => Ok(done),
            Err(err) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                let err = self.error(err);
                tracing::warn!("marks asked for together were not saved: {err}");
                Err(err)
            }
        }
    }

    /// Make several marks as one write, all or none: when `work` fails, none of what it did
    /// is kept, and its error is the answer. Within [`Marks::together`] it is a part of that
    /// write that is kept or dropped whole.
    pub fn all_or_none<T>(&self, work: impl FnOnce(&Marks) -> Result<T>) -> Result<T> {
        self.can_save()?;
        let (begin, keep, drop) = if self.conn.is_autocommit() {
            ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
        } else {
            (
                "SAVEPOINT all_or_none",
                "RELEASE all_or_none",
                "ROLLBACK TO all_or_none; RELEASE all_or_none",
            )
        };
        self.conn
            .execute_batch(begin)
            .map_err(|err| self.error(err))?;
        let done = work(self).and_then(|done| {
            self.conn
                .execute_batch(keep)
                .map_err(|err| self.error(err))
                .map(|()| done)
        });
        if done.is_err() {
            let _ = self.conn.execute_batch(drop);
        }
        done
    }

    /// `flag` is a column name (see [`column`]), never user input.
    fn set(&self, key: &str, flag: &str, on: bool) -> Result<bool> {
        self.can_save()?;
        if key.is_empty() {
            return Err(Error::Message(
                "a paper without a key cannot be marked".into(),
            ));
        }
        let now = Utc::now().timestamp_millis();
        // The queue is in the order of the times queued: papers queued within a millisecond
        // (`lunwen queue A B`) keep the order they were queued in.
        let at = if flag == column(Flag::Queued) {
            "max(?2, (SELECT coalesce(max(queued_at), 0) + 1 FROM marks WHERE queued = 1))"
        } else {
            "?2"
        };
        let sql = if on {
            format!(
                "INSERT INTO marks (key, {flag}, {flag}_at) VALUES (?1, 1, {at}) \
                 ON CONFLICT (key) DO UPDATE SET {flag} = 1, {flag}_at = {at} WHERE {flag} = 0"
            )
        } else {
            format!("UPDATE marks SET {flag} = 0, {flag}_at = ?2 WHERE key = ?1 AND {flag} = 1")
        };
        let changed = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut statement| statement.execute(params![key, now]))
            .map_err(|err| self.error(err))?;
        Ok(changed > 0)
    }

    /// The marks on the paper with `key`.
    pub fn get(&self, key: &str) -> Result<Mark> {
        self.conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM marks WHERE key = ?1"))
            .and_then(|mut statement| {
                statement
                    .query_row(params![key], |row| mark_of(row, 1))
                    .optional()
            })
            .map(Option::unwrap_or_default)
            .map_err(|err| self.error(err))
    }

    /// Everything the user put on papers: every paper with a mark on, and every label. (Notes
    /// are files, and are added by [`crate::storage::notes`].)
    pub fn all(&self) -> Result<MarkMap> {
        let mut map: MarkMap = self
            .keyed(&format!("SELECT {COLUMNS} FROM marks WHERE {ANY}"))?
            .into_iter()
            .collect();
        for (key, labels) in self.labels_by_paper()? {
            map.set_labels(&key, labels);
        }
        map.set_zotero(self.in_zotero()?.into_iter().collect());
        Ok(map)
    }

    /// The starred papers' keys with their marks, the most recently starred first.
    pub fn starred(&self) -> Result<Vec<(String, Mark)>> {
        self.keyed(&format!(
            "SELECT {COLUMNS} FROM marks WHERE starred = 1 ORDER BY starred_at DESC, key"
        ))
    }

    /// The queued papers' keys with their marks, in the order they were queued: the first
    /// queued first. A hidden paper stays queued but is not listed, as no list shows it.
    pub fn queue(&self) -> Result<Vec<(String, Mark)>> {
        self.keyed(&format!(
            "SELECT {COLUMNS} FROM marks WHERE queued = 1 AND hidden = 0 ORDER BY queued_at, key"
        ))
    }

    /// The hidden papers' keys with their marks, the most recently hidden first.
    pub fn hidden(&self) -> Result<Vec<(String, Mark)>> {
        self.keyed(&format!(
            "SELECT {COLUMNS} FROM marks WHERE hidden = 1 ORDER BY hidden_at DESC, key"
        ))
    }

    /// How many papers are starred, hidden ones left out as the starred view leaves them out.
    pub fn starred_count(&self) -> Result<usize> {
        self.count("SELECT count(*) FROM marks WHERE starred = 1 AND hidden = 0")
    }

    /// How many papers are in the queue, hidden ones left out as the queue view leaves them out.
    pub fn queued_count(&self) -> Result<usize> {
        self.count("SELECT count(*) FROM marks WHERE queued = 1 AND hidden = 0")
    }

    fn count(&self, sql: &str) -> Result<usize> {
        self.conn
            .prepare_cached(sql)
            .and_then(|mut statement| statement.query_row([], |row| row.get::<_, i64>(0)))
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(|err| self.error(err))
    }

    /// Put the label on the paper with `key` (see [`clean_label`]); a label it carries
    /// already, in any case, is left as it is. Returns whether that changed anything.
    pub fn add_label(&self, key: &str, label: &str) -> Result<bool> {
        self.can_save()?;
        let label = clean_label(label)?;
        if key.is_empty() {
            return Err(Error::Message(
                "a paper without a key cannot be labelled".into(),
            ));
        }
        if self
            .labels(key)?
            .iter()
            .any(|had| fold_label(had) == fold_label(&label))
        {
            return Ok(false);
        }
        let now = Utc::now().timestamp_millis();
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO labels (key, label, added_at) VALUES (?1, ?2, ?3)",
            )
            .and_then(|mut statement| statement.execute(params![key, label, now]))
            .map(|changed| changed > 0)
            .map_err(|err| self.error(err))
    }

    /// Take the label, in any case, off the paper with `key`. Returns whether that changed
    /// anything.
    pub fn remove_label(&self, key: &str, label: &str) -> Result<bool> {
        self.can_save()?;
        let folded = fold_label(label);
        let mut changed = false;
        for had in self.labels(key)? {
            if fold_label(&had) == folded {
                changed |= self
                    .conn
                    .prepare_cached("DELETE FROM labels WHERE key = ?1 AND label = ?2")
                    .and_then(|mut statement| statement.execute(params![key, had]))
                    .map_err(|err| self.error(err))?
                    > 0;
            }
        }
        Ok(changed)
    }

    /// The labels on the paper with `key`, in the order of their names.
    pub fn labels(&self, key: &str) -> Result<Vec<String>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT label FROM labels WHERE key = ?1 ORDER BY label")
            .map_err(|err| self.error(err))?;
        let rows = statement
            .query_map(params![key], |row| row.get(0))
            .map_err(|err| self.error(err))?;
        rows.collect::<rusqlite::Result<Vec<String>>>()
            .map_err(|err| self.error(err))
    }

    /// Every labelled paper's labels, by key.
    fn labels_by_paper(&self) -> Result<HashMap<String, Vec<String>>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT key, label FROM labels ORDER BY key, label")
            .map_err(|err| self.error(err))?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(|err| self.error(err))?;
        let mut labels: HashMap<String, Vec<String>> = HashMap::new();
        for row in rows {
            let (key, label) = row.map_err(|err| self.error(err))?;
            labels.entry(key).or_default().push(label);
        }
        Ok(labels)
    }

    /// The keys of the papers in the user's Zotero library, as it was last looked at.
    pub fn in_zotero(&self) -> Result<Vec<String>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT key FROM in_zotero ORDER BY key")
            .map_err(|err| self.error(err))?;
        let rows = statement
            .query_map([], |row| row.get(0))
            .map_err(|err| self.error(err))?;
        rows.collect::<rusqlite::Result<Vec<String>>>()
            .map_err(|err| self.error(err))
    }

    /// Say which papers are in the user's Zotero library, as it now is: `keys` replace what
    /// was seen before, in one write.
    pub fn set_in_zotero(&self, keys: &[String]) -> Result<()> {
        self.can_save()?;
        let now = Utc::now().timestamp_millis();
        self.together(|marks| -> rusqlite::Result<()> {
            marks.conn.execute("DELETE FROM in_zotero", [])?;
            let mut insert = marks
                .conn
                .prepare_cached("INSERT OR IGNORE INTO in_zotero (key, seen_at) VALUES (?1, ?2)")?;
            for key in keys {
                insert.execute(params![key, now])?;
            }
            Ok(())
        })?
        .map_err(|err| self.error(err))
    }

    fn keyed(&self, sql: &str) -> Result<Vec<(String, Mark)>> {
        let mut statement = self
            .conn
            .prepare_cached(sql)
            .map_err(|err| self.error(err))?;
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, mark_of(row, 1)?)))
            .map_err(|err| self.error(err))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|err| self.error(err))
    }

    fn error(&self, err: rusqlite::Error) -> Error {
        marks_error(&self.path, err)
    }
}

/// Whether a file is lunwen's marks file (or one still empty, to be made so), told by its
/// application id before anything is written to it. Every lunwen has written the id in the
/// same transaction as the tables, so a file with tables and no id is another program's.
fn check(identity: sqlite::Identity, path: &Path) -> Result<()> {
    match (identity.application_id, identity.user_version) {
        (APPLICATION_ID, 1..=VERSION) => Ok(()),
        _ if identity.is_empty() => Ok(()),
        (APPLICATION_ID, newer) if newer > VERSION => Err(Error::Message(format!(
            "the marks file {} was written by a newer lunwen (version {newer} of the file; \
             this lunwen reads version {VERSION}): update lunwen to use it",
            shown(path)
        ))),
        _ => Err(Error::Message(format!(
            "{} is not a lunwen marks file but another program's, so lunwen leaves it as it \
             is: move it away, or keep your marks in another data folder (--data-dir DIR or \
             LUNWEN_DATA_DIR)",
            shown(path)
        ))),
    }
}

/// Why the marks file cannot be written, naming it.
fn cannot_be_written(path: &Path, said: &dyn std::fmt::Display) -> String {
    format!(
        "the marks file {} cannot be written: {}",
        shown(path),
        sqlite::why_not_written(path, said)
    )
}

/// The columns [`mark_of`] reads, the key first.
const COLUMNS: &str =
    "key, read, starred, queued, hidden, read_at, starred_at, queued_at, hidden_at";

/// A row with any mark on.
const ANY: &str = "read = 1 OR starred = 1 OR queued = 1 OR hidden = 1";

/// The mark in a row of [`COLUMNS`], read from column `at` on (after the key).
fn mark_of(row: &rusqlite::Row, at: usize) -> rusqlite::Result<Mark> {
    Ok(Mark {
        read: row.get(at)?,
        starred: row.get(at + 1)?,
        queued: row.get(at + 2)?,
        hidden: row.get(at + 3)?,
        read_at: time_of(row.get(at + 4)?),
        starred_at: time_of(row.get(at + 5)?),
        queued_at: time_of(row.get(at + 6)?),
        hidden_at: time_of(row.get(at + 7)?),
    })
}

/// The flag's column in the `marks` table (its time is in `{column}_at`).
fn column(flag: Flag) -> &'static str {
    match flag {
        Flag::Read => "read",
        Flag::Starred => "starred",
        Flag::Queued => "queued",
        Flag::Hidden => "hidden",
    }
}

fn time_of(millis: Option<i64>) -> Option<DateTime<Utc>> {
    millis.and_then(DateTime::from_timestamp_millis)
}

fn shown(path: &Path) -> String {
    text::sanitize_line(&path.display().to_string()).into_owned()
}

/// An error of the marks file, naming it; a damaged file gets what to do about it.
fn marks_error(path: &Path, err: rusqlite::Error) -> Error {
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            unreadable(path, &err.to_string())
        }
        _ => Error::Message(format!("the marks file {}: {err}", shown(path))),
    }
}

/// The marks file cannot be read. It holds the user's marks, so it is left as it is and the
/// user is told how to set it aside, with the files SQLite keeps beside it: a log left beside
/// a new file would be played into it.
fn unreadable(path: &Path, why: &str) -> Error {
    let file = shown(path);
    Error::Message(format!(
        "the marks file {file} cannot be read ({why}). It holds your marks and labels, \
         so lunwen leaves it as it is. To start again with no marks, move it aside together \
         with the files beside it whose names start with {FILE_NAME} (for example \
         `mv {file} {file}.broken`, and the same for {file}-wal and {file}-shm if they are \
         there); lunwen then makes a new one"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::config::DbConfig;

    #[test]
    fn marks_made_together_are_saved_together() {
        let dir = tempfile::tempdir().unwrap();
        let marks = Marks::open(dir.path()).unwrap();
        let saved = marks
            .together(|marks| {
                (
                    marks.set_starred("2602.00001", true),
                    marks.set_read("2602.00002", true),
                )
            })
            .unwrap();
        assert!(saved.0.unwrap() && saved.1.unwrap());
        drop(marks);
        let again = Marks::open(dir.path()).unwrap();
        assert!(again.get("2602.00001").unwrap().starred);
        assert!(again.get("2602.00002").unwrap().read);
    }

    #[test]
    fn marks_are_set_cleared_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let marks = Marks::open(dir.path()).unwrap();
        assert_eq!(marks.get("2602.04634").unwrap(), Mark::default());
        assert!(marks.set_read("2602.04634", true).unwrap());
        assert!(!marks.set_read("2602.04634", true).unwrap(), "already read");
        assert!(marks.set_starred("2602.04634", true).unwrap());
        assert!(marks.set_starred("2602.05222", true).unwrap());
        assert!(
            !marks.set_read("2602.09999", false).unwrap(),
            "an unmarked paper is already unread"
        );
        let mark = marks.get("2602.04634").unwrap();
        assert!(mark.read && mark.starred);
        assert!(mark.read_at.is_some() && mark.starred_at.is_some());

        drop(marks);
        let marks = Marks::open(dir.path()).unwrap();
        let all = marks.all().unwrap();
        assert_eq!(all.len(), 2);
        let flags = |key: &str| (all.get(key).read, all.get(key).starred);
        assert_eq!(flags("2602.04634"), (true, true));
        assert_eq!(flags("2602.05222"), (false, true));
        assert_eq!(flags("2602.09999"), (false, false));
        assert_eq!(marks.starred_count().unwrap(), 2);

        assert!(marks.set_starred("2602.04634", false).unwrap());
        assert!(marks.set_read("2602.04634", false).unwrap());
        let mark = marks.get("2602.04634").unwrap();
        assert!(!mark.read && !mark.starred);
        assert!(mark.read_at.is_some(), "when it was marked unread is kept");
        let starred: Vec<String> = marks
            .starred()
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(starred, ["2602.05222"]);
        assert_eq!(marks.all().unwrap().len(), 1);
        assert!(marks.set_read("", true).is_err());
    }

    #[test]
    fn marks_made_by_another_process_are_noticed_and_ones_own_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut reader = Marks::open(dir.path()).unwrap();
        let other = Marks::open(dir.path()).unwrap();
        assert!(
            reader.changed_elsewhere().unwrap(),
            "the first look reads them"
        );
        assert!(!reader.changed_elsewhere().unwrap());
        reader.set_starred("2602.04634", true).unwrap();
        assert!(
            !reader.changed_elsewhere().unwrap(),
            "its own mark is known"
        );
        other.set_read("2602.05222", true).unwrap();
        assert!(reader.changed_elsewhere().unwrap());
        assert!(!reader.changed_elsewhere().unwrap());
        let all = reader.all().unwrap();
        assert!(all.get("2602.05222").read && !all.get("2602.05222").starred);
    }

    /// A marks file as the first version of the file made it (`lunwen star 2602.04634`,
    /// `lunwen read 2602.04634 2602.05222`, `lunwen star 2602.05222`, `lunwen unstar
    /// 2602.05222`).
    const FIRST_VERSION: &[u8] = include_bytes!("../../tests/fixtures/marks-v1.sqlite");

    #[test]
    fn a_file_of_the_first_version_is_upgraded_with_every_mark_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = Marks::path(dir.path());
        fs::write(&path, FIRST_VERSION).unwrap();
        let marks = Marks::open(dir.path()).unwrap();
        let first = marks.get("2602.04634").unwrap();
        assert!(first.read && first.starred && !first.queued && !first.hidden);
        assert!(first.read_at.is_some() && first.starred_at.is_some());
        let second = marks.get("2602.05222").unwrap();
        assert!(second.read && !second.starred);
        assert!(second.starred_at.is_some(), "when it was unstarred is kept");
        assert_eq!(marks.all().unwrap().len(), 2);
        // The new marks are there to be used.
        assert!(marks.set_flag("2602.05222", Flag::Queued, true).unwrap());
        assert!(marks.add_label("2602.04634", "综述").unwrap());
        drop(marks);
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap();
        assert_eq!(version, VERSION);
        drop(conn);
        let marks = Marks::open(dir.path()).unwrap();
        assert!(marks.get("2602.05222").unwrap().queued);
        assert_eq!(marks.labels("2602.04634").unwrap(), ["综述"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_of_the_first_version_that_cannot_be_written_is_read_as_it_is() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = Marks::path(dir.path());
        fs::write(&path, FIRST_VERSION).unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let opened = Marks::open(dir.path());
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let marks = opened.unwrap();
        if marks.unsaved().is_none() {
            // Run as root, which may write anything: there is nothing to show.
            return;
        }
        let all = marks.all().unwrap();
        assert!(all.get("2602.04634").starred);
        assert!(all.get("2602.05222").read);
        assert_eq!(fs::read(&path).unwrap(), FIRST_VERSION, "left as it was");
    }

    #[test]
    fn labels_are_kept_once_whatever_their_case_and_queue_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let marks = Marks::open(dir.path()).unwrap();
        assert!(marks.add_label("a", "To Read").unwrap());
        assert!(
            !marks.add_label("a", " to read ").unwrap(),
            "the same label"
        );
        assert!(marks.add_label("a", "综述").unwrap());
        assert!(marks.add_label("b", "综述").unwrap());
        assert!(marks.add_label("a", "").is_err());
        assert!(marks.add_label("a", "bad\u{1b}[31m").is_err());
        assert!(
            marks
                .add_label("a", &"长".repeat(crate::model::marks::LABEL_MOST_CHARS + 1))
                .is_err()
        );
        assert_eq!(marks.labels("a").unwrap(), ["To Read", "综述"]);
        let all = marks.all().unwrap();
        assert_eq!(
            all.label_counts(),
            [("To Read".to_string(), 1), ("综述".to_string(), 2)]
        );
        assert!(all.on("a").has_label("to read"));
        assert!(marks.remove_label("a", "TO READ").unwrap());
        assert!(!marks.remove_label("a", "TO READ").unwrap());
        assert_eq!(marks.labels("a").unwrap(), ["综述"]);

        for key in ["c", "a", "b"] {
            marks.set_flag(key, Flag::Queued, true).unwrap();
            std::thread::sleep(Duration::from_millis(3));
        }
        marks.set_flag("a", Flag::Queued, false).unwrap();
        let queue: Vec<String> = marks.queue().unwrap().into_iter().map(|(k, _)| k).collect();
        assert_eq!(queue, ["c", "b"]);
        assert_eq!(marks.queued_count().unwrap(), 2);
        marks.set_flag("b", Flag::Hidden, true).unwrap();
        assert!(marks.all().unwrap().get("b").hidden);
        marks
            .set_in_zotero(&["b".to_string(), "z".to_string()])
            .unwrap();
        marks.set_in_zotero(&["z".to_string()]).unwrap();
        let all = marks.all().unwrap();
        assert!(all.on("z").zotero && !all.on("b").zotero);
    }

    #[test]
    fn papers_queued_within_a_millisecond_keep_the_order_they_were_queued_in() {
        let dir = tempfile::tempdir().unwrap();
        let marks = Marks::open(dir.path()).unwrap();
        let keys = ["2602.00009", "2602.00001", "2602.00005", "2602.00002"];
        marks
            .together(|marks| {
                for key in keys {
                    marks.set_flag(key, Flag::Queued, true).unwrap();
                }
            })
            .unwrap();
        let queue: Vec<String> = marks.queue().unwrap().into_iter().map(|(k, _)| k).collect();
        assert_eq!(queue, keys);
    }

    #[test]
    fn the_newest_star_comes_first() {
        let dir = tempfile::tempdir().unwrap();
        let marks = Marks::open(dir.path()).unwrap();
        for key in ["a", "b", "c"] {
            marks.set_starred(key, true).unwrap();
            std::thread::sleep(Duration::from_millis(3));
        }
        let starred: Vec<String> = marks
            .starred()
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(starred, ["c", "b", "a"]);
    }

    #[test]
    fn a_damaged_file_is_named_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = Marks::path(dir.path());
        let poem = b"this is not a database, it is a poem about one".repeat(100);
        fs::write(&path, &poem).unwrap();
        let err = Marks::open(dir.path()).err().unwrap().to_string();
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains("cannot be read"), "{err}");
        assert!(err.contains("move it aside"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), poem, "the file is untouched");
    }

    #[test]
    fn another_programs_database_or_a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = Marks::path(dir.path());
        let other = Connection::open(&path).unwrap();
        other
            .execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
        drop(other);
        let theirs = fs::read(&path).unwrap();
        let err = Marks::open(dir.path()).err().unwrap().to_string();
        assert!(err.contains("not a lunwen marks file"), "{err}");
        assert!(err.contains(&path.display().to_string()), "{err}");
        // Not switched to write-ahead mode, nor changed in any other way.
        assert_eq!(fs::read(&path).unwrap(), theirs);
        let beside: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(beside.len(), 1, "{beside:?}");

        let dir = tempfile::tempdir().unwrap();
        drop(Marks::open(dir.path()).unwrap());
        let conn = Connection::open(Marks::path(dir.path())).unwrap();
        conn.pragma_update(None, "user_version", 7).unwrap();
        drop(conn);
        let err = Marks::open(dir.path()).err().unwrap().to_string();
        assert!(err.contains("newer lunwen"), "{err}");
    }

    #[test]
    fn another_programs_file_in_write_ahead_mode_keeps_its_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = Marks::path(dir.path());
        let wal = dir.path().join("marks.sqlite-wal");
        // A program that stopped with its last change still in its log, not yet in its file.
        let other = Connection::open(&path).unwrap();
        sqlite::write_ahead(&other, Duration::ZERO).unwrap();
        other
            .execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
        other
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .unwrap();
        drop(other);
        let (file, log) = (fs::read(&path).unwrap(), fs::read(&wal).unwrap());
        assert!(!log.is_empty());
        let err = Marks::open(dir.path()).err().unwrap().to_string();
        assert!(err.contains("not a lunwen marks file"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), file, "the file is as it was");
        assert_eq!(fs::read(&wal).ok(), Some(log), "the log is as it was");
    }

    #[test]
    fn the_file_is_durable_and_shared() {
        let dir = tempfile::tempdir().unwrap();
        let marks = Marks::open(dir.path()).unwrap();
        let pragma = |name: &str| -> String {
            marks
                .conn
                .query_row(&format!("PRAGMA {name}"), [], |row| {
                    row.get::<_, rusqlite::types::Value>(0)
                })
                .map(|v| format!("{v:?}"))
                .unwrap()
        };
        assert_eq!(pragma("journal_mode"), "Text(\"wal\")");
        // 2 is FULL.
        assert_eq!(pragma("synchronous"), "Integer(2)");
        assert_eq!(pragma("busy_timeout"), "Integer(10000)");
    }
}
