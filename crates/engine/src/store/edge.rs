//! The last edge check of each URL of a job.

use super::{parse_column, Store};
use crate::model::JobId;
use crate::verify::{EdgeCheck, EdgeOverview};
use cachedesk_core::Result;
use cachedesk_edge::{Checked, Verdict};
use rusqlite::{params, OptionalExtension, Row, Transaction};

/// A job's checked URLs, each with its last check.
const CHECKED: &str = "SELECT u.line, e.detail FROM job_urls u \
                       JOIN edge_checks e ON e.job_url_id = u.id WHERE u.job_id = ?1";

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
            let mut stmt = c.prepare_cached(&format!("{CHECKED} ORDER BY u.line"))?;
            let rows = stmt.query_map([job.0], read_check)?;
            rows.map(|r| r.map(|c| (c.line, c.checked))).collect()
        })
    }

    /// The last check of `job` with at most `shown` of its URLs: all of them in line order when
    /// they fit, else those whose verdict is not fresh first, then the fresh ones, each in line
    /// order; the URL of line `first`, when not among them, comes first instead of the last of
    /// them. Only the listed checks are parsed.
    pub fn edge_overview(
        &self,
        job: JobId,
        shown: u32,
        first: Option<u32>,
    ) -> Result<EdgeOverview> {
        self.with(|c| {
            let tx = c.transaction()?;
            let mut overview = tally(&tx, job)?;
            let all_fit = overview.total() <= u64::from(shown);
            overview.items = listed(&tx, job, shown, !all_fit)?;
            let items = &mut overview.items;
            if let Some(line) = first.filter(|l| items.iter().all(|c| c.line != *l)) {
                let mut one = tx.prepare_cached(&format!("{CHECKED} AND u.line = ?2"))?;
                if let Some(check) = one.query_row(params![job.0, line], read_check).optional()? {
                    items.truncate(shown.saturating_sub(1) as usize);
                    items.insert(0, check);
                }
            }
            Ok(overview)
        })
    }
}

/// How many URLs of `job` got each verdict, and the latest check (no checks listed yet).
fn tally(tx: &Transaction<'_>, job: JobId) -> rusqlite::Result<EdgeOverview> {
    let mut stmt = tx.prepare_cached(
        "SELECT e.verdict, COUNT(*), MAX(e.checked_at) FROM job_urls u \
         JOIN edge_checks e ON e.job_url_id = u.id WHERE u.job_id = ?1 GROUP BY e.verdict",
    )?;
    let mut rows = stmt.query([job.0])?;
    let mut overview = EdgeOverview {
        counts: Vec::new(),
        checked_at: None,
        items: Vec::new(),
    };
    while let Some(row) = rows.next()? {
        let count: i64 = row.get(1)?;
        overview
            .counts
            .push((parse_column(row, 0)?, count.unsigned_abs()));
        overview.checked_at = overview.checked_at.max(Some(row.get(2)?));
    }
    Ok(overview)
}

/// The first `shown` checks of `job` in line order, those that need a look first if
/// `look_first`.
fn listed(
    tx: &Transaction<'_>,
    job: JobId,
    shown: u32,
    look_first: bool,
) -> rusqlite::Result<Vec<EdgeCheck>> {
    let mut stmt = tx.prepare_cached(&format!(
        "{CHECKED} ORDER BY ?2 AND e.verdict NOT IN (?3, ?4) DESC, u.line LIMIT ?5"
    ))?;
    let fine = (Verdict::Fresh.slug(), Verdict::MatchesOrigin.slug());
    let rows = stmt.query_map(
        params![job.0, look_first, fine.0, fine.1, shown],
        read_check,
    )?;
    rows.collect()
}

/// A row of [`CHECKED`].
fn read_check(r: &Row<'_>) -> rusqlite::Result<EdgeCheck> {
    let detail: String = r.get(1)?;
    let checked = serde_json::from_str(&detail).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into())
    })?;
    Ok(EdgeCheck {
        line: r.get(0)?,
        checked,
    })
}
