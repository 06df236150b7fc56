//! Fixtures for the tests of this crate and of the crates above it (feature `testing`).

use crate::{Profile, ProfileId};
use cachedesk_core::Vendor;
use chrono::Utc;

/// A live Baidu CDN profile named "site" covering `domains`, as a test builds it without a
/// database.
pub fn profile(id: i64, domains: &[&str], batch_size: Option<u32>) -> Profile {
    Profile {
        id: ProfileId(id),
        uuid: "00000000-0000-4000-8000-000000000000".into(),
        legacy_key: None,
        name: "site".into(),
        vendor: Vendor::BaiduCdn,
        endpoint: None,
        site: None,
        domains: domains.iter().map(|d| d.to_string()).collect(),
        batch_size,
        concurrency: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        deleted_at: None,
    }
}
