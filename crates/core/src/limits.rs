use crate::vendor::{Kind, Target, Vendor};
use serde::{Deserialize, Serialize};

/// Per-vendor limits, in one place. Defaults follow the seed documents (the stricter number
/// where newer vendor pages differ); a profile may lower the batch size, never raise it.
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
    /// The vendor can tell today's quota (Baidu CDN: its quota call; Baishan: today's prefetch
    /// listing and `X-Push-Remaining`).
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
                quota_endpoint: true,
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

    /// The most URLs one submit request may carry: the seed's maximum (Baidu CDN 100, Baidu GEO
    /// 1000, Baishan 500), whatever a profile or `--batch-size` asks for.
    pub const fn max_batch_size(vendor: Vendor) -> u32 {
        VendorLimits::for_vendor(vendor).urls_per_submit
    }

    /// The batch size `requested` (a profile's, or `--batch-size`) comes to: itself up to the
    /// seed's per-request maximum, that maximum above it. The second value is the refused
    /// request when it was clamped, for a front door to warn about; `0` means "not set" and
    /// gives the maximum without a warning.
    pub const fn clamp_batch_size(vendor: Vendor, requested: u32) -> (u32, Option<u32>) {
        let max = VendorLimits::max_batch_size(vendor);
        if requested == 0 {
            (max, None)
        } else if requested > max {
            (max, Some(requested))
        } else {
            (requested, None)
        }
    }

    /// The same limits with a smaller batch size from a profile. A larger one is clamped to the
    /// per-request maximum these limits already hold (the seed's, for `for_vendor`): a profile
    /// can never raise it. `None` or `0` leaves the limits as they are.
    pub fn with_batch_size(mut self, batch_size: Option<u32>) -> VendorLimits {
        if let Some(n) = batch_size.filter(|n| *n > 0) {
            self.urls_per_submit = self.urls_per_submit.min(n);
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
    fn a_profile_batch_size_above_the_seed_maximum_is_clamped() {
        for (vendor, max) in [
            (Vendor::BaiduCdn, 100),
            (Vendor::BaiduGeo, 1000),
            (Vendor::Baishan, 500),
        ] {
            assert_eq!(VendorLimits::max_batch_size(vendor), max);
            let l = VendorLimits::for_vendor(vendor).with_batch_size(Some(max + 1));
            assert_eq!(l.batch_size(Kind::Purge, Target::File), max, "{vendor:?}");
            assert_eq!(
                l.batch_size(Kind::Prefetch, Target::File),
                max,
                "{vendor:?}"
            );
            assert_eq!(
                l.batch_size(Kind::Purge, Target::Directory),
                VendorLimits::for_vendor(vendor).dirs_per_submit,
                "{vendor:?}"
            );
            let l = VendorLimits::for_vendor(vendor).with_batch_size(Some(u32::MAX));
            assert_eq!(l.urls_per_submit, max, "{vendor:?}");
        }
    }

    #[test]
    fn clamp_batch_size_says_what_it_refused() {
        assert_eq!(
            VendorLimits::clamp_batch_size(Vendor::BaiduCdn, 1000),
            (100, Some(1000))
        );
        assert_eq!(
            VendorLimits::clamp_batch_size(Vendor::BaiduCdn, 100),
            (100, None)
        );
        assert_eq!(
            VendorLimits::clamp_batch_size(Vendor::BaiduCdn, 7),
            (7, None)
        );
        assert_eq!(
            VendorLimits::clamp_batch_size(Vendor::Baishan, 501),
            (500, Some(501))
        );
        assert_eq!(
            VendorLimits::clamp_batch_size(Vendor::BaiduGeo, 1000),
            (1000, None)
        );
        assert_eq!(
            VendorLimits::clamp_batch_size(Vendor::BaiduGeo, 1001),
            (1000, Some(1001))
        );
        assert_eq!(
            VendorLimits::clamp_batch_size(Vendor::Baishan, 0),
            (500, None)
        );
        // The same number `with_batch_size` comes to.
        for vendor in Vendor::ALL {
            for n in [1, 99, 100, 101, 499, 500, 501, 999, 1000, 1001, 5000] {
                assert_eq!(
                    VendorLimits::for_vendor(vendor)
                        .with_batch_size(Some(n))
                        .urls_per_submit,
                    VendorLimits::clamp_batch_size(vendor, n).0,
                    "{vendor:?} {n}"
                );
            }
        }
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
