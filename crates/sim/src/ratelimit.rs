//! Baishan's request limits per token: a short window (24 per 2 s) and a per-minute one
//! (150), counted in fixed windows so each answer can say what is left and when it resets.

use crate::config::RateWindow;
use std::collections::HashMap;
use std::time::Instant;

/// What one request is told in `X-Ratelimit-*` / `X-Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub allowed: bool,
    /// The window that binds: `second` (the short one) or `minute`.
    pub grad: &'static str,
    pub limit: u32,
    pub remaining: u32,
    /// Whole seconds until that window resets (at least 1).
    pub retry_after_secs: u64,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    rule: RateWindow,
    started: Instant,
    used: u32,
}

impl Window {
    fn new(rule: RateWindow, now: Instant) -> Self {
        Window {
            rule,
            started: now,
            used: 0,
        }
    }

    fn roll(&mut self, now: Instant) {
        if now.duration_since(self.started) >= self.rule.window {
            self.started = now;
            self.used = 0;
        }
    }

    fn full(&self) -> bool {
        self.used >= self.rule.requests
    }

    fn verdict(&self, allowed: bool, grad: &'static str, now: Instant) -> Verdict {
        let left = self
            .rule
            .window
            .saturating_sub(now.duration_since(self.started));
        Verdict {
            allowed,
            grad,
            limit: self.rule.requests,
            remaining: self.rule.requests.saturating_sub(self.used),
            retry_after_secs: left.as_secs_f64().ceil().max(1.0) as u64,
        }
    }
}

#[derive(Debug)]
pub struct Limiter {
    short: RateWindow,
    minute: RateWindow,
    tokens: HashMap<String, (Window, Window)>,
}

/// Tokens remembered before idle ones are forgotten.
const MAX_TOKENS: usize = 1024;

impl Limiter {
    pub fn new(short: RateWindow, minute: RateWindow) -> Self {
        Limiter {
            short,
            minute,
            tokens: HashMap::new(),
        }
    }

    /// Counts one request of `token` unless a window is full.
    pub fn check(&mut self, token: &str, now: Instant) -> Verdict {
        if self.tokens.len() >= MAX_TOKENS && !self.tokens.contains_key(token) {
            let longest = self.short.window.max(self.minute.window);
            self.tokens
                .retain(|_, (_, m)| now.duration_since(m.started) < longest);
        }
        let (short, minute) = self
            .tokens
            .entry(token.to_owned())
            .or_insert_with(|| (Window::new(self.short, now), Window::new(self.minute, now)));
        short.roll(now);
        minute.roll(now);
        if short.full() {
            return short.verdict(false, "second", now);
        }
        if minute.full() {
            return minute.verdict(false, "minute", now);
        }
        short.used += 1;
        minute.used += 1;
        minute.verdict(true, "minute", now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn per(requests: u32, window: Duration) -> RateWindow {
        RateWindow { requests, window }
    }

    #[test]
    fn short_window_then_minute_window() {
        let mut l = Limiter::new(
            per(3, Duration::from_secs(2)),
            per(5, Duration::from_secs(60)),
        );
        let t0 = Instant::now();
        let v: Vec<Verdict> = (0..4).map(|_| l.check("t", t0)).collect();
        assert!(v[..3]
            .iter()
            .all(|v| v.allowed && v.grad == "minute" && v.limit == 5));
        assert_eq!(v[2].remaining, 2);
        assert_eq!(
            (
                v[3].allowed,
                v[3].grad,
                v[3].remaining,
                v[3].retry_after_secs
            ),
            (false, "second", 0, 2)
        );
        // Another token has its own windows.
        assert!(l.check("other", t0).allowed);
        let later = t0 + Duration::from_millis(2100);
        assert!(l.check("t", later).allowed);
        assert!(l.check("t", later).allowed);
        let blocked = l.check("t", later);
        assert_eq!(
            (blocked.allowed, blocked.grad, blocked.limit),
            (false, "minute", 5)
        );
        assert_eq!(blocked.retry_after_secs, 58);
        assert!(l.check("t", t0 + Duration::from_secs(61)).allowed);
    }

    #[test]
    fn forgets_idle_tokens() {
        let mut l = Limiter::new(
            per(1, Duration::from_secs(1)),
            per(1, Duration::from_secs(1)),
        );
        let t0 = Instant::now();
        for i in 0..MAX_TOKENS {
            l.check(&i.to_string(), t0);
        }
        l.check("new", t0 + Duration::from_secs(2));
        assert_eq!(l.tokens.len(), 1);
    }
}
