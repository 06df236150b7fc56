//! Quirks mode: the shapes the vendors' documents show instead of what their SDKs expect.

use crate::common::{baishan, cdn, geo, start, tasks};
use cachedesk_core::Vendor;
use cachedesk_sim::{Faults, Sim, SimConfig, Speed};
use chrono::{Duration, Utc};
use serde_json::{json, Value};

fn quirky() -> SimConfig {
    SimConfig {
        speed: Speed::Custom(std::time::Duration::from_secs(60)),
        quirks: true,
        ..SimConfig::default()
    }
}

/// Moves the server clock `ahead` seconds for `vendor`.
fn skew(sim: &Sim, vendor: Vendor, ahead: i64) {
    sim.set_faults(
        vendor,
        Faults {
            clock_skew: Duration::seconds(ahead),
            ..Faults::default()
        },
    );
}

async fn cdn_by_id(sim: &Sim, kind: &str, id: &str, ahead: i64) -> Vec<Value> {
    skew(sim, Vendor::BaiduCdn, ahead);
    let answer = cdn(sim, "GET", &format!("/v2/cache/{kind}"))
        .query("id", id)
        .at(Utc::now() + Duration::seconds(ahead))
        .send()
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["details"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn statuses(records: &[Value]) -> Vec<&str> {
    records
        .iter()
        .map(|r| r["status"].as_str().unwrap_or(""))
        .collect()
}

#[tokio::test]
async fn cdn_records_as_the_documents_show_them() {
    let sim = start(quirky()).await;
    let sent: Vec<String> = vec![
        "http://www.example.com/q.js".into(),
        "http://www.example.com/fail/q.js".into(),
    ];
    let purge = cdn(&sim, "POST", "/v2/cache/purge")
        .json(tasks(&sent))
        .send()
        .await;
    let purge_id = purge.body["id"].as_str().unwrap_or("").to_owned();
    let running = cdn_by_id(&sim, "purge", &purge_id, 5).await;
    assert_eq!(statuses(&running), ["in-process", "in-process"]);
    // One record's task is an object, the next one's a one-element list.
    assert_eq!(running[0]["task"], json!({"url": sent[0], "type": "file"}));
    assert_eq!(
        running[1]["task"],
        json!([{"url": sent[1], "type": "file"}])
    );
    let done = cdn_by_id(&sim, "purge", &purge_id, 61).await;
    assert_eq!(statuses(&done), ["Completed", "Failed"]);
    assert!(
        done.iter().all(|r| r["finishedAt"].is_string()),
        "purges say finishedAt"
    );

    skew(&sim, Vendor::BaiduCdn, 0);
    let prefetch = cdn(&sim, "POST", "/v2/cache/prefetch")
        .json(tasks(&sent))
        .send()
        .await;
    let prefetch_id = prefetch.body["id"].as_str().unwrap_or("").to_owned();
    assert_eq!(
        statuses(&cdn_by_id(&sim, "prefetch", &prefetch_id, 1).await),
        ["waiting", "waiting"]
    );
    assert_eq!(
        statuses(&cdn_by_id(&sim, "prefetch", &prefetch_id, 30).await),
        ["in-process", "in-process"]
    );
    let done = cdn_by_id(&sim, "prefetch", &prefetch_id, 61).await;
    assert_eq!(statuses(&done), ["Completed", "Failed"]);
    for record in &done {
        assert!(record["finshedAt"].is_string() && record.get("finishedAt").is_none());
    }
    assert_eq!(done[1]["reason"], cachedesk_sim::FAILURE_REASON);
}

#[tokio::test]
async fn geo_capitalises_final_statuses_and_lists_some_tasks() {
    let sim = start(quirky()).await;
    let body = json!({"site": "example.org", "tasks": [
        {"url": "http://example.org/a.png"}, {"url": "http://example.org/fail/b.png"}
    ]});
    let id = geo(&sim, "POST", "/v2/geo/cache/purge")
        .json(body)
        .send()
        .await
        .body["id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let by_id = |ahead: i64| {
        skew(&sim, Vendor::BaiduGeo, ahead);
        geo(&sim, "GET", "/v2/geo/cache/purge")
            .query("site", "example.org")
            .query("id", &id)
            .at(Utc::now() + Duration::seconds(ahead))
    };
    let running = by_id(5).send().await.body["details"].clone();
    let running = running.as_array().cloned().unwrap_or_default();
    assert_eq!(statuses(&running), ["in-progress", "in-progress"]);
    assert!(running[0]["task"].is_object() && running[1]["task"].is_array());
    let done = by_id(61).send().await.body["details"].clone();
    let done = done.as_array().cloned().unwrap_or_default();
    assert_eq!(statuses(&done), ["Completed", "Failed"]);
    assert!(done[0]["finishedAt"].is_string());
}

#[tokio::test]
async fn baishan_page_numbers_are_strings() {
    let sim = start(quirky()).await;
    for path in ["/v2/cache/refresh", "/v2/cache/prefetch"] {
        let answer = baishan(&sim, "GET", path, &[("page_number", "1")], None).await;
        assert_eq!(answer.body["data"]["page_number"], json!("1"), "{path}");
    }
}

#[tokio::test]
async fn default_mode_speaks_as_the_sdks_expect() {
    let sim = start(SimConfig {
        quirks: false,
        ..quirky()
    })
    .await;
    let id = cdn(&sim, "POST", "/v2/cache/prefetch")
        .json(tasks(&[
            "http://www.example.com/a".into(),
            "http://www.example.com/b".into(),
        ]))
        .send()
        .await
        .body["id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let running = cdn_by_id(&sim, "prefetch", &id, 30).await;
    assert_eq!(statuses(&running), ["in-progress", "in-progress"]);
    assert!(running.iter().all(|r| r["task"].is_object()));
    let done = cdn_by_id(&sim, "prefetch", &id, 61).await;
    assert_eq!(statuses(&done), ["completed", "completed"]);
    assert!(done
        .iter()
        .all(|r| r["finishedAt"].is_string() && r.get("finshedAt").is_none()));
    let prefetches = baishan(&sim, "GET", "/v2/cache/prefetch", &[], None).await;
    assert_eq!(prefetches.body["data"]["page_number"], json!(1));
}
