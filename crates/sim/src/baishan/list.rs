//! `GET /v2/cache/refresh` and `GET /v2/cache/prefetch`: by `task_id`, or by `start_time` /
//! `end_time` (dates, UTC+8, at most 7 days apart) and `url`; `page_number` / `page_size`.
//! Records older than a month (30 days) are gone.

use super::china_time;
use crate::params::Params;
use crate::reply::{json_response, BaishanError};
use crate::state::VendorState;
use crate::store::{Phase, Record};
use axum::http::StatusCode;
use axum::response::Response;
use cachedesk_core::{Kind, Target};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};

use crate::seed::{BAISHAN_DEFAULT_PAGE_SIZE, BAISHAN_RETENTION_DAYS};

fn number(params: &Params, key: &str, default: u32, max: u32) -> Result<u32, BaishanError> {
    let Some(raw) = params.get(key) else {
        return Ok(default);
    };
    raw.parse::<u32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| BaishanError::bad_request(format!("{key} must be a number from 1 to {max}")))
}

fn date(params: &Params, key: &str, default: NaiveDate) -> Result<NaiveDate, BaishanError> {
    params.get(key).map_or(Ok(default), |raw| {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| BaishanError::bad_request(format!("{key} must be a date like 2018-02-11")))
    })
}

/// Which records a query selects.
enum Selection {
    Task(String),
    Days {
        start: NaiveDate,
        end: NaiveDate,
        url: Option<String>,
    },
}

fn selection(
    params: &Params,
    now: DateTime<Utc>,
    span_days: u32,
) -> Result<Selection, BaishanError> {
    if let Some(task_id) = params.get("task_id") {
        if params.get("start_time").is_some() || params.get("end_time").is_some() {
            return Err(BaishanError::bad_request(
                "task_id cannot be combined with start_time/end_time",
            ));
        }
        if task_id.parse::<u64>().is_err() {
            return Err(BaishanError::bad_request("task_id must be an integer"));
        }
        return Ok(Selection::Task(task_id.to_owned()));
    }
    let today = china_time(now).date();
    let end = date(params, "end_time", today)?;
    let start = date(params, "start_time", end)?;
    if start > end {
        return Err(BaishanError::bad_request("start_time is after end_time"));
    }
    // Dates counted inclusively: 2018-02-01..2018-02-07 is 7 days (seed: 单次查询跨度7天).
    if (end - start).num_days() + 1 > i64::from(span_days) {
        return Err(BaishanError::bad_request(format!(
            "the query may span at most {span_days} days"
        )));
    }
    let url = params.get("url").or(params.get("urls")).map(str::to_owned);
    Ok(Selection::Days { start, end, url })
}

pub fn list(state: &VendorState, kind: Kind, params: &Params) -> Result<Response, BaishanError> {
    let limits = state.limits();
    let page_number = number(params, "page_number", 1, u32::MAX)?;
    let page_size = number(
        params,
        "page_size",
        BAISHAN_DEFAULT_PAGE_SIZE.min(limits.page_size),
        limits.page_size,
    )?;
    let now = state.now();
    let selection = selection(params, now, limits.span_days)?;
    let store = state.store();
    let oldest = now - chrono::Duration::days(BAISHAN_RETENTION_DAYS);
    // Vendors list new tasks late (`Faults::listing_delay`); a task id finds them at once.
    let listed_until = state.listed_until(now);
    let selected = |r: &&Record| {
        r.kind == kind
            && r.created_at >= oldest
            && match &selection {
                Selection::Task(id) => &r.task_id == id,
                Selection::Days { start, end, url } => {
                    let day = china_time(r.created_at).date();
                    day >= *start
                        && day <= *end
                        && r.created_at <= listed_until
                        && url.as_ref().is_none_or(|u| u == &r.url)
                }
            }
    };
    let matching: Vec<&Record> = match &selection {
        Selection::Task(id) => store.task(id).iter().filter(selected).collect(),
        Selection::Days { .. } => store.newest_first(None).filter(selected).collect(),
    };
    let skip = (u64::from(page_number) - 1).saturating_mul(u64::from(page_size));
    let alternate = state.faults.alternate_url_forms();
    let list: Vec<Value> = matching
        .iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(page_size as usize)
        .map(|r| item(r, store.phase(r, now), alternate))
        .collect();
    // The refresh documentation shows `page_number` as a string, the prefetch one as a number;
    // in quirks mode both are strings.
    let page_number = match (kind, state.quirks()) {
        (Kind::Purge, _) | (Kind::Prefetch, true) => json!(page_number.to_string()),
        (Kind::Prefetch, false) => json!(page_number),
    };
    let data = json!({ "total": matching.len(), "page_number": page_number, "list": list });
    Ok(json_response(
        StatusCode::OK,
        &json!({ "code": 0, "message": "", "data": data }),
    ))
}

fn item(r: &Record, phase: Phase, alternate_url: bool) -> Value {
    let format = |at: DateTime<Utc>| china_time(at).format("%Y-%m-%d %H:%M:%S").to_string();
    let (status, complete_time) = match phase {
        Phase::Waiting => ("waiting", String::new()),
        Phase::Running { .. } => ("processing", String::new()),
        Phase::Done { failed: true, .. } => ("failed", String::new()),
        Phase::Done { finished_at, .. } => ("completed", format(finished_at)),
    };
    let kind = match r.target {
        Target::File => "url",
        Target::Directory => "dir",
    };
    json!({
        "id": r.id,
        "url": if alternate_url { crate::target::alternate_form(&r.url) } else { r.url.clone() },
        "type": kind,
        "status": status,
        "create_time": format(r.created_at),
        "complete_time": complete_time,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_dates() {
        let p = Params::form(b"page_number=0");
        assert!(number(&p, "page_number", 1, 10).is_err());
        let p = Params::form(b"page_size=501");
        assert!(number(&p, "page_size", 50, 500).is_err());
        assert_eq!(number(&Params::default(), "page_size", 50, 500), Ok(50));
        let now = Utc::now();
        // Seven dates counted inclusively: 01-01..01-07 is the most.
        let wide = Params::form(b"start_time=2024-01-01&end_time=2024-01-08");
        assert!(selection(&wide, now, 7).is_err());
        let ok = Params::form(b"start_time=2024-01-01&end_time=2024-01-07");
        assert!(selection(&ok, now, 7).is_ok());
        let mixed = Params::form(b"task_id=12&start_time=2024-01-01");
        assert!(selection(&mixed, now, 7).is_err());
        assert!(selection(&Params::form(b"task_id=abc"), now, 7).is_err());
    }
}
