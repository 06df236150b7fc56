//! Status polling: ask the vendor about every accepted URL until each one is final.
//!
//! Each round asks either for each open task by its id, or for one listing of the time the
//! open batches were sent in, whichever takes fewer calls: a listing page holds more records
//! than a batch on Baidu CDN prefetch (1,000 against 100), a task query more than a page on
//! Baidu GEO (a task of 1,000 in one answer, pages of 100), and the same on CDN purge. Baishan
//! is asked by task: its listing takes whole days. Listed records name no task, so each is
//! matched to our URL of the same identity sent closest before it.

use super::call;
use super::Run;
use crate::reason::{UrlReason, Why};
use crate::state::UrlState;
use crate::store::{BatchRow, ResultUpdate};
use cachedesk_core::{RecordStatus, Result, UrlRecord};
use cachedesk_intake::url_identity;
use cachedesk_vendors::{range_page_size, Provider, TaskQuery, TaskSelector};
use chrono::{DateTime, Utc};
use futures::{StreamExt, TryStreamExt};
use std::collections::HashMap;
use std::time::Duration;

fn update_for(url_id: i64, record: &UrlRecord) -> ResultUpdate {
    let state = match record.status {
        RecordStatus::Completed => UrlState::Completed,
        RecordStatus::Failed => UrlState::Failed,
        _ => UrlState::Accepted,
    };
    let (reason, reason_code) = match state {
        UrlState::Failed => {
            let why = Why::vendor_failed(record.reason.as_deref(), &record.raw_status);
            (Some(why.text), Some(why.code))
        }
        _ => (record.reason.clone(), None),
    };
    ResultUpdate {
        url_id,
        state,
        raw_status: Some(record.raw_status.clone()),
        progress: record.progress,
        reason,
        reason_code,
        created_at: record.created_at,
        started_at: record.started_at,
        finished_at: record.finished_at,
    }
}

/// A URL still not final after `give_up`: failed, keeping what was last seen.
fn given_up(url_id: i64, seen: Option<ResultUpdate>, give_up: Duration) -> ResultUpdate {
    let reason = format!(
        "no final status from the vendor within {} of sending",
        humanize(give_up)
    );
    let mut update = seen.unwrap_or(ResultUpdate {
        url_id,
        state: UrlState::Failed,
        raw_status: None,
        progress: None,
        reason: None,
        reason_code: None,
        created_at: None,
        started_at: None,
        finished_at: None,
    });
    update.state = UrlState::Failed;
    update.reason = Some(reason);
    update.reason_code = Some(UrlReason::NoFinalStatus);
    update
}

fn humanize(d: Duration) -> String {
    match d.as_secs() {
        s if s >= 3600 => format!("{} h", s / 3600),
        s if s >= 60 => format!("{} min", s / 60),
        _ => format!("{} ms", d.as_millis()),
    }
}

impl Run {
    pub(super) async fn poll_until_final(&self) -> Result<()> {
        let mut round = 0;
        loop {
            if self.inner.store.batches_to_poll(self.job.id)?.is_empty() {
                return Ok(());
            }
            tokio::time::sleep(self.inner.options.poll.interval(round)).await;
            round += 1;
            self.poll_round().await?;
        }
    }

    /// One look at every batch the vendor still works on: by listing or by task.
    pub(super) async fn poll_round(&self) -> Result<()> {
        let batches = self.inner.store.batches_to_poll(self.job.id)?;
        if self.listing_takes_fewer_calls(&batches) {
            self.poll_by_listing(&batches).await?;
        } else {
            futures::stream::iter(batches)
                .map(|batch| self.poll_batch(batch))
                .buffer_unordered(self.concurrency)
                .try_collect::<Vec<()>>()
                .await?;
        }
        self.inner.publish(self.job.id);
        Ok(())
    }

    /// Would one listing of the time `batches` were sent in take fewer pages than a query per
    /// batch? Batches are numbered in the order they go out, so that listing also holds every
    /// batch of the job numbered between the first open one and the last, finished or not.
    fn listing_takes_fewer_calls(&self, batches: &[BatchRow]) -> bool {
        let kind = self.job.action.kind();
        let limits = self.provider.limits();
        let Some(page) = range_page_size(self.provider.vendor(), kind, &limits) else {
            return false;
        };
        let (Some(first), Some(last)) = (
            batches.iter().map(|b| b.id).min(),
            batches.iter().map(|b| b.id).max(),
        ) else {
            return false;
        };
        let sent = batches.iter().filter_map(|b| b.sent_at);
        let span = sent.clone().max().zip(sent.min()).map(|(l, f)| l - f);
        // One listing may span only so many days (a day kept for margins and clock skew).
        let fits = span.is_some_and(|s| {
            s < chrono::Duration::days(i64::from(limits.max_query_span_days.saturating_sub(1)))
        });
        let listed = u64::try_from(last - first + 1).unwrap_or(u64::MAX)
            * u64::from(limits.batch_size(kind, self.job.action.target()));
        fits && listed.div_ceil(u64::from(page.max(1))) < batches.len() as u64
    }

    /// One listing of the time `batches` were sent in, its records matched to their URLs.
    async fn poll_by_listing(&self, batches: &[BatchRow]) -> Result<()> {
        let sent = batches.iter().filter_map(|b| b.sent_at);
        let (Some(first), Some(last)) = (sent.clone().min(), sent.max()) else {
            return Ok(());
        };
        let records = self.records_sent_between(first, last).await?;
        let mut by_url: HashMap<String, Vec<&UrlRecord>> = HashMap::new();
        for r in &records {
            by_url.entry(url_identity(&r.url)).or_default().push(r);
        }
        let policy = self.inner.options.reconcile;
        let known = self.provider.pacer().clock_offset();
        // Until an answer has told the vendor's clock, its records may be off by the skew it
        // accepts.
        let margin = policy.margin + known.map_or(policy.accepted_skew, |_| Duration::ZERO);
        let margin = chrono::Duration::from_std(margin).unwrap_or_default();
        let offset = known.unwrap_or_default();
        for batch in batches {
            let Some(sent_at) = batch.sent_at.map(|t| t + offset) else {
                continue;
            };
            let latest = batch
                .urls
                .iter()
                .filter_map(|(_, url)| {
                    let id = url_identity(url);
                    let record = made_soonest_after_send(by_url.get(&id)?, sent_at, margin)?;
                    Some((id, record))
                })
                .collect();
            self.record_seen(batch, &latest)?;
        }
        Ok(())
    }

    /// One status query for one batch (by task id, or by listing when the vendor named no task).
    async fn poll_batch(&self, batch: BatchRow) -> Result<()> {
        let records = match (&batch.task_id, batch.sent_at) {
            (Some(task_id), sent_at) => {
                let query = TaskQuery {
                    kind: self.job.action.kind(),
                    selector: TaskSelector::Id {
                        id: task_id.clone(),
                        submitted_at: sent_at
                            .map(|t| t + self.provider.pacer().clock_offset().unwrap_or_default()),
                    },
                    target: None,
                    cursor: None,
                };
                call::query_all(self.provider.as_ref(), query).await?
            }
            (None, Some(sent_at)) => self.records_around(sent_at).await?,
            (None, None) => Vec::new(),
        };
        // The newest record of each URL speaks for it, in whatever form the vendor spells it.
        let mut latest: HashMap<String, &UrlRecord> = HashMap::new();
        for r in &records {
            let slot = latest.entry(url_identity(&r.url)).or_insert(r);
            if r.created_at > slot.created_at {
                *slot = r;
            }
        }
        self.record_seen(&batch, &latest)
    }

    /// Stores what the vendor says of the batch's URLs (`seen`, by URL identity), failing the
    /// ones still not final after the give-up time.
    fn record_seen(&self, batch: &BatchRow, seen: &HashMap<String, &UrlRecord>) -> Result<()> {
        let give_up = self.inner.options.poll.give_up_after;
        // A scheduled prefetch starts later than it is sent: its time runs from its start.
        let clock_starts = batch
            .sent_at
            .map(|sent| self.job.start_at.map_or(sent, |s| s.max(sent)));
        let expired = clock_starts.is_some_and(|start| {
            chrono::Duration::from_std(give_up).is_ok_and(|g| Utc::now() - start > g)
        });
        let updates: Vec<ResultUpdate> = batch
            .urls
            .iter()
            .filter_map(|(id, url)| {
                let seen = seen.get(&url_identity(url)).map(|r| update_for(*id, r));
                if expired && seen.as_ref().is_none_or(|u| u.state == UrlState::Accepted) {
                    Some(given_up(*id, seen, give_up))
                } else {
                    seen
                }
            })
            .collect();
        self.inner.store.record_results(self.job.id, &updates)
    }
}

/// Of a URL's listed records, the one made soonest after it was sent at `sent_at` (the
/// vendor's clock, give or take `margin`): earlier ones are earlier submissions of the URL,
/// later ones later submissions. A record that cannot be placed in time only stands in for
/// none.
fn made_soonest_after_send<'r>(
    records: &[&'r UrlRecord],
    sent_at: DateTime<Utc>,
    margin: chrono::Duration,
) -> Option<&'r UrlRecord> {
    records
        .iter()
        .filter(|r| r.created_at.is_none_or(|t| t >= sent_at - margin))
        .min_by_key(|r| {
            r.created_at
                .map_or(i64::MAX, |t| (t - sent_at).num_milliseconds().abs())
        })
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachedesk_core::{Kind, Target};
    use chrono::TimeZone;

    fn made_at(task: &str, at: Option<DateTime<Utc>>) -> UrlRecord {
        UrlRecord {
            task_id: Some(task.into()),
            record_id: None,
            url: "https://www.example.com/a.js".into(),
            kind: Kind::Prefetch,
            target: Target::File,
            status: RecordStatus::Completed,
            raw_status: "completed".into(),
            progress: None,
            created_at: at,
            started_at: None,
            finished_at: None,
            reason: None,
        }
    }

    #[test]
    fn a_listed_url_is_the_submission_made_soonest_after_ours_was_sent() {
        let sent = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        let secs = chrono::Duration::seconds;
        let earlier = made_at("earlier job", Some(sent - secs(60)));
        let ours = made_at("ours", Some(sent + secs(1)));
        let later = made_at("later job", Some(sent + secs(90)));
        let unplaced = made_at("unplaced", None);
        let margin = secs(3);
        let pick = |records: &[&UrlRecord]| {
            made_soonest_after_send(records, sent, margin).and_then(|r| r.task_id.clone())
        };
        assert_eq!(
            pick(&[&later, &earlier, &ours, &unplaced]).as_deref(),
            Some("ours")
        );
        assert_eq!(pick(&[&earlier, &unplaced]).as_deref(), Some("unplaced"));
        assert_eq!(pick(&[&earlier]), None);
    }
}
