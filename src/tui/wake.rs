//! The event loop's one wait: for input from the terminal, for anything else that has news
//! (the effects' threads, file events, signals) and for the next deadline the model has, all
//! at once, so that a reader with nothing happening sleeps and wakes for nothing.

use std::io;
use std::time::Instant;

/// What ended a wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woken {
    /// The terminal has input to read (or has hung up, which reading it finds).
    Input,
    /// Something else has news: an effect's result, a file event, a signal.
    News,
    /// The deadline came.
    Time,
}

/// How the loop is woken from outside: cheap to clone, safe from any thread.
#[derive(Clone)]
pub struct Waker {
    #[cfg(unix)]
    bell: std::sync::Arc<std::os::unix::net::UnixStream>,
}

/// The waiting end of the wakers made with it.
pub struct Waiting {
    #[cfg(unix)]
    listen: std::os::unix::net::UnixStream,
    waker: Waker,
}

#[cfg(unix)]
impl Waiting {
    pub fn new() -> io::Result<Waiting> {
        let (listen, bell) = std::os::unix::net::UnixStream::pair()?;
        // A full socket already wakes the loop, and a thread reporting must never block on it.
        listen.set_nonblocking(true)?;
        bell.set_nonblocking(true)?;
        Ok(Waiting {
            listen,
            waker: Waker {
                bell: std::sync::Arc::new(bell),
            },
        })
    }

    pub fn waker(&self) -> Waker {
        self.waker.clone()
    }

    /// Wait until `terminal` has input, a waker rings, or `until` comes; without `until`, for
    /// as long as it takes. select() on macOS, where poll() does not work on terminals (as
    /// crossterm's own reader does it); poll() elsewhere.
    pub fn wait(
        &mut self,
        terminal: std::os::fd::BorrowedFd<'_>,
        until: Option<Instant>,
    ) -> io::Result<Woken> {
        use filedescriptor::{POLLERR, POLLHUP, POLLIN, pollfd};
        use std::os::fd::AsRawFd;
        let mut fds = [
            pollfd {
                fd: terminal.as_raw_fd(),
                events: POLLIN,
                revents: 0,
            },
            pollfd {
                fd: self.listen.as_raw_fd(),
                events: POLLIN,
                revents: 0,
            },
        ];
        loop {
            match filedescriptor::poll(&mut fds, until.map(time_to)) {
                Ok(_) => break,
                Err(filedescriptor::Error::Poll(err) | filedescriptor::Error::Io(err))
                    if err.kind() == io::ErrorKind::Interrupted =>
                {
                    // A signal: its own ring is on the socket, or it was not for us.
                    continue;
                }
                Err(err) => return Err(io::Error::other(err.to_string())),
            }
        }
        let rang = fds[1].revents & POLLIN != 0;
        if rang {
            self.drain();
        }
        Ok(if fds[0].revents & (POLLIN | POLLHUP | POLLERR) != 0 {
            Woken::Input
        } else if rang {
            Woken::News
        } else {
            Woken::Time
        })
    }

    /// Take every ring waiting: what they rang for is all looked at after the wait.
    fn drain(&mut self) {
        use std::io::Read;
        let mut rings = [0u8; 256];
        while matches!((&self.listen).read(&mut rings), Ok(n) if n > 0) {}
    }
}

/// The time left until `at`, in whole milliseconds rounded up, as poll() counts it: a wait
/// never ends before its deadline, to wake again at once for what is left.
#[cfg(unix)]
fn time_to(at: Instant) -> std::time::Duration {
    let left = at.saturating_duration_since(Instant::now());
    let millis = left.as_micros().div_ceil(1000);
    std::time::Duration::from_millis(u64::try_from(millis).unwrap_or(u64::MAX))
}

#[cfg(unix)]
impl Waker {
    /// Wake the loop. Never blocks: rings already waiting wake it all the same.
    pub fn wake(&self) {
        use std::io::Write;
        let _ = (&*self.bell).write(&[1]);
    }

    /// A descriptor that wakes the loop when a byte is written to it, for a signal handler.
    pub fn descriptor(&self) -> io::Result<std::os::fd::OwnedFd> {
        Ok(self.bell.try_clone()?.into())
    }
}

/// Without a descriptor to wait on for everything at once, the loop looks a few times a second.
#[cfg(not(unix))]
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

#[cfg(not(unix))]
impl Waiting {
    pub fn new() -> io::Result<Waiting> {
        Ok(Waiting { waker: Waker {} })
    }

    pub fn waker(&self) -> Waker {
        self.waker.clone()
    }

    /// Wait until the console has input or a short while has passed.
    pub fn wait(&mut self, until: Option<Instant>) -> io::Result<Woken> {
        let timeout = until
            .map(|at| at.saturating_duration_since(Instant::now()))
            .map_or(LOOK_EVERY, |left| left.min(LOOK_EVERY));
        Ok(if crossterm::event::poll(timeout)? {
            Woken::Input
        } else {
            Woken::Time
        })
    }
}

#[cfg(not(unix))]
impl Waker {
    pub fn wake(&self) {}
}

/// A new pseudo-terminal: the end a terminal window holds, and the reader's end.
#[cfg(all(test, unix))]
pub(crate) fn pty_pair() -> (std::fs::File, std::fs::File) {
    use rustix::fs::{Mode, OFlags};
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    let window = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&window).unwrap();
    unlockpt(&window).unwrap();
    let name = ptsname(&window, Vec::new()).unwrap();
    let reader: std::os::fd::OwnedFd = rustix::fs::open(
        name.as_c_str(),
        OFlags::RDWR | OFlags::NOCTTY,
        Mode::empty(),
    )
    .unwrap();
    (window.into(), reader.into())
}

#[cfg(all(test, unix))]
mod tests {
    use std::io::Write;
    use std::os::fd::AsFd;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use super::{Waiting, Woken};

    /// With nothing happening and no deadline the wait does not end by itself; it ends for a
    /// ring from another thread, for input, and at a deadline, and each says which.
    #[test]
    fn the_wait_ends_for_news_input_or_a_deadline_and_for_nothing_else() {
        let (mut window, terminal) = super::pty_pair();
        let mut waiting = Waiting::new().unwrap();
        let waker = waiting.waker();
        let (told, woken) = mpsc::channel();
        let (ask, asked) = mpsc::channel::<Option<Instant>>();
        std::thread::spawn(move || {
            for until in asked {
                told.send(waiting.wait(terminal.as_fd(), until).unwrap())
                    .unwrap();
            }
        });
        ask.send(None).unwrap();
        assert!(
            woken.recv_timeout(Duration::from_millis(500)).is_err(),
            "the wait ended with nothing happening"
        );
        waker.wake();
        assert_eq!(woken.recv_timeout(Duration::from_secs(10)), Ok(Woken::News));
        // Rings are taken by the wait they end: the next one waits again.
        ask.send(None).unwrap();
        assert!(woken.recv_timeout(Duration::from_millis(300)).is_err());
        // A line: the terminal is not in raw mode, so it hands on whole lines.
        window.write_all(b"j\n").unwrap();
        assert_eq!(
            woken.recv_timeout(Duration::from_secs(10)),
            Ok(Woken::Input)
        );
        ask.send(Some(Instant::now() + Duration::from_millis(50)))
            .unwrap();
        // The key is still unread: the terminal still has input.
        assert_eq!(
            woken.recv_timeout(Duration::from_secs(10)),
            Ok(Woken::Input)
        );
    }

    #[test]
    fn a_deadline_ends_the_wait() {
        let (_window, terminal) = super::pty_pair();
        let mut waiting = Waiting::new().unwrap();
        let at = Instant::now() + Duration::from_millis(50);
        assert_eq!(
            waiting.wait(terminal.as_fd(), Some(at)).unwrap(),
            Woken::Time
        );
        assert!(Instant::now() >= at);
    }
}
