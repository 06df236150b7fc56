//! Pacing per vendor account: the vendor's documented request rate (Baishan 24 per 2 s) and
//! the pauses it asks for (`X-Ratelimit-Remaining: 0` with `X-Retry-After`, or a 429); and
//! the vendor's clock as its answers' `Date` headers tell it.

use cachedesk_core::{ResponseMeta, VendorLimits};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// Shared by every request to one vendor account from this process.
#[derive(Debug)]
pub(crate) struct Pacer {
    rate: Option<DefaultDirectRateLimiter>,
    paused_until: Mutex<Option<Instant>>,
    /// The vendor's clock minus ours, from the last answer with a `Date` header.
    clock_offset: Mutex<Option<chrono::Duration>>,
}

/// The pause taken when the vendor says "no calls left" without saying for how long.
const DEFAULT_PAUSE: Duration = Duration::from_secs(1);

impl Pacer {
    pub fn new(limits: &VendorLimits) -> Pacer {
        // One request at a time, spaced so that no window of `window_ms` ever holds more than
        // `requests` (a burst of 1 plus requests-1 replenished cells).
        let rate = limits.requests_per_window.and_then(|w| {
            let spacing = Duration::from_millis(w.window_ms) / w.requests.saturating_sub(1).max(1);
            Quota::with_period(spacing).map(|q| RateLimiter::direct(q.allow_burst(NonZeroU32::MIN)))
        });
        Pacer {
            rate,
            paused_until: Mutex::new(None),
            clock_offset: Mutex::new(None),
        }
    }

    /// Waits until a request may go out.
    pub async fn ready(&self) {
        loop {
            let until = *self.paused_until.lock().unwrap_or_else(|e| e.into_inner());
            match until {
                Some(t) if t > Instant::now() => tokio::time::sleep_until(t).await,
                _ => break,
            }
        }
        if let Some(rate) = &self.rate {
            rate.until_ready().await;
        }
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

    #[tokio::test]
    async fn baishan_never_exceeds_24_per_2_seconds() {
        let pacer = Pacer::new(&VendorLimits::for_vendor(Vendor::Baishan));
        let start = std::time::Instant::now();
        let mut times = Vec::new();
        for _ in 0..30 {
            pacer.ready().await;
            times.push(start.elapsed());
        }
        for (i, t) in times.iter().enumerate() {
            let in_window = times[i..]
                .iter()
                .filter(|u| **u - *t < Duration::from_secs(2))
                .count();
            assert!(
                in_window <= 24,
                "{in_window} requests within 2 s from {t:?}"
            );
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
        pacer.ready().await;
        assert!(Instant::now() - start >= Duration::from_secs(3));
    }
}
