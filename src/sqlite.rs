//! What lunwen's two SQLite files (the index and the marks) do alike.

use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode};

/// Keep a file in write-ahead mode, so that readers never wait for a writer. A file is
/// switched once, when it is new; the switch needs the file to itself and SQLite does not wait
/// for that, so while another lunwen is opening the same new file it is tried again, for up to
/// `most` in all.
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
