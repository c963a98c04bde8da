//! What lunwen's two SQLite files (the index and the marks) do alike: telling lunwen's own
//! files from other programs' before anything is written to them, keeping them in write-ahead
//! mode, and reading one where nothing can be written.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

/// What a SQLite file says of itself, read without writing anything to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    /// The number a program writes in the file's header to say the file is its own.
    pub application_id: i64,
    pub user_version: i64,
    pub has_tables: bool,
}

impl Identity {
    /// Whether the file holds nothing yet: just made, or left empty by a process that stopped
    /// before it made any table. Such a file is anyone's to make.
    pub fn is_empty(&self) -> bool {
        self.application_id == 0 && self.user_version == 0 && !self.has_tables
    }
}

/// Read what a SQLite file says of itself. A file that is not a database fails here with
/// [`ErrorCode::NotADatabase`]. One statement reads it all from one state of the file: read
/// apart, another lunwen making the file's tables in between would make a new file look like
/// another program's (tables, but no id yet).
pub fn identity(conn: &Connection) -> rusqlite::Result<Identity> {
    conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id), \
                (SELECT user_version FROM pragma_user_version), \
                EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')",
        [],
        |row| {
            Ok(Identity {
                application_id: row.get(0)?,
                user_version: row.get(1)?,
                has_tables: row.get(2)?,
            })
        },
    )
}

/// What makes a SQLite file one of lunwen's: the number in its header, the version of its
/// tables, and the tables.
pub struct Kind {
    pub application_id: i64,
    pub version: i64,
    /// The tables of version 1.
    pub tables: &'static str,
    /// What takes the tables from each version to the next: the first from 1 to 2.
    pub upgrades: &'static [&'static str],
}

/// Make a new file's tables and mark it as lunwen's, or bring an older file's tables up to
/// this version. Made here and now, or by another process just as it was opened: settled
/// inside one write transaction, where the file is `check`ed again, so two processes opening
/// a new or old file make or upgrade the tables once.
pub fn make_once<E>(
    conn: &mut Connection,
    kind: &Kind,
    check: impl Fn(Identity) -> Result<(), E>,
    failed: impl Fn(rusqlite::Error) -> E,
) -> Result<(), E> {
    let transaction = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(&failed)?;
    let identity = identity(&transaction).map_err(&failed)?;
    check(identity)?;
    if identity.is_empty() {
        transaction.execute_batch(kind.tables).map_err(&failed)?;
        transaction
            .pragma_update(None, "application_id", kind.application_id)
            .map_err(&failed)?;
    }
    upgrade(&transaction, kind, identity.user_version.max(1)).map_err(&failed)?;
    transaction.commit().map_err(&failed)
}

/// Bring tables of version `from` up to `kind`'s version, writing the version reached.
pub fn upgrade(conn: &Connection, kind: &Kind, from: i64) -> rusqlite::Result<()> {
    let done = usize::try_from(from - 1).unwrap_or(0);
    for step in kind.upgrades.iter().skip(done) {
        conn.execute_batch(step)?;
    }
    conn.pragma_update(None, "user_version", kind.version)
}

/// A copy in memory of a file that cannot be written, brought up to `kind`'s version there:
/// an older file is read as this version reads it, and left as it is.
pub fn upgraded_copy(conn: &Connection, kind: &Kind, from: i64) -> rusqlite::Result<Connection> {
    let mut copy = Connection::open_in_memory()?;
    {
        let backup = rusqlite::backup::Backup::new(conn, &mut copy)?;
        backup.run_to_completion(256, Duration::ZERO, None)?;
    }
    upgrade(&copy, kind, from)?;
    Ok(copy)
}

/// Have `conn` close without folding the write-ahead log into the file, as SQLite does when
/// the last connection to a file closes: another program's file, which lunwen only looked at,
/// is then left as it was found, its log included.
pub fn leave_as_found(conn: &Connection) {
    // Should SQLite not take it, the log is folded in as usual: nothing of the data is lost.
    let _ = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
}

/// Keep a file in write-ahead mode, so that readers never wait for a writer. A file is
/// switched once, when it is new; the switch needs the file to itself and SQLite does not wait
/// for that, so while another lunwen is opening the same new file it is tried again, for up to
/// `most` in all. Only a file known to be lunwen's is switched.
pub fn write_ahead(conn: &Connection, most: Duration) -> rusqlite::Result<()> {
    let mode: String = conn.pragma_query_value(None, "journal_mode", |row| row.get(0))?;
    if mode.eq_ignore_ascii_case("wal") {
        return Ok(());
    }
    let started = Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(err)
                if err.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && started.elapsed() < most =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            done => return done,
        }
    }
}

/// Whether an error says that the file, or the folder it is in, cannot be written: a read-only
/// file system or file, a full disk, a folder where no file can be made.
pub fn cannot_write(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(
            ErrorCode::ReadOnly
                | ErrorCode::CannotOpen
                | ErrorCode::DiskFull
                | ErrorCode::SystemIoFailure
                | ErrorCode::PermissionDenied
        )
    )
}

/// Why a file cannot be written, for a person: the system's words where it has them
/// ("Read-only file system"), which say more than SQLite's ("unable to open database file").
pub fn why_not_written(path: &Path, said: &dyn std::fmt::Display) -> String {
    let target = match path.parent() {
        Some(folder) if !path.exists() && folder.as_os_str().is_empty() => Path::new("."),
        Some(folder) if !path.exists() => folder,
        _ => path,
    };
    match may_write(target) {
        Err(err) => err.to_string(),
        Ok(()) => said.to_string(),
    }
}

/// Whether this process may write `target`, as the system says it.
#[cfg(unix)]
fn may_write(target: &Path) -> std::io::Result<()> {
    rustix::fs::access(target, rustix::fs::Access::WRITE_OK).map_err(std::io::Error::from)
}

/// Where the system cannot be asked, SQLite's own words are what there is to say.
#[cfg(not(unix))]
fn may_write(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Open a file only to read it, writing nothing beside it. A file in write-ahead mode needs a
/// shared-memory file beside it, which a read-only folder cannot hold: there it is read as it
/// stands on the disk (SQLite's `immutable`), which is all a folder nobody writes can hold.
pub fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    match conn.query_row("PRAGMA schema_version", [], |_| Ok(())) {
        Err(err) if err.sqlite_error_code() == Some(ErrorCode::CannotOpen) => {
            Connection::open_with_flags(
                format!("file:{}?immutable=1", uri_path(path)),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )
        }
        _ => Ok(conn),
    }
}

/// A path as the path of a `file:` URI: the characters a URI gives a meaning to, escaped.
fn uri_path(path: &Path) -> String {
    let mut uri = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_with_uri_characters_is_escaped() {
        assert_eq!(
            uri_path(Path::new("/data/100% sure?#1/marks.sqlite")),
            "/data/100%25 sure%3f%231/marks.sqlite"
        );
    }

    #[test]
    fn a_file_in_write_ahead_mode_is_read_where_nothing_beside_it_can_be_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a?b.sqlite");
        let conn = Connection::open(&path).unwrap();
        write_ahead(&conn, Duration::ZERO).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (7);")
            .unwrap();
        drop(conn);
        let read = open_read_only(&path).unwrap();
        let x: i64 = read
            .query_row("SELECT x FROM t", [], |row| row.get(0))
            .unwrap();
        assert_eq!(x, 7);
        assert!(read.execute("INSERT INTO t VALUES (8)", []).is_err());
    }
}
