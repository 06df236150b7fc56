//! What Baidu CDN and Baidu GEO share: status query parameters, the `details` page with its
//! quirks (`task` as object or list, `finshedAt`, `in-process`, capitalised words), and the
//! `{id}` submit answer.

use crate::bce::Params;
use crate::errors::malformed;
use crate::http::Reply;
use crate::lenient::{self, one_or_many, opt_bool, opt_string, opt_u64};
use crate::provider::{SubmitReceipt, SubmitRequest, TaskQuery, TaskSelector};
use cachedesk_bce_auth::timestamp;
use cachedesk_core::{said, Cursor, Error, Kind, Page, RecordStatus, Result, Target, UrlRecord};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Which of the two Baidu status APIs a query goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Api {
    /// Baidu CDN: a time window applies to id queries too (seed: `startTime` defaults to
    /// `endTime` − 24 h, id queries not exempt); `url` filters with `*` wildcards.
    Cdn { max_span_days: u32 },
    /// Baidu GEO: id queries take no time (seed); there is no `url` parameter at all.
    Geo,
}

/// How far before the submit time a CDN id query's window starts, and how far past now it may
/// end: room for a vendor clock that differs from ours.
const ID_WINDOW_SLACK_HOURS: i64 = 1;

/// The CDN window for the records of a task submitted at `submitted`: from an hour before it to
/// an hour past now (or past `submitted`, if that is later), at most the vendor's span.
pub(crate) fn id_window(
    submitted: DateTime<Utc>,
    now: DateTime<Utc>,
    max_span_days: u32,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let slack = Duration::hours(ID_WINDOW_SLACK_HOURS);
    let start = submitted - slack;
    let span = Duration::days(i64::from(max_span_days.max(1)));
    let end = (now.max(submitted) + slack).min(start + span);
    (start, end)
}

/// The parameters of one status query. By id: `id` (the CDN adds a window containing the submit
/// time when it is known); Baidu pages neither kind of id query. By range: the range, the URL
/// filter (CDN only: GEO has none, its records are filtered here) and the marker.
pub(crate) fn status_params(query: &TaskQuery, api: Api, now: DateTime<Utc>) -> Result<Params> {
    let marker = match &query.cursor {
        None => None,
        Some(Cursor::Marker(m)) => Some(m.clone()),
        Some(Cursor::PageNumber(_)) => {
            return Err(Error::InvalidInput(said!(
                "Baidu pages by marker, not by page number",
                "百度的记录按标记翻页，不能按页码翻页"
            )))
        }
    };
    let mut params = Params::new();
    match &query.selector {
        TaskSelector::Id { id, submitted_at } => {
            params.push(("id", id.clone()));
            if let (Api::Cdn { max_span_days }, Some(at)) = (api, submitted_at) {
                let (start, end) = id_window(*at, now, max_span_days);
                params.push(("startTime", timestamp(start)));
                params.push(("endTime", timestamp(end)));
            }
        }
        TaskSelector::Range { start, end, url } => {
            if start > end {
                return Err(Error::InvalidInput(said!(
                    "the start time is after the end time",
                    "开始时间晚于结束时间"
                )));
            }
            params.push(("startTime", timestamp(*start)));
            params.push(("endTime", timestamp(*end)));
            if let (Api::Cdn { .. }, Some(url)) = (api, url_filter(url)) {
                params.push(("url", url.to_owned()));
            }
            if let Some(marker) = marker {
                params.push(("marker", marker));
            }
        }
    }
    Ok(params)
}

fn url_filter(url: &Option<String>) -> Option<&str> {
    url.as_deref().map(str::trim).filter(|u| !u.is_empty())
}

/// Does `url` match `pattern`, where `*` stands for any run of characters (none included)?
/// Both are compared in one spelling: scheme and host lower-case, the host in punycode,
/// percent-escapes with upper-case hex, so a vendor echoing another form still matches.
pub(crate) fn url_matches(pattern: &str, url: &str) -> bool {
    wildcard_match(&comparable(pattern.trim()), &comparable(url.trim()))
}

fn comparable(url: &str) -> String {
    let parsed = url::Url::parse(url)
        .map(String::from)
        .unwrap_or_else(|_| url.to_owned());
    upper_case_escapes(&parsed)
}

fn upper_case_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '%' {
            let mut lookahead = chars.clone();
            if let (Some(h), Some(l)) = (lookahead.next(), lookahead.next()) {
                if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() {
                    out.push(h.to_ascii_uppercase());
                    out.push(l.to_ascii_uppercase());
                    chars = lookahead;
                }
            }
        }
    }
    out
}

/// `*` matches any run of characters; everything else itself.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[derive(Deserialize)]
struct StatusPage {
    #[serde(default, deserialize_with = "one_or_many")]
    details: Vec<Detail>,
    #[serde(default, rename = "isTruncated", deserialize_with = "opt_bool")]
    is_truncated: Option<bool>,
    #[serde(default, rename = "nextMarker", deserialize_with = "opt_string")]
    next_marker: Option<String>,
}

#[derive(Deserialize)]
struct Detail {
    #[serde(default, deserialize_with = "opt_string")]
    status: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    task: Vec<TaskEcho>,
    /// The combined records endpoint puts `url` and `type` on the detail itself.
    #[serde(default, deserialize_with = "opt_string")]
    url: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "opt_string")]
    kind: Option<String>,
    #[serde(default, rename = "createdAt", deserialize_with = "opt_string")]
    created_at: Option<String>,
    #[serde(default, rename = "startedAt", deserialize_with = "opt_string")]
    started_at: Option<String>,
    #[serde(default, rename = "finishedAt", deserialize_with = "opt_string")]
    finished_at: Option<String>,
    /// The English prefetch page's spelling.
    #[serde(default, rename = "finshedAt", deserialize_with = "opt_string")]
    finshed_at: Option<String>,
    #[serde(default, deserialize_with = "opt_u64")]
    progress: Option<u64>,
    #[serde(default, deserialize_with = "opt_string")]
    reason: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    id: Option<String>,
}

#[derive(Deserialize)]
struct TaskEcho {
    #[serde(default, deserialize_with = "opt_string")]
    url: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "opt_string")]
    kind: Option<String>,
}

fn target_of(kind: Kind, word: Option<&str>) -> Target {
    match (kind, word.map(str::to_ascii_lowercase).as_deref()) {
        (Kind::Purge, Some("directory" | "dir" | "directorypurge")) => Target::Directory,
        _ => Target::File,
    }
}

impl Detail {
    fn into_records(self, kind: Kind, task_id: Option<&str>) -> Vec<UrlRecord> {
        let echoes = if self.task.is_empty() {
            vec![TaskEcho {
                url: self.url.clone(),
                kind: self.kind.clone(),
            }]
        } else {
            self.task
        };
        let raw_status = self.status.unwrap_or_default();
        let finished = self.finished_at.or(self.finshed_at);
        echoes
            .into_iter()
            // A record without a URL tells the editor nothing.
            .filter_map(|echo| Some((echo.url?, echo.kind)))
            .map(|(url, word)| UrlRecord {
                task_id: task_id.map(str::to_owned),
                record_id: self.id.clone(),
                url,
                kind,
                target: target_of(kind, word.as_deref()),
                status: RecordStatus::from_vendor(&raw_status),
                raw_status: raw_status.clone(),
                progress: self.progress.map(|p| p.min(100) as u8),
                created_at: lenient::rfc3339(self.created_at.as_deref()),
                started_at: lenient::rfc3339(self.started_at.as_deref()),
                finished_at: lenient::rfc3339(finished.as_deref()),
                reason: self.reason.clone(),
            })
            .collect()
    }
}

/// One page of `GET /v2/[geo/]cache/purge|prefetch`, normalised and filtered to `query.target`
/// (and, on GEO, to the range's URL pattern).
pub(crate) fn parse_status_page(
    reply: Reply,
    query: &TaskQuery,
    api: Api,
) -> Result<Page<UrlRecord>> {
    let page: StatusPage =
        serde_json::from_slice(&reply.body).map_err(|e| malformed(&reply, &e.to_string()))?;
    let task_id = match &query.selector {
        TaskSelector::Id { id, .. } => Some(id.as_str()),
        TaskSelector::Range { .. } => None,
    };
    let mut items: Vec<UrlRecord> = page
        .details
        .into_iter()
        .flat_map(|d| d.into_records(query.kind, task_id))
        .collect();
    if let Some(target) = query.target {
        items.retain(|r| r.target == target);
    }
    // GEO has no `url` parameter: its records are filtered here. A page may come out empty while
    // the vendor says there is more, so the marker below is kept whatever the filter left.
    if let (Api::Geo, TaskSelector::Range { url, .. }) = (api, &query.selector) {
        if let Some(pattern) = url_filter(url) {
            items.retain(|r| url_matches(pattern, &r.url));
        }
    }
    let next = match (&query.selector, page.is_truncated, page.next_marker) {
        (TaskSelector::Range { .. }, Some(true), Some(marker)) => Some(Cursor::Marker(marker)),
        _ => None,
    };
    Ok(Page {
        items,
        next,
        total: None,
        meta: reply.meta,
    })
}

/// One entry of a submit's `tasks`, written straight to JSON (no `Value` per URL). Fields in
/// the order a JSON object would sort them, as the body always had them.
#[derive(Debug, Serialize)]
pub(crate) struct SubmitTask<'a> {
    #[serde(rename = "startTime", skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    target: Option<&'static str>,
    url: &'a str,
}

/// The `tasks` list of a submit: `type` on purges, `startTime` on a scheduled prefetch.
pub(crate) fn submit_tasks(request: &SubmitRequest) -> Vec<SubmitTask<'_>> {
    let (target, start_time) = match (request.action.kind(), request.action.target()) {
        (Kind::Purge, Target::Directory) => (Some("directory"), None),
        (Kind::Purge, Target::File) => (Some("file"), None),
        (Kind::Prefetch, _) => (None, request.start_at.map(timestamp)),
    };
    request
        .urls
        .iter()
        .map(|url| SubmitTask {
            start_time: start_time.clone(),
            target,
            url,
        })
        .collect()
}

#[derive(Deserialize)]
struct Submitted {
    #[serde(default, deserialize_with = "opt_string")]
    id: Option<String>,
}

/// `201 {"id": "..."}`.
pub(crate) fn parse_submit(reply: Reply) -> Result<SubmitReceipt> {
    let id = serde_json::from_slice::<Submitted>(&reply.body)
        .map_err(|e| malformed(&reply, &e.to_string()))?
        .id
        .ok_or_else(|| malformed(&reply, "no task id"))?;
    Ok(SubmitReceipt {
        task_id: id,
        rejected: Vec::new(),
        meta: reply.meta,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::response_meta;
    use cachedesk_core::ResponseMeta;
    use chrono::TimeZone;

    const CDN: Api = Api::Cdn { max_span_days: 90 };

    fn at(y: i32, mo: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap()
    }

    fn reply(body: &str) -> Reply {
        let headers = Default::default();
        Reply {
            status: 200,
            meta: response_meta(&headers),
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    fn query(kind: Kind, selector: TaskSelector, target: Option<Target>) -> TaskQuery {
        TaskQuery {
            kind,
            selector,
            target,
            cursor: None,
        }
    }

    fn range() -> TaskSelector {
        TaskSelector::Range {
            start: Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2025, 3, 2, 0, 0, 0).unwrap(),
            url: Some("https://a.example.com/*".into()),
        }
    }

    #[test]
    fn seed_example_with_every_quirk() {
        let body = r#"{"details": [
            {"status": "completed", "createdAt": "2015-08-24T12:20:32Z",
             "finishedAt": "2015-08-24T12:21:45Z", "progress": 100,
             "task": {"url": "http://my.domain.com/path/to/purge/1.data"}},
            {"status": "in-process", "finshedAt": "2015-08-24T12:21:49Z", "progress": "87",
             "task": [{"url": "http://my.domain.com/path/dir/", "type": "directory"}],
             "extra": {"ignored": true}},
            {"status": "Completed", "task": {"type": "file"}},
            {"status": "exploded", "url": "http://my.domain.com/x", "type": "directoryPurge", "progress": 400}
        ], "isTruncated": true, "nextMarker": "m-2"}"#;
        let page = parse_status_page(reply(body), &query(Kind::Purge, range(), None), CDN).unwrap();
        assert_eq!(page.items.len(), 3);
        let [a, b, c] = &page.items[..] else { panic!() };
        assert_eq!(
            (a.status, a.target, a.progress),
            (RecordStatus::Completed, Target::File, Some(100))
        );
        assert_eq!(
            a.finished_at.unwrap().to_rfc3339(),
            "2015-08-24T12:21:45+00:00"
        );
        assert_eq!(
            (b.status, b.raw_status.as_str()),
            (RecordStatus::Running, "in-process")
        );
        assert_eq!((b.target, b.progress), (Target::Directory, Some(87)));
        assert!(b.finished_at.is_some() && b.created_at.is_none());
        assert_eq!(
            (c.status, c.target, c.progress),
            (RecordStatus::Unknown, Target::Directory, Some(100))
        );
        assert_eq!(page.next, Some(Cursor::Marker("m-2".into())));
        assert_eq!(page.meta, ResponseMeta::default());
    }

    #[test]
    fn id_queries_and_filters() {
        let body = r#"{"details": [
            {"status": "waiting", "task": {"url": "http://a/1", "type": "directory"}, "id": "r1"},
            {"status": "failed", "task": {"url": "http://a/2"}, "reason": "Other Error"}
        ], "isTruncated": true, "nextMarker": "ignored"}"#;
        let by_id = TaskSelector::Id {
            id: "t-9".into(),
            submitted_at: None,
        };
        let page = parse_status_page(
            reply(body),
            &query(Kind::Prefetch, by_id.clone(), None),
            CDN,
        )
        .unwrap();
        assert_eq!(page.next, None);
        assert!(page
            .items
            .iter()
            .all(|r| r.task_id.as_deref() == Some("t-9") && r.target == Target::File));
        assert_eq!(page.items[0].record_id.as_deref(), Some("r1"));
        assert_eq!(page.items[1].reason.as_deref(), Some("Other Error"));
        let page = parse_status_page(
            reply(body),
            &query(Kind::Purge, by_id, Some(Target::Directory)),
            CDN,
        )
        .unwrap();
        assert_eq!(page.items.len(), 1);
        let empty = parse_status_page(
            reply(r#"{"details": null, "isTruncated": "true"}"#),
            &query(Kind::Purge, range(), None),
            CDN,
        )
        .unwrap();
        assert_eq!((empty.items.len(), empty.next), (0, None));
        assert!(
            parse_status_page(reply("<html>"), &query(Kind::Purge, range(), None), CDN).is_err()
        );
    }

    #[test]
    fn params_go_style() {
        let mut q = query(Kind::Purge, range(), None);
        q.cursor = Some(Cursor::Marker("a/b+c==".into()));
        let keys: Vec<_> = status_params(&q, CDN, at(2025, 3, 2, 0))
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["startTime", "endTime", "url", "marker"]);
        q.selector = TaskSelector::Id {
            id: "t".into(),
            submitted_at: None,
        };
        assert_eq!(
            status_params(&q, CDN, at(2025, 3, 2, 0)).unwrap(),
            vec![("id", "t".to_owned())]
        );
        q.cursor = Some(Cursor::PageNumber(2));
        assert!(status_params(&q, CDN, at(2025, 3, 2, 0)).is_err());
    }

    fn by_id(submitted_at: Option<DateTime<Utc>>) -> TaskQuery {
        query(
            Kind::Purge,
            TaskSelector::Id {
                id: "t-1".into(),
                submitted_at,
            },
            None,
        )
    }

    fn value<'a>(params: &'a Params, key: &str) -> Option<&'a str> {
        params
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn cdn_id_query_sends_a_window_around_the_submit_time() {
        let now = at(2026, 11, 3, 12);
        let params = status_params(&by_id(Some(at(2026, 11, 1, 8))), CDN, now).unwrap();
        assert_eq!(value(&params, "id"), Some("t-1"));
        assert_eq!(value(&params, "startTime"), Some("2026-11-01T07:00:00Z"));
        assert_eq!(value(&params, "endTime"), Some("2026-11-03T13:00:00Z"));
        assert_eq!(value(&params, "marker"), None);
        // Unknown submit time: the id alone, as before.
        let params = status_params(&by_id(None), CDN, now).unwrap();
        assert_eq!(params, vec![("id", "t-1".to_owned())]);
    }

    #[test]
    fn cdn_id_window_stays_within_the_span_and_ends_after_the_submit_time() {
        // Submitted 100 days ago: the window is the 90 days from an hour before it.
        let (start, end) = id_window(at(2026, 1, 1, 0), at(2026, 4, 11, 0), 90);
        assert_eq!(start, at(2025, 12, 31, 23));
        assert_eq!(end - start, Duration::days(90));
        // A submit time ahead of our clock (the vendor's runs fast): still an hour past it.
        let (start, end) = id_window(at(2026, 1, 1, 5), at(2026, 1, 1, 0), 90);
        assert_eq!((start, end), (at(2026, 1, 1, 4), at(2026, 1, 1, 6)));
        // A narrower span from a profile is honoured.
        let (start, end) = id_window(at(2026, 1, 1, 0), at(2026, 3, 1, 0), 30);
        assert_eq!(end - start, Duration::days(30));
    }

    #[test]
    fn geo_id_query_sends_the_id_alone_even_with_a_submit_time() {
        let params = status_params(
            &by_id(Some(at(2026, 11, 1, 8))),
            Api::Geo,
            at(2026, 11, 3, 0),
        )
        .unwrap();
        assert_eq!(params, vec![("id", "t-1".to_owned())]);
    }

    #[test]
    fn geo_range_never_sends_url() {
        let mut q = query(Kind::Prefetch, range(), None);
        q.cursor = Some(Cursor::Marker("m".into()));
        let keys: Vec<_> = status_params(&q, Api::Geo, at(2025, 3, 2, 0))
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["startTime", "endTime", "marker"]);
    }

    #[test]
    fn geo_range_url_pattern_filters_records_here_and_keeps_the_marker() {
        let body = r#"{"details": [
            {"status": "completed", "task": {"url": "https://a.example.com/img/1.png"}},
            {"status": "completed", "task": {"url": "https://a.example.com/css/1.css"}},
            {"status": "completed", "task": {"url": "https://A.EXAMPLE.COM/img/%e5%9b%be.png"}}
        ], "isTruncated": true, "nextMarker": "m-2"}"#;
        let mut q = query(Kind::Prefetch, range(), None);
        q.selector = TaskSelector::Range {
            start: at(2025, 3, 1, 0),
            end: at(2025, 3, 2, 0),
            url: Some("https://a.example.com/img/*".into()),
        };
        let page = parse_status_page(reply(body), &q, Api::Geo).unwrap();
        let urls: Vec<_> = page.items.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://a.example.com/img/1.png",
                "https://A.EXAMPLE.COM/img/%e5%9b%be.png"
            ]
        );
        assert_eq!(page.next, Some(Cursor::Marker("m-2".into())));
        // Nothing on this page matches: an empty page that still leads on.
        q.selector = TaskSelector::Range {
            start: at(2025, 3, 1, 0),
            end: at(2025, 3, 2, 0),
            url: Some("https://b.example.com/*".into()),
        };
        let page = parse_status_page(reply(body), &q, Api::Geo).unwrap();
        assert!(page.items.is_empty());
        assert_eq!(page.next, Some(Cursor::Marker("m-2".into())));
        // The CDN filters on its side: its records are kept as they come.
        let page = parse_status_page(reply(body), &q, CDN).unwrap();
        assert_eq!(page.items.len(), 3);
    }

    #[test]
    fn url_patterns_match_with_wildcards_in_any_spelling() {
        let yes = [
            (
                "https://www.example.com/img/*",
                "https://www.example.com/img/a/b.png",
            ),
            (
                "https://www.example.com/img/*",
                "https://www.example.com/img/",
            ),
            (
                "https://*.example.com/*.js",
                "https://cdn.example.com/x/app.js",
            ),
            (
                "https://www.example.com/a.png",
                "https://www.example.com/a.png",
            ),
            (
                "https://www.example.com/a.png",
                "HTTPS://WWW.Example.COM/a.png",
            ),
            (
                "https://www.example.com/%E5%9B%BE*",
                "https://www.example.com/图.png",
            ),
            (
                "https://bücher.example/*",
                "https://xn--bcher-kva.example/a",
            ),
            ("*", "https://anything.example/"),
            ("*a*b*", "https://x/ab"),
        ];
        for (pattern, url) in yes {
            assert!(url_matches(pattern, url), "{pattern} {url}");
        }
        let no = [
            (
                "https://www.example.com/img/*",
                "https://www.example.com/css/a.css",
            ),
            (
                "https://www.example.com/img/*",
                "http://www.example.com/img/a.png",
            ),
            (
                "https://www.example.com/a.png",
                "https://www.example.com/a.png.bak",
            ),
            (
                "https://www.example.com/A.png",
                "https://www.example.com/a.png",
            ),
            ("*.js", "https://x/app.jsx"),
            ("*aa", "https://x/a"),
        ];
        for (pattern, url) in no {
            assert!(!url_matches(pattern, url), "{pattern} {url}");
        }
    }

    #[test]
    fn submit_answer() {
        assert_eq!(
            parse_submit(reply(r#"{"id":"5fea77"}"#)).unwrap().task_id,
            "5fea77"
        );
        assert!(parse_submit(reply(r#"{"ID":"x"}"#)).is_err());
        assert!(parse_submit(reply("Created")).is_err());
    }
}
