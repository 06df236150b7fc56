//! The same engine over the other vendors: Baidu GEO (site-scoped, directories), Baishan
//! (lost answers reconciled by listing), and a clock the vendor refuses.

use crate::common::*;
use cachedesk_core::{Action, Error, Vendor};
use cachedesk_engine::{InputUrl, JobStatus, UrlState};
use cachedesk_sim::Faults;

#[tokio::test]
async fn baidu_geo_purges_directories_of_its_site() {
    let h = start(Vendor::BaiduGeo, instant(), fast_options()).await;
    let dirs: Vec<InputUrl> = (0..5)
        .map(|i| InputUrl {
            line: i + 1,
            url: format!("https://www.example.com/assets/v{i}/"),
        })
        .collect();
    let summary = h
        .engine
        .submit(&request(&h, Action::PurgeDirectories, dirs), &h.creds)
        .await
        .unwrap();
    assert_eq!(summary.status, JobStatus::Finished);
    assert_eq!(summary.counts.completed, 5);
    assert_each_line_once(&h.engine, summary.id, 5);
    assert_eq!(assert_sent_once(&h).len(), 5);
}

#[tokio::test]
async fn baishan_lost_answers_are_found_and_not_resent() {
    let mut h = start(Vendor::Baishan, instant(), fast_options()).await;
    let mut draft = draft("main", Vendor::Baishan, &h.sim.endpoint(Vendor::Baishan));
    draft.batch_size = Some(20);
    h.profile = h.engine.update_profile(h.profile.id, &draft).unwrap();
    h.sim.set_faults(
        Vendor::Baishan,
        Faults {
            drop_after_accept_every_nth: Some(2),
            ..Faults::default()
        },
    );
    let summary = h
        .engine
        .submit(
            &request(&h, Action::PurgeFiles, urls(100, "bs-drop")),
            &h.creds,
        )
        .await
        .unwrap();
    assert_eq!(summary.counts.completed, 100);
    let rows = assert_each_line_once(&h.engine, summary.id, 100);
    let found = rows.iter().filter(|r| r.task_id.is_none()).count();
    assert!(
        found > 0 && found < 100,
        "answered batches carry the task id: {found}"
    );
    let batches = h.engine.job_batches(summary.id).unwrap();
    assert_eq!(batches.len(), 5);
    assert!(batches.iter().all(|b| b.attempts == 1), "{batches:?}");
    assert_eq!(assert_sent_once(&h).len(), 100);
}

#[tokio::test]
async fn a_wrong_clock_stops_the_job_with_clock_skew_and_sends_nothing() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let job = h
        .engine
        .create_job(
            &request(&h, Action::PurgeFiles, urls(150, "skew")),
            &h.creds,
        )
        .await
        .unwrap();
    h.sim.set_faults(
        Vendor::BaiduCdn,
        Faults {
            clock_skew: chrono::Duration::hours(2),
            ..Faults::default()
        },
    );
    let err = h.engine.run_job(job, &h.creds).await.unwrap_err();
    assert_eq!(err, Error::ClockSkew);
    let stopped = h.engine.job(job).unwrap();
    assert_eq!(stopped.status, JobStatus::Stopped);
    assert_eq!(stopped.counts.pending, 150);
    assert!(h.sim.submitted_urls(Vendor::BaiduCdn).is_empty());

    h.sim.set_faults(Vendor::BaiduCdn, Faults::default());
    let done = h.engine.resume(&h.creds).await.unwrap();
    let summary = done[0].1.as_ref().unwrap();
    assert_eq!(summary.counts.get(UrlState::Completed), 150);
    assert_sent_once(&h);
}
