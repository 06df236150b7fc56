//! Baishan client against a local HTTP server: token in the query, `{code, message, data}`,
//! page numbers, rate-limit headers, partial rejection, the prefetch quota from today's listing.

use crate::common::{header, provider, query_pairs, TOKEN};
use cachedesk_core::{Action, Cursor, Kind, Quota, RateLimit, RecordStatus, Target, Vendor};
use cachedesk_vendors::{RejectedUrl, SubmitRequest, TaskQuery, TaskSelector};
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

fn ok(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"code": 0, "message": "", "data": data}))
        .insert_header("Api-Id", "70946227")
        .insert_header("X-Ratelimit-Grad", "minute")
        .insert_header("X-Ratelimit-Limit", "150")
        .insert_header("X-Ratelimit-Remaining", "99")
        .insert_header("X-Retry-After", "33")
}

#[tokio::test]
async fn refresh_and_prefetch_bodies_and_partial_rejection() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/cache/refresh"))
        .respond_with(ok(json!({"task_id": "81961057"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/cache/prefetch"))
        .respond_with(
            ok(json!({"task_id": 30042313, "count": 1, "err_urls": ["http://not-mine.example.com/x.png"]}))
                .insert_header("X-Push-Remaining", "9998"),
        )
        .mount(&server)
        .await;
    let baishan = provider(Vendor::Baishan, &server.uri());
    let urls = vec![
        "https://dl.example.net/pkg/".to_owned(),
        "http://not-mine.example.com/x.png".to_owned(),
    ];
    let dir = baishan
        .submit(&SubmitRequest {
            action: Action::PurgeDirectories,
            urls: urls[..1].to_vec(),
            start_at: None,
        })
        .await
        .unwrap();
    assert_eq!(dir.task_id, "81961057");
    assert_eq!(dir.meta.request_id.as_deref(), Some("70946227"));
    assert_eq!(
        dir.meta.rate_limit,
        Some(RateLimit {
            grad: Some("minute".into()),
            limit: Some(150),
            remaining: Some(99),
            retry_after_secs: Some(33)
        })
    );
    baishan
        .submit(&SubmitRequest {
            action: Action::PurgeFiles,
            urls: urls[..1].to_vec(),
            start_at: None,
        })
        .await
        .unwrap();
    let pre = baishan
        .submit(&SubmitRequest {
            action: Action::Prefetch,
            urls: urls.clone(),
            start_at: None,
        })
        .await
        .unwrap();
    assert_eq!(pre.task_id, "30042313");
    assert_eq!(pre.rejected.len(), 1);
    let RejectedUrl { url, reason } = &pre.rejected[0];
    assert_eq!(url, "http://not-mine.example.com/x.png");
    assert!(!reason.is_empty());
    assert_eq!(pre.meta.push_remaining, Some(9998));

    let requests = server.received_requests().await.unwrap();
    let seen: Vec<(String, Value)> = requests
        .iter()
        .map(|r| {
            (
                r.url.path().to_owned(),
                serde_json::from_slice(&r.body).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "/v2/cache/refresh".into(),
                json!({"urls": ["https://dl.example.net/pkg/"], "type": "dir"})
            ),
            (
                "/v2/cache/refresh".into(),
                json!({"urls": ["https://dl.example.net/pkg/"], "type": "url"})
            ),
            ("/v2/cache/prefetch".into(), json!({"urls": urls})),
        ]
    );
    for r in &requests {
        assert_eq!(query_pairs(r), [("token".to_owned(), TOKEN.to_owned())]);
        assert_eq!(header(r, "content-type"), Some("application/json"));
        assert_eq!(header(r, "authorization"), None);
    }
}

/// A Baishan status endpoint holding `total` records, answering in the refresh doc's shape
/// (`page_number` as a string).
struct Pages {
    total: u32,
}

impl Respond for Pages {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let pairs = query_pairs(request);
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .and_then(|(_, v)| v.parse::<u32>().ok())
        };
        let (page, size) = (
            get("page_number").unwrap_or(1),
            get("page_size").unwrap_or(50),
        );
        let first = (page - 1) * size;
        let list: Vec<Value> = (first..(first + size).min(self.total))
            .map(|i| (i, ["completed", "waiting", "processing", "failed", "Odd"][i as usize % 5]))
            .map(|(i, status)| json!({"id": i, "url": format!("https://dl.example.net/{i}"), "type": if i % 2 == 0 {"url"} else {"dir"},
                            "status": status,
                            "create_time": "2026-01-05 09:00:00", "complete_time": ""}))
            .collect();
        ok(json!({"total": self.total, "page_number": page.to_string(), "list": list}))
    }
}

#[tokio::test]
async fn range_query_pages_by_number_to_the_end() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/cache/refresh"))
        .respond_with(Pages { total: 1203 })
        .mount(&server)
        .await;
    let baishan = provider(Vendor::Baishan, &server.uri());
    let mut query = TaskQuery {
        kind: Kind::Purge,
        selector: TaskSelector::Range {
            start: Utc.with_ymd_and_hms(2026, 1, 4, 16, 30, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 1, 6, 15, 0, 0).unwrap(),
            url: Some("https://dl.example.net/a b".into()),
        },
        target: None,
        cursor: None,
    };
    let mut records = Vec::new();
    loop {
        let page = baishan.query(&query).await.unwrap();
        assert_eq!(page.total, Some(1203));
        records.extend(page.items);
        match page.next {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(records.len(), 1203);
    let counts = |s| records.iter().filter(|r| r.status == s).count();
    assert_eq!(
        [
            counts(RecordStatus::Completed),
            counts(RecordStatus::Waiting),
            counts(RecordStatus::Running),
            counts(RecordStatus::Failed)
        ],
        [241, 241, 241, 240]
    );
    assert_eq!(records[1].target, Target::Directory);
    assert_eq!(
        records[0].created_at,
        Some(Utc.with_ymd_and_hms(2026, 1, 5, 1, 0, 0).unwrap())
    );
    assert_eq!(records[0].finished_at, None);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    let first = query_pairs(&requests[0]);
    let want = [
        ("token", TOKEN),
        ("start_time", "2026-01-05"),
        ("end_time", "2026-01-06"),
        ("url", "https://dl.example.net/a b"),
        ("page_number", "1"),
        ("page_size", "500"),
    ];
    assert_eq!(first, want.map(|(k, v)| (k.to_owned(), v.to_owned())));
    assert_eq!(
        query_pairs(&requests[2])[4],
        ("page_number".into(), "3".into())
    );
}

#[tokio::test]
async fn task_id_query_target_filter_and_numeric_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/cache/prefetch"))
        .and(query_param("task_id", "2400008"))
        .respond_with(ok(
            json!({"total": "2", "page_number": 1, "extra": true, "list": [
            {"id": "1", "url": "https://dl.example.net/1", "status": "completed",
             "create_time": "2026-01-05 09:00:00", "complete_time": "2026-01-05 09:00:30"},
            {"id": "2", "url": "https://dl.example.net/2", "status": "waiting"}]}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/cache/refresh"))
        .respond_with(ok(json!({"total": 1, "page_number": 1, "list": [
            {"id": "3", "url": "https://dl.example.net/d/", "type": "dir", "status": "completed"}]})))
        .mount(&server)
        .await;
    let baishan = provider(Vendor::Baishan, &server.uri());
    let by_id = TaskSelector::Id {
        id: "2400008".into(),
        submitted_at: None,
    };
    let page = baishan
        .query(&TaskQuery {
            kind: Kind::Prefetch,
            selector: by_id.clone(),
            target: None,
            cursor: None,
        })
        .await
        .unwrap();
    assert_eq!(
        (page.items.len(), page.next.clone(), page.total),
        (2, None, Some(2))
    );
    assert_eq!(
        page.items[0].finished_at,
        Some(Utc.with_ymd_and_hms(2026, 1, 5, 1, 0, 30).unwrap())
    );
    assert!(page
        .items
        .iter()
        .all(|r| r.task_id.as_deref() == Some("2400008")));
    let page = baishan
        .query(&TaskQuery {
            kind: Kind::Purge,
            selector: by_id,
            target: Some(Target::File),
            cursor: Some(Cursor::PageNumber(1)),
        })
        .await
        .unwrap();
    assert!(
        page.items.is_empty(),
        "the directory record is filtered out"
    );
    baishan.check().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let first: Vec<String> = query_pairs(&requests[0])
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(first, ["token", "task_id", "page_number", "page_size"]);
    let check: Vec<String> = query_pairs(&requests[2])
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        check,
        [
            "token",
            "start_time",
            "end_time",
            "page_number",
            "page_size"
        ]
    );
}

fn china_today() -> String {
    (Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string()
}

fn prefetch_quota(left: u64) -> Option<Quota> {
    Some(Quota {
        prefetch_remaining: Some(left),
        ..Quota::default()
    })
}

#[tokio::test]
async fn quota_before_any_job_is_the_daily_quota_less_todays_prefetch_listing_total() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/cache/prefetch"))
        .respond_with(ok(json!({"total": 1234, "page_number": 1, "list": [
            {"id": "1", "url": "https://dl.example.net/a", "status": "completed"}
        ]})))
        .mount(&server)
        .await;
    let baishan = provider(Vendor::Baishan, &server.uri());
    assert_eq!(
        baishan.quota().await.unwrap(),
        prefetch_quota(10_000 - 1234)
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let mut pairs = query_pairs(&requests[0]);
    pairs.sort();
    let today = china_today();
    let expected: Vec<(String, String)> = [
        ("end_time", today.as_str()),
        ("page_number", "1"),
        ("page_size", "1"),
        ("start_time", today.as_str()),
        ("token", TOKEN),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(pairs, expected);
}

#[tokio::test]
async fn quota_prefers_x_push_remaining_and_never_goes_below_zero() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/cache/prefetch"))
        .respond_with(
            ok(json!({"total": 3, "page_number": 1, "list": []}))
                .insert_header("X-Push-Remaining", "42"),
        )
        .mount(&server)
        .await;
    let baishan = provider(Vendor::Baishan, &server.uri());
    assert_eq!(baishan.quota().await.unwrap(), prefetch_quota(42));

    let over = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(json!({"total": 12_000, "page_number": 1, "list": []})))
        .mount(&over)
        .await;
    let baishan = provider(Vendor::Baishan, &over.uri());
    assert_eq!(baishan.quota().await.unwrap(), prefetch_quota(0));
}

#[tokio::test]
async fn quota_counts_the_vendors_day_when_its_date_says_another() {
    let server = MockServer::start().await;
    // The vendor's clock says it is a day later (in China) than ours.
    let vendor_now = Utc::now() + chrono::Duration::days(1);
    let vendor_day = (vendor_now + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let date = vendor_now.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    Mock::given(method("GET"))
        .and(query_param("start_time", vendor_day.as_str()))
        .respond_with(
            ok(json!({"total": 7, "page_number": 1, "list": []}))
                .insert_header("Date", date.as_str()),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ok(json!({"total": 9_000, "page_number": 1, "list": []}))
                .insert_header("Date", date.as_str()),
        )
        .mount(&server)
        .await;
    let baishan = provider(Vendor::Baishan, &server.uri());
    assert_eq!(baishan.quota().await.unwrap(), prefetch_quota(10_000 - 7));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
