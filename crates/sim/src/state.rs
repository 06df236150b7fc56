//! One simulated vendor: its account, faults, clock and task store.

use crate::config::{SimConfig, VendorSimLimits};
use crate::faults::{FaultState, Faults};
use crate::reply::Dialect;
use crate::requests::{RequestKind, Requests};
use crate::store::{IdStyle, Store};
use cachedesk_core::Vendor;
use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Debug)]
pub struct VendorState {
    pub vendor: Vendor,
    pub config: Arc<SimConfig>,
    pub faults: FaultState,
    store: Mutex<Store>,
    requests: Mutex<Requests>,
}

impl VendorState {
    pub fn new(vendor: Vendor, config: Arc<SimConfig>) -> Self {
        let (style, purge_queues) = match vendor {
            Vendor::Baishan => (IdStyle::Digits, true),
            Vendor::BaiduCdn | Vendor::BaiduGeo => (IdStyle::Hex, false),
        };
        VendorState {
            vendor,
            faults: FaultState::new(config.faults.clone()),
            store: Mutex::new(Store::new(style, config.speed, purge_queues)),
            requests: Mutex::default(),
            config,
        }
    }

    /// The server's clock, skewed when a fault says so.
    pub fn now(&self) -> DateTime<Utc> {
        let now = Utc::now();
        now.checked_add_signed(self.faults.clock_skew())
            .unwrap_or(now)
    }

    pub fn dialect(&self) -> Dialect {
        if self.vendor.uses_access_keys() {
            Dialect::Bce
        } else {
            Dialect::Baishan
        }
    }

    pub fn limits(&self) -> VendorSimLimits {
        self.config.limits.for_vendor(self.vendor)
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn record_request(&self, kind: RequestKind, status: u16) {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .add(kind, status);
    }

    pub fn requests(&self) -> Requests {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        self.faults.set(faults);
    }

    /// Answers in the documents' shapes rather than the SDKs' (`SimConfig::quirks`).
    pub fn quirks(&self) -> bool {
        self.config.quirks
    }

    /// The newest creation time a range listing shows (`Faults::listing_delay` before `now`).
    pub fn listed_until(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        chrono::Duration::from_std(self.faults.listing_delay())
            .ok()
            .and_then(|d| now.checked_sub_signed(d))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// Whether `host` (as `url` parses it: lower-case, punycode) is one of the account's
    /// accelerated domains, which may be configured in Unicode.
    pub fn serves_domain(&self, host: &str) -> bool {
        self.config.domains.iter().any(|d| {
            d.eq_ignore_ascii_case(host)
                || url::quirks::domain_to_ascii(d).eq_ignore_ascii_case(host)
        })
    }
}
