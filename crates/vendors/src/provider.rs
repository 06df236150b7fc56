use async_trait::async_trait;
use cachedesk_core::{
    Action, Credentials, Cursor, Kind, Page, Quota, ResponseMeta, Result, Target, UrlRecord,
    Vendor, VendorLimits,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Everything needed to talk to one vendor account.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub vendor: Vendor,
    /// `None` = the vendor's public HTTPS endpoint. Plain HTTP is accepted only for loopback.
    pub endpoint: Option<String>,
    pub credentials: Credentials,
    /// Baidu GEO: the site (zone apex) every call is scoped by.
    pub site: Option<String>,
    pub limits: VendorLimits,
}

/// One submit request: at most `limits.batch_size(..)` URLs, already validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitRequest {
    pub action: Action,
    pub urls: Vec<String>,
    /// Scheduled prefetch (Baidu CDN): within the next 24 hours.
    pub start_at: Option<DateTime<Utc>>,
}

/// A URL the vendor refused while accepting the rest (Baishan `err_urls`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedUrl {
    pub url: String,
    pub reason: String,
}

/// What the vendor said when it accepted a submit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitReceipt {
    pub task_id: String,
    pub rejected: Vec<RejectedUrl>,
    pub meta: ResponseMeta,
}

/// Which records a status query asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskSelector {
    /// Every record of one submission.
    Id {
        id: String,
        /// When the task was submitted, when known: Baidu CDN id queries must send a time
        /// window containing it (the vendor's default window is the last 24 hours).
        submitted_at: Option<DateTime<Utc>>,
    },
    /// Records created in `[start, end]` (within the vendor's span), optionally for one URL
    /// (`*` wildcards: Baidu CDN filters on its side; Baidu GEO has no such parameter, so its
    /// records are filtered by the client and a page may come back empty with a `next`).
    Range {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        url: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskQuery {
    pub kind: Kind,
    pub selector: TaskSelector,
    /// Purge records of one target only (Baidu GEO `type` filter; others filter locally).
    pub target: Option<Target>,
    pub cursor: Option<Cursor>,
}

/// Records one page of a listing by time range holds, for a vendor whose listing narrows to the
/// seconds a job was sent in; `None` for Baishan, whose listing takes whole days (China dates)
/// and so would read every task of those days again.
pub fn range_page_size(vendor: Vendor, kind: Kind, limits: &VendorLimits) -> Option<u32> {
    match (vendor, kind) {
        (Vendor::BaiduCdn, Kind::Prefetch) => Some(crate::baidu_cdn::PREFETCH_RECORDS_PER_PAGE),
        (Vendor::BaiduCdn | Vendor::BaiduGeo, _) => Some(limits.records_per_page),
        (Vendor::Baishan, _) => None,
    }
}

/// One vendor account. Implementations are cheap to share (`Arc<dyn Provider>`).
#[async_trait]
pub trait Provider: Send + Sync {
    fn vendor(&self) -> Vendor;
    fn limits(&self) -> VendorLimits;
    /// Sends one submit request. Not idempotent: callers decide about retries.
    async fn submit(&self, request: &SubmitRequest) -> Result<SubmitReceipt>;
    /// One page of task records.
    async fn query(&self, query: &TaskQuery) -> Result<Page<UrlRecord>>;
    /// Today's quota, or `None` when the vendor has no way to report it.
    async fn quota(&self) -> Result<Option<Quota>>;
    /// The cheapest authenticated call, to test a profile's credentials.
    async fn check(&self) -> Result<()>;
}
