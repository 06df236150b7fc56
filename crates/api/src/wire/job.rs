use super::RejectReason;
use cachedesk_core::{Action, Lang, Vendor};
use cachedesk_engine::{
    self as engine, Counts, JobError, JobOutcome, JobStatus, UrlReason, UrlState,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A job as both doors show it: the app's job list and detail, `cachedesk jobs --json`, and the
/// head of the command's job document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JobSummary {
    pub id: String,
    pub profile_id: String,
    pub profile_name: String,
    pub vendor: Vendor,
    pub action: Action,
    /// Where the engine has the job: queued, running, stopped (needs a person), finished.
    pub status: JobStatus,
    /// How the job reads for the editor: scheduled, running, completed, partial, failed.
    pub outcome: JobOutcome,
    pub created_at: DateTime<Utc>,
    /// When a scheduled prefetch starts.
    pub start_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Every input line of the job: the sum of `counts`.
    pub total: u64,
    pub counts: Counts,
    /// The job whose failed URLs this one sends again, if any.
    pub retry_of: Option<String>,
    /// Why the job stopped before its end (keys, quota, network), in both languages.
    pub error: Option<JobError>,
}

impl From<engine::JobSummary> for JobSummary {
    fn from(job: engine::JobSummary) -> Self {
        JobSummary {
            outcome: job.outcome(),
            id: job.id.to_string(),
            profile_id: job.profile_id.to_string(),
            profile_name: job.profile_name,
            vendor: job.vendor,
            action: job.action,
            status: job.status,
            created_at: job.created_at,
            start_at: job.start_at,
            updated_at: job.updated_at,
            finished_at: job.finished_at,
            total: job.counts.total(),
            counts: job.counts,
            retry_of: job.retry_of.map(|id| id.to_string()),
            error: job.error,
        }
    }
}

/// One input line of a job and everything known about it, as both doors show it: the app's job
/// detail and the `urls` of the command's job document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JobUrl {
    pub line: u32,
    pub url: String,
    pub state: UrlState,
    pub task_id: Option<String>,
    /// The vendor's own status word, as last seen.
    pub raw_status: Option<String>,
    pub progress: Option<u8>,
    /// The vendor's or the validator's reason for failed / rejected / uncertain, in full.
    pub reason: Option<String>,
    /// The same as a code, with its plain sentence in each UI language.
    pub reason_code: Option<UrlReason>,
    /// For a line refused before sending: what intake found wrong with it (the sentences say
    /// it; `reason` holds the same in the language the job was submitted in).
    pub reject_code: Option<RejectReason>,
    pub explanation_en: Option<String>,
    pub explanation_zh_cn: Option<String>,
    /// When its batch was (last) sent.
    pub sent_at: Option<DateTime<Utc>>,
    pub vendor_created_at: Option<DateTime<Utc>>,
    pub vendor_started_at: Option<DateTime<Utc>>,
    pub vendor_finished_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl From<engine::UrlResult> for JobUrl {
    fn from(u: engine::UrlResult) -> Self {
        JobUrl {
            explanation_en: u.explanation(Lang::En),
            explanation_zh_cn: u.explanation(Lang::ZhCn),
            reject_code: u.reject.map(RejectReason::from),
            line: u.line,
            url: u.url,
            state: u.state,
            task_id: u.task_id,
            raw_status: u.raw_status,
            progress: u.progress,
            reason: u.reason,
            reason_code: u.reason_code,
            sent_at: u.sent_at,
            vendor_created_at: u.vendor_created_at,
            vendor_started_at: u.vendor_started_at,
            vendor_finished_at: u.vendor_finished_at,
            updated_at: u.updated_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{JobId, ProfileId};

    #[test]
    fn a_job_carries_string_ids_its_status_its_outcome_and_its_total() {
        let job = engine::JobSummary {
            id: JobId(3),
            profile_id: ProfileId(1),
            profile_name: "p".into(),
            vendor: Vendor::Baishan,
            action: Action::PurgeFiles,
            status: JobStatus::Finished,
            error: None,
            retry_of: Some(JobId(2)),
            start_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            finished_at: Some(Utc::now()),
            counts: Counts {
                completed: 4,
                failed: 1,
                ..Counts::default()
            },
        };
        let json = serde_json::to_value(JobSummary::from(job)).unwrap();
        assert_eq!(
            (&json["id"], &json["profile_id"], &json["retry_of"]),
            (&"3".into(), &"1".into(), &"2".into())
        );
        assert_eq!(
            (&json["status"], &json["outcome"]),
            (&"finished".into(), &"partial".into())
        );
        assert_eq!(
            (&json["total"], &json["counts"]["failed"]),
            (&5.into(), &1.into())
        );
        assert!(json["error"].is_null());
    }
}
