//! One simulated vendor: its account, faults, clock and task store.

use crate::config::{SimConfig, VendorSimLimits};
use crate::faults::{FaultState, Faults};
use crate::reply::Dialect;
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

    pub fn set_faults(&self, faults: Faults) {
        self.faults.set(faults);
    }

    /// Whether `host` is one of the account's accelerated domains.
    pub fn serves_domain(&self, host: &str) -> bool {
        self.config
            .domains
            .iter()
            .any(|d| d.eq_ignore_ascii_case(host))
    }
}
