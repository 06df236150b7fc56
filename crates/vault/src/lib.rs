//! What the desktop app and the `cachedesk` command share with the operating system: the
//! credentials of each profile in the OS keyring, and the folder where profiles and history live.

mod data_dir;
mod keyring_error;
mod stored;

pub use data_dir::{data_dir_from, default_data_dir, DATA_DIR_ENV};

use cachedesk_core::{Credentials, Error, Result};
use keyring::Entry;

/// The keyring service every CacheDesk entry is filed under (the app's identifier).
pub const SERVICE: &str = "app.cachedesk.desktop";

/// The OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows),
/// holding one entry per profile id.
#[derive(Debug, Clone)]
pub struct Vault {
    service: String,
}

impl Default for Vault {
    fn default() -> Vault {
        Vault::new(SERVICE)
    }
}

impl Vault {
    pub fn new(service: impl Into<String>) -> Vault {
        Vault {
            service: service.into(),
        }
    }

    /// Saves (or replaces) the credentials of one profile.
    pub fn store(&self, profile_id: &str, credentials: &Credentials) -> Result<()> {
        let json = stored::to_json(credentials);
        self.entry(profile_id)?
            .set_password(json.expose())
            .map_err(keyring_error::to_error)
    }

    /// The credentials saved for one profile; `Error::NotFound` when there are none.
    pub fn load(&self, profile_id: &str) -> Result<Credentials> {
        match self.entry(profile_id)?.get_password() {
            Ok(json) => stored::from_json(&json),
            Err(keyring::Error::NoEntry) => Err(Error::NotFound(format!(
                "no credentials saved in the system keyring for profile {profile_id}"
            ))),
            Err(e) => Err(keyring_error::to_error(e)),
        }
    }

    /// Removes the credentials of one profile. Returns whether there were any.
    pub fn delete(&self, profile_id: &str) -> Result<bool> {
        match self.entry(profile_id)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(keyring_error::to_error(e)),
        }
    }

    fn entry(&self, profile_id: &str) -> Result<Entry> {
        if profile_id.trim().is_empty() {
            return Err(Error::Internal("a keyring entry needs a profile id".into()));
        }
        Entry::new(&self.service, profile_id).map_err(keyring_error::to_error)
    }
}
