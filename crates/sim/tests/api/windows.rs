//! Time windows of status queries and `Sim::age`: the CDN's 24-hour default window holds for id
//! queries too, GEO's id queries have none, quotas follow the records into the past.

use crate::common::{baishan, cdn, geo, instant, listed_urls, stamp, start, tasks, urls};
use chrono::Duration;
use serde_json::json;

const HOUR: std::time::Duration = std::time::Duration::from_secs(3_600);

#[tokio::test]
async fn cdn_id_queries_see_only_the_last_24_hours_unless_given_a_window() {
    let sim = start(instant()).await;
    let sent = urls(2, "old");
    let id = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&sent))
        .send()
        .await
        .body["id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let by_id = || cdn(&sim, "GET", "/v2/cache/purge").query("id", &id);
    assert_eq!(listed_urls(&by_id().send().await), sent);

    sim.age(23 * HOUR);
    assert_eq!(
        listed_urls(&by_id().send().await),
        sent,
        "23 hours: still in"
    );
    sim.age(2 * HOUR);
    let late = by_id().send().await;
    assert_eq!(late.status, 200, "{}", late.text);
    assert!(
        listed_urls(&late).is_empty(),
        "25 hours: outside the default window"
    );
    // The Python SDK's empty parameters are "not set": the default window still applies.
    let sdk = by_id()
        .query("marker", "")
        .query("url", "")
        .content_length_on_get()
        .send()
        .await;
    assert!(listed_urls(&sdk).is_empty(), "{}", sdk.text);

    let reaching_back = by_id()
        .query("startTime", &stamp(Duration::hours(-26)))
        .query("endTime", &stamp(Duration::zero()))
        .send()
        .await;
    assert_eq!(listed_urls(&reaching_back), sent);
    let start_only = by_id()
        .query("startTime", &stamp(Duration::hours(-26)))
        .send()
        .await;
    assert_eq!(listed_urls(&start_only), sent, "endTime defaults to now");
    let too_early = by_id()
        .query("startTime", &stamp(Duration::hours(-50)))
        .query("endTime", &stamp(Duration::hours(-26)))
        .send()
        .await;
    assert!(listed_urls(&too_early).is_empty());
    let too_wide = by_id()
        .query("startTime", &stamp(Duration::days(-91)))
        .query("endTime", &stamp(Duration::zero()))
        .send()
        .await;
    assert_eq!(too_wide.bce_error(), (400, "InvalidArgument".into()));

    // Prefetches too.
    let id = cdn(&sim, "POST", "/v2/cache/prefetch")
        .json(tasks(&urls(1, "old-prefetch")))
        .send()
        .await
        .body["id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    sim.age(25 * HOUR);
    let prefetch = cdn(&sim, "GET", "/v2/cache/prefetch")
        .query("id", &id)
        .send()
        .await;
    assert!(listed_urls(&prefetch).is_empty(), "{}", prefetch.text);
}

#[tokio::test]
async fn geo_id_queries_need_no_time() {
    let sim = start(instant()).await;
    let url = "http://img.example.org/old.png";
    for kind in ["purge", "prefetch"] {
        let id = geo(&sim, "POST", &format!("/v2/geo/cache/{kind}"))
            .json(json!({"site": "example.org", "tasks": [{"url": url}]}))
            .send()
            .await
            .body["id"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        sim.age(25 * HOUR);
        let list =
            || geo(&sim, "GET", &format!("/v2/geo/cache/{kind}")).query("site", "example.org");
        let by_id = list().query("id", &id).send().await;
        assert_eq!(listed_urls(&by_id), [url], "{kind}: {}", by_id.text);
        let ranged = list().send().await;
        assert!(
            listed_urls(&ranged).is_empty(),
            "{kind}: range keeps its window"
        );
    }
}

#[tokio::test]
async fn aging_frees_the_rolling_quota_and_baishans_day() {
    let sim = start(cachedesk_sim::SimConfig {
        quotas: cachedesk_sim::Quotas {
            baidu_urls: 3,
            baidu_dirs: 1,
            baishan_prefetch: 2,
        },
        ..instant()
    })
    .await;
    let purge = |tag: &'static str| {
        let sim = &sim;
        async move {
            cdn(sim, "POST", "/v2/cache/purge")
                .json(tasks(&urls(3, tag)))
                .send()
                .await
        }
    };
    assert_eq!(purge("a").await.status, 201);
    assert_eq!(purge("b").await.bce_error(), (403, "QuotaExceeded".into()));
    sim.age(12 * HOUR);
    assert_eq!(
        cdn(&sim, "GET", "/v2/cache/quota").send().await.body["urlRemain"],
        0,
        "12 hours later: still counted"
    );
    sim.age(13 * HOUR);
    assert_eq!(
        cdn(&sim, "GET", "/v2/cache/quota").send().await.body["urlRemain"],
        3,
        "25 hours later: out of the last 24 hours"
    );
    assert_eq!(purge("c").await.status, 201);

    let prefetch = |n: usize| {
        let sim = &sim;
        async move {
            baishan(
                sim,
                "POST",
                "/v2/cache/prefetch",
                &[],
                Some(json!({ "urls": urls(n, "bs") })),
            )
            .await
        }
    };
    assert_eq!(prefetch(2).await.status, 200);
    assert_eq!(prefetch(1).await.status, 400);
    sim.age(25 * HOUR);
    let next_day = prefetch(2).await;
    assert_eq!(next_day.status, 200, "{}", next_day.text);
    assert_eq!(next_day.header("x-push-remaining"), Some("0"));
}
