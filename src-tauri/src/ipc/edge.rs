//! Proof at the edge as the job view shows it: a verdict and its sentence per URL, counts for
//! the summary, and each profile's edge settings.

use cachedesk_api::{uncheckable, Uncheckable};
use cachedesk_core::{Action, Lang};
use cachedesk_engine::{EdgeCheck, EdgeOverview, JobId, Verdict};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// What visitors near this computer get now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EdgeVerdict {
    Fresh,
    MatchesOrigin,
    Stale,
    NotCached,
    Error,
    Unknown,
}

impl From<Verdict> for EdgeVerdict {
    fn from(v: Verdict) -> Self {
        match v {
            Verdict::Fresh => EdgeVerdict::Fresh,
            Verdict::MatchesOrigin => EdgeVerdict::MatchesOrigin,
            Verdict::Stale => EdgeVerdict::Stale,
            Verdict::NotCached => EdgeVerdict::NotCached,
            Verdict::Error => EdgeVerdict::Error,
            Verdict::Unknown => EdgeVerdict::Unknown,
        }
    }
}

/// Why a job is not checked at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EdgeSkip {
    /// a directory purge names a prefix, not a file
    Directories,
}

/// One URL as the edge answered at the last check.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct EdgeUrl {
    pub line: u32,
    pub url: String,
    pub verdict: EdgeVerdict,
    /// the verdict as a plain sentence, in each UI language
    pub sentence_en: String,
    pub sentence_zh_cn: String,
    pub checked_at: DateTime<Utc>,
    /// the edge's HTTP status
    pub status: Option<u16>,
    /// the edge's cache header as it wrote it (`HIT from bj-12`)
    pub cache: Option<String>,
    /// seconds the edge's copy had been cached (`Age`)
    pub age_secs: Option<u32>,
    /// why the edge could not be asked (timeout, refused connection)
    pub error: Option<String>,
}

impl From<EdgeCheck> for EdgeUrl {
    fn from(c: EdgeCheck) -> Self {
        let checked = c.checked;
        let edge = checked.edge.as_ref();
        EdgeUrl {
            line: c.line,
            verdict: checked.verdict.into(),
            sentence_en: checked.verdict.sentence(Lang::En).to_owned(),
            sentence_zh_cn: checked.verdict.sentence(Lang::ZhCn).to_owned(),
            checked_at: checked.checked_at,
            status: edge.map(|e| e.status),
            cache: edge.and_then(|e| e.cache.clone()),
            age_secs: edge
                .and_then(|e| e.age_secs)
                .map(|a| u32::try_from(a).unwrap_or(u32::MAX)),
            error: checked.error,
            url: checked.url,
        }
    }
}

/// How many URLs got each verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EdgeCounts {
    pub fresh: u32,
    pub matches_origin: u32,
    pub stale: u32,
    pub not_cached: u32,
    pub error: u32,
    pub unknown: u32,
}

impl EdgeCounts {
    fn add(&mut self, verdict: Verdict, count: u64) {
        let slot = match verdict {
            Verdict::Fresh => &mut self.fresh,
            Verdict::MatchesOrigin => &mut self.matches_origin,
            Verdict::Stale => &mut self.stale,
            Verdict::NotCached => &mut self.not_cached,
            Verdict::Error => &mut self.error,
            Verdict::Unknown => &mut self.unknown,
        };
        *slot += u32::try_from(count).unwrap_or(u32::MAX);
    }
}

/// The last edge check of a job, with the URLs the job view lists.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct EdgeReport {
    pub job_id: String,
    /// why this job is not checked, or null
    pub skipped: Option<EdgeSkip>,
    pub counts: EdgeCounts,
    /// how many URLs are checked (0 before the first check)
    pub total: u32,
    /// when the latest check was made, or null before the first
    pub checked_at: Option<DateTime<Utc>>,
    /// at most 200 checked URLs (`SHOWN`): all in line order when they fit, else those whose
    /// verdict is not fresh first, then the fresh ones, each in line order; a URL just checked
    /// again that would not be among them comes first. The CSV export has every check.
    pub items: Vec<EdgeUrl>,
}

impl EdgeReport {
    /// The most URLs the job view lists (a job of 20,000 would be 6 MB of JSON to the window).
    pub const SHOWN: u32 = 200;

    pub fn new(job: JobId, action: Action, overview: EdgeOverview) -> EdgeReport {
        let mut counts = EdgeCounts::default();
        for &(verdict, count) in &overview.counts {
            counts.add(verdict, count);
        }
        EdgeReport {
            job_id: job.to_string(),
            skipped: uncheckable(action).map(|Uncheckable::Directories| EdgeSkip::Directories),
            counts,
            total: u32::try_from(overview.total()).unwrap_or(u32::MAX),
            checked_at: overview.checked_at,
            items: overview.items.into_iter().map(EdgeUrl::from).collect(),
        }
    }
}

/// A profile's edge settings, as the job view edits them.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct EdgeSettings {
    /// check by itself when a purge or prefetch of this profile ends
    pub auto_check: bool,
    /// origin to compare with (`https://origin.example.com`), or null
    pub origin: Option<String>,
    /// advanced: curl's `HOST:PORT:ADDRESS`, one per entry, to ask one edge node
    pub resolve: Vec<String>,
}

impl From<cachedesk_api::EdgeSettings> for EdgeSettings {
    fn from(s: cachedesk_api::EdgeSettings) -> Self {
        EdgeSettings {
            auto_check: s.auto_check,
            origin: s.origin,
            resolve: s.resolve,
        }
    }
}

impl From<EdgeSettings> for cachedesk_api::EdgeSettings {
    fn from(s: EdgeSettings) -> Self {
        cachedesk_api::EdgeSettings {
            auto_check: s.auto_check,
            origin: s.origin,
            resolve: s.resolve,
        }
    }
}

/// Emitted as `edge-checked` when a job was checked at the edge by itself (after it ended).
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct EdgeChecked {
    pub job_id: String,
}
