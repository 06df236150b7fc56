//! A job's submit requests as the journal has them, for the CLI's and the app's job views.

use super::{parse_column, Store};
use crate::model::{BatchId, BatchSummary, JobId};
use cachedesk_core::Result;
use std::collections::HashMap;

impl Store {
    /// The job's batches in the order they were made; split batches are left out (their URLs
    /// are in the halves).
    pub fn batch_summaries(&self, job: JobId) -> Result<Vec<BatchSummary>> {
        self.with(|c| {
            // URLs counted from the batch index alone; the final ones from the state index,
            // which a job just sent has none in (a literal state each: only then is it used).
            let mut finals: HashMap<i64, (u32, u32)> = HashMap::new();
            let mut stmt = c.prepare_cached(
                "SELECT batch_id, 1, COUNT(*) FROM job_urls WHERE job_id = ?1 AND state = 'completed' \
                 GROUP BY batch_id UNION ALL \
                 SELECT batch_id, 0, COUNT(*) FROM job_urls WHERE job_id = ?1 AND state = 'failed' \
                 GROUP BY batch_id",
            )?;
            let rows = stmt.query_map([job.0], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?, r.get::<_, u32>(2)?))
            })?;
            for row in rows {
                let (batch, completed, n) = row?;
                let (done, failed) = finals.entry(batch).or_default();
                if completed {
                    *done = n;
                } else {
                    *failed = n;
                }
            }
            let mut stmt = c.prepare_cached(
                "SELECT b.id, b.state, b.task_id, b.sent_at, b.attempts, \
                 (SELECT COUNT(*) FROM job_urls u WHERE u.batch_id = b.id) \
                 FROM batches b WHERE b.job_id = ?1 AND b.state <> 'split' ORDER BY b.id",
            )?;
            let rows = stmt.query_map([job.0], |r| {
                let id = r.get(0)?;
                let (completed, failed) = finals.get(&id).copied().unwrap_or_default();
                Ok(BatchSummary {
                    id: BatchId(id),
                    state: parse_column(r, 1)?,
                    task_id: r.get(2)?,
                    sent_at: r.get(3)?,
                    attempts: r.get(4)?,
                    urls: r.get(5)?,
                    completed,
                    failed,
                })
            })?;
            rows.collect()
        })
    }
}
