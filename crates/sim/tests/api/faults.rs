use crate::common::{baishan, baishan_request, cdn, instant, start, tasks, urls};
use cachedesk_core::Vendor;
use cachedesk_sim::Faults;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn latency_is_added_to_every_answer() {
    let sim = start(instant()).await;
    sim.set_faults(
        Vendor::BaiduCdn,
        Faults {
            latency: Duration::from_millis(300),
            ..Faults::default()
        },
    );
    let began = Instant::now();
    assert_eq!(cdn(&sim, "GET", "/v2/cache/quota").send().await.status, 200);
    assert!(began.elapsed() >= Duration::from_millis(300));
    let began = Instant::now();
    baishan(&sim, "GET", "/v2/cache/refresh", &[], None).await;
    assert!(
        began.elapsed() < Duration::from_millis(300),
        "other vendors are unaffected"
    );
}

#[tokio::test]
async fn every_nth_request_fails_with_a_server_error() {
    let sim = start(instant()).await;
    sim.set_faults(
        Vendor::BaiduCdn,
        Faults {
            error_every_nth: Some((2, 503)),
            ..Faults::default()
        },
    );
    let mut seen = Vec::new();
    for _ in 0..4 {
        seen.push(cdn(&sim, "GET", "/v2/cache/quota").send().await);
    }
    assert_eq!(
        seen.iter().map(|a| a.status).collect::<Vec<_>>(),
        [200, 503, 200, 503]
    );
    assert_eq!(seen[1].bce_error(), (503, "ServiceUnavailable".into()));
    sim.set_faults(
        Vendor::BaiduCdn,
        Faults {
            error_every_nth: Some((1, 500)),
            ..Faults::default()
        },
    );
    let failed = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&urls(1, "e")))
        .send()
        .await;
    assert_eq!(failed.bce_error(), (500, "InternalError".into()));
    assert!(
        sim.submitted_urls(Vendor::BaiduCdn).is_empty(),
        "a failed request is not handled"
    );

    sim.set_faults(
        Vendor::Baishan,
        Faults {
            error_every_nth: Some((1, 500)),
            ..Faults::default()
        },
    );
    let answer = baishan(&sim, "GET", "/v2/cache/refresh", &[], None).await;
    assert_eq!(
        (answer.status, answer.body["code"].clone()),
        (500, json!(500))
    );
}

#[tokio::test]
async fn bursts_of_429() {
    let sim = start(instant()).await;
    sim.set_faults(
        Vendor::BaiduGeo,
        Faults {
            rate_limit_burst: Some(2),
            ..Faults::default()
        },
    );
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let answer = crate::common::geo(&sim, "GET", "/v2/geo/cache/purge")
            .query("site", "example.org")
            .send()
            .await;
        if answer.status == 429 {
            assert_eq!(answer.bce_error(), (429, "TooManyRequests".into()));
        }
        statuses.push(answer.status);
    }
    assert_eq!(statuses, [429, 429, 200]);

    sim.set_faults(
        Vendor::Baishan,
        Faults {
            rate_limit_burst: Some(1),
            ..Faults::default()
        },
    );
    let throttled = baishan(&sim, "GET", "/v2/cache/refresh", &[], None).await;
    assert_eq!(
        (throttled.status, throttled.body["code"].clone()),
        (429, json!(429))
    );
    assert_eq!(throttled.header("x-ratelimit-remaining"), Some("0"));
    assert!(
        throttled.header("x-retry-after").is_some()
            && throttled.header("x-ratelimit-grad").is_some()
    );
    assert_eq!(
        baishan(&sim, "GET", "/v2/cache/refresh", &[], None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn malformed_bodies_after_the_request_took_effect() {
    let sim = start(instant()).await;
    sim.set_faults(
        Vendor::BaiduCdn,
        Faults {
            malformed_json_every_nth: Some(2),
            ..Faults::default()
        },
    );
    let fine = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&urls(1, "m1")))
        .send()
        .await;
    assert_eq!(fine.status, 201);
    let broken = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&urls(1, "m2")))
        .send()
        .await;
    assert_eq!(broken.status, 201);
    assert!(
        broken.body.is_null() && !broken.text.is_empty(),
        "{}",
        broken.text
    );
    assert_eq!(sim.submitted_urls(Vendor::BaiduCdn).len(), 2);

    sim.set_faults(
        Vendor::Baishan,
        Faults {
            malformed_json_every_nth: Some(1),
            ..Faults::default()
        },
    );
    let broken = baishan(&sim, "GET", "/v2/cache/refresh", &[], None).await;
    assert!(broken.status == 200 && broken.body.is_null());
}

#[tokio::test]
async fn drops_the_connection_after_accepting_every_nth_submit() {
    let sim = start(instant()).await;
    sim.set_faults(
        Vendor::BaiduCdn,
        Faults {
            drop_after_accept_every_nth: Some(2),
            ..Faults::default()
        },
    );
    let first = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&urls(1, "d1")))
        .send()
        .await;
    assert_eq!(first.status, 201);
    let refused = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&["http://not-mine.test/x".into()]))
        .send()
        .await;
    assert_eq!(refused.status, 400, "refusals are not accepted submits");
    let dropped = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&urls(1, "d2")))
        .request()
        .await;
    let error = dropped.expect_err("no answer");
    assert!(!error.is_timeout() && !error.is_connect(), "{error:?}");
    assert_eq!(
        sim.submitted_urls(Vendor::BaiduCdn),
        [
            "http://www.example.com/d1/0.js",
            "http://www.example.com/d2/0.js"
        ]
    );
    let listed = cdn(&sim, "GET", "/v2/cache/purge")
        .query("url", "http://www.example.com/d2/0.js")
        .send()
        .await;
    assert_eq!(
        listed.body["details"].as_array().map(Vec::len),
        Some(1),
        "the task exists"
    );
    assert_eq!(
        cdn(&sim, "GET", "/v2/cache/quota").send().await.status,
        200,
        "the server goes on"
    );

    sim.set_faults(
        Vendor::Baishan,
        Faults {
            drop_after_accept_every_nth: Some(1),
            ..Faults::default()
        },
    );
    let body = json!({"urls": ["http://www.example.com/b1"]});
    let dropped = baishan_request(&sim, "POST", "/v2/cache/prefetch", &[], Some(body)).await;
    assert!(dropped.is_err());
    assert_eq!(
        sim.submitted_urls(Vendor::Baishan),
        ["http://www.example.com/b1"]
    );
    assert_eq!(
        baishan(&sim, "GET", "/v2/cache/prefetch", &[], None)
            .await
            .body["data"]["total"],
        1
    );
}

#[tokio::test]
async fn submitted_urls_keep_order_and_duplicates_per_vendor() {
    let sim = start(instant()).await;
    let twice = [
        "http://www.example.com/a".to_owned(),
        "http://www.example.com/a".to_owned(),
    ];
    cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&twice))
        .send()
        .await;
    cdn(&sim, "POST", "/v2/cache/prefetch")
        .json(tasks(&["http://www.example.com/b".into()]))
        .send()
        .await;
    assert_eq!(
        sim.submitted_urls(Vendor::BaiduCdn),
        [
            "http://www.example.com/a",
            "http://www.example.com/a",
            "http://www.example.com/b"
        ]
    );
    assert!(sim.submitted_urls(Vendor::BaiduGeo).is_empty());
    assert!(sim.submitted_urls(Vendor::Baishan).is_empty());
    sim.shutdown().await;
}
