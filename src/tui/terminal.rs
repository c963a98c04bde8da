//! The terminal while the reader is up: raw mode, the alternate screen and the mouse, and
//! putting them all back on quit, on error, on panic, on a signal and when the terminal closes.

use std::io::{self, Stdout};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

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

/// The reader's hold on the terminal; dropping it gives the terminal back.
pub struct Session {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl Session {
    pub fn enter() -> io::Result<Session> {
        install_panic_hook();
        start_watchdog()?;
        enable_raw_mode()?;
        ENTERED.store(true, Ordering::SeqCst);
        let entered = execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)
            .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
        match entered {
            Ok(terminal) => Ok(Session { terminal }),
            Err(err) => {
                leave();
                Err(err)
            }
        }
    }
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
