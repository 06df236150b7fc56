//! Submits that take effect but are answered late or with an error, and submits refused
//! outright: what the vendor did, against what the client was told.

use crate::common::{
    baishan, baishan_request_within, cdn, geo, instant, listed_urls, start, tasks, urls,
};
use cachedesk_core::Vendor;
use cachedesk_sim::{Faults, Refusal};
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_held_answer_comes_late_but_the_submit_took_effect_at_once() {
    let sim = start(instant()).await;
    let hold = Duration::from_millis(1_500);
    for vendor in Vendor::ALL {
        sim.set_faults(
            vendor,
            Faults {
                hold_answer: Some(hold),
                ..Faults::default()
            },
        );
    }
    // The client gives up first; the task exists anyway, and range listings show it.
    let gave_up = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&urls(2, "held")))
        .timeout(Duration::from_millis(300))
        .request()
        .await;
    assert!(gave_up.expect_err("no answer in time").is_timeout());
    assert_eq!(sim.submitted_urls(Vendor::BaiduCdn), urls(2, "held"));
    let listed = cdn(&sim, "GET", "/v2/cache/purge").send().await;
    assert_eq!(listed.status, 200, "listings are not held");
    assert_eq!(listed_urls(&listed).len(), 2);

    // A patient client gets the answer after the hold.
    let began = Instant::now();
    let answer = cdn(&sim, "POST", "/v2/cache/prefetch")
        .json(tasks(&urls(1, "patient")))
        .send()
        .await;
    assert!(began.elapsed() >= hold);
    assert_eq!(answer.status, 201, "{}", answer.text);

    let began = Instant::now();
    let answer = geo(&sim, "POST", "/v2/geo/cache/purge")
        .json(json!({"site": "example.org", "tasks": [{"url": "http://example.org/h.png"}]}))
        .send()
        .await;
    assert!(began.elapsed() >= hold && answer.status == 201);
    assert_eq!(
        sim.submitted_urls(Vendor::BaiduGeo),
        ["http://example.org/h.png"]
    );

    let body = json!({"urls": ["http://www.example.com/held.bin"]});
    let gave_up = baishan_request_within(
        &sim,
        "POST",
        "/v2/cache/prefetch",
        &[],
        Some(body),
        Some(Duration::from_millis(300)),
    )
    .await;
    assert!(gave_up.expect_err("no answer in time").is_timeout());
    assert_eq!(
        sim.submitted_urls(Vendor::Baishan),
        ["http://www.example.com/held.bin"]
    );
    assert_eq!(
        baishan(&sim, "GET", "/v2/cache/prefetch", &[], None)
            .await
            .body["data"]["total"],
        1
    );
}

#[tokio::test]
async fn every_nth_submit_takes_effect_then_answers_a_server_error() {
    let sim = start(instant()).await;
    for vendor in Vendor::ALL {
        sim.set_faults(
            vendor,
            Faults {
                error_after_handling: Some((2, 503)),
                ..Faults::default()
            },
        );
    }
    let purge = |tag: &'static str| {
        let sim = &sim;
        async move {
            cdn(sim, "POST", "/v2/cache/purge")
                .json(tasks(&urls(1, tag)))
                .send()
                .await
        }
    };
    assert_eq!(purge("first").await.status, 201);
    let refused = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&["http://not-mine.test/x".into()]))
        .send()
        .await;
    assert_eq!(refused.status, 400, "a refusal is no accepted submit");
    let second = purge("second").await;
    assert_eq!(second.bce_error(), (503, "ServiceUnavailable".into()));
    assert_eq!(purge("third").await.status, 201);
    assert_eq!(
        sim.submitted_urls(Vendor::BaiduCdn),
        [
            "http://www.example.com/first/0.js",
            "http://www.example.com/second/0.js",
            "http://www.example.com/third/0.js"
        ],
        "the 503 one took effect"
    );
    let quota = cdn(&sim, "GET", "/v2/cache/quota").send().await;
    assert_eq!(quota.body["urlRemain"], 20_000 - 3);
    assert_eq!(
        listed_urls(&cdn(&sim, "GET", "/v2/cache/purge").send().await).len(),
        3
    );
    // Listings are not submits: they are never hit.
    for _ in 0..3 {
        assert_eq!(cdn(&sim, "GET", "/v2/cache/purge").send().await.status, 200);
    }

    let refresh = || {
        baishan(
            &sim,
            "POST",
            "/v2/cache/refresh",
            &[],
            Some(json!({"urls": ["http://www.example.com/r"]})),
        )
    };
    assert_eq!(refresh().await.status, 200);
    let failed = refresh().await;
    assert_eq!(
        (failed.status, failed.body["code"].clone()),
        (503, json!(503)),
        "{}",
        failed.text
    );
    assert!(failed.header("x-ratelimit-remaining").is_some());
    assert_eq!(sim.submitted_urls(Vendor::Baishan).len(), 2);
}

#[tokio::test]
async fn refused_submits_take_no_effect() {
    let sim = start(instant()).await;
    sim.set_faults(
        Vendor::BaiduCdn,
        Faults {
            refuse_submits: Some(Refusal::bce(403, "AccessDenied", "quota used up")),
            ..Faults::default()
        },
    );
    for kind in ["purge", "prefetch"] {
        let answer = cdn(&sim, "POST", &format!("/v2/cache/{kind}"))
            .json(tasks(&urls(2, "refused")))
            .send()
            .await;
        assert_eq!(answer.bce_error(), (403, "AccessDenied".into()));
        assert_eq!(answer.body["message"], "quota used up");
    }
    assert!(sim.submitted_urls(Vendor::BaiduCdn).is_empty());
    let quota = cdn(&sim, "GET", "/v2/cache/quota").send().await;
    assert_eq!(
        (quota.status, quota.body["urlRemain"].clone()),
        (200, json!(20_000))
    );
    assert!(listed_urls(&cdn(&sim, "GET", "/v2/cache/purge").send().await).is_empty());
    // Authentication still comes first.
    let unsigned = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&urls(1, "x")))
        .secret_key("sk-test-wrong")
        .send()
        .await;
    assert_eq!(unsigned.bce_error(), (403, "SignatureDoesNotMatch".into()));

    sim.set_faults(
        Vendor::BaiduGeo,
        Faults {
            refuse_submits: Some(Refusal::bce(400, "InvalidParameter", "site is closed")),
            ..Faults::default()
        },
    );
    let answer = geo(&sim, "POST", "/v2/geo/cache/prefetch")
        .json(json!({"site": "example.org", "tasks": [{"url": "http://example.org/a"}]}))
        .send()
        .await;
    assert_eq!(answer.bce_error(), (400, "InvalidParameter".into()));
    assert!(sim.submitted_urls(Vendor::BaiduGeo).is_empty());

    // Baishan: HTTP 200 whose body says 400.
    sim.set_faults(
        Vendor::Baishan,
        Faults {
            refuse_submits: Some(Refusal::baishan(200, 400, "invalid urls")),
            ..Faults::default()
        },
    );
    for path in ["/v2/cache/refresh", "/v2/cache/prefetch"] {
        let answer = baishan(
            &sim,
            "POST",
            path,
            &[],
            Some(json!({"urls": ["http://www.example.com/a"]})),
        )
        .await;
        assert_eq!(
            (answer.status, answer.body.clone()),
            (
                200,
                json!({"code": 400, "message": "invalid urls", "data": null})
            ),
            "{path}"
        );
        assert!(answer.header("x-ratelimit-grad").is_some());
    }
    // A code that is no number is sent as the HTTP status.
    sim.set_faults(
        Vendor::Baishan,
        Faults {
            refuse_submits: Some(Refusal::bce(401, "AccessDenied", "no permission")),
            ..Faults::default()
        },
    );
    let answer = baishan(
        &sim,
        "POST",
        "/v2/cache/refresh",
        &[],
        Some(json!({"urls": ["http://www.example.com/a"]})),
    )
    .await;
    assert_eq!(
        (answer.status, answer.body["code"].clone()),
        (401, json!(401))
    );
    assert!(sim.submitted_urls(Vendor::Baishan).is_empty());
    assert_eq!(
        baishan(&sim, "GET", "/v2/cache/refresh", &[], None)
            .await
            .body["data"]["total"],
        0
    );
    // Cleared faults: submits work again.
    sim.set_faults(Vendor::Baishan, Faults::default());
    let answer = baishan(
        &sim,
        "POST",
        "/v2/cache/refresh",
        &[],
        Some(json!({"urls": ["http://www.example.com/a"]})),
    )
    .await;
    assert_eq!(answer.body["code"], 0);
}
