//! Baidu AI Cloud CDN (`/v2/cache/...`) and Baidu GEO (`/v2/geo/cache/...`): the same task model
//! behind BCE v1 auth. GEO scopes every call by `site`, has no quota endpoint and no `url`
//! filter, and filters purges by `type`.

mod list;
mod record;
mod submit;

use crate::reply::{json_response, BceError, Dialect, BCE_REQUEST_ID};
use crate::state::VendorState;
use crate::store::Store;
use crate::{bce_auth, faults};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, map_response, map_response_with_state};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use cachedesk_core::{Kind, Target, Vendor};
use chrono::{DateTime, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// One Baidu product.
#[derive(Debug, Clone)]
struct Baidu {
    state: Arc<VendorState>,
    geo: bool,
    /// The account's user id, shown as GEO's `operator`.
    operator: String,
}

impl Baidu {
    /// GEO: the configured site named by `site`. CDN calls carry no site.
    fn site(&self, site: Option<&str>) -> Result<Option<String>, BceError> {
        if !self.geo {
            return Ok(None);
        }
        let site = site
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| BceError::invalid("site is required"))?;
        self.state
            .config
            .sites
            .iter()
            .find(|s| s.eq_ignore_ascii_case(site))
            .map(|s| Some(s.to_ascii_lowercase()))
            .ok_or_else(|| {
                BceError::new(
                    StatusCode::BAD_REQUEST,
                    "InvalidSite",
                    format!("site {site} does not exist in this account"),
                )
            })
    }
}

impl Baidu {
    /// Hours a status query reaches back when it names no `startTime`.
    fn default_hours(&self) -> i64 {
        if self.geo {
            crate::seed::GEO_DEFAULT_WINDOW_HOURS
        } else {
            crate::seed::CDN_DEFAULT_WINDOW_HOURS
        }
    }
}

/// URLs and directories used in the last 24 hours: (urls, dirs).
fn usage(store: &Store, now: DateTime<Utc>) -> (u64, u64) {
    let since = now - chrono::Duration::hours(24);
    let dirs = store.count_created(since, now, |r| r.target == Target::Directory);
    let urls = store.count_created(since, now, |r| r.target == Target::File);
    (urls, dirs)
}

pub fn router(state: Arc<VendorState>) -> Router {
    let geo = state.vendor == Vendor::BaiduGeo;
    let prefix = if geo { "/v2/geo/cache" } else { "/v2/cache" };
    let digest = Sha256::digest(state.config.credentials.access_key.as_bytes());
    let baidu = Baidu {
        state: state.clone(),
        geo,
        operator: hex::encode(&digest[..16]),
    };
    let mut routes = Router::new()
        .route(
            &format!("{prefix}/purge"),
            post(submit_purge).get(list_purge),
        )
        .route(
            &format!("{prefix}/prefetch"),
            post(submit_prefetch).get(list_prefetch),
        );
    if !geo {
        routes = routes.route("/v2/cache/quota", get(quota));
    }
    let routes = routes.route_layer(from_fn_with_state(state.clone(), faults::around_submits));
    Dialect::Bce
        .with_fallbacks(routes.with_state(baidu))
        .layer(from_fn_with_state(
            state.clone(),
            bce_auth::require_signature,
        ))
        .layer(from_fn_with_state(state.clone(), faults::inject))
        .layer(map_response(stamp))
        .layer(map_response_with_state(
            state.clone(),
            crate::reply::stamp_date,
        ))
        .layer(from_fn_with_state(state, crate::requests::count))
}

/// Every BCE answer names its request and server.
async fn stamp(mut response: Response) -> Response {
    let headers = response.headers_mut();
    if !headers.contains_key(BCE_REQUEST_ID) {
        if let Ok(id) = HeaderValue::from_str(&crate::reply::new_request_id()) {
            headers.insert(BCE_REQUEST_ID, id);
        }
    }
    headers.insert("server", HeaderValue::from_static("BCE-CDN"));
    response
}

async fn submit_purge(State(b): State<Baidu>, body: Bytes) -> Result<Response, BceError> {
    submit::submit(&b, Kind::Purge, &body)
}

async fn submit_prefetch(State(b): State<Baidu>, body: Bytes) -> Result<Response, BceError> {
    submit::submit(&b, Kind::Prefetch, &body)
}

async fn list_purge(State(b): State<Baidu>, RawQuery(q): RawQuery) -> Result<Response, BceError> {
    list::list(&b, Kind::Purge, &crate::params::Params::bce(q.as_deref()))
}

async fn list_prefetch(
    State(b): State<Baidu>,
    RawQuery(q): RawQuery,
) -> Result<Response, BceError> {
    list::list(
        &b,
        Kind::Prefetch,
        &crate::params::Params::bce(q.as_deref()),
    )
}

async fn quota(State(b): State<Baidu>) -> Response {
    let quotas = b.state.config.quotas;
    let (urls, dirs) = usage(&b.state.store(), b.state.now());
    let body = json!({
        "dirRemain": u64::from(quotas.baidu_dirs).saturating_sub(dirs),
        "urlRemain": u64::from(quotas.baidu_urls).saturating_sub(urls),
        "dirQuota": quotas.baidu_dirs,
        "urlQuota": quotas.baidu_urls,
    });
    json_response(StatusCode::OK, &body)
}
