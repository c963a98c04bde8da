//! What lunwen's two SQLite files (the index and the marks) do alike: telling lunwen's own
//! files from other programs' before anything is written to them, and keeping them in
//! write-ahead mode.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode};

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
/// [`ErrorCode::NotADatabase`].
pub fn identity(conn: &Connection) -> rusqlite::Result<Identity> {
    let application_id = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    let user_version = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let has_tables = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')",
        [],
        |row| row.get(0),
    )?;
    Ok(Identity {
        application_id,
        user_version,
        has_tables,
    })
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
    match rustix::fs::access(target, rustix::fs::Access::WRITE_OK) {
        Err(errno) => std::io::Error::from(errno).to_string(),
        Ok(()) => said.to_string(),
    }
}
