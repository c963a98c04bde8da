//! The index: every cached paper in one SQLite file beside the digests, for work across days
//! (the all-days view, queries, `show`, `dates`). It is derived data: the digest files stay
//! the record, and the index is brought up to date with them whenever it is opened — a day
//! whose file was added, changed or removed, even by hand, is read again, and an index that
//! is missing, from another version or corrupt is rebuilt. Deleting it loses nothing. Where it
//! cannot be written, or another program's file is in its place, commands that only read make
//! one in memory from the digests. The built-in sample has an index of its own, in memory and
//! read-only, so that whatever asks an index cannot tell the sample from a cache.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::formats::json;
use crate::model::tags;
use crate::model::{self, Appearance, Digest, Paper};
use crate::query::filter::search_text;
use crate::query::listing::{Fields, Listing};
use crate::query::order::Order;
use crate::query::{Query, sql};
use crate::storage::marks::MarkMap;
use crate::storage::store::{Saved, Store};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};

/// Changes whenever the tables change shape; an index of another version is rebuilt.
const SCHEMA: &str = "lunwen index 14";

/// What every version of lunwen's index has called itself in its `meta` table.
const SCHEMA_FAMILY: &str = "lunwen index ";

/// Says a SQLite file is lunwen's index ("luni"). Indexes made before it was written have
/// none; they are told by their `meta` table.
const APPLICATION_ID: i64 = 0x6c75_6e69;

/// The index of a cache.
pub struct Index {
    conn: Connection,
    store: Store,
    /// The batch under way, when one is open.
    batch: Option<Batch>,
    kept: Kept,
}

/// Where an index is kept.
enum Kept {
    /// In its file beside the digests.
    File,
    /// In memory, made from the digests, because its file cannot be used: why.
    Memory(String),
    /// In memory, made once from days that never change (the built-in sample): nothing to
    /// catch up with, and nothing to write.
    Fixed,
}

/// What is in the index's place, as far as lunwen may use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// Nothing yet: a file just made, or left empty.
    New,
    /// An index of this version; `marked` when it carries lunwen's application id.
    Current { marked: bool },
}

/// How much of the cache the index looks at as it opens, to be sure that it answers as the
/// digest files read now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// Every day's file: for answers that come from every day (`dates --all`, a list of every
    /// day, the reader's all-days view).
    EveryDay,
    /// The digests folder alone, which changes whenever a day is added, removed or renamed
    /// into place; every day's file only when it did. A day rewritten in place leaves the
    /// folder as it was: an answer from a few days looks at their files with
    /// [`Index::check_days`].
    Folder,
}

/// How long before the index looked at every day the digests folder must have last changed
/// for its stamp to be trusted: a change within the same tick of the file system's clock
/// leaves the stamp as it was (the clock of file times moves in steps of a few milliseconds;
/// some file systems keep whole seconds, FAT two).
pub(crate) const SETTLED: std::time::Duration = std::time::Duration::from_secs(3);
const SETTLED_NS: i64 = SETTLED.as_nanos() as i64;

/// Days indexed together on a thread of their own (see [`Index::begin_batch`]).
struct Batch {
    days: std::sync::mpsc::Sender<(Digest, Stamp)>,
    thread: std::thread::JoinHandle<rusqlite::Result<()>>,
}

/// How many days a batch commits at a time.
const BATCH_DAYS: usize = 200;

/// Which papers to select, and how: those of the days from `from` to `to` (both included)
/// that pass `query`, in `order`, at most `limit` of them.
#[derive(Clone, Copy)]
pub struct Select<'a> {
    pub query: &'a Query,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub order: Order,
    pub limit: Option<usize>,
}

/// What [`Index::count`] finds: papers, and how many of them are unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counted {
    pub papers: usize,
    pub unread: usize,
}

/// One listing of a paper, as the numbers of the trend board and `lunwen stats` need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub date: NaiveDate,
    /// The paper's [`Paper::key`].
    pub key: String,
    pub arxiv_id: Option<String>,
    /// The English title, else the Chinese one, else the link.
    pub title: String,
    pub organization: Option<String>,
    pub upvotes: Option<u64>,
    pub stars: Option<u64>,
    /// The paper's upvotes and stars on the day it was last listed before this one, if any.
    pub upvotes_before: Option<u64>,
    pub stars_before: Option<u64>,
    /// Folded, a line each (see [`crate::query::listing::folded_keywords`]).
    pub keywords: String,
    pub tags: Vec<String>,
}

/// A cached day as the index knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub papers: usize,
    /// Why the day's file does not read, when it does not.
    pub error: Option<String>,
}

/// What the file of a day looked like when it was indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: i64,
    modified_ns: i64,
    /// When the file's inode last changed: a write moves it even when the modification
    /// time is set back (`touch -r`, `cp -p`, `rsync -t`).
    changed_ns: i64,
    inode: i64,
}

impl Stamp {
    /// The stamp a row of the `days` table holds, its size in the column `first` and the
    /// rest after it.
    fn at(row: &rusqlite::Row, first: usize) -> rusqlite::Result<Stamp> {
        Ok(Stamp {
            size: row.get(first)?,
            modified_ns: row.get(first + 1)?,
            changed_ns: row.get(first + 2)?,
            inode: row.get(first + 3)?,
        })
    }
}

impl Index {
    /// The index file of a cache.
    pub fn path(store: &Store) -> PathBuf {
        store.cache_dir().join("index.sqlite")
    }

    /// Open the cache's index and bring it up to date with the digest files: every day's
    /// file is looked at.
    pub fn open(store: &Store) -> Result<Index> {
        Index::open_looking(store, Look::EveryDay)
    }

    /// Open the cache's index, looking at as much of the cache as `look` says.
    pub fn open_looking(store: &Store, look: Look) -> Result<Index> {
        store.prepare()?;
        let path = Index::path(store);
        if !path.exists() {
            build_from_nothing(store, &path);
        }
        // Not an index this version can use (damaged, or from another version): it is only
        // derived data, so it is made again from the digests. Any other failure (a lock held
        // too long, a folder that cannot be written) is said as it is: another lunwen may be
        // using the index.
        let mut index = again_if_damaged(
            &mut (),
            |_| Index::connect(&path, store),
            // One of another version is still there, closed now.
            |_, why| {
                tracing::warn!("the index is made again from the digests: {why}");
                remove_index_files(&path);
                Ok(())
            },
        )?;
        match look {
            Look::EveryDay => index.catch_up()?,
            Look::Folder => index.catch_up_with_folder()?,
        }
        Ok(index)
    }

    /// [`Index::open`], or, where the cache's index cannot be used (a read-only or full cache,
    /// another program's file in its place), an index in memory made from the digests, which
    /// says why in [`Index::in_memory`]: for commands that only read, which then work all the
    /// same.
    pub fn open_anyway(store: &Store) -> Result<Index> {
        Index::open_anyway_looking(store, Look::EveryDay)
    }

    /// [`Index::open_anyway`], looking at as much of the cache as `look` says (an index made
    /// in memory reads every day all the same).
    pub fn open_anyway_looking(store: &Store, look: Look) -> Result<Index> {
        Index::open_looking(store, look).or_else(|err| {
            let why = format!("{err}; the digests are read instead");
            Index::made_in_memory(store, why).map_err(|_| err)
        })
    }

    fn made_in_memory(store: &Store, why: String) -> Result<Index> {
        tracing::warn!("the index is made in memory: {why}");
        let mut index = Index::empty_in_memory(store, Kept::Memory(why))?;
        index.catch_up()?;
        Ok(index)
    }

    /// An index in memory of `days`, which never change (the built-in sample): it answers as
    /// the index of a cache holding only them, and writes nothing. `store` is the cache they
    /// stand in for.
    pub fn of_fixed_days(store: &Store, days: &[Digest]) -> Result<Index> {
        let index = Index::empty_in_memory(store, Kept::Fixed)?;
        let unchanging = Stamp {
            size: 0,
            modified_ns: 0,
            changed_ns: 0,
            inode: 0,
        };
        for digest in days {
            put_day(&index.conn, digest.date, unchanging, Ok(digest.clone()))
                .map_err(|err| index.error(err))?;
        }
        Ok(index)
    }

    fn empty_in_memory(store: &Store, kept: Kept) -> Result<Index> {
        let failed = |err: rusqlite::Error| index_error(None, err);
        let conn = Connection::open_in_memory().map_err(failed)?;
        sql::register_functions(&conn).map_err(failed)?;
        make_tables(&conn).map_err(failed)?;
        Ok(Index {
            conn,
            store: store.clone(),
            batch: None,
            kept,
        })
    }

    /// Why the index is in memory, made from the digests, rather than read from its file;
    /// `None` when it is in its file, or of days that are not the cache's.
    pub fn in_memory(&self) -> Option<&str> {
        match &self.kept {
            Kept::Memory(why) => Some(why),
            Kept::File | Kept::Fixed => None,
        }
    }

    fn connect(path: &Path, store: &Store) -> Result<Index> {
        let failed = |err: rusqlite::Error| index_error(Some(path), err);
        let mut conn = Connection::open(path).map_err(failed)?;
        conn.busy_timeout(BUSY_WAIT).map_err(failed)?;
        sql::register_functions(&conn).map_err(failed)?;
        // Told apart before anything is written: another program's file is left as it was.
        let found =
            found_at(&conn, path).inspect_err(|_| crate::storage::sqlite::leave_as_found(&conn))?;
        crate::storage::sqlite::write_ahead(&conn, BUSY_WAIT).map_err(failed)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(failed)?;
        // Reads go through the whole of a table or straight to a row, so a small cache of
        // pages serves as well as a large one, and the reader keeps less memory.
        conn.pragma_update(None, "cache_size", -256)
            .map_err(failed)?;
        if found != (Found::Current { marked: true }) {
            // A new file, or one an earlier lunwen made. Settled under the write lock, after a
            // second look: another lunwen opening the index at the same moment makes the
            // tables only once.
            let transaction = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(failed)?;
            match found_at(&transaction, path)? {
                Found::Current { marked: true } => {}
                Found::Current { marked: false } => transaction
                    .pragma_update(None, "application_id", APPLICATION_ID)
                    .map_err(failed)?,
                Found::New => make_tables(&transaction).map_err(failed)?,
            }
            transaction.commit().map_err(failed)?;
        }
        Ok(Index {
            conn,
            store: store.clone(),
            batch: None,
            kept: Kept::File,
        })
    }

    /// Where the index is kept: its file, or `None` in memory.
    fn file(&self) -> Option<PathBuf> {
        matches!(self.kept, Kept::File).then(|| Index::path(&self.store))
    }

    /// Read again every day whose file was added, changed or removed since it was indexed.
    pub fn catch_up(&mut self) -> Result<()> {
        if let Kept::Fixed = self.kept {
            return Ok(());
        }
        // Taken before the folder is read: a day added while it is read changes the folder
        // after this, and is looked for next time.
        let folder = self.folder_now();
        let on_disk = stamps_on_disk(&self.store)?;
        let file = self.file();
        let failed = |err| index_error(file.as_deref(), err);
        let changes = Changes::between(&on_disk, &indexed_stamps(&self.conn).map_err(failed)?);
        if !changes.is_empty() {
            self.apply(|transaction| {
                Ok(Changes::between(&on_disk, &indexed_stamps(transaction)?))
            })?;
        }
        self.keep_folder(folder);
        Ok(())
    }

    /// [`Index::catch_up`] only when the digests folder changed since every day was last
    /// looked at (see [`Look::Folder`]).
    pub fn catch_up_with_folder(&mut self) -> Result<()> {
        if matches!(self.kept, Kept::File) && self.folder_unchanged() {
            return Ok(());
        }
        self.catch_up()
    }

    /// Read again those of `dates` whose files were added, changed or removed since they were
    /// indexed: the days an answer comes from, after [`Look::Folder`]. Says whether any was.
    pub fn check_days(&mut self, dates: &[NaiveDate]) -> Result<bool> {
        if let Kept::Fixed = self.kept {
            return Ok(false);
        }
        let on_disk = |index: &Index| -> HashMap<NaiveDate, Stamp> {
            dates
                .iter()
                .filter_map(|&date| {
                    let metadata = fs::metadata(index.store.path_of(date)).ok()?;
                    Some((date, stamp_of(&metadata)))
                })
                .collect()
        };
        let indexed = |conn: &Connection| -> rusqlite::Result<HashMap<NaiveDate, Stamp>> {
            let mut indexed = HashMap::new();
            for &date in dates {
                if let Some(stamp) = indexed_stamp(conn, date)? {
                    indexed.insert(date, stamp);
                }
            }
            Ok(indexed)
        };
        let looked = on_disk(self);
        let changes = Changes::between(&looked, &indexed(&self.conn).map_err(|e| self.error(e))?);
        if changes.is_empty() {
            return Ok(false);
        }
        self.apply(|transaction| Ok(Changes::between(&looked, &indexed(transaction)?)))?;
        Ok(true)
    }

    /// Read again the days `changes` finds, asked under the write lock: another lunwen
    /// catching up at the same moment has done the work by the time the lock is had, and it
    /// is not done twice.
    fn apply(
        &mut self,
        changes: impl FnOnce(&Connection) -> rusqlite::Result<Changes>,
    ) -> Result<()> {
        let file = self.file();
        let failed = |err| index_error(file.as_deref(), err);
        let transaction = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(failed)?;
        let changes = changes(&transaction).map_err(failed)?;
        tracing::info!(
            "the index reads {} changed days and forgets {} removed ones",
            changes.changed.len(),
            changes.removed.len()
        );
        for date in changes.removed {
            forget(&transaction, date).map_err(failed)?;
        }
        index_days(&transaction, &self.store, changes.changed, true).map_err(failed)?;
        transaction.commit().map_err(failed)
    }

    /// The digests folder's stamp now, and when it was taken; `None` without a folder.
    fn folder_now(&self) -> Option<(Stamp, i64)> {
        folder_now(&self.store)
    }

    /// Whether the digests folder is as it was when every day was last looked at, and had
    /// settled by then (see [`SETTLED_NS`]).
    fn folder_unchanged(&self) -> bool {
        let Some((now, _)) = self.folder_now() else {
            return false;
        };
        self.kept_folder()
            .is_some_and(|kept| kept.stamp == now && kept.settled())
    }

    /// The digests folder as the index last kept it (see [`Index::keep_folder`]).
    fn kept_folder(&self) -> Option<FolderLook> {
        let kept: String = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'folder'", [], |row| {
                row.get(0)
            })
            .optional()
            .ok()??;
        FolderLook::parse(&kept)
    }

    /// Keep the digests folder's stamp, as taken before every day was looked at. Where the
    /// index cannot be written (a read-only cache) it is not kept, and every day is looked
    /// at next time.
    fn keep_folder(&self, folder: Option<(Stamp, i64)>) {
        let Kept::File = self.kept else {
            return;
        };
        let Some((stamp, looked_ns)) = folder else {
            return;
        };
        let look = FolderLook { stamp, looked_ns };
        // Written only when it tells the next command something new: a folder changed a
        // moment ago is looked at in full next time all the same.
        if !look.settled()
            || self
                .kept_folder()
                .is_some_and(|kept| kept.stamp == stamp && kept.settled())
        {
            return;
        }
        let written = self.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('folder', ?1)",
            [look.to_string()],
        );
        if let Err(err) = written {
            tracing::info!("the digests folder's stamp is not kept: {err}");
        }
    }

    /// Save a digest into the cache (see [`Store::save`]) and index it at once: what `import`
    /// and `sync` do with each day.
    pub fn save(&mut self, digest: &Digest) -> Result<Saved> {
        self.writable()?;
        let stored = self.store.save_day(digest)?;
        // The day is saved either way; an index that could not take it catches up from the
        // file the next time it is opened.
        if stored.saved != Saved::Unchanged {
            let _ = self.day_saved(&stored.digest);
        }
        Ok(stored.saved)
    }

    /// Refuse to write through an index of days that are not the cache's.
    fn writable(&self) -> Result<()> {
        match self.kept {
            Kept::Fixed => Err(Error::Message(
                "the built-in sample is read-only: import or sync a day into the cache".into(),
            )),
            Kept::File | Kept::Memory(_) => Ok(()),
        }
    }

    /// The cache the index is of.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Change a cached day in place (see [`Store::change_day`]) and index it at once.
    pub fn change_day(
        &mut self,
        date: NaiveDate,
        change: impl FnOnce(&mut Digest) -> bool,
    ) -> Result<bool> {
        self.writable()?;
        let Some(digest) = self.store.change_day(date, change)? else {
            return Ok(false);
        };
        // The day is saved either way; an index that could not take it catches up from the
        // file the next time it is opened.
        let _ = self.day_saved(&digest);
        Ok(true)
    }

    /// Answer the query terms about the user's marks, labels, notes and Zotero library from
    /// `marks` in the queries that follow.
    pub fn use_marks(&self, marks: MarkMap) -> Result<()> {
        sql::use_marks(&self.conn, marks).map_err(|err| self.error(err))
    }

    /// Bring one day up to date at once, after it was saved. Within a batch (see
    /// [`Index::begin_batch`]) the day is indexed on the batch's thread, committed with the
    /// others.
    pub fn day_saved(&mut self, digest: &Digest) -> Result<()> {
        let path = self.store.path_of(digest.date);
        let metadata = fs::metadata(&path).map_err(|err| Error::io(&path, err))?;
        let stamp = stamp_of(&metadata);
        let file = self.file();
        if let Some(batch) = &self.batch {
            // A batch whose thread stopped on an error says so when it ends.
            let _ = batch.days.send((digest.clone(), stamp));
            return Ok(());
        }
        let transaction = self
            .conn
            .transaction()
            .map_err(|err| index_error(file.as_deref(), err))?;
        put_day(&transaction, digest.date, stamp, Ok(digest.clone()))
            .and_then(|()| transaction.commit())
            .map_err(|err| index_error(file.as_deref(), err))
    }

    /// Index the days saved from now on together, as an import of many days does: on a thread
    /// of its own with a connection of its own, so that indexing one day goes on while the
    /// next is written and flushed to the disk, committed every [`BATCH_DAYS`] days. A batch
    /// cut short (a kill) leaves the index behind the files, which it catches up with when
    /// next opened.
    pub fn begin_batch(&mut self) -> Result<()> {
        // An index in memory has no file for a second connection: its days are indexed as
        // they are saved.
        if self.batch.is_some() || !matches!(self.kept, Kept::File) {
            return Ok(());
        }
        let path = Index::path(&self.store);
        let conn = Index::connect(&path, &self.store)?.conn;
        let (days, received) = std::sync::mpsc::channel::<(Digest, Stamp)>();
        let thread = std::thread::Builder::new()
            .name("index".into())
            .spawn(move || -> rusqlite::Result<()> {
                conn.execute_batch("BEGIN IMMEDIATE")?;
                for (count, (digest, stamp)) in received.into_iter().enumerate() {
                    put_day(&conn, digest.date, stamp, Ok(digest))?;
                    // Now and then the batch is committed, so that others can write between.
                    if (count + 1) % BATCH_DAYS == 0 {
                        conn.execute_batch("COMMIT; BEGIN IMMEDIATE")?;
                    }
                }
                conn.execute_batch("COMMIT")
            })
            .map_err(|err| Error::io(&path, err))?;
        self.batch = Some(Batch { days, thread });
        Ok(())
    }

    /// Wait for the days saved since [`Index::begin_batch`] to be indexed and committed.
    pub fn end_batch(&mut self) -> Result<()> {
        let Some(Batch { days, thread }) = self.batch.take() else {
            return Ok(());
        };
        drop(days);
        match thread.join() {
            Ok(result) => result.map_err(|err| self.error(err)),
            Err(_) => Err(Error::Message(format!(
                "indexing {} stopped on an internal error",
                Index::path(&self.store).display()
            ))),
        }
    }

    /// The cached days whose files read, newest first.
    pub fn readable_dates(&self) -> Result<Vec<NaiveDate>> {
        Ok(self
            .days()?
            .into_iter()
            .filter(|day| day.error.is_none())
            .map(|day| day.date)
            .collect())
    }

    /// The cached days, newest first.
    pub fn days(&self) -> Result<Vec<Day>> {
        self.days_where(
            "date BETWEEN ?1 AND ?2",
            (NaiveDate::MIN, NaiveDate::MAX),
            -1,
        )
    }

    /// The newest `limit` cached days, newest first, and how many days are cached in all.
    pub fn newest_days(&self, limit: usize) -> Result<(Vec<Day>, usize)> {
        let newest = self.days_where(
            "date BETWEEN ?1 AND ?2",
            (NaiveDate::MIN, NaiveDate::MAX),
            i64::try_from(limit).unwrap_or(i64::MAX),
        )?;
        let cached: i64 = self
            .conn
            .query_row("SELECT count(*) FROM days", [], |row| row.get(0))
            .map_err(|err| self.error(err))?;
        Ok((newest, usize::try_from(cached).unwrap_or(0)))
    }

    /// The cached days whose files do not read, newest first.
    pub fn unreadable_days(&self) -> Result<Vec<Day>> {
        self.unreadable_between(NaiveDate::MIN, NaiveDate::MAX)
    }

    /// The days from `from` to `to` (both included) whose files do not read, newest first:
    /// what a list of those days must report rather than show as empty.
    pub fn unreadable_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Day>> {
        self.days_where(
            "error IS NOT NULL AND date BETWEEN ?1 AND ?2",
            (from, to),
            -1,
        )
    }

    /// The days that meet `condition`, newest first, at most `limit` of them (all when it is
    /// negative).
    fn days_where(
        &self,
        condition: &str,
        (from, to): (NaiveDate, NaiveDate),
        limit: i64,
    ) -> Result<Vec<Day>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT date, papers, error FROM days WHERE {condition} ORDER BY date DESC \
                 LIMIT ?3"
            ))
            .map_err(|err| self.error(err))?;
        let rows = statement
            .query_map(
                params![sql::date_text(from), sql::date_text(to), limit],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, Option<String>>(2)?,
                    ))
                },
            )
            .map_err(|err| self.error(err))?;
        let mut days = Vec::new();
        for row in rows {
            let (date, papers, error) = row.map_err(|err| self.error(err))?;
            if let Some(date) = model::parse_date(&date) {
                days.push(Day {
                    date,
                    papers: usize::try_from(papers).unwrap_or(0),
                    error,
                });
            }
        }
        Ok(days)
    }

    /// The newest appearance of the paper the user means by `id` (see [`Paper::is_called`]).
    pub fn find(&self, id: &str) -> Result<Option<(NaiveDate, Paper)>> {
        // Any version names the paper: its key is the id without one.
        Ok(self
            .find_key(&model::paper_key_of_query(id))?
            .filter(|(_, paper)| paper.is_called(id)))
    }

    /// The newest appearance of the paper whose [`Paper::key`] is `key` exactly: how a paper
    /// without an arXiv id is found, by its link.
    pub fn find_key(&self, key: &str) -> Result<Option<(NaiveDate, Paper)>> {
        let failed = |err| self.error(err);
        let mut looked = None;
        loop {
            let newest: Option<String> = self
                .conn
                .prepare_cached("SELECT max(date) FROM papers WHERE key = ?1")
                .and_then(|mut statement| statement.query_row(params![key], |row| row.get(0)))
                .map_err(failed)?;
            let Some(date) = newest.as_deref().and_then(model::parse_date) else {
                return Ok(None);
            };
            // Looked at already, and its text could not be made.
            if looked == Some(date) {
                return Ok(None);
            }
            looked = Some(date);
            // Its file is read again if it changed: the paper may have left the day.
            let _listed = self.list_days(date, date)?;
            let text: Option<String> = self
                .conn
                .prepare_cached(
                    "SELECT f.paper FROM papers p CROSS JOIN full_papers f ON f.id = p.id \
                     WHERE p.key = ?1 AND p.date = ?2 ORDER BY p.position LIMIT 1",
                )
                .and_then(|mut statement| {
                    statement
                        .query_row(params![key, date.to_string()], |row| row.get(0))
                        .optional()
                })
                .map_err(failed)?;
            if let Some(text) = text {
                return Ok(parse_listed(&text).ok().map(|paper| (date, paper)));
            }
        }
    }

    /// Every day the paper whose [`Paper::key`] is `key` was listed, oldest first, with its
    /// rank, upvotes and stars that day. A day that lists it twice counts once, as it stood
    /// the first time.
    pub fn appearances(&self, key: &str) -> Result<Vec<Appearance>> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT date, rank, upvotes, stars FROM papers WHERE key = ?1 \
                 ORDER BY date, position",
            )
            .map_err(|err| self.error(err))?;
        let rows = statement
            .query_map(params![key], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, Option<i64>>(2)?,
                    row.get::<_, Option<i64>>(3)?,
                ))
            })
            .map_err(|err| self.error(err))?;
        let count = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok());
        let mut seen: Vec<Appearance> = Vec::new();
        for row in rows {
            let (date, rank, upvotes, stars) = row.map_err(|err| self.error(err))?;
            let Some(date) = model::parse_date(&date) else {
                continue;
            };
            if seen.last().is_some_and(|last| last.date == date) {
                continue;
            }
            seen.push(Appearance {
                date,
                rank: u32::try_from(rank).unwrap_or(u32::MAX),
                upvotes: count(upvotes),
                stars: count(stars),
            });
        }
        Ok(seen)
    }

    /// The newest day whose digest reads, if any: the day the reader opens on.
    pub fn newest_day(&self) -> Result<Option<NaiveDate>> {
        let date: Option<String> = self
            .conn
            .query_row(
                "SELECT max(date) FROM days WHERE error IS NULL",
                [],
                |row| row.get(0),
            )
            .map_err(|err| self.error(err))?;
        Ok(date.as_deref().and_then(model::parse_date))
    }

    /// [`Index::newest_day`], its file looked at first (see [`Index::check_days`]): a newest
    /// day rewritten in place so that it no longer reads gives way to the one before.
    pub fn newest_readable_day(&mut self) -> Result<Option<NaiveDate>> {
        let mut checked = Vec::new();
        loop {
            let newest = self.newest_day()?;
            match newest {
                Some(date) if !checked.contains(&date) => {
                    self.check_days(&[date])?;
                    checked.push(date);
                }
                _ => return Ok(newest),
            }
        }
    }

    /// The [`Paper::key`] of every paper of a day, in digest order, read without parsing
    /// the papers.
    pub fn keys_on(&self, date: NaiveDate) -> Result<Vec<String>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT key FROM papers WHERE date = ?1 ORDER BY position")
            .map_err(|err| self.error(err))?;
        let keys = statement
            .query_map(params![date.to_string()], |row| row.get(0))
            .map_err(|err| self.error(err))?;
        keys.collect::<rusqlite::Result<Vec<String>>>()
            .map_err(|err| self.error(err))
    }

    /// One paper in full, by its day and place in the day's digest.
    pub fn paper(&self, date: NaiveDate, position: usize) -> Result<Option<Paper>> {
        let _listed = self.list_days(date, date)?;
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT paper FROM full_papers WHERE id = ?1",
                params![row_id(date, position)],
                |row| row.get(0),
            )
            .optional()
            .map_err(|err| self.error(err))?;
        Ok(text.and_then(|text| parse_listed(&text).ok()))
    }

    /// Every paper in the cache as the all-days view lists it, newest day first and in digest
    /// order within a day. Text is read straight into the listing's buffers.
    pub fn listing(&self) -> Result<Listing> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT p.date, p.position, rank, featured, score, upvotes, stars, n.title_zh, \
                 n.title_en, n.url, arxiv_id, organization, key, tags, t.search, keywords, \
                 generated \
                 FROM papers p CROSS JOIN titles n ON n.id = p.id \
                 CROSS JOIN texts t ON t.id = p.id \
                 ORDER BY p.date DESC, p.position",
            )
            .map_err(|err| self.error(err))?;
        // Sized first, so that ten years of papers are read without the buffers growing (a
        // buffer that doubles holds its old and new selves at once).
        let (count, strings, text): (i64, i64, i64) = self
            .conn
            .query_row(
                "SELECT count(*), \
                 coalesce(sum(ifnull(octet_length(p.arxiv_id), 0) \
                   + ifnull(octet_length(p.organization), 0) + octet_length(p.key) \
                   + octet_length(p.keywords)), 0) \
                 + (SELECT coalesce(sum(ifnull(octet_length(title_zh), 0) \
                   + ifnull(octet_length(title_en), 0) + octet_length(url)), 0) FROM titles), \
                 (SELECT coalesce(sum(octet_length(search)), 0) FROM texts) FROM papers p",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .map_err(|err| self.error(err))?;
        let size = |n: i64| usize::try_from(n).unwrap_or(0);
        let mut listing = Listing::with_capacity(size(count), size(strings), size(text));
        let mut rows = statement.query([]).map_err(|err| self.error(err))?;
        while let Some(row) = rows.next().map_err(|err| self.error(err))? {
            let mut read = || -> rusqlite::Result<()> {
                let str_at = |at: usize| -> rusqlite::Result<Option<&str>> {
                    match row.get_ref(at)? {
                        rusqlite::types::ValueRef::Text(bytes) => {
                            Ok(std::str::from_utf8(bytes).ok())
                        }
                        _ => Ok(None),
                    }
                };
                let Some(date) = str_at(0)?.and_then(model::parse_date) else {
                    return Ok(());
                };
                let count = |at: usize| -> rusqlite::Result<Option<u64>> {
                    Ok(row.get::<_, Option<i64>>(at)?.map(|n| n.max(0) as u64))
                };
                listing.push_fields(Fields {
                    date,
                    position: usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
                    rank: u32::try_from(row.get::<_, i64>(2)?).unwrap_or(0),
                    featured: row.get(3)?,
                    score: row.get(4)?,
                    upvotes: count(5)?,
                    stars: count(6)?,
                    title_zh: str_at(7)?,
                    title_en: str_at(8)?,
                    url: str_at(9)?.unwrap_or_default(),
                    arxiv_id: str_at(10)?,
                    organization: str_at(11)?,
                    key: str_at(12)?.unwrap_or_default(),
                    tags: str_at(13)?.unwrap_or_default(),
                    text: str_at(14)?.unwrap_or_default(),
                    keywords: str_at(15)?.unwrap_or_default(),
                    generated: row.get(16)?,
                });
                Ok(())
            };
            read().map_err(|err| self.error(err))?;
        }
        listing.shrink_to_fit();
        // Worked out here, on whatever thread reads every day, not where the list is drawn.
        listing.paper_numbers();
        Ok(listing)
    }

    /// The papers a [`Select`] asks for, each handed to `each` as it is read (so a long
    /// list is never held whole). The query runs in SQLite, reading only the columns it
    /// tests; a paper is read in full only once it passes. `each` returns whether to go on.
    pub fn select(
        &self,
        select: &Select,
        mut each: impl FnMut(NaiveDate, Paper) -> bool,
    ) -> Result<()> {
        self.select_listed(select, |date, listed| match parse_listed(listed) {
            Ok(paper) => each(date, paper),
            Err(_) => true,
        })
    }

    /// [`Index::select`], each paper as the JSON `list --json` prints inside its array (see
    /// [`listed_json`]), so a long list goes out without being read and written again.
    pub fn select_listed(
        &self,
        select: &Select,
        mut each: impl FnMut(NaiveDate, &str) -> bool,
    ) -> Result<()> {
        let Select {
            query,
            from,
            to,
            order,
            limit,
        } = *select;
        let listed = self.list_days(from, to)?;
        listed.whole()?;
        let mut values: Vec<Value> = vec![sql::date_text(from).into(), sql::date_text(to).into()];
        let condition = sql::condition(query, &mut values);
        let sql = format!(
            "SELECT p.date, f.paper FROM papers p \
             CROSS JOIN full_papers f ON f.id = p.id \
             WHERE p.date BETWEEN ?1 AND ?2 AND ({condition}) ORDER BY {} LIMIT {}",
            sql::order_by(order),
            limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX)),
        );
        let mut statement = self.conn.prepare(&sql).map_err(|err| self.error(err))?;
        let mut rows = statement
            .query(rusqlite::params_from_iter(values))
            .map_err(|err| self.error(err))?;
        while let Some(row) = rows.next().map_err(|err| self.error(err))? {
            let date = row.get_ref(0).map_err(|err| self.error(err))?;
            let listed = row.get_ref(1).map_err(|err| self.error(err))?;
            let (Ok(date), Ok(listed)) = (date.as_str(), listed.as_str()) else {
                continue;
            };
            let Some(date) = model::parse_date(date) else {
                continue;
            };
            if !each(date, listed) {
                break;
            }
        }
        Ok(())
    }

    /// Every paper of the days from `from` to `to` as [`Index::select_listed`] gives them in
    /// the digests' order (newest day first), but for those whose [`Paper::key`] is in
    /// `left_out`: read in the order the papers' texts are kept, with no look-up per paper,
    /// so that a list of every day goes out near the speed of reading it. `each` returns
    /// whether to go on.
    pub fn every_listed(
        &self,
        (from, to): (NaiveDate, NaiveDate),
        left_out: &[&str],
        mut each: impl FnMut(NaiveDate, &[u8]) -> bool,
    ) -> Result<()> {
        let listed = self.list_days(from, to)?;
        listed.whole()?;
        let failed = |err| self.error(err);
        let mut skipped = std::collections::HashSet::new();
        let mut ids = self
            .conn
            .prepare_cached("SELECT id FROM papers WHERE key = ?1")
            .map_err(failed)?;
        for key in left_out {
            let found = ids
                .query_map([key], |row| row.get::<_, i64>(0))
                .map_err(failed)?;
            for id in found {
                skipped.insert(id.map_err(failed)?);
            }
        }
        let first = row_id(from, 0);
        let last = row_id(to, PAPERS_A_DAY - 1);
        // Newest first, and so each day's papers last first: a day's are gathered and handed
        // on in their own order when the next day begins.
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id, paper FROM full_papers WHERE id BETWEEN ?1 AND ?2 ORDER BY id DESC",
            )
            .map_err(failed)?;
        let mut rows = statement.query(params![first, last]).map_err(failed)?;
        let mut day: Option<i64> = None;
        let mut text = Vec::new();
        let mut papers: Vec<std::ops::Range<usize>> = Vec::new();
        let mut hand_on =
            |day: Option<i64>, text: &mut Vec<u8>, papers: &mut Vec<std::ops::Range<usize>>| {
                let date = day
                    .and_then(|day| i32::try_from(day).ok())
                    .and_then(NaiveDate::from_num_days_from_ce_opt);
                let mut go_on = true;
                if let Some(date) = date {
                    for range in papers.iter().rev() {
                        if !each(date, &text[range.clone()]) {
                            go_on = false;
                            break;
                        }
                    }
                }
                text.clear();
                papers.clear();
                go_on
            };
        while let Some(row) = rows.next().map_err(failed)? {
            let id: i64 = row.get(0).map_err(failed)?;
            let this_day = id.div_euclid(PAPERS_A_DAY as i64);
            if day != Some(this_day) {
                if !hand_on(day, &mut text, &mut papers) {
                    return Ok(());
                }
                day = Some(this_day);
            }
            if skipped.contains(&id) {
                continue;
            }
            let paper = row.get_ref(1).map_err(failed)?;
            let (rusqlite::types::ValueRef::Text(bytes) | rusqlite::types::ValueRef::Blob(bytes)) =
                paper
            else {
                continue;
            };
            papers.push(text.len()..text.len() + bytes.len());
            text.extend_from_slice(bytes);
        }
        hand_on(day, &mut text, &mut papers);
        Ok(())
    }

    /// How many papers `query` finds on the days from `from` to `to`, and how many of them
    /// are unread, each paper counted once however many days list it. Asked in SQLite alone,
    /// as a status bar asks every few seconds; the marks come from [`Index::use_marks`].
    pub fn count(&self, query: &Query, from: NaiveDate, to: NaiveDate) -> Result<Counted> {
        let mut values: Vec<Value> = vec![sql::date_text(from).into(), sql::date_text(to).into()];
        let condition = sql::condition(query, &mut values);
        let sql = format!(
            "SELECT count(DISTINCT p.key), \
             count(DISTINCT CASE WHEN lunwen_mark(p.key, 'read') THEN NULL ELSE p.key END) \
             FROM papers p WHERE p.date BETWEEN ?1 AND ?2 AND ({condition})"
        );
        let (papers, unread): (i64, i64) = self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(values), |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .map_err(|err| self.error(err))?;
        let size = |n: i64| usize::try_from(n).unwrap_or(0);
        Ok(Counted {
            papers: size(papers),
            unread: size(unread),
        })
    }

    /// The key of every cached paper, to tell the papers a sync brings that are new.
    pub fn all_keys(&self) -> Result<std::collections::HashSet<String>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT DISTINCT key FROM papers")
            .map_err(|err| self.error(err))?;
        let keys = statement
            .query_map([], |row| row.get(0))
            .map_err(|err| self.error(err))?;
        keys.collect::<rusqlite::Result<_>>()
            .map_err(|err| self.error(err))
    }

    /// The short facts of every listing of the days from `from` to `to` (both included) that
    /// `query` finds, oldest day first and in digest order within a day, with (when `growth`
    /// asks for them) the paper's upvotes and stars on the day it was last listed before: what
    /// the numbers of [`crate::stats`] are made of, read without parsing a paper.
    pub fn facts(
        &self,
        query: &Query,
        (from, to): (NaiveDate, NaiveDate),
        growth: bool,
        mut each: impl FnMut(Fact),
    ) -> Result<()> {
        let mut values: Vec<Value> = vec![sql::date_text(from).into(), sql::date_text(to).into()];
        let condition = sql::condition(query, &mut values);
        let before = |column: &str| match growth {
            false => "NULL".to_string(),
            true => format!(
                "(SELECT q.{column} FROM papers q WHERE q.key = p.key AND q.date < p.date \
                 ORDER BY q.date DESC, q.position LIMIT 1)"
            ),
        };
        let sql = format!(
            "SELECT p.date, p.key, p.arxiv_id, p.organization, p.upvotes, p.stars, p.keywords, \
             p.tags, coalesce(n.title_en, n.title_zh, n.url), {}, {} \
             FROM papers p CROSS JOIN titles n ON n.id = p.id \
             WHERE p.date BETWEEN ?1 AND ?2 AND ({condition}) ORDER BY p.date, p.position",
            before("upvotes"),
            before("stars"),
        );
        let mut statement = self.conn.prepare(&sql).map_err(|err| self.error(err))?;
        let mut rows = statement
            .query(rusqlite::params_from_iter(values))
            .map_err(|err| self.error(err))?;
        let count = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok());
        while let Some(row) = rows.next().map_err(|err| self.error(err))? {
            let read = || -> rusqlite::Result<Option<Fact>> {
                let Some(date) = model::parse_date(&row.get::<_, String>(0)?) else {
                    return Ok(None);
                };
                let tags: String = row.get(7)?;
                Ok(Some(Fact {
                    date,
                    key: row.get(1)?,
                    arxiv_id: row.get(2)?,
                    organization: row.get(3)?,
                    upvotes: count(row.get(4)?),
                    stars: count(row.get(5)?),
                    keywords: row.get(6)?,
                    tags: tags.lines().map(str::to_string).collect(),
                    title: row.get(8)?,
                    upvotes_before: count(row.get(9)?),
                    stars_before: count(row.get(10)?),
                }))
            };
            if let Some(fact) = read().map_err(|err| self.error(err))? {
                each(fact);
            }
        }
        Ok(())
    }

    /// Make the `list --json` text of the papers of every day from `from` to `to` that the
    /// index does not hold it for yet (see [`Listed::Later`]), from the days' files, and keep
    /// it. A day whose file changed since it was indexed is read again, as a catch-up would
    /// (see [`MadeDay`]). Where the index's file cannot take the text (a full disk), it is
    /// kept in this connection's memory for as long as the answer lasts (see [`DaysListed`]).
    fn list_days(&self, from: NaiveDate, to: NaiveDate) -> Result<DaysListed<'_>> {
        let mut listed = DaysListed {
            conn: &self.conn,
            in_memory: false,
            unreadable: Vec::new(),
        };
        let unlisted = |conn: &Connection| -> rusqlite::Result<Vec<(NaiveDate, Stamp)>> {
            let mut statement = conn.prepare_cached(
                "SELECT date, size, modified_ns, changed_ns, inode FROM days \
                 WHERE date BETWEEN ?1 AND ?2 AND NOT listed AND error IS NULL AND papers > 0 \
                 ORDER BY date",
            )?;
            let range = params![sql::date_text(from), sql::date_text(to)];
            let rows = statement.query_map(range, |row| {
                let date: String = row.get(0)?;
                Ok((model::parse_date(&date), Stamp::at(row, 1)?))
            })?;
            let mut days = Vec::new();
            for row in rows {
                if let (Some(date), stamp) = row? {
                    days.push((date, stamp));
                }
            }
            Ok(days)
        };
        if unlisted(&self.conn)
            .map_err(|err| self.error(err))?
            .is_empty()
        {
            return Ok(listed);
        }
        let store = &self.store;
        let make = |date, stamp| MadeDay::of(store, date, stamp);
        // Asked again under the write lock: another lunwen may have made them meanwhile.
        let mut unreadable = Vec::new();
        let kept = (|| -> rusqlite::Result<()> {
            let transaction = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            in_order(&unlisted(&transaction)?, make, |made| {
                made.keep(&transaction, &mut unreadable)
            })?;
            transaction.commit()
        })();
        if let Err(not_kept) = kept {
            tracing::info!("the papers' list text is kept in memory: {not_kept}");
            unreadable.clear();
            listed.in_memory = true;
            let in_memory = (|| -> rusqlite::Result<()> {
                // Named as the index's table, this one is read in its place until it is
                // dropped, with the text the index holds of these days.
                self.conn.execute_batch(
                    "PRAGMA temp_store = MEMORY; \
                     DROP TABLE IF EXISTS temp.full_papers; \
                     CREATE TEMP TABLE full_papers (id INTEGER PRIMARY KEY, paper TEXT NOT NULL);",
                )?;
                self.conn.execute(
                    "INSERT INTO temp.full_papers \
                     SELECT id, paper FROM main.full_papers WHERE id BETWEEN ?1 AND ?2",
                    params![row_id(from, 0), row_id(to, PAPERS_A_DAY - 1)],
                )?;
                in_order(&unlisted(&self.conn)?, make, |made| {
                    made.keep_in_memory(&self.conn, store, &mut unreadable)
                })
            })();
            in_memory.map_err(|_| self.error(not_kept))?;
        }
        listed.unreadable = unreadable;
        Ok(listed)
    }

    fn error(&self, err: rusqlite::Error) -> Error {
        index_error(self.file().as_deref(), err)
    }
}

/// Run `ask`, which reads the index; when it finds the index damaged (and so removed: see
/// [`Error::IndexDamaged`]), `again` hears why and gets ready, and `ask` runs once more, on an
/// index made afresh from the digests. `again` may refuse with the error to give instead:
/// what cannot be asked twice, such as a command that has printed half its answer. `on` is
/// what both work on.
pub fn again_if_damaged<C: ?Sized, T>(
    on: &mut C,
    mut ask: impl FnMut(&mut C) -> Result<T>,
    again: impl FnOnce(&mut C, String) -> Result<()>,
) -> Result<T> {
    match ask(on) {
        Err(Error::IndexDamaged(why)) => {
            again(on, why)?;
            ask(on)
        }
        answer => answer,
    }
}

/// Make the tables of a new index, and say whose it is.
fn make_tables(conn: &Connection) -> rusqlite::Result<()> {
    make_tables_unindexed(conn)?;
    conn.execute_batch(INDEXES)
}

/// The tables without their indexes, for an index whose rows are all written at once: an
/// index made over rows already written is sorted once, rather than kept in order row by row.
fn make_tables_unindexed(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(TABLES)?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('schema', ?1)",
        [SCHEMA],
    )?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)
}

/// What is in the index's place, read without writing to it. lunwen's own index carries its
/// application id; one an earlier lunwen made has none, and is told by the version in its
/// `meta` table. An index of another version is damaged as far as this one is concerned, and
/// made again; any other file is another program's, and left as it is.
fn found_at(conn: &Connection, path: &Path) -> Result<Found> {
    let failed = |err: rusqlite::Error| index_error(Some(path), err);
    let identity = crate::storage::sqlite::identity(conn).map_err(failed)?;
    if identity.is_empty() {
        return Ok(Found::New);
    }
    let marked = identity.application_id == APPLICATION_ID;
    let schema = match identity.application_id {
        0 | APPLICATION_ID => schema_of(conn).map_err(failed)?,
        _ => None,
    };
    match schema.as_deref() {
        Some(SCHEMA) => Ok(Found::Current { marked }),
        Some(other) if marked || other.starts_with(SCHEMA_FAMILY) => {
            Err(Error::IndexDamaged(format!(
                "the index {} is of another version of lunwen",
                path.display()
            )))
        }
        _ if marked => Err(Error::IndexDamaged(format!(
            "the index {} has lost its version",
            path.display()
        ))),
        _ => Err(Error::Message(format!(
            "the index {} is not lunwen's index but another program's SQLite file, which \
             lunwen leaves as it is (move it away, and lunwen keeps its index there)",
            path.display()
        ))),
    }
}

const TABLES: &str = "
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE days (
        date TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        modified_ns INTEGER NOT NULL,
        changed_ns INTEGER NOT NULL,
        inode INTEGER NOT NULL,
        papers INTEGER NOT NULL,
        error TEXT,
        -- Whether the day's papers' `list --json` text is in `full_papers` (see
        -- `Index::list_days`).
        listed INTEGER NOT NULL
    );
    CREATE TABLE papers (
        date TEXT NOT NULL,
        position INTEGER NOT NULL,
        key TEXT NOT NULL,
        rank INTEGER NOT NULL,
        featured INTEGER NOT NULL,
        arxiv_id TEXT,
        organization TEXT,
        score REAL,
        tags TEXT NOT NULL,
        tag_keys TEXT NOT NULL,
        upvotes INTEGER,
        stars INTEGER,
        keywords TEXT NOT NULL,
        generated INTEGER NOT NULL,
        id INTEGER NOT NULL,
        PRIMARY KEY (date, position)
    ) WITHOUT ROWID;
    -- Long texts live in tables of their own, so a scan of the papers reads only short rows,
    -- and in rowid tables, whose pages hold a whole paper without overflow pages. Their rowid
    -- is the paper's `id` (see `row_id`): a paper's text is one look-up away, with no index
    -- of its own to keep.
    CREATE TABLE texts (id INTEGER PRIMARY KEY, search TEXT NOT NULL);
    -- Titles and links are shown, never searched by SQL: a scan of the papers for a query
    -- reads rows a third as long without them.
    CREATE TABLE titles (id INTEGER PRIMARY KEY, title_zh TEXT, title_en TEXT, url TEXT NOT NULL);
    -- Each paper as `list --json` prints it, once a command has needed its day's.
    CREATE TABLE full_papers (id INTEGER PRIMARY KEY, paper TEXT NOT NULL);
";

const INDEXES: &str = "
    CREATE INDEX papers_by_key ON papers (key, date);
    -- The few days that do not read, found without a pass over every day.
    CREATE INDEX unreadable_days ON days (date) WHERE error IS NOT NULL;
";

/// A paper as the JSON `list --json` prints in its array, without the braces and the date:
/// its fields, a line each, indented four spaces, as UTF-8 bytes. Made by the same safe
/// writer as every JSON lunwen prints.
pub fn listed_json(paper: &Paper) -> Vec<u8> {
    // Written one level down, inside an object of one field, its fields come out indented as
    // an array's object's are; the object around them is then cut away.
    #[derive(serde::Serialize)]
    struct Inside<'a> {
        p: &'a Paper,
    }
    const OPENING: &[u8] = b"{\n  \"p\": {\n";
    const CLOSING: &[u8] = b"\n  }\n}";
    let mut listed = json::to_pretty_bytes(&Inside { p: paper });
    let wrapped = listed.starts_with(OPENING) && listed.ends_with(CLOSING);
    debug_assert!(wrapped, "a paper is written as an object of fields");
    if wrapped {
        listed.truncate(listed.len() - CLOSING.len());
        listed.drain(..OPENING.len());
    }
    listed
}

/// A paper back from [`listed_json`].
fn parse_listed(listed: &str) -> std::result::Result<Paper, String> {
    json::parse_paper(&format!("{{\n{listed}\n}}"))
}

/// Every way a search can name a paper's tags ([`tags::keys`]), each on a line of its own,
/// with a line break before the first.
fn tag_keys(tags: &[String]) -> String {
    let mut seen: Vec<String> = Vec::with_capacity(tags.len() * 3);
    for key in tags.iter().flat_map(|tag| tags::keys(tag)) {
        if !seen.contains(&key) {
            seen.push(key);
        }
    }
    let mut keys = String::from("\n");
    for key in &seen {
        keys.push_str(key);
        keys.push('\n');
    }
    keys
}

/// The digests folder as it was when every day was last looked at.
struct FolderLook {
    stamp: Stamp,
    /// When the stamp was taken.
    looked_ns: i64,
}

impl FolderLook {
    fn parse(text: &str) -> Option<FolderLook> {
        let numbers: Vec<i64> = text
            .split(' ')
            .map(str::parse)
            .collect::<std::result::Result<_, _>>()
            .ok()?;
        let [size, modified_ns, changed_ns, inode, looked_ns] = numbers[..] else {
            return None;
        };
        Some(FolderLook {
            stamp: Stamp {
                size,
                modified_ns,
                changed_ns,
                inode,
            },
            looked_ns,
        })
    }

    /// Whether the folder had last changed long enough before it was looked at that no
    /// change since can have left its stamp as it was.
    fn settled(&self) -> bool {
        let changed = self.stamp.modified_ns.max(self.stamp.changed_ns);
        self.looked_ns.saturating_sub(changed) >= SETTLED_NS
    }
}

impl std::fmt::Display for FolderLook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Stamp {
            size,
            modified_ns,
            changed_ns,
            inode,
        } = self.stamp;
        write!(
            f,
            "{size} {modified_ns} {changed_ns} {inode} {}",
            self.looked_ns
        )
    }
}

/// The digests folder's stamp now, and when it was taken; `None` without a folder.
fn folder_now(store: &Store) -> Option<(Stamp, i64)> {
    let metadata = fs::metadata(store.digests_dir()).ok()?;
    Some((stamp_of(&metadata), now_ns()))
}

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

fn stamp_of(metadata: &fs::Metadata) -> Stamp {
    let modified_ns = metadata
        .modified()
        .ok()
        .and_then(|at| at.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    let (changed_ns, inode) = change_and_inode(metadata);
    Stamp {
        size: i64::try_from(metadata.len()).unwrap_or(i64::MAX),
        modified_ns,
        changed_ns,
        inode,
    }
}

#[cfg(unix)]
fn change_and_inode(metadata: &fs::Metadata) -> (i64, i64) {
    use std::os::unix::fs::MetadataExt;
    let changed_ns = metadata
        .ctime()
        .saturating_mul(1_000_000_000)
        .saturating_add(metadata.ctime_nsec());
    (changed_ns, metadata.ino() as i64)
}

/// Windows keeps no inode change time that std can read: the size and the modification
/// time tell a day rewritten there.
#[cfg(not(unix))]
fn change_and_inode(_: &fs::Metadata) -> (i64, i64) {
    (0, 0)
}

fn forget(transaction: &Connection, date: NaiveDate) -> rusqlite::Result<()> {
    let (first, last) = (row_id(date, 0), row_id(date, PAPERS_A_DAY - 1));
    for table in ["texts", "titles", "full_papers"] {
        transaction.execute(
            &format!("DELETE FROM {table} WHERE id BETWEEN ?1 AND ?2"),
            params![first, last],
        )?;
    }
    let date = date.to_string();
    transaction.execute("DELETE FROM papers WHERE date = ?1", params![date])?;
    transaction.execute("DELETE FROM days WHERE date = ?1", params![date])?;
    Ok(())
}

/// Room for this many papers a day in the row ids: more than a digest may hold.
const PAPERS_A_DAY: usize = 2 * crate::model::limits::PAPERS;

/// The row id of a day's paper in the tables of long texts: the day's number since the
/// common era, then its place in the day's digest.
fn row_id(date: NaiveDate, position: usize) -> i64 {
    use chrono::Datelike;
    i64::from(date.num_days_from_ce()) * PAPERS_A_DAY as i64 + position as i64
}

/// Index a day as read from its file (or the error that kept it from reading), its papers'
/// `list --json` text with it: a day saved by lunwen, or one of days that never change.
fn put_day(
    transaction: &Connection,
    date: NaiveDate,
    stamp: Stamp,
    read: std::result::Result<Digest, String>,
) -> rusqlite::Result<()> {
    forget(transaction, date)?;
    Prepared::of(date, stamp, read, Listed::Now).insert(transaction)
}

/// When a day's papers get their `list --json` text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listed {
    /// As the day is indexed: a day lunwen saves holds a dozen papers.
    Now,
    /// When a command first needs it (see [`Index::list_days`]): days read from their
    /// files come by the thousand when an index is made from nothing, and most are never
    /// printed in full.
    Later,
}

/// A day's rows, made ready to be written: the work of reading a day that needs no
/// connection, so that one thread can do it while another writes the day before.
struct Prepared {
    date: NaiveDate,
    stamp: Stamp,
    /// Why the day's file does not read, when it does not.
    error: Option<String>,
    papers: Vec<PreparedPaper>,
    listed: Listed,
}

struct PreparedPaper {
    key: String,
    rank: i64,
    featured: bool,
    arxiv_id: Option<String>,
    organization: Option<String>,
    score: Option<f64>,
    tags: String,
    tag_keys: String,
    upvotes: Option<i64>,
    stars: Option<i64>,
    keywords: String,
    generated: bool,
    title_zh: Option<String>,
    title_en: Option<String>,
    url: String,
    search: String,
    /// Its `list --json` text, when made with the day ([`Listed::Now`]).
    listed: Option<Vec<u8>>,
}

impl Prepared {
    /// The rows of a day as read (`Err` says why its file does not read). The papers are
    /// taken, their texts moved into the rows rather than copied.
    fn of(
        date: NaiveDate,
        stamp: Stamp,
        read: std::result::Result<Digest, String>,
        listed: Listed,
    ) -> Prepared {
        let count = |n: Option<u64>| n.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        let (error, papers) = match read {
            Err(why) => (Some(why), Vec::new()),
            Ok(digest) => (None, digest.papers),
        };
        let papers = papers
            .into_iter()
            .map(|paper| PreparedPaper {
                key: paper.key(),
                rank: i64::from(paper.rank),
                featured: paper.featured,
                score: paper.score,
                tags: paper.tags.join("\n"),
                tag_keys: tag_keys(&paper.tags),
                upvotes: count(paper.upvotes),
                stars: count(paper.stars),
                keywords: crate::query::listing::folded_keywords(&paper),
                generated: paper.generated_by.is_some(),
                search: search_text(&paper),
                listed: (listed == Listed::Now).then(|| listed_json(&paper)),
                arxiv_id: paper.arxiv_id,
                organization: paper.organization,
                title_zh: paper.title_zh,
                title_en: paper.title_en,
                url: paper.url,
            })
            .collect();
        Prepared {
            date,
            stamp,
            error,
            papers,
            listed,
        }
    }

    /// Write the day's rows, where the index holds nothing of the day.
    fn insert(&self, transaction: &Connection) -> rusqlite::Result<()> {
        transaction
            .prepare_cached(
                "INSERT INTO days (date, size, modified_ns, changed_ns, inode, papers, error, \
                 listed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                self.date.to_string(),
                self.stamp.size,
                self.stamp.modified_ns,
                self.stamp.changed_ns,
                self.stamp.inode,
                self.papers.len() as i64,
                self.error,
                self.listed == Listed::Now,
            ])?;
        let mut insert = transaction.prepare_cached(
            "INSERT INTO papers (date, position, key, rank, featured, arxiv_id, organization, \
             score, tags, tag_keys, upvotes, stars, keywords, generated, id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
        let mut insert_titles = transaction.prepare_cached(
            "INSERT INTO titles (id, title_zh, title_en, url) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut insert_text =
            transaction.prepare_cached("INSERT INTO texts (id, search) VALUES (?1, ?2)")?;
        let date = self.date.to_string();
        for (position, paper) in self.papers.iter().enumerate() {
            let id = row_id(self.date, position);
            insert.execute(params![
                date,
                position as i64,
                paper.key,
                paper.rank,
                paper.featured,
                paper.arxiv_id,
                paper.organization,
                paper.score,
                paper.tags,
                paper.tag_keys,
                paper.upvotes,
                paper.stars,
                paper.keywords,
                paper.generated,
                id,
            ])?;
            insert_titles.execute(params![id, paper.title_zh, paper.title_en, paper.url])?;
            insert_text.execute(params![id, paper.search])?;
            if let Some(listed) = &paper.listed {
                insert_listed(transaction, id, listed)?;
            }
        }
        Ok(())
    }
}

/// A day as [`Index::list_days`] finds it, made ready on the thread that read it.
enum MadeDay {
    /// The day's file as it was when indexed: its papers' `list --json` text, in order.
    Listed(NaiveDate, Vec<Vec<u8>>),
    /// The day's file changed since it was indexed: the day as it reads now, its text with
    /// it (or why it no longer reads).
    Changed(Prepared),
    /// The day's file is gone.
    Gone(NaiveDate),
}

impl MadeDay {
    /// Read the day of `date`, indexed when its file's stamp was `stamp`. The file is looked
    /// at before and after it is read: only a file the same throughout is the day indexed.
    fn of(store: &Store, date: NaiveDate, stamp: Stamp) -> MadeDay {
        let path = store.path_of(date);
        let now = || fs::metadata(&path).ok().map(|metadata| stamp_of(&metadata));
        let Some(before) = now() else {
            return MadeDay::Gone(date);
        };
        let read = store.load(date).map_err(|err| err.to_string());
        match read {
            Ok(digest) if before == stamp && now() == Some(stamp) => {
                MadeDay::Listed(date, digest.papers.iter().map(listed_json).collect())
            }
            read => MadeDay::Changed(Prepared::of(date, before, read, Listed::Now)),
        }
    }

    /// Keep what was made in the index: a changed day is read again, a day gone is forgotten.
    /// Why each day that no longer reads does not goes into `unreadable`.
    fn keep(&self, conn: &Connection, unreadable: &mut Vec<String>) -> rusqlite::Result<()> {
        match self {
            MadeDay::Listed(date, papers) => {
                insert_day_listed(conn, *date, papers)?;
                conn.prepare_cached("UPDATE days SET listed = 1 WHERE date = ?1")?
                    .execute([date.to_string()])?;
            }
            MadeDay::Changed(day) => {
                forget(conn, day.date)?;
                day.insert(conn)?;
                unreadable.extend(day.error.iter().cloned());
            }
            MadeDay::Gone(date) => forget(conn, *date)?,
        }
        Ok(())
    }

    /// [`MadeDay::keep`] where the index cannot be written: the text goes into the table in
    /// memory, and a changed day, which cannot be read again, is said not to read.
    fn keep_in_memory(
        &self,
        conn: &Connection,
        store: &Store,
        unreadable: &mut Vec<String>,
    ) -> rusqlite::Result<()> {
        match self {
            MadeDay::Listed(date, papers) => insert_day_listed(conn, *date, papers)?,
            MadeDay::Changed(day) => unreadable.push(format!(
                "{}: the day changed since the index read it, and the index cannot be written \
                 to read it again",
                store.path_of(day.date).display()
            )),
            MadeDay::Gone(_) => {}
        }
        Ok(())
    }
}

/// What [`Index::list_days`] leaves for the query after it. Dropped, it drops the table in
/// memory it may have made, so that the index's own table is read again.
#[must_use]
struct DaysListed<'a> {
    conn: &'a Connection,
    /// The text is in a table in this connection's memory.
    in_memory: bool,
    /// Why each day that turned out not to read does not.
    unreadable: Vec<String>,
}

impl DaysListed<'_> {
    /// An error for the first day that turned out not to read: a list never leaves a day
    /// out without saying so.
    fn whole(&self) -> Result<()> {
        match self.unreadable.first() {
            Some(why) => Err(Error::Message(why.clone())),
            None => Ok(()),
        }
    }
}

impl Drop for DaysListed<'_> {
    fn drop(&mut self) {
        if self.in_memory {
            let _ = self
                .conn
                .execute_batch("DROP TABLE IF EXISTS temp.full_papers");
        }
    }
}

/// Keep the `list --json` text of a day's papers, in digest order.
fn insert_day_listed(
    conn: &Connection,
    date: NaiveDate,
    papers: &[Vec<u8>],
) -> rusqlite::Result<()> {
    for (position, listed) in papers.iter().enumerate() {
        insert_listed(conn, row_id(date, position), listed)?;
    }
    Ok(())
}

/// Keep a paper's `list --json` text (see [`listed_json`]).
fn insert_listed(conn: &Connection, id: i64, listed: &[u8]) -> rusqlite::Result<()> {
    // Bound as text as it is: it is UTF-8 as made.
    let listed = ToSqlOutput::Borrowed(ValueRef::Text(listed));
    conn.prepare_cached("INSERT OR REPLACE INTO full_papers (id, paper) VALUES (?1, ?2)")?
        .execute(params![id, listed])?;
    Ok(())
}

/// The stamp of every day file in the cache. The files are looked at on as many threads as
/// there are cores (up to four): looking a file up takes longer than anything else a command
/// that answers from every day does.
fn stamps_on_disk(store: &Store) -> Result<HashMap<NaiveDate, Stamp>> {
    let dir = store.digests_dir();
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(err) => return Err(Error::io(&dir, err)),
    };
    let days: Vec<(NaiveDate, fs::DirEntry)> = entries
        .flatten()
        .filter_map(|entry| {
            let date = crate::storage::store::day_of_file(&entry.file_name())?;
            Some((date, entry))
        })
        .collect();
    let stamped = |days: &[(NaiveDate, fs::DirEntry)]| -> Vec<(NaiveDate, Stamp)> {
        days.iter()
            .filter_map(|(date, entry)| Some((*date, stamp_of(&entry.metadata().ok()?))))
            .collect()
    };
    let threads = cores();
    // A few hundred days are looked at sooner than a thread is started.
    if threads == 1 || days.len() < 1000 {
        return Ok(stamped(&days).into_iter().collect());
    }
    let share = days.len().div_ceil(threads);
    Ok(std::thread::scope(|scope| {
        let looking: Vec<_> = days
            .chunks(share)
            .map(|part| scope.spawn(move || stamped(part)))
            .collect();
        looking
            .into_iter()
            .flat_map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    }))
}

/// Make the index of a cache that has none, as fast as the days can be read: in a file of its
/// own beside the index's place, written without a journal (a file cut short by a crash is
/// never in the index's place, and is made again), then renamed into place. Commands that
/// find no index at the same moment wait for the one making it. Where this cannot be done
/// (a cache that cannot be written), the index is made as it is kept up to date, or in
/// memory.
fn build_from_nothing(store: &Store, path: &Path) {
    let lock_path = path.with_extension("sqlite.lock");
    let Ok(lock) = fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
    else {
        return;
    };
    // Where files cannot be locked, two commands may each make one; the last renamed stays.
    let _ = lock.lock();
    if path.exists() {
        return;
    }
    // Taken before the folder is read (see `Index::catch_up`).
    let folder = folder_now(store);
    let Ok(days) = stamps_on_disk(store) else {
        return;
    };
    let mut days: Vec<(NaiveDate, Stamp)> = days.into_iter().collect();
    days.sort_unstable_by_key(|&(date, _)| date);
    let building = path.with_extension("sqlite.new");
    remove_index_files(&building);
    let made = (|| -> rusqlite::Result<()> {
        let conn = Connection::open(&building)?;
        conn.pragma_update(None, "journal_mode", "OFF")?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        // A small cache: pages are written out as they fill, and their memory used again,
        // rather than every page of the new file held until the end (no journal needs them).
        conn.pragma_update(None, "cache_size", -2_048)?;
        conn.pragma_update(None, "page_size", 16_384)?;
        make_tables_unindexed(&conn)?;
        conn.execute_batch("BEGIN")?;
        index_days(&conn, store, days, false)?;
        conn.execute_batch(INDEXES)?;
        if let Some((stamp, looked_ns)) = folder {
            let look = FolderLook { stamp, looked_ns };
            if look.settled() {
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('folder', ?1)",
                    [look.to_string()],
                )?;
            }
        }
        conn.execute_batch("COMMIT")?;
        // Opened in write-ahead mode by every lunwen from now on, as its index always is.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Ok(())
    })();
    // A log left by an index removed by hand would be read as the new one's.
    let renamed = made.map_err(|err| err.to_string()).and_then(|()| {
        remove_index_files(path);
        fs::rename(&building, path).map_err(|err| err.to_string())
    });
    match renamed {
        Ok(()) => tracing::info!("the index was made from nothing"),
        Err(why) => {
            tracing::info!("the index is made as it is kept up to date: {why}");
            remove_index_files(&building);
        }
    }
}

/// Read and index `days`, added or changed (`replace`: what the index held of them goes
/// first). Their papers' `list --json` text is made when first needed ([`Listed::Later`]).
fn index_days(
    conn: &Connection,
    store: &Store,
    days: Vec<(NaiveDate, Stamp)>,
    replace: bool,
) -> rusqlite::Result<()> {
    in_order(
        &days,
        |date, stamp| {
            let read = store.load(date).map_err(|err| err.to_string());
            Prepared::of(date, stamp, read, Listed::Later)
        },
        |day| {
            if replace {
                forget(conn, day.date)?;
            }
            day.insert(conn)
        },
    )
}

/// `make` each of `days` and hand it to `take`, in order. The days are made on threads of
/// their own, one for each core, each taking every so-many-th run of days, while this
/// thread takes the days made, in order: reading and parsing a day take about as long as
/// writing it, so every core is kept at it. Days are handed over a run at a time, so that
/// the threads seldom wait on each other, and handed back to be dropped where they were
/// made: memory freed on the thread that took it from the allocator is freed without a
/// lock. Stops at the first error `take` returns.
fn in_order<T: Send>(
    days: &[(NaiveDate, Stamp)],
    make: impl Fn(NaiveDate, Stamp) -> T + Sync,
    mut take: impl FnMut(&T) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let cores = cores();
    // Up to sixteen days a run, fewer where there are few days, so that every core has some.
    let run = days.len().div_ceil(cores * 2).clamp(1, 16);
    let runs: Vec<&[(NaiveDate, Stamp)]> = days.chunks(run).collect();
    let makers = cores.min(runs.len().max(1));
    std::thread::scope(|scope| {
        let (made, taken): (Vec<_>, Vec<_>) = (0..makers)
            .map(|maker| {
                let (made, receiver) = std::sync::mpsc::sync_channel::<Vec<T>>(2);
                let (taken, returned) = std::sync::mpsc::channel::<Vec<T>>();
                let (runs, make) = (&runs, &make);
                scope.spawn(move || {
                    for run in runs.iter().skip(maker).step_by(makers) {
                        while let Ok(taken) = returned.try_recv() {
                            drop(taken);
                        }
                        let run = run.iter().map(|&(date, stamp)| make(date, stamp)).collect();
                        // The taker stopped (on an error it reports): nothing more to do.
                        if made.send(run).is_err() {
                            break;
                        }
                    }
                    drop(made);
                    // Until the taker is done.
                    for taken in returned {
                        drop(taken);
                    }
                });
                (receiver, taken)
            })
            .unzip();
        for n in 0..runs.len() {
            let Ok(run) = made[n % makers].recv() else {
                break;
            };
            for day in &run {
                take(day)?;
            }
            // A maker that stopped drops its own.
            let _ = taken[n % makers].send(run);
        }
        Ok(())
    })
}

/// The cores to spread reading days over: as many as there are, up to four.
fn cores() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 4)
}

/// The days whose files differ from what the index holds.
struct Changes {
    /// Added or changed, oldest first: each day's rows then go at the end of the tables,
    /// which packs pages full, rather than splitting pages all through them.
    changed: Vec<(NaiveDate, Stamp)>,
    removed: Vec<NaiveDate>,
}

impl Changes {
    fn between(
        on_disk: &HashMap<NaiveDate, Stamp>,
        indexed: &HashMap<NaiveDate, Stamp>,
    ) -> Changes {
        let mut changed: Vec<(NaiveDate, Stamp)> = on_disk
            .iter()
            .filter(|(date, stamp)| indexed.get(date) != Some(stamp))
            .map(|(&date, &stamp)| (date, stamp))
            .collect();
        changed.sort_unstable_by_key(|&(date, _)| date);
        let removed = indexed
            .keys()
            .filter(|date| !on_disk.contains_key(date))
            .copied()
            .collect();
        Changes { changed, removed }
    }

    fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// What the index knows of each day's file.
fn indexed_stamps(conn: &Connection) -> rusqlite::Result<HashMap<NaiveDate, Stamp>> {
    let mut statement =
        conn.prepare_cached("SELECT date, size, modified_ns, changed_ns, inode FROM days")?;
    let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, Stamp::at(row, 1)?)))?;
    let mut indexed = HashMap::new();
    for row in rows {
        let (date, stamp) = row?;
        if let Some(date) = model::parse_date(&date) {
            indexed.insert(date, stamp);
        }
    }
    Ok(indexed)
}

/// What the index knows of one day's file, if it has the day.
fn indexed_stamp(conn: &Connection, date: NaiveDate) -> rusqlite::Result<Option<Stamp>> {
    conn.prepare_cached("SELECT size, modified_ns, changed_ns, inode FROM days WHERE date = ?1")?
        .query_row([date.to_string()], |row| Stamp::at(row, 0))
        .optional()
}

/// How long lunwen waits for another lunwen writing the index (an import, a first indexing of
/// years of days) before it gives up.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// The version of lunwen's index an SQLite file holds; `None` for a file with no tables yet.
fn schema_of(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = 'schema'", [], |row| {
        row.get(0)
    })
    .optional()
    .or_else(|err| match err {
        // No such table or column: a file whose `meta` is not lunwen's, if it has one.
        rusqlite::Error::SqliteFailure(_, Some(ref message)) if message.starts_with("no such") => {
            Ok(None)
        }
        // A version that is not text is not lunwen's either.
        rusqlite::Error::InvalidColumnType(..) => Ok(None),
        err => Err(err),
    })
}

fn remove_index_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = fs::remove_file(PathBuf::from(file));
    }
}

/// The error an operation on the index in `file` (`None` in memory) failed with. An index
/// SQLite finds damaged is removed at once: it is only derived data, and the next open makes
/// it again from the digests.
fn index_error(file: Option<&Path>, err: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    let Some(path) = file else {
        return Error::Message(format!("the index in memory: {err}"));
    };
    match err.sqlite_error_code() {
        Some(DatabaseCorrupt | NotADatabase) => {
            remove_index_files(path);
            Error::IndexDamaged(format!(
                "the index {} was damaged ({err}); it has been removed and is made again \
                 from the digests",
                path.display()
            ))
        }
        _ if crate::storage::sqlite::cannot_write(&err) => Error::Message(format!(
            "the index {} cannot be written: {}",
            path.display(),
            crate::storage::sqlite::why_not_written(path, &err)
        )),
        _ => Error::Message(format!("the index {}: {err}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(date: &str, ids: &[&str]) -> Digest {
        let papers: Vec<String> = ids
            .iter()
            .map(|id| {
                format!(
                    r#"{{"title_zh": "论文{id}", "title_en": "Paper {id}", "url": "https://arxiv.org/abs/{id}", "tags": ["Viral"], "upvotes": 7, "summary": "摘要 {id}"}}"#
                )
            })
            .collect();
        json::parse(&format!(
            r#"{{"date": "{date}", "papers": [{}]}}"#,
            papers.join(",")
        ))
        .unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        model::parse_date(text).unwrap()
    }

    fn dates(index: &Index) -> Vec<(String, usize)> {
        index
            .days()
            .unwrap()
            .into_iter()
            .map(|d| (d.date.to_string(), d.papers))
            .collect()
    }

    #[test]
    fn another_programs_file_in_write_ahead_mode_keeps_its_log() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let path = Index::path(&store);
        let wal = dir.path().join("index.sqlite-wal");
        // A program that stopped with its last change still in its log, not yet in its file.
        let other = Connection::open(&path).unwrap();
        crate::storage::sqlite::write_ahead(&other, std::time::Duration::ZERO).unwrap();
        other
            .execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
        other
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                true,
            )
            .unwrap();
        drop(other);
        let (file, log) = (std::fs::read(&path).unwrap(), std::fs::read(&wal).unwrap());
        assert!(!log.is_empty());
        let err = Index::open(&store).err().unwrap().to_string();
        assert!(err.contains("not lunwen's index"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), file, "the file is as it was");
        assert_eq!(std::fs::read(&wal).ok(), Some(log), "the log is as it was");
    }

    #[test]
    fn the_index_follows_the_digest_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store
            .save(&digest("2026-02-05", &["2602.00001", "2602.00002"]))
            .unwrap();
        store
            .save(&digest("2026-02-06", &["2602.00002v2"]))
            .unwrap();
        let index = Index::open(&store).unwrap();
        assert_eq!(
            dates(&index),
            [("2026-02-06".into(), 1), ("2026-02-05".into(), 2)]
        );
        let (date, paper) = index.find("2602.00002").unwrap().unwrap();
        assert_eq!(
            (date, paper.arxiv_id.as_deref()),
            (day("2026-02-06"), Some("2602.00002v2"))
        );
        assert_eq!(paper.summary.as_deref(), Some("摘要 2602.00002v2"));
        let (date, paper) = index.find("2602.00002v1").unwrap().unwrap();
        assert_eq!(
            (date, paper.arxiv_id.as_deref()),
            (day("2026-02-06"), Some("2602.00002v2")),
            "any version names the paper, found where it was last listed"
        );
        drop(index);

        // A file copied in by hand, one changed in place and one removed are all noticed.
        let by_hand = digest("2026-02-07", &["2602.00003"]);
        fs::write(store.path_of(by_hand.date), json::render(&by_hand)).unwrap();
        let changed = digest("2026-02-05", &["2602.00009"]);
        fs::write(store.path_of(changed.date), json::render(&changed)).unwrap();
        fs::remove_file(store.path_of(day("2026-02-06"))).unwrap();
        let index = Index::open(&store).unwrap();
        assert_eq!(
            dates(&index),
            [("2026-02-07".into(), 1), ("2026-02-05".into(), 1)]
        );
        assert!(index.find("2602.00001").unwrap().is_none());
        assert!(index.find("2602.00009").unwrap().is_some());
        drop(index);

        // Rewritten to the same size with its old modification time put back (`cp -p`,
        // `touch -r`, `rsync -t`): noticed all the same.
        let path = store.path_of(day("2026-02-05"));
        let modified = fs::metadata(&path).unwrap().modified().unwrap();
        let same_size = digest("2026-02-05", &["2602.00008"]);
        let text = json::render(&same_size);
        assert_eq!(text.len() as u64, fs::metadata(&path).unwrap().len());
        fs::write(&path, text).unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        let index = Index::open(&store).unwrap();
        assert!(index.find("2602.00009").unwrap().is_none());
        assert!(index.find("2602.00008").unwrap().is_some());
    }

    #[test]
    fn appearances_are_every_day_a_paper_was_listed_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let mut later = digest("2026-02-07", &["2602.00002", "2602.00001v2", "2602.00001"]);
        later.papers[1].rank = 2;
        later.papers[1].upvotes = Some(131);
        later.papers[1].stars = Some(1300);
        store.save(&later).unwrap();
        store
            .save(&digest("2026-02-05", &["2602.00001", "2602.00003"]))
            .unwrap();
        store.save(&digest("2026-02-06", &["2602.00003"])).unwrap();
        let index = Index::open(&store).unwrap();
        assert_eq!(
            index.appearances("2602.00001").unwrap(),
            [
                Appearance {
                    date: day("2026-02-05"),
                    rank: 1,
                    upvotes: Some(7),
                    stars: None,
                },
                Appearance {
                    date: day("2026-02-07"),
                    rank: 2,
                    upvotes: Some(131),
                    stars: Some(1300),
                },
            ]
        );
        assert_eq!(index.appearances("2602.00009").unwrap(), []);
    }

    #[test]
    fn an_index_made_from_nothing_answers_as_one_kept_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let mut kept = Index::open(&store).unwrap();
        for (day, ids) in [
            ("2026-02-05", &["2602.00001", "2602.00002"][..]),
            ("2026-02-06", &["2602.00003"]),
            ("2026-02-07", &["2602.00001", "2602.00004", "2602.00005"]),
        ] {
            kept.save(&digest(day, ids)).unwrap();
        }
        fs::write(store.path_of(day("2026-02-08")), "{").unwrap();
        kept.catch_up().unwrap();
        let listed = |index: &Index| {
            let mut papers = Vec::new();
            index
                .every_listed((NaiveDate::MIN, NaiveDate::MAX), &[], |date, text| {
                    papers.push((date, String::from_utf8(text.to_vec()).unwrap()));
                    true
                })
                .unwrap();
            papers
        };
        let before = (
            dates(&kept),
            listed(&kept),
            kept.appearances("2602.00001").unwrap(),
        );
        drop(kept);
        // What a build cut short and a log of the index removed by hand leave behind.
        let path = Index::path(&store);
        fs::remove_file(&path).unwrap();
        fs::write(path.with_extension("sqlite.new"), b"half an index").unwrap();
        fs::write(dir.path().join("index.sqlite-wal"), b"a stranger's log").unwrap();
        let made = Index::open(&store).unwrap();
        assert!(!path.with_extension("sqlite.new").exists());
        let after = (
            dates(&made),
            listed(&made),
            made.appearances("2602.00001").unwrap(),
        );
        assert_eq!(after, before);
        assert_eq!(after.0.len(), 4, "the day that does not read is there too");
        assert_eq!(after.1.len(), 6);
        assert_eq!(made.unreadable_days().unwrap().len(), 1);
    }

    /// Days read from their files get their papers' `list --json` text the first time a
    /// command needs it, and keep it. A day rewritten behind the index is read again as its
    /// text is made: listed as it is now, and said when it no longer reads.
    #[test]
    fn a_day_s_list_text_is_made_when_it_is_first_needed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let first = digest("2026-02-05", &["2602.00001", "2602.00002"]);
        let second = digest("2026-02-06", &["2602.00003"]);
        let third = digest("2026-02-07", &["2602.00001"]);
        fs::create_dir_all(store.digests_dir()).unwrap();
        let write = |day: &Digest| fs::write(store.path_of(day.date), json::render(day)).unwrap();
        for day in [&first, &second, &third] {
            write(day);
        }
        let index = Index::open(&store).unwrap();
        let kept = |index: &Index| -> (i64, Vec<(String, bool)>) {
            let texts = index
                .conn
                .query_row("SELECT count(*) FROM full_papers", [], |row| row.get(0))
                .unwrap();
            let mut days = index
                .conn
                .prepare("SELECT date, listed FROM days ORDER BY date")
                .unwrap();
            let days = days
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            (texts, days)
        };
        let days_listed = |listed: [bool; 3]| -> Vec<(String, bool)> {
            ["2026-02-05", "2026-02-06", "2026-02-07"]
                .into_iter()
                .zip(listed)
                .map(|(date, listed)| (date.to_string(), listed))
                .collect()
        };
        assert_eq!(kept(&index), (0, days_listed([false, false, false])));

        let paper = index.paper(first.date, 1).unwrap().unwrap();
        assert_eq!(paper, first.papers[1]);
        assert_eq!(kept(&index), (2, days_listed([true, false, false])));

        // The second day rewritten in place, its paper's title changed, the index not told.
        let mut retitled = second.clone();
        retitled.papers[0].title_en = Some("Paper 3, retitled".into());
        write(&retitled);
        let found = index.find("2602.00003").unwrap().unwrap();
        assert_eq!(found, (second.date, retitled.papers[0].clone()));
        assert_eq!(kept(&index), (3, days_listed([true, true, false])));

        // The newest day of a paper that no longer reads: the paper is found on the day
        // before, and the day is known not to read.
        fs::write(
            store.path_of(third.date),
            "{\"date\": \"2026-02-07\", \"papers\": [",
        )
        .unwrap();
        let found = index.find("2602.00001").unwrap().unwrap();
        assert_eq!(found, (first.date, first.papers[0].clone()));
        let unreadable = index.unreadable_days().unwrap();
        assert_eq!(unreadable.len(), 1);
        assert!(
            unreadable[0]
                .error
                .as_deref()
                .unwrap()
                .contains("2026-02-07.json:1:"),
            "{unreadable:?}"
        );

        // Read again from their files, the second day with another paper, the last mended.
        write(&digest("2026-02-06", &["2602.00009"]));
        write(&third);
        let mut index = index;
        index.catch_up().unwrap();
        assert_eq!(kept(&index).1, days_listed([true, false, false]));
        let listed = |index: &Index| -> Result<Vec<(String, String)>> {
            let mut papers = Vec::new();
            index.every_listed((NaiveDate::MIN, NaiveDate::MAX), &[], |date, text| {
                let paper = parse_listed(std::str::from_utf8(text).unwrap()).unwrap();
                papers.push((date.to_string(), paper.key()));
                true
            })?;
            Ok(papers)
        };
        // Rewritten again behind the index before it is listed, the second day is listed as
        // it is now.
        write(&digest("2026-02-06", &["2602.00009", "2602.00010"]));
        let key = |date: &str, id: &str| (date.to_string(), id.to_string());
        assert_eq!(
            listed(&index).unwrap(),
            [
                key("2026-02-07", "2602.00001"),
                key("2026-02-06", "2602.00009"),
                key("2026-02-06", "2602.00010"),
                key("2026-02-05", "2602.00001"),
                key("2026-02-05", "2602.00002"),
            ]
        );
        assert_eq!(kept(&index), (5, days_listed([true, true, true])));
        assert_eq!(dates(&index)[1], ("2026-02-06".to_string(), 2));

        // A list of a day that turns out not to read says so, naming its file.
        let mut renamed = third.clone();
        renamed.papers[0].title_en = Some("Paper 1, again".into());
        write(&renamed);
        index.catch_up().unwrap();
        fs::write(store.path_of(third.date), "[]").unwrap();
        let err = listed(&index).unwrap_err().to_string();
        assert!(err.contains("2026-02-07.json"), "{err}");
        assert_eq!(index.unreadable_days().unwrap().len(), 1);
    }

    #[test]
    fn a_corrupt_index_or_one_of_another_version_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store.save(&digest("2026-02-05", &["2602.00001"])).unwrap();
        fs::write(Index::path(&store), b"this is not a database, it is a poem").unwrap();
        let index = Index::open(&store).unwrap();
        assert_eq!(dates(&index), [("2026-02-05".into(), 1)]);
        index
            .conn
            .execute(
                "UPDATE meta SET value = 'lunwen index 0' WHERE key = 'schema'",
                [],
            )
            .unwrap();
        drop(index);
        let index = Index::open(&store).unwrap();
        assert_eq!(dates(&index), [("2026-02-05".into(), 1)]);
    }

    #[test]
    fn a_day_that_does_not_read_is_listed_with_why() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store.save(&digest("2026-02-05", &["2602.00001"])).unwrap();
        fs::write(store.path_of(day("2026-02-06")), "{\"date\": ").unwrap();
        let index = Index::open(&store).unwrap();
        let days = index.days().unwrap();
        assert_eq!(days.len(), 2);
        assert!(
            days[0]
                .error
                .as_deref()
                .unwrap()
                .contains("2026-02-06.json:1:")
        );
        assert_eq!(index.listing().unwrap().len(), 1);
    }
}
