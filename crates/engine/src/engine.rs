//! `Engine`: the one entry point for the CLI and the app.

use crate::credentials::CredentialSource;
use crate::export;
use crate::lock::JobLock;
use crate::model::{
    BatchSummary, JobEvent, JobFilter, JobId, JobRequest, JobSummary, JournaledRejection,
    PageRequest, Paged, Profile, ProfileDraft, ProfileId, UrlResult,
};
use crate::options::EngineOptions;
use crate::paced::Paced;
use crate::pacer::Pacer;
use crate::plan::plan;
use crate::runner;
use crate::state::{JobStatus, UrlState};
use crate::store::{NewJob, Store};
use cachedesk_core::{said, Credentials, Error, Kind, Quota, Result, UrlRecord};
use cachedesk_vendors::history::{history_page, HistoryPage, HistoryRequest};
use cachedesk_vendors::{Provider, ProviderConfig, TaskQuery, TaskSelector};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, Semaphore};

/// Events kept for a subscriber that falls behind before it starts missing some.
const EVENT_BUFFER: usize = 1024;

/// The job engine over one data directory. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub data_dir: PathBuf,
    pub store: Store,
    pub options: EngineOptions,
    events: broadcast::Sender<JobEvent>,
    pacers: Mutex<HashMap<u64, Arc<Pacer>>>,
    permits: Mutex<HashMap<(ProfileId, u32), Arc<Semaphore>>>,
}

impl Inner {
    /// Tells subscribers where `job` stands now.
    pub fn publish(&self, job: JobId) {
        if self.events.receiver_count() == 0 {
            return;
        }
        match self.store.job(job) {
            Ok(summary) => {
                // No subscriber left is not an error.
                let _ = self.events.send(JobEvent {
                    job_id: job,
                    status: summary.status,
                    counts: summary.counts,
                    finished: summary.status == JobStatus::Finished,
                });
            }
            Err(e) => tracing::warn!(%job, error = %e, "cannot read a job to publish its progress"),
        }
    }

    /// The profile's vendor client, paced with every other client of the same account.
    pub fn connect(&self, profile: &Profile, credentials: &Credentials) -> Result<Arc<Paced>> {
        let provider = (self.options.connector)(ProviderConfig {
            vendor: profile.vendor,
            endpoint: profile.endpoint.clone(),
            credentials: credentials.clone(),
            site: profile.site.clone(),
            limits: profile.limits(),
        })?;
        Ok(Arc::new(Paced::new(
            provider,
            self.pacer(profile, credentials),
            self.options.retry,
        )))
    }

    /// The pacing shared by every profile on the same vendor account.
    fn pacer(&self, profile: &Profile, credentials: &Credentials) -> Arc<Pacer> {
        let mut hasher = DefaultHasher::new();
        profile.vendor.hash(&mut hasher);
        profile.endpoint.hash(&mut hasher);
        match credentials {
            Credentials::AccessKey { access_key_id, .. } => access_key_id.hash(&mut hasher),
            Credentials::Token(token) => token.expose().hash(&mut hasher),
        }
        let key = hasher.finish();
        let mut pacers = self.pacers.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(
            pacers
                .entry(key)
                .or_insert_with(|| Arc::new(Pacer::new(&profile.limits()))),
        )
    }

    /// The profile's send slots, shared by its jobs in this process (new slots when the
    /// profile's concurrency changes).
    pub fn permits(&self, profile: &Profile) -> Arc<Semaphore> {
        let mut permits = self.permits.lock().unwrap_or_else(|e| e.into_inner());
        let slots = usize::try_from(profile.concurrency()).unwrap_or(1);
        let entry = permits
            .entry((profile.id, profile.concurrency()))
            .or_insert_with(|| Arc::new(Semaphore::new(slots)));
        Arc::clone(entry)
    }
}

impl Engine {
    /// Opens (creating when needed) the engine's database in `data_dir`, with default pacing.
    pub fn open(data_dir: impl AsRef<Path>) -> Result<Engine> {
        Engine::open_with(data_dir, EngineOptions::default())
    }

    pub fn open_with(data_dir: impl AsRef<Path>, options: EngineOptions) -> Result<Engine> {
        let data_dir = data_dir.as_ref().to_path_buf();
        let store = Store::open(&data_dir)?;
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        Ok(Engine {
            inner: Arc::new(Inner {
                data_dir,
                store,
                options,
                events,
                pacers: Mutex::default(),
                permits: Mutex::default(),
            }),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// Progress of every job this engine runs, from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<JobEvent> {
        self.inner.events.subscribe()
    }

    // ---- profiles ----

    pub fn create_profile(&self, draft: &ProfileDraft) -> Result<Profile> {
        self.inner.store.create_profile(draft)
    }

    /// Replaces a live profile's settings.
    pub fn update_profile(&self, id: ProfileId, draft: &ProfileDraft) -> Result<Profile> {
        self.inner.store.update_profile(id, draft)
    }

    /// Hides a profile from `profiles()`; its jobs stay readable and its name becomes free.
    pub fn delete_profile(&self, id: ProfileId) -> Result<()> {
        self.inner.store.delete_profile(id)
    }

    /// A profile by id, also a deleted one.
    pub fn profile(&self, id: ProfileId) -> Result<Profile> {
        self.inner.store.profile(id)
    }

    /// A live profile by its name.
    pub fn profile_named(&self, name: &str) -> Result<Profile> {
        self.inner.store.profile_named(name)
    }

    /// Live profiles by name.
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        self.inner.store.profiles()
    }

    // ---- the vendor, for one profile ----

    fn provider(&self, profile: ProfileId, credentials: &Credentials) -> Result<Arc<Paced>> {
        self.inner
            .connect(&self.inner.store.profile(profile)?, credentials)
    }

    /// The cheapest authenticated call: are these credentials good for this profile?
    pub async fn check_credentials(
        &self,
        profile: ProfileId,
        credentials: &Credentials,
    ) -> Result<()> {
        self.provider(profile, credentials)?.check().await
    }

    /// Today's quota, where the vendor reports it.
    pub async fn quota(
        &self,
        profile: ProfileId,
        credentials: &Credentials,
    ) -> Result<Option<Quota>> {
        self.provider(profile, credentials)?.quota().await
    }

    /// One page of the vendor's own task history (also tasks submitted elsewhere) over any time
    /// range; pass the page's `next` back as `token` for the page after it.
    pub async fn remote_history(
        &self,
        profile: ProfileId,
        credentials: &Credentials,
        request: &HistoryRequest,
        token: Option<&str>,
    ) -> Result<HistoryPage> {
        let provider = self.provider(profile, credentials)?;
        history_page(provider.as_ref(), request, token).await
    }

    // ---- jobs ----

    /// Checks the request and the vendor's quota, then journals the job (status `queued`):
    /// nothing is sent yet. Run it with `run_job`.
    pub async fn create_job(
        &self,
        request: &JobRequest,
        credentials: &Credentials,
    ) -> Result<JobId> {
        self.create_linked_job(request, credentials, None).await
    }

    async fn create_linked_job(
        &self,
        request: &JobRequest,
        credentials: &Credentials,
        retry_of: Option<JobId>,
    ) -> Result<JobId> {
        let profile = self.inner.store.profile(request.profile)?;
        let plan = plan(request, &profile)?;
        let batch_size = profile
            .limits()
            .batch_size(request.action.kind(), request.action.target());
        let (urls, rejected) = (plan.urls.len(), plan.rejected.len());
        // The vendor is asked for the quota while the job is journaled, unseen until it may
        // go; a refusal stops the journaling.
        let refused = Arc::new(AtomicBool::new(false));
        let quota = async {
            if urls == 0 {
                return Ok(());
            }
            let provider = self.inner.connect(&profile, credentials)?;
            let checked = runner::check_quota(provider.as_ref(), request.action, urls as u64).await;
            refused.store(checked.is_err(), Ordering::SeqCst);
            checked
        };
        let writing = {
            let inner = Arc::clone(&self.inner);
            let refused = Arc::clone(&refused);
            let new = (profile.id, request.action, request.start_at);
            let batch_size = usize::try_from(batch_size).unwrap_or(1);
            tokio::task::spawn_blocking(move || {
                let (profile, action, start_at) = new;
                let new = NewJob {
                    profile,
                    action,
                    start_at,
                    urls: &plan.urls,
                    rejected: &plan.rejected,
                    batch_size,
                    retry_of,
                };
                inner
                    .store
                    .create_job(&new, || !refused.load(Ordering::SeqCst))
            })
        };
        let (quota, written) = tokio::join!(quota, writing);
        let written =
            written.map_err(|e| Error::Internal(format!("the job was not journaled: {e}")))??;
        let written = match (quota, written) {
            (Ok(()), Some(written)) => written,
            (Err(e), written) => {
                if let Some(written) = written {
                    // Removing up to a transaction's lines: on the blocking pool, not a worker.
                    let inner = Arc::clone(&self.inner);
                    let _ = tokio::task::spawn_blocking(move || inner.store.discard(written)).await;
                }
                return Err(e);
            }
            (Ok(()), None) => {
                return Err(Error::Internal("the job's journaling stopped".into()));
            }
        };
        let job = self.inner.store.reveal(written)?;
        tracing::info!(
            %job,
            vendor = %profile.vendor,
            action = ?request.action,
            urls,
            rejected,
            retry_of = ?retry_of.map(|j| j.0),
            "job submitted"
        );
        Ok(job)
    }

    /// Sends, reconciles and polls `job` until every URL is final. A job resumed after a stop
    /// or a crash has its quota checked again first. On an error that needs a person the job
    /// stops (status `stopped`, with the error) and can be run again later. Dropping the
    /// future leaves the job resumable.
    pub async fn run_job(&self, job: JobId, credentials: &Credentials) -> Result<JobSummary> {
        runner::run_job(&self.inner, job, credentials).await
    }

    /// Asks the vendor once about every URL of `job` it holds, without sending anything, and
    /// returns the job as it then stands.
    pub async fn sync_job(&self, job: JobId, credentials: &Credentials) -> Result<JobSummary> {
        runner::sync_job(&self.inner, job, credentials).await
    }

    /// Every record of one vendor task (also one submitted elsewhere, e.g. in the console). A
    /// task of one of our jobs is asked for around its send time (Baidu CDN looks back 24
    /// hours otherwise).
    pub async fn remote_task(
        &self,
        profile: ProfileId,
        credentials: &Credentials,
        kind: Kind,
        task_id: &str,
    ) -> Result<Vec<UrlRecord>> {
        let provider = self.provider(profile, credentials)?;
        let offset = provider.pacer().clock_offset().unwrap_or_default();
        let query = TaskQuery {
            kind,
            selector: TaskSelector::Id {
                id: task_id.to_owned(),
                submitted_at: self.inner.store.task_sent_at(task_id)?.map(|t| t + offset),
            },
            target: None,
            cursor: None,
        };
        runner::query_all(provider.as_ref(), query).await
    }

    /// `create_job` then `run_job`.
    pub async fn submit(
        &self,
        request: &JobRequest,
        credentials: &Credentials,
    ) -> Result<JobSummary> {
        let job = self.create_job(request, credentials).await?;
        self.run_job(job, credentials).await
    }

    /// Runs every unfinished job (queued, running when the program stopped, or stopped) that
    /// no other runner holds, all at once. Returns each job's outcome.
    pub async fn resume(
        &self,
        credentials: &dyn CredentialSource,
    ) -> Result<Vec<(JobId, Result<JobSummary>)>> {
        let mut runs = Vec::new();
        let unfinished = self.inner.store.unfinished_jobs()?;
        if !unfinished.is_empty() {
            tracing::info!(jobs = unfinished.len(), "resuming unfinished jobs");
        }
        for job in unfinished {
            // Held by another runner: that one will finish it.
            if JobLock::try_acquire(&self.inner.data_dir, job)?.is_none() {
                continue;
            }
            let summary = self.inner.store.job(job)?;
            let profile = self.inner.store.profile(summary.profile_id)?;
            runs.push(async move {
                let outcome = match credentials.credentials(&profile) {
                    Ok(creds) => self.run_job(job, &creds).await,
                    Err(e) => Err(e),
                };
                (job, outcome)
            });
        }
        Ok(futures::future::join_all(runs).await)
    }

    /// A new job (queued, not run) with the failed URLs of `job`, linked to it by `retry_of`;
    /// `with_uncertain` adds the URLs whose submit may or may not have reached the vendor (a
    /// lost answer reconciliation could not settle): sending them again may purge them twice,
    /// never zero times.
    pub async fn retry_failed(
        &self,
        job: JobId,
        credentials: &Credentials,
        with_uncertain: bool,
    ) -> Result<JobId> {
        let old = self.inner.store.job(job)?;
        let urls = self.inner.store.urls_to_resend(job, with_uncertain)?;
        if urls.is_empty() {
            return Err(Error::InvalidInput(if with_uncertain {
                said!(
                    "job {job} has no failed or uncertain URLs",
                    "任务 {job} 没有失败或结果未知的 URL"
                )
            } else {
                said!("job {job} has no failed URLs", "任务 {job} 没有失败的 URL")
            }));
        }
        let request = JobRequest {
            profile: old.profile_id,
            action: old.action,
            urls,
            rejected: Vec::<JournaledRejection>::new(),
            start_at: None,
        };
        self.create_linked_job(&request, credentials, Some(job))
            .await
    }

    pub fn job(&self, job: JobId) -> Result<JobSummary> {
        self.inner.store.job(job)
    }

    /// Local history: jobs matching `filter`, newest first, with their counts.
    pub fn jobs(&self, filter: &JobFilter, page: PageRequest) -> Result<Paged<JobSummary>> {
        self.inner.store.jobs(filter, page)
    }

    /// A job's lines in line order, optionally only those in `state`.
    pub fn job_urls(
        &self,
        job: JobId,
        state: Option<UrlState>,
        page: PageRequest,
    ) -> Result<Paged<UrlResult>> {
        self.inner.store.job_urls(job, state, page)
    }

    /// A job's submit requests, in the order they were made.
    pub fn job_batches(&self, job: JobId) -> Result<Vec<BatchSummary>> {
        self.inner.store.batch_summaries(job)
    }

    /// The vendor task ids of a job, each once, in the order its lines got them.
    pub fn task_ids(&self, job: JobId) -> Result<Vec<String>> {
        self.inner.store.task_ids(job)
    }

    /// Asks the edge nearest this computer for every URL of `job` the vendor finished, and
    /// keeps the verdicts (see [`crate::EdgeCheck`]). Sends nothing to the vendor.
    pub async fn verify_job(
        &self,
        job: JobId,
        options: cachedesk_edge::ProbeOptions,
    ) -> Result<Vec<crate::EdgeCheck>> {
        crate::verify::verify_job(&self.inner, job, options, None).await
    }

    /// Checks one finished URL of `job` (as the job lists it) at the edge; for a directory
    /// purge, a sample URL under one of its finished directories, kept as that directory's check.
    pub async fn verify_url(
        &self,
        job: JobId,
        url: &str,
        options: cachedesk_edge::ProbeOptions,
    ) -> Result<crate::EdgeCheck> {
        let mut checks = crate::verify::verify_job(&self.inner, job, options, Some(url)).await?;
        checks
            .pop()
            .ok_or_else(|| Error::Internal("the URL was not checked".into()))
    }

    /// The last edge check of each checked URL of `job`.
    pub fn edge_checks(&self, job: JobId) -> Result<Vec<crate::EdgeCheck>> {
        crate::verify::last_checks(&self.inner, job)
    }

    /// The last edge check of `job` as a screen lists it: every verdict's count, the latest
    /// check's time, and at most `shown` checks: all in line order when they fit, else the URLs
    /// whose verdict is not fresh first, then the fresh ones, each in line order. `first`: the
    /// line of a URL just checked, put first when it would not be listed, so its new verdict
    /// is seen.
    pub fn edge_overview(
        &self,
        job: JobId,
        shown: u32,
        first: Option<u32>,
    ) -> Result<crate::EdgeOverview> {
        self.inner.store.edge_overview(job, shown, first)
    }

    /// Writes a job's lines as CSV (see [`crate::CSV_HEADER`]); returns the number of rows.
    pub fn export_csv(&self, job: JobId, out: impl Write) -> Result<u64> {
        export::export(&self.inner.store, job, out)
    }
}
