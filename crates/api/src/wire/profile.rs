use crate::Secrets;
use cachedesk_core::Vendor;
use cachedesk_engine as engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A live profile as both doors show it: the app's profile list and form,
/// `cachedesk profile list --json` and `profile show --json`. Secrets are never part of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Profile {
    pub id: String,
    /// The key of its keyring entry: stable across databases, unlike `id`.
    pub uuid: String,
    pub name: String,
    pub vendor: Vendor,
    /// null = the vendor's default endpoint
    pub endpoint: Option<String>,
    /// Baidu GEO site; null for the other vendors
    pub site: Option<String>,
    /// hostnames this profile covers, e.g. "www.example.com" or "*.example.com"
    pub domains: Vec<String>,
    /// null = the vendor's per-request limit
    pub batch_size: Option<u32>,
    /// Submit requests in flight at once; null = the engine's default.
    pub concurrency: Option<u32>,
    /// Whether credentials can be had for it now (environment, demo account or keyring).
    pub has_credentials: bool,
    /// true for the profiles the app's demo made (they talk to the simulator)
    pub demo: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Profile {
    /// The profile with what this door's secrets say about its credentials.
    pub fn new(profile: engine::Profile, secrets: &Secrets) -> Profile {
        Profile {
            has_credentials: secrets.has_credentials(&profile),
            demo: secrets.demo().contains(&profile),
            id: profile.id.to_string(),
            uuid: profile.uuid,
            name: profile.name,
            vendor: profile.vendor,
            endpoint: profile.endpoint,
            site: profile.site,
            domains: profile.domains,
            batch_size: profile.batch_size,
            concurrency: profile.concurrency,
            created_at: profile.created_at,
            updated_at: profile.updated_at,
        }
    }
}
