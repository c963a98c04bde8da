//! Opening a paper's link in a browser, without blocking or drawing over the reader.

use std::process::{Command, Stdio};

/// Something that can open a link; the reader's tests use a fake one.
pub trait Opener {
    /// Start opening `url`. `Err` says why it could not be.
    fn open(&mut self, url: &str) -> Result<(), String>;
}

/// `$BROWSER` when it is set, as many terminal tools honour it; the platform's opener otherwise.
#[derive(Debug, Default)]
pub struct SystemOpener;

impl Opener for SystemOpener {
    fn open(&mut self, url: &str) -> Result<(), String> {
        let browser = std::env::var("BROWSER").unwrap_or_default();
        // `$BROWSER` may list several commands separated by ':'; the first one is used.
        match browser.split(':').map(str::trim).find(|c| !c.is_empty()) {
            Some(command) => spawn_browser(command, url),
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
/// Its output is discarded so it cannot draw over the screen.
fn spawn_browser(command: &str, url: &str) -> Result<(), String> {
    let mut words = command.split_whitespace();
    let program = words.next().ok_or("$BROWSER is empty")?;
    let mut args: Vec<String> = words.map(|w| w.replace("%s", url)).collect();
    if !command.contains("%s") {
        args.push(url.to_string());
    }
    let mut child = Command::new(program)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| format!("{program}: {err}"))?;
    // Reap the browser when it exits, so it leaves no zombie behind.
    std::thread::spawn(move || child.wait());
    Ok(())
}
