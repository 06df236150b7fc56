//! The values the engine takes and returns: what the CLI and the app send across.

use crate::reason::UrlReason;
use crate::state::{BatchState, JobStatus, UrlState};
use cachedesk_core::{
    Action, Error, ErrorBody, ErrorCode, Kind, Lang, Target, Vendor, VendorLimits,
};
use cachedesk_intake::RejectReason;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
}

id_type!(
    /// A saved site profile (row id; stays valid after the profile is deleted).
    ProfileId,
    /// One submission.
    JobId,
    /// One submit request of a job.
    BatchId
);

/// A site profile: which vendor account and which hosts. Secrets are never part of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: ProfileId,
    /// Stable and unique across databases: the key of the profile's keyring entry (a new
    /// database in the same folder reuses row ids, never this).
    pub uuid: String,
    /// The row id under which a profile saved before keyring entries were keyed by
    /// [`Profile::uuid`] filed its entry; `None` for every profile made since.
    #[serde(skip)]
    pub legacy_key: Option<String>,
    pub name: String,
    pub vendor: Vendor,
    /// `None` = the vendor's public endpoint.
    pub endpoint: Option<String>,
    /// Baidu GEO site (zone apex).
    pub site: Option<String>,
    /// Hostnames this profile covers (intake checks URLs against them).
    pub domains: Vec<String>,
    /// URLs per submit request; `None` = the vendor's limit.
    pub batch_size: Option<u32>,
    /// Submit requests in flight at once; `None` = [`DEFAULT_CONCURRENCY`].
    pub concurrency: Option<u32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set when the profile was deleted; its jobs stay readable.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// Submit requests in flight per profile when the profile does not say.
///
/// 16 sends 20,000 URLs (200 requests) in 13 rounds: with 50 ms per answer the submit bench
/// takes ~0.75 s on a busy two-core machine, half the 1.5 s target and within 1.2 × the
/// 0.65 s latency bound. More shortens the job little there (the journal and HTTP work per
/// request, not the answers, then set the pace: 25 and 32 measured 1.1–1.4 × their bounds),
/// while the Baidu APIs document no request rate, so a larger burst mostly risks throttling.
/// 10 takes ~1.25 s.
pub const DEFAULT_CONCURRENCY: u32 = 16;

impl Profile {
    /// The vendor's limits with this profile's batch size applied.
    pub fn limits(&self) -> VendorLimits {
        VendorLimits::for_vendor(self.vendor).with_batch_size(self.batch_size)
    }

    pub fn concurrency(&self) -> u32 {
        self.concurrency
            .filter(|n| *n > 0)
            .unwrap_or(DEFAULT_CONCURRENCY)
    }
}

/// The editable fields of a profile, for creating one or replacing one's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileDraft {
    pub name: String,
    pub vendor: Vendor,
    pub endpoint: Option<String>,
    pub site: Option<String>,
    pub domains: Vec<String>,
    pub batch_size: Option<u32>,
    pub concurrency: Option<u32>,
}

impl ProfileDraft {
    /// The batch size kept: the one asked for, at most the vendor's per-request limit.
    pub fn batch_size_kept(&self) -> Option<u32> {
        self.batch_size
            .map(|n| VendorLimits::clamp_batch_size(self.vendor, n).0)
    }

    /// `(asked, kept)` when the draft asks for more URLs per request than the vendor takes.
    pub fn batch_size_clamped(&self) -> Option<(u32, u32)> {
        let asked = self.batch_size?;
        match VendorLimits::clamp_batch_size(self.vendor, asked) {
            (kept, Some(_)) => Some((asked, kept)),
            _ => None,
        }
    }
}

/// An input line that passed intake: its 1-based line number in the source and the URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputUrl {
    pub line: u32,
    pub url: String,
}

/// An input line intake refused, as the job's journal keeps it (so the job shows every line it
/// was given); the doors show it as `cachedesk_api::wire::RejectedLine`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournaledRejection {
    pub line: u32,
    pub text: String,
    /// Why, in the words of the language it was submitted in.
    pub reason: String,
    /// Why, as intake's code: what every reader shows, in its own language. `None` for a
    /// line refused by the engine itself (an empty line or a repeated URL).
    #[serde(default)]
    pub code: Option<RejectReason>,
}

/// One submission: a profile, an action and the lines to act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRequest {
    pub profile: ProfileId,
    pub action: Action,
    pub urls: Vec<InputUrl>,
    pub rejected: Vec<JournaledRejection>,
    /// Scheduled prefetch (vendors that support it), within the next 24 hours.
    pub start_at: Option<DateTime<Utc>>,
}

/// How many URLs of a job are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Counts {
    pub rejected: u64,
    pub pending: u64,
    pub sending: u64,
    pub accepted: u64,
    pub uncertain: u64,
    pub completed: u64,
    pub failed: u64,
}

impl Counts {
    pub fn get(&self, state: UrlState) -> u64 {
        match state {
            UrlState::Rejected => self.rejected,
            UrlState::Pending => self.pending,
            UrlState::Sending => self.sending,
            UrlState::Accepted => self.accepted,
            UrlState::Uncertain => self.uncertain,
            UrlState::Completed => self.completed,
            UrlState::Failed => self.failed,
        }
    }

    pub(crate) fn slot(&mut self, state: UrlState) -> &mut u64 {
        match state {
            UrlState::Rejected => &mut self.rejected,
            UrlState::Pending => &mut self.pending,
            UrlState::Sending => &mut self.sending,
            UrlState::Accepted => &mut self.accepted,
            UrlState::Uncertain => &mut self.uncertain,
            UrlState::Completed => &mut self.completed,
            UrlState::Failed => &mut self.failed,
        }
    }

    /// Every input line of the job.
    pub fn total(&self) -> u64 {
        UrlState::ALL.iter().map(|s| self.get(*s)).sum()
    }

    /// Lines still waiting for the engine or the vendor.
    pub fn open(&self) -> u64 {
        self.pending + self.sending + self.accepted
    }
}

/// Why a job stopped, in both languages, with the stable code: kept with the job, so both
/// languages are there whichever the reader speaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JobError {
    pub code: ErrorCode,
    pub message_en: String,
    pub message_zh_cn: String,
    /// Facts a program acts on: `retry_after_secs`, `vendor_code`, `status`.
    pub details: serde_json::Value,
}

impl JobError {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.message_en,
            Lang::ZhCn => &self.message_zh_cn,
        }
    }

    pub fn to_body(&self, lang: Lang) -> ErrorBody {
        ErrorBody {
            code: self.code,
            message: self.message(lang).to_owned(),
            details: self.details.clone(),
        }
    }
}

impl From<&Error> for JobError {
    fn from(e: &Error) -> JobError {
        JobError {
            code: e.code(),
            message_en: e.message(Lang::En),
            message_zh_cn: e.message(Lang::ZhCn),
            details: e.details(),
        }
    }
}

/// A job as history shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobSummary {
    pub id: JobId,
    pub profile_id: ProfileId,
    pub profile_name: String,
    pub vendor: Vendor,
    pub action: Action,
    pub status: JobStatus,
    /// Why the job stopped, while it is stopped.
    pub error: Option<JobError>,
    /// The job whose failed URLs this job retries.
    pub retry_of: Option<JobId>,
    pub start_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub counts: Counts,
}

/// Where a job stands for the editor: the engine's [`JobStatus`] with a finished job told
/// apart by how its lines ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum JobOutcome {
    /// Queued with a start time still ahead (scheduled prefetch).
    Scheduled,
    /// Queued or running.
    Running,
    /// Finished with every line sent done; lines skipped before sending (rejected) do not
    /// count against it.
    Completed,
    /// Finished with some lines done and some failed or uncertain.
    Partial,
    /// Stopped (needs a person), or finished with no line done.
    Failed,
}

impl JobSummary {
    /// The outcome now; [`JobFilter::outcome`] selects by the same rule.
    pub fn outcome(&self) -> JobOutcome {
        let c = &self.counts;
        match self.status {
            JobStatus::Queued if self.start_at.is_some_and(|at| at > Utc::now()) => {
                JobOutcome::Scheduled
            }
            JobStatus::Queued | JobStatus::Running => JobOutcome::Running,
            JobStatus::Stopped => JobOutcome::Failed,
            JobStatus::Finished
                if c.failed + c.uncertain == 0
                    && (c.completed + c.accepted > 0 || c.rejected == 0) =>
            {
                JobOutcome::Completed
            }
            JobStatus::Finished if c.completed + c.accepted == 0 => JobOutcome::Failed,
            JobStatus::Finished => JobOutcome::Partial,
        }
    }

    pub fn kind(&self) -> Kind {
        self.action.kind()
    }

    pub fn target(&self) -> Target {
        self.action.target()
    }
}

/// Progress of one job, published after every change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobEvent {
    pub job_id: JobId,
    pub status: JobStatus,
    pub counts: Counts,
    /// True once, when the job reaches `Finished`.
    pub finished: bool,
}

/// One input line of a job and everything known about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlResult {
    pub line: u32,
    pub url: String,
    pub state: UrlState,
    pub task_id: Option<String>,
    /// The vendor's own status word, as last seen.
    pub raw_status: Option<String>,
    pub progress: Option<u8>,
    /// Why it was rejected or failed, or what reconciliation found.
    pub reason: Option<String>,
    /// The same as a code with a plain sentence in each language ([`UrlReason::message`]).
    #[serde(default)]
    pub reason_code: Option<UrlReason>,
    /// For a line refused before sending: what intake found wrong with it.
    #[serde(default)]
    pub reject: Option<RejectReason>,
    /// When its batch was (last) sent.
    pub sent_at: Option<DateTime<Utc>>,
    pub vendor_created_at: Option<DateTime<Utc>>,
    pub vendor_started_at: Option<DateTime<Utc>>,
    pub vendor_finished_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// One submit request of a job and where its URLs stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSummary {
    pub id: BatchId,
    pub state: BatchState,
    /// The vendor's task id; `None` when it was found by reconciliation on a vendor whose
    /// listing names no tasks, or before it was sent.
    pub task_id: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    /// Times it was sent.
    pub attempts: u32,
    pub urls: u32,
    pub completed: u32,
    pub failed: u32,
}

/// Which jobs history lists. Every field narrows; the default lists all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobFilter {
    pub profile: Option<ProfileId>,
    pub action: Option<Action>,
    pub status: Option<JobStatus>,
    /// Jobs whose outcome, as an editor reads it, is this.
    #[serde(default)]
    pub outcome: Option<JobOutcome>,
    /// Jobs with at least one URL containing this text.
    pub url_contains: Option<String>,
    /// Jobs whose profile name, or one of whose URLs or vendor task ids, contains this text.
    #[serde(default)]
    pub text: Option<String>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created before.
    pub to: Option<DateTime<Utc>>,
}

/// Which slice of a long list to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub offset: u64,
    pub limit: u32,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            offset: 0,
            limit: 50,
        }
    }
}

/// One slice of a list and how long the whole list is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: u64,
    /// `total` counts only part of the list: a search stopped counting, and more match.
    pub more: bool,
    pub offset: u64,
    pub limit: u32,
}
