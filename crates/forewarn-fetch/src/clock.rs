//! Time as the fetcher sees it. Politeness delays and retry backoff sleep through a [`Clock`] so
//! tests can run them on virtual time instead of waiting; a server's `Retry-After` date is read
//! against the same clock, so virtual time never meets the wall clock.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

/// A source of monotonic time and of the calendar date, that can also wait.
pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
    /// The current date and time, to compare with dates servers send (`Retry-After`). Sleeping
    /// must move it forward as much as it moves [`Clock::now`].
    fn utc_now(&self) -> DateTime<Utc>;
    fn sleep(&self, duration: Duration);
}

/// The real clock: `Instant::now`, `Utc::now` and `thread::sleep`.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn utc_now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}
