//! A submit whose answer was lost: ask the vendor which of the batch's URLs it holds.
//!
//! Times are compared on the vendor's clock (its answers' `Date`), since a desktop clock may be
//! off by as much as the vendor accepts. A record made before the batch was sent is someone
//! else's (another job, the console, a script) and never counts as ours; a record that cannot
//! be placed in time leaves the URL uncertain rather than accepted. Vendors list new tasks
//! late, so an empty listing is asked again for a while before the batch counts as not sent.

use super::call;
use super::Run;
use crate::reason::{UrlReason, Why};
use crate::store::BatchRow;
use cachedesk_core::{Kind, Result, UrlRecord};
use cachedesk_intake::url_identity;
use cachedesk_vendors::{Provider, TaskQuery, TaskSelector};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// What the vendor's task list says about a batch.
pub(super) enum Found {
    /// The vendor holds these URLs of the batch, as `task_id` when its listing names tasks.
    Held {
        task_id: Option<String>,
        urls: HashSet<String>,
    },
    /// The vendor cannot say (its records are too old, or cannot be told from others'):
    /// the batch's URLs stay uncertain, with this reason.
    Unresolved(Why),
    /// No record of any of them: the submit never took effect.
    Absent,
}

impl Found {
    /// How the log tells it.
    pub(super) fn name(&self) -> &'static str {
        match self {
            Found::Held { .. } => "held",
            Found::Unresolved(_) => "unresolved",
            Found::Absent => "absent",
        }
    }
}

/// A task exists at the vendor by the time its submit is answered; a lost answer is given up
/// on after the HTTP timeout (60 s). Records made later than this after the send are not ours.
const ANSWER_WINDOW: Duration = Duration::from_secs(120);

/// The shortest pause between two looks at the vendor's listing.
const LOOK_INTERVAL: Duration = Duration::from_millis(250);

fn chrono_duration(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

impl Run {
    /// Records the vendor made around `sent_at` (ours to read: the vendor's clock), and
    /// nothing it made before it: those are earlier submissions of the same URLs.
    pub(super) async fn records_around(&self, sent_at: DateTime<Utc>) -> Result<Vec<UrlRecord>> {
        self.records_sent_between(sent_at, sent_at).await
    }

    /// Records the vendor made for requests sent from `sent_at` to `last_sent` (our clock), and
    /// nothing it made before `sent_at`.
    pub(super) async fn records_sent_between(
        &self,
        sent_at: DateTime<Utc>,
        last_sent: DateTime<Utc>,
    ) -> Result<Vec<UrlRecord>> {
        let policy = self.inner.options.reconcile;
        let known = self.provider.pacer().clock_offset();
        // Until an answer has told the vendor's clock, look as far as the skew it accepts.
        let reach = chrono_duration(policy.margin)
            + known.map_or_else(
                || chrono_duration(policy.accepted_skew),
                |_| chrono::Duration::zero(),
            );
        let sent = sent_at + known.unwrap_or_default();
        let start = sent - reach;
        let end = last_sent + known.unwrap_or_default() + chrono_duration(ANSWER_WINDOW) + reach;
        let kind = self.job.action.kind();
        let query = TaskQuery {
            kind,
            selector: TaskSelector::Range {
                start,
                end,
                url: None,
            },
            target: (kind == Kind::Purge).then(|| self.job.action.target()),
            cursor: None,
        };
        let records = call::query_all(self.provider.as_ref(), query).await?;
        // The listing's own answer has told the vendor's clock when nothing had before.
        let offset = self.provider.pacer().clock_offset();
        let earliest = offset.map(|o| sent_at + o - chrono_duration(policy.margin));
        Ok(records
            .into_iter()
            // Some vendors answer whole days: keep what falls in the window.
            .filter(|r| r.created_at.is_none_or(|t| start <= t && t <= end))
            .filter(|r| match (earliest, r.created_at) {
                (Some(earliest), Some(t)) => t >= earliest,
                // Cannot be placed: kept, and counted as unplaced by `look`.
                _ => true,
            })
            .collect())
    }

    pub(super) async fn reconcile(&self, batch: &BatchRow) -> Result<Found> {
        let Some(sent_at) = batch.sent_at else {
            return Ok(Found::Absent);
        };
        if let Some(why) = self.beyond_vendor_memory(sent_at) {
            return Ok(Found::Unresolved(why));
        }
        let policy = self.inner.options.reconcile;
        // Up to half again, at random: batches lost together stop looking (and are resent) out
        // of step with each other and with a vendor that fails every Nth request.
        let spread = policy.listing_lag.mul_f64(rand::random_range(0.0..0.5));
        let until = tokio::time::Instant::now() + policy.listing_lag + spread;
        loop {
            let found = self.look(batch, sent_at).await?;
            let settled = match &found {
                Found::Held { urls, .. } => urls.len() == batch.urls.len(),
                Found::Unresolved(_) => true,
                Found::Absent => false,
            };
            if settled || tokio::time::Instant::now() >= until {
                return Ok(found);
            }
            // Jittered: looks of batches lost together do not fall in step with each other,
            // nor with a vendor failing every Nth request.
            let jitter =
                Duration::from_millis(rand::random_range(0..LOOK_INTERVAL.as_millis() as u64));
            tokio::time::sleep(policy.delay.max(LOOK_INTERVAL) + jitter).await;
        }
    }

    /// One look at the vendor's listing for the batch's URLs.
    async fn look(&self, batch: &BatchRow, sent_at: DateTime<Utc>) -> Result<Found> {
        let records = self.records_around(sent_at).await?;
        let offset_known = self.provider.pacer().clock_offset().is_some();
        let ours: HashMap<String, &str> = batch
            .urls
            .iter()
            .map(|(_, url)| (url_identity(url), url.as_str()))
            .collect();
        let mut by_task: HashMap<Option<String>, HashSet<String>> = HashMap::new();
        let mut unplaced = false;
        for r in records {
            let Some(url) = ours.get(&url_identity(&r.url)) else {
                continue;
            };
            // A task another batch already owns is an earlier submission of the same URL.
            if let Some(task) = &r.task_id {
                if self.inner.store.task_owned_elsewhere(task, batch.id)? {
                    continue;
                }
            }
            if !offset_known || r.created_at.is_none() {
                unplaced = true;
                continue;
            }
            by_task
                .entry(r.task_id)
                .or_default()
                .insert((*url).to_owned());
        }
        let best = by_task.into_iter().max_by_key(|(_, urls)| urls.len());
        Ok(match best {
            Some((task_id, urls)) => Found::Held { task_id, urls },
            None if unplaced => Found::Unresolved(Why::new(
                UrlReason::RecordUnplaced,
                "the vendor lists this URL, but not when it was submitted, so CacheDesk cannot \
                 tell whether that record is this job's or another submission's; check it in \
                 the vendor's console, or send it again"
                    .into(),
            )),
            None => Found::Absent,
        })
    }

    /// Why the vendor can no longer say whether a batch sent at `sent_at` arrived: it keeps
    /// task records for a limited time (Baishan: one month).
    fn beyond_vendor_memory(&self, sent_at: DateTime<Utc>) -> Option<Why> {
        let days = self.provider.limits().retention_days?;
        let age = Utc::now() - sent_at;
        (age > chrono::Duration::days(i64::from(days))).then(|| {
            let text = format!(
                "the vendor keeps task records for {days} days and this URL was sent on {}, so \
                 whether it arrived can no longer be checked; send it again if the page is \
                 still stale",
                sent_at.format("%Y-%m-%d")
            );
            Why::new(UrlReason::BeyondVendorRecords, text)
        })
    }
}
