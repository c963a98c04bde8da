//! The binary `cargo test` builds, in a real terminal (tmux): keys go in, the screen comes out.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tempfile::TempDir;
use unicode_width::UnicodeWidthChar;

/// The lunwen binary this test run built.
pub fn lunwen() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_lunwen"))
}

/// A `$BROWSER` in `dir` that writes each link it is given on a line of `opened.txt` there:
/// the script and that file.
pub fn fake_browser(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let opened = dir.join("opened.txt");
    let browser = dir.join("browser.sh");
    let body = format!("printf '%s\\n' \"$1\" >> '{}'", opened.display());
    shell_script(&browser, &body);
    (browser, opened)
}

/// An executable `sh` script at `path` running `body`.
pub fn shell_script(path: &Path, body: &str) {
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A cache holding some Markdown fixtures, and a `$BROWSER` that writes down each link it is
/// given.
pub struct Setup {
    pub cache: TempDir,
    pub opened: PathBuf,
    pub browser: PathBuf,
}

impl Setup {
    pub fn with(fixtures: &[&str]) -> Setup {
        let cache = TempDir::new().unwrap();
        let out = super::env::lunwen()
            .arg("import")
            .args(fixtures)
            .env("LUNWEN_CACHE_DIR", cache.path())
            .env_remove("LUNWEN_LOG")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let (browser, opened) = fake_browser(cache.path());
        Setup {
            cache,
            opened,
            browser,
        }
    }

    /// The shell command that runs the reader on the cache, with `$BROWSER` set to `browser`
    /// (the fake browser's path is [`Setup::browser`]).
    pub fn reader_command(&self, browser: &str) -> String {
        format!(
            "env -u LUNWEN_LOG LUNWEN_CACHE_DIR='{}' BROWSER='{browser}' TERM=xterm-256color '{}'",
            self.cache.path().display(),
            lunwen().display()
        )
    }

    /// The links the browser was given, once there are `count` of them (or after ten
    /// seconds, those there are).
    pub fn opened(&self, count: usize) -> Vec<String> {
        let start = Instant::now();
        loop {
            let links: Vec<String> = std::fs::read_to_string(&self.opened)
                .unwrap_or_default()
                .lines()
                .map(str::to_string)
                .collect();
            if links.len() >= count || start.elapsed() > Duration::from_secs(10) {
                return links;
            }
            sleep(Duration::from_millis(50));
        }
    }
}

/// A tmux server of the test's own, so nothing of the user's is touched (marks go to a data
/// folder of its own); killed on drop.
pub struct Tmux {
    socket: String,
    home: TempDir,
}

impl Tmux {
    pub fn start(name: &str, width: u16, height: u16, command: &str) -> Tmux {
        let socket = format!("lunwen-test-{}-{name}", std::process::id());
        let home = TempDir::new().unwrap();
        let tmux = Tmux { socket, home };
        let out = tmux.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            command,
        ]);
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }

    /// The data folder the readers started here keep their marks in, unless told otherwise.
    pub fn data_dir(&self) -> std::path::PathBuf {
        self.home.path().join("data")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let mut tmux = Command::new("tmux");
        super::env::hermetic(&mut tmux);
        tmux.arg("-L")
            .arg(&self.socket)
            .args(args)
            .env("TMUX", "")
            .env("TERM", "xterm-256color")
            // The server, started by the first command, hands these to every program in it.
            .env("LUNWEN_DATA_DIR", self.data_dir())
            .env("XDG_DATA_HOME", self.home.path().join("xdg-data"))
            .output()
            .expect("tmux is installed (.ci/run installs it)")
    }

    /// Send keys one at a time, letting the reader draw the result of each before the next.
    pub fn keys(&self, keys: &[&str]) {
        self.keys_to("0", keys);
    }

    /// [`Tmux::keys`] for another window than the first.
    pub fn keys_to(&self, window: &str, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", window, key]);
            sleep(Duration::from_millis(60));
        }
    }

    /// Start `command` in a window of its own, numbered from 1.
    pub fn new_window(&self, command: &str) {
        let out = self.run(&["new-window", "-d", command]);
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// [`Tmux::wait_until`] for another window than the first.
    pub fn wait_in(&self, window: &str, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen_of(window);
            if done(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited in vain for {what} in window {window}:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// Send text exactly as typed, all at once, as a terminal delivers a paste or a burst.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "0", "-l", text]);
    }

    pub fn screen(&self) -> String {
        self.screen_of("0")
    }

    /// The screen of a window, numbered from 0.
    pub fn screen_of(&self, window: &str) -> String {
        let out = self.run(&["capture-pane", "-p", "-N", "-t", window]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The screen once it shows `text`; fails with the screen if it never does.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("the screen to show {text:?}"), |screen| {
            screen.contains(text)
        })
    }

    /// The screen once `done` says it is as expected; fails with the screen after 20 s.
    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        self.wait_in("0", what, done)
    }

    /// The screen once it no longer shows `text` and its frame is whole again.
    pub fn wait_while(&self, text: &str) -> String {
        self.wait_until(&format!("the screen to stop showing {text:?}"), |screen| {
            let status_drawn = screen
                .lines()
                .rfind(|line| !line.trim().is_empty())
                .is_some_and(|line| line.starts_with(" 20"));
            !screen.contains(text) && status_drawn
        })
    }

    pub fn is_running(&self) -> bool {
        self.run(&["has-session"]).status.success()
    }

    /// Wait for the session's program to end; fails naming `what` if it does not.
    pub fn wait_for_exit(&self, what: &str) {
        let start = Instant::now();
        while self.is_running() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{what} did not quit"
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// A screen line as cells: a wide character fills its cell and leaves the next one `None`.
pub fn cells(line: &str) -> Vec<Option<char>> {
    let mut cells = Vec::new();
    for c in line.chars() {
        let width = c.width().unwrap_or(0);
        if width == 0 {
            continue;
        }
        cells.push(Some(c));
        cells.extend(std::iter::repeat_n(None, width - 1));
    }
    cells
}
