//! The terminal while the reader is up: raw mode, the alternate screen, the mouse and bracketed
//! paste; giving them back on quit, on error, on panic, on a signal, when the terminal closes
//! and while the reader is suspended (Ctrl-Z), and taking them again on `fg`.

use std::io::{self, Stdout};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};

/// How often the watchdog looks for a signal or a vanished terminal.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// Watches, beside the event loop, for SIGTERM and SIGHUP and for the terminal going away
/// (a closed window whose hangup never reached us). Either ends the reader with the terminal
/// restored. It has to be a thread of its own: once the terminal is gone, crossterm's event
/// poll spins inside itself and never returns to the loop.
fn start_watchdog() -> io::Result<()> {
    let signal = Arc::new(AtomicUsize::new(0));
    // SIGINT and SIGQUIT come only from outside: in raw mode Ctrl-C is a key.
    for number in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
        signal_hook::flag::register_usize(number, Arc::clone(&signal), number as usize)?;
    }
    std::thread::Builder::new()
        .name("terminal watchdog".into())
        .spawn(move || {
            loop {
                std::thread::sleep(WATCH_EVERY);
                let received = signal.load(Ordering::Relaxed);
                if received != 0 || terminal_hung_up() {
                    // Hold stdout so the event loop cannot draw over the restored terminal.
                    let _stdout = io::stdout().lock();
                    leave();
                    let code = if received == 0 {
                        SIGHUP as usize
                    } else {
                        received
                    };
                    std::process::exit(128 + i32::try_from(code).unwrap_or(1));
                }
            }
        })?;
    Ok(())
}

/// Whether the terminal behind stdin has hung up, asked without reading a key from it.
#[cfg(unix)]
fn terminal_hung_up() -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec};
    use std::os::fd::AsFd;
    let stdin = io::stdin();
    let fd = stdin.as_fd();
    let mut fds = [PollFd::new(&fd, PollFlags::empty())];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    match rustix::event::poll(&mut fds, Some(&now)) {
        Ok(0) => false,
        Ok(_) => fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        Err(_) => false,
    }
}

#[cfg(not(unix))]
fn terminal_hung_up() -> bool {
    false
}

/// What happened to the process from outside that the event loop must act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    /// A `SIGTSTP` (`kill -TSTP`, or a job-control shell): suspend as Ctrl-Z does.
    StopAsked,
    /// The process was stopped by something else and is running again: take the terminal
    /// back, since the shell had it in between, and draw everything again.
    Continued,
}

/// The reader's hold on the terminal; dropping it gives the terminal back.
pub struct Session {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    stop_asked: Arc<AtomicBool>,
    continued: Arc<AtomicBool>,
}

impl Session {
    pub fn enter() -> io::Result<Session> {
        install_panic_hook();
        start_watchdog()?;
        // Noted here and acted on by the event loop, which alone may hand the terminal over.
        let stop_asked = Arc::new(AtomicBool::new(false));
        let continued = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(SIGTSTP, Arc::clone(&stop_asked))?;
        signal_hook::flag::register(SIGCONT, Arc::clone(&continued))?;
        take_over()?;
        match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(terminal) => Ok(Session {
                terminal,
                stop_asked,
                continued,
            }),
            Err(err) => {
                leave();
                Err(err)
            }
        }
    }

    /// A signal from outside that has arrived since the last call, if any.
    pub fn outside(&self) -> Option<Outside> {
        if self.stop_asked.swap(false, Ordering::SeqCst) {
            Some(Outside::StopAsked)
        } else if self.continued.swap(false, Ordering::SeqCst) {
            Some(Outside::Continued)
        } else {
            None
        }
    }

    /// Give the terminal back to the shell as it was, stop (as Ctrl-Z does in a shell), and
    /// once continued (`fg`) take it again and draw everything anew.
    pub fn suspend(&mut self) -> io::Result<()> {
        leave();
        // The whole job stops, so a shell that started lunwen from a script sees it stopped.
        // SIGSTOP, not SIGTSTP: that would only come back to the flag above.
        rustix::process::kill_current_process_group(rustix::process::Signal::STOP)?;
        self.continued.store(false, Ordering::SeqCst);
        self.resume()
    }

    /// Send `text` to the clipboard with OSC 52, which terminals carry over SSH and tmux
    /// passes on (with `set -g set-clipboard on`; see [`super::clipboard`]). The text goes
    /// base64-encoded, so nothing in it can reach the terminal as a control sequence.
    pub fn copy(&mut self, text: &str) -> io::Result<()> {
        execute!(
            self.terminal.backend_mut(),
            crossterm::clipboard::CopyToClipboard::to_clipboard_from(text)
        )
    }

    /// Take the terminal again after the process was stopped, and redraw every cell.
    pub fn resume(&mut self) -> io::Result<()> {
        take_over()?;
        self.terminal.clear()
    }
}

/// Raw mode, the alternate screen, the mouse and bracketed paste, for the reader.
fn take_over() -> io::Result<()> {
    enable_raw_mode()?;
    ENTERED.store(true, Ordering::SeqCst);
    let taken = execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    );
    if taken.is_err() {
        leave();
    }
    taken
}

impl Drop for Session {
    fn drop(&mut self) {
        leave();
    }
}

impl Deref for Session {
    type Target = Terminal<CrosstermBackend<Stdout>>;
    fn deref(&self) -> &Self::Target {
        &self.terminal
    }
}

impl DerefMut for Session {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.terminal
    }
}

/// Whether the terminal is in the reader's hands (raw mode, alternate screen).
static ENTERED: AtomicBool = AtomicBool::new(false);

/// Put the terminal back as it was, once: leaving the alternate screen a second time would
/// move the cursor back over what was printed since (a panic message, say).
fn leave() {
    if !ENTERED.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restore the terminal before the panic message is printed, so it is readable.
fn install_panic_hook() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave();
            previous(info);
        }));
    });
}
