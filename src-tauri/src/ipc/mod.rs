//! The values that cross IPC, shaped as the web UI reads them (snake_case fields, string ids),
//! and their conversions from the engine's types. `ui/src/lib/bindings.ts` is generated from
//! these by tauri-specta.

mod edge;
mod history;
mod input;
mod jobs;
mod profiles;

pub use cachedesk_api::wire::{JobSummary, Preview, Profile};
pub use edge::{EdgeChecked, EdgeReport, EdgeSettings};
pub use history::{HistoryExportRequest, HistoryPage, HistoryRequest};
pub use input::{InputProgress, InputRequest, SubmitRequest};
pub use jobs::{
    ExportRequest, JobDetail, JobFilter, JobPage, JobProgress, JobUrl, JobUrlPage, JobUrlsRequest,
    ListJobsRequest,
};
pub use profiles::{AppInfo, ConnectionCheck, Credentials, ProfileInput};

use cachedesk_core::{said, Error, Result};

/// Parses an id the UI got from us earlier (ids travel as strings).
pub fn parse_id(id: &str) -> Result<i64> {
    id.trim().parse().map_err(|_| {
        Error::InvalidInput(said!(
            "'{id}' is not a CacheDesk id",
            "'{id}' 不是 CacheDesk 的编号"
        ))
    })
}
