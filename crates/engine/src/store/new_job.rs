//! Journaling a new job in short transactions. One transaction for a job of 1,000,000 URLs held
//! the write lock for 30 s (measured), and the other program on the database (the app or the
//! CLI, which waits at most 10 s for it) failed with "database is locked". So the job's row is
//! written first, marked `being_written`, then its lines a few thousand per transaction, then
//! the mark is cleared: only then is the job listed, counted, found or run (every URL is
//! journaled before anything is sent). A job whose writer stopped half-way (killed, crashed,
//! out of disk) is removed by the next program to open the database: its user never saw it, and
//! resuming part of a list would send part of it.

use super::counts::Tally;
use super::text_index::forget_job;
use super::{sql_time, Store};
use crate::lock::JobLock;
use crate::model::{InputUrl, JobId, JournaledRejection, ProfileId};
use crate::state::{BatchState, JobStatus, UrlState};
use cachedesk_core::{Action, Result};
use cachedesk_intake::RejectReason;
use chrono::{DateTime, Utc};
use rusqlite::{params, Transaction};
use std::time::Duration;

/// Lines journaled per transaction: each holds the write lock 0.1-0.2 s on a 2-core machine
/// with other builds running (measured), far below the other program's 10 s.
const LINES_PER_WRITE: usize = 10_000;

/// The pause between those transactions, for the other program's writes (it tries every few
/// milliseconds while it waits) and this program's other jobs.
const BETWEEN_WRITES: Duration = Duration::from_millis(10);

/// What `create_job` writes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewJob<'a> {
    pub profile: ProfileId,
    pub action: Action,
    pub start_at: Option<DateTime<Utc>>,
    pub urls: &'a [InputUrl],
    pub rejected: &'a [JournaledRejection],
    pub batch_size: usize,
    pub retry_of: Option<JobId>,
}

/// The lines one transaction journals: rejected lines, or URLs in whole batches.
enum Piece<'a> {
    Rejected(&'a [JournaledRejection]),
    Urls(&'a [InputUrl]),
}

impl Piece<'_> {
    /// The job's lines in pieces of about `LINES_PER_WRITE`.
    fn all<'a>(new: &NewJob<'a>, batch_size: usize) -> Vec<Piece<'a>> {
        let urls_per_write = batch_size * (LINES_PER_WRITE / batch_size).max(1);
        let rejected = new.rejected.chunks(LINES_PER_WRITE).map(Piece::Rejected);
        let urls = new.urls.chunks(urls_per_write).map(Piece::Urls);
        rejected.chain(urls).collect()
    }

    fn insert(
        &self,
        tx: &Transaction<'_>,
        job: JobId,
        batch_size: usize,
        now: DateTime<Utc>,
    ) -> rusqlite::Result<()> {
        let mut tally = Tally::new(job);
        let now = sql_time(now);
        match self {
            Piece::Rejected(lines) => {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO job_urls (job_id, line, url, state, reason, reject_code, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?;
                let state = UrlState::Rejected.slug();
                for r in *lines {
                    insert.execute(params![
                        job.0,
                        r.line,
                        r.text,
                        state,
                        r.reason,
                        r.code.map(RejectReason::code),
                        now
                    ])?;
                }
                tally.added(UrlState::Rejected, lines.len());
            }
            Piece::Urls(urls) => {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO job_urls (job_id, line, url, batch_id, state, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?;
                let mut insert_batch =
                    tx.prepare_cached("INSERT INTO batches (job_id, state) VALUES (?1, ?2)")?;
                let state = UrlState::Pending.slug();
                for urls in urls.chunks(batch_size) {
                    insert_batch.execute(params![job.0, BatchState::Pending.slug()])?;
                    let batch = tx.last_insert_rowid();
                    for u in urls {
                        insert.execute(params![job.0, u.line, u.url, batch, state, now])?;
                    }
                }
                tally.added(UrlState::Pending, urls.len());
            }
        }
        tally.write(tx)
    }
}

/// A job journaled whole and not seen yet: [`Store::reveal`] shows it, [`Store::discard`]
/// removes it. Its lock is held until then, so no program takes it for abandoned.
pub(crate) struct UnseenJob {
    pub id: JobId,
    _lock: JobLock,
}

impl Store {
    /// Writes a job with its rejected lines and its URLs cut into batches of `batch_size`,
    /// unseen until it is revealed. A job of up to `LINES_PER_WRITE` lines is one transaction.
    /// `go_on` is asked between transactions: when it says no, what was written is removed
    /// and there is no job.
    pub fn create_job(
        &self,
        new: &NewJob<'_>,
        go_on: impl Fn() -> bool,
    ) -> Result<Option<UnseenJob>> {
        let batch_size = new.batch_size.max(1);
        let now = Utc::now();
        let pieces = Piece::all(new, batch_size);
        let (first, rest) = match pieces.split_first() {
            Some((first, rest)) => (Some(first), rest),
            None => (None, &[][..]),
        };
        // The lock is taken before the job's row is committed.
        let job = self.write(|tx| {
            tx.execute(
                "INSERT INTO jobs (profile_id, action, status, retry_of, start_at, created_at, \
                 updated_at, being_written) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 1)",
                params![
                    new.profile.0,
                    new.action.slug(),
                    JobStatus::Queued.slug(),
                    new.retry_of.map(|j| j.0),
                    new.start_at,
                    now
                ],
            )?;
            let id = JobId(tx.last_insert_rowid());
            // Free unless a program still removing an abandoned job of this number holds it.
            let lock = self.job_lock(id)?.ok_or_else(|| {
                rusqlite::Error::ToSqlConversionFailure(
                    format!("job {id} is being removed by another program; try again").into(),
                )
            })?;
            if let Some(piece) = first {
                piece.insert(tx, id, batch_size, now)?;
            }
            Ok(UnseenJob { id, _lock: lock })
        })?;
        for piece in rest {
            if !go_on() {
                self.discard(job);
                return Ok(None);
            }
            std::thread::sleep(BETWEEN_WRITES);
            if let Err(e) = self.write(|tx| piece.insert(tx, job.id, batch_size, now)) {
                tracing::warn!(job = %job.id, error = %e, "a job could not be journaled whole; removing it");
                self.discard(job);
                return Err(e);
            }
        }
        Ok(Some(job))
    }

    /// The job's last line is in: it can be seen and run.
    pub fn reveal(&self, job: UnseenJob) -> Result<JobId> {
        self.write(|tx| {
            tx.prepare_cached("UPDATE jobs SET being_written = 0, updated_at = ?2 WHERE id = ?1")?
                .execute(params![job.id.0, Utc::now()])?;
            Ok(job.id)
        })
    }

    /// Removes a job that will not be revealed; what cannot be removed now, the next program
    /// to open the database removes.
    pub fn discard(&self, job: UnseenJob) {
        if let Err(e) = self.remove_job_being_written(job.id) {
            tracing::warn!(job = %job.id, error = %e, "cannot remove it now; the next start will");
        }
    }

    /// Removes the jobs whose writer stopped before their last line: those whose lock is free.
    pub(super) fn remove_abandoned_jobs(&self) -> Result<()> {
        // Read first: opening the database takes no write lock when there is nothing to do.
        let any: bool = self.with(|c| {
            c.query_row(
                "SELECT EXISTS (SELECT 1 FROM jobs WHERE being_written = 1)",
                [],
                |r| r.get(0),
            )
        })?;
        if !any {
            return Ok(());
        }
        // With the write lock held: a writer that is alive holds its job's lock until it has
        // committed its last line.
        let abandoned = self.write(|tx| {
            let ids: Vec<i64> = {
                let mut stmt = tx.prepare("SELECT id FROM jobs WHERE being_written = 1")?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let mut held = Vec::new();
            for id in ids {
                held.extend(self.job_lock(JobId(id))?.map(|lock| (JobId(id), lock)));
            }
            Ok(held)
        })?;
        for (job, _removing) in abandoned {
            tracing::warn!(%job, "removing a job its program stopped writing half-way");
            self.remove_job_being_written(job)?;
        }
        Ok(())
    }

    /// Deletes a job still being written (the caller holds its lock), in short transactions.
    fn remove_job_being_written(&self, job: JobId) -> Result<()> {
        while self.write_next(|tx| delete_lines(tx, job))? > 0 {}
        while self.write_next(|tx| {
            tx.prepare_cached(
                "DELETE FROM batches WHERE id IN (SELECT id FROM batches WHERE job_id = ?1 \
                 AND EXISTS (SELECT 1 FROM jobs WHERE id = ?1 AND being_written = 1) LIMIT ?2)",
            )?
            .execute(params![job.0, LINES_PER_WRITE as i64])
        })? > 0
        {}
        self.write(|tx| {
            tx.execute("DELETE FROM job_counts WHERE job_id = ?1", [job.0])?;
            let removed = tx.execute(
                "DELETE FROM jobs WHERE id = ?1 AND being_written = 1",
                [job.0],
            )?;
            if removed == 1 {
                // Its documents in the URL index, those a search indexed.
                forget_job(tx, job.0)?;
            }
            // Row ids freed at the end of the table are given again: the URL index must take
            // the URLs that get them.
            tx.execute(
                "UPDATE job_urls_text_state SET indexed_to = \
                 MIN(indexed_to, (SELECT COALESCE(MAX(id), 0) FROM job_urls))",
                [],
            )?;
            Ok(())
        })
    }

    /// `write` after a pause: a transaction of a large job's.
    fn write_next<T>(&self, f: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>) -> Result<T> {
        std::thread::sleep(BETWEEN_WRITES);
        self.write(f)
    }

    /// The job's runner lock, when no one (here or in another program) holds it.
    fn job_lock(&self, job: JobId) -> rusqlite::Result<Option<JobLock>> {
        JobLock::try_acquire(&self.data_dir, job)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
    }
}

/// Deletes up to `LINES_PER_WRITE` lines of a job being written; the count deleted.
fn delete_lines(tx: &Transaction<'_>, job: JobId) -> rusqlite::Result<usize> {
    tx.prepare_cached(
        "DELETE FROM job_urls WHERE id IN (SELECT u.id FROM job_urls u \
         JOIN jobs j ON j.id = u.job_id WHERE u.job_id = ?1 AND j.being_written = 1 LIMIT ?2)",
    )?
    .execute(params![job.0, LINES_PER_WRITE as i64])
}
