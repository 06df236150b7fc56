//! One page of local history from a database holding 2,000,000 URL results.
//! Targets: < 10 ms per page; < 50 ms per page searched by URL text (the trigram index of runs
//! of URLs, Chinese included; a search counts up to 1,000 jobs). The database is built once with
//! a bulk insert (through the engine's own schema) and kept in the target directory for later
//! runs.

use cachedesk_core::Vendor;
use cachedesk_engine::{
    Engine, JobFilter, JobId, JobStatus, PageRequest, ProfileDraft, UrlState, DATABASE_FILE,
};
use rusqlite::{params, Connection};
use std::path::Path;
use std::time::{Duration, Instant};

const JOBS: i64 = 1_000;
const URLS_PER_JOB: i64 = 2_000;
const TARGET: Duration = Duration::from_millis(10);
const SEARCH_TARGET: Duration = Duration::from_millis(50);
/// Every tenth job's URLs have a Chinese folder (percent-encoded, as a normalised URL has it).
const CHINESE_FOLDER: &str = "新闻图片";

fn build(dir: &Path) {
    let engine = Engine::open(dir).expect("engine opens");
    let mut profiles = Vec::new();
    for name in ["site a", "site b", "site c"] {
        let p = engine
            .create_profile(&ProfileDraft {
                name: name.into(),
                vendor: Vendor::BaiduCdn,
                endpoint: None,
                site: None,
                domains: vec!["www.example.com".into()],
                batch_size: None,
                concurrency: None,
            })
            .expect("profile");
        profiles.push(p.id.0);
    }
    drop(engine);
    let mut conn = Connection::open(dir.join(DATABASE_FILE)).expect("database");
    conn.pragma_update(None, "synchronous", "OFF")
        .expect("pragma");
    let started = Instant::now();
    for job in 0..JOBS {
        let tx = conn.transaction().expect("transaction");
        let created = chrono::Utc::now() - chrono::Duration::minutes(JOBS - job);
        let action = if job % 3 == 0 {
            "prefetch"
        } else {
            "purge-files"
        };
        tx.execute(
            "INSERT INTO jobs (profile_id, action, status, created_at, updated_at, finished_at) \
             VALUES (?1, ?2, 'finished', ?3, ?3, ?3)",
            params![profiles[(job % 3) as usize], action, created],
        )
        .expect("job");
        let job_id = tx.last_insert_rowid();
        {
            let mut batch = tx
                .prepare("INSERT INTO batches (job_id, state, task_id, sent_at, attempts) VALUES (?1, 'accepted', ?2, ?3, 1)")
                .expect("batch statement");
            let mut url = tx
                .prepare(
                    "INSERT INTO job_urls (job_id, line, url, batch_id, state, task_id, raw_status, progress, \
                     sent_at, vendor_created_at, vendor_finished_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 100, ?8, ?8, ?8, ?8)",
                )
                .expect("url statement");
            let mut batch_id = 0;
            let mut task = String::new();
            for line in 0..URLS_PER_JOB {
                if line % 100 == 0 {
                    task = format!("{job_id:016x}{line:016x}");
                    batch
                        .execute(params![job_id, task, created])
                        .expect("batch");
                    batch_id = tx.last_insert_rowid();
                }
                let (state, raw) = if line % 97 == 0 {
                    ("failed", "failed")
                } else {
                    ("completed", "completed")
                };
                let folder = if job % 10 == 0 {
                    cachedesk_intake::as_in_url(CHINESE_FOLDER)
                } else {
                    "assets".into()
                };
                url.execute(params![
                    job_id,
                    line + 1,
                    format!("https://www.example.com/j{job_id}/{folder}/file-{line}.js"),
                    batch_id,
                    state,
                    task,
                    raw,
                    created
                ])
                .expect("url");
            }
        }
        tx.commit().expect("commit");
    }
    // The engine's writers keep the counts; a bulk insert past them counts once at the end.
    conn.execute_batch(
        "UPDATE job_counts SET n = c.n FROM (SELECT job_id, state, COUNT(*) AS n \
           FROM job_urls GROUP BY job_id, state) AS c \
         WHERE c.job_id = job_counts.job_id AND c.state = job_counts.state; \
         ANALYZE",
    )
    .expect("counts");
    println!(
        "  built {} URL results in {:?}",
        JOBS * URLS_PER_JOB,
        started.elapsed()
    );
}

fn url_rows(dir: &Path) -> i64 {
    Connection::open(dir.join(DATABASE_FILE))
        .and_then(|c| {
            c.query_row("SELECT COALESCE(SUM(n), 0) FROM job_counts", [], |r| {
                r.get(0)
            })
        })
        .unwrap_or(0)
}

/// CPU time of this thread so far (Linux), to tell a slow page from a busy machine.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// The median wall time of `runs` calls of `f`, and their mean CPU time (the kernel counts it
/// in ticks of a few milliseconds, so per call it is only an average).
struct Timing {
    wall: Duration,
    cpu: Option<Duration>,
}

fn median(runs: usize, mut f: impl FnMut()) -> Timing {
    let cpu_before = thread_cpu();
    let mut walls: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    let cpu = cpu_before
        .zip(thread_cpu())
        .map(|(before, after)| (after - before) / runs as u32);
    walls.sort();
    Timing {
        wall: walls[runs / 2],
        cpu,
    }
}

fn report(what: &str, took: Timing, target: Option<Duration>) {
    let cpu = took
        .cpu
        .map(|c| format!(" (CPU {c:.1?} a call)"))
        .unwrap_or_default();
    let took = took.wall;
    match target {
        Some(t) => println!(
            "  {what}: median {took:?}{cpu}; target < {t:?}: {}",
            if took < t { "PASS" } else { "MISS" }
        ),
        None => println!("  {what}: median {took:?}{cpu} (no target)"),
    }
}

fn main() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cachedesk-history-bench-v2");
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "history_page: local history over {} URL results (load average: {})",
        JOBS * URLS_PER_JOB,
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    if url_rows(&dir) != JOBS * URLS_PER_JOB {
        let _ = std::fs::remove_dir_all(&dir);
        build(&dir);
    } else {
        println!("  reusing the database in {}", dir.display());
    }
    let engine = Engine::open(&dir).expect("engine opens");
    let page = PageRequest {
        offset: 0,
        limit: 50,
    };
    let all = JobFilter::default();
    let first = engine.jobs(&all, page).expect("page");
    assert_eq!(first.items.len(), 50);
    assert_eq!(first.total, JOBS as u64);
    assert_eq!(first.items[0].counts.total(), URLS_PER_JOB as u64);

    report(
        "first page of 50 jobs, newest first, with counts",
        median(51, || {
            engine.jobs(&all, page).expect("page");
        }),
        Some(TARGET),
    );
    let deep = PageRequest {
        offset: 900,
        limit: 50,
    };
    report(
        "page at offset 900",
        median(51, || {
            engine.jobs(&all, deep).expect("page");
        }),
        Some(TARGET),
    );
    let by_profile = JobFilter {
        profile: first.items.first().map(|j| j.profile_id),
        status: Some(JobStatus::Finished),
        from: Some(chrono::Utc::now() - chrono::Duration::days(1)),
        ..JobFilter::default()
    };
    report(
        "page filtered by profile, status and date",
        median(51, || {
            engine.jobs(&by_profile, page).expect("page");
        }),
        Some(TARGET),
    );
    let job = JobId(first.items[0].id.0);
    report(
        "a job's failed URLs, one page",
        median(51, || {
            engine
                .job_urls(
                    job,
                    Some(UrlState::Failed),
                    PageRequest {
                        offset: 0,
                        limit: 100,
                    },
                )
                .expect("urls");
        }),
        Some(TARGET),
    );
    report(
        "a job's URLs, page at offset 1500",
        median(51, || {
            engine
                .job_urls(
                    job,
                    None,
                    PageRequest {
                        offset: 1_500,
                        limit: 100,
                    },
                )
                .expect("urls");
        }),
        Some(TARGET),
    );
    let search = |text: &str| JobFilter {
        url_contains: Some(text.into()),
        ..JobFilter::default()
    };
    let t = Instant::now();
    let found = engine.jobs(&search("file-1999.js"), page).expect("page");
    println!(
        "  first search: {:?} (indexes the URLs journaled since the last search; {} jobs found)",
        t.elapsed(),
        found.total
    );
    // Job 502 (the 502nd inserted) has the plain folder.
    let rare = format!("/j{}/assets/file-1999.js", JOBS / 2 + 2);
    for (what, text, expected) in [
        ("one URL", rare.as_str(), 1),
        ("a file name in every job", "file-1999.js", JOBS as u64),
        (
            "a Chinese folder (every tenth job)",
            "闻图片",
            JOBS as u64 / 10,
        ),
        // Two characters: the index's trigrams that start with them.
        (
            "two Chinese characters (every tenth job)",
            "图片",
            JOBS as u64 / 10,
        ),
        ("two characters (/j5/, /j50/ to /j599/)", "j5", 111),
    ] {
        let found = engine.jobs(&search(text), page).expect("page");
        assert_eq!((found.total, found.more), (expected, false), "{text}");
        report(
            &format!("page searched by URL text, {what} ({text:?})"),
            median(11, || {
                engine.jobs(&search(text), page).expect("page");
            }),
            Some(SEARCH_TARGET),
        );
    }
    let deep_search = PageRequest {
        offset: 900,
        limit: 50,
    };
    report(
        "page at offset 900 searched by a file name in every job",
        median(11, || {
            engine
                .jobs(&search("file-1999.js"), deep_search)
                .expect("page");
        }),
        Some(SEARCH_TARGET),
    );
    report(
        "page searched by a text in every URL (\"example.com\", every job found)",
        median(3, || {
            engine.jobs(&search("example.com"), page).expect("page");
        }),
        None,
    );
}
