//! "Done" means done: the engine never takes a URL for delivered when the vendor may not hold
//! it, never resends one the vendor holds, and stops at once, with the reason and its URLs
//! waiting, when the vendor refuses the account rather than some URLs. Each test runs the real
//! vendor clients against the simulator with one of its harsh behaviours.

use crate::common::{
    assert_each_line_once, assert_sent_once, draft, fast_options, hour_long_tasks, instant,
    move_sends_back, request, send_then_stop, start, urls, Harness,
};
use async_trait::async_trait;
use cachedesk_core::{Action, ErrorCode, Page, Quota, Result, UrlRecord, Vendor, VendorLimits};
use cachedesk_engine::{
    BatchState, EngineOptions, JobStatus, ProfileDraft, ReconcilePolicy, UrlState,
};
use cachedesk_sim::{Faults, Refusal, SimConfig, Speed};
use cachedesk_vendors::{Provider, SubmitReceipt, SubmitRequest, TaskQuery};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The real client, counting the submit requests it makes; with `refuse_bad`, a request
/// holding URLs with `bad` in them is refused the way Baishan refuses URLs by name
/// (`err_urls`), before it reaches the vendor.
struct Counting {
    inner: Arc<dyn Provider>,
    submits: Arc<AtomicUsize>,
    refuse_bad: bool,
}

#[async_trait]
impl Provider for Counting {
    fn vendor(&self) -> Vendor {
        self.inner.vendor()
    }
    fn limits(&self) -> VendorLimits {
        self.inner.limits()
    }
    async fn submit(&self, request: &SubmitRequest) -> Result<SubmitReceipt> {
        self.submits.fetch_add(1, Ordering::SeqCst);
        let bad: Vec<String> = request
            .urls
            .iter()
            .filter(|u| self.refuse_bad && u.contains("bad"))
            .cloned()
            .collect();
        if bad.is_empty() {
            return self.inner.submit(request).await;
        }
        Err(cachedesk_core::Error::UrlsRefused {
            code: "400".into(),
            message: "domain not on the account".into(),
            urls: bad,
        })
    }
    async fn query(&self, query: &TaskQuery) -> Result<Page<UrlRecord>> {
        self.inner.query(query).await
    }
    async fn quota(&self) -> Result<Option<Quota>> {
        self.inner.quota().await
    }
    async fn check(&self) -> Result<()> {
        self.inner.check().await
    }
}

fn counting(options: EngineOptions) -> (EngineOptions, Arc<AtomicUsize>) {
    counting_with(options, false)
}

fn counting_with(options: EngineOptions, refuse_bad: bool) -> (EngineOptions, Arc<AtomicUsize>) {
    let submits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&submits);
    let options = EngineOptions {
        connector: Arc::new(move |config| {
            let inner = cachedesk_vendors::connect(config)?;
            Ok(Arc::new(Counting {
                inner,
                submits: Arc::clone(&counter),
                refuse_bad,
            }) as Arc<dyn Provider>)
        }),
        ..options
    };
    (options, submits)
}

fn with_faults(faults: Faults) -> SimConfig {
    SimConfig {
        faults,
        ..instant()
    }
}

/// Every line of the job, with its state.
fn states(h: &Harness, job: cachedesk_engine::JobId, lines: usize) -> Vec<UrlState> {
    assert_each_line_once(&h.engine, job, lines)
        .into_iter()
        .map(|r| r.state)
        .collect()
}

/// Submits `n` URLs and runs the job to its end, or to its stop.
async fn purge(h: &Harness, n: usize, tag: &str) -> (cachedesk_engine::JobId, Result<()>) {
    let job = h
        .engine
        .create_job(&request(h, Action::PurgeFiles, urls(n, tag)), &h.creds)
        .await
        .expect("job created");
    let outcome = h.engine.run_job(job, &h.creds).await.map(|_| ());
    (job, outcome)
}

/// An account-wide refusal on every submit: one request, the job stopped with the reason,
/// every URL still waiting to be sent (a resume sends them once the account is fixed).
async fn account_wide(vendor: Vendor, refusal: Refusal, code: ErrorCode) {
    let (options, submits) = counting(fast_options());
    let h = start(
        vendor,
        with_faults(Faults {
            refuse_submits: Some(refusal),
            ..Faults::default()
        }),
        options,
    )
    .await;
    let (job, outcome) = purge(&h, 1000, "refused").await;
    assert_eq!(outcome.unwrap_err().code(), code);
    assert_eq!(
        submits.load(Ordering::SeqCst),
        1,
        "one request, not one per slot"
    );
    let summary = h.engine.job(job).unwrap();
    assert_eq!(summary.status, JobStatus::Stopped);
    assert_eq!(summary.error.as_ref().map(|e| e.code), Some(code));
    assert!(
        states(&h, job, 1000)
            .iter()
            .all(|s| *s == UrlState::Pending),
        "nothing failed for good"
    );
    assert!(h.sim.submitted_urls(vendor).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_wide_403_on_every_submit_costs_one_request_and_stops_the_job() {
    account_wide(
        Vendor::BaiduCdn,
        Refusal::bce(403, "AccessDenied", "no permission"),
        ErrorCode::Auth,
    )
    .await;
}

/// A stop while batches wait for their send slot: each was journaled as sending before its
/// turn (the durable step is then off the request's path) and none of them left, so each is
/// pending again, with its URLs; a resume sends every URL once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_puts_the_batches_waiting_for_a_send_slot_back_to_pending() {
    let slow = Faults {
        latency: Duration::from_millis(200),
        ..Faults::default()
    };
    let (options, submits) = counting(fast_options());
    let h = start(Vendor::BaiduCdn, with_faults(slow.clone()), options).await;
    let one_at_a_time = ProfileDraft {
        concurrency: Some(1),
        ..draft("main", Vendor::BaiduCdn, &h.sim.endpoint(Vendor::BaiduCdn))
    };
    h.engine
        .update_profile(h.profile.id, &one_at_a_time)
        .unwrap();
    let job = h
        .engine
        .create_job(
            &request(&h, Action::PurgeFiles, urls(600, "slot")),
            &h.creds,
        )
        .await
        .unwrap();
    // The first batch goes alone; once the vendor holds it, the account is refused.
    let refuse_after_the_first = async {
        while h.engine.job(job).unwrap().counts.accepted == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let refused = Faults {
            refuse_submits: Some(Refusal::bce(403, "AccessDenied", "no permission")),
            ..slow.clone()
        };
        h.sim.set_faults(Vendor::BaiduCdn, refused);
    };
    let (outcome, ()) = tokio::join!(h.engine.run_job(job, &h.creds), refuse_after_the_first);
    assert_eq!(outcome.unwrap_err().code(), ErrorCode::Auth);
    let stopped = h.engine.job(job).unwrap();
    let (c, batches) = (stopped.counts, h.engine.job_batches(job).unwrap());
    assert_eq!((c.sending, c.uncertain, c.failed), (0, 0, 0), "{c:?}");
    assert_eq!(c.pending + c.accepted + c.completed, 600, "{c:?}");
    assert!(
        c.pending >= 300,
        "more than the refused batch waited: {c:?}"
    );
    assert_eq!(
        submits.load(Ordering::SeqCst) as u64,
        (c.accepted + c.completed) / 100 + 1,
        "one refused request: the batch waiting for the slot is not sent"
    );
    assert!(
        batches
            .iter()
            .all(|b| matches!(b.state, BatchState::Pending | BatchState::Accepted)),
        "{batches:?}"
    );

    h.sim.set_faults(Vendor::BaiduCdn, Faults::default());
    let done = h.engine.run_job(job, &h.creds).await.unwrap();
    assert_eq!(done.counts.completed, 600, "{:?}", done.counts);
    assert_eq!(assert_sent_once(&h).len(), 600);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_4xx_that_names_no_url_stops_the_job_instead_of_failing_every_url() {
    account_wide(
        Vendor::BaiduGeo,
        Refusal::bce(400, "InvalidArgument", "the request is not valid"),
        ErrorCode::Vendor,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overdue_account_stops_the_job() {
    account_wide(
        Vendor::BaiduCdn,
        Refusal::bce(400, "AccountOverdue", "the account is in arrears"),
        ErrorCode::Account,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn baishan_http_200_with_code_400_is_not_resent() {
    account_wide(
        Vendor::Baishan,
        Refusal::baishan(200, 400, "参数错误"),
        ErrorCode::Vendor,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_of_every_url_alike_stops_after_one_split() {
    // A code about URLs for every request: both halves refused alike, so not some URLs.
    let (options, submits) = counting(fast_options());
    let h = start(
        Vendor::BaiduCdn,
        with_faults(Faults {
            refuse_submits: Some(Refusal::bce(400, "IllegalRequestUrl", "url not allowed")),
            ..Faults::default()
        }),
        options,
    )
    .await;
    let (job, outcome) = purge(&h, 100, "alike").await;
    assert!(outcome.is_err());
    assert_eq!(
        submits.load(Ordering::SeqCst),
        3,
        "the batch and its two halves"
    );
    assert!(states(&h, job, 100).iter().all(|s| *s == UrlState::Pending));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_503_after_the_vendor_handled_the_submit_is_reconciled_not_resent() {
    let h = start(
        Vendor::BaiduCdn,
        with_faults(Faults {
            error_after_handling: Some((1, 503)),
            ..Faults::default()
        }),
        fast_options(),
    )
    .await;
    let (job, outcome) = purge(&h, 150, "proxy").await;
    outcome.unwrap();
    assert_eq!(assert_sent_once(&h).len(), 150);
    assert!(states(&h, job, 150)
        .iter()
        .all(|s| *s == UrlState::Completed));
}

/// The vendor took every submit but its answer never came back; it lists tasks under `faults`.
async fn dropped_answers_are_found(vendor: Vendor, faults: Faults) {
    let options = EngineOptions {
        reconcile: ReconcilePolicy {
            listing_lag: ReconcilePolicy::default().listing_lag,
            ..fast_options().reconcile
        },
        ..fast_options()
    };
    let h = start(
        vendor,
        with_faults(Faults {
            drop_after_accept_every_nth: Some(1),
            ..faults
        }),
        options,
    )
    .await;
    let (job, outcome) = purge(&h, 150, "dropped").await;
    outcome.unwrap();
    assert_eq!(assert_sent_once(&h).len(), 150, "each URL sent once");
    assert!(states(&h, job, 150)
        .iter()
        .all(|s| *s == UrlState::Completed));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clock_skew_of_ten_minutes_and_a_dropped_answer_sends_once() {
    let skew = Faults {
        clock_skew: chrono::Duration::minutes(10),
        ..Faults::default()
    };
    dropped_answers_are_found(Vendor::BaiduCdn, skew.clone()).await;
    // GEO reports no quota: the first answer that tells its clock is the listing's own.
    dropped_answers_are_found(Vendor::BaiduGeo, skew).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listing_delay_of_five_seconds_and_a_dropped_answer_sends_once() {
    dropped_answers_are_found(
        Vendor::BaiduCdn,
        Faults {
            listing_delay: Duration::from_secs(5),
            ..Faults::default()
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_jobs_record_of_the_same_url_is_never_taken_for_ours() {
    let options = EngineOptions {
        reconcile: ReconcilePolicy {
            max_sends: 2,
            ..fast_options().reconcile
        },
        ..fast_options()
    };
    let h = start(Vendor::BaiduCdn, instant(), options).await;
    let (first, outcome) = purge(&h, 1, "shared").await;
    outcome.unwrap();
    // That purge was 10 s ago; now every submit is lost before the vendor takes it.
    h.sim.age(Duration::from_secs(10));
    h.sim.set_faults(
        Vendor::BaiduCdn,
        Faults {
            refuse_submits: Some(Refusal::bce(500, "InternalError", "lost")),
            ..Faults::default()
        },
    );
    let (ours, outcome) = purge(&h, 1, "shared").await;
    assert!(outcome.is_err(), "no clear answer: the job stops");
    let line = &assert_each_line_once(&h.engine, ours, 1)[0];
    assert_ne!(line.state, UrlState::Accepted, "{line:?}");
    assert_ne!(line.state, UrlState::Completed, "{line:?}");
    // Once the vendor answers again, ours is sent, under its own task.
    h.sim.set_faults(Vendor::BaiduCdn, Faults::default());
    h.engine.run_job(ours, &h.creds).await.unwrap();
    assert_eq!(h.sim.submitted_urls(Vendor::BaiduCdn).len(), 2);
    let mine = &assert_each_line_once(&h.engine, ours, 1)[0];
    let theirs = &assert_each_line_once(&h.engine, first, 1)[0];
    assert_eq!(mine.state, UrlState::Completed);
    assert_ne!(mine.task_id, theirs.task_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn urls_listed_in_another_form_still_match() {
    let h = start(
        Vendor::BaiduCdn,
        with_faults(Faults {
            alternate_url_forms: true,
            drop_after_accept_every_nth: Some(2),
            ..Faults::default()
        }),
        fast_options(),
    )
    .await;
    let mut lines = urls(4, "forms");
    for (i, line) in lines.iter_mut().enumerate() {
        line.url = format!("https://www.example.com/%E5%9B%BE%E7%89%87/{i}%20%E4%B8%AD.png");
    }
    let job = h
        .engine
        .create_job(&request(&h, Action::PurgeFiles, lines), &h.creds)
        .await
        .unwrap();
    let run = h.engine.run_job(job, &h.creds);
    tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .expect("the job ends: each URL matched to its record")
        .unwrap();
    assert_sent_once(&h);
    assert!(states(&h, job, 4).iter().all(|s| *s == UrlState::Completed));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn baishan_throttling_on_a_403_is_waited_out_not_taken_for_bad_keys() {
    let (options, submits) = counting(fast_options());
    let h = start(
        Vendor::Baishan,
        with_faults(Faults {
            rate_limit_burst: Some(2),
            throttle_status: Some(403),
            ..Faults::default()
        }),
        options,
    )
    .await;
    let (job, outcome) = purge(&h, 20, "throttled").await;
    outcome.unwrap();
    let rows = assert_each_line_once(&h.engine, job, 20);
    assert!(rows.iter().all(|r| r.state == UrlState::Completed));
    assert!(
        rows.iter().all(|r| r.task_id == rows[0].task_id),
        "one batch, waited for and sent whole, not split as if its URLs were refused"
    );
    assert_eq!(
        submits.load(Ordering::SeqCst),
        3,
        "two throttled tries, then the send"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_vendor_in_quirks_mode() {
    for vendor in Vendor::ALL {
        let config = SimConfig {
            quirks: true,
            speed: Speed::Custom(Duration::from_millis(300)),
            ..SimConfig::default()
        };
        let h = start(vendor, config, fast_options()).await;
        for action in [Action::PurgeFiles, Action::Prefetch] {
            let job = h
                .engine
                .create_job(&request(&h, action, urls(120, "quirks")), &h.creds)
                .await
                .unwrap();
            h.engine.run_job(job, &h.creds).await.unwrap();
            assert!(
                states(&h, job, 120)
                    .iter()
                    .all(|s| *s == UrlState::Completed),
                "{vendor:?} {action:?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_baidu_cdn_job_polled_25_hours_after_its_send_completes() {
    let h = start(Vendor::BaiduCdn, hour_long_tasks(), fast_options()).await;
    let job = h
        .engine
        .create_job(&request(&h, Action::PurgeFiles, urls(3, "later")), &h.creds)
        .await
        .unwrap();
    send_then_stop(&h, job, 3).await;
    let day_and_more = Duration::from_secs(25 * 3600);
    h.sim.age(day_and_more);
    move_sends_back(&h, day_and_more);
    let summary = h.engine.sync_job(job, &h.creds).await.unwrap();
    assert_eq!(summary.counts.completed, 3, "{summary:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn baishan_prefetch_quota_is_checked_before_the_first_job() {
    let mut config = instant();
    config.quotas.baishan_prefetch = 5;
    let h = start(Vendor::Baishan, config, fast_options()).await;
    let refused = h
        .engine
        .create_job(&request(&h, Action::Prefetch, urls(10, "quota")), &h.creds)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::QuotaExceeded, "{refused}");
    assert!(h.sim.submitted_urls(Vendor::Baishan).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_older_than_the_vendors_records_ends_uncertain_and_can_be_sent_again() {
    // Baishan keeps task records one month: a batch cut off 31 days ago cannot be checked.
    let h = start(
        Vendor::Baishan,
        with_faults(Faults {
            hold_answer: Some(Duration::from_secs(60)),
            ..Faults::default()
        }),
        fast_options(),
    )
    .await;
    let job = h
        .engine
        .create_job(&request(&h, Action::PurgeFiles, urls(4, "old")), &h.creds)
        .await
        .unwrap();
    let _ = tokio::time::timeout(Duration::from_secs(1), h.engine.run_job(job, &h.creds)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    h.sim.set_faults(Vendor::Baishan, Faults::default());
    let month = Duration::from_secs(31 * 24 * 3600);
    h.sim.age(month);
    move_sends_back(&h, month);

    let summary = h.engine.run_job(job, &h.creds).await.unwrap();
    assert_eq!(summary.status, JobStatus::Finished, "never stuck");
    let lines = assert_each_line_once(&h.engine, job, 4);
    for line in &lines {
        assert_eq!(line.state, UrlState::Uncertain);
        assert!(
            line.reason
                .as_deref()
                .unwrap_or_default()
                .contains("30 days"),
            "{line:?}"
        );
    }
    let again = h.engine.retry_failed(job, &h.creds, true).await.unwrap();
    let retried = h.engine.run_job(again, &h.creds).await.unwrap();
    assert_eq!(retried.counts.completed, 4);
    assert!(
        h.engine.retry_failed(job, &h.creds, false).await.is_err(),
        "none failed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_walk_of_the_vendors_history_waits_out_throttling_like_a_job() {
    let h = start(Vendor::Baishan, instant(), fast_options()).await;
    let (_, outcome) = purge(&h, 30, "walk").await;
    outcome.unwrap();
    h.sim.set_faults(
        Vendor::Baishan,
        Faults {
            rate_limit_burst: Some(2),
            ..Faults::default()
        },
    );
    let now = chrono::Utc::now();
    let range = cachedesk_engine::HistoryRequest {
        kind: cachedesk_core::Kind::Purge,
        target: None,
        start: now - chrono::Duration::hours(1),
        end: now + chrono::Duration::minutes(1),
        url: None,
    };
    let page = h
        .engine
        .remote_history(h.profile.id, &h.creds, &range, None)
        .await
        .expect("two 429s are waited out, not the end of the walk");
    assert_eq!(page.records.len(), 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn urls_the_vendor_names_fail_and_the_rest_is_sent_in_one_more_request() {
    let (options, submits) = counting_with(fast_options(), true);
    let h = start(Vendor::Baishan, instant(), options).await;
    let mut lines = urls(10, "named");
    lines[3].url = "https://www.example.com/named/bad-1.js".into();
    lines[8].url = "https://www.example.com/named/bad-2.js".into();
    let job = h
        .engine
        .create_job(&request(&h, Action::PurgeFiles, lines), &h.creds)
        .await
        .unwrap();
    h.engine.run_job(job, &h.creds).await.unwrap();
    assert_eq!(
        submits.load(Ordering::SeqCst),
        2,
        "no split: the refusal named its URLs"
    );
    for row in assert_each_line_once(&h.engine, job, 10) {
        if row.url.contains("bad") {
            assert_eq!(row.state, UrlState::Failed);
            assert!(row.reason.unwrap().contains("domain not on the account"));
        } else {
            assert_eq!(row.state, UrlState::Completed, "{row:?}");
        }
    }
    assert_eq!(assert_sent_once(&h).len(), 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_prefetch_counts_its_time_from_its_start_not_its_send() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let mut job_request = request(&h, Action::Prefetch, urls(3, "scheduled"));
    job_request.start_at = Some(chrono::Utc::now() + chrono::Duration::hours(2));
    let job = h.engine.create_job(&job_request, &h.creds).await.unwrap();
    send_then_stop(&h, job, 3).await;
    // Sent more than a day ago by the journal, but it starts in two hours.
    move_sends_back(&h, Duration::from_secs(25 * 3600));
    let summary = h.engine.sync_job(job, &h.creds).await.unwrap();
    assert_eq!(
        summary.counts.accepted, 3,
        "still waiting for its start: {summary:?}"
    );
    assert_eq!(summary.counts.failed, 0);
}
