//! Local history (paging, every filter), a job's lines, CSV export, retrying failed URLs,
//! progress events, and the vendor's own history.

use crate::common::*;
use cachedesk_core::{Action, Kind, Lang, Vendor};
use cachedesk_engine::{
    HistoryRequest, JobFilter, JobStatus, JournaledRejection, PageRequest, RejectReason, UrlState,
    CSV_HEADER,
};
use chrono::{Duration, Utc};

#[tokio::test]
async fn history_pages_newest_first_and_filters() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let other = h
        .engine
        .create_profile(&draft(
            "second",
            Vendor::BaiduCdn,
            &h.sim.endpoint(Vendor::BaiduCdn),
        ))
        .unwrap();
    let before = Utc::now();
    let mut ids = Vec::new();
    for i in 0..7 {
        let mut req = request(
            &h,
            if i % 2 == 0 {
                Action::PurgeFiles
            } else {
                Action::Prefetch
            },
            urls(3, &format!("h{i}")),
        );
        if i == 6 {
            req.profile = other.id;
        }
        ids.push(h.engine.submit(&req, &h.creds).await.unwrap().id);
    }
    let queued = h
        .engine
        .create_job(
            &request(&h, Action::PurgeFiles, urls(2, "queued")),
            &h.creds,
        )
        .await
        .unwrap();
    ids.push(queued);

    let all = JobFilter::default();
    let first = h
        .engine
        .jobs(
            &all,
            PageRequest {
                offset: 0,
                limit: 3,
            },
        )
        .unwrap();
    assert_eq!(first.total, 8);
    let newest: Vec<_> = ids.iter().rev().take(3).copied().collect();
    assert_eq!(first.items.iter().map(|j| j.id).collect::<Vec<_>>(), newest);
    let last = h
        .engine
        .jobs(
            &all,
            PageRequest {
                offset: 6,
                limit: 3,
            },
        )
        .unwrap();
    assert_eq!(
        last.items.iter().map(|j| j.id).collect::<Vec<_>>(),
        [ids[1], ids[0]]
    );
    assert_eq!(last.items[1].counts.completed, 3);

    let count = |f: JobFilter| h.engine.jobs(&f, PageRequest::default()).unwrap().total;
    assert_eq!(
        count(JobFilter {
            profile: Some(other.id),
            ..all.clone()
        }),
        1
    );
    assert_eq!(
        count(JobFilter {
            action: Some(Action::Prefetch),
            ..all.clone()
        }),
        3
    );
    assert_eq!(
        count(JobFilter {
            status: Some(JobStatus::Queued),
            ..all.clone()
        }),
        1
    );
    assert_eq!(
        count(JobFilter {
            status: Some(JobStatus::Finished),
            ..all.clone()
        }),
        7
    );
    assert_eq!(
        count(JobFilter {
            url_contains: Some("/h3/".into()),
            ..all.clone()
        }),
        1
    );
    assert_eq!(
        count(JobFilter {
            url_contains: Some("file-2".into()),
            ..all.clone()
        }),
        7
    );
    assert_eq!(
        count(JobFilter {
            url_contains: Some("%".into()),
            ..all.clone()
        }),
        0,
        "wildcards are literal"
    );
    assert_eq!(
        count(JobFilter {
            from: Some(before),
            ..all.clone()
        }),
        8
    );
    assert_eq!(
        count(JobFilter {
            to: Some(before),
            ..all.clone()
        }),
        0
    );
    assert_eq!(
        count(JobFilter {
            from: Some(Utc::now() + Duration::seconds(1)),
            ..all.clone()
        }),
        0
    );
}

#[tokio::test]
async fn a_jobs_lines_page_by_state_and_export_as_csv() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let mut req = request(&h, Action::Prefetch, urls(6, "csv"));
    req.urls[1].url = "https://www.example.com/csv/fail, \"quoted\".js".into();
    req.urls[4].url = req.urls[3].url.clone();
    req.rejected.push(JournaledRejection {
        line: 7,
        text: "ftp://nope".into(),
        reason: RejectReason::UnsupportedScheme.message(Lang::ZhCn).into(),
        code: Some(RejectReason::UnsupportedScheme),
    });
    let summary = h.engine.submit(&req, &h.creds).await.unwrap();
    let c = summary.counts;
    assert_eq!((c.completed, c.failed, c.rejected, c.total()), (4, 1, 2, 7));

    let rejected = h
        .engine
        .job_urls(summary.id, Some(UrlState::Rejected), PageRequest::default())
        .unwrap();
    assert_eq!(
        rejected.items.iter().map(|r| r.line).collect::<Vec<_>>(),
        [5, 7]
    );
    assert_eq!(
        rejected.items[0].reason.as_deref(),
        Some("duplicate of line 4")
    );
    // A line intake refused keeps its code: it reads in any language, not only in the one
    // it was submitted in.
    let ftp = &rejected.items[1];
    assert_eq!(
        (ftp.reject, rejected.items[0].reject),
        (Some(RejectReason::UnsupportedScheme), None)
    );
    assert_eq!(
        ftp.explanation(Lang::En).as_deref(),
        Some("Only http:// and https:// addresses can be purged or prefetched. The line was not sent.")
    );
    let page = h
        .engine
        .job_urls(
            summary.id,
            None,
            PageRequest {
                offset: 2,
                limit: 2,
            },
        )
        .unwrap();
    assert_eq!(
        (page.total, page.items[0].line, page.items[1].line),
        (7, 3, 4)
    );

    let mut out = Vec::new();
    assert_eq!(h.engine.export_csv(summary.id, &mut out).unwrap(), 7);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        CSV_HEADER
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7);
    assert_eq!(
        &rows[1][1],
        "https://www.example.com/csv/fail, \"quoted\".js"
    );
    assert_eq!(&rows[1][2], "failed");
    assert_eq!(&rows[1][6], cachedesk_sim::FAILURE_REASON);
    assert_eq!(&rows[0][2], "completed");
    assert_eq!(rows[0][3].len(), 32, "Baidu task id: {:?}", &rows[0][3]);
    assert!(
        rows[0][7].ends_with('Z') && !rows[0][10].is_empty(),
        "{:?}",
        rows[0]
    );
    assert_eq!(
        (&rows[6][0], &rows[6][2], &rows[6][6]),
        (
            "7",
            "rejected",
            RejectReason::UnsupportedScheme.message(Lang::ZhCn)
        )
    );
}

#[tokio::test]
async fn failed_urls_are_retried_as_a_new_linked_job() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let mut req = request(&h, Action::PurgeFiles, urls(4, "retry"));
    req.urls[2].url = "https://www.example.com/retry/fail.js".into();
    let first = h.engine.submit(&req, &h.creds).await.unwrap();
    assert_eq!(first.counts.failed, 1);
    let retry = h
        .engine
        .retry_failed(first.id, &h.creds, false)
        .await
        .unwrap();
    let queued = h.engine.job(retry).unwrap();
    assert_eq!(
        (queued.retry_of, queued.status, queued.counts.pending),
        (Some(first.id), JobStatus::Queued, 1)
    );
    let rows = all_lines(&h.engine, retry);
    assert_eq!(
        (rows[0].line, rows[0].url.as_str()),
        (3, "https://www.example.com/retry/fail.js")
    );
    let done = h.engine.run_job(retry, &h.creds).await.unwrap();
    assert_eq!(done.counts.failed, 1, "the simulator fails it again");
    let none_failed = h
        .engine
        .submit(&request(&h, Action::PurgeFiles, urls(2, "ok")), &h.creds)
        .await
        .unwrap();
    assert!(h
        .engine
        .retry_failed(none_failed.id, &h.creds, false)
        .await
        .is_err());
}

#[tokio::test]
async fn progress_is_published_until_the_job_finishes() {
    let config = cachedesk_sim::SimConfig {
        speed: cachedesk_sim::Speed::Custom(std::time::Duration::from_millis(400)),
        ..cachedesk_sim::SimConfig::default()
    };
    let h = start(Vendor::BaiduCdn, config, fast_options()).await;
    let mut events = h.engine.subscribe();
    let summary = h
        .engine
        .submit(&request(&h, Action::Prefetch, urls(250, "ev")), &h.creds)
        .await
        .unwrap();
    let mut seen = Vec::new();
    while let Ok(e) = events.try_recv() {
        assert_eq!(e.job_id, summary.id);
        seen.push(e);
    }
    let last = seen.last().unwrap();
    assert!(last.finished && last.counts.completed == 250);
    assert_eq!(seen.iter().filter(|e| e.finished).count(), 1);
    assert!(
        seen.iter().any(|e| e.counts.accepted > 0 && !e.finished),
        "accepted before completed"
    );
    let rows = all_lines(&h.engine, summary.id);
    assert!(rows
        .iter()
        .all(|r| r.vendor_finished_at.is_some() && r.raw_status.as_deref() == Some("completed")));
}

#[tokio::test]
async fn the_vendors_own_history_lists_tasks_over_a_range() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    h.engine
        .submit(
            &request(&h, Action::PurgeFiles, urls(30, "remote")),
            &h.creds,
        )
        .await
        .unwrap();
    let range = HistoryRequest {
        kind: Kind::Purge,
        target: None,
        start: Utc::now() - Duration::days(100),
        end: Utc::now() + Duration::minutes(1),
        url: None,
    };
    let mut records = Vec::new();
    let mut token = None;
    loop {
        let page = h
            .engine
            .remote_history(h.profile.id, &h.creds, &range, token.as_deref())
            .await
            .unwrap();
        records.extend(page.records);
        match page.next {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    assert_eq!(records.len(), 30);
    let quota = h
        .engine
        .quota(h.profile.id, &h.creds)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(quota.url_remaining, Some(20_000 - 30));
    h.engine
        .check_credentials(h.profile.id, &h.creds)
        .await
        .unwrap();
}

#[tokio::test]
async fn one_vendor_task_and_a_refresh_read_the_vendor_without_sending() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let done = h
        .engine
        .submit(
            &request(&h, Action::PurgeFiles, urls(150, "task")),
            &h.creds,
        )
        .await
        .unwrap();
    let batches = h.engine.job_batches(done.id).unwrap();
    assert_eq!(
        batches
            .iter()
            .map(|b| (b.urls, b.completed, b.failed))
            .collect::<Vec<_>>(),
        [(100, 100, 0), (50, 50, 0)]
    );
    let task = batches[1].task_id.clone().unwrap();
    let records = h
        .engine
        .remote_task(h.profile.id, &h.creds, Kind::Purge, &task)
        .await
        .unwrap();
    assert_eq!(records.len(), 50);
    assert!(records.iter().all(|r| r.url.contains("/task/")));
    let refreshed = h.engine.sync_job(done.id, &h.creds).await.unwrap();
    assert_eq!(refreshed.counts, done.counts);
    assert_eq!(assert_sent_once(&h).len(), 150);
}
