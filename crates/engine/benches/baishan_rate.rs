//! 20,000 URLs to the simulated Baishan (500 per request: 40 requests) through the engine,
//! under Baishan's account-wide limit of 24 requests per 2 s, which the simulator enforces
//! (fixed windows per token, 429 past the limit). Targets: 40 requests, no 429, and the time
//! until every batch is accepted within 1.1 × the rate-limit bound.
//!
//! The bound: no client that keeps to "at most R requests in any window W" can send its N-th
//! request before floor((N - 1) / R) × W (R at once, then R more at each W), so its sends end
//! no earlier than that plus one answer; the answer's time is taken from the run itself (when
//! the first batch, sent alone, was accepted). For 40 requests at 24 per 2 s: 2 s + one answer.
//! `CACHEDESK_BENCH_URLS` sets the number of URLs.

mod common;

use cachedesk_core::{Action, Vendor};
use cachedesk_engine::{EngineOptions, PollSchedule};
use cachedesk_sim::seed::{BAISHAN_REQUESTS_PER_SHORT_WINDOW, BAISHAN_SHORT_WINDOW_MS};
use cachedesk_sim::{RequestKind, Sim, SimConfig, Speed};
use std::time::Duration;

const TARGET_RATIO: f64 = 1.1;
const URLS_PER_REQUEST: usize = 500;

#[tokio::main]
async fn main() {
    let urls = common::url_count(20_000);
    let sim = Sim::start(SimConfig {
        speed: Speed::Instant,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let desk = common::open_engine(EngineOptions {
        poll: PollSchedule {
            intervals: vec![Duration::from_millis(100)],
            ..PollSchedule::default()
        },
        ..EngineOptions::default()
    });
    let request = common::job_request(
        &desk.engine,
        &sim,
        Vendor::Baishan,
        Action::PurgeFiles,
        urls,
    );
    let run = common::run_watched(&desk.engine, &sim, Vendor::Baishan, &request).await;
    let asked = sim.requests(Vendor::Baishan);
    sim.shutdown().await;

    let expected = urls.div_ceil(URLS_PER_REQUEST) as u64;
    let sent_asked = &run.sent.asked;
    let requests = sent_asked.total();
    let submits = sent_asked.of(RequestKind::Submit);
    let throttled = asked.with_status(429);
    let (per, window) = (
        u64::from(BAISHAN_REQUESTS_PER_SHORT_WINDOW),
        Duration::from_millis(BAISHAN_SHORT_WINDOW_MS),
    );
    let last_leaves = window * ((requests.max(1) - 1) / per) as u32;
    let bound = last_leaves + run.first_accepted;
    let ratio = run.sent.at.as_secs_f64() / bound.as_secs_f64();
    // What evenly spaced sends (one every W / (R - 1), never R + 1 in a window) would take.
    let even = window * (requests.max(1) - 1) as u32 / (per - 1) as u32 + run.first_accepted;
    let verdict = |ok: bool| if ok { "PASS" } else { "MISS" };
    println!(
        "baishan_rate: {urls} URLs, {URLS_PER_REQUEST} per request, limit {per} per {window:?}"
    );
    println!(
        "  requests until every batch was accepted: {requests} ({submits} submits, {} other); target {expected}: {}",
        requests - submits,
        verdict(requests == expected)
    );
    println!(
        "  every batch accepted after {:?}; bound {last_leaves:?} (floor(({requests} - 1) / {per}) × {window:?}) + one answer {:?} = {bound:?}; ratio {ratio:.2}, target <= {TARGET_RATIO}: {}",
        run.sent.at,
        run.first_accepted,
        verdict(ratio <= TARGET_RATIO)
    );
    println!(
        "  (evenly spaced sends, one per {window:?} / {}, would take {even:?})",
        per - 1
    );
    println!(
        "  429 answers (whole run, polling included): {throttled}; target 0: {}",
        verdict(throttled == 0)
    );
    println!(
        "  until every URL completed: {:?}, completed {}, {} requests in all",
        run.total,
        run.summary.counts.completed,
        asked.total()
    );
}
