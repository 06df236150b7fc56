//! A job interrupted mid-way (the engine dropped, as in a crash or a kill) resumes from the
//! database: nothing lost, nothing resent.

use crate::common::*;
use cachedesk_core::{Action, Error, Secret, Vendor};
use cachedesk_engine::{Engine, JobStatus};
use cachedesk_sim::Faults;
use std::time::Duration;

const LINES: usize = 1_000;

#[tokio::test]
async fn a_crash_mid_job_resumes_without_resending() {
    let mut h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let mut draft = draft("main", Vendor::BaiduCdn, &h.sim.endpoint(Vendor::BaiduCdn));
    draft.concurrency = Some(2);
    h.profile = h.engine.update_profile(h.profile.id, &draft).unwrap();
    h.sim.set_faults(
        Vendor::BaiduCdn,
        Faults {
            latency: Duration::from_millis(150),
            ..Faults::default()
        },
    );
    let job = h
        .engine
        .create_job(
            &request(&h, Action::PurgeFiles, urls(LINES, "crash")),
            &h.creds,
        )
        .await
        .unwrap();
    let mut events = h.engine.subscribe();
    let engine = h.engine.clone();
    let creds = h.creds.clone();
    let run = tokio::spawn(async move { engine.run_job(job, &creds).await });
    loop {
        let event = events.recv().await.unwrap();
        if event.counts.accepted >= 300 {
            break;
        }
    }
    // Crash while a batch is on the wire (its answer takes 150 ms).
    while h.engine.job(job).unwrap().counts.sending == 0 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    run.abort();
    assert!(run.await.unwrap_err().is_cancelled());
    let sent_before = h.sim.submitted_urls(Vendor::BaiduCdn).len();
    assert!((300..LINES).contains(&sent_before), "{sent_before}");
    drop(h.engine);
    wait_for_in_flight_steps(h.dir.path(), job).await;

    let engine = Engine::open_with(h.dir.path(), fast_options()).unwrap();
    let stopped = engine.job(job).unwrap();
    assert_eq!(
        stopped.status,
        JobStatus::Running,
        "left as it was at the crash"
    );
    assert!(
        stopped.counts.sending > 0,
        "a batch was on the wire: {:?}",
        stopped.counts
    );
    let outcomes = engine.resume(&h.creds).await.unwrap();
    assert_eq!(outcomes.len(), 1);
    let summary = outcomes[0].1.as_ref().unwrap();
    assert_eq!(summary.status, JobStatus::Finished);
    assert_eq!(summary.counts.completed, LINES as u64);
    h.engine = engine;
    assert_each_line_once(&h.engine, job, LINES);
    assert_eq!(assert_sent_once(&h).len(), LINES);
    assert!(
        h.engine.resume(&h.creds).await.unwrap().is_empty(),
        "nothing left"
    );
}

/// A killed process releases the job's lock at once; in this one, the aborted run's last
/// journal step (on the blocking pool) still holds it for a moment: wait for it as a restart
/// would have.
async fn wait_for_in_flight_steps(data_dir: &std::path::Path, job: cachedesk_engine::JobId) {
    let path = data_dir.join("locks").join(format!("job-{job}.lock"));
    let file = std::fs::File::open(&path).unwrap();
    for _ in 0..500 {
        if file.try_lock().is_ok() {
            file.unlock().unwrap();
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the aborted run's journal steps never landed");
}

#[tokio::test]
async fn an_auth_error_stops_the_job_and_it_resumes_with_good_keys() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let job = h
        .engine
        .create_job(
            &request(&h, Action::PurgeFiles, urls(250, "auth")),
            &h.creds,
        )
        .await
        .unwrap();
    let bad = cachedesk_core::Credentials::AccessKey {
        access_key_id: cachedesk_sim::DEMO_ACCESS_KEY.into(),
        secret_access_key: Secret::new("wrong-secret-0001"),
    };
    let err = h.engine.run_job(job, &bad).await.unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    let stopped = h.engine.job(job).unwrap();
    assert_eq!(stopped.status, JobStatus::Stopped);
    assert_eq!(stopped.error.unwrap().code, cachedesk_core::ErrorCode::Auth);
    assert_eq!(stopped.counts.pending, 250, "{:?}", stopped.counts);
    assert!(h.sim.submitted_urls(Vendor::BaiduCdn).is_empty());

    let done = h.engine.run_job(job, &h.creds).await.unwrap();
    assert_eq!(done.status, JobStatus::Finished);
    assert!(done.error.is_none());
    assert_eq!(done.counts.completed, 250);
    assert_sent_once(&h);
}

#[tokio::test]
async fn a_job_runs_in_one_place_at_a_time() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    h.sim.set_faults(
        Vendor::BaiduCdn,
        Faults {
            latency: Duration::from_millis(200),
            ..Faults::default()
        },
    );
    let job = h
        .engine
        .create_job(&request(&h, Action::PurgeFiles, urls(10, "lock")), &h.creds)
        .await
        .unwrap();
    let other = Engine::open_with(h.dir.path(), fast_options()).unwrap();
    let (first, second) = tokio::join!(h.engine.run_job(job, &h.creds), async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        other.run_job(job, &h.creds).await
    });
    assert_eq!(first.unwrap().status, JobStatus::Finished);
    assert!(matches!(second, Err(Error::InvalidInput(_))), "{second:?}");
    assert_sent_once(&h);
}
