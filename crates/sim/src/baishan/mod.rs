//! Baishan Cloud CDN: `token` in the query, `{code, message, data}` bodies, page-number
//! listing, rate-limit headers on every answer (`X-Ratelimit-Grad` naming the binding grade,
//! `minute`, `hour` or `day`, with its limit, what is left and `X-Retry-After` until it resets),
//! `X-Push-Remaining` on prefetch answers.

mod list;
mod submit;

use crate::faults;
use crate::params::Params;
use crate::ratelimit::{Limiter, Rules, Verdict};
use crate::reply::{BaishanError, Dialect};
use crate::state::VendorState;
use crate::store::Store;
use axum::body::Bytes;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, map_response_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use cachedesk_core::Kind;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

const PREFETCH_PATH: &str = "/v2/cache/prefetch";

#[derive(Debug, Clone)]
struct Baishan {
    state: Arc<VendorState>,
    limiter: Arc<Mutex<Limiter>>,
    api_ids: Arc<AtomicU64>,
}

/// Baishan's wall clock: China Standard Time (UTC+8), as its dates and times are written.
fn china_time(at: DateTime<Utc>) -> NaiveDateTime {
    (at + chrono::Duration::hours(8)).naive_utc()
}

/// The UTC instant a UTC+8 calendar day starts.
fn china_day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::hours(8)
}

/// Prefetch URLs still allowed today (UTC+8 calendar day).
fn prefetch_remaining(state: &VendorState, store: &Store, now: DateTime<Utc>) -> u64 {
    let since = china_day_start(china_time(now).date()) - chrono::Duration::nanoseconds(1);
    let used = store.count_created(since, now, |r| r.kind == Kind::Prefetch);
    u64::from(state.config.quotas.baishan_prefetch).saturating_sub(used)
}

pub fn router(state: Arc<VendorState>) -> Router {
    let limits = &state.config.limits;
    let baishan = Baishan {
        limiter: Arc::new(Mutex::new(Limiter::new(Rules {
            short: limits.baishan_short_window,
            minute: limits.baishan_minute_window,
            hour: limits.baishan_hour_window,
            day: limits.baishan_day_window,
        }))),
        api_ids: Arc::new(AtomicU64::new(70_946_227)),
        state: state.clone(),
    };
    let routes = Router::new()
        .route("/v2/cache/refresh", post(submit_refresh).get(list_refresh))
        .route(PREFETCH_PATH, post(submit_prefetch).get(list_prefetch))
        .route_layer(from_fn_with_state(state.clone(), faults::around_submits))
        .with_state(baishan.clone());
    Dialect::Baishan
        .with_fallbacks(routes)
        .layer(from_fn_with_state(state.clone(), require_token))
        .layer(from_fn_with_state(state.clone(), faults::inject))
        .layer(from_fn_with_state(baishan, limit_and_label))
        .layer(map_response_with_state(
            state.clone(),
            crate::reply::stamp_date,
        ))
        .layer(from_fn_with_state(state, crate::requests::count))
}

fn token_of(request: &Request) -> String {
    let params = Params::form(request.uri().query().unwrap_or("").as_bytes());
    params.get("token").unwrap_or("").to_owned()
}

async fn require_token(
    State(state): State<Arc<VendorState>>,
    request: Request,
    next: Next,
) -> Response {
    if token_of(&request) != state.config.credentials.token {
        return BaishanError::new(
            StatusCode::UNAUTHORIZED,
            "authentication failed: the token is wrong or has no API permission",
        )
        .into_response();
    }
    next.run(request).await
}

/// Counts the request against its token's windows, refuses it with 429 (or the
/// `Faults::throttle_status`) when one is full, and labels every answer with `Api-Id`,
/// `X-Ratelimit-*`, `X-Retry-After` (and, on prefetch, `X-Push-Remaining`).
async fn limit_and_label(State(b): State<Baishan>, request: Request, next: Next) -> Response {
    let verdict = b
        .limiter
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .check(&token_of(&request), Instant::now());
    let prefetch = request.uri().path() == PREFETCH_PATH;
    let mut response = if verdict.allowed {
        next.run(request).await
    } else {
        Dialect::Baishan.throttled(
            b.state.faults.throttle_status(),
            &format!(
                "too many requests: at most {} per {}",
                verdict.limit, verdict.grad
            ),
        )
    };
    let headers = response.headers_mut();
    label(headers, &verdict, b.api_ids.fetch_add(1, Ordering::Relaxed));
    if prefetch {
        let remaining = prefetch_remaining(&b.state, &b.state.store(), b.state.now());
        headers.insert("x-push-remaining", HeaderValue::from(remaining));
    }
    response
}

fn label(headers: &mut HeaderMap, verdict: &Verdict, api_id: u64) {
    let values = [
        ("x-ratelimit-grad", HeaderValue::from_static(verdict.grad)),
        ("x-ratelimit-limit", HeaderValue::from(verdict.limit)),
        (
            "x-ratelimit-remaining",
            HeaderValue::from(verdict.remaining),
        ),
        ("x-retry-after", HeaderValue::from(verdict.retry_after_secs)),
    ];
    for (name, value) in values {
        if !headers.contains_key(name) {
            headers.insert(name, value);
        }
    }
    headers.insert("api-id", HeaderValue::from(api_id));
}

async fn submit_refresh(
    State(b): State<Baishan>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, BaishanError> {
    submit::submit(&b.state, Kind::Purge, &headers, &body)
}

async fn submit_prefetch(
    State(b): State<Baishan>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, BaishanError> {
    submit::submit(&b.state, Kind::Prefetch, &headers, &body)
}

async fn list_refresh(
    State(b): State<Baishan>,
    RawQuery(q): RawQuery,
) -> Result<Response, BaishanError> {
    let params = Params::form(q.unwrap_or_default().as_bytes());
    list::list(&b.state, Kind::Purge, &params)
}

async fn list_prefetch(
    State(b): State<Baishan>,
    RawQuery(q): RawQuery,
) -> Result<Response, BaishanError> {
    let params = Params::form(q.unwrap_or_default().as_bytes());
    list::list(&b.state, Kind::Prefetch, &params)
}
