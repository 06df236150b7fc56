//! Text search over the journal's URLs through the trigram index finds exactly the jobs a
//! `LIKE` over every URL finds: Chinese (typed, or percent-encoded as stored), wildcard
//! characters taken literally, text shorter than a trigram, and jobs journaled after the last
//! search.

use crate::common::*;
use cachedesk_core::{Action, Vendor};
use cachedesk_engine::{Engine, InputUrl, JobFilter, PageRequest, DATABASE_FILE};
use cachedesk_intake::as_in_url;
use std::collections::BTreeSet;
use std::path::Path;

const QUERIES: &[&str] = &[
    "图片",
    "新闻图",
    "片/新闻",
    "%E5%9B%BE",
    "%e5%9b%be",
    "file_1",
    "file-1",
    "FILE-1",
    "_",
    "%",
    "a\\b",
    "js",
    // Two characters, through the trigrams that start with them; `ss` ends each job's last URL.
    "ss",
    "SS",
    "ml",
    "-1",
    "%5",
    "/h2/",
    "www.example.com/h1/",
    "日报",
    "nothing-like-this",
    "file-12",
    "FILE-12.js",
];

/// The lines of job `tag`: Chinese paths, as a normalised URL holds them, and plain ones.
fn lines(tag: &str) -> Vec<InputUrl> {
    let paths = [
        format!("{tag}/file-1.js"),
        format!("{tag}/file_1.js"),
        format!("{tag}/{}/a.png", as_in_url("图片/新闻图")),
        format!("{tag}/{}.html", as_in_url("新闻 日报")),
        format!("{tag}/a%5Cb.css"),
    ];
    paths
        .iter()
        .enumerate()
        .map(|(i, path)| InputUrl {
            line: i as u32 + 1,
            url: format!("https://www.example.com/{path}"),
        })
        .collect()
}

/// The jobs with a URL `LIKE` the text or its encoded form, read from every URL.
fn like_reference(dir: &Path, text: &str) -> BTreeSet<i64> {
    let conn = rusqlite::Connection::open(dir.join(DATABASE_FILE)).unwrap();
    let mut found = BTreeSet::new();
    for form in [text.to_owned(), as_in_url(text).into_owned()] {
        let pattern = format!(
            "%{}%",
            form.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let mut stmt = conn
            .prepare("SELECT DISTINCT job_id FROM job_urls WHERE url LIKE ?1 ESCAPE '\\'")
            .unwrap();
        let ids = stmt.query_map([pattern], |r| r.get::<_, i64>(0)).unwrap();
        found.extend(ids.map(Result::unwrap));
    }
    found
}

fn searched(engine: &Engine, filter: JobFilter) -> BTreeSet<i64> {
    let page = PageRequest {
        offset: 0,
        limit: 1_000,
    };
    let found = engine.jobs(&filter, page).unwrap();
    let ids: BTreeSet<i64> = found.items.iter().map(|j| j.id.0).collect();
    assert_eq!(found.total as usize, ids.len());
    ids
}

fn assert_same_as_like(h: &Harness) {
    for text in QUERIES {
        let expected = like_reference(h.dir.path(), text);
        let by_url = searched(
            &h.engine,
            JobFilter {
                url_contains: Some((*text).into()),
                ..JobFilter::default()
            },
        );
        assert_eq!(by_url, expected, "url_contains {text:?}");
        // Any text: the URLs' matches, and no profile name or task id holds these.
        let by_text = searched(
            &h.engine,
            JobFilter {
                text: Some((*text).into()),
                ..JobFilter::default()
            },
        );
        assert!(by_text.is_superset(&expected), "text {text:?}");
    }
}

#[tokio::test]
async fn search_finds_what_like_finds_including_chinese_and_later_jobs() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    for tag in ["h1", "h2"] {
        let request = request(&h, Action::PurgeFiles, lines(tag));
        h.engine.create_job(&request, &h.creds).await.unwrap();
    }
    let plain = request(&h, Action::PurgeFiles, urls(3, "h3"));
    h.engine.create_job(&plain, &h.creds).await.unwrap();
    // URLs holding trigrams of `file-12` (`-12/file-1.js` all of them) but not the text: the index
    // finds them, the check on the URL turns them down; a job with a match after them is found.
    for (tag, paths) in [
        ("h5", vec!["-12/file-1.js", "12/file-9.js", "file-12.js"]),
        ("h6", vec!["-12/file-1.js", "12/file-9.js"]),
    ] {
        let lines = paths
            .iter()
            .enumerate()
            .map(|(i, path)| InputUrl {
                line: i as u32 + 1,
                url: format!("https://www.example.com/{tag}/{path}"),
            })
            .collect();
        let job = request(&h, Action::PurgeFiles, lines);
        h.engine.create_job(&job, &h.creds).await.unwrap();
    }
    assert_same_as_like(&h);
    assert_eq!(like_reference(h.dir.path(), "file-12").len(), 1);
    assert_eq!(like_reference(h.dir.path(), "图片").len(), 2);

    // Journaled after the first search: found by the next one.
    let later = request(&h, Action::PurgeFiles, lines("h4"));
    let job = h.engine.create_job(&later, &h.creds).await.unwrap();
    assert_same_as_like(&h);
    let found = searched(
        &h.engine,
        JobFilter {
            url_contains: Some("h4/图片/新闻图".into()),
            ..JobFilter::default()
        },
    );
    assert_eq!(found, BTreeSet::from([job.0]));
}

/// Journals `jobs` finished jobs of three URLs straight into the database file (as many as the
/// engine's own journal steps would take minutes): those whose number `holds` keeps have a
/// Chinese folder, as a normalised URL holds it. Their ids, oldest first.
fn journal_directly(h: &Harness, jobs: usize, holds: impl Fn(usize) -> bool) -> Vec<(i64, bool)> {
    let mut conn = rusqlite::Connection::open(h.dir.path().join(DATABASE_FILE)).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    let tx = conn.transaction().unwrap();
    let now = chrono::Utc::now();
    let mut ids = Vec::new();
    for n in 0..jobs {
        tx.execute(
            "INSERT INTO jobs (profile_id, action, status, created_at, updated_at, finished_at) \
             VALUES (?1, 'purge-files', 'finished', ?2, ?2, ?2)",
            rusqlite::params![h.profile.id.0, now],
        )
        .unwrap();
        let job = tx.last_insert_rowid();
        let folder = if holds(n) {
            as_in_url("新闻图片").into_owned()
        } else {
            "assets".into()
        };
        for line in 1..=3 {
            tx.execute(
                "INSERT INTO job_urls (job_id, line, url, state, updated_at) \
                 VALUES (?1, ?2, ?3, 'completed', ?4)",
                rusqlite::params![
                    job,
                    line,
                    format!("https://www.example.com/n{n}/{folder}/{line}.png"),
                    now
                ],
            )
            .unwrap();
        }
        ids.push((job, holds(n)));
    }
    tx.commit().unwrap();
    ids
}

#[tokio::test]
async fn a_search_with_more_matches_than_it_counts_pages_newest_first() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    // 1,200 of 1,300 jobs hold the folder: more than a search counts (1,000).
    let journaled = journal_directly(&h, 1_300, |n| n % 13 != 0);
    let newest_first: Vec<i64> = journaled
        .iter()
        .rev()
        .filter(|(_, holds)| *holds)
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(newest_first.len(), 1_200);
    let search = |text: &str, offset: u64, limit: u32| {
        let page = h
            .engine
            .jobs(
                &JobFilter {
                    url_contains: Some(text.into()),
                    ..JobFilter::default()
                },
                PageRequest { offset, limit },
            )
            .unwrap();
        let ids: Vec<i64> = page.items.iter().map(|j| j.id.0).collect();
        (ids, page.total, page.more)
    };

    // The newest page, and a total that says there are more than 1,000.
    let (first, total, more) = search("闻图片", 0, 50);
    assert_eq!(first, newest_first[..50]);
    assert_eq!((total, more), (1_000, true));
    assert_eq!(first[0], journaled.last().unwrap().0);

    // A page past the count: counted to its end, and still more.
    let (deep, total, more) = search("闻图片", 1_100, 50);
    assert_eq!(deep, newest_first[1_100..1_150]);
    assert_eq!((total, more), (1_150, true));

    // The last page: every match counted.
    let (last, total, more) = search("闻图片", 1_180, 50);
    assert_eq!(last, newest_first[1_180..]);
    assert_eq!((total, more), (1_200, false));

    // Fewer matches than the count: exact. The same as `LIKE` over every URL.
    let (few, total, more) = search("/n1299/", 0, 50);
    assert_eq!(few, [journaled[1_299].0]);
    assert_eq!((total, more), (1, false));
    let (none, total, more) = search("/n1299/assets", 0, 50);
    assert!(none.is_empty());
    assert_eq!((total, more), (0, false));
    let by_like: Vec<i64> = like_reference(h.dir.path(), "闻图片")
        .into_iter()
        .rev()
        .collect();
    assert_eq!(by_like, newest_first);
}
