//! The real vendor clients (`cachedesk_vendors::connect`) against the simulator: submit, query
//! by id and by range to the last page, quota, and each error code a client can meet.

use cachedesk_core::{
    Action, Credentials, Error, ErrorCode, Kind, RecordStatus, Secret, Target, UrlRecord, Vendor,
    VendorLimits,
};
use cachedesk_sim::{Faults, Quotas, Sim, SimConfig, Speed};
use cachedesk_vendors::{
    connect, Provider, ProviderConfig, SubmitRequest, TaskQuery, TaskSelector,
};
use chrono::{Duration, Utc};
use std::sync::Arc;

fn credentials(sim: &Sim, vendor: Vendor, secret: Option<&str>) -> Credentials {
    let c = &sim.config().credentials;
    match vendor {
        Vendor::Baishan => Credentials::Token(Secret::new(secret.unwrap_or(&c.token))),
        _ => Credentials::AccessKey {
            access_key_id: c.access_key.clone(),
            secret_access_key: Secret::new(secret.unwrap_or(&c.secret_key)),
        },
    }
}

fn client_with(sim: &Sim, vendor: Vendor, secret: Option<&str>, page: u32) -> Arc<dyn Provider> {
    let mut limits = VendorLimits::for_vendor(vendor);
    limits.records_per_page = page;
    connect(ProviderConfig {
        vendor,
        endpoint: Some(sim.endpoint(vendor)),
        credentials: credentials(sim, vendor, secret),
        site: (vendor == Vendor::BaiduGeo).then(|| "example.org".to_owned()),
        limits,
    })
    .expect("a client for the simulator")
}

fn client(sim: &Sim, vendor: Vendor) -> Arc<dyn Provider> {
    client_with(sim, vendor, None, 10)
}

/// `n` URLs the simulator serves for this vendor.
fn urls(vendor: Vendor, n: usize, tag: &str) -> Vec<String> {
    let host = match vendor {
        Vendor::BaiduGeo => "img.example.org",
        _ => "www.example.com",
    };
    (0..n)
        .map(|i| format!("https://{host}/{tag}/{i}.js"))
        .collect()
}

fn purge(urls: Vec<String>) -> SubmitRequest {
    SubmitRequest {
        action: Action::PurgeFiles,
        urls,
        start_at: None,
    }
}

async fn start(config: SimConfig) -> Sim {
    Sim::start(config).await.expect("the simulator starts")
}

fn instant() -> SimConfig {
    SimConfig {
        speed: Speed::Instant,
        ..SimConfig::default()
    }
}

/// Every record of a query, following the cursor to the last page.
async fn all_pages(provider: &dyn Provider, mut query: TaskQuery) -> Vec<UrlRecord> {
    let mut records = Vec::new();
    for _ in 0..100 {
        let page = provider.query(&query).await.expect("a page");
        records.extend(page.items);
        match page.next {
            Some(next) => query.cursor = Some(next),
            None => return records,
        }
    }
    panic!("more than 100 pages");
}

#[tokio::test]
async fn each_client_submits_and_queries_by_id_and_by_range_to_the_end() {
    let sim = start(instant()).await;
    for vendor in Vendor::ALL {
        let provider = client(&sim, vendor);
        provider.check().await.expect("credentials accepted");
        let mut sent = urls(vendor, 25, "range");
        sent.push(urls(vendor, 1, "fail").remove(0));
        let receipt = provider
            .submit(&purge(sent.clone()))
            .await
            .expect("accepted");
        assert!(receipt.rejected.is_empty(), "{vendor}");

        // Baishan pages a task too; Baidu answers it whole.
        let by_id = all_pages(
            provider.as_ref(),
            TaskQuery {
                kind: Kind::Purge,
                selector: TaskSelector::Id {
                    id: receipt.task_id.clone(),
                    submitted_at: None,
                },
                target: None,
                cursor: None,
            },
        )
        .await;
        let mut got: Vec<&str> = by_id.iter().map(|r| r.url.as_str()).collect();
        got.sort_unstable();
        let mut want: Vec<&str> = sent.iter().map(String::as_str).collect();
        want.sort_unstable();
        assert_eq!(got, want, "{vendor}");
        for record in &by_id {
            let failed = record.url.contains("/fail/");
            let status = if failed {
                RecordStatus::Failed
            } else {
                RecordStatus::Completed
            };
            assert_eq!(
                (record.status, record.kind, record.target),
                (status, Kind::Purge, Target::File),
                "{vendor}"
            );
        }

        let now = Utc::now();
        let ranged = all_pages(
            provider.as_ref(),
            TaskQuery {
                kind: Kind::Purge,
                selector: TaskSelector::Range {
                    start: now - Duration::hours(1),
                    end: now + Duration::minutes(1),
                    url: None,
                },
                target: None,
                cursor: None,
            },
        )
        .await;
        assert_eq!(ranged.len(), 26, "{vendor}: every record once across pages");
        assert_eq!(sim.submitted_urls(vendor), sent, "{vendor}");
    }
}

#[tokio::test]
async fn baishan_reports_rejected_urls_and_prefetch_quota() {
    let sim = start(SimConfig {
        quotas: Quotas {
            baishan_prefetch: 10,
            ..Quotas::default()
        },
        ..instant()
    })
    .await;
    let provider = client(&sim, Vendor::Baishan);
    let request = SubmitRequest {
        action: Action::Prefetch,
        urls: vec![
            "https://www.example.com/a.bin".into(),
            "https://not-mine.test/b.bin".into(),
        ],
        start_at: None,
    };
    let receipt = provider.submit(&request).await.expect("partly accepted");
    let rejected: Vec<&str> = receipt.rejected.iter().map(|r| r.url.as_str()).collect();
    assert_eq!(rejected, ["https://not-mine.test/b.bin"]);
    assert_eq!(receipt.meta.push_remaining, Some(9));
    let quota = provider
        .quota()
        .await
        .expect("quota")
        .expect("known after a prefetch");
    assert_eq!(quota.prefetch_remaining, Some(9));
}

#[tokio::test]
async fn baidu_cdn_reports_its_quota() {
    let sim = start(SimConfig {
        quotas: Quotas {
            baidu_urls: 50,
            baidu_dirs: 5,
            ..Quotas::default()
        },
        ..instant()
    })
    .await;
    let provider = client(&sim, Vendor::BaiduCdn);
    provider
        .submit(&purge(urls(Vendor::BaiduCdn, 3, "q")))
        .await
        .expect("accepted");
    let quota = provider
        .quota()
        .await
        .expect("quota")
        .expect("the CDN has a quota endpoint");
    assert_eq!((quota.url_remaining, quota.url_quota), (Some(47), Some(50)));
    assert_eq!((quota.dir_remaining, quota.dir_quota), (Some(5), Some(5)));
    assert_eq!(
        client(&sim, Vendor::BaiduGeo)
            .quota()
            .await
            .expect("no error"),
        None
    );
}

fn code_of(result: Result<impl std::fmt::Debug, Error>) -> ErrorCode {
    result.expect_err("an error").code()
}

#[tokio::test]
async fn wrong_credentials_are_auth_errors() {
    let sim = start(instant()).await;
    for vendor in Vendor::ALL {
        let provider = client_with(&sim, vendor, Some("obviously-wrong-0000"), 10);
        assert_eq!(code_of(provider.check().await), ErrorCode::Auth, "{vendor}");
        assert_eq!(
            code_of(provider.submit(&purge(urls(vendor, 1, "a"))).await),
            ErrorCode::Auth,
            "{vendor}"
        );
    }
    assert!(Vendor::ALL
        .iter()
        .all(|v| sim.submitted_urls(*v).is_empty()));
}

#[tokio::test]
async fn a_skewed_vendor_clock_is_a_clock_skew_error() {
    let sim = start(instant()).await;
    for vendor in [Vendor::BaiduCdn, Vendor::BaiduGeo] {
        sim.set_faults(
            vendor,
            Faults {
                clock_skew: Duration::minutes(45),
                ..Faults::default()
            },
        );
        let provider = client(&sim, vendor);
        assert_eq!(provider.check().await, Err(Error::ClockSkew), "{vendor}");
    }
}

#[tokio::test]
async fn throttling_is_rate_limited() {
    let sim = start(instant()).await;
    for vendor in Vendor::ALL {
        sim.set_faults(
            vendor,
            Faults {
                rate_limit_burst: Some(1),
                ..Faults::default()
            },
        );
        let provider = client(&sim, vendor);
        assert_eq!(
            code_of(provider.check().await),
            ErrorCode::RateLimited,
            "{vendor}"
        );
        provider.check().await.expect("the burst is over");
    }
    // Baishan's own limit, with the wait it announces.
    let mut config = instant();
    config.limits.baishan_short_window.requests = 2;
    let sim = start(config).await;
    let provider = client(&sim, Vendor::Baishan);
    provider.check().await.expect("first");
    provider.check().await.expect("second");
    match provider.check().await {
        Err(Error::RateLimited { retry_after_secs }) => {
            assert!(retry_after_secs.is_some_and(|s| (1..=2).contains(&s)))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn used_up_quotas_are_quota_exceeded() {
    let quotas = Quotas {
        baidu_urls: 2,
        baidu_dirs: 1,
        baishan_prefetch: 2,
    };
    let sim = start(SimConfig {
        quotas,
        ..instant()
    })
    .await;
    for vendor in [Vendor::BaiduCdn, Vendor::BaiduGeo] {
        let result = client(&sim, vendor)
            .submit(&purge(urls(vendor, 3, "q")))
            .await;
        assert_eq!(code_of(result), ErrorCode::QuotaExceeded, "{vendor}");
    }
    let prefetch = SubmitRequest {
        action: Action::Prefetch,
        urls: urls(Vendor::Baishan, 3, "q"),
        start_at: None,
    };
    assert_eq!(
        code_of(client(&sim, Vendor::Baishan).submit(&prefetch).await),
        ErrorCode::QuotaExceeded
    );
}

#[tokio::test]
async fn refusals_and_server_errors_are_vendor_errors() {
    let sim = start(instant()).await;
    for vendor in Vendor::ALL {
        let foreign = purge(vec!["https://not-mine.test/a.js".into()]);
        let provider = client(&sim, vendor);
        assert_eq!(
            code_of(provider.submit(&foreign).await),
            ErrorCode::Vendor,
            "{vendor}"
        );
        sim.set_faults(
            vendor,
            Faults {
                error_every_nth: Some((1, 503)),
                ..Faults::default()
            },
        );
        match provider.check().await {
            Err(Error::Vendor { status, .. }) => assert_eq!(status, Some(503), "{vendor}"),
            other => panic!("{vendor}: {other:?}"),
        }
        sim.set_faults(
            vendor,
            Faults {
                malformed_json_every_nth: Some(1),
                ..Faults::default()
            },
        );
        assert_eq!(
            code_of(provider.check().await),
            ErrorCode::Vendor,
            "{vendor}: garbled body"
        );
    }
}

#[tokio::test]
async fn a_dropped_answer_is_a_network_error_that_may_have_been_delivered() {
    let sim = start(instant()).await;
    for vendor in Vendor::ALL {
        sim.set_faults(
            vendor,
            Faults {
                drop_after_accept_every_nth: Some(1),
                ..Faults::default()
            },
        );
        let sent = urls(vendor, 2, "dropped");
        match client(&sim, vendor).submit(&purge(sent.clone())).await {
            Err(Error::Network {
                maybe_delivered, ..
            }) => assert!(maybe_delivered, "{vendor}"),
            other => panic!("{vendor}: {other:?}"),
        }
        assert_eq!(
            sim.submitted_urls(vendor),
            sent,
            "{vendor}: the task exists"
        );
    }
}
