//! What an edge's answer says about its cache.

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};

/// The cache headers CDNs use, in the order they are read (sources in docs/edge-proof.md):
/// `X-Cache` (`HIT`/`MISS`, often with a node name), `X-Cache-Status` (nginx-based nodes),
/// `X-Cache-Lookup` (`Cache Hit`/`Cache Miss`), `Cache-Status` (RFC 9211: `hit`, `fwd=miss`).
/// `Via` names the nodes passed.
const CACHE_HEADERS: [&str; 4] = [
    "x-cache",
    "x-cache-status",
    "x-cache-lookup",
    "cache-status",
];

/// One answer of an edge (or of the origin), as far as a verdict needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    pub status: u16,
    /// Seconds the answer has been in a cache (`Age`).
    pub age_secs: Option<u64>,
    pub date: Option<DateTime<Utc>>,
    pub last_modified: Option<String>,
    pub etag: Option<String>,
    pub content_length: Option<u64>,
    /// The first cache header present, as the node wrote it (`HIT from bj-12`).
    pub cache: Option<String>,
    pub via: Option<String>,
}

/// Whether the node says it answered from its cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CacheSays {
    Hit,
    Miss,
    Nothing,
}

impl Reading {
    pub(crate) fn from_headers(status: u16, headers: &HeaderMap) -> Reading {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        Reading {
            status,
            age_secs: text("age").and_then(|a| a.parse().ok()),
            date: text("date")
                .and_then(|d| DateTime::parse_from_rfc2822(&d).ok())
                .map(|d| d.with_timezone(&Utc)),
            last_modified: text("last-modified"),
            etag: text("etag"),
            content_length: text("content-length").and_then(|l| l.parse().ok()),
            cache: CACHE_HEADERS.iter().find_map(|name| text(name)),
            via: text("via"),
        }
    }

    pub(crate) fn cache_says(&self) -> CacheSays {
        let Some(cache) = &self.cache else {
            return CacheSays::Nothing;
        };
        let upper = cache.to_ascii_uppercase();
        // `TCP_MISS`, `MISS from x`, `EXPIRED`/`REVALIDATED` count as fetched now.
        if ["MISS", "EXPIRED", "REVALIDATED", "BYPASS", "REFRESH"]
            .iter()
            .any(|w| upper.contains(w))
        {
            CacheSays::Miss
        } else if upper.contains("HIT") {
            CacheSays::Hit
        } else {
            CacheSays::Nothing
        }
    }
}
