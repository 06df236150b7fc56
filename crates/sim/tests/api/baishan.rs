use crate::common::{baishan, instant, start, urls, Answer};
use cachedesk_core::Vendor;
use cachedesk_sim::{Faults, Quotas, RateWindow, RequestKind, Sim, SimConfig, Speed};
use serde_json::{json, Value};
use std::time::Duration;

async fn refresh(sim: &Sim, body: Value) -> Answer {
    baishan(sim, "POST", "/v2/cache/refresh", &[], Some(body)).await
}

fn rate_headers(answer: &Answer) {
    for name in [
        "x-ratelimit-grad",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-retry-after",
        "api-id",
    ] {
        assert!(
            answer.header(name).is_some(),
            "{name} missing on {}",
            answer.text
        );
    }
}

fn error(answer: &Answer) -> (u16, i64) {
    assert!(
        answer.body["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{}",
        answer.text
    );
    (answer.status, answer.body["code"].as_i64().unwrap_or(0))
}

#[tokio::test]
async fn the_token_is_required() {
    let sim = start(instant()).await;
    let url = format!("{}/v2/cache/refresh", sim.endpoint(Vendor::Baishan));
    for query in [vec![], vec![("token", "wrong-token")]] {
        let response = reqwest::Client::new()
            .get(&url)
            .query(&query)
            .send()
            .await
            .expect("answer");
        let status = response.status().as_u16();
        let has_headers = response.headers().contains_key("x-ratelimit-remaining");
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(
            (status, body["code"].clone(), body["data"].clone()),
            (401, json!(401), Value::Null)
        );
        assert!(has_headers);
    }
    let ok = baishan(&sim, "GET", "/v2/cache/refresh", &[], None).await;
    assert_eq!((ok.status, ok.body["code"].clone()), (200, json!(0)));
    rate_headers(&ok);
}

#[tokio::test]
async fn refresh_accepts_part_and_reports_err_urls() {
    let sim = start(instant()).await;
    let answer = refresh(
        &sim,
        json!({"urls": [
        "https://dl.example.net/pkg/v2.zip", "http://not-mine.test/x.png", "not a url"
    ], "type": "url"}),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    rate_headers(&answer);
    let data = &answer.body["data"];
    assert_eq!(answer.body["code"], 0);
    assert!(data["task_id"]
        .as_str()
        .is_some_and(|id| id.chars().all(|c| c.is_ascii_digit())));
    assert_eq!(data["count"], 1);
    assert_eq!(
        data["err_urls"],
        json!(["http://not-mine.test/x.png", "not a url"])
    );
    assert_eq!(
        sim.submitted_urls(Vendor::Baishan),
        ["https://dl.example.net/pkg/v2.zip"]
    );

    let dirs = refresh(&sim, json!({"urls": ["https://dl.example.net/pkg/", "https://dl.example.net/pkg"], "type": "dir"})).await;
    assert_eq!(
        dirs.body["data"]["err_urls"],
        json!(["https://dl.example.net/pkg"])
    );

    let none = refresh(&sim, json!({"urls": ["http://not-mine.test/x.png"]})).await;
    assert_eq!(error(&none), (400, 400));
    assert_eq!(
        none.body["data"]["err_urls"],
        json!(["http://not-mine.test/x.png"])
    );
    for bad in [
        json!({"urls": []}),
        json!({"urls": "x"}),
        json!({"urls": ["http://www.example.com/a"], "type": "file"}),
    ] {
        assert_eq!(
            error(&refresh(&sim, bad.clone()).await),
            (400, 400),
            "{bad}"
        );
    }
    let too_many = refresh(&sim, json!({ "urls": urls(501, "many") })).await;
    assert_eq!(error(&too_many), (400, 400));
    assert_eq!(
        refresh(&sim, json!({ "urls": urls(500, "many") }))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn prefetch_takes_json_or_forms_and_counts_the_daily_quota() {
    let sim = start(SimConfig {
        quotas: Quotas {
            baishan_prefetch: 3,
            ..Quotas::default()
        },
        ..instant()
    })
    .await;
    let json_answer = baishan(
        &sim,
        "POST",
        "/v2/cache/prefetch",
        &[],
        Some(json!({"urls": ["http://www.example.com/1"]})),
    )
    .await;
    assert_eq!(json_answer.body["data"]["count"], 1, "{}", json_answer.text);
    assert_eq!(json_answer.header("x-push-remaining"), Some("2"));
    let form = reqwest::Client::new()
        .post(format!(
            "{}/v2/cache/prefetch",
            sim.endpoint(Vendor::Baishan)
        ))
        .query(&[("token", sim.config().credentials.token.as_str())])
        .form(&[
            ("urls", "http://www.example.com/2"),
            ("urls", "http://www.example.com/3"),
        ])
        .send()
        .await
        .expect("answer");
    assert_eq!(
        form.headers()
            .get("x-push-remaining")
            .and_then(|v| v.to_str().ok()),
        Some("0")
    );
    let body: Value = form.json().await.expect("JSON");
    assert_eq!(body["data"]["count"], 2);
    let over = baishan(
        &sim,
        "POST",
        "/v2/cache/prefetch",
        &[],
        Some(json!({"urls": ["http://www.example.com/4"]})),
    )
    .await;
    assert_eq!(error(&over), (400, 400));
    assert!(over.body["message"]
        .as_str()
        .unwrap_or("")
        .contains("quota"));
    assert_eq!(over.header("x-push-remaining"), Some("0"));
    let listing = baishan(&sim, "GET", "/v2/cache/prefetch", &[], None).await;
    assert_eq!(listing.header("x-push-remaining"), Some("0"));
    assert!(refresh(&sim, json!({"urls": ["http://www.example.com/4"]}))
        .await
        .header("x-push-remaining")
        .is_none());
}

#[tokio::test]
async fn lists_by_page_number_and_page_size() {
    let sim = start(instant()).await;
    refresh(&sim, json!({ "urls": urls(120, "page") })).await;
    let page = |number: &'static str, size: Option<&'static str>| {
        let mut query = vec![("page_number", number)];
        query.extend(size.map(|s| ("page_size", s)));
        let sim = &sim;
        async move { baishan(sim, "GET", "/v2/cache/refresh", &query, None).await }
    };
    let sizes: Vec<(Value, usize)> = [
        page("1", None).await,
        page("2", None).await,
        page("3", None).await,
    ]
    .iter()
    .map(|a| {
        (
            a.body["data"]["page_number"].clone(),
            a.body["data"]["list"].as_array().map_or(0, Vec::len),
        )
    })
    .collect();
    assert_eq!(
        sizes,
        [(json!("1"), 50), (json!("2"), 50), (json!("3"), 20)]
    );
    let first = page("1", Some("500")).await;
    assert_eq!(first.body["data"]["total"], 120);
    let item = &first.body["data"]["list"][0];
    assert_eq!(item["url"], "http://www.example.com/page/119.js");
    assert_eq!(
        (item["type"].clone(), item["status"].clone()),
        (json!("url"), json!("completed"))
    );
    let time_format = |s: &Value| {
        s.as_str()
            .is_some_and(|s| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").is_ok())
    };
    assert!(time_format(&item["create_time"]) && time_format(&item["complete_time"]));
    for bad in [
        page("0", None).await,
        page("1", Some("0")).await,
        page("1", Some("501")).await,
        page("x", None).await,
    ] {
        assert_eq!(error(&bad), (400, 400));
    }
    // Prefetch listings show the page number as a number.
    baishan(
        &sim,
        "POST",
        "/v2/cache/prefetch",
        &[],
        Some(json!({"urls": ["http://www.example.com/p"]})),
    )
    .await;
    let prefetches = baishan(
        &sim,
        "GET",
        "/v2/cache/prefetch",
        &[("page_size", "1")],
        None,
    )
    .await;
    assert_eq!(prefetches.body["data"]["page_number"], json!(1));
}

#[tokio::test]
async fn lists_by_task_id_date_range_and_url() {
    let sim = start(SimConfig {
        speed: Speed::Slow,
        ..SimConfig::default()
    })
    .await;
    let task = refresh(
        &sim,
        json!({"urls": ["http://www.example.com/a", "http://www.example.com/b"]}),
    )
    .await;
    let task_id = task.body["data"]["task_id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    refresh(&sim, json!({"urls": ["http://www.example.com/c"]})).await;
    let list = |query: Vec<(&'static str, String)>| {
        let sim = &sim;
        async move {
            let refs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
            baishan(sim, "GET", "/v2/cache/refresh", &refs, None).await
        }
    };
    let by_task = list(vec![("task_id", task_id.clone())]).await;
    assert_eq!(by_task.body["data"]["total"], 2);
    let item = &by_task.body["data"]["list"][0];
    assert_eq!(
        (item["status"].clone(), item["complete_time"].clone()),
        (json!("waiting"), json!(""))
    );
    assert_eq!(
        list(vec![("task_id", "999".into())]).await.body["data"]["total"],
        0
    );
    assert_eq!(
        error(&list(vec![("task_id", "x".into())]).await),
        (400, 400)
    );

    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let day = |d: i64| {
        (today + chrono::Duration::days(d))
            .format("%Y-%m-%d")
            .to_string()
    };
    let week = list(vec![("start_time", day(-6)), ("end_time", day(0))]).await;
    assert_eq!(week.body["data"]["total"], 3);
    let one = list(vec![
        ("start_time", day(0)),
        ("end_time", day(0)),
        ("url", "http://www.example.com/c".into()),
    ])
    .await;
    assert_eq!(one.body["data"]["total"], 1);
    let yesterday = list(vec![("start_time", day(-1)), ("end_time", day(-1))]).await;
    assert_eq!(yesterday.body["data"]["total"], 0);
    for bad in [
        vec![("start_time", day(-8)), ("end_time", day(0))],
        vec![("start_time", day(0)), ("end_time", day(-1))],
        vec![("start_time", "2024/01/01".into())],
        vec![("task_id", task_id), ("start_time", day(0))],
    ] {
        assert_eq!(error(&list(bad).await), (400, 400));
    }
}

#[tokio::test]
async fn statuses_move_from_waiting_to_processing_to_done() {
    let sim = start(SimConfig {
        speed: Speed::Custom(Duration::from_secs(40)),
        ..SimConfig::default()
    })
    .await;
    let task = refresh(
        &sim,
        json!({"urls": ["http://www.example.com/ok", "http://www.example.com/fail"]}),
    )
    .await;
    let task_id = task.body["data"]["task_id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let mut seen = Vec::new();
    for ahead in [1, 20, 41] {
        sim.set_faults(
            Vendor::Baishan,
            Faults {
                clock_skew: chrono::Duration::seconds(ahead),
                ..Faults::default()
            },
        );
        let answer = baishan(
            &sim,
            "GET",
            "/v2/cache/refresh",
            &[("task_id", &task_id)],
            None,
        )
        .await;
        let list = answer.body["data"]["list"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        seen.push(
            list.iter()
                .map(|i| {
                    (
                        i["status"].as_str().unwrap_or("").to_owned(),
                        i["complete_time"] != "",
                    )
                })
                .collect::<Vec<_>>(),
        );
    }
    let s = |w: &str, done: bool| (w.to_owned(), done);
    assert_eq!(
        seen,
        [
            vec![s("waiting", false), s("waiting", false)],
            vec![s("processing", false), s("processing", false)],
            vec![s("completed", true), s("failed", false)],
        ]
    );
}

#[tokio::test]
async fn rate_limits_answer_429_with_headers() {
    let mut config = instant();
    config.limits.baishan_short_window = RateWindow {
        requests: 5,
        window: Duration::from_secs(2),
    };
    config.limits.baishan_minute_window = RateWindow {
        requests: 8,
        window: Duration::from_secs(60),
    };
    let sim = start(config).await;
    let get = || baishan(&sim, "GET", "/v2/cache/refresh", &[], None);
    let mut remaining = Vec::new();
    for _ in 0..5 {
        let answer = get().await;
        assert_eq!(answer.status, 200);
        assert_eq!(
            (
                answer.header("x-ratelimit-grad"),
                answer.header("x-ratelimit-limit")
            ),
            (Some("minute"), Some("8"))
        );
        remaining.push(
            answer
                .header("x-ratelimit-remaining")
                .unwrap_or("")
                .to_owned(),
        );
    }
    assert_eq!(remaining, ["7", "6", "5", "4", "3"]);
    let short = get().await;
    assert_eq!(error(&short), (429, 429));
    rate_headers(&short);
    assert_eq!(
        (
            short.header("x-ratelimit-grad"),
            short.header("x-ratelimit-remaining")
        ),
        (Some("second"), Some("0"))
    );
    let wait: u64 = short
        .header("x-retry-after")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    assert!((1..=2).contains(&wait));
    tokio::time::sleep(Duration::from_millis(2100)).await;
    for _ in 0..3 {
        assert_eq!(get().await.status, 200);
    }
    let minute = get().await;
    assert_eq!(error(&minute), (429, 429));
    assert_eq!(
        (
            minute.header("x-ratelimit-grad"),
            minute.header("x-ratelimit-limit")
        ),
        (Some("minute"), Some("8"))
    );
    let wait: u64 = minute
        .header("x-retry-after")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    assert!((50..=60).contains(&wait), "{wait}");
    let ids: Vec<&str> = [&short, &minute]
        .iter()
        .filter_map(|a| a.header("api-id"))
        .collect();
    assert!(ids.len() == 2 && ids[0] != ids[1]);
    // Every answer is counted, the limiter's refusals included.
    let asked = sim.requests(Vendor::Baishan);
    assert_eq!(
        (
            asked.of(RequestKind::Listing),
            asked.count(RequestKind::Listing, 200),
            asked.with_status(429),
            asked.of(RequestKind::Submit)
        ),
        (10, 8, 2, 0)
    );
}
