//! Upgrades: a database made by the previous release opens with today's engine, is migrated,
//! and keeps its profiles and jobs (what a user who installs a new version over the old one
//! has). The fixtures and how they were made: tests/fixtures/README.md.

use cachedesk_core::{Action, Vendor};
use cachedesk_engine::{
    Engine, JobFilter, JobId, JobStatus, PageRequest, ProfileDraft, UrlState, DATABASE_FILE,
};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn fixture(release: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("db-{release}"))
        .join(DATABASE_FILE)
}

/// A data folder holding a copy of the release's database (the fixture itself stays as made).
fn data_dir_from(release: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::copy(fixture(release), dir.path().join(DATABASE_FILE)).unwrap();
    dir
}

fn schema_version(data_dir: &Path) -> i64 {
    let conn = rusqlite::Connection::open(data_dir.join(DATABASE_FILE)).unwrap();
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap()
}

const ALL: PageRequest = PageRequest {
    offset: 0,
    limit: 100,
};

#[test]
fn the_0_1_0_database_keeps_its_profiles() {
    let dir = data_dir_from("0.1.0");
    let engine = Engine::open(dir.path()).unwrap();

    let profiles = engine.profiles().unwrap();
    let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    for name in ["官网 CDN", "geo-site", "downloads"] {
        assert!(names.contains(&name), "{name} is missing from {names:?}");
    }

    let cdn = engine.profile_named("官网 CDN").unwrap();
    assert_eq!(cdn.vendor, Vendor::BaiduCdn);
    assert_eq!(cdn.domains, ["www.example.com", "static.example.com"]);
    assert_eq!(cdn.batch_size, Some(50));
    assert!(cdn
        .endpoint
        .as_deref()
        .unwrap()
        .starts_with("http://127.0.0.1:"));

    let geo = engine.profile_named("geo-site").unwrap();
    assert_eq!(geo.vendor, Vendor::BaiduGeo);
    assert_eq!(geo.site.as_deref(), Some("example.com"));

    let baishan = engine.profile_named("downloads").unwrap();
    assert_eq!(baishan.vendor, Vendor::Baishan);
    assert_eq!(baishan.domains, ["dl.example.net"]);
    assert_eq!(baishan.concurrency, Some(4));
}

#[test]
fn the_0_1_0_database_keeps_its_jobs_and_every_line() {
    let dir = data_dir_from("0.1.0");
    let engine = Engine::open(dir.path()).unwrap();

    let jobs = engine.jobs(&JobFilter::default(), ALL).unwrap();
    assert_eq!(jobs.total, 5);
    let ids: Vec<i64> = jobs.items.iter().map(|j| j.id.0).collect();
    assert_eq!(ids, [5, 4, 3, 2, 1], "newest first");

    let first = engine.job(JobId(1)).unwrap();
    assert_eq!(first.profile_name, "官网 CDN");
    assert_eq!(first.action, Action::PurgeFiles);
    assert_eq!(first.status, JobStatus::Finished);
    assert_eq!((first.counts.completed, first.counts.rejected), (3, 2));
    let lines = engine.job_urls(JobId(1), None, ALL).unwrap().items;
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[1].url,
        "https://www.example.com/%E6%96%B0%E9%97%BB/2026%20%E5%B9%B4.html"
    );
    assert!(lines[..3]
        .iter()
        .all(|l| l.state == UrlState::Completed && l.task_id.is_some()));
    assert!(lines[3..].iter().all(|l| l.state == UrlState::Rejected));
    assert_eq!(engine.task_ids(JobId(1)).unwrap().len(), 1);

    let prefetch = engine.job(JobId(2)).unwrap();
    assert_eq!(
        (prefetch.vendor, prefetch.action),
        (Vendor::Baishan, Action::Prefetch)
    );
    assert_eq!(prefetch.counts.completed, 2);

    let dirs = engine.job(JobId(3)).unwrap();
    assert_eq!(dirs.action, Action::PurgeDirectories);
    assert_eq!(dirs.status, JobStatus::Finished);

    // A removed profile's job stays in the history under its name.
    let retired = engine.job(JobId(4)).unwrap();
    assert_eq!(retired.profile_name, "retired");
    assert_eq!(retired.counts.completed, 1);

    // A scheduled prefetch that was still waiting: it stays resumable, with its start time.
    let scheduled = engine.job(JobId(5)).unwrap();
    assert_eq!(scheduled.status, JobStatus::Running);
    assert!(scheduled.start_at.is_some());
    assert_eq!(scheduled.counts.accepted, 1);

    let mut csv = Vec::new();
    assert_eq!(engine.export_csv(JobId(1), &mut csv).unwrap(), 5);
}

#[test]
fn the_0_1_0_database_is_migrated_once_and_stays_writable() {
    let dir = data_dir_from("0.1.0");
    assert_eq!(schema_version(dir.path()), 2, "the 0.1.0 schema");

    let engine = Engine::open(dir.path()).unwrap();
    let migrated = schema_version(dir.path());
    assert!(migrated >= 2);
    let site = engine.profile_named("官网 CDN").unwrap();
    let mut draft = ProfileDraft {
        name: "官网 CDN".into(),
        vendor: site.vendor,
        endpoint: site.endpoint.clone(),
        site: site.site.clone(),
        domains: site.domains.clone(),
        batch_size: Some(40),
        concurrency: site.concurrency,
    };
    engine.update_profile(site.id, &draft).unwrap();
    draft.name = "after the upgrade".into();
    engine.create_profile(&draft).unwrap();
    drop(engine);

    // Opening again migrates nothing more and loses nothing.
    let engine = Engine::open(dir.path()).unwrap();
    assert_eq!(schema_version(dir.path()), migrated);
    assert_eq!(engine.profiles().unwrap().len(), 4);
    assert_eq!(
        engine.profile_named("官网 CDN").unwrap().batch_size,
        Some(40)
    );
    assert_eq!(engine.jobs(&JobFilter::default(), ALL).unwrap().total, 5);
}
