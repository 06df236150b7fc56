//! The values that cross IPC, shaped as the web UI reads them (snake_case fields, string ids),
//! and their conversions from the engine's types. `ui/src/lib/bindings.ts` is generated from
//! these by tauri-specta.

mod edge;
mod history;
mod input;
mod jobs;
mod profiles;

pub use edge::{EdgeChecked, EdgeReport, EdgeSettings};
pub use history::{HistoryExportRequest, HistoryPage, HistoryRequest};
pub use input::{InputRequest, Preview, RejectReason, RejectedLine, SubmitRequest};
pub use jobs::{
    ExportRequest, JobDetail, JobFilter, JobPage, JobProgress, JobSummary, JobUrl, JobUrlPage,
    JobUrlsRequest, ListJobsRequest,
};
pub use profiles::{AppInfo, ConnectionCheck, Credentials, Profile, ProfileInput};

use cachedesk_core::{Error, Result};

/// Parses an id the UI got from us earlier (ids travel as strings).
pub fn parse_id(id: &str) -> Result<i64> {
    id.trim()
        .parse()
        .map_err(|_| Error::InvalidInput(format!("'{id}' is not a CacheDesk id")))
}

/// `usize` counts as the UI's numbers.
pub fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}
