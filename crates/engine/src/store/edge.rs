//! The last edge check of each URL of a job.

use super::Store;
use crate::model::JobId;
use cachedesk_core::Result;
use cachedesk_edge::Checked;
use rusqlite::params;

impl Store {
    /// Keeps `checks` (by job line) as the last check of their URLs.
    pub fn save_edge_checks(&self, job: JobId, checks: &[(u32, Checked)]) -> Result<()> {
        self.write(|tx| {
            let mut save = tx.prepare_cached(
                "INSERT OR REPLACE INTO edge_checks (job_url_id, checked_at, verdict, detail) \
                 SELECT id, ?3, ?4, ?5 FROM job_urls WHERE job_id = ?1 AND line = ?2",
            )?;
            for (line, checked) in checks {
                let detail = serde_json::to_string(checked)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
                save.execute(params![
                    job.0,
                    line,
                    checked.checked_at,
                    checked.verdict.slug(),
                    detail
                ])?;
            }
            Ok(())
        })
    }

    /// The last check of every checked URL of `job`, by line.
    pub fn edge_checks(&self, job: JobId) -> Result<Vec<(u32, Checked)>> {
        self.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT u.line, e.detail FROM edge_checks e JOIN job_urls u ON u.id = e.job_url_id \
                 WHERE u.job_id = ?1 ORDER BY u.line",
            )?;
            let rows = stmt.query_map([job.0], |r| {
                let detail: String = r.get(1)?;
                let checked = serde_json::from_str(&detail).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        1,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })?;
                Ok((r.get(0)?, checked))
            })?;
            rows.collect()
        })
    }
}
