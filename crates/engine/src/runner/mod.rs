//! Runs one job to the end: quota check, sending with bounded concurrency, reconciliation of
//! lost answers, polling until every URL is final. Every step is journaled first, so a run
//! that is dropped or killed at any point can be resumed without resending an accepted batch.

mod call;
mod deliver;
mod poll;
mod quota;
mod reconcile;

pub(crate) use call::query_all;
pub(crate) use quota::check_quota;

use crate::engine::Inner;
use crate::lock::JobLock;
use crate::model::{JobError, JobId, JobSummary, Profile};
use crate::paced::Paced;
use crate::state::{BatchState, JobStatus};
use crate::store::JobRow;
use cachedesk_core::{said, Credentials, Error, Result};
use futures::StreamExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// One job being run, with what every step needs.
pub(crate) struct Run {
    inner: Arc<Inner>,
    job: JobRow,
    /// The vendor, paced with every other client of the same account.
    provider: Arc<Paced>,
    /// The profile's concurrency (submit requests in flight), shared with its other jobs in
    /// this process.
    permits: Arc<Semaphore>,
    concurrency: usize,
    /// Set by the first batch that hits an error needing a person: no new batch starts.
    stop: AtomicBool,
    /// The job's lock, also held by journal steps still landing after the run is dropped:
    /// no other run of the job starts before they have.
    lock: Arc<JobLock>,
}

/// Runs `job` until every URL is final or an error needs a person.
pub(crate) async fn run_job(
    inner: &Arc<Inner>,
    job: JobId,
    credentials: &Credentials,
) -> Result<JobSummary> {
    let Some(lock) = JobLock::try_acquire(&inner.data_dir, job)? else {
        return Err(Error::InvalidInput(said!(
            "job {job} is already running (in this window or another CacheDesk program)",
            "任务 {job} 正在运行（在本窗口或另一个 CacheDesk 程序中）"
        )));
    };
    let lock = Arc::new(lock);
    let row = inner.store.job_row(job)?;
    if row.status == JobStatus::Finished {
        return inner.store.job(job);
    }
    inner.store.set_job_status(job, JobStatus::Running, None)?;
    inner.publish(job);
    tracing::info!(%job, was = ?row.status, "job runs");
    let outcome = match Run::start(inner, row, credentials, Arc::clone(&lock)) {
        Ok(run) => run.drive().await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => {
            inner.store.set_job_status(job, JobStatus::Finished, None)?;
            inner.publish(job);
            let summary = inner.store.job(job)?;
            let c = &summary.counts;
            tracing::info!(%job, completed = c.completed, failed = c.failed, uncertain = c.uncertain, "job finished");
            Ok(summary)
        }
        Err(e) => {
            tracing::warn!(%job, code = ?e.code(), error = %e, "job stopped");
            inner
                .store
                .set_job_status(job, JobStatus::Stopped, Some(&JobError::from(&e)))?;
            inner.publish(job);
            Err(e)
        }
    }
}

/// One status query for every URL of `job` the vendor holds; sends nothing. A job whose
/// URLs are then all settled, with nothing left to send or reconcile, becomes `finished`.
/// A job another runner holds is only read: that runner polls it.
pub(crate) async fn sync_job(
    inner: &Arc<Inner>,
    job: JobId,
    credentials: &Credentials,
) -> Result<JobSummary> {
    let Some(lock) = JobLock::try_acquire(&inner.data_dir, job)? else {
        return inner.store.job(job);
    };
    let lock = Arc::new(lock);
    let row = inner.store.job_row(job)?;
    let status = row.status;
    if status == JobStatus::Finished {
        return inner.store.job(job);
    }
    Run::start(inner, row, credentials, Arc::clone(&lock))?
        .poll_round()
        .await?;
    let summary = inner.store.job(job)?;
    let open = inner
        .store
        .batches(job, &[BatchState::Uncertain, BatchState::Pending])?;
    if status == JobStatus::Running && summary.counts.open() == 0 && open.is_empty() {
        inner.store.set_job_status(job, JobStatus::Finished, None)?;
        inner.publish(job);
        return inner.store.job(job);
    }
    Ok(summary)
}

impl Run {
    fn start(
        inner: &Arc<Inner>,
        job: JobRow,
        credentials: &Credentials,
        lock: Arc<JobLock>,
    ) -> Result<Run> {
        let profile = inner.store.profile(job.profile_id)?;
        let provider = inner.connect(&profile, credentials)?;
        let permits = inner.permits(&profile);
        Ok(Run {
            inner: Arc::clone(inner),
            job,
            provider,
            permits,
            concurrency: concurrency(&profile),
            stop: AtomicBool::new(false),
            lock,
        })
    }

    async fn drive(&self) -> Result<()> {
        let store = &self.inner.store;
        store.interrupted_sends_to_uncertain(self.job.id)?;
        let open = store.batches(self.job.id, &[BatchState::Uncertain, BatchState::Pending])?;
        let to_send: usize = open
            .iter()
            .filter(|b| b.state == BatchState::Pending)
            .map(|b| b.urls.len())
            .sum();
        // A queued job was checked when it was created; a resumed one is checked again.
        if to_send > 0 && self.job.status != JobStatus::Queued {
            check_quota(self.provider.as_ref(), self.job.action, to_send as u64).await?;
        }
        // The first batch goes alone: a refusal of the whole account then costs one request,
        // not one per send slot.
        let mut open = open.into_iter();
        if let Some(first) = open.next() {
            self.deliver_or_stop(first).await?;
        }
        let results: Vec<Result<()>> = futures::stream::iter(open)
            .map(|batch| self.deliver_or_stop(batch))
            // Twice the send slots: a batch whose answer is in records it while the next one
            // already takes the slot (`deliver` holds a permit only around the request).
            .buffer_unordered(self.concurrency * 2)
            .collect()
            .await;
        if let Some(e) = results.into_iter().find_map(Result::err) {
            return Err(e);
        }
        self.poll_until_final().await
    }
}

impl Run {
    /// Delivers one batch unless the job is stopping; the first batch that fails stops it.
    async fn deliver_or_stop(&self, batch: crate::store::BatchRow) -> Result<()> {
        if self.stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        // A delivered batch has published its outcome with its last journal step.
        let outcome = self.deliver(batch).await;
        if outcome.is_err() {
            self.stop.store(true, Ordering::SeqCst);
            self.publish().await;
        }
        outcome
    }

    /// Runs a step on the journal on the blocking pool. The database is shared by every batch
    /// in flight; a step waiting for it must not stall the runtime's workers, which carry
    /// the other batches' vendor calls (on a small machine, all of them).
    async fn journal<T: Send + 'static>(
        &self,
        step: impl FnOnce(&Inner) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let inner = Arc::clone(&self.inner);
        let lock = Arc::clone(&self.lock);
        tokio::task::spawn_blocking(move || {
            let _held = lock;
            step(&inner)
        })
        .await
        .map_err(|e| Error::Internal(format!("a journal step did not finish: {e}")))?
    }

    /// A journal step whose outcome subscribers see at once: the step, then
    /// `Inner::publish`, in one trip to the blocking pool (each trip is a thread wake-up on
    /// the batch's path to its next send).
    async fn journal_published<T: Send + 'static>(
        &self,
        step: impl FnOnce(&Inner) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let job = self.job.id;
        self.journal(move |inner| {
            let out = step(inner)?;
            inner.publish(job);
            Ok(out)
        })
        .await
    }

    /// `Inner::publish` off the runtime's workers, like the journal steps.
    async fn publish(&self) {
        if let Err(e) = self.journal_published(|_| Ok(())).await {
            tracing::warn!(job = %self.job.id, error = %e, "cannot publish a job's progress");
        }
    }
}

fn concurrency(profile: &Profile) -> usize {
    usize::try_from(profile.concurrency()).unwrap_or(1).max(1)
}
