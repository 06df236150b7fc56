//! An edge node and its origin, on loopback, for proof at the edge: the edge serves each URL
//! with cache headers (`X-Cache`, `Age`, `ETag`, `Last-Modified`) and keeps the copy it cached
//! until a purge of that URL (or of a directory above it) at any simulated vendor completes; a
//! completed prefetch puts the URL in its cache. The origin answers the current version: one
//! more for every completed purge (an editor purges after publishing). `Sim::keep_stale` makes the edge ignore purges
//! of one URL; a path with `no-head` refuses HEAD (405); a path with `fail` is 404 at the
//! origin. The URL is `https://` + the request's `Host` + its path.

use crate::state::VendorState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use cachedesk_core::Kind;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// What the edge holds of one URL.
#[derive(Debug, Clone, Copy)]
struct Cached {
    at: DateTime<Utc>,
    version: u32,
}

#[derive(Debug, Default)]
struct Memory {
    cached: HashMap<String, Cached>,
    stale: HashSet<String>,
}

#[derive(Debug, Clone)]
pub struct Edge {
    vendors: Vec<Arc<VendorState>>,
    memory: Arc<Mutex<Memory>>,
}

impl Edge {
    pub fn new(vendors: Vec<Arc<VendorState>>) -> Edge {
        Edge {
            vendors,
            memory: Arc::default(),
        }
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, Memory> {
        self.memory.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn keep_stale(&self, url: &str) {
        self.memory().stale.insert(url.to_owned());
    }

    /// Moves every held copy `by` into the past, as if it had been cached that much earlier.
    pub fn age(&self, by: chrono::Duration) {
        for copy in self.memory().cached.values_mut() {
            copy.at = copy
                .at
                .checked_sub_signed(by)
                .unwrap_or(DateTime::<Utc>::MIN_UTC);
        }
    }

    /// The latest completion of `kind` for `url` at any vendor, and how many there were.
    fn done(&self, url: &str, kind: Kind, now: DateTime<Utc>) -> (Option<DateTime<Utc>>, u32) {
        self.vendors.iter().fold((None, 0), |(last, n), v| {
            let store = v.store();
            (
                last.max(store.last_done(url, kind, now)),
                n + store.times_done(url, kind, now),
            )
        })
    }

    pub fn edge_router(&self) -> Router {
        Router::new().fallback(serve_edge).with_state(self.clone())
    }

    pub fn origin_router(&self) -> Router {
        Router::new()
            .fallback(serve_origin)
            .with_state(self.clone())
    }
}

fn url_of(request: &Request) -> String {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let host = host.split(':').next().unwrap_or(host);
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    format!("https://{host}{path}")
}

fn answer(method: &Method, status: StatusCode, headers: HeaderMap, body: String) -> Response {
    let length = body.len();
    let mut response = if method == Method::HEAD {
        (status, headers).into_response()
    } else {
        (status, headers, body).into_response()
    };
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    response
}

fn version_headers(headers: &mut HeaderMap, version: u32, at: DateTime<Utc>) {
    let etag = format!("\"v{version}\"");
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"v\"")),
    );
    let modified = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    if let Ok(value) = HeaderValue::from_str(&modified) {
        headers.insert(header::LAST_MODIFIED, value);
    }
}

async fn serve_edge(State(edge): State<Edge>, request: Request) -> Response {
    let method = request.method().clone();
    let url = url_of(&request);
    if method == Method::HEAD && url.contains("no-head") {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let mut headers = HeaderMap::new();
    if url.contains("fail") {
        headers.insert("x-cache", HeaderValue::from_static("MISS from sim-edge"));
        return answer(&method, StatusCode::NOT_FOUND, headers, "not found".into());
    }
    let now = Utc::now();
    let (purged_at, purges) = edge.done(&url, Kind::Purge, now);
    let (prefetched_at, _) = edge.done(&url, Kind::Prefetch, now);
    let mut memory = edge.memory();
    let stale = memory.stale.contains(&url);
    let held = memory.cached.get(&url).copied();
    // Records have whole seconds: a purge stamped in the second a copy was cached may be later.
    let purged_since =
        |at: DateTime<Utc>| purged_at.is_some_and(|p| p + chrono::Duration::seconds(1) > at);
    let (cached, hit) = match held {
        Some(c) if stale || !purged_since(c.at) => (c, true),
        // Not held, or purged since: fetched from the origin now.
        _ => match prefetched_at.filter(|p| purged_at.is_none_or(|q| *p >= q)) {
            Some(at) if held.is_none() => (
                Cached {
                    at,
                    version: purges + 1,
                },
                true,
            ),
            _ => (
                Cached {
                    at: now,
                    version: purges + 1,
                },
                false,
            ),
        },
    };
    memory.cached.insert(url.clone(), cached);
    drop(memory);
    let age = (now - cached.at).num_seconds().max(0);
    headers.insert(
        "x-cache",
        HeaderValue::from_static(if hit {
            "HIT from sim-edge"
        } else {
            "MISS from sim-edge"
        }),
    );
    headers.insert(header::AGE, HeaderValue::from(age));
    headers.insert(
        header::VIA,
        HeaderValue::from_static("1.1 sim-edge (CacheDesk simulator)"),
    );
    version_headers(&mut headers, cached.version, cached.at);
    let body = format!("{url} version {}\n", cached.version);
    answer(&method, StatusCode::OK, headers, body)
}

async fn serve_origin(State(edge): State<Edge>, request: Request) -> Response {
    let method = request.method().clone();
    let url = url_of(&request);
    if url.contains("fail") {
        return answer(
            &method,
            StatusCode::NOT_FOUND,
            HeaderMap::new(),
            "not found".into(),
        );
    }
    let now = Utc::now();
    let (purged_at, purges) = edge.done(&url, Kind::Purge, now);
    let mut headers = HeaderMap::new();
    version_headers(&mut headers, purges + 1, purged_at.unwrap_or(now));
    let body = format!("{url} version {}\n", purges + 1);
    answer(&method, StatusCode::OK, headers, body)
}
