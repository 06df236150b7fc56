use super::parse_id;
use cachedesk_core::{Action, ErrorCode, Lang, Result, Vendor};
use cachedesk_engine::{self as engine, JobOutcome, UrlReason, UrlState};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct JobSummary {
    pub id: String,
    pub profile_id: String,
    pub profile_name: String,
    pub vendor: Vendor,
    pub action: Action,
    pub status: JobOutcome,
    pub created_at: DateTime<Utc>,
    pub start_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub total: u64,
    pub counts: engine::Counts,
    /// the job this one retries, if any
    pub retry_of: Option<String>,
    /// why a failed job stopped before its end (keys, quota, network), in both languages
    #[specta(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<StopReason>,
}

/// Why a job stopped: the stable code and the message in each UI language.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct StopReason {
    pub code: ErrorCode,
    pub message_en: String,
    pub message_zh_cn: String,
    /// facts the UI acts on: `retry_after_secs`, `vendor_code`, `status`
    pub details: serde_json::Value,
}

impl From<engine::JobSummary> for JobSummary {
    fn from(job: engine::JobSummary) -> Self {
        JobSummary {
            error: job.error.as_ref().map(|e| StopReason {
                code: e.code,
                message_en: e.message_en.clone(),
                message_zh_cn: e.message_zh_cn.clone(),
                details: e.details.clone(),
            }),
            status: job.outcome(),
            id: job.id.to_string(),
            profile_id: job.profile_id.to_string(),
            profile_name: job.profile_name,
            vendor: job.vendor,
            action: job.action,
            created_at: job.created_at,
            start_at: job.start_at,
            finished_at: job.finished_at,
            total: job.counts.total(),
            counts: job.counts,
            retry_of: job.retry_of.map(|id| id.to_string()),
        }
    }
}

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
    pub status: Option<JobOutcome>,
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
            outcome: self.status,
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
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct JobUrl {
    pub url: String,
    pub state: UrlState,
    pub task_id: Option<String>,
    /// the vendor's or the validator's reason for failed / rejected / uncertain, in full
    pub reason: Option<String>,
    /// the same as a code, with its plain sentence in each UI language
    pub reason_code: Option<UrlReason>,
    pub explanation_en: Option<String>,
    pub explanation_zh_cn: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<engine::UrlResult> for JobUrl {
    fn from(u: engine::UrlResult) -> Self {
        JobUrl {
            url: u.url,
            state: u.state,
            task_id: u.task_id,
            reason: u.reason,
            reason_code: u.reason_code,
            explanation_en: u.reason_code.map(|r| r.message(Lang::En).to_owned()),
            explanation_zh_cn: u.reason_code.map(|r| r.message(Lang::ZhCn).to_owned()),
            updated_at: Some(u.updated_at),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{JobId, ProfileId};

    fn job(
        status: engine::JobStatus,
        counts: engine::Counts,
        start_at: Option<DateTime<Utc>>,
    ) -> engine::JobSummary {
        engine::JobSummary {
            id: JobId(3),
            profile_id: ProfileId(1),
            profile_name: "p".into(),
            vendor: Vendor::Baishan,
            action: Action::PurgeFiles,
            status,
            error: None,
            retry_of: Some(JobId(2)),
            start_at,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            finished_at: None,
            counts,
        }
    }

    #[test]
    fn summaries_carry_string_ids_and_totals() {
        let s = JobSummary::from(job(
            engine::JobStatus::Running,
            engine::Counts {
                pending: 4,
                rejected: 1,
                ..Default::default()
            },
            None,
        ));
        assert_eq!(
            (s.id.as_str(), s.profile_id.as_str(), s.retry_of.as_deref()),
            ("3", "1", Some("2"))
        );
        assert_eq!(s.total, 5);
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["status"], "running");
        assert_eq!(json["counts"]["pending"], 4);
    }
}
