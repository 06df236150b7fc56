//! 20,000 URLs to the simulated Baidu CDN (100 per request) with 50 ms added to every answer.
//! Target: all 200 batches accepted in < 1.5 s, and within 1.2 × (1 + ceil((batches - 1) /
//! concurrency)) × 50 ms (the first batch alone, then the profile's concurrency, nothing
//! serialised behind the journal). Also: what the durable commit of each batch's "on the
//! wire" step costs on this disk (`synchronous=FULL` against `NORMAL` in WAL mode).

use cachedesk_core::{Action, Credentials, Secret, Vendor};
use cachedesk_engine::{
    Engine, EngineOptions, InputUrl, JobRequest, PollSchedule, ProfileDraft, DEFAULT_CONCURRENCY,
};
use cachedesk_sim::{Faults, Sim, SimConfig, Speed, DEMO_ACCESS_KEY, DEMO_SECRET_KEY};
use std::time::{Duration, Instant};

const URLS: usize = 20_000;
const LATENCY: Duration = Duration::from_millis(50);
const TARGET: Duration = Duration::from_millis(1_500);

#[tokio::main]
async fn main() {
    let sim = Sim::start(SimConfig {
        speed: Speed::Instant,
        faults: Faults {
            latency: LATENCY,
            ..Faults::default()
        },
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let dir = tempfile::TempDir::new().expect("temp dir");
    let options = EngineOptions {
        poll: PollSchedule {
            intervals: vec![Duration::from_millis(10)],
            ..PollSchedule::default()
        },
        ..EngineOptions::default()
    };
    let engine = Engine::open_with(dir.path(), options).expect("engine opens");
    let profile = engine
        .create_profile(&ProfileDraft {
            name: "bench".into(),
            vendor: Vendor::BaiduCdn,
            endpoint: Some(sim.endpoint(Vendor::BaiduCdn)),
            site: None,
            domains: vec!["www.example.com".into()],
            batch_size: None,
            concurrency: None,
        })
        .expect("profile");
    let creds = Credentials::AccessKey {
        access_key_id: DEMO_ACCESS_KEY.into(),
        secret_access_key: Secret::new(DEMO_SECRET_KEY),
    };
    let request = JobRequest {
        profile: profile.id,
        action: Action::PurgeFiles,
        urls: (0..URLS)
            .map(|i| InputUrl {
                line: i as u32 + 1,
                url: format!("https://www.example.com/bench/{i}.js"),
            })
            .collect(),
        rejected: vec![],
        start_at: None,
    };

    let t = Instant::now();
    let job = engine
        .create_job(&request, &creds)
        .await
        .expect("job created");
    let journal = t.elapsed();

    let mut events = engine.subscribe();
    let started = Instant::now();
    let run = tokio::spawn({
        let engine = engine.clone();
        let creds = creds.clone();
        async move { engine.run_job(job, &creds).await }
    });
    let mut sent = None;
    while let Ok(e) = events.recv().await {
        if sent.is_none() && e.counts.pending == 0 && e.counts.sending == 0 {
            sent = Some(started.elapsed());
        }
        if e.finished {
            break;
        }
    }
    let total = started.elapsed();
    let summary = run.await.expect("run task").expect("job finishes");
    let sent = sent.expect("every batch accepted");

    let batches = URLS.div_ceil(100);
    let concurrency = DEFAULT_CONCURRENCY as usize;
    // The first batch goes alone (an account-wide refusal then costs one request).
    let rounds = 1 + (batches - 1).div_ceil(concurrency) as u32;
    let bound = LATENCY * rounds * 6 / 5;
    println!("submit_20k: {URLS} URLs, {batches} batches, concurrency {concurrency}, +{LATENCY:?} per answer");
    println!("  journal (check quota, write job, batches, URLs): {journal:?}");
    println!(
        "  all batches accepted after {sent:?}; bound 1.2 × {rounds} rounds × 50 ms = {bound:?} ({}); target < {TARGET:?}: {}",
        if sent <= bound { "within" } else { "over" },
        if sent < TARGET { "PASS" } else { "MISS" }
    );
    println!(
        "  until every URL completed (with polling): {total:?}; completed {}",
        summary.counts.completed
    );
    sim.shutdown().await;
    let (normal, full) = (commit_cost("NORMAL"), commit_cost("FULL"));
    println!(
        "  durable send step: a commit with synchronous=FULL takes {full:?}, NORMAL {normal:?}; \
         {batches} batches add about {:?} of journal time, spread over {concurrency} sends in flight",
        full.saturating_sub(normal) * batches as u32
    );
}

/// The median time of one small committed write in WAL mode with `synchronous` set so.
fn commit_cost(synchronous: &str) -> Duration {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let db = rusqlite::Connection::open(dir.path().join("commit.sqlite")).expect("database");
    db.pragma_update(None, "journal_mode", "WAL").expect("WAL");
    db.pragma_update(None, "synchronous", synchronous)
        .expect("synchronous");
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", [])
        .expect("table");
    let mut times: Vec<Duration> = (0..200)
        .map(|i| {
            let t = Instant::now();
            db.execute("INSERT INTO t (v) VALUES (?1)", [format!("batch {i}")])
                .expect("insert");
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}
