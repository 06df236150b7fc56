//! The database itself: migrations on a fresh and an existing file, WAL, profiles with soft
//! delete, and the URL state guard that no writer can get around.

use crate::common::*;
use cachedesk_core::{Action, Error, ErrorCode, Vendor};
use cachedesk_engine::{Engine, JobFilter, PageRequest, ProfileDraft, UrlState, DATABASE_FILE};
use rusqlite::Connection;
use std::time::Duration;
use tempfile::TempDir;

fn draft(name: &str) -> ProfileDraft {
    ProfileDraft {
        name: name.into(),
        vendor: Vendor::BaiduGeo,
        endpoint: None,
        site: Some("example.org".into()),
        domains: vec!["img.example.org".into()],
        batch_size: Some(50),
        concurrency: Some(4),
    }
}

#[test]
fn a_fresh_file_is_migrated_to_the_latest_version_in_wal_mode() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("nested").join("data");
    Engine::open(&data).unwrap();
    let conn = Connection::open(data.join(DATABASE_FILE)).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 12);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

/// A database failure keeps SQLite's own error as its source, for logs and diagnostics that walk
/// the chain; its code and message stay a storage error's.
#[test]
fn a_file_that_is_not_a_database_fails_as_storage_keeping_sqlites_error() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join(DATABASE_FILE), vec![7u8; 8192]).unwrap();
    let Err(error) = Engine::open(&data) else {
        panic!("a file of sevens opened as a database");
    };
    assert_eq!(error.code(), ErrorCode::Storage);
    let source = std::error::Error::source(&error).expect("SQLite's error underneath");
    assert_eq!(error.to_string(), format!("local database error: {source}"));
    assert!(source.to_string().contains("not a database"), "{source}");
}

#[test]
fn an_existing_file_keeps_its_data_and_two_engines_share_it() {
    let dir = TempDir::new().unwrap();
    let first = Engine::open(dir.path()).unwrap();
    let saved = first.create_profile(&draft("site A")).unwrap();
    let second = Engine::open(dir.path()).unwrap();
    assert_eq!(second.profile(saved.id).unwrap(), saved);
    second.create_profile(&draft("site B")).unwrap();
    drop((first, second));
    let reopened = Engine::open(dir.path()).unwrap();
    let names: Vec<String> = reopened
        .profiles()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["site A", "site B"]);
}

#[test]
fn profiles_are_soft_deleted_and_names_are_unique_among_live_ones() {
    let dir = TempDir::new().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let a = engine.create_profile(&draft("shop")).unwrap();
    assert_eq!(a.limits().urls_per_submit, 50);
    assert_eq!(a.concurrency(), 4);
    let dup = engine.create_profile(&draft("shop"));
    assert!(matches!(dup, Err(Error::ProfileNameTaken(_))), "{dup:?}");
    assert!(matches!(
        engine.create_profile(&draft("  ")),
        Err(Error::InvalidInput(_))
    ));

    let mut changed = draft("shop");
    changed.domains.push("cdn.example.org".into());
    let updated = engine.update_profile(a.id, &changed).unwrap();
    assert_eq!(updated.domains.len(), 2);
    assert!(updated.updated_at >= a.updated_at);

    engine.delete_profile(a.id).unwrap();
    assert!(engine.profiles().unwrap().is_empty());
    assert!(
        engine.profile(a.id).unwrap().deleted_at.is_some(),
        "still readable"
    );
    assert!(matches!(
        engine.profile_named("shop"),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        engine.delete_profile(a.id),
        Err(Error::NotFound(_))
    ));
    let again = engine.create_profile(&draft("shop")).unwrap();
    assert_ne!(again.id, a.id, "the name is free again");
    assert_eq!(engine.profile_named("shop").unwrap().id, again.id);
}

#[tokio::test]
async fn no_writer_can_move_a_url_along_a_forbidden_edge() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let job = h
        .engine
        .create_job(&request(&h, Action::PurgeFiles, urls(3, "guard")), &h.creds)
        .await
        .unwrap();
    let conn = Connection::open(h.dir.path().join(DATABASE_FILE)).unwrap();
    for (from, to) in [("pending", "completed"), ("pending", "accepted")] {
        let err = conn
            .execute(
                "UPDATE job_urls SET state = ?2 WHERE job_id = ?1 AND state = ?3",
                rusqlite::params![job.0, to, from],
            )
            .unwrap_err();
        assert!(
            err.to_string().contains("invalid URL state transition"),
            "{err}"
        );
    }
    conn.execute(
        "UPDATE job_urls SET state = 'sending' WHERE job_id = ?1 AND line = 1",
        [job.0],
    )
    .expect("an allowed move is taken");
    // A URL whose row is still pending follows its batch: once the vendor holds the batch, the
    // URL is accepted and may complete; a URL with a state of its own does not follow.
    conn.execute(
        "UPDATE batches SET state = 'accepted' WHERE job_id = ?1",
        [job.0],
    )
    .unwrap();
    conn.execute(
        "UPDATE job_urls SET state = 'completed' WHERE job_id = ?1 AND line = 2",
        [job.0],
    )
    .expect("a URL that follows its accepted batch completes");
    let err = conn
        .execute(
            "UPDATE job_urls SET state = 'completed' WHERE job_id = ?1 AND line = 1",
            [job.0],
        )
        .unwrap_err();
    assert!(err.to_string().contains("invalid URL state transition"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_url_reads_as_its_batch_stands_and_keeps_the_task_and_send_time_when_done() {
    let h = start(Vendor::BaiduCdn, hour_long_tasks(), fast_options()).await;
    let job = h
        .engine
        .create_job(&request(&h, Action::PurgeFiles, urls(3, "held")), &h.creds)
        .await
        .unwrap();
    send_then_stop(&h, job, 3).await;
    let batch = h.engine.job_batches(job).unwrap().remove(0);
    let held = all_lines(&h.engine, job);
    for line in &held {
        assert_eq!(line.state, UrlState::Accepted, "{line:?}");
        assert_eq!(line.task_id, batch.task_id);
        assert_eq!(line.sent_at, batch.sent_at);
    }
    assert!(batch.task_id.is_some());

    let later = Duration::from_secs(2 * 3600);
    h.sim.age(later);
    move_sends_back(&h, later);
    let summary = h.engine.sync_job(job, &h.creds).await.unwrap();
    assert_eq!(summary.counts.completed, 3, "{summary:?}");
    let sent = h.engine.job_batches(job).unwrap()[0].sent_at;
    for done in all_lines(&h.engine, job) {
        assert_eq!(done.state, UrlState::Completed);
        assert_eq!((&done.task_id, done.sent_at), (&batch.task_id, sent));
    }
    assert_eq!(h.engine.task_ids(job).unwrap(), [batch.task_id.unwrap()]);
}

#[tokio::test]
async fn a_deleted_profile_keeps_its_history_and_takes_no_new_job() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let done = h
        .engine
        .submit(&request(&h, Action::PurgeFiles, urls(3, "del")), &h.creds)
        .await
        .unwrap();
    h.engine.delete_profile(h.profile.id).unwrap();
    let history = h
        .engine
        .jobs(&JobFilter::default(), PageRequest::default())
        .unwrap();
    assert_eq!(history.items[0].id, done.id);
    assert_eq!(history.items[0].profile_name, "main");
    let refused = h
        .engine
        .create_job(&request(&h, Action::PurgeFiles, urls(3, "del2")), &h.creds)
        .await;
    assert!(
        matches!(refused, Err(Error::InvalidInput(_))),
        "{refused:?}"
    );
}
