//! Vendor calls the engine makes to drive a 20,000-URL Baidu CDN job to completion once every
//! batch is accepted, per polling round, against the minimum: the pages of one listing of the
//! job's records (the vendor's page size: 100 purge / 1,000 prefetch records). Target: <= 1.2 ×
//! the minimum in every round. The simulator finishes each URL about 4 s after its submit
//! (`Speed::Normal`), so the job takes several rounds; rounds follow the engine's default
//! schedule (`PollSchedule`: 1, 2, 5, 10, then every 30 s after the previous round ends).
//! Each round asks by task or by one listing of the time the open batches were sent in,
//! whichever takes fewer calls: purge by task (a task of 100 is one page of 100 either way),
//! prefetch by listing (pages of 1,000 against tasks of 100).
//! `CACHEDESK_BENCH_URLS` sets the number of URLs.

mod common;

use cachedesk_core::{Action, Vendor};
use cachedesk_engine::EngineOptions;
use cachedesk_sim::seed::{CDN_PREFETCH_PAGE_SIZE, CDN_PURGE_PAGE_SIZE};
use cachedesk_sim::{RequestKind, Sim, SimConfig, Speed};

const TARGET_RATIO: f64 = 1.2;

#[tokio::main]
async fn main() {
    let urls = common::url_count(20_000);
    println!("polling: {urls} URLs to the simulated Baidu CDN, URLs done ~4 s after their submit");
    for (action, page) in [
        (Action::PurgeFiles, CDN_PURGE_PAGE_SIZE),
        (Action::Prefetch, CDN_PREFETCH_PAGE_SIZE),
    ] {
        poll(urls, action, page as usize).await;
    }
}

async fn poll(urls: usize, action: Action, page: usize) {
    // One simulator per job: each job alone uses the day's URL quota.
    let sim = Sim::start(SimConfig {
        speed: Speed::Normal,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let desk = common::open_engine(EngineOptions::default());
    let request = common::job_request(&desk.engine, &sim, Vendor::BaiduCdn, action, urls);
    let run = common::run_watched(&desk.engine, &sim, Vendor::BaiduCdn, &request).await;
    sim.shutdown().await;

    let minimum = urls.div_ceil(page) as f64;
    let mut before = &run.sent;
    let mut worst = 0.0_f64;
    let mut lines = Vec::new();
    for round in &run.rounds {
        let calls = round.asked.total() - before.asked.total();
        let listings = round.asked.of(RequestKind::Listing) - before.asked.of(RequestKind::Listing);
        worst = worst.max(calls as f64 / minimum);
        lines.push(format!(
            "{calls} calls ({listings} listings) at +{:.1} s",
            (round.at - run.sent.at).as_secs_f64()
        ));
        before = round;
    }
    println!(
        "  {action:?}: every batch accepted after {:?}; {} polling rounds until every URL was final ({:?} in all, completed {}):",
        run.sent.at,
        run.rounds.len(),
        run.total,
        run.summary.counts.completed
    );
    for (i, line) in lines.iter().enumerate() {
        println!("    round {}: {line}", i + 1);
    }
    println!(
        "    minimum per round: one listing of {urls} records in pages of {page} = {minimum} calls; worst round {worst:.2} × the minimum, target <= {TARGET_RATIO}: {}",
        if worst <= TARGET_RATIO { "PASS" } else { "MISS" }
    );
}
