//! The CacheDesk job engine: the product's API under the CLI and the desktop app.
//!
//! Open an [`Engine`] on a data directory, save [`Profile`]s, then submit [`JobRequest`]s:
//! the engine journals every job, batch and URL in SQLite before sending, sends under the
//! vendor's limits, reconciles lost answers instead of resending blindly, polls until every
//! URL is final, and publishes [`JobEvent`]s. Every input line ends in exactly one
//! [`UrlState`]. Secrets are passed per call ([`cachedesk_core::Credentials`] or a
//! [`CredentialSource`]) and never stored.

mod credentials;
mod engine;
mod export;
mod input;
mod lock;
mod model;
mod options;
mod paced;
mod pacer;
mod plan;
mod quota_use;
mod reason;
mod runner;
mod state;
mod store;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod verify;

pub use credentials::CredentialSource;
pub use engine::Engine;
pub use export::{export_history_csv, CSV_HEADER, HISTORY_CSV_HEADER};
pub use input::{
    preview, preview_with_progress, Input, LineFix, PlannedBatch, Preview, Refusal, RefusedLine,
};
pub use model::{
    BatchId, BatchSummary, Counts, InputUrl, JobError, JobEvent, JobFilter, JobId, JobOutcome,
    JobRequest, JobSummary, JournaledRejection, PageRequest, Paged, Profile, ProfileDraft,
    ProfileId, UrlResult, DEFAULT_CONCURRENCY,
};
pub use options::{Connector, EngineOptions, PollSchedule, ReconcilePolicy, RetryPolicy};
pub use quota_use::{QuotaByAction, QuotaKind, QuotaUse};
pub use reason::UrlReason;
pub use state::{BatchState, JobStatus, UrlState};
pub use store::DATABASE_FILE;
pub use verify::{all_fresh, tally, EdgeCheck, EdgeOverview};

/// Proof at the edge: how to ask, and what it says.
pub use cachedesk_edge::{Checked, ProbeOptions, Reading, Resolve, Verdict};

/// The vendor history types `Engine::remote_history` takes and returns.
pub use cachedesk_vendors::history::{HistoryPage, HistoryRequest};

/// Intake's types a [`Preview`] holds, its progress, and its limit on one input.
pub use cachedesk_intake::{
    Counts as InputCounts, IntakeError, Progress as InputProgress, RejectReason, ANY_HOST,
    MAX_INPUT_BYTES,
};
