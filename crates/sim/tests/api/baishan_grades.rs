//! Baishan's graded limits (`minute`, `hour`, `day`): the binding grade on every answer, and
//! throttled answers that are not always HTTP 429.

use crate::common::{baishan, instant, start, Answer};
use cachedesk_core::Vendor;
use cachedesk_sim::{Faults, RateWindow, SimConfig};
use serde_json::json;
use std::time::Duration;

fn per(requests: u32, secs: u64) -> RateWindow {
    RateWindow {
        requests,
        window: Duration::from_secs(secs),
    }
}

/// (grad, limit, remaining, retry-after)
fn grade(answer: &Answer) -> (String, u32, u32, u64) {
    let get = |name: &str| {
        answer
            .header(name)
            .unwrap_or_else(|| panic!("{name} missing: {answer:?}"))
            .to_owned()
    };
    (
        get("x-ratelimit-grad"),
        get("x-ratelimit-limit").parse().unwrap_or(0),
        get("x-ratelimit-remaining").parse().unwrap_or(u32::MAX),
        get("x-retry-after").parse().unwrap_or(0),
    )
}

fn config(minute: u32, hour: u32, day: u32) -> SimConfig {
    let mut config = instant();
    config.limits.baishan_minute_window = per(minute, 60);
    config.limits.baishan_hour_window = per(hour, 3_600);
    config.limits.baishan_day_window = per(day, 86_400);
    config
}

#[tokio::test]
async fn the_minute_grade_binds_by_default_on_every_answer() {
    let sim = start(instant()).await;
    let answers = [
        baishan(&sim, "GET", "/v2/cache/refresh", &[], None).await,
        baishan(
            &sim,
            "POST",
            "/v2/cache/prefetch",
            &[],
            Some(json!({"urls": ["http://www.example.com/a"]})),
        )
        .await,
        baishan(&sim, "GET", "/v2/cache/nope", &[], None).await,
        baishan(
            &sim,
            "GET",
            "/v2/cache/refresh",
            &[("page_size", "0")],
            None,
        )
        .await,
    ];
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [200, 200, 404, 400]);
    for (i, answer) in answers.iter().enumerate() {
        let (grad, limit, remaining, retry) = grade(answer);
        assert_eq!((grad.as_str(), limit), ("minute", 150));
        assert_eq!(remaining, 149 - i as u32);
        assert!((1..=60).contains(&retry), "{retry}");
    }
}

#[tokio::test]
async fn the_hour_grade_binds_when_it_has_least_left_and_refuses_when_spent() {
    let sim = start(config(100, 3, 1_000)).await;
    let get = || baishan(&sim, "GET", "/v2/cache/refresh", &[], None);
    let mut seen = Vec::new();
    for _ in 0..3 {
        let answer = get().await;
        assert_eq!(answer.status, 200);
        seen.push(grade(&answer));
    }
    let left: Vec<(&str, u32, u32)> = seen
        .iter()
        .map(|(g, l, r, _)| (g.as_str(), *l, *r))
        .collect();
    assert_eq!(left, [("hour", 3, 2), ("hour", 3, 1), ("hour", 3, 0)]);
    assert!(
        seen.iter().all(|g| (3_590..=3_600).contains(&g.3)),
        "{seen:?}"
    );
    let refused = get().await;
    assert_eq!(
        (refused.status, refused.body["code"].clone()),
        (429, json!(429))
    );
    let (grad, limit, remaining, retry) = grade(&refused);
    assert_eq!((grad.as_str(), limit, remaining), ("hour", 3, 0));
    assert!((3_590..=3_600).contains(&retry), "{retry}");
}

#[tokio::test]
async fn the_day_grade_binds_last() {
    let sim = start(config(100, 100, 1)).await;
    let first = baishan(&sim, "GET", "/v2/cache/prefetch", &[], None).await;
    assert_eq!(first.status, 200);
    assert_eq!(grade(&first).0, "day");
    let refused = baishan(&sim, "GET", "/v2/cache/prefetch", &[], None).await;
    let (grad, limit, remaining, retry) = grade(&refused);
    assert_eq!(
        (refused.status, grad.as_str(), limit, remaining),
        (429, "day", 1, 0)
    );
    assert!((86_390..=86_400).contains(&retry), "{retry}");
    assert!(refused.header("x-push-remaining").is_some());
}

#[tokio::test]
async fn throttled_answers_may_use_another_status() {
    let sim = start(config(100, 100, 1)).await;
    assert_eq!(
        baishan(&sim, "GET", "/v2/cache/refresh", &[], None)
            .await
            .status,
        200
    );
    for (status, code) in [(403, 403), (200, 429), (503, 503)] {
        sim.set_faults(
            Vendor::Baishan,
            Faults {
                throttle_status: Some(status),
                ..Faults::default()
            },
        );
        let answer = baishan(&sim, "GET", "/v2/cache/refresh", &[], None).await;
        assert_eq!(
            (answer.status, answer.body["code"].clone()),
            (status, json!(code)),
            "{}",
            answer.text
        );
        assert!(answer.body["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
        let (grad, _, remaining, retry) = grade(&answer);
        assert_eq!((grad.as_str(), remaining), ("day", 0));
        assert!(retry > 0);
    }

    // A burst on any vendor follows the same status.
    sim.set_faults(
        Vendor::BaiduCdn,
        Faults {
            rate_limit_burst: Some(1),
            throttle_status: Some(403),
            ..Faults::default()
        },
    );
    let answer = crate::common::cdn(&sim, "GET", "/v2/cache/quota")
        .send()
        .await;
    assert_eq!(answer.bce_error(), (403, "TooManyRequests".into()));

    let sim = start(instant()).await;
    sim.set_faults(
        Vendor::Baishan,
        Faults {
            rate_limit_burst: Some(1),
            throttle_status: Some(200),
            ..Faults::default()
        },
    );
    let answer = baishan(&sim, "GET", "/v2/cache/refresh", &[], None).await;
    assert_eq!(
        (answer.status, answer.body["code"].clone()),
        (200, json!(429))
    );
    assert_eq!(answer.header("x-ratelimit-remaining"), Some("0"));
    assert!(answer.header("x-retry-after").is_some());
}
