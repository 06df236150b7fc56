//! Listings that lag behind submits, and listings that write URLs another way.

use crate::common::{baishan, cdn, geo, instant, listed_urls, start};
use cachedesk_core::Vendor;
use cachedesk_sim::{Faults, SimConfig};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn new_records_reach_range_listings_late_and_id_queries_at_once() {
    let sim = start(instant()).await;
    for vendor in Vendor::ALL {
        sim.set_faults(
            vendor,
            Faults {
                listing_delay: Duration::from_secs(60),
                ..Faults::default()
            },
        );
    }
    let url = "http://www.example.com/late.js";
    let id = cdn(&sim, "POST", "/v2/cache/purge")
        .json(json!({"tasks": [{"url": url}]}))
        .send()
        .await
        .body["id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let range = || cdn(&sim, "GET", "/v2/cache/purge");
    assert!(listed_urls(&range().send().await).is_empty(), "not yet");
    assert!(listed_urls(&range().query("url", url).send().await).is_empty());
    assert_eq!(
        listed_urls(
            &cdn(&sim, "GET", "/v2/cache/purge")
                .query("id", &id)
                .send()
                .await
        ),
        [url]
    );

    let geo_id = geo(&sim, "POST", "/v2/geo/cache/prefetch")
        .json(json!({"site": "example.org", "tasks": [{"url": "http://example.org/late.png"}]}))
        .send()
        .await
        .body["id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let geo_list = || geo(&sim, "GET", "/v2/geo/cache/prefetch").query("site", "example.org");
    assert!(listed_urls(&geo_list().send().await).is_empty());
    assert_eq!(
        listed_urls(&geo_list().query("id", &geo_id).send().await).len(),
        1
    );

    let task = baishan(
        &sim,
        "POST",
        "/v2/cache/refresh",
        &[],
        Some(json!({"urls": [url]})),
    )
    .await;
    let task_id = task.body["data"]["task_id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let listed = |query: Vec<(&'static str, String)>| {
        let sim = &sim;
        async move {
            let refs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
            baishan(sim, "GET", "/v2/cache/refresh", &refs, None)
                .await
                .body["data"]["total"]
                .clone()
        }
    };
    assert_eq!(listed(vec![]).await, 0);
    assert_eq!(listed(vec![("task_id", task_id.clone())]).await, 1);

    // A minute later every listing has them.
    sim.age(Duration::from_secs(61));
    assert_eq!(listed_urls(&range().send().await), [url]);
    assert_eq!(listed_urls(&geo_list().send().await).len(), 1);
    assert_eq!(listed(vec![]).await, 1);
}

#[tokio::test]
async fn alternate_url_forms_show_the_same_url_written_differently() {
    let sim = start(SimConfig {
        domains: vec!["中国.example.com".into(), "www.example.com".into()],
        ..instant()
    })
    .await;
    for vendor in Vendor::ALL {
        sim.set_faults(
            vendor,
            Faults {
                alternate_url_forms: true,
                ..Faults::default()
            },
        );
    }
    let sent = [
        "http://xn--fiqs8s.example.com/%E4%B8%AD.png",
        "http://中国.example.com/a%2Fb.js",
        "http://www.example.com/plain.js",
    ];
    let shown = [
        "http://中国.example.com/%e4%b8%ad.png",
        "http://xn--fiqs8s.example.com/a%2fb.js",
        "http://www.example.com/plain.js",
    ];
    let tasks: Vec<_> = sent.iter().map(|u| json!({ "url": u })).collect();
    let answer = cdn(&sim, "POST", "/v2/cache/purge")
        .json(json!({ "tasks": tasks }))
        .send()
        .await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    let id = answer.body["id"].as_str().unwrap_or("").to_owned();
    let by_id = cdn(&sim, "GET", "/v2/cache/purge")
        .query("id", &id)
        .send()
        .await;
    assert_eq!(listed_urls(&by_id), shown);
    let mut ranged = listed_urls(&cdn(&sim, "GET", "/v2/cache/purge").send().await);
    ranged.reverse();
    assert_eq!(ranged, shown);
    assert_eq!(sim.submitted_urls(Vendor::BaiduCdn), sent, "kept as sent");

    let geo_answer = geo(&sim, "POST", "/v2/geo/cache/prefetch")
        .json(json!({"site": "example.com", "tasks": [{"url": sent[0]}]}))
        .send()
        .await;
    assert_eq!(geo_answer.status, 201, "{}", geo_answer.text);
    let listed = geo(&sim, "GET", "/v2/geo/cache/prefetch")
        .query("site", "example.com")
        .send()
        .await;
    assert_eq!(listed_urls(&listed), [shown[0]]);

    let answer = baishan(
        &sim,
        "POST",
        "/v2/cache/prefetch",
        &[],
        Some(json!({ "urls": sent })),
    )
    .await;
    assert_eq!(answer.body["data"]["count"], 3, "{}", answer.text);
    let mut listed = listed_urls(&baishan(&sim, "GET", "/v2/cache/prefetch", &[], None).await);
    listed.reverse();
    assert_eq!(listed, shown);

    // Off again: as sent.
    sim.set_faults(Vendor::BaiduCdn, Faults::default());
    let by_id = cdn(&sim, "GET", "/v2/cache/purge")
        .query("id", &id)
        .send()
        .await;
    assert_eq!(listed_urls(&by_id), sent);
}
