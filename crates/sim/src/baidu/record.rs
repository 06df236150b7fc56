//! One record as Baidu shows it. CDN: `status, task, createdAt, startedAt, finishedAt,
//! progress` (+ prefetch `reason`). GEO: the same plus `operator`; GEO purges have no
//! `startedAt`; GEO prefetches carry their own `id`.
//!
//! In quirks mode (`SimConfig::quirks`), as the documents show them: CDN running records say
//! `in-process` (seed `baidu-cdn-cache-api.txt`, both examples), CDN prefetch records end with
//! `finshedAt` (the English prefetch-status page), final statuses are capitalised (`Completed`,
//! `Failed`: 「结束可能是Completed/Failed」), and records at odd store positions carry `task` as a
//! one-element list (the documented type `PurgeTask[]`).

use super::Baidu;
use crate::store::{Phase, Record, FAILURE_REASON};
use cachedesk_core::{Kind, Target};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

fn ts(at: DateTime<Utc>) -> String {
    cachedesk_bce_auth::timestamp(at)
}

/// How records are written: normally, or in the documents' shapes, and with URLs as submitted
/// or in another form.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shape {
    pub quirks: bool,
    pub alternate_urls: bool,
}

pub fn render(b: &Baidu, r: &Record, phase: Phase, queues: bool, shape: Shape) -> Value {
    let prefetch = r.kind == Kind::Prefetch;
    let quirks = shape.quirks;
    let running = if quirks && !b.geo {
        "in-process"
    } else {
        "in-progress"
    };
    let (status, progress, started, finished) = match phase {
        Phase::Waiting if queues => ("waiting", 0, None, None),
        Phase::Waiting => (running, 0, None, None),
        Phase::Running {
            started_at,
            progress,
        } => (running, progress, Some(started_at), None),
        Phase::Done {
            started_at,
            finished_at,
            failed,
        } => (
            match (failed, quirks) {
                (true, false) => "failed",
                (true, true) => "Failed",
                (false, false) => "completed",
                (false, true) => "Completed",
            },
            100,
            Some(started_at),
            Some(finished_at),
        ),
    };
    let url = if shape.alternate_urls {
        crate::target::alternate_form(&r.url)
    } else {
        r.url.clone()
    };
    let mut task = json!({ "url": url });
    if prefetch {
        if let Some(start) = r.start_at {
            task["startTime"] = json!(ts(start));
        }
        if let Some(speed) = r.speed {
            task["speed"] = json!(speed);
        }
    } else {
        let target = match r.target {
            Target::File => "file",
            Target::Directory => "directory",
        };
        task["type"] = json!(target);
    }
    if quirks && r.seq % 2 == 1 {
        task = json!([task]);
    }
    let mut record = json!({
        "status": status,
        "task": task,
        "createdAt": ts(r.created_at),
        "progress": progress,
    });
    if let Some(started) = started.filter(|_| prefetch || !b.geo) {
        record["startedAt"] = json!(ts(started));
    }
    if let Some(finished) = finished {
        let key = if quirks && prefetch && !b.geo {
            "finshedAt"
        } else {
            "finishedAt"
        };
        record[key] = json!(ts(finished));
    }
    if prefetch && status.eq_ignore_ascii_case("failed") {
        record["reason"] = json!(FAILURE_REASON);
    }
    if b.geo {
        record["operator"] = json!(b.operator);
        if prefetch {
            record["id"] = json!(r.id);
        }
    }
    record
}
