use cachedesk_core::{Quota, Secret, Vendor};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct AppInfo {
    pub version: String,
    /// Folder holding the database and the preferences (read-only in the UI).
    pub data_dir: String,
    /// The OS locale, e.g. "zh-CN" or "en-US"; null when unknown.
    pub os_locale: Option<String>,
}

/// What the profile form sends; secrets only ever travel this way, never back.
#[derive(Clone, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Credentials {
    AccessKeys {
        access_key: String,
        secret_key: String,
    },
    Token {
        token: String,
    },
}

impl From<Credentials> for cachedesk_core::Credentials {
    fn from(c: Credentials) -> Self {
        match c {
            Credentials::AccessKeys {
                access_key,
                secret_key,
            } => cachedesk_core::Credentials::AccessKey {
                access_key_id: access_key.trim().to_owned(),
                secret_access_key: Secret::new(secret_key.trim()),
            },
            Credentials::Token { token } => {
                cachedesk_core::Credentials::Token(Secret::new(token.trim()))
            }
        }
    }
}

#[derive(Clone, Serialize, Deserialize, Type)]
pub struct ProfileInput {
    /// null creates a new profile
    pub id: Option<String>,
    pub name: String,
    pub vendor: Vendor,
    pub endpoint: Option<String>,
    pub site: Option<String>,
    pub domains: Vec<String>,
    pub batch_size: Option<u32>,
    /// null keeps the stored credentials
    pub credentials: Option<Credentials>,
}

impl ProfileInput {
    /// The engine's draft, as typed (the desk trims it; an update keeps the stored
    /// concurrency, which the form does not show).
    pub fn draft(&self) -> cachedesk_engine::ProfileDraft {
        cachedesk_engine::ProfileDraft {
            name: self.name.clone(),
            vendor: self.vendor,
            endpoint: self.endpoint.clone(),
            site: self.site.clone(),
            domains: self.domains.clone(),
            batch_size: self.batch_size,
            concurrency: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ConnectionCheck {
    pub checked_at: DateTime<Utc>,
    pub quota: Option<Quota>,
}
