//! Proof at the edge for a job: ask the edge nearest this computer for each URL the vendor
//! finished, and keep the verdicts beside the job.

use crate::engine::Inner;
use crate::model::{JobId, UrlResult};
use crate::state::UrlState;
use cachedesk_core::{said, Action, Error, Result};
use cachedesk_edge::{Checked, Probe, ProbeOptions, Verdict};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use url::Url;

/// One URL of a job, checked at the edge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdgeCheck {
    pub line: u32,
    #[serde(flatten)]
    pub checked: Checked,
}

/// The last edge check of a job as a screen lists it: how many URLs got each verdict, when
/// the latest was checked, and a few of the checks (the CSV export has them all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeOverview {
    /// Each verdict given, with how many URLs got it.
    pub counts: Vec<(Verdict, u64)>,
    /// The latest check; none before the first.
    pub checked_at: Option<DateTime<Utc>>,
    /// The checks listed (see [`crate::Engine::edge_overview`]).
    pub items: Vec<EdgeCheck>,
}

impl EdgeOverview {
    /// How many URLs are checked.
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|(_, n)| n).sum()
    }
}

/// How many URLs got each verdict, for "63 fresh · 1 still stale · 2 unknown".
pub fn tally(checks: &[EdgeCheck]) -> BTreeMap<&'static str, u64> {
    let mut counts = BTreeMap::new();
    for c in checks {
        *counts.entry(c.checked.verdict.slug()).or_default() += 1;
    }
    counts
}

/// Checks the finished URLs of `job` (only `only`, when given: it must be one of them).
pub(crate) async fn verify_job(
    inner: &Inner,
    job: JobId,
    options: ProbeOptions,
    only: Option<&str>,
) -> Result<Vec<EdgeCheck>> {
    let summary = inner.store.job(job)?;
    let directories = summary.action == Action::PurgeDirectories;
    let mut done = Vec::new();
    inner.store.for_each_url(job, |u| {
        if u.state == UrlState::Completed && (directories || only.is_none_or(|url| url == u.url)) {
            done.push(u.clone());
        }
        Ok(())
    })?;
    if directories {
        let Some(sample) = only else {
            return Err(Error::InvalidInput(said!(
                "a directory purge names a prefix, not a file: give a few sample URLs under its directories",
                "目录刷新的对象是前缀，不是具体文件：请给出目录下几个文件的 URL 来检查"
            )));
        };
        done = vec![sample_under(sample, done, job)?];
    } else if let Some(url) = only.filter(|_| done.is_empty()) {
        return Err(Error::InvalidInput(said!(
            "{url} is not a finished URL of job {job}: give it as the job lists it",
            "{url} 不是任务 {job} 中已完成的 URL：请按任务记录中列出的原样填写"
        )));
    }
    let in_flight = options.concurrency.max(1);
    let probe = Probe::new(options).map_err(Error::Internal)?;
    let purge = summary.action != Action::Prefetch;
    let fallback = summary.finished_at.unwrap_or_else(Utc::now);
    let probe = &probe;
    // Owned lines and `async move`: a closure over borrowed ones makes a future that is not
    // `Send` for every lifetime, which the app's spawned tasks need.
    let checks: Vec<EdgeCheck> = futures::stream::iter(done)
        .map(|u| async move {
            let done_at = u.vendor_finished_at.unwrap_or(fallback);
            EdgeCheck {
                line: u.line,
                checked: probe.check(&u.url, purge, done_at).await,
            }
        })
        .buffered(in_flight)
        .collect()
        .await;
    let kept: Vec<(u32, Checked)> = checks.iter().map(|c| (c.line, c.checked.clone())).collect();
    inner.store.save_edge_checks(job, &kept)?;
    Ok(checks)
}

/// The finished directory of a directory purge that `sample` lies under (the deepest one),
/// with the sample as its URL: it is checked against that directory's completion.
fn sample_under(sample: &str, finished: Vec<UrlResult>, job: JobId) -> Result<UrlResult> {
    let refused = || {
        Error::InvalidInput(said!(
            "{sample} is not under a finished directory of job {job}: give a URL that starts with one of them",
            "{sample} 不在任务 {job} 已完成的目录下：请填写以其中某个目录开头的 URL"
        ))
    };
    let url = Url::parse(sample.trim()).map_err(|_| refused())?;
    let under = |dir: &Url| {
        dir.scheme() == url.scheme()
            && dir.host() == url.host()
            && dir.port_or_known_default() == url.port_or_known_default()
            && url.path().starts_with(dir.path())
    };
    let directory = finished
        .into_iter()
        .filter_map(|u| Url::parse(&u.url).ok().filter(under).map(|dir| (dir, u)))
        .max_by_key(|(dir, _)| dir.path().len())
        .ok_or_else(refused)?;
    Ok(UrlResult {
        url: url.into(),
        ..directory.1
    })
}

pub(crate) fn last_checks(inner: &Inner, job: JobId) -> Result<Vec<EdgeCheck>> {
    Ok(inner
        .store
        .edge_checks(job)?
        .into_iter()
        .map(|(line, checked)| EdgeCheck { line, checked })
        .collect())
}

/// Whether every checked URL is proven fresh (or cached, after a prefetch).
pub fn all_fresh(checks: &[EdgeCheck]) -> bool {
    checks
        .iter()
        .all(|c| matches!(c.checked.verdict, Verdict::Fresh | Verdict::MatchesOrigin))
}
