//! `POST .../purge` and `POST .../prefetch`: validate, charge the quota, record, answer 201.

use super::{usage, Baidu};
use crate::reply::{json_response, BceError};
use crate::store::{NewRecord, Store};
use crate::target::{http_host, is_directory_url, under_site};
use axum::http::StatusCode;
use axum::response::Response;
use cachedesk_core::{Kind, Target};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize)]
struct SubmitBody {
    #[serde(default)]
    site: Option<String>,
    tasks: Vec<TaskIn>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TaskIn {
    url: String,
    #[serde(rename = "type", default)]
    target: Option<String>,
    #[serde(default)]
    start_time: Option<String>,
    #[serde(default)]
    speed: Option<u64>,
}

pub fn submit(b: &Baidu, kind: Kind, body: &[u8]) -> Result<Response, BceError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        BceError::new(
            StatusCode::BAD_REQUEST,
            "MalformedJSON",
            format!("the request body is not valid JSON: {e}"),
        )
    })?;
    let body: SubmitBody = serde_json::from_value(value).map_err(|e| {
        BceError::new(
            StatusCode::BAD_REQUEST,
            "InappropriateJSON",
            format!("the JSON is not a {} request: {e}", kind.slug()),
        )
    })?;
    let site = b.site(body.site.as_deref())?;
    check_counts(b, kind, &body.tasks)?;
    let now = b.state.now();
    let records = body
        .tasks
        .iter()
        .map(|task| validate(b, kind, task, site.as_deref(), now))
        .collect::<Result<Vec<_>, _>>()?;
    let mut store = b.state.store();
    check_quota(b, &store, &records, now)?;
    let id = store.submit(kind, site.as_deref(), records, now);
    Ok(json_response(StatusCode::CREATED, &json!({ "id": id })))
}

fn is_directory(kind: Kind, task: &TaskIn) -> bool {
    kind == Kind::Purge && task.target.as_deref() == Some("directory")
}

fn check_counts(b: &Baidu, kind: Kind, tasks: &[TaskIn]) -> Result<(), BceError> {
    if tasks.is_empty() {
        return Err(BceError::invalid("tasks must contain at least one task"));
    }
    let limits = b.state.limits();
    let dirs = tasks.iter().filter(|t| is_directory(kind, t)).count();
    let too_many = |what: &str, n: u32| {
        BceError::new(
            StatusCode::BAD_REQUEST,
            "TooManyUrls",
            format!("at most {n} {what} per request"),
        )
    };
    if tasks.len() > limits.urls_per_request as usize {
        return Err(too_many("URLs", limits.urls_per_request));
    }
    if dirs > limits.dirs_per_request as usize {
        return Err(too_many("directories", limits.dirs_per_request));
    }
    Ok(())
}

fn validate(
    b: &Baidu,
    kind: Kind,
    task: &TaskIn,
    site: Option<&str>,
    now: DateTime<Utc>,
) -> Result<NewRecord, BceError> {
    let url = task.url.trim();
    let illegal = |why: String| BceError::new(StatusCode::BAD_REQUEST, "IllegalRequestUrl", why);
    let host = http_host(url).ok_or_else(|| illegal(format!("not an http(s) URL: {url}")))?;
    match site {
        Some(site) if !under_site(&host, site) => {
            return Err(illegal(format!("url {url} does not belong to site {site}")))
        }
        None if !b.state.serves_domain(&host) => {
            return Err(illegal(format!("url not under acceleration: {url}")))
        }
        _ => {}
    }
    let target = match (kind, task.target.as_deref()) {
        (Kind::Prefetch, _) | (Kind::Purge, None | Some("file")) => Target::File,
        (Kind::Purge, Some("directory")) if is_directory_url(url) => Target::Directory,
        (Kind::Purge, Some("directory")) => {
            return Err(BceError::invalid(format!(
                "a directory URL must end with '/': {url}"
            )))
        }
        (Kind::Purge, Some(other)) => {
            return Err(BceError::invalid(format!(
                "type must be file or directory, not {other}"
            )))
        }
    };
    let start_at = match (&task.start_time, b.geo) {
        (Some(raw), false) if kind == Kind::Prefetch => Some(start_time(raw, now)?),
        _ => None,
    };
    Ok(NewRecord {
        url: url.to_owned(),
        target,
        start_at,
        speed: task.speed.filter(|_| kind == Kind::Prefetch && !b.geo),
    })
}

/// A scheduled prefetch starts in the future, within 24 hours. The seed document writes the
/// format with `Z` and `T` swapped (`2016-04-16Z23:00:00T`); both forms are read.
fn start_time(raw: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, BceError> {
    let at = DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&Utc))
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dZ%H:%M:%ST").map(|t| t.and_utc()))
        .map_err(|_| BceError::invalid(format!("startTime is not a UTC timestamp: {raw}")))?;
    if at <= now || at > now + chrono::Duration::hours(24) {
        return Err(BceError::invalid(
            "startTime must be in the future and within 24 hours",
        ));
    }
    Ok(at)
}

fn check_quota(
    b: &Baidu,
    store: &Store,
    records: &[NewRecord],
    now: DateTime<Utc>,
) -> Result<(), BceError> {
    let quotas = b.state.config.quotas;
    let (used_urls, used_dirs) = usage(store, now);
    let new_dirs = records
        .iter()
        .filter(|r| r.target == Target::Directory)
        .count() as u64;
    let new_urls = records.len() as u64 - new_dirs;
    let exceeded = |what: &str, used: u64, quota: u32| {
        BceError::new(
            StatusCode::FORBIDDEN,
            "QuotaExceeded",
            format!(
                "{what} quota exceeded: {} of {quota} left in the last 24 hours",
                u64::from(quota).saturating_sub(used)
            ),
        )
    };
    if used_urls + new_urls > u64::from(quotas.baidu_urls) {
        return Err(exceeded("url", used_urls, quotas.baidu_urls));
    }
    if used_dirs + new_dirs > u64::from(quotas.baidu_dirs) {
        return Err(exceeded("directory", used_dirs, quotas.baidu_dirs));
    }
    Ok(())
}
