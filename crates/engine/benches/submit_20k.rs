//! 20,000 URLs to the simulated Baidu CDN (100 per request) with 50 ms added to every answer.
//! Target: all 200 batches accepted in < 1.5 s, and within 1.2 × (1 + ceil((batches - 1) /
//! concurrency)) × 50 ms (the first batch alone, then the profile's concurrency, nothing
//! serialised behind the journal). Also: what the durable commit of each batch's "on the
//! wire" step costs on this disk (`synchronous=FULL` against `NORMAL` in WAL mode).

mod common;

use cachedesk_core::{Action, Vendor};
use cachedesk_engine::{EngineOptions, PollSchedule, DEFAULT_CONCURRENCY};
use cachedesk_sim::{Faults, Sim, SimConfig, Speed};
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
    let desk = common::open_engine(EngineOptions {
        poll: PollSchedule {
            intervals: vec![Duration::from_millis(10)],
            ..PollSchedule::default()
        },
        ..EngineOptions::default()
    });
    let request = common::job_request(
        &desk.engine,
        &sim,
        Vendor::BaiduCdn,
        Action::PurgeFiles,
        URLS,
    );
    let run = common::run_watched(&desk.engine, &sim, Vendor::BaiduCdn, &request).await;
    let (journal, sent, total, summary) = (run.created, run.sent.at, run.total, run.summary);

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
