//! The environment of every `lunwen` a test runs: a home, config, cache, data and state folder
//! of the test's own, and nothing of the user's. A `config.toml` that rebinds keys, a
//! `$BROWSER`, `LUNWEN_*`, `NO_COLOR` or `COLUMNS` in the shell that runs `cargo test` never
//! reaches the program under test.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The lunwen binary this test run built, to run with nothing of the user's around it.
pub fn lunwen() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lunwen"));
    hermetic(&mut command);
    command
}

/// Clear `command`'s environment down to `PATH`, and give it the folders of the test's own
/// home. A test sets on top what it is about (a cache, a `$BROWSER`, a terminal width).
pub fn hermetic(command: &mut Command) -> &mut Command {
    let home = home();
    command.env_clear();
    if let Some(path) = std::env::var_os("PATH") {
        command.env("PATH", path);
    }
    command
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("TMPDIR", std::env::temp_dir())
        // No Zotero the machine runs is ever read or written: port 9 (discard) is closed.
        .env("LUNWEN_ZOTERO_ADDRESS", "http://127.0.0.1:9")
}

/// The home folder of the running test: one per test (each test runs on a thread of its own),
/// the same for every program that test starts, so what one command writes the next one finds.
pub fn home() -> PathBuf {
    thread_local! {
        static HOME: RefCell<Option<PathBuf>> = const { RefCell::new(None) };
    }
    HOME.with(|home| {
        home.borrow_mut()
            .get_or_insert_with(|| {
                static MADE: AtomicUsize = AtomicUsize::new(0);
                let dir = scratch("homes").join(MADE.fetch_add(1, Ordering::Relaxed).to_string());
                std::fs::create_dir_all(&dir).expect("the test's home can be made");
                dir
            })
            .clone()
    })
}

/// A folder of this test process's own under cargo's scratch folder for tests, for things
/// that outlive a single test (homes, fixtures made once). Those of test processes that have
/// ended are removed when one is asked for, so they do not pile up.
pub fn scratch(kind: &str) -> PathBuf {
    let all = Path::new(env!("CARGO_TARGET_TMPDIR")).join(kind);
    sweep(&all);
    all.join(std::process::id().to_string())
}

/// Remove the folders of `all` named by the id of a process that no longer runs. Where the
/// system does not say which processes run (no `/proc`), nothing is removed.
fn sweep(all: &Path) {
    let proc = Path::new("/proc");
    if !proc.is_dir() {
        return;
    }
    for entry in std::fs::read_dir(all).into_iter().flatten().flatten() {
        let name = entry.file_name();
        if name.to_str().is_some_and(|pid| pid.parse::<u32>().is_ok()) && !proc.join(&name).exists()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
