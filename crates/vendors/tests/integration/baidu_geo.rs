//! Baidu GEO client against a local HTTP server: `site` everywhere, the `type` filter, no quota.

use crate::common::{assert_bce_signed, config, provider};
use cachedesk_core::{Action, Cursor, Error, Kind, RecordStatus, Target, Vendor};
use cachedesk_vendors::{connect, SubmitRequest, TaskQuery, TaskSelector};
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn submits_carry_the_site() {
    let server = server_answering(201, json!({"id": "geo-1"})).await;
    let geo = provider(Vendor::BaiduGeo, &server.uri());
    let urls = vec!["http://img.example.org/a.png".to_owned()];
    for action in [
        Action::PurgeFiles,
        Action::PurgeDirectories,
        Action::Prefetch,
    ] {
        let receipt = geo
            .submit(&SubmitRequest {
                action,
                urls: urls.clone(),
                start_at: None,
            })
            .await
            .unwrap();
        assert_eq!(receipt.task_id, "geo-1");
    }
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
    let url = &urls[0];
    assert_eq!(
        seen,
        [
            (
                "/v2/geo/cache/purge".into(),
                json!({"site": "example.org", "tasks": [{"url": url, "type": "file"}]})
            ),
            (
                "/v2/geo/cache/purge".into(),
                json!({"site": "example.org", "tasks": [{"url": url, "type": "directory"}]})
            ),
            (
                "/v2/geo/cache/prefetch".into(),
                json!({"site": "example.org", "tasks": [{"url": url}]})
            ),
        ]
    );
    requests.iter().for_each(|r| {
        assert_bce_signed(r);
    });
}

#[tokio::test]
async fn queries_always_send_site_and_follow_go_shapes() {
    let body = json!({"details": [
        {"task": [{"url": "http://1.example.org/", "type": "directory"}], "createdAt": "2025-11-10T07:23:59Z",
         "finishedAt": "2025-11-10T07:24:39Z", "progress": 100, "status": "Completed", "operator": "u"},
        {"task": {"url": "http://1.example.org/1.png", "type": "file"}, "progress": 100, "status": "failed"}
    ], "isTruncated": true, "nextMarker": "xxx"});
    let server = server_answering(200, body).await;
    let geo = provider(Vendor::BaiduGeo, &server.uri());
    let start = Utc.with_ymd_and_hms(2025, 11, 10, 2, 0, 0).unwrap();
    let range = TaskSelector::Range {
        start,
        end: Utc.with_ymd_and_hms(2025, 11, 11, 2, 0, 0).unwrap(),
        url: None,
    };
    let ask = |kind, selector, target, cursor| TaskQuery {
        kind,
        selector,
        target,
        cursor,
    };

    let page = geo
        .query(&ask(
            Kind::Purge,
            range.clone(),
            Some(Target::Directory),
            None,
        ))
        .await
        .unwrap();
    assert_eq!(
        page.items.len(),
        1,
        "the file record is filtered out locally too"
    );
    assert_eq!(
        (page.items[0].status, page.items[0].raw_status.as_str()),
        (RecordStatus::Completed, "Completed")
    );
    assert_eq!(page.next, Some(Cursor::Marker("xxx".into())));
    geo.query(&ask(
        Kind::Purge,
        range.clone(),
        Some(Target::File),
        page.next.clone(),
    ))
    .await
    .unwrap();
    geo.query(&ask(Kind::Prefetch, range, Some(Target::File), None))
        .await
        .unwrap();
    let page = geo
        .query(&ask(
            Kind::Purge,
            TaskSelector::Id {
                id: "t-1".into(),
                submitted_at: None,
            },
            Some(Target::File),
            None,
        ))
        .await
        .unwrap();
    assert_eq!((page.items.len(), page.next), (1, None));

    let requests = server.received_requests().await.unwrap();
    let queries: Vec<&str> = requests.iter().map(|r| r.url.query().unwrap()).collect();
    let time =
        "endTime=2025-11-11T02%3A00%3A00Z&site=example.org&startTime=2025-11-10T02%3A00%3A00Z";
    assert_eq!(
        queries,
        [
            format!("{time}&type=directory"),
            "endTime=2025-11-11T02%3A00%3A00Z&marker=xxx&site=example.org&startTime=2025-11-10T02%3A00%3A00Z&type=url".to_owned(),
            time.to_owned(),
            "id=t-1&site=example.org".to_owned(),
        ]
    );
    assert_eq!(requests[2].url.path(), "/v2/geo/cache/prefetch");
    requests.iter().for_each(|r| {
        assert_bce_signed(r);
    });
}

#[tokio::test]
async fn no_quota_endpoint_and_check_lists_the_last_hour() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/geo/cache/purge"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"details": [], "isTruncated": false})),
        )
        .mount(&server)
        .await;
    let geo = provider(Vendor::BaiduGeo, &server.uri());
    assert_eq!(geo.quota().await.unwrap(), None);
    geo.check().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let pairs = crate::common::query_pairs(&requests[0]);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let start = chrono::DateTime::parse_from_rfc3339(&get("startTime")).unwrap();
    let end = chrono::DateTime::parse_from_rfc3339(&get("endTime")).unwrap();
    assert_eq!((end - start).num_minutes(), 60);
    assert_eq!(get("site"), "example.org");
}

#[test]
fn site_is_required() {
    for site in [None, Some("  ".to_owned())] {
        let mut c = config(Vendor::BaiduGeo, "http://127.0.0.1:9");
        c.site = site;
        assert!(matches!(connect(c), Err(Error::InvalidInput(m)) if m.en().contains("site")));
    }
}

#[tokio::test]
async fn range_url_is_never_sent_and_filters_records_across_pages() {
    let server = MockServer::start().await;
    let record = |url: &str| json!({"status": "completed", "task": {"url": url}});
    // Page 1 has no match at all; the walk must go on to page 2.
    Mock::given(method("GET"))
        .and(path("/v2/geo/cache/prefetch"))
        .and(wiremock::matchers::query_param("marker", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "details": [record("http://img.example.org/img/2.png"), record("http://img.example.org/js/2.js")],
            "isTruncated": false
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/geo/cache/prefetch"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "details": [record("http://img.example.org/js/1.js")],
            "isTruncated": true,
            "nextMarker": "p2"
        })))
        .mount(&server)
        .await;
    let geo = provider(Vendor::BaiduGeo, &server.uri());
    let mut query = TaskQuery {
        kind: Kind::Prefetch,
        selector: TaskSelector::Range {
            start: Utc.with_ymd_and_hms(2025, 11, 10, 2, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2025, 11, 11, 2, 0, 0).unwrap(),
            url: Some("http://img.example.org/img/*".into()),
        },
        target: None,
        cursor: None,
    };
    let mut found = Vec::new();
    let mut pages = 0;
    loop {
        let page = geo.query(&query).await.unwrap();
        pages += 1;
        found.extend(page.items.into_iter().map(|r| r.url));
        match page.next {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 2);
    assert_eq!(found, ["http://img.example.org/img/2.png"]);
    let requests = server.received_requests().await.unwrap();
    for request in &requests {
        assert!(
            crate::common::query_pairs(request)
                .iter()
                .all(|(k, _)| k != "url"),
            "{:?}",
            request.url.query()
        );
        assert_bce_signed(request);
    }
}
