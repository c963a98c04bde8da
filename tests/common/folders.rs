//! A cache folder and a data folder of their own for running the `lunwen` binary, as the
//! marks and export tests do.

use std::process::{Command, Output};

use lunwen::storage::marks::Marks;
use tempfile::TempDir;

pub const SAMPLE_MD: &str = "tests/fixtures/2026-02-05.md";
pub const TRICKY_MD: &str = "tests/fixtures/2026-03-01-tricky.md";

/// A cache folder and a data folder, apart.
pub struct Folders {
    pub cache: TempDir,
    pub data: TempDir,
}

impl Folders {
    pub fn new() -> Folders {
        Folders {
            cache: TempDir::new().unwrap(),
            data: TempDir::new().unwrap(),
        }
    }

    pub fn with(fixtures: &[&str]) -> Folders {
        let folders = Folders::new();
        let out = folders.run(&[&["import"], fixtures].concat());
        assert!(out.status.success(), "{}", stderr(&out));
        folders
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = super::env::lunwen();
        command
            .args(args)
            .env("LUNWEN_CACHE_DIR", self.cache.path())
            .env("LUNWEN_DATA_DIR", self.data.path())
            .env_remove("LUNWEN_AMBIGUOUS_WIDE")
            .env_remove("LUNWEN_LOG")
            .env("COLUMNS", "100");
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("lunwen runs")
    }

    /// Run a command that must succeed, and give its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "lunwen {args:?} failed: {}",
            stderr(&out)
        );
        stdout(&out)
    }

    pub fn marks(&self) -> Marks {
        Marks::open(self.data.path()).unwrap()
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// The dates `list --json` prints for papers matching a query.
pub fn listed(folders: &Folders, args: &[&str]) -> Vec<(String, String)> {
    let out = folders.ok(&[&["list", "--json"], args].concat());
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["date"].as_str().unwrap().to_string(),
                row["arxiv_id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The arXiv ids of the papers of `list --json` (or `queue --json`) output, in its order.
pub fn ids(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|paper| paper["arxiv_id"].as_str().unwrap().to_string())
        .collect()
}

/// A SQLite file of another program's at `path`, in rollback-journal mode as most are: its
/// bytes, which lunwen must leave as they are.
pub fn strangers_database(path: &std::path::Path) -> Vec<u8> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    drop(conn);
    std::fs::read(path).unwrap()
}
