//! Opening a paper's link in a browser, without blocking or drawing over the reader.

use std::process::{Command, Stdio};
use std::sync::Arc;

use super::action::{Action, Outcome, PaperOutcome};
use crate::model::link;

/// Something that can open a link; the reader's tests use a fake one.
pub trait Opener {
    /// Start opening `url`. `Err` says why it could not be.
    fn open(&mut self, url: &str) -> Result<(), String>;
}

/// Where a browser that starts but then fails reports it, for the reader to show.
type Report = Arc<dyn Fn(Action) + Send + Sync>;

/// `$BROWSER` when it is set, as many terminal tools honour it; the platform's opener otherwise.
pub struct SystemOpener {
    browser: String,
    failures: Report,
}

impl SystemOpener {
    /// The opener of `$BROWSER`; `failures` hears of browsers that failed after starting.
    pub fn new(failures: Box<dyn Fn(Action) + Send + Sync>) -> SystemOpener {
        let browser = std::env::var("BROWSER").unwrap_or_default();
        SystemOpener::with_browser(&browser, failures)
    }

    /// The opener of `browser`, written as `$BROWSER` is (empty: the platform's opener).
    pub fn with_browser(
        browser: &str,
        failures: Box<dyn Fn(Action) + Send + Sync>,
    ) -> SystemOpener {
        SystemOpener {
            browser: browser.to_string(),
            failures: Arc::from(failures),
        }
    }
}

impl Opener for SystemOpener {
    fn open(&mut self, url: &str) -> Result<(), String> {
        // Whoever asks, only a link in the form the reader shows goes to a browser.
        let url = &link::check(url).map_err(|why| format!("not opening it: {why}"))?;
        // `$BROWSER` may list several commands separated by ':'; the first that starts is used.
        let commands: Vec<&str> = self
            .browser
            .split(':')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let mut last_error = None;
        for command in &commands {
            match spawn_browser(command, url, Arc::clone(&self.failures)) {
                Ok(()) => return Ok(()),
                Err(err) => last_error = Some(err),
            }
        }
        match last_error {
            Some(err) => Err(err),
            None => {
                if cfg!(all(unix, not(target_os = "macos")))
                    && std::env::var_os("DISPLAY").is_none()
                    && std::env::var_os("WAYLAND_DISPLAY").is_none()
                {
                    return Err("no display to open a browser on".to_string());
                }
                open::that_detached(url).map_err(|err| err.to_string())
            }
        }
    }
}

/// Run a `$BROWSER` command with the link: in place of `%s` if it has one, else after it.
/// The command is split into words as a shell would split it (quotes and backslashes), but
/// no shell runs it: the link is one argument, whatever it holds. Its output is discarded so
/// it cannot draw over the screen.
fn spawn_browser(command: &str, url: &str, failures: Report) -> Result<(), String> {
    let words = shell_words::split(command).map_err(|err| format!("$BROWSER: {err}"))?;
    let mut words = words.into_iter();
    let program = words.next().ok_or("$BROWSER is empty")?;
    let mut args: Vec<String> = words.map(|w| w.replace("%s", url)).collect();
    if !command.contains("%s") {
        args.push(url.to_string());
    }
    let mut child = Command::new(&program)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| format!("{program}: {err}"))?;
    // Wait for the browser in the background: it leaves no zombie, and if it fails the
    // reader says so and shows the link.
    let url = url.to_string();
    std::thread::spawn(move || {
        if let Ok(status) = child.wait()
            && !status.success()
        {
            let result = Err(format!("{program} failed: {status}"));
            failures(Action::Outcome(Outcome::Paper(PaperOutcome::LinkOpened {
                url,
                result,
            })));
        }
    });
    Ok(())
}
