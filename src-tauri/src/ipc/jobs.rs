use super::parse_id;
use cachedesk_api::wire::JobSummary;
pub use cachedesk_api::wire::JobUrl;
use cachedesk_core::{Action, Result};
use cachedesk_engine::{self as engine, JobOutcome, UrlState};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct JobDetail {
    pub job: JobSummary,
    pub task_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct JobFilter {
    /// matches the profile name, a URL or a vendor task id of the job
    pub query: Option<String>,
    pub profile_id: Option<String>,
    pub action: Option<Action>,
    pub outcome: Option<JobOutcome>,
    /// only jobs stopped for something a person must fix (keys, quota, network…)
    #[serde(default)]
    pub stopped: bool,
    /// RFC 3339 bounds on created_at
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl JobFilter {
    /// The engine's filter; a blank query matches every job.
    pub fn engine(&self) -> Result<engine::JobFilter> {
        Ok(engine::JobFilter {
            profile: self
                .profile_id
                .as_deref()
                .map(parse_id)
                .transpose()?
                .map(engine::ProfileId),
            action: self.action,
            status: self.stopped.then_some(engine::JobStatus::Stopped),
            outcome: self.outcome,
            text: self.query.clone(),
            from: self.from,
            to: self.to,
            ..engine::JobFilter::default()
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ListJobsRequest {
    pub filter: JobFilter,
    pub offset: u64,
    pub limit: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct JobPage {
    pub items: Vec<JobSummary>,
    pub total: u64,
    /// `total` is a lower bound: a search stops counting after 1,000 jobs (or the page's end),
    /// and more match.
    pub more: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct JobUrlsRequest {
    pub job_id: String,
    pub state: Option<UrlState>,
    pub offset: u64,
    pub limit: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct JobUrlPage {
    pub items: Vec<JobUrl>,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ExportRequest {
    pub job_id: String,
    pub path: String,
}

/// Emitted as `job-progress` after every change of a running job.
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct JobProgress {
    pub job_id: String,
    pub counts: engine::Counts,
    pub total: u64,
    pub finished: bool,
    /// the job stopped for something a person must fix (its reason is in `get_job`)
    pub stopped: bool,
}

impl From<&engine::JobEvent> for JobProgress {
    fn from(e: &engine::JobEvent) -> Self {
        JobProgress {
            job_id: e.job_id.to_string(),
            counts: e.counts,
            total: e.counts.total(),
            finished: e.finished,
            stopped: e.status == engine::JobStatus::Stopped,
        }
    }
}
