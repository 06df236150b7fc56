use cachedesk_core::{Kind, UrlRecord};
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
    pub items: Vec<UrlRecord>,
    pub next: Option<String>,
}
