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
