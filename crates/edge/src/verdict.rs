//! From what the edge (and maybe the origin) answered to a verdict an editor reads.

use crate::headers::{CacheSays, Reading};
use cachedesk_core::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What visitors near this computer get now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The edge fetched or revalidated it after the purge finished (a miss, or a younger `Age`).
    Fresh,
    /// The edge's `ETag`/`Last-Modified` equal the origin's: the strongest proof.
    MatchesOrigin,
    /// The edge still serves a copy cached before the purge finished (or unlike the origin's).
    Stale,
    /// After a prefetch, the edge did not have it yet.
    NotCached,
    /// The edge answered an error (4xx/5xx) or could not be reached.
    Error,
    /// The headers do not tell.
    Unknown,
}

impl Verdict {
    pub const ALL: [Verdict; 6] = [
        Verdict::Fresh,
        Verdict::MatchesOrigin,
        Verdict::Stale,
        Verdict::NotCached,
        Verdict::Error,
        Verdict::Unknown,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Verdict::Fresh => "fresh",
            Verdict::MatchesOrigin => "matches_origin",
            Verdict::Stale => "stale",
            Verdict::NotCached => "not_cached",
            Verdict::Error => "error",
            Verdict::Unknown => "unknown",
        }
    }

    /// One plain sentence, with what to do next where there is something to do.
    pub fn sentence(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Verdict::Fresh, Lang::En) => "Fresh: the edge fetched it again after the purge.",
            (Verdict::Fresh, Lang::ZhCn) => "已更新：节点在刷新完成后重新获取了该文件。",
            (Verdict::MatchesOrigin, Lang::En) => "Fresh: the edge serves exactly what the origin serves.",
            (Verdict::MatchesOrigin, Lang::ZhCn) => "已更新：节点内容与源站完全一致。",
            (Verdict::Stale, Lang::En) => "Still stale: the edge serves a copy from before the purge. Check again in a few minutes, or purge it again.",
            (Verdict::Stale, Lang::ZhCn) => "仍是旧内容：节点仍在提供刷新前的缓存。请过几分钟再检查，或再次刷新。",
            (Verdict::NotCached, Lang::En) => "Not cached yet: the prefetch has not reached this edge. Check again later.",
            (Verdict::NotCached, Lang::ZhCn) => "尚未缓存：预热还未到达该节点，请稍后再检查。",
            (Verdict::Error, Lang::En) => "Error: the edge answered with an error. Check that the address is right.",
            (Verdict::Error, Lang::ZhCn) => "出错：节点返回了错误。请检查网址是否正确。",
            (Verdict::Unknown, Lang::En) => "Unknown: the edge's headers do not say how old its copy is.",
            (Verdict::Unknown, Lang::ZhCn) => "无法判断：节点的响应头没有说明缓存的新旧。",
        }
    }
}

impl std::str::FromStr for Verdict {
    type Err = String;

    /// A verdict from its slug.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Verdict::ALL
            .into_iter()
            .find(|v| v.slug() == s)
            .ok_or_else(|| format!("unknown verdict '{s}'"))
    }
}

/// One URL checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    pub url: String,
    pub verdict: Verdict,
    pub checked_at: DateTime<Utc>,
    pub edge: Option<Reading>,
    pub origin: Option<Reading>,
    /// Why the edge could not be asked (timeout, refused connection).
    pub error: Option<String>,
}

/// The verdict on one URL: `purge` (or prefetch) finished at `done_at`, the edge answered
/// `edge` at `checked_at`, and the origin `origin` when the profile names one.
pub fn verdict(
    purge: bool,
    done_at: DateTime<Utc>,
    checked_at: DateTime<Utc>,
    edge: &Reading,
    origin: Option<&Reading>,
) -> Verdict {
    if edge.status >= 400 {
        return Verdict::Error;
    }
    if let Some(same) = origin
        .filter(|o| o.status < 400)
        .and_then(|o| same_version(edge, o))
    {
        return if same {
            Verdict::MatchesOrigin
        } else {
            Verdict::Stale
        };
    }
    let cached_since = edge
        .age_secs
        .and_then(|age| i64::try_from(age).ok())
        .map(|age| checked_at - chrono::Duration::seconds(age));
    match (edge.cache_says(), cached_since) {
        (CacheSays::Miss, _) if purge => Verdict::Fresh,
        (CacheSays::Miss, _) => Verdict::NotCached,
        (_, Some(_)) | (CacheSays::Hit, None) if !purge => Verdict::Fresh,
        // `Age` has whole seconds and the vendor's clock may run a little ahead of ours.
        (_, Some(since)) if since + chrono::Duration::seconds(2) >= done_at => Verdict::Fresh,
        (_, Some(_)) => Verdict::Stale,
        _ => Verdict::Unknown,
    }
}

/// Whether the edge and the origin hold the same version, when their validators tell.
fn same_version(edge: &Reading, origin: &Reading) -> Option<bool> {
    let weak = |tag: &str| tag.trim_start_matches("W/").to_owned();
    match (&edge.etag, &origin.etag) {
        (Some(e), Some(o)) => Some(weak(e) == weak(o)),
        _ => match (&edge.last_modified, &origin.last_modified) {
            (Some(e), Some(o)) => Some(e == o),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for v in Verdict::ALL {
            assert_eq!(v.slug().parse::<Verdict>(), Ok(v));
        }
        assert!("fresh-ish".parse::<Verdict>().is_err());
    }

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_000_000 + secs, 0).unwrap()
    }

    fn edge(cache: Option<&str>, age: Option<u64>) -> Reading {
        Reading {
            status: 200,
            cache: cache.map(str::to_owned),
            age_secs: age,
            ..Reading::default()
        }
    }

    #[test]
    fn purge_verdicts() {
        let (done, now) = (at(0), at(100));
        let purge = |r: &Reading| verdict(true, done, now, r, None);
        assert_eq!(purge(&edge(Some("MISS from bj-1"), None)), Verdict::Fresh);
        assert_eq!(purge(&edge(Some("TCP_MISS"), Some(0))), Verdict::Fresh);
        assert_eq!(
            purge(&edge(Some("HIT"), Some(30))),
            Verdict::Fresh,
            "cached 70 s after"
        );
        assert_eq!(purge(&edge(Some("HIT"), Some(3600))), Verdict::Stale);
        assert_eq!(purge(&edge(None, Some(3600))), Verdict::Stale);
        assert_eq!(purge(&edge(Some("HIT"), None)), Verdict::Unknown);
        assert_eq!(purge(&edge(None, None)), Verdict::Unknown);
        let mut gone = edge(Some("MISS"), None);
        gone.status = 404;
        assert_eq!(purge(&gone), Verdict::Error);
    }

    #[test]
    fn prefetch_verdicts() {
        let prefetch = |r: &Reading| verdict(false, at(0), at(100), r, None);
        assert_eq!(prefetch(&edge(Some("MISS"), None)), Verdict::NotCached);
        assert_eq!(prefetch(&edge(Some("HIT"), None)), Verdict::Fresh);
        assert_eq!(prefetch(&edge(None, Some(5))), Verdict::Fresh);
        assert_eq!(prefetch(&edge(None, None)), Verdict::Unknown);
    }

    #[test]
    fn the_origin_decides_when_validators_tell() {
        let mut e = edge(Some("HIT"), Some(3600));
        e.etag = Some("W/\"v2\"".into());
        let origin = Reading {
            status: 200,
            etag: Some("\"v2\"".into()),
            ..Reading::default()
        };
        assert_eq!(
            verdict(true, at(0), at(100), &e, Some(&origin)),
            Verdict::MatchesOrigin
        );
        e.etag = Some("\"v1\"".into());
        assert_eq!(
            verdict(true, at(0), at(100), &e, Some(&origin)),
            Verdict::Stale
        );
        for lang in [Lang::En, Lang::ZhCn] {
            assert!(!Verdict::Stale.sentence(lang).is_empty());
        }
    }
}
