//! What Baidu CDN and Baidu GEO share: status query parameters, the `details` page with its
//! quirks (`task` as object or list, `finshedAt`, `in-process`, capitalised words), and the
//! `{id}` submit answer.

use crate::bce::Params;
use crate::errors::malformed;
use crate::http::Reply;
use crate::lenient::{self, one_or_many, opt_bool, opt_string, opt_u64};
use crate::provider::{SubmitReceipt, SubmitRequest, TaskQuery, TaskSelector};
use cachedesk_bce_auth::timestamp;
use cachedesk_core::{Cursor, Error, Kind, Page, Result, Target, TaskStatus, UrlRecord};
use serde::Deserialize;
use serde_json::{json, Value};

/// `id` alone for one task (Baidu pages neither id queries nor mixes them with a time range);
/// otherwise the range, the optional URL filter and the marker.
pub(crate) fn status_params(query: &TaskQuery) -> Result<Params> {
    let marker = match &query.cursor {
        None => None,
        Some(Cursor::Marker(m)) => Some(m.clone()),
        Some(Cursor::PageNumber(_)) => {
            return Err(Error::InvalidInput(
                "Baidu pages by marker, not by page number".into(),
            ))
        }
    };
    let mut params = Params::new();
    match &query.selector {
        TaskSelector::Id { id, .. } => params.push(("id", id.clone())),
        TaskSelector::Range { start, end, url } => {
            if start > end {
                return Err(Error::InvalidInput(
                    "the start time is after the end time".into(),
                ));
            }
            params.push(("startTime", timestamp(*start)));
            params.push(("endTime", timestamp(*end)));
            if let Some(url) = url.as_ref().filter(|u| !u.trim().is_empty()) {
                params.push(("url", url.trim().to_owned()));
            }
            if let Some(marker) = marker {
                params.push(("marker", marker));
            }
        }
    }
    Ok(params)
}

#[derive(Deserialize)]
struct StatusPage {
    #[serde(default, deserialize_with = "one_or_many")]
    details: Vec<Detail>,
    #[serde(default, rename = "isTruncated", deserialize_with = "opt_bool")]
    is_truncated: Option<bool>,
    #[serde(default, rename = "nextMarker", deserialize_with = "opt_string")]
    next_marker: Option<String>,
}

#[derive(Deserialize)]
struct Detail {
    #[serde(default, deserialize_with = "opt_string")]
    status: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    task: Vec<TaskEcho>,
    /// The combined records endpoint puts `url` and `type` on the detail itself.
    #[serde(default, deserialize_with = "opt_string")]
    url: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "opt_string")]
    kind: Option<String>,
    #[serde(default, rename = "createdAt", deserialize_with = "opt_string")]
    created_at: Option<String>,
    #[serde(default, rename = "startedAt", deserialize_with = "opt_string")]
    started_at: Option<String>,
    #[serde(default, rename = "finishedAt", deserialize_with = "opt_string")]
    finished_at: Option<String>,
    /// The English prefetch page's spelling.
    #[serde(default, rename = "finshedAt", deserialize_with = "opt_string")]
    finshed_at: Option<String>,
    #[serde(default, deserialize_with = "opt_u64")]
    progress: Option<u64>,
    #[serde(default, deserialize_with = "opt_string")]
    reason: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    id: Option<String>,
}

#[derive(Deserialize)]
struct TaskEcho {
    #[serde(default, deserialize_with = "opt_string")]
    url: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "opt_string")]
    kind: Option<String>,
}

fn target_of(kind: Kind, word: Option<&str>) -> Target {
    match (kind, word.map(str::to_ascii_lowercase).as_deref()) {
        (Kind::Purge, Some("directory" | "dir" | "directorypurge")) => Target::Directory,
        _ => Target::File,
    }
}

impl Detail {
    fn into_records(self, kind: Kind, task_id: Option<&str>) -> Vec<UrlRecord> {
        let echoes = if self.task.is_empty() {
            vec![TaskEcho {
                url: self.url.clone(),
                kind: self.kind.clone(),
            }]
        } else {
            self.task
        };
        let raw_status = self.status.unwrap_or_default();
        let finished = self.finished_at.or(self.finshed_at);
        echoes
            .into_iter()
            // A record without a URL tells the editor nothing.
            .filter_map(|echo| Some((echo.url?, echo.kind)))
            .map(|(url, word)| UrlRecord {
                task_id: task_id.map(str::to_owned),
                record_id: self.id.clone(),
                url,
                kind,
                target: target_of(kind, word.as_deref()),
                status: TaskStatus::from_vendor(&raw_status),
                raw_status: raw_status.clone(),
                progress: self.progress.map(|p| p.min(100) as u8),
                created_at: lenient::rfc3339(self.created_at.as_deref()),
                started_at: lenient::rfc3339(self.started_at.as_deref()),
                finished_at: lenient::rfc3339(finished.as_deref()),
                reason: self.reason.clone(),
            })
            .collect()
    }
}

/// One page of `GET /v2/[geo/]cache/purge|prefetch`, normalised and filtered to `query.target`.
pub(crate) fn parse_status_page(reply: Reply, query: &TaskQuery) -> Result<Page<UrlRecord>> {
    let page: StatusPage =
        serde_json::from_slice(&reply.body).map_err(|e| malformed(&reply, &e.to_string()))?;
    let task_id = match &query.selector {
        TaskSelector::Id { id, .. } => Some(id.as_str()),
        TaskSelector::Range { .. } => None,
    };
    let mut items: Vec<UrlRecord> = page
        .details
        .into_iter()
        .flat_map(|d| d.into_records(query.kind, task_id))
        .collect();
    if let Some(target) = query.target {
        items.retain(|r| r.target == target);
    }
    let next = match (&query.selector, page.is_truncated, page.next_marker) {
        (TaskSelector::Range { .. }, Some(true), Some(marker)) => Some(Cursor::Marker(marker)),
        _ => None,
    };
    Ok(Page {
        items,
        next,
        total: None,
        meta: reply.meta,
    })
}

/// The `tasks` list of a submit: `type` on purges, `startTime` on a scheduled prefetch.
pub(crate) fn submit_tasks(request: &SubmitRequest) -> Vec<Value> {
    let task = |url: &String| match (request.action.kind(), request.action.target()) {
        (Kind::Purge, Target::Directory) => json!({"url": url, "type": "directory"}),
        (Kind::Purge, Target::File) => json!({"url": url, "type": "file"}),
        (Kind::Prefetch, _) => match request.start_at {
            Some(at) => json!({"url": url, "startTime": timestamp(at)}),
            None => json!({"url": url}),
        },
    };
    request.urls.iter().map(task).collect()
}

#[derive(Deserialize)]
struct Submitted {
    #[serde(default, deserialize_with = "opt_string")]
    id: Option<String>,
}

/// `201 {"id": "..."}`.
pub(crate) fn parse_submit(reply: Reply) -> Result<SubmitReceipt> {
    let id = serde_json::from_slice::<Submitted>(&reply.body)
        .map_err(|e| malformed(&reply, &e.to_string()))?
        .id
        .ok_or_else(|| malformed(&reply, "no task id"))?;
    Ok(SubmitReceipt {
        task_id: id,
        rejected: Vec::new(),
        meta: reply.meta,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::response_meta;
    use cachedesk_core::ResponseMeta;
    use chrono::{TimeZone, Utc};

    fn reply(body: &str) -> Reply {
        let headers = Default::default();
        Reply {
            status: 200,
            meta: response_meta(&headers),
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    fn query(kind: Kind, selector: TaskSelector, target: Option<Target>) -> TaskQuery {
        TaskQuery {
            kind,
            selector,
            target,
            cursor: None,
        }
    }

    fn range() -> TaskSelector {
        TaskSelector::Range {
            start: Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2025, 3, 2, 0, 0, 0).unwrap(),
            url: Some("https://a.example.com/*".into()),
        }
    }

    #[test]
    fn seed_example_with_every_quirk() {
        let body = r#"{"details": [
            {"status": "completed", "createdAt": "2015-08-24T12:20:32Z",
             "finishedAt": "2015-08-24T12:21:45Z", "progress": 100,
             "task": {"url": "http://my.domain.com/path/to/purge/1.data"}},
            {"status": "in-process", "finshedAt": "2015-08-24T12:21:49Z", "progress": "87",
             "task": [{"url": "http://my.domain.com/path/dir/", "type": "directory"}],
             "extra": {"ignored": true}},
            {"status": "Completed", "task": {"type": "file"}},
            {"status": "exploded", "url": "http://my.domain.com/x", "type": "directoryPurge", "progress": 400}
        ], "isTruncated": true, "nextMarker": "m-2"}"#;
        let page = parse_status_page(reply(body), &query(Kind::Purge, range(), None)).unwrap();
        assert_eq!(page.items.len(), 3);
        let [a, b, c] = &page.items[..] else { panic!() };
        assert_eq!(
            (a.status, a.target, a.progress),
            (TaskStatus::Completed, Target::File, Some(100))
        );
        assert_eq!(
            a.finished_at.unwrap().to_rfc3339(),
            "2015-08-24T12:21:45+00:00"
        );
        assert_eq!(
            (b.status, b.raw_status.as_str()),
            (TaskStatus::Running, "in-process")
        );
        assert_eq!((b.target, b.progress), (Target::Directory, Some(87)));
        assert!(b.finished_at.is_some() && b.created_at.is_none());
        assert_eq!(
            (c.status, c.target, c.progress),
            (TaskStatus::Unknown, Target::Directory, Some(100))
        );
        assert_eq!(page.next, Some(Cursor::Marker("m-2".into())));
        assert_eq!(page.meta, ResponseMeta::default());
    }

    #[test]
    fn id_queries_and_filters() {
        let body = r#"{"details": [
            {"status": "waiting", "task": {"url": "http://a/1", "type": "directory"}, "id": "r1"},
            {"status": "failed", "task": {"url": "http://a/2"}, "reason": "Other Error"}
        ], "isTruncated": true, "nextMarker": "ignored"}"#;
        let by_id = TaskSelector::Id {
            id: "t-9".into(),
            submitted_at: None,
        };
        let page =
            parse_status_page(reply(body), &query(Kind::Prefetch, by_id.clone(), None)).unwrap();
        assert_eq!(page.next, None);
        assert!(page
            .items
            .iter()
            .all(|r| r.task_id.as_deref() == Some("t-9") && r.target == Target::File));
        assert_eq!(page.items[0].record_id.as_deref(), Some("r1"));
        assert_eq!(page.items[1].reason.as_deref(), Some("Other Error"));
        let page = parse_status_page(
            reply(body),
            &query(Kind::Purge, by_id, Some(Target::Directory)),
        )
        .unwrap();
        assert_eq!(page.items.len(), 1);
        let empty = parse_status_page(
            reply(r#"{"details": null, "isTruncated": "true"}"#),
            &query(Kind::Purge, range(), None),
        )
        .unwrap();
        assert_eq!((empty.items.len(), empty.next), (0, None));
        assert!(parse_status_page(reply("<html>"), &query(Kind::Purge, range(), None)).is_err());
    }

    #[test]
    fn params_go_style() {
        let mut q = query(Kind::Purge, range(), None);
        q.cursor = Some(Cursor::Marker("a/b+c==".into()));
        let keys: Vec<_> = status_params(&q)
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["startTime", "endTime", "url", "marker"]);
        q.selector = TaskSelector::Id {
            id: "t".into(),
            submitted_at: None,
        };
        assert_eq!(status_params(&q).unwrap(), vec![("id", "t".to_owned())]);
        q.cursor = Some(Cursor::PageNumber(2));
        assert!(status_params(&q).is_err());
    }

    #[test]
    fn submit_answer() {
        assert_eq!(
            parse_submit(reply(r#"{"id":"5fea77"}"#)).unwrap().task_id,
            "5fea77"
        );
        assert!(parse_submit(reply(r#"{"ID":"x"}"#)).is_err());
        assert!(parse_submit(reply("Created")).is_err());
    }
}
