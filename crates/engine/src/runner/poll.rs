//! Status polling: ask the vendor about every accepted URL until each one is final.

use super::call;
use super::Run;
use crate::reason::{NO_FINAL_STATUS, VENDOR_REPORTS};
use crate::state::UrlState;
use crate::store::{BatchRow, ResultUpdate};
use cachedesk_core::{RecordStatus, Result, UrlRecord};
use cachedesk_intake::url_identity;
use cachedesk_vendors::{TaskQuery, TaskSelector};
use chrono::Utc;
use futures::{StreamExt, TryStreamExt};
use std::collections::HashMap;
use std::time::Duration;

fn update_for(url_id: i64, record: &UrlRecord) -> ResultUpdate {
    let state = match record.status {
        RecordStatus::Completed => UrlState::Completed,
        RecordStatus::Failed => UrlState::Failed,
        _ => UrlState::Accepted,
    };
    let reason = match state {
        UrlState::Failed => Some(
            record
                .reason
                .clone()
                .unwrap_or_else(|| format!("{VENDOR_REPORTS} '{}'", record.raw_status)),
        ),
        _ => record.reason.clone(),
    };
    ResultUpdate {
        url_id,
        state,
        raw_status: Some(record.raw_status.clone()),
        progress: record.progress,
        reason,
        created_at: record.created_at,
        started_at: record.started_at,
        finished_at: record.finished_at,
    }
}

/// A URL still not final after `give_up`: failed, keeping what was last seen.
fn given_up(url_id: i64, seen: Option<ResultUpdate>, give_up: Duration) -> ResultUpdate {
    let reason = format!("{NO_FINAL_STATUS} {} of sending", humanize(give_up));
    let mut update = seen.unwrap_or(ResultUpdate {
        url_id,
        state: UrlState::Failed,
        raw_status: None,
        progress: None,
        reason: None,
        created_at: None,
        started_at: None,
        finished_at: None,
    });
    update.state = UrlState::Failed;
    update.reason = Some(reason);
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

    /// One status query for every batch the vendor still works on.
    pub(super) async fn poll_round(&self) -> Result<()> {
        let batches = self.inner.store.batches_to_poll(self.job.id)?;
        futures::stream::iter(batches)
            .map(|batch| self.poll_batch(batch))
            .buffer_unordered(self.concurrency)
            .try_collect::<Vec<()>>()
            .await?;
        self.inner.publish(self.job.id);
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
                let seen = latest.get(&url_identity(url)).map(|r| update_for(*id, r));
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
