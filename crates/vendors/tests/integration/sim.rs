//! The clients against the simulator (`cachedesk_sim::Sim`, over loopback), where the seeds say
//! something a client must do on the wire: a Baidu CDN id query reaching back to its task, GEO
//! without a `url` parameter, Baishan windows of at most 7 China dates, and Baishan's prefetch
//! quota before any job.

use cachedesk_core::{Action, Credentials, Kind, Secret, UrlRecord, Vendor, VendorLimits};
use cachedesk_sim::{Sim, SimConfig, Speed};
use cachedesk_vendors::history::{collect_range, HistoryRequest};
use cachedesk_vendors::{
    connect, Provider, ProviderConfig, SubmitRequest, TaskQuery, TaskSelector,
};
use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;

async fn start() -> Sim {
    Sim::start(SimConfig {
        speed: Speed::Instant,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts")
}

fn client(sim: &Sim, vendor: Vendor) -> Arc<dyn Provider> {
    let c = &sim.config().credentials;
    let credentials = match vendor {
        Vendor::Baishan => Credentials::Token(Secret::new(&c.token)),
        _ => Credentials::AccessKey {
            access_key_id: c.access_key.clone(),
            secret_access_key: Secret::new(&c.secret_key),
        },
    };
    connect(ProviderConfig {
        vendor,
        endpoint: Some(sim.endpoint(vendor)),
        credentials,
        site: (vendor == Vendor::BaiduGeo).then(|| "example.org".to_owned()),
        limits: VendorLimits::for_vendor(vendor),
    })
    .expect("a client for the simulator")
}

fn urls(host: &str, dir: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("https://{host}/{dir}/{i}.png"))
        .collect()
}

async fn submit(provider: &dyn Provider, action: Action, urls: Vec<String>) -> String {
    let receipt = provider
        .submit(&SubmitRequest {
            action,
            urls,
            start_at: None,
        })
        .await
        .expect("accepted");
    assert!(receipt.rejected.is_empty());
    receipt.task_id
}

async fn all_pages(provider: &dyn Provider, mut query: TaskQuery) -> (Vec<UrlRecord>, usize) {
    let mut records = Vec::new();
    for pages in 1..=100 {
        let page = provider.query(&query).await.expect("a page");
        records.extend(page.items);
        match page.next {
            Some(next) => query.cursor = Some(next),
            None => return (records, pages),
        }
    }
    panic!("more than 100 pages");
}

fn by_id(kind: Kind, id: &str, submitted_at: Option<DateTime<Utc>>) -> TaskQuery {
    TaskQuery {
        kind,
        selector: TaskSelector::Id {
            id: id.to_owned(),
            submitted_at,
        },
        target: None,
        cursor: None,
    }
}

#[tokio::test]
async fn cdn_id_query_finds_a_task_older_than_a_day_by_its_submit_time() {
    let sim = start().await;
    let cdn = client(&sim, Vendor::BaiduCdn);
    let sent_at = Utc::now();
    let task = submit(
        cdn.as_ref(),
        Action::PurgeFiles,
        urls("www.example.com", "old", 3),
    )
    .await;
    sim.age(std::time::Duration::from_secs(30 * 3600));
    let submitted = sent_at - Duration::hours(30);
    // The vendor's default window is the last 24 hours: the id alone finds nothing.
    let (without, _) = all_pages(cdn.as_ref(), by_id(Kind::Purge, &task, None)).await;
    assert!(without.is_empty());
    let (with, _) = all_pages(cdn.as_ref(), by_id(Kind::Purge, &task, Some(submitted))).await;
    assert_eq!(with.len(), 3);
    assert!(with
        .iter()
        .all(|r| r.task_id.as_deref() == Some(task.as_str())));
}

#[tokio::test]
async fn geo_id_query_needs_no_time_and_range_url_is_filtered_here_across_pages() {
    let sim = start().await;
    let geo = client(&sim, Vendor::BaiduGeo);
    // Oldest first: the newest 100 records (the first page) are all under js/.
    let img_task = submit(
        geo.as_ref(),
        Action::Prefetch,
        urls("img.example.org", "img", 30),
    )
    .await;
    submit(
        geo.as_ref(),
        Action::Prefetch,
        urls("img.example.org", "js", 120),
    )
    .await;
    let (by_task, _) = all_pages(
        geo.as_ref(),
        by_id(Kind::Prefetch, &img_task, Some(Utc::now())),
    )
    .await;
    assert_eq!(by_task.len(), 30);

    let now = Utc::now();
    let (found, pages) = all_pages(
        geo.as_ref(),
        TaskQuery {
            kind: Kind::Prefetch,
            selector: TaskSelector::Range {
                start: now - Duration::hours(1),
                end: now + Duration::minutes(1),
                url: Some("https://img.example.org/img/*".into()),
            },
            target: None,
            cursor: None,
        },
    )
    .await;
    assert!(
        pages >= 2,
        "the filter must not end the walk on an empty page"
    );
    let mut got: Vec<String> = found.into_iter().map(|r| r.url).collect();
    got.sort();
    let mut want = urls("img.example.org", "img", 30);
    want.sort();
    assert_eq!(got, want);
}

#[tokio::test]
async fn baishan_history_of_seven_utc_days_is_answered_without_a_refusal() {
    let sim = start().await;
    let baishan = client(&sim, Vendor::Baishan);
    submit(
        baishan.as_ref(),
        Action::PurgeFiles,
        urls("www.example.com", "h", 4),
    )
    .await;
    let end = Utc::now() + Duration::minutes(1);
    // Seven days of UTC time touch eight China dates: two windows, neither refused.
    let request = HistoryRequest {
        kind: Kind::Purge,
        target: None,
        start: end - Duration::days(7),
        end,
        url: None,
    };
    let mut seen = Vec::new();
    let count = collect_range(baishan.as_ref(), &request, |page| {
        seen.extend(page.records.into_iter().map(|r| r.url))
    })
    .await
    .expect("every window within the vendor's span");
    assert_eq!(count, 4);
    seen.sort();
    assert_eq!(seen, urls("www.example.com", "h", 4));
}

#[tokio::test]
async fn baishan_quota_is_known_before_the_first_job_and_counts_prefetches() {
    let sim = start().await;
    let baishan = client(&sim, Vendor::Baishan);
    let daily = u64::from(sim.config().quotas.baishan_prefetch);
    let before = baishan.quota().await.expect("a quota answer");
    assert_eq!(before.and_then(|q| q.prefetch_remaining), Some(daily));
    submit(
        baishan.as_ref(),
        Action::Prefetch,
        urls("dl.example.net", "q", 5),
    )
    .await;
    let after = baishan.quota().await.expect("a quota answer");
    assert_eq!(after.and_then(|q| q.prefetch_remaining), Some(daily - 5));
    // Purges do not draw on it.
    submit(
        baishan.as_ref(),
        Action::PurgeFiles,
        urls("dl.example.net", "p", 2),
    )
    .await;
    let same = baishan.quota().await.expect("a quota answer");
    assert_eq!(same.and_then(|q| q.prefetch_remaining), Some(daily - 5));
}
