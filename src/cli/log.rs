//! The log a user can ask for, to send with a report of a problem: where it goes, and
//! starting it. It is off unless asked for, and never writes to the terminal, which the
//! reader owns.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing::level_filters::LevelFilter;

use super::args::{Cli, Options};
use crate::error::{Error, Result};

/// The environment variable that asks for a log when `--log` does not.
pub const LOG_VAR: &str = "LUNWEN_LOG";

/// Where the log goes, and how much it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub file: PathBuf,
    pub level: LevelFilter,
}

/// The log asked for: `--log FILE`, else `LUNWEN_LOG`. A level word in place of a path
/// (`debug`, `info`, `1`, …) puts the log in `lunwen.log` in the state folder, and `off`, `0`
/// or nothing asks for none. `home` is the state folder's base, `$XDG_STATE_HOME` or
/// `~/.local/state`.
pub fn destination(
    asked: Option<&Path>,
    state_home: Option<PathBuf>,
) -> Result<Option<Destination>> {
    let Some(asked) = asked.filter(|path| !path.as_os_str().is_empty()) else {
        return Ok(None);
    };
    let word = asked.to_str().map(str::to_ascii_lowercase);
    let level = match word.as_deref() {
        Some("off" | "0" | "false" | "no") => return Ok(None),
        Some("1" | "true" | "on" | "yes" | "debug") => Some(LevelFilter::DEBUG),
        Some("trace") => Some(LevelFilter::TRACE),
        Some("info") => Some(LevelFilter::INFO),
        Some("warn") => Some(LevelFilter::WARN),
        Some("error") => Some(LevelFilter::ERROR),
        _ => None,
    };
    let Some(level) = level else {
        return Ok(Some(Destination {
            file: asked.to_path_buf(),
            level: LevelFilter::DEBUG,
        }));
    };
    let dir = state_home.ok_or_else(|| {
        Error::Message(format!(
            "no home folder to keep a log in; pass --log FILE or set {LOG_VAR} to a file"
        ))
    })?;
    Ok(Some(Destination {
        file: dir.join("lunwen").join("lunwen.log"),
        level,
    }))
}

/// `$XDG_STATE_HOME`, else `~/.local/state` (on macOS too, as for the config file).
fn state_home() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute());
    xdg.or_else(|| {
        let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
        Some(PathBuf::from(home).join(".local").join("state"))
    })
}

/// Start the log when one is asked for, and note what a report needs first: the version,
/// the command, and the folders and config file in use. A log file that cannot be opened is
/// an error naming it.
pub fn start(cli: &Cli) -> Result<()> {
    let Some(destination) = destination(cli.options.log.as_deref(), state_home())? else {
        return Ok(());
    };
    let file = open(&destination.file).map_err(|err| {
        Error::Message(format!(
            "cannot open the log file {}: {err}",
            destination.file.display()
        ))
    })?;
    let subscriber = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(destination.level)
        .with_thread_names(true)
        .finish();
    // Only the first start in a process sets it; there is only one.
    let _ = tracing::subscriber::set_global_default(subscriber);
    let args: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    tracing::info!(
        "lunwen {} started: {}",
        env!("CARGO_PKG_VERSION"),
        shell_words::join(&args)
    );
    note_folders(&cli.options);
    Ok(())
}

/// Append to the log file, making its folder when it is the state folder's (or any other).
fn open(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    File::options().create(true).append(true).open(path)
}

fn note_folders(options: &Options) {
    let shown = |dir: Result<PathBuf>| match dir {
        Ok(dir) => dir.display().to_string(),
        Err(err) => err.to_string(),
    };
    tracing::info!(
        "cache folder: {}",
        shown(options.store().map(|store| store.cache_dir().to_path_buf()))
    );
    tracing::info!("data folder: {}", shown(options.data_dir()));
    let (location, _, problems) = options.config();
    match location {
        Some(location) => tracing::info!(
            "config file: {}{}",
            location.path.display(),
            if location.path.exists() {
                ""
            } else {
                " (not there: the preset is used)"
            }
        ),
        None => tracing::info!("config file: none (no home folder)"),
    }
    for problem in problems {
        tracing::warn!("config: {problem}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_word_logs_to_the_state_folder_and_a_path_to_itself() {
        let home = Some(PathBuf::from("/home/ada/.local/state"));
        let at = |asked: &str| destination(Some(Path::new(asked)), home.clone()).unwrap();
        let in_state = PathBuf::from("/home/ada/.local/state/lunwen/lunwen.log");
        assert_eq!(
            at("debug"),
            Some(Destination {
                file: in_state.clone(),
                level: LevelFilter::DEBUG
            })
        );
        assert_eq!(
            at("INFO"),
            Some(Destination {
                file: in_state,
                level: LevelFilter::INFO
            })
        );
        assert_eq!(
            at("run.log"),
            Some(Destination {
                file: PathBuf::from("run.log"),
                level: LevelFilter::DEBUG
            })
        );
        assert_eq!(at("off"), None);
        assert_eq!(destination(None, home.clone()).unwrap(), None);
        assert!(destination(Some(Path::new("debug")), None).is_err());
    }
}
