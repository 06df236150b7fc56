use cachedesk_core::{Action, ErrorCode, Vendor};
use cachedesk_engine as engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A job as the editor reads it; the engine's `stopped` (needs a person) shows as failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Scheduled,
    Running,
    Completed,
    Partial,
    Failed,
}

impl JobStatus {
    pub fn of(job: &engine::JobSummary) -> JobStatus {
        let c = &job.counts;
        match job.status {
            engine::JobStatus::Queued if job.start_at.is_some_and(|at| at > Utc::now()) => {
                JobStatus::Scheduled
            }
            engine::JobStatus::Queued | engine::JobStatus::Running => JobStatus::Running,
            engine::JobStatus::Stopped => JobStatus::Failed,
            engine::JobStatus::Finished if c.failed + c.uncertain + c.rejected == 0 => {
                JobStatus::Completed
            }
            engine::JobStatus::Finished if c.completed == 0 && c.accepted == 0 => JobStatus::Failed,
            engine::JobStatus::Finished => JobStatus::Partial,
        }
    }

    /// The engine statuses of the jobs shown with this status.
    pub fn engine_statuses(self) -> &'static [engine::JobStatus] {
        use engine::JobStatus as E;
        match self {
            JobStatus::Scheduled => &[E::Queued],
            JobStatus::Running => &[E::Queued, E::Running],
            JobStatus::Completed | JobStatus::Partial => &[E::Finished],
            JobStatus::Failed => &[E::Finished, E::Stopped],
        }
    }
}

/// How many lines of a job are in each state.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
pub struct Counts {
    pub pending: u64,
    pub sending: u64,
    pub accepted: u64,
    pub uncertain: u64,
    pub completed: u64,
    pub failed: u64,
    pub rejected: u64,
}

impl From<engine::Counts> for Counts {
    fn from(c: engine::Counts) -> Self {
        Counts {
            pending: c.pending,
            sending: c.sending,
            accepted: c.accepted,
            uncertain: c.uncertain,
            completed: c.completed,
            failed: c.failed,
            rejected: c.rejected,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct JobSummary {
    pub id: String,
    pub profile_id: String,
    pub profile_name: String,
    pub vendor: Vendor,
    pub action: Action,
    pub status: JobStatus,
    pub created_at: DateTime<Utc>,
    pub start_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub total: u64,
    pub counts: Counts,
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
}

impl From<engine::JobSummary> for JobSummary {
    fn from(job: engine::JobSummary) -> Self {
        JobSummary {
            error: job.error.as_ref().map(|e| StopReason {
                code: e.code,
                message_en: e.message_en.clone(),
                message_zh_cn: e.message_zh_cn.clone(),
            }),
            status: JobStatus::of(&job),
            id: job.id.to_string(),
            profile_id: job.profile_id.to_string(),
            profile_name: job.profile_name,
            vendor: job.vendor,
            action: job.action,
            created_at: job.created_at,
            start_at: job.start_at,
            finished_at: job.finished_at,
            total: job.counts.total(),
            counts: job.counts.into(),
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
    /// matches a URL in the job
    pub query: Option<String>,
    pub profile_id: Option<String>,
    pub action: Option<Action>,
    pub status: Option<JobStatus>,
    /// RFC 3339 bounds on created_at
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
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
    /// the vendor's or the validator's reason for failed / rejected / uncertain
    pub reason: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<engine::UrlResult> for JobUrl {
    fn from(u: engine::UrlResult) -> Self {
        JobUrl {
            url: u.url,
            state: u.state.into(),
            task_id: u.task_id,
            reason: u.reason,
            updated_at: Some(u.updated_at),
        }
    }
}

/// Where one input line stands: the engine's `UrlState`, which has no TypeScript type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum UrlState {
    Pending,
    Sending,
    Accepted,
    Uncertain,
    Completed,
    Failed,
    Rejected,
}

/// `From` both ways between two enums with the same variants.
macro_rules! same_variants {
    ($a:ty, $b:ty: $($v:ident),*) => {
        impl From<$a> for $b {
            fn from(s: $a) -> $b {
                match s { $(<$a>::$v => <$b>::$v),* }
            }
        }
        impl From<$b> for $a {
            fn from(s: $b) -> $a {
                match s { $(<$b>::$v => <$a>::$v),* }
            }
        }
    };
}

same_variants!(UrlState, engine::UrlState: Pending, Sending, Accepted, Uncertain, Completed, Failed, Rejected);

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
    pub counts: Counts,
    pub total: u64,
    pub finished: bool,
}

impl From<&engine::JobEvent> for JobProgress {
    fn from(e: &engine::JobEvent) -> Self {
        JobProgress {
            job_id: e.job_id.to_string(),
            counts: e.counts.into(),
            total: e.counts.total(),
            finished: e.finished,
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
    fn statuses_as_the_editor_reads_them() {
        use engine::JobStatus as E;
        let done = engine::Counts {
            completed: 5,
            ..Default::default()
        };
        let some_bad = engine::Counts {
            rejected: 1,
            ..done
        };
        let all_bad = engine::Counts {
            failed: 2,
            ..Default::default()
        };
        let later = Some(Utc::now() + chrono::Duration::hours(1));
        assert_eq!(
            JobStatus::of(&job(E::Queued, done, later)),
            JobStatus::Scheduled
        );
        assert_eq!(
            JobStatus::of(&job(E::Queued, done, None)),
            JobStatus::Running
        );
        assert_eq!(
            JobStatus::of(&job(E::Stopped, done, None)),
            JobStatus::Failed
        );
        assert_eq!(
            JobStatus::of(&job(E::Finished, done, None)),
            JobStatus::Completed
        );
        assert_eq!(
            JobStatus::of(&job(E::Finished, some_bad, None)),
            JobStatus::Partial
        );
        assert_eq!(
            JobStatus::of(&job(E::Finished, all_bad, None)),
            JobStatus::Failed
        );
        for s in [
            JobStatus::Scheduled,
            JobStatus::Running,
            JobStatus::Completed,
            JobStatus::Partial,
            JobStatus::Failed,
        ] {
            let shown = |e: E| {
                JobStatus::of(&job(e, done, later)) == s
                    || JobStatus::of(&job(e, all_bad, None)) == s
            };
            assert!(s.engine_statuses().iter().all(|e| E::ALL.contains(e)));
            for e in E::ALL.into_iter().filter(|e| shown(*e)) {
                assert!(s.engine_statuses().contains(&e), "{s:?} shows {e:?} jobs");
            }
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
