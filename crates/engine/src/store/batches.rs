//! A job's submit requests as the journal has them, for the CLI's and the app's job views.

use super::{parse_column, Store};
use crate::model::{BatchId, BatchSummary, JobId};
use cachedesk_core::Result;

impl Store {
    /// The job's batches in the order they were made; split batches are left out (their URLs
    /// are in the halves).
    pub fn batch_summaries(&self, job: JobId) -> Result<Vec<BatchSummary>> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT b.id, b.state, b.task_id, b.sent_at, b.attempts, COUNT(u.id), \
                 COALESCE(SUM(u.state = 'completed'), 0), COALESCE(SUM(u.state = 'failed'), 0) \
                 FROM batches b LEFT JOIN job_urls u ON u.batch_id = b.id \
                 WHERE b.job_id = ?1 AND b.state <> 'split' GROUP BY b.id ORDER BY b.id",
            )?;
            let rows = stmt.query_map([job.0], |r| {
                Ok(BatchSummary {
                    id: BatchId(r.get(0)?),
                    state: parse_column(r, 1)?,
                    task_id: r.get(2)?,
                    sent_at: r.get(3)?,
                    attempts: r.get(4)?,
                    urls: r.get(5)?,
                    completed: r.get(6)?,
                    failed: r.get(7)?,
                })
            })?;
            rows.collect()
        })
    }
}
