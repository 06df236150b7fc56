//! Baishan's request limits per token: the user-level short window (24 per 2 s) and the graded
//! per-endpoint windows of `X-Ratelimit-Grad` (`minute`: 150, `hour`, `day`), counted in fixed
//! windows so each answer can say which grade binds, what is left of it and when it resets.

use crate::config::RateWindow;
use crate::seed::BAISHAN_GRADES;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// What one request is told in `X-Ratelimit-*` / `X-Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub allowed: bool,
    /// The window that binds: `second` (the short one, when it refuses), `minute`, `hour` or
    /// `day`.
    pub grad: &'static str,
    pub limit: u32,
    pub remaining: u32,
    /// Whole seconds until that window resets (at least 1).
    pub retry_after_secs: u64,
}

/// The windows a limiter counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub short: RateWindow,
    pub minute: RateWindow,
    pub hour: RateWindow,
    pub day: RateWindow,
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

    fn remaining(&self) -> u32 {
        self.rule.requests.saturating_sub(self.used)
    }

    fn resets_in(&self, now: Instant) -> Duration {
        self.rule
            .window
            .saturating_sub(now.duration_since(self.started))
    }

    fn verdict(&self, allowed: bool, grad: &'static str, now: Instant) -> Verdict {
        Verdict {
            allowed,
            grad,
            limit: self.rule.requests,
            remaining: self.remaining(),
            retry_after_secs: self.resets_in(now).as_secs_f64().ceil().max(1.0) as u64,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Windows {
    short: Window,
    /// minute, hour, day
    graded: [Window; 3],
    last_seen: Instant,
}

#[derive(Debug)]
pub struct Limiter {
    rules: Rules,
    tokens: HashMap<String, Windows>,
}

/// Tokens remembered before idle ones are forgotten.
const MAX_TOKENS: usize = 1024;

impl Limiter {
    pub fn new(rules: Rules) -> Self {
        Limiter {
            rules,
            tokens: HashMap::new(),
        }
    }

    /// Counts one request of `token` unless a window is full. A refusal names the full window
    /// that resets last (the short one first); an allowed request names the graded window with
    /// the fewest requests left (the shorter on a tie).
    pub fn check(&mut self, token: &str, now: Instant) -> Verdict {
        if self.tokens.len() >= MAX_TOKENS && !self.tokens.contains_key(token) {
            let idle = self.rules.short.window.max(self.rules.minute.window);
            self.tokens
                .retain(|_, w| now.duration_since(w.last_seen) < idle);
        }
        let rules = self.rules;
        let w = self
            .tokens
            .entry(token.to_owned())
            .or_insert_with(|| Windows {
                short: Window::new(rules.short, now),
                graded: [rules.minute, rules.hour, rules.day].map(|r| Window::new(r, now)),
                last_seen: now,
            });
        w.last_seen = now;
        w.short.roll(now);
        for g in &mut w.graded {
            g.roll(now);
        }
        if w.short.full() {
            return w.short.verdict(false, "second", now);
        }
        let full = (0..3)
            .filter(|&i| w.graded[i].full())
            .max_by_key(|&i| w.graded[i].resets_in(now));
        if let Some(i) = full {
            return w.graded[i].verdict(false, BAISHAN_GRADES[i], now);
        }
        w.short.used += 1;
        for g in &mut w.graded {
            g.used += 1;
        }
        let binding = (0..3)
            .min_by_key(|&i| (w.graded[i].remaining(), i))
            .unwrap_or(0);
        w.graded[binding].verdict(true, BAISHAN_GRADES[binding], now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn per(requests: u32, window: Duration) -> RateWindow {
        RateWindow { requests, window }
    }

    fn rules(short: RateWindow, minute: RateWindow) -> Rules {
        Rules {
            short,
            minute,
            hour: per(1_000, Duration::from_secs(3_600)),
            day: per(10_000, Duration::from_secs(86_400)),
        }
    }

    #[test]
    fn short_window_then_minute_window() {
        let mut l = Limiter::new(rules(
            per(3, Duration::from_secs(2)),
            per(5, Duration::from_secs(60)),
        ));
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
        let mut l = Limiter::new(rules(
            per(1, Duration::from_secs(1)),
            per(1, Duration::from_secs(1)),
        ));
        let t0 = Instant::now();
        for i in 0..MAX_TOKENS {
            l.check(&i.to_string(), t0);
        }
        l.check("new", t0 + Duration::from_secs(2));
        assert_eq!(l.tokens.len(), 1);
    }

    #[test]
    fn the_binding_grade_is_the_one_with_least_left() {
        let mut l = Limiter::new(Rules {
            short: per(100, Duration::from_secs(2)),
            minute: per(10, Duration::from_secs(60)),
            hour: per(12, Duration::from_secs(3_600)),
            day: per(15, Duration::from_secs(86_400)),
        });
        let t0 = Instant::now();
        let first = l.check("t", t0);
        assert_eq!(
            (first.grad, first.limit, first.remaining),
            ("minute", 10, 9)
        );
        let at = |s: u64| t0 + Duration::from_secs(s);
        for _ in 0..9 {
            assert!(l.check("t", at(1)).allowed);
        }
        let minute = l.check("t", at(1));
        assert_eq!(
            (
                minute.allowed,
                minute.grad,
                minute.remaining,
                minute.retry_after_secs
            ),
            (false, "minute", 0, 59)
        );
        // A new minute: two left in the hour, which now binds.
        let hour = l.check("t", at(61));
        assert_eq!(
            (hour.allowed, hour.grad, hour.limit, hour.remaining),
            (true, "hour", 12, 1)
        );
        assert!(l.check("t", at(61)).allowed);
        let refused = l.check("t", at(62));
        assert_eq!(
            (refused.allowed, refused.grad, refused.retry_after_secs),
            (false, "hour", 3_538)
        );
        // A new hour: the day has three left.
        let day = l.check("t", at(3_600));
        assert_eq!((day.allowed, day.grad, day.remaining), (true, "day", 2));
        l.check("t", at(3_600));
        l.check("t", at(3_600));
        let refused = l.check("t", at(3_601));
        assert_eq!(
            (
                refused.allowed,
                refused.grad,
                refused.remaining,
                refused.retry_after_secs
            ),
            (false, "day", 0, 86_400 - 3_601)
        );
    }
}
