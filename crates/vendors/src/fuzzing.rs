//! Entry points for the fuzz targets in `fuzz/` and for the corpus replay in
//! `tests/integration/fuzz_corpus.rs`: thin wrappers that turn arbitrary bytes into one vendor answer and run
//! the same parsing the clients run on a real answer. Not an API: hidden and unstable.
//!
//! Input layout (all targets): byte 0 picks the call, byte 1 the HTTP status, byte 2 the query
//! (selector, target filter, cursor); the rest is `header: value` lines, a blank line, the body.
//! A header `x-fuzz-pattern` is the URL pattern of a range query (not sent as a header).

use crate::baidu_records::{parse_status_page, parse_submit, Api};
use crate::errors::bce_error;
use crate::http::{response_meta, Reply};
use crate::provider::{TaskQuery, TaskSelector};
use crate::redact::Redactor;
use crate::{baidu_cdn, baishan};
use cachedesk_core::{Cursor, Error, Kind, Secret, Target};
use chrono::{TimeZone, Utc};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// The Baishan token of the fuzzed client; an answer may echo it, a message must never show it.
pub const FUZZ_TOKEN: &str = "tok-FUZZ-7f3a9c";

const STATUSES: [u16; 12] = [200, 201, 204, 400, 401, 403, 404, 405, 429, 500, 502, 503];

struct Input {
    op: u8,
    query: TaskQuery,
    reply: Reply,
}

fn split(data: &[u8]) -> Option<Input> {
    let [op, status, shape, rest @ ..] = data else {
        return None;
    };
    let status = match STATUSES.get(usize::from(*status)) {
        Some(s) => *s,
        None => 100 + u16::from(*status) * 2,
    };
    let (head, body) = match rest.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&rest[..at], &rest[at + 2..]),
        None => (&[][..], rest),
    };
    let mut headers = HeaderMap::new();
    let mut pattern = None;
    for line in head.split(|b| *b == b'\n') {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if name.eq_ignore_ascii_case(b"x-fuzz-pattern") {
            pattern = Some(String::from_utf8_lossy(value).trim().to_owned());
            continue;
        }
        if let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(name), HeaderValue::from_bytes(value))
        {
            headers.append(name, value);
        }
    }
    let kind = if shape & 1 == 0 {
        Kind::Purge
    } else {
        Kind::Prefetch
    };
    let selector = if shape & 2 == 0 {
        TaskSelector::Id {
            id: "task-1".into(),
            submitted_at: None,
        }
    } else {
        TaskSelector::Range {
            start: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap(),
            url: pattern,
        }
    };
    let target = match (shape >> 2) & 3 {
        1 => Some(Target::File),
        2 => Some(Target::Directory),
        _ => None,
    };
    let cursor = match (shape >> 4) & 3 {
        1 => Some(Cursor::PageNumber(u32::from(shape >> 6) + 1)),
        2 => Some(Cursor::Marker("m".into())),
        _ => None,
    };
    Some(Input {
        op: *op,
        query: TaskQuery {
            kind,
            selector,
            target,
            cursor,
        },
        reply: Reply {
            status,
            meta: response_meta(&headers),
            headers,
            body: body.to_vec(),
        },
    })
}

/// A Baidu CDN or GEO answer (submit, status page, quota), as `BceClient::send` and the client
/// read it. Panics when a parsed page breaks what the engine relies on.
pub fn baidu_reply(data: &[u8]) {
    let Some(Input { op, query, reply }) = split(data) else {
        return;
    };
    if !reply.is_success() {
        let _ = bce_error(&reply, &Redactor::default()).to_string();
        return;
    }
    let api = if op & 1 == 0 {
        Api::Cdn { max_span_days: 90 }
    } else {
        Api::Geo
    };
    match (op >> 1) % 3 {
        0 => {
            let _ = parse_submit(reply);
        }
        1 => {
            if let Ok(page) = parse_status_page(reply, &query, api) {
                for record in &page.items {
                    assert!(record.progress.is_none_or(|p| p <= 100));
                    assert_eq!(record.kind, query.kind);
                    if let Some(target) = query.target {
                        assert_eq!(record.target, target);
                    }
                }
                if matches!(query.selector, TaskSelector::Id { .. }) {
                    assert!(page.next.is_none(), "an id query has one page");
                }
            }
        }
        _ => {
            let _ = baidu_cdn::parse_quota(&reply);
        }
    }
}

/// A Baishan answer (submit, status page, quota listing) with the token `FUZZ_TOKEN`, as
/// `Baishan::call` reads it. Panics when an error message shows the token.
pub fn baishan_reply(data: &[u8]) {
    let Some(Input { op, query, reply }) = split(data) else {
        return;
    };
    let redactor = Redactor::new(Some(Secret::new(FUZZ_TOKEN)));
    let outcome: Result<(), Error> = match op % 3 {
        0 => baishan::open::<baishan::Submitted>(&reply, &redactor)
            .and_then(|data| baishan::receipt(data, reply).map(drop)),
        1 => baishan::open::<baishan::ListData>(&reply, &redactor).map(|data| {
            let page_size = u32::from(op >> 2).max(1);
            let page = baishan::list_page(data, &query, page_size, reply);
            if let Some(target) = query.target {
                assert!(page.items.iter().all(|r| r.target == target));
            }
            if let Some(Cursor::PageNumber(n)) = page.next {
                assert!(n > 1);
            }
        }),
        _ => baishan::open::<baishan::ListData>(&reply, &redactor).map(|data| {
            let _ = data.total;
        }),
    };
    if let Err(err) = outcome {
        let shown = err.to_string();
        assert!(
            !shown.contains(FUZZ_TOKEN),
            "the token leaked into a message: {shown}"
        );
    }
}

/// The redactor: `data` is `secret \0 text` (or only text, with no secret). Panics when a
/// `token=` value or the secret survives, or when scrubbing twice changes the text again.
pub fn redact(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (secret, text) = match text.split_once('\0') {
        Some((secret, text)) => (Some(secret), text),
        None => (None, text.as_ref()),
    };
    // Tokens are letters, digits and `-_.~`; a secret with `*` may be spelled by the `***` a
    // `token=` value becomes (`=**` in `token=***`), which no pass can tell from the secret.
    if secret.is_some_and(|s| s.contains('*')) {
        return;
    }
    let redactor = Redactor::new(secret.map(Secret::new));
    let once = redactor.scrub(text);
    // A blank secret is no secret (`Secret::is_empty`): nothing to hide.
    if let Some(secret) = secret.filter(|s| !s.trim().is_empty()) {
        assert!(
            !once.contains(secret),
            "secret {secret:?} survives in {once:?}"
        );
    }
    let lower = once.to_ascii_lowercase();
    for (at, _) in lower.match_indices("token=") {
        let value = &once[at + "token=".len()..];
        let end = value
            .find(|c: char| {
                matches!(c, '&' | '#' | '"' | '\'' | '<' | '>' | ')') || c.is_whitespace()
            })
            .unwrap_or(value.len());
        let value = &value[..end];
        assert!(
            value.is_empty() || value == "***",
            "a token value survives: {value:?} in {once:?}"
        );
    }
    assert_eq!(redactor.scrub(&once), once, "scrubbing is not idempotent");
}
