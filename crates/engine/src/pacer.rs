//! Pacing per vendor account: the vendor's documented request rate (Baishan 24 per 2 s) and
//! the pauses it asks for (`X-Ratelimit-Remaining: 0` with `X-Retry-After`, or a 429); and
//! the vendor's clock as its answers' `Date` headers tell it.
//!
//! The rate is kept as "at most R requests in any window W, counted from each request's
//! answer": up to R go at once, and each slot frees W after the answer to the request that
//! held it. The vendor counts a request when it arrives, which is before its answer, so no
//! window of W at the vendor ever holds more than R, whether it slides or is fixed, and
//! whatever the network's delays; yet a job of 40 requests at 24 per 2 s ends one window and
//! a few answers after it starts. (A token bucket such as `governor`'s GCRA cannot do both:
//! a burst of R followed by its refill breaks a 2 s window, and a burst small enough to keep
//! it spaces the rest evenly.)

use cachedesk_core::{ResponseMeta, VendorLimits};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Shared by every request to one vendor account from this process.
#[derive(Debug)]
pub(crate) struct Pacer {
    window: Option<Window>,
    paused_until: Mutex<Option<Instant>>,
    /// The vendor's clock minus ours, from the last answer with a `Date` header.
    clock_offset: Mutex<Option<chrono::Duration>>,
}

/// The vendor's request window: one slot per request it allows in `length`.
#[derive(Debug)]
struct Window {
    slots: Arc<Semaphore>,
    length: Duration,
}

/// A request's place in the vendor's window, held while the request is out; dropped with its
/// answer (or failure), it frees one window later.
#[must_use = "the slot counts the request until it is dropped after the answer"]
pub(crate) struct Slot {
    held: Option<(OwnedSemaphorePermit, Duration)>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let Some((permit, length)) = self.held.take() else {
            return;
        };
        // Outside a runtime (a process shutting down) nothing else will ask: free it now.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                tokio::time::sleep(length).await;
                drop(permit);
            });
        }
    }
}

/// The pause taken when the vendor says "no calls left" without saying for how long.
const DEFAULT_PAUSE: Duration = Duration::from_secs(1);

impl Pacer {
    pub fn new(limits: &VendorLimits) -> Pacer {
        let window = limits.requests_per_window.map(|w| Window {
            slots: Arc::new(Semaphore::new(w.requests.max(1) as usize)),
            length: Duration::from_millis(w.window_ms),
        });
        Pacer {
            window,
            paused_until: Mutex::new(None),
            clock_offset: Mutex::new(None),
        }
    }

    /// Waits until a request may go out; the request counts against the vendor's window until
    /// the slot returned is dropped (after its answer).
    pub async fn ready(&self) -> Slot {
        let held = match &self.window {
            // The semaphore is never closed, so the permit always comes.
            Some(w) => Arc::clone(&w.slots)
                .acquire_owned()
                .await
                .ok()
                .map(|permit| (permit, w.length)),
            None => None,
        };
        loop {
            let until = *self.paused_until.lock().unwrap_or_else(|e| e.into_inner());
            match until {
                Some(t) if t > Instant::now() => tokio::time::sleep_until(t).await,
                _ => break,
            }
        }
        Slot { held }
    }

    /// Holds every request of this account for `pause`.
    pub fn pause(&self, pause: Duration) {
        let until = Instant::now() + pause;
        let mut slot = self.paused_until.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none_or(|t| t < until) {
            *slot = Some(until);
        }
    }

    /// Reads the vendor's rate-limit headers and clock from an answer.
    pub fn observe(&self, meta: &ResponseMeta) {
        if let Some(date) = meta.date {
            // `Date` has whole seconds: the vendor's clock read somewhere in the next one.
            let offset = date + chrono::Duration::milliseconds(500) - chrono::Utc::now();
            *self.clock_offset.lock().unwrap_or_else(|e| e.into_inner()) = Some(offset);
        }
        if let Some(limit) = &meta.rate_limit {
            if limit.remaining == Some(0) {
                self.pause(
                    limit
                        .retry_after_secs
                        .map_or(DEFAULT_PAUSE, Duration::from_secs),
                );
            }
        }
    }

    /// How far the vendor's clock is ahead of ours, once an answer has told.
    pub fn clock_offset(&self) -> Option<chrono::Duration> {
        *self.clock_offset.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn pause_for(&self, retry_after_secs: Option<u64>) {
        self.pause(retry_after_secs.map_or(DEFAULT_PAUSE, Duration::from_secs));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachedesk_core::{RateLimit, Vendor};

    /// Sends `n` requests through `pacer`, each answered `answer` after it leaves; returns when
    /// each left, from the start.
    async fn send(pacer: &Arc<Pacer>, n: usize, answer: Duration) -> Vec<Duration> {
        let start = Instant::now();
        let tasks: Vec<_> = (0..n)
            .map(|_| {
                let pacer = Arc::clone(pacer);
                tokio::spawn(async move {
                    let slot = pacer.ready().await;
                    let left = Instant::now() - start;
                    tokio::time::sleep(answer).await;
                    drop(slot);
                    left
                })
            })
            .collect();
        let mut left = Vec::new();
        for t in tasks {
            left.push(t.await.expect("request task"));
        }
        left.sort();
        left
    }

    #[tokio::test(start_paused = true)]
    async fn baishan_sends_24_at_once_then_24_more_a_window_after_their_answers() {
        let pacer = Arc::new(Pacer::new(&VendorLimits::for_vendor(Vendor::Baishan)));
        let answer = Duration::from_millis(300);
        let left = send(&pacer, 40, answer).await;
        let window = Duration::from_secs(2);
        assert!(left[..24].iter().all(|t| *t < Duration::from_millis(1)));
        assert!(left[24..].iter().all(|t| *t == window + answer), "{left:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn no_window_of_2_seconds_between_leaving_and_answer_holds_25() {
        let pacer = Arc::new(Pacer::new(&VendorLimits::for_vendor(Vendor::Baishan)));
        // Whenever the vendor counted each request (it left at t and was answered at
        // t + answer), at most 24 fall within 2 s of each other.
        let answer = Duration::from_millis(150);
        let left = send(&pacer, 100, answer).await;
        for (i, first) in left.iter().enumerate() {
            // The 25th after `first`, counted as late as possible for `first` and as early as
            // possible for itself, is still 2 s after it.
            if let Some(later) = left.get(i + 24) {
                assert!(
                    *later >= *first + answer + Duration::from_secs(2),
                    "{left:?}"
                );
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn remaining_zero_pauses_for_retry_after() {
        let pacer = Pacer::new(&VendorLimits::for_vendor(Vendor::BaiduCdn));
        pacer.observe(&ResponseMeta {
            rate_limit: Some(RateLimit {
                remaining: Some(0),
                retry_after_secs: Some(3),
                ..Default::default()
            }),
            ..Default::default()
        });
        let start = Instant::now();
        let _slot = pacer.ready().await;
        assert!(Instant::now() - start >= Duration::from_secs(3));
    }
}
