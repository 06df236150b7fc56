//! Baidu CDN client against a local HTTP server: the exact requests, paging, quota, quirks.

use crate::common::{assert_bce_signed, header, provider, query_pairs};
use cachedesk_core::{Action, Cursor, Error, Kind, Quota, RecordStatus, Target, Vendor};
use cachedesk_vendors::{SubmitRequest, TaskQuery, TaskSelector};
use chrono::{Duration, TimeZone, Utc};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn created(id: &str) -> ResponseTemplate {
    ResponseTemplate::new(201)
        .set_body_json(json!({ "id": id }))
        .insert_header("x-bce-request-id", "81d0b05f-5ad4")
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut all = server.received_requests().await.expect("recording is on");
    assert_eq!(all.len(), 1);
    all.remove(0)
}

#[tokio::test]
async fn purge_files_and_directories_send_the_documented_body_signed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/cache/purge"))
        .respond_with(created("5fea7756"))
        .mount(&server)
        .await;
    let cdn = provider(Vendor::BaiduCdn, &server.uri());
    let receipt = cdn
        .submit(&SubmitRequest {
            action: Action::PurgeDirectories,
            urls: vec![
                "https://www.example.com/img/".into(),
                "https://www.example.com/图/".into(),
            ],
            start_at: None,
        })
        .await
        .unwrap();
    assert_eq!(receipt.task_id, "5fea7756");
    assert!(receipt.rejected.is_empty());
    assert_eq!(receipt.meta.request_id.as_deref(), Some("81d0b05f-5ad4"));

    let request = only_request(&server).await;
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({"tasks": [
            {"url": "https://www.example.com/img/", "type": "directory"},
            {"url": "https://www.example.com/图/", "type": "directory"}
        ]})
    );
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(&request, "content-type"),
        Some("application/json;charset=utf-8")
    );
    assert_eq!(
        header(&request, "content-length"),
        Some(request.body.len().to_string().as_str())
    );
    assert_eq!(
        header(&request, "host"),
        Some(server.address().to_string().as_str())
    );
    assert_eq!(
        header(&request, "user-agent"),
        Some(concat!("CacheDesk/", env!("CARGO_PKG_VERSION")))
    );
    assert!(header(&request, "x-bce-date").is_some_and(|d| d.ends_with('Z') && d.len() == 20));
    assert_eq!(
        assert_bce_signed(&request),
        "content-length;content-type;host;x-bce-date"
    );
}

#[tokio::test]
async fn file_purge_and_scheduled_prefetch() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(created("t-1"))
        .mount(&server)
        .await;
    let cdn = provider(Vendor::BaiduCdn, &server.uri());
    let url = "https://www.example.com/a.js".to_owned();
    cdn.submit(&SubmitRequest {
        action: Action::PurgeFiles,
        urls: vec![url.clone()],
        start_at: None,
    })
    .await
    .unwrap();
    let at = Utc::now() + Duration::hours(2);
    cdn.submit(&SubmitRequest {
        action: Action::Prefetch,
        urls: vec![url.clone()],
        start_at: Some(at),
    })
    .await
    .unwrap();
    let requests = server.received_requests().await.unwrap();
    let bodies: Vec<Value> = requests
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(requests[0].url.path(), "/v2/cache/purge");
    assert_eq!(bodies[0], json!({"tasks": [{"url": url, "type": "file"}]}));
    assert_eq!(requests[1].url.path(), "/v2/cache/prefetch");
    let when = at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    assert_eq!(
        bodies[1],
        json!({"tasks": [{"url": url, "startTime": when}]})
    );
    requests.iter().for_each(|r| {
        assert_bce_signed(r);
    });
}

#[tokio::test]
async fn prefetch_start_outside_24_hours_is_refused_locally() {
    let server = MockServer::start().await;
    let cdn = provider(Vendor::BaiduCdn, &server.uri());
    for hours in [-1, 25] {
        let err = cdn
            .submit(&SubmitRequest {
                action: Action::Prefetch,
                urls: vec!["https://www.example.com/a".into()],
                start_at: Some(Utc::now() + Duration::hours(hours)),
            })
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn status_by_id_sends_only_the_id_and_reads_the_seed_example() {
    let server = MockServer::start().await;
    // The seed's example, with the comma it lacks between the two details.
    let body = r#"{"details": [
        {"status": "completed", "createdAt": "2015-08-24T12:20:32Z", "finishedAt": "2015-08-24T12:21:45Z",
         "progress": 100, "task": {"url": "http://my.domain.com/path/to/purge/1.data"}},
        {"status": "in-process", "createdAt": "2015-08-24T12:20:32Z", "finishedAt": "2015-08-24T12:21:49Z",
         "progress": 87, "task": {"url": "http://my.domain.com/path/to/purge/dir", "type": "directory"}}
    ]}"#;
    Mock::given(method("GET"))
        .and(path("/v2/cache/purge"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .mount(&server)
        .await;
    let cdn = provider(Vendor::BaiduCdn, &server.uri());
    let page = cdn
        .query(&TaskQuery {
            kind: Kind::Purge,
            selector: TaskSelector::Id {
                id: "5fea77560ea4451aa703a558b933e274".into(),
                submitted_at: None,
            },
            target: None,
            cursor: None,
        })
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("id=5fea77560ea4451aa703a558b933e274")
    );
    assert_eq!(header(&request, "content-length"), Some("0"));
    assert_eq!(header(&request, "content-type"), None);
    assert_eq!(
        assert_bce_signed(&request),
        "content-length;host;x-bce-date"
    );
    assert_eq!(page.next, None);
    let statuses: Vec<_> = page
        .items
        .iter()
        .map(|r| (r.status, r.target, r.progress))
        .collect();
    assert_eq!(
        statuses,
        [
            (RecordStatus::Completed, Target::File, Some(100)),
            (RecordStatus::Running, Target::Directory, Some(87))
        ]
    );
    assert!(page
        .items
        .iter()
        .all(|r| r.task_id.as_deref() == Some("5fea77560ea4451aa703a558b933e274")));
}

#[tokio::test]
async fn range_query_follows_markers_to_the_end() {
    let server = MockServer::start().await;
    let detail = |n: u32| {
        json!({"status": "waiting", "task": {"url": format!("https://www.example.com/{n}")},
                                "createdAt": "2026-01-01T00:00:00Z", "finshedAt": "2026-01-01T00:01:00Z"})
    };
    Mock::given(method("GET"))
        .and(path("/v2/cache/prefetch"))
        .and(query_param("marker", "m/2+=="))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"details": [detail(3)], "isTruncated": false})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/cache/prefetch"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"details": [detail(1), detail(2)], "isTruncated": true, "nextMarker": "m/2+=="}),
        ))
        .mount(&server)
        .await;
    let cdn = provider(Vendor::BaiduCdn, &server.uri());
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let mut query = TaskQuery {
        kind: Kind::Prefetch,
        selector: TaskSelector::Range {
            start,
            end: start + Duration::days(1),
            url: Some("https://www.example.com/*".into()),
        },
        target: None,
        cursor: None,
    };
    let mut urls = Vec::new();
    loop {
        let page = cdn.query(&query).await.unwrap();
        urls.extend(page.items.iter().map(|r| r.url.clone()));
        assert!(page
            .items
            .iter()
            .all(|r| r.finished_at.is_some() && r.status == RecordStatus::Waiting));
        match page.next {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(urls.len(), 3);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("endTime=2026-01-02T00%3A00%3A00Z&startTime=2026-01-01T00%3A00%3A00Z&url=https%3A%2F%2Fwww.example.com%2F%2A")
    );
    let second = query_pairs(&requests[1]);
    assert!(second.contains(&("marker".into(), "m/2+==".into())));
    assert!(requests[1]
        .url
        .query()
        .unwrap()
        .contains("marker=m%2F2%2B%3D%3D"));
    requests.iter().for_each(|r| {
        assert_bce_signed(r);
    });
    query.cursor = Some(Cursor::PageNumber(2));
    assert!(matches!(
        cdn.query(&query).await,
        Err(Error::InvalidInput(_))
    ));
}

#[tokio::test]
async fn quota_and_check() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/cache/quota"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"dirRemain": 200, "urlRemain": "2000", "dirQuota": 200, "urlQuota": 20000, "new": 1}),
        ))
        .mount(&server)
        .await;
    let cdn = provider(Vendor::BaiduCdn, &server.uri());
    assert_eq!(
        cdn.quota().await.unwrap(),
        Some(Quota {
            url_remaining: Some(2000),
            url_quota: Some(20_000),
            dir_remaining: Some(200),
            dir_quota: Some(200),
            prefetch_remaining: None
        })
    );
    cdn.check().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        assert_bce_signed(&requests[0]),
        "content-length;host;x-bce-date"
    );
}

#[tokio::test]
async fn status_by_id_with_a_submit_time_sends_a_window_containing_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/cache/prefetch"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"details": [], "isTruncated": false})),
        )
        .mount(&server)
        .await;
    let cdn = provider(Vendor::BaiduCdn, &server.uri());
    // Two days ago: outside the vendor's default 24 hours, so the window must reach back.
    let submitted = Utc::now() - Duration::days(2);
    let before = Utc::now();
    cdn.query(&TaskQuery {
        kind: Kind::Prefetch,
        selector: TaskSelector::Id {
            id: "419d6f1e".into(),
            submitted_at: Some(submitted),
        },
        target: None,
        cursor: None,
    })
    .await
    .unwrap();
    let request = only_request(&server).await;
    assert_bce_signed(&request);
    let pairs = query_pairs(&request);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let time = |k: &str| {
        chrono::DateTime::parse_from_rfc3339(&get(k).expect(k))
            .unwrap()
            .with_timezone(&Utc)
    };
    assert_eq!(get("id").as_deref(), Some("419d6f1e"));
    assert_eq!(get("marker"), None);
    let (start, end) = (time("startTime"), time("endTime"));
    assert!(start <= submitted && submitted <= end);
    assert_eq!(
        start.timestamp(),
        (submitted - Duration::hours(1)).timestamp()
    );
    // An hour past now, to allow for a vendor clock ahead of ours.
    assert!(end >= before + Duration::minutes(59) && end <= Utc::now() + Duration::hours(1));
}
