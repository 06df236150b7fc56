//! A submit whose answer was lost: ask the vendor which of the batch's URLs it holds.

use super::call;
use super::Run;
use crate::store::BatchRow;
use cachedesk_core::{Kind, Result, UrlRecord};
use cachedesk_vendors::{TaskQuery, TaskSelector};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

/// What the vendor's task list says about a batch.
pub(super) enum Found {
    /// The vendor holds these URLs of the batch, as `task_id` when its listing names tasks.
    Held {
        task_id: Option<String>,
        urls: HashSet<String>,
    },
    /// No record of any of them: the submit never took effect.
    Absent,
}

impl Run {
    /// The records of the vendor's tasks created between the batch's send time (less the
    /// margin) and now (plus the margin).
    pub(super) async fn records_since(
        &self,
        sent_at: Option<DateTime<Utc>>,
    ) -> Result<Vec<UrlRecord>> {
        let margin =
            chrono::Duration::from_std(self.inner.options.reconcile.margin).unwrap_or_default();
        let now = Utc::now();
        let start = sent_at.unwrap_or(now) - margin;
        let end = now + margin;
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
        let records = call::query_all(
            self.provider.as_ref(),
            self.inner.options.retry,
            &self.pacer,
            query,
        )
        .await?;
        // Some vendors answer whole days: keep what falls in the window.
        Ok(records
            .into_iter()
            .filter(|r| r.created_at.is_none_or(|t| start <= t && t <= end))
            .collect())
    }

    pub(super) async fn reconcile(&self, batch: &BatchRow) -> Result<Found> {
        let records = self.records_since(batch.sent_at).await?;
        let ours: HashSet<&str> = batch.urls.iter().map(|(_, u)| u.as_str()).collect();
        let mut by_task: HashMap<Option<String>, HashSet<String>> = HashMap::new();
        for r in records {
            if !ours.contains(r.url.as_str()) {
                continue;
            }
            // A task another batch already owns is an earlier submission of the same URL.
            if let Some(task) = &r.task_id {
                if self.inner.store.task_owned_elsewhere(task, batch.id)? {
                    continue;
                }
            }
            by_task.entry(r.task_id).or_default().insert(r.url);
        }
        let best = by_task.into_iter().max_by_key(|(_, urls)| urls.len());
        Ok(match best {
            Some((task_id, urls)) => Found::Held { task_id, urls },
            None => Found::Absent,
        })
    }
}
