use crate::common::{geo, instant, start, Answer};
use cachedesk_sim::{Sim, SimConfig};
use chrono::{Duration, Utc};
use serde_json::{json, Value};

async fn submit(sim: &Sim, kind: &str, body: Value) -> Answer {
    geo(sim, "POST", &format!("/v2/geo/cache/{kind}"))
        .json(body)
        .send()
        .await
}

fn site_tasks(site: &str, urls: &[&str], kind: Option<&str>) -> Value {
    let tasks: Vec<Value> = urls
        .iter()
        .map(|u| match kind {
            Some(kind) => json!({"url": u, "type": kind}),
            None => json!({"url": u}),
        })
        .collect();
    json!({"site": site, "tasks": tasks})
}

fn listed(answer: &Answer) -> Vec<Value> {
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["details"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn urls_must_belong_to_a_known_site() {
    let sim = start(instant()).await;
    let ok = site_tasks(
        "example.org",
        &["http://example.org/a.png", "https://img.example.org/b.png"],
        Some("file"),
    );
    let answer = submit(&sim, "purge", ok).await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    assert_eq!(answer.body["id"].as_str().map(str::len), Some(32));

    let foreign = site_tasks("example.org", &["http://badexample.org/a.png"], None);
    assert_eq!(
        submit(&sim, "prefetch", foreign).await.bce_error(),
        (400, "IllegalRequestUrl".into())
    );
    let unknown = site_tasks("example.net", &["http://example.net/a.png"], None);
    assert_eq!(
        submit(&sim, "purge", unknown).await.bce_error(),
        (400, "InvalidSite".into())
    );
    let no_site = json!({"tasks": [{"url": "http://example.org/a.png"}]});
    assert_eq!(
        submit(&sim, "purge", no_site).await.bce_error(),
        (400, "InvalidArgument".into())
    );
    let no_site_list = geo(&sim, "GET", "/v2/geo/cache/purge")
        .query("site", "")
        .send()
        .await;
    assert_eq!(no_site_list.bce_error(), (400, "InvalidArgument".into()));
    let no_quota = geo(&sim, "GET", "/v2/geo/cache/quota").send().await;
    assert_eq!(no_quota.bce_error(), (404, "NotFound".into()));
}

#[tokio::test]
async fn limits_directories_per_request() {
    let sim = start(instant()).await;
    let dirs: Vec<String> = (0..101)
        .map(|i| format!("http://example.org/d{i}/"))
        .collect();
    let refs: Vec<&str> = dirs.iter().map(String::as_str).collect();
    let answer = submit(
        &sim,
        "purge",
        site_tasks("example.org", &refs, Some("directory")),
    )
    .await;
    assert_eq!(answer.bce_error(), (400, "TooManyUrls".into()));
    let answer = submit(
        &sim,
        "purge",
        site_tasks("example.org", &refs[..100], Some("directory")),
    )
    .await;
    assert_eq!(answer.status, 201, "{}", answer.text);
}

#[tokio::test]
async fn lists_by_id_type_and_range_with_geo_fields() {
    let sim = start(instant()).await;
    let purge = submit(
        &sim,
        "purge",
        json!({"site": "example.org", "tasks": [
            {"url": "http://img.example.org/a.png", "type": "file"},
            {"url": "http://img.example.org/assets/", "type": "directory"}
        ]}),
    )
    .await;
    let id = purge.body["id"].as_str().unwrap_or("").to_owned();
    submit(
        &sim,
        "purge",
        site_tasks("example.com", &["http://www.example.com/x.js"], None),
    )
    .await;
    let prefetch = submit(
        &sim,
        "prefetch",
        site_tasks("example.org", &["http://img.example.org/fail/p.png"], None),
    )
    .await;

    let list = |kind: &str| {
        geo(&sim, "GET", &format!("/v2/geo/cache/{kind}")).query("site", "example.org")
    };
    // The Python SDK's empty id/marker/type are "not set".
    let all = listed(
        &list("purge")
            .query("id", "")
            .query("marker", "")
            .query("type", "")
            .send()
            .await,
    );
    assert_eq!(all.len(), 2, "only this site's records");
    for record in &all {
        assert!(record["operator"].as_str().is_some_and(|o| o.len() == 32));
        assert!(
            record.get("startedAt").is_none(),
            "GEO purges show no startedAt"
        );
        assert_eq!(record["status"], "completed");
    }
    let by_id = listed(&list("purge").query("id", &id).send().await);
    assert_eq!(by_id.len(), 2);
    for (kind, want) in [
        ("directory", "directory"),
        ("url", "file"),
        ("file", "file"),
    ] {
        let only = listed(&list("purge").query("type", kind).send().await);
        assert_eq!(only.len(), 1, "{kind}");
        assert_eq!(only[0]["task"]["type"], want);
    }
    assert_eq!(
        list("purge").query("type", "dir").send().await.bce_error(),
        (400, "InvalidArgument".into())
    );

    let prefetched = listed(
        &list("prefetch")
            .query("id", prefetch.body["id"].as_str().unwrap_or(""))
            .send()
            .await,
    );
    assert_eq!(prefetched.len(), 1);
    let record = &prefetched[0];
    assert_eq!(record["status"], "failed");
    assert_eq!(record["reason"], cachedesk_sim::FAILURE_REASON);
    assert!(
        record["id"].as_str().is_some_and(|i| i.len() == 32) && record["startedAt"].is_string()
    );

    let day = |d: i64| cachedesk_bce_auth::timestamp(Utc::now() + Duration::days(d));
    let wide = list("purge")
        .query("startTime", &day(-31))
        .query("endTime", &day(0))
        .send()
        .await;
    assert_eq!(wide.bce_error(), (400, "InvalidArgument".into()));
    let thirty = list("purge")
        .query("startTime", &day(-30))
        .query("endTime", &day(0))
        .send()
        .await;
    assert_eq!(listed(&thirty).len(), 2);
}

#[tokio::test]
async fn pages_by_marker_within_a_site() {
    let mut config: SimConfig = instant();
    config.limits.baidu_geo = config.limits.baidu_geo.with_page_size(4);
    let sim = start(config).await;
    let urls: Vec<String> = (0..9)
        .map(|i| format!("http://cdn.example.com/{i}.css"))
        .collect();
    let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
    submit(&sim, "prefetch", site_tasks("example.com", &refs, None)).await;
    let (mut sizes, mut marker) = (Vec::new(), String::new());
    loop {
        let answer = geo(&sim, "GET", "/v2/geo/cache/prefetch")
            .query("site", "example.com")
            .query("marker", &marker)
            .send()
            .await;
        sizes.push(listed(&answer).len());
        match answer.body["nextMarker"].as_str() {
            Some(next) => marker = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(sizes, [4, 4, 1]);
}

#[tokio::test]
async fn status_queries_refuse_a_url_parameter() {
    let sim = start(instant()).await;
    let submitted = submit(
        &sim,
        "purge",
        site_tasks("example.org", &["http://img.example.org/u.png"], None),
    )
    .await;
    let id = submitted.body["id"].as_str().unwrap_or("").to_owned();
    for kind in ["purge", "prefetch"] {
        let list =
            || geo(&sim, "GET", &format!("/v2/geo/cache/{kind}")).query("site", "example.org");
        for call in [
            list().query("url", "http://img.example.org/u.png"),
            list().query("url", ""),
            list().query("id", &id).query("url", ""),
            list()
                .query("url", "http://img.example.org/*")
                .query("startTime", &crate::common::stamp(Duration::hours(-1))),
        ] {
            let answer = call.send().await;
            assert_eq!(
                answer.bce_error(),
                (400, "InvalidArgument".into()),
                "{kind}"
            );
            assert!(
                answer.body["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("url"),
                "the message names the parameter: {}",
                answer.text
            );
        }
        // What the Python EoClient sends (id=, marker=, type=) is fine.
        let sdk = list()
            .query("id", "")
            .query("marker", "")
            .query("type", "")
            .content_length_on_get()
            .send()
            .await;
        assert_eq!(sdk.status, 200, "{kind}: {}", sdk.text);
    }
}
