//! The job journal: a job, its batches and its URLs are written before anything is sent, and
//! every step of a batch is recorded before the next one starts.

use super::counts::Tally;
use super::{parse_column, Store};
use crate::model::{Counts, InputUrl, JobError, JobId, ProfileId};
use crate::reason::{UrlReason, Why};
use crate::state::{BatchState, JobStatus, UrlState};
use cachedesk_core::{Action, Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

/// A job as the runner needs it.
#[derive(Debug, Clone)]
pub(crate) struct JobRow {
    pub id: JobId,
    pub profile_id: ProfileId,
    pub action: Action,
    pub status: JobStatus,
    pub start_at: Option<DateTime<Utc>>,
}

/// A batch with the URLs the runner works on (row id and URL, in line order).
#[derive(Debug, Clone)]
pub(crate) struct BatchRow {
    pub id: i64,
    pub state: BatchState,
    pub task_id: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub attempts: u32,
    pub urls: Vec<(i64, String)>,
}

/// What a status poll learnt about one accepted URL.
#[derive(Debug, Clone)]
pub(crate) struct ResultUpdate {
    pub url_id: i64,
    pub state: UrlState,
    pub raw_status: Option<String>,
    pub progress: Option<u8>,
    pub reason: Option<String>,
    /// The reason's code, for a URL that failed.
    pub reason_code: Option<UrlReason>,
    pub created_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// The verdict on one URL of a batch the vendor holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Accept,
    /// Refused by the vendor, in its words.
    Fail(String),
    /// Stays uncertain, with what reconciliation found.
    Unresolved(Why),
}

/// Moves `batch` from one of `from` to `to`. Its URLs follow it only while it is sent and once
/// the vendor holds it (schema V10): when it leaves `sending` for anything else, they take
/// `sending` as their own state first, to move on with it row by row.
fn move_batch(
    tx: &Transaction<'_>,
    batch: i64,
    from: &[BatchState],
    to: BatchState,
) -> rusqlite::Result<()> {
    if to != BatchState::Accepted {
        own_sending(tx, batch)?;
    }
    let list = from
        .iter()
        .map(|s| format!("'{}'", s.slug()))
        .collect::<Vec<_>>()
        .join(",");
    let n = tx
        .prepare_cached(&format!(
            "UPDATE batches SET state = ?2 WHERE id = ?1 AND state IN ({list})"
        ))?
        .execute(params![batch, to.slug()])?;
    if n == 1 {
        Ok(())
    } else {
        Err(rusqlite::Error::ToSqlConversionFailure(
            format!("batch {batch} is no longer in state {list}").into(),
        ))
    }
}

fn move_urls(
    tx: &Transaction<'_>,
    tally: &mut Tally,
    batch: i64,
    from: UrlState,
    to: UrlState,
    why: Option<&Why>,
) -> rusqlite::Result<()> {
    let moved = tx
        .prepare_cached(
            "UPDATE job_urls SET state = ?3, reason = ?4, reason_code = ?5, updated_at = ?6 \
             WHERE batch_id = ?1 AND state = ?2",
        )?
        .execute(params![
            batch,
            from.slug(),
            to.slug(),
            why.map(|w| &w.text),
            why.map(|w| w.code.slug()),
            Utc::now()
        ])?;
    tally.moved(from, to, moved);
    Ok(())
}

/// The URLs that follow `batch` (schema V10): its rows still `pending`.
fn followers(tx: &Transaction<'_>, batch: i64) -> rusqlite::Result<usize> {
    tx.prepare_cached("SELECT COUNT(*) FROM job_urls WHERE batch_id = ?1 AND state = 'pending'")?
        .query_row([batch], |r| r.get::<_, u32>(0))
        .map(|n| n as usize)
}

/// The URLs that follow `batch` while it is on the wire take `sending` as their own state, so
/// that each can move on by itself; nothing when the batch is not sending. The counts do not
/// change: they moved with the batch.
fn own_sending(tx: &Transaction<'_>, batch: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE job_urls SET state = 'sending', \
         sent_at = (SELECT sent_at FROM batches WHERE id = ?1), updated_at = ?2 \
         WHERE batch_id = ?1 AND state = 'pending' \
         AND EXISTS (SELECT 1 FROM batches WHERE id = ?1 AND state = 'sending')",
    )?
    .execute(params![batch, Utc::now()])?;
    Ok(())
}

/// A sending batch ends without the vendor's receipt: it and its URLs move on, `why` noted on
/// the batch and kept on each URL.
fn end_send(
    tx: &Transaction<'_>,
    job: JobId,
    batch: i64,
    to: BatchState,
    urls_to: UrlState,
    why: &Why,
) -> rusqlite::Result<()> {
    move_batch(tx, batch, &[BatchState::Sending], to)?;
    tx.prepare_cached("UPDATE batches SET note = ?2 WHERE id = ?1")?
        .execute(params![batch, why.text])?;
    let mut tally = Tally::new(job);
    move_urls(tx, &mut tally, batch, UrlState::Sending, urls_to, Some(why))?;
    tally.write(tx)?;
    touch_job(tx, job)
}

fn touch_job(tx: &Transaction<'_>, job: JobId) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE jobs SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![job.0, Utc::now()])?;
    Ok(())
}

/// Moves the URLs of an accepted `batch` that `verdict` does not accept to failed or uncertain,
/// one by one; their ids.
fn keep_out(
    tx: &Transaction<'_>,
    tally: &mut Tally,
    batch: i64,
    task_id: Option<&str>,
    now: DateTime<Utc>,
    verdict: &dyn Fn(&str) -> Verdict,
) -> rusqlite::Result<Vec<String>> {
    let rows: Vec<(i64, String, UrlState)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id, url, state FROM job_urls WHERE batch_id = ?1 AND state IN ('sending', 'uncertain')",
        )?;
        let rows = stmt.query_map([batch], |r| Ok((r.get(0)?, r.get(1)?, parse_column(r, 2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut update = tx.prepare_cached(
        "UPDATE job_urls SET state = ?2, task_id = ?3, reason = ?4, reason_code = ?5, updated_at = ?6 \
         WHERE id = ?1",
    )?;
    let mut kept_out = Vec::new();
    for (id, url, from) in &rows {
        let (state, why) = match verdict(url) {
            Verdict::Accept => continue,
            Verdict::Fail(why) => (UrlState::Failed, Why::new(UrlReason::VendorRefused, why)),
            Verdict::Unresolved(why) => (UrlState::Uncertain, why),
        };
        kept_out.push(id.to_string());
        let moved = update.execute(params![
            id,
            state.slug(),
            task_id,
            why.text,
            why.code.slug(),
            now
        ])?;
        tally.moved(*from, state, moved);
    }
    Ok(kept_out)
}

impl Store {
    pub fn job_row(&self, job: JobId) -> Result<JobRow> {
        self.with(|c| {
            c.query_row(
                "SELECT id, profile_id, action, status, start_at FROM jobs \
                 WHERE id = ?1 AND being_written = 0",
                [job.0],
                |r| {
                    Ok(JobRow {
                        id: JobId(r.get(0)?),
                        profile_id: ProfileId(r.get(1)?),
                        action: parse_column(r, 2)?,
                        status: parse_column(r, 3)?,
                        start_at: r.get(4)?,
                    })
                },
            )
            .optional()
        })?
        .ok_or_else(|| Error::NotFound(format!("job {job}")))
    }

    /// Jobs not finished yet, oldest first.
    pub fn unfinished_jobs(&self) -> Result<Vec<JobId>> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT id FROM jobs WHERE status <> ?1 AND being_written = 0 ORDER BY id",
            )?;
            let rows = stmt.query_map([JobStatus::Finished.slug()], |r| Ok(JobId(r.get(0)?)))?;
            rows.collect()
        })
    }

    pub fn set_job_status(
        &self,
        job: JobId,
        status: JobStatus,
        error: Option<&JobError>,
    ) -> Result<()> {
        let error = error
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| Error::Internal(e.to_string()))?;
        self.write(|tx| {
            let now = Utc::now();
            let finished = (status == JobStatus::Finished).then_some(now);
            tx.execute(
                "UPDATE jobs SET status = ?2, error = ?3, updated_at = ?4, finished_at = ?5 WHERE id = ?1",
                params![job.0, status.slug(), error, now, finished],
            )?;
            Ok(())
        })
    }

    /// Batches of a job in one of `states`, each with its URLs not yet final, in line order.
    pub fn batches(&self, job: JobId, states: &[BatchState]) -> Result<Vec<BatchRow>> {
        self.batches_holding(job, states, "state NOT IN ('completed', 'failed')")
    }

    /// Batches of a job in one of `states` with their URLs that match `urls_where` (SQL on
    /// `job_urls`), in line order; a batch with none is left out.
    fn batches_holding(
        &self,
        job: JobId,
        states: &[BatchState],
        urls_where: &str,
    ) -> Result<Vec<BatchRow>> {
        let list = states
            .iter()
            .map(|s| format!("'{}'", s.slug()))
            .collect::<Vec<_>>()
            .join(",");
        self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT id, state, task_id, sent_at, attempts FROM batches \
                 WHERE job_id = ?1 AND state IN ({list}) ORDER BY id"
            ))?;
            let mut batches = stmt
                .query_map([job.0], |r| {
                    Ok(BatchRow {
                        id: r.get(0)?,
                        state: parse_column(r, 1)?,
                        task_id: r.get(2)?,
                        sent_at: r.get(3)?,
                        attempts: r.get(4)?,
                        urls: Vec::new(),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut urls = c.prepare(&format!(
                "SELECT id, url FROM job_urls WHERE batch_id = ?1 AND {urls_where} ORDER BY line"
            ))?;
            for b in &mut batches {
                b.urls = urls
                    .query_map([b.id], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
            }
            batches.retain(|b| !b.urls.is_empty());
            Ok(batches)
        })
    }

    /// Marks a pending batch as on the wire, before the request leaves; durably, so that no
    /// power loss can make a batch the vendor may hold look unsent.
    pub fn begin_send(&self, job: JobId, batch: i64) -> Result<DateTime<Utc>> {
        self.write_durable(|tx| {
            let now = Utc::now();
            let moved = tx
                .prepare_cached(
                    "UPDATE batches SET state = 'sending', sent_at = ?2, attempts = attempts + 1 \
                     WHERE id = ?1 AND state = 'pending'",
                )?
                .execute(params![batch, now])?;
            if moved != 1 {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    format!("batch {batch} is no longer pending").into(),
                ));
            }
            // Its URLs follow it: no row is written.
            let mut tally = Tally::new(job);
            tally.moved(UrlState::Pending, UrlState::Sending, followers(tx, batch)?);
            tally.write(tx)?;
            touch_job(tx, job)?;
            Ok(now)
        })
    }

    /// The vendor holds the batch (answered, or found by reconciliation) as `task_id`: each
    /// URL as `verdict` says, or every one without it (no URL is then read back to be judged).
    pub fn accept_batch(
        &self,
        job: JobId,
        batch: i64,
        task_id: Option<&str>,
        verdict: Option<&dyn Fn(&str) -> Verdict>,
    ) -> Result<()> {
        self.write(|tx| {
            let was: BatchState = tx
                .prepare_cached("SELECT state FROM batches WHERE id = ?1")?
                .query_row([batch], |r| parse_column(r, 0))?;
            let now = Utc::now();
            let mut tally = Tally::new(job);
            if was == BatchState::Sending && verdict.is_none() {
                // The common answer: every URL keeps following the batch, no row is written.
                tally.moved(UrlState::Sending, UrlState::Accepted, followers(tx, batch)?);
            } else {
                // Judged URL by URL, or found by reconciliation: each row gets its own state.
                own_sending(tx, batch)?;
                let kept_out = match verdict {
                    Some(verdict) => keep_out(tx, &mut tally, batch, task_id, now, verdict)?,
                    None => Vec::new(),
                };
                // Every other URL of the batch, in one statement per state it leaves (ids are
                // integers from the table).
                let mut accept = tx.prepare_cached(&format!(
                    "UPDATE job_urls SET state = 'accepted', task_id = ?2, reason = NULL, reason_code = NULL, \
                     updated_at = ?3 \
                     WHERE batch_id = ?1 AND state = ?4 AND id NOT IN ({})",
                    kept_out.join(",")
                ))?;
                for from in [UrlState::Sending, UrlState::Uncertain] {
                    let moved = accept.execute(params![batch, task_id, now, from.slug()])?;
                    tally.moved(from, UrlState::Accepted, moved);
                }
            }
            move_batch(tx, batch, &[BatchState::Sending, BatchState::Uncertain], BatchState::Accepted)?;
            tx.prepare_cached("UPDATE batches SET task_id = ?2, answered_at = ?3 WHERE id = ?1")?
                .execute(params![batch, task_id, now])?;
            tally.write(tx)?;
            touch_job(tx, job)
        })
    }

    /// The submit may have reached the vendor: reconcile before sending it again.
    pub fn mark_uncertain(&self, job: JobId, batch: i64, why: &str) -> Result<()> {
        let why = Why::new(UrlReason::Checking, why.to_owned());
        self.write(|tx| {
            end_send(
                tx,
                job,
                batch,
                BatchState::Uncertain,
                UrlState::Uncertain,
                &why,
            )
        })
    }

    /// Batches left `sending` by a program that stopped: their answer is unknown.
    pub fn interrupted_sends_to_uncertain(&self, job: JobId) -> Result<usize> {
        let why = Why::new(
            UrlReason::Checking,
            "the program stopped while this batch was being sent; checking with the vendor".into(),
        );
        self.write(|tx| {
            let ids: Vec<i64> = {
                let mut stmt =
                    tx.prepare("SELECT id FROM batches WHERE job_id = ?1 AND state = 'sending'")?;
                let rows = stmt.query_map([job.0], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for id in &ids {
                end_send(
                    tx,
                    job,
                    *id,
                    BatchState::Uncertain,
                    UrlState::Uncertain,
                    &why,
                )?;
            }
            Ok(ids.len())
        })
    }

    /// Nothing of the batch is at the vendor: it waits to be sent (again).
    pub fn back_to_pending(&self, job: JobId, batch: i64) -> Result<()> {
        self.write(|tx| {
            move_batch(
                tx,
                batch,
                &[BatchState::Sending, BatchState::Uncertain],
                BatchState::Pending,
            )?;
            let mut tally = Tally::new(job);
            for from in [UrlState::Sending, UrlState::Uncertain] {
                move_urls(tx, &mut tally, batch, from, UrlState::Pending, None)?;
            }
            tally.write(tx)?;
            touch_job(tx, job)
        })
    }

    /// The vendor refused the batch: its URLs move into two new batches, pending again (the
    /// ids of each part; an id not in the batch is ignored).
    pub fn split_batch(&self, job: JobId, batch: i64, parts: [&[i64]; 2]) -> Result<[i64; 2]> {
        self.write(|tx| {
            move_batch(tx, batch, &[BatchState::Sending], BatchState::Split)?;
            let mut children = [0; 2];
            let mut tally = Tally::new(job);
            for (slot, part) in children.iter_mut().zip(parts) {
                tx.execute(
                    "INSERT INTO batches (job_id, parent_id, state) VALUES (?1, ?2, 'pending')",
                    params![job.0, batch],
                )?;
                *slot = tx.last_insert_rowid();
                let mut stmt = tx.prepare(
                    "UPDATE job_urls SET state = 'pending', batch_id = ?2, updated_at = ?3 \
                     WHERE id = ?1 AND batch_id = ?4 AND state = 'sending'",
                )?;
                for id in part {
                    let moved = stmt.execute(params![id, *slot, Utc::now(), batch])?;
                    tally.moved(UrlState::Sending, UrlState::Pending, moved);
                }
            }
            tally.write(tx)?;
            touch_job(tx, job)?;
            Ok(children)
        })
    }

    /// The vendor refused the batch for good (a single URL it will not take).
    pub fn fail_batch(&self, job: JobId, batch: i64, why: &str) -> Result<()> {
        let why = Why::new(UrlReason::VendorRefused, why.to_owned());
        self.write(|tx| end_send(tx, job, batch, BatchState::Failed, UrlState::Failed, &why))
    }

    /// Accepted batches of a job with their accepted (not yet final) URLs.
    pub fn batches_to_poll(&self, job: JobId) -> Result<Vec<BatchRow>> {
        // A `pending` row of an accepted batch follows it (schema V10).
        self.batches_holding(
            job,
            &[BatchState::Accepted],
            "state IN ('accepted', 'pending')",
        )
    }

    /// Stores what a status poll learnt; only accepted URLs move, and a URL that followed its
    /// batch takes the batch's task and send time as its own.
    pub fn record_results(&self, job: JobId, updates: &[ResultUpdate]) -> Result<()> {
        if updates.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            let now = Utc::now();
            let mut stmt = tx.prepare(
                "UPDATE job_urls SET state = ?2, raw_status = COALESCE(?3, raw_status), progress = COALESCE(?4, progress), reason = COALESCE(?5, reason), \
                 reason_code = COALESCE(?6, reason_code), \
                 vendor_created_at = COALESCE(?7, vendor_created_at), \
                 vendor_started_at = COALESCE(?8, vendor_started_at), \
                 vendor_finished_at = COALESCE(?9, vendor_finished_at), updated_at = ?10, \
                 task_id = IIF(state = 'pending', \
                     (SELECT b.task_id FROM batches b WHERE b.id = job_urls.batch_id), task_id), \
                 sent_at = IIF(state = 'pending', \
                     (SELECT b.sent_at FROM batches b WHERE b.id = job_urls.batch_id), sent_at) \
                 WHERE id = ?1 AND (state = 'accepted' OR (state = 'pending' AND EXISTS \
                     (SELECT 1 FROM batches b WHERE b.id = job_urls.batch_id AND b.state = 'accepted')))",
            )?;
            let mut tally = Tally::new(job);
            for u in updates {
                let moved = stmt.execute(params![
                    u.url_id,
                    u.state.slug(),
                    u.raw_status,
                    u.progress,
                    u.reason,
                    u.reason_code.map(UrlReason::slug),
                    u.created_at,
                    u.started_at,
                    u.finished_at,
                    now
                ])?;
                tally.moved(UrlState::Accepted, u.state, moved);
            }
            tally.write(tx)?;
            touch_job(tx, job)
        })
    }

    /// True when a batch other than `batch` holds vendor task `task_id`.
    pub fn task_owned_elsewhere(&self, task_id: &str, batch: i64) -> Result<bool> {
        self.with(|c| {
            c.query_row(
                "SELECT EXISTS (SELECT 1 FROM batches WHERE task_id = ?1 AND id <> ?2)",
                params![task_id, batch],
                |r| r.get(0),
            )
        })
    }

    /// When one of our batches was sent as vendor task `task_id`, if one was.
    pub fn task_sent_at(&self, task_id: &str) -> Result<Option<DateTime<Utc>>> {
        self.with(|c| {
            c.query_row(
                "SELECT MIN(sent_at) FROM batches WHERE task_id = ?1",
                [task_id],
                |r| r.get(0),
            )
        })
    }

    /// The failed URLs of a job, to send again.
    /// The failed URLs of a job, and its uncertain ones with `with_uncertain`.
    pub fn urls_to_resend(&self, job: JobId, with_uncertain: bool) -> Result<Vec<InputUrl>> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT line, url FROM job_urls WHERE job_id = ?1 \
                 AND (state = 'failed' OR (?2 AND state = 'uncertain')) ORDER BY line",
            )?;
            let rows = stmt.query_map(params![job.0, with_uncertain], |r| {
                Ok(InputUrl {
                    line: r.get(0)?,
                    url: r.get(1)?,
                })
            })?;
            rows.collect()
        })
    }
}

pub(super) fn counts_of(c: &rusqlite::Connection, job: JobId) -> rusqlite::Result<Counts> {
    let mut stmt = c.prepare_cached("SELECT state, n FROM job_counts WHERE job_id = ?1")?;
    let mut counts = Counts::default();
    let rows = stmt.query_map([job.0], |r| {
        Ok((parse_column::<UrlState>(r, 0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (state, n) = row?;
        *counts.slot(state) = u64::try_from(n).unwrap_or(0);
    }
    Ok(counts)
}
