//! Shared by the engine's integration tests: a simulator, a fresh data directory, an engine
//! with short timings, and the checks every test makes.

use cachedesk_core::{Action, Credentials, Secret, Vendor};
use cachedesk_engine::{
    Engine, EngineOptions, InputUrl, JobId, JobRequest, PageRequest, PollSchedule, Profile,
    ProfileDraft, ReconcilePolicy, RetryPolicy, UrlResult, DATABASE_FILE,
};
use cachedesk_sim::{Quotas, Sim, SimConfig, Speed, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_TOKEN};
use std::collections::HashMap;
use std::time::Duration;
use tempfile::TempDir;

pub struct Harness {
    pub sim: Sim,
    pub dir: TempDir,
    pub engine: Engine,
    pub profile: Profile,
    pub creds: Credentials,
    pub vendor: Vendor,
}

pub fn fast_options() -> EngineOptions {
    EngineOptions {
        retry: RetryPolicy {
            min_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(200),
            max_retries: 10,
        },
        poll: PollSchedule {
            intervals: vec![Duration::from_millis(20), Duration::from_millis(50)],
            ..PollSchedule::default()
        },
        reconcile: ReconcilePolicy {
            delay: Duration::ZERO,
            listing_lag: Duration::from_millis(400),
            // Fault suites lose many answers in a row; the guard against endless resends is
            // tested on its own.
            max_sends: 30,
            ..ReconcilePolicy::default()
        },
        ..EngineOptions::default()
    }
}

pub fn credentials(vendor: Vendor) -> Credentials {
    match vendor {
        Vendor::Baishan => Credentials::Token(Secret::new(DEMO_TOKEN)),
        _ => Credentials::AccessKey {
            access_key_id: DEMO_ACCESS_KEY.into(),
            secret_access_key: Secret::new(DEMO_SECRET_KEY),
        },
    }
}

pub fn draft(name: &str, vendor: Vendor, endpoint: &str) -> ProfileDraft {
    ProfileDraft {
        name: name.into(),
        vendor,
        endpoint: Some(endpoint.into()),
        site: (vendor == Vendor::BaiduGeo).then(|| "example.com".into()),
        domains: vec!["www.example.com".into(), "static.example.com".into()],
        batch_size: None,
        concurrency: None,
    }
}

pub async fn start(vendor: Vendor, config: SimConfig, options: EngineOptions) -> Harness {
    let sim = Sim::start(config).await.expect("simulator starts");
    let dir = TempDir::new().expect("temp dir");
    let engine = Engine::open_with(dir.path(), options).expect("engine opens");
    let profile = engine
        .create_profile(&draft("main", vendor, &sim.endpoint(vendor)))
        .expect("profile");
    Harness {
        sim,
        dir,
        engine,
        profile,
        creds: credentials(vendor),
        vendor,
    }
}

pub fn instant() -> SimConfig {
    SimConfig {
        speed: Speed::Instant,
        ..SimConfig::default()
    }
}

/// Tasks the vendor takes an hour to finish: a job stays held, not done.
pub fn hour_long_tasks() -> SimConfig {
    SimConfig {
        speed: Speed::Custom(Duration::from_secs(3600)),
        ..SimConfig::default()
    }
}

/// [`instant`], with `n` URL purges a day at Baidu CDN.
pub fn with_baidu_url_quota(n: u32) -> SimConfig {
    SimConfig {
        quotas: Quotas {
            baidu_urls: n,
            ..Quotas::default()
        },
        ..instant()
    }
}

/// `n` distinct URLs on a host the simulator serves, numbered from line 1.
pub fn urls(n: usize, tag: &str) -> Vec<InputUrl> {
    (0..n)
        .map(|i| InputUrl {
            line: i as u32 + 1,
            url: format!("https://www.example.com/{tag}/file-{i}.js"),
        })
        .collect()
}

pub fn request(h: &Harness, action: Action, urls: Vec<InputUrl>) -> JobRequest {
    JobRequest {
        profile: h.profile.id,
        action,
        urls,
        rejected: vec![],
        start_at: None,
    }
}

/// Every line of the job, read through the paged API.
pub fn all_lines(engine: &Engine, job: JobId) -> Vec<UrlResult> {
    let mut out = Vec::new();
    loop {
        let page = engine
            .job_urls(
                job,
                None,
                PageRequest {
                    offset: out.len() as u64,
                    limit: 1000,
                },
            )
            .expect("job urls");
        if page.items.is_empty() {
            return out;
        }
        out.extend(page.items);
    }
}

/// Each line appears exactly once, and the counts agree with the rows.
pub fn assert_each_line_once(engine: &Engine, job: JobId, lines: usize) -> Vec<UrlResult> {
    let rows = all_lines(engine, job);
    assert_eq!(rows.len(), lines, "every input line has one row");
    let mut seen = std::collections::HashSet::new();
    for r in &rows {
        assert!(seen.insert(r.line), "line {} twice", r.line);
    }
    let summary = engine.job(job).expect("job");
    assert_eq!(summary.counts.total(), lines as u64);
    let mut by_state: HashMap<_, u64> = HashMap::new();
    for r in &rows {
        *by_state.entry(r.state).or_default() += 1;
    }
    for (state, n) in by_state {
        assert_eq!(summary.counts.get(state), n, "count of {state}");
    }
    rows
}

/// No URL reached the vendor twice.
pub fn assert_sent_once(h: &Harness) -> Vec<String> {
    let sent = h.sim.submitted_urls(h.vendor);
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for u in &sent {
        *counts.entry(u).or_default() += 1;
    }
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
    sent
}

/// Moves every send time of the journal `by` into the past, as if that much time had passed.
pub fn move_sends_back(h: &Harness, by: Duration) {
    let by = chrono::Duration::from_std(by).unwrap();
    let db = rusqlite::Connection::open(h.dir.path().join(DATABASE_FILE)).unwrap();
    for table in ["batches", "job_urls"] {
        let rows: Vec<(i64, chrono::DateTime<chrono::Utc>)> = db
            .prepare(&format!(
                "SELECT id, sent_at FROM {table} WHERE sent_at IS NOT NULL"
            ))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for (id, sent) in rows {
            db.execute(
                &format!("UPDATE {table} SET sent_at = ?2 WHERE id = ?1"),
                rusqlite::params![id, sent - by],
            )
            .unwrap();
        }
    }
}

/// Runs `job` until the vendor holds its URLs, then drops the run (a closed laptop).
pub async fn send_then_stop(h: &Harness, job: JobId, n: u64) {
    let _ = tokio::time::timeout(Duration::from_secs(2), h.engine.run_job(job, &h.creds)).await;
    // The dropped run's last journal step releases the job's lock.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(h.engine.job(job).unwrap().counts.accepted, n);
}
