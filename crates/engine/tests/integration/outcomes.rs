//! History's editor-facing filters: the outcome of a job (completed, partial, failed,
//! running, scheduled) selected in SQL by the same rule as `JobSummary::outcome`, the free
//! text search over profile names, URLs and vendor task ids, and a job's task ids.

use crate::common::*;
use cachedesk_core::{Action, Vendor};
use cachedesk_engine::{
    JobFilter, JobId, JobOutcome, JournaledRejection, PageRequest, RejectReason, UrlReason,
    UrlState,
};
use chrono::{Duration, Utc};

fn ids(h: &Harness, filter: &JobFilter) -> Vec<JobId> {
    let page = PageRequest {
        offset: 0,
        limit: 100,
    };
    let found = h.engine.jobs(filter, page).unwrap();
    assert_eq!(found.total, found.items.len() as u64);
    found.items.iter().map(|j| j.id).collect()
}

fn rejected(line: u32) -> JournaledRejection {
    JournaledRejection {
        line,
        text: "not a url".into(),
        reason: "not a URL".into(),
        code: Some(RejectReason::NotAUrl),
    }
}

#[tokio::test]
async fn outcomes_and_text_search_are_answered_by_the_database() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let completed = h
        .engine
        .submit(&request(&h, Action::PurgeFiles, urls(3, "done")), &h.creds)
        .await
        .unwrap()
        .id;
    // Lines skipped before sending do not make a job whose sent URLs all succeeded partial.
    let mut with_rejects = request(&h, Action::PurgeFiles, urls(2, "skip"));
    with_rejects.rejected = vec![rejected(3)];
    let completed_with_skips = h.engine.submit(&with_rejects, &h.creds).await.unwrap().id;
    let mut with_failure = request(&h, Action::PurgeFiles, urls(2, "part"));
    with_failure.urls.push(cachedesk_engine::InputUrl {
        line: 3,
        url: "https://www.example.com/part/fail.html".into(),
    });
    let partial = h.engine.submit(&with_failure, &h.creds).await.unwrap().id;
    let mut only_rejects = request(&h, Action::PurgeFiles, vec![]);
    only_rejects.rejected = vec![rejected(1), rejected(2)];
    let failed = h.engine.submit(&only_rejects, &h.creds).await.unwrap().id;
    let running = h
        .engine
        .create_job(&request(&h, Action::PurgeFiles, urls(1, "wait")), &h.creds)
        .await
        .unwrap();
    let mut later = request(&h, Action::Prefetch, urls(1, "later"));
    later.start_at = Some(Utc::now() + Duration::hours(2));
    let scheduled = h.engine.create_job(&later, &h.creds).await.unwrap();

    let expected = [
        (JobOutcome::Completed, completed),
        (JobOutcome::Completed, completed_with_skips),
        (JobOutcome::Partial, partial),
        (JobOutcome::Failed, failed),
        (JobOutcome::Running, running),
        (JobOutcome::Scheduled, scheduled),
    ];
    for (outcome, job) in expected {
        assert_eq!(h.engine.job(job).unwrap().outcome(), outcome, "{job}");
        let filter = JobFilter {
            outcome: Some(outcome),
            ..JobFilter::default()
        };
        assert!(ids(&h, &filter).contains(&job), "{outcome:?}");
    }
    let completed_ids = |o| {
        ids(
            &h,
            &JobFilter {
                outcome: Some(o),
                ..JobFilter::default()
            },
        )
    };
    assert_eq!(
        completed_ids(JobOutcome::Completed),
        [completed_with_skips, completed]
    );
    assert_eq!(completed_ids(JobOutcome::Partial), [partial]);
    let batches = h.engine.job_batches(partial).unwrap();
    assert_eq!(
        batches
            .iter()
            .map(|b| (b.urls, b.completed, b.failed))
            .collect::<Vec<_>>(),
        [(3, 2, 1)],
        "each batch counts its final URLs"
    );
    // Each line not done says why as a code: the origin's 404, a line never sent.
    let reasons = |job| {
        h.engine
            .job_urls(job, None, PageRequest::default())
            .unwrap()
            .items
            .into_iter()
            .map(|u| (u.state, u.reason_code))
            .collect::<Vec<_>>()
    };
    // A CDN purge record says only "failed"; a prefetch record carries the origin's answer.
    assert!(reasons(partial).contains(&(UrlState::Failed, Some(UrlReason::VendorFailed))));
    let mut missing = request(&h, Action::Prefetch, vec![]);
    missing.urls.push(cachedesk_engine::InputUrl {
        line: 1,
        url: "https://www.example.com/pre/fail.png".into(),
    });
    let missing = h.engine.submit(&missing, &h.creds).await.unwrap().id;
    assert_eq!(
        reasons(missing),
        [(UrlState::Failed, Some(UrlReason::OriginNotFound))]
    );
    assert!(reasons(partial).contains(&(UrlState::Completed, None)));
    assert!(reasons(completed_with_skips).contains(&(UrlState::Rejected, Some(UrlReason::NotSent))));

    let text = |t: &str| {
        ids(
            &h,
            &JobFilter {
                text: Some(t.into()),
                ..JobFilter::default()
            },
        )
    };
    assert_eq!(text("/part/"), [partial]);
    assert_eq!(text("MAIN").len(), 7, "profile names match without case");
    assert!(text("%").is_empty(), "wildcards are literal");
    let tasks = h.engine.task_ids(completed).unwrap();
    assert_eq!(tasks.len(), 1, "three URLs, one submit request");
    assert_eq!(text(&tasks[0]), [completed]);
    assert!(h.engine.task_ids(running).unwrap().is_empty());
}
