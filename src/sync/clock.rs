//! Time as the network code waits on it: the real clock, or a clock that moves only when it is
//! waited on, so the waits of lunwen's politeness (the rate limit, a server's `Retry-After`, the
//! backoff that doubles) can be checked without being sat through.

use std::sync::Mutex;
use std::time::{Duration, Instant};

pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
    fn sleep(&self, duration: Duration);
}

/// The machine's clock.
pub struct RealClock;

impl Clock for RealClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// A clock that stands still until it is slept on, and then moves at once by the time slept.
pub struct VirtualClock {
    start: Instant,
    passed: Mutex<Duration>,
}

impl VirtualClock {
    pub fn new() -> VirtualClock {
        VirtualClock {
            start: Instant::now(),
            passed: Mutex::new(Duration::ZERO),
        }
    }

    /// The time slept on this clock so far.
    pub fn passed(&self) -> Duration {
        *self.passed.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Default for VirtualClock {
    fn default() -> VirtualClock {
        VirtualClock::new()
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Instant {
        self.start + self.passed()
    }

    fn sleep(&self, duration: Duration) {
        *self.passed.lock().unwrap_or_else(|e| e.into_inner()) += duration;
        // Let other threads on the same clock have their turn, as a real sleep would.
        std::thread::yield_now();
    }
}
