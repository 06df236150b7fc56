//! How far a long check has come, for a window to show it.

use std::time::{Duration, Instant};

/// Lines checked of all the lines of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// No more often than this: a window redraws a progress bar no faster than a person reads it.
pub(crate) const INTERVAL: Duration = Duration::from_millis(100);

/// Passes progress on at most every [`INTERVAL`], and the end always.
pub(crate) struct Reporter<'a> {
    total: usize,
    last: Instant,
    on_progress: &'a mut dyn FnMut(Progress),
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(total: usize, on_progress: &'a mut dyn FnMut(Progress)) -> Reporter<'a> {
        Reporter {
            total,
            last: Instant::now(),
            on_progress,
        }
    }

    pub(crate) fn advance(&mut self, done: usize) {
        if done < self.total && self.last.elapsed() >= INTERVAL {
            (self.on_progress)(Progress {
                done,
                total: self.total,
            });
            self.last = Instant::now();
        }
    }

    pub(crate) fn finish(self) {
        (self.on_progress)(Progress {
            done: self.total,
            total: self.total,
        });
    }
}
