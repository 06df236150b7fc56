//! What each vendor was asked, by kind and by answer status, for benchmarks that count calls
//! (requests per job, listing pages per polling round, 429s under a rate limit).

use crate::state::VendorState;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What a request asked for, from its method and path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RequestKind {
    /// `POST`: a purge or prefetch submit.
    Submit,
    /// `GET` of a task listing or a status query by id.
    Listing,
    /// `GET .../quota` (Baidu CDN).
    Quota,
    /// Anything else (methods no route takes).
    Other,
}

impl RequestKind {
    fn of(method: &Method, path: &str) -> RequestKind {
        match *method {
            Method::POST => RequestKind::Submit,
            Method::GET if path.ends_with("/quota") => RequestKind::Quota,
            Method::GET => RequestKind::Listing,
            _ => RequestKind::Other,
        }
    }
}

/// Requests one vendor answered since the simulator started, counted by kind and HTTP status
/// (refusals of the rate limiter, faults and auth included).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requests {
    counts: BTreeMap<(RequestKind, u16), u64>,
}

impl Requests {
    pub(crate) fn add(&mut self, kind: RequestKind, status: u16) {
        *self.counts.entry((kind, status)).or_default() += 1;
    }

    /// Requests of `kind`, whatever their answer.
    pub fn of(&self, kind: RequestKind) -> u64 {
        self.sum(|k, _| k == kind)
    }

    /// Requests answered with `status`, whatever their kind.
    pub fn with_status(&self, status: u16) -> u64 {
        self.sum(|_, s| s == status)
    }

    /// Requests of `kind` answered with `status`.
    pub fn count(&self, kind: RequestKind, status: u16) -> u64 {
        self.sum(|k, s| k == kind && s == status)
    }

    pub fn total(&self) -> u64 {
        self.sum(|_, _| true)
    }

    fn sum(&self, keep: impl Fn(RequestKind, u16) -> bool) -> u64 {
        self.counts
            .iter()
            .filter(|((k, s), _)| keep(*k, *s))
            .map(|(_, n)| n)
            .sum()
    }
}

/// The outermost layer of each vendor's router: counts every answer it gives.
pub(crate) async fn count(
    State(state): State<Arc<VendorState>>,
    request: Request,
    next: Next,
) -> Response {
    let kind = RequestKind::of(request.method(), request.uri().path());
    let response = next.run(request).await;
    state.record_request(kind, response.status().as_u16());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_kind_and_status() {
        let mut r = Requests::default();
        for (method, path, status) in [
            (Method::POST, "/v2/cache/purge", 200),
            (Method::POST, "/v2/cache/refresh", 429),
            (Method::GET, "/v2/cache/purge", 200),
            (Method::GET, "/v2/cache/purge", 200),
            (Method::GET, "/v2/cache/quota", 200),
            (Method::DELETE, "/v2/cache/purge", 405),
        ] {
            r.add(RequestKind::of(&method, path), status);
        }
        assert_eq!(r.of(RequestKind::Submit), 2);
        assert_eq!(r.of(RequestKind::Listing), 2);
        assert_eq!(r.of(RequestKind::Quota), 1);
        assert_eq!(r.of(RequestKind::Other), 1);
        assert_eq!(r.with_status(429), 1);
        assert_eq!(r.count(RequestKind::Submit, 200), 1);
        assert_eq!(r.total(), 6);
    }
}
