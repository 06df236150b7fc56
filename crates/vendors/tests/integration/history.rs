//! Long history ranges against small fake vendors that hold real records: windows, cursors to
//! the end of each window, halving when a span is refused, and UI paging by token.

use crate::common::{config, provider, query_pairs};
use cachedesk_core::{Kind, Vendor};
use cachedesk_vendors::history::{collect_range, history_page, HistoryRequest};
use cachedesk_vendors::{connect, Provider};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::Arc;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const PAGE: usize = 7;

fn range_end() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
}

/// One record every 12 hours, the newest 1 hour before the range end, 100 days back.
fn created_times() -> Vec<DateTime<Utc>> {
    (0..200)
        .map(|i| range_end() - Duration::hours(1 + 12 * i))
        .collect()
}

fn param(request: &wiremock::Request, key: &str) -> Option<String> {
    query_pairs(request)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// Baidu CDN's purge status: refuses spans longer than `max_days`, pages by marker (an offset).
struct FakeBaidu {
    max_days: i64,
}

impl Respond for FakeBaidu {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let time = |k| {
            DateTime::parse_from_rfc3339(&param(request, k).unwrap())
                .unwrap()
                .with_timezone(&Utc)
        };
        let (start, end) = (time("startTime"), time("endTime"));
        if end - start > Duration::days(self.max_days) {
            let body = json!({"code": "InvalidArgument", "message": "time span too long", "requestId": "r"});
            return ResponseTemplate::new(400).set_body_json(body);
        }
        let hits: Vec<Value> = created_times()
            .into_iter()
            .filter(|t| (start..=end).contains(t))
            .map(|t| json!({"status": "completed", "createdAt": t.to_rfc3339(), "task": {"url": format!("https://www.example.com/{}", t.timestamp())}}))
            .collect();
        let from: usize = param(request, "marker").map_or(0, |m| m.parse().unwrap());
        let to = (from + PAGE).min(hits.len());
        let mut body = json!({"details": hits[from..to], "isTruncated": to < hits.len()});
        if to < hits.len() {
            body["nextMarker"] = json!(to.to_string());
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

async fn baidu(max_days: i64) -> (MockServer, Arc<dyn Provider>) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(FakeBaidu { max_days })
        .mount(&server)
        .await;
    let cdn = provider(Vendor::BaiduCdn, &server.uri());
    (server, cdn)
}

fn last_days(days: i64) -> HistoryRequest {
    HistoryRequest {
        kind: Kind::Purge,
        target: None,
        start: range_end() - Duration::days(days),
        end: range_end(),
        url: None,
    }
}

fn expected(request: &HistoryRequest) -> BTreeSet<String> {
    created_times()
        .into_iter()
        .filter(|t| (request.start..=request.end).contains(t))
        .map(|t| format!("https://www.example.com/{}", t.timestamp()))
        .collect()
}

async fn collect_urls(provider: &dyn Provider, request: &HistoryRequest) -> Vec<String> {
    let mut urls = Vec::new();
    let count = collect_range(provider, request, |page| {
        urls.extend(page.records.into_iter().map(|r| r.url))
    })
    .await
    .unwrap();
    assert_eq!(count as usize, urls.len());
    urls
}

fn windows(requests: &[wiremock::Request]) -> BTreeSet<(String, String)> {
    requests
        .iter()
        .map(|r| (param(r, "startTime").unwrap(), param(r, "endTime").unwrap()))
        .collect()
}

#[tokio::test]
async fn ninety_five_days_on_baidu_cdn_is_two_windows() {
    let (server, cdn) = baidu(90).await;
    let request = last_days(95);
    let urls = collect_urls(cdn.as_ref(), &request).await;
    let unique: BTreeSet<String> = urls.iter().cloned().collect();
    assert_eq!(unique.len(), urls.len(), "no record twice");
    assert_eq!(unique, expected(&request));
    assert_eq!(urls.len(), 190);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(windows(&requests).len(), 2);
    assert_eq!(
        requests.len(),
        180usize.div_ceil(PAGE) + 10usize.div_ceil(PAGE)
    );
}

#[tokio::test]
async fn a_vendor_refusing_long_spans_gets_halved_windows_and_loses_nothing() {
    let (server, cdn) = baidu(30).await;
    let request = last_days(95);
    let urls = collect_urls(cdn.as_ref(), &request).await;
    let unique: BTreeSet<String> = urls.iter().cloned().collect();
    assert_eq!((unique.len(), urls.len()), (190, 190));
    assert_eq!(unique, expected(&request));
    let requests = server.received_requests().await.unwrap();
    let refused = requests.iter().filter(|r| {
        let t = |k| DateTime::parse_from_rfc3339(&param(r, k).unwrap()).unwrap();
        t("endTime") - t("startTime") > Duration::days(30)
    });
    assert_eq!(
        refused.count(),
        2,
        "90 days, then 45 days, then 22.5-day windows from there on"
    );
}

#[tokio::test]
async fn a_ui_pages_through_with_opaque_tokens() {
    let (_server, cdn) = baidu(30).await;
    let request = HistoryRequest {
        url: Some("https://www.example.com/*".into()),
        ..last_days(40)
    };
    let mut token: Option<String> = None;
    let mut urls = Vec::new();
    let mut pages = 0;
    loop {
        let page = history_page(cdn.as_ref(), &request, token.as_deref())
            .await
            .unwrap();
        assert!(
            !page.records.is_empty() || page.next.is_none(),
            "empty windows are skipped"
        );
        assert!(page.records.len() <= PAGE);
        assert!(page.window_start >= request.start && page.window_end <= request.end);
        urls.extend(page.records.into_iter().map(|r| r.url));
        pages += 1;
        match page.next {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    assert_eq!(urls.len(), 80);
    assert_eq!(
        urls.iter().cloned().collect::<BTreeSet<_>>(),
        expected(&request)
    );
    assert!(pages >= 80 / PAGE);
    let stale = history_page(cdn.as_ref(), &last_days(1), Some("h1.1.2.86400.")).await;
    assert!(matches!(stale, Err(cachedesk_core::Error::InvalidInput(_))));
}

/// Baishan's refresh status: whole China-time dates, at most 7 of them (counted inclusively),
/// numbered pages.
struct FakeBaishan;

impl Respond for FakeBaishan {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let date = |k| NaiveDate::parse_from_str(&param(request, k).unwrap(), "%Y-%m-%d").unwrap();
        let (start, end) = (date("start_time"), date("end_time"));
        if (end - start).num_days() + 1 > 7 {
            return ResponseTemplate::new(400)
                .set_body_json(json!({"code": 400, "message": "span > 7 days"}));
        }
        let china = |t: DateTime<Utc>| t + Duration::hours(8);
        let hits: Vec<Value> = created_times()
            .into_iter()
            .filter(|t| (start..=end).contains(&china(*t).date_naive()))
            .map(|t| json!({"id": t.timestamp(), "url": format!("https://www.example.com/{}", t.timestamp()),
                            "type": "url", "status": "completed",
                            "create_time": china(t).format("%Y-%m-%d %H:%M:%S").to_string(), "complete_time": ""}))
            .collect();
        let page: usize = param(request, "page_number").unwrap().parse().unwrap();
        let size: usize = param(request, "page_size").unwrap().parse().unwrap();
        let list: Vec<&Value> = hits.iter().skip((page - 1) * size).take(size).collect();
        ResponseTemplate::new(200).set_body_json(json!({"code": 0, "data": {"total": hits.len(), "page_number": page.to_string(), "list": list}}))
    }
}

#[tokio::test]
async fn baishan_days_overlapping_windows_still_give_each_record_once() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(FakeBaishan)
        .mount(&server)
        .await;
    let mut profile = config(Vendor::Baishan, &server.uri());
    profile.limits.records_per_page = 4;
    let baishan = connect(profile).unwrap();
    let request = HistoryRequest {
        start: range_end() - Duration::days(20) + Duration::hours(5),
        ..last_days(0)
    };
    let urls = collect_urls(baishan.as_ref(), &request).await;
    let unique: BTreeSet<String> = urls.iter().cloned().collect();
    assert_eq!(unique.len(), urls.len(), "no record twice");
    assert_eq!(unique, expected(&request));
    let requests = server.received_requests().await.unwrap();
    let spans: BTreeSet<(String, String)> = requests
        .iter()
        .map(|r| {
            (
                param(r, "start_time").unwrap(),
                param(r, "end_time").unwrap(),
            )
        })
        .collect();
    assert_eq!(spans.len(), 3, "21 China dates in 7-date windows");
}

async fn fake_baishan() -> (MockServer, Arc<dyn Provider>) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(FakeBaishan)
        .mount(&server)
        .await;
    let mut profile = config(Vendor::Baishan, &server.uri());
    profile.limits.records_per_page = 4;
    (server, connect(profile).unwrap())
}

#[tokio::test]
async fn baishan_seven_utc_days_are_eight_china_dates_so_two_windows_none_refused() {
    let (server, baishan) = fake_baishan().await;
    // 2026-05-25T00:00Z..2026-06-01T00:00Z: China 05-25 08:00 to 06-01 08:00, 8 dates.
    let request = last_days(7);
    let urls = collect_urls(baishan.as_ref(), &request).await;
    let unique: BTreeSet<String> = urls.iter().cloned().collect();
    assert_eq!(unique.len(), urls.len(), "no record twice");
    assert_eq!(unique, expected(&request));
    let requests = server.received_requests().await.unwrap();
    let spans: Vec<(String, String)> = requests
        .iter()
        .map(|r| {
            (
                param(r, "start_time").unwrap(),
                param(r, "end_time").unwrap(),
            )
        })
        .collect();
    let distinct: BTreeSet<&(String, String)> = spans.iter().collect();
    assert_eq!(
        distinct.into_iter().cloned().collect::<Vec<_>>(),
        [
            ("2026-05-25".to_owned(), "2026-05-25".to_owned()),
            ("2026-05-26".to_owned(), "2026-06-01".to_owned()),
        ],
        "every request within 7 China dates: nothing for the vendor to refuse"
    );
}
