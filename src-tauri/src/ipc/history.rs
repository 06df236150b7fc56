use cachedesk_api::wire::VendorRecord;
use cachedesk_core::{Kind, RecordStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct HistoryRequest {
    pub profile_id: String,
    /// null = purge and prefetch
    pub kind: Option<Kind>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub url: Option<String>,
    /// opaque page token from the previous page
    pub next: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct HistoryPage {
    pub items: Vec<VendorRecord>,
    pub next: Option<String>,
}

/// The history screen's query and status filter, to be written whole to `path` (chosen in
/// the save dialog).
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct HistoryExportRequest {
    pub profile_id: String,
    /// null = purge and prefetch
    pub kind: Option<Kind>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub url: Option<String>,
    /// null = every status
    pub status: Option<RecordStatus>,
    pub path: String,
}
