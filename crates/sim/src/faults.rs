//! Faults on demand, per vendor: latency, 5xx and 429 answers, garbled bodies, connections
//! dropped after a submit was accepted, and a server clock that is off.

use crate::reply::Dialect;
use crate::server::ConnectionKill;
use crate::state::VendorState;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What goes wrong, and how often. Counting starts when the faults are set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    /// Added before every answer.
    pub latency: Duration,
    /// Every Nth request answers this status (500 or 503) without being handled.
    pub error_every_nth: Option<(u32, u16)>,
    /// The next N requests answer 429 without being handled.
    pub rate_limit_burst: Option<u32>,
    /// Every Nth request is handled (a submit takes effect) but its body is cut in half.
    pub malformed_json_every_nth: Option<u32>,
    /// Every Nth accepted submit: the task exists, the connection is closed without an answer.
    pub drop_after_accept_every_nth: Option<u32>,
    /// The server's clock runs this much ahead (negative: behind).
    pub clock_skew: chrono::Duration,
}

/// The faults of one vendor and the counters that decide which request they hit.
#[derive(Debug, Default)]
pub struct FaultState {
    inner: Mutex<Counters>,
}

#[derive(Debug, Default)]
struct Counters {
    faults: Faults,
    requests: u64,
    accepted_submits: u64,
    burst_left: u32,
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Plan {
    latency: Duration,
    throttle: bool,
    error: Option<u16>,
    malformed: bool,
}

fn is_nth(count: u64, every: Option<u32>) -> bool {
    every.is_some_and(|n| n > 0 && count % u64::from(n) == 0)
}

impl FaultState {
    pub fn new(faults: Faults) -> Self {
        let state = FaultState::default();
        state.set(faults);
        state
    }

    /// Replaces the faults and restarts their counters.
    pub fn set(&self, faults: Faults) {
        let mut c = self.lock();
        c.burst_left = faults.rate_limit_burst.unwrap_or(0);
        c.requests = 0;
        c.accepted_submits = 0;
        c.faults = faults;
    }

    pub fn clock_skew(&self) -> chrono::Duration {
        self.lock().faults.clock_skew
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counters> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn on_request(&self) -> Plan {
        let mut c = self.lock();
        c.requests += 1;
        let throttle = c.burst_left > 0;
        if throttle {
            c.burst_left -= 1;
        }
        let error = c
            .faults
            .error_every_nth
            .filter(|(n, _)| is_nth(c.requests, Some(*n)))
            .map(|(_, status)| status);
        Plan {
            latency: c.faults.latency,
            throttle,
            error,
            malformed: is_nth(c.requests, c.faults.malformed_json_every_nth),
        }
    }

    /// Counts an accepted submit; true when this one's connection is to be dropped.
    fn on_accepted_submit(&self) -> bool {
        let mut c = self.lock();
        c.accepted_submits += 1;
        is_nth(c.accepted_submits, c.faults.drop_after_accept_every_nth)
    }
}

/// Middleware applying the vendor's faults around every request.
pub async fn inject(
    State(state): State<Arc<VendorState>>,
    request: Request,
    next: Next,
) -> Response {
    let plan = state.faults.on_request();
    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    let dialect = state.dialect();
    if plan.throttle {
        return throttled(dialect);
    }
    if let Some(status) = plan.error {
        return server_error(dialect, status);
    }
    let is_submit = request.method() == Method::POST;
    let kill = request.extensions().get::<ConnectionKill>().cloned();
    let response = next.run(request).await;
    if is_submit && response.status().is_success() && state.faults.on_accepted_submit() {
        if let Some(kill) = kill {
            kill.fire();
            // The connection task drops this request with its connection: no answer is sent.
            std::future::pending::<()>().await;
        }
    }
    if plan.malformed {
        return malformed(response).await;
    }
    response
}

fn throttled(dialect: Dialect) -> Response {
    let mut response = dialect.error(
        StatusCode::TOO_MANY_REQUESTS,
        "TooManyRequests",
        "request rate exceeded, slow down",
    );
    if dialect == Dialect::Baishan {
        let headers = response.headers_mut();
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        headers.insert("x-retry-after", HeaderValue::from_static("1"));
    }
    response
}

fn server_error(dialect: Dialect, status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let code = if status == StatusCode::SERVICE_UNAVAILABLE {
        "ServiceUnavailable"
    } else {
        "InternalError"
    };
    dialect.error(
        status,
        code,
        "we encountered an internal error, please try again",
    )
}

/// The same answer with its body cut in half: no longer valid JSON.
async fn malformed(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let cut = bytes.slice(..bytes.len() / 2);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nth_and_bursts_count_from_set() {
        let state = FaultState::new(Faults {
            error_every_nth: Some((3, 503)),
            rate_limit_burst: Some(2),
            malformed_json_every_nth: Some(2),
            drop_after_accept_every_nth: Some(2),
            ..Faults::default()
        });
        let plans: Vec<Plan> = (0..6).map(|_| state.on_request()).collect();
        let throttled: Vec<bool> = plans.iter().map(|p| p.throttle).collect();
        assert_eq!(throttled, [true, true, false, false, false, false]);
        let errors: Vec<Option<u16>> = plans.iter().map(|p| p.error).collect();
        assert_eq!(errors, [None, None, Some(503), None, None, Some(503)]);
        assert!(plans[1].malformed && !plans[2].malformed && plans[3].malformed);
        assert!(!state.on_accepted_submit() && state.on_accepted_submit());
        state.set(Faults::default());
        assert_eq!(state.on_request().error, None);
        assert!(!state.on_accepted_submit());
    }

    #[test]
    fn zero_means_never() {
        assert!(!is_nth(5, Some(0)));
        assert!(!is_nth(5, None));
        assert!(is_nth(10, Some(5)));
    }
}
