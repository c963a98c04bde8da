//! The terminal while the reader is up: raw mode, the alternate screen, the mouse and bracketed
//! paste; giving them back on quit, on error, on panic, on a signal, when the terminal closes
//! and while the reader is suspended (Ctrl-Z), and taking them again on `fg`.

use std::io::{self, BufWriter, Stdout};
use std::ops::{Deref, DerefMut};
#[cfg(unix)]
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;

use super::backend::CellWriter;
use super::wake::Waker;

/// Watches, beside the event loop, for SIGTERM, SIGHUP, SIGINT and SIGQUIT and for the
/// terminal going away (a closed window whose hangup never reached us). Either ends the
/// reader with the terminal restored. Each watch is a thread blocked until what it waits for
/// happens, so a reader left alone wakes for nothing. Threads of their own: once the
/// terminal is gone, crossterm's event poll spins inside itself and never returns to the loop.
#[cfg(unix)]
fn start_watchdog() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    use std::os::fd::AsFd;
    // SIGINT and SIGQUIT come only from outside: in raw mode Ctrl-C is a key.
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::Builder::new()
        .name("signal watch".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                end(signal);
            }
        })?;
    let stdin = io::stdin().as_fd().try_clone_to_owned()?;
    std::thread::Builder::new()
        .name("terminal watch".into())
        .spawn(move || {
            if hangup::wait(stdin.as_fd()) {
                end(SIGHUP);
            }
        })?;
    Ok(())
}

/// Give the terminal back and exit as a process killed by `signal` reports.
#[cfg(unix)]
fn end(signal: i32) -> ! {
    // Hold stdout so the event loop cannot draw over the restored terminal.
    let _stdout = io::stdout().lock();
    leave();
    std::process::exit(128 + signal);
}

/// Without signals, only the console itself ends the reader.
#[cfg(not(unix))]
fn start_watchdog() -> io::Result<()> {
    Ok(())
}

/// Noticing that the terminal behind stdin has hung up, without reading a key from it and
/// without waking until it does (or, on macOS, until a key comes).
#[cfg(unix)]
mod hangup {
    use std::os::fd::{AsRawFd, BorrowedFd};
    use std::time::Duration;

    /// Block until the terminal hangs up: `true`, or `false` when it cannot be watched.
    pub fn wait(terminal: BorrowedFd<'_>) -> bool {
        if cfg!(target_os = "macos") {
            by_select(terminal)
        } else {
            by_poll(terminal)
        }
    }

    /// poll() asked for no event at all still reports a hang-up, so it blocks until then and
    /// wakes for nothing else, keys included.
    pub fn by_poll(terminal: BorrowedFd<'_>) -> bool {
        use rustix::event::{PollFd, PollFlags};
        loop {
            let mut fds = [PollFd::new(&terminal, PollFlags::empty())];
            match rustix::event::poll(&mut fds, None) {
                Ok(_) => {
                    let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
                    if fds[0].revents().intersects(gone) {
                        return true;
                    }
                }
                Err(rustix::io::Errno::INTR) => {}
                Err(_) => return false,
            }
        }
    }

    /// How often a terminal that is readable but has nothing to read is looked at again, and
    /// how many looks make it a hang-up.
    const LOOK_AGAIN: Duration = Duration::from_millis(50);
    const LOOKS: u32 = 3;
    /// How long keys typed are left for the event loop to read before looking again.
    const KEYS_WAIT: Duration = Duration::from_millis(20);

    /// macOS answers poll() on a terminal with POLLNVAL at once, so this waits with select()
    /// (filedescriptor's poll is select() there, as crossterm's own terminal reader uses).
    /// That wakes for keys too: a terminal that has hung up is readable with nothing to read,
    /// and stays so, where keys are read by the event loop within moments. Between the wake and
    /// the look the event loop may have read a key, so only a few looks apart, each finding
    /// nothing to read, make a hang-up.
    pub fn by_select(terminal: BorrowedFd<'_>) -> bool {
        use filedescriptor::{POLLERR, POLLHUP, POLLIN, pollfd};
        let mut empty_looks = 0;
        loop {
            let mut fds = [pollfd {
                fd: terminal.as_raw_fd(),
                events: POLLIN,
                revents: 0,
            }];
            // Once something looked odd, look without waiting; otherwise wait for as long as
            // it takes.
            let wait = (empty_looks > 0).then_some(Duration::ZERO);
            match filedescriptor::poll(&mut fds, wait) {
                Ok(_) => {}
                Err(filedescriptor::Error::Poll(err) | filedescriptor::Error::Io(err))
                    if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
            if fds[0].revents & (POLLIN | POLLHUP | POLLERR) == 0 {
                empty_looks = 0;
                continue;
            }
            match rustix::io::ioctl_fionread(terminal) {
                Ok(waiting) if waiting > 0 => {
                    empty_looks = 0;
                    std::thread::sleep(KEYS_WAIT);
                }
                // A terminal that has hung up has nothing to read, or will not say.
                _ => {
                    empty_looks += 1;
                    if empty_looks >= LOOKS {
                        return true;
                    }
                    std::thread::sleep(LOOK_AGAIN);
                }
            }
        }
    }
}

/// What happened to the process from outside that the event loop must act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(unix), allow(dead_code))]
pub enum Outside {
    /// A `SIGTSTP` (`kill -TSTP`, or a job-control shell): suspend as Ctrl-Z does.
    StopAsked,
    /// The process was stopped by something else and is running again: take the terminal
    /// back, since the shell had it in between, and draw everything again.
    Continued,
}

/// Where frames are written: the standard output, a frame at a time.
type Screen = BufWriter<Stdout>;

/// Room for a whole frame: a full screen of 300 × 100 cells, each its colors and a character.
const FRAME_BYTES: usize = 1 << 18;

/// The reader's hold on the terminal; dropping it gives the terminal back.
pub struct Session {
    terminal: Terminal<CellWriter<Screen>>,
    #[cfg(unix)]
    stop_asked: Arc<AtomicBool>,
    #[cfg(unix)]
    continued: Arc<AtomicBool>,
    #[cfg(unix)]
    resized: Arc<AtomicBool>,
    /// What the signals above were registered as, to take them back on drop.
    #[cfg(unix)]
    registered: Vec<signal_hook::SigId>,
}

impl Session {
    /// Take the terminal; the signals the event loop acts on (a stop asked for, a continue,
    /// a new size) ring `waker` as they come.
    pub fn enter(waker: &Waker) -> io::Result<Session> {
        install_panic_hook();
        start_watchdog()?;
        // Noted here and acted on by the event loop, which alone may hand the terminal over.
        #[cfg(unix)]
        let (stop_asked, continued, resized, registered) = {
            use signal_hook::consts::{SIGCONT, SIGTSTP, SIGWINCH};
            let stop_asked = Arc::new(AtomicBool::new(false));
            let continued = Arc::new(AtomicBool::new(false));
            let resized = Arc::new(AtomicBool::new(false));
            let mut registered = Vec::new();
            // Each flag before its ring (a signal's actions run in the order registered), so
            // the loop woken by the ring finds the flag set.
            for (signal, flag) in [
                (SIGTSTP, &stop_asked),
                (SIGCONT, &continued),
                (SIGWINCH, &resized),
            ] {
                registered.push(signal_hook::flag::register(signal, Arc::clone(flag))?);
                let ring = waker.descriptor()?;
                registered.push(signal_hook::low_level::pipe::register(signal, ring)?);
            }
            (stop_asked, continued, resized, registered)
        };
        #[cfg(not(unix))]
        let _ = waker;
        take_over()?;
        // A frame goes out in one write, not in the standard output's pieces of a kilobyte: a
        // terminal, or tmux, never shows a frame half drawn, and draws it once.
        let mut writer = CellWriter::new(BufWriter::with_capacity(FRAME_BYTES, io::stdout()));
        let made = writer.measure().and_then(|_| Terminal::new(writer));
        match made {
            Ok(terminal) => Ok(Session {
                terminal,
                #[cfg(unix)]
                stop_asked,
                #[cfg(unix)]
                continued,
                #[cfg(unix)]
                resized,
                #[cfg(unix)]
                registered,
            }),
            Err(err) => {
                leave();
                Err(err)
            }
        }
    }

    /// Whether the terminal changed size since the last call (SIGWINCH); the next frame is
    /// drawn at the new size. The size is asked of the terminal only then, not every frame.
    #[cfg(unix)]
    pub fn resized(&mut self) -> io::Result<bool> {
        if !self.resized.swap(false, Ordering::SeqCst) {
            return Ok(false);
        }
        self.terminal.backend_mut().measure()?;
        Ok(true)
    }

    #[cfg(not(unix))]
    pub fn resized(&mut self) -> io::Result<bool> {
        self.terminal.backend_mut().measure()?;
        Ok(false)
    }

    /// A signal from outside that has arrived since the last call, if any.
    #[cfg(unix)]
    pub fn outside(&self) -> Option<Outside> {
        if self.stop_asked.swap(false, Ordering::SeqCst) {
            Some(Outside::StopAsked)
        } else if self.continued.swap(false, Ordering::SeqCst) {
            Some(Outside::Continued)
        } else {
            None
        }
    }

    #[cfg(not(unix))]
    pub fn outside(&self) -> Option<Outside> {
        None
    }

    /// Give the terminal back to the shell as it was, stop (as Ctrl-Z does in a shell), and
    /// once continued (`fg`) take it again and draw everything anew.
    #[cfg(unix)]
    pub fn suspend(&mut self) -> io::Result<()> {
        leave();
        // The whole job stops, so a shell that started lunwen from a script sees it stopped.
        // SIGSTOP, not SIGTSTP: that would only come back to the flag above.
        rustix::process::kill_current_process_group(rustix::process::Signal::STOP)?;
        self.continued.store(false, Ordering::SeqCst);
        self.resume()
    }

    /// A console without job control has nothing to stop to.
    #[cfg(not(unix))]
    pub fn suspend(&mut self) -> io::Result<()> {
        Ok(())
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

    /// Give the terminal to another program (the user's editor) while `run` runs it, then
    /// take it again and redraw every cell.
    pub fn hand_over<T>(&mut self, run: impl FnOnce() -> T) -> io::Result<T> {
        leave();
        let result = run();
        self.resume()?;
        Ok(result)
    }

    /// Take the terminal again after the process was stopped, and redraw every cell.
    pub fn resume(&mut self) -> io::Result<()> {
        take_over()?;
        // The terminal may have changed size while it was another program's.
        self.terminal.backend_mut().measure()?;
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
        #[cfg(unix)]
        for id in self.registered.drain(..) {
            signal_hook::low_level::unregister(id);
        }
        // What a frame that failed halfway left unsent goes out now, on the reader's screen,
        // not on the shell's once the terminal is given back.
        let _ = ratatui::backend::Backend::flush(self.terminal.backend_mut());
        leave();
    }
}

impl Deref for Session {
    type Target = Terminal<CellWriter<Screen>>;
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

#[cfg(all(test, unix))]
mod tests {
    use std::io::{Read, Write};
    use std::os::fd::{AsFd, BorrowedFd};
    use std::sync::mpsc;
    use std::time::Duration;

    use super::hangup;

    /// Each way of watching wakes when the window closes, and not for keys typed meanwhile,
    /// whether they are read at once or wait a while to be read.
    #[test]
    fn a_closed_window_is_noticed_and_keys_are_not_taken_for_it() {
        type Watch = fn(BorrowedFd<'_>) -> bool;
        let mut watches: Vec<(&str, Watch)> = vec![("select", hangup::by_select)];
        // macOS's poll() does not work on terminals: that is why select() is there.
        if !cfg!(target_os = "macos") {
            watches.push(("poll", hangup::by_poll));
        }
        for (name, watch) in watches {
            let (mut window, mut reader) = crate::tui::wake::pty_pair();
            let watched = reader.try_clone().unwrap();
            let (told, hung_up) = mpsc::channel();
            std::thread::spawn(move || told.send(watch(watched.as_fd())));
            for _ in 0..3 {
                window.write_all(b"jk\n").unwrap();
                std::thread::sleep(Duration::from_millis(150));
                let mut keys = [0; 16];
                assert!(reader.read(&mut keys).unwrap() > 0);
                assert!(
                    hung_up.recv_timeout(Duration::from_millis(150)).is_err(),
                    "{name}: keys taken for a hang-up"
                );
            }
            drop(window);
            assert_eq!(
                hung_up.recv_timeout(Duration::from_secs(5)),
                Ok(true),
                "{name}: the closed window went unnoticed"
            );
        }
    }
}
