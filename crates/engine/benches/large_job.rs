//! Journaling a job of 20,000 and of 1,000,000 URLs (quota check, job, batches, URLs), while
//! another engine on the same database (the other program: the app or the CLI) saves a profile
//! every 10 ms. Target: no save fails or takes 1 s (a save waits at most 10 s for the write lock,
//! then fails with "database is locked"). Also: how long the next program's open takes to
//! remove such a job left half-written by a crash.

mod common;

use cachedesk_core::{Action, Vendor};
use cachedesk_engine::{Engine, EngineOptions, ProfileDraft, DATABASE_FILE};
use cachedesk_sim::{Quotas, Sim, SimConfig, Speed};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TARGET: Duration = Duration::from_secs(1);

#[tokio::main]
async fn main() {
    let sizes = match std::env::var("CACHEDESK_BENCH_URLS") {
        Ok(_) => vec![common::url_count(0)],
        Err(_) => vec![20_000, 1_000_000],
    };
    let sim = Sim::start(SimConfig {
        speed: Speed::Instant,
        quotas: Quotas {
            baidu_urls: u32::MAX,
            ..Quotas::default()
        },
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    for urls in sizes {
        let desk = common::open_engine(EngineOptions::default());
        let request = common::job_request(
            &desk.engine,
            &sim,
            Vendor::BaiduCdn,
            Action::PurgeFiles,
            urls,
        );
        let other = Other::start(desk.engine.data_dir());
        let t = Instant::now();
        desk.engine
            .create_job(&request, &common::credentials(Vendor::BaiduCdn))
            .await
            .expect("job created");
        let took = t.elapsed();
        let seen = other.stop();
        let pass = seen.failed == 0 && seen.longest < TARGET;
        println!(
            "large_job: {urls} URLs journaled in {took:.2?} ({:.1} µs a URL); the other engine \
             saved {} profiles meanwhile, {} failed, the longest save took {:.1?}; \
             target < {TARGET:?}: {}",
            took.as_secs_f64() * 1e6 / urls as f64,
            seen.saved,
            seen.failed,
            seen.longest,
            if pass { "PASS" } else { "MISS" }
        );
        // The job as the next program finds it after a crash on its last piece: still marked
        // as being written, its lock free.
        rusqlite::Connection::open(desk.engine.data_dir().join(DATABASE_FILE))
            .and_then(|db| db.execute("UPDATE jobs SET being_written = 1", []))
            .expect("the job marked");
        let t = Instant::now();
        Engine::open(desk.engine.data_dir()).expect("the next program opens");
        println!(
            "  the next program's open removed it, left half-written by a crash, in {:.2?}",
            t.elapsed()
        );
    }
    sim.shutdown().await;
}

/// The other program: a second engine on the same folder (its own connection) saving a profile
/// every 10 ms, noting the longest save.
struct Other {
    running: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<Saves>,
}

#[derive(Default)]
struct Saves {
    saved: u32,
    /// Saves that failed (the write lock not had within the busy timeout).
    failed: u32,
    longest: Duration,
}

impl Other {
    fn start(data_dir: &std::path::Path) -> Other {
        let engine = Engine::open(data_dir).expect("the other engine opens");
        let running = Arc::new(AtomicBool::new(true));
        let thread = std::thread::spawn({
            let running = Arc::clone(&running);
            move || {
                let mut seen = Saves::default();
                while running.load(Ordering::SeqCst) {
                    let t = Instant::now();
                    let saved = engine.create_profile(&ProfileDraft {
                        name: format!("other {}", seen.saved + seen.failed),
                        vendor: Vendor::Baishan,
                        endpoint: Some("http://127.0.0.1:9".into()),
                        site: None,
                        domains: vec!["www.example.com".into()],
                        batch_size: None,
                        concurrency: None,
                    });
                    seen.longest = seen.longest.max(t.elapsed());
                    match saved {
                        Ok(_) => seen.saved += 1,
                        Err(_) => seen.failed += 1,
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                seen
            }
        });
        Other { running, thread }
    }

    fn stop(self) -> Saves {
        self.running.store(false, Ordering::SeqCst);
        self.thread.join().expect("the other engine")
    }
}
