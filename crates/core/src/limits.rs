use crate::vendor::{Kind, Target, Vendor};
use serde::{Deserialize, Serialize};

/// Per-vendor limits, in one place. Defaults follow the seed documents (the stricter number
/// where newer vendor pages differ); a profile may override the batch size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorLimits {
    /// File URLs in one submit request.
    pub urls_per_submit: u32,
    /// Directory URLs in one submit request.
    pub dirs_per_submit: u32,
    /// Records the vendor returns per status page (Baishan: the largest `page_size`).
    pub records_per_page: u32,
    /// Longest `end - start` one status query may span.
    pub max_query_span_days: u32,
    /// How long the vendor keeps task records, when it says.
    pub retention_days: Option<u32>,
    /// Daily URL quota shared by purge and prefetch (Baidu CDN).
    pub daily_url_quota: Option<u32>,
    /// Daily directory purge quota (Baidu CDN).
    pub daily_dir_quota: Option<u32>,
    /// Daily prefetch quota (Baishan).
    pub daily_prefetch_quota: Option<u32>,
    /// Requests allowed per window, account-wide (Baishan: 24 per 2 s).
    pub requests_per_window: Option<RequestWindow>,
    /// Prefetch may carry a start time within the next 24 hours.
    pub scheduled_prefetch: bool,
    /// The vendor has an endpoint that reports today's quota.
    pub quota_endpoint: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestWindow {
    pub requests: u32,
    pub window_ms: u64,
}

impl VendorLimits {
    pub const fn for_vendor(vendor: Vendor) -> VendorLimits {
        match vendor {
            Vendor::BaiduCdn => VendorLimits {
                urls_per_submit: 100,
                dirs_per_submit: 100,
                records_per_page: 100,
                max_query_span_days: 90,
                retention_days: None,
                daily_url_quota: Some(20_000),
                daily_dir_quota: Some(200),
                daily_prefetch_quota: None,
                requests_per_window: None,
                scheduled_prefetch: true,
                quota_endpoint: true,
            },
            Vendor::BaiduGeo => VendorLimits {
                urls_per_submit: 1000,
                dirs_per_submit: 100,
                records_per_page: 100,
                max_query_span_days: 30,
                retention_days: None,
                daily_url_quota: None,
                daily_dir_quota: None,
                daily_prefetch_quota: None,
                requests_per_window: None,
                scheduled_prefetch: false,
                quota_endpoint: false,
            },
            Vendor::Baishan => VendorLimits {
                urls_per_submit: 500,
                dirs_per_submit: 500,
                records_per_page: 500,
                max_query_span_days: 7,
                retention_days: Some(30),
                daily_url_quota: None,
                daily_dir_quota: None,
                daily_prefetch_quota: Some(10_000),
                requests_per_window: Some(RequestWindow {
                    requests: 24,
                    window_ms: 2_000,
                }),
                scheduled_prefetch: false,
                quota_endpoint: false,
            },
        }
    }

    /// How many URLs of this kind and target go in one submit request.
    pub fn batch_size(&self, kind: Kind, target: Target) -> u32 {
        match (kind, target) {
            (Kind::Purge, Target::Directory) => self.dirs_per_submit,
            _ => self.urls_per_submit,
        }
    }

    /// The same limits with a smaller (or, within reason, larger) batch size from a profile.
    pub fn with_batch_size(mut self, batch_size: Option<u32>) -> VendorLimits {
        if let Some(n) = batch_size.filter(|n| *n > 0) {
            self.urls_per_submit = n;
            self.dirs_per_submit = self.dirs_per_submit.min(n);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_defaults() {
        let cdn = VendorLimits::for_vendor(Vendor::BaiduCdn);
        assert_eq!(cdn.urls_per_submit, 100);
        assert_eq!(cdn.max_query_span_days, 90);
        assert_eq!(
            VendorLimits::for_vendor(Vendor::BaiduGeo).max_query_span_days,
            30
        );
        let bs = VendorLimits::for_vendor(Vendor::Baishan);
        assert_eq!(bs.max_query_span_days, 7);
        assert_eq!(bs.records_per_page, 500);
    }

    #[test]
    fn profile_override() {
        let l = VendorLimits::for_vendor(Vendor::BaiduGeo).with_batch_size(Some(50));
        assert_eq!(l.batch_size(Kind::Purge, Target::File), 50);
        assert_eq!(l.batch_size(Kind::Purge, Target::Directory), 50);
        let same = VendorLimits::for_vendor(Vendor::BaiduGeo).with_batch_size(Some(0));
        assert_eq!(same.urls_per_submit, 1000);
    }
}
