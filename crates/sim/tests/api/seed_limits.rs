//! The simulator holds the seed numbers itself: they are checked here against its answers, not
//! against the client's `VendorLimits`.

use crate::common::{baishan, cdn, geo, instant, start, tasks, urls, Answer};
use cachedesk_sim::{seed, SimConfig, SimLimits, Speed};
use serde_json::{json, Value};

fn details(answer: &Answer) -> usize {
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["details"].as_array().map_or(0, Vec::len)
}

#[test]
fn defaults_are_the_seed_numbers() {
    let l = SimLimits::default();
    assert_eq!(
        (
            l.baidu_cdn.urls_per_request,
            l.baidu_cdn.page_size,
            l.baidu_cdn.prefetch_page_size,
            l.baidu_cdn.span_days
        ),
        (100, 100, 1_000, 90)
    );
    assert_eq!(
        (
            l.baidu_geo.urls_per_request,
            l.baidu_geo.dirs_per_request,
            l.baidu_geo.page_size,
            l.baidu_geo.prefetch_page_size,
            l.baidu_geo.span_days
        ),
        (1_000, 100, 100, 100, 30)
    );
    assert_eq!(
        (
            l.baishan.urls_per_request,
            l.baishan.page_size,
            l.baishan.span_days
        ),
        (500, 500, 7)
    );
    assert_eq!(
        (
            l.baishan_short_window.requests,
            l.baishan_short_window.window.as_millis(),
            l.baishan_minute_window.requests
        ),
        (24, 2_000, 150)
    );
    assert!(l.baishan_hour_window.requests >= 60 * l.baishan_minute_window.requests);
    assert!(l.baishan_day_window.requests >= 24 * l.baishan_hour_window.requests);
    let q = SimConfig::default().quotas;
    assert_eq!(
        (q.baidu_urls, q.baidu_dirs, q.baishan_prefetch),
        (
            seed::CDN_URLS_PER_DAY,
            seed::CDN_DIRS_PER_DAY,
            seed::BAISHAN_PREFETCH_PER_DAY
        )
    );
    assert_eq!(
        (q.baidu_urls, q.baidu_dirs, q.baishan_prefetch),
        (20_000, 200, 10_000)
    );
}

#[tokio::test]
async fn cdn_pages_purges_by_100_and_prefetches_by_1000() {
    let sim = start(instant()).await;
    for chunk in urls(1_001, "seed").chunks(100) {
        let answer = cdn(&sim, "POST", "/v2/cache/prefetch")
            .json(tasks(chunk))
            .send()
            .await;
        assert_eq!(answer.status, 201, "{}", answer.text);
    }
    let prefetches = cdn(&sim, "GET", "/v2/cache/prefetch").send().await;
    assert_eq!(details(&prefetches), 1_000);
    assert_eq!(prefetches.body["isTruncated"], json!(true));
    for chunk in urls(101, "seed-purge").chunks(100) {
        cdn(&sim, "POST", "/v2/cache/purge")
            .json(tasks(chunk))
            .send()
            .await;
    }
    let purges = cdn(&sim, "GET", "/v2/cache/purge").send().await;
    assert_eq!(details(&purges), 100);
    assert_eq!(purges.body["isTruncated"], json!(true));
    let quota = cdn(&sim, "GET", "/v2/cache/quota").send().await;
    assert_eq!(
        (
            quota.body["urlQuota"].clone(),
            quota.body["dirQuota"].clone()
        ),
        (json!(20_000), json!(200))
    );
    assert_eq!(quota.body["urlRemain"], json!(20_000 - 1_001 - 101));
}

#[tokio::test]
async fn geo_takes_1000_urls_per_submit_and_pages_by_100() {
    let sim = start(instant()).await;
    let site_tasks = |n: usize, tag: &str| {
        let tasks: Vec<Value> = (0..n)
            .map(|i| json!({"url": format!("http://img.example.org/{tag}/{i}.png")}))
            .collect();
        json!({"site": "example.org", "tasks": tasks})
    };
    let too_many = geo(&sim, "POST", "/v2/geo/cache/prefetch")
        .json(site_tasks(1_001, "over"))
        .send()
        .await;
    assert_eq!(too_many.bce_error(), (400, "TooManyUrls".into()));
    let ok = geo(&sim, "POST", "/v2/geo/cache/prefetch")
        .json(site_tasks(1_000, "ok"))
        .send()
        .await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    let page = geo(&sim, "GET", "/v2/geo/cache/prefetch")
        .query("site", "example.org")
        .send()
        .await;
    assert_eq!(details(&page), 100);
    assert!(page.body["nextMarker"].is_string());
}

#[tokio::test]
async fn baishan_pages_default_to_50_and_forget_records_after_a_month() {
    let sim = start(SimConfig {
        speed: Speed::Instant,
        ..SimConfig::default()
    })
    .await;
    let submitted = baishan(
        &sim,
        "POST",
        "/v2/cache/refresh",
        &[],
        Some(json!({ "urls": urls(60, "month") })),
    )
    .await;
    let task_id = submitted.body["data"]["task_id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let query = [("task_id", task_id.as_str())];
    let by_task = || baishan(&sim, "GET", "/v2/cache/refresh", &query, None);
    let page = by_task().await;
    assert_eq!(page.body["data"]["total"], 60);
    assert_eq!(page.body["data"]["list"].as_array().map(Vec::len), Some(50));
    sim.age(std::time::Duration::from_secs(29 * 86_400));
    assert_eq!(by_task().await.body["data"]["total"], 60, "29 days: kept");
    sim.age(std::time::Duration::from_secs(2 * 86_400));
    assert_eq!(by_task().await.body["data"]["total"], 0, "31 days: gone");
}
