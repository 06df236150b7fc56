//! What a simulator instance pretends to be: the account, its domains, its limits and pace.

use crate::faults::Faults;
use cachedesk_core::{Vendor, VendorLimits};
use std::time::Duration;

pub const DEMO_ACCESS_KEY: &str = "demo-access-key-0001";
pub const DEMO_SECRET_KEY: &str = "demo-secret-key-0001";
pub const DEMO_TOKEN: &str = "demo-token-0001";

/// One vendor account's credentials: AK/SK for both Baidu products, a token for Baishan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimCredentials {
    pub access_key: String,
    pub secret_key: String,
    pub token: String,
}

impl Default for SimCredentials {
    fn default() -> Self {
        SimCredentials {
            access_key: DEMO_ACCESS_KEY.to_owned(),
            secret_key: DEMO_SECRET_KEY.to_owned(),
            token: DEMO_TOKEN.to_owned(),
        }
    }
}

/// How fast submitted URLs move from waiting to done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Speed {
    /// Done the moment they are accepted.
    Instant,
    /// About four seconds: one waiting (queued kinds only), three running.
    #[default]
    Normal,
    /// Two minutes.
    Slow,
    /// This long from start to done; the first quarter waiting for queued kinds.
    Custom(Duration),
}

impl Speed {
    /// Time from the (scheduled) start to done.
    pub fn total(self) -> Duration {
        match self {
            Speed::Instant => Duration::ZERO,
            Speed::Normal => Duration::from_secs(4),
            Speed::Slow => Duration::from_secs(120),
            Speed::Custom(d) => d,
        }
    }

    /// (waiting, running) for kinds that queue before they run.
    pub fn phases(self) -> (Duration, Duration) {
        let total = self.total();
        let waiting = total / 4;
        (waiting, total - waiting)
    }
}

/// Daily quotas. Baidu: rolling 24 hours per account and product; Baishan: per calendar day
/// (UTC+8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
    /// File purges plus prefetches (Baidu CDN, and GEO's plan).
    pub baidu_urls: u32,
    /// Directory purges.
    pub baidu_dirs: u32,
    pub baishan_prefetch: u32,
}

impl Default for Quotas {
    fn default() -> Self {
        let cdn = VendorLimits::for_vendor(Vendor::BaiduCdn);
        Quotas {
            baidu_urls: cdn.daily_url_quota.unwrap_or(20_000),
            baidu_dirs: cdn.daily_dir_quota.unwrap_or(200),
            baishan_prefetch: VendorLimits::for_vendor(Vendor::Baishan)
                .daily_prefetch_quota
                .unwrap_or(10_000),
        }
    }
}

/// Per-request and per-query limits of one vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VendorSimLimits {
    /// URLs in one submit request.
    pub urls_per_request: u32,
    /// Directory URLs in one purge request.
    pub dirs_per_request: u32,
    /// Baidu: records per status page. Baishan: the largest `page_size`.
    pub page_size: u32,
    /// Longest `end - start` of a status query.
    pub span_days: u32,
}

impl VendorSimLimits {
    fn seeded(vendor: Vendor) -> Self {
        let l = VendorLimits::for_vendor(vendor);
        VendorSimLimits {
            urls_per_request: l.urls_per_submit,
            dirs_per_request: l.dirs_per_submit,
            page_size: l.records_per_page,
            span_days: l.max_query_span_days,
        }
    }
}

/// Requests allowed per window and token (Baishan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateWindow {
    pub requests: u32,
    pub window: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimLimits {
    pub baidu_cdn: VendorSimLimits,
    pub baidu_geo: VendorSimLimits,
    pub baishan: VendorSimLimits,
    /// Baishan's user-level limit: 24 requests per 2 seconds.
    pub baishan_short_window: RateWindow,
    /// Baishan's per-endpoint limit reported in `X-Ratelimit-*`: 150 per minute.
    pub baishan_minute_window: RateWindow,
}

impl SimLimits {
    pub fn for_vendor(&self, vendor: Vendor) -> VendorSimLimits {
        match vendor {
            Vendor::BaiduCdn => self.baidu_cdn,
            Vendor::BaiduGeo => self.baidu_geo,
            Vendor::Baishan => self.baishan,
        }
    }

    /// Sets the URLs-per-request limit of every vendor (directories never above it).
    pub fn with_urls_per_request(mut self, n: u32) -> Self {
        for l in [&mut self.baidu_cdn, &mut self.baidu_geo, &mut self.baishan] {
            l.urls_per_request = n;
            l.dirs_per_request = l.dirs_per_request.min(n);
        }
        self
    }
}

impl Default for SimLimits {
    fn default() -> Self {
        let short = VendorLimits::for_vendor(Vendor::Baishan).requests_per_window;
        SimLimits {
            baidu_cdn: VendorSimLimits::seeded(Vendor::BaiduCdn),
            baidu_geo: VendorSimLimits::seeded(Vendor::BaiduGeo),
            baishan: VendorSimLimits::seeded(Vendor::Baishan),
            baishan_short_window: RateWindow {
                requests: short.map_or(24, |w| w.requests),
                window: Duration::from_millis(short.map_or(2_000, |w| w.window_ms)),
            },
            baishan_minute_window: RateWindow {
                requests: 150,
                window: Duration::from_secs(60),
            },
        }
    }
}

/// Loopback ports; 0 = any free port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ports {
    pub baidu_cdn: u16,
    pub baidu_geo: u16,
    pub baishan: u16,
}

impl Ports {
    pub fn for_vendor(&self, vendor: Vendor) -> u16 {
        match vendor {
            Vendor::BaiduCdn => self.baidu_cdn,
            Vendor::BaiduGeo => self.baidu_geo,
            Vendor::Baishan => self.baishan,
        }
    }
}

/// Everything a simulator instance is. `Default` is the demo account on any free ports.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub credentials: SimCredentials,
    /// Accelerated hosts of Baidu CDN and Baishan.
    pub domains: Vec<String>,
    /// GEO sites (zone apexes; their subdomains belong to them).
    pub sites: Vec<String>,
    pub speed: Speed,
    pub quotas: Quotas,
    pub limits: SimLimits,
    /// Faults every vendor starts with; change them per vendor with `Sim::set_faults`.
    pub faults: Faults,
    pub ports: Ports,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            credentials: SimCredentials::default(),
            domains: ["www.example.com", "static.example.com", "dl.example.net"]
                .map(String::from)
                .to_vec(),
            sites: ["example.org", "example.com"].map(String::from).to_vec(),
            speed: Speed::default(),
            quotas: Quotas::default(),
            limits: SimLimits::default(),
            faults: Faults::default(),
            ports: Ports::default(),
        }
    }
}
