//! `GET .../purge` and `GET .../prefetch`: one task by `id` (every record, no paging), or a time
//! range newest first, at most a page of records, continued with `marker`.
//!
//! Time windows: `endTime` defaults to now and `startTime` to 24 hours before `endTime`. The CDN
//! applies that window to `id` queries too (its seed gives `startTime` the default without
//! exempting them): a task older than a day is found by id only with a `startTime` that reaches
//! back to it. GEO's id queries need no time (its seeds say so). GEO takes no `url` parameter at
//! all: a status query that carries one is refused (400 `InvalidArgument`).

use super::record::{render, Shape};
use super::Baidu;
use crate::params::Params;
use crate::reply::{json_response, BceError};
use crate::store::Record;
use crate::target::wildcard_match;
use axum::http::StatusCode;
use axum::response::Response;
use cachedesk_core::{Kind, Target};
use chrono::{DateTime, Utc};
use serde_json::json;

/// What a range query selects besides kind.
struct Filter<'a> {
    site: Option<&'a str>,
    target: Option<Target>,
    url: Option<&'a str>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl Filter<'_> {
    fn matches(&self, r: &Record) -> bool {
        self.site.is_none_or(|s| r.site.as_deref() == Some(s))
            && self.target.is_none_or(|t| r.target == t)
            && self.url.is_none_or(|p| wildcard_match(p, &r.url))
            && r.created_at >= self.start
            && r.created_at <= self.end
    }
}

pub fn list(b: &Baidu, kind: Kind, params: &Params) -> Result<Response, BceError> {
    let now = b.state.now();
    if b.geo && params.has("url") {
        return Err(BceError::invalid(
            "url is not a parameter of this API: GEO status queries take site, id, startTime, \
             endTime, marker (and type for purges)",
        ));
    }
    let site = b.site(params.get("site"))?;
    let target = match (b.geo, kind) {
        (true, Kind::Purge) => purge_type(params.get("type"))?,
        _ => None,
    };
    let url = if b.geo { None } else { params.get("url") };
    let store = b.state.store();
    let (records, next): (Vec<&Record>, Option<u64>) = if let Some(id) = params.get("id") {
        if params.get("marker").is_some() || url.is_some() {
            return Err(BceError::invalid(
                "id cannot be combined with marker or url",
            ));
        }
        // CDN: the default window (or the given one) holds for id queries too; GEO: none.
        let within = match b.geo {
            true => None,
            false => Some(window(
                params,
                now,
                b.state.limits().span_days,
                b.default_hours(),
            )?),
        };
        let records = store
            .task(id)
            .iter()
            .filter(|r| r.kind == kind && (site.is_none() || r.site == site))
            .filter(|r| target.is_none_or(|t| r.target == t))
            .filter(|r| {
                within.is_none_or(|(start, end)| r.created_at >= start && r.created_at <= end)
            })
            .collect();
        (records, None)
    } else {
        let (start, end) = window(params, now, b.state.limits().span_days, b.default_hours())?;
        // Vendors list new tasks late (`Faults::listing_delay`).
        let end = end.min(b.state.listed_until(now));
        let filter = Filter {
            site: site.as_deref(),
            target,
            url,
            start,
            end,
        };
        let marker = params.get("marker").map(parse_marker).transpose()?;
        let mut matching = store
            .newest_first(marker)
            .filter(|r| r.kind == kind && filter.matches(r));
        let page = matching
            .by_ref()
            .take(b.state.limits().page_size_of(kind).max(1) as usize)
            .collect();
        (page, matching.next().map(|r| r.seq))
    };
    let shape = Shape {
        quirks: b.state.quirks(),
        alternate_urls: b.state.faults.alternate_url_forms(),
    };
    let details: Vec<_> = records
        .iter()
        .map(|r| render(b, r, store.phase(r, now), store.queues(kind), shape))
        .collect();
    let mut body = json!({ "details": details, "isTruncated": next.is_some() });
    if let Some(seq) = next {
        body["nextMarker"] = json!(format_marker(seq));
    }
    Ok(json_response(StatusCode::OK, &body))
}

/// GEO's purge `type` filter: `url` (the Go SDK says `file`) or `directory`.
fn purge_type(raw: Option<&str>) -> Result<Option<Target>, BceError> {
    match raw {
        None => Ok(None),
        Some("url" | "file") => Ok(Some(Target::File)),
        Some("directory") => Ok(Some(Target::Directory)),
        Some(other) => Err(BceError::invalid(format!(
            "type must be url or directory, not {other}"
        ))),
    }
}

/// `[startTime, endTime]`: end defaults to now, start to `default_hours` (24) before end.
fn window(
    params: &Params,
    now: DateTime<Utc>,
    span_days: u32,
    default_hours: i64,
) -> Result<(DateTime<Utc>, DateTime<Utc>), BceError> {
    let time = |key: &str| {
        params
            .get(key)
            .map(|raw| {
                DateTime::parse_from_rfc3339(raw)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| BceError::invalid(format!("{key} is not a UTC timestamp: {raw}")))
            })
            .transpose()
    };
    let end = time("endTime")?.unwrap_or(now);
    let start = time("startTime")?.unwrap_or(end - chrono::Duration::hours(default_hours));
    if start > end {
        return Err(BceError::invalid("startTime is after endTime"));
    }
    if end - start > chrono::Duration::days(i64::from(span_days)) {
        return Err(BceError::invalid(format!(
            "the span between startTime and endTime exceeds {span_days} days"
        )));
    }
    Ok((start, end))
}

fn format_marker(seq: u64) -> String {
    format!("{seq:016x}")
}

fn parse_marker(raw: &str) -> Result<u64, BceError> {
    Some(raw)
        .filter(|m| m.len() == 16)
        .and_then(|m| u64::from_str_radix(m, 16).ok())
        .ok_or_else(|| BceError::invalid(format!("marker is not one this API returned: {raw}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_refuse_garbage() {
        assert_eq!(parse_marker(&format_marker(4242)), Ok(4242));
        assert!(parse_marker("zz").is_err());
        assert!(parse_marker("000000000000000g").is_err());
    }

    #[test]
    fn windows_default_and_limit() {
        let now = Utc::now();
        let (start, end) = window(&Params::bce(None), now, 90, 24).unwrap();
        assert_eq!((end, end - start), (now, chrono::Duration::hours(24)));
        let wide = Params::bce(Some(
            "startTime=2024-01-01T00:00:00Z&endTime=2024-04-01T00:00:01Z",
        ));
        assert!(window(&wide, now, 90, 24).is_err());
        let ok = Params::bce(Some(
            "startTime=2024-01-01T00:00:00Z&endTime=2024-03-31T00:00:00Z",
        ));
        assert!(window(&ok, now, 90, 24).is_ok());
        let reversed = Params::bce(Some(
            "startTime=2024-02-01T00:00:00Z&endTime=2024-01-01T00:00:00Z",
        ));
        assert!(window(&reversed, now, 90, 24).is_err());
        assert_eq!(purge_type(Some("file")), Ok(Some(Target::File)));
        assert!(purge_type(Some("dir")).is_err());
    }
}
