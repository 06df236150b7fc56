use crate::common::{cdn, instant, start, tasks, urls, Answer};
use cachedesk_core::Vendor;
use cachedesk_sim::{Faults, Quotas, Sim, SimConfig, Speed};
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use std::collections::HashSet;

async fn submit(sim: &Sim, kind: &str, body: Value) -> Answer {
    cdn(sim, "POST", &format!("/v2/cache/{kind}"))
        .json(body)
        .send()
        .await
}

async fn by_id(sim: &Sim, kind: &str, id: &str) -> Vec<Value> {
    let answer = cdn(sim, "GET", &format!("/v2/cache/{kind}"))
        .query("id", id)
        .send()
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["isTruncated"], json!(false));
    answer.body["details"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn submits_answer_201_with_a_task_id() {
    let sim = start(instant()).await;
    let body = json!({"tasks": [
        {"url": "http://www.example.com/a.js"},
        {"url": "https://static.example.com/img/", "type": "directory"}
    ]});
    let answer = submit(&sim, "purge", body).await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    let id = answer.body["id"].as_str().expect("id");
    assert!(id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()));
    let records = by_id(&sim, "purge", id).await;
    let shown: Vec<&Value> = records.iter().map(|r| &r["task"]).collect();
    assert_eq!(
        shown,
        [
            &json!({"url": "http://www.example.com/a.js", "type": "file"}),
            &json!({"url": "https://static.example.com/img/", "type": "directory"})
        ]
    );
    assert!(
        by_id(&sim, "prefetch", id).await.is_empty(),
        "a purge id lists no prefetches"
    );
    assert!(by_id(&sim, "purge", "0123456789abcdef0123456789abcdef")
        .await
        .is_empty());
}

#[tokio::test]
async fn validates_submits() {
    let sim = start(instant()).await;
    let cases = [
        ("purge", None, "MalformedJSON"),
        ("purge", Some(json!({"urls": []})), "InappropriateJSON"),
        (
            "purge",
            Some(json!({"tasks": [{"url": 5}]})),
            "InappropriateJSON",
        ),
        ("purge", Some(json!({"tasks": []})), "InvalidArgument"),
        (
            "purge",
            Some(json!({"tasks": [{"url": "ftp://www.example.com/a"}]})),
            "IllegalRequestUrl",
        ),
        (
            "purge",
            Some(json!({"tasks": [{"url": "http://not-mine.test/a"}]})),
            "IllegalRequestUrl",
        ),
        (
            "prefetch",
            Some(json!({"tasks": [{"url": "http://not-mine.test/a"}]})),
            "IllegalRequestUrl",
        ),
        (
            "purge",
            Some(json!({"tasks": [{"url": "http://www.example.com/d", "type": "directory"}]})),
            "InvalidArgument",
        ),
        (
            "purge",
            Some(json!({"tasks": [{"url": "http://www.example.com/d/", "type": "dir"}]})),
            "InvalidArgument",
        ),
    ];
    for (kind, body, code) in cases {
        let call = cdn(&sim, "POST", &format!("/v2/cache/{kind}"));
        let call = match &body {
            Some(body) => call.json(body.clone()),
            None => call.raw_body("{tasks:"),
        };
        let answer = call.send().await;
        assert_eq!(answer.bce_error(), (400, code.to_owned()), "{body:?}");
    }
    let foreign = submit(&sim, "purge", tasks(&["http://not-mine.test/a".into()])).await;
    assert!(foreign.body["message"]
        .as_str()
        .unwrap_or("")
        .contains("not under acceleration"));
    assert!(
        sim.submitted_urls(Vendor::BaiduCdn).is_empty(),
        "nothing refused was recorded"
    );
}

#[tokio::test]
async fn scheduled_prefetch_waits_for_its_start_time() {
    let sim = start(instant()).await;
    let at = |d: Duration| cachedesk_bce_auth::timestamp(Utc::now() + d);
    for bad in [
        at(Duration::minutes(-5)),
        at(Duration::hours(25)),
        "tomorrow".into(),
    ] {
        let body = json!({"tasks": [{"url": "http://www.example.com/a", "startTime": bad}]});
        let answer = submit(&sim, "prefetch", body).await;
        assert_eq!(answer.bce_error(), (400, "InvalidArgument".into()), "{bad}");
    }
    let start_time = at(Duration::hours(2));
    let body = json!({"tasks": [{"url": "http://www.example.com/a", "startTime": start_time, "speed": 1024}]});
    let answer = submit(&sim, "prefetch", body).await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    let records = by_id(&sim, "prefetch", answer.body["id"].as_str().unwrap_or("")).await;
    assert_eq!(records[0]["status"], "waiting");
    assert_eq!(
        records[0]["task"],
        json!({"url": "http://www.example.com/a", "startTime": start_time, "speed": 1024})
    );
    assert!(records[0].get("startedAt").is_none() && records[0].get("finishedAt").is_none());
}

#[tokio::test]
async fn limits_urls_per_request() {
    let sim = start(instant()).await;
    let answer = submit(&sim, "purge", tasks(&urls(101, "many"))).await;
    assert_eq!(answer.bce_error(), (400, "TooManyUrls".into()));
    assert_eq!(
        submit(&sim, "prefetch", tasks(&urls(100, "many")))
            .await
            .status,
        201
    );

    let small = start(SimConfig {
        limits: instant().limits.with_urls_per_request(5),
        ..instant()
    })
    .await;
    let answer = submit(&small, "prefetch", tasks(&urls(6, "six"))).await;
    assert_eq!(answer.bce_error(), (400, "TooManyUrls".into()));
}

#[tokio::test]
async fn quotas_are_shared_by_purge_and_prefetch_and_reported() {
    let sim = start(SimConfig {
        quotas: Quotas {
            baidu_urls: 5,
            baidu_dirs: 2,
            ..Quotas::default()
        },
        ..instant()
    })
    .await;
    let quota = || async { cdn(&sim, "GET", "/v2/cache/quota").send().await.body };
    assert_eq!(
        quota().await,
        json!({"dirRemain": 2, "urlRemain": 5, "dirQuota": 2, "urlQuota": 5})
    );
    assert_eq!(
        submit(&sim, "purge", tasks(&urls(3, "q"))).await.status,
        201
    );
    assert_eq!(
        submit(&sim, "prefetch", tasks(&urls(2, "q"))).await.status,
        201
    );
    let over = submit(&sim, "purge", tasks(&urls(1, "over"))).await;
    assert_eq!(over.bce_error(), (403, "QuotaExceeded".into()));
    let dirs = json!({"tasks": [
        {"url": "http://www.example.com/a/", "type": "directory"},
        {"url": "http://www.example.com/b/", "type": "directory"}
    ]});
    assert_eq!(
        submit(&sim, "purge", dirs.clone()).await.status,
        201,
        "directories have their own quota"
    );
    assert_eq!(
        submit(&sim, "purge", dirs).await.bce_error(),
        (403, "QuotaExceeded".into())
    );
    assert_eq!(
        quota().await,
        json!({"dirRemain": 0, "urlRemain": 0, "dirQuota": 2, "urlQuota": 5})
    );
}

#[tokio::test]
async fn records_progress_with_the_server_clock() {
    // One minute from start to done; the test moves the server clock instead of waiting.
    let sim = start(SimConfig {
        speed: Speed::Custom(std::time::Duration::from_secs(60)),
        ..SimConfig::default()
    })
    .await;
    let purge = submit(
        &sim,
        "purge",
        tasks(&[
            "http://www.example.com/p.js".into(),
            "http://www.example.com/fail/p.js".into(),
        ]),
    )
    .await;
    let prefetch = submit(
        &sim,
        "prefetch",
        tasks(&[
            "http://www.example.com/f.bin".into(),
            "http://www.example.com/fail.bin".into(),
        ]),
    )
    .await;
    let (purge_id, prefetch_id) = (
        purge.body["id"].as_str().unwrap_or(""),
        prefetch.body["id"].as_str().unwrap_or(""),
    );
    let look = |kind: &'static str, id: &str, ahead: i64| {
        sim.set_faults(
            Vendor::BaiduCdn,
            Faults {
                clock_skew: Duration::seconds(ahead),
                ..Faults::default()
            },
        );
        let id = id.to_owned();
        let sim = &sim;
        async move {
            let call = cdn(sim, "GET", &format!("/v2/cache/{kind}")).query("id", &id);
            let records = call
                .at(Utc::now() + Duration::seconds(ahead))
                .send()
                .await
                .body["details"]
                .clone();
            let statuses: Vec<String> = records
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| r["status"].as_str().unwrap_or("").to_owned())
                .collect();
            (statuses, records)
        }
    };
    let (statuses, records) = look("prefetch", prefetch_id, 5).await;
    assert_eq!(statuses, ["waiting", "waiting"]);
    assert_eq!(records[0]["progress"], 0);
    let (statuses, records) = look("prefetch", prefetch_id, 30).await;
    assert_eq!(statuses, ["in-progress", "in-progress"]);
    let progress = records[0]["progress"].as_u64().unwrap_or(0);
    assert!((25..=40).contains(&progress), "{progress}");
    assert!(records[0].get("startedAt").is_some() && records[0].get("finishedAt").is_none());
    let (statuses, records) = look("prefetch", prefetch_id, 61).await;
    assert_eq!(statuses, ["completed", "failed"]);
    assert_eq!(records[1]["reason"], cachedesk_sim::FAILURE_REASON);
    assert!(records[0].get("reason").is_none() && records[0]["finishedAt"].is_string());

    let (statuses, records) = look("purge", purge_id, 5).await;
    assert_eq!(statuses, ["in-progress", "in-progress"]);
    assert_eq!(records[0]["startedAt"], records[0]["createdAt"]);
    let (statuses, records) = look("purge", purge_id, 61).await;
    assert_eq!(statuses, ["completed", "failed"]);
    assert!(records
        .as_array()
        .into_iter()
        .flatten()
        .all(|r| r["progress"] == 100 && r.get("reason").is_none()));
}

#[tokio::test]
async fn pages_a_time_range_by_marker_to_the_end() {
    let mut config = instant();
    config.limits.baidu_cdn.page_size = 10;
    let sim = start(config).await;
    let all = urls(25, "page");
    assert_eq!(submit(&sim, "purge", tasks(&all)).await.status, 201);
    let start_time = cachedesk_bce_auth::timestamp(Utc::now() - Duration::hours(1));
    let end_time = cachedesk_bce_auth::timestamp(Utc::now() + Duration::minutes(1));
    let (mut seen, mut sizes, mut marker) = (Vec::new(), Vec::new(), String::new());
    loop {
        let answer = cdn(&sim, "GET", "/v2/cache/purge")
            .query("startTime", &start_time)
            .query("endTime", &end_time)
            .query("marker", &marker)
            .send()
            .await;
        let details = answer.body["details"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        sizes.push(details.len());
        seen.extend(
            details
                .iter()
                .map(|d| d["task"]["url"].as_str().unwrap_or("").to_owned()),
        );
        if answer.body["isTruncated"] == json!(false) {
            assert!(answer.body.get("nextMarker").is_none());
            break;
        }
        marker = answer.body["nextMarker"]
            .as_str()
            .expect("nextMarker")
            .to_owned();
    }
    assert_eq!(sizes, [10, 10, 5]);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 25);
    assert_eq!(seen.first(), all.last(), "newest first");
    // One task by id: every record, whatever the page size.
    let id = submit(&sim, "purge", tasks(&urls(12, "task"))).await.body["id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert_eq!(by_id(&sim, "purge", &id).await.len(), 12);
    // `url` with `*` wildcards.
    let answer = cdn(&sim, "GET", "/v2/cache/purge")
        .query("url", "http://www.example.com/page/2*.js")
        .send()
        .await;
    assert_eq!(answer.body["details"].as_array().map(Vec::len), Some(6));
}

#[tokio::test]
async fn refuses_bad_queries() {
    let sim = start(instant()).await;
    let list = || cdn(&sim, "GET", "/v2/cache/purge");
    let cases = [
        list()
            .query("startTime", "2024-01-01T00:00:00Z")
            .query("endTime", "2024-04-01T00:00:01Z"),
        list()
            .query("startTime", "2024-02-01T00:00:00Z")
            .query("endTime", "2024-01-01T00:00:00Z"),
        list().query("startTime", "yesterday"),
        list().query("marker", "not-a-marker"),
        list()
            .query("id", "0123456789abcdef0123456789abcdef")
            .query("marker", "0000000000000001"),
    ];
    for call in cases {
        assert_eq!(
            call.send().await.bce_error(),
            (400, "InvalidArgument".into())
        );
    }
    let ninety = list()
        .query("startTime", "2024-01-01T00:00:00Z")
        .query("endTime", "2024-03-31T00:00:00Z");
    assert_eq!(ninety.send().await.status, 200);
    let missing = cdn(&sim, "GET", "/v2/cache/records-nope").send().await;
    assert_eq!(missing.bce_error(), (404, "NotFound".into()));
    let wrong_method = cdn(&sim, "DELETE", "/v2/cache/purge").send().await;
    assert_eq!(wrong_method.bce_error(), (405, "MethodNotAllowed".into()));
}
