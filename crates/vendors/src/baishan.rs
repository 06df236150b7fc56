//! Baishan Cloud CDN (`cdn.api.baishan.com`, `/v2/cache/...`): the token rides in the query
//! string of every call, answers are `{code, message, data}`, status pages are numbered.

use crate::endpoint::Endpoint;
use crate::errors::{baishan_open, malformed};
use crate::http::{Http, HttpOptions, Reply};
use crate::lenient::{self, one_or_many, opt_string, opt_u64};
use crate::provider::{
    Provider, RejectedUrl, SubmitReceipt, SubmitRequest, TaskQuery, TaskSelector,
};
use crate::redact::Redactor;
use crate::validate::check_submit;
use async_trait::async_trait;
use cachedesk_core::{
    said, Credentials, Cursor, Error, Kind, Page, Quota, RecordStatus, Result, Secret, Target,
    UrlRecord, Vendor, VendorLimits,
};
use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

const MAX_PAGE_SIZE: u32 = 500;

pub(crate) struct Baishan {
    http: Http,
    endpoint: Endpoint,
    token: Secret,
    limits: VendorLimits,
}

fn path(kind: Kind) -> &'static str {
    match kind {
        Kind::Purge => "/v2/cache/refresh",
        Kind::Prefetch => "/v2/cache/prefetch",
    }
}

/// The calendar date in China (UTC+8), the only precision Baishan's status queries take.
fn china_date(at: DateTime<Utc>) -> String {
    (at + Duration::hours(8)).format("%Y-%m-%d").to_string()
}

impl Baishan {
    pub fn new(
        endpoint: Endpoint,
        credentials: &Credentials,
        limits: VendorLimits,
        options: HttpOptions,
    ) -> Result<Baishan> {
        let Credentials::Token(token) = credentials else {
            return Err(Error::InvalidInput(said!(
                "Baishan needs an API token, not an access key pair",
                "白山需要 API 令牌，而不是 AK/SK 密钥对"
            )));
        };
        if token.is_empty() {
            return Err(Error::InvalidInput(said!(
                "the Baishan API token is empty",
                "白山 API 令牌为空"
            )));
        }
        let redactor = Redactor::new(Some(token.clone()));
        Ok(Baishan {
            http: Http::new(options, &endpoint, redactor)?,
            endpoint,
            token: token.clone(),
            limits,
        })
    }

    /// Sends once and opens the envelope; `data` of a successful answer.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        params: &[(&str, String)],
        body: Option<Value>,
    ) -> Result<(T, Reply)> {
        let mut url = self.endpoint.url(path);
        url.query_pairs_mut()
            .append_pair("token", self.token.expose())
            .extend_pairs(params.iter().map(|(k, v)| (*k, v.as_str())));
        let mut builder = self.http.request(method, url);
        if let Some(body) = body {
            builder = builder.json(&body);
        }
        let reply = self.http.send(builder).await?;
        let parsed = open(&reply, self.http.redactor())?;
        Ok((parsed, reply))
    }

    /// The first record of the prefetch listing for one China date: its `total` is how many
    /// URLs were prefetched that day.
    async fn prefetched_on(&self, day: &str) -> Result<(ListData, Reply)> {
        let params = [
            ("start_time", day.to_owned()),
            ("end_time", day.to_owned()),
            ("page_number", "1".to_owned()),
            ("page_size", "1".to_owned()),
        ];
        self.call(Method::GET, path(Kind::Prefetch), &params, None)
            .await
    }
}

/// Opens the envelope of an answer and reads its `data` as `T`.
pub(crate) fn open<T: DeserializeOwned>(reply: &Reply, redactor: &Redactor) -> Result<T> {
    let data = baishan_open(reply, redactor)?;
    // serde quotes the value it could not read, and an answer may echo the token.
    serde_json::from_value(data).map_err(|e| malformed(reply, &redactor.scrub(&e.to_string())))
}

/// The receipt of a submit answer's `data`.
pub(crate) fn receipt(data: Submitted, reply: Reply) -> Result<SubmitReceipt> {
    let rejected: Vec<RejectedUrl> = data.err_urls.into_iter().map(RejectedUrl::from).collect();
    // With every URL refused there may be no task at all; the receipt still says why.
    let task_id = match data.task_id {
        Some(id) => id,
        None if !rejected.is_empty() => String::new(),
        None => return Err(malformed(&reply, "no task_id")),
    };
    Ok(SubmitReceipt {
        task_id,
        rejected,
        meta: reply.meta,
    })
}

fn prefetch_quota(left: u64) -> Quota {
    Quota {
        prefetch_remaining: Some(left),
        ..Quota::default()
    }
}

#[derive(Deserialize)]
pub(crate) struct Submitted {
    #[serde(default, deserialize_with = "opt_string")]
    task_id: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    err_urls: Vec<ErrUrl>,
}

/// `err_urls` items: a bare URL, or an object naming the URL and maybe why.
#[derive(Deserialize)]
#[serde(untagged)]
enum ErrUrl {
    Bare(String),
    Detailed {
        url: String,
        #[serde(
            default,
            alias = "message",
            alias = "msg",
            deserialize_with = "opt_string"
        )]
        reason: Option<String>,
    },
}

const REJECTED_REASON: &str =
    "the vendor refused this URL (malformed, host not on the account, or domain inactive)";

impl From<ErrUrl> for RejectedUrl {
    fn from(item: ErrUrl) -> RejectedUrl {
        let (url, reason) = match item {
            ErrUrl::Bare(url) => (url, None),
            ErrUrl::Detailed { url, reason } => (url, reason),
        };
        RejectedUrl {
            url,
            reason: reason.unwrap_or_else(|| REJECTED_REASON.into()),
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct ListData {
    #[serde(default, deserialize_with = "opt_u64")]
    pub(crate) total: Option<u64>,
    #[serde(default, deserialize_with = "opt_u64")]
    page_number: Option<u64>,
    #[serde(default, deserialize_with = "one_or_many")]
    list: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(default, deserialize_with = "opt_string")]
    id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    task_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    url: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "opt_string")]
    kind: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    status: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    create_time: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    complete_time: Option<String>,
}

impl Item {
    fn into_record(self, kind: Kind, task_id: Option<&str>) -> Option<UrlRecord> {
        let raw_status = self.status.unwrap_or_default();
        let target = match (kind, self.kind.as_deref()) {
            (Kind::Purge, Some("dir" | "directory")) => Target::Directory,
            _ => Target::File,
        };
        Some(UrlRecord {
            task_id: self.task_id.or_else(|| task_id.map(str::to_owned)),
            record_id: self.id,
            url: self.url?,
            kind,
            target,
            status: RecordStatus::from_vendor(&raw_status),
            raw_status,
            progress: None,
            created_at: lenient::china_local(self.create_time.as_deref()),
            started_at: None,
            finished_at: lenient::china_local(self.complete_time.as_deref()),
            reason: None,
        })
    }
}

/// The China dates `[start, end]` covers, counted inclusively: what Baishan's span limit counts.
fn china_dates_spanned(start: DateTime<Utc>, end: DateTime<Utc>) -> i64 {
    let date = |t: DateTime<Utc>| (t + Duration::hours(8)).date_naive();
    (date(end) - date(start)).num_days() + 1
}

/// The query of one status page. A range becomes the China dates of its ends; more of them than
/// `max_days` is refused here rather than by the vendor (the seed: 单次查询跨度7天, and
/// `start_time=2026-11-01&end_time=2026-11-07` is 7 days). `history` cuts its windows to fit.
pub(crate) fn list_params(
    query: &TaskQuery,
    page_size: u32,
    max_days: u32,
) -> Result<Vec<(&'static str, String)>> {
    let page = match query.cursor {
        None => 1,
        Some(Cursor::PageNumber(n)) => n,
        Some(Cursor::Marker(_)) => {
            return Err(Error::InvalidInput(said!(
                "Baishan pages by page number, not by marker",
                "白山的记录按页码翻页，不能按标记翻页"
            )))
        }
    };
    let mut params = match &query.selector {
        TaskSelector::Id { id, .. } => vec![("task_id", id.clone())],
        TaskSelector::Range { start, end, url } => {
            if start > end {
                return Err(Error::InvalidInput(said!(
                    "the start time is after the end time",
                    "开始时间晚于结束时间"
                )));
            }
            let days = china_dates_spanned(*start, *end);
            if days > i64::from(max_days.max(1)) {
                return Err(Error::InvalidInput(said!(
                    "Baishan status queries cover at most {max_days} days (China dates, inclusive); \
                     {} to {} is {days}",
                    "白山的状态查询最多覆盖 {max_days} 天（按北京时间日期计，含首尾两天）；\
                     {} 至 {} 共 {days} 天",
                    china_date(*start),
                    china_date(*end)
                )));
            }
            let mut p = vec![
                ("start_time", china_date(*start)),
                ("end_time", china_date(*end)),
            ];
            if let Some(url) = url.as_ref().filter(|u| !u.trim().is_empty()) {
                p.push(("url", url.trim().to_owned()));
            }
            p
        }
    };
    params.push(("page_number", page.to_string()));
    params.push(("page_size", page_size.to_string()));
    Ok(params)
}

pub(crate) fn list_page(
    data: ListData,
    query: &TaskQuery,
    page_size: u32,
    meta_reply: Reply,
) -> Page<UrlRecord> {
    let asked = match query.cursor {
        Some(Cursor::PageNumber(n)) => n,
        _ => 1,
    };
    let page = data
        .page_number
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n > 0)
        .unwrap_or(asked);
    let task_id = match &query.selector {
        TaskSelector::Id { id, .. } => Some(id.as_str()),
        TaskSelector::Range { .. } => None,
    };
    let mut items: Vec<UrlRecord> = data
        .list
        .into_iter()
        .filter_map(|item| item.into_record(query.kind, task_id))
        .collect();
    if let Some(target) = query.target {
        items.retain(|r| r.target == target);
    }
    let more = data
        .total
        .is_some_and(|total| u64::from(page) * u64::from(page_size) < total);
    Page {
        items,
        next: more.then(|| Cursor::PageNumber(page + 1)),
        total: data.total,
        meta: meta_reply.meta,
    }
}

#[async_trait]
impl Provider for Baishan {
    fn vendor(&self) -> Vendor {
        Vendor::Baishan
    }

    fn limits(&self) -> VendorLimits {
        self.limits
    }

    async fn submit(&self, request: &SubmitRequest) -> Result<SubmitReceipt> {
        check_submit(Vendor::Baishan, &self.limits, request)?;
        let body = match (request.action.kind(), request.action.target()) {
            (Kind::Purge, Target::Directory) => json!({"urls": request.urls, "type": "dir"}),
            (Kind::Purge, Target::File) => json!({"urls": request.urls, "type": "url"}),
            (Kind::Prefetch, _) => json!({"urls": request.urls}),
        };
        let path = path(request.action.kind());
        let (data, reply): (Submitted, Reply) =
            self.call(Method::POST, path, &[], Some(body)).await?;
        receipt(data, reply)
    }

    async fn query(&self, query: &TaskQuery) -> Result<Page<UrlRecord>> {
        let page_size = self.limits.records_per_page.clamp(1, MAX_PAGE_SIZE);
        let params = list_params(query, page_size, self.limits.max_query_span_days)?;
        let (data, reply): (ListData, Reply) = self
            .call(Method::GET, path(query.kind), &params, None)
            .await?;
        Ok(list_page(data, query, page_size, reply))
    }

    /// Prefetches left today. Baishan has no quota call, but its prefetch status answers
    /// carry `X-Push-Remaining`, and today's listing counts what was prefetched: one
    /// `page_size=1` query for today's China date gives `data.total`, and the rest of the daily
    /// quota (`daily_prefetch_quota`) is what is left.
    async fn quota(&self) -> Result<Option<Quota>> {
        let Some(daily) = self.limits.daily_prefetch_quota else {
            return Ok(None);
        };
        let mut day = china_date(Utc::now());
        let mut asked_again = false;
        loop {
            let (data, reply) = self.prefetched_on(&day).await?;
            if let Some(left) = reply.meta.push_remaining {
                return Ok(Some(prefetch_quota(left)));
            }
            // Near midnight our date may not be the vendor's: its `Date` says which day it is
            // counting.
            let vendor_day = reply.meta.date.map(china_date);
            match vendor_day {
                Some(vendor_day) if vendor_day != day && !asked_again => {
                    day = vendor_day;
                    asked_again = true;
                }
                _ => {
                    let Some(total) = data.total else {
                        return Err(malformed(&reply, "no data.total in the prefetch listing"));
                    };
                    return Ok(Some(prefetch_quota(u64::from(daily).saturating_sub(total))));
                }
            }
        }
    }

    async fn check(&self) -> Result<()> {
        let today = Utc::now();
        let params = [
            ("start_time", china_date(today)),
            ("end_time", china_date(today)),
            ("page_number", "1".to_owned()),
            ("page_size", "1".to_owned()),
        ];
        let _: (Value, Reply) = self
            .call(Method::GET, path(Kind::Purge), &params, None)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn query(selector: TaskSelector, cursor: Option<Cursor>) -> TaskQuery {
        TaskQuery {
            kind: Kind::Purge,
            selector,
            target: None,
            cursor,
        }
    }

    fn reply() -> Reply {
        let headers = Default::default();
        Reply {
            status: 200,
            meta: crate::http::response_meta(&headers),
            headers,
            body: Vec::new(),
        }
    }

    #[test]
    fn china_dates() {
        let late = Utc.with_ymd_and_hms(2018, 2, 23, 16, 30, 0).unwrap();
        assert_eq!(china_date(late), "2018-02-24");
        assert_eq!(china_date(late - Duration::hours(1)), "2018-02-23");
    }

    #[test]
    fn seed_list_sample() {
        let data: ListData = serde_json::from_str(
            r#"{"total": 3, "page_number": "2", "list": [
                {"id": "12", "url": "http://portal.qingcdn.com/logo.png", "type": "url",
                 "status": "completed", "create_time": "2023-08-01 18:00:00",
                 "complete_time": "2023-08-01 18:00:00"},
                {"id": 13, "url": "http://portal.qingcdn.com/img/", "type": "dir",
                 "status": "processing", "create_time": "2023-08-01 18:00:01", "complete_time": ""},
                {"id": "14", "status": "completed"}
            ]}"#,
        )
        .unwrap();
        let q = query(
            TaskSelector::Id {
                id: "2400008".into(),
                submitted_at: None,
            },
            Some(Cursor::PageNumber(2)),
        );
        let page = list_page(data, &q, 1, reply());
        assert_eq!(page.items.len(), 2);
        let [a, b] = &page.items[..] else { panic!() };
        assert_eq!(
            a.created_at.unwrap().to_rfc3339(),
            "2023-08-01T10:00:00+00:00"
        );
        assert_eq!(
            (a.status, a.target, a.task_id.as_deref()),
            (RecordStatus::Completed, Target::File, Some("2400008"))
        );
        assert_eq!(
            (b.status, b.target, b.finished_at),
            (RecordStatus::Running, Target::Directory, None)
        );
        assert_eq!(b.record_id.as_deref(), Some("13"));
        assert_eq!(
            (page.next, page.total),
            (Some(Cursor::PageNumber(3)), Some(3))
        );
    }

    #[test]
    fn last_page_and_params() {
        let data: ListData =
            serde_json::from_str(r#"{"total": 100, "page_number": 2, "list": []}"#).unwrap();
        let q = query(
            TaskSelector::Id {
                id: "7".into(),
                submitted_at: None,
            },
            Some(Cursor::PageNumber(2)),
        );
        assert_eq!(list_page(data, &q, 50, reply()).next, None);
        let params = list_params(&q, 50, 7).unwrap();
        assert_eq!(params[0], ("task_id", "7".to_owned()));
        assert!(list_params(
            &query(
                TaskSelector::Id {
                    id: "7".into(),
                    submitted_at: None,
                },
                Some(Cursor::Marker("m".into()))
            ),
            50,
            7
        )
        .is_err());
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().into()
    }

    fn range(start: &str, end: &str) -> TaskQuery {
        query(
            TaskSelector::Range {
                start: utc(start),
                end: utc(end),
                url: None,
            },
            None,
        )
    }

    fn dates(params: &[(&'static str, String)]) -> (String, String) {
        let get = |k: &str| {
            params
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        (get("start_time"), get("end_time"))
    }

    #[test]
    fn range_becomes_china_dates_and_seven_dates_inclusive_is_the_most() {
        // 6 days 14 hours in UTC, 7 China dates: 11-02 04:00 to 11-08 18:00.
        let q = range("2026-11-01T20:00:00Z", "2026-11-08T10:00:00Z");
        let params = list_params(&q, 50, 7).unwrap();
        assert_eq!(dates(&params), ("2026-11-02".into(), "2026-11-08".into()));
        // Exactly 7 × 24 hours, but 8 China dates (11-01 18:00 to 11-08 18:00): refused here.
        let q = range("2026-11-01T10:00:00Z", "2026-11-08T10:00:00Z");
        let err = list_params(&q, 50, 7).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput(m) if m.en().contains("2026-11-01 to 2026-11-08 is 8")),
            "{err:?}"
        );
        // China midnight to the last second of the seventh date.
        let q = range("2026-10-31T16:00:00Z", "2026-11-07T15:59:59Z");
        let params = list_params(&q, 50, 7).unwrap();
        assert_eq!(dates(&params), ("2026-11-01".into(), "2026-11-07".into()));
        assert_eq!(
            china_dates_spanned(utc("2026-11-01T15:59:59Z"), utc("2026-11-01T16:00:00Z")),
            2
        );
    }

    #[test]
    fn task_id_query_sends_no_dates_even_with_a_submit_time() {
        let q = query(
            TaskSelector::Id {
                id: "2400008".into(),
                submitted_at: Some(utc("2026-11-01T10:00:00Z")),
            },
            None,
        );
        let keys: Vec<_> = list_params(&q, 50, 7)
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["task_id", "page_number", "page_size"]);
    }

    /// Found by the `vendor_baishan` fuzz target: serde's error quotes the value it could not
    /// read, so a `data` echoing the token put it in the message.
    #[test]
    fn an_unreadable_data_that_echoes_the_token_is_reported_without_it() {
        let redactor = Redactor::new(Some(Secret::new("tok-fake-9")));
        for body in [
            r#"{"code":0,"data":"tok-fake-9"}"#,
            r#"{"code":0,"data":"token=tok-fake-9&a=1"}"#,
        ] {
            let reply = Reply {
                body: body.as_bytes().to_vec(),
                ..reply()
            };
            let err = open::<ListData>(&reply, &redactor)
                .err()
                .expect("unreadable");
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains("tok-fake-9"), "{shown}");
            assert!(shown.contains("MalformedResponse"), "{shown}");
        }
    }

    #[test]
    fn err_urls_shapes() {
        let data: Submitted = serde_json::from_str(
            r#"{"task_id": 30042313, "count": 1, "err_urls": ["http://x/1", {"url": "http://x/2", "msg": "bad host"}]}"#,
        )
        .unwrap();
        assert_eq!(data.task_id.as_deref(), Some("30042313"));
        let rejected: Vec<RejectedUrl> = data.err_urls.into_iter().map(RejectedUrl::from).collect();
        assert_eq!(rejected[0].reason, REJECTED_REASON);
        assert_eq!(
            (rejected[1].url.as_str(), rejected[1].reason.as_str()),
            ("http://x/2", "bad host")
        );
    }
}
