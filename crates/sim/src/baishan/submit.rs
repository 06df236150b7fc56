//! `POST /v2/cache/refresh` (`{"urls": [...], "type": "url"|"dir"}`) and
//! `POST /v2/cache/prefetch` (`{"urls": [...]}`, JSON or form-encoded). URLs the account does not
//! serve go to `err_urls`; the rest are accepted.

use super::prefetch_remaining;
use crate::params::Params;
use crate::reply::{json_response, BaishanError};
use crate::state::VendorState;
use crate::store::NewRecord;
use crate::target::{http_host, is_directory_url};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use cachedesk_core::{Kind, Target};
use serde_json::{json, Value};

struct SubmitBody {
    urls: Vec<String>,
    kind: Option<String>,
}

fn parse(headers: &HeaderMap, body: &[u8]) -> Result<SubmitBody, BaishanError> {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if form {
        let params = Params::form(body);
        let urls = params.all("urls").chain(params.all("urls[]"));
        return Ok(SubmitBody {
            urls: urls.map(str::to_owned).collect(),
            kind: params.get("type").map(str::to_owned),
        });
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| BaishanError::bad_request(format!("the body is not valid JSON: {e}")))?;
    let urls = match value.get("urls") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|u| u.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| BaishanError::bad_request("urls must be a list of strings"))?,
        _ => {
            return Err(BaishanError::bad_request(
                "urls is required and must be a list",
            ))
        }
    };
    let kind = match value.get("type") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(BaishanError::bad_request("type must be url or dir")),
    };
    Ok(SubmitBody { urls, kind })
}

pub fn submit(
    state: &VendorState,
    kind: Kind,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, BaishanError> {
    let body = parse(headers, body)?;
    let limit = state.limits().urls_per_request as usize;
    if body.urls.is_empty() {
        return Err(BaishanError::bad_request("urls is required"));
    }
    if body.urls.len() > limit {
        return Err(BaishanError::bad_request(format!(
            "too many urls: at most {limit} per request"
        )));
    }
    let target = match (kind, body.kind.as_deref()) {
        (Kind::Prefetch, _) | (Kind::Purge, None | Some("url")) => Target::File,
        (Kind::Purge, Some("dir")) => Target::Directory,
        (Kind::Purge, Some(other)) => {
            return Err(BaishanError::bad_request(format!(
                "type must be url or dir, not {other}"
            )))
        }
    };
    let (accepted, err_urls): (Vec<String>, Vec<String>) = body.urls.into_iter().partition(|url| {
        http_host(url).is_some_and(|host| state.serves_domain(&host))
            && (target == Target::File || is_directory_url(url))
    });
    if accepted.is_empty() {
        let mut error = BaishanError::bad_request("no valid url: every url was rejected");
        error.data = json!({ "err_urls": err_urls });
        return Err(error);
    }
    let now = state.now();
    let mut store = state.store();
    if kind == Kind::Prefetch {
        let remaining = prefetch_remaining(state, &store, now);
        if accepted.len() as u64 > remaining {
            return Err(BaishanError::bad_request(format!(
                "daily prefetch quota exceeded: {remaining} left today, {} submitted",
                accepted.len()
            )));
        }
    }
    let count = accepted.len();
    let records = accepted
        .into_iter()
        .map(|url| NewRecord {
            url,
            target,
            start_at: None,
            speed: None,
        })
        .collect();
    let task_id = store.submit(kind, None, records, now);
    let data = json!({ "task_id": task_id, "count": count, "err_urls": err_urls });
    Ok(json_response(
        StatusCode::OK,
        &json!({ "code": 0, "message": "", "data": data }),
    ))
}
