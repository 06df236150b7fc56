//! One record as Baidu shows it. CDN: `status, task, createdAt, startedAt, finishedAt,
//! progress` (+ prefetch `reason`). GEO: the same plus `operator`; GEO purges have no
//! `startedAt`; GEO prefetches carry their own `id`.

use super::Baidu;
use crate::store::{Phase, Record, FAILURE_REASON};
use cachedesk_core::{Kind, Target};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

fn ts(at: DateTime<Utc>) -> String {
    cachedesk_bce_auth::timestamp(at)
}

pub fn render(b: &Baidu, r: &Record, phase: Phase, queues: bool) -> Value {
    let prefetch = r.kind == Kind::Prefetch;
    let (status, progress, started, finished) = match phase {
        Phase::Waiting if queues => ("waiting", 0, None, None),
        Phase::Waiting => ("in-progress", 0, None, None),
        Phase::Running {
            started_at,
            progress,
        } => ("in-progress", progress, Some(started_at), None),
        Phase::Done {
            started_at,
            finished_at,
            failed,
        } => (
            if failed { "failed" } else { "completed" },
            100,
            Some(started_at),
            Some(finished_at),
        ),
    };
    let mut task = json!({ "url": r.url });
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
        record["finishedAt"] = json!(ts(finished));
    }
    if prefetch && status == "failed" {
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
