//! A property of the job state machine: under random simulator faults, and a crash at a random
//! moment of the journal (the run dropped mid-flight, then the job run again by a fresh `Engine`
//! on the same data directory, maybe crashing again), then one resume once the faults are gone:
//! every input line ends in exactly one state, every URL reaches the vendor exactly once (none
//! sent twice, none lost), the job finishes and its kept counts say so.
//!
//! A handful of cases by default, so `cargo test` stays quick; `PROPTEST_CASES=200` (see
//! `scripts/properties.sh`) runs more.

use crate::common::*;
use cachedesk_core::{Action, Vendor};
use cachedesk_engine::{Engine, JobStatus, UrlState};
use cachedesk_sim::Faults;
use proptest::prelude::*;
use std::collections::HashSet;
use std::time::Duration;

#[derive(Debug, Clone)]
struct Case {
    vendor: Vendor,
    lines: usize,
    batch_size: u32,
    concurrency: u32,
    faults: Faults,
    /// Crash this long after the run starts (`None`: no crash).
    crash_after: Option<Duration>,
    /// A second crash, this long into the first resume.
    second_crash_after: Option<Duration>,
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![Just(500u16), Just(503u16)]
}

fn faults() -> impl Strategy<Value = Faults> {
    (
        0u64..15,
        proptest::option::of((2u32..6, status())),
        proptest::option::of(2u32..5),
        proptest::option::of((2u32..5, status())),
        0u64..150,
        proptest::option::of(1u32..4),
    )
        .prop_map(
            |(latency, error_every_nth, drop_after, after_handling, listing_delay, burst)| Faults {
                latency: Duration::from_millis(latency),
                error_every_nth,
                drop_after_accept_every_nth: drop_after,
                error_after_handling: after_handling,
                listing_delay: Duration::from_millis(listing_delay),
                rate_limit_burst: burst,
                ..Faults::default()
            },
        )
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![Just(Vendor::BaiduCdn), Just(Vendor::Baishan)],
        5usize..80,
        1u32..12,
        1u32..4,
        faults(),
        proptest::option::weighted(0.85, 0u64..250),
        proptest::option::weighted(0.3, 0u64..150),
    )
        .prop_map(
            |(vendor, lines, batch_size, concurrency, faults, crash, second)| Case {
                vendor,
                lines,
                batch_size,
                concurrency,
                faults,
                crash_after: crash.map(Duration::from_millis),
                second_crash_after: second.map(Duration::from_millis),
            },
        )
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4)
}

/// Waits until the aborted run's last journal step (on a blocking thread) has landed: it holds
/// the job's lock file until then.
async fn wait_for_in_flight_steps(data_dir: &std::path::Path, job: cachedesk_engine::JobId) {
    let path = data_dir.join("locks").join(format!("job-{job}.lock"));
    let Ok(file) = std::fs::File::open(&path) else {
        return;
    };
    for _ in 0..1000 {
        if file.try_lock().is_ok() {
            file.unlock().unwrap();
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the aborted run's journal steps never landed");
}

/// Runs `job` on `engine`, crashing it after `crash_after`; returns the engine to use next
/// (a fresh one when it crashed).
async fn run_maybe_crashing(
    h: &Harness,
    engine: Engine,
    job: cachedesk_engine::JobId,
    crash_after: Option<Duration>,
    resume: bool,
) -> Engine {
    let runner = engine.clone();
    let creds = h.creds.clone();
    // A run may also stop on its own (a batch without a clear answer ten times over, under
    // faults periodic enough to hit every resend): the job is then stopped, resumable, and
    // resumed below. Only a panic fails here.
    let run = tokio::spawn(async move {
        if resume {
            let _ = runner.resume(&creds).await;
        } else {
            let _ = runner.run_job(job, &creds).await;
        }
    });
    let Some(after) = crash_after else {
        run.await.unwrap();
        return engine;
    };
    tokio::time::sleep(after).await;
    if run.is_finished() {
        run.await.unwrap();
        return engine;
    }
    run.abort();
    let _ = run.await;
    drop(engine);
    wait_for_in_flight_steps(h.dir.path(), job).await;
    Engine::open_with(h.dir.path(), fast_options()).expect("the engine reopens after a crash")
}

async fn check(case: Case) {
    let mut h = start(case.vendor, instant(), fast_options()).await;
    let mut draft = draft("main", case.vendor, &h.sim.endpoint(case.vendor));
    draft.batch_size = Some(case.batch_size);
    draft.concurrency = Some(case.concurrency);
    h.profile = h.engine.update_profile(h.profile.id, &draft).unwrap();
    h.sim.set_faults(case.vendor, case.faults.clone());
    let input = urls(case.lines, "prop");
    let job = h
        .engine
        .create_job(&request(&h, Action::PurgeFiles, input.clone()), &h.creds)
        .await
        .unwrap();

    let engine = h.engine.clone();
    let engine = run_maybe_crashing(&h, engine, job, case.crash_after, false).await;
    let engine = run_maybe_crashing(&h, engine, job, case.second_crash_after, true).await;
    // Whatever the faults and crashes left, one more resume with the faults gone finishes it.
    h.sim.set_faults(case.vendor, Faults::default());
    for (job, outcome) in engine.resume(&h.creds).await.unwrap() {
        outcome.unwrap_or_else(|e| panic!("job {job} does not finish: {e}"));
    }
    h.engine = engine;

    let summary = h.engine.job(job).unwrap();
    assert_eq!(summary.status, JobStatus::Finished, "{:?}", summary.counts);
    let rows = assert_each_line_once(&h.engine, job, case.lines);
    let not_done: Vec<_> = rows
        .iter()
        .filter(|r| r.state != UrlState::Completed)
        .map(|r| (r.line, r.state, r.reason.clone()))
        .collect();
    assert!(not_done.is_empty(), "not completed: {not_done:?}");
    let lines = u64::try_from(case.lines).unwrap();
    assert_eq!(
        (summary.counts.completed, summary.counts.total()),
        (lines, lines),
        "the kept counts followed every move: {:?}",
        summary.counts
    );
    let sent: HashSet<String> = assert_sent_once(&h).into_iter().collect();
    let wanted: HashSet<String> = input.into_iter().map(|u| u.url).collect();
    assert_eq!(sent, wanted, "every URL reached the vendor, none was lost");
    h.sim.shutdown().await;
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 50,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_url_ends_in_one_state_sent_once_under_faults_and_crashes(case in case()) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(check(case));
    }
}
