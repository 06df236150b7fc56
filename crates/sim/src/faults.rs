//! Faults on demand, per vendor: latency, 5xx and 429 answers, garbled bodies, submits that
//! take effect but are answered late, with an error or not at all, submits refused outright,
//! listings that lag or show URLs in another form, and a server clock that is off.

use crate::reply::{bce_error, BaishanError, Dialect};
use crate::server::ConnectionKill;
use crate::state::VendorState;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What goes wrong, and how often. Set per vendor with `Sim::set_faults` (or for every vendor
/// with `SimConfig::faults`); counting starts again whenever they are set. A "submit" is a
/// `POST` (purge or prefetch); "every Nth" counts from 1, so `Some(1)` is every one and `0`
/// never.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    /// Added before every answer.
    pub latency: Duration,
    /// Every Nth request answers this status (500 or 503) without being handled.
    pub error_every_nth: Option<(u32, u16)>,
    /// The next N requests answer 429 (or [`throttle_status`](Self::throttle_status)) without
    /// being handled.
    pub rate_limit_burst: Option<u32>,
    /// Every Nth request is handled (a submit takes effect) but its body is cut in half.
    pub malformed_json_every_nth: Option<u32>,
    /// Every Nth accepted submit: the task exists, the connection is closed without an answer.
    pub drop_after_accept_every_nth: Option<u32>,
    /// The server's clock runs this much ahead (negative: behind). Records are stamped, signatures
    /// checked, quotas counted and the `Date` header written with it.
    pub clock_skew: chrono::Duration,
    /// A record shows up in range listings (status queries without `id` / `task_id`) only this
    /// long after it was created, as vendors list new tasks late. Queries by id see it at once.
    pub listing_delay: Duration,
    /// Every submit is handled (when accepted, the task exists and its URLs count as submitted
    /// and against the quota), then its answer, whatever it is, is held this long before it is
    /// sent: long enough for a client's timeout to fire, or for a test to kill the client.
    /// Status queries are not held.
    pub hold_answer: Option<Duration>,
    /// Every Nth accepted submit takes effect and is then answered with this 5xx status and an
    /// error body in the vendor's shape (as a proxy in front of the vendor would answer 503).
    pub error_after_handling: Option<(u32, u16)>,
    /// Every submit is answered with this error without being handled: no task, no quota used,
    /// nothing in `Sim::submitted_urls`.
    pub refuse_submits: Option<Refusal>,
    /// Status listings show each URL in another form than it was submitted in: the host in
    /// Unicode where it was sent as punycode (`xn--...`) and the other way round, percent-escapes
    /// with their hex digits in the other case (`%e4%b8%ad` for `%E4%B8%AD`), raw non-ASCII
    /// characters of the path percent-escaped (lower-case hex). The same resource, another
    /// string: a client matching records to its URLs by string comparison fails.
    pub alternate_url_forms: bool,
    /// The HTTP status of throttled answers (Baishan's exhausted rate-limit windows, and
    /// `rate_limit_burst` on every vendor) instead of 429: e.g. 403, or 200, which Baishan then
    /// sends with body `code` 429. Baishan's throttled answers always carry
    /// `X-Ratelimit-Remaining: 0` and `X-Retry-After`.
    pub throttle_status: Option<u16>,
}

/// How a refused submit is answered (see [`Faults::refuse_submits`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub http_status: u16,
    /// Baidu: the BCE `code` string. Baishan: the body's integer `code`, written as a string
    /// (one that is not a number is sent as the HTTP status).
    pub code: String,
    pub message: String,
}

impl Refusal {
    /// A BCE refusal: `http_status` with `{"code": code, "message": ..., "requestId": ...}`,
    /// e.g. `Refusal::bce(403, "AccessDenied", "quota exhausted")`.
    pub fn bce(http_status: u16, code: &str, message: &str) -> Self {
        Refusal {
            http_status,
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }

    /// A Baishan refusal: `http_status` with `{"code": code, "message": ..., "data": null}`,
    /// e.g. `Refusal::baishan(200, 400, "...")` for an HTTP 200 whose body says 400.
    pub fn baishan(http_status: u16, code: i64, message: &str) -> Self {
        Refusal {
            http_status,
            code: code.to_string(),
            message: message.to_owned(),
        }
    }

    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.http_status).unwrap_or(StatusCode::FORBIDDEN)
    }

    fn answer(&self, dialect: Dialect) -> Response {
        match dialect {
            Dialect::Bce => bce_error(self.status(), &self.code, &self.message),
            Dialect::Baishan => {
                let mut error = BaishanError::new(self.status(), self.message.clone());
                if let Ok(code) = self.code.trim().parse::<i64>() {
                    error.code = code;
                }
                error.into_response()
            }
        }
    }
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
    throttle: Option<Option<u16>>,
    error: Option<u16>,
    malformed: bool,
}

/// What happens to a submit once it was handled and accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct AfterAccept {
    drop: bool,
    error: Option<u16>,
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

    pub fn listing_delay(&self) -> Duration {
        self.lock().faults.listing_delay
    }

    pub fn alternate_url_forms(&self) -> bool {
        self.lock().faults.alternate_url_forms
    }

    pub fn throttle_status(&self) -> Option<u16> {
        self.lock().faults.throttle_status
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counters> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn on_request(&self) -> Plan {
        let mut c = self.lock();
        c.requests += 1;
        let throttle = (c.burst_left > 0).then_some(c.faults.throttle_status);
        if throttle.is_some() {
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

    /// Before a submit is handled: the refusal to answer instead, and how long to hold the
    /// answer once it was handled.
    fn on_submit(&self) -> (Option<Refusal>, Option<Duration>) {
        let c = self.lock();
        (c.faults.refuse_submits.clone(), c.faults.hold_answer)
    }

    /// Counts an accepted submit: whether its connection is dropped, or its answer replaced by a
    /// server error.
    fn on_accepted_submit(&self) -> AfterAccept {
        let mut c = self.lock();
        c.accepted_submits += 1;
        AfterAccept {
            drop: is_nth(c.accepted_submits, c.faults.drop_after_accept_every_nth),
            error: c
                .faults
                .error_after_handling
                .filter(|(n, _)| is_nth(c.accepted_submits, Some(*n)))
                .map(|(_, status)| status),
        }
    }
}

/// Middleware applying the vendor's request faults around every request, before it is
/// authenticated: latency, throttling bursts, server errors, garbled bodies.
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
    if let Some(status) = plan.throttle {
        return throttled(dialect, status);
    }
    if let Some(status) = plan.error {
        return server_error(dialect, status);
    }
    let response = next.run(request).await;
    if plan.malformed {
        return malformed(response).await;
    }
    response
}

/// Middleware applying the submit faults to authenticated `POST`s, around their handler:
/// refusals, dropped connections, errors after handling, held answers.
pub async fn around_submits(
    State(state): State<Arc<VendorState>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let (refusal, hold) = state.faults.on_submit();
    if let Some(refusal) = refusal {
        return refusal.answer(state.dialect());
    }
    let kill = request.extensions().get::<ConnectionKill>().cloned();
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let after = state.faults.on_accepted_submit();
        if after.drop {
            if let Some(kill) = kill {
                kill.fire();
                // The connection task drops this request with its connection: no answer is sent.
                std::future::pending::<()>().await;
            }
        }
        if let Some(status) = after.error {
            response = server_error(state.dialect(), status);
        }
    }
    if let Some(hold) = hold {
        tokio::time::sleep(hold).await;
    }
    response
}

fn throttled(dialect: Dialect, status: Option<u16>) -> Response {
    let mut response = dialect.throttled(status, "request rate exceeded, slow down");
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
        let throttled: Vec<bool> = plans.iter().map(|p| p.throttle.is_some()).collect();
        assert_eq!(throttled, [true, true, false, false, false, false]);
        let errors: Vec<Option<u16>> = plans.iter().map(|p| p.error).collect();
        assert_eq!(errors, [None, None, Some(503), None, None, Some(503)]);
        assert!(plans[1].malformed && !plans[2].malformed && plans[3].malformed);
        assert!(!state.on_accepted_submit().drop && state.on_accepted_submit().drop);
        state.set(Faults::default());
        assert_eq!(state.on_request().error, None);
        assert!(!state.on_accepted_submit().drop);
    }

    #[test]
    fn errors_after_handling_count_accepted_submits_from_set() {
        let state = FaultState::new(Faults {
            error_after_handling: Some((2, 503)),
            throttle_status: Some(403),
            rate_limit_burst: Some(1),
            ..Faults::default()
        });
        let errors: Vec<Option<u16>> = (0..4).map(|_| state.on_accepted_submit().error).collect();
        assert_eq!(errors, [None, Some(503), None, Some(503)]);
        assert_eq!(state.on_request().throttle, Some(Some(403)));
        state.set(Faults {
            error_after_handling: Some((2, 502)),
            ..Faults::default()
        });
        assert_eq!(state.on_accepted_submit().error, None, "counting restarts");
        assert_eq!(state.on_accepted_submit().error, Some(502));
    }

    #[test]
    fn refusals_keep_their_codes() {
        assert_eq!(
            Refusal::baishan(200, 400, "no"),
            Refusal {
                http_status: 200,
                code: "400".into(),
                message: "no".into()
            }
        );
        assert_eq!(Refusal::bce(403, "AccessDenied", "no").code, "AccessDenied");
    }

    #[test]
    fn zero_means_never() {
        assert!(!is_nth(5, Some(0)));
        assert!(!is_nth(5, None));
        assert!(is_nth(10, Some(5)));
    }
}
