//! Per-request limits, quotas, the vendor's rate, refusals of single URLs, and the calls status
//! polling takes.

use crate::common::*;
use cachedesk_core::{Action, Error, Vendor};
use cachedesk_engine::{
    InputUrl, JobFilter, JobStatus, PageRequest, RetryPolicy, UrlResult, UrlState, DATABASE_FILE,
};
use cachedesk_sim::{RequestKind, SimConfig, Speed, FAILURE_REASON};
use std::collections::HashMap;
use std::time::Duration;

#[tokio::test]
async fn twenty_thousand_urls_go_out_as_200_batches_of_at_most_100() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let rows = purge_all_completed(&h, 20_000, "big").await;
    let mut per_task: HashMap<&str, usize> = HashMap::new();
    for r in &rows {
        *per_task
            .entry(r.task_id.as_deref().expect("task id"))
            .or_default() += 1;
    }
    assert_eq!(per_task.len(), 200);
    assert!(per_task.values().all(|n| *n <= 100));
    assert_eq!(assert_sent_once(&h).len(), 20_000);
}

/// The quota is asked while the job is journaled: a refusal stops the journaling and removes
/// what was written (here after the first of three transactions).
#[tokio::test]
async fn a_large_job_over_the_quota_leaves_nothing_in_the_journal() {
    let h = start(Vendor::BaiduCdn, with_baidu_url_quota(150), fast_options()).await;
    let err = h
        .engine
        .create_job(
            &request(&h, Action::PurgeFiles, urls(30_000, "big")),
            &h.creds,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::QuotaExceeded { .. }), "{err:?}");
    let db = rusqlite::Connection::open(h.dir.path().join(DATABASE_FILE)).unwrap();
    for table in ["jobs", "job_urls", "batches", "job_counts"] {
        let rows: i64 = db
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 0, "{table} keeps rows of the refused job");
    }
    assert!(h.sim.submitted_urls(Vendor::BaiduCdn).is_empty());
}

#[tokio::test]
async fn a_job_over_the_quota_is_refused_before_anything_is_sent() {
    let h = start(Vendor::BaiduCdn, with_baidu_url_quota(150), fast_options()).await;
    let err = h
        .engine
        .create_job(&request(&h, Action::PurgeFiles, urls(200, "q")), &h.creds)
        .await
        .unwrap_err();
    match &err {
        Error::QuotaExceeded { message } => {
            assert!(
                message.contains("200") && message.contains("150"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
    let history = h
        .engine
        .jobs(&JobFilter::default(), PageRequest::default())
        .unwrap();
    assert_eq!(history.total, 0, "a refused job is not journaled");
    assert!(h.sim.submitted_urls(Vendor::BaiduCdn).is_empty());

    let first = h
        .engine
        .submit(&request(&h, Action::PurgeFiles, urls(100, "q1")), &h.creds)
        .await
        .unwrap();
    assert_eq!(first.counts.completed, 100);
    let again = h
        .engine
        .create_job(&request(&h, Action::PurgeFiles, urls(100, "q2")), &h.creds)
        .await;
    assert!(
        matches!(again, Err(Error::QuotaExceeded { .. })),
        "{again:?}"
    );
}

#[tokio::test]
async fn halving_isolates_a_url_outside_the_covered_domains() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let mut lines = urls(10, "half");
    lines[6].url = "https://not-ours.example.org/x.js".into();
    let summary = h
        .engine
        .submit(&request(&h, Action::PurgeFiles, lines), &h.creds)
        .await
        .unwrap();
    assert_eq!(summary.status, JobStatus::Finished);
    let rows = assert_each_line_once(&h.engine, summary.id, 10);
    assert_eq!(summary.counts.completed, 9);
    assert_eq!(summary.counts.failed, 1);
    let bad = rows.iter().find(|r| r.line == 7).unwrap();
    assert_eq!(bad.state, UrlState::Failed);
    assert!(
        bad.reason
            .as_deref()
            .unwrap_or_default()
            .contains("IllegalRequestUrl"),
        "{bad:?}"
    );
    assert_eq!(assert_sent_once(&h).len(), 9);
}

#[tokio::test]
async fn urls_the_vendor_fails_carry_its_reason() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let mut lines = urls(5, "vf");
    lines[2].url = "https://www.example.com/vf/fail-me.js".into();
    let summary = h
        .engine
        .submit(&request(&h, Action::Prefetch, lines), &h.creds)
        .await
        .unwrap();
    assert_eq!((summary.counts.completed, summary.counts.failed), (4, 1));
    let failed = h
        .engine
        .job_urls(summary.id, Some(UrlState::Failed), PageRequest::default())
        .unwrap();
    assert_eq!(failed.total, 1);
    assert_eq!(failed.items[0].reason.as_deref(), Some(FAILURE_REASON));
    assert_eq!(failed.items[0].raw_status.as_deref(), Some("failed"));
}

#[tokio::test]
async fn baishan_is_paced_under_its_rate_and_partial_rejections_fail_only_those_urls() {
    let mut options = fast_options();
    // Any 429 would stop the job: finishing proves the pace held.
    options.retry = RetryPolicy {
        max_retries: 0,
        ..options.retry
    };
    let mut h = start(Vendor::Baishan, instant(), options).await;
    let mut draft = draft("main", Vendor::Baishan, &h.sim.endpoint(Vendor::Baishan));
    draft.batch_size = Some(5);
    h.profile = h.engine.update_profile(h.profile.id, &draft).unwrap();
    let mut lines: Vec<InputUrl> = urls(150, "bs");
    lines[42].url = "https://not-ours.example.org/bs.js".into();
    let summary = h
        .engine
        .submit(&request(&h, Action::Prefetch, lines), &h.creds)
        .await
        .unwrap();
    assert_eq!(summary.status, JobStatus::Finished);
    assert_eq!((summary.counts.completed, summary.counts.failed), (149, 1));
    // 30 submits, then status queries, all under the simulator's 24 per 2 s.
    let asked = h.sim.requests(Vendor::Baishan);
    assert_eq!(asked.of(RequestKind::Submit), 30);
    assert_eq!(asked.with_status(429), 0);
    let failed = h
        .engine
        .job_urls(summary.id, Some(UrlState::Failed), PageRequest::default())
        .unwrap();
    assert_eq!(failed.items[0].line, 43);
    assert!(failed.items[0].reason.is_some());
    assert_eq!(assert_sent_once(&h).len(), 149);
}

#[tokio::test]
async fn baishan_takes_twenty_thousand_urls_in_40_requests_and_never_answers_429() {
    let h = start(Vendor::Baishan, instant(), fast_options()).await;
    purge_all_completed(&h, 20_000, "rate").await;
    let asked = h.sim.requests(Vendor::Baishan);
    assert_eq!(asked.of(RequestKind::Submit), 40);
    assert_eq!(asked.with_status(429), 0, "{asked:?}");
    // Baishan lists by whole days: one query per task, each task one page of 500.
    assert_eq!(asked.of(RequestKind::Listing), 40, "{asked:?}");
}

/// A 3,000-URL prefetch done at `speed` in the documents' shapes (`in-process`, `finshedAt`, `task` as a list,
/// capitalised final words), every 100th URL one the simulator fails.
async fn prefetch_3000_in_quirks_mode(
    vendor: Vendor,
    speed: Speed,
) -> (Harness, cachedesk_engine::JobSummary) {
    let config = SimConfig {
        quirks: true,
        speed,
        ..SimConfig::default()
    };
    let h = start(vendor, config, fast_options()).await;
    let mut lines = urls(3_000, "poll");
    for line in lines.iter_mut().step_by(100) {
        line.url = line.url.replace("file-", "fail-");
    }
    let summary = h
        .engine
        .submit(&request(&h, Action::Prefetch, lines), &h.creds)
        .await
        .unwrap();
    assert_eq!(summary.status, JobStatus::Finished);
    assert_eq!(
        (summary.counts.completed, summary.counts.failed),
        (2_970, 30)
    );
    let rows = assert_each_line_once(&h.engine, summary.id, 3_000);
    for r in &rows {
        let fails = r.line % 100 == 1;
        let state = if fails {
            UrlState::Failed
        } else {
            UrlState::Completed
        };
        assert_eq!(r.state, state, "{r:?}");
        if fails {
            assert_eq!(r.reason.as_deref(), Some(FAILURE_REASON), "{r:?}");
        }
    }
    (h, summary)
}

#[tokio::test]
async fn baidu_cdn_prefetch_is_polled_by_one_listing_of_1000_record_pages() {
    let (h, _) = prefetch_3000_in_quirks_mode(Vendor::BaiduCdn, Speed::Instant).await;
    let asked = h.sim.requests(Vendor::BaiduCdn);
    assert_eq!(asked.of(RequestKind::Submit), 30);
    // One round (every URL is final at once): 3 pages of 1,000, not 30 task queries.
    assert_eq!(asked.of(RequestKind::Listing), 3, "{asked:?}");
}

#[tokio::test]
async fn baidu_geo_prefetch_is_polled_by_task_since_a_task_answers_1000_records_at_once() {
    let (h, _) = prefetch_3000_in_quirks_mode(Vendor::BaiduGeo, Speed::Instant).await;
    let asked = h.sim.requests(Vendor::BaiduGeo);
    assert_eq!(asked.of(RequestKind::Submit), 3);
    // Three task queries, not 30 listing pages of 100.
    assert_eq!(asked.of(RequestKind::Listing), 3, "{asked:?}");
}

#[tokio::test]
async fn a_url_that_never_finishes_fails_after_the_give_up_time() {
    let mut options = fast_options();
    options.poll.give_up_after = Duration::from_millis(300);
    let config = SimConfig {
        speed: Speed::Slow,
        ..SimConfig::default()
    };
    let h = start(Vendor::BaiduCdn, config, options).await;
    let summary = h
        .engine
        .submit(&request(&h, Action::PurgeFiles, urls(3, "slow")), &h.creds)
        .await
        .unwrap();
    assert_eq!(
        (summary.status, summary.counts.failed),
        (JobStatus::Finished, 3)
    );
    let rows = assert_each_line_once(&h.engine, summary.id, 3);
    assert!(
        rows.iter().all(|r| r.reason.as_deref()
            == Some("no final status from the vendor within 300 ms of sending")
            && r.raw_status.as_deref() == Some("in-progress")),
        "{rows:?}"
    );
}

#[tokio::test]
async fn a_prefetch_polled_by_listing_over_several_rounds_ends_with_every_url_in_its_state() {
    // Waiting, then running, then final about a second after each submit: several rounds see
    // each URL move before the listing shows it final.
    prefetch_3000_in_quirks_mode(Vendor::BaiduCdn, Speed::Custom(Duration::from_secs(1))).await;
}

/// Purges `count` URLs through the engine, checks that every one completed with one row per
/// line, and returns the rows.
async fn purge_all_completed(h: &Harness, count: usize, tag: &str) -> Vec<UrlResult> {
    let summary = h
        .engine
        .submit(&request(h, Action::PurgeFiles, urls(count, tag)), &h.creds)
        .await
        .unwrap();
    assert_eq!(summary.status, JobStatus::Finished);
    assert_eq!(summary.counts.completed as usize, count);
    assert_each_line_once(&h.engine, summary.id, count)
}
