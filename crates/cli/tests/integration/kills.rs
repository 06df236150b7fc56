//! Real `SIGKILL`s of the `cachedesk` command at random moments of jobs against the simulator
//! (with lost answers and slow requests), each followed by `cachedesk resume`: the database stays
//! intact (`PRAGMA integrity_check`), every journaled URL reaches the vendor exactly once (no URL
//! lost, no accepted batch resent) and every job finishes.
//!
//! 5 kills here; `scripts/kill-loop.sh` runs 50 or more (`CACHEDESK_KILLS`), with the seed of
//! the random moments in `CACHEDESK_KILL_SEED` to replay a run.

use crate::common::{urls, Env};
use cachedesk_core::Vendor;
use cachedesk_sim::{Faults, Speed};
use std::collections::{HashMap, HashSet};
use std::process::Stdio;
use std::time::{Duration, Instant};

const LINES: usize = 40;

/// xorshift64*: the kill moments, reproducible from the seed printed at the start.
struct Moments(u64);

impl Moments {
    fn next_below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn integrity(env: &Env) -> String {
    let path = env.data_dir().join(cachedesk_engine::DATABASE_FILE);
    let db = rusqlite::Connection::open(&path).expect("the database opens after a kill");
    db.query_row("PRAGMA integrity_check", [], |row| row.get::<_, String>(0))
        .expect("integrity_check runs")
}

#[test]
fn killed_at_random_moments_then_resumed_loses_nothing_and_resends_nothing() {
    let kills = env_number("CACHEDESK_KILLS").unwrap_or(5).max(1);
    let seed = env_number("CACHEDESK_KILL_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
    }) | 1;
    eprintln!("kill loop: {kills} kills, CACHEDESK_KILL_SEED={seed}");
    let mut moments = Moments(seed);

    let mut config = crate::common::config(Speed::Instant);
    config.faults = Faults {
        latency: Duration::from_millis(60),
        // A lost answer now and then, besides the ones the kills make.
        drop_after_accept_every_nth: Some(7),
        ..Faults::default()
    };
    let env = Env::with(config);
    env.add_profile(
        "cdn",
        Vendor::BaiduCdn,
        &["--batch-size", "5", "--concurrency", "1"],
    );

    let started = Instant::now();
    let mut killed_running = 0;
    let mut sent_at_kill = Vec::new();
    for round in 0..kills {
        let sent_before = env.sim().submitted_urls(Vendor::BaiduCdn).len();
        let file = env.write_urls(&format!("k{round}.txt"), &urls(LINES, &format!("k{round}")));
        let mut child = env
            .with_env_credentials()
            .args(["purge", "-p", "cdn", "--wait", "--json"])
            .arg(&file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cachedesk starts");
        // Half the kills within the start and the sending (8 batches of 60 ms), half anywhere
        // up to the polling of the finished tasks.
        let window = if moments.next_below(2) == 0 {
            700
        } else {
            2500
        };
        let after = Duration::from_millis(moments.next_below(window));
        std::thread::sleep(after);
        if child.try_wait().unwrap().is_none() {
            killed_running += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let this_round = env.sim().submitted_urls(Vendor::BaiduCdn).len() - sent_before;
        sent_at_kill.push(this_round);

        assert_eq!(
            integrity(&env),
            "ok",
            "round {round}, killed after {after:?}"
        );
        env.run(&["resume", "--json"]).expect(0);
        assert_eq!(integrity(&env), "ok", "round {round}, after the resume");
    }

    let limit = (kills + 5).to_string();
    let history = env
        .run(&["jobs", "--json", "--limit", &limit])
        .expect(0)
        .json();
    let jobs = history["jobs"].as_array().expect("jobs");
    let mut completed = 0;
    for job in jobs {
        assert_eq!(job["status"], "finished", "{job}");
        assert_eq!(job["counts"]["completed"], LINES as u64, "{job}");
        completed += LINES;
    }
    let sent = env.sim().submitted_urls(Vendor::BaiduCdn);
    let mut times: HashMap<&str, usize> = HashMap::new();
    for url in &sent {
        *times.entry(url).or_default() += 1;
    }
    let twice: Vec<_> = times.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
    assert_eq!(
        sent.len(),
        completed,
        "every journaled URL reached the vendor"
    );
    let rounds: HashSet<&str> = sent.iter().filter_map(|u| u.split('/').nth(3)).collect();
    assert_eq!(rounds.len(), jobs.len(), "each job's URLs, and only those");
    let before_sending = sent_at_kill.iter().filter(|n| **n == 0).count();
    let mid_sending = sent_at_kill
        .iter()
        .filter(|n| (1..LINES).contains(n))
        .count();
    eprintln!(
        "kill loop: {kills} SIGKILLs ({killed_running} while the command ran: {before_sending} \
         before its first URL was sent, {mid_sending} in the middle of sending, the others while \
         polling); jobs journaled before their kill: {}; {} URLs sent, each once; \
         integrity_check ok after every kill and every resume; {:.1} s. URLs of the job sent at \
         each kill: {sent_at_kill:?}",
        jobs.len(),
        sent.len(),
        started.elapsed().as_secs_f64()
    );
}
