//! What a simulator instance pretends to be: the account, its domains, its limits and pace.

use crate::faults::Faults;
use crate::seed;
use cachedesk_core::Vendor;
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
/// (UTC+8). Defaults: the simulator's own [`seed`](crate::seed) numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
    /// File purges plus prefetches (Baidu CDN, and GEO's plan): 20,000.
    pub baidu_urls: u32,
    /// Directory purges: 200.
    pub baidu_dirs: u32,
    /// Baishan prefetched URLs per day: 10,000.
    pub baishan_prefetch: u32,
}

impl Default for Quotas {
    fn default() -> Self {
        Quotas {
            baidu_urls: seed::CDN_URLS_PER_DAY,
            baidu_dirs: seed::CDN_DIRS_PER_DAY,
            baishan_prefetch: seed::BAISHAN_PREFETCH_PER_DAY,
        }
    }
}

/// Per-request and per-query limits of one vendor. Defaults: the simulator's own
/// [`seed`](crate::seed) numbers (never the client's `VendorLimits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VendorSimLimits {
    /// URLs in one submit request (CDN 100, GEO 1,000, Baishan 500).
    pub urls_per_request: u32,
    /// Directory URLs in one purge request (CDN 100, GEO 100, Baishan 500).
    pub dirs_per_request: u32,
    /// Baidu: records per purge status page (CDN 100, GEO 100). Baishan: the largest
    /// `page_size` of either status query (500).
    pub page_size: u32,
    /// Baidu: records per prefetch status page (CDN 1,000, GEO 100). Baishan: unused (see
    /// `page_size`).
    pub prefetch_page_size: u32,
    /// Longest `end - start` of a status query (CDN 90, GEO 30, Baishan 7).
    pub span_days: u32,
}

impl VendorSimLimits {
    /// The seed numbers of one vendor.
    pub const fn seeded(vendor: Vendor) -> Self {
        match vendor {
            Vendor::BaiduCdn => VendorSimLimits {
                urls_per_request: seed::CDN_URLS_PER_SUBMIT,
                dirs_per_request: seed::CDN_DIRS_PER_SUBMIT,
                page_size: seed::CDN_PURGE_PAGE_SIZE,
                prefetch_page_size: seed::CDN_PREFETCH_PAGE_SIZE,
                span_days: seed::CDN_QUERY_SPAN_DAYS,
            },
            Vendor::BaiduGeo => VendorSimLimits {
                urls_per_request: seed::GEO_URLS_PER_SUBMIT,
                dirs_per_request: seed::GEO_DIRS_PER_SUBMIT,
                page_size: seed::GEO_PAGE_SIZE,
                prefetch_page_size: seed::GEO_PAGE_SIZE,
                span_days: seed::GEO_QUERY_SPAN_DAYS,
            },
            Vendor::Baishan => VendorSimLimits {
                urls_per_request: seed::BAISHAN_URLS_PER_SUBMIT,
                dirs_per_request: seed::BAISHAN_URLS_PER_SUBMIT,
                page_size: seed::BAISHAN_MAX_PAGE_SIZE,
                prefetch_page_size: seed::BAISHAN_MAX_PAGE_SIZE,
                span_days: seed::BAISHAN_QUERY_SPAN_DAYS,
            },
        }
    }

    /// Records per status page of this kind (Baidu).
    pub fn page_size_of(&self, kind: cachedesk_core::Kind) -> u32 {
        match kind {
            cachedesk_core::Kind::Purge => self.page_size,
            cachedesk_core::Kind::Prefetch => self.prefetch_page_size,
        }
    }

    /// The same limits with both status page sizes set to `n`.
    pub fn with_page_size(mut self, n: u32) -> Self {
        self.page_size = n;
        self.prefetch_page_size = n;
        self
    }
}

/// Requests allowed per window and token (Baishan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateWindow {
    pub requests: u32,
    pub window: Duration,
}

/// Every vendor's limits, and Baishan's request windows (counted per token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimLimits {
    pub baidu_cdn: VendorSimLimits,
    pub baidu_geo: VendorSimLimits,
    pub baishan: VendorSimLimits,
    /// Baishan's user-level limit: 24 requests per 2 seconds. When it is what refuses a
    /// request, the answer names the grade `second`.
    pub baishan_short_window: RateWindow,
    /// Baishan's `minute` grade of `X-Ratelimit-*`: 150 per minute (the seed's example).
    pub baishan_minute_window: RateWindow,
    /// Baishan's `hour` grade: 9,000 per hour by default (no source gives a number; 60 full
    /// minutes, so ordinary use never meets it).
    pub baishan_hour_window: RateWindow,
    /// Baishan's `day` grade: 216,000 per day by default (no source gives a number; 24 full
    /// hours, so ordinary use never meets it).
    pub baishan_day_window: RateWindow,
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
        SimLimits {
            baidu_cdn: VendorSimLimits::seeded(Vendor::BaiduCdn),
            baidu_geo: VendorSimLimits::seeded(Vendor::BaiduGeo),
            baishan: VendorSimLimits::seeded(Vendor::Baishan),
            baishan_short_window: RateWindow {
                requests: seed::BAISHAN_REQUESTS_PER_SHORT_WINDOW,
                window: Duration::from_millis(seed::BAISHAN_SHORT_WINDOW_MS),
            },
            baishan_minute_window: RateWindow {
                requests: seed::BAISHAN_PER_MINUTE,
                window: Duration::from_secs(60),
            },
            baishan_hour_window: RateWindow {
                requests: 60 * seed::BAISHAN_PER_MINUTE,
                window: Duration::from_secs(3_600),
            },
            baishan_day_window: RateWindow {
                requests: 24 * 60 * seed::BAISHAN_PER_MINUTE,
                window: Duration::from_secs(86_400),
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
    /// Answer in the shapes the vendors' documents show rather than the ones their SDKs
    /// expect: Baidu CDN running records say `in-process` (the seed's example) instead of
    /// `in-progress`, CDN prefetch records carry their end as `finshedAt`, Baidu final statuses
    /// are capitalised (`Completed`, `Failed`), every other Baidu record's `task` is a
    /// one-element list, and Baishan's `page_number` is a string on both status queries.
    /// Off by default (what Baidu's Python SDK expects).
    pub quirks: bool,
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
            quirks: false,
        }
    }
}
