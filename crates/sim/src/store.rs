//! Accepted tasks and their per-URL records, in memory. A record's state is computed from its
//! timestamps and the configured speed, so nothing runs in the background.
//!
//! Deterministic failures: a URL whose path contains `fail` (any case) always ends `failed`,
//! with [`FAILURE_REASON`]; every other URL completes.

use crate::config::Speed;
use cachedesk_core::{Kind, Target};
use chrono::{DateTime, Timelike, Utc};
use std::collections::HashMap;
use std::ops::Range;

pub const FAILURE_REASON: &str = "origin returned 404 Not Found";

/// How a vendor names its tasks and records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdStyle {
    /// 32 lower-case hex digits (Baidu).
    Hex,
    /// A growing decimal number (Baishan).
    Digits,
}

/// One URL of a submit request, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecord {
    pub url: String,
    pub target: Target,
    /// Scheduled prefetch (Baidu CDN `startTime`).
    pub start_at: Option<DateTime<Utc>>,
    /// Baidu CDN prefetch `speed`, echoed back.
    pub speed: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Position in the store: a stable order for markers.
    pub seq: u64,
    pub id: String,
    pub task_id: String,
    pub kind: Kind,
    /// Baidu GEO: the site it was submitted under.
    pub site: Option<String>,
    pub url: String,
    pub target: Target,
    pub created_at: DateTime<Utc>,
    pub start_at: Option<DateTime<Utc>>,
    pub speed: Option<u64>,
    pub fails: bool,
}

impl Record {
    /// Whether this task purges or prefetches `url`: the URL itself, or a directory above it.
    fn covers(&self, url: &str) -> bool {
        self.url == url || (self.target == Target::Directory && url.starts_with(&self.url))
    }
}

/// Where a record stands at some moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Waiting,
    Running {
        started_at: DateTime<Utc>,
        progress: u8,
    },
    Done {
        started_at: DateTime<Utc>,
        finished_at: DateTime<Utc>,
        failed: bool,
    },
}

#[derive(Debug)]
pub struct Store {
    style: IdStyle,
    speed: Speed,
    /// Whether purges wait in a queue before running (Baishan) or start at once (Baidu).
    purge_queues: bool,
    records: Vec<Record>,
    tasks: HashMap<String, Range<usize>>,
    next_number: u64,
}

fn path_says_fail(url: &str) -> bool {
    url::Url::parse(url)
        .map(|u| u.path().to_ascii_lowercase().contains("fail"))
        .unwrap_or(false)
}

/// `at + d`, or the end of time when a (custom) speed is absurdly slow.
fn later(at: DateTime<Utc>, d: std::time::Duration) -> DateTime<Utc> {
    chrono::Duration::from_std(d)
        .ok()
        .and_then(|d| at.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

impl Store {
    pub fn new(style: IdStyle, speed: Speed, purge_queues: bool) -> Self {
        Store {
            style,
            speed,
            purge_queues,
            records: Vec::new(),
            tasks: HashMap::new(),
            next_number: 30_042_313,
        }
    }

    fn new_id(&mut self) -> String {
        match self.style {
            IdStyle::Hex => uuid::Uuid::new_v4().simple().to_string(),
            IdStyle::Digits => {
                self.next_number += 1;
                self.next_number.to_string()
            }
        }
    }

    /// Records one accepted submit and returns its task id.
    pub fn submit(
        &mut self,
        kind: Kind,
        site: Option<&str>,
        urls: Vec<NewRecord>,
        now: DateTime<Utc>,
    ) -> String {
        // Vendors show whole seconds; a record is never later than the time it is shown with.
        let now = now.with_nanosecond(0).unwrap_or(now);
        let task_id = self.new_id();
        let first = self.records.len();
        for new in urls {
            let record = Record {
                seq: self.records.len() as u64,
                id: self.new_id(),
                task_id: task_id.clone(),
                kind,
                site: site.map(str::to_owned),
                fails: path_says_fail(&new.url),
                url: new.url,
                target: new.target,
                created_at: now,
                start_at: new.start_at,
                speed: new.speed,
            };
            self.records.push(record);
        }
        self.tasks
            .insert(task_id.clone(), first..self.records.len());
        task_id
    }

    /// Every record of one task, in submit order (empty for an unknown id).
    pub fn task(&self, task_id: &str) -> &[Record] {
        self.tasks
            .get(task_id)
            .and_then(|range| self.records.get(range.clone()))
            .unwrap_or(&[])
    }

    /// Every record, newest first; from position `up_to` down when given (a marker).
    pub fn newest_first(&self, up_to: Option<u64>) -> impl Iterator<Item = &Record> {
        let end = up_to.map_or(self.records.len(), |seq| {
            usize::try_from(seq.saturating_add(1))
                .map_or(self.records.len(), |n| n.min(self.records.len()))
        });
        self.records[..end].iter().rev()
    }

    /// Records created in `(since, until]` that match `pred`.
    pub fn count_created(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        pred: impl Fn(&Record) -> bool,
    ) -> u64 {
        let n = self
            .records
            .iter()
            .filter(|r| r.created_at > since && r.created_at <= until && pred(r))
            .count();
        n as u64
    }

    /// Moves every record `by` into the past (created and scheduled times), as if that much time
    /// had passed.
    pub fn age(&mut self, by: chrono::Duration) {
        for r in &mut self.records {
            r.created_at = earlier(r.created_at, by);
            r.start_at = r.start_at.map(|at| earlier(at, by));
        }
    }

    /// When the last task of `kind` for `url` completed by `now` (failed ones do not count).
    pub fn last_done(&self, url: &str, kind: Kind, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.records
            .iter()
            .filter(|r| r.kind == kind && r.covers(url))
            .filter_map(|r| match self.phase(r, now) {
                Phase::Done {
                    finished_at,
                    failed: false,
                    ..
                } => Some(finished_at),
                _ => None,
            })
            .max()
    }

    /// How many tasks of `kind` for `url` completed by `now`.
    pub fn times_done(&self, url: &str, kind: Kind, now: DateTime<Utc>) -> u32 {
        let done = self
            .records
            .iter()
            .filter(|r| r.kind == kind && r.covers(url))
            .filter(|r| matches!(self.phase(r, now), Phase::Done { failed: false, .. }))
            .count();
        u32::try_from(done).unwrap_or(u32::MAX)
    }

    /// Every accepted URL, in submit order, duplicates kept.
    pub fn submitted_urls(&self) -> Vec<String> {
        self.records.iter().map(|r| r.url.clone()).collect()
    }

    /// Whether records of this kind wait before they run.
    pub fn queues(&self, kind: Kind) -> bool {
        kind == Kind::Prefetch || self.purge_queues
    }

    pub fn phase(&self, record: &Record, now: DateTime<Utc>) -> Phase {
        let begin = record.start_at.unwrap_or(record.created_at);
        let (waiting, running) = if self.queues(record.kind) {
            self.speed.phases()
        } else {
            (std::time::Duration::ZERO, self.speed.total())
        };
        let started_at = later(begin, waiting);
        let finished_at = later(started_at, running);
        if now >= finished_at {
            Phase::Done {
                started_at,
                finished_at,
                failed: record.fails,
            }
        } else if now < started_at {
            Phase::Waiting
        } else {
            let done = (now - started_at).num_milliseconds() as f64;
            let total = (finished_at - started_at).num_milliseconds().max(1) as f64;
            Phase::Running {
                started_at,
                progress: (done / total * 100.0).clamp(0.0, 99.0) as u8,
            }
        }
    }
}

/// `at` moved `by` into the past, or the earliest time there is.
pub fn earlier(at: DateTime<Utc>, by: chrono::Duration) -> DateTime<Utc> {
    at.checked_sub_signed(by)
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn new(url: &str) -> NewRecord {
        NewRecord {
            url: url.into(),
            target: Target::File,
            start_at: None,
            speed: None,
        }
    }

    #[test]
    fn phases_follow_the_clock() {
        let mut store = Store::new(IdStyle::Hex, Speed::Custom(Duration::from_secs(8)), false);
        let t0 = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let id = store.submit(
            Kind::Prefetch,
            None,
            vec![new("http://a/x"), new("http://a/fail/y")],
            t0,
        );
        assert_eq!(id.len(), 32);
        let [ok, bad] = store.task(&id) else {
            panic!("two records")
        };
        let at = |s: i64| t0 + chrono::Duration::seconds(s);
        assert_eq!(store.phase(ok, at(1)), Phase::Waiting);
        assert!(matches!(
            store.phase(ok, at(4)),
            Phase::Running { progress: 33, .. }
        ));
        assert!(matches!(
            store.phase(ok, at(8)),
            Phase::Done { failed: false, .. }
        ));
        assert!(matches!(
            store.phase(bad, at(9)),
            Phase::Done { failed: true, .. }
        ));
        let never = Store::new(IdStyle::Hex, Speed::Custom(Duration::MAX), false);
        assert_eq!(never.phase(ok, at(1_000_000)), Phase::Waiting);
        let purge = store.submit(Kind::Purge, None, vec![new("http://a/z")], t0);
        assert!(matches!(
            store.phase(&store.task(&purge)[0], at(1)),
            Phase::Running { .. }
        ));
    }

    #[test]
    fn digits_and_counting() {
        let mut store = Store::new(IdStyle::Digits, Speed::Instant, true);
        let t0 = Utc::now();
        let a = store.submit(
            Kind::Purge,
            None,
            vec![new("http://a/1"), new("http://a/1")],
            t0,
        );
        let b = store.submit(Kind::Prefetch, None, vec![new("http://a/2")], t0);
        assert!(a.parse::<u64>().unwrap() < b.parse::<u64>().unwrap());
        assert_eq!(
            store.submitted_urls(),
            ["http://a/1", "http://a/1", "http://a/2"]
        );
        let day = chrono::Duration::hours(24);
        assert_eq!(
            store.count_created(t0 - day, t0, |r| r.kind == Kind::Purge),
            2
        );
        assert_eq!(store.count_created(t0, t0 + day, |_| true), 0);
        assert!(store.task("nope").is_empty());
        let seqs = |up_to| store.newest_first(up_to).map(|r| r.seq).collect::<Vec<_>>();
        assert_eq!(seqs(None), [2, 1, 0]);
        assert_eq!(seqs(Some(1)), [1, 0]);
        assert_eq!(seqs(Some(u64::MAX)), [2, 1, 0]);
        assert!(matches!(
            store.phase(&store.task(&b)[0], t0),
            Phase::Done { .. }
        ));
        store.age(day);
        assert_eq!(store.count_created(t0 - day, t0, |_| true), 0);
        assert_eq!(
            store.task(&a)[0].created_at,
            t0.with_nanosecond(0).unwrap() - day
        );
    }
}
