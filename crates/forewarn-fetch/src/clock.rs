//! Time as the fetcher sees it. Politeness delays and retry backoff sleep through a [`Clock`] so
//! tests can run them on virtual time instead of waiting.

use std::time::{Duration, Instant};

/// A source of monotonic time that can also wait.
pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
    fn sleep(&self, duration: Duration);
}

/// The real clock: `Instant::now` and `thread::sleep`.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}
